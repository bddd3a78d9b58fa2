//! Generated PDF documents (the structure-aware fuzz target's generator,
//! `fuzz/gen/pdf_gen.rs`) through the reader on stable, with its invariants: no
//! panic, no timeout, the page count, finite positions, pages within the count,
//! and the probe word (plain ASCII letters in a simple font) on its page.
//!
//! A property test shrinks any failure to a small document; a fixed sweep of
//! pseudo-random documents also checks that the generator makes documents the
//! reader reads (most of them) and ones it refuses (form cycles, damage), so a
//! generator gone wrong shows here and not only as a quiet fuzzer.

#[path = "../fuzz/gen/pdf_gen.rs"]
mod pdf_gen;

use arbitrary::{Arbitrary, Unstructured};
use modledger::read::pdf::read_pdf;
use proptest::prelude::*;
use std::time::Duration;

const BUDGET: Duration = Duration::from_secs(30);

/// What reading one generated document gave.
#[derive(Default)]
struct Outcome {
    read: bool,
    /// Lines besides the probe's.
    other_lines: usize,
}

/// The spec `bytes` make, built and read, its invariants checked.
fn read_and_check(bytes: &[u8]) -> Outcome {
    let Ok(spec) = pdf_gen::Spec::arbitrary_take_rest(Unstructured::new(bytes)) else {
        return Outcome::default();
    };
    let built = pdf_gen::build(&spec);
    let read = read_pdf("generated.pdf", &built.bytes, BUDGET);
    pdf_gen::check(&built, &read);
    match read {
        Ok(doc) => Outcome {
            read: true,
            other_lines: doc.lines.iter().filter(|l| l.text != built.probe).count(),
        },
        Err(_) => Outcome::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_hold_the_invariants(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let _ = read_and_check(&bytes);
    }
}

/// xorshift64*: the same bytes on every machine.
fn pseudo_random(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn the_generator_makes_documents_the_reader_reads() {
    const DOCUMENTS: usize = 300;
    let outcomes: Vec<Outcome> = (0..DOCUMENTS as u64)
        .map(|seed| read_and_check(&pseudo_random(seed, 200 + (seed as usize * 37) % 2500)))
        .collect();
    let read = outcomes.iter().filter(|o| o.read).count();
    let with_text = outcomes.iter().filter(|o| o.other_lines > 0).count();
    eprintln!("{read} of {DOCUMENTS} generated documents read, {with_text} with generated text");
    assert!(read >= DOCUMENTS / 3, "only {read} of {DOCUMENTS} read");
    assert!(
        with_text >= DOCUMENTS / 20,
        "only {with_text} of {DOCUMENTS} show generated text"
    );
}

#[test]
fn the_probe_reads_on_every_rotation_and_box() {
    use pdf_gen::*;
    for rotate in [
        Rotate::R0,
        Rotate::R90,
        Rotate::R180,
        Rotate::R270,
        Rotate::Minus90,
        Rotate::R450,
        Rotate::Odd(45),
    ] {
        for reversed in [false, true] {
            let spec = Spec {
                pages: Vec::new(),
                forms: Vec::new(),
                fonts: Vec::new(),
                probe: Probe {
                    at: 0,
                    letters: b"Hello".to_vec(),
                    size: 4,
                    font: ProbeFont::Standard(ProbeBase::Helvetica, ProbeEncoding::WinAnsi),
                    rotate,
                    media: BoxSpec {
                        x0: -100,
                        y0: 50,
                        w: 595,
                        h: 842,
                        reversed,
                    },
                    flate: reversed,
                    paths: vec![(Num(0), Num(0), Num(400), Num(400))],
                },
                tree_media: None,
                nested_tree: reversed,
                xref: if reversed {
                    XrefKind::ObjectStream { flate: true }
                } else {
                    XrefKind::Table
                },
            };
            let built = build(&spec);
            assert_eq!(built.probe, "Hello");
            let doc = read_pdf("probe.pdf", &built.bytes, BUDGET)
                .unwrap_or_else(|e| panic!("{rotate:?} {reversed}: {e}"));
            let lines: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(lines, vec!["Hello"], "{rotate:?} reversed {reversed}");
            pdf_gen::check(&built, &Ok(doc));
        }
    }
}
/// Found with the generator: ten `8000 0 0 1 0 0 cm` make a glyph wider than an
/// f32 holds, and its word ended at `inf`. Such a glyph is now on no page.
#[test]
fn a_glyph_scaled_past_an_f32_is_not_a_word() {
    use pdf_gen::*;
    let cm = Op::Cm([Num(32000), Num(0), Num(0), Num(4), Num(0), Num(0)]);
    let right = StreamOpts {
        flate: false,
        length: LengthKind::RIGHT,
    };
    let page = PageSpec {
        rotate: Rotate::R0,
        media: None,
        ops: vec![
            Block::Saved(
                [Num(4), Num(0), Num(0), Num(4), Num(0), Num(0)],
                [
                    vec![cm; 10],
                    vec![Op::BT, Op::Tf(0, Num(40)), Op::Tj(b"lost".to_vec()), Op::ET],
                ]
                .concat(),
            ),
            Block::Ops(vec![
                Op::BT,
                Op::Tf(0, Num(40)),
                Op::Td(Num(1600), Num(1600)),
                Op::Tj(b"kept".to_vec()),
                Op::ET,
            ]),
        ],
        split: 0,
        stream: right,
        forms: 0,
    };
    let spec = Spec {
        pages: vec![page],
        forms: vec![],
        fonts: vec![],
        probe: Probe {
            at: 1,
            letters: b"Probe".to_vec(),
            size: 4,
            font: ProbeFont::Standard(ProbeBase::Helvetica, ProbeEncoding::None),
            rotate: Rotate::R0,
            media: BoxSpec {
                x0: 0,
                y0: 0,
                w: 595,
                h: 842,
                reversed: false,
            },
            flate: false,
            paths: vec![],
        },
        tree_media: None,
        nested_tree: false,
        xref: XrefKind::Table,
    };
    let built = build(&spec);
    if let Some(dir) = std::env::var_os("MODLEDGER_KEEP_GENERATED") {
        // how fixtures/fuzz-regressions/pdf-glyph-wider-than-f32.pdf was made
        std::fs::write(
            std::path::Path::new(&dir).join("pdf-glyph-wider-than-f32.pdf"),
            &built.bytes,
        )
        .expect("write");
    }
    let read = read_pdf("wide.pdf", &built.bytes, BUDGET);
    check(&built, &read);
    let doc = read.expect("read");
    let words: Vec<(u32, &str)> = doc
        .lines
        .iter()
        .flat_map(|l| l.words.iter().map(move |w| (l.page, w.text.as_str())))
        .collect();
    assert_eq!(words, vec![(1, "kept"), (2, "Probe")]);
}
