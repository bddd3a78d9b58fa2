//! A worker thread with a deadline: the one way the pipeline runs work that
//! might hang or panic on a hostile input.
//!
//! In: a closure and a time budget. Out: its result, or a [`ReadErrorKind`]
//! saying it timed out or panicked (the panic's message as text). A worker
//! past its budget is abandoned: its result is dropped when it comes.

use crate::error::{ReadError, ReadErrorKind};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
