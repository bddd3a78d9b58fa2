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
use crate::read::ocr::{ocr_document, OcrMode, Progress};
use crate::read::scan::{scan_pages, ScanPage};
use crate::read::{pdf::read_pdf, text::read_text, wordbox};
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
    /// Time one file may take to read (and each OCR'd page on its own).
    pub timeout: Duration,
    /// Which PDF pages are read by OCR.
    pub ocr: OcrMode,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_size: 64 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            ocr: OcrMode::Auto,
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

/// Expands the command line's inputs: files as given (`-` is standard
/// input), folders recursively (`.pdf`, `.txt`, `.tsv` and `.hocr` files,
/// sorted; symbolic-link loops are skipped).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    gather_inputs(inputs).map(|i| i.files)
}

/// Like [`collect_inputs`], keeping a warning for each folder skipped because a
/// symbolic link leads back to a folder already read.
pub fn gather_inputs(inputs: &[PathBuf]) -> Result<Inputs, Error> {
    let mut out = Inputs::default();
    let mut seen = BTreeSet::new();
    for input in inputs {
        if input.as_os_str() == STDIN {
            out.files.push(input.clone());
        } else if input.is_dir() {
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

/// The file-name endings a folder's report files have, any case: PDF, text,
/// and OCR word boxes (tesseract's TSV and hOCR).
const REPORT_EXTENSIONS: [&str; 4] = ["pdf", "txt", "tsv", "hocr"];

/// True for a name ending in one of [`REPORT_EXTENSIONS`].
fn has_report_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A file read, and the pages of it that OCR still has to read.
pub struct Reading {
    /// The document (a scanned PDF's has no lines yet).
    pub doc: Document,
    /// Pages to OCR, with the PDF they are in; empty when none.
    pub scans: Vec<ScanPage>,
    /// The PDF's bytes, kept only when there are pages to OCR.
    pub pdf: Vec<u8>,
}

/// The name standard input is given as an input (`-`).
pub const STDIN: &str = "-";

/// Reads one file into a document, whatever it is (PDF pages without text
/// OCR'd on this thread).
pub fn read_document(path: &Path, limits: Limits) -> Result<Document, ReadError> {
    let reading = read_input(path, limits)?;
    finish_reading(reading, limits, &|_| {})
}

/// Reads one input (a file, or `-` for standard input): its bytes, and what
/// they are (not what the name says) decides how.
pub fn read_input(path: &Path, limits: Limits) -> Result<Reading, ReadError> {
    let source = path.to_string_lossy().into_owned();
    let bytes = if source == STDIN {
        read_stdin(limits.max_size).map_err(|kind| ReadError::new(&source, kind))?
    } else {
        read_file(&source, path, limits.max_size)?
    };
    if bytes.is_empty() {
        return Err(ReadError::new(&source, ReadErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return read_pdf_reading(&source, bytes, limits);
    }
    let doc = read_text(&source, &bytes)?;
    Ok(Reading {
        doc: word_boxes_or_text(doc, &bytes)?,
        scans: Vec::new(),
        pdf: Vec::new(),
    })
}

/// A text document, unless its text is word boxes (tesseract's or
/// pdftotext's TSV, or hOCR), which are read by position instead.
fn word_boxes_or_text(doc: Document, bytes: &[u8]) -> Result<Document, ReadError> {
    let text = crate::read::text::decode(bytes);
    let parsed = if wordbox::looks_like_tsv(&text) {
        wordbox::parse_tsv(&text)
    } else if wordbox::looks_like_hocr(&text) {
        wordbox::parse_hocr(&text)
    } else {
        return Ok(doc);
    };
    let rec = parsed
        .map_err(|e| ReadError::new(&doc.source, ReadErrorKind::NotAReport(e.to_string())))?;
    Ok(wordbox::document(&doc.source, &rec))
}

/// A PDF's text layer, and the pages OCR must read: with `--ocr auto` the
/// pages that gave no text and show an image, with `always` every page.
fn read_pdf_reading(source: &str, bytes: Vec<u8>, limits: Limits) -> Result<Reading, ReadError> {
    let text_layer = match limits.ocr {
        OcrMode::Always => None,
        _ => Some(read_pdf(source, &bytes, limits.timeout)),
    };
    let doc = match text_layer {
        Some(Ok(doc)) => doc,
        Some(Err(e)) if e.kind != ReadErrorKind::NoTextLayer || limits.ocr == OcrMode::Never => {
            return Err(e)
        }
        _ => Document {
            source: source.to_string(),
            kind: crate::layout::SourceKind::Pdf,
            pages: 0,
            positional: true,
            lines: Vec::new(),
            rulings: Vec::new(),
            notes: Vec::new(),
        },
    };
    if limits.ocr == OcrMode::Never {
        return Ok(Reading {
            doc,
            scans: Vec::new(),
            pdf: Vec::new(),
        });
    }
    let scans = pages_to_ocr(source, &bytes, &doc, limits.ocr)?;
    let mut doc = doc;
    if let Some(last) = scans.iter().map(|s| s.page).max() {
        doc.pages = doc.pages.max(last);
    }
    let pdf = if scans.is_empty() { Vec::new() } else { bytes };
    Ok(Reading { doc, scans, pdf })
}

/// The pages of a PDF that OCR reads (see [`read_pdf_reading`]); a PDF with
/// no text and nothing to OCR is [`ReadErrorKind::NoTextLayer`].
fn pages_to_ocr(
    source: &str,
    bytes: &[u8],
    doc: &Document,
    mode: OcrMode,
) -> Result<Vec<ScanPage>, ReadError> {
    let with_text: BTreeSet<u32> = doc.lines.iter().map(|l| l.page).collect();
    let all =
        scan_pages(bytes, None).map_err(|e| ReadError::new(source, ReadErrorKind::BadPdf(e)))?;
    let scans: Vec<ScanPage> = all
        .into_iter()
        .filter(|p| mode == OcrMode::Always || (p.draws_image && !with_text.contains(&p.page)))
        .collect();
    if scans.is_empty() && doc.lines.is_empty() {
        return Err(ReadError::new(source, ReadErrorKind::NoTextLayer));
    }
    Ok(scans)
}

/// OCRs a reading's scanned pages, if any, into its document. A file whose
/// only pages were scans none of which could be OCR'd is an error.
pub fn finish_reading(
    reading: Reading,
    limits: Limits,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Document, ReadError> {
    if reading.scans.is_empty() {
        return Ok(reading.doc);
    }
    let source = reading.doc.source.clone();
    let had_text = !reading.doc.lines.is_empty() && limits.ocr != OcrMode::Always;
    let io = |e: std::io::Error| ReadError::new(&source, ReadErrorKind::Io(e.to_string()));
    let mut pdf = tempfile::Builder::new()
        .prefix("modledger-scan-")
        .suffix(".pdf")
        .tempfile()
        .map_err(io)?;
    std::io::Write::write_all(&mut pdf, &reading.pdf).map_err(io)?;
    let (doc, read) = ocr_document(
        reading.doc,
        pdf.path(),
        &reading.scans,
        limits.timeout,
        progress,
    );
    if read == 0 && !had_text {
        let first = doc.notes.iter().find(|n| n.code.starts_with("ocr_"));
        let why = first.map(|n| n.message.clone()).unwrap_or_default();
        let kind = if first.is_some_and(|n| n.code == "ocr_unavailable") {
            ReadErrorKind::OcrUnavailable(why)
        } else {
            ReadErrorKind::OcrFailed(why)
        };
        return Err(ReadError::new(&source, kind));
    }
    Ok(doc)
}

/// Reads a file's bytes within the size limit.
fn read_file(source: &str, path: &Path, max_size: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| ReadError::new(source, ReadErrorKind::Io(e.to_string())))?;
    if meta.is_dir() {
        return Err(ReadError::new(
            source,
            ReadErrorKind::Io("is a folder that cannot be listed".into()),
        ));
    }
    if meta.len() > max_size {
        return Err(ReadError::new(
            source,
            ReadErrorKind::TooLarge {
                size: meta.len(),
                limit: max_size,
            },
        ));
    }
    let bytes = read_at_most(path, max_size)
        .map_err(|e| ReadError::new(source, ReadErrorKind::Io(e.to_string())))?;
    if bytes.len() as u64 > max_size {
        // a file that grew, or no regular file at all (`/dev/zero`, a pipe)
        return Err(ReadError::new(
            source,
            ReadErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: max_size,
            },
        ));
    }
    Ok(bytes)
}

/// Standard input's bytes, read once for the whole run (`-` named twice
/// reads the same bytes) and no further than one byte past `max_size`.
fn read_stdin(max_size: u64) -> Result<Vec<u8>, ReadErrorKind> {
    use std::io::Read;
    static STDIN_BYTES: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();
    let read = STDIN_BYTES.get_or_init(|| {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| e.to_string())
    });
    match read {
        Ok(b) if b.len() as u64 > max_size => Err(ReadErrorKind::TooLarge {
            size: b.len() as u64,
            limit: max_size,
        }),
        Ok(b) => Ok(b.clone()),
        Err(e) => Err(ReadErrorKind::Io(e.clone())),
    }
}

/// Reads a file's bytes, stopping one byte past `limit` (so memory stays bounded
/// whatever the file is).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads and parses one file within the time budget (`limits.timeout`).
///
/// The work runs on a worker thread; when the budget runs out the worker is
/// abandoned (it finishes in the background and its result is dropped) and
/// the file is a [`ReadErrorKind::Timeout`]. A reading that completes after
/// the budget is a timeout too. A panic in the worker is caught and becomes
/// [`ReadErrorKind::Internal`]. Pages read by OCR are not counted in the
/// file's budget: each has a budget of the same length of its own.
pub fn ingest(path: &Path, limits: Limits) -> Result<Part, ReadError> {
    ingest_with_progress(path, limits, &|_| {})
}

/// [`ingest`], telling `progress` about the pages it OCRs.
pub fn ingest_with_progress(
    path: &Path,
    limits: Limits,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Part, ReadError> {
    let source = path.to_string_lossy().into_owned();
    let owned = path.to_path_buf();
    let start = Instant::now();
    let budget = limits.timeout;
    let reading = with_budget(&source, budget, budget, move || read_input(&owned, limits))?;
    let left = budget.saturating_sub(start.elapsed());
    // OCR runs here, on the pool's threads, outside the file's own budget
    let doc = finish_reading(reading, limits, progress)?;
    with_budget(&source, left, budget, move || parse_checked(doc))
}

/// Stack size of the per-file worker (the parsers recurse little; PDFs get
/// their own worker in [`read_pdf`]).
const FILE_WORKER_STACK: usize = 16 * 1024 * 1024;

/// Runs `work` on a worker thread and waits at most `budget` for it (a
/// timeout names the file's whole budget, `reported`).
fn with_budget<T: Send + 'static>(
    source: &str,
    budget: Duration,
    reported: Duration,
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
    let timeout = || ReadError::new(source, ReadErrorKind::Timeout(reported));
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

/// Parses a document; the document is dropped once parsed, only the part
/// is kept. A document that holds no report is an error.
fn parse_checked(doc: Document) -> Result<Part, ReadError> {
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
        ReadErrorKind::OcrUnavailable(_) => "ocr_unavailable",
        ReadErrorKind::OcrFailed(_) => "ocr_failed",
        ReadErrorKind::Panic(_) => "pdf_library_failure",
        ReadErrorKind::Timeout(_) => "timeout",
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
    "ocr_unavailable",
    "ocr_failed",
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
        || all_diagnostics(converted).any(|d| {
            matches!(
                d.code.as_str(),
                "page_unreadable" | "no_report_date" | "ocr_unavailable" | "ocr_failed"
            )
        })
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

/// Converts files into reports; `progress` hears of each file done and of
/// each page OCR'd.
pub fn convert(
    paths: &[PathBuf],
    limits: Limits,
    progress: &(dyn Fn(Progress) + Sync),
) -> Converted {
    let results: Vec<Result<Part, ReadError>> = paths
        .par_iter()
        .map(|p| {
            let r = ingest_with_progress(p, limits, progress);
            progress(Progress::File);
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
