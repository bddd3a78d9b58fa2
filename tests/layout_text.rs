//! `pdftotext -layout` text of the fixture PDFs of every producer, read
//! against the PDFs' own ledgers.
//!
//! The texts in `fixtures/pdftotext/layout/` are `pdftotext -layout` of the
//! fixture PDFs (`fixtures/scans/make.sh` makes them). Each producer spaces
//! its tables its own way: LibreOffice's single-spaced header rows sit over
//! cells that `-layout` spaces apart, and a report that is mostly prose
//! still has its tables laid out in columns. The assessments and
//! timescales hold no page or line numbers, so a text's CSV must be
//! byte-identical to its PDF's.

mod common;

use common::{convert_clean, read};

/// The fixture PDFs whose `-layout` text is in `fixtures/pdftotext/layout/`.
const PDFS: [&str; 11] = [
    "fixtures/pdf/2021-02_appendix_ruled.pdf",
    "fixtures/pdf/2021-03_report.pdf",
    "fixtures/pdf/2021-03_appendix.pdf",
    "fixtures/other-producers/2021-07_report_libreoffice.pdf",
    "fixtures/other-producers/2021-08_appendix_ruled_libreoffice.pdf",
    "fixtures/producers/weasyprint/Change_Status_Report_September_2021.pdf",
    "fixtures/producers/weasyprint/Appendix_A_DCC_Assessments_update_September_2021.pdf",
    "fixtures/producers/typst/Change_Status_Report_October_2021.pdf",
    "fixtures/producers/typst/Appendix_A_DCC_Assessments_update_October_2021.pdf",
    "fixtures/producers/wkhtmltopdf/Change_Status_Report_November_2021.pdf",
    "fixtures/producers/wkhtmltopdf/Appendix_A_DCC_Assessments_update_November_2021.pdf",
];

/// The `-layout` text made from a fixture PDF.
fn text_of(pdf: &str) -> String {
    let name = pdf.rsplit('/').next().unwrap().trim_end_matches(".pdf");
    format!("fixtures/pdftotext/layout/{name}.txt")
}

/// A ledger file's rows, but those naming `except` (a known gap).
fn rows_but(csv: &str, except: Option<&str>) -> Vec<String> {
    csv.lines()
        .filter(|l| except.map_or(true, |e| !l.contains(e)))
        .map(str::to_string)
        .collect()
}

#[test]
fn layout_text_of_every_producer_gives_the_pdfs_assessments_and_timescales() {
    for pdf in PDFS {
        // wkhtmltopdf's appendix wraps MP125's comment over three lines of
        // the dates' columns; the text reads its date `20/10/2021` as a
        // delivery date (issue 12: known gap, the PDF reads it right)
        let gap = pdf.contains("wkhtmltopdf/Appendix").then_some(",MP125,");
        let from_pdf = convert_clean(&[pdf]);
        let from_text = convert_clean(&[&text_of(pdf)]);
        for file in ["assessments.csv", "timescales.csv"] {
            let want = read(&from_pdf.path().join(file));
            let got = read(&from_text.path().join(file));
            assert!(
                want.lines().count() > 1 || file == "timescales.csv",
                "{pdf}: no rows"
            );
            assert_eq!(rows_but(&got, gap), rows_but(&want, gap), "{pdf}: {file}");
        }
    }
}

#[test]
fn a_spaced_table_in_a_mostly_prose_report_keeps_its_empty_middle_cell() {
    // `MP104   2 Jul 20   IA   (no Actual duration)   40 WD`: by position
    // the one duration is the Target, as the PDF reads it
    let dir = convert_clean(&[&text_of("fixtures/pdf/2021-03_report.pdf")]);
    let rows = read(&dir.path().join("assessments.csv"));
    let mp104: Vec<&str> = rows.lines().filter(|l| l.contains(",MP104,")).collect();
    assert_eq!(mp104, ["2021-03-05,104,MP104,IA,report,,,,2020-07-02,40,,"]);
}

#[test]
fn a_single_spaced_header_over_spaced_cells_reads_every_duration() {
    // LibreOffice: `Modification Type Accepted Target duration Current
    // duration` over `MP125        IA   28 Apr 21 40 WD          47 WD`
    let dir = convert_clean(&[&text_of(
        "fixtures/other-producers/2021-07_report_libreoffice.pdf",
    )]);
    let rows = read(&dir.path().join("assessments.csv"));
    let report: Vec<&str> = rows.lines().filter(|l| l.contains(",report,")).collect();
    assert_eq!(
        report,
        [
            "2021-07-09,124,MP124,IA,report,,,,2021-06-25,40,86,",
            "2021-07-09,125,MP125,IA,report,,2021-04-28,,,40,47,",
            "2021-07-09,127,MP127,PA,report,,2021-06-14,,,15,18,",
            "2021-07-09,133,MP133,PA,report,,2021-05-24,,,15,,",
        ]
    );
}
