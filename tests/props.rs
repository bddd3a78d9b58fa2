//! Property tests: free-form input through the whole text path never panics,
//! and reference normalisation is idempotent.

use modledger::ledger::Ledger;
use modledger::model::{Family, Reference};
use modledger::normalise::ids::parse_ref;
use modledger::parse::parse_document;
use modledger::read::text::read_text;
use modledger::reconcile::build_reports;
use modledger::write::ledger_files;
use proptest::prelude::*;

/// Bytes through the whole text path: read, parse (twice, as two files of one
/// month), reconcile and build every CSV; the CSVs must be valid and their rows
/// as wide as their headers.
fn whole_text_path(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(doc) = read_text("2021-04_p.txt", bytes) else {
        return Ok(());
    };
    let part = parse_document(&doc);
    let mut copy = part.clone();
    copy.source = "2021-04_q.txt".into();
    let mut orphans = Vec::new();
    let reports = build_reports(vec![part, copy], &mut orphans);
    for (name, csv) in ledger_files(&Ledger::build(reports, &orphans)).files {
        let mut rdr = csv::ReaderBuilder::new().from_reader(csv.as_slice());
        let width = rdr.headers().map(|h| h.len()).unwrap_or(0);
        for r in rdr.records() {
            let r = r.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            prop_assert_eq!(r.len(), width, "{}", name);
        }
    }
    Ok(())
}

/// Text that looks a little like a report, so the parsers go deep.
fn reportish() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just(" 1. Summary\n".to_string()),
            Just("3. Refine\n".to_string()),
            Just("Working Group meetings\n".to_string()),
            Just("Open Assessments\n".to_string()),
            Just("3 DCC Assessment Delivery Dates\n".to_string()),
            Just("Modifications — No further assessment required by DCC\n".to_string()),
            Just("e SECMPO053 ‘Amend Target".to_string()),
            Just("’ was raised by the X on 10\n".to_string()),
            Just("0024 Title PA in progress | 05/07/2019 N/A ".to_string()),
            Just("SECMP0007 1A 30 Jul 19 40 WD 45 WD\n".to_string()),
            Just("Preliminary Assessments open 2 84 WD\n".to_string()),
            "[ -~‘’“”—\n\x0c]{0,40}",
        ],
        0..60,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(doc) = read_text("p.txt", &bytes) {
            let _ = parse_document(&doc);
        }
    }

    #[test]
    fn reportish_text_parses_without_panic(text in reportish()) {
        if let Ok(doc) = read_text("p.txt", text.as_bytes()) {
            let part = parse_document(&doc);
            for o in &part.observations {
                prop_assert!(o.page >= 1 && o.line >= 1);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_go_through_the_whole_text_path(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        whole_text_path(&bytes)?;
    }

    #[test]
    fn reportish_text_goes_through_the_whole_text_path(text in reportish()) {
        whole_text_path(text.as_bytes())?;
    }

    #[test]
    fn arbitrary_unicode_goes_through_the_whole_text_path(text in "(?s).{0,2000}") {
        whole_text_path(text.as_bytes())?;
    }

    #[test]
    fn canonical_refs_parse_back_to_themselves(number in 1u32..999, split in prop::option::of(prop::sample::select(vec!['A', 'B'])), dp in any::<bool>()) {
        let id = modledger::model::ProposalId { number, split };
        let fam = if dp { Family::Dp } else { Family::Mp };
        let once = Reference::new(id, fam).to_string();
        let read = parse_ref(&once).expect("a canonical ref parses");
        prop_assert_eq!(read.id, id);
        prop_assert_eq!(read.to_string(), once.clone());
        // and a person's typing of it reads the same
        prop_assert_eq!(once.parse::<Reference>().map(|r| r.to_string()), Ok(once));
    }
}
