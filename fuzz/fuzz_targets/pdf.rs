//! Any bytes through the PDF reader, then the parser.
//!
//! `read_pdf` is the real entry point, reading in-process here (the binary's child
//! processes are not enabled): the reader's own limits must hold on their own. Its
//! panic hook stays quiet only for panics located in lopdf: a panic in modledger's
//! own code (interpreter, fonts, CMaps, line building) goes to the previous hook,
//! which under libFuzzer aborts, so it shows up here as a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use modledger::parse::parse_document;
use modledger::read::pdf::read_pdf;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read_pdf("fuzz.pdf", data, Duration::from_secs(30)) {
        let _ = parse_document(&doc);
    }
});
