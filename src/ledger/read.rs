//! Reading a ledger folder back: what `diff --ledger`, `show` and the HTML
//! report read.
//!
//! In: a ledger file's path (or any reader of its bytes). Out: its rows
//! through their row structs ([`super::schema`]), one at a time
//! ([`each_row`]) or all of them ([`read_file`]). Only a regular file is
//! opened (a FIFO or a device would block or never end), and no file is
//! read past [`MAX_LEDGER_FILE`] bytes or a line past [`MAX_LEDGER_LINE`],
//! so a runaway file stops instead of exhausting memory.

use super::schema::{LedgerRow, Table};
use crate::error::Error;
use crate::ledger::schema::columns;
use csv::StringRecord;
use std::path::Path;

/// The largest ledger file `diff --ledger` reads: far more than ten years
/// of monthly reports (about 5 MB of history), far less than would exhaust
/// memory; a runaway file stops here.
pub const MAX_LEDGER_FILE: u64 = 512 << 20;
/// The longest line of a ledger file: a row of the longest titles and notes
/// is a few kilobytes; `/dev/zero`-like content with no line end stops here
/// instead of growing one record without bound.
pub const MAX_LEDGER_LINE: u64 = 1 << 20;

/// Reads a ledger table's rows through its row struct, one at a time: the
/// file's header must hold every column of the struct (in any order, more
/// allowed); each row is checked by deserialising it and handed to `take`
/// with its values in the schema's order.
pub fn each_row<T: Table>(
    reader: impl std::io::Read,
    path: &Path,
    mut take: impl FnMut(T, StringRecord),
) -> Result<(), Error> {
    let bad = |line: u64, message: String| Error::Ledger {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = r
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    let schema = columns::<T>();
    let mut index = Vec::with_capacity(schema.len());
    for name in &schema {
        match headers.iter().position(|h| h == name) {
            Some(i) => index.push(i),
            None => return Err(bad(1, format!("no column {name:?}: not a ledger file"))),
        }
    }
    let schema_header = StringRecord::from(schema);
    let mut rec = StringRecord::new();
    loop {
        match r.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(bad(line, format!("unreadable row: {e}")));
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let values: StringRecord = index.iter().map(|&i| rec.get(i).unwrap_or("")).collect();
        let record: T = values
            .deserialize(Some(&schema_header))
            .map_err(|e| bad(line, cell_error(&e, &schema_header)))?;
        take(record, values);
    }
}

/// What is wrong with a row's cell, for people (`column month: "Feb 2020" is not a month`).
fn cell_error(e: &csv::Error, header: &StringRecord) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let what = match err.kind() {
                csv::DeserializeErrorKind::Message(m) => m.clone(),
                other => other.to_string(),
            };
            match err.field().and_then(|i| header.get(i as usize)) {
                Some(column) => format!("column {column}: {what}"),
                None => what,
            }
        }
        _ => format!("unreadable row: {e}"),
    }
}

/// A reader that fails once more than [`MAX_LEDGER_FILE`] bytes were read,
/// or a line runs longer than [`MAX_LEDGER_LINE`].
pub struct Bounded<R> {
    inner: R,
    read: u64,
    since_line_end: u64,
}

impl<R> Bounded<R> {
    fn new(inner: R) -> Bounded<R> {
        Bounded {
            inner,
            read: 0,
            since_line_end: 0,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.since_line_end = match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(i) => (n - 1 - i) as u64,
            None => self.since_line_end + n as u64,
        };
        if self.read > MAX_LEDGER_FILE {
            return Err(std::io::Error::other(format!(
                "the file is larger than {MAX_LEDGER_FILE} bytes, more than any ledger"
            )));
        }
        if self.since_line_end > MAX_LEDGER_LINE {
            return Err(std::io::Error::other(format!(
                "a line is longer than {MAX_LEDGER_LINE} bytes: not a ledger file"
            )));
        }
        Ok(n)
    }
}

/// Opens a ledger file for reading: a regular file (a FIFO or a device would
/// block or never end), read no further than [`MAX_LEDGER_FILE`].
pub fn open_ledger_file(path: &Path) -> Result<Bounded<std::fs::File>, Error> {
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
    let file = std::fs::File::open(path).map_err(input)?;
    Ok(Bounded::new(file))
}

/// Every row of table `T`'s file in a ledger folder.
pub fn read_file<T: Table>(dir: &Path) -> Result<Vec<LedgerRow<T>>, Error> {
    let path = dir.join(T::FILE);
    let mut rows = Vec::new();
    each_row::<T>(open_ledger_file(&path)?, &path, |record, values| {
        rows.push(LedgerRow { record, values })
    })?;
    Ok(rows)
}
