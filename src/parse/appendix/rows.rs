//! An appendix table's lines grouped into rows around their references.
//!
//! In: the lines of one appendix table (header, body, wrapped cells). Out:
//! [`TableRow`]s: each row's anchor line (the one holding its bare reference,
//! `0024`, `007`, `O`) and the lines above and below it that belong to it,
//! whether the references sit on their cells' first lines (top-anchored) or
//! middle lines (middle-anchored); and the header's [`Column`]s.

use super::cells::{is_status_word, push_joined, starts_status};
use super::status_tables::is_status_phrase;
use crate::layout::{Line, Word};
use crate::normalise::ascii;
use crate::normalise::ids::parse_bare_ref;
use crate::normalise::titles::fold;
use crate::parse::columns::{phrases, stack, Column};
use crate::worker::check_deadline;

/// A table row: its anchor line and the lines above and below that belong to it.
#[derive(Debug, Clone)]
pub struct TableRow<'d> {
    /// The line holding the reference.
    pub anchor: &'d Line,
    /// The reference as printed.
    pub raw_ref: String,
    /// Lines above the anchor, in order.
    pub above: Vec<&'d Line>,
    /// Lines below the anchor, in order.
    pub below: Vec<&'d Line>,
}

impl<'d> TableRow<'d> {
    /// All the row's lines, top to bottom.
    pub fn lines(&self) -> impl Iterator<Item = &'d Line> + '_ {
        self.above
            .iter()
            .copied()
            .chain(std::iter::once(self.anchor))
            .chain(self.below.iter().copied())
    }

    /// True when `line` is the row's anchor (whose first word is the reference).
    pub fn is_anchor(&self, line: &Line) -> bool {
        std::ptr::eq(line, self.anchor)
    }

    /// How many of `line`'s first words are no cell: the reference on the
    /// anchor of a row with one, OCR's specks before the title on the anchor
    /// of a row it left without one (see [`split_rows_without_reference`]),
    /// none on any other line.
    pub fn ref_words(&self, line: &Line) -> usize {
        if !self.is_anchor(line) {
            return 0;
        }
        if !self.raw_ref.is_empty() {
            return 1;
        }
        let specks = line
            .words
            .iter()
            .take_while(|w| is_rule_mark_or_speck(&w.text));
        specks.count()
    }

    /// True for a row OCR printed without its reference: its anchor is the
    /// line that holds the whole row ([`split_rows_without_reference`]).
    pub fn printed_without_reference(&self) -> bool {
        self.raw_ref.is_empty()
    }

    /// A row OCR printed without its reference, opening at `line`.
    fn without_reference(line: &'d Line) -> TableRow<'d> {
        TableRow {
            anchor: line,
            raw_ref: String::new(),
            above: Vec::new(),
            below: Vec::new(),
        }
    }
}

/// Which kind of appendix table is being grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// The delivery-dates table: status cells open new rows, titles may sit
    /// above their references.
    DeliveryDates,
    /// One of the three status tables.
    Status,
}

/// Longest bare reference cell (`0024`, `0078A`).
const MAX_BARE_REF_LEN: usize = 5;
/// Most lines a title wraps over above its reference in a middle-anchored table.
const MAX_LINES_ABOVE: usize = 3;

/// The bare reference starting an anchor line, if it is one (`0024`, `007`, `O`, `MP088`).
pub fn anchor_ref(line: &Line) -> Option<String> {
    let mut words = line
        .words
        .iter()
        .map(|w| w.text.as_str())
        .filter(|w| *w != "|");
    let first = words.next()?;
    // the title's first word, past a ruling's specks (`6056 . IHD / PPMID`)
    let second = words.find(|w| !is_rule_mark_or_speck(w));
    let cleaned = first
        .trim_start_matches(['(', '[', '‘', '\''])
        .trim_matches(|c: char| matches!(c, '|' | '.' | ',' | ':' | '!' | '_'));
    if cleaned.is_empty() {
        return None;
    }
    if parse_bare_ref(cleaned).is_some() && (2..=MAX_BARE_REF_LEN).contains(&cleaned.len()) {
        let all_digits = cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'Q'));
        // five digits is a number, not a reference
        return (!all_digits || cleaned.len() < MAX_BARE_REF_LEN).then(|| cleaned.to_string());
    }
    // a reference OCR destroyed to `O`/`0`, followed by the title
    let next_is_title = second.is_some_and(|w| {
        w.len() > 2
            && w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '(' || c == '‘')
    });
    let destroyed = matches!(cleaned, "O" | "0" | "o" | "Q") || is_number_ocr_widened(cleaned);
    (destroyed && next_is_title).then(|| cleaned.to_string())
}

/// True for four digits no reference has and no year near the reports'
/// is: a reference whose leading `0` OCR read as another digit (`6056` for
/// `0056`), left unread for the repairs to name.
fn is_number_ocr_widened(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.len() == 4
        && b.iter().all(u8::is_ascii_digit)
        && !matches!(&b[..2], b"19" | b"20")
        && b[0] != b'0'
}

/// Words of a table's header lines (and OCR's fragments of them).
const HEADER_WORDS: ascii::WordSet = ascii::WordSet::new(&[
    "secmp",
    "title",
    "dcc",
    "assessment",
    "status",
    "pa",
    "ia",
    "1a",
    "la",
    "request",
    "accepted",
    "target",
    "actual",
    "delivery",
    "deliver",
    "date",
    "dates",
    "comments",
    "y",
    "i",
    "we",
    "el",
    "dei",
    "r",
    "s",
    "e",
    "p",
    "a",
    "implementation",
    "requested",
    "yet",
    "tar",
    "get",
    "0f",
]);

/// Share of a line's words (in tenths) that must be header words for the
/// line to be a header: OCR adds a few stray words, a title has few of them.
const HEADER_WORD_SHARE_TENTHS: usize = 7;

/// True for a table header line (`SECMP# Title DCC Assessment Status ...`).
pub fn is_header_line(text: &str) -> bool {
    if text.contains('/') {
        return false; // a row's dates, never a header's
    }
    let (mut words, mut hits) = (0usize, 0usize);
    let mut count = |is_header_word: bool| {
        words += 1;
        hits += usize::from(is_header_word);
    };
    if text.is_ascii() {
        // the folded words are the runs of letters and digits, lower-cased
        for run in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|r| !r.is_empty())
        {
            count(HEADER_WORDS.contains_ignore_case(run.as_bytes()));
        }
    } else {
        for w in fold(text).split(' ').filter(|w| !w.is_empty()) {
            count(HEADER_WORDS.contains(w));
        }
    }
    words > 0 && hits * 10 >= words * HEADER_WORD_SHARE_TENTHS
}

/// Builds column ranges from the header lines of a positional table: words
/// close together on a line form a phrase; phrases on stacked lines that
/// overlap horizontally form one column.
pub fn header_columns(lines: &[&Line]) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let mut seen_any = false;
    for line in lines {
        check_deadline();
        if line.is_blank() {
            continue;
        }
        if !is_header_line(&line.text) {
            if seen_any && anchor_ref(line).is_some() {
                break;
            }
            continue;
        }
        seen_any = true;
        stack(&mut cols, phrases(&line.words));
    }
    cols
}

/// Groups a table's lines into rows around their anchors.
///
/// Top-anchored rows (the reference on a cell's first line) take the lines
/// below them. When the table's first row starts above its reference, the
/// references sit in the middle of their cells: each row then takes as many
/// lines above its reference as the first row did, and the lines before
/// those stay with the row above (`Management` ends `0024`'s title,
/// `Incorporation of multiple Issue` starts `0078`'s).
pub fn group_rows<'d>(lines: &[&'d Line], kind: TableKind) -> Vec<TableRow<'d>> {
    let mut g = Grouper::new(kind);
    for line in from_first_header(lines) {
        check_deadline();
        g.take(line);
    }
    g.finish()
}

/// The table's lines from its first header on: the sentence above the
/// header is not part of any row.
fn from_first_header<'a, 'd>(lines: &'a [&'d Line]) -> &'a [&'d Line] {
    // only a header above the first anchor counts, so only those lines are read for one
    let Some(first_anchor) = lines.iter().position(|l| anchor_ref(l).is_some()) else {
        return lines;
    };
    match lines[..first_anchor]
        .iter()
        .position(|l| is_header_line(&l.text))
    {
        Some(first_header) => &lines[first_header..],
        None => lines,
    }
}

/// The state of [`group_rows`] as it walks down a table.
struct Grouper<'d> {
    kind: TableKind,
    rows: Vec<TableRow<'d>>,
    /// Lines waiting for the next anchor.
    pending: Vec<&'d Line>,
    /// A blank line came since the last anchor.
    blank_since_anchor: bool,
    /// Lines now go to the next row, not the one above.
    to_next: bool,
    /// The page of the last line.
    page: u32,
    /// In a middle-anchored table, how many lines above its reference each row starts.
    lines_above: usize,
}

impl<'d> Grouper<'d> {
    fn new(kind: TableKind) -> Grouper<'d> {
        Grouper {
            kind,
            rows: Vec::new(),
            pending: Vec::new(),
            blank_since_anchor: false,
            to_next: false,
            page: 0,
            lines_above: 0,
        }
    }

    /// Takes the next line of the table.
    fn take(&mut self, line: &'d Line) {
        if line.page != self.page {
            self.page = line.page;
            // top of a page: lines before the first anchor continue the row above,
            // unless they open a status cell (middle-anchored rows)
            self.to_next = self.rows.is_empty() || self.kind == TableKind::Status;
            self.blank_since_anchor = false;
        }
        if line.is_blank() {
            self.blank_since_anchor = true;
            return;
        }
        // (page furniture never reaches a table: `segment` leaves it out)
        if is_header_line(&line.text) {
            return;
        }
        match anchor_ref(line) {
            Some(raw) => self.anchor(line, raw),
            None => self.continuation(line),
        }
    }

    /// Opens a row at its anchor line, with the pending lines above it.
    fn anchor(&mut self, line: &'d Line, raw: String) {
        let mut above = std::mem::take(&mut self.pending);
        let title_like = |l: &&Line| opens_title(l) && !has_date(l);
        if self.rows.is_empty()
            && self.kind == TableKind::DeliveryDates
            && !above.is_empty()
            && above.iter().all(title_like)
        {
            // a title wraps over at most three lines above its reference (lines
            // with dates above the first reference are a row whose reference was
            // lost; OCR specks are no title)
            self.lines_above = above.len().min(MAX_LINES_ABOVE);
        }
        if self.lines_above > 0 {
            if let Some(prev) = self.rows.last_mut() {
                let keep = middle_split(&above, self.lines_above);
                prev.below.extend(above.drain(..keep));
            }
        }
        // a title wraps over at most so many lines above its reference; lines
        // that hold whole rows are kept for
        // [`split_rows_without_reference`], and only the lines before them are cut
        let kept_from = above.iter().position(|l| holds_a_whole_row(l, self.kind));
        let lead = kept_from.unwrap_or(above.len());
        if lead > MAX_LINES_ABOVE {
            above.drain(..lead - MAX_LINES_ABOVE);
        }
        self.rows.push(TableRow {
            anchor: line,
            raw_ref: raw,
            above,
            below: Vec::new(),
        });
        self.blank_since_anchor = false;
        self.to_next = false;
    }

    /// A line that is no anchor: it goes to the row above, or waits for the next.
    fn continuation(&mut self, line: &'d Line) {
        // a status cell opens the next row once this one has its dates; before
        // them it is this row's own, given after its title (`pdftotext -raw`)
        let row_has_dates = self
            .rows
            .last()
            .is_some_and(|r| has_date(r.anchor) || r.below.iter().any(|l| has_date(l)));
        let opens_status = starts_status(&line.text)
            && self.kind == TableKind::DeliveryDates
            && (row_has_dates || self.lines_above > 0);
        if opens_status || self.blank_since_anchor || self.lines_above > 0 {
            self.to_next = true;
        }
        match self.rows.last_mut() {
            Some(r) if !self.to_next => r.below.push(line),
            _ => self.pending.push(line),
        }
    }

    /// The rows, the last taking what is still pending.
    fn finish(mut self) -> Vec<TableRow<'d>> {
        if let Some(r) = self.rows.last_mut() {
            r.below.append(&mut self.pending);
        }
        self.rows
    }
}

/// True when a line holds a table date (`05/07/2019`).
fn has_date(line: &Line) -> bool {
    line.words.iter().any(|w| is_table_date(&w.text))
}

/// True for a word that is a table date (`05/07/2019`, `24/11/2019.`).
fn is_table_date(word: &str) -> bool {
    let t = word.trim_matches(|c: char| !c.is_ascii_digit());
    t.len() >= 8 && t.matches('/').count() == 2
}

/// Fewest title words a line must open with to hold a whole row of its own
/// (OCR's fragments and a wrapped cell's tail are shorter).
const MIN_TITLE_WORDS_OF_A_WHOLE_ROW: usize = 2;

/// Fewest table dates a delivery-table line must hold to hold a whole row
/// of its own (a comment cell names one date: `Change Board on 21/08/2019`).
const MIN_DATES_OF_A_WHOLE_DELIVERY_ROW: usize = 2;

/// True when a line of a `kind` table that is no anchor holds a whole row:
/// its reference was lost (a cropped or faded first column), not wrapped.
/// The line opens with a title of two words or more, then
/// - in a status table, a date and a status phrase ending the line
///   (`Standardise Formatting of Device ID 02/11/2016 Withdrawn`);
/// - in the delivery table, two dates or more (`Allow DNOs to control
///   Electric 08/07/2019 29/07/2019 …`).
fn holds_a_whole_row(line: &Line, kind: TableKind) -> bool {
    if memchr::memchr(b'/', line.text.as_bytes()).is_none() {
        return false; // no date: what nearly every line is told by
    }
    let words = &line.words;
    let Some(date_at) = words.iter().position(|w| is_table_date(&w.text)) else {
        return false;
    };
    let title = &words[..date_at];
    let opens = title.iter().position(|w| !is_rule_mark_or_speck(&w.text));
    let titled = opens.is_some_and(|first| {
        date_at - first >= MIN_TITLE_WORDS_OF_A_WHOLE_ROW && opens_title_word(&title[first].text)
    });
    titled
        && match kind {
            TableKind::Status => {
                let cells = &words[date_at + 1..];
                let specks = cells.iter().take_while(|w| is_rule_mark_or_speck(&w.text));
                is_status_phrase(&cells[specks.count()..])
            }
            TableKind::DeliveryDates => {
                let cells = &words[date_at..];
                let dates = cells.iter().filter(|w| is_table_date(&w.text)).count();
                let after = cells
                    .iter()
                    .rposition(|w| is_table_date(&w.text))
                    .map_or(0, |i| i + 1);
                dates >= MIN_DATES_OF_A_WHOLE_DELIVERY_ROW.max(dates_promised_by(&cells[after..]))
            }
        }
}

/// How many date cells a delivery row whose comment is `comment` fills: an
/// IA delivered fills all six, a PA awaiting its IA request the PA's three.
/// A row without its reference that holds fewer lost a cell (OCR drops a
/// blank or `N/A`), and its dates cannot be told apart by their order alone.
fn dates_promised_by(comment: &[Word]) -> usize {
    let mut text = String::new();
    push_joined(&mut text, comment.iter().map(|w| w.text.as_str()));
    // OCR reads `IA` as `1A`
    let text = fold(&text).replace("1a ", "ia ");
    if text.starts_with("ia delivered") {
        DELIVERY_DATE_CELLS
    } else if text.starts_with("awaiting ia request") {
        PA_DATE_CELLS
    } else {
        0
    }
}

/// Date cells of a delivery-table row: the PA's three, then the IA's three.
const DELIVERY_DATE_CELLS: usize = 6;

/// Date cells of a delivery-table row that are the PA's.
const PA_DATE_CELLS: usize = 3;

/// True for a word that is only a ruling or OCR's speck of one (`|`, `.|`, `/`).
fn is_rule_mark_or_speck(word: &str) -> bool {
    word.chars().all(|c| {
        matches!(
            c,
            '|' | '.' | '/' | '\\' | '~' | ':' | ';' | ',' | '_' | '-' | '\''
        )
    })
}

/// True when a row's anchor line holds a date or (in a status table) ends
/// with a status phrase: the row's own cells are there, so no line around
/// it is needed for them.
fn anchor_holds_its_cells(row: &TableRow<'_>, kind: TableKind) -> bool {
    let words = &row.anchor.words[row.ref_words(row.anchor)..];
    has_date(row.anchor)
        || kind == TableKind::Status && (0..words.len()).any(|i| is_status_phrase(&words[i..]))
}

/// Splits a table's rows where OCR lost references: around an anchor that
/// holds its own cells, each line holding a whole row
/// ([`holds_a_whole_row`]) opens a row without a reference, and the lines
/// after it that hold no row are its wrapped title. Lines above the anchor
/// before the first such line stay the anchor's, as do lines below before
/// one. The rows stay in reading order.
pub fn split_rows_without_reference(rows: Vec<TableRow<'_>>, kind: TableKind) -> Vec<TableRow<'_>> {
    let whole = |l: &&Line| holds_a_whole_row(l, kind);
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        if !(row.above.iter().any(whole) || row.below.iter().any(whole))
            || !anchor_holds_its_cells(&row, kind)
        {
            out.push(row);
            continue;
        }
        let above = std::mem::take(&mut row.above);
        let first_whole = above.iter().position(whole).unwrap_or(above.len());
        row.above = above[..first_whole].to_vec();
        push_split(&mut out, &above[first_whole..], kind);
        let below = std::mem::take(&mut row.below);
        let first_whole = below.iter().position(whole).unwrap_or(below.len());
        row.below = below[..first_whole].to_vec();
        out.push(row);
        push_split(&mut out, &below[first_whole..], kind);
    }
    out
}

/// Rows without a reference from `lines`, the first of which holds a whole
/// row: each whole row takes the lines after it that hold none.
fn push_split<'d>(out: &mut Vec<TableRow<'d>>, lines: &[&'d Line], kind: TableKind) {
    for &line in lines {
        match out.last_mut() {
            Some(open) if !holds_a_whole_row(line, kind) => open.below.push(line),
            _ => out.push(TableRow::without_reference(line)),
        }
    }
}

/// Two baseline gaps within this many points are "equally wide" when
/// looking for the padding between rows (rounding in the PDF's positions).
const GAP_TIE: f32 = 0.5;

/// On a PDF, moves the boundary between two rows to the widest vertical gap
/// between their references (the cells' padding): the lines above it end
/// the upper row, those below start the lower one, whether the references
/// sit on their cells' first or middle lines. A tie keeps the lines with
/// the upper row; rows on different pages are left alone.
pub fn regroup_by_spacing(rows: &mut [TableRow<'_>]) {
    for i in 1..rows.len() {
        let (upper, lower) = rows.split_at_mut(i);
        regroup_pair(&mut upper[i - 1], &mut lower[0]);
    }
}

/// [`regroup_by_spacing`] for one pair of neighbouring rows.
fn regroup_pair<'d>(a: &mut TableRow<'d>, b: &mut TableRow<'d>) {
    let mut between: Vec<&Line> = a.below.iter().chain(b.above.iter()).copied().collect();
    if between.is_empty()
        || between
            .iter()
            .any(|l| l.page != a.anchor.page || l.page != b.anchor.page)
    {
        return;
    }
    between.sort_by(|x, y| x.y.total_cmp(&y.y));
    let ys: Vec<f32> = std::iter::once(a.anchor.y)
        .chain(between.iter().map(|l| l.y))
        .chain(std::iter::once(b.anchor.y))
        .collect();
    if ys.windows(2).any(|w| w[1] < w[0]) {
        return;
    }
    // the widest gap, the last of equals: lines before it belong to the upper row
    let mut cut = between.len();
    let mut widest = f32::MIN;
    for (k, w) in ys.windows(2).enumerate() {
        let gap = w[1] - w[0];
        if gap >= widest - GAP_TIE {
            widest = widest.max(gap);
            cut = k;
        }
    }
    a.below = between[..cut].to_vec();
    b.above = between[cut..].to_vec();
}

/// In a middle-anchored table, where the lines between two references
/// divide: the last `lines_above` lines that open a title go to the row
/// below; the index returned is where they start.
fn middle_split(between: &[&Line], lines_above: usize) -> usize {
    let mut start = between.len();
    while start > 0 && between.len() - start < lines_above && opens_title(between[start - 1]) {
        start -= 1;
    }
    start
}

/// A line that starts a title cell: its first word capitalised and not a status word.
pub fn opens_title(line: &Line) -> bool {
    line.words
        .first()
        .is_some_and(|w| opens_title_word(&w.text))
}

/// A word that can open a title cell: capitalised and not a status word.
fn opens_title_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && !is_status_word(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting an ASCII line's header words without folding it counts what folding would.
        #[test]
        fn header_words_are_counted_as_folded(t in "((SECMP|Title|DCC|status|PA|IA|1A|x|Draft)[ .|:-]{1,2}){0,6}") {
            let folded = fold(&t);
            let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            let hits = words.iter().filter(|w| HEADER_WORDS.words().contains(w)).count();
            let want = !words.is_empty() && hits * 10 >= words.len() * HEADER_WORD_SHARE_TENTHS;
            proptest::prop_assert_eq!(is_header_line(&t), want && !t.contains('/'), "{:?}", t);
        }
    }

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 100, t))
            .collect()
    }

    #[test]
    fn lines_that_hold_a_whole_status_row() {
        for (raw, want) in [
            (
                "Standardise Formatting of Device ID 02/11/2016 Withdrawn",
                true,
            ),
            (
                ".| Demand Management of DCC Systems 19/12/2017 Withdrawn",
                true,
            ),
            (
                "SMKI PMA Governance Changes 02/11/2016 ~ | Implemented",
                true,
            ),
            (
                "Updates to the Code 24/11/2019. Accepted - Implemented.",
                true,
            ),
            (
                "Retention Of Logs 02/11/2016 AWAITING IMPLEMENTATION |",
                true,
            ),
            // one title word is a fragment, not a title
            ("Fix 02/11/2016 Implemented", false),
            // no date: a wrapped title's line, or a row whose date was lost
            ("Prioritising Service Requests On hold", false),
            // not a title's opening
            ("energy suppliers 02/11/2016 Implemented", false),
            ("Awaiting Implementation. 27/02/2020", false),
            ("No outstanding assessment 02/11/2016 Implemented", false),
            // the status is not all that follows the date
            ("Some Title Here 02/11/2016 Implemented in June", false),
            ("Some Title Here 02/11/2016", false),
            // a date OCR broke is no date
            (
                "Specifying the number of digits 08/112018 Implemented",
                false,
            ),
        ] {
            let l = Line::from_text(1, 1, raw);
            assert_eq!(holds_a_whole_row(&l, TableKind::Status), want, "{raw:?}");
        }
        for (raw, want) in [
            (
                "Allow.DNOs to control Electric 08/07/2019 29/07/2019 1A in progress",
                true,
            ),
            (
                "| Secure Firmware 14/10/2020 04/11/2020 09/11/2020 Awaiting",
                true,
            ),
            // a comment names one date
            ("Change Board on 21/08/2019 decided to send this", false),
            ("Controls 14/10/2020 04/11/2020", false),
            ("No outstanding 14/10/2020 04/11/2020", false),
            ("6056 . IHD / PPMID Zigbee 24/01/2019 19/02/2019", false),
            // as many dates as the comment says the row fills, or a cell was lost
            (
                "Enduring Approach to 05/07/2019 18/10/2019 25/10/2019 Awaiting IA request",
                true,
            ),
            (
                "Enduring Approach to 05/07/2019 18/10/2019 Awaiting IA request",
                false,
            ),
            (
                "Firmware updates to |HDs and 10/04/2019 11/04/2019 30/07/2019 13/11/2019 13/11/2019 1A delivered to Working Group",
                false,
            ),
            (
                "Firmware updates to IHDs and N/A 10/04/2019 11/04/2019 30/07/2019 13/11/2019 13/11/2019 IA delivered",
                false,
            ),
            (
                "Firmware updates to IHDs and 01/04/2019 10/04/2019 11/04/2019 30/07/2019 13/11/2019 13/11/2019 IA delivered",
                true,
            ),
        ] {
            let l = Line::from_text(1, 1, raw);
            assert_eq!(
                holds_a_whole_row(&l, TableKind::DeliveryDates),
                want,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn a_delivery_comment_says_how_many_dates_its_row_fills() {
        for (comment, want) in [
            ("IA delivered to Working Group", 6),
            ("1A delivered to Working: Group", 6),
            ("| ia DELIVERED", 6),
            ("Awaiting IA request", 3),
            ("Awaiting 1A request.", 3),
            ("PA delivered", 0),
            ("Awaiting Authority decision", 0),
            ("Change Board on 21/08/2019", 0),
            ("", 0),
        ] {
            let l = Line::from_text(1, 1, comment);
            assert_eq!(dates_promised_by(&l.words), want, "{comment:?}");
        }
    }

    /// Rows as (reference, anchor text, above, below).
    fn shape<'a>(rows: &'a [TableRow<'_>]) -> Vec<(&'a str, &'a str, Vec<&'a str>, Vec<&'a str>)> {
        rows.iter()
            .map(|r| {
                (
                    r.raw_ref.as_str(),
                    r.anchor.text.as_str(),
                    r.above.iter().map(|l| l.text.as_str()).collect(),
                    r.below.iter().map(|l| l.text.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn rows_that_lost_their_reference_are_split_from_a_row_with_its_own_cells() {
        let ls = lines(&[
            "Standardise Formatting of Device ID 02/11/2016 Withdrawn",
            "Lead title line",
            "0006 Specifying the number of digits 08/11/2018 Implemented",
            "Amendment to SMKI Services to provide 23/01/2019 Withdrawn",
            "Authorised Responsible Officer Statistics",
            "| Single User ID for Users 14/09/2017 Implemented",
            "0027 Amending Service Request Forecasting",
            "Business Continuity Amendments 01/11/2018 Implemented",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        // the grouper puts the table's first lines above its first anchor
        let rows =
            split_rows_without_reference(group_rows(&refs, TableKind::Status), TableKind::Status);
        assert_eq!(
            shape(&rows),
            [
                (
                    "",
                    "Standardise Formatting of Device ID 02/11/2016 Withdrawn",
                    vec![],
                    vec!["Lead title line"]
                ),
                (
                    "0006",
                    "0006 Specifying the number of digits 08/11/2018 Implemented",
                    vec![],
                    vec![]
                ),
                (
                    "",
                    "Amendment to SMKI Services to provide 23/01/2019 Withdrawn",
                    vec![],
                    vec!["Authorised Responsible Officer Statistics"]
                ),
                (
                    "",
                    "| Single User ID for Users 14/09/2017 Implemented",
                    vec![],
                    vec![]
                ),
                // an anchor without cells of its own keeps the line that holds them
                (
                    "0027",
                    "0027 Amending Service Request Forecasting",
                    vec![],
                    vec!["Business Continuity Amendments 01/11/2018 Implemented"]
                ),
            ]
        );
        // the speck before a title is no cell; the reference is one word of its anchor
        let skipped: Vec<usize> = rows.iter().map(|r| r.ref_words(r.anchor)).collect();
        assert_eq!(skipped, [0, 1, 0, 1, 1]);
        assert_eq!(rows[1].ref_words(rows[0].anchor), 0);
    }

    #[test]
    fn anchors() {
        for (raw, want) in [
            (
                "0024 Communication Hub Firmware PA in progress",
                Some("0024"),
            ),
            ("007 PPMIDs IA in progress N/A", Some("007")),
            ("O Available on the HAN 24/01/2019", Some("O")),
            ("| 0023 Correct Units of Measure", Some("0023")),
            ("0010. Introduction of triage", Some("0010")),
            ("MP088 Some title", Some("MP088")),
            (
                "(0027. : Amending Service Request Forecasting",
                Some("0027"),
            ),
            ("‘0063", Some("0063")),
            ("6056 . IHD / PPMID Zigbee Attributes", Some("6056")),
            ("8024 Enduring Approach", Some("8024")),
            ("2019 Release of the Code", None),
            ("6056 24/01/2019", None),
            ("6056", None),
            ("(ASN) for Consignment", None),
            ("00245 Communication Hub", None),
            ("Management", None),
            ("2019/20", None),
            ("24/01/2019 x", None),
        ] {
            let l = Line::from_text(1, 1, raw);
            assert_eq!(anchor_ref(&l).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn middle_anchored_rows_split_the_lines_between_references() {
        let ls = lines(&[
            "Consumer Device Pairing",
            "0124 Windows IA in progress 04/01/2021 25/01/2021 22/01/2021 22/02/2021 19/04/2021 IA in progress",
            "Head-End Certificate",
            "0125 Rotation IA in progress 29/03/2021 26/04/2021 03/05/2021 28/04/2021 23/06/2021 IA in progress",
            "Secure Firmware Rollback No outstanding",
            "0122 Controls assessment 14/10/2020 04/11/2020 09/11/2020 21/12/2020 18/02/2021 18/02/2021 Awaiting Change Board",
            "request decision",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let rows = group_rows(&refs, TableKind::DeliveryDates);
        let shape: Vec<(&str, Vec<&str>, Vec<&str>)> = rows
            .iter()
            .map(|r| {
                (
                    r.raw_ref.as_str(),
                    r.above.iter().map(|l| l.text.as_str()).collect(),
                    r.below.iter().map(|l| l.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("0124", vec!["Consumer Device Pairing"], vec![]),
                ("0125", vec!["Head-End Certificate"], vec![]),
                (
                    "0122",
                    vec!["Secure Firmware Rollback No outstanding"],
                    vec!["request decision"]
                ),
            ]
        );
        // an OCR speck above the first reference does not make the table middle-anchored
        let ls = lines(&[
            "f\\",
            "0091 Extending the self-service PA in progress 27/02/2020",
            "Interface",
            "0085 Synchronisation PA in progress 01/04/2020",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let rows = group_rows(&refs, TableKind::DeliveryDates);
        assert_eq!(
            rows[0]
                .below
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
            ["Interface"]
        );
    }

    #[test]
    fn status_tables_give_a_line_after_a_page_break_to_the_next_row() {
        let ls: Vec<Line> = [
            (1, "0058 Changes to governance Implemented"),
            (2, "Prioritising Service"),
            (2, "0028 Requests On hold."),
        ]
        .iter()
        .enumerate()
        .map(|(i, (p, t))| Line::from_text(*p, i as u32 + 1, t))
        .collect();
        let refs: Vec<&Line> = ls.iter().collect();
        let status = group_rows(&refs, TableKind::Status);
        assert_eq!(status[1].above.len(), 1);
        let delivery = group_rows(&refs, TableKind::DeliveryDates);
        assert_eq!(
            delivery[0].below.len(),
            1,
            "the delivery table continues the row above"
        );
    }
}
