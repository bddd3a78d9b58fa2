//! Issue #15's families that are not about PDF internals, each beside a good
//! report: text that would be a spreadsheet formula (titles, file names), a
//! ledger `diff` must refuse without blocking or growing (a FIFO, a device,
//! a line without end), two converts racing for one new `--out`, a file name
//! with a newline, and references numbered past 9999.

mod common;

use common::{convert, csv_rows, read, root, run, stderr};
use modledger::ledger::schema::text_cell::looks_like_formula;
use std::path::Path;
use std::time::{Duration, Instant};

const GOOD: &str = "fixtures/text/2021-04_report.txt";

/// Every cell of every CSV file in a ledger folder.
fn all_cells(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("ledger folder") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "csv") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            for row in csv_rows(&p) {
                out.extend(row.into_values().map(|v| (name.clone(), v)));
            }
        }
    }
    out
}

/// A copy of the good April report with hostile text in its titles and
/// proposer, written under `name` in `dir`.
fn hostile_report(dir: &Path, name: &str) -> std::path::PathBuf {
    let text = read(&root().join(GOOD))
        .replace(
            "Harmonising Tariff Label Lengths",
            "=HYPERLINK(\"http://x\",\"y\")",
        )
        .replace("Secure Firmware Rollback Controls", "+cmd|' /C calc'!A0")
        .replace("Gas Proxy Clock Drift Reporting", "-2+3")
        .replace("Prepayment Debt Recovery Caps", "@SUM(1+1)")
        .replace(
            "No new Draft Proposals were raised this month.",
            "DP140 ‘Meter Read Windows’ was raised by =Evil Org on 20 April 2021.",
        )
        .replace("7 April 2021", "5 May 2021");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the hostile report");
    path
}

#[test]
fn no_cell_of_any_csv_looks_like_a_formula() {
    // run inside a folder of its own, so the file names stay relative and one starts with `=`
    let tmp = tempfile::tempdir().expect("temp dir");
    hostile_report(tmp.path(), "=cmd_2021-05_report.txt");
    std::fs::copy(root().join(GOOD), tmp.path().join("2021-04_report.txt")).unwrap();
    let o = common::modledger()
        .current_dir(tmp.path())
        .args([
            "convert",
            "2021-04_report.txt",
            "=cmd_2021-05_report.txt",
            "--out",
            "ledger",
            "-q",
        ])
        .output()
        .expect("run modledger");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = tmp.path().join("ledger");
    let cells = all_cells(&dir);
    let formulas: Vec<&(String, String)> = cells
        .iter()
        .filter(|(_, v)| looks_like_formula(v))
        .collect();
    assert!(formulas.is_empty(), "formula-looking cells: {formulas:?}");
    // the text is kept, shown as text
    let titles: Vec<String> = csv_rows(&dir.join("observations.csv"))
        .into_iter()
        .map(|r| r["title"].clone())
        .collect();
    assert!(
        titles.contains(&"'=HYPERLINK(\"http://x\",\"y\")".to_string()),
        "{titles:?}"
    );
    assert!(titles.contains(&"'-2+3".to_string()));
    let sources: Vec<String> = csv_rows(&dir.join("reports.csv"))
        .into_iter()
        .map(|r| r["sources"].clone())
        .collect();
    assert_eq!(sources, ["2021-04_report.txt", "'=cmd_2021-05_report.txt"]);
    formula_warnings_name_each_value_where_it_was(&dir);
    // and diff reads it back as the text it was (then writes it protected again)
    let d = dir.to_str().unwrap();
    let o = run(&["diff", "--ledger", d, "2021-04", "2021-05"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let changes = String::from_utf8(o.stdout).unwrap();
    let mut r = csv::Reader::from_reader(changes.as_bytes());
    for rec in r.records() {
        for v in rec.unwrap().iter() {
            assert!(!looks_like_formula(v), "{v:?} in changes.csv");
        }
    }
}

/// One `formula_like_text` warning per formula-looking value read (not per
/// CSV it lands in: `=Evil Org` is in events and register, one row), at its
/// record's page and line, naming the field.
fn formula_warnings_name_each_value_where_it_was(dir: &Path) {
    let got: Vec<(String, String, String, String, String)> = csv_rows(&dir.join("diagnostics.csv"))
        .into_iter()
        .filter(|r| r["code"] == "formula_like_text")
        .map(|r| {
            assert_eq!(r["severity"], "warning");
            assert_eq!(r["report"], "2021-05-05");
            let m = &r["message"];
            assert!(
                m.ends_with(
                    ", which a spreadsheet would run as a formula: written with a leading '"
                ),
                "{m}"
            );
            let what = m.split(" begins with ").next().unwrap().to_string();
            let rest = [&r["page"], &r["line"], &r["text"]].map(|s| s.to_string());
            (
                r["source"].clone(),
                rest[0].clone(),
                rest[1].clone(),
                what,
                rest[2].clone(),
            )
        })
        .collect();
    let src = "'=cmd_2021-05_report.txt";
    let row = |page: &str, line: &str, what: &str, text: &str| {
        let t = [src, page, line, what, text].map(str::to_string);
        (
            t[0].clone(),
            t[1].clone(),
            t[2].clone(),
            t[3].clone(),
            t[4].clone(),
        )
    };
    let link = "'=HYPERLINK(\"http://x\",\"y\")";
    assert_eq!(
        got,
        [
            row("", "", "the file name (sources)", src),
            row("2", "39", "the title of DP132", link),
            row("2", "45", "the title of MP122", "'+cmd"),
            row(
                "3",
                "61",
                "the detail of DP140's raised event",
                "'=Evil Org"
            ),
            row("3", "68", "the title of DP132", link),
            row("4", "80", "the title of SECMP0040", "'-2+3"),
            row("4", "82", "the title of MP121", "'@SUM(1+1)"),
            row("4", "94", "the title of MP121", "'@SUM(1+1)"),
            row("5", "137", "the title of MP122", "'+cmd"),
            row("8", "210", "the title of SECMP0040", "'-2+3"),
            row("8", "213", "the title of MP122", "'+cmd|' /C calc'!A0"),
        ]
    );
    // the good report beside it has none
    let good = csv_rows(&dir.join("diagnostics.csv"));
    assert!(good
        .iter()
        .all(|r| r["report"] != "2021-04-07" || r["code"] != "formula_like_text"));
}

#[test]
fn diff_refuses_a_ledger_file_that_is_no_regular_file_without_blocking() {
    let good = convert(&[GOOD], &[]).0;
    let tmp = tempfile::tempdir().expect("temp dir");
    let ledger = tmp.path().join("ledger");
    std::fs::create_dir(&ledger).unwrap();
    std::fs::copy(
        good.path().join("assessments.csv"),
        ledger.join("assessments.csv"),
    )
    .unwrap();
    let history = ledger.join("history.csv");
    type Make<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Make)> = vec![
        (
            "a FIFO",
            Box::new(|| {
                let ok = std::process::Command::new("mkfifo").arg(&history).status();
                assert!(ok.is_ok_and(|s| s.success()), "mkfifo");
            }),
        ),
        (
            "/dev/zero",
            Box::new(|| std::os::unix::fs::symlink("/dev/zero", &history).unwrap()),
        ),
    ];
    for (what, make) in cases {
        let _ = std::fs::remove_file(&history);
        make();
        let start = Instant::now();
        let o = run(&[
            "diff",
            "--ledger",
            ledger.to_str().unwrap(),
            "2021-04",
            "2021-04",
        ]);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what}: took {:?}",
            start.elapsed()
        );
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a regular file"),
            "{what}: {}",
            stderr(&o)
        );
    }
    // a regular file of zeros, no line end: refused at the line limit, not read whole
    let _ = std::fs::remove_file(&history);
    let f = std::fs::File::create(&history).unwrap();
    f.set_len(64 << 20).unwrap();
    let o = run(&[
        "diff",
        "--ledger",
        ledger.to_str().unwrap(),
        "2021-04",
        "2021-04",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("longer than"), "{}", stderr(&o));
}

#[test]
fn two_converts_racing_for_one_new_out_both_succeed_and_leave_one_ledger() {
    for round in 0..5 {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("new/ledger");
        let out_s = out.to_str().unwrap().to_string();
        let spawn = || {
            common::modledger()
                .args(["convert", GOOD, "--out", &out_s, "--quiet"])
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
        });
        assert_eq!(a.status.code(), Some(0), "round {round}: {}", stderr(&a));
        assert_eq!(b.status.code(), Some(0), "round {round}: {}", stderr(&b));
        assert!(out.join("history.csv").is_file(), "round {round}");
        let hidden: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "ledger")
            .collect();
        assert!(hidden.is_empty(), "round {round}: left {hidden:?}");
    }
}

#[test]
fn a_file_name_with_a_newline_is_one_line_on_stderr() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let bad = tmp.path().join("two\nlines\r.txt");
    std::fs::write(&bad, "nothing a report would say\n").unwrap();
    let (_, o) = convert(&[GOOD, bad.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("lines")).collect();
    assert_eq!(lines.len(), 1, "{err:?}");
    assert!(lines[0].contains("two\\nlines\\r.txt"), "{err:?}");
    assert!(err.lines().all(|l| l.starts_with("modledger: ")), "{err:?}");
}

#[test]
fn references_numbered_past_9999_are_kept() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let text = read(&root().join(GOOD)).replace("DP132", "DP10132");
    let path = tmp.path().join("2021-04_report.txt");
    std::fs::write(&path, text).unwrap();
    let (dir, o) = convert(&[path.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = csv_rows(&dir.path().join("observations.csv"));
    let big: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["raw_ref"] == "DP10132")
        .map(|r| (r["number"].as_str(), r["ref"].as_str()))
        .collect();
    assert!(!big.is_empty(), "DP10132 was dropped");
    assert!(big.iter().all(|b| *b == ("10132", "DP10132")), "{big:?}");
}

#[test]
fn an_out_that_is_a_link_to_nothing_is_refused_and_not_followed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("ledger");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &out).unwrap();
    let o = common::modledger()
        .args(["convert", GOOD, "--out", out.to_str().unwrap(), "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it exists and is not a folder"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("nowhere").exists());
}
