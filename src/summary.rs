//! convert's closing summary: what an analyst checks before trusting a
//! ledger.
//!
//! In: the [`Ledger`] a convert built, how many input files it was given
//! and how many of them could not be read. Out: a [`RunSummary`] and its
//! stderr lines: the months covered (first to last) and those missing in
//! between, proposals, reports, files, pages, diagnostics by severity, and
//! how many months were read from two files together (a PDF and its own
//! text: expected, so said here once rather than warned of per month).

use crate::ledger::Ledger;
use crate::model::{Code, Month, Severity};
use std::path::Path;

/// Missing months named one by one up to this many; beyond, the first
/// ones and a count (a long gap is one fact, not a list to read).
const MISSING_MONTHS_NAMED: usize = 6;

/// What one convert produced, counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunSummary {
    /// Input files given (after walking folders).
    pub files: usize,
    /// Files that could not be read at all.
    pub unreadable: usize,
    /// Reports (months) in the ledger.
    pub reports: usize,
    /// The first month.
    pub first: Option<Month>,
    /// The last month.
    pub last: Option<Month>,
    /// Months between the first and the last with no report.
    pub missing: Vec<Month>,
    /// Proposals in the register.
    pub proposals: usize,
    /// Rows of observations.csv.
    pub observations: usize,
    /// Pages of the readings used.
    pub pages: u32,
    /// Diagnostics of each severity, mildest first.
    pub by_severity: Vec<(Severity, usize)>,
    /// Months read from more than one reading of a part (a PDF and its own
    /// text), one of them set aside.
    pub read_twice: usize,
    /// Pages that could not be read.
    pub pages_skipped: usize,
    /// Files with no date, placed in no month.
    pub undated: usize,
}

impl RunSummary {
    /// Counts a convert's ledger.
    pub fn of(l: &Ledger, files: usize, unreadable: usize) -> RunSummary {
        let months = l.months();
        let count = |code: Code| l.diagnostics.iter().filter(|(_, d)| d.code == code).count();
        RunSummary {
            files,
            unreadable,
            reports: l.reports.len(),
            first: months.first().copied(),
            last: months.last().copied(),
            missing: missing_months(&months),
            proposals: l.register.len(),
            observations: l.reports.iter().map(|r| r.observations.len()).sum(),
            pages: l.reports.iter().map(|r| r.pages).sum(),
            by_severity: Severity::ALL
                .into_iter()
                .map(|s| {
                    (
                        s,
                        l.diagnostics
                            .iter()
                            .filter(|(_, d)| d.severity() == s)
                            .count(),
                    )
                })
                .collect(),
            read_twice: l.reports.iter().filter(|r| set_aside(r) > 0).count(),
            pages_skipped: count(Code::PageUnreadable),
            undated: count(Code::NoReportDate),
        }
    }

    /// The summary's stderr lines (`modledger: ` first), the last naming `out`.
    pub fn lines(&self, out: &Path) -> Vec<String> {
        let span = match (self.first, self.last) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no month".to_string(),
        };
        let mut inputs = format!(
            "{} file(s), {} unreadable, {} page(s) read",
            self.files, self.unreadable, self.pages
        );
        if self.pages_skipped > 0 {
            inputs.push_str(&format!(", {} page(s) skipped", self.pages_skipped));
        }
        if self.undated > 0 {
            inputs.push_str(&format!(", {} file(s) without a date", self.undated));
        }
        if self.read_twice > 0 {
            inputs.push_str(&format!(
                "; {} month(s) also read from a second file (a PDF's own text, or a copy), the better reading kept",
                self.read_twice
            ));
        }
        let severities: Vec<String> = self
            .by_severity
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        vec![
            format!(
                "modledger: {} report(s), {span} ({}); {} proposal(s), {} observation(s)",
                self.reports,
                self.missing_text(),
                self.proposals,
                self.observations
            ),
            format!("modledger: {inputs}"),
            format!(
                "modledger: diagnostics: {}; ledger in {}",
                severities.join(", "),
                crate::error::one_line(&out.to_string_lossy())
            ),
        ]
    }

    /// `no month missing`, or the months missing in between.
    fn missing_text(&self) -> String {
        let m = &self.missing;
        if m.is_empty() {
            return "no month missing".to_string();
        }
        let mut named: Vec<String> = m
            .iter()
            .take(MISSING_MONTHS_NAMED)
            .map(Month::to_string)
            .collect();
        if m.len() > MISSING_MONTHS_NAMED {
            named.push(format!("and {} more", m.len() - MISSING_MONTHS_NAMED));
        }
        format!("{} month(s) missing: {}", m.len(), named.join(", "))
    }
}

/// How many of a report's files were set aside for a better reading.
fn set_aside(r: &crate::model::Report) -> usize {
    r.sources
        .iter()
        .filter(|s| r.report_source.as_ref() != Some(s) && r.appendix_source.as_ref() != Some(s))
        .count()
}

/// The months between the first and the last of `months` (sorted) that are not in it.
pub fn missing_months(months: &[Month]) -> Vec<Month> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut m = *first;
    while m < *last {
        if !months.contains(&m) {
            out.push(m);
        }
        m = m.next();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(list: &[&str]) -> Vec<Month> {
        list.iter().map(|m| m.parse().expect("a month")).collect()
    }

    #[test]
    fn months_missing_between_the_first_and_the_last_are_found() {
        for (have, want) in [
            (vec![], vec![]),
            (vec!["2021-02"], vec![]),
            (vec!["2021-02", "2021-03"], vec![]),
            (vec!["2021-02", "2021-05"], vec!["2021-03", "2021-04"]),
            (vec!["2020-11", "2021-02"], vec!["2020-12", "2021-01"]),
        ] {
            assert_eq!(missing_months(&months(&have)), months(&want), "{have:?}");
        }
    }

    #[test]
    fn the_summary_says_months_proposals_files_pages_and_diagnostics() {
        let s = RunSummary {
            files: 12,
            unreadable: 1,
            reports: 5,
            first: Some("2020-01".parse().unwrap()),
            last: Some("2020-12".parse().unwrap()),
            missing: months(&[
                "2020-02", "2020-03", "2020-04", "2020-05", "2020-06", "2020-07", "2020-08",
            ]),
            proposals: 40,
            observations: 900,
            pages: 66,
            by_severity: vec![
                (Severity::Repair, 3),
                (Severity::Warning, 1),
                (Severity::Error, 1),
            ],
            read_twice: 4,
            pages_skipped: 0,
            undated: 0,
        };
        assert_eq!(
            s.lines(Path::new("ledger")),
            [
                "modledger: 5 report(s), 2020-01 to 2020-12 (7 month(s) missing: 2020-02, 2020-03, 2020-04, 2020-05, 2020-06, 2020-07, and 1 more); 40 proposal(s), 900 observation(s)",
                "modledger: 12 file(s), 1 unreadable, 66 page(s) read; 4 month(s) also read from a second file (a PDF's own text, or a copy), the better reading kept",
                "modledger: diagnostics: 3 repair, 1 warning, 1 error; ledger in ledger",
            ]
        );
    }
}
