//! Tables whose cells come one per line (plain `pdftotext`, no `-layout`).
//!
//! ```text
//! Modification        SECMP0046        IA        19 Dec 19        40 WD        9 WD
//! Type                MP083            PA        27 Nov 19        25 WD        25 WD
//! Accepted
//! Target duration
//! Current duration
//! ```
//! (one column of the sketch is one stretch of the file.) Such text keeps
//! no positions and may give a table column by column, row by row, or in
//! runs of a few rows. In: the table's body lines and what each of the
//! header's columns can hold ([`CellKind`], in the header's order). Out:
//! the cells of each column ([`fill_columns`]); row `i` is the `i`-th cell
//! of every column. Each line is classified by what it holds (a reference,
//! PA/IA, a date, working days, a count, text), using the normalisers'
//! own readers, and a run of lines of one kind goes to the first column of
//! that kind holding the fewest cells: the header's order decides between
//! two columns of one kind (Target and Current duration).

use crate::layout::Line;
use crate::normalise::dates::{parse_date, parse_working_days, DateContext};
use crate::normalise::ids::find_refs;
use crate::normalise::parse_assessment_type;
use crate::worker::check_deadline;
use regex::Regex;
use std::sync::LazyLock;

/// What one cell can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A proposal reference (`SECMP0046`, `MP083`, `DP080`).
    Reference,
    /// `PA` or `IA`.
    AssessmentType,
    /// A date (`19 Dec 19`, `08/07/2019`).
    Date,
    /// A duration in working days (`40 WD`).
    WorkingDays,
    /// A whole number (`12`).
    Count,
    /// `N/A`: a date or duration that does not apply.
    NotApplicable,
    /// A status phrase (`Implemented`, `Awaiting IA request`): told from
    /// text by the table's reader, never by [`classify`].
    Status,
    /// Anything else: a label, a title.
    Text,
}

impl CellKind {
    /// True when a cell of this kind may sit in a column of kind `column`.
    pub fn fits(self, column: CellKind) -> bool {
        self == column
            || (self == CellKind::NotApplicable
                && matches!(column, CellKind::Date | CellKind::WorkingDays))
    }
}

/// Longest count cell, in digits (a table's totals are far below 100,000).
const MAX_COUNT_DIGITS: usize = 5;

static COUNT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\d{{1,{MAX_COUNT_DIGITS}}}$")).expect("count regex"));
static NA_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)n\s*/\s*a$").expect("n/a regex"));

/// What a line holding one cell holds, by the normalisers' readers; the
/// whole line must be the cell (`SECMP0046 IA` is no reference cell).
pub fn classify(text: &str, ctx: DateContext) -> CellKind {
    let t = text.trim();
    if NA_RE.is_match(t) {
        return CellKind::NotApplicable;
    }
    if COUNT_RE.is_match(t) {
        return CellKind::Count;
    }
    if parse_assessment_type(t).is_some() {
        return CellKind::AssessmentType;
    }
    if parse_working_days(t).is_some_and(|_| t.len() <= "9999 WD".len()) {
        return CellKind::WorkingDays;
    }
    if let [r] = find_refs(t).as_slice() {
        if r.start == 0 && r.end == t.len() {
            return CellKind::Reference;
        }
    }
    if is_whole_date(t, ctx) {
        return CellKind::Date;
    }
    CellKind::Text
}

/// Longest printed date cell (`30 September 2019`).
const MAX_DATE_CHARS: usize = 20;

/// True when the whole of `t` is one date.
fn is_whole_date(t: &str, ctx: DateContext) -> bool {
    t.len() <= MAX_DATE_CHARS
        && t.split_whitespace().count() <= 3
        && parse_date(t, ctx).is_some()
        && !t.contains(|c: char| c.is_alphabetic() && !c.is_ascii())
}

/// One cell of a column: its text (a wrapped text cell's lines joined) and
/// the line it starts on.
#[derive(Debug, Clone)]
pub struct Cell<'d> {
    /// The cell's text.
    pub text: String,
    /// The line the cell starts on (its page and line number).
    pub line: &'d Line,
}

/// What [`fill_columns`] made of a table's body.
#[derive(Debug, Clone)]
pub struct Filled<'d> {
    /// The cells of each column, in the columns' order.
    pub columns: Vec<Vec<Cell<'d>>>,
    /// How many of the body's lines the table took (the rest follows it).
    pub consumed: usize,
}

impl Filled<'_> {
    /// How many rows the table has: the cells of its first (anchor) column.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// The cell of `column` in row `row`, if the column has that many.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell<'_>> {
        self.columns.get(column).and_then(|c| c.get(row))
    }
}

/// How one body line is read: a cell of some kind, a line to pass over
/// (blank, page furniture), a continuation of the text cell above, or the
/// end of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// A cell of this kind.
    Cell(CellKind),
    /// Not part of any cell, and not the table's end (a blank line ends a run).
    Skip,
    /// The wrapped tail of the text cell above (`2019/20`).
    Continues,
    /// The table ends here.
    End,
}

/// Fills the columns (`kinds`, in the header's order; the first is the
/// anchor column, one cell per row) from the body lines; `role` says what
/// each line is. A run of lines of one kind (up to a blank line or a line
/// of another kind) goes to the first column of that kind with the fewest
/// cells, so that two columns of one kind fill in the header's order
/// whether the text gives the table column by column, row by row (cells
/// parted by blank lines) or in runs of a few rows. The table ends at a
/// line `role` calls its end, or at a cell no column can take.
pub fn fill_columns<'d>(
    kinds: &[CellKind],
    lines: &[&'d Line],
    role: impl Fn(&Line) -> LineRole,
) -> Filled<'d> {
    let mut f = Filler {
        kinds,
        columns: vec![Vec::new(); kinds.len()],
        run: None,
    };
    let mut consumed = lines.len();
    for (i, line) in lines.iter().enumerate() {
        check_deadline();
        let taken = match role(line) {
            LineRole::Cell(kind) => f.take(kind, line),
            LineRole::Continues => f.continue_text(line),
            LineRole::Skip => {
                f.run = None;
                true
            }
            LineRole::End => false,
        };
        if !taken {
            consumed = i;
            break;
        }
    }
    Filled {
        columns: f.columns,
        consumed,
    }
}

/// The state of [`fill_columns`].
struct Filler<'k, 'd> {
    /// What each column holds.
    kinds: &'k [CellKind],
    /// The cells so far.
    columns: Vec<Vec<Cell<'d>>>,
    /// The column the current run of lines goes to, and its kind.
    run: Option<(usize, CellKind)>,
}

impl<'d> Filler<'_, 'd> {
    /// Takes a cell line; false when no column can take it (the table's end).
    fn take(&mut self, kind: CellKind, line: &'d Line) -> bool {
        let col = match self.run {
            Some((col, run_kind)) if run_kind == kind => Some(col),
            _ => self.column_for(kind),
        };
        let Some(col) = col else {
            return false;
        };
        self.run = Some((col, kind));
        self.columns[col].push(Cell {
            text: line.text.trim().to_string(),
            line,
        });
        true
    }

    /// The first column `kind` fits with the fewest cells.
    fn column_for(&self, kind: CellKind) -> Option<usize> {
        (0..self.kinds.len())
            .filter(|&c| kind.fits(self.kinds[c]))
            .min_by_key(|&c| (self.columns[c].len(), c))
    }

    /// Joins a wrapped line to the text cell the run is in; false when the
    /// run is no text cell.
    fn continue_text(&mut self, line: &Line) -> bool {
        match self.run {
            Some((col, CellKind::Text)) => {
                if let Some(cell) = self.columns[col].last_mut() {
                    cell.text.push(' ');
                    cell.text.push_str(line.text.trim());
                }
                true
            }
            _ => false,
        }
    }
}

/// The role of a line for a table whose cells [`classify`] reads: blank
/// lines and page furniture pass, text ends the table unless `text_ok`.
pub fn typed_role(line: &Line, ctx: DateContext, text_ok: impl Fn(&str) -> bool) -> LineRole {
    if line.is_blank() || crate::segment::is_furniture(&line.text) {
        return LineRole::Skip;
    }
    match classify(&line.text, ctx) {
        CellKind::Text if !text_ok(&line.text) => LineRole::End,
        kind => LineRole::Cell(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ctx() -> DateContext {
        DateContext {
            report: NaiveDate::from_ymd_opt(2020, 1, 8),
        }
    }

    #[test]
    fn cells_are_classified_by_what_they_hold() {
        use CellKind::*;
        for (text, want) in [
            ("SECMP0046", Reference),
            ("MP083", Reference),
            ("DP080", Reference),
            ("SECMP0046 IA", Text),
            ("IA", AssessmentType),
            ("PA", AssessmentType),
            ("19 Dec 19", Date),
            ("08/07/2019", Date),
            ("2 May 19", Date),
            ("40 WD", WorkingDays),
            ("9 WD", WorkingDays),
            ("12", Count),
            ("0", Count),
            ("N/A", NotApplicable),
            ("n / a", NotApplicable),
            ("Preliminary Assessments open", Text),
            ("2019/20", Text),
            ("Page 5 of 7", Text),
            ("123456", Text),
            ("", Text),
        ] {
            assert_eq!(classify(text, ctx()), want, "{text:?}");
        }
    }

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 1, t))
            .collect()
    }

    fn fill(kinds: &[CellKind], src: &[&str]) -> (Vec<Vec<String>>, usize) {
        let ls = lines(src);
        let refs: Vec<&Line> = ls.iter().collect();
        let f = fill_columns(kinds, &refs, |l| typed_role(l, ctx(), |_| false));
        let cols = f
            .columns
            .iter()
            .map(|c| c.iter().map(|x| x.text.clone()).collect())
            .collect();
        (cols, f.consumed)
    }

    const ASSESSMENT: [CellKind; 5] = [
        CellKind::Reference,
        CellKind::AssessmentType,
        CellKind::Date,
        CellKind::WorkingDays,
        CellKind::WorkingDays,
    ];

    #[test]
    fn column_by_column_rows_by_row_and_runs_read_alike() {
        let want: Vec<Vec<String>> = [
            ["SECMP0046", "MP083"],
            ["IA", "PA"],
            ["19 Dec 19", "27 Nov 19"],
            ["40 WD", "25 WD"],
            ["9 WD", "20 WD"],
        ]
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
        let by_column = [
            "SECMP0046",
            "MP083",
            "",
            "IA",
            "PA",
            "",
            "19 Dec 19",
            "27 Nov 19",
            "",
            "40 WD",
            "25 WD",
            "",
            "9 WD",
            "20 WD",
            "",
            "Assessments completed during 2019/20",
        ];
        assert_eq!(fill(&ASSESSMENT, &by_column), (want.clone(), 15));
        let by_row = [
            "SECMP0046",
            "IA",
            "19 Dec 19",
            "40 WD",
            "",
            "9 WD",
            "MP083",
            "PA",
            "27 Nov 19",
            "25 WD",
            "",
            "20 WD",
        ];
        assert_eq!(fill(&ASSESSMENT, &by_row), (want.clone(), 12));
        // two rows' target durations, then their current durations
        let runs = [
            "SECMP0046",
            "MP083",
            "",
            "IA",
            "PA",
            "",
            "19 Dec 19",
            "27 Nov 19",
            "",
            "40 WD",
            "",
            "9 WD",
            "",
            "25 WD",
            "",
            "20 WD",
        ];
        assert_eq!(fill(&ASSESSMENT, &runs), (want, 16));
    }

    #[test]
    fn the_table_ends_where_no_column_takes_a_line() {
        let (cols, consumed) = fill(
            &ASSESSMENT[..3],
            &["MP083", "PA", "27 Nov 19", "25 WD", "more"],
        );
        assert_eq!(cols[2], ["27 Nov 19"], "no column takes a duration");
        assert_eq!(consumed, 3);
        let (cols, consumed) = fill(&ASSESSMENT, &["Page 5 of 7", "Open Assessments", "MP083"]);
        assert!(cols[0].is_empty());
        assert_eq!(
            consumed, 1,
            "page furniture is passed over, a heading ends the table"
        );
    }

    #[test]
    fn wrapped_text_joins_its_cell() {
        let ls = lines(&[
            "Preliminary Assessments open",
            "Preliminary Assessments completed during",
            "2019/20",
            "",
            "1",
            "12",
            "",
            "25 WD",
            "N/A",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let f = fill_columns(
            &[CellKind::Text, CellKind::Count, CellKind::WorkingDays],
            &refs,
            |l| {
                if l.text == "2019/20" {
                    LineRole::Continues
                } else {
                    typed_role(l, ctx(), |_| true)
                }
            },
        );
        let texts: Vec<Vec<&str>> = f
            .columns
            .iter()
            .map(|c| c.iter().map(|x| x.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec![
                    "Preliminary Assessments open",
                    "Preliminary Assessments completed during 2019/20"
                ],
                vec!["1", "12"],
                vec!["25 WD", "N/A"]
            ]
        );
        assert_eq!(f.rows(), 2);
        assert_eq!(f.cell(1, 0).map(|c| c.line.line), Some(2));
    }
}
