//! Any bytes as a ledger's `history.csv` and `assessments.csv` (the first two
//! bytes say where the one ends and the other begins) through `diff`: every
//! pair of neighbouring months is compared (at most 24 pairs), and the
//! changes are written and read back as CSV with one row per change.

#![no_main]

use libfuzzer_sys::fuzz_target;
use modledger::diff::{changes_csv, diff, summarise, LedgerTables};
use std::path::Path;

/// Pairs compared per input: enough to reach every branch, few enough to keep
/// an execution short.
const MAX_PAIRS: usize = 24;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let rest = &data[2..];
    let cut = usize::from(u16::from_le_bytes([data[0], data[1]])) % (rest.len() + 1);
    let (history, assessments) = rest.split_at(cut);
    let Ok(t) = LedgerTables::from_csv(
        history,
        Path::new("history.csv"),
        assessments,
        Path::new("assessments.csv"),
    ) else {
        return;
    };
    let months = t.months();
    for w in months.windows(2).take(MAX_PAIRS) {
        let changes = diff(&t, w[0], w[1]);
        let s = summarise(w[0], w[1], &changes);
        assert!(s.added + s.removed <= changes.len());
        let bytes = changes_csv(&changes);
        let rows = csv::Reader::from_reader(bytes.as_slice()).records().count();
        assert_eq!(rows, changes.len(), "one CSV row per change");
    }
});
