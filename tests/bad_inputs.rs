//! Issue #5, "no input can crash it": the built binary over every bad input in
//! `fixtures/bad/` (made by `cargo run --example make_bad_inputs` and
//! `make_fixture_pdfs`) and over cases made at test time (symbolic-link loops, a
//! file without read permission, a 100 MB line, `/dev/zero`, output folders that
//! cannot be written). Each bad input runs beside a good report; every run must
//! name the bad file on stderr, give it a diagnostics row, exit with the
//! contract's status, convert the good report as if alone, and never panic.

mod common;

use common::{csv_rows, root, stderr};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Instant;

const GOOD: &str = "fixtures/text/2021-04_report.txt";

/// Runs `modledger ARGS` from the crate root; fails the test on any panic message.
fn run(args: &[&str]) -> Output {
    let out = common::run(args);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "a panic with {args:?}:\n{err}");
    out
}

/// `convert INPUTS --out TMP EXTRA`; returns the temp folder (ledger in `ledger/`).
fn convert(inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("ledger");
    let mut args = vec!["convert"];
    args.extend_from_slice(inputs);
    let out = out.to_str().expect("utf-8 temp path").to_string();
    args.extend_from_slice(&["--out", &out]);
    args.extend_from_slice(extra);
    let output = run(&args);
    (dir, output)
}

fn ledger_file(dir: &tempfile::TempDir, name: &str) -> String {
    let p = dir.path().join("ledger").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The rows of a CSV text (header first).
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid csv").iter().map(str::to_string).collect())
        .collect()
}

/// Diagnostics rows as (source, page, line, severity, code, message), read by column name.
fn diagnostics(dir: &tempfile::TempDir) -> Vec<[String; 6]> {
    csv_rows(&dir.path().join("ledger/diagnostics.csv"))
        .into_iter()
        .map(|r| ["source", "page", "line", "severity", "code", "message"].map(|c| r[c].clone()))
        .collect()
}

/// The lines of `name` that belong to the report dated `report` (first column).
fn report_rows(text: &str, report: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{report},")))
        .map(str::to_string)
        .collect()
}

/// The observations of the good April report when converted alone.
fn april_alone() -> Vec<String> {
    let (dir, out) = convert(&[GOOD], &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = report_rows(&ledger_file(&dir, "observations.csv"), "2021-04-07");
    assert!(
        rows.len() > 30,
        "April alone gives {} observations",
        rows.len()
    );
    rows
}

/// The good report's rows are all there, exactly as when it is converted alone.
fn assert_good_report_converted(dir: &tempfile::TempDir, alone: &[String], what: &str) {
    let got = report_rows(&ledger_file(dir, "observations.csv"), "2021-04-07");
    assert_eq!(got, alone, "{what}: the good report's observations changed");
    assert!(
        ledger_file(dir, "reports.csv").contains(&format!(",2021-04,{GOOD},")),
        "{what}: reports.csv lacks the good report"
    );
}

/// One committed bad file: what it must give.
struct Case {
    file: &'static str,
    code: &'static str,
    /// Text the stderr line must hold after `modledger: FILE: `.
    says: &'static str,
}

const UNREADABLE: &[Case] = &[
    Case {
        file: "fixtures/bad/empty.txt",
        code: "empty_file",
        says: "the file is empty",
    },
    Case {
        file: "fixtures/bad/empty.pdf",
        code: "empty_file",
        says: "the file is empty",
    },
    Case {
        file: "fixtures/bad/binary_junk.txt",
        code: "not_a_report",
        says: "not a report: binary data, not text",
    },
    Case {
        file: "fixtures/bad/recipe.txt",
        code: "not_a_report",
        says: "not a report: no report sections or appendix tables were found",
    },
    Case {
        file: "fixtures/bad/not_a_pdf.pdf",
        code: "not_a_report",
        says: "not a report: binary data, not text",
    },
    Case {
        file: "fixtures/bad/truncated.pdf",
        code: "damaged_pdf",
        says: "the PDF is damaged: failed parsing cross reference table",
    },
    Case {
        file: "fixtures/bad/broken_xref.pdf",
        code: "damaged_pdf",
        says: "the PDF is damaged: no pages (no readable document catalog",
    },
    Case {
        file: "fixtures/bad/no_pages.pdf",
        code: "damaged_pdf",
        says: "the PDF is damaged: no pages",
    },
    Case {
        file: "fixtures/bad/encrypted.pdf",
        code: "encrypted_pdf",
        says: "the PDF is encrypted",
    },
    Case {
        file: "fixtures/bad/image_only.pdf",
        code: "no_text_layer",
        says: "the PDF has no text layer",
    },
    Case {
        file: "fixtures/bad/panic_all.pdf",
        code: "pdf_library_failure",
        says: "the PDF library failed on this file: page 1: unexpected encoding",
    },
    Case {
        file: "fixtures/bad/panic_page.pdf",
        code: "not_a_report",
        says: "page 2: this page could not be read and was skipped",
    },
];

/// Asserts the one stderr line and the one `error` row that name `file`.
fn assert_reported(out: &Output, dir: &tempfile::TempDir, file: &str, code: &str, says: &str) {
    let err = stderr(out);
    let prefix = format!("modledger: {file}: ");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with(&prefix)).collect();
    assert_eq!(lines.len(), 1, "{file}: one stderr line expected:\n{err}");
    assert!(
        lines[0].contains(says),
        "{file}: stderr {:?} lacks {says:?}",
        lines[0]
    );
    let rows: Vec<_> = diagnostics(dir)
        .into_iter()
        .filter(|d| d[0] == file && d[3] == "error")
        .collect();
    assert_eq!(rows.len(), 1, "{file}: one error row expected: {rows:?}");
    assert_eq!(rows[0][4], code, "{file}: diagnostic code");
    assert!(
        rows[0][5].contains(says),
        "{file}: message {:?}",
        rows[0][5]
    );
}

#[test]
fn each_unreadable_file_beside_a_good_report() {
    let alone = april_alone();
    for case in UNREADABLE {
        let (dir, out) = convert(&[GOOD, case.file], &[]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {}",
            case.file,
            stderr(&out)
        );
        assert_reported(&out, &dir, case.file, case.code, case.says);
        assert_good_report_converted(&dir, &alone, case.file);
    }
}

/// The ledger's files that name no source file, and diagnostics without its
/// source column: what must not change when the same report comes in another form.
fn content_without_sources(dir: &tempfile::TempDir) -> Vec<(String, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for name in [
        "observations.csv",
        "assessments.csv",
        "events.csv",
        "timescales.csv",
        "diagnostics.csv",
    ] {
        let mut table = rows(&ledger_file(dir, name));
        if name == "diagnostics.csv" {
            for r in &mut table {
                r.remove(1);
            }
        }
        out.push((name.to_string(), table));
    }
    out
}

#[test]
fn other_encodings_and_line_ends_read_like_the_original() {
    let original = "fixtures/text/2021-06_report.txt";
    let (want_dir, want_out) = convert(&[GOOD, original], &["--quiet"]);
    assert_eq!(want_out.status.code(), Some(0), "{}", stderr(&want_out));
    let want = content_without_sources(&want_dir);
    assert!(
        report_rows(&ledger_file(&want_dir, "observations.csv"), "2021-06-04").len() > 10,
        "the June report gives observations"
    );
    for variant in [
        "fixtures/bad/latin1_report.txt",
        "fixtures/bad/utf16_report.txt",
        "fixtures/bad/nul_bytes_report.txt",
        "fixtures/bad/old_mac_report.txt",
        "fixtures/bad/text_named.pdf",
    ] {
        let (dir, out) = convert(&[GOOD, variant], &[]);
        assert_eq!(out.status.code(), Some(0), "{variant}: {}", stderr(&out));
        assert!(
            ledger_file(&dir, "reports.csv").contains(&format!(",2021-06,{variant},")),
            "{variant}: reports.csv"
        );
        let got = content_without_sources(&dir);
        for ((name, w), (_, g)) in want.iter().zip(&got) {
            assert_eq!(
                g, w,
                "{variant}: {name} differs from the UTF-8 original's (if {original} \
                 changed, rerun `cargo run --example make_bad_inputs`)"
            );
        }
    }
}

#[test]
fn a_pdf_named_txt_is_read_as_a_pdf() {
    let (want_dir, _) = convert(&["fixtures/pdf/2021-03_report.pdf"], &["--quiet"]);
    let (dir, out) = convert(&[GOOD, "fixtures/bad/pdf_named.txt"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let march =
        |d: &tempfile::TempDir| report_rows(&ledger_file(d, "observations.csv"), "2021-03-05");
    assert!(march(&want_dir).len() > 5);
    assert_eq!(march(&dir), march(&want_dir));
}

#[test]
fn the_same_report_twice_is_one_report_with_a_warning() {
    let may = "2021-05-06";
    let (alone_dir, _) = convert(&["fixtures/text/2021-05_report_ocr.txt"], &["--quiet"]);
    let (dir, out) = convert(&[GOOD, "fixtures/bad/twice"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (a, b) = (
        "fixtures/bad/twice/a/2021-05_report_ocr.txt",
        "fixtures/bad/twice/b/2021-05_report_ocr.txt",
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "modledger: {b}: warning: this file holds the same report part as {a}"
        )),
        "{err}"
    );
    assert!(diagnostics(&dir)
        .iter()
        .any(|d| d[0] == b && d[3] == "warning" && d[4] == "same_part_twice"));
    assert!(ledger_file(&dir, "reports.csv").contains(&format!(",2021-05,{a};{b},")));
    let obs = |d: &tempfile::TempDir| report_rows(&ledger_file(d, "observations.csv"), may);
    assert!(obs(&alone_dir).len() > 10);
    assert_eq!(obs(&dir), obs(&alone_dir), "rows are not doubled");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_read_once_with_a_warning() {
    let alone = april_alone();
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(root().join(GOOD), input.join("2021-04_report.txt")).unwrap();
    std::os::unix::fs::symlink(".", input.join("loop")).unwrap();
    let input_s = input.to_str().unwrap();
    let out = run(&[
        "convert",
        input_s,
        "--out",
        tmp.path().join("ledger").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = format!("{input_s}/loop");
    assert!(
        stderr(&out).contains(&format!(
            "modledger: {link}: warning: this folder was already read"
        )),
        "{}",
        stderr(&out)
    );
    let rows = diagnostics(&tmp);
    assert!(
        rows.iter()
            .any(|d| d[0] == link && d[3] == "warning" && d[4] == "link_loop"),
        "{rows:?}"
    );
    let got = report_rows(&ledger_file(&tmp, "observations.csv"), "2021-04-07");
    assert_eq!(got, alone, "the report is read once");
}

#[cfg(unix)]
#[test]
fn a_link_to_itself_is_unreadable() {
    let alone = april_alone();
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("self.txt");
    std::os::unix::fs::symlink("self.txt", &link).unwrap();
    let link_s = link.to_str().unwrap();
    let (dir, out) = convert(&[GOOD, link_s], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        link_s,
        "unreadable_file",
        "cannot read the file: ",
    );
    assert_good_report_converted(&dir, &alone, "self link");
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let alone = april_alone();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("2021-05_report_ocr.txt");
    std::fs::copy(root().join("fixtures/text/2021-05_report_ocr.txt"), &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let file_s = file.to_str().unwrap();
    let (dir, out) = convert(&[GOOD, file_s], &[]);
    if std::fs::File::open(&file).is_ok() {
        eprintln!(
            "skipping the permission assertion: this process can read a mode-000 file \
             (running as root); checking only that the file is read normally"
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(ledger_file(&dir, "reports.csv").contains(",2021-05,"));
    } else {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_reported(&out, &dir, file_s, "unreadable_file", "Permission denied");
    }
    assert_good_report_converted(&dir, &alone, "mode 000");
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"r\xffport.txt");
    std::fs::copy(
        root().join("fixtures/bad/recipe.txt"),
        tmp.path().join(name),
    )
    .unwrap();
    let out = run(&[
        "convert",
        tmp.path().to_str().unwrap(),
        GOOD,
        "--out",
        tmp.path().join("ledger").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("r\u{FFFD}port.txt: not a report"),
        "{}",
        stderr(&out)
    );
    assert!(diagnostics(&tmp)
        .iter()
        .any(|d| d[0].ends_with("r\u{FFFD}port.txt") && d[4] == "not_a_report"));
}

#[test]
fn a_100_mb_line_hits_the_size_limit_or_is_cut() {
    let alone = april_alone();
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("one_line.txt");
    let size = 100 * 1024 * 1024;
    let chunk = "lorem ipsum ".repeat(1024);
    let mut text = chunk.repeat(size / chunk.len());
    text.push_str(&"x".repeat(size - text.len()));
    std::fs::write(&big, &text).unwrap();
    drop(text);
    let big_s = big.to_str().unwrap();

    let start = Instant::now();
    let (dir, out) = convert(&[GOOD, big_s], &[]);
    eprintln!("default --max-size: {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        big_s,
        "too_large",
        "the file has 104857600 bytes or more, over the limit of 67108864 bytes (see --max-size)",
    );
    assert_good_report_converted(&dir, &alone, "100 MB, default limit");

    let start = Instant::now();
    let (dir, out) = convert(&[GOOD, big_s], &["--max-size", "200000000"]);
    eprintln!("--max-size 200000000: {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        big_s,
        "not_a_report",
        "line 1: the line is 104857600 bytes long; only its first 20000 characters were read",
    );
    assert_good_report_converted(&dir, &alone, "100 MB, raised limit");
}

#[cfg(target_os = "linux")]
#[test]
fn dev_zero_is_read_only_up_to_the_limit() {
    let alone = april_alone();
    let (dir, out) = convert(&[GOOD, "/dev/zero"], &["--max-size", "1000000"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        "/dev/zero",
        "too_large",
        "the file has 1000001 bytes or more, over the limit of 1000000 bytes",
    );
    assert_good_report_converted(&dir, &alone, "/dev/zero");
}

#[test]
fn the_size_limit_skips_only_the_larger_file() {
    // April is 6853 bytes, June 4106
    let (dir, out) = convert(
        &[GOOD, "fixtures/text/2021-06_report.txt"],
        &["--max-size", "5000"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        GOOD,
        "too_large",
        "the file has 6853 bytes or more, over the limit of 5000 bytes (see --max-size)",
    );
    let reports = ledger_file(&dir, "reports.csv");
    assert!(
        reports.contains(",2021-06,fixtures/text/2021-06_report.txt,"),
        "{reports}"
    );
    assert!(!reports.contains(",2021-04,"), "{reports}");
}

#[test]
fn the_time_budget_covers_text_and_pdf() {
    // A budget of 0 ms: every file, whatever it is, takes longer (a reading that
    // completes after the budget counts as over it, so this cannot be flaky).
    for file in [GOOD, "fixtures/pdf/2021-03_report.pdf"] {
        let (dir, out) = convert(&[file], &["--timeout-ms", "0"]);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        assert_reported(
            &out,
            &dir,
            file,
            "timeout",
            "reading took longer than the time budget of 0ns (see --timeout)",
        );
        assert_eq!(
            rows(&ledger_file(&dir, "reports.csv")).len(),
            1,
            "header only"
        );
    }
    // and a generous budget changes nothing
    let (_dir, out) = convert(&[GOOD], &["--timeout-ms", "600000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_whole_bad_folder_at_once() {
    let alone = april_alone();
    let (dir, out) = convert(&[GOOD, "fixtures/bad"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rows = diagnostics(&dir);
    for case in UNREADABLE {
        assert!(
            rows.iter()
                .any(|d| d[0] == case.file && d[3] == "error" && d[4] == case.code),
            "{}: no {} row",
            case.file,
            case.code
        );
        assert!(
            stderr(&out).contains(&format!("modledger: {}: ", case.file)),
            "{}: not on stderr",
            case.file
        );
    }
    assert_good_report_converted(&dir, &alone, "whole folder");
    let reports = ledger_file(&dir, "reports.csv");
    let months: Vec<String> = rows_of(&reports)
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(
        months,
        ["2021-03", "2021-04", "2021-05", "2021-06"],
        "{reports}"
    );
    // June read five times (four encodings and a text named .pdf): one report
    let june_sources = rows_of(&reports)[3][2].split(';').count();
    assert_eq!(june_sources, 5, "{reports}");
}

fn rows_of(text: &str) -> Vec<Vec<String>> {
    rows(text).into_iter().skip(1).collect()
}

// ---------------------------------------------------------------------------------
// Exit status 2: the command could not run

fn assert_exit_2(args: &[&str], says: &str) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    assert!(
        stderr(&out).contains(says),
        "{args:?}: stderr lacks {says:?}:\n{}",
        stderr(&out)
    );
}

#[test]
fn bad_arguments_exit_2() {
    assert_exit_2(&["convert", GOOD], "--out <DIR>");
    assert_exit_2(&["convert", "--out", "x"], "<INPUT>");
    assert_exit_2(
        &["convert", GOOD, "--out", "x", "--frobnicate"],
        "--frobnicate",
    );
    assert_exit_2(
        &["convert", GOOD, "--out", "x", "--max-size", "lots"],
        "--max-size",
    );
    assert_exit_2(
        &["convert", GOOD, "--out", "x", "--timeout", "soon"],
        "--timeout",
    );
    assert_exit_2(&["transmogrify"], "transmogrify");
    assert_exit_2(&[], "Usage");
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
}

#[test]
fn a_missing_input_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ledger");
    assert_exit_2(
        &[
            "convert",
            GOOD,
            "fixtures/nope.txt",
            "--out",
            out.to_str().unwrap(),
        ],
        "modledger: no such input: fixtures/nope.txt",
    );
    assert!(
        !out.exists(),
        "no ledger is written when the command cannot run"
    );
}

#[test]
fn an_output_folder_below_a_regular_file_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "mine\n").unwrap();
    let below = file.join("ledger");
    assert_exit_2(
        &["convert", GOOD, "--out", below.to_str().unwrap()],
        &format!("modledger: cannot write {}", file.display()),
    );
    assert_exit_2(
        &["convert", GOOD, "--out", file.to_str().unwrap()],
        "it exists and is not a folder",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
}

#[cfg(unix)]
#[test]
fn a_read_only_parent_folder_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("ro");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = parent.join("probe");
    if std::fs::create_dir(&probe).is_ok() {
        eprintln!(
            "skipping: this process can write into a mode-555 folder (running as root); \
             the unwritable output is tested through a regular file instead"
        );
        return;
    }
    assert_exit_2(
        &[
            "convert",
            GOOD,
            "--out",
            parent.join("ledger").to_str().unwrap(),
        ],
        "modledger: cannot write",
    );
}

#[test]
fn a_folder_with_someone_elses_files_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ledger");
    let out_s = out.to_str().unwrap();
    let first = run(&["convert", GOOD, "--out", out_s, "--quiet"]);
    assert_eq!(first.status.code(), Some(0));
    let before = std::fs::read(out.join("observations.csv")).unwrap();
    std::fs::write(out.join("notes.txt"), "my notes\n").unwrap();
    assert_exit_2(
        &["convert", "fixtures/text", "--out", out_s],
        &format!(
            "modledger: will not replace {}: it holds files that are not part of a ledger (notes.txt)",
            out.canonicalize().unwrap().display()
        ),
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "my notes\n"
    );
    assert_eq!(std::fs::read(out.join("observations.csv")).unwrap(), before);
}

#[test]
fn out_paths_are_resolved() {
    // a relative --out, created with its parents, then replaced in place
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("a/b/ledger");
    let out_s = out.to_str().unwrap();
    for _ in 0..2 {
        let o = run(&["convert", GOOD, "--out", out_s, "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> =
        modledger::write::ledger_folder(&modledger::ledger::Ledger::build(Vec::new(), &[]))
            .expect("an empty ledger's files")
            .files
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
    want.sort();
    assert_eq!(names, want);
    let beside: Vec<PathBuf> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        beside,
        vec![out],
        "no hidden folders left beside the ledger"
    );
}

#[test]
fn the_working_folder_as_out_is_written_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path().join("here");
    std::fs::create_dir(&cwd).unwrap();
    let good = root().join(GOOD);
    #[cfg(unix)]
    let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&cwd).unwrap());
    #[cfg(unix)]
    let before = inode();
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_modledger"))
            .current_dir(&cwd)
            .args(["convert", good.to_str().unwrap(), "--out", ".", "--quiet"])
            .output()
            .expect("run modledger");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // still the same folder (not swapped away from under the caller), ledger inside
    assert!(cwd.join("observations.csv").exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    #[cfg(unix)]
    assert_eq!(inode(), before, "the working folder was replaced");
}

#[test]
fn a_report_without_any_date_is_not_placed_and_exits_1() {
    let alone = april_alone();
    let tmp = tempfile::tempdir().unwrap();
    let undated = tmp.path().join("undated_report.txt");
    let june = std::fs::read_to_string(root().join("fixtures/text/2021-06_report.txt")).unwrap();
    // no cover date, no appendix date, no date in the file name
    let text = june.replacen("4 June 2021", "", 1);
    assert_ne!(text, june, "the June cover date was found and removed");
    std::fs::write(&undated, text).unwrap();
    let undated_s = undated.to_str().unwrap();
    let (dir, out) = convert(&[GOOD, undated_s], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_reported(
        &out,
        &dir,
        undated_s,
        "no_report_date",
        "was not placed in a month",
    );
    assert_good_report_converted(&dir, &alone, "undated report");
}

#[test]
fn a_report_with_one_unreadable_page_keeps_the_others() {
    let file = "fixtures/bad/report_with_bad_page.pdf";
    let (dir, out) = convert(&[file], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "modledger: {file}: page 3: error: this page could not be read"
        )),
        "{err}"
    );
    let rows: Vec<_> = diagnostics(&dir)
        .into_iter()
        .filter(|d| d[0] == file && d[3] == "error")
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0][1].as_str(), rows[0][4].as_str()),
        ("3", "page_unreadable")
    );
    // every row the intact report gives is still there (titles and sections; pages shift by one)
    let (intact, _) = convert(&["fixtures/pdf/2021-03_report.pdf"], &[]);
    let key = |text: &str| -> Vec<(String, String, String, String)> {
        let mut v: Vec<_> = rows_of(text)
            .into_iter()
            .skip(1)
            .map(|r| (r[1].clone(), r[4].clone(), r[5].clone(), r[6].clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        key(&ledger_file(&dir, "observations.csv")),
        key(&ledger_file(&intact, "observations.csv"))
    );
}
