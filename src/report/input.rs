//! What the page is built from: the ledger's tables as typed rows.
//!
//! In: a [`Ledger`] built in memory (`convert`), or a ledger folder on disk
//! (`modledger report --ledger DIR`), read back through the row structs of
//! [`crate::ledger::schema`]. Out: one [`PageInput`], the same rows either
//! way, so both paths give byte-identical pages.

use crate::diff::{LedgerTables, MAX_LEDGER_FILE};
use crate::error::Error;
use crate::ledger::schema::{
    AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, RegisterRecord, ReportRecord,
    Table,
};
use crate::ledger::Ledger;
use crate::write::{rows, table_csv};
use std::io::Read;
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

/// Reads one ledger file of `dir` through its row struct (columns by name).
fn read_table<T: Table>(dir: &Path) -> Result<Vec<T>, Error> {
    let path = dir.join(T::FILE);
    let bytes = read_bounded(&path)?;
    parse_table(&bytes, &path)
}

/// The rows of a ledger file's bytes; `path` names it in errors.
pub fn parse_table<T: Table>(bytes: &[u8], path: &Path) -> Result<Vec<T>, Error> {
    let bad = |line: u64, message: String| Error::Ledger {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    if let Some(absent) = crate::ledger::schema::columns::<T>()
        .into_iter()
        .find(|c| !headers.iter().any(|h| h == c))
    {
        return Err(bad(1, format!("no column {absent:?}: not a ledger file")));
    }
    let mut out = Vec::new();
    for row in r.deserialize::<T>() {
        match row {
            Ok(t) => out.push(t),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(bad(line, format!("unreadable row: {e}")));
            }
        }
    }
    Ok(out)
}

/// A regular file's bytes, no more than [`MAX_LEDGER_FILE`] of them.
fn read_bounded(path: &Path) -> Result<Vec<u8>, Error> {
    let input = |source| Error::Input {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(input)?;
    if !meta.is_file() {
        return Err(input(std::io::Error::other(
            "not a regular file (a ledger file is one)",
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_LEDGER_FILE + 1).read_to_end(&mut bytes))
        .map_err(input)?;
    if bytes.len() as u64 > MAX_LEDGER_FILE {
        return Err(input(std::io::Error::other(format!(
            "the file is larger than {MAX_LEDGER_FILE} bytes, more than any ledger"
        ))));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_file_is_read_by_column_name_and_its_errors_name_the_line() {
        let csv = "title,number,month,ref,stage,status,dcc_status,dcc_date,extra\n\
                   Pairing,124,2021-04,MP124,refine,,,,x\n";
        let rows: Vec<HistoryRecord> = parse_table(csv.as_bytes(), Path::new("h.csv")).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].title, "Pairing");
        assert_eq!(
            rows[0].month.map(|m| m.to_string()).as_deref(),
            Some("2021-04")
        );
        let err = parse_table::<HistoryRecord>(b"month,number\n", Path::new("h.csv")).unwrap_err();
        assert!(
            err.to_string().contains("h.csv:1: no column \"ref\""),
            "{err}"
        );
        let bad = csv.replace("refine", "sideways");
        let err = parse_table::<HistoryRecord>(bad.as_bytes(), Path::new("h.csv")).unwrap_err();
        assert!(
            err.to_string().starts_with("h.csv:2: unreadable row"),
            "{err}"
        );
    }
}
