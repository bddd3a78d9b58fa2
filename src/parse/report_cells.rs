//! The Refine tables and the timescale tables when their cells come one
//! per line (plain `pdftotext`) or a row's label wraps above its values
//! (`pdftotext -raw`).
//!
//! ```text
//! Modification            Preliminary Assessments completed during
//! Type                    2019/20
//! Accepted                12 41 WD
//! Target duration
//! Current duration
//! SECMP0046
//! ...
//! ```
//! In: a segment's lines. Out: [`AssessmentRow`]s with the line each starts
//! on, and [`TimescaleRow`]s. The header's column names, one per line, say
//! what each column holds and in which order; the body's lines are then
//! filled into those columns by what they hold ([`cell_lines`]).

use super::cell_lines::{fill_columns, typed_role, CellKind, Filled, LineRole};
use super::report_tables::{
    cell_of_column, is_label_tail, starts_column_label, starts_timescale_label, tidy_measure,
    timescale_row, AssessmentRow, RowCell, TimescaleRow,
};
use crate::layout::Line;
use crate::normalise::dates::{parse_date, parse_working_days, DateContext};
use crate::normalise::ids::ref_matches;
use crate::normalise::parse_assessment_type;
use regex::Regex;
use std::sync::LazyLock;

/// Most words in one header cell (`Target duration`, `Current duration`).
const MAX_HEADER_CELL_WORDS: usize = 3;
/// Fewest columns a header given one cell per line must name (reference,
/// type, date at least) to be taken for the table's header.
const MIN_STACKED_COLUMNS: usize = 3;

/// An assessment table's header given one cell per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackedHeader {
    /// What each column holds, in the header's order.
    pub cells: Vec<RowCell>,
    /// The index of the line just past the header.
    pub end: usize,
}

/// True for a line that can be one header cell: a few words, no digits.
fn is_header_cell(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= MAX_HEADER_CELL_WORDS
        && !t.contains(|c: char| c.is_ascii_digit())
}

/// Finds the first header whose column names come one per line
/// (`Modification`, `Type`, `Accepted`, `Target` over `duration`, ...),
/// starting with the reference column.
pub fn stacked_header(lines: &[&Line]) -> Option<StackedHeader> {
    let mut i = 0;
    while i < lines.len() {
        let t = &lines[i].text;
        let starts = is_header_cell(t) && cell_of_column(t) == Some(RowCell::Reference);
        if starts {
            let (cells, end) = header_cells(lines, i);
            if cells.len() >= MIN_STACKED_COLUMNS {
                return Some(StackedHeader { cells, end });
            }
        }
        i += 1;
    }
    None
}

/// The header cells from line `start` on (blank lines passed over, a
/// lower-case line the wrapped end of the cell above), and where they end.
fn header_cells(lines: &[&Line], start: usize) -> (Vec<RowCell>, usize) {
    let mut names: Vec<String> = Vec::new();
    let mut end = start;
    for (k, line) in lines.iter().enumerate().skip(start) {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if !is_header_cell(t) {
            break;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        let wrapped = first.starts_with(|c: char| c.is_lowercase()) && !starts_column_label(first);
        match names.last_mut() {
            Some(last) if wrapped => {
                last.push(' ');
                last.push_str(t);
            }
            _ if cell_of_column(t).is_some() => names.push(t.to_string()),
            _ => break,
        }
        end = k + 1;
    }
    let cells = names.iter().filter_map(|n| cell_of_column(n)).collect();
    (cells, end)
}

/// What a column of an assessment table can hold.
fn kind_of(cell: RowCell) -> CellKind {
    match cell {
        RowCell::Reference => CellKind::Reference,
        RowCell::Type => CellKind::AssessmentType,
        RowCell::Date => CellKind::Date,
        RowCell::Target | RowCell::Elapsed => CellKind::WorkingDays,
    }
}

/// The rows of an assessment table under a stacked header (`lines` the
/// body after it), each with the line its reference sits on, and how many
/// lines the table took.
pub fn assessment_rows<'d>(
    header: &StackedHeader,
    lines: &[&'d Line],
    ctx: DateContext,
) -> (Vec<(AssessmentRow, &'d Line)>, usize) {
    let kinds: Vec<CellKind> = header.cells.iter().map(|c| kind_of(*c)).collect();
    let filled = fill_columns(&kinds, lines, |l| typed_role(l, ctx, |_| false));
    let rows = (0..filled.rows())
        .filter_map(|r| row_of(header, &filled, r, ctx))
        .collect();
    (rows, filled.consumed)
}

/// Row `r` of a filled assessment table.
fn row_of<'d>(
    header: &StackedHeader,
    filled: &Filled<'d>,
    r: usize,
    ctx: DateContext,
) -> Option<(AssessmentRow, &'d Line)> {
    let text_of = |want: RowCell| {
        let col = header.cells.iter().position(|c| *c == want)?;
        filled.columns.get(col)?.get(r).map(|c| c.text.as_str())
    };
    let anchor = filled.columns.first()?.get(r)?;
    let reference = ref_matches(&anchor.text).next()?;
    let row = AssessmentRow {
        reference,
        kind: text_of(RowCell::Type).and_then(parse_assessment_type),
        date: text_of(RowCell::Date).and_then(|t| parse_date(t, ctx)),
        target_wd: text_of(RowCell::Target).and_then(parse_working_days),
        elapsed_wd: text_of(RowCell::Elapsed).and_then(parse_working_days),
    };
    Some((row, anchor.line))
}

/// A timescale table's label, total and average columns.
const TIMESCALE_KINDS: [CellKind; 3] = [CellKind::Text, CellKind::Count, CellKind::WorkingDays];

/// The role of a line in a timescale table's body: a label starts with a
/// label word, `2019/20` ends the label above, any other text ends the table.
fn timescale_role(line: &Line) -> LineRole {
    if is_label_tail(&line.text) {
        return LineRole::Continues;
    }
    typed_role(line, DateContext::default(), starts_timescale_label)
}

/// A timescale table whose cells come one per line, from its first label
/// (`lines[0]`): the rows (only when every label has its total and
/// average) and how many lines the table took.
pub fn timescale_cells(lines: &[&Line]) -> Option<(Vec<TimescaleRow>, usize)> {
    let first = lines.first()?;
    if !starts_timescale_label(&first.text) || timescale_row(&first.text).is_some() {
        return None;
    }
    let filled = fill_columns(&TIMESCALE_KINDS, lines, timescale_role);
    let n = filled.rows();
    if n == 0 || filled.columns.iter().any(|c| c.len() != n) {
        return None;
    }
    let rows = (0..n)
        .map(|r| {
            let text = |c: usize| filled.cell(r, c).map_or("", |x| x.text.as_str());
            TimescaleRow {
                measure: tidy_measure(text(0)),
                total: text(1).parse().unwrap_or(0),
                average_wd: parse_working_days(text(2)),
            }
        })
        .collect();
    Some((rows, filled.consumed))
}

/// A timescale row's values alone on a line (`12 41 WD`, `0 N/A`).
static VALUES_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,5}\s+(?:\d{1,5}\s*[Ww][Dd]|N\s*/\s*A)$").expect("values regex")
});

/// Most lines a timescale label wraps over above its values line.
const MAX_LABEL_LINES: usize = 3;

/// A timescale row whose label wraps above its values (`-raw`):
/// `Preliminary Assessments completed during` / `2019/20` / `12 41 WD`,
/// and how many lines it took.
pub fn wrapped_timescale_row(lines: &[&Line]) -> Option<(TimescaleRow, usize)> {
    let first = lines.first()?;
    if !starts_timescale_label(&first.text) || timescale_row(&first.text).is_some() {
        return None;
    }
    let values = (1..lines.len().min(MAX_LABEL_LINES + 1))
        .find(|&k| VALUES_RE.is_match(lines[k].text.trim()))?;
    let label_lines = &lines[1..values];
    if label_lines.iter().any(|l| {
        starts_timescale_label(&l.text)
            || l.text.contains(|c: char| c.is_ascii_digit()) && !is_label_tail(&l.text)
    }) {
        return None;
    }
    let joined: Vec<&str> = lines[..=values].iter().map(|l| l.text.trim()).collect();
    timescale_row(&joined.join(" ")).map(|row| (row, values + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AssessmentType;
    use chrono::NaiveDate;

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 1, t))
            .collect()
    }

    #[test]
    fn stacked_headers_are_found_by_their_names() {
        use RowCell::*;
        for (src, want) in [
            (
                &[
                    "Open Assessments",
                    "Modification",
                    "",
                    "Type",
                    "",
                    "Accepted",
                    "",
                    "Target duration",
                    "",
                    "Current duration",
                    "",
                    "SECMP0046",
                ][..],
                Some((vec![Reference, Type, Date, Target, Elapsed], 10)),
            ),
            (
                &[
                    "Modification",
                    "Type",
                    "Returned",
                    "Target",
                    "duration",
                    "MP078",
                ][..],
                Some((vec![Reference, Type, Date, Target], 5)),
            ),
            (
                &["Modification", "Type", "MP078", "PA"][..],
                None, // two columns are no header
            ),
            (
                &["Modification Type Accepted Target duration", "MP078 PA"][..],
                None, // a header on one line is read as a row of text
            ),
        ] {
            let ls = lines(src);
            let refs: Vec<&Line> = ls.iter().collect();
            let got = stacked_header(&refs).map(|h| (h.cells, h.end));
            assert_eq!(got, want, "{src:?}");
        }
    }

    #[test]
    fn assessment_rows_come_from_cells_by_kind_and_header_order() {
        let ctx = DateContext {
            report: NaiveDate::from_ymd_opt(2020, 1, 8),
        };
        // Current before Target in this header: the first duration run is Current's
        let ls = lines(&[
            "Modification",
            "Type",
            "Accepted",
            "Current duration",
            "Target duration",
            "SECMP0046",
            "MP083",
            "",
            "IA",
            "PA",
            "",
            "19 Dec 19",
            "27 Nov 19",
            "",
            "9 WD",
            "25 WD",
            "",
            "40 WD",
            "25 WD",
            "Assessments completed during 2019/20",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let h = stacked_header(&refs).expect("header");
        let (rows, used) = assessment_rows(&h, &refs[h.end..], ctx);
        let got: Vec<_> = rows
            .iter()
            .map(|(r, l)| {
                (
                    r.reference.raw.as_str(),
                    r.kind,
                    r.date.map(|d| d.to_string()),
                    r.target_wd,
                    r.elapsed_wd,
                    l.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "SECMP0046",
                    Some(AssessmentType::Ia),
                    Some("2019-12-19".into()),
                    Some(40),
                    Some(9),
                    6
                ),
                (
                    "MP083",
                    Some(AssessmentType::Pa),
                    Some("2019-11-27".into()),
                    Some(25),
                    Some(25),
                    7
                ),
            ]
        );
        assert_eq!(used, 14, "the table ends at the next heading");
    }

    #[test]
    fn timescale_tables_one_cell_per_line() {
        let ls = lines(&[
            "Preliminary Assessments open",
            "Preliminary Assessments completed during",
            "2019/20",
            "Impact Assessments open",
            "1",
            "12",
            "25 WD",
            "41 WD",
            "0",
            "N/A",
            "Open Assessments",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let (rows, used) = timescale_cells(&refs).expect("a table");
        let got: Vec<(&str, u32, Option<u32>)> = rows
            .iter()
            .map(|r| (r.measure.as_str(), r.total, r.average_wd))
            .collect();
        assert_eq!(
            got,
            [
                ("Preliminary Assessments open", 1, Some(25)),
                (
                    "Preliminary Assessments completed during 2019/20",
                    12,
                    Some(41)
                ),
                ("Impact Assessments open", 0, None),
            ]
        );
        assert_eq!(used, 10);
        // a label without its total and average: no rows guessed
        let ls = lines(&["Impact Assessments open", "1", "Open Assessments"]);
        let refs: Vec<&Line> = ls.iter().collect();
        assert!(timescale_cells(&refs).is_none());
    }

    #[test]
    fn a_label_wrapped_above_its_values() {
        for (src, want) in [
            (
                &[
                    "Preliminary Assessments completed during",
                    "2019/20",
                    "12 41 WD",
                ][..],
                Some((
                    "Preliminary Assessments completed during 2019/20",
                    12,
                    Some(41),
                    3,
                )),
            ),
            (
                &["Proposals open (pre-decision)", "0 N/A"][..],
                Some(("Proposals open (pre-decision)", 0, None, 2)),
            ),
            (
                &["Preliminary Assessments open 1 25 WD", "12 41 WD"][..],
                None,
            ),
            (
                &[
                    "Impact Assessments open",
                    "Impact Assessments completed",
                    "1 9 WD",
                ][..],
                None,
            ),
        ] {
            let ls = lines(src);
            let refs: Vec<&Line> = ls.iter().collect();
            let got = wrapped_timescale_row(&refs)
                .map(|(r, n)| (r.measure.clone(), r.total, r.average_wd, n));
            let want = want.map(|(m, t, a, n)| (m.to_string(), t, a, n));
            assert_eq!(got, want, "{src:?}");
        }
    }
}
