//! Property tests of reconciling and diffing: the ledger does not depend on
//! the order files are given in, and a diff is empty against itself and
//! mirrors when its months swap.

use modledger::diff::{diff, LedgerTables};
use modledger::ledger::Ledger;
use modledger::model::{ChangeClass, ChangeKind, Month, Part};
use modledger::pipeline::{collect_inputs, ingest, Limits};
use modledger::reconcile::build_reports;
use modledger::write::ledger_files;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Every fixture file read once (text and PDF, the split month and the duplicate reading).
static PARTS: LazyLock<Vec<Part>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = [root.join("fixtures/text"), root.join("fixtures/pdf")];
    let files: Vec<PathBuf> = collect_inputs(&inputs).expect("fixture inputs");
    files
        .iter()
        .filter_map(|f| ingest(f, Limits::default()).ok())
        .collect()
});

fn ledger_bytes(parts: Vec<Part>) -> Vec<(&'static str, Vec<u8>)> {
    let mut orphans = Vec::new();
    let reports = build_reports(parts, &mut orphans);
    ledger_files(&Ledger::build(reports, &orphans)).files
}

static BASELINE: LazyLock<Vec<(&'static str, Vec<u8>)>> =
    LazyLock::new(|| ledger_bytes(PARTS.clone()));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn reconciling_does_not_depend_on_file_order(parts in Just(PARTS.clone()).prop_shuffle()) {
        prop_assert!(PARTS.len() >= 6);
        let got = ledger_bytes(parts);
        for ((name, want), (_, have)) in BASELINE.iter().zip(got.iter()) {
            prop_assert!(want == have, "{} differs when files come in another order", name);
        }
    }
}

/// A history row: month, number, and five small-alphabet values so that months collide.
fn history_row() -> impl Strategy<Value = (u8, u16, [u8; 5])> {
    (0u8..3, 1u16..12, prop::array::uniform5(0u8..3))
}

fn assessment_row() -> impl Strategy<Value = (u8, u16, bool, bool, [u8; 5])> {
    (
        0u8..3,
        1u16..12,
        any::<bool>(),
        any::<bool>(),
        prop::array::uniform5(0u8..3),
    )
}

fn tables(h: &[(u8, u16, [u8; 5])], a: &[(u8, u16, bool, bool, [u8; 5])]) -> LedgerTables {
    let mut hist = String::from("month,number,ref,title,stage,status,dcc_status,dcc_date\n");
    for (m, n, v) in h {
        hist.push_str(&format!(
            "2020-0{},{n},MP{n:03},title {},{},{},dcc{},{}\n",
            m + 1,
            v[0],
            ["define", "refine", "opine", "closed"][usize::from(v[1] % 4)],
            ["raised", "working group", "approved"][usize::from(v[2] % 3)],
            v[3],
            if v[0] == 0 {
                String::new()
            } else {
                format!("2020-0{}-1{}", v[0] % 9 + 1, v[1] % 9)
            }
        ));
    }
    let mut ass = String::from(
        "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note\n",
    );
    for (m, n, ia, app, v) in a {
        let date = |x: u8| {
            if x == 0 {
                String::new()
            } else {
                format!("2020-0{x}-15")
            }
        };
        ass.push_str(&format!(
            "2020-0{}-05,{n},MP{n:03},{},{},,{},{},{},{},{},\n",
            m + 1,
            if *ia { "IA" } else { "PA" },
            if *app { "appendix" } else { "report" },
            date(v[0]),
            date(v[1]),
            date(v[2]),
            v[3],
            v[4]
        ));
    }
    LedgerTables::from_csv(
        hist.as_bytes(),
        Path::new("history.csv"),
        ass.as_bytes(),
        Path::new("assessments.csv"),
    )
    .expect("generated tables read")
}

proptest! {
    #[test]
    fn a_month_against_itself_is_empty(
        h in prop::collection::vec(history_row(), 0..40),
        a in prop::collection::vec(assessment_row(), 0..40),
        m in 0u8..3,
    ) {
        let t = tables(&h, &a);
        let month: Month = format!("2020-0{}", m + 1).parse().expect("a month");
        prop_assert!(diff(&t, month, month).is_empty());
    }

    #[test]
    fn swapping_months_mirrors_the_diff(
        h in prop::collection::vec(history_row(), 0..40),
        a in prop::collection::vec(assessment_row(), 0..40),
    ) {
        let t = tables(&h, &a);
        let (jan, feb): (Month, Month) = ("2020-01".parse().expect("a month"), "2020-02".parse().expect("a month"));
        let forward = diff(&t, jan, feb);
        let backward = diff(&t, feb, jan);
        let count = |d: &[modledger::model::Change], k: ChangeClass| d.iter().filter(|c| c.change == k).count();
        prop_assert_eq!(count(&forward, ChangeClass::Added), count(&backward, ChangeClass::Removed));
        prop_assert_eq!(count(&forward, ChangeClass::Removed), count(&backward, ChangeClass::Added));
        type Moved = (String, String, String, String, ChangeKind, Option<i64>);
        let mut f: Vec<Moved> = forward
            .iter()
            .filter(|c| c.change == ChangeClass::Changed)
            .map(|c| (c.number.clone(), c.field.clone(), c.before.clone(), c.after.clone(), c.kind, c.days))
            .collect();
        let mut b: Vec<Moved> = backward
            .iter()
            .filter(|c| c.change == ChangeClass::Changed)
            .map(|c| (c.number.clone(), c.field.clone(), c.after.clone(), c.before.clone(), mirror(c.kind), c.days.map(|d| -d)))
            .collect();
        f.sort();
        b.sort();
        prop_assert_eq!(f, b);
        // sorted by number, then field
        let keys: Vec<(u64, String)> = forward
            .iter()
            .map(|c| (c.number.parse::<u64>().unwrap_or(u64::MAX), c.field.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
    }
}

/// The kind the same change has when the months are swapped.
fn mirror(kind: ChangeKind) -> ChangeKind {
    use ChangeKind::*;
    match kind {
        Added => Removed,
        Removed => Added,
        Advanced => Reversed,
        Reversed => Advanced,
        Slipped => BroughtForward,
        BroughtForward => Slipped,
        Later => Earlier,
        Earlier => Later,
        Increased => Decreased,
        Decreased => Increased,
        Set => Cleared,
        Cleared => Set,
        FirstReported => NotReported,
        NotReported => FirstReported,
        // (the generated references are all MPs, so none is `converted`)
        k => k,
    }
}
