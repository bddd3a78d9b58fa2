//! OCR of scanned pages: a PDF's pages without text in, lines of word boxes out.
//!
//! In: a [`Document`] read from a PDF's text layer (maybe with no lines at
//! all), the PDF's bytes, and the [`ScanPage`]s to OCR. Out: the same
//! document with each OCR'd page's lines in place (words with positions in
//! points, as the PDF reader makes them), the lines numbered again in
//! reading order, and notes for pages that could not be OCR'd and for
//! references and dates tesseract was unsure of.
//!
//! How: a page's picture is the scan's own image when the page is one
//! (handed to tesseract as it is), else the page rendered by `pdftoppm`;
//! `tesseract PICTURE OUT --dpi N --psm 11 tsv` runs with `OMP_THREAD_LIMIT=1` (one
//! core per page: pages run in parallel across the run's jobs instead,
//! which is faster than tesseract's own threads), in a temporary folder,
//! bounded by the time budget. Tesseract and pdftoppm are found on `PATH`
//! (`MODLEDGER_TESSERACT`, `MODLEDGER_PDFTOPPM` name other programs, for
//! tests); when one is missing, each page that needed it is an `error`
//! note that says how to install it, and the rest of the file is read.

use super::picture;
use super::scan::{PageImage, ScanPage};
use super::wordbox::{finish_lines, page_lines, parse_tsv, OcrLine, PageBox, Recognised};
use crate::layout::{Document, ReadNote};
use crate::model::Code;
use rayon::prelude::*;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// Which pages of a PDF are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// Only pages without a text layer that show an image (a scan).
    #[default]
    Auto,
    /// Every page, its text layer ignored.
    Always,
    /// None: a PDF without text is refused.
    Never,
}

/// Resolution pages are rendered at when their picture cannot be taken from
/// the PDF as it is: tesseract reads body text best at about 300 dpi.
pub const RENDER_DPI: u32 = 300;

/// Tesseract's page segmentation mode 11, "sparse text": every piece of
/// text is found without tesseract's own layout analysis, which joins the
/// cells of a table into paragraphs; the words' positions rebuild the lines
/// and rows here instead (on the corpus scans it reads as well as the
/// default layout analysis, and far better on small ruled tables).
const SPARSE_TEXT: &str = "11";

/// Something the progress bar hears about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A file was read and parsed.
    File,
    /// This many pages of a file will be OCR'd.
    OcrPagesFound(u64),
    /// One page was OCR'd.
    OcrPage,
}

/// Why a page could not be OCR'd.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    /// A program the page needs is not installed.
    #[error("{tool} is not installed ({install})")]
    Missing {
        /// The program.
        tool: &'static str,
        /// How to install it.
        install: &'static str,
    },
    /// The program ran and failed.
    #[error("{tool} failed: {why}")]
    Failed {
        /// The program.
        tool: &'static str,
        /// What it said.
        why: String,
    },
    /// The program ran past the time budget and was stopped.
    #[error(
        "{tool} took longer than the time budget of {budget:?} (see --timeout) and was stopped"
    )]
    Timeout {
        /// The program.
        tool: &'static str,
        /// The budget.
        budget: Duration,
    },
}

impl OcrError {
    /// The diagnostics code of a page this error stopped.
    pub fn code(&self) -> Code {
        match self {
            OcrError::Missing { .. } => Code::OcrUnavailable,
            _ => Code::OcrFailed,
        }
    }
}

/// One of the programs OCR uses.
struct Tool {
    name: &'static str,
    env: &'static str,
    install: &'static str,
}

const TESSERACT: Tool = Tool {
    name: "tesseract",
    env: "MODLEDGER_TESSERACT",
    install: "Debian/Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract",
};

const PDFTOPPM: Tool = Tool {
    name: "pdftoppm",
    env: "MODLEDGER_PDFTOPPM",
    install: "Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler",
};

impl Tool {
    fn program(&self) -> OsString {
        std::env::var_os(self.env).unwrap_or_else(|| self.name.into())
    }

    /// Runs the program with `args` in `dir`, bounded by `budget`; its
    /// standard error goes to a file whose last line explains a failure.
    fn run(&self, args: &[&std::ffi::OsStr], dir: &Path, budget: Duration) -> Result<(), OcrError> {
        let err_path = dir.join(format!("{}.err", self.name));
        let err_file = std::fs::File::create(&err_path).map_err(|e| self.failed(e))?;
        let spawned = Command::new(self.program())
            .args(args)
            .current_dir(dir)
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err_file)
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(OcrError::Missing {
                    tool: self.name,
                    install: self.install,
                })
            }
            Err(e) => return Err(self.failed(e)),
        };
        let status = match child.wait_timeout(budget).map_err(|e| self.failed(e))? {
            Some(s) => s,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Timeout {
                    tool: self.name,
                    budget,
                });
            }
        };
        if status.success() {
            return Ok(());
        }
        let said = std::fs::read_to_string(&err_path).unwrap_or_default();
        let last = said
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(self.failed(format!("{status}: {}", last.trim())))
    }

    fn failed(&self, why: impl std::fmt::Display) -> OcrError {
        OcrError::Failed {
            tool: self.name,
            why: why.to_string(),
        }
    }
}

/// A page's picture on disk and how its pixels map to the page's points.
struct Picture {
    path: std::path::PathBuf,
    dpi: f32,
    /// Points per pixel.
    scale: f32,
    x0: f32,
    top: f32,
}

/// Writes the page's picture into `dir`, contrast-normalised: the scan's
/// own image, else the page rendered by pdftoppm from `pdf`.
fn picture(page: &ScanPage, pdf: &Path, dir: &Path, budget: Duration) -> Result<Picture, OcrError> {
    let path = dir.join("page.pgm");
    if let PageImage::File {
        bytes,
        width,
        place,
        ..
    } = &page.image
    {
        let scale = place.width / *width as f32;
        let dpi = 72.0 / scale;
        write_normalised(bytes, dpi, &path)?;
        return Ok(Picture {
            path,
            dpi,
            scale,
            x0: place.x0,
            top: place.top,
        });
    }
    let n = page.page.to_string();
    let dpi = RENDER_DPI.to_string();
    let flags = ["-r", &dpi, "-gray", "-f", &n, "-l", &n, "-singlefile"];
    let args: Vec<&std::ffi::OsStr> = flags
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([pdf.as_os_str(), std::ffi::OsStr::new("page")])
        .collect();
    PDFTOPPM.run(&args, dir, budget)?;
    let rendered = std::fs::read(&path).map_err(|e| PDFTOPPM.failed(e))?;
    write_normalised(&rendered, RENDER_DPI as f32, &path)?;
    Ok(Picture {
        path,
        dpi: RENDER_DPI as f32,
        scale: 72.0 / RENDER_DPI as f32,
        x0: 0.0,
        top: 0.0,
    })
}

/// Decodes a picture, normalises its contrast and writes it as PGM.
fn write_normalised(bytes: &[u8], dpi: f32, path: &Path) -> Result<(), OcrError> {
    let mut gray = picture::decode(bytes)
        .map_err(|e| TESSERACT.failed(format!("the page image cannot be decoded: {e}")))?;
    picture::normalise(&mut gray, dpi);
    std::fs::write(path, picture::to_pgm(&gray)).map_err(|e| TESSERACT.failed(e))
}

/// OCRs one page: its words, in points from the page's top-left corner.
pub fn ocr_page(page: &ScanPage, pdf: &Path, budget: Duration) -> Result<Recognised, OcrError> {
    let dir = tempfile::tempdir().map_err(|e| TESSERACT.failed(e))?;
    let pic = picture(page, pdf, dir.path(), budget)?;
    let dpi = format!("{}", pic.dpi.round().max(1.0));
    let args: Vec<&std::ffi::OsStr> = [pic.path.as_os_str()]
        .into_iter()
        .chain(["out", "--dpi", &dpi, "--psm", SPARSE_TEXT, "tsv"].map(std::ffi::OsStr::new))
        .collect();
    TESSERACT.run(&args, dir.path(), budget)?;
    let tsv =
        std::fs::read_to_string(dir.path().join("out.tsv")).map_err(|e| TESSERACT.failed(e))?;
    let mut rec = parse_tsv(&tsv).map_err(|e| TESSERACT.failed(e))?;
    for w in &mut rec.words {
        w.page = page.page;
        w.left = pic.x0 + w.left * pic.scale;
        w.top = pic.top + w.top * pic.scale;
        w.width *= pic.scale;
        w.height *= pic.scale;
    }
    rec.pages = vec![PageBox {
        page: page.page,
        width: page.width,
        height: page.height,
        points_per_unit: Some(1.0),
    }];
    Ok(rec)
}

/// The note for a page that could not be OCR'd.
fn page_note(page: u32, e: &OcrError) -> ReadNote {
    ReadNote {
        code: e.code(),
        page: Some(page),
        line: None,
        message: format!(
            "this page has no text layer and could not be read by OCR: {e}; the page was skipped"
        ),
        text: String::new(),
    }
}

/// OCRs `pages` of the PDF (in parallel across the current thread pool) and
/// puts their lines into `doc` in place of whatever text those pages had.
/// Returns the document and whether any page was read.
pub fn ocr_document(
    mut doc: Document,
    pdf: &Path,
    pages: &[ScanPage],
    budget: Duration,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Document, usize) {
    progress(Progress::OcrPagesFound(pages.len() as u64));
    let results: Vec<Result<Recognised, OcrError>> = pages
        .par_iter()
        .map(|p| {
            let r = ocr_page(p, pdf, budget);
            progress(Progress::OcrPage);
            r
        })
        .collect();
    let replaced: Vec<u32> = pages.iter().map(|p| p.page).collect();
    let mut lines: Vec<OcrLine> = std::mem::take(&mut doc.lines)
        .into_iter()
        .filter(|l| !replaced.contains(&l.page))
        .map(|line| OcrLine {
            line,
            conf: Vec::new(),
        })
        .collect();
    let mut read = 0;
    for (p, r) in pages.iter().zip(results) {
        match r {
            Ok(rec) => {
                read += 1;
                lines.extend(rec.pages.iter().flat_map(|b| page_lines(&rec.words, b)));
            }
            Err(e) => doc.notes.push(page_note(p.page, &e)),
        }
    }
    lines.sort_by(|a, b| {
        (a.line.page, a.line.y)
            .partial_cmp(&(b.line.page, b.line.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let (lines, notes) = finish_lines(lines);
    doc.lines = lines;
    doc.notes.extend(notes);
    doc.positional = true;
    (doc, read)
}
