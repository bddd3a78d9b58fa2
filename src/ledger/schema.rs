//! The ledger's files as typed rows: one struct per CSV file, the one place
//! its columns are named and typed.
//!
//! In: the ledger's records (or a ledger file's rows, read back). Out:
//! serde rows whose field order is the file's column order and whose
//! field names are its header (`ref` where Rust says `reference`). The
//! writer serialises them; `diff`, `show` and the HTML report read
//! `history.csv` and `assessments.csv` back through the same structs, so
//! there is no second list of column names. [`columns`] gives a table's
//! header from its struct.

use crate::model::{
    AssessmentSource, AssessmentType, Code, DccAssessmentStatus, EventKind, List, Month,
    ProposalId, Reference, Section, Severity, Stage, Status, TimescaleTable,
};
use chrono::NaiveDate;
use csv::StringRecord;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Free text in a cell, kept from ever being read as a spreadsheet formula.
///
/// A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return,
/// or their full-width forms) is written with a `'` before it, which every
/// spreadsheet shows as text (OWASP's advice for CSV injection); reading a
/// ledger back removes that quote again, so a title round-trips.
pub mod text_cell {
    use serde::{Deserialize, Deserializer, Serializer};

    pub use crate::normalise::shape::looks_like_formula;

    /// The cell as written: `'` before a formula-looking text.
    pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
        if looks_like_formula(s) {
            format!("'{s}").into()
        } else {
            s.into()
        }
    }

    /// The text a written cell holds (the protecting `'` removed).
    pub fn unescape(s: &str) -> &str {
        match s.strip_prefix('\'') {
            Some(rest) if looks_like_formula(rest) => rest,
            _ => s,
        }
    }

    /// Serialises a text cell, escaped.
    pub fn serialize<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(&escape(s))
    }

    /// Reads a text cell back, unescaped.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(unescape(&raw).to_string())
    }
}

/// A ledger table: its file name, and rows that serialise to its columns.
pub trait Table: Serialize + DeserializeOwned + Default {
    /// The file's name in the ledger folder.
    const FILE: &'static str;
}

/// A table's (or a sheet's) column names, in order, from its row struct.
pub fn columns<T: Serialize + Default>() -> Vec<String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    // serialising a default row to memory writes the header first; it cannot fail
    let _ = w.serialize(T::default());
    let bytes = w.into_inner().unwrap_or_default();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    r.records()
        .next()
        .and_then(Result::ok)
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// One row of a ledger file read back: the typed record, and its values in
/// the schema's column order.
#[derive(Debug, Clone)]
pub struct LedgerRow<T> {
    /// The row as its struct.
    pub record: T,
    /// Its cells as written, in [`columns`] order.
    pub values: StringRecord,
}

/// `reports.csv`: one row per report (month).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRecord {
    /// The report's own date.
    pub report: Option<NaiveDate>,
    /// `YYYY-MM` of `report`.
    pub month: Option<Month>,
    /// The input files, `;`-separated.
    #[serde(with = "text_cell")]
    pub sources: String,
    /// Pages across the files used.
    pub pages: u32,
    /// Observations of this report.
    pub observations: usize,
    /// Diagnostics of this report.
    pub diagnostics: usize,
}

impl Table for ReportRecord {
    const FILE: &'static str = "reports.csv";
}

/// `observations.csv`: every place a report names a proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservationRecord {
    /// The report's date.
    pub report: Option<NaiveDate>,
    /// The proposal's number, empty when unread.
    pub number: Option<ProposalId>,
    /// The reference in the administrator's form, empty when unread.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// As printed.
    #[serde(with = "text_cell")]
    pub raw_ref: String,
    /// The title there, cleaned.
    #[serde(with = "text_cell")]
    pub title: String,
    /// The section.
    pub section: Option<Section>,
    /// The list or table.
    pub list: Option<List>,
    /// 1-based page.
    pub page: u32,
    /// 1-based line.
    pub line: u32,
}

impl Table for ObservationRecord {
    const FILE: &'static str = "observations.csv";
}

/// `assessments.csv`: DCC assessments, from the report and the appendix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRecord {
    /// The report's date.
    pub report: Option<NaiveDate>,
    /// The proposal's number, empty when unread.
    pub number: Option<ProposalId>,
    /// The reference, empty when unread.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// PA or IA.
    #[serde(rename = "type")]
    pub kind: Option<AssessmentType>,
    /// Report table or appendix.
    pub source: Option<AssessmentSource>,
    /// The DCC's assessment status.
    pub status: Option<DccAssessmentStatus>,
    /// Request accepted.
    pub requested: Option<NaiveDate>,
    /// Target delivery.
    pub target: Option<NaiveDate>,
    /// Actual delivery (or returned).
    pub delivered: Option<NaiveDate>,
    /// Target duration, working days.
    pub target_wd: Option<u32>,
    /// Current or actual duration, working days.
    pub elapsed_wd: Option<u32>,
    /// N/A cells and comments.
    #[serde(with = "text_cell")]
    pub note: String,
}

impl AssessmentRecord {
    /// The columns `diff` compares month against month: the dates and durations.
    pub const COMPARED: [&'static str; 5] = [
        "requested",
        "target",
        "delivered",
        "target_wd",
        "elapsed_wd",
    ];
}

impl Table for AssessmentRecord {
    const FILE: &'static str = "assessments.csv";
}

/// `events.csv`: dated things that happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    /// When, if the sentence says.
    pub date: Option<NaiveDate>,
    /// The proposal's number.
    pub number: Option<ProposalId>,
    /// Its reference.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// What happened.
    pub event: Option<EventKind>,
    /// Proposer, outcome, decision, reason or release.
    #[serde(with = "text_cell")]
    pub detail: String,
    /// The first report that told it.
    pub report: Option<NaiveDate>,
}

impl Table for EventRecord {
    const FILE: &'static str = "events.csv";
}

/// `timescales.csv`: the summary tables of durations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimescaleRecord {
    /// The report's date.
    pub report: Option<NaiveDate>,
    /// Which table.
    pub table: Option<TimescaleTable>,
    /// The row label as printed.
    #[serde(with = "text_cell")]
    pub measure: String,
    /// Total.
    pub total: Option<u32>,
    /// Average duration, working days.
    pub average_wd: Option<u32>,
}

impl Table for TimescaleRecord {
    const FILE: &'static str = "timescales.csv";
}

/// `history.csv`: one proposal in one month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// The month.
    pub month: Option<Month>,
    /// The proposal's number.
    pub number: Option<ProposalId>,
    /// Its reference that month.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// The reconciled title of that month.
    #[serde(with = "text_cell")]
    pub title: String,
    /// The furthest stage that month.
    pub stage: Option<Stage>,
    /// The most advanced status that month.
    pub status: Option<Status>,
    /// The appendix's status as a clean category.
    #[serde(with = "text_cell")]
    pub dcc_status: String,
    /// The date printed in that status cell.
    pub dcc_date: Option<NaiveDate>,
}

impl HistoryRecord {
    /// The columns that name the row (month and proposal); `diff` compares all the others.
    pub const KEY: [&'static str; 2] = ["month", "number"];
}

impl Table for HistoryRecord {
    const FILE: &'static str = "history.csv";
}

/// `register.csv`: one proposal, its latest state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRecord {
    /// The proposal's number.
    pub number: Option<ProposalId>,
    /// Its latest reference.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// Its latest title.
    #[serde(with = "text_cell")]
    pub title: String,
    /// Who raised it.
    #[serde(with = "text_cell")]
    pub proposer: String,
    /// When.
    pub raised: Option<NaiveDate>,
    /// First month named.
    pub first_month: Option<Month>,
    /// Last month named.
    pub last_month: Option<Month>,
    /// Latest stage.
    pub stage: Option<Stage>,
    /// Latest status.
    pub status: Option<Status>,
    /// Its latest release.
    #[serde(with = "text_cell")]
    pub release: String,
    /// When implemented.
    pub implemented: Option<NaiveDate>,
}

impl Table for RegisterRecord {
    const FILE: &'static str = "register.csv";
}

/// `diagnostics.csv`: what the tool repaired, doubted or could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticRecord {
    /// The report's date (empty for a file in no report).
    pub report: Option<NaiveDate>,
    /// The file.
    #[serde(with = "text_cell")]
    pub source: String,
    /// 1-based page.
    pub page: Option<u32>,
    /// 1-based line.
    pub line: Option<u32>,
    /// repair / warning / error.
    pub severity: Option<Severity>,
    /// The code.
    pub code: Option<Code>,
    /// For people.
    #[serde(with = "text_cell")]
    pub message: String,
    /// The source text concerned.
    #[serde(with = "text_cell")]
    pub text: String,
}

impl Table for DiagnosticRecord {
    const FILE: &'static str = "diagnostics.csv";
}

/// `changes.csv` (written by `diff`, not by `convert`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// The proposal's number.
    #[serde(with = "text_cell")]
    pub number: String,
    /// Its reference.
    #[serde(rename = "ref", with = "text_cell")]
    pub reference: String,
    /// The column that moved.
    #[serde(with = "text_cell")]
    pub field: String,
    /// The earlier month's value.
    #[serde(with = "text_cell")]
    pub before: String,
    /// The later month's value.
    #[serde(with = "text_cell")]
    pub after: String,
    /// added / removed / changed.
    #[serde(with = "text_cell")]
    pub change: String,
    /// The proposal's title.
    #[serde(with = "text_cell")]
    pub title: String,
    /// What happened.
    #[serde(with = "text_cell")]
    pub kind: String,
    /// Days moved, for dates.
    pub days: Option<i64>,
}

impl Table for ChangeRecord {
    const FILE: &'static str = "changes.csv";
}

/// The workbook's Slips sheet (no CSV file): one DCC assessment whose
/// target date moved between reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipRecord {
    /// The proposal's number.
    pub number: Option<ProposalId>,
    /// Its latest reference.
    #[serde(rename = "ref")]
    pub reference: Option<Reference>,
    /// Its latest title.
    #[serde(with = "text_cell")]
    pub title: String,
    /// PA or IA.
    #[serde(rename = "type")]
    pub kind: Option<AssessmentType>,
    /// Report table or appendix.
    pub source: Option<AssessmentSource>,
    /// The first report that gave a target.
    pub first_report: Option<NaiveDate>,
    /// The target that report gave.
    pub first_target: Option<NaiveDate>,
    /// The latest report that gave a target.
    pub latest_report: Option<NaiveDate>,
    /// The target it gave.
    pub latest_target: Option<NaiveDate>,
    /// How many times the target moved from one report to a later one.
    pub moves: u32,
    /// latest_target − first_target in calendar days (negative when brought forward).
    pub days_slipped: i64,
    /// Every target in turn, `→`-separated.
    pub targets: String,
}

/// A ledger date cell (`2021-04-07`, as every file writes dates) as a date:
/// the ten-character form read by hand, anything else as chrono reads
/// `%Y-%m-%d` (so a cell is read exactly as chrono would read it).
pub fn iso_date(cell: &str) -> Option<NaiveDate> {
    let b = cell.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_cells_are_read_as_chrono_reads_them() {
        for (cell, want) in [
            ("2021-04-07", Some((2021, 4, 7))),
            ("0999-12-31", Some((999, 12, 31))),
            ("2021-02-29", None),
            ("2021-13-01", None),
            ("2021-4-7", Some((2021, 4, 7))),
            ("2021-04-0x", None),
            ("2021/04/07", None),
            ("", None),
        ] {
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(iso_date(cell), want, "{cell:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn iso_date_is_chronos_reading(cell in "[0-9+-]{0,3}[0-9]{0,4}-[0-9 ]{1,2}-[0-9x]{1,3}") {
            proptest::prop_assert_eq!(iso_date(&cell), NaiveDate::parse_from_str(&cell, "%Y-%m-%d").ok(), "{:?}", cell);
        }
    }

    use super::*;

    #[test]
    fn every_table_has_the_contract_columns() {
        let join = |c: Vec<String>| c.join(",");
        assert_eq!(
            join(columns::<ReportRecord>()),
            "report,month,sources,pages,observations,diagnostics"
        );
        assert_eq!(
            join(columns::<ObservationRecord>()),
            "report,number,ref,raw_ref,title,section,list,page,line"
        );
        assert_eq!(
            join(columns::<AssessmentRecord>()),
            "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note"
        );
        assert_eq!(
            join(columns::<EventRecord>()),
            "date,number,ref,event,detail,report"
        );
        assert_eq!(
            join(columns::<TimescaleRecord>()),
            "report,table,measure,total,average_wd"
        );
        assert_eq!(
            join(columns::<HistoryRecord>()),
            "month,number,ref,title,stage,status,dcc_status,dcc_date"
        );
        assert_eq!(
            join(columns::<RegisterRecord>()),
            "number,ref,title,proposer,raised,first_month,last_month,stage,status,release,implemented"
        );
        assert_eq!(
            join(columns::<DiagnosticRecord>()),
            "report,source,page,line,severity,code,message,text"
        );
        assert_eq!(
            join(columns::<ChangeRecord>()),
            "number,ref,field,before,after,change,title,kind,days"
        );
        assert_eq!(
            join(columns::<SlipRecord>()),
            "number,ref,title,type,source,first_report,first_target,latest_report,latest_target,moves,days_slipped,targets"
        );
        for c in AssessmentRecord::COMPARED {
            assert!(columns::<AssessmentRecord>().iter().any(|h| h == c), "{c}");
        }
    }
}
