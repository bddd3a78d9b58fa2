//! Stage 8: write — the ledger's tables as CSV files and as one workbook,
//! and the folder swapped in whole.
//!
//! In: a [`Ledger`] (every table already in writing order). Out: each CSV
//! file's bytes ([`ledger_files`], via the row structs of
//! [`crate::ledger::schema`], so the bytes can be snapshot-tested), the
//! workbook's ([`workbook`]; [`ledger_folder`] is every file), and the folder
//! written atomically ([`folder::write_ledger`]), or the same files streamed
//! into the folder ([`write_ledger_streamed`], what `convert` does: no CSV
//! file is ever whole in memory). [`palette`] holds the stage colours every
//! view for people shares.

pub mod field_values;
pub mod folder;
pub mod palette;
pub mod rows;
pub mod workbook;

pub use folder::{
    write_file_atomically, write_ledger, write_ledger_from, FileSet, NO_EXCHANGE_ENV, PAUSE_ENV,
};

use crate::ledger::schema::{
    columns, AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, ObservationRecord,
    RegisterRecord, ReportRecord, Table, TimescaleRecord,
};
use crate::ledger::Ledger;
use std::io::Seek;

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

/// Every file of the ledger folder as the folder writer asks for it: the
/// CSV files written row by row, then the workbook and the HTML report
/// (made beforehand, so an error making them comes before any file is staged).
pub struct StreamedLedger<'l> {
    ledger: &'l Ledger,
    /// The workbook, saved in an unnamed temporary file (see
    /// [`workbook::ledger_workbook_file`]).
    workbook: std::fs::File,
    html: Vec<u8>,
}

impl<'l> StreamedLedger<'l> {
    /// The ledger's files, with its workbook (in a temporary file in
    /// `scratch`) and HTML report made.
    pub fn new(ledger: &'l Ledger, scratch: &std::path::Path) -> Result<Self, crate::error::Error> {
        Ok(StreamedLedger {
            ledger,
            workbook: workbook::ledger_workbook_file(ledger, scratch)?,
            html: crate::report::html_of_ledger(ledger),
        })
    }
}

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
            workbook::FILE,
            crate::report::FILE,
        ]
    }

    fn write_file(&self, name: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let l = self.ledger;
        match name {
            ReportRecord::FILE => write_table(rows::reports(l), out),
            ObservationRecord::FILE => write_table(rows::observations(l), out),
            AssessmentRecord::FILE => write_table(rows::assessments(l), out),
            EventRecord::FILE => write_table(rows::events(l), out),
            TimescaleRecord::FILE => write_table(rows::timescales(l), out),
            HistoryRecord::FILE => write_table(rows::history(l), out),
            RegisterRecord::FILE => write_table(rows::register(l), out),
            DiagnosticRecord::FILE => write_table(rows::diagnostics(l), out),
            workbook::FILE => {
                let mut saved = &self.workbook;
                saved.seek(std::io::SeekFrom::Start(0))?;
                std::io::copy(&mut saved, out).map(drop)
            }
            crate::report::FILE => out.write_all(&self.html),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the ledger has no file {name}"),
            )),
        }
    }
}

/// Writes every file of the ledger folder into `dir` as one unit
/// ([`folder::write_ledger`]), the CSV files streamed row by row into the
/// staged folder.
pub fn write_ledger_streamed(
    dir: &std::path::Path,
    ledger: &Ledger,
) -> Result<(), crate::error::Error> {
    write_ledger_from(dir, &StreamedLedger::new(ledger, &scratch_dir_for(dir))?)
}

/// Where the workbook is saved while the ledger is written: beside the
/// ledger folder (the same disk, never a memory-backed temporary folder),
/// else the system's temporary folder when that parent does not exist yet.
fn scratch_dir_for(dir: &std::path::Path) -> std::path::PathBuf {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if parent.is_dir() {
        parent
    } else {
        std::env::temp_dir()
    }
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
        let whole = ledger_folder(&ledger).unwrap();
        let scratch = tempfile::tempdir().unwrap();
        let streamed = StreamedLedger::new(&ledger, scratch.path()).unwrap();
        assert_eq!(streamed.names(), whole.names());
        for name in streamed.names() {
            let mut bytes = Vec::new();
            streamed.write_file(name, &mut bytes).unwrap();
            assert_eq!(bytes, whole.file(name), "{name}");
        }
        assert!(streamed.write_file("nope.csv", &mut Vec::new()).is_err());
    }
}
