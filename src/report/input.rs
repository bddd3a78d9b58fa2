//! What the page is built from: the ledger's tables as typed rows.
//!
//! In: a [`Ledger`] built in memory (`convert`), or a ledger folder on disk
//! (`modledger report --ledger DIR`), read back through the row structs of
//! [`crate::ledger::schema`]. Out: one [`PageInput`], the same rows either
//! way, so both paths give byte-identical pages.

use crate::diff::LedgerTables;
use crate::error::Error;
use crate::ledger::read::read_file;
use crate::ledger::schema::{
    AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, RegisterRecord, ReportRecord,
    Table,
};
use crate::ledger::Ledger;
use crate::write::{rows, table_csv};
use std::path::Path;

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
}

impl PageInput {
    /// The rows of a ledger built in memory (what `convert` writes).
    pub fn from_ledger(l: &Ledger) -> PageInput {
        PageInput {
            reports: rows::reports(l).collect(),
            history: rows::history(l).collect(),
            assessments: rows::assessments(l).collect(),
            events: rows::events(l).collect(),
            register: rows::register(l).collect(),
            diagnostics: rows::diagnostics(l).collect(),
        }
    }

    /// The rows of a ledger folder `convert` wrote, read through the schema.
    pub fn read_dir(dir: &Path) -> Result<PageInput, Error> {
        Ok(PageInput {
            reports: read_table(dir)?,
            history: read_table(dir)?,
            assessments: read_table(dir)?,
            events: read_table(dir)?,
            register: read_table(dir)?,
            diagnostics: read_table(dir)?,
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
}
