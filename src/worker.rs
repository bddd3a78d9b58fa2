//! Work with a deadline: the one way the pipeline runs work that might
//! hang or panic on a hostile input.
//!
//! In: a closure and a time budget. Out: its result, or a [`ReadErrorKind`]
//! saying it timed out or panicked (the panic's message as text).
//!
//! - [`within_budget`] runs the closure on the calling thread (a thread of
//!   the rayon pool: no thread per file). The work's loops over lines call
//!   [`check_deadline`], which ends the work once the budget has passed; a
//!   result that comes after the budget is a timeout too.
//! - [`with_budget`] runs it on a thread of its own and abandons that thread
//!   past the budget (its result is dropped when it comes): for work whose
//!   loops are not ours, like a PDF library's.

use crate::error::{ReadError, ReadErrorKind};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How many [`check_deadline`] calls read the clock once: loops call it per
/// line, and reading the clock costs more than the rest of the call.
const CHECKS_PER_CLOCK_READ: u32 = 64;

thread_local! {
    /// The deadline of the work running on this thread, if any.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Calls of [`check_deadline`] since the clock was last read.
    static UNCHECKED: Cell<u32> = const { Cell::new(0) };
}

/// What work past its deadline unwinds with (caught by [`within_budget`];
/// `resume_unwind` prints nothing).
struct OutOfTime;

/// Ends the work running under [`within_budget`] on this thread when its
/// deadline has passed (by unwinding to it); does nothing elsewhere. Cheap:
/// the clock is read once every [`CHECKS_PER_CLOCK_READ`] calls.
pub fn check_deadline() {
    let Some(deadline) = DEADLINE.get() else {
        return;
    };
    let n = UNCHECKED.get() + 1;
    if n < CHECKS_PER_CLOCK_READ {
        UNCHECKED.set(n);
        return;
    }
    UNCHECKED.set(0);
    if Instant::now() > deadline {
        DEADLINE.set(None);
        panic::resume_unwind(Box::new(OutOfTime));
    }
}

/// Runs `work` on this thread within `budget`: past it, the next
/// [`check_deadline`] ends the work, and a result that comes after the
/// budget is a timeout too; a panic becomes `on_panic(message)`.
pub fn within_budget<T>(
    source: &str,
    budget: Duration,
    on_panic: fn(String) -> ReadErrorKind,
    work: impl FnOnce() -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let start = Instant::now();
    let outer = DEADLINE.replace(start.checked_add(budget));
    let outer_count = UNCHECKED.replace(0);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    DEADLINE.set(outer);
    UNCHECKED.set(outer_count);
    let fail = |kind| ReadError::new(source, kind);
    match outcome {
        Ok(_) if start.elapsed() > budget => Err(fail(ReadErrorKind::Timeout(budget))),
        Ok(result) => result,
        Err(p) if p.is::<OutOfTime>() => Err(fail(ReadErrorKind::Timeout(budget))),
        Err(p) => Err(fail(on_panic(panic_text(&*p)))),
    }
}

/// Stack size of a per-file worker: the parsers recurse little, but a PDF's
/// nested objects make the PDF library recurse deeply.
pub const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on a worker thread named `name` and waits at most `budget`
/// for it. A result that comes after the budget is a timeout too; a panic
/// becomes `on_panic(message)`.
pub fn with_budget<T: Send + 'static>(
    source: &str,
    name: &str,
    budget: Duration,
    on_panic: fn(String) -> ReadErrorKind,
    work: impl FnOnce() -> Result<T, ReadError> + Send + 'static,
) -> Result<T, ReadError> {
    let start = Instant::now();
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(work)));
        });
    let worker = spawned.map_err(|e| {
        ReadError::new(
            source,
            ReadErrorKind::Io(format!("cannot start a worker thread: {e}")),
        )
    })?;
    let received = rx.recv_timeout(budget);
    if received.is_ok() {
        // it has sent its result and is ending: wait, so no thread outlives the call
        let _ = worker.join();
    }
    let fail = |kind| ReadError::new(source, kind);
    match received {
        Ok(Ok(Ok(_))) if start.elapsed() > budget => Err(fail(ReadErrorKind::Timeout(budget))),
        Ok(Ok(result)) => result,
        Ok(Err(p)) => Err(fail(on_panic(panic_text(&*p)))),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(fail(ReadErrorKind::Timeout(budget))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(fail(ReadErrorKind::Internal(
            "the worker stopped without a result".into(),
        ))),
    }
}

/// A panic payload as text.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_on_this_thread_returns_runs_out_of_time_or_reports_its_panic() {
        let quick = within_budget("f", Duration::from_secs(5), ReadErrorKind::Internal, || {
            check_deadline();
            Ok(7)
        });
        assert_eq!(quick, Ok(7));
        let checks = Cell::new(0u64);
        let endless: Result<(), _> = within_budget(
            "f",
            Duration::from_millis(20),
            ReadErrorKind::Internal,
            || loop {
                checks.set(checks.get() + 1);
                check_deadline();
            },
        );
        assert_eq!(
            endless.map_err(|e| e.kind),
            Err(ReadErrorKind::Timeout(Duration::from_millis(20)))
        );
        let checks = checks.get();
        assert!(checks > u64::from(CHECKS_PER_CLOCK_READ), "{checks}");
        let late = within_budget(
            "f",
            Duration::from_millis(5),
            ReadErrorKind::Internal,
            || {
                std::thread::sleep(Duration::from_millis(30));
                Ok(1)
            },
        );
        assert_eq!(
            late.map_err(|e| e.kind),
            Err(ReadErrorKind::Timeout(Duration::from_millis(5)))
        );
        let boom: Result<u8, _> =
            within_budget("f", Duration::from_secs(5), ReadErrorKind::Panic, || {
                panic!("boom")
            });
        assert_eq!(
            boom.map_err(|e| e.kind),
            Err(ReadErrorKind::Panic("boom".into()))
        );
        // outside any budget the check does nothing
        for _ in 0..1000 {
            check_deadline();
        }
    }

    #[test]
    fn a_worker_returns_times_out_or_reports_its_panic() {
        let quick = with_budget(
            "f",
            "t",
            Duration::from_secs(5),
            ReadErrorKind::Internal,
            || Ok(7),
        );
        assert_eq!(quick, Ok(7));
        let slow = with_budget(
            "f",
            "t",
            Duration::from_millis(20),
            ReadErrorKind::Internal,
            || {
                std::thread::sleep(Duration::from_millis(300));
                Ok(1)
            },
        );
        assert_eq!(
            slow.map_err(|e| e.kind),
            Err(ReadErrorKind::Timeout(Duration::from_millis(20)))
        );
        let boom: Result<u8, _> = with_budget(
            "f",
            "t",
            Duration::from_secs(5),
            ReadErrorKind::Panic,
            || panic!("boom"),
        );
        assert_eq!(
            boom.map_err(|e| e.kind),
            Err(ReadErrorKind::Panic("boom".into()))
        );
    }
}
