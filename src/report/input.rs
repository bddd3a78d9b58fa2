//! What the page is built from: the ledger's tables as typed rows.
//!
//! In: a [`Ledger`] built in memory (`convert`), or a ledger folder on disk
//! (`modledger report --ledger DIR`), read back through the row structs of
//! [`crate::ledger::schema`]. Out: one [`PageInput`], the same rows either
//! way, so both paths give byte-identical pages: the rows of the latest
//! [`MAX_PAGE_MONTHS`] months ([`Window`]).

use crate::diff::LedgerTables;
use crate::error::Error;
use crate::ledger::read::read_file;
use crate::ledger::schema::{
    AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, RegisterRecord, ReportRecord,
    Table,
};
use crate::ledger::Ledger;
use crate::model::Month;
use crate::write::{rows, table_csv};
use chrono::NaiveDate;
use std::path::Path;

/// The most months the page shows: twenty years of monthly reports, twice
/// the ten-year archive the page is sized for (120 months make about 4 MB
/// that a browser opens in under a second). A longer archive's page shows
/// its latest months and says how many it leaves out; the CSV files and
/// `ledger.xlsx` hold them all.
pub const MAX_PAGE_MONTHS: usize = 240;

/// The months the page shows: from `from` on (every month when `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The first month shown.
    pub from: Option<Month>,
    /// How many reported months come before it.
    pub left_out: usize,
}

impl Window {
    /// The window of the latest [`MAX_PAGE_MONTHS`] of these reported months.
    pub fn latest(months: impl Iterator<Item = Month>) -> Window {
        let months: std::collections::BTreeSet<Month> = months.collect();
        let left_out = months.len().saturating_sub(MAX_PAGE_MONTHS);
        Window {
            from: months.into_iter().nth(left_out).filter(|_| left_out > 0),
            left_out,
        }
    }

    /// True for a row of this month (a row of no month is always shown).
    pub fn holds(&self, month: Option<Month>) -> bool {
        match (self.from, month) {
            (Some(from), Some(m)) => m >= from,
            _ => true,
        }
    }

    /// True for a row of a report of this date.
    pub fn holds_date(&self, date: Option<NaiveDate>) -> bool {
        self.holds(date.map(Month::of))
    }
}

/// The ledger tables the page shows, each in the ledger's writing order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInput {
    /// `reports.csv`: the months and the files read for each.
    pub reports: Vec<ReportRecord>,
    /// `history.csv`: each proposal in each month it is named.
    pub history: Vec<HistoryRecord>,
    /// `assessments.csv`: the DCC's assessments, report and appendix.
    pub assessments: Vec<AssessmentRecord>,
    /// `events.csv`: dated things that happened.
    pub events: Vec<EventRecord>,
    /// `register.csv`: each proposal's latest state.
    pub register: Vec<RegisterRecord>,
    /// `diagnostics.csv`: what was repaired, doubted or not read.
    pub diagnostics: Vec<DiagnosticRecord>,
    /// The months shown, when the archive is longer than the page shows.
    pub window: Window,
}

impl PageInput {
    /// The rows of a ledger built in memory (what `convert` writes).
    /// The rows of a ledger built in memory (what `convert` writes), of
    /// the months the page shows.
    pub fn from_ledger(l: &Ledger) -> PageInput {
        let w = Window::latest(rows::reports(l).filter_map(|r| r.month));
        PageInput {
            reports: rows::reports(l).filter(|r| w.holds(r.month)).collect(),
            history: rows::history(l).filter(|r| w.holds(r.month)).collect(),
            assessments: (rows::assessments(l).filter(|r| w.holds_date(r.report))).collect(),
            events: rows::events(l).filter(|r| w.holds_date(r.report)).collect(),
            register: (rows::register(l).filter(|r| w.holds(r.last_month))).collect(),
            diagnostics: (rows::diagnostics(l).filter(|r| w.holds_date(r.report))).collect(),
            window: w,
        }
    }

    /// The rows of a ledger folder `convert` wrote, read through the
    /// schema, of the months the page shows.
    pub fn read_dir(dir: &Path) -> Result<PageInput, Error> {
        let reports: Vec<ReportRecord> = read_table(dir)?;
        let w = Window::latest(reports.iter().filter_map(|r| r.month));
        Ok(PageInput {
            reports: keep(reports, |r: &ReportRecord| w.holds(r.month)),
            history: keep(read_table(dir)?, |r: &HistoryRecord| w.holds(r.month)),
            assessments: keep(read_table(dir)?, |r: &AssessmentRecord| {
                w.holds_date(r.report)
            }),
            events: keep(read_table(dir)?, |r: &EventRecord| w.holds_date(r.report)),
            register: keep(read_table(dir)?, |r: &RegisterRecord| w.holds(r.last_month)),
            diagnostics: keep(read_table(dir)?, |r: &DiagnosticRecord| {
                w.holds_date(r.report)
            }),
            window: w,
        })
    }

    /// The history and assessments as `diff` reads them, so the page's
    /// month-against-month changes are exactly `modledger diff`'s.
    pub fn diff_tables(&self) -> Result<LedgerTables, Error> {
        let history = table_csv(self.history.iter().cloned());
        let assessments = table_csv(self.assessments.iter().cloned());
        LedgerTables::from_csv(
            &history,
            Path::new(HistoryRecord::FILE),
            &assessments,
            Path::new(AssessmentRecord::FILE),
        )
    }
}

/// The rows `holds` keeps.
fn keep<T>(rows: Vec<T>, holds: impl Fn(&T) -> bool) -> Vec<T> {
    rows.into_iter().filter(|r| holds(r)).collect()
}

/// Reads one ledger file of `dir` through its row struct (columns by
/// name; a regular file, bounded: [`crate::ledger::read`]).
fn read_table<T: Table>(dir: &Path) -> Result<Vec<T>, Error> {
    Ok(read_file::<T>(dir)?.into_iter().map(|r| r.record).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_folder_is_read_by_column_name_and_its_errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "title,number,month,ref,stage,status,dcc_status,dcc_date,extra\n\
                   Pairing,124,2021-04,MP124,refine,,,,x\n";
        std::fs::write(dir.path().join(HistoryRecord::FILE), csv).unwrap();
        let rows: Vec<HistoryRecord> = read_table(dir.path()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].title, "Pairing");
        assert_eq!(
            rows[0].month.map(|m| m.to_string()).as_deref(),
            Some("2021-04")
        );
        std::fs::write(
            dir.path().join(HistoryRecord::FILE),
            csv.replace("refine", "sideways"),
        )
        .unwrap();
        let err = read_table::<HistoryRecord>(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("history.csv:2:"), "{err}");
        let err = PageInput::read_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("reports.csv"), "{err}");
    }

    fn months(from: &str, n: usize) -> Vec<Month> {
        let mut m: Month = from.parse().unwrap();
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(m);
            m = m.next();
        }
        v
    }

    #[test]
    fn the_page_shows_the_latest_months_of_a_long_archive() {
        let short = Window::latest(months("2019-01", 120).into_iter());
        assert_eq!(short, Window::default(), "ten years: every month");
        assert!(short.holds("1900-01".parse().ok()));
        let exact = Window::latest(months("2000-01", MAX_PAGE_MONTHS).into_iter());
        assert_eq!(exact.left_out, 0);
        let long = months("2000-01", MAX_PAGE_MONTHS + 5);
        // twice each month, out of order: months are counted once
        let w = Window::latest(long.iter().rev().chain(long.iter()).copied());
        assert_eq!(w.left_out, 5);
        assert_eq!(w.from, "2000-06".parse().ok());
        for (month, shown) in [("2000-05", false), ("2000-06", true), ("2030-01", true)] {
            assert_eq!(w.holds(month.parse().ok()), shown, "{month}");
        }
        assert!(w.holds(None), "a row of no month is shown");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(!w.holds_date(d("2000-05-31")));
        assert!(w.holds_date(d("2000-06-01")));
        assert!(w.holds_date(None));
    }
}
