//! The story across months in the fixture archive (`fixtures/text`, April to
//! June 2021): a retitle, a Draft Proposal converted to a Modification
//! Proposal, withdrawals, a slipped DCC target date and a reference OCR
//! destroyed that another month repairs — and `modledger diff` over them.

mod common;

use common::{csv_rows as rows, run};
use std::path::Path;

/// The fixture ledger, converted once per test into a temp folder.
fn ledger() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    let o = run(&["convert", "fixtures/text", "--out", out, "-q"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir
}

/// `history.csv`'s (title, ref, stage, status) of one number in one month.
fn history(dir: &Path, month: &str, number: &str) -> Option<(String, String, String, String)> {
    rows(&dir.join("history.csv"))
        .into_iter()
        .find(|r| r["month"] == month && r["number"] == number)
        .map(|r| {
            (
                r["title"].clone(),
                r["ref"].clone(),
                r["stage"].clone(),
                r["status"].clone(),
            )
        })
}

fn diff_ledger(dir: &Path, from: &str, to: &str) -> (String, String) {
    let d = dir.to_str().expect("utf-8 path");
    let o = run(&["diff", "--ledger", d, from, to]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (
        String::from_utf8(o.stdout).expect("utf-8"),
        String::from_utf8(o.stderr).expect("utf-8"),
    )
}

#[test]
fn a_retitle_is_the_title_from_its_month_on() {
    let dir = ledger();
    let old = "Head-End Certificate Rotation";
    let new = "Rotating Head-End Certificates Without Service Interruption";
    assert_eq!(
        history(dir.path(), "2021-04", "125").map(|h| h.0),
        Some(old.into())
    );
    assert_eq!(
        history(dir.path(), "2021-05", "125").map(|h| h.0),
        Some(old.into())
    );
    assert_eq!(
        history(dir.path(), "2021-06", "125").map(|h| h.0),
        Some(new.into())
    );
    let reg = rows(&dir.path().join("register.csv"));
    let r125 = reg
        .iter()
        .find(|r| r["number"] == "125")
        .expect("125 registered");
    assert_eq!(r125["title"], new);
    let (changes, _) = diff_ledger(dir.path(), "2021-05", "2021-06");
    assert!(
        changes.contains(&format!(
            "125,MP125,title,{old},{new},changed,{new},retitled,\n"
        )),
        "{changes}"
    );
}

#[test]
fn a_draft_proposal_and_the_modification_it_became_are_one_proposal() {
    let dir = ledger();
    let may = history(dir.path(), "2021-05", "133").expect("133 in May");
    let june = history(dir.path(), "2021-06", "133").expect("133 in June");
    assert_eq!((may.1.as_str(), may.2.as_str()), ("DP133", "define"));
    assert_eq!((june.1.as_str(), june.2.as_str()), ("MP133", "refine"));
    let reg = rows(&dir.path().join("register.csv"));
    let r = reg.iter().find(|r| r["number"] == "133").expect("133");
    assert_eq!(
        (
            r["ref"].as_str(),
            r["proposer"].as_str(),
            r["raised"].as_str(),
            r["first_month"].as_str(),
            r["last_month"].as_str()
        ),
        (
            "MP133",
            "Example Energy Co",
            "2021-04-12",
            "2021-05",
            "2021-06"
        )
    );
    let (changes, _) = diff_ledger(dir.path(), "2021-05", "2021-06");
    assert!(
        changes.contains(
            "133,MP133,ref,DP133,MP133,changed,Installer Identity Checks at First Visit,converted,\n"
        ),
        "{changes}"
    );
    assert!(
        changes.contains(
            "133,MP133,stage,define,refine,changed,Installer Identity Checks at First Visit,advanced,\n"
        ),
        "{changes}"
    );
}

#[test]
fn withdrawn_proposals_are_closed() {
    let dir = ledger();
    let june = history(dir.path(), "2021-06", "126").expect("126 in June");
    assert_eq!((june.2.as_str(), june.3.as_str()), ("closed", "withdrawn"));
    let may = history(dir.path(), "2021-05", "130").expect("DP130 in May");
    assert_eq!(
        (may.1.as_str(), may.2.as_str(), may.3.as_str()),
        ("DP130", "closed", "withdrawn")
    );
}

#[test]
fn a_slipped_target_is_a_changed_row_and_counted() {
    let dir = ledger();
    let (changes, summary) = diff_ledger(dir.path(), "2021-05", "2021-06");
    let title = "Consumer Device Pairing Windows for Multi-Occupancy Buildings and Shared Premises";
    assert!(
        changes.contains(&format!(
            "124,MP124,IA.appendix.target,2021-04-19,2021-06-21,changed,{title},slipped,63\n"
        )),
        "{changes}"
    );
    assert!(
        summary.contains("1 DCC target date(s) slipped"),
        "{summary}"
    );
}

#[test]
fn a_reference_destroyed_in_one_month_is_repaired_from_another() {
    let dir = ledger();
    let obs = rows(&dir.path().join("observations.csv"));
    let o = obs
        .iter()
        .find(|o| o["report"] == "2021-06-04" && o["raw_ref"] == "O")
        .expect("the June appendix row with reference 'O'");
    assert_eq!((o["number"].as_str(), o["ref"].as_str()), ("116", "MP116"));
    let diags = rows(&dir.path().join("diagnostics.csv"));
    let d = diags
        .iter()
        .find(|d| d["code"] == "ref_repaired" && d["text"] == "O" && d["report"] == "2021-06-04")
        .expect("a repair row");
    assert_eq!(d["source"], "fixtures/text/Appendix_A_June_2021.txt");
    assert_eq!((d["page"].as_str(), d["line"].as_str()), ("3", "42"));
    assert!(d["message"].contains("2021-04"), "{}", d["message"]);
    assert!(!diags.iter().any(|d| d["code"] == "ref_unread"));
}

#[test]
fn every_month_diffed_with_itself_is_empty() {
    let dir = ledger();
    for m in ["2021-04", "2021-05", "2021-06"] {
        let (changes, summary) = diff_ledger(dir.path(), m, m);
        assert_eq!(
            changes,
            "number,ref,field,before,after,change,title,kind,days\n"
        );
        assert!(
            summary.contains("0 proposal(s) added, 0 removed"),
            "{summary}"
        );
    }
}

#[test]
fn diff_of_report_files_equals_diff_of_their_ledger() {
    let dir = ledger();
    // May and June from their files (June's appendix is a file of its own)
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("changes.csv");
    let o = run(&[
        "diff",
        "fixtures/text/2021-05_report_ocr.txt",
        "fixtures/text/2021-06_report.txt",
        "fixtures/text/Appendix_A_June_2021.txt",
        "--out",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
    let from_files = std::fs::read_to_string(&file).expect("changes.csv");
    let (from_ledger, _) = diff_ledger(dir.path(), "2021-05", "2021-06");
    // titles are voted over the months given, so the title column and the
    // title rows are left out of the comparison
    let keep = |s: &str| -> Vec<Vec<String>> {
        csv::Reader::from_reader(s.as_bytes())
            .records()
            .map(|r| r.expect("row"))
            .filter(|r| &r[2] != "title")
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != 6)
                    .map(|(_, v)| v.to_string())
                    .collect()
            })
            .collect()
    };
    assert_eq!(keep(&from_files), keep(&from_ledger));
    assert!(from_files.lines().count() > 10, "{from_files}");
}

#[test]
fn diff_refuses_what_it_cannot_compare() {
    let dir = ledger();
    let d = dir.path().to_str().expect("utf-8");
    for (args, says) in [
        (vec!["diff", "--ledger", d, "2021-05"], "takes two months"),
        (
            vec!["diff", "--ledger", d, "May", "2021-06"],
            "is not a month",
        ),
        (
            vec!["diff", "--ledger", d, "2021-05", "2022-01"],
            "has no month 2022-01",
        ),
        (
            vec!["diff", "fixtures/text/2021-05_report_ocr.txt"],
            "exactly two months",
        ),
        (
            vec!["diff", "--ledger", "fixtures", "2021-05", "2021-06"],
            "history.csv",
        ),
    ] {
        let o = run(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn diff_out_makes_its_folder_and_refuses_an_unwritable_place() {
    let dir = ledger();
    let d = dir.path().to_str().expect("utf-8");
    let target = tempfile::tempdir().expect("temp dir");
    let file = target.path().join("new/folder/changes.csv");
    let o = run(&[
        "diff",
        "--ledger",
        d,
        "2021-05",
        "2021-06",
        "--out",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&file).expect("changes.csv written");
    assert!(text.starts_with("number,ref,field,before,after,change,title,kind,days\n"));
    // a path below a regular file cannot be written: exit 2, nothing on stdout
    let blocker = target.path().join("plain.txt");
    std::fs::write(&blocker, "x").expect("write");
    let below = blocker.join("changes.csv");
    let o = run(&[
        "diff",
        "--ledger",
        d,
        "2021-05",
        "2021-06",
        "--out",
        below.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write"));
    assert!(o.stdout.is_empty());
}
