//! What an analyst runs after `convert`: `diff --format markdown` (the
//! changes for a person, snapshot-tested), `show REF` (one proposal's
//! story as text, CSV and JSON, snapshot-tested), and the command line's
//! small courtesies: months given later first, a closed pipe, `--help`
//! examples, shell completions.

mod common;

use common::{convert_clean, run};
use std::io::Read;
use std::process::{Command, Stdio};

/// The fixture archive's text months (April to June 2021), converted.
fn text_ledger() -> tempfile::TempDir {
    convert_clean(&["fixtures/text"])
}

/// stdout of a run that must succeed.
fn ok_stdout(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn diff_markdown_tells_the_changes_grouped_for_people() {
    let dir = text_ledger();
    let d = dir.path().to_str().unwrap();
    let md = ok_stdout(&[
        "diff", "--ledger", d, "2021-05", "2021-06", "--format", "markdown",
    ]);
    insta::assert_snapshot!("diff_2021-05_2021-06.md", md);
}

#[test]
fn both_diff_forms_put_the_earlier_month_first_whatever_the_order_given() {
    let dir = text_ledger();
    let d = dir.path().to_str().unwrap();
    for format in ["csv", "markdown"] {
        let forward = run(&[
            "diff", "--ledger", d, "2021-05", "2021-06", "--format", format,
        ]);
        let backward = run(&[
            "diff", "--ledger", d, "2021-06", "2021-05", "--format", format,
        ]);
        assert_eq!(backward.status.code(), Some(0));
        assert_eq!(forward.stdout, backward.stdout, "{format}: same changes");
        let said = String::from_utf8_lossy(&backward.stderr);
        assert!(
            said.contains("comparing 2021-05 (before) with 2021-06 (after)"),
            "{said}"
        );
        assert!(
            String::from_utf8_lossy(&forward.stderr)
                .contains("2021-05 (before) to 2021-06 (after)"),
            "the summary names before and after"
        );
    }
    let csv = ok_stdout(&["diff", "--ledger", d, "2021-06", "2021-05"]);
    assert!(
        csv.contains("124,MP124,IA.appendix.target,2021-04-19,2021-06-21,changed,"),
        "before is the earlier month: {csv}"
    );
}

#[test]
fn show_tells_one_proposals_story_in_any_form_of_its_reference() {
    let dir = convert_clean(&["fixtures/text", "fixtures/pdf", "fixtures/other-producers"]);
    let d = dir.path().to_str().unwrap();
    let text = ok_stdout(&["show", "MP133", "--ledger", d]);
    insta::assert_snapshot!("show_133.txt", text);
    for form in ["133", "DP133", "dp133"] {
        assert_eq!(ok_stdout(&["show", form, "--ledger", d]), text, "{form}");
    }
    insta::assert_snapshot!(
        "show_133.csv",
        ok_stdout(&["show", "133", "--ledger", d, "--format", "csv"])
    );
    let json = ok_stdout(&["show", "124", "--ledger", d, "--format", "json"]);
    insta::assert_snapshot!("show_124.json", json);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["number"], "124");
    assert_eq!(v["slips"][0]["days_slipped"], 63);
    assert_eq!(v["history"][0]["month"], "2021-04");
}

#[test]
fn show_of_a_proposal_the_ledger_never_names_is_a_usage_error() {
    let dir = text_ledger();
    let o = run(&["show", "MP999", "--ledger", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("names no proposal 999"), "{err}");
    let o = run(&["show", "hello", "--ledger", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a reference"));
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly_with_status_0() {
    let dir = text_ledger();
    let d = dir.path().to_str().unwrap();
    for args in [
        vec!["diff", "--ledger", d, "2021-04", "2021-06"],
        vec!["show", "124", "--ledger", d],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_modledger"))
            .current_dir(common::root())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // read one byte, then close the pipe, as `| head -c1` does
        let mut stdout = child.stdout.take().expect("stdout");
        let mut one = [0u8; 1];
        stdout.read_exact(&mut one).expect("a byte");
        drop(stdout);
        let o = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("Broken pipe") && !err.contains("cannot write"),
            "{err}"
        );
    }
}

#[test]
fn every_commands_help_shows_a_worked_example() {
    for cmd in ["convert", "diff", "show", "completions"] {
        let help = ok_stdout(&[cmd, "--help"]);
        assert!(
            help.contains("Example:") && help.contains(&format!("modledger {cmd} ")),
            "{cmd} --help: {help}"
        );
    }
}

#[test]
fn completions_are_written_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ok_stdout(&["completions", shell]);
        assert!(script.contains("modledger"), "{shell}");
        assert!(
            script.contains("convert") && script.contains("show"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}
