//! `docs/ledger.md` lists every value the code can write: each
//! `<!-- vocabulary: NAME -->` block's items, in order, are the type's
//! values (and say what the code says about them: a status's rank, a
//! code's severity and advice, a stage's colour); the README links there
//! and to nothing outside the repository.

mod common;

use modledger::diff::people::Group;
use modledger::model::{
    AssessmentSource, AssessmentType, ChangeClass, ChangeKind, Code, DccAssessmentStatus,
    EventKind, List, Section, Severity, Stage, Status, TimescaleTable,
};
use modledger::write::palette::stage_fill;
use std::collections::BTreeMap;

/// Each vocabulary block of the document: its name → its item lines.
fn blocks(doc: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in doc.lines() {
        let t = line.trim();
        if let Some(name) = t
            .strip_prefix("<!-- vocabulary: ")
            .and_then(|r| r.strip_suffix(" -->"))
        {
            current = Some((name.to_string(), Vec::new()));
        } else if t == "<!-- end -->" {
            let (name, items) = current.take().expect("an end closes a block");
            assert!(out.insert(name.clone(), items).is_none(), "{name} twice");
        } else if let Some((_, items)) = current.as_mut() {
            if let Some(item) = t.strip_prefix("- ") {
                items.push(item.to_string());
            }
        }
    }
    assert!(current.is_none(), "a block is not closed");
    out
}

/// The first `backticked` value of an item line.
fn value(item: &str) -> &str {
    item.strip_prefix('`')
        .and_then(|r| r.split('`').next())
        .unwrap_or_else(|| panic!("{item:?} does not start with a `value`"))
}

/// The values a block lists, in order.
fn values(items: &[String]) -> Vec<&str> {
    items.iter().map(|i| value(i)).collect()
}

fn doc() -> BTreeMap<String, Vec<String>> {
    let text =
        std::fs::read_to_string(common::root().join("docs/ledger.md")).expect("docs/ledger.md");
    blocks(&text)
}

#[test]
fn every_vocabulary_is_listed_in_the_codes_order() {
    let b = doc();
    let want: Vec<(&str, Vec<String>)> = vec![
        (
            "stage",
            Stage::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        ),
        (
            "stage colours",
            Stage::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        ),
        (
            "status",
            Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        ),
        (
            "dcc assessment status",
            DccAssessmentStatus::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "assessment type",
            AssessmentType::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "assessment source",
            AssessmentSource::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "section",
            Section::ALL.iter().map(|s| s.slug().to_string()).collect(),
        ),
        (
            "list",
            List::named().iter().map(|l| l.slug().to_string()).collect(),
        ),
        (
            "event",
            EventKind::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "timescale table",
            TimescaleTable::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "severity",
            Severity::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "code",
            Code::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        ),
        (
            "change",
            ChangeClass::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "change kind",
            ChangeKind::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        ),
        (
            "diff group",
            Group::ALL.iter().map(|g| g.heading().to_string()).collect(),
        ),
    ];
    let names: Vec<&str> = want.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        b.keys()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>(),
        names.iter().copied().collect(),
        "the document's vocabulary blocks"
    );
    for (name, values_wanted) in &want {
        assert_eq!(values(&b[*name]), *values_wanted, "docs/ledger.md: {name}");
    }
}

#[test]
fn statuses_say_their_rank_and_codes_their_severity_and_advice() {
    let b = doc();
    for (item, s) in b["status"].iter().zip(Status::ALL) {
        assert!(item.contains(&format!("(rank {})", s.rank())), "{item}");
    }
    for (item, c) in b["code"].iter().zip(Code::ALL) {
        assert!(
            item.contains(&format!("`{}` ({})", c.as_str(), c.severity())),
            "{item}"
        );
        assert!(
            item.ends_with(&format!("What to do: {}", c.advice())),
            "{item}\nwants: {}",
            c.advice()
        );
    }
    for (item, s) in b["stage colours"].iter().zip(Stage::ALL) {
        assert!(item.contains(&format!(": {} (", stage_fill(s))), "{item}");
    }
    for (item, s) in b["stage"].iter().zip(Stage::ALL) {
        assert!(
            !item.trim_start_matches(&format!("`{s}`: ")).is_empty(),
            "{item}"
        );
    }
}

#[test]
fn each_diff_group_lists_the_kinds_it_holds() {
    let b = doc();
    for (item, g) in b["diff group"].iter().zip(Group::ALL) {
        let listed: Vec<&str> = item.split('`').skip(3).step_by(2).collect();
        let held: Vec<&str> = ChangeKind::ALL
            .into_iter()
            .filter(|k| Group::of(*k) == g)
            .map(ChangeKind::as_str)
            .collect();
        if g == Group::Other {
            assert!(item.contains("every other kind"), "{item}");
        } else {
            assert_eq!(listed, held, "{item}");
        }
    }
}

#[test]
fn the_readme_links_the_ledger_doc_and_nothing_outside_the_repository() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    assert!(
        readme.contains("(docs/ledger.md)"),
        "README links docs/ledger.md"
    );
    for outside in ["](../", "../shared/spec", "RULES.md", "pdf-notes"] {
        assert!(!readme.contains(outside), "README names {outside}");
    }
    assert!(readme.contains("cargo install --path ."));
}
