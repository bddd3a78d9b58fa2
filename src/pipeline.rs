//! The whole job: inputs → documents → parts → reports → ledger.
//!
//! Files are read and parsed in parallel (rayon, input order kept); one bad
//! file becomes an `error` diagnostic and a line on stderr while every other
//! file is still converted. Reconciling and writing are sequential.
//!
//! Limits: a file larger than [`Limits::max_size`] is not read; reading and
//! parsing one file runs on a worker thread bounded by [`Limits::timeout`]
//! (text and PDF alike), and a panic there is caught and reported as an
//! `internal_error` for that file. Only each file's parsed [`Part`] is kept:
//! its bytes and document are dropped as soon as it is parsed.

use crate::error::{Error, ReadError, ReadErrorKind};
use crate::layout::Document;
use crate::model::{Diagnostic, Part, Report, Severity};
use crate::parse::parse_document;
use crate::read::{pdf::read_pdf, text::read_text};
use crate::reconcile::build_reports;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Limits that keep one file from taking the run down.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_size: u64,
    /// Time one file may take to read.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_size: 64 * 1024 * 1024,
            timeout: Duration::from_secs(60),
        }
    }
}

/// What a convert produced.
pub struct Converted {
    /// Reports by month.
    pub reports: Vec<Report>,
    /// Diagnostics that belong to no report (unreadable files).
    pub orphans: Vec<Diagnostic>,
    /// Files that could not be read.
    pub failed: Vec<ReadError>,
}

/// The files to read, and what was noticed while finding them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Warnings about the folders walked (a folder reached twice, through a
    /// symbolic-link loop, is skipped).
    pub notes: Vec<Diagnostic>,
}

/// Expands the command line's inputs: files as given, folders recursively
/// (`.pdf` and `.txt` files, sorted; symbolic-link loops are skipped).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    gather_inputs(inputs).map(|i| i.files)
}

/// Like [`collect_inputs`], keeping a warning for each folder skipped because a
/// symbolic link leads back to a folder already read.
pub fn gather_inputs(inputs: &[PathBuf]) -> Result<Inputs, Error> {
    let mut out = Inputs::default();
    let mut seen = BTreeSet::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out, &mut seen);
        } else if input.exists() || input.symlink_metadata().is_ok() {
            out.files.push(input.clone());
        } else {
            return Err(Error::MissingInput(input.clone()));
        }
    }
    Ok(out)
}

/// Walks a folder, following links but never into a folder twice.
fn walk(dir: &Path, out: &mut Inputs, seen: &mut BTreeSet<PathBuf>) {
    let Ok(canon) = dir.canonicalize() else {
        out.files.push(dir.to_path_buf()); // reported as unreadable when read
        return;
    };
    if !seen.insert(canon) {
        out.notes.push(link_loop_note(dir));
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.files.push(dir.to_path_buf()); // reported as unreadable when read
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, seen);
        } else if has_report_extension(&p) {
            out.files.push(p);
        }
    }
}

/// The warning for a folder reached a second time: through a symbolic link that
/// leads back to a folder already read, or named twice on the command line.
fn link_loop_note(link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| format!("-> {}", t.display()))
        .unwrap_or_default();
    Diagnostic {
        source: link.to_string_lossy().into_owned(),
        page: None,
        line: None,
        severity: Severity::Warning,
        code: "link_loop".into(),
        message: "this folder was already read (a symbolic-link loop, or named twice); skipped"
            .into(),
        text: target,
    }
}

/// `.pdf` or `.txt`, any case.
fn has_report_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("txt"))
}

/// Reads one file into a document, whatever it is.
pub fn read_document(path: &Path, limits: Limits) -> Result<Document, ReadError> {
    let source = path.to_string_lossy().into_owned();
    let meta = std::fs::metadata(path)
        .map_err(|e| ReadError::new(&source, ReadErrorKind::Io(e.to_string())))?;
    if meta.is_dir() {
        return Err(ReadError::new(
            &source,
            ReadErrorKind::Io("is a folder that cannot be listed".into()),
        ));
    }
    if meta.len() > limits.max_size {
        return Err(ReadError::new(
            &source,
            ReadErrorKind::TooLarge {
                size: meta.len(),
                limit: limits.max_size,
            },
        ));
    }
    let bytes = read_at_most(path, limits.max_size).map_err(|e| {
        let changed = e.get_ref().is_some_and(|i| i.is::<ChangedWhileReading>());
        let kind = if changed {
            ReadErrorKind::ChangedWhileReading
        } else {
            ReadErrorKind::Io(e.to_string())
        };
        ReadError::new(&source, kind)
    })?;
    if bytes.len() as u64 > limits.max_size {
        // a file that grew, or no regular file at all (`/dev/zero`, a pipe)
        return Err(ReadError::new(
            &source,
            ReadErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: limits.max_size,
            },
        ));
    }
    if bytes.is_empty() {
        return Err(ReadError::new(&source, ReadErrorKind::Empty));
    }
    // what the bytes are decides, not the name: a text saved as `.pdf` is read as text
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        read_pdf(&source, &bytes, limits.timeout)
    } else {
        read_text(&source, &bytes)
    }
}

/// Reads a file's bytes, stopping one byte past `limit` (so memory stays bounded
/// whatever the file is). A regular file whose size or modification time moved
/// while it was read (truncated or rewritten under us) is an error, never a
/// silently partial reading.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let before = file.metadata()?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let after = file.metadata()?;
    if before.is_file() && !same_version(&before, &after, bytes.len() as u64, limit) {
        return Err(std::io::Error::other(ChangedWhileReading));
    }
    Ok(bytes)
}

/// The marker inside the I/O error of a file that changed while it was read.
#[derive(Debug)]
struct ChangedWhileReading;

impl std::fmt::Display for ChangedWhileReading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file changed while it was read")
    }
}

impl std::error::Error for ChangedWhileReading {}

/// True when a regular file read whole (or up to one byte past `limit`) was not
/// changed while it was read.
fn same_version(
    before: &std::fs::Metadata,
    after: &std::fs::Metadata,
    read: u64,
    limit: u64,
) -> bool {
    let complete = read == before.len() || read > limit;
    complete && before.len() == after.len() && before.modified().ok() == after.modified().ok()
}

/// Reads and parses one file within the time budget (`limits.timeout`).
///
/// The work runs on a worker thread; when the budget runs out the worker is
/// abandoned (it finishes in the background and its result is dropped) and
/// the file is a [`ReadErrorKind::Timeout`]. A reading that completes after
/// the budget is a timeout too. A panic in the worker is caught and becomes
/// [`ReadErrorKind::Internal`].
pub fn ingest(path: &Path, limits: Limits) -> Result<Part, ReadError> {
    let source = path.to_string_lossy().into_owned();
    let owned = path.to_path_buf();
    with_budget(&source, limits.timeout, move || ingest_now(&owned, limits))
}

/// Stack size of the per-file worker (the parsers recurse little; PDFs get
/// their own worker in [`read_pdf`]).
const FILE_WORKER_STACK: usize = 16 * 1024 * 1024;

/// Runs `work` on a worker thread and waits at most `budget` for it.
fn with_budget<T: Send + 'static>(
    source: &str,
    budget: Duration,
    work: impl FnOnce() -> Result<T, ReadError> + Send + 'static,
) -> Result<T, ReadError> {
    let start = Instant::now();
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("modledger-file".into())
        .stack_size(FILE_WORKER_STACK)
        .spawn(move || {
            let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(work)));
        });
    let worker = match spawned {
        Ok(w) => w,
        Err(e) => {
            return Err(ReadError::new(
                source,
                ReadErrorKind::Io(format!("cannot start a worker thread: {e}")),
            ))
        }
    };
    let received = rx.recv_timeout(budget);
    if received.is_ok() {
        // it has sent its result and is ending: wait, so no thread outlives the call
        let _ = worker.join();
    }
    let timeout = || ReadError::new(source, ReadErrorKind::Timeout(budget));
    match received {
        Ok(Ok(Ok(_))) if start.elapsed() > budget => Err(timeout()),
        Ok(Ok(result)) => result,
        Ok(Err(p)) => Err(ReadError::new(
            source,
            ReadErrorKind::Internal(panic_text(&*p)),
        )),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(timeout()),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ReadError::new(
            source,
            ReadErrorKind::Internal("the worker stopped without a result".into()),
        )),
    }
}

/// A panic payload as text.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Reads and parses one file on the current thread; the document is dropped
/// once parsed, only the part is kept.
fn ingest_now(path: &Path, limits: Limits) -> Result<Part, ReadError> {
    let doc = read_document(path, limits)?;
    let part = parse_document(&doc);
    if part.observations.is_empty() && part.assessments.is_empty() && part.timescales.is_empty() {
        let mut why = String::from("no report sections or appendix tables were found");
        for note in &doc.notes {
            why.push_str("; ");
            if let Some(p) = note.page {
                why.push_str(&format!("page {p}: "));
            }
            if let Some(l) = note.line {
                why.push_str(&format!("line {l}: "));
            }
            why.push_str(&note.message);
        }
        return Err(ReadError::new(&doc.source, ReadErrorKind::NotAReport(why)));
    }
    Ok(part)
}

/// A read failure as a diagnostics row.
pub fn error_diagnostic(e: &ReadError) -> Diagnostic {
    Diagnostic {
        source: e.loc.source.clone(),
        page: e.loc.page,
        line: e.loc.line,
        severity: Severity::Error,
        code: error_code(&e.kind).into(),
        message: e.kind.to_string(),
        text: String::new(),
    }
}

/// A stable code per kind of failure.
fn error_code(k: &ReadErrorKind) -> &'static str {
    match k {
        ReadErrorKind::Io(_) => "unreadable_file",
        ReadErrorKind::Empty => "empty_file",
        ReadErrorKind::TooLarge { .. } => "too_large",
        ReadErrorKind::NotAReport(_) => "not_a_report",
        ReadErrorKind::Encrypted => "encrypted_pdf",
        ReadErrorKind::BadPdf(_) => "damaged_pdf",
        ReadErrorKind::NoTextLayer => "no_text_layer",
        ReadErrorKind::Panic(_) => "pdf_library_failure",
        ReadErrorKind::Timeout(_) => "timeout",
        ReadErrorKind::ChangedWhileReading => "changed_while_reading",
        ReadErrorKind::Limit { code, .. } | ReadErrorKind::ReaderDied { code, .. } => code,
        ReadErrorKind::Internal(_) => "internal_error",
    }
}

/// Codes of the warnings about a whole input file (or folder) that are also
/// printed on stderr, one line each.
const FILE_LEVEL_CODES: &[&str] = &[
    "same_part_twice",
    "no_report_date",
    "link_loop",
    "line_cut",
    "page_unreadable",
];

/// Every diagnostic of a convert: each report's, then the orphans.
fn all_diagnostics(converted: &Converted) -> impl Iterator<Item = &Diagnostic> {
    converted
        .reports
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .chain(converted.orphans.iter())
}

/// True when some input could not be read: a whole file, a page of a file
/// whose other pages were read, or a file with no date to place it in a month
/// (its rows are in no report) — exit status 1.
pub fn some_input_unread(converted: &Converted) -> bool {
    !converted.failed.is_empty()
        || all_diagnostics(converted)
            .any(|d| d.code == "page_unreadable" || d.code == "no_report_date")
}

/// The stderr lines for file-level diagnostics of a convert (whole-file read
/// failures are printed from [`Converted::failed`]):
/// `SOURCE[: page N][: line N]: SEVERITY: message`. Warnings only when
/// `warnings` is true; errors always.
pub fn notices(converted: &Converted, warnings: bool) -> Vec<String> {
    let mut lines: Vec<String> = all_diagnostics(converted)
        .filter(|d| FILE_LEVEL_CODES.contains(&d.code.as_str()))
        .filter(|d| d.severity == Severity::Error || (warnings && d.severity == Severity::Warning))
        .map(|d| {
            let loc = crate::error::Location {
                source: d.source.clone(),
                page: d.page,
                line: d.line,
            };
            format!("{loc}: {}: {}", d.severity.as_str(), d.message)
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// Converts files into reports; `progress` is called once per file done.
pub fn convert(paths: &[PathBuf], limits: Limits, progress: &(dyn Fn() + Sync)) -> Converted {
    let results: Vec<Result<Part, ReadError>> = paths
        .par_iter()
        .map(|p| {
            let r = ingest(p, limits);
            progress();
            r
        })
        .collect();
    let mut parts = Vec::new();
    let mut failed = Vec::new();
    let mut orphans = Vec::new();
    for r in results {
        match r {
            Ok(p) => parts.push(p),
            Err(e) => {
                orphans.push(error_diagnostic(&e));
                failed.push(e);
            }
        }
    }
    let reports = build_reports(parts, &mut orphans);
    Converted {
        reports,
        orphans,
        failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_while_it_is_read_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a.pdf");
        std::fs::write(&p, b"0123456789").expect("write");
        let before = std::fs::metadata(&p).expect("stat");
        assert!(same_version(&before, &before, 10, 100));
        // fewer bytes came than the file had: it was cut while being read
        assert!(!same_version(&before, &before, 4, 100));
        // a stream past the limit (`/dev/zero`) is judged by the size limit instead
        assert!(same_version(&before, &before, 101, 100));
        std::fs::write(&p, b"0123").expect("rewrite");
        let after = std::fs::metadata(&p).expect("stat");
        assert!(!same_version(&before, &after, 10, 100));
        assert_eq!(read_at_most(&p, 100).expect("read"), b"0123");
    }
}
