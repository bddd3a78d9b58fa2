//! OCR word boxes: tesseract's TSV and hOCR in, positional lines out.
//!
//! In: the text of a TSV file (`tesseract IMAGE - tsv`, or `pdftotext -tsv`:
//! columns are found by their header names, so either order of `block_num`
//! and `par_num` reads) or of an hOCR file (`tesseract IMAGE - hocr`), or
//! word boxes an OCR run made from a scanned page.
//!
//! Out: [`WordBox`]es (each word with its page, tesseract's block, paragraph
//! and line ids, its box in the engine's pixels and its confidence) and, from
//! them, the same [`Line`]s of words-with-positions the PDF reader makes: x
//! in points from the page's left edge, y (the line's baseline) in points
//! from the page's top. Tesseract's lines are its block/par/line ids; lines
//! of different blocks that sit on one baseline (the cells of a table row,
//! which tesseract often puts in blocks of their own) are joined into one
//! line, left to right, so the positional table reader sees whole rows.
//!
//! Units: pixels become points by the page's resolution when it is known
//! (the scan's dpi, hOCR's `scan_res`), else by the paper size the page's
//! shape is nearest to (A4, Letter, Legal; either orientation).

use crate::layout::{Line, ReadNote, Word};
use crate::model::Code;
use crate::normalise::dates::{find_dates, DateContext};
use crate::normalise::ids::find_refs;
use std::collections::BTreeMap;

/// One word as the OCR engine boxed it.
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    /// 1-based page.
    pub page: u32,
    /// The engine's block id on the page.
    pub block: u32,
    /// The engine's paragraph id in the block.
    pub par: u32,
    /// The engine's line id in the paragraph.
    pub line: u32,
    /// Left edge, in the engine's units (pixels).
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Confidence, 0 to 100.
    pub conf: f32,
    /// The word, never empty, no whitespace.
    pub text: String,
}

/// A page's size in the engine's units, and how many points one unit is
/// when that is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBox {
    /// 1-based page.
    pub page: u32,
    /// Width in the engine's units.
    pub width: f32,
    /// Height in the engine's units.
    pub height: f32,
    /// Points per unit (72 / dpi), when the resolution is known.
    pub points_per_unit: Option<f32>,
}

/// Paper sizes in points (short side, long side), for pages of unknown resolution.
const PAPERS: [(f32, f32); 3] = [(595.28, 841.89), (612.0, 792.0), (612.0, 1008.0)];

impl PageBox {
    /// Points per engine unit: the known resolution, else the paper whose
    /// shape is nearest the page's, its short side matched.
    pub fn scale(&self) -> f32 {
        if let Some(s) = self.points_per_unit.filter(|s| s.is_finite() && *s > 0.0) {
            return s;
        }
        let (short, long) = if self.width <= self.height {
            (self.width, self.height)
        } else {
            (self.height, self.width)
        };
        if short <= 0.0 || !short.is_finite() || !long.is_finite() {
            return 1.0;
        }
        let aspect = long / short;
        let paper = PAPERS
            .iter()
            .min_by(|a, b| {
                let da = (a.1 / a.0 - aspect).abs();
                let db = (b.1 / b.0 - aspect).abs();
                da.total_cmp(&db)
            })
            .copied()
            .unwrap_or(PAPERS[0]);
        paper.0 / short
    }
}

/// What an OCR engine recognised in one file or scan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognised {
    /// Page sizes, by page.
    pub pages: Vec<PageBox>,
    /// Words in the engine's order.
    pub words: Vec<WordBox>,
}

/// Why a word-box file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoxError {
    /// A TSV file without the columns word boxes need.
    #[error("the TSV file has no {0:?} column (not tesseract's or pdftotext's word boxes?)")]
    MissingColumn(&'static str),
    /// An hOCR file that is not well-formed.
    #[error("the hOCR file cannot be read at byte {offset}: {message}")]
    Hocr {
        /// Byte offset of the problem.
        offset: u64,
        /// What the XML parser said.
        message: String,
    },
}

/// True when text starts like a word-box TSV (tesseract's or pdftotext's header).
pub fn looks_like_tsv(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let cols: Vec<&str> = first.split('\t').map(str::trim).collect();
    [
        "level", "page_num", "left", "top", "width", "height", "text",
    ]
    .iter()
    .all(|c| cols.contains(c))
}

/// True when text looks like hOCR (an HTML page of `ocr_page` elements).
pub fn looks_like_hocr(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    let lower = head.to_ascii_lowercase();
    lower.contains("<html") && (lower.contains("ocr_page") || lower.contains("ocr-system"))
}

/// The columns a word-box TSV needs, by name.
struct TsvColumns {
    level: usize,
    page: usize,
    block: usize,
    par: usize,
    line: usize,
    left: usize,
    top: usize,
    width: usize,
    height: usize,
    conf: usize,
    text: usize,
}

impl TsvColumns {
    fn from_header(header: &str) -> Result<TsvColumns, BoxError> {
        let names: Vec<&str> = header
            .trim_start_matches('\u{feff}')
            .split('\t')
            .map(str::trim)
            .collect();
        let find = |name: &'static str| {
            names
                .iter()
                .position(|n| *n == name)
                .ok_or(BoxError::MissingColumn(name))
        };
        Ok(TsvColumns {
            level: find("level")?,
            page: find("page_num")?,
            block: find("block_num")?,
            par: find("par_num")?,
            line: find("line_num")?,
            left: find("left")?,
            top: find("top")?,
            width: find("width")?,
            height: find("height")?,
            conf: find("conf")?,
            text: find("text")?,
        })
    }
}

/// Reads a word-box TSV: level-1 rows are pages, level-5 rows words (rows
/// that do not parse, and pdftotext's `###PAGE###`-style markers, are skipped).
pub fn parse_tsv(text: &str) -> Result<Recognised, BoxError> {
    let mut lines = text.lines();
    let cols = TsvColumns::from_header(lines.next().unwrap_or(""))?;
    let mut out = Recognised::default();
    for row in lines {
        let cells: Vec<&str> = row.split('\t').collect();
        let num = |i: usize| cells.get(i).and_then(|c| c.trim().parse::<f32>().ok());
        let int = |i: usize| {
            num(i)
                .filter(|v| *v >= 0.0 && v.is_finite())
                .map(|v| v as u32)
        };
        let (Some(level), Some(page)) = (int(cols.level), int(cols.page)) else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (
            num(cols.left),
            num(cols.top),
            num(cols.width),
            num(cols.height),
        ) else {
            continue;
        };
        if level == 1 {
            out.pages.push(PageBox {
                page,
                width: left + width,
                height: top + height,
                points_per_unit: None,
            });
            continue;
        }
        let word = cells.get(cols.text).map_or("", |t| t.trim());
        if level != 5 || word.is_empty() || word.starts_with("###") {
            continue;
        }
        let ids = (int(cols.block), int(cols.par), int(cols.line));
        push_word(
            &mut out,
            WordBox {
                page,
                block: ids.0.unwrap_or(0),
                par: ids.1.unwrap_or(0),
                line: ids.2.unwrap_or(0),
                left,
                top,
                width,
                height,
                conf: num(cols.conf).unwrap_or(-1.0),
                text: word.to_string(),
            },
        );
    }
    Ok(out)
}

/// Adds a word, splitting it at inner whitespace (a box never holds a space
/// in a [`Word`]); the pieces share the box in proportion to their length.
fn push_word(out: &mut Recognised, b: WordBox) {
    let pieces: Vec<&str> = b.text.split_whitespace().collect();
    if pieces.len() <= 1 {
        if !pieces.is_empty() {
            out.words.push(b);
        }
        return;
    }
    let total: usize = b.text.chars().count().max(1);
    let mut offset = 0usize;
    for p in pieces {
        let start = b.text[offset..].find(p).map_or(offset, |i| offset + i);
        let before = b.text[..start].chars().count();
        let n = p.chars().count();
        out.words.push(WordBox {
            left: b.left + b.width * before as f32 / total as f32,
            width: b.width * n as f32 / total as f32,
            text: p.to_string(),
            ..b.clone()
        });
        offset = start + p.len();
    }
}

/// Which hOCR element a start tag opens, by its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HocrClass {
    Page,
    Block,
    Par,
    Line,
    Word,
    Other,
}

fn hocr_class(class: &str) -> HocrClass {
    let has = |c: &str| class.split_whitespace().any(|k| k == c);
    if has("ocr_page") {
        HocrClass::Page
    } else if has("ocr_carea") || has("ocrx_block") {
        HocrClass::Block
    } else if has("ocr_par") {
        HocrClass::Par
    } else if [
        "ocr_line",
        "ocrx_line",
        "ocr_caption",
        "ocr_header",
        "ocr_textfloat",
    ]
    .iter()
    .any(|c| has(c))
    {
        HocrClass::Line
    } else if has("ocrx_word") {
        HocrClass::Word
    } else {
        HocrClass::Other
    }
}

/// The numbers after `key` in an hOCR `title` (`bbox 1 2 3 4; x_wconf 95`).
fn title_numbers(title: &str, key: &str) -> Vec<f32> {
    title
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(key).filter(|r| r.starts_with(' ')))
        .map(|rest| {
            rest.split_whitespace()
                .filter_map(|n| n.parse::<f32>().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Where the hOCR walk is.
#[derive(Default)]
struct HocrWalk {
    out: Recognised,
    page: u32,
    ids: (u32, u32, u32),
    /// The word being read: its box and confidence, its text so far, and the
    /// element depth it opened at.
    word: Option<(WordBox, usize)>,
    depth: usize,
}

impl HocrWalk {
    fn open(&mut self, class: HocrClass, title: &str) {
        let bbox = title_numbers(title, "bbox");
        match class {
            HocrClass::Page => {
                self.page += 1;
                self.ids = (0, 0, 0);
                let res = title_numbers(title, "scan_res");
                if let [x0, y0, x1, y1] = bbox[..] {
                    self.out.pages.push(PageBox {
                        page: self.page,
                        width: x1.max(x0),
                        height: y1.max(y0),
                        points_per_unit: res.first().filter(|r| **r > 0.0).map(|r| 72.0 / r),
                    });
                }
            }
            HocrClass::Block => self.ids = (self.ids.0 + 1, 0, 0),
            HocrClass::Par => self.ids = (self.ids.0, self.ids.1 + 1, 0),
            HocrClass::Line => self.ids.2 += 1,
            HocrClass::Word => {
                if let [x0, y0, x1, y1] = bbox[..] {
                    let conf = title_numbers(title, "x_wconf").first().copied();
                    let b = WordBox {
                        page: self.page.max(1),
                        block: self.ids.0,
                        par: self.ids.1,
                        line: self.ids.2,
                        left: x0,
                        top: y0,
                        width: (x1 - x0).max(0.0),
                        height: (y1 - y0).max(0.0),
                        conf: conf.unwrap_or(-1.0),
                        text: String::new(),
                    };
                    self.word = Some((b, self.depth));
                }
            }
            HocrClass::Other => {}
        }
    }

    fn close(&mut self) {
        if self.word.as_ref().is_some_and(|(_, d)| *d == self.depth) {
            if let Some((mut b, _)) = self.word.take() {
                b.text = b.text.trim().to_string();
                push_word(&mut self.out, b);
            }
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((b, _)) = self.word.as_mut() {
            b.text.push_str(t);
        }
    }
}

/// Reads an hOCR file (tesseract's, or any engine's that follows the hOCR
/// classes: `ocr_page`, `ocr_carea`, `ocr_par`, `ocr_line`, `ocrx_word`).
pub fn parse_hocr(text: &str) -> Result<Recognised, BoxError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    reader.config_mut().trim_text(false);
    let mut walk = HocrWalk::default();
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| BoxError::Hocr {
            offset: at,
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) => {
                walk.depth += 1;
                let (class, title) = hocr_attributes(&e);
                walk.open(hocr_class(&class), &title);
            }
            Event::Empty(e) => {
                let (class, title) = hocr_attributes(&e);
                walk.depth += 1;
                walk.open(hocr_class(&class), &title);
                walk.close();
                walk.depth -= 1;
            }
            Event::End(_) => {
                walk.close();
                walk.depth = walk.depth.saturating_sub(1);
            }
            Event::Text(t) => walk.text(&String::from_utf8_lossy(t.as_ref())),
            Event::GeneralRef(r) => walk.text(&entity(&r)),
            Event::CData(t) => walk.text(&String::from_utf8_lossy(t.as_ref())),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(walk.out)
}

/// The text an entity reference stands for (`&amp;`, `&#39;`: the ones hOCR writers use);
/// an unknown one is kept as written.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map_or_else(|| format!("&{name};"), str::to_string)
}

/// An element's `class` and `title` attributes (empty when absent).
fn hocr_attributes(e: &quick_xml::events::BytesStart<'_>) -> (String, String) {
    let mut class = String::new();
    let mut title = String::new();
    for a in e.attributes().with_checks(false).flatten() {
        let value = a.unescape_value().map_or_else(
            |_| String::from_utf8_lossy(&a.value).into_owned(),
            |v| v.into_owned(),
        );
        match a.key.as_ref() {
            b"class" => class = value,
            b"title" => title = value,
            _ => {}
        }
    }
    (class, title)
}

// ---------------------------------------------------------------------------------
// Word boxes to lines

/// Two engine lines are one row when their baselines are at most this many
/// word heights apart: the cells of a table row share a baseline (as the
/// PDF reader joins glyphs within 0.3 font sizes), while the lines of a
/// wrapped cell are about 1.2 word heights apart and a middle-anchored
/// cell's single line half of that from its neighbours.
const ROW_BASELINE: f32 = 0.35;

/// A word box converted to points, with its confidence.
#[derive(Debug, Clone)]
pub struct PlacedWord {
    /// The word in points.
    pub word: Word,
    /// Top edge in points from the page top.
    pub top: f32,
    /// Bottom edge in points from the page top.
    pub bottom: f32,
    /// The engine's confidence, 0 to 100 (negative when not given).
    pub conf: f32,
}

/// One engine line: its words in points, left to right.
struct EngineLine {
    words: Vec<PlacedWord>,
    /// The baseline, from its words.
    baseline: f32,
    /// Its words' median height.
    size: f32,
}

impl EngineLine {
    fn new(words: Vec<PlacedWord>) -> EngineLine {
        let mut heights: Vec<f32> = words.iter().map(|w| w.bottom - w.top).collect();
        heights.sort_by(f32::total_cmp);
        EngineLine {
            baseline: baseline(&words),
            size: median(&heights).max(0.1),
            words,
        }
    }

    /// True when the two share a baseline, measured by the taller's words
    /// (a bullet OCR'd as `e` sits a little above its item's baseline).
    fn shares_baseline(&self, other: &EngineLine) -> bool {
        (self.baseline - other.baseline).abs() <= ROW_BASELINE * self.size.max(other.size)
    }
}

/// A line of a page with each word's confidence beside it (for the
/// low-confidence check).
#[derive(Debug, Clone)]
pub struct OcrLine {
    /// The line, as every reader makes it (line number 0 until numbered).
    pub line: Line,
    /// Confidence of each of `line.words`, in order.
    pub conf: Vec<f32>,
}

/// Cleans a word the way OCR prints table rulings: a word of only `|` or `_`
/// is a ruling, and a `|` glued to either end of a word is one too.
fn clean_word(text: &str) -> Option<String> {
    let t = text.trim_matches(|c: char| c == '|' || c.is_whitespace());
    let rule = t.chars().all(|c| matches!(c, '_' | '|'))
        || (t.chars().count() > 1 && t.chars().all(|c| matches!(c, '—' | '-' | '=' | '_')));
    (!t.is_empty() && !rule).then(|| t.to_string())
}

/// Builds one page's lines from its word boxes (any order): engine lines by
/// their ids, joined into rows where they share a baseline.
pub fn page_lines(words: &[WordBox], page: &PageBox) -> Vec<OcrLine> {
    let s = page.scale();
    let mut by_id: BTreeMap<(u32, u32, u32), Vec<PlacedWord>> = BTreeMap::new();
    for b in words.iter().filter(|b| b.page == page.page) {
        let Some(text) = clean_word(&b.text) else {
            continue;
        };
        let placed = PlacedWord {
            word: Word {
                text: text.into(),
                x0: b.left * s,
                x1: (b.left + b.width) * s,
            },
            top: b.top * s,
            bottom: (b.top + b.height) * s,
            conf: b.conf,
        };
        by_id
            .entry((b.block, b.par, b.line))
            .or_default()
            .push(placed);
    }
    let mut engine: Vec<EngineLine> = by_id.into_values().map(EngineLine::new).collect();
    engine.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    rows(engine)
        .into_iter()
        .map(|row| row_line(page.page, row))
        .collect()
}

/// Groups engine lines (sorted by baseline) into rows: a line joins the row
/// whose first line's baseline it shares.
fn rows(engine: Vec<EngineLine>) -> Vec<Vec<EngineLine>> {
    let mut out: Vec<Vec<EngineLine>> = Vec::new();
    for l in engine {
        match out.last_mut() {
            Some(row) if row[0].shares_baseline(&l) => row.push(l),
            _ => out.push(vec![l]),
        }
    }
    out
}

/// Characters that reach below the baseline: a word holding one has its
/// box's bottom below the line's baseline.
const DESCENDERS: &str = "gjpqyQ,;()[]{}|/@$";
/// How far below the baseline a descender reaches, as a share of a box's
/// height (about 0.2 em in a box 1 em high).
const DESCENDER_DEPTH: f32 = 0.2;
/// An OCR box hugs the ink; a PDF glyph box runs to the glyph's advance, so
/// each OCR box is widened by this share of its row's median word height on
/// each side, to put the gaps between words where the PDF reader puts them
/// (about 0.1 em of side bearing per edge; a word's box is about 0.8 em high).
const SIDE_BEARING: f32 = 0.12;

/// The middle of a sorted list (0 when empty).
fn median(sorted: &[f32]) -> f32 {
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

/// A row's baseline: the median bottom of its words without descenders,
/// else of all its words raised by a descender's depth.
fn baseline(words: &[PlacedWord]) -> f32 {
    let sorted = |it: &mut dyn Iterator<Item = f32>| {
        let mut v: Vec<f32> = it.collect();
        v.sort_by(f32::total_cmp);
        v
    };
    let flat = sorted(
        &mut words
            .iter()
            .filter(|w| !w.word.text.chars().any(|c| DESCENDERS.contains(c)))
            .map(|w| w.bottom),
    );
    if !flat.is_empty() {
        return median(&flat);
    }
    let heights = sorted(&mut words.iter().map(|w| w.bottom - w.top));
    median(&sorted(&mut words.iter().map(|w| w.bottom))) - DESCENDER_DEPTH * median(&heights)
}

/// One row as a line: words left to right, each widened by its side
/// bearings, y the row's baseline (as the PDF reader's y is).
fn row_line(page: u32, row: Vec<EngineLine>) -> OcrLine {
    let mut words: Vec<PlacedWord> = row.into_iter().flat_map(|l| l.words).collect();
    words.sort_by(|a, b| a.word.x0.total_cmp(&b.word.x0));
    let mut heights: Vec<f32> = words.iter().map(|w| w.bottom - w.top).collect();
    heights.sort_by(f32::total_cmp);
    let height = median(&heights);
    let y = baseline(&words);
    let pad = SIDE_BEARING * height;
    let conf = words.iter().map(|w| w.conf).collect();
    let words = words
        .into_iter()
        .map(|w| Word {
            x0: w.word.x0 - pad,
            x1: w.word.x1 + pad,
            text: w.word.text,
        })
        .collect();
    OcrLine {
        line: Line::from_words(page, 0, y, words),
        conf,
    }
}

/// Every page's lines, pages in order (a page named by words but missing
/// from the page list gets a size from its words' extent).
pub fn all_lines(rec: &Recognised) -> Vec<OcrLine> {
    let mut pages: BTreeMap<u32, PageBox> = rec.pages.iter().map(|p| (p.page, *p)).collect();
    for w in &rec.words {
        let p = pages.entry(w.page).or_insert(PageBox {
            page: w.page,
            width: 0.0,
            height: 0.0,
            points_per_unit: None,
        });
        if p.points_per_unit.is_none() && !rec.pages.iter().any(|k| k.page == w.page) {
            p.width = p.width.max(w.left + w.width);
            p.height = p.height.max(w.top + w.height);
        }
    }
    pages
        .values()
        .flat_map(|p| page_lines(&rec.words, p))
        .collect()
}

/// Tesseract's word confidence (0-100) below which a reference or a date it
/// read is a `warning` to check against the page: on the scans of the
/// generated corpus, 33 of the 69 references it read under 60 were misread
/// (`SECMPO0060`), while clean print reads at 90 or more.
pub const LOW_CONFIDENCE: f32 = 60.0;

/// Numbers the lines 1, 2, ... in order and notes each reference or date
/// whose words tesseract was unsure of (lines without confidences, from a
/// text layer, are not checked).
pub fn finish_lines(lines: Vec<OcrLine>) -> (Vec<Line>, Vec<ReadNote>) {
    let mut out = Vec::with_capacity(lines.len());
    let mut notes = Vec::new();
    for (i, mut l) in lines.into_iter().enumerate() {
        l.line.line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        notes.extend(unsure_values(&l));
        out.push(l.line);
    }
    (out, notes)
}

/// The byte span each word of a line takes in `line.text` (words joined by
/// single spaces).
fn word_spans(line: &Line) -> Vec<(usize, usize)> {
    let mut at = 0;
    line.words
        .iter()
        .map(|w| {
            let span = (at, at + w.text.len());
            at = span.1 + 1;
            span
        })
        .collect()
}

/// Warnings for the references and dates of a line whose words' lowest
/// confidence is under [`LOW_CONFIDENCE`].
fn unsure_values(l: &OcrLine) -> Vec<ReadNote> {
    if l.conf.len() != l.line.words.len() {
        return Vec::new();
    }
    let spans = word_spans(&l.line);
    let text = &l.line.text;
    let mut found: Vec<(usize, usize, &str)> = find_refs(text)
        .into_iter()
        .map(|r| (r.start, r.end, "reference"))
        .collect();
    found.extend(
        find_dates(text, DateContext::default())
            .into_iter()
            .map(|d| (d.start, d.end, "date")),
    );
    found.sort();
    found
        .into_iter()
        .filter_map(|(start, end, what)| {
            let conf = spans
                .iter()
                .zip(&l.conf)
                .filter(|((a, b), _)| *a < end && *b > start)
                .map(|(_, c)| *c)
                .filter(|c| *c >= 0.0)
                .fold(f32::INFINITY, f32::min);
            (conf < LOW_CONFIDENCE).then(|| ReadNote {
                code: Code::LowOcrConfidence,
                page: Some(l.line.page),
                line: Some(l.line.line),
                message: format!(
                    "OCR read this {what} with {conf:.0}% confidence (under {LOW_CONFIDENCE:.0}%): check it against the page"
                ),
                text: text[start..end].to_string(),
            })
        })
        .collect()
}

/// A word-box file (TSV or hOCR) as a positional document.
pub fn document(source: &str, rec: &Recognised) -> crate::layout::Document {
    let (lines, notes) = finish_lines(all_lines(rec));
    let pages = rec
        .pages
        .iter()
        .map(|p| p.page)
        .chain(rec.words.iter().map(|w| w.page))
        .max()
        .unwrap_or(0);
    crate::layout::Document {
        source: source.to_string(),
        kind: crate::layout::SourceKind::Text,
        pages,
        positional: true,
        lines,
        rulings: Vec::new(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t
5\t1\t1\t1\t1\t1\t100\t200\t80\t20\t96.5\tMP076
5\t1\t2\t1\t1\t1\t400\t203\t60\t20\t91.0\tIA
5\t1\t3\t1\t1\t1\t600\t199\t120\t24\t88.0\t30/07/2019
5\t1\t1\t1\t2\t1\t100\t240\t150\t20\t95.0\t|Pursuing|
5\t1\t1\t1\t2\t2\t300\t240\t5\t20\t20.0\t|
";

    #[test]
    fn tsv_cells_of_one_row_become_one_line_in_points() {
        let rec = parse_tsv(TSV).unwrap();
        assert_eq!(rec.pages.len(), 1);
        assert_eq!(rec.words.len(), 5);
        let lines = all_lines(&rec);
        let texts: Vec<&str> = lines.iter().map(|l| l.line.text.as_str()).collect();
        assert_eq!(texts, ["MP076 IA 30/07/2019", "Pursuing"]);
        // 1654 px is an A4 width at 200 dpi: 0.36 points per pixel
        let s = 595.28 / 1654.0;
        // each box widened by 0.12 of the row's median word height (20 px) on each side
        let pad = 2.4 * s;
        let w = &lines[0].line.words;
        assert!((w[0].x0 - (100.0 * s - pad)).abs() < 0.01);
        assert!((w[2].x1 - (720.0 * s + pad)).abs() < 0.01);
        // the baseline is the words' median bottom
        assert!((lines[0].line.y - 223.0 * s).abs() < 0.01, "baseline");
        assert_eq!(lines[0].conf, vec![96.5, 91.0, 88.0]);
    }

    #[test]
    fn tsv_columns_are_found_by_name() {
        // pdftotext -tsv puts par_num before block_num and works in points
        let t = "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0.0\t0.0\t595.28\t841.89\t-1\t###PAGE###
5\t1\t0\t0\t0\t0\t50.0\t60.0\t30.0\t9.0\t100\tDP084
";
        let rec = parse_tsv(t).unwrap();
        assert_eq!(rec.words.len(), 1);
        assert!((rec.pages[0].scale() - 1.0).abs() < 1e-3);
        assert_eq!(
            parse_tsv("a\tb\n").unwrap_err(),
            BoxError::MissingColumn("level")
        );
        assert!(looks_like_tsv(t) && !looks_like_tsv("1. Summary\n"));
    }

    #[test]
    fn paper_sizes_give_scales() {
        let page = |w, h| PageBox {
            page: 1,
            width: w,
            height: h,
            points_per_unit: None,
        };
        for (w, h, want) in [
            (1654.0, 2339.0, 595.28 / 1654.0), // A4 portrait, 200 dpi
            (2339.0, 1654.0, 595.28 / 1654.0), // A4 landscape
            (2550.0, 3300.0, 612.0 / 2550.0),  // Letter, 300 dpi
            (0.0, 0.0, 1.0),
        ] {
            assert!((page(w, h).scale() - want).abs() < 1e-4, "{w}x{h}");
        }
        let known = PageBox {
            points_per_unit: Some(0.5),
            ..page(10.0, 10.0)
        };
        assert_eq!(known.scale(), 0.5);
    }

    #[test]
    fn hocr_words_lines_and_resolution() {
        let h = r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta name='ocr-system' content='tesseract 5.3.0' /></head>
<body><div class='ocr_page' id='page_1' title='image "x.png"; bbox 0 0 1240 1754; ppageno 0; scan_res 150 150'>
<div class='ocr_carea' id='block_1_1' title="bbox 10 10 500 60"><p class='ocr_par' lang='eng'>
<span class='ocr_line' title="bbox 10 10 500 30; baseline 0 -3"><span class='ocrx_word' title='bbox 10 10 90 30; x_wconf 93'>SECMP0053</span>
<span class='ocrx_word' title='bbox 100 10 200 30; x_wconf 41'><strong>Amend&amp;</strong></span></span>
<span class='ocr_line' title="bbox 10 40 500 60"><span class='ocrx_word' title='bbox 10 40 90 60; x_wconf 90'>Target</span></span>
</p></div></div></body></html>"#;
        assert!(looks_like_hocr(h));
        let rec = parse_hocr(h).unwrap();
        assert_eq!(rec.pages[0].points_per_unit, Some(72.0 / 150.0));
        let got: Vec<(&str, u32, f32)> = rec
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.line, w.conf))
            .collect();
        assert_eq!(
            got,
            [
                ("SECMP0053", 1, 93.0),
                ("Amend&", 1, 41.0),
                ("Target", 2, 90.0)
            ]
        );
        let lines = all_lines(&rec);
        assert_eq!(lines.len(), 2);
        assert!((lines[0].line.words[1].x0 - (100.0 - 2.4) * 0.48).abs() < 1e-3);
        assert!(matches!(
            parse_hocr("<html><body><div class='ocr_page' title='bbox 0 0 1 1'>")
                .map(|r| r.pages.len()),
            Ok(1) | Err(_)
        ));
    }

    #[test]
    fn the_baseline_ignores_descenders() {
        let placed = |text: &str, top: f32, bottom: f32| PlacedWord {
            word: Word {
                text: text.into(),
                x0: 0.0,
                x1: 1.0,
            },
            top,
            bottom,
            conf: 90.0,
        };
        // `Delivery` and `Accepted` reach 2 below the baseline at 10
        let mixed = [
            placed("Delivery", 0.0, 12.0),
            placed("Accepted", 0.0, 12.0),
            placed("Status", 0.0, 10.0),
        ];
        assert_eq!(baseline(&mixed), 10.0);
        // only descenders: raised by a fifth of the height
        let low = [placed("jpg", 0.0, 10.0), placed("query", 0.0, 10.0)];
        assert!((baseline(&low) - 8.0).abs() < 1e-4);
    }

    #[test]
    fn unsure_references_and_dates_are_warnings_and_lines_are_numbered() {
        let line = |text: &[&str], conf: Vec<f32>| OcrLine {
            line: Line::from_words(
                2,
                0,
                10.0,
                text.iter()
                    .enumerate()
                    .map(|(i, t)| Word {
                        text: (*t).into(),
                        x0: i as f32 * 50.0,
                        x1: i as f32 * 50.0 + 40.0,
                    })
                    .collect(),
            ),
            conf,
        };
        let (lines, notes) = finish_lines(vec![
            line(&["SECMPO0060", "IA", "30/07/2019"], vec![41.0, 95.0, 92.0]),
            line(&["MP078", "18", "Oct", "19"], vec![96.0, 90.0, 55.0, 93.0]),
            line(&["Working", "Group"], vec![12.0, 20.0]),
            line(&["MP080"], Vec::new()), // a text layer's line: not checked
        ]);
        assert_eq!(
            lines.iter().map(|l| (l.page, l.line)).collect::<Vec<_>>(),
            [(2, 1), (2, 2), (2, 3), (2, 4)]
        );
        let got: Vec<(u32, &str)> = notes
            .iter()
            .map(|n| (n.line.unwrap_or(0), n.text.as_str()))
            .collect();
        assert_eq!(got, [(1, "SECMPO0060"), (2, "18 Oct 19")]);
        assert!(notes.iter().all(|n| n.code == Code::LowOcrConfidence));
        assert!(notes[0].message.contains("41%"), "{}", notes[0].message);
    }

    #[test]
    fn ruling_marks_are_not_words() {
        for (raw, want) in [
            ("|", None),
            ("||", None),
            ("___", None),
            ("|PA", Some("PA")),
            ("-", Some("-")),
            ("40WD|", Some("40WD")),
        ] {
            assert_eq!(clean_word(raw).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn a_box_with_spaces_splits_into_words() {
        let mut rec = Recognised::default();
        push_word(
            &mut rec,
            WordBox {
                page: 1,
                block: 1,
                par: 1,
                line: 1,
                left: 0.0,
                top: 0.0,
                width: 90.0,
                height: 10.0,
                conf: 90.0,
                text: "ab  cdefg".into(),
            },
        );
        let got: Vec<(&str, f32, f32)> = rec
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.left, w.width))
            .collect();
        assert_eq!(got, [("ab", 0.0, 20.0), ("cdefg", 40.0, 50.0)]);
    }
}
