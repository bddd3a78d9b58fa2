//! A row of an appendix status table that OCR printed without its reference
//! (the first column cropped or faded) is a row of its own, named from
//! another month's title, not more of the title of the row above it.
//!
//! Each case is the fixture archive's text months with references cut out
//! of one report at test time (the May OCR report's status and delivery
//! tables, April's delivery table), converted by the binary and compared,
//! file by file, with the untouched archive's ledger.

mod common;

use common::{convert_clean, csv_rows, read, root};
use std::collections::BTreeMap;
use std::path::Path;

const MAY: &str = "2021-05_report_ocr.txt";

const APRIL: &str = "2021-04_report.txt";

/// The fixture text months copied into `dir`, the report `file` with `edit` applied.
fn archive_with(dir: &Path, file: &str, edit: impl Fn(&str) -> String) {
    for entry in std::fs::read_dir(root().join("fixtures/text")).expect("fixtures/text") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let text = read(&path);
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.join(name), text).expect("write a fixture copy");
    }
}

/// `text` with `from` replaced once, which must be there.
fn cut(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture no longer holds {from:?}");
    text.replacen(from, to, 1)
}

/// A ledger's rows of `file` with the sources' folders dropped (the two
/// archives sit in different folders) and `blank` columns emptied.
fn rows(ledger: &Path, file: &str, blank: &[&str]) -> Vec<BTreeMap<String, String>> {
    csv_rows(&ledger.join(file))
        .into_iter()
        .map(|mut r| {
            for (k, v) in r.iter_mut() {
                if k == "source" || k == "sources" {
                    *v = v.rsplit('/').next().unwrap_or_default().to_string();
                }
                if blank.contains(&k.as_str()) {
                    v.clear();
                }
            }
            r
        })
        .collect()
}

/// Converts the archive with May's references cut by `edit`.
fn convert_cut(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, tempfile::TempDir) {
    convert_cut_in(MAY, edit)
}

/// Converts the archive with the references of `file` cut by `edit`.
fn convert_cut_in(
    file: &str,
    edit: impl Fn(&str) -> String,
) -> (tempfile::TempDir, tempfile::TempDir) {
    let inputs = tempfile::tempdir().expect("temp dir");
    archive_with(inputs.path(), file, edit);
    let ledger = convert_clean(&[inputs.path().to_str().expect("utf-8")]);
    (inputs, ledger)
}

#[test]
fn rows_printed_without_their_reference_are_rows_named_from_other_months() {
    let clean = convert_clean(&["fixtures/text"]);
    // 0116 loses its reference; 0118 too, with a ruling's speck left before its title
    let (_inputs, cut) = convert_cut(|t| {
        let t = cut(
            t,
            "0116 Emergency Credit Display Fix",
            "Emergency Credit Display Fix",
        );
        cut(
            &t,
            "0118 Smart Thermostat Messaging Extensions",
            "| Smart Thermostat Messaging Extensions",
        )
    });
    let (clean, cut) = (clean.path(), cut.path());

    // every row is the one the clean archive gives, but for what was printed
    let mut want = rows(clean, "observations.csv", &[]);
    for r in want.iter_mut() {
        if r["report"] == "2021-05-06"
            && r["list"] == "no_further_assessment"
            && ["116", "118"].contains(&r["number"].as_str())
        {
            r.insert("raw_ref".into(), String::new());
        }
    }
    assert_eq!(rows(cut, "observations.csv", &[]), want);
    for file in [
        "history.csv",
        "register.csv",
        "assessments.csv",
        "events.csv",
    ] {
        assert_eq!(rows(cut, file, &[]), rows(clean, file, &[]), "{file}");
    }

    // each repair is said, where the row is (no reference printed: no `text`)
    let said: Vec<(String, String, String)> = rows(cut, "diagnostics.csv", &[])
        .into_iter()
        .filter(|r| r["source"] == MAY && r["code"].starts_with("ref_") && r["text"].is_empty())
        .map(|r| (r["line"].clone(), r["code"].clone(), r["message"].clone()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "227",
                "a row printed without its reference read as MP116 because its title matches 116 in the 2021-04 report"
            ),
            (
                "228",
                "a row printed without its reference read as MP118 because its title matches 118 in the 2021-04 report"
            ),
        ]
        .map(|(line, message)| (line.to_string(), "ref_repaired".to_string(), message.to_string()))
    );
}

#[test]
fn a_row_without_its_reference_no_month_names_stays_a_row_and_is_warned_of() {
    let (_inputs, cut) = convert_cut(|t| {
        cut(
            t,
            "0116 Emergency Credit Display Fix",
            "Emergency Credit Display Fixes for Pilots",
        )
    });
    let may: Vec<_> = rows(cut.path(), "observations.csv", &[])
        .into_iter()
        .filter(|r| r["report"] == "2021-05-06" && r["list"] == "no_further_assessment")
        .map(|r| (r["number"].clone(), r["title"].clone(), r["line"].clone()))
        .collect();
    let row = |n: &str, t: &str, l: &str| (n.to_string(), t.to_string(), l.to_string());
    assert_eq!(
        may,
        [
            row("41", "Tariff Block Rounding Rules", "226"),
            row("", "Emergency Credit Display Fixes for Pilots", "227"),
            row("118", "Smart Thermostat Messaging Extensions", "228"),
        ]
    );
    let warned: Vec<_> = rows(cut.path(), "diagnostics.csv", &[])
        .into_iter()
        .filter(|r| r["source"] == MAY && r["code"] == "ref_unread")
        .map(|r| (r["line"].clone(), r["message"].clone()))
        .collect();
    assert_eq!(
        warned,
        [(
            "227".to_string(),
            "a row was printed without its reference and no title or dates in this report identify it; number left empty".to_string()
        )]
    );
}

/// The numbers of a report's delivery-table rows, in order.
fn delivery_numbers(ledger: &Path, report: &str) -> Vec<String> {
    rows(ledger, "observations.csv", &[])
        .into_iter()
        .filter(|r| r["report"] == report && r["list"] == "delivery_dates")
        .map(|r| r["number"].clone())
        .collect()
}

/// A report's file, its date, and the lines cut in it (`from` → `to`).
type CutRows<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

#[test]
fn delivery_rows_printed_without_their_reference_keep_their_dates() {
    let clean = convert_clean(&["fixtures/text"]);
    let clean = clean.path();
    // April's rows stand on one line each; May's titles wrap above and below
    // their references; each cut row is named from another month's title
    let cases: [CutRows; 3] = [
        (
            APRIL,
            "2021-04-07",
            &[
                ("0125 Head-End", "Head-End"),
                ("0122 Secure Firmware", "| Secure Firmware"),
            ],
        ),
        (MAY, "2021-05-06", &[("0124 Windows", "Windows")]),
        (MAY, "2021-05-06", &[("0122 Controls", "Controls")]),
    ];
    for (file, report, cuts) in cases {
        let (_inputs, cut_ledger) = convert_cut_in(file, |t| {
            cuts.iter().fold(t.to_string(), |t, (from, to)| {
                assert!(t.lines().any(|l| l.starts_with(from)), "{from:?}");
                t.replacen(&format!("\n{from}"), &format!("\n{to}"), 1)
            })
        });
        let cut_ledger = cut_ledger.path();
        for file in ["assessments.csv", "history.csv", "register.csv"] {
            assert_eq!(
                rows(cut_ledger, file, &[]),
                rows(clean, file, &[]),
                "{cuts:?}: {file}"
            );
        }
        assert_eq!(
            delivery_numbers(cut_ledger, report),
            delivery_numbers(clean, report),
            "{cuts:?}"
        );
    }
}
