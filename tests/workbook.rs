//! `ledger.xlsx`: written by `convert` beside the CSV files, it holds the
//! same tables with real types (read back with calamine and, when it is
//! installed, with LibreOffice), plus the Stages and Slips views; titles
//! that look like formulas stay text, non-ASCII titles survive, and two
//! runs give the same bytes.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{convert_clean, root, run};
use modledger::ledger::schema::text_cell::unescape;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sheets in order: the two views, then one per ledger file.
const SHEETS: [&str; 10] = [
    "Stages",
    "Slips",
    "reports",
    "observations",
    "assessments",
    "events",
    "timescales",
    "history",
    "register",
    "diagnostics",
];

/// Columns that must be real dates, and columns that must be numbers;
/// every other column must be text.
const DATES: [&str; 12] = [
    "report",
    "requested",
    "target",
    "delivered",
    "date",
    "raised",
    "implemented",
    "dcc_date",
    "first_report",
    "first_target",
    "latest_report",
    "latest_target",
];
const NUMBERS: [&str; 11] = [
    "pages",
    "observations",
    "diagnostics",
    "page",
    "line",
    "target_wd",
    "elapsed_wd",
    "total",
    "average_wd",
    "moves",
    "days_slipped",
];

/// The fixture archive: every producer, every month.
const ARCHIVE: [&str; 3] = ["fixtures/text", "fixtures/pdf", "fixtures/other-producers"];

/// Undoes the OOXML escape of characters XML cannot hold (`_x000C_` for a
/// form feed, `_x005F_` for an underscore that starts such a pattern),
/// which Excel and LibreOffice read but calamine leaves as written.
fn ooxml_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let hex = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let decoded = hex
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A cell as the CSV file writes it, with the kind of value it holds.
fn cell(d: &Data) -> (String, &'static str) {
    match d {
        Data::Empty => (String::new(), "empty"),
        Data::String(s) => (ooxml_unescape(s), "text"),
        Data::Float(f) if f.fract() == 0.0 => (format!("{}", *f as i64), "number"),
        Data::Float(f) => (f.to_string(), "number"),
        Data::Int(i) => (i.to_string(), "number"),
        Data::DateTime(dt) => (
            dt.as_datetime()
                .map(|t| t.date().to_string())
                .unwrap_or_default(),
            "date",
        ),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// A sheet's rows as (text, kind) cells.
fn sheet(path: &Path, name: &str) -> Vec<Vec<(String, &'static str)>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open ledger.xlsx");
    let range = wb.worksheet_range(name).expect("sheet");
    range.rows().map(|r| r.iter().map(cell).collect()).collect()
}

/// A CSV file's rows, header first, each text as it is (without the
/// protecting `'` the ledger's CSV files put before a formula-looking text;
/// the workbook's cells are text already and need none).
fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    csv_texts(&bytes)
}

/// CSV bytes' rows, header first, texts unescaped.
fn csv_texts(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    r.records()
        .map(|rec| {
            rec.expect("row")
                .iter()
                .map(|v| unescape(v).to_string())
                .collect()
        })
        .collect()
}

/// The kind a column's non-empty cells must have.
fn wanted_kind(column: &str) -> &'static str {
    if DATES.contains(&column) {
        "date"
    } else if NUMBERS.contains(&column) {
        "number"
    } else {
        "text"
    }
}

/// Checks one ledger file's sheet against the CSV: same header, same rows,
/// every value equal, every cell of its column's kind.
fn assert_sheet_is_the_csv(dir: &Path, name: &str) {
    let xlsx = dir.join("ledger.xlsx");
    let got = sheet(&xlsx, name);
    let want = csv_records(&dir.join(format!("{name}.csv")));
    assert_eq!(got.len(), want.len(), "{name}: rows");
    let header: Vec<String> = got[0].iter().map(|c| c.0.clone()).collect();
    assert_eq!(header, want[0], "{name}: header");
    for (i, (g, w)) in got.iter().zip(&want).enumerate().skip(1) {
        let values: Vec<&str> = g.iter().map(|c| c.0.as_str()).collect();
        let padded: Vec<&str> = (0..w.len())
            .map(|j| values.get(j).copied().unwrap_or(""))
            .collect();
        assert_eq!(padded, *w, "{name}: row {i}");
        for (j, (_, kind)) in g.iter().enumerate() {
            if *kind != "empty" {
                let column = &want[0][j];
                assert_eq!(
                    *kind,
                    wanted_kind(column),
                    "{name}: row {i} column {column}"
                );
            }
        }
    }
}

#[test]
fn every_ledger_file_is_a_typed_sheet_with_the_csv_values() {
    let dir = convert_clean(&ARCHIVE);
    let xlsx = dir.path().join("ledger.xlsx");
    let wb: Xlsx<_> = open_workbook(&xlsx).expect("open");
    assert_eq!(wb.sheet_names(), SHEETS);
    for name in &SHEETS[2..] {
        assert_sheet_is_the_csv(dir.path(), name);
    }
    // text that looks like a number stays text
    let obs = sheet(&xlsx, "observations");
    let raw = obs.iter().find(|r| r[3].0 == "0301").expect("raw_ref 0301");
    assert_eq!(raw[3].1, "text");
    assert_eq!((raw[1].0.as_str(), raw[1].1), ("301", "text"));
}

#[test]
fn the_stages_sheet_shows_each_proposal_month_by_month_in_the_stage_colours() {
    let dir = convert_clean(&ARCHIVE);
    let xlsx = dir.path().join("ledger.xlsx");
    let rows = sheet(&xlsx, "Stages");
    let text = |r: &Vec<(String, &str)>| r.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        text(&rows[0])[..9],
        [
            "Stage colours",
            "",
            "",
            "define",
            "refine",
            "opine",
            "decide",
            "release",
            "closed"
        ]
    );
    let months = [
        "2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07", "2021-08",
    ];
    let mut header = vec!["number".to_string(), "ref".into(), "title".into()];
    header.extend(months.iter().map(|m| m.to_string()));
    header.extend(months.iter().map(|m| format!("status {m}")));
    assert_eq!(text(&rows[2]), header);
    // one row per proposal of the register, in its order
    let register = csv_records(&dir.path().join("register.csv"));
    assert_eq!(rows.len() - 3, register.len() - 1);
    for (row, reg) in rows[3..].iter().zip(&register[1..]) {
        assert_eq!(text(row)[..3], reg[..3], "number, ref, latest title");
    }
    // every stage and status cell is history's
    let history = common::csv_rows(&dir.path().join("history.csv"));
    let by_key: BTreeMap<(String, String), &BTreeMap<String, String>> = history
        .iter()
        .map(|h| ((h["number"].clone(), h["month"].clone()), h))
        .collect();
    for row in &rows[3..] {
        for (i, m) in months.iter().enumerate() {
            let h = by_key.get(&(row[0].0.clone(), m.to_string()));
            let (stage, status) = (&row[3 + i].0, &row[3 + months.len() + i].0);
            assert_eq!(
                stage,
                h.map_or("", |h| h["stage"].as_str()),
                "{} {m}",
                row[0].0
            );
            assert_eq!(
                status,
                h.map_or("", |h| h["status"].as_str()),
                "{} {m}",
                row[0].0
            );
        }
    }
    // the fills are the palette's, one per stage
    let styles = zip_entry(&xlsx, "xl/styles.xml");
    for s in modledger::model::Stage::ALL {
        let fill = modledger::write::palette::stage_fill(s).trim_start_matches('#');
        assert!(styles.contains(&format!("FF{fill}")), "{s} fill {fill}");
    }
}

#[test]
fn the_slips_sheet_lists_each_moved_target_with_its_days() {
    let dir = convert_clean(&ARCHIVE);
    let rows = sheet(&dir.path().join("ledger.xlsx"), "Slips");
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.0.clone()).collect())
        .collect();
    assert_eq!(
        text[0].join(","),
        "number,ref,title,type,source,first_report,first_target,latest_report,latest_target,moves,days_slipped,targets"
    );
    let r124 = text.iter().find(|r| r[0] == "124").expect("124 slipped");
    assert_eq!(
        r124.join(","),
        "124,MP124,Consumer Device Pairing Windows,IA,appendix,2021-04-07,2021-04-19,2021-06-04,2021-06-21,1,63,2021-04-19 → 2021-06-21"
    );
    let kinds: Vec<&str> = rows[1].iter().map(|c| c.1).collect();
    assert_eq!(
        kinds,
        [
            "text", "text", "text", "text", "text", "date", "date", "date", "date", "number",
            "number", "text"
        ]
    );
}

#[test]
fn two_runs_write_the_same_workbook_bytes() {
    let a = convert_clean(&ARCHIVE);
    let b = convert_clean(&ARCHIVE);
    let read = |d: &Path| std::fs::read(d.join("ledger.xlsx")).expect("ledger.xlsx");
    assert!(
        read(a.path()) == read(b.path()),
        "ledger.xlsx differs between runs"
    );
}

/// A fixture report with titles that look like formulas and titles in
/// other scripts, written into `dir`.
fn tricky_titles(dir: &Path) -> PathBuf {
    let src =
        std::fs::read_to_string(root().join("fixtures/text/2021-06_report.txt")).expect("fixture");
    let text = src
        .replace("Communal Area Lighting Defaults", "=HYPERLINK(\"x\")")
        .replace(
            "Secure Firmware Rollback Controls",
            "Zähler–Übergabe für die Straße ✓ 電力",
        )
        .replace("Consumer Device Pairing Windows", "+1 -2 @SUM(A1)");
    let path = dir.join("2021-06_report.txt");
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn titles_that_look_like_formulas_stay_text_and_other_scripts_survive() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tricky_titles(tmp.path());
    let out = tmp.path().join("ledger");
    let o = run(&[
        "convert",
        "-q",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let xlsx = out.join("ledger.xlsx");
    for name in &SHEETS[2..] {
        assert_sheet_is_the_csv(&out, name);
    }
    let titles: Vec<String> = sheet(&xlsx, "register")
        .iter()
        .map(|r| r[2].0.clone())
        .collect();
    for t in ["=HYPERLINK(\"x\")", "Zähler–Übergabe für die Straße ✓ 電力"] {
        assert!(titles.iter().any(|x| x == t), "{t} in {titles:?}");
    }
    assert!(
        titles.iter().any(|x| x.starts_with("+1 -2 @SUM(A1)")),
        "{titles:?}"
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("open");
    for name in SHEETS {
        let formulas = wb.worksheet_formula(name).expect("formulas");
        assert!(
            formulas.used_cells().next().is_none(),
            "{name} holds a formula"
        );
    }
}

/// One file of the workbook's zip, as text.
fn zip_entry(xlsx: &Path, name: &str) -> String {
    let f = std::fs::File::open(xlsx).expect("open");
    let mut z = zip::ZipArchive::new(f).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .expect(name)
        .read_to_string(&mut s)
        .expect("read");
    s
}

/// Each sheet as LibreOffice exports it to CSV (values as shown), when
/// `soffice` is installed.
fn libreoffice_csv(xlsx: &Path, out: &Path) -> Option<BTreeMap<String, Vec<Vec<String>>>> {
    let profile = format!("-env:UserInstallation=file://{}/profile", out.display());
    // 44,34,76: comma, double quote, UTF-8; "true" at 8: as shown; -1: every sheet
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let o = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out)
        .arg(xlsx)
        .output()
        .ok()?;
    assert!(
        o.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut sheets = BTreeMap::new();
    for name in SHEETS {
        let path = out.join(format!("ledger-{name}.csv"));
        sheets.insert(name.to_string(), csv_records(&path));
    }
    Some(sheets)
}

#[test]
fn libreoffice_reads_every_sheet_with_the_ledger_values() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tricky_titles(tmp.path());
    let out = tmp.path().join("ledger");
    let mut args = vec!["convert", "-q", "--out", out.to_str().unwrap()];
    args.extend(ARCHIVE.iter().filter(|a| **a != "fixtures/text"));
    args.push(input.to_str().unwrap());
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let xlsx = out.join("ledger.xlsx");
    let lo_dir = tmp.path().join("lo");
    let Some(sheets) = libreoffice_csv(&xlsx, &lo_dir) else {
        eprintln!("SKIPPED libreoffice_reads_every_sheet_with_the_ledger_values: soffice is not installed (apt-get install libreoffice-calc-nogui)");
        return;
    };
    for name in SHEETS {
        let lo = &sheets[name];
        let want: Vec<Vec<String>> = if SHEETS[2..].contains(&name) {
            csv_records(&out.join(format!("{name}.csv")))
        } else {
            sheet(&xlsx, name)
                .iter()
                .map(|r| r.iter().map(|c| c.0.clone()).collect())
                .collect()
        };
        let trim = |rows: &Vec<Vec<String>>| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| {
                    let mut r = r.clone();
                    while r.last().is_some_and(String::is_empty) {
                        r.pop();
                    }
                    r
                })
                .collect()
        };
        assert_eq!(trim(lo), trim(&want), "LibreOffice's {name}");
    }
}

mod free_text {
    //! Any text a diagnostic can quote (control characters, `_x0041_`,
    //! formulas, every script) reads back from the workbook as the CSV has it.
    use super::*;
    use calamine::Xlsx;
    use modledger::ledger::Ledger;
    use modledger::model::{Code, Diagnostic};
    use proptest::prelude::*;

    /// The diagnostics sheet of a ledger holding one diagnostic, and the CSV's rows.
    fn round_trip(source: &str, message: &str, text: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let d = Diagnostic::new(Code::LineCut, source, message).quoting(text);
        let ledger = Ledger::build(Vec::new(), &[d]);
        let files = modledger::write::ledger_folder(&ledger).expect("files");
        let mut wb =
            Xlsx::new(std::io::Cursor::new(files.file("ledger.xlsx").to_vec())).expect("xlsx");
        let range = wb.worksheet_range("diagnostics").expect("sheet");
        let got = range
            .rows()
            .map(|r| r.iter().map(|c| cell(c).0).collect())
            .collect();
        (got, csv_texts(files.file("diagnostics.csv")))
    }

    fn tricky() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,40}",
            any::<String>(),
            Just("_x0041_ and _x005F_".to_string()),
            Just("=HYPERLINK(\"http://x\")".to_string()),
            Just("a\u{c}page\u{b}break\r\nline\ttab\u{0}nul".to_string()),
            Just(" leading and trailing spaces ".to_string()),
            Just("non-characters \u{fffe}\u{ffff} and \u{1F600} \u{7f}".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn any_quoted_text_reads_back_as_the_csv_has_it(
            source in tricky(), message in tricky(), text in tricky()
        ) {
            let (got, want) = round_trip(&source, &message, &text);
            prop_assert_eq!(got, want);
        }
    }
}
