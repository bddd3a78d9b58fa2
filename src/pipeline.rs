//! The whole job: inputs → documents → parts → reports → ledger.
//!
//! Files are read and parsed in parallel (rayon, input order kept); one bad
//! file becomes an `error` diagnostic and a line on stderr while every other
//! file is still converted. Reconciling and writing are sequential.

use crate::error::{Error, ReadError, ReadErrorKind};
use crate::layout::Document;
use crate::model::{Diagnostic, Part, Report, Severity};
use crate::parse::parse_document;
use crate::read::{pdf::read_pdf, text::read_text};
use crate::reconcile::build_reports;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Expands the command line's inputs: files as given, folders recursively
/// (`.pdf` and `.txt` files, sorted; symbolic-link loops are skipped).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out, &mut seen);
        } else if input.exists() || input.symlink_metadata().is_ok() {
            out.push(input.clone());
        } else {
            return Err(Error::MissingInput(input.clone()));
        }
    }
    Ok(out)
}

/// Walks a folder, following links but never into a folder twice.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut BTreeSet<PathBuf>) {
    let Ok(canon) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canon) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf()); // reported as unreadable when read
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, seen);
        } else if has_report_extension(&p) {
            out.push(p);
        }
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
    let bytes = std::fs::read(path)
        .map_err(|e| ReadError::new(&source, ReadErrorKind::Io(e.to_string())))?;
    if bytes.is_empty() {
        return Err(ReadError::new(&source, ReadErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(1024)];
    let is_pdf = head.windows(5).any(|w| w == b"%PDF-");
    let named_pdf = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf || named_pdf {
        read_pdf(&source, &bytes, limits.timeout)
    } else {
        read_text(&source, &bytes)
    }
}

/// Reads and parses one file.
pub fn ingest(path: &Path, limits: Limits) -> Result<Part, ReadError> {
    let doc = read_document(path, limits)?;
    let part = parse_document(&doc);
    if part.observations.is_empty() && part.assessments.is_empty() && part.timescales.is_empty() {
        return Err(ReadError::new(
            &doc.source,
            ReadErrorKind::NotAReport("no report sections or appendix tables were found".into()),
        ));
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
    }
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
