//! PDF reader: a PDF file's bytes in, a positional [`Document`] out.
//!
//! In: the raw bytes of one PDF (plus the name it was given on the command line, used
//! only for messages and `Document::source`) and a time budget.
//!
//! Out: a [`Document`] with `kind = Pdf`, `positional = true`, the file's page count
//! and its text lines in reading order (top to bottom per page, as the page is
//! displayed: `/Rotate` applied). Each [`Line`] carries its 1-based page, a running
//! 1-based line number over the whole file, its baseline `y` in points from the top
//! of the page and its words with `x0`/`x1` in points, so table columns can be
//! recovered by x-position later. Pages that could not be read are listed in
//! `Document::notes` (`page_unreadable`); a page with no line has no text layer.
//!
//! How (one module per step): [`load`] (lopdf, behind a preflight and a capped
//! object-stream decoder) → per page: [`decode`] the content streams (capped) →
//! [`lexer`] → [`interp`] (graphics and text state, fonts from [`font`], [`cmap`],
//! [`encoding`], [`metrics`], built once per document) → [`page`] (glyphs into
//! words and lines, [`rulings`]) → [`lines`] (running headers and footers dropped).
//!
//! Robustness: limits inside the reader ([`limits`]: inflated bytes, operators,
//! glyphs, paths, form depth and cycles, cross-reference size) make the common bad
//! file a precise [`ReadErrorKind::Limit`]; the whole reading runs in a child
//! process ([`isolate`]) when the binary enables it, so a stack overflow, an
//! allocation failure or a reading past its budget costs one file, never the run.
//! Without the child process (library use, tests, fuzzing) it runs on a worker
//! thread bounded by the budget, with panics caught.

pub mod cmap;
pub mod decode;
pub mod encoding;
pub mod font;
pub mod interp;
pub mod isolate;
pub mod lexer;
pub mod limits;
pub mod lines;
pub mod load;
pub mod metrics;
pub mod page;
pub mod rulings;
pub mod wire;

use crate::error::{ReadError, ReadErrorKind};
use crate::layout::{Document, Line, Ruling, SourceKind};
use interp::{FontCache, PageContext};
use limits::{Clock, Fail, InflateBudget};
use lines::{drop_headers_footers, PageLine};
use page::{Page, View};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

/// Stack size of the worker thread (lopdf's parser recurses into nested arrays).
const WORKER_STACK: usize = 64 * 1024 * 1024;
/// How long past the budget an abandoned worker may run before it stops itself.
const GRACE: Duration = Duration::from_millis(200);

/// Reads a PDF's text layer into lines with word positions (see the module docs).
///
/// `source` is only used for `Document::source` and error locations; `bytes` is the
/// whole file; `budget` bounds the wall-clock time spent ([`ReadErrorKind::Timeout`]).
pub fn read_pdf(source: &str, bytes: &[u8], budget: Duration) -> Result<Document, ReadError> {
    let err = |kind| ReadError::new(source, kind);
    if bytes.is_empty() {
        return Err(err(ReadErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(err(ReadErrorKind::NotAReport(
            "no %PDF- header in the first 1024 bytes".into(),
        )));
    }
    let extracted = if isolate::enabled() {
        isolate::extract_in_child(bytes, budget)
    } else {
        extract_on_thread(bytes, budget)
    };
    match extracted {
        Ok(e) => Ok(e.into_document(source)),
        Err(ReadErrorKind::Timeout(_)) => Err(err(ReadErrorKind::Timeout(budget))),
        Err(kind) => Err(err(kind)),
    }
}

/// Runs [`extract`] on a worker thread and waits at most `budget` for it.
fn extract_on_thread(bytes: &[u8], budget: Duration) -> Result<Extracted, ReadErrorKind> {
    install_quiet_panic_hook();
    let data = bytes.to_vec();
    // the worker stops itself soon after the budget, so an abandoned reading does not spin on
    let deadline = Instant::now() + budget + GRACE;
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("modledger-pdf".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            QUIET_PANICS.with(|q| q.set(true));
            let result = panic::catch_unwind(AssertUnwindSafe(|| extract(&data, Some(deadline))))
                .unwrap_or_else(|p| Err(ReadErrorKind::Panic(panic_message(&*p))));
            let _ = tx.send(result);
        });
    let worker = spawned
        .map_err(|e| ReadErrorKind::Io(format!("cannot start the PDF worker thread: {e}")))?;
    let received = rx.recv_timeout(budget);
    if received.is_ok() {
        // it has sent its result and is ending: wait, so no thread outlives the call
        let _ = worker.join();
    }
    match received {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ReadErrorKind::Timeout(budget)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ReadErrorKind::Panic(
            "the PDF worker thread stopped without a result".into(),
        )),
    }
}

/// The useful result of an extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Pages in the file.
    pub pages: u32,
    /// Content lines, numbered.
    pub lines: Vec<Line>,
    /// Ruling segments.
    pub rulings: Vec<Ruling>,
    /// Pages skipped because they could not be read: (1-based page, why).
    pub skipped: Vec<(u32, String)>,
}

impl Extracted {
    /// The document for `source`.
    pub fn into_document(self, source: &str) -> Document {
        Document {
            source: source.to_string(),
            kind: SourceKind::Pdf,
            pages: self.pages,
            positional: true,
            lines: self.lines,
            rulings: self.rulings,
            notes: self
                .skipped
                .into_iter()
                .map(|(page, why)| skipped_page_note(page, why))
                .collect(),
        }
    }
}

/// The diagnostic for a page that could not be read while the others were.
fn skipped_page_note(page: u32, why: String) -> crate::layout::ReadNote {
    crate::layout::ReadNote {
        code: crate::model::Code::PageUnreadable,
        page: Some(page),
        line: None,
        message: format!("this page could not be read and was skipped: {why}"),
        text: String::new(),
    }
}

/// A reader failure as the error kind of a whole file.
fn kind_of(f: Fail) -> ReadErrorKind {
    match f {
        Fail::Limit { code, message } => ReadErrorKind::Limit { code, message },
        Fail::Damaged(m) if m == load::ENCRYPTED => ReadErrorKind::Encrypted,
        Fail::Damaged(m) => ReadErrorKind::BadPdf(m),
        Fail::Timeout => ReadErrorKind::Timeout(Duration::ZERO),
    }
}

/// The same failure, about one page.
fn on_page(page: u32, f: Fail) -> Fail {
    match f {
        Fail::Limit { code, message } => Fail::Limit {
            code,
            message: format!("page {page}: {message}"),
        },
        Fail::Damaged(m) => Fail::Damaged(format!("page {page}: {m}")),
        Fail::Timeout => Fail::Timeout,
    }
}

/// Loads the document and reads every page; runs on the worker (thread or process).
pub fn extract(data: &[u8], deadline: Option<Instant>) -> Result<Extracted, ReadErrorKind> {
    let (mut doc, budget) =
        load::load(data, InflateBudget::for_file(data.len())).map_err(kind_of)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ReadErrorKind::Encrypted);
    }
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.is_empty() {
        return Err(no_pages(&doc));
    }
    let mut reader = DocumentReader {
        doc: &doc,
        fonts: FontCache::default(),
        budget,
        clock: Clock::new(deadline),
    };
    let mut out = PagesOut::default();
    for (seq, &id) in page_ids.iter().enumerate() {
        let page_no = seq as u32 + 1;
        reader.clock.check().map_err(kind_of)?;
        match panic::catch_unwind(AssertUnwindSafe(|| reader.page(id))) {
            Ok(Ok(page)) => out.add(page, page_no),
            Ok(Err(Fail::Timeout)) => return Err(ReadErrorKind::Timeout(Duration::ZERO)),
            Ok(Err(f)) => out.skip(page_no, on_page(page_no, f)),
            Err(p) => out.skip(
                page_no,
                Fail::damaged(format!(
                    "page {page_no}: the PDF reader failed: {}",
                    panic_message(&*p)
                )),
            ),
        }
    }
    out.finish(page_ids.len() as u32)
}

/// Why a file with no pages has none.
fn no_pages(doc: &lopdf::Document) -> ReadErrorKind {
    if doc.trailer.get(b"Encrypt").is_ok() {
        return ReadErrorKind::Encrypted;
    }
    if doc.catalog().is_err() {
        return ReadErrorKind::BadPdf(
            "no pages (no readable document catalog: broken cross-reference table?)".into(),
        );
    }
    ReadErrorKind::BadPdf("no pages".into())
}

/// What reading one document keeps across its pages.
struct DocumentReader<'d> {
    doc: &'d lopdf::Document,
    fonts: FontCache,
    budget: InflateBudget,
    clock: Clock,
}

impl DocumentReader<'_> {
    /// Reads one page: its content streams, decoded and joined, interpreted.
    fn page(&mut self, id: lopdf::ObjectId) -> Result<Page, Fail> {
        let info = load::page_info(self.doc, id)?;
        let mut content = Vec::new();
        for sid in &info.contents {
            if let Ok(lopdf::Object::Stream(s)) = self.doc.get_object(*sid) {
                content.extend_from_slice(&decode::decode_stream(s, &mut self.budget)?);
                content.push(b'\n');
                if content.len() > limits::MAX_STREAM_BYTES {
                    return Err(limits::inflate_limit());
                }
            }
        }
        let mut page = Page::new(View::new(info.media, info.rotate));
        PageContext::new(
            self.doc,
            &mut self.fonts,
            &mut self.budget,
            &mut self.clock,
            &mut page,
        )
        .page(&content, info.resources)?;
        Ok(page)
    }
}

/// Lines, rulings and skipped pages gathered over a document.
#[derive(Default)]
struct PagesOut {
    lines: Vec<PageLine>,
    rulings: Vec<Ruling>,
    skipped: Vec<(u32, String)>,
    read: u32,
    visible: usize,
    first_failure: Option<Fail>,
}

impl PagesOut {
    fn add(&mut self, page: Page, page_no: u32) {
        self.read += 1;
        self.visible += page.visible;
        let height = page.height();
        self.lines.extend(
            page.lines(page_no)
                .into_iter()
                .map(|line| PageLine { line, height }),
        );
        self.rulings
            .extend(page.segments.iter().map(|&(x0, y0, x1, y1)| Ruling {
                page: page_no,
                x0,
                y0,
                x1,
                y1,
            }));
    }

    fn skip(&mut self, page_no: u32, why: Fail) {
        let text = match &why {
            Fail::Limit { message, .. } | Fail::Damaged(message) => message.clone(),
            Fail::Timeout => why.to_string(),
        };
        let prefix = format!("page {page_no}: ");
        self.skipped.push((
            page_no,
            text.strip_prefix(&prefix).unwrap_or(&text).to_string(),
        ));
        self.first_failure.get_or_insert(why);
    }

    fn finish(self, pages: u32) -> Result<Extracted, ReadErrorKind> {
        if self.read == 0 {
            return Err(self.first_failure.map_or_else(
                || ReadErrorKind::BadPdf("no page could be read".into()),
                kind_of,
            ));
        }
        if self.visible == 0 {
            return Err(ReadErrorKind::NoTextLayer);
        }
        let mut lines = drop_headers_footers(self.lines);
        for (i, l) in lines.iter_mut().enumerate() {
            l.line = i as u32 + 1;
        }
        Ok(Extracted {
            pages,
            lines,
            rulings: self.rulings,
            skipped: self.skipped,
        })
    }
}

// ---------------------------------------------------------------------------------
// Panic silencing

thread_local! {
    /// Set on threads whose panics are expected and caught (the PDF worker).
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// This crate's own source folder, as `file!()` spells it when built as a dependency.
const OWN_SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/");

/// True when a panic location lies in this crate's own code (a bug of ours), not in
/// lopdf or the standard library.
fn is_own_code(file: &str) -> bool {
    file.starts_with("src/") || file.starts_with(OWN_SRC)
}

/// Installs (once per process) a panic hook that prints nothing for panics inside the
/// PDF library on threads that set `QUIET_PANICS`, and defers to the previous hook
/// for every other panic. A panic in this crate's own code is a bug: it is still caught
/// (the run goes on) but reported loudly, and under a fuzzer it is a crash.
fn install_quiet_panic_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let ours = info.location().is_some_and(|l| is_own_code(l.file()));
            if !ours && QUIET_PANICS.try_with(|q| q.get()).unwrap_or(false) {
                return;
            }
            previous(info);
        }));
    });
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests;
