//! Scanned PDFs read by OCR word boxes, tesseract's TSV and hOCR files as
//! input, and `-` for standard input.
//!
//! The scans in `fixtures/scans/` are made by `fixtures/scans/make.sh` from
//! the fixture PDFs (rasterised, blurred, speckled, saved as JPEG pages);
//! their expected ledgers in `fixtures/expected/scans/` were checked by eye
//! against the PDFs' ledgers: they agree except where OCR misread the page
//! (a lost first letter, `06-18` for `06-15`, a title's closing quote). Tests
//! that run tesseract say SKIPPED when it is not installed (CI installs it).

mod common;

use common::{convert, read, root, skip, stderr};
use std::path::Path;
use std::process::{Command, Stdio};

/// True when tesseract runs here; else says which test skipped.
fn tesseract_or_skip(test: &str) -> bool {
    let ok = Command::new("tesseract")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(
            test,
            "tesseract is not installed (apt-get install tesseract-ocr)",
        );
    }
    ok
}

/// The ledger files of a folder, by name.
fn ledger_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// Converts `input` alone and compares every ledger file with `expected`.
fn converts_to(input: &str, expected: &Path) {
    let (out, o) = convert(&[input], &[]);
    assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
    let files = ledger_files(expected);
    assert!(files.len() >= 8, "{} expected files", files.len());
    for f in files {
        let want = read(&expected.join(&f));
        let got = read(&out.path().join(&f));
        assert_eq!(got, want, "{input}: {f} differs");
    }
}

const SCANS: [&str; 3] = [
    "2021-02_appendix_ruled",
    "2021-07_report_libreoffice",
    "2021-08_appendix_ruled_libreoffice",
];

#[test]
fn scanned_pdfs_read_by_ocr_give_their_ledgers() {
    if !tesseract_or_skip(module_path!()) {
        return;
    }
    for name in SCANS {
        let input = format!("fixtures/scans/{name}_scan.pdf");
        converts_to(
            &input,
            &root().join(format!("fixtures/expected/scans/{name}_scan.pdf")),
        );
    }
}

#[test]
fn tesseract_tsv_files_read_by_position() {
    // needs no tesseract: the word boxes are in the file
    for name in SCANS {
        let input = format!("fixtures/scans/{name}_scan.tsv");
        converts_to(
            &input,
            &root().join(format!("fixtures/expected/scans/{name}_scan.tsv")),
        );
    }
}

#[test]
fn an_hocr_file_reads_as_its_tsv() {
    let name = "fixtures/scans/2021-02_appendix_ruled_scan";
    let (tsv, _) = convert(&[&format!("{name}.tsv")], &[]);
    let (hocr, o) = convert(&[&format!("{name}.hocr")], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["observations.csv", "assessments.csv", "events.csv"] {
        assert_eq!(
            read(&hocr.path().join(f)),
            read(&tsv.path().join(f)),
            "{f}: the hOCR and TSV of one OCR run read alike"
        );
    }
    let reports = read(&hocr.path().join("reports.csv"));
    assert!(
        reports.contains("2021-02_appendix_ruled_scan.hocr"),
        "{reports}"
    );
}

#[test]
fn without_tesseract_a_scan_is_an_error_that_says_how_to_install_it() {
    let good = "fixtures/text/2021-04_report.txt";
    let out = tempfile::tempdir().expect("temp dir");
    let o = common::modledger()
        .env("MODLEDGER_TESSERACT", "/nonexistent/tesseract")
        .args([
            "convert",
            good,
            "fixtures/scans/2021-02_appendix_ruled_scan.pdf",
        ])
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run modledger");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("apt-get install tesseract-ocr"), "{err}");
    assert!(err.contains("brew install tesseract"), "{err}");
    let diags = read(&out.path().join("diagnostics.csv"));
    assert!(
        diags.contains("2021-02_appendix_ruled_scan.pdf")
            && diags.contains(",error,ocr_unavailable,"),
        "{diags}"
    );
    // the good report is converted all the same
    let reports = read(&out.path().join("reports.csv"));
    assert!(reports.contains("2021-04_report.txt"), "{reports}");
}

#[test]
fn ocr_never_refuses_a_scan_as_without_text() {
    let (out, o) = convert(
        &["fixtures/scans/2021-02_appendix_ruled_scan.pdf"],
        &["--ocr", "never"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let diags = read(&out.path().join("diagnostics.csv"));
    assert!(diags.contains(",error,no_text_layer,"), "{diags}");
}

#[test]
fn ocr_always_reads_a_text_pdf_by_its_picture() {
    if !tesseract_or_skip(module_path!()) {
        return;
    }
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        return skip(module_path!(), "pdftoppm is not installed (poppler-utils)");
    }
    let (out, o) = convert(
        &["fixtures/pdf/2021-02_appendix_ruled.pdf"],
        &["--ocr", "always"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let obs = common::csv_column(&out.path().join("observations.csv"), "number");
    assert_eq!(obs, ["301", "302", "303"], "rendered, OCR'd and read");
}

/// Runs `modledger convert - --out DIR` with `input` on standard input.
fn convert_stdin(input: &[u8]) -> (tempfile::TempDir, std::process::Output) {
    use std::io::Write;
    let out = tempfile::tempdir().expect("temp dir");
    let mut child = common::modledger()
        .args(["convert", "-", "--quiet", "--out"])
        .arg(out.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run modledger");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    (out, o)
}

#[test]
fn standard_input_reads_text_and_pdf_bytes_and_is_named_dash() {
    for file in [
        "fixtures/text/2021-06_report.txt",
        "fixtures/pdf/2021-03_report.pdf",
        "fixtures/scans/2021-02_appendix_ruled_scan.tsv",
    ] {
        let bytes = std::fs::read(root().join(file)).expect("fixture");
        let (piped, o) = convert_stdin(&bytes);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let (named, _) = convert(&[file], &[]);
        for f in ["observations.csv", "assessments.csv", "events.csv"] {
            assert_eq!(
                read(&piped.path().join(f)),
                read(&named.path().join(f)),
                "{file}: {f}"
            );
        }
        let sources = common::csv_column(&piped.path().join("reports.csv"), "sources");
        assert_eq!(sources, ["-"], "{file}");
    }
}
