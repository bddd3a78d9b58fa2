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

/// Runs modledger under umask 022 from `cwd`.
fn run_with_umask(cwd: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .current_dir(cwd)
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_modledger"))
        .args(args)
        .output()
        .expect("run modledger")
}

#[cfg(unix)]
#[test]
fn files_are_written_with_the_usual_permissions_also_in_place() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = common::root().join("fixtures/text/2021-06_report.txt");
    let input = input.to_str().unwrap();
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for (cwd, out) in [(tmp.path(), "ledger"), (here.as_path(), ".")] {
        for _ in 0..2 {
            // the second run replaces the files (in place for `--out .`)
            let o = run_with_umask(cwd, &["convert", "-q", input, "--out", out]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        for e in std::fs::read_dir(cwd.join(out)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                assert_eq!(mode(&p), 0o644, "{}", p.display());
            }
        }
    }
    let o = run_with_umask(
        tmp.path(),
        &[
            "diff",
            "--ledger",
            "ledger",
            "2021-06",
            "2021-06",
            "--out",
            "changes/changes.csv",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(mode(&tmp.path().join("changes/changes.csv")), 0o644);
}

#[test]
fn an_office_lock_file_beside_an_open_ledger_file_does_not_block_the_next_run() {
    let dir = text_ledger();
    for lock in [
        ".~lock.ledger.xlsx#",
        "~$ledger.xlsx",
        ".~lock.history.csv#",
    ] {
        std::fs::write(dir.path().join(lock), "someone,host,2021-06-04\n").unwrap();
    }
    let o = run(&[
        "convert",
        "-q",
        "fixtures/text",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(dir.path().join("ledger.xlsx").is_file());
    // a file of the user's own is still refused
    std::fs::write(dir.path().join("my notes.txt"), "mine\n").unwrap();
    let o = run(&[
        "convert",
        "-q",
        "fixtures/text",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn max_size_takes_a_size_with_a_suffix() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("l");
    let out = out.to_str().unwrap();
    let report = "fixtures/text/2021-06_report.txt";
    let o = run(&["convert", "-q", report, "--out", out, "--max-size", "64M"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["convert", "-q", report, "--out", out, "--max-size", "1K"]);
    assert_eq!(o.status.code(), Some(1), "a 1 KiB limit refuses the report");
    assert!(String::from_utf8_lossy(&o.stderr).contains("over the limit of 1024 bytes"));
    let o = run(&["convert", "-q", report, "--out", out, "--max-size", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a size"));
}

#[test]
fn the_closing_summary_counts_months_proposals_files_pages_and_diagnostics() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("l");
    let o = run(&[
        "convert",
        "fixtures/text/2021-04_report.txt",
        "fixtures/text/2021-06_report.txt",
        "fixtures/text/Appendix_A_June_2021.txt",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    let n = lines.len();
    assert!(n >= 3, "{err}");
    let registered = common::csv_rows(&out.join("register.csv")).len();
    let observed = common::csv_rows(&out.join("observations.csv")).len();
    let diagnosed = common::csv_rows(&out.join("diagnostics.csv"));
    let severity = |s: &str| diagnosed.iter().filter(|d| d["severity"] == s).count();
    let pages: u32 = common::csv_rows(&out.join("reports.csv"))
        .iter()
        .map(|r| r["pages"].parse::<u32>().unwrap())
        .sum();
    assert_eq!(
        lines[n - 3..],
        [
            format!("modledger: 2 report(s), 2021-04 to 2021-06 (1 month(s) missing: 2021-05); {registered} proposal(s), {observed} observation(s)"),
            format!("modledger: 3 file(s), 0 unreadable, {pages} page(s) read"),
            format!(
                "modledger: diagnostics: {} repair, {} warning, {} error; ledger in {}",
                severity("repair"),
                severity("warning"),
                severity("error"),
                out.display()
            ),
        ]
    );
}

#[test]
fn a_pdf_and_its_own_text_are_said_once_and_leave_no_diagnostics() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("l");
    let o = run(&[
        "convert",
        "fixtures/pdf/2021-03_report.pdf",
        "fixtures/pdf-src/2021-03_report.txt",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains(": warning:"),
        "no warning for the expected pair: {err}"
    );
    assert!(
        err.contains("1 month(s) also read from a second file (a PDF's own text, or a copy), the better reading kept"),
        "{err}"
    );
    assert!(common::csv_rows(&out.join("diagnostics.csv")).is_empty());
    let reports = common::csv_rows(&out.join("reports.csv"));
    assert_eq!(
        reports[0]["sources"],
        "fixtures/pdf-src/2021-03_report.txt;fixtures/pdf/2021-03_report.pdf"
    );
}
