//! Tuning glibc's allocator: calls in, nothing out. How many arenas the
//! threads of a process share, and handing freed pages back to the system
//! between stages. Off glibc every call does nothing.

/// Hands the pages the allocator holds free back to the system. glibc keeps
/// freed memory for reuse, and a stage that builds and drops many small
/// rows (parsing a file, deriving the ledger) leaves its pages scattered
/// among the rows that stay: at 10,000 reports about 90 MB of the peak was
/// such free memory. Called between stages; elsewhere it does nothing.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists, under its own
    // locks; it takes no pointer and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Reading threads per glibc allocator arena. glibc gives each thread that
/// allocates under contention an arena of its own (up to eight per core),
/// and each arena keeps its own scattered free pages. On a 2-core machine,
/// one arena for both reading threads cost no CPU (47.2 against 47.1 CPU-s
/// at 10,000 reports) and lowered the peak from 214 to 185 MB; more threads
/// per arena than this were not measured, so larger pools keep some.
pub const READING_THREADS_PER_ARENA: usize = 4;

/// Caps glibc's arenas for a pool of `threads` reading threads (see
/// [`READING_THREADS_PER_ARENA`]). Call before the pool allocates;
/// elsewhere it does nothing.
pub fn limit_allocator_arenas(threads: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let arenas = threads.div_ceil(READING_THREADS_PER_ARENA).max(1);
        let arenas = libc::c_int::try_from(arenas).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets one of glibc's tuning values, under its
        // own lock; a refused value leaves the default in place.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = threads;
}
