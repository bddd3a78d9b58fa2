//! The appendix's delivery-dates table: one row per proposal, with a PA's
//! and an IA's request, target and delivery dates.
//!
//! In: a [`TableRow`] of the table and the header's columns. Out: the row's
//! observation and one assessment per type with any cell filled. Two ways
//! to read the cells, chosen once per table by `appendix`: by the header
//! column each word sits under ([`cells_by_column`], positional text), or
//! in printed order on the line with the most dates ([`cells_in_order`],
//! OCR text), `N/A` holding a place either way.

use super::cells::{
    cell_of, is_noise, is_rule_mark, is_status_word, push_joined, status_starts_at, DateCell,
    CELL_TEXT_CAPACITY,
};
use super::rows::TableRow;
use crate::layout::Line;
use crate::model::{
    Assessment, AssessmentSource, AssessmentType, DccAssessmentStatus, Mention, Observation,
    Section, Text,
};
use crate::normalise::dates::DateContext;
use crate::normalise::titles::{clean_title, fold, join_wrapped, push_wrapped};
use crate::parse::columns::{column_for, Column};
use crate::parse::{Found, SegmentContext};
use crate::worker::check_deadline;
use chrono::NaiveDate;

/// The three dates of an assessment, in the order the table prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateSlot {
    /// Request accepted.
    Requested,
    /// Target delivery.
    Target,
    /// Actual delivery.
    Delivered,
}

impl DateSlot {
    /// The name an `N/A` note gives the cell (`requested N/A`).
    fn name(self) -> &'static str {
        match self {
            DateSlot::Requested => "requested",
            DateSlot::Target => "target",
            DateSlot::Delivered => "delivered",
        }
    }
}

/// The six date columns of the delivery table, in printed order.
const DATE_COLUMNS: [(AssessmentType, DateSlot); 6] = [
    (AssessmentType::Pa, DateSlot::Requested),
    (AssessmentType::Pa, DateSlot::Target),
    (AssessmentType::Pa, DateSlot::Delivered),
    (AssessmentType::Ia, DateSlot::Requested),
    (AssessmentType::Ia, DateSlot::Target),
    (AssessmentType::Ia, DateSlot::Delivered),
];

/// How many of the six date columns a header must name for the table to
/// be read by column (fewer: OCR lost the header, read in order).
pub const MIN_NAMED_DATE_COLUMNS: usize = 4;

/// What one row's cells hold, however they were read.
#[derive(Debug, Default)]
pub struct DeliveryCells {
    /// The six date cells, in [`DATE_COLUMNS`] order.
    dates: [Option<DateCell>; 6],
    /// The Comments cell.
    comment: String,
    /// The Title cell.
    title: String,
    /// The DCC Assessment Status cell.
    status: String,
}

impl DeliveryCells {
    /// A row's cells read elsewhere: the date cells in printed order (at
    /// most six), the title, status and comment cells.
    pub fn new(dates: &[DateCell], title: String, status: String, comment: String) -> Self {
        let mut cells = DeliveryCells {
            title,
            status,
            comment,
            ..DeliveryCells::default()
        };
        for (slot, d) in cells.dates.iter_mut().zip(dates) {
            *slot = Some(*d);
        }
        cells
    }
}

/// Which date column (index into [`DATE_COLUMNS`]) a header column is.
pub fn date_column_index(name: &str) -> Option<usize> {
    let f = fold(name).replace("1a", "ia");
    let base = match (f.contains("pa"), f.contains("ia")) {
        (true, false) => 0,
        (false, true) => 3,
        _ => return None,
    };
    if f.contains("target") {
        Some(base + 1)
    } else if f.contains("actual") {
        Some(base + 2)
    } else if f.contains("request") || f.contains("accepted") {
        Some(base)
    } else {
        None
    }
}

/// True when a header names enough date columns to read the table by column.
pub fn reads_by_column(columns: &[Column]) -> bool {
    columns
        .iter()
        .filter(|c| date_column_index(&c.name).is_some())
        .count()
        >= MIN_NAMED_DATE_COLUMNS
}

/// One row of the delivery-dates table (its reference on `anchor`), its
/// cells already read.
pub fn delivery_row(
    ctx: &SegmentContext<'_>,
    anchor: &Line,
    mention: Mention,
    cells: DeliveryCells,
    found: &mut Found,
) {
    let status = DccAssessmentStatus::read(&cells.status);
    found.observations.push(Observation {
        mention: mention.clone(),
        title: clean_title(&cells.title).into(),
        section: Section::DccAssessments,
        list: ctx.list.clone(),
        page: anchor.page,
        line: anchor.line,
        status: None,
        dcc_cell: status.map_or_else(Text::default, |s| s.as_str().into()),
    });
    for kind in AssessmentType::ALL {
        if let Some(a) = assessment_of(kind, &cells, &mention, status, anchor) {
            found.assessments.push(a);
        }
    }
}

/// The assessment of one type in a row, when any of its cells is filled.
fn assessment_of(
    kind: AssessmentType,
    cells: &DeliveryCells,
    mention: &Mention,
    status: Option<DccAssessmentStatus>,
    anchor: &Line,
) -> Option<Assessment> {
    let mut dates: [Option<NaiveDate>; 3] = [None; 3];
    let mut notes = Vec::new();
    let mut any = false;
    for (i, (k, slot)) in DATE_COLUMNS.iter().enumerate() {
        if *k != kind {
            continue;
        }
        match cells.dates[i] {
            Some(DateCell::Date(d)) => dates[*slot as usize] = Some(d),
            Some(DateCell::NotApplicable) => notes.push(format!("{} N/A", slot.name())),
            None => continue,
        }
        any = true;
    }
    if !any {
        return None;
    }
    if !cells.comment.is_empty() {
        notes.push(cells.comment.clone());
    }
    Some(Assessment {
        mention: mention.clone(),
        kind,
        source: AssessmentSource::Appendix,
        status,
        requested: dates[DateSlot::Requested as usize],
        target: dates[DateSlot::Target as usize],
        delivered: dates[DateSlot::Delivered as usize],
        target_wd: None,
        elapsed_wd: None,
        note: notes.join("; ").into(),
        page: anchor.page,
        line: anchor.line,
    })
}

/// Cells read by the header column each word sits under.
pub fn cells_by_column(row: &TableRow<'_>, columns: &[Column], ctx: DateContext) -> DeliveryCells {
    let mut cells = DeliveryCells::default();
    let mut title_parts: Vec<String> = Vec::new();
    let (mut comment_parts, mut status_parts) = (Vec::new(), Vec::new());
    for l in row.lines() {
        let mut title_line = Vec::new();
        let skip = row.ref_words(l);
        for w in l.words.iter().skip(skip) {
            let col = column_for(w, columns);
            let name = col.map(|c| fold(&c.name)).unwrap_or_default();
            if let Some(idx) = col.and_then(|c| date_column_index(&c.name)) {
                if let Some(c) = cell_of(&w.text, ctx) {
                    cells.dates[idx].get_or_insert(c);
                }
            } else if name.contains("title") {
                title_line.push(w.text.clone());
            } else if name.contains("comment") {
                comment_parts.push(w.text.clone());
            } else if name.contains("status") || name.contains("dcc") {
                status_parts.push(w.text.clone());
            } else if !name.contains("secmp") {
                // (a wrapped reference cell is nobody's)
                title_line.push(w.text.clone());
            }
        }
        if !title_line.is_empty() {
            title_parts.push(title_line.join(" "));
        }
    }
    cells.title = join_wrapped(title_parts.iter().map(String::as_str));
    cells.comment = comment_parts.join(" ");
    cells.status = status_parts.join(" ");
    cells
}

/// Cells read left to right: the line with the most dates holds them in
/// column order; the title and status cells are read around it.
pub fn cells_in_order(row: &TableRow<'_>, ctx: DateContext) -> DeliveryCells {
    let lines: Vec<&Line> = row.lines().collect();
    // each word read as a date cell once, for all the readings below
    let line_cells: Vec<Vec<Option<DateCell>>> = lines.iter().map(|l| cells_of(l, ctx)).collect();
    let dates_on = |i: usize| line_cells[i].iter().filter(|c| c.is_some()).count();
    // the line with the most dates (the anchor among equals, else the last of
    // them); a row printed without its reference is told by its anchor's dates,
    // and a line of dates after it is another row's that lost its title too
    let data_at = if row.printed_without_reference() {
        lines.iter().position(|l| row.is_anchor(l))
    } else {
        (0..lines.len()).max_by_key(|&i| (dates_on(i), row.is_anchor(lines[i])))
    };
    let data = data_at.map_or(row.anchor, |i| lines[i]);
    let (dates, comment) = match data_at {
        Some(i) => dates_and_comment(data, &line_cells[i]),
        None => dates_and_comment(data, &cells_of(data, ctx)),
    };
    let mut cells = DeliveryCells {
        dates,
        comment,
        ..DeliveryCells::default()
    };
    title_and_status(row, &lines, &line_cells, data, &mut cells);
    cells
}

/// Each word of a line read as a date cell.
fn cells_of(line: &Line, ctx: DateContext) -> Vec<Option<DateCell>> {
    line.words.iter().map(|w| cell_of(&w.text, ctx)).collect()
}

/// The date cells of the data line, in order, and the comment after them.
fn dates_and_comment(
    data: &Line,
    word_cells: &[Option<DateCell>],
) -> ([Option<DateCell>; 6], String) {
    let mut dates = [None; 6];
    let mut n = 0;
    let mut first_cell_at = None;
    let mut after = None;
    for (i, (w, cell)) in data.words.iter().zip(word_cells).enumerate() {
        if let Some(c) = *cell {
            if n < dates.len() {
                dates[n] = Some(c);
                n += 1;
            }
            first_cell_at.get_or_insert(i);
            after = Some(i + 1);
        } else if first_cell_at.is_some() && !is_noise(&w.text) {
            break;
        }
    }
    let comment = match after {
        Some(a) => {
            let mut comment = String::new();
            let words = data.words[a..].iter().map(|w| w.text.as_str());
            push_joined(
                &mut comment,
                words.filter(|w| !w.chars().all(|c| matches!(c, '|' | '!' | '§' | ':' | '.'))),
            );
            comment
        }
        None => String::new(),
    };
    (dates, comment)
}

/// Words a delivery row's line-by-line word buffer starts with (most lines
/// hold fewer; a longer line grows it).
const LINE_WORDS_CAPACITY: usize = 24;

/// The title (words before the status cell on each line, the anchor's after
/// its reference) and the status cell; below the dates, a wrapped comment
/// follows the status cell's last words and joins the comment.
fn title_and_status(
    row: &TableRow<'_>,
    lines: &[&Line],
    line_cells: &[Vec<Option<DateCell>>],
    data: &Line,
    cells: &mut DeliveryCells,
) {
    let mut title = String::with_capacity(CELL_TEXT_CAPACITY);
    // one line's title words, its words and their date cells, each reused from line to line
    let mut part = String::with_capacity(CELL_TEXT_CAPACITY);
    let mut words: Vec<&str> = Vec::with_capacity(LINE_WORDS_CAPACITY);
    let mut word_cells: Vec<bool> = Vec::with_capacity(LINE_WORDS_CAPACITY);
    cells.status.reserve(CELL_TEXT_CAPACITY);
    let mut past_data = false;
    // a line below the data that opens with the rest of the row's status
    // cell shows the title column empty: the title has ended, and a later
    // line with neither status nor dates continues the comment
    let mut title_ended = false;
    // the cells given one after another below the reference (`pdftotext
    // -raw`): title, status, dates, comment; what follows the dates is comment
    let in_sequence = !row.is_anchor(data) && row.above.is_empty();
    for (l, l_cells) in lines.iter().zip(line_cells) {
        check_deadline();
        let below_data = past_data;
        past_data |= std::ptr::eq(*l, data);
        if below_data && in_sequence {
            push_comment(&mut cells.comment, l);
            continue;
        }
        let skip = row.ref_words(l);
        words.clear();
        word_cells.clear();
        for (w, c) in l.words.iter().zip(l_cells).skip(skip) {
            if !is_rule_mark(&w.text) {
                words.push(w.text.as_str());
                word_cells.push(c.is_some());
            }
        }
        let cut = (0..words.len())
            .find(|&i| status_starts_at(&words, i) || word_cells[i])
            .unwrap_or(words.len());
        if title_ended && below_data && cut == words.len() && !cells.comment.is_empty() {
            cells.comment.push(' ');
            push_joined(&mut cells.comment, words.iter().copied());
            continue;
        }
        // (a line opening with a status after the row's status is whole is
        // the next row's, grouped here)
        title_ended |=
            below_data && cut == 0 && !words.is_empty() && !is_whole_status(&cells.status);
        let status_end = if below_data && !cells.comment.is_empty() {
            words
                .iter()
                .rposition(|w| is_status_word(w))
                .map_or(cut, |i| (i + 1).max(cut))
        } else {
            words.len()
        };
        if status_end < words.len() {
            cells.comment.push(' ');
            push_joined(&mut cells.comment, words[status_end..].iter().copied());
        }
        push_joined(&mut cells.status, words[cut..status_end].iter().copied());
        cells.status.push(' ');
        let only_status =
            cut == 0 && !row.is_anchor(l) && words.first().is_some_and(|w| !is_status_word(w));
        if !only_status {
            part.clear();
            push_joined(&mut part, words[..cut].iter().copied());
            push_wrapped(&mut title, &part);
        }
    }
    cells.title = title;
}

/// True when a status cell read so far ends as every DCC status phrase
/// does (`… in progress`, `… assessment request`), OCR's spelling allowed.
fn is_whole_status(status: &str) -> bool {
    let folded = fold(status);
    folded.ends_with("progress") || folded.ends_with("request") || folded.ends_with("fequest")
}

/// Adds a wrapped comment line to the comment cell.
fn push_comment(comment: &mut String, line: &Line) {
    let mut words = line
        .words
        .iter()
        .map(|w| w.text.as_str())
        .filter(|w| !is_rule_mark(w))
        .peekable();
    if words.peek().is_none() {
        return;
    }
    if !comment.is_empty() {
        comment.push(' ');
    }
    push_joined(comment, words);
}

#[cfg(test)]
mod tests {
    use super::super::rows::{group_rows, split_rows_without_reference, TableKind};
    use super::*;

    /// The lines of a delivery table, numbered from 1 on page 1.
    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .zip(1..)
            .map(|(t, i)| Line::from_text(1, i, t))
            .collect()
    }

    /// (title, comment) of each row of a delivery table's lines, read in order.
    fn titles_and_comments(texts: &[&str]) -> Vec<(String, String)> {
        let ls = lines(texts);
        let refs: Vec<&Line> = ls.iter().collect();
        let kind = TableKind::DeliveryDates;
        let rows = split_rows_without_reference(group_rows(&refs, kind), kind);
        rows.iter()
            .map(|r| cells_in_order(r, DateContext::default()))
            .map(|c| (c.title, c.comment))
            .collect()
    }

    #[test]
    fn a_comment_that_wraps_past_the_status_cell_is_no_title() {
        let read = titles_and_comments(&[
            "0012 Channel selection to support No outstanding.) 23/12/2016 13/09/2017 On hold indefinitely until the Alt",
            "Shared HAN solutions assessment HAN project reaches a position",
            "request that can inform the Working",
            "Group of the value of",
            "progressing It",
            "0078 Incorporation of multiple Issue No outstanding | 30/09/2019 18/10/2019 18/10/2019 Awaiting IA request",
            "Resolution Proposals into the SEC | assessment",
            "- Part 2 . request",
            // a title longer than its status cell: no line shows the title column empty
            "0024 Enduring Approach to No outstanding. | 05/07/2019 18/10/2019 25/10/2019 Awaiting IA request",
            "Communication Hub Firmware assessment",
            "Management request",
            "and Distribution",
        ]);
        let want = [
            (
                "Channel selection to support Shared HAN solutions",
                "On hold indefinitely until the Alt HAN project reaches a position \
                 that can inform the Working Group of the value of progressing It",
            ),
            // (the title cell as printed: its tidying comes later)
            (
                "Incorporation of multiple Issue Resolution Proposals into the SEC - Part 2 .",
                "Awaiting IA request",
            ),
            (
                "Enduring Approach to Communication Hub Firmware Management and Distribution",
                "Awaiting IA request",
            ),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(t, c)| (t.to_string(), c.to_string()))
            .collect();
        assert_eq!(read, want);
        // (a status opening a line after the row's own status is whole is the
        // next row's, grouped below this one by position: tests/layout_text.rs
        // reads wkhtmltopdf's appendix, where MP137's status sits under MP139)
    }

    #[test]
    fn a_status_cell_is_whole_when_it_ends_as_a_status_phrase_does() {
        for (status, want) in [
            ("PA in progress", true),
            ("1A in progress.", true),
            ("No outstanding assessment request", true),
            ("No outstanding assessment fequest", true),
            ("No outstanding.)", false),
            ("No outstanding assessment", false),
            ("", false),
        ] {
            assert_eq!(is_whole_status(status), want, "{status:?}");
        }
    }

    #[test]
    fn a_row_without_its_reference_takes_the_dates_of_its_own_line() {
        let ls = lines(&[
            "0125 Head-End Certificate Rotation PA in progress 29/03/2021 26/04/2021 PA in progress",
            "Allow DNOs to control Electric 08/07/2019 29/07/2019",
            "Vehicle chargers",
            "02/05/2019 26/07/2019 20/09/2019 20/09/2019 Awaiting Authority decision",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let kind = TableKind::DeliveryDates;
        let rows = split_rows_without_reference(group_rows(&refs, kind), kind);
        assert_eq!(rows.len(), 2);
        assert!(rows[1].printed_without_reference());
        let date = |m, d| NaiveDate::from_ymd_opt(2019, m, d).map(DateCell::Date);
        let cells = cells_in_order(&rows[1], DateContext::default());
        // not the four dates of the titleless line after it
        assert_eq!(
            cells.dates,
            [date(7, 8), date(7, 29), None, None, None, None]
        );
        // a row with its reference reads the line with the most dates, as before
        let cells = cells_in_order(&rows[0], DateContext::default());
        let date = |m, d| NaiveDate::from_ymd_opt(2021, m, d).map(DateCell::Date);
        assert_eq!(
            cells.dates,
            [date(3, 29), date(4, 26), None, None, None, None]
        );
    }
}
