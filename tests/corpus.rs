//! Scores the tool against the shared corpus (`../shared/corpus`) with
//! `../shared/tools/score.py`. Skips, saying so, when the corpus or python3 is missing.

mod common;

use common::{shared, skip};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shared folder and python3, or why the test cannot run.
fn setup() -> Result<PathBuf, String> {
    let shared = shared();
    if !shared.join("corpus").is_dir() {
        return Err(format!("{} not found", shared.join("corpus").display()));
    }
    if !shared.join("tools/score.py").is_file() {
        return Err("score.py not found".into());
    }
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(shared),
        _ => Err("python3 not available".into()),
    }
}

/// Runs `modledger convert INPUTS --out OUT` from `cwd` (so sources stay bare file names).
fn convert(cwd: &Path, inputs: &[String], out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_modledger"))
        .current_dir(cwd)
        .arg("convert")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("run modledger");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "convert failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs score.py and returns the overall F1 from its last line (`overall F1 0.9898 (...)`).
fn score(shared: &Path, expected: &Path, actual: &Path, extra: &[&str]) -> (f64, String) {
    let output = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(expected)
        .arg(actual)
        .args(extra)
        .output()
        .expect("run score.py");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string();
    let f1 = last
        .strip_prefix("overall F1 ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or_else(|| {
            panic!(
                "no `overall F1` line from score.py:\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    (f1, stdout)
}

fn archive_files(archive: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(archive)
        .expect("read archive")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(suffix))
        .collect();
    names.sort();
    names
}

fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[test]
fn seed_scores_at_least_0_95() {
    let shared = match setup() {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    let corpus = shared.join("corpus");
    let out = tempfile::tempdir().expect("temp dir");
    convert(&corpus, &["seed-2019-10.txt".to_string()], out.path());
    let (f1, report) = score(
        &shared,
        &corpus.join("expected/seed-2019-10"),
        out.path(),
        &[],
    );
    println!("seed: overall F1 {f1:.4}");
    assert!(f1 >= 0.95, "seed F1 {f1:.4} < 0.95\n{}", tail(&report, 40));
}

#[test]
fn generated_ocr_text_scores_at_least_0_90() {
    let shared = match setup() {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    let generated = shared.join("corpus/generated");
    let archive = generated.join("archive");
    let inputs = archive_files(&archive, "_ocr.txt");
    if inputs.is_empty() {
        return skip(
            module_path!(),
            &format!("no *_ocr.txt in {}", archive.display()),
        );
    }
    let out = tempfile::tempdir().expect("temp dir");
    convert(&archive, &inputs, out.path());
    // the OCR sources are listed in reports_ocr.csv: score against a copy of the truth
    // whose reports.csv is that file
    let expected = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(generated.join("expected")).expect("read expected") {
        let path = entry.expect("entry").path();
        if path.is_file() && path.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&path, expected.path().join(path.file_name().unwrap()))
                .expect("copy truth");
        }
    }
    let ocr_reports = generated.join("expected/reports_ocr.csv");
    if ocr_reports.is_file() {
        std::fs::copy(&ocr_reports, expected.path().join("reports.csv"))
            .expect("copy reports_ocr.csv");
    }
    let (f1, report) = score(
        &shared,
        expected.path(),
        out.path(),
        &[
            "--ignore",
            "raw_ref",
            "--tables",
            "reports,observations,assessments,events,timescales",
        ],
    );
    println!("generated OCR text: overall F1 {f1:.4}");
    assert!(f1 >= 0.90, "OCR F1 {f1:.4} < 0.90\n{}", tail(&report, 40));
    let (f1, report) = score(
        &shared,
        expected.path(),
        out.path(),
        &["--ignore", "raw_ref", "--tables", "history,register"],
    );
    println!("generated OCR text, history and register: overall F1 {f1:.4}");
    assert!(
        f1 >= 0.90,
        "OCR history/register F1 {f1:.4} < 0.90\n{}",
        tail(&report, 40)
    );
}

#[test]
fn generated_pdfs_score_at_least_0_99_and_diff_like_the_contract() {
    let shared = match setup() {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    let generated = shared.join("corpus/generated");
    let archive = generated.join("archive");
    let inputs = archive_files(&archive, ".pdf");
    if inputs.is_empty() {
        return skip(
            module_path!(),
            &format!("no *.pdf in {}", archive.display()),
        );
    }
    let out = tempfile::tempdir().expect("temp dir");
    convert(&archive, &inputs, out.path());
    let (f1, report) = score(
        &shared,
        &generated.join("expected"),
        out.path(),
        &[
            "--tables",
            "reports,observations,assessments,events,timescales",
        ],
    );
    println!("generated PDFs: overall F1 {f1:.4}");
    assert!(f1 >= 0.99, "PDF F1 {f1:.4} < 0.99\n{}", tail(&report, 40));
    let (f1, report) = score(
        &shared,
        &generated.join("expected"),
        out.path(),
        &["--tables", "history,register"],
    );
    println!("generated PDFs, history and register: overall F1 {f1:.4}");
    assert!(
        f1 >= 0.99,
        "PDF history/register F1 {f1:.4} < 0.99\n{}",
        tail(&report, 40)
    );
    changes_match_the_contract(&shared, &generated.join("expected"), out.path());
}

/// For every pair of consecutive months, `modledger diff --ledger` on our
/// ledger against `expected_changes.py` on the true one.
fn changes_match_the_contract(shared: &Path, expected: &Path, ours: &Path) {
    let script = shared.join("tools/expected_changes.py");
    if !script.is_file() {
        return skip(
            module_path!(),
            &format!("changes not scored: {} not found", script.display()),
        );
    }
    let history = std::fs::read_to_string(expected.join("history.csv")).expect("true history");
    let mut months: Vec<&str> = history
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    months.sort();
    months.dedup();
    assert!(
        months.len() >= 2,
        "the true history has fewer than two months"
    );
    for pair in months.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let want = tempfile::tempdir().expect("temp dir");
        let got = tempfile::tempdir().expect("temp dir");
        let truth = Command::new("python3")
            .arg(&script)
            .arg(expected)
            .args([from, to])
            .output()
            .expect("run expected_changes.py");
        std::fs::write(want.path().join("changes.csv"), &truth.stdout).expect("write truth");
        let ours_out = Command::new(env!("CARGO_BIN_EXE_modledger"))
            .args(["diff", "--quiet", "--ledger"])
            .arg(ours)
            .args([from, to, "--out"])
            .arg(got.path().join("changes.csv"))
            .output()
            .expect("run modledger diff");
        assert_eq!(
            ours_out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&ours_out.stderr)
        );
        let (f1, report) = score(shared, want.path(), got.path(), &["--tables", "changes"]);
        println!("changes {from} to {to}: F1 {f1:.4}");
        assert!(
            f1 >= 0.99,
            "changes {from}..{to} F1 {f1:.4} < 0.99\n{}",
            tail(&report, 30)
        );
    }
}

/// Each month's OCR text and PDF, converted apart, agree wherever the OCR
/// reading has a value: its rows are found in the PDF's ledger, and its
/// dates, durations, stages and statuses equal the PDF's.
#[test]
fn pdf_and_ocr_readings_of_each_month_agree() {
    let shared = match setup() {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    let archive = shared.join("corpus/generated/archive");
    let (pdfs, ocr) = (
        archive_files(&archive, ".pdf"),
        archive_files(&archive, "_ocr.txt"),
    );
    if pdfs.is_empty() || ocr.is_empty() {
        return skip(
            module_path!(),
            &format!("no PDF and OCR pairs in {}", archive.display()),
        );
    }
    let (p, o) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    convert(&archive, &pdfs, p.path());
    convert(&archive, &ocr, o.path());
    let tables: [(&str, &[&str], &[&str]); 4] = [
        (
            "assessments.csv",
            &["report", "number", "type", "source"],
            &[
                "requested",
                "target",
                "delivered",
                "target_wd",
                "elapsed_wd",
            ],
        ),
        (
            "observations.csv",
            &["report", "number", "section", "list"],
            &[],
        ),
        ("events.csv", &["number", "event", "date"], &["detail"]),
        ("history.csv", &["month", "number"], &["stage", "status"]),
    ];
    for (file, key, values) in tables {
        let pdf: std::collections::BTreeMap<Vec<String>, _> =
            common::csv_rows(&p.path().join(file))
                .into_iter()
                .map(|r| (key.iter().map(|k| r[*k].clone()).collect::<Vec<_>>(), r))
                .collect();
        // month → [ocr rows, found in the pdf, ocr values, equal values]
        let mut months: std::collections::BTreeMap<String, [usize; 4]> = Default::default();
        for r in common::csv_rows(&o.path().join(file)) {
            let month: String = r
                .get("report")
                .or(r.get("month"))
                .map_or("", |v| v)
                .chars()
                .take(7)
                .collect();
            let month = if month.is_empty() {
                "undated".into()
            } else {
                month
            };
            let m = months.entry(month).or_default();
            m[0] += 1;
            let k: Vec<String> = key.iter().map(|k| r[*k].clone()).collect();
            let Some(twin) = pdf.get(&k) else { continue };
            m[1] += 1;
            for v in values.iter().filter(|v| !r[**v].is_empty()) {
                m[2] += 1;
                // free text agrees when it reads the same but for OCR noise (`réquest`)
                let same = if *v == "detail" {
                    modledger::normalise::titles::similarity(&r[*v], &twin[*v]) >= 0.9
                } else {
                    r[*v] == twin[*v]
                };
                m[3] += usize::from(same);
            }
        }
        for (month, [rows, found, vals, same]) in months {
            let row_rate = found as f64 / rows.max(1) as f64;
            let value_rate = if vals == 0 {
                1.0
            } else {
                same as f64 / vals as f64
            };
            println!("{file} {month}: rows {found}/{rows}, values {same}/{vals}");
            assert!(
                row_rate >= 0.95,
                "{file} {month}: only {found} of {rows} OCR rows are in the PDF's ledger"
            );
            assert!(
                value_rate >= 0.90,
                "{file} {month}: only {same} of {vals} OCR values equal the PDF's"
            );
        }
    }
}

/// True when the tools that make and read scans are installed: pdftoppm and
/// pdfimages (poppler-utils), python3 with Pillow, tesseract.
fn scan_tools() -> Result<(), String> {
    for (tool, arg) in [
        ("pdftoppm", "-v"),
        ("pdfimages", "-v"),
        ("tesseract", "--version"),
    ] {
        if Command::new(tool).arg(arg).output().is_err() {
            return Err(format!("{tool} is not installed"));
        }
    }
    match Command::new("python3").args(["-c", "import PIL"]).output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err("python3 with Pillow is not available (pip install pillow)".into()),
    }
}

#[test]
fn scans_of_the_generated_pdfs_score_at_least_0_97() {
    let shared = match setup().and_then(|s| scan_tools().map(|()| s)) {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    let generated = shared.join("corpus/generated");
    let archive = generated.join("archive");
    let pdfs: Vec<PathBuf> = archive_files(&archive, ".pdf")
        .into_iter()
        .map(|n| archive.join(n))
        .collect();
    // scans made at 200 dpi by the fixtures' own script, into a temporary folder
    let scans = tempfile::tempdir().expect("temp dir");
    let made = Command::new("bash")
        .arg(common::root().join("fixtures/scans/make.sh"))
        .args(["--dpi", "200", "--out"])
        .arg(scans.path())
        .args(&pdfs)
        .output()
        .expect("run make.sh");
    assert!(
        made.status.success(),
        "make.sh: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let names = archive_files(scans.path(), ".pdf");
    let out = tempfile::tempdir().expect("temp dir");
    convert(scans.path(), &names, out.path());
    let tables = "reports,observations,assessments,events,timescales";
    let (f1, report) = score(
        &shared,
        &generated.join("expected"),
        out.path(),
        &["--tables", tables, "--ignore", "raw_ref"],
    );
    println!("scans of the generated PDFs: overall F1 {f1:.4}");
    assert!(f1 >= 0.97, "scans F1 {f1:.4} < 0.97\n{}", tail(&report, 40));
    // December 2019's delivery table, lost from its OCR text, is read from the scan
    let obs = std::fs::read_to_string(out.path().join("observations.csv")).expect("observations");
    let december = obs
        .lines()
        .filter(|l| l.starts_with("2019-12-") && l.contains(",delivery_dates,"))
        .count();
    assert!(december >= 15, "{december} December delivery rows");
}

/// Writes `pdftotext [FLAG] PDF` of each PDF into `dir`, as `NAME.txt`.
fn pdftotext_all(pdfs: &[PathBuf], flag: Option<&str>, dir: &Path) {
    for pdf in pdfs {
        let stem = pdf.file_stem().expect("a file name").to_string_lossy();
        let out = dir.join(format!("{stem}.txt"));
        let made = Command::new("pdftotext")
            .args(flag)
            .arg(pdf)
            .arg(&out)
            .output()
            .expect("run pdftotext");
        assert!(
            made.status.success(),
            "pdftotext {flag:?} {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&made.stderr)
        );
    }
}

#[test]
fn plain_and_raw_pdftotext_of_the_generated_pdfs_score_at_least_0_97() {
    let shared = match setup() {
        Ok(s) => s,
        Err(why) => return skip(module_path!(), &why),
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        return skip(
            module_path!(),
            "pdftotext is not installed (apt-get install poppler-utils)",
        );
    }
    let generated = shared.join("corpus/generated");
    let archive = generated.join("archive");
    let pdfs: Vec<PathBuf> = archive_files(&archive, ".pdf")
        .into_iter()
        .map(|n| archive.join(n))
        .collect();
    assert!(!pdfs.is_empty(), "no PDFs in {}", archive.display());
    let tables = "reports,observations,assessments,events,timescales";
    // Issue #12 asks 0.97 of both (plain text stands at 0.9705, raw 0.9975;
    // plain loses in the appendix delivery table, its cells one per line).
    for (form, flag, min) in [("plain", None, 0.97), ("raw", Some("-raw"), 0.97)] {
        let texts = tempfile::tempdir().expect("temp dir");
        pdftotext_all(&pdfs, flag, texts.path());
        let names = archive_files(texts.path(), ".txt");
        let out = tempfile::tempdir().expect("temp dir");
        convert(texts.path(), &names, out.path());
        let (f1, report) = score(
            &shared,
            &generated.join("expected"),
            out.path(),
            &["--tables", tables, "--ignore", "raw_ref"],
        );
        println!("{form} pdftotext of the generated PDFs: overall F1 {f1:.4}");
        assert!(
            f1 >= min,
            "{form} pdftotext F1 {f1:.4} < {min}\n{}",
            tail(&report, 40)
        );
    }
}
