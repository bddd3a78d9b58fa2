//! The Refine section's tables and the two timescale tables.
//!
//! ```text
//! Modification Type Accepted Target duration Current duration
//! SECMP0007 IA 30 Jul 19 40 WD 45 WD
//! SECMPO0056 1A 2 Jul 19 40.WD | 88 WD
//! Assessment Total Average duration
//! Preliminary Assessments completed during 11 : 44 WD
//! 2019/20
//! ```
//! On OCR text cells are read in order (reference, type, date, durations);
//! which duration is which comes from the table's own header row. On a PDF
//! each word goes to the header column it sits under.

use super::columns::{column_for, Column};
use crate::layout::Line;
use crate::model::AssessmentType;
use crate::normalise::ascii::{is_space, is_word_byte};
use crate::normalise::dates::{is_month_name, parse_date, parse_working_days, DateContext};
use crate::normalise::ids::{ref_matches, RefMatch};
use crate::normalise::parse_assessment_type;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Which duration columns a table has, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationColumn {
    /// Target duration.
    Target,
    /// Current (open table) or Actual (completed table) duration.
    Elapsed,
}

/// Reads a table header row (`Modification Type Accepted Target duration Current duration`).
pub fn duration_columns(header: &str) -> Option<Vec<DurationColumn>> {
    let l = header.to_lowercase();
    if !(l.contains("modification") && l.contains("type")) {
        return None;
    }
    let mut cols: Vec<(usize, DurationColumn)> = Vec::new();
    for (word, d) in [
        ("target", DurationColumn::Target),
        ("current", DurationColumn::Elapsed),
        ("actual", DurationColumn::Elapsed),
    ] {
        if let Some(i) = l.find(word) {
            cols.push((i, d));
        }
    }
    cols.sort_by_key(|c| c.0);
    Some(cols.into_iter().map(|c| c.1).collect())
}

/// One row of the open or completed assessments table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    /// The row's reference.
    pub reference: RefMatch,
    /// PA or IA (`None` when OCR dropped the cell).
    pub kind: Option<AssessmentType>,
    /// Accepted (open table) or Returned (completed table).
    pub date: Option<NaiveDate>,
    /// Target duration in working days.
    pub target_wd: Option<u32>,
    /// Current (open) or Actual (completed) duration in working days.
    pub elapsed_wd: Option<u32>,
}

static WD_ANY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,4})\s*[.,]?\s*[Ww][Dd]\b").expect("wd regex"));

/// Reads one table row from its text, cells in order (OCR path): which
/// duration is which comes from `columns`, the header's; `None` when the
/// line is not a row.
pub fn assessment_row(
    text: &str,
    columns: &[DurationColumn],
    ctx: DateContext,
) -> Option<AssessmentRow> {
    let r = ref_matches(text).next()?;
    if text[..r.start].chars().any(char::is_alphanumeric) {
        return None;
    }
    let rest = &text[r.end..];
    let mut words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    // the Type cell wherever the header puts it (`MP101 15 Apr 20 PA 17 WD`)
    let kind_at = words
        .iter()
        .position(|w| parse_assessment_type(w).is_some());
    let kind = kind_at
        .map(|i| words.remove(i))
        .and_then(parse_assessment_type);
    let after_kind = words.join(" ");
    let first_wd = WD_ANY_RE
        .find(&after_kind)
        .map_or(after_kind.len(), |m| m.start());
    let date_text: String = after_kind[..first_wd]
        .chars()
        .filter(|c| !matches!(c, '|' | ':' | '_'))
        .collect::<String>();
    let date = parse_date(date_text.trim(), ctx);
    // whole matches only: finding them needs no capture slots
    let durations: Vec<u32> = WD_ANY_RE
        .find_iter(&after_kind)
        .filter_map(|m| parse_working_days(m.as_str()))
        .collect();
    let (mut target_wd, mut elapsed_wd) = (None, None);
    for (col, wd) in columns.iter().zip(durations.iter()) {
        match col {
            DurationColumn::Target => target_wd = Some(*wd),
            DurationColumn::Elapsed => elapsed_wd = Some(*wd),
        }
    }
    (date.is_some() || !durations.is_empty()).then_some(AssessmentRow {
        reference: r,
        kind,
        date,
        target_wd,
        elapsed_wd,
    })
}

/// True for a word that begins a column label of the open or completed
/// assessments table (`Modification`, `Type`, `Accepted`, `Returned`, `Target`,
/// `Current`, `Actual`, ...): such a word starts a header cell however close
/// it sits to the one before.
pub fn starts_column_label(word: &str) -> bool {
    const LABELS: [&str; 10] = [
        "modification",
        "reference",
        "secmp",
        "type",
        "accepted",
        "returned",
        "target",
        "current",
        "actual",
        "elapsed",
    ];
    let w = word.to_lowercase();
    LABELS.iter().any(|l| w.starts_with(l))
}

/// The cell of a row a header column holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowCell {
    /// The proposal's reference.
    Reference,
    /// PA or IA.
    Type,
    /// Accepted (open table) or Returned (completed table).
    Date,
    /// Target duration.
    Target,
    /// Current or actual duration.
    Elapsed,
}

/// The row cell a header column's name says it holds.
pub fn cell_of_column(name: &str) -> Option<RowCell> {
    let n = name.to_lowercase();
    if n.contains("modification") || n.contains("secmp") || n.contains("reference") {
        Some(RowCell::Reference)
    } else if n.contains("type") {
        Some(RowCell::Type)
    } else if n.contains("target") {
        Some(RowCell::Target)
    } else if n.contains("current") || n.contains("actual") || n.contains("elapsed") {
        Some(RowCell::Elapsed)
    } else if n.contains("accepted") || n.contains("returned") || n.contains("date") {
        Some(RowCell::Date)
    } else {
        None
    }
}

impl RowCell {
    /// False for a word this cell cannot hold: a working-days unit (`WD`)
    /// in a date, a month's name or a slashed date in a duration. Such a
    /// word under a column means the columns' positions do not fit the
    /// row (a single-spaced header over `pdftotext -layout` cells).
    pub fn can_hold(self, word: &str) -> bool {
        match self {
            RowCell::Date => !is_working_days_unit(word),
            RowCell::Target | RowCell::Elapsed => !is_month_name(word) && !is_slashed_date(word),
            RowCell::Reference | RowCell::Type => true,
        }
    }
}

/// A date written with slashes (`20/10/2021`), not `N/A`.
fn is_slashed_date(word: &str) -> bool {
    word.contains('/') && word.contains(|c: char| c.is_ascii_digit())
}

/// `WD` (or `wd`, `WD.`): the unit of a duration cell.
fn is_working_days_unit(word: &str) -> bool {
    word.trim_end_matches(['.', ',']).eq_ignore_ascii_case("wd")
}

/// A cell's value: `Some(None)` for a cell with no figure in it (empty,
/// `N/A`, `-`), `None` when it holds figures its column cannot read (a
/// date's year under the duration column beside it: the positions do not
/// fit this row).
fn read_cell<T>(text: &str, read: impl Fn(&str) -> Option<T>) -> Option<Option<T>> {
    let t = text.trim();
    if !t.contains(|c: char| c.is_ascii_digit()) {
        return Some(None);
    }
    read(t).map(Some)
}

/// Reads one table row by where its words sit under the header's columns
/// (PDF path): an empty cell stays empty, and columns are found by name,
/// so an extra column or another order reads the same. None when the row
/// has no reference or no value, or when a word sits under a column that
/// cannot hold it (the positions do not fit this row: read it in order).
pub fn positional_assessment_row(
    line: &Line,
    columns: &[Column],
    ctx: DateContext,
) -> Option<AssessmentRow> {
    let mut cells: [Vec<&str>; 5] = Default::default();
    for w in &line.words {
        let Some(cell) = column_for(w, columns).and_then(|c| cell_of_column(&c.name)) else {
            continue;
        };
        if !cell.can_hold(&w.text) {
            return None;
        }
        cells[cell as usize].push(w.text.as_str());
    }
    let text = |c: RowCell| cells[c as usize].join(" ");
    let reference = ref_matches(&text(RowCell::Reference)).next()?;
    let kind = cells[RowCell::Type as usize]
        .iter()
        .find_map(|w| parse_assessment_type(w));
    let date = read_cell(&text(RowCell::Date), |t| parse_date(t, ctx))?;
    let target_wd = read_cell(&text(RowCell::Target), parse_working_days)?;
    let elapsed_wd = read_cell(&text(RowCell::Elapsed), parse_working_days)?;
    (date.is_some() || target_wd.is_some() || elapsed_wd.is_some()).then_some(AssessmentRow {
        reference,
        kind,
        date,
        target_wd,
        elapsed_wd,
    })
}

/// A timescale row: label, total, average (None for `N/A`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimescaleRow {
    /// The row label as printed.
    pub measure: String,
    /// Total.
    pub total: u32,
    /// Average duration in working days.
    pub average_wd: Option<u32>,
}

/// The words a timescale row's label starts with (as [`TIMESCALE_RE`] spells them).
const TIMESCALE_LABELS: [&str; 3] = ["Preliminary", "Impact", "Proposals"];

static TIMESCALE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*((?:Preliminary|Impact|Proposals)\b.*?)[\s:;|_.\-]+(\d{1,5})[\s:;|_.\-]+(\d{1,5}\s*[.,]?\s*WD|N\s*/\s*A)\W*$")
        .expect("timescale regex")
});

/// True when a line begins a timescale row's label (`Preliminary Assessments open`).
pub fn starts_timescale_label(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let word = first.trim_matches(|c: char| !c.is_alphanumeric());
    TIMESCALE_LABELS.contains(&word)
}

/// Reads a timescale row (`Preliminary Assessments open 2 84 WD`).
pub fn timescale_row(text: &str) -> Option<TimescaleRow> {
    let t = text.trim();
    // the pattern opens with one of its labels after `\W*`: a cheap test first
    let label_on = t.trim_start_matches(|c: char| !regex_syntax::is_word_character(c));
    if !TIMESCALE_LABELS.iter().any(|l| label_on.starts_with(l)) {
        return None;
    }
    let [label, total, average] = if t.is_ascii() && !t.contains('\n') {
        ascii_timescale_parts(t)?
    } else {
        let c = TIMESCALE_RE.captures(t)?;
        [c.get(1), c.get(2), c.get(3)].map(|m| m.map_or("", |m| m.as_str()))
    };
    Some(TimescaleRow {
        measure: tidy_measure(label),
        total: total.parse().ok()?,
        average_wd: parse_working_days(average),
    })
}

/// [`TIMESCALE_RE`]'s three groups (label, total, average) of ASCII text,
/// read without the regex, from the right: what follows the label is
/// fixed by the row's end (`… 2 84 WD`), and the regex's lazy label is
/// everything before the separators ahead of the total.
fn ascii_timescale_parts(t: &str) -> Option<[&str; 3]> {
    let b = t.as_bytes();
    let is_sep = |c: u8| is_space(c) || b":;|_.-".contains(&c);
    let run_back = |end: usize, class: &dyn Fn(u8) -> bool| {
        end - b[..end].iter().rev().take_while(|&&c| class(c)).count()
    };
    // the label: `\W*` then a keyword ending at a word boundary
    let label_at = b.iter().take_while(|&&c| !is_word_byte(c)).count();
    let keyword = TIMESCALE_LABELS
        .iter()
        .find(|l| t[label_at..].starts_with(*l))?;
    let keyword_end = label_at + keyword.len();
    if b.get(keyword_end).is_some_and(|&c| is_word_byte(c)) {
        return None;
    }
    // the average (`84 WD`, `84. WD`, `N/A`) ends where the trailing `\W*` begins
    let end = run_back(b.len(), &|c| !is_word_byte(c));
    let average_at = if t[..end].ends_with("WD") {
        let gap = run_back(end - 2, &|c| is_space(c) || c == b'.' || c == b',');
        let between = &b[gap..end - 2];
        if between.iter().filter(|&&c| c == b'.' || c == b',').count() > 1 {
            return None;
        }
        let digits = run_back(gap, &|c| c.is_ascii_digit());
        (1..=5).contains(&(gap - digits)).then_some(digits)?
    } else if t[..end].ends_with('A') {
        let slash = run_back(end - 1, &is_space);
        let n = run_back(slash.checked_sub(1)?, &is_space);
        (b[slash - 1] == b'/' && n > 0 && b[n - 1] == b'N').then_some(n - 1)?
    } else {
        return None;
    };
    // separators, the total (1–5 digits), separators, back to the label
    let total_end = run_back(average_at, &is_sep);
    let total_at = run_back(total_end, &|c| c.is_ascii_digit());
    let label_end = run_back(total_at, &is_sep);
    let plausible = total_end < average_at
        && (1..=5).contains(&(total_end - total_at))
        && label_end < total_at
        && label_end >= keyword_end;
    plausible.then(|| {
        [
            &t[label_at..label_end],
            &t[total_at..total_end],
            &t[average_at..end],
        ]
    })
}

/// Most digits of a stray number OCR leaves at the end of a timescale label
/// (`Impact Assessments open 7 1 9 WD`: a ruling read as a digit, or a
/// count split in two); a label's own number is a year (`2019/20`).
const MAX_STRAY_LABEL_DIGITS: usize = 3;

/// Tidies a timescale label: OCR punctuation after words dropped, spaces
/// collapsed, a stray number (and a ruling's `|` before it) ending it dropped.
pub fn tidy_measure(raw: &str) -> String {
    let mut words: Vec<&str> = raw
        .split_whitespace()
        .map(|w| w.trim_end_matches([':', ';', '.', ',']))
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| is_stray_number(w) || w.bytes().all(|b| b == b'|'))
    {
        words.pop();
    }
    words.join(" ")
}

/// True for a bare number too short to be a year.
fn is_stray_number(word: &str) -> bool {
    word.len() <= MAX_STRAY_LABEL_DIGITS && word.bytes().all(|b| b.is_ascii_digit())
}

/// True for the wrapped tail of a timescale label (`2019/20`).
pub fn is_label_tail(text: &str) -> bool {
    static TAIL_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}\s*/\s*\d{2,4}\.?$").expect("tail regex"));
    TAIL_RE.is_match(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> DateContext {
        DateContext {
            report: NaiveDate::from_ymd_opt(2019, 10, 4),
        }
    }

    /// [`TIMESCALE_RE`]'s groups, as [`ascii_timescale_parts`] gives them.
    fn timescale_parts_by_regex(t: &str) -> Option<[String; 3]> {
        TIMESCALE_RE
            .captures(t)
            .map(|c| [1, 2, 3].map(|i| c.get(i).map_or("", |m| m.as_str()).to_string()))
    }

    proptest::proptest! {
        /// The hand-written reading of a timescale row finds the regex's groups.
        #[test]
        fn timescale_parts_are_the_regexs_groups(
            t in "[ |.:]{0,2}(Preliminary|Impact|Proposals|Impacts)[ a-z0-9:;|_.,/-]{0,10}[ 0-9:;|_.,/NAWD-]{0,12}"
        ) {
            let by_hand = ascii_timescale_parts(&t).map(|p| p.map(str::to_string));
            proptest::prop_assert_eq!(by_hand, timescale_parts_by_regex(&t), "{:?}", t);
        }
    }

    proptest::proptest! {
        /// And on any ASCII text after a label.
        #[test]
        fn timescale_parts_agree_on_any_ascii(t in "[ -~]{0,3}(Impact|Proposals)[ -~]{0,16}") {
            let by_hand = ascii_timescale_parts(&t).map(|p| p.map(str::to_string));
            proptest::prop_assert_eq!(by_hand, timescale_parts_by_regex(&t), "{:?}", t);
        }
    }

    #[test]
    fn timescale_parts_table() {
        for t in [
            "Preliminary Assessments open 2 84 WD",
            "Impact Assessments open 1 2 3 WD",
            "| Impact Assessments: 12 | 40. WD |",
            "Proposals raised 3 N / A",
            "Proposals raised 3 N/A.",
            "Impact 123456 84 WD",
            "Impact 1 123456 WD",
            "Impact 1 84 ., WD",
            "Impactful 1 84 WD",
            "Impact 1 84 WD x",
            "Impact 84 WD",
            "Impact_ 1 84 WD",
            "Preliminary 1 2 N/A 3 WD",
        ] {
            let by_hand = ascii_timescale_parts(t).map(|p| p.map(str::to_string));
            assert_eq!(by_hand, timescale_parts_by_regex(t), "{t:?}");
        }
    }

    #[test]
    fn rows_read_through_ocr() {
        for (raw, kind, date, wds) in [
            (
                "SECMP0007 IA 30 Jul 19 40 WD 45 WD",
                Some(AssessmentType::Ia),
                "2019-07-30",
                vec![40, 45],
            ),
            (
                "SECMPO0056 1A 2 Jul 19 40.WD | 88 WD",
                Some(AssessmentType::Ia),
                "2019-07-02",
                vec![40, 88],
            ),
            (
                "SECMP0010 PA | 17-May 19 15 WD",
                Some(AssessmentType::Pa),
                "2019-05-17",
                vec![15],
            ),
            (
                "SECMP0060 IA : 29 Apr 19 40 WD",
                Some(AssessmentType::Ia),
                "2019-04-29",
                vec![40],
            ),
            (
                "SECMPO0067 PA 5Jun 19 25 WD",
                Some(AssessmentType::Pa),
                "2019-06-05",
                vec![25],
            ),
            (
                "SECMP0063 PA 9 Aug 19 : 15 WD",
                Some(AssessmentType::Pa),
                "2019-08-09",
                vec![15],
            ),
            (
                "SECMP0056. PA 24 Apr 19 15 WD",
                Some(AssessmentType::Pa),
                "2019-04-24",
                vec![15],
            ),
            ("MP078 18 Oct 19 15 WD", None, "2019-10-18", vec![15]),
            (
                "MP101 15 Apr 20 PA 17 WD 15 WD",
                Some(AssessmentType::Pa),
                "2020-04-15",
                vec![17, 15],
            ),
        ] {
            let r = assessment_row(
                raw,
                &[DurationColumn::Target, DurationColumn::Elapsed],
                ctx(),
            )
            .unwrap_or_else(|| panic!("{raw:?}"));
            assert_eq!(r.kind, kind, "{raw:?}");
            assert_eq!(
                r.date.map(|d| d.to_string()).as_deref(),
                Some(date),
                "{raw:?}"
            );
            let got: Vec<u32> = r.target_wd.into_iter().chain(r.elapsed_wd).collect();
            assert_eq!(got, wds, "{raw:?}");
        }
        let cols = [DurationColumn::Target, DurationColumn::Elapsed];
        assert!(
            assessment_row("Modification Type Accepted Target duration", &cols, ctx()).is_none()
        );
        assert!(assessment_row("The Proposer noted SECMP0067 15 WD", &cols, ctx()).is_none());
    }

    #[test]
    fn headers() {
        use DurationColumn::*;
        assert_eq!(
            duration_columns("Modification Type Accepted Target duration Current duration"),
            Some(vec![Target, Elapsed])
        );
        assert_eq!(
            duration_columns("Modification Type Accepted Target duration"),
            Some(vec![Target])
        );
        assert_eq!(
            duration_columns("Modification Type Returned Actual duration Target duration"),
            Some(vec![Elapsed, Target])
        );
        assert_eq!(duration_columns("Assessment Total Average duration"), None);
    }

    #[test]
    fn timescales() {
        for (raw, measure, total, avg) in [
            (
                "Preliminary Assessments open 2 84 WD",
                "Preliminary Assessments open",
                2,
                Some(84),
            ),
            (
                "Preliminary Assessments open 0 N/A",
                "Preliminary Assessments open",
                0,
                None,
            ),
            (
                "Preliminary Assessments completed during 11 : 44 WD",
                "Preliminary Assessments completed during",
                11,
                Some(44),
            ),
            (
                "Proposals: concluded during 2019/20 _ 11 204 WD",
                "Proposals concluded during 2019/20",
                11,
                Some(204),
            ),
            (
                "Impact Assessments completed during 2019/20 4 42 WD",
                "Impact Assessments completed during 2019/20",
                4,
                Some(42),
            ),
            // OCR read a stray digit between the label and the cells
            (
                "Impact Assessments open 7 1 9 WD",
                "Impact Assessments open",
                1,
                Some(9),
            ),
            (
                "Proposals concluded during 2019/20 | 12 11 204 WD",
                "Proposals concluded during 2019/20",
                11,
                Some(204),
            ),
            // a year ending the label is the label's
            (
                "Proposals concluded during 2019 11 204 WD",
                "Proposals concluded during 2019",
                11,
                Some(204),
            ),
        ] {
            let r = timescale_row(raw).unwrap_or_else(|| panic!("{raw:?}"));
            assert_eq!(
                (r.measure.as_str(), r.total, r.average_wd),
                (measure, total, avg),
                "{raw:?}"
            );
        }
        assert!(timescale_row("Assessment Total Average duration").is_none());
        assert!(is_label_tail("2019/20"));
        assert_eq!(
            crate::model::TimescaleTable::of_measure("Proposals open (pre-decision)"),
            crate::model::TimescaleTable::Proposals
        );
    }

    #[test]
    fn positional_rows_read_by_header_name_whatever_the_order() {
        use crate::parse::columns::{phrases, stack};
        // another order than usual, an extra column, and a stacked header
        let header = [
            " Modification     Accepted       Type     Current        Target        Notes",
            "                                          duration       duration",
        ];
        let mut cols = Vec::new();
        for (i, h) in header.iter().enumerate() {
            stack(
                &mut cols,
                phrases(&Line::from_text(1, i as u32 + 1, h).words),
            );
        }
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Modification",
                "Accepted",
                "Type",
                "Current duration",
                "Target duration",
                "Notes"
            ]
        );
        let row =
            |text: &str| positional_assessment_row(&Line::from_text(1, 3, text), &cols, ctx());
        let r = row(" SECMP0007        30 Jul 19      IA       45 WD          40 WD         late")
            .expect("a row");
        assert_eq!(
            (
                r.reference.id().number,
                r.kind,
                r.date.map(|d| d.to_string()),
                r.target_wd,
                r.elapsed_wd
            ),
            (
                7,
                Some(AssessmentType::Ia),
                Some("2019-07-30".to_string()),
                Some(40),
                Some(45)
            )
        );
        // empty Type and Current cells stay empty instead of shifting the others left
        let r =
            row(" MP091            27 Feb 20                              20 WD").expect("a row");
        assert_eq!((r.kind, r.target_wd, r.elapsed_wd), (None, Some(20), None));
        assert!(row(" Assessments completed during 2019/20").is_none());
    }

    #[test]
    fn a_row_whose_words_do_not_fit_the_header_s_columns_is_not_read_by_position() {
        use crate::parse::columns::{labelled_phrases, stack};
        // a single-spaced header over spaced cells (LibreOffice through
        // `pdftotext -layout`): the date's year sits under `Target duration`
        let header = "Modification Type Accepted Target duration Current duration";
        let mut cols = Vec::new();
        let words = Line::from_text(1, 1, header).words;
        stack(&mut cols, labelled_phrases(&words, starts_column_label));
        let row =
            |text: &str| positional_assessment_row(&Line::from_text(1, 2, text), &cols, ctx());
        // (row, the target and current durations read by position)
        type Durations = Option<(Option<u32>, Option<u32>)>;
        let cases: [(&str, Durations); 5] = [
            ("MP125        IA   28 Apr 21 40 WD          47 WD", None),
            ("MP127        PA 14 Jun 21 15 WD            18 WD", None),
            (
                "MP120        IA   1/2/21   40 WD           35 WD",
                Some((Some(40), Some(35))),
            ),
            (
                "MP133        IA   1/2/21   40 WD           N/A",
                Some((Some(40), None)),
            ),
            ("MP134        IA   1/2/21   40 WD           Apr", None),
        ];
        for (text, want) in cases {
            let got = row(text).map(|r| (r.target_wd, r.elapsed_wd));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_cell_reads_as_its_column_or_says_it_cannot() {
        let wd = |t: &str| read_cell(t, parse_working_days);
        let cases = [
            ("", Some(None)),
            ("N/A", Some(None)),
            (" - ", Some(None)),
            ("40 WD", Some(Some(40))),
            ("21 40 WD", None),
            ("2021", None),
        ];
        for (text, want) in cases {
            assert_eq!(wd(text), want, "{text:?}");
        }
        let date = read_cell("28 Apr 21", |t| parse_date(t, ctx()));
        assert_eq!(
            date.flatten().map(|d| d.to_string()),
            Some("2021-04-28".into())
        );
        assert!(["WD", "wd", "WD."]
            .iter()
            .all(|w| !RowCell::Date.can_hold(w)));
        assert!(["Apr", "April", "sept", "10/2021"]
            .iter()
            .all(|w| !RowCell::Target.can_hold(w)));
        assert!(["40", "WD", "N/A", "Ma"]
            .iter()
            .all(|w| RowCell::Elapsed.can_hold(w)));
    }
}
