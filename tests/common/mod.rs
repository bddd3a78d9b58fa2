//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// The crate root (fixture paths are relative to it).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `modledger ARGS` from the crate root, so ledger sources stay relative.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modledger"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run modledger")
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

/// Converts `inputs` (paths relative to the crate root) into a fresh folder,
/// asserting that every input was read (exit 0).
pub fn convert_clean(inputs: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = vec![
        "convert",
        "--quiet",
        "--out",
        out.path().to_str().expect("utf-8"),
    ];
    args.extend_from_slice(inputs);
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "convert {inputs:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}
