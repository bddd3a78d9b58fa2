//! Plain `pdftotext` (no `-layout`: a table's cells one per line) and
//! `pdftotext -raw` (a row's cells on one line, single spaces) of the
//! fixture PDFs, read against the PDFs' own ledgers.
//!
//! The texts in `fixtures/pdftotext/` are the output of `pdftotext` and
//! `pdftotext -raw` on the fixture PDFs (`fixtures/scans/make.sh` makes
//! them). The assessments and timescales hold no page or line numbers, so
//! a text's CSV must be byte-identical to its PDF's where the text keeps
//! what the PDF says.

mod common;

use common::{convert_clean, csv_rows, read};

/// The fixture PDF a pdftotext fixture was made from.
fn pdf_of(name: &str) -> String {
    let own = format!("fixtures/pdf/{name}.pdf");
    if common::root().join(&own).is_file() {
        own
    } else {
        format!("fixtures/other-producers/{name}.pdf")
    }
}

/// One ledger file of the PDF's ledger and of the text's.
fn both(name: &str, form: &str, file: &str) -> (String, String) {
    let pdf = convert_clean(&[&pdf_of(name)]);
    let text = convert_clean(&[&format!("fixtures/pdftotext/{form}/{name}.txt")]);
    (read(&pdf.path().join(file)), read(&text.path().join(file)))
}

#[test]
fn raw_text_gives_the_pdfs_assessments() {
    for name in [
        "2021-02_appendix_ruled",
        "2021-07_report_libreoffice",
        "2021-08_appendix_ruled_libreoffice",
    ] {
        let (pdf, raw) = both(name, "raw", "assessments.csv");
        assert!(pdf.lines().count() > 1, "{name}: the PDF's is empty");
        assert_eq!(raw, pdf, "{name}: assessments.csv of -raw text");
    }
}

/// The rows of a CSV whose text contains `mark`, each cut to its first `n` fields.
fn rows_with(csv: &str, mark: &str, n: usize) -> Vec<String> {
    csv.lines()
        .filter(|l| l.contains(mark))
        .map(|l| l.split(',').take(n).collect::<Vec<_>>().join(","))
        .collect()
}

#[test]
fn raw_text_reads_a_rows_cells_given_one_after_another() {
    // the delivery table: title lines, then status lines, then the dates
    // and the comment, whose wrapped lines are no title
    let (pdf, raw) = both("2021-03_appendix", "raw", "assessments.csv");
    let want = rows_with(&pdf, ",appendix,", 9);
    assert_eq!(want.len(), 13);
    assert_eq!(rows_with(&raw, ",appendix,", 9), want);
}

#[test]
fn raw_text_reads_the_type_cell_where_the_header_puts_it() {
    // `Modification Returned Type Actual duration Target duration`
    let (pdf, raw) = both("2021-03_report", "raw", "assessments.csv");
    let rows = |t: &str| -> Vec<String> {
        rows_with(t, ",report,", 11)
            .into_iter()
            .filter(|r| !r.contains("MP104")) // its empty Actual cell: see the next test
            .collect()
    };
    assert_eq!(rows(&pdf).len(), 7);
    assert_eq!(rows(&raw), rows(&pdf));
}

#[test]
fn single_spaced_text_cannot_place_an_empty_middle_cell() {
    // `MP104 2 Jul 20 IA 40 WD`: the Actual duration is empty and the one
    // duration left goes to the first duration column (documented)
    let (pdf, raw) = both("2021-03_report", "raw", "assessments.csv");
    assert_eq!(
        rows_with(&pdf, "MP104", 11),
        ["2021-03-05,104,MP104,IA,report,,,,2020-07-02,40,"]
    );
    assert_eq!(
        rows_with(&raw, "MP104", 11),
        ["2021-03-05,104,MP104,IA,report,,,,2020-07-02,,40"]
    );
}

#[test]
fn plain_text_joins_a_row_broken_over_lines() {
    // `MP125` / `IA` / `28 Apr 21 40 WD` / `47 WD` under a one-line header
    let (pdf, plain) = both("2021-07_report_libreoffice", "plain", "assessments.csv");
    let want = rows_with(&pdf, ",report,", 12);
    assert_eq!(want.len(), 4);
    assert_eq!(rows_with(&plain, ",report,", 12), want);
}

#[test]
fn plain_text_reads_status_tables_cell_by_cell() {
    // references and titles one per line, another table's header words
    // between them, a title wrapped over two lines
    let text = convert_clean(&["fixtures/pdftotext/plain/2021-03_appendix.txt"]);
    let pdf = convert_clean(&[&pdf_of("2021-03_appendix")]);
    let rows = |dir: &std::path::Path| -> Vec<(String, String, String, String)> {
        csv_rows(&dir.join("observations.csv"))
            .into_iter()
            .filter(|r| r["list"] != "delivery_dates")
            .map(|r| {
                let cells = (r["ref"].clone(), r["title"].clone(), r["list"].clone());
                (cells.0, cells.1, cells.2, r["page"].clone())
            })
            .collect()
    };
    let want = rows(pdf.path());
    assert_eq!(want.len(), 8, "the PDF's status tables: {want:?}");
    assert_eq!(rows(text.path()), want);
}
