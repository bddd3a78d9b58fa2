//! Helpers shared by the integration tests: run the binary, convert into a
//! fresh folder, read a ledger CSV, say loudly when a test skips.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root (fixture paths are relative to it).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus folder beside the checkout (`../shared`), which may be absent.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// The `modledger` command, started from the crate root so ledger sources stay relative.
pub fn modledger() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modledger"));
    c.current_dir(root());
    c
}

/// Runs `modledger ARGS` from the crate root.
pub fn run(args: &[&str]) -> Output {
    modledger().args(args).output().expect("run modledger")
}

/// The process's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Converts `inputs` (paths relative to the crate root) into a fresh folder
/// with `--quiet` and the `extra` arguments; returns the folder and the output.
pub fn convert(inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 temp path").to_string();
    let mut args = vec!["convert"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--out", &out, "--quiet"]);
    args.extend_from_slice(extra);
    let output = run(&args);
    (dir, output)
}

/// Converts `inputs` into a fresh folder, asserting that every input was read (exit 0).
pub fn convert_clean(inputs: &[&str]) -> tempfile::TempDir {
    let (dir, o) = convert(inputs, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "convert {inputs:?}: {}",
        stderr(&o)
    );
    dir
}

/// A file's text, or a panic naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rows of a ledger CSV file as column → value maps.
pub fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// One column of a ledger CSV file, row by row.
pub fn csv_column(path: &Path, column: &str) -> Vec<String> {
    csv_rows(path)
        .into_iter()
        .map(|r| r.get(column).cloned().unwrap_or_default())
        .collect()
}

/// Says loudly on stderr that a test did not run, and why.
pub fn skip(test: &str, why: &str) {
    eprintln!("SKIPPED {test}: {why}");
}
