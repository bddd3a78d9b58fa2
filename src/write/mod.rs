//! Stage 8: write — the ledger's tables as CSV files and as one workbook,
//! and the folder swapped in whole.
//!
//! In: a [`Ledger`] (every table already in writing order). Out: each CSV
//! file's bytes ([`ledger_files`], via the row structs of
//! [`crate::ledger::schema`], so the bytes can be snapshot-tested), the
//! workbook's ([`workbook`]; [`ledger_folder`] is both), and the folder
//! written atomically ([`folder::write_ledger`]). [`palette`] holds the
//! stage colours every view for people shares.

pub mod folder;
pub mod palette;
pub mod rows;
pub mod workbook;

pub use folder::{write_file_atomically, write_ledger, NO_EXCHANGE_ENV, PAUSE_ENV};

use crate::ledger::schema::{
    columns, AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, ObservationRecord,
    RegisterRecord, ReportRecord, Table, TimescaleRecord,
};
use crate::ledger::Ledger;

/// The ledger as named files, in writing order.
pub struct LedgerFiles {
    /// `(file name, bytes)` pairs.
    pub files: Vec<(&'static str, Vec<u8>)>,
}

impl LedgerFiles {
    /// The bytes of the file called `name` (empty when there is none).
    pub fn file(&self, name: &str) -> &[u8] {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, b)| b.as_slice())
    }
}

/// One table's CSV bytes: its header (from the row struct), then its rows.
pub fn table_csv<T: Table>(rows: impl IntoIterator<Item = T>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing to a Vec cannot fail, nor can serialising these plain rows
    let _ = w.write_record(columns::<T>());
    for r in rows {
        let _ = w.serialize(r);
    }
    w.into_inner().unwrap_or_default()
}

/// One named file of a table.
fn file<T: Table>(rows: impl IntoIterator<Item = T>) -> (&'static str, Vec<u8>) {
    (T::FILE, table_csv(rows))
}

/// Every file of the ledger folder: the CSV files, then `ledger.xlsx` and `index.html`.
pub fn ledger_folder(l: &Ledger) -> Result<LedgerFiles, crate::error::Error> {
    let mut files = ledger_files(l);
    files
        .files
        .push((workbook::FILE, workbook::ledger_workbook(l)?));
    files
        .files
        .push((crate::report::FILE, crate::report::html_of_ledger(l)));
    Ok(files)
}

/// Every CSV file of the ledger, in writing order.
pub fn ledger_files(l: &Ledger) -> LedgerFiles {
    LedgerFiles {
        files: vec![
            file::<ReportRecord>(rows::reports(l)),
            file::<ObservationRecord>(rows::observations(l)),
            file::<AssessmentRecord>(rows::assessments(l)),
            file::<EventRecord>(rows::events(l)),
            file::<TimescaleRecord>(rows::timescales(l)),
            file::<HistoryRecord>(rows::history(l)),
            file::<RegisterRecord>(rows::register(l)),
            file::<DiagnosticRecord>(rows::diagnostics(l)),
        ],
    }
}
