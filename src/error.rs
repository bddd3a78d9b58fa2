//! Typed errors and the location every message carries.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Where something is in the input: file, and page and line when known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Location {
    /// The file as given on the command line.
    pub source: String,
    /// 1-based page, when known.
    pub page: Option<u32>,
    /// 1-based line, when known.
    pub line: Option<u32>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(source: impl Into<String>) -> Location {
        Location {
            source: source.into(),
            page: None,
            line: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(p) = self.page {
            write!(f, ": page {p}")?;
        }
        if let Some(l) = self.line {
            write!(f, ": line {l}")?;
        }
        Ok(())
    }
}

/// Why a whole input file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    /// The operating system refused to open or read the file.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// Larger than the size limit.
    #[error("the file has {size} bytes or more, over the limit of {limit} bytes (see --max-size)")]
    TooLarge {
        /// The file's size in bytes (for a stream such as `/dev/zero`, the bytes
        /// read before giving up: one more than the limit).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Neither a PDF nor text.
    #[error("not a report: {0}")]
    NotAReport(String),
    /// The PDF is encrypted.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// The PDF's structure is broken (truncated, bad cross-reference table, ...).
    #[error("the PDF is damaged: {0}")]
    BadPdf(String),
    /// The PDF has pages but no text layer, and no page image to OCR (or
    /// `--ocr never`).
    #[error("the PDF has no text layer, and no page image was read by OCR (see --ocr)")]
    NoTextLayer,
    /// The PDF's pages are scans and OCR is not installed.
    #[error("the PDF's pages are scans and cannot be read: {0}")]
    OcrUnavailable(String),
    /// The PDF's pages are scans and none could be read by OCR.
    #[error("the PDF's pages are scans and none could be read by OCR: {0}")]
    OcrFailed(String),
    /// The PDF library panicked on this file.
    #[error("the PDF library failed on this file: {0}")]
    Panic(String),
    /// Reading (and parsing) took longer than the per-file time budget.
    #[error("reading took longer than the time budget of {0:?} (see --timeout)")]
    Timeout(Duration),
    /// modledger itself failed on this file (a bug: the rest of the run goes on).
    #[error("modledger failed on this file (a bug, please report it): {0}")]
    Internal(String),
}

/// A file-level read failure, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{loc}: {kind}")]
pub struct ReadError {
    /// The file (and page, when known).
    pub loc: Location,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// Builds an error for a whole file.
    pub fn new(source: impl Into<String>, kind: ReadErrorKind) -> ReadError {
        ReadError {
            loc: Location::file(source),
            kind,
        }
    }
}

/// Errors that stop a command from doing its job at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output folder could not be created or written.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The path that could not be written.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file the command needs could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A CSV file could not be written or read.
    #[error("CSV error in {}: {source}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A ledger file `diff --ledger` reads is not what `convert` writes.
    #[error("{}:{line}: {message}", path.display())]
    Ledger {
        /// The ledger file.
        path: PathBuf,
        /// 1-based line (0 when the file as a whole is wrong).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The arguments do not make a runnable command.
    #[error("{0}")]
    Usage(String),
    /// An input named on the command line does not exist.
    #[error("no such input: {}", .0.display())]
    MissingInput(PathBuf),
    /// The output folder holds files that are not part of a ledger; replacing the
    /// folder would delete them.
    #[error(
        "will not replace {}: it holds files that are not part of a ledger ({}); move them away or choose another --out",
        path.display(),
        names.join(", ")
    )]
    ForeignFiles {
        /// The output folder.
        path: PathBuf,
        /// The names that are not ledger files (at most a few).
        names: Vec<String>,
    },
}
