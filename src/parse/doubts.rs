//! Doubts a reading raises about itself, so no ledger is silently thin or
//! silently altered: a table whose heading was found but which gave no
//! rows, and a value a spreadsheet would run as a formula.
//!
//! In: each table segment's heading and how many rows parsing it gave
//! ([`TableTally`]); the records of one file ([`Found`]). Out: a
//! `table_without_rows` warning per such table (naming it and its page) and
//! a `formula_like_text` warning per formula-looking value (naming the
//! field, at the page and line of its record); their `source` is filled in
//! by the caller.

use super::Found;
use crate::layout::Line;
use crate::model::{Code, Diagnostic, List, Mention};
use crate::normalise::shape::looks_like_formula;
use regex::Regex;
use std::sync::LazyLock;

/// A sentence under a table's heading that says the table is empty on
/// purpose (`There are no open assessments`, `None`).
static SAYS_NONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(there\s+(are|were|is)\s+no|no\s+(open|current|completed|new)\b|none\b|nil\b|not\s+applicable)")
        .expect("says-none regex")
});

/// One table's heading and what its rows gave, summed over its segments
/// (a table continued under a repeated heading is one table).
#[derive(Debug)]
struct Tally {
    list: List,
    heading: String,
    page: u32,
    line: u32,
    rows: usize,
    /// A segment that gave no rows says the table has none (segments that
    /// gave rows are not read for it: a table with rows never warns).
    says_none: bool,
}

/// The row tables of one file, as parsing finds them.
#[derive(Debug, Default)]
pub struct TableTally {
    tables: Vec<Tally>,
    /// The Refine section's heading (text, page, line), once it is found:
    /// the section the report's assessment tables belong to.
    refine: Option<(String, u32, u32)>,
}

impl TableTally {
    /// Counts a table segment: its heading line, its body and how many
    /// records parsing it added.
    pub fn add(&mut self, list: &List, heading: Option<&Line>, body: &[&Line], rows: usize) {
        // only a table left without rows is warned of, so only a segment
        // without rows is read for whether it says it has none
        let says_none = rows == 0 && body.iter().any(|l| SAYS_NONE_RE.is_match(&l.text));
        if let Some(t) = self.tables.iter_mut().find(|t| t.list == *list) {
            t.rows += rows;
            t.says_none |= says_none;
            return;
        }
        let at = heading.or_else(|| body.first().copied());
        self.tables.push(Tally {
            list: list.clone(),
            heading: heading.map_or_else(|| list.slug().to_string(), |h| h.text.trim().to_string()),
            page: at.map_or(1, |l| l.page),
            line: at.map_or(1, |l| l.line),
            rows,
            says_none,
        });
    }

    /// Notes a segment of the Refine section, by its heading line.
    pub fn saw_refine(&mut self, heading: Option<&Line>) {
        if self.refine.is_none() {
            if let Some(h) = heading {
                self.refine = Some((h.text.trim().to_string(), h.page, h.line));
            }
        }
    }

    /// A warning for each table that gave no rows and does not say it has
    /// none, and for a Refine section found without either assessment table.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut out = self.empty_tables();
        let has_assessment_table = self.tables.iter().any(|t| t.list.is_assessment_table());
        if let (Some((heading, page, line)), false) = (&self.refine, has_assessment_table) {
            let message = format!(
                "the Refine section ({heading:?}, page {page}) gave no DCC assessment rows: neither its open nor its completed assessments table was found, so this month's ledger lacks them"
            );
            let d = Diagnostic::new(Code::TableWithoutRows, "", message);
            out.push(d.at(*page, *line).quoting(heading));
        }
        out
    }

    /// A warning for each table that gave no rows and does not say it has none.
    fn empty_tables(&self) -> Vec<Diagnostic> {
        self.tables
            .iter()
            .filter(|t| t.rows == 0 && !t.says_none)
            .map(|t| {
                let message = format!(
                    "the table {:?} ({}) on page {} gave no rows: its heading was read but none of its rows was, so this month's ledger lacks them",
                    t.heading,
                    t.list.slug(),
                    t.page
                );
                Diagnostic::new(Code::TableWithoutRows, "", message)
                    .at(t.page, t.line)
                    .quoting(&t.heading)
            })
            .collect()
    }
}

/// Records parsing has added so far: a table segment's rows are the difference.
pub fn records(found: &Found) -> usize {
    found.observations.len() + found.assessments.len()
}

/// A `formula_like_text` warning for each value of `found` (and the file's
/// own name) that a spreadsheet would read as a formula.
pub fn formula_like_values(found: &Found, source: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if looks_like_formula(source) {
        out.push(formula("file name (sources)", "", source, None));
    }
    for o in &found.observations {
        let at = Some((o.page, o.line));
        for (field, value) in [
            ("title", &o.title),
            ("printed reference (raw_ref)", &o.mention.raw),
            ("DCC status cell (dcc_status)", &o.dcc_cell),
        ] {
            if looks_like_formula(value) {
                out.push(formula(field, &o.mention.ref_text(), value, at));
            }
        }
    }
    for a in found
        .assessments
        .iter()
        .filter(|a| looks_like_formula(&a.note))
    {
        let what = format!("{}{} ({})", owner(&a.mention), a.kind, a.source);
        out.push(formula("note", &what, &a.note, Some((a.page, a.line))));
    }
    for e in found
        .events
        .iter()
        .filter(|e| looks_like_formula(&e.detail))
    {
        let what = format!("{}{} event", owner(&e.mention), e.kind);
        out.push(formula("detail", &what, &e.detail, Some((e.page, e.line))));
    }
    for t in found
        .timescales
        .iter()
        .filter(|t| looks_like_formula(&t.measure))
    {
        out.push(formula("measure", "", &t.measure, None));
    }
    out
}

/// `MP121's `, or `an unread reference's ` .
fn owner(m: &Mention) -> String {
    match m.ref_text() {
        r if r.is_empty() => "an unread reference's ".to_string(),
        r => format!("{r}'s "),
    }
}

/// One formula-looking value: which field of which record, where.
fn formula(field: &str, record: &str, value: &str, at: Option<(u32, u32)>) -> Diagnostic {
    let first = value.chars().next().unwrap_or(' ');
    let message = format!(
        "the {field} {}begins with {first:?}, which a spreadsheet would run as a formula: written with a leading '",
        if record.is_empty() {
            String::new()
        } else {
            format!("of {record} ")
        }
    );
    let d = Diagnostic::new(Code::FormulaLikeText, "", message).quoting(value);
    match at {
        Some((page, line)) => d.at(page, line),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Family, Observation, ProposalId, Reference, Section};

    fn line(page: u32, line: u32, text: &str) -> Line {
        Line::from_text(page, line, text)
    }

    #[test]
    fn a_table_with_a_heading_and_no_rows_is_named_with_its_page() {
        let heading = line(4, 80, "Open Assessments");
        let header = line(
            4,
            82,
            "Modification Type Accepted Target duration Current duration",
        );
        let none = line(4, 82, "There are no open assessments this month.");
        type Case<'a> = (&'a str, Vec<(&'a Line, usize)>, Vec<(u32, u32)>);
        let cases: Vec<Case> = vec![
            ("rows read", vec![(&header, 3)], vec![]),
            ("no rows", vec![(&header, 0)], vec![(4, 80)]),
            ("empty on purpose", vec![(&none, 0)], vec![]),
            (
                "rows under a repeated heading",
                vec![(&header, 0), (&header, 2)],
                vec![],
            ),
            (
                "says none beside rows, then an empty repeat",
                vec![(&none, 2), (&header, 0)],
                vec![],
            ),
            (
                "empty, then an empty repeat that says none",
                vec![(&header, 0), (&none, 0)],
                vec![],
            ),
        ];
        for (what, segments, want) in cases {
            let mut t = TableTally::default();
            for (body, rows) in segments {
                t.add(&List::OpenAssessments, Some(&heading), &[body], rows);
            }
            let got: Vec<(u32, u32)> = t
                .warnings()
                .iter()
                .map(|d| (d.page.unwrap(), d.line.unwrap()))
                .collect();
            assert_eq!(got, want, "{what}");
        }
        // a Refine section with neither assessment table, and with one
        let refine = line(3, 60, "3. Refine");
        let mut t = TableTally::default();
        t.saw_refine(Some(&refine));
        let w = t.warnings();
        assert_eq!((w.len(), w[0].page, w[0].line), (1, Some(3), Some(60)));
        assert!(
            w[0].message.contains("neither its open nor its completed"),
            "{}",
            w[0].message
        );
        t.add(&List::AssessmentsCompleted, Some(&heading), &[&header], 4);
        assert_eq!(t.warnings(), []);
        let mut t = TableTally::default();
        t.add(&List::DeliveryDates, None, &[&header], 0);
        let w = t.warnings();
        assert_eq!(w[0].code, Code::TableWithoutRows);
        assert!(
            w[0].message.contains("page 4 gave no rows"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn each_formula_looking_value_is_one_warning_naming_its_field() {
        let mut found = Found::default();
        let id = ProposalId {
            number: 121,
            split: None,
        };
        for (title, line) in [
            ("=HYPERLINK(\"x\")", 7),
            ("Plain", 8),
            ("-2+3", 9),
            ("-", 10),
        ] {
            found.observations.push(Observation {
                mention: Mention {
                    reference: Some(Reference::new(id, Family::Mp)),
                    raw: "MP121".into(),
                },
                title: title.into(),
                section: Section::Summary,
                list: List::Decisions,
                page: 2,
                line,
                status: None,
                dcc_cell: crate::model::Text::default(),
            });
        }
        let got: Vec<(Option<String>, Option<u32>, String)> = formula_like_values(&found, "=x.txt")
            .into_iter()
            .map(|d| (d.page.map(|p| p.to_string()), d.line, d.message.to_string()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].1, None);
        assert!(
            got[0]
                .2
                .starts_with("the file name (sources) begins with '='"),
            "{}",
            got[0].2
        );
        assert_eq!(got[1].1, Some(7));
        assert!(
            got[1].2.starts_with("the title of MP121 begins with '='"),
            "{}",
            got[1].2
        );
        assert_eq!(got[2].1, Some(9));
    }
}
