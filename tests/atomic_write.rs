//! Issue #5, "no run can lose a ledger": a convert killed with SIGKILL at any
//! moment leaves `--out` holding a whole ledger, byte for byte either the one
//! that was there before or the new one, never a mix, and the next run cleans
//! up what the killed one left beside it.
//!
//! The kills are spread over the whole run. To land many of them inside the
//! write phase (a few milliseconds otherwise), half the runs set
//! `MODLEDGER_WRITE_PAUSE_MS`, which makes the writer pause after each file it
//! stages, before the swap and between the fallback's two renames. The second
//! test runs the rename-aside fallback (`MODLEDGER_NO_EXCHANGE`) the same way.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Files = BTreeMap<String, Vec<u8>>;

fn command(inputs: &[&str], out: &Path, pause_ms: u64) -> Command {
    command_with(inputs, out, pause_ms, false)
}

/// The convert command; `fallback` disables the atomic exchange (rename aside, then
/// rename in).
fn command_with(inputs: &[&str], out: &Path, pause_ms: u64, fallback: bool) -> Command {
    let mut c = common::modledger();
    if fallback {
        c.env("MODLEDGER_NO_EXCHANGE", "1");
    }
    c.arg("convert")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .env("MODLEDGER_WRITE_PAUSE_MS", pause_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Runs a convert to the end; returns how long it took.
fn convert(inputs: &[&str], out: &Path, pause_ms: u64) -> Duration {
    let start = Instant::now();
    let status = command(inputs, out, pause_ms)
        .status()
        .expect("run modledger");
    assert_eq!(status.code(), Some(0), "convert {inputs:?}");
    start.elapsed()
}

/// Every entry of a folder with its bytes (folders inside would be a failure).
fn files(dir: &Path) -> Files {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.expect("entry").path();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Names beside the ledger folder other than the folder itself.
fn leftovers(out: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != out)
        .collect()
}

/// Puts the old ledger back into `out`, fresh.
fn reset(out: &Path, old: &Files) {
    if out.exists() {
        std::fs::remove_dir_all(out).unwrap();
    }
    std::fs::create_dir(out).unwrap();
    for (name, bytes) in old {
        std::fs::write(out.join(name), bytes).unwrap();
    }
}

#[test]
fn a_killed_convert_leaves_the_old_ledger_or_the_new_one_whole() {
    kill_rounds(false);
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_convert_with_the_rename_fallback_loses_nothing() {
    kill_rounds(true);
}

/// The old ledger a killed fallback run left renamed aside, if any.
fn renamed_aside(out: &Path) -> Option<Files> {
    leftovers(out)
        .into_iter()
        .find(|p| p.to_string_lossy().contains(".ledger.modledger-old-"))
        .map(|p| files(&p))
}

/// Kills converts of a new ledger over an old one at many moments; checks each time
/// that the old or the new ledger is whole (with the fallback, the old one may be
/// renamed aside, where the next run puts it back).
fn kill_rounds(fallback: bool) {
    let old_inputs = ["fixtures/text/2021-04_report.txt"];
    let new_inputs = ["fixtures/text"];
    let tmp = tempfile::tempdir().unwrap();
    convert(&old_inputs, &tmp.path().join("old"), 0);
    let old = files(&tmp.path().join("old"));
    let full = convert(&new_inputs, &tmp.path().join("new"), 0);
    let paused = convert(&new_inputs, &tmp.path().join("new2"), 40);
    let new = files(&tmp.path().join("new"));
    assert_ne!(old, new);
    assert_eq!(files(&tmp.path().join("new2")), new);

    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = work.join("ledger");
    let (mut saw_old, mut saw_new, mut mid_write, mut saw_aside) = (0, 0, 0, 0);
    let rounds = 26u32;
    for i in 0..rounds {
        reset(&out, &old);
        let (pause, span) = if i % 2 == 0 { (40, paused) } else { (0, full) };
        // delays from 0 to 150% of a whole run, a different one each round; the
        // last two rounds are not killed, so both outcomes are always seen
        let delay = span.mul_f64(f64::from(i / 2) * 1.5 / f64::from(rounds / 2 - 1));
        let mut child = command_with(&new_inputs, &out, pause, fallback)
            .spawn()
            .expect("spawn");
        if i < rounds - 2 {
            std::thread::sleep(delay);
            let _ = child.kill(); // SIGKILL
        }
        let _ = child.wait();
        if !out.exists() {
            assert!(fallback, "round {i}: no ledger folder after the kill");
            assert_eq!(
                renamed_aside(&out),
                Some(old.clone()),
                "round {i}: old ledger aside"
            );
            saw_aside += 1;
            continue;
        }
        let got = files(&out);
        if got == old {
            saw_old += 1;
        } else if got == new {
            saw_new += 1;
        } else {
            panic!(
                "round {i} (killed after {delay:?}): {} holds neither ledger: {:?}",
                out.display(),
                got.keys().collect::<Vec<_>>()
            );
        }
        if !leftovers(&out).is_empty() {
            mid_write += 1;
        }
    }
    eprintln!(
        "fallback {fallback}: {rounds} rounds, {} killed: {saw_old} left the old ledger, \
         {saw_new} the new one, {saw_aside} the old one renamed aside; \
         {mid_write} left a staging folder behind (killed while writing or swapping); \
         a whole run takes {full:?}, {paused:?} with pauses",
        rounds - 2
    );
    assert!(
        saw_old > 0 && saw_new > 0,
        "kills should land before and after the swap"
    );

    // the next run cleans up what the killed ones left
    convert(&new_inputs, &out, 0);
    assert_eq!(files(&out), new);
    assert_eq!(leftovers(&out), Vec::<PathBuf>::new());
}

#[test]
fn a_run_killed_between_the_two_renames_of_the_fallback_is_repaired() {
    // What the rename-aside fallback leaves if killed between its two renames:
    // no ledger folder, the old one under its hidden name. The next run puts it
    // back before anything else, then replaces it.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ledger");
    convert(&["fixtures/text/2021-04_report.txt"], &out, 0);
    let old = files(&out);
    let aside = tmp.path().join(".ledger.modledger-old-999999999-1");
    std::fs::rename(&out, &aside).unwrap();
    std::fs::create_dir(tmp.path().join(".ledger.modledger-new-999999999-2")).unwrap();
    std::fs::write(tmp.path().join("mine.txt"), "keep\n").unwrap();
    // a run that fails before writing (a foreign file in the restored folder)
    // shows that the old ledger was put back first
    std::fs::write(aside.join("notes.txt"), "mine\n").unwrap();
    let status = command(&["fixtures/text"], &out, 0).status().unwrap();
    assert_eq!(status.code(), Some(2));
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    assert_eq!(files(&out), old, "the old ledger is back in place");
    convert(&["fixtures/text"], &out, 0);
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["ledger", "mine.txt"]);
}
