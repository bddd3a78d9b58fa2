//! PDF reader: a PDF file's bytes in, a positional [`Document`] out.
//!
//! In: the raw bytes of one PDF (plus the name it was given on the command line, used
//! only for messages and `Document::source`) and a time budget.
//!
//! Out: a [`Document`] with `kind = Pdf`, `positional = true`, the file's page count
//! and its text lines in reading order (top to bottom per page). Each [`Line`] carries
//! its 1-based page, a running 1-based line number over the whole file, its baseline
//! `y` in points from the top of the page and its words with `x0`/`x1` in points, so
//! table columns can be recovered by x-position later.
//!
//! How: every glyph is collected through pdf-extract's [`OutputDev`] callback (page,
//! x, baseline y, advance width, font size, text). Glyphs are grouped into lines by
//! baseline, sorted left to right and split into words at space glyphs and at
//! x-gaps wider than a quarter of the font size. Running headers and footers (lines
//! in the top/bottom 8% of a page that repeat on 2+ pages with digits masked,
//! `Page N of M`, `DCC PUBLIC`, classification notices) are dropped.
//!
//! Robustness: the work runs on a worker thread bounded by the budget
//! ([`ReadErrorKind::Timeout`]); every library call is wrapped in `catch_unwind` with
//! panic messages silenced, and a page that panics is skipped. Failures map to
//! [`ReadErrorKind`]s (`Empty`, `NotAReport`, `Encrypted`, `BadPdf`, `NoTextLayer`,
//! `Panic`, `Timeout`); no input hangs or aborts the caller.

use crate::error::{ReadError, ReadErrorKind};
use crate::layout::{Document, Line, Ruling, SourceKind, Word};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

/// Fraction of the page height at the top and bottom where running headers/footers live.
const BAND: f32 = 0.08;
/// A horizontal gap wider than this many font sizes starts a new word.
const WORD_GAP: f32 = 0.25;
/// Glyphs whose baselines differ by at most this many font sizes share a line.
const LINE_TOL: f32 = 0.3;
/// Stack size of the worker thread (deeply nested objects recurse in the parser).
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Reads a PDF's text layer into lines with word positions (see the module docs).
///
/// `source` is only used for `Document::source` and error locations; `bytes` is the
/// whole file; `budget` bounds the wall-clock time spent (on timeout the worker thread
/// is abandoned and [`ReadErrorKind::Timeout`] is returned).
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
    install_quiet_panic_hook();
    let data = bytes.to_vec();
    // the worker stops itself soon after the budget, so an abandoned reading does not spin on
    let deadline = Instant::now() + budget + Duration::from_millis(200);
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("modledger-pdf".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            QUIET_PANICS.with(|q| q.set(true));
            let result = panic::catch_unwind(AssertUnwindSafe(|| extract(&data, deadline)))
                .unwrap_or_else(|p| Err(ReadErrorKind::Panic(panic_message(&*p))));
            let _ = tx.send(result);
        });
    let worker = match spawned {
        Ok(w) => w,
        Err(e) => {
            return Err(err(ReadErrorKind::Io(format!(
                "cannot start the PDF worker thread: {e}"
            ))))
        }
    };
    let received = rx.recv_timeout(budget);
    if received.is_ok() {
        // it has sent its result and is ending: wait, so no thread outlives the call
        let _ = worker.join();
    }
    match received {
        Ok(Ok(extracted)) => Ok(Document {
            source: source.to_string(),
            kind: SourceKind::Pdf,
            pages: extracted.pages,
            positional: true,
            lines: extracted.lines,
            rulings: extracted.rulings,
            notes: extracted
                .skipped
                .into_iter()
                .map(|(page, why)| skipped_page_note(page, why))
                .collect(),
        }),
        Ok(Err(kind)) => Err(err(kind)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(err(ReadErrorKind::Timeout(budget))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(err(ReadErrorKind::Panic(
            "the PDF worker thread stopped without a result".into(),
        ))),
    }
}

/// The note for a page that could not be read while the others were.
fn skipped_page_note(page: u32, why: String) -> crate::layout::ReadNote {
    crate::layout::ReadNote {
        code: crate::model::Code::PageUnreadable,
        page: Some(page),
        line: None,
        message: format!("this page could not be read and was skipped: {why}"),
        text: String::new(),
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
/// pdf-extract, lopdf or the standard library.
fn is_own_code(file: &str) -> bool {
    file.starts_with("src/") || file.starts_with(OWN_SRC)
}

/// Installs (once per process) a panic hook that prints nothing for panics inside the
/// PDF libraries on threads that set `QUIET_PANICS`, and defers to the previous hook
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

// ---------------------------------------------------------------------------------
// Glyph collection

/// One glyph in device space (points, y measured down from the top of the page).
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Byte range of the glyph's text in `Collector::text`; empty for whitespace.
    start: u32,
    end: u32,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.start == self.end
    }
}

/// The `OutputDev` that records glyphs of the current page.
#[derive(Default)]
struct Collector {
    top: f64,
    height: f32,
    glyphs: Vec<Glyph>,
    text: String,
    /// Non-whitespace glyphs seen over the whole document.
    visible: usize,
    /// Ruling lines drawn on the current page.
    segments: Vec<super::rulings::Segment>,
    /// When the reading must stop; every callback checks it, so the library's
    /// work on a page ends soon after.
    deadline: Option<Instant>,
}

impl Collector {
    /// Records the ruling lines a stroked or filled path draws.
    fn add_rulings(
        &mut self,
        ctm: &Transform,
        path: &pdf_extract::Path,
        filled: bool,
    ) -> Result<(), OutputError> {
        self.check_deadline()?;
        let found = super::rulings::segments(ctm, self.top, path, filled);
        self.segments.extend(found);
        Ok(())
    }

    /// An error that ends the library's work on the page once the deadline has passed.
    fn check_deadline(&self) -> Result<(), OutputError> {
        match self.deadline {
            Some(d) if Instant::now() > d => Err(OutputError::IoError(std::io::Error::other(
                "the time budget ran out",
            ))),
            _ => Ok(()),
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury.max(media_box.lly);
        self.height = (media_box.ury - media_box.lly).abs() as f32;
        self.glyphs.clear();
        self.text.clear();
        self.segments.clear();
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.add_rulings(ctm, path, false)
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.add_rulings(ctm, path, true)
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.check_deadline()?;
        let hscale = trm.m11.hypot(trm.m12);
        let vscale = trm.m21.hypot(trm.m22);
        let vscale = if vscale > 0.0 { vscale } else { hscale };
        let size = (font_size.abs() * vscale) as f32;
        let x = trm.m31 as f32;
        let y = (self.top - trm.m32) as f32;
        if !x.is_finite() || !y.is_finite() || !size.is_finite() {
            return Ok(());
        }
        let w = ((width * font_size.abs() * hscale) as f32).max(0.0);
        let start = self.text.len() as u32;
        let mut any = false;
        for c in ch.chars() {
            if c.is_whitespace() || c.is_control() {
                continue;
            }
            self.text.push(c);
            any = true;
        }
        if any {
            self.visible += 1;
        } else if !ch.chars().any(char::is_whitespace) {
            return Ok(()); // undecodable or control-only glyph: ignore entirely
        }
        let end = self.text.len() as u32;
        self.glyphs.push(Glyph {
            x,
            x1: x + w,
            y,
            size: size.max(0.1),
            start,
            end,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.check_deadline()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        self.check_deadline()
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.check_deadline()
    }
}

/// The useful result of an extraction.
struct Extracted {
    pages: u32,
    lines: Vec<Line>,
    rulings: Vec<Ruling>,
    /// Pages skipped because they could not be read: (1-based page, why).
    skipped: Vec<(u32, String)>,
}

/// A line before header/footer removal, with what the filter needs.
struct PageLine {
    line: Line,
    height: f32,
}

fn bad(e: impl std::fmt::Display) -> ReadErrorKind {
    ReadErrorKind::BadPdf(e.to_string())
}

/// Loads the document, decrypts with the empty password when needed, and runs each
/// page through the collector. Runs on the worker thread.
fn extract(data: &[u8], deadline: Instant) -> Result<Extracted, ReadErrorKind> {
    let mut doc = match panic::catch_unwind(|| pdf_extract::Document::load_mem(data)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(classify_load_error(&e)),
        Err(p) => return Err(ReadErrorKind::Panic(panic_message(&*p))),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ReadErrorKind::Encrypted);
    }
    let _ = panic::catch_unwind(AssertUnwindSafe(|| simplify_to_unicode(&mut doc)));
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        if doc.trailer.get(b"Encrypt").is_ok() {
            return Err(ReadErrorKind::Encrypted);
        }
        if doc.catalog().is_err() {
            return Err(bad(
                "no pages (no readable document catalog: broken cross-reference table?)",
            ));
        }
        return Err(bad("no pages"));
    }
    let pages = page_ids.len() as u32;
    let mut dev = Collector {
        deadline: Some(deadline),
        ..Collector::default()
    };
    let mut out: Vec<PageLine> = Vec::new();
    let mut ok_pages = 0u32;
    let mut first_failure: Option<ReadErrorKind> = None;
    let mut rulings: Vec<Ruling> = Vec::new();
    let mut skipped = Vec::new();
    for (seq, (&num, &page_id)) in page_ids.iter().enumerate() {
        let page_no = seq as u32 + 1;
        let visible_before = dev.visible;
        if Instant::now() > deadline {
            return Err(ReadErrorKind::Timeout(Duration::ZERO));
        }
        if page_tree_loops(&doc, page_id) {
            // pdf-extract follows /Parent for inherited keys without a bound: it would spin forever
            let why = "the page tree loops back on itself (a /Parent cycle)";
            skipped.push((page_no, why.to_string()));
            first_failure.get_or_insert_with(|| bad(format!("page {page_no}: {why}")));
            continue;
        }
        let run = panic::catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut dev, num)
        }));
        match run {
            Ok(Ok(())) => {
                ok_pages += 1;
                build_lines(&dev, page_no, &mut out);
                rulings.extend(dev.segments.drain(..).map(|(x0, y0, x1, y1)| Ruling {
                    page: page_no,
                    x0,
                    y0,
                    x1,
                    y1,
                }));
            }
            Ok(Err(e)) => {
                dev.visible = visible_before;
                skipped.push((page_no, e.to_string()));
                first_failure.get_or_insert_with(|| bad(format!("page {page_no}: {e}")));
            }
            Err(p) => {
                dev.visible = visible_before;
                let why = panic_message(&*p);
                skipped.push((page_no, format!("the PDF library failed: {why}")));
                first_failure
                    .get_or_insert_with(|| ReadErrorKind::Panic(format!("page {page_no}: {why}")));
            }
        }
    }
    if ok_pages == 0 {
        return Err(first_failure.unwrap_or_else(|| bad("no page could be read")));
    }
    if dev.visible == 0 {
        return Err(ReadErrorKind::NoTextLayer);
    }
    let mut lines = drop_headers_footers(out);
    for (i, l) in lines.iter_mut().enumerate() {
        l.line = i as u32 + 1;
    }
    Ok(Extracted {
        pages,
        lines,
        rulings,
        skipped,
    })
}

/// True when a page's `/Parent` chain comes back to a node it has passed
/// (or runs deeper than any real page tree), which pdf-extract's inherited
/// attribute lookup would follow forever.
fn page_tree_loops(doc: &pdf_extract::Document, page: (u32, u16)) -> bool {
    let mut seen: HashSet<(u32, u16)> = HashSet::new();
    let mut at = page;
    for _ in 0..256 {
        if !seen.insert(at) {
            return true;
        }
        let parent = doc
            .get_dictionary(at)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok());
        match parent {
            Some(p) => at = p,
            None => return false,
        }
    }
    true
}

fn classify_load_error(e: &pdf_extract::Error) -> ReadErrorKind {
    use pdf_extract::Error as E;
    match e {
        E::Decryption(_)
        | E::InvalidPassword
        | E::AlreadyEncrypted
        | E::UnsupportedSecurityHandler(_) => ReadErrorKind::Encrypted,
        other => bad(other),
    }
}

// ---------------------------------------------------------------------------------
// Font speed-up

/// Glyph names that pdf-extract's glyph list maps back to exactly these characters.
const GLYPH_NAMES: &[(char, &str)] = &[
    (' ', "space"),
    ('!', "exclam"),
    ('"', "quotedbl"),
    ('#', "numbersign"),
    ('$', "dollar"),
    ('%', "percent"),
    ('&', "ampersand"),
    ('\'', "quotesingle"),
    ('(', "parenleft"),
    (')', "parenright"),
    ('*', "asterisk"),
    ('+', "plus"),
    (',', "comma"),
    ('-', "hyphen"),
    ('.', "period"),
    ('/', "slash"),
    ('0', "zero"),
    ('1', "one"),
    ('2', "two"),
    ('3', "three"),
    ('4', "four"),
    ('5', "five"),
    ('6', "six"),
    ('7', "seven"),
    ('8', "eight"),
    ('9', "nine"),
    (':', "colon"),
    (';', "semicolon"),
    ('<', "less"),
    ('=', "equal"),
    ('>', "greater"),
    ('?', "question"),
    ('@', "at"),
    ('[', "bracketleft"),
    ('\\', "backslash"),
    (']', "bracketright"),
    ('^', "asciicircum"),
    ('_', "underscore"),
    ('`', "grave"),
    ('{', "braceleft"),
    ('|', "bar"),
    ('}', "braceright"),
    ('~', "asciitilde"),
    ('\u{2018}', "quoteleft"),
    ('\u{2019}', "quoteright"),
    ('\u{201C}', "quotedblleft"),
    ('\u{201D}', "quotedblright"),
    ('\u{2013}', "endash"),
    ('\u{2014}', "emdash"),
    ('\u{2022}', "bullet"),
    ('\u{2026}', "ellipsis"),
    ('\u{00A3}', "sterling"),
    ('\u{00A7}', "section"),
    ('\u{00A9}', "copyright"),
    ('\u{00AE}', "registered"),
    ('\u{00B0}', "degree"),
    ('\u{00E9}', "eacute"),
    ('\u{20AC}', "Euro"),
];

/// The glyph name for `c`, when the round trip through pdf-extract's glyph list is exact.
fn glyph_name(c: char) -> Option<&'static str> {
    if c.is_ascii_alphabetic() {
        // Single-letter glyph names are the letters themselves.
        const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let i = LETTERS.find(c)?;
        return Some(&LETTERS[i..i + 1]);
    }
    GLYPH_NAMES.iter().find(|(k, _)| *k == c).map(|(_, n)| *n)
}

/// Parses a 1-byte-code ToUnicode CMap (`bfchar`/`bfrange` with hex strings) into
/// code -> char. `None` for anything else (multi-byte codes, multi-char targets, ...).
fn parse_simple_cmap(data: &[u8]) -> Option<Vec<(u8, char)>> {
    let text = std::str::from_utf8(data).ok()?;
    let mut out = Vec::new();
    let hex = |t: &str| -> Option<Vec<u8>> {
        let t = t.strip_prefix('<')?.strip_suffix('>')?;
        if t.len() % 2 != 0 || t.is_empty() || !t.is_ascii() {
            return None;
        }
        (0..t.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
            .collect()
    };
    let one_char = |b: &[u8]| -> Option<char> {
        if b.len() != 2 {
            return None;
        }
        char::from_u32(u32::from(b[0]) << 8 | u32::from(b[1]))
    };
    let code = |b: Vec<u8>| -> Option<u8> { (b.len() == 1).then(|| b[0]) };
    let mut section = "";
    let mut pending: Vec<&str> = Vec::new();
    for tok in text.split_ascii_whitespace() {
        match tok {
            "beginbfchar" | "beginbfrange" | "begincodespacerange" => {
                section = tok;
                pending.clear();
            }
            "endbfchar" | "endbfrange" | "endcodespacerange" => {
                if !pending.is_empty() {
                    return None;
                }
                section = "";
            }
            _ if section == "beginbfchar" => {
                pending.push(tok);
                if pending.len() == 2 {
                    out.push((code(hex(pending[0])?)?, one_char(&hex(pending[1])?)?));
                    pending.clear();
                }
            }
            _ if section == "beginbfrange" => {
                if tok.starts_with('[') || tok.ends_with(']') {
                    return None; // array targets: rare, keep the original CMap
                }
                pending.push(tok);
                if pending.len() == 3 {
                    let (lo, hi) = (code(hex(pending[0])?)?, code(hex(pending[1])?)?);
                    let start = one_char(&hex(pending[2])?)? as u32;
                    for (i, c) in (lo..=hi).enumerate() {
                        out.push((c, char::from_u32(start + i as u32)?));
                    }
                    pending.clear();
                }
            }
            _ if section == "begincodespacerange" && hex(tok)?.len() != 1 => return None,
            _ => {}
        }
    }
    Some(out)
}

/// Speed-up: pdf-extract re-parses every font's ToUnicode CMap on every page with a
/// slow parser (about half the run time on LibreOffice reports). For simple fonts whose
/// CMap maps single-byte codes to characters with standard glyph names, the same
/// mapping is expressed as an `/Encoding` `/Differences` array, which decodes to the
/// same text; any font that does not fit exactly is left untouched. Also drops the
/// unused `FontFile2` streams (see below).
fn simplify_to_unicode(doc: &mut pdf_extract::Document) {
    use pdf_extract::{Dictionary, Object};
    let mut rewrites: Vec<(pdf_extract::ObjectId, Vec<Object>, Vec<u8>)> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(font) = obj.as_dict() else { continue };
        if font.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font") {
            continue;
        }
        let subtype = font.get(b"Subtype").and_then(|t| t.as_name()).ok();
        // Absent encoding means WinAnsi only for TrueType (pdf-extract's fallback).
        let base: Vec<u8> = match (subtype, font.get(b"Encoding").ok()) {
            (Some(b"TrueType"), None) => b"WinAnsiEncoding".to_vec(),
            (Some(b"TrueType") | Some(b"Type1"), Some(Object::Name(n)))
                if n == b"WinAnsiEncoding" || n == b"MacRomanEncoding" =>
            {
                n.clone()
            }
            _ => continue,
        };
        if let Ok(fd) = font
            .get(b"FontDescriptor")
            .and_then(|r| doc.dereference(r))
            .and_then(|(_, o)| o.as_dict())
        {
            if fd.has(b"FontFile3") {
                continue;
            }
        }
        let Ok(Object::Reference(tu)) = font.get(b"ToUnicode") else {
            continue;
        };
        let Ok(stream) = doc.get_object(*tu).and_then(|o| o.as_stream()) else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let Some(map) = parse_simple_cmap(&data) else {
            continue;
        };
        let mut diffs = Vec::with_capacity(map.len() * 2);
        let mut ok = true;
        for (code, c) in map {
            match glyph_name(c) {
                Some(name) => {
                    diffs.push(Object::Integer(i64::from(code)));
                    diffs.push(Object::Name(name.as_bytes().to_vec()));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            rewrites.push((id, diffs, base));
        }
    }
    // pdf-extract decompresses a TrueType font's FontFile2 on every page and then
    // ignores it; dropping the key from our in-memory copy saves that work.
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor") {
                d.remove(b"FontFile2");
            }
        }
    }
    for (id, diffs, base) in rewrites {
        if let Some(Object::Dictionary(font)) = doc.objects.get_mut(&id) {
            let mut enc = Dictionary::new();
            enc.set("Type", Object::Name(b"Encoding".to_vec()));
            enc.set("BaseEncoding", Object::Name(base));
            enc.set("Differences", Object::Array(diffs));
            font.set("Encoding", Object::Dictionary(enc));
            font.remove(b"ToUnicode");
        }
    }
}

// ---------------------------------------------------------------------------------
// Lines and words

/// Groups the collector's glyphs for one page into lines and words, appending them.
fn build_lines(dev: &Collector, page: u32, out: &mut Vec<PageLine>) {
    let g = &dev.glyphs;
    if g.is_empty() {
        return;
    }
    let mut order: Vec<u32> = (0..g.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&g[a as usize], &g[b as usize]);
        a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
    });
    let mut i = 0;
    while i < order.len() {
        let first = &g[order[i] as usize];
        let tol = (first.size * LINE_TOL).max(0.5);
        let mut j = i + 1;
        while j < order.len() && g[order[j] as usize].y - first.y <= tol {
            j += 1;
        }
        let members = &mut order[i..j];
        members.sort_by(|&a, &b| g[a as usize].x.total_cmp(&g[b as usize].x));
        if let Some(line) = words_of(dev, members, page) {
            out.push(PageLine {
                line,
                height: dev.height,
            });
        }
        i = j;
    }
}

/// Splits one line's glyphs (sorted by x) into words; `None` when nothing visible.
fn words_of(dev: &Collector, members: &[u32], page: u32) -> Option<Line> {
    let g = &dev.glyphs;
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let (mut ysum, mut yn) = (0.0f32, 0u32);
    for &k in members {
        let gl = &g[k as usize];
        if gl.is_space() {
            if let Some(w) = cur.take() {
                words.push(w);
            }
            continue;
        }
        ysum += gl.y;
        yn += 1;
        let text = &dev.text[gl.start as usize..gl.end as usize];
        match cur.as_mut() {
            Some(w) if gl.x - w.x1 <= WORD_GAP * gl.size => {
                w.text.push_str(text);
                w.x1 = w.x1.max(gl.x1);
            }
            _ => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                let mut s = String::with_capacity(16);
                s.push_str(text);
                cur = Some(Word {
                    text: s,
                    x0: gl.x,
                    x1: gl.x1.max(gl.x),
                });
            }
        }
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    if words.is_empty() {
        return None;
    }
    Some(Line::from_words(page, 0, ysum / yn as f32, words))
}

// ---------------------------------------------------------------------------------
// Headers and footers

/// The text with every run of digits replaced by a single `#`.
fn mask_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// True for `Page 3 of 7` (any case), the whole text.
fn is_page_n_of_m(s: &str) -> bool {
    let w: Vec<&str> = s.split(' ').collect();
    w.len() == 4
        && w[0].eq_ignore_ascii_case("page")
        && w[2].eq_ignore_ascii_case("of")
        && w[1].bytes().all(|b| b.is_ascii_digit())
        && w[3].bytes().all(|b| b.is_ascii_digit())
        && !w[1].is_empty()
        && !w[3].is_empty()
}

/// True when the text ends with `Page N of M`.
fn ends_with_page_n_of_m(s: &str) -> bool {
    let w: Vec<&str> = s.split(' ').collect();
    w.len() >= 4 && is_page_n_of_m(&w[w.len() - 4..].join(" "))
}

/// Lines that are boilerplate wherever they are on the page.
fn is_boilerplate(text: &str) -> bool {
    let t = text.trim();
    if is_page_n_of_m(t) || t.eq_ignore_ascii_case("dcc public") {
        return true;
    }
    if t.to_ascii_lowercase()
        .starts_with("this document has a classification of")
    {
        return true;
    }
    // e.g. `SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7`
    ends_with_page_n_of_m(t) && t.to_ascii_lowercase().contains("dcc public")
}

/// Drops running headers/footers and boilerplate lines.
fn drop_headers_footers(lines: Vec<PageLine>) -> Vec<Line> {
    let in_band = |pl: &PageLine| {
        let h = if pl.height > 0.0 { pl.height } else { 842.0 };
        pl.line.y < h * BAND || pl.line.y > h * (1.0 - BAND)
    };
    let mut pages_by_text: HashMap<String, HashSet<u32>> = HashMap::new();
    for pl in lines.iter().filter(|pl| in_band(pl)) {
        pages_by_text
            .entry(mask_digits(&pl.line.text))
            .or_default()
            .insert(pl.line.page);
    }
    lines
        .into_iter()
        .filter(|pl| {
            if is_boilerplate(&pl.line.text) {
                return false;
            }
            if in_band(pl) {
                if ends_with_page_n_of_m(&pl.line.text) {
                    return false;
                }
                if pages_by_text
                    .get(&mask_digits(&pl.line.text))
                    .is_some_and(|p| p.len() >= 2)
                {
                    return false;
                }
            }
            true
        })
        .map(|pl| pl.line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::content::{Content, Operation};
    use pdf_extract::{dictionary, Object, Stream};

    /// Builds a one-font Helvetica PDF; each page is a list of (x, y-from-top, text).
    fn make_pdf(pages: &[Vec<(f32, f32, &str)>]) -> Vec<u8> {
        let mut doc = pdf_extract::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let resources_id =
            doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
        let mut kids = Vec::new();
        for page in pages {
            let mut ops = Vec::new();
            for &(x, y, t) in page {
                ops.push(Operation::new("BT", vec![]));
                ops.push(Operation::new("Tf", vec!["F1".into(), 9.into()]));
                ops.push(Operation::new("Td", vec![x.into(), (842.0 - y).into()]));
                ops.push(Operation::new("Tj", vec![Object::string_literal(t)]));
                ops.push(Operation::new("ET", vec![]));
            }
            let content = Content { operations: ops };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            });
            kids.push(page_id.into());
        }
        let n = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => n, "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        buf
    }

    fn read(bytes: &[u8]) -> Result<Document, ReadErrorKind> {
        read_pdf("t.pdf", bytes, Duration::from_secs(20)).map_err(|e| e.kind)
    }

    #[test]
    fn words_split_at_spaces_and_wide_gaps() {
        let pdf = make_pdf(&[vec![
            (40.0, 100.0, "0053 Amend"),
            (200.0, 100.0, "10/04/2019"),
        ]]);
        let doc = read(&pdf).unwrap();
        assert_eq!(doc.pages, 1);
        assert_eq!(doc.kind, SourceKind::Pdf);
        assert!(doc.positional);
        let l = &doc.lines[0];
        assert_eq!(l.text, "0053 Amend 10/04/2019");
        assert_eq!((l.page, l.line), (1, 1));
        assert!((l.y - 100.0).abs() < 0.01, "y = {}", l.y);
        assert!((l.words[0].x0 - 40.0).abs() < 0.01);
        assert!((l.words[2].x0 - 200.0).abs() < 0.01);
        assert!(l.words[0].x1 > l.words[0].x0 && l.words[0].x1 < l.words[1].x0);
    }

    #[test]
    fn lines_sorted_top_to_bottom_and_numbered_across_pages() {
        let pdf = make_pdf(&[
            vec![(40.0, 300.0, "second"), (40.0, 200.0, "first")],
            vec![(40.0, 200.0, "third")],
        ]);
        let doc = read(&pdf).unwrap();
        let got: Vec<_> = doc
            .lines
            .iter()
            .map(|l| (l.page, l.line, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(1, 1, "first"), (1, 2, "second"), (2, 3, "third")]
        );
    }

    #[test]
    fn repeated_headers_and_footers_are_dropped() {
        let page = |n: &'static str| {
            vec![
                (40.0, 30.0, "Change Status Report"),
                (500.0, 30.0, "SECAS"),
                (40.0, 400.0, "Change Status Report"),
                (40.0, 420.0, n),
                (
                    250.0,
                    800.0,
                    if n == "one" {
                        "Page 1 of 2"
                    } else {
                        "Page 2 of 2"
                    },
                ),
                (200.0, 812.0, "This document has a Classification of White"),
            ]
        };
        let doc = read(&make_pdf(&[page("one"), page("two")])).unwrap();
        let got: Vec<_> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            got,
            vec!["Change Status Report", "one", "Change Status Report", "two"]
        );
    }

    #[test]
    fn boilerplate_detection() {
        assert!(is_boilerplate("Page 3 of 7"));
        assert!(is_boilerplate("DCC PUBLIC"));
        assert!(is_boilerplate("DCC Public"));
        assert!(is_boilerplate(
            "SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7"
        ));
        assert!(is_boilerplate(
            "This document has a Classification of White"
        ));
        assert!(!is_boilerplate("Classification: DCC Public"));
        assert!(!is_boilerplate("3 DCC Assessment Delivery Dates"));
        assert_eq!(mask_digits("Page 12 of 14"), "Page # of #");
    }

    #[test]
    fn bad_inputs_map_to_kinds() {
        assert_eq!(read(b"").unwrap_err(), ReadErrorKind::Empty);
        assert!(matches!(
            read(b"hello world").unwrap_err(),
            ReadErrorKind::NotAReport(_)
        ));
        let good = make_pdf(&[vec![(40.0, 100.0, "x")]]);
        assert!(matches!(
            read(&good[..good.len() / 2]).unwrap_err(),
            ReadErrorKind::BadPdf(_)
        ));
        assert!(matches!(
            read(b"%PDF-1.4\n%%EOF\n").unwrap_err(),
            ReadErrorKind::BadPdf(_)
        ));
    }

    #[test]
    fn glyph_names_round_trip_through_pdf_extract() {
        // Every name the ToUnicode speed-up emits must decode back to its character.
        let mut chars: Vec<char> = GLYPH_NAMES
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| *c != ' ')
            .collect();
        chars.extend('A'..='Z');
        chars.extend('a'..='z');
        let mut diffs = Vec::new();
        let mut codes = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let code = if i < 31 {
                1 + i as u8
            } else {
                128 + (i - 31) as u8
            }; // never 32 (space)
            diffs.push(Object::Integer(code as i64));
            diffs.push(Object::Name(glyph_name(*c).unwrap().as_bytes().to_vec()));
            codes.push(code);
            codes.push(b' ');
        }
        let mut doc = pdf_extract::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding", "Differences" => diffs },
        });
        let ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 6.into()]),
            Operation::new("Td", vec![10.into(), 700.into()]),
            Operation::new(
                "Tj",
                vec![Object::String(codes, pdf_extract::StringFormat::Literal)],
            ),
            Operation::new("ET", vec![]),
        ];
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        ));
        let page_id = doc.add_object(
            dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content_id },
        );
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
                "MediaBox" => vec![0.into(), 0.into(), 2000.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        let got = read(&buf).unwrap();
        let words: Vec<&str> = got.lines[0].words.iter().map(|w| w.text.as_str()).collect();
        let want: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
        assert_eq!(words, want);
    }

    #[test]
    fn simple_cmaps_parse() {
        let cmap = b"1 begincodespacerange <00> <FF> endcodespacerange\n2 beginbfchar\n<01> <0053>\n<02> <2019>\nendbfchar\n1 beginbfrange <10> <12> <0061> endbfrange";
        assert_eq!(
            parse_simple_cmap(cmap).unwrap(),
            vec![(1, 'S'), (2, '’'), (0x10, 'a'), (0x11, 'b'), (0x12, 'c')]
        );
        assert!(
            parse_simple_cmap(b"1 begincodespacerange <0000> <FFFF> endcodespacerange").is_none()
        );
        assert!(parse_simple_cmap(b"1 beginbfchar <01> <00660069> endbfchar").is_none());
        // a non-ASCII character inside a hex string used to split a UTF-8 sequence
        assert!(
            parse_simple_cmap("1 beginbfchar <a\u{e9}0> <0053> endbfchar".as_bytes()).is_none()
        );
        assert!(
            parse_simple_cmap("1 beginbfchar <01> <\u{e9}\u{e9}> endbfchar".as_bytes()).is_none()
        );
    }

    #[test]
    fn no_text_is_no_text_layer() {
        assert_eq!(
            read(&make_pdf(&[vec![]])).unwrap_err(),
            ReadErrorKind::NoTextLayer
        );
    }

    #[test]
    fn zero_budget_times_out_without_hanging() {
        let pdf = make_pdf(&[vec![(40.0, 100.0, "x")]]);
        let r = read_pdf("t.pdf", &pdf, Duration::ZERO);
        // Either the worker was faster than the scheduler or we time out; never a hang.
        if let Err(e) = r {
            assert_eq!(e.kind, ReadErrorKind::Timeout(Duration::ZERO));
        }
    }

    #[test]
    fn own_code_is_told_apart_from_the_libraries() {
        assert!(is_own_code("src/read/pdf.rs"));
        assert!(is_own_code(&format!("{OWN_SRC}read/pdf.rs")));
        assert!(!is_own_code(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/pdf-extract-0.12.0/src/lib.rs"
        ));
        assert!(!is_own_code("/rustc/abc/library/core/src/slice/index.rs"));
    }

    #[test]
    fn panics_are_caught_and_silenced() {
        install_quiet_panic_hook();
        let h = std::thread::spawn(|| {
            QUIET_PANICS.with(|q| q.set(true));
            panic::catch_unwind(|| panic!("boom")).map_err(|p| panic_message(&*p))
        });
        assert_eq!(h.join().unwrap().unwrap_err(), "boom");
    }
}
