//! Issue #12 point 4: a thin reading is never silent. Each case is a good
//! fixture made thin at test time (its assessment rows cut out, its
//! appendix's delivery rows cut out, a title turned to OCR junk), converted
//! by the binary; the test compares every thin-reading diagnostic it
//! writes. The good fixtures, and the shared corpus when it is there, give
//! none.

mod common;

use common::{convert, convert_clean, csv_rows, read, root, shared, skip, stderr};
use std::path::Path;

const REPORT: &str = "fixtures/text/2021-04_report.txt";
const APPENDIX: &str = "fixtures/text/Appendix_A_June_2021.txt";
const THIN_CODES: [&str; 3] = [
    "table_without_rows",
    "table_thinner_than_neighbours",
    "title_looks_garbled",
];

/// The diagnostics of `codes` in a ledger: (source file name, page, line, code, text).
fn doubts(dir: &Path, codes: &[&str]) -> Vec<(String, String, String, String, String)> {
    csv_rows(&dir.join("diagnostics.csv"))
        .into_iter()
        .filter(|r| codes.contains(&r["code"].as_str()))
        .map(|r| {
            assert_eq!(r["severity"], "warning", "{r:?}");
            let file = Path::new(&r["source"]).file_name().unwrap();
            (
                file.to_string_lossy().into_owned(),
                r["page"].clone(),
                r["line"].clone(),
                r["code"].clone(),
                r["text"].clone(),
            )
        })
        .collect()
}

/// A fixture's text with `edit` applied, written under its own name in `dir`.
fn edited(dir: &Path, fixture: &str, edit: impl Fn(String) -> String) -> String {
    let name = Path::new(fixture).file_name().unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(read(&root().join(fixture)))).expect("write the edited fixture");
    path.to_str().unwrap().to_string()
}

/// The text without the lines `cut` picks (a table's rows), headings kept.
fn without_lines(text: String, cut: impl Fn(&str) -> bool) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !cut(l)).collect();
    kept.join("\n") + "\n"
}

/// A row of the report's assessment tables: a reference, then PA or IA.
fn assessment_row(l: &str) -> bool {
    let mut w = l.split_whitespace();
    let first = w.next().unwrap_or("");
    (first.starts_with("MP") || first.starts_with("SECMP")) && matches!(w.next(), Some("PA" | "IA"))
}

#[test]
fn the_good_fixtures_read_thin_nowhere() {
    for inputs in [
        vec!["fixtures/text"],
        vec!["fixtures/pdf", "fixtures/other-producers"],
        vec!["fixtures/producers"],
        vec!["fixtures/pdftotext/raw"],
    ] {
        let dir = convert_clean(&inputs);
        let all = [&THIN_CODES[..], &["formula_like_text"]].concat();
        assert_eq!(doubts(dir.path(), &all), [], "{inputs:?}");
    }
}

#[test]
fn the_shared_corpus_pdfs_and_seed_read_thin_nowhere_but_in_the_seeds_overprinted_titles() {
    let archive = shared().join("corpus/generated/archive");
    let seed = shared().join("corpus/seed-2019-10.txt");
    if !archive.is_dir() || !seed.is_file() {
        skip(
            "the_shared_corpus_pdfs_and_seed_read_thin_nowhere_but_in_the_seeds_overprinted_titles",
            "../shared/corpus is not beside the checkout",
        );
        return;
    }
    let pdfs: Vec<String> = std::fs::read_dir(&archive)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let refs: Vec<&str> = pdfs.iter().map(String::as_str).collect();
    assert_eq!(refs.len(), 6);
    let dir = convert_clean(&refs);
    assert_eq!(doubts(dir.path(), &THIN_CODES), []);
    // their OCR text lost most of December 2019's delivery table: only the
    // few rows that stand on a line of their own (without their references)
    // are read, from the table's first row on
    let texts: Vec<String> = refs.iter().map(|p| p.replace(".pdf", "_ocr.txt")).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let dir = convert_clean(&texts);
    assert_eq!(
        doubts(dir.path(), &THIN_CODES),
        [w(
            "Change_Status_Report_December_2019_ocr.txt",
            "10",
            "319",
            "table_thinner_than_neighbours",
            ""
        )]
    );
    // the real October 2019 report's OCR overprinted the first line of some
    // titles (`Ili?s(;ra'r&oi\;alsgéhgc(;]()erg:jjl:r;tial classification …`):
    // each that no other place spells is a warning, and nothing else is
    let dir = convert_clean(&[seed.to_str().unwrap()]);
    let got = doubts(dir.path(), &THIN_CODES);
    let junk = |t: &str| {
        t.split_whitespace().any(|w| {
            w.matches(['?', ';', '\\', '%', '(', ')', ']', '|', ':'])
                .count()
                >= 2
        })
    };
    assert!(!got.is_empty());
    for (_, _, _, code, text) in &got {
        assert_eq!(code, "title_looks_garbled");
        assert!(junk(text), "{text:?} is no junk");
    }
}

#[test]
fn a_report_whose_assessment_rows_were_cut_names_both_tables_and_their_pages() {
    let tmp = tempfile::tempdir().unwrap();
    // the rows cut, the headings kept; the second time with the blank lines
    // cut too, so one heading follows the other directly (as on a PDF page)
    for blank_lines_too in [false, true] {
        let cut = edited(tmp.path(), REPORT, |t| {
            without_lines(t, |l| {
                assessment_row(l) || (blank_lines_too && l.trim().is_empty())
            })
        });
        let (dir, o) = convert(&[&cut], &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let lines = if blank_lines_too {
            ["63", "65"]
        } else {
            ["106", "110"]
        };
        assert_eq!(
            doubts(dir.path(), &THIN_CODES),
            [
                w(
                    "2021-04_report.txt",
                    "4",
                    lines[0],
                    "table_without_rows",
                    "Open Assessments"
                ),
                w(
                    "2021-04_report.txt",
                    "4",
                    lines[1],
                    "table_without_rows",
                    "Assessments completed during 2020/21"
                ),
            ],
            "blank lines cut too: {blank_lines_too}"
        );
        let messages = csv_rows(&dir.path().join("diagnostics.csv"));
        let m = messages
            .iter()
            .find(|r| r["code"] == "table_without_rows")
            .unwrap();
        assert_eq!(
            m["message"],
            "the table \"Open Assessments\" (open_assessments) on page 4 gave no rows: its heading was read but none of its rows was, so this month's ledger lacks them"
        );
    }
    // a table that says it is empty is no thin reading
    let said = edited(tmp.path(), REPORT, |t| {
        let t = without_lines(t, assessment_row);
        t.replace(
            "Open Assessments\n",
            "Open Assessments\n\nThere are no open assessments this month.\n",
        )
    });
    let (dir, _) = convert(&[&said], &[]);
    let got = doubts(dir.path(), &THIN_CODES);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].4, "Assessments completed during 2020/21");
}

#[test]
fn a_refine_section_without_its_assessment_tables_is_named_with_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    // the tables gone whole, headings and all (a heading OCR destroyed)
    let cut = edited(tmp.path(), REPORT, |t| {
        without_lines(t, |l| {
            assessment_row(l)
                || [
                    "Open Assessments",
                    "Assessments completed",
                    "Modification Type",
                ]
                .iter()
                .any(|h| l.starts_with(h))
        })
    });
    let (dir, o) = convert(&[&cut], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        doubts(dir.path(), &THIN_CODES),
        [w(
            "2021-04_report.txt",
            "4",
            "73",
            "table_without_rows",
            "3. Refine"
        )]
    );
    let rows = csv_rows(&dir.path().join("diagnostics.csv"));
    let m = rows
        .iter()
        .find(|r| r["code"] == "table_without_rows")
        .unwrap();
    assert_eq!(
        m["message"],
        "the Refine section (\"3. Refine\", page 4) gave no DCC assessment rows: neither its open nor its completed assessments table was found, so this month's ledger lacks them"
    );
}

#[test]
fn an_appendix_heading_with_no_delivery_rows_is_named_with_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    let cut = edited(tmp.path(), APPENDIX, |t| {
        without_lines(t, |l| l.starts_with("01") || l.starts_with("00"))
    });
    let (dir, o) = convert(&[&cut], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // the delivery table only: the status tables are no row tables
    assert_eq!(
        doubts(dir.path(), &THIN_CODES),
        [w(
            "Appendix_A_June_2021.txt",
            "2",
            "16",
            "table_without_rows",
            "3 DCC Assessment Delivery Dates"
        )]
    );
}

#[test]
fn a_title_only_one_place_gives_is_a_warning_when_it_is_junk() {
    let tmp = tempfile::tempdir().unwrap();
    // MP126 is titled only in the Working Group list, SECMP0036 only in the
    // appendix; DP132 is titled in two places, one of them clean
    let junk = edited(tmp.path(), REPORT, |t| {
        t.replace("Tariffs, Tokens and “Top-Up” Limits", "~|l1 ;: ,.—")
            .replace(
                "Legacy Token Format Retirement",
                "Erro(\\sifi:)rr; r?tf| Retirement",
            )
            .replacen("Harmonising Tariff Label Lengths", "~|l1 ;: ,.— Lengths", 1)
    });
    let (dir, o) = convert(&[&junk], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        doubts(dir.path(), &THIN_CODES),
        [
            w(
                "2021-04_report.txt",
                "4",
                "87",
                "title_looks_garbled",
                "~|l1 ;: ,.—"
            ),
            w(
                "2021-04_report.txt",
                "9",
                "232",
                "title_looks_garbled",
                "Erro(\\sifi:)rr; r?tf| Retirement"
            ),
        ]
    );
    let rows = csv_rows(&dir.path().join("diagnostics.csv"));
    let m = rows
        .iter()
        .find(|r| r["code"] == "title_looks_garbled")
        .unwrap();
    assert_eq!(
        m["message"],
        "the title of MP126, read in this one place only, looks like OCR garbage (89% of its characters are not letters); check it against the page"
    );
}

#[test]
fn a_delivery_table_far_shorter_than_the_months_around_it_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    // May's delivery table cut to its first row (0124) of four; April gives
    // five rows, June four
    let may = edited(tmp.path(), "fixtures/text/2021-05_report_ocr.txt", |t| {
        without_lines(t, |l| {
            ["0125 ", "O Reporting", "0122 "]
                .iter()
                .any(|p| l.starts_with(p))
        })
    });
    let inputs = [REPORT, &may, "fixtures/text/2021-06_report.txt", APPENDIX];
    let (dir, o) = convert(&inputs, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        doubts(dir.path(), &THIN_CODES),
        [w(
            "2021-05_report_ocr.txt",
            "9",
            "193",
            "table_thinner_than_neighbours",
            ""
        )]
    );
    let rows = csv_rows(&dir.path().join("diagnostics.csv"));
    let m = rows
        .iter()
        .find(|r| r["code"] == "table_thinner_than_neighbours")
        .unwrap();
    assert_eq!(
        m["message"],
        "the appendix's delivery table gave 1 row(s), where the months before and after give 5 and 4: rows were probably lost in reading"
    );
    // two rows of four is half: no warning (the rule wants under half)
    let may = edited(tmp.path(), "fixtures/text/2021-05_report_ocr.txt", |t| {
        without_lines(t, |l| {
            ["O Reporting", "0122 "].iter().any(|p| l.starts_with(p))
        })
    });
    let inputs = [REPORT, &may, "fixtures/text/2021-06_report.txt", APPENDIX];
    let (dir, _) = convert(&inputs, &[]);
    assert_eq!(doubts(dir.path(), &THIN_CODES), []);
}

/// One expected warning row.
fn w(
    file: &str,
    page: &str,
    line: &str,
    code: &str,
    text: &str,
) -> (String, String, String, String, String) {
    (
        file.to_string(),
        page.to_string(),
        line.to_string(),
        code.to_string(),
        text.to_string(),
    )
}
