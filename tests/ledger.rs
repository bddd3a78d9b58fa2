//! Whole-ledger integration tests: run the built binary on `fixtures/text` and compare
//! every CSV it writes with the hand-checked truth in `fixtures/expected/text/`; exit
//! statuses; byte-identical output across runs and thread counts.

mod common;

use common::{convert, read, root, run};
use std::path::{Path, PathBuf};

fn convert_fixture_text() -> tempfile::TempDir {
    let (dir, output) = convert(&["fixtures/text"], &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "convert fixtures/text failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// Parses CSV text into records, dropping the columns named in `skip`.
fn records(text: &str, skip: &[&str]) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.expect("valid csv").iter().map(str::to_string).collect())
        .collect();
    let Some(header) = rows.first() else {
        return rows;
    };
    let keep: Vec<usize> = (0..header.len())
        .filter(|i| !skip.contains(&header[*i].as_str()))
        .collect();
    rows.iter()
        .map(|r| {
            keep.iter()
                .map(|&i| r.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect()
}

/// A readable report of where two files' lines part ways (at most `limit` lines).
fn diff(expected: &[String], got: &[String], limit: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..expected.len().max(got.len()) {
        let (e, g) = (expected.get(i), got.get(i));
        if e != g {
            out.push_str(&format!(
                "line {}:\n  expected: {}\n  got:      {}\n",
                i + 1,
                e.map_or("<missing>", String::as_str),
                g.map_or("<missing>", String::as_str)
            ));
            shown += 1;
            if shown == limit {
                out.push_str("  ...\n");
                break;
            }
        }
    }
    out
}

/// Compares `name` in the fixture ledger with the tool's output, ignoring `skip` columns.
fn check(name: &str, skip: &[&str]) {
    let dir = convert_fixture_text();
    let expected_path = root().join("fixtures/expected/text").join(name);
    let expected_text = read(&expected_path);
    let got_text = read(&dir.path().join(name));
    if skip.is_empty() {
        if expected_text == got_text {
            return;
        }
        let e: Vec<String> = expected_text.lines().map(str::to_string).collect();
        let g: Vec<String> = got_text.lines().map(str::to_string).collect();
        panic!(
            "{name} differs from {} ({} expected lines, {} got):\n{}",
            expected_path.display(),
            e.len(),
            g.len(),
            if e == g {
                "only line endings / final newline differ\n".to_string()
            } else {
                diff(&e, &g, 12)
            }
        );
    }
    let join = |rows: Vec<Vec<String>>| rows.into_iter().map(|r| r.join(" | ")).collect::<Vec<_>>();
    let e = join(records(&expected_text, skip));
    let g = join(records(&got_text, skip));
    assert!(
        e == g,
        "{name} differs from {} (columns {skip:?} ignored; {} expected rows, {} got):\n{}",
        expected_path.display(),
        e.len(),
        g.len(),
        diff(&e, &g, 12)
    );
}

#[test]
fn events_csv_matches() {
    check("events.csv", &[]);
}

#[test]
fn timescales_csv_matches() {
    check("timescales.csv", &[]);
}

#[test]
fn history_csv_matches() {
    check("history.csv", &[]);
}

#[test]
fn register_csv_matches() {
    check("register.csv", &[]);
}

#[test]
fn reports_csv_matches() {
    check("reports.csv", &[]);
}

#[test]
fn observations_csv_matches() {
    check("observations.csv", &[]);
}

#[test]
fn assessments_csv_matches() {
    check("assessments.csv", &[]);
}

#[test]
fn diagnostics_csv_matches() {
    // the message is prose; everything else is compared
    check("diagnostics.csv", &["message"]);
}

/// The parts of the ledger that are right today, with the known gaps masked, so a
/// regression elsewhere in those files still fails the suite.
#[test]
fn observations_csv_matches_except_known_gaps() {
    let dir = convert_fixture_text();
    let mask = |text: &str| {
        let mut rows = records(text, &["title"]);
        rows.sort();
        rows
    };
    let e = mask(&read(
        &root().join("fixtures/expected/text/observations.csv"),
    ));
    let g = mask(&read(&dir.path().join("observations.csv")));
    let join = |rows: Vec<Vec<String>>| rows.into_iter().map(|r| r.join(" | ")).collect::<Vec<_>>();
    let (e, g) = (join(e), join(g));
    assert!(
        e == g,
        "observations.csv (title ignored, rows sorted):\n{}",
        diff(&e, &g, 12)
    );
}

fn ledger_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read ledger dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read csv"),
            )
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "expected at least 6 CSV files in {}, got {}",
        dir.display(),
        files.len()
    );
    files
}

fn assert_same_ledger(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (ledger_files(a), ledger_files(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb), "{what}: different file sets");
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{what}: {name} differs between runs");
    }
}

#[test]
fn two_runs_are_byte_identical() {
    let first = convert_fixture_text();
    let second = convert_fixture_text();
    assert_same_ledger(first.path(), second.path(), "two runs");
}

#[test]
fn thread_count_does_not_change_output() {
    let inputs = ["fixtures/text", "fixtures/pdf"];
    let (one, o1) = convert(&inputs, &["--jobs", "1"]);
    let (two, o2) = convert(&inputs, &["--jobs", "2"]);
    assert_eq!(
        o1.status.code(),
        o2.status.code(),
        "exit codes differ with --jobs 1 / 2"
    );
    assert_same_ledger(one.path(), two.path(), "--jobs 1 vs --jobs 2");
}

#[test]
fn exit_0_on_good_input() {
    let (_dir, output) = convert(&["fixtures/text"], &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn exit_1_when_a_bad_file_is_among_good_ones() {
    let bad = "fixtures/bad/not_a_pdf.pdf";
    let (dir, output) = convert(&["fixtures/text", bad], &[]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(bad),
        "stderr should name {bad}"
    );

    let reports = read(&dir.path().join("reports.csv"));
    for month in ["2021-04", "2021-05", "2021-06"] {
        assert!(
            reports.contains(&format!(",{month},")),
            "reports.csv lacks {month}:\n{reports}"
        );
    }
    let diagnostics = read(&dir.path().join("diagnostics.csv"));
    let rows = records(&diagnostics, &[]);
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (source, severity) = (col("source"), col("severity"));
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[severity] == "error" && r[source] == bad),
        "diagnostics.csv has no error row for {bad}:\n{diagnostics}"
    );
}

#[test]
fn exit_2_for_a_missing_input() {
    let (_dir, output) = convert(&["fixtures/text/no_such_file.txt"], &[]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn exit_2_when_out_is_a_regular_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file: PathBuf = dir.path().join("ledger.csv");
    std::fs::write(&file, "not a folder\n").expect("write file");
    let output = run(&[
        "convert",
        "fixtures/text",
        "--out",
        file.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        read(&file),
        "not a folder\n",
        "the regular file was overwritten"
    );
}
