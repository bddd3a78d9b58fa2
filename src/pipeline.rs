//! The whole job: inputs → documents → parts → reports → ledger.
//!
//! Files are read and parsed in parallel (rayon, input order kept); one bad
//! file becomes an `error` diagnostic and a line on stderr while every other
//! file is still converted. Reconciling and writing are sequential.
//!
//! Limits: a file larger than [`Limits::max_size`] is not read; reading and
//! parsing one file is bounded by [`Limits::timeout`] (text and PDF alike;
//! on the pool's thread, with a deadline its loops check), and a panic there
//! is caught and reported as an `internal_error` for that file. Only each file's parsed [`Part`] is kept:
//! its bytes and document are dropped as soon as it is parsed.

use crate::alloc::give_back_freed_memory;
use crate::error::{Error, ReadError, ReadErrorKind};
use crate::layout::Document;
use crate::model::{Code, Diagnostic, Interner, Part, Report, Severity};
use crate::parse::parse_document;
use crate::read::ocr::{ocr_document, OcrMode, Progress};
use crate::read::scan::{scan_pages, ScanPage};
use crate::read::{pdf::read_pdf, text::read_text, wordbox};
use crate::reconcile::build_reports;
use crate::worker::within_budget;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    Diagnostic::new(
        Code::LinkLoop,
        link.to_string_lossy(),
        "this folder was already read (a symbolic-link loop, or named twice); skipped",
    )
    .quoting(target)
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
        let first = doc
            .notes
            .iter()
            .find(|n| matches!(n.code, Code::OcrUnavailable | Code::OcrFailed));
        let why = first.map(|n| n.message.clone()).unwrap_or_default();
        let kind = if first.is_some_and(|n| n.code == Code::OcrUnavailable) {
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
    if let Some(why) = changed_while_read(path, &meta, bytes.len()) {
        return Err(ReadError::new(source, ReadErrorKind::Changed(why)));
    }
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

/// Why a regular file's reading cannot be trusted whole: it is not as long
/// as it was when the reading began, or it was rewritten meanwhile.
fn changed_while_read(path: &Path, before: &std::fs::Metadata, read: usize) -> Option<String> {
    if !before.is_file() {
        return None; // a pipe or device has no length to compare
    }
    let after = std::fs::metadata(path).ok()?;
    if after.len() != before.len() || read as u64 != before.len() {
        return Some(format!(
            "{} bytes when opened, {} read, {} now",
            before.len(),
            read,
            after.len()
        ));
    }
    match (before.modified(), after.modified()) {
        (Ok(a), Ok(b)) if a != b => Some("rewritten while read".into()),
        _ => None,
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

/// Reads and parses one file within the time budget (`limits.timeout`), on
/// the calling thread ([`within_budget`]; the PDF reader runs its own worker
/// under the same budget): a reading past the budget is a
/// [`ReadErrorKind::Timeout`], a panic an [`ReadErrorKind::Internal`] error.
/// Pages read by OCR are not counted in the file's budget: each has a budget
/// of the same length of its own.
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
    let start = std::time::Instant::now();
    let budget = limits.timeout;
    let reading = within_budget(&source, budget, ReadErrorKind::Internal, || {
        read_input(path, limits)
    })?;
    let left = budget.saturating_sub(start.elapsed());
    // OCR runs here, on the pool's threads, outside the file's own budget
    let doc = finish_reading(reading, limits, progress)?;
    within_budget(&source, left, ReadErrorKind::Internal, || {
        parse_checked(doc)
    })
    .map_err(|e| {
        match e.kind {
            // the parse had what was left of the budget: the timeout names the whole
            ReadErrorKind::Timeout(_) => ReadError::new(&source, ReadErrorKind::Timeout(budget)),
            _ => e,
        }
    })
}

/// Parses a document; the document is dropped once parsed, only the part
/// is kept. A document that holds no report is an error.
fn parse_checked(doc: Document) -> Result<Part, ReadError> {
    let mut part = parse_document(&doc);
    part.shrink_to_fit();
    if part.is_empty() {
        return Err(ReadError::new(
            &doc.source,
            ReadErrorKind::NotAReport(not_a_report_because(&doc)),
        ));
    }
    Ok(part)
}

/// Why a file gave no records: nothing found, and what its reader noticed.
fn not_a_report_because(doc: &Document) -> String {
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
    why
}

/// Every diagnostic of a convert: each report's, then the orphans.
pub fn all_diagnostics(converted: &Converted) -> impl Iterator<Item = &Diagnostic> {
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
    !converted.failed.is_empty() || all_diagnostics(converted).any(|d| d.code.means_input_unread())
}

/// The stderr lines for file-level diagnostics of a convert (whole-file read
/// failures are printed from [`Converted::failed`]):
/// `SOURCE[: page N][: line N]: SEVERITY: message`. Warnings only when
/// `warnings` is true; errors always.
pub fn notices(converted: &Converted, warnings: bool) -> Vec<String> {
    let mut lines: Vec<String> = all_diagnostics(converted)
        .filter(|d| d.code.is_about_a_file())
        .filter(|d| {
            d.severity() == Severity::Error || (warnings && d.severity() == Severity::Warning)
        })
        .map(|d| {
            let loc = crate::error::Location {
                source: d.source.to_string(),
                page: d.page,
                line: d.line,
            };
            format!("{loc}: {}: {}", d.severity(), d.message)
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
    let shared = std::sync::Mutex::new(Interner::new());
    let results: Vec<Result<Part, ReadError>> = paths
        .par_iter()
        .map(|p| {
            let mut r = ingest_with_progress(p, limits, progress);
            if let Ok(part) = &mut r {
                // a poisoned lock only means another file's thread panicked: the set is whole
                let mut shared = shared.lock().unwrap_or_else(|e| e.into_inner());
                part.share_text(&mut shared);
            }
            progress(Progress::File);
            r
        })
        .collect();
    drop(shared);
    let mut parts = Vec::new();
    let mut failed = Vec::new();
    let mut orphans = Vec::new();
    for r in results {
        match r {
            Ok(p) => parts.push(p),
            Err(e) => {
                orphans.push(e.to_diagnostic());
                failed.push(e);
            }
        }
    }
    give_back_freed_memory();
    let reports = build_reports(parts, &mut orphans);
    give_back_freed_memory();
    Converted {
        reports,
        orphans,
        failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_that_grows_or_is_rewritten_while_read_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("r.txt");
        std::fs::write(&path, "one\n").unwrap();
        let before = std::fs::metadata(&path).unwrap();
        assert_eq!(changed_while_read(&path, &before, 4), None);
        assert!(
            changed_while_read(&path, &before, 2).is_some(),
            "a short read"
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"two\n")
            .unwrap();
        let why = changed_while_read(&path, &before, 4).expect("grown");
        assert!(why.contains("4 bytes when opened"), "{why}");
    }
}
