//! Stage 3: sections and lists, found by their headings.
//!
//! A state machine over the lines of a [`Document`]: report section headings
//! (`1. Summary`, `3: Refine`, ` Release` after a page break), the appendix's
//! headings (`3 DCC Assessment Delivery Dates`, `Modifications — No further
//! assessment required by DCC`), and list headings inside a section (`Working
//! Group meetings`, `Change Board votes`, or any other short title-like line,
//! which gets its own slug). Page furniture (`Page 3 of 7`, `DCC PUBLIC`) is
//! dropped. Headings are matched by their words, tolerant of OCR noise;
//! never by line position.

use crate::layout::{Document, Line};
use crate::model::{List, Section};
use crate::normalise::ascii;
use crate::normalise::titles::{fold, fold_into, similarity_at_least};
use crate::worker::check_deadline;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Longest line (bytes) read as a report section heading: `5. Release` and
/// its OCR'd forms fit; a sentence that starts with "Release" does not.
const MAX_SECTION_HEADING: usize = 24;
/// How alike a line must be to a section name to be read as it
/// (`Defne` is Define): one OCR slip in a short word, not another word.
const SECTION_SIMILARITY: f64 = 0.75;
/// Longest line read as an appendix heading (its long title fits).
const MAX_APPENDIX_HEADING: usize = 110;
/// Longest folded "… Assessment Delivery Dates" heading; longer lines
/// naming the table are sentences about it.
const MAX_DELIVERY_HEADING: usize = 45;
/// Most words of an appendix status-table heading that does not start with
/// "Modifications" (`5 No system impact`).
const MAX_STATUS_HEADING_WORDS: usize = 7;
/// Longest line read as a known list heading.
const MAX_LIST_HEADING: usize = 60;
/// Shortest folded heading compared fuzzily (shorter ones must match exactly:
/// a one-letter slip in a short word is another word).
const MIN_FUZZY_LIST_HEADING: usize = 8;
/// How alike a line must be to a known list heading (`Working Group
/// meetinqs`): a letter or two of OCR damage in a heading of several words.
const LIST_SIMILARITY: f64 = 0.88;
/// Longest line read as a heading the contract does not know yet.
const MAX_UNKNOWN_HEADING: usize = 70;
/// How many words such a heading has (one word is a label, nine a sentence).
const UNKNOWN_HEADING_WORDS: std::ops::RangeInclusive<usize> = 2..=8;

/// A run of lines under one section and list heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The section and list, or `None` for the cover and the appendix's introduction.
    pub place: Option<(Section, List)>,
    /// The index of the heading line that opened it, if a heading did.
    pub heading: Option<usize>,
    /// Indexes into the document's lines (blank lines included, furniture not).
    pub lines: Vec<usize>,
}

static FURNITURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^\W*page\W*\d+\W*(of|0f)\W*\d+\W*$
      | ^\W*[bd]cc[\s.\-]*public\W*$
      | page\W*\d+\W*(of|0f)\W*\d+\W*$
      | ^this\ document\ has\ a\ classification
      | ^classification\W
      | ^version\W+\d",
    )
    .expect("furniture regex")
});

/// Words one of [`FURNITURE_RE`]'s forms must hold anywhere (its matching
/// is case-insensitive; both open with the same letter, so one search for
/// it finds either), and the words the others start with.
const FURNITURE_WORDS: &[&str] = &["page", "public"];
const FURNITURE_OPENINGS: [&str; 3] = [
    "this document has a classification",
    "classification",
    "version",
];

/// False when `text` cannot match [`FURNITURE_RE`]: an ASCII line holding
/// none of [`FURNITURE_WORDS`] in any case (a line with other characters is
/// left to the regex, whose Unicode case folding knows more than ASCII's).
fn may_be_furniture_line(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    FURNITURE_OPENINGS
        .iter()
        .any(|w| ascii::starts_with_word(text, w))
        || ascii::holds_any_word(text, FURNITURE_WORDS)
}

/// False when a trimmed line cannot be furniture, told without folding it:
/// an ASCII line the furniture regex cannot match, whose first letter or
/// digit is not the `c` or `s` the running header and the appendix's
/// footer fold to (a section number's digit never is), or that is too long
/// to be compared folded.
fn may_be_furniture(trimmed: &str) -> bool {
    if !trimmed.is_ascii() || may_be_furniture_line(trimmed) {
        return true;
    }
    let first = trimmed.bytes().find(u8::is_ascii_alphanumeric);
    trimmed.len() < MAX_FOLDED_FURNITURE
        && first.is_some_and(|b| matches!(b.to_ascii_lowercase(), b'c' | b's'))
}

/// True for running headers and footers that carry no content.
pub fn is_furniture(text: &str) -> bool {
    if !may_be_furniture(text.trim()) {
        return false;
    }
    thread_local! {
        /// The folded line, reused from call to call.
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|buf| HeadingKey::read(text, buf).is_furniture())
}

/// A line as the heading readers see it, folded once: its trimmed text and
/// its heading words (the folded text after a leading section number).
struct HeadingKey<'t> {
    /// The line, trimmed.
    trimmed: &'t str,
    /// [`heading_words`] of the line, when it is short enough to be any
    /// heading (empty otherwise).
    words: &'t str,
    /// The dropped section number held a letter or digit, so the folded
    /// line is not its heading words.
    numbered: bool,
}

/// Longest trimmed line any heading reader (or the furniture test) looks at.
const MAX_HEADING: usize = MAX_APPENDIX_HEADING;
/// Lines shorter than this are compared with the furniture's folded forms.
const MAX_FOLDED_FURNITURE: usize = 60;
/// Words one of which a line's fold must hold for it to hold one of
/// [`APPENDIX_HEADING_PHRASES`]: a word of each phrase (its letters and
/// digits are an unbroken run in the line, in some case).
const APPENDIX_HEADING_WORDS: ascii::PhraseSet = ascii::PhraseSet::new(&[
    "preliminary",
    "introduction",
    "definitions",
    "delivery",
    "implementation",
    "system",
    "further",
]);

/// The longest report section name ([`Section::slug`] of
/// [`Section::REPORT`]), which a section number's line may fold to.
const LONGEST_SECTION_NAME: usize = 7;
/// Most letters and digits a dropped section number holds (the two digits
/// of [`NUMBER_PREFIX_RE`]).
const NUMBER_PREFIX_DIGITS: usize = 2;

/// False when no heading test reads the line's fold, told without folding
/// it: an ASCII line longer than any list or section heading or folded
/// furniture (so only an appendix heading could read its fold) that holds
/// none of [`APPENDIX_HEADING_WORDS`] in any case, and too many letters and
/// digits to fold to a section's name once its number is dropped. Other
/// lines are folded.
fn needs_fold(trimmed: &str) -> bool {
    trimmed.len()
        <= MAX_LIST_HEADING
            .max(MAX_FOLDED_FURNITURE)
            .max(MAX_SECTION_HEADING)
        || !trimmed.is_ascii()
        || APPENDIX_HEADING_WORDS.is_in_ignore_ascii_case(trimmed.as_bytes())
        || trimmed
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .nth(LONGEST_SECTION_NAME + NUMBER_PREFIX_DIGITS)
            .is_none()
}

/// The report's running header, folded.
const REPORT_HEADER: &str = "change status report secas";

impl<'t> HeadingKey<'t> {
    /// Folds `text`'s heading words into `buf` (reused from line to line),
    /// unless no heading test would read them.
    fn read(text: &'t str, buf: &'t mut String) -> HeadingKey<'t> {
        let trimmed = text.trim();
        if trimmed.len() > MAX_HEADING || !needs_fold(trimmed) {
            return HeadingKey {
                trimmed,
                words: "",
                numbered: false,
            };
        }
        HeadingKey::folded(trimmed, buf)
    }

    /// The key of a trimmed line with its heading words folded into `buf`.
    fn folded(trimmed: &'t str, buf: &'t mut String) -> HeadingKey<'t> {
        let rest = &trimmed[number_prefix_len(trimmed)..];
        let prefix = &trimmed[..trimmed.len() - rest.len()];
        fold_into(rest, buf);
        HeadingKey {
            trimmed,
            words: buf.as_str(),
            numbered: prefix.chars().any(char::is_alphanumeric),
        }
    }

    /// [`is_furniture`] of the line (its folded forms are only compared
    /// below [`MAX_FOLDED_FURNITURE`] bytes).
    fn is_furniture(&self) -> bool {
        if may_be_furniture_line(self.trimmed) && FURNITURE_RE.is_match(self.trimmed) {
            return true;
        }
        // a numbered line folds to text opening with its number's digit,
        // never to the header's or the footer's opening letter; any other
        // line's dropped prefix folds to nothing, so its words are its fold
        if self.numbered || self.trimmed.len() >= MAX_FOLDED_FURNITURE {
            return false;
        }
        self.words == REPORT_HEADER || is_dcc_footer(self.words)
    }

    /// [`is_split_dcc_footer`] of the line (never a numbered one).
    fn is_split_footer(&self) -> bool {
        !self.numbered && is_split_dcc_footer(self.words)
    }

    /// The heading words as [`similarity`] folds them again (the same
    /// words, unless a character's lower case is not its own lower case).
    fn refolded(&self) -> std::borrow::Cow<'t, str> {
        if self.words.is_ascii() {
            std::borrow::Cow::Borrowed(self.words)
        } else {
            std::borrow::Cow::Owned(fold(self.words))
        }
    }
}

/// The appendix's running footer, however OCR joined its parts
/// (`SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7`).
fn is_dcc_footer(folded: &str) -> bool {
    folded
        .strip_prefix("sec modifications dcc assessments")
        .is_some_and(|rest| {
            rest.split(' ')
                .filter(|t| !t.is_empty())
                .all(is_footer_word)
        })
}

/// A folded word of the appendix footer's tail (`DCC PUBLIC Page 3 of 7`).
fn is_footer_word(word: &str) -> bool {
    matches!(word, "dcc" | "bcc" | "public" | "page" | "of" | "0f")
        || word.chars().all(|c| c.is_ascii_digit())
}

/// The appendix's running footer as OCR splits it over lines of its own:
/// `SEC Modifications`, then `DCC Assessments DCC PUBLIC` (its marking
/// named), folded. Only the appendix is told so: there no heading reads
/// like either part, where a report's `SEC Modifications` might be one.
fn is_split_dcc_footer(folded: &str) -> bool {
    folded == "sec modifications"
        || folded.strip_prefix("dcc assessments ").is_some_and(|rest| {
            rest.split(' ').any(|t| t == "public") && rest.split(' ').all(is_footer_word)
        })
}

static NUMBER_PREFIX_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\W*\d{0,2}\s*[.:;,]?\s*").expect("number prefix regex"));

/// Length of a heading's leading section number (`3.`, `1:`): none when the
/// line starts with a letter, else what [`NUMBER_PREFIX_RE`] matches.
fn number_prefix_len(t: &str) -> usize {
    if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return 0;
    }
    match ascii_number_prefix_len(t.as_bytes()) {
        Some(n) => n,
        None => NUMBER_PREFIX_RE.find(t).map_or(0, |m| m.end()),
    }
}

/// [`NUMBER_PREFIX_RE`]'s match on a prefix of ASCII bytes, read by hand:
/// non-word bytes, up to two digits, spaces, one of `.:;,`, spaces (every
/// part optional, so the greedy reading is the match). `None` when a byte
/// the reading reaches is not ASCII (the regex's Unicode classes decide).
fn ascii_number_prefix_len(b: &[u8]) -> Option<usize> {
    let mut at = 0;
    let take = |at: &mut usize, max: usize, keep: &dyn Fn(u8) -> bool| -> Option<()> {
        let mut n = 0;
        while n < max {
            match b.get(*at) {
                Some(&c) if !c.is_ascii() => return None,
                Some(&c) if keep(c) => {
                    *at += 1;
                    n += 1;
                }
                _ => break,
            }
        }
        Some(())
    };
    take(&mut at, usize::MAX, &|c| !ascii::is_word_byte(c))?;
    take(&mut at, 2, &|c| c.is_ascii_digit())?;
    take(&mut at, usize::MAX, &ascii::is_space)?;
    take(&mut at, 1, &|c| matches!(c, b'.' | b':' | b';' | b','))?;
    take(&mut at, usize::MAX, &ascii::is_space)?;
    Some(at)
}

/// Folds a heading line after dropping a leading section number (`3.`, `1:`).
fn heading_words(text: &str) -> String {
    let t = text.trim();
    fold(&t[number_prefix_len(t)..])
}

/// Reads a report section heading (`1. Summary`, `3: Refine`, `Release`).
pub fn report_section(text: &str) -> Option<Section> {
    let mut buf = String::new();
    report_section_of(&HeadingKey::read(text, &mut buf))
}

/// [`report_section`] of a folded line.
fn report_section_of(key: &HeadingKey<'_>) -> Option<Section> {
    if key.trimmed.len() > MAX_SECTION_HEADING {
        return None;
    }
    let w = key.words;
    if let Some(s) = Section::REPORT.into_iter().find(|s| w == s.slug()) {
        return Some(s);
    }
    // the best-scoring section, if it scores SECTION_SIMILARITY and no other scores as well
    let w = key.refolded();
    let mut best: Option<(f64, Section)> = None;
    let mut tied = false;
    for s in Section::REPORT {
        let Some(score) = similarity_at_least(&w, s.slug(), SECTION_SIMILARITY) else {
            continue;
        };
        match best {
            Some((b, _)) if score < b => {}
            Some((b, _)) if score == b => tied = true,
            _ => {
                best = Some((score, s));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, s)| s)
}

/// What an appendix heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendixHeading {
    /// Title, introduction, key: no records.
    Preamble,
    /// One of the appendix's tables.
    Table(Section),
}

/// Reads an appendix heading.
pub fn appendix_heading(text: &str) -> Option<AppendixHeading> {
    let mut buf = String::new();
    appendix_heading_of(&HeadingKey::read(text, &mut buf))
}

/// Phrases one of which every appendix heading's folded words hold: lines
/// with none of them are no appendix heading (a cheap test before the others).
const APPENDIX_HEADING_PHRASES: ascii::PhraseSet = ascii::PhraseSet::new(&[
    "preliminary",
    "introduction",
    "definitions",
    "delivery dates",
    "implementation status",
    "no system impact",
    "no further assessment",
]);

/// [`appendix_heading`] of a folded line.
fn appendix_heading_of(key: &HeadingKey<'_>) -> Option<AppendixHeading> {
    if key.trimmed.len() > MAX_APPENDIX_HEADING
        || !APPENDIX_HEADING_PHRASES.is_in(key.words.as_bytes())
    {
        return None;
    }
    let w = key.words;
    if w.contains("appendix a") {
        return None; // the cover's attachment list names the appendix; it is not the appendix
    }
    let title = (w.starts_with("sec modifications") || w.starts_with("dcc preliminary"))
        && w.contains("preliminary assessments and impact assessments");
    if title || w == "introduction" || w == "key and definitions" {
        return Some(AppendixHeading::Preamble);
    }
    if w.contains("assessment delivery dates") && w.len() < MAX_DELIVERY_HEADING {
        return Some(AppendixHeading::Table(Section::DccAssessments));
    }
    if w.starts_with("modifications") || w.split(' ').count() <= MAX_STATUS_HEADING_WORDS {
        if w.contains("implementation status") {
            return Some(AppendixHeading::Table(Section::DccImplementation));
        }
        if w.contains("no system impact") {
            return Some(AppendixHeading::Table(Section::DccNoSystemImpact));
        }
        if w.contains("no further assessment") {
            return Some(AppendixHeading::Table(Section::DccNoFurtherAssessment));
        }
    }
    None
}

/// Reads a known list heading (`Working Group meetings`, `Assessments completed during 2019/20`).
pub fn known_list(text: &str) -> Option<List> {
    let mut buf = String::new();
    known_list_of(&HeadingKey::read(text, &mut buf))
}

/// [`known_list`] of a folded line.
fn known_list_of(key: &HeadingKey<'_>) -> Option<List> {
    let t = key.trimmed;
    if t.len() > MAX_LIST_HEADING || t.ends_with(':') {
        return None;
    }
    let w = key.words;
    let w = w.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let w = w.strip_suffix(" during").unwrap_or(w);
    if let Some(list) = List::known(w) {
        return Some(list);
    }
    if w.len() <= MIN_FUZZY_LIST_HEADING {
        return None;
    }
    // a similarity of LIST_SIMILARITY needs lengths within 12% of each other: check that first, it is cheap
    let close_in_length =
        |name: &str| w.len().abs_diff(name.len()) * 100 <= 13 * w.len().max(name.len());
    let refolded = if w.is_ascii() {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(fold(w))
    };
    List::KNOWN
        .iter()
        .find(|(name, _)| {
            close_in_length(name) && similarity_at_least(&refolded, name, LIST_SIMILARITY).is_some()
        })
        .map(|(_, list)| list.clone())
}

/// Words that mark a table header or a chart label, never a list heading.
const NOT_HEADING_WORDS: &[&str] = &[
    "total", "type", "duration", "status", "title", "date", "meaning", "average",
];

/// Reads a heading the contract does not know yet: a short title-like line of
/// 2–8 words, letters only (it comes after a paragraph break). Its slug is its words.
pub fn unknown_list(text: &str) -> Option<List> {
    let t = text.trim();
    if t.len() > MAX_UNKNOWN_HEADING {
        return None;
    }
    if !UNKNOWN_HEADING_WORDS.contains(&t.split_whitespace().count()) {
        return None;
    }
    let first = t.chars().next()?;
    if !first.is_uppercase() || !t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-') {
        return None;
    }
    // (no word lower-cases to ASCII letters it does not hold, as no such word is one of these)
    if t.split_whitespace()
        .any(|w| NOT_HEADING_WORDS.iter().any(|n| w.eq_ignore_ascii_case(n)))
    {
        return None;
    }
    // Title Case: every longer word capitalised (rejects OCR'd header garbage and sentence fragments)
    if t.split_whitespace()
        .any(|w| w.len() >= 4 && !w.starts_with(char::is_uppercase))
    {
        return None;
    }
    Some(List::Other(fold(t).replace(' ', "_").into()))
}

/// Splits a document into segments by its headings.
pub fn segment(doc: &Document) -> Vec<Segment> {
    let mut segs = vec![Segment {
        place: None,
        heading: None,
        lines: Vec::new(),
    }];
    let mut in_appendix = false;
    let mut prev_blank = true;
    let detached = detached_numbers(doc);
    let number_lines: BTreeSet<usize> = detached.values().copied().collect();
    let mut buf = String::new();
    for (i, line) in doc.lines.iter().enumerate() {
        check_deadline();
        if line.is_blank() {
            push_line(&mut segs, i);
            prev_blank = true;
            continue;
        }
        let key = HeadingKey::read(&line.text, &mut buf);
        if key.is_furniture() || in_appendix && key.is_split_footer() || number_lines.contains(&i) {
            continue;
        }
        let numbered = key.trimmed.starts_with(|c: char| c.is_ascii_digit())
            || detached.contains_key(&i)
            || opens_its_own_list(doc, i, &key);
        let at = Position {
            section: segs.last().and_then(|s| s.place.as_ref()).map(|p| p.0),
            in_appendix,
            after_break: prev_blank || starts_page(doc, i),
            numbered_or_page_start: numbered || starts_page(doc, i),
        };
        if let Some(opened) = heading(&key, &at) {
            in_appendix = match &opened {
                Opened::AppendixPreamble => true,
                Opened::Place(sec, _) => sec.is_appendix(),
            };
            segs.push(Segment {
                place: opened.into_place(),
                heading: Some(i),
                lines: Vec::new(),
            });
            prev_blank = true;
            continue;
        }
        push_line(&mut segs, i);
        prev_blank = false;
    }
    // a row table's heading with nothing under it stays, so a reading can say its table was empty
    segs.retain(|s| !s.lines.is_empty() || s.place.as_ref().is_some_and(|p| p.1.is_row_table()));
    segs
}

/// Where the state machine is when it reads a line.
struct Position {
    /// The open segment's section, if any.
    section: Option<Section>,
    /// True once an appendix heading was read (report headings no longer open sections).
    in_appendix: bool,
    /// True after a blank line or at the top of a page.
    after_break: bool,
    /// The line carries a section number (its own, or a detached one beside
    /// it, or its section's list follows) or opens a page, as a report
    /// section heading must.
    numbered_or_page_start: bool,
}

/// What a heading line opens.
enum Opened {
    /// The appendix's title, introduction or key: no records.
    AppendixPreamble,
    /// A section's list.
    Place(Section, List),
}

impl Opened {
    /// The segment's place.
    fn into_place(self) -> Option<(Section, List)> {
        match self {
            Opened::AppendixPreamble => None,
            Opened::Place(s, l) => Some((s, l)),
        }
    }
}

/// Classifies a line as a heading, given where the state machine is.
fn heading(key: &HeadingKey<'_>, at: &Position) -> Option<Opened> {
    match appendix_heading_of(key) {
        Some(AppendixHeading::Preamble) => return Some(Opened::AppendixPreamble),
        Some(AppendixHeading::Table(sec)) => {
            return Some(Opened::Place(sec, List::of_appendix_table(sec)))
        }
        None => {}
    }
    if !at.in_appendix {
        if let Some(sec) = report_section_of(key) {
            if at.numbered_or_page_start {
                return Some(Opened::Place(sec, List::Intro(sec)));
            }
        }
    }
    let sec = at.section.filter(|s| !s.is_appendix())?;
    let list = known_list_of(key)
        .or_else(|| at.after_break.then(|| unknown_list(key.trimmed)).flatten())?;
    Some(Opened::Place(sec, list))
}

/// How many lines (blank ones not counted) a section number drawn as a run
/// of its own may sit from its heading: the next or previous line, as the
/// number's baseline is above or below the heading's.
const DETACHED_NUMBER_REACH: usize = 1;

static BARE_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}\s*[.:]?$").expect("bare number regex"));

/// True when a trimmed line is a section number alone ([`BARE_NUMBER_RE`]),
/// read by hand on ASCII: one or two digits, spaces, one `.` or `:`.
/// Three digits never match: after two, the next is no space, mark or end.
fn is_bare_number(t: &str) -> bool {
    if !t.is_ascii() {
        return BARE_NUMBER_RE.is_match(t);
    }
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let rest = &b[digits..];
    let spaces = rest.iter().take_while(|&&c| ascii::is_space(c)).count();
    matches!(rest[spaces..], [] | [b'.' | b':'])
}

/// The number a report numbers its section with (`1. Summary` ... `5. Release`).
fn section_number(sec: Section) -> Option<u32> {
    let i = Section::REPORT.iter().position(|s| *s == sec)?;
    u32::try_from(i + 1).ok()
}

/// Section numbers drawn as runs of their own (`2.` set apart from `Define`,
/// on a baseline of its own, so a reader makes it a line of its own):
/// heading line → the number's line, for every report section heading whose
/// nearest line on the same page, above or below, is its own number alone
/// (a chart's count over its stage label, `6` over `Define`, is not).
fn detached_numbers(doc: &Document) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for (i, line) in doc.lines.iter().enumerate() {
        check_deadline();
        // the regex's `\d` is a Unicode digit, which `is_numeric` includes
        if !line.text.trim_start().starts_with(char::is_numeric) {
            continue;
        }
        let t = line.text.trim();
        if !is_bare_number(t) {
            continue;
        }
        let number: Option<u32> = t.trim_end_matches(['.', ':']).trim().parse().ok();
        let near = |step: &dyn Fn(usize) -> Option<usize>| {
            std::iter::successors(step(i), |&j| step(j))
                .take_while(|&j| doc.lines[j].page == line.page)
                .filter(|&j| !doc.lines[j].is_blank())
                .take(DETACHED_NUMBER_REACH)
                .collect::<Vec<_>>()
        };
        let after = near(&|j| (j + 1 < doc.lines.len()).then_some(j + 1));
        let before = near(&|j| j.checked_sub(1));
        let heading = after.into_iter().chain(before).find(|&j| {
            let t = doc.lines[j].text.trim();
            !t.starts_with(|c: char| c.is_ascii_digit())
                && report_section(t).and_then(section_number) == number
        });
        if let Some(j) = heading {
            out.entry(j).or_insert(i);
        }
    }
    out
}

/// True when line `i` reads exactly as a section's name (`Opine`, its number
/// lost, as OCR loses a raised one) and the next line with words is a list
/// heading of that same section (`Modification Report Consultations`): a
/// heading whatever its number, size or place on the page. A chart's stage
/// label (`Define` over a paragraph) is not followed by one of its lists.
fn opens_its_own_list(doc: &Document, i: usize, key: &HeadingKey<'_>) -> bool {
    let owned;
    let w = if key.trimmed.len() > MAX_HEADING {
        owned = heading_words(key.trimmed);
        owned.as_str()
    } else {
        key.words
    };
    let Some(sec) = Section::REPORT.into_iter().find(|s| w == s.slug()) else {
        return false;
    };
    let next = doc.lines[i + 1..]
        .iter()
        .find(|l| !l.is_blank() && !is_furniture(&l.text));
    next.and_then(|l| known_list(&l.text))
        .and_then(|l| l.section())
        .is_some_and(|s| s == sec)
}

/// True when line `i` is the first line of its page.
fn starts_page(doc: &Document, i: usize) -> bool {
    i == 0 || doc.lines[i - 1].page != doc.lines[i].page
}

/// Appends a line index to the open segment.
fn push_line(segs: &mut [Segment], i: usize) {
    if let Some(s) = segs.last_mut() {
        s.lines.push(i);
    }
}

/// The lines of a segment.
pub fn lines_of<'d>(doc: &'d Document, seg: &Segment) -> Vec<&'d Line> {
    seg.lines.iter().map(|&i| &doc.lines[i]).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_dcc_footer_is_furniture_however_ocr_joins_it() {
        for t in [
            "SEC Modifications - DCC Assessments",
            "SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7",
            "SEC Modifications DCC Assessments DCC PUBLIC",
            "SEC Modifications - DCC Assessments BCC PUBLIC Page’3 of 7",
        ] {
            assert!(is_furniture(t), "{t}");
        }
        assert!(!is_furniture(
            "SEC Modifications: DCC Preliminary Assessments and Impact Assessments"
        ));
        assert!(!is_furniture(
            "SEC Modifications DCC Assessments Including the MAP ID"
        ));
        // its parts on lines of their own, told in the appendix only
        for (t, want) in [
            ("SEC Modifications", true),
            ("sec modifications.", true),
            ("DCC Assessments DCC PUBLIC", true),
            ("DCC Assessments BCC PUBLIC Page 6", true),
            ("DCC Assessments", false),
            ("DCC Assessments DCC", false),
            ("SEC Modifications raised", false),
            ("DCC Assessments delivered", false),
        ] {
            let mut buf = String::new();
            let key = HeadingKey::read(t, &mut buf);
            assert_eq!(key.is_split_footer(), want, "{t}");
        }
    }

    #[test]
    fn the_dcc_footer_split_over_lines_joins_no_title() {
        let text = "Appendix A\n\n5 Modifications - No further assessment required by DCC\n\n\
            SECMP# Title Date DCC Assessment Status\n\
            0009 Centralised Firmware Library 03/01/2019 Accepted - implemented\n\n\
            SEC Modifications\n\nDCC Assessments DCC PUBLIC\n\nPage 6 of 7\n DCC PUBLIC\n\n\
            0011 Including the MAP ID in the Smart Metering Inventory 03/03/2017. Rejected\n\
            SEC Modifications\n";
        let doc = lines_to_document("t.txt", text);
        let kept: Vec<&str> = segment(&doc)
            .iter()
            .flat_map(|s| s.lines.iter().map(|&i| doc.lines[i].text.as_str()))
            .filter(|t| !t.is_empty())
            .collect();
        assert!(
            kept.iter().all(|t| !t.contains("SEC Modifications")),
            "{kept:?}"
        );
        assert!(kept.iter().all(|t| !t.contains("PUBLIC")), "{kept:?}");
        assert!(kept.iter().any(|t| t.starts_with("0011")), "{kept:?}");
        // before the appendix, `SEC Modifications` alone is a line like any
        // other (after a break it would open a list of that name)
        let doc = lines_to_document(
            "t.txt",
            "1 Summary\n\nThe changes to the\nSEC Modifications\n",
        );
        let kept: Vec<&str> = segment(&doc)
            .iter()
            .flat_map(|s| s.lines.iter().map(|&i| doc.lines[i].text.as_str()))
            .collect();
        assert!(kept.contains(&"SEC Modifications"), "{kept:?}");
    }

    use super::*;
    use crate::read::text::lines_to_document;

    proptest::proptest! {
        /// A bare section number is told by hand as the regex tells it.
        #[test]
        fn bare_numbers_are_the_regexs(t in "[0-9]{0,4}[ \t]{0,2}[.:;a]{0,2}[0-9 ]{0,1}") {
            proptest::prop_assert_eq!(is_bare_number(&t), BARE_NUMBER_RE.is_match(&t), "{:?}", t);
        }

        /// The hand reading of a section number is the regex's.
        #[test]
        fn number_prefixes_are_the_regexs(t in "[ \t.:;,_(|0-9a-zé§-]{0,12}") {
            let by_regex = NUMBER_PREFIX_RE.find(&t).map_or(0, |m| m.end());
            match ascii_number_prefix_len(t.as_bytes()) {
                Some(n) => proptest::prop_assert_eq!(n, by_regex, "{:?}", t),
                None => proptest::prop_assert!(!t.is_ascii()),
            }
        }
    }

    #[test]
    fn long_lines_that_could_fold_to_a_heading_are_folded() {
        for (t, folds) in [
            // a section's name after its number, before a row of dots
            (
                "12Summary:: :-:- :: -:: :- :--:-- -:  -:::-:--:  --:  -----: -: ",
                true,
            ),
            // an appendix heading's phrase among other words
            (
                ":---::-::--: :-::::::--:-:-::-: No System Impact Deliver Deliver",
                true,
            ),
            (
                "The Working Group met on 2 October 2019 and discussed the modifications",
                false,
            ),
            (
                "Summary ..........................................................",
                true,
            ),
        ] {
            assert_eq!(needs_fold(t.trim()), folds, "{t:?}");
            let (mut a, mut b) = (String::new(), String::new());
            let (key, full) = (HeadingKey::read(t, &mut a), folded_key(t, &mut b));
            assert_eq!(key.words, if folds { full.words } else { "" }, "{t:?}");
        }
    }

    #[test]
    fn the_longest_section_name_is_named() {
        let longest = Section::REPORT.iter().map(|s| s.slug().len()).max();
        assert_eq!(longest, Some(LONGEST_SECTION_NAME));
    }

    /// The key every line would get if none were left unfolded.
    fn folded_key<'t>(text: &'t str, buf: &'t mut String) -> HeadingKey<'t> {
        HeadingKey::folded(text.trim(), buf)
    }

    proptest::proptest! {
        /// A line left unfolded is one no heading test would have read as a
        /// heading, or a section's name, had it been folded.
        #[test]
        fn lines_left_unfolded_are_no_headings(
            t in proptest::prop_oneof![
                // lines that may hold a heading's words
                "(12|3\\.|Summary|DEFINE|refine|Delivery|Dates|pre|liminary|Preliminary|SYSTEM|impact|No|further|assessment|intro|duction|Key and Definitions|Implementation Status|[.:-]{1,12}| ){4,30}",
                // one appendix heading's phrase, in some case, among other words
                "((Deliver|preliminar|Syste|[.:-]{1,20}) ){2,8}(PRELIMINARY|Introduction|definitions|Delivery Dates|Implementation status|No System Impact|no further ASSESSMENT)( (Deliver|furthe|[.:-]{1,20})){2,8}",
                // a section's name and its number before a row of dots
                "(12|3\\.|4:)? ?(Summary|Define|Refine|Opine|Release)[ .:-]{55,100}",
                // lines that only come near them (most are left unfolded)
                "(12|3\\.|Summary|Define|release|Deliver|dates|preliminar|Syste|furthe|ntroduction|definition|Implementatio|No|[.:-]{1,30}| ){4,30}",
            ]
        ) {
            let (mut a, mut b) = (String::new(), String::new());
            let (key, full) = (HeadingKey::read(&t, &mut a), folded_key(&t, &mut b));
            if !needs_fold(full.trimmed) && full.trimmed.len() <= MAX_HEADING {
                proptest::prop_assert_eq!(key.words, "");
                proptest::prop_assert_eq!(appendix_heading_of(&full), None);
                proptest::prop_assert_eq!(report_section_of(&full), None);
                proptest::prop_assert_eq!(known_list_of(&full), None);
                proptest::prop_assert_eq!(key.is_furniture(), full.is_furniture());
                proptest::prop_assert!(Section::REPORT.iter().all(|s| full.words != s.slug()), "{:?}", full.words);
            } else if full.trimmed.len() <= MAX_HEADING {
                proptest::prop_assert_eq!(key.words, full.words);
            }
        }
    }

    #[test]
    fn section_headings_tolerate_ocr() {
        for (raw, want) in [
            ("1. Summary", Some(Section::Summary)),
            ("1: Summary", Some(Section::Summary)),
            ("3. Refine", Some(Section::Refine)),
            ("Release", Some(Section::Release)),
            ("4 Opine", Some(Section::Opine)),
            ("2. Defne", Some(Section::Define)),
            ("2. Recommendations", None),
            ("Release (25 June 2020):", None),
        ] {
            assert_eq!(report_section(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn appendix_headings() {
        use AppendixHeading::*;
        for (raw, want) in [
            (
                "3 DCC Assessment Delivery Dates",
                Some(Table(Section::DccAssessments)),
            ),
            (
                "4 Modifications — Implementation Status",
                Some(Table(Section::DccImplementation)),
            ),
            (
                "5 Modifications – No system impact .",
                Some(Table(Section::DccNoSystemImpact)),
            ),
            (
                "Modifications — No further assessment required by DCC",
                Some(Table(Section::DccNoFurtherAssessment)),
            ),
            (
                "Modifications — No further. assessment required by DCC",
                Some(Table(Section::DccNoFurtherAssessment)),
            ),
            (
                "SEC Modifications: DCC Preliminary Assessments and Impact Assessments",
                Some(Preamble),
            ),
            (
                "e Appendix A: DCC Preliminary Assessments and Impact Assessments update",
                None,
            ),
            ("The date that the PA is requested", None),
        ] {
            assert_eq!(appendix_heading(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn list_headings() {
        for (raw, want) in [
            (
                "Change Sub-Committee. decisions",
                Some("change_sub_committee_decisions"),
            ),
            ("Refinement consultations", Some("refinement_consultations")),
            (
                "Assessments completed during 2019/20",
                Some("assessments_completed"),
            ),
            ("Open Assessments", Some("open_assessments")),
            ("Working Group meetinqs", Some("working_group_meetings")),
            ("CSC decisions", Some("change_sub_committee_decisions")),
            (
                "There are no Modification Reports being presented to the Panel this month.",
                None,
            ),
        ] {
            assert_eq!(
                known_list(raw).map(|l| l.slug().to_string()).as_deref(),
                want,
                "{raw:?}"
            );
        }
        assert_eq!(
            unknown_list("Urgent Proposals"),
            Some(List::Other("urgent_proposals".into()))
        );
        assert_eq!(unknown_list("Smart"), None);
        assert_eq!(unknown_list("Status Total Average"), None);
        assert_eq!(unknown_list("Preliminary Assessments open"), None);
        assert_eq!(unknown_list("Od atio pe accepted arget"), None);
    }

    proptest::proptest! {
        /// A line the furniture prefilter turns away is never furniture to the regex.
        #[test]
        fn the_furniture_prefilter_turns_away_only_content(
            t in "[ -~]{0,12}(PAGE|Page|pag|public|PUBLIC|version|VERSION 2|Classification|This Document has a classification)?[ 0-9of.-]{0,12}"
        ) {
            if !may_be_furniture_line(&t) {
                proptest::prop_assert!(!FURNITURE_RE.is_match(&t), "{:?}", t);
            }
        }
    }

    proptest::proptest! {
        /// A line the cheap furniture test turns away is not furniture when folded and read.
        #[test]
        fn the_cheap_furniture_test_turns_away_only_content(
            t in "[ .|1-]{0,3}(Change Status Report|SEC Modifications|sec|Cs)?[ A-Za-z.:|-]{0,20}(SECAS|DCC Assessments|DCC PUBLIC|Page 1 of 2)?[ .]{0,2}"
        ) {
            if !may_be_furniture(t.trim()) {
                let mut buf = String::new();
                proptest::prop_assert!(!HeadingKey::read(&t, &mut buf).is_furniture(), "{:?}", t);
            }
        }
    }

    #[test]
    fn furniture() {
        for raw in [
            "Page 3 of 7",
            "SEC Modifications - DCC Assessments DCC PUBLIC Page 3 of 7",
            "DCC PUBLIC.",
            "BCC PUBLIC",
            "Page5 of 7",
            "This document has a Classification of White",
            "Change Status Report | SECAS",
            "  SEC Modifications – DCC Assessments 3",
        ] {
            assert!(is_furniture(raw), "{raw:?}");
        }
        assert!(!is_furniture("DCC Assessment timescales"));
    }

    #[test]
    fn a_section_number_drawn_apart_numbers_its_heading() {
        let sections = |text: &str| -> Vec<(Option<&'static str>, String, usize)> {
            let doc = lines_to_document("t.txt", text);
            segment(&doc)
                .iter()
                .map(|s| {
                    let place = s.place.as_ref();
                    (
                        place.map(|p| p.0.slug()),
                        place.map(|p| p.1.slug().to_string()).unwrap_or_default(),
                        s.lines.len(),
                    )
                })
                .collect()
        };
        let define = |n| (Some("define"), "define".to_string(), n);
        let summary = |n| (Some("summary"), "summary".to_string(), n);
        // the number's baseline above the heading's, or below it, a blank line between
        for text in [
            " 1. Summary\nnone.\n2.\nDefine\nDP140 x\n",
            " 1. Summary\nnone.\nDefine\n\n2.\nDP140 x\n",
        ] {
            let got = sections(text);
            assert_eq!(got[0], summary(1), "{text:?}");
            assert_eq!(got[1].0, Some("define"), "{text:?}");
            assert_eq!(got.len(), 2, "{text:?}");
        }
        assert_eq!(sections(" 1. Summary\nnone.\n2.\nDefine\nx")[1], define(1));
        // an unnumbered word mid-page is no heading, nor is a number far from it
        assert_eq!(sections(" 1. Summary\nnone.\nDefine\nx"), [summary(3)]);
        assert_eq!(sections(" 1. Summary\n2.\nnone.\nDefine"), [summary(3)]);
        // a section's name alone, its number lost, opens it when one of its lists follows
        assert_eq!(
            sections(" 1. Summary\nx WD\nOpine\nChange Board votes\nnone.")[1],
            (Some("opine"), "change_board_votes".to_string(), 1)
        );
        assert_eq!(
            sections(" 1. Summary\nx\nDefine\nChange Board votes\nnone.")[0],
            summary(2)
        );
        // a chart's count over its stage label is no section number
        assert_eq!(sections(" 1. Summary\nnone.\n6\n\nDefine"), [summary(4)]);
    }

    #[test]
    fn segments_follow_headings() {
        let doc = lines_to_document(
            "t.txt",
            " 1. Summary\n\nDecisions\nNone.\n 2. Define\n\nNew Draft Proposals\nDP084\nPage 3 of 7\n 3 DCC Assessment Delivery Dates\n0024 x\n",
        );
        let got: Vec<_> = segment(&doc)
            .iter()
            .map(|s| {
                let (sec, list) = s.place.clone().expect("a section");
                (Some(sec.slug()), list.slug().to_string(), s.lines.len())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("summary"), "summary".to_string(), 1),
                (Some("summary"), "decisions".to_string(), 1),
                (Some("define"), "define".to_string(), 1),
                (Some("define"), "new_draft_proposals".to_string(), 1),
                (Some("dcc_assessments"), "delivery_dates".to_string(), 2),
            ]
        );
    }
}
