//! Builds a benchmark archive of N monthly text reports, each in a month of its own.
//!
//! Run from the crate root:
//! `cargo run --release --example make_archive -- N OUT [DAMAGED_EVERY]`.
//!
//! In: the OCR text of the generated corpus (`../shared/corpus/generated/archive/*_ocr.txt`,
//! when that folder is there) and `fixtures/text/*.txt`, taken in turn. Out: `OUT/r00000.txt`
//! … one file per report, each a copy of a source with its dates moved to a month of its own
//! (month `i` of the archive is January 1100 plus `i` months; no file name names a month):
//! the cover's date line becomes the 10th of that month, an appendix's `Date:` line its 1st
//! (so an appendix in a file of its own finds no report within a month and stays its own).
//! With `DAMAGED_EVERY = k` (default 0: none), every k-th file has its references destroyed
//! as OCR destroys them: each appendix row's leading number and each bulleted item's
//! reference become `O`, so reconciling must repair them from the same report or other months.
//! Prints `files bytes` on stdout. Deterministic: the same arguments give the same bytes.

use regex::Regex;
use std::path::{Path, PathBuf};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// The archive's first year: far from any real report, so months never collide with them.
const FIRST_YEAR: usize = 1100;

fn sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (dir, suffix) in [
        ("../shared/corpus/generated/archive", "_ocr.txt"),
        ("fixtures/text", ".txt"),
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("make_archive: {dir} is not there; its files are not used");
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// The patterns that move dates and destroy references.
struct Edits {
    cover: Regex,
    dated: Regex,
    row: Regex,
    item: Regex,
}

impl Edits {
    fn new() -> Edits {
        let names = MONTHS.join("|");
        Edits {
            cover: Regex::new(&format!(r"(?m)^(\s*)\d{{1,2}} (?:{names}) \d{{4}}[ \t]*$")).unwrap(),
            dated: Regex::new(&format!(r"(?m)^(Date:\s*)\d{{1,2}} (?:{names}) \d{{4}}")).unwrap(),
            row: Regex::new(r"(?m)^0\d{2,3}( [A-Z])").unwrap(),
            item: Regex::new(r"(?m)^(\W{0,2}\s*[eo•]?\s*)(?:SECMP\d{4}|MP\d{3}|DP\d{3})(\s+[‘'])")
                .unwrap(),
        }
    }

    /// The text with its cover and appendix dates moved to `(year, month)`.
    fn moved(&self, text: &str, year: usize, month: usize) -> String {
        let name = MONTHS[month];
        let t = self
            .cover
            .replace(text, format!("${{1}}10 {name} {year}").as_str());
        self.dated
            .replace(&t, format!("${{1}}1 {name} {year}").as_str())
            .into_owned()
    }

    /// The text with its references destroyed (see the module docs).
    fn damaged(&self, text: &str) -> String {
        let t = self.row.replace_all(text, "O$1");
        self.item.replace_all(&t, "${1}O$2").into_owned()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: make_archive N OUT [DAMAGED_EVERY]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().expect("N is a number");
    let out = Path::new(&args[2]);
    let every: usize = args.get(3).map_or(0, |k| k.parse().expect("DAMAGED_EVERY"));
    let texts: Vec<String> = sources()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a source reads"))
        .collect();
    assert!(!texts.is_empty(), "no source text files");
    std::fs::create_dir_all(out).expect("OUT can be made");
    let edits = Edits::new();
    let mut bytes = 0usize;
    for i in 0..n {
        let mut text = edits.moved(&texts[i % texts.len()], FIRST_YEAR + i / 12, i % 12);
        if every > 0 && i % every == every - 1 {
            text = edits.damaged(&text);
        }
        bytes += text.len();
        std::fs::write(out.join(format!("r{i:05}.txt")), text).expect("a report is written");
    }
    println!("{n} {bytes}");
}
