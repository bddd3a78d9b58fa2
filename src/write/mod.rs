//! Stage 8: write — the ledger's tables as CSV files, and the folder swapped
//! in whole.
//!
//! In: a [`Ledger`] (every table already in writing order). Out: each CSV
//! file's bytes ([`ledger_files`], via the row structs of
//! [`crate::ledger::schema`], so the bytes can be snapshot-tested), and the
//! folder written atomically ([`folder::write_ledger`]), or the same files
//! streamed into the folder row by row ([`write_ledger_streamed`], what
//! `convert` does: no file is ever whole in memory).

pub mod folder;
pub mod palette;
pub mod rows;

pub use folder::{
    write_file_atomically, write_ledger, write_ledger_from, FileSet, NO_EXCHANGE_ENV, PAUSE_ENV,
};

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
    let mut out = Vec::new();
    // writing to a Vec cannot fail, nor can serialising these plain rows
    let _ = write_table(rows, &mut out);
    out
}

/// Writes one table's CSV (its header, then its rows) into `out`.
pub fn write_table<T: Table>(
    rows: impl IntoIterator<Item = T>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(columns::<T>())?;
    for r in rows {
        w.serialize(r)?;
    }
    w.flush()
}

/// The ledger's CSV files, each written row by row as the folder writer asks for it.
pub struct StreamedLedger<'l>(pub &'l Ledger);

impl FileSet for StreamedLedger<'_> {
    fn names(&self) -> Vec<&'static str> {
        vec![
            ReportRecord::FILE,
            ObservationRecord::FILE,
            AssessmentRecord::FILE,
            EventRecord::FILE,
            TimescaleRecord::FILE,
            HistoryRecord::FILE,
            RegisterRecord::FILE,
            DiagnosticRecord::FILE,
        ]
    }

    fn write_file(&self, name: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let l = self.0;
        match name {
            ReportRecord::FILE => write_table(rows::reports(l), out),
            ObservationRecord::FILE => write_table(rows::observations(l), out),
            AssessmentRecord::FILE => write_table(rows::assessments(l), out),
            EventRecord::FILE => write_table(rows::events(l), out),
            TimescaleRecord::FILE => write_table(rows::timescales(l), out),
            HistoryRecord::FILE => write_table(rows::history(l), out),
            RegisterRecord::FILE => write_table(rows::register(l), out),
            DiagnosticRecord::FILE => write_table(rows::diagnostics(l), out),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the ledger has no file {name}"),
            )),
        }
    }
}

/// Writes the ledger's CSV files into `dir` as one unit ([`folder::write_ledger`]),
/// each streamed row by row into the staged folder.
pub fn write_ledger_streamed(
    dir: &std::path::Path,
    ledger: &Ledger,
) -> Result<(), crate::error::Error> {
    write_ledger_from(dir, &StreamedLedger(ledger))
}

/// One named file of a table.
fn file<T: Table>(rows: impl IntoIterator<Item = T>) -> (&'static str, Vec<u8>) {
    (T::FILE, table_csv(rows))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_files_are_the_files() {
        let ledger = Ledger::build(
            Vec::new(),
            &[crate::model::Diagnostic::new(
                crate::model::Code::LinkLoop,
                "x, \"y\"",
                "=a formula? no",
            )],
        );
        let whole = ledger_files(&ledger);
        let streamed = StreamedLedger(&ledger);
        assert_eq!(streamed.names(), whole.names());
        for name in streamed.names() {
            let mut bytes = Vec::new();
            streamed.write_file(name, &mut bytes).unwrap();
            assert_eq!(bytes, whole.file(name), "{name}");
        }
        assert!(streamed.write_file("nope.csv", &mut Vec::new()).is_err());
    }
}
