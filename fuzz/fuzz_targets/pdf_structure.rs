//! Generated PDF documents through the reader and the parser, with invariants.
//!
//! The fuzzer's bytes become a [`pdf_gen::Spec`] (through `arbitrary`): pages with
//! rotations and media boxes, content streams of text, path and form operators,
//! Form XObjects that may draw each other, simple and CID fonts, ToUnicode CMaps,
//! streams raw or deflated with right or wrong lengths, three cross-reference
//! layouts. The document is read in-process by `read_pdf`; [`pdf_gen::check`] then
//! asserts the invariants (no panic, no timeout, the page count, finite positions,
//! pages within the count, the probe word on its page), and the parse must not panic.

#![no_main]

#[path = "../gen/pdf_gen.rs"]
mod pdf_gen;

use libfuzzer_sys::fuzz_target;
use modledger::parse::parse_document;
use modledger::read::pdf::read_pdf;
use std::time::Duration;

fuzz_target!(|spec: pdf_gen::Spec| {
    let built = pdf_gen::build(&spec);
    let read = read_pdf("generated.pdf", &built.bytes, Duration::from_secs(30));
    pdf_gen::check(&built, &read);
    if let Ok(doc) = read {
        let _ = parse_document(&doc);
    }
});
