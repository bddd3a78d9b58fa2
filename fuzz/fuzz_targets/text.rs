//! Any bytes through the whole text path: read → parse → reconcile → CSV.
//! A panic anywhere is a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use modledger::parse::parse_document;
use modledger::read::text::read_text;
use modledger::reconcile::build_reports;
use modledger::ledger::Ledger;
use modledger::write::ledger_files;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = read_text("fuzz_2021-04.txt", data) else {
        return;
    };
    let part = parse_document(&doc);
    drop(doc);
    let mut orphans = Vec::new();
    let mut copy = part.clone();
    copy.source = "fuzz_copy.txt".into(); // the same part from two files: merged
    let reports = build_reports(vec![part, copy], &mut orphans);
    let _ = ledger_files(&Ledger::build(reports, &orphans));
});
