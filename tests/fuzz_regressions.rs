//! Every input in `fixtures/fuzz-regressions/` once made modledger panic (found by
//! the fuzz targets in `fuzz/` or while writing them). Each is run through the
//! binary: no panic message (neither an uncaught one nor one caught per file and
//! reported as a bug), and the exit status of a run that could read (0) or could
//! not read (1) its input, never a crash.
//!
//! Name a new file `text-<what>` or `pdf-<what>` after the target that found it.

mod common;

use std::path::Path;

#[test]
fn no_fuzz_regression_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for file in files {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = common::modledger()
            .arg("convert")
            .arg(&file)
            .arg("--out")
            .arg(tmp.path().join("ledger"))
            .output()
            .expect("run modledger");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{}:\n{err}", file.display());
        // a panic caught per file is still a bug: it is reported as one
        assert!(
            !err.contains("a bug, please report it"),
            "{}:\n{err}",
            file.display()
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: exit {:?}\n{err}",
            file.display(),
            out.status.code()
        );
        assert!(tmp.path().join("ledger/diagnostics.csv").exists());
    }
}

/// A damaged PDF whose page's `/Parent` chain loops made pdf-extract spin
/// forever looking for an inherited key (found by the `pdf` target as a slow
/// unit, then a leak of the abandoned worker). It is now refused as damaged
/// before the library sees the page, instead of running into the time budget.
#[test]
fn a_page_tree_cycle_is_damage_not_a_timeout() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = common::modledger()
        .args([
            "convert",
            "fixtures/fuzz-regressions/pdf-parent-cycle.pdf",
            "--timeout",
            "20",
            "--out",
        ])
        .arg(tmp.path().join("ledger"))
        .output()
        .expect("run modledger");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the page tree loops back on itself"), "{err}");
    assert!(!err.contains("time budget"), "{err}");
}
