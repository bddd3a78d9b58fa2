//! The report's Refine tables read from a PDF by column position: the
//! fixture's completed table puts its columns in another order, adds an
//! "Actual duration" column, and leaves one Actual cell empty; a ruled appendix table
//! centres its headers over cells read from their left borders.

mod common;

use common::{convert_clean, csv_column, root};

#[test]
fn completed_table_is_read_by_header_name_and_position() {
    let out = convert_clean(&["fixtures/pdf/2021-03_report.pdf"]);
    let text = std::fs::read_to_string(out.path().join("assessments.csv")).expect("assessments");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(",report,")).collect();
    // report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note
    assert_eq!(
        rows,
        [
            "2021-03-05,42,SECMP0042,PA,report,,2021-02-08,,,15,18,",
            "2021-03-05,42,SECMP0042,IA,report,,,,2020-09-30,40,38,",
            "2021-03-05,101,MP101,PA,report,,,,2020-04-15,15,17,",
            "2021-03-05,104,MP104,IA,report,,,,2020-07-02,40,,",
            "2021-03-05,113,MP113,PA,report,,,,2020-12-11,25,25,",
            "2021-03-05,117,MP117,IA,report,,,,2021-01-28,40,44,",
            "2021-03-05,120,MP120,IA,report,,2021-01-14,,,40,35,",
            "2021-03-05,126,MP126,IA,report,,2021-02-22,,,40,8,",
        ]
    );
}

/// A ruled appendix table with centred headers: each cell's text starts at
/// its left border, far left of its header. The rulings give the columns.
#[test]
fn ruled_table_columns_come_from_the_rulings() {
    let doc = modledger::pipeline::read_document(
        &root().join("fixtures/pdf/2021-02_appendix_ruled.pdf"),
        modledger::pipeline::Limits::default(),
    )
    .expect("the ruled fixture reads");
    let verticals = doc.rulings.iter().filter(|r| r.is_vertical(4.0)).count();
    assert!(verticals >= 10 * 6, "{verticals} vertical rulings read");
    let out = convert_clean(&["fixtures/pdf/2021-02_appendix_ruled.pdf"]);
    let titles = csv_column(&out.path().join("observations.csv"), "title");
    assert_eq!(
        titles,
        [
            "Ruled Table Titles",
            "Gas Meter Clock Sync For Shared Buildings",
            "Outage Notice Wording"
        ]
    );
    let ass = std::fs::read_to_string(out.path().join("assessments.csv")).expect("assessments");
    let rows: Vec<&str> = ass.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "2021-02-02,301,MP301,PA,appendix,pa in progress,2021-02-01,2021-02-22,,,,",
            "2021-02-02,302,MP302,PA,appendix,ia in progress,2021-01-04,2021-01-25,2021-01-20,,,",
            "2021-02-02,302,MP302,IA,appendix,ia in progress,2021-01-28,2021-03-26,,,,",
            "2021-02-02,303,MP303,PA,appendix,no outstanding assessment request,,2020-12-07,2020-12-07,,,requested N/A",
        ]
    );
}
