//! Stage 4 for the report's own sections: observations, events, the Refine
//! tables and the timescale tables, from one segment at a time.

use super::columns::{labelled_phrases, snap_to_rulings, spaces_cells_apart, stack, Column};
use super::events::{item_events, Introduction, ItemContext};
use super::paragraphs::{paragraphs, Paragraph};
use super::quoted::quoted_after;
use super::report_cells::{
    assessment_rows, stacked_header, timescale_cells, wrapped_timescale_row,
};
use super::report_tables::{
    assessment_row, duration_columns, is_label_tail, positional_assessment_row,
    starts_column_label, starts_timescale_label, tidy_measure, timescale_row, AssessmentRow,
    DurationColumn, TimescaleRow,
};
use super::status::item_status;
use super::{mention_for, Found, SegmentContext};
use crate::layout::Line;
use crate::model::{
    Assessment, AssessmentSource, AssessmentType, Code, Diagnostic, Event, List, Observation,
    Status, Text, Timescale, TimescaleTable,
};
use crate::normalise::dates::parse_month;
use crate::normalise::ids::{find_refs, ref_matches, RefMatch};
use crate::normalise::parse_assessment_type;
use crate::normalise::titles::clean_title;
use crate::segment::is_furniture;
use crate::worker::check_deadline;

/// Parses one report segment into `found`.
pub fn parse_report_segment(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    timescales(lines, found);
    if ctx.list.is_assessment_table() {
        assessment_table(ctx, lines, found)
    } else {
        mentions(ctx, lines, found)
    }
}

/// Observations and events from the paragraphs and items of a list.
fn mentions(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let paragraphs = paragraphs(lines, ctx.positional);
    let mut intro = Introduction::new("", ctx.dates);
    for p in &paragraphs {
        let refs = find_refs(&p.text);
        if refs.is_empty() {
            if timescale_row(&p.text).is_none() && !looks_like_item(&p.text) {
                intro = Introduction::new(&p.text, ctx.dates);
            }
            continue;
        }
        if !p.is_item() {
            // a sentence that names proposals also introduces what follows it
            intro = Introduction::new(&p.text, ctx.dates);
        }
        for (k, r) in refs.iter().enumerate() {
            let next_ref = refs.get(k + 1).map_or(p.text.len(), |n| n.start);
            let last = k + 1 == refs.len();
            item(ctx, p, r, next_ref, last, &intro, found);
        }
    }
}

/// The observation and events of one reference in a paragraph: its quoted
/// title (if it has one before the next reference), its status, and what
/// its own words (up to the next reference) tell.
fn item(
    ctx: &SegmentContext<'_>,
    p: &Paragraph<'_>,
    r: &RefMatch,
    next_ref: usize,
    last: bool,
    intro: &Introduction<'_>,
    found: &mut Found,
) {
    let line = p.line_at(r.start);
    let (title, own_from) = match quoted_after(&p.text, r.end) {
        Some((t, end)) if end <= next_ref || last => (clean_title(&t), end),
        _ => (String::new(), r.end),
    };
    let mention = mention_for(r);
    let own_to = next_ref.max(own_from);
    let own = &p.text[own_from.min(own_to)..own_to];
    let item = ItemContext {
        section: ctx.section,
        list: ctx.list,
        intro,
        paragraph: &p.text,
        own,
        dates: ctx.dates,
    };
    found.observations.push(Observation {
        mention: mention.clone(),
        title: title.into(),
        section: ctx.section,
        list: ctx.list.clone(),
        page: line.page,
        line: line.line,
        status: item_status(&item),
        dcc_cell: Text::default(),
    });
    for e in item_events(&item) {
        found.events.push(Event {
            date: e.date,
            mention: mention.clone(),
            kind: e.kind,
            detail: e.detail.into(),
            telling: e.telling,
            page: line.page,
            line: line.line,
        });
    }
}

/// A bullet and a quoted title whose reference OCR destroyed: not an introducing sentence.
fn looks_like_item(text: &str) -> bool {
    let t = text.trim_start();
    let starts_bullet =
        t.starts_with(|c: char| !c.is_alphanumeric()) || t.starts_with("e ") || t.starts_with("o ");
    starts_bullet && t.contains(['‘', '\'', '“']) && !t.contains("following")
}

/// Target durations at or above this many working days are an IA's, below
/// a PA's: the DCC's standard targets are 15–25 WD for a Preliminary
/// Assessment and 30 WD or more for an Impact Assessment.
const IA_TARGET_WD: u32 = 30;

/// The open / completed assessment tables.
///
/// On a PDF the header row's words give the columns (a stacked header's
/// lines joined) and each row is read by position; on OCR text, cells in order.
fn assessment_table(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let laid_out_header = lines
        .iter()
        .any(|l| duration_columns(&l.text).is_some() && spaces_cells_apart(l));
    if !ctx.positional && !laid_out_header && cell_per_line_tables(ctx, lines, found) {
        return;
    }
    let mut header = TableHeader::default();
    for (i, line) in lines.iter().enumerate() {
        check_deadline();
        if header.reads(line, ctx) {
            continue;
        }
        let by_position = (header.laid_out && !header.columns.is_empty())
            .then(|| positional_assessment_row(line, &header.columns, ctx.dates))
            .flatten();
        let row = by_position.or_else(|| {
            let text = with_wrapped_cells(line, &lines[i + 1..]);
            assessment_row(&text, &header.durations, ctx.dates)
        });
        if let Some(row) = row {
            table_row(ctx, line, row, found);
        }
    }
}

/// A row's text with the lines below it that hold only more of its cells
/// (plain `pdftotext` breaks a row as it likes: `MP125` / `IA` /
/// `28 Apr 21 40 WD` / `47 WD`), up to a blank line or another reference.
fn with_wrapped_cells(line: &Line, below: &[&Line]) -> String {
    let mut text = line.text.clone();
    for next in below {
        if next.is_blank()
            || ref_matches(&next.text).next().is_some()
            || !holds_only_cells(&next.text)
        {
            break;
        }
        text.push(' ');
        text.push_str(&next.text);
    }
    text
}

/// True when every word of a line can be part of an assessment row's cells
/// (a type, a number, a month, `WD`, `N/A`).
fn holds_only_cells(text: &str) -> bool {
    text.split_whitespace().all(|w| {
        parse_assessment_type(w).is_some()
            || w.chars().all(|c| c.is_ascii_digit())
            || parse_month(w).is_some()
            || w.eq_ignore_ascii_case("wd")
            || w.eq_ignore_ascii_case("n/a")
    })
}

/// The open / completed assessment tables whose header names come one per
/// line (plain `pdftotext`): each table's body read cell by cell under its
/// header ([`assessment_rows`]); false when the segment has no such header.
fn cell_per_line_tables(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) -> bool {
    let mut from = 0;
    let mut any = false;
    while let Some(header) = stacked_header(&lines[from..]) {
        check_deadline();
        let body = from + header.end;
        let (rows, used) = assessment_rows(&header, &lines[body..], ctx.dates);
        for (row, line) in rows {
            table_row(ctx, line, row, found);
        }
        any = true;
        from = body + used.max(1);
        if from >= lines.len() {
            break;
        }
    }
    any
}

/// An assessment table's header as read so far.
struct TableHeader {
    /// Which duration columns the header names, in order (until a header
    /// says otherwise: target, then current or actual).
    durations: Vec<DurationColumn>,
    /// The header's cells, by position (PDF).
    columns: Vec<Column>,
    /// True while the lines after the header row may still be header
    /// (a cell wrapped onto a second line: `Target` over `duration`).
    open: bool,
    /// True when rows are read by where their words sit: on a PDF, and in
    /// text whose header row spaces its cells apart (`pdftotext -layout`
    /// of a report that is mostly prose).
    laid_out: bool,
}

impl Default for TableHeader {
    fn default() -> Self {
        TableHeader {
            durations: vec![DurationColumn::Target, DurationColumn::Elapsed],
            columns: Vec::new(),
            open: false,
            laid_out: false,
        }
    }
}

impl TableHeader {
    /// Takes `line` into the header when it is one (true), else leaves it to the body.
    fn reads(&mut self, line: &Line, ctx: &SegmentContext<'_>) -> bool {
        if let Some(cols) = duration_columns(&line.text) {
            self.durations = cols;
            self.columns.clear();
            self.stack_line(line, ctx);
            self.laid_out = ctx.positional || spaces_cells_apart(line);
            self.open = self.laid_out;
            return true;
        }
        let wrapped_cell = self.open
            && !line.is_blank()
            && ref_matches(&line.text).next().is_none()
            && !line.text.chars().any(|c| c.is_ascii_digit());
        if wrapped_cell {
            self.stack_line(line, ctx);
            return true;
        }
        self.open = false;
        false
    }

    /// Adds a header line's cells to the columns, snapped to the page's rulings.
    fn stack_line(&mut self, line: &Line, ctx: &SegmentContext<'_>) {
        stack(
            &mut self.columns,
            labelled_phrases(&line.words, starts_column_label),
        );
        snap_to_rulings(&mut self.columns, ctx.rulings, line.page, line.y);
    }
}

/// The observation and assessment of one table row.
fn table_row(ctx: &SegmentContext<'_>, line: &Line, row: AssessmentRow, found: &mut Found) {
    let completed = *ctx.list == List::AssessmentsCompleted;
    let mention = mention_for(&row.reference);
    let kind = row
        .kind
        .unwrap_or_else(|| guess_type(line, row.target_wd, found));
    found.observations.push(Observation {
        mention: mention.clone(),
        title: Text::default(),
        section: ctx.section,
        list: ctx.list.clone(),
        page: line.page,
        line: line.line,
        // an open assessment is a PA or IA in progress (RULES.md)
        status: (!completed).then(|| Status::in_progress(kind)),
        dcc_cell: Text::default(),
    });
    let (requested, delivered) = if completed {
        (None, row.date)
    } else {
        (row.date, None)
    };
    found.assessments.push(Assessment {
        mention,
        kind,
        source: AssessmentSource::Report,
        status: None,
        requested,
        target: None,
        delivered,
        target_wd: row.target_wd,
        elapsed_wd: row.elapsed_wd,
        note: Text::default(),
        page: line.page,
        line: line.line,
    });
}

/// PA or IA for a row whose Type cell is missing, from its target duration,
/// with a `type_guessed` warning.
fn guess_type(line: &Line, target_wd: Option<u32>, found: &mut Found) -> AssessmentType {
    let guess = if target_wd.unwrap_or(0) >= IA_TARGET_WD {
        AssessmentType::Ia
    } else {
        AssessmentType::Pa
    };
    found.diagnostics.push(
        Diagnostic::new(
            Code::TypeGuessed,
            "",
            format!("the Type cell is missing; {guess} guessed from the target duration"),
        )
        .at(line.page, line.line)
        .quoting(&line.text),
    );
    guess
}

/// A timescale table's header line (`Assessment Total Average`, OCR's `Assessment Average`, a lone `duration`).
fn is_timescale_header(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    l.contains("average") || l == "duration" || l.starts_with("assessment total")
}

/// Most lines of page furniture and repeated header between a timescale
/// label and its wrapped tail on the next page.
const MAX_LINES_BEFORE_TAIL: usize = 12;

/// Where a wrapped label's tail (`2019/20`) is among the lines that follow,
/// past page furniture and the table's header repeated on a new page (any
/// line but another label or a value).
fn tail_after(lines: &[&Line]) -> Option<usize> {
    let k = lines.iter().take(MAX_LINES_BEFORE_TAIL).position(|l| {
        is_label_tail(&l.text)
            || starts_timescale_label(&l.text)
            || l.text.contains(|c: char| c.is_ascii_digit()) && !is_furniture(&l.text)
    })?;
    is_label_tail(&lines[k].text).then_some(k)
}

/// Timescale rows anywhere in the segment (a wrapped label's tail joins it).
fn timescales(lines: &[&Line], found: &mut Found) {
    let content: Vec<&Line> = lines.iter().copied().filter(|l| !l.is_blank()).collect();
    let mut i = 0;
    while i < content.len() {
        check_deadline();
        if let Some((mut rows, used)) = timescale_cells(&content[i..]) {
            i += used.max(1);
            if let Some(last) = rows.last_mut().filter(|r| !r.measure.contains('/')) {
                // the last label's tail, after the header repeated on the next page
                if let Some(k) = tail_after(&content[i..]) {
                    last.measure =
                        tidy_measure(&format!("{} {}", last.measure, content[i + k].text));
                }
            }
            rows.iter()
                .for_each(|r| push_timescale(r.measure.clone(), r, found));
            continue;
        }
        if let Some((row, used)) = wrapped_timescale_row(&content[i..]) {
            push_timescale(row.measure.clone(), &row, found);
            i += used;
            continue;
        }
        timescale_at(&content, i, found);
        i += 1;
    }
}

/// The timescale row on line `i` (a wrapped label's tail joins it).
fn timescale_at(content: &[&Line], i: usize, found: &mut Found) {
    let Some(row) = timescale_row(&content[i].text) else {
        return;
    };
    let mut measure = row.measure.clone();
    // the tail may follow the table's header repeated on the next page
    let tail = content
        .iter()
        .skip(i + 1)
        .take(4)
        .find(|l| !is_timescale_header(&l.text));
    if let Some(next) = tail {
        if is_label_tail(&next.text) && !measure.contains('/') {
            measure = tidy_measure(&format!("{measure} {}", next.text.trim()));
        }
    }
    push_timescale(measure, &row, found);
}

/// Adds a timescale row under its measure.
fn push_timescale(measure: String, row: &TimescaleRow, found: &mut Found) {
    found.timescales.push(Timescale {
        table: TimescaleTable::of_measure(&measure),
        measure: measure.into(),
        total: Some(row.total),
        average_wd: row.average_wd,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timescale_label_wrapped_onto_the_next_page_finds_its_tail() {
        // the label's `2019/20` lands after the table's header, repeated on the next page
        let text = [
            "Assessment Total Average",
            "duration",
            "Preliminary Assessments open 2 4 WD",
            "Preliminary Assessments completed during 11 44 WD",
            "Assessment Total Average",
            "duration",
            "2019/20",
            "Impact Assessments open 0 N/A",
        ];
        let lines: Vec<Line> = text
            .iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(if i < 4 { 4 } else { 5 }, i as u32 + 1, t))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let mut found = Found::default();
        timescales(&refs, &mut found);
        let got: Vec<(&str, Option<u32>, Option<u32>)> = found
            .timescales
            .iter()
            .map(|t| (t.measure.as_str(), t.total, t.average_wd))
            .collect();
        assert_eq!(
            got,
            [
                ("Preliminary Assessments open", Some(2), Some(4)),
                (
                    "Preliminary Assessments completed during 2019/20",
                    Some(11),
                    Some(44)
                ),
                ("Impact Assessments open", Some(0), None),
            ]
        );
    }
}
