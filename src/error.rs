//! Typed errors and the location every message carries.
//!
//! In: what went wrong, where. Out: [`ReadError`] (a file that could not be
//! read: one diagnostics row, exit status 1) and [`Error`] (a command that
//! could not run: exit status 2), each printed with file, page and line.

use crate::model::{Code, Diagnostic, Text};
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

/// Text safe to print on one terminal line: control characters (a newline
/// or carriage return in a file name) are shown escaped (`\n`), so one
/// diagnostic stays one line of stderr.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", one_line(&self.source))?;
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
    /// The PDF goes past one of the reader's limits (a decompression bomb, an
    /// operator flood, forms that draw themselves, ...); `code` names the limit.
    #[error("the PDF goes past a limit of the reader: {message}")]
    Limit {
        /// The limit, e.g. [`Code::PdfInflateLimit`].
        code: Code,
        /// What was exceeded.
        message: String,
    },
    /// The process reading the PDF died (it ran out of its memory limit, or its
    /// stack); `code` is `pdf_memory_limit` or `pdf_reader_crashed`.
    #[error("{message}")]
    ReaderDied {
        /// [`Code::PdfMemoryLimit`] or [`Code::PdfReaderCrashed`].
        code: Code,
        /// What happened.
        message: String,
    },
    /// Reading (and parsing) took longer than the per-file time budget.
    #[error("reading took longer than the time budget of {0:?} (see --timeout)")]
    Timeout(Duration),
    /// The file changed (grew, shrank or was rewritten) while it was read, so
    /// what was read may be a part of it.
    #[error("the file changed while it was read ({0}); convert again once it is complete")]
    Changed(String),
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

impl ReadErrorKind {
    /// The diagnostic code of this kind of failure.
    pub fn code(&self) -> Code {
        match self {
            ReadErrorKind::Io(_) => Code::UnreadableFile,
            ReadErrorKind::Empty => Code::EmptyFile,
            ReadErrorKind::TooLarge { .. } => Code::TooLarge,
            ReadErrorKind::NotAReport(_) => Code::NotAReport,
            ReadErrorKind::Encrypted => Code::EncryptedPdf,
            ReadErrorKind::BadPdf(_) => Code::DamagedPdf,
            ReadErrorKind::NoTextLayer => Code::NoTextLayer,
            ReadErrorKind::OcrUnavailable(_) => Code::OcrUnavailable,
            ReadErrorKind::OcrFailed(_) => Code::OcrFailed,
            ReadErrorKind::Panic(_) => Code::PdfLibraryFailure,
            ReadErrorKind::Timeout(_) => Code::Timeout,
            ReadErrorKind::Changed(_) => Code::FileChanged,
            ReadErrorKind::Limit { code, .. } | ReadErrorKind::ReaderDied { code, .. } => *code,
            ReadErrorKind::Internal(_) => Code::InternalError,
        }
    }
}

impl ReadError {
    /// The failure as a diagnostics row.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            source: self.loc.source.as_str().into(),
            page: self.loc.page,
            line: self.loc.line,
            code: self.kind.code(),
            message: self.kind.to_string().into(),
            text: Text::default(),
        }
    }

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
    #[error("cannot write {}: {source}", one_line(&path.to_string_lossy()))]
    Output {
        /// The path that could not be written.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file the command needs could not be read.
    #[error("cannot read {}: {source}", one_line(&path.to_string_lossy()))]
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
    #[error("{}:{line}: {message}", one_line(&path.to_string_lossy()))]
    Ledger {
        /// The ledger file.
        path: PathBuf,
        /// 1-based line (0 when the file as a whole is wrong).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The workbook could not be built (a value a spreadsheet cannot hold).
    #[error("cannot build ledger.xlsx: {0}")]
    Workbook(String),
    /// The arguments do not make a runnable command.
    #[error("{0}")]
    Usage(String),
    /// An input named on the command line does not exist.
    #[error("no such input: {}", one_line(&.0.to_string_lossy()))]
    MissingInput(PathBuf),
    /// The output folder holds files that are not part of a ledger; replacing the
    /// folder would delete them.
    #[error(
        "will not replace {}: it holds files that are not part of a ledger ({}); move them away or choose another --out",
        one_line(&path.to_string_lossy()),
        one_line(&names.join(", "))
    )]
    ForeignFiles {
        /// The output folder.
        path: PathBuf,
        /// The names that are not ledger files (at most a few).
        names: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_with_a_newline_prints_on_one_line() {
        for (name, want) in [
            ("plain.txt", "plain.txt: page 2"),
            ("two\nlines.txt", "two\\nlines.txt: page 2"),
            ("cr\r.pdf", "cr\\r.pdf: page 2"),
            ("tab\there.txt", "tab\\there.txt: page 2"),
        ] {
            let loc = Location {
                source: name.into(),
                page: Some(2),
                line: None,
            };
            assert_eq!(loc.to_string(), want, "{name:?}");
        }
    }
}
