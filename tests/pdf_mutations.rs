//! Property test: the fixture PDFs (as written, and with their streams
//! decompressed so content operators can be hit), cut, overwritten and spliced
//! at random, never make the in-process reader panic or hang, and whatever it
//! reads keeps the layout invariants (lines numbered in order, words not empty
//! and without whitespace, pages within the page count).

use modledger::error::ReadErrorKind;
use modledger::read::pdf::read_pdf;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

const FIXTURES: &[&str] = &[
    "fixtures/pdf/2021-03_report.pdf",
    "fixtures/pdf/2021-02_appendix_ruled.pdf",
    "fixtures/other-producers/2021-07_report_libreoffice.pdf",
    "fixtures/glyphs/cid_fonts.pdf",
    "fixtures/glyphs/rotated.pdf",
    "fixtures/glyphs/font_program.pdf",
];

/// Each fixture as written and with every stream decompressed.
fn samples() -> &'static Vec<Vec<u8>> {
    static S: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    S.get_or_init(|| {
        let mut out = Vec::new();
        for f in FIXTURES {
            let bytes =
                std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).expect("fixture");
            let mut doc = lopdf::Document::load_mem(&bytes).expect("fixture loads");
            doc.decompress();
            let mut plain = Vec::new();
            doc.save_to(&mut plain).expect("save");
            out.push(bytes);
            out.push(plain);
        }
        out
    })
}

/// One edit: overwrite a byte, cut the file, insert a byte, or copy a run elsewhere.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Cut(usize),
    Insert(usize, u8),
    Splice(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Set(p, b)),
        1 => any::<usize>().prop_map(Edit::Cut),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Insert(p, b)),
        2 => (any::<usize>(), any::<usize>(), 1usize..64).prop_map(|(a, b, n)| Edit::Splice(a, b, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    let n = bytes.len().max(1);
    match *e {
        Edit::Set(p, b) => {
            let p = p % n;
            if p < bytes.len() {
                bytes[p] = b;
            }
        }
        Edit::Cut(p) => bytes.truncate((p % n).max(16)),
        Edit::Insert(p, b) => bytes.insert((p % n).min(bytes.len()), b),
        Edit::Splice(from, to, len) => {
            let from = from % n;
            let run: Vec<u8> = bytes[from.min(bytes.len())..(from + len).min(bytes.len())].to_vec();
            let to = (to % n).min(bytes.len());
            bytes.splice(to..to, run);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pdfs_read_or_fail_cleanly(which in 0usize..12, edits in prop::collection::vec(edit(), 1..6)) {
        let mut bytes = samples()[which % samples().len()].clone();
        for e in &edits {
            apply(&mut bytes, e);
        }
        match read_pdf("mutated.pdf", &bytes, Duration::from_secs(20)) {
            Ok(doc) => {
                for (i, l) in doc.lines.iter().enumerate() {
                    prop_assert_eq!(l.line as usize, i + 1);
                    prop_assert!(l.page >= 1 && l.page <= doc.pages);
                    prop_assert!(l.words.iter().all(|w| !w.text.is_empty() && !w.text.chars().any(char::is_whitespace)));
                    prop_assert!(l.words.iter().all(|w| w.x0.is_finite() && w.x1 >= w.x0));
                }
            }
            Err(e) => {
                prop_assert!(!matches!(e.kind, ReadErrorKind::Panic(_) | ReadErrorKind::Timeout(_)), "{}", e);
            }
        }
    }
}
