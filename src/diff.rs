//! Stage 9: month against month — `changes.csv` (`modledger diff`).
//!
//! In: a ledger's `history.csv` and `assessments.csv` (read back through
//! the row structs of [`crate::ledger::schema`], from a folder `convert`
//! wrote or from a ledger built in memory), and two months. Out: the
//! [`Change`]s between them, sorted by number then field: numbers named in
//! only one month are `added` or `removed` (with their stage that month);
//! for numbers named in both, every history column and every assessment
//! date or duration (`TYPE.SOURCE.COLUMN`) that differs is `changed`, with
//! the proposal's title, what happened (`kind`) and, for dates, the days
//! moved. `../shared/tools/expected_changes.py` is the contract as code.
//! [`people`] tells the same changes for a person (`diff --format markdown`).

pub mod people;

use crate::error::Error;
use crate::ledger::read::{each_row, open_ledger_file};
use crate::ledger::schema::{columns, iso_date, AssessmentRecord, HistoryRecord, Table};
use crate::model::{
    AssessmentSource, AssessmentType, Change, ChangeClass, ChangeKind, Month, ProposalId, Stage,
};
use csv::StringRecord;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The columns holding dates (their changes count days).
const DATE_COLUMNS: [&str; 4] = ["requested", "target", "delivered", "dcc_date"];

/// An assessment's key: number, type, source.
type AssessmentKey = (ProposalId, AssessmentType, AssessmentSource);

pub use crate::ledger::read::{MAX_LEDGER_FILE, MAX_LEDGER_LINE};

/// A ledger's history and assessments, by month, as read from its CSV files:
/// each row's values in the schema's column order.
#[derive(Default)]
pub struct LedgerTables {
    history: BTreeMap<Month, BTreeMap<ProposalId, StringRecord>>,
    assessments: BTreeMap<Month, BTreeMap<AssessmentKey, StringRecord>>,
    /// Every month the history names (also those not kept).
    months: BTreeSet<Month>,
    history_columns: Vec<String>,
    assessment_columns: Vec<String>,
}

impl fmt::Debug for LedgerTables {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LedgerTables")
            .field("months", &self.months())
            .finish()
    }
}

impl LedgerTables {
    /// Empty tables, their columns from the schema.
    fn new() -> LedgerTables {
        LedgerTables {
            history_columns: columns::<HistoryRecord>(),
            assessment_columns: columns::<AssessmentRecord>(),
            ..LedgerTables::default()
        }
    }

    /// Reads `history.csv` rows, keeping those of the months `keep` allows.
    fn read_history(
        &mut self,
        reader: impl std::io::Read,
        path: &Path,
        keep: &dyn Fn(Month) -> bool,
    ) -> Result<(), Error> {
        let mut unkeyed = false;
        each_row::<HistoryRecord>(reader, path, |r, values| {
            let (Some(month), Some(number)) = (r.month, r.number) else {
                unkeyed = true;
                return;
            };
            self.months.insert(month);
            if keep(month) {
                self.history
                    .entry(month)
                    .or_default()
                    .insert(number, values);
            }
        })?;
        if unkeyed {
            return Err(Error::Ledger {
                path: path.to_path_buf(),
                line: 0,
                message: "a row has no month or number".into(),
            });
        }
        Ok(())
    }

    /// Reads `assessments.csv` rows of readable proposals in the months `keep` allows.
    fn read_assessments(
        &mut self,
        reader: impl std::io::Read,
        path: &Path,
        keep: &dyn Fn(Month) -> bool,
    ) -> Result<(), Error> {
        each_row::<AssessmentRecord>(reader, path, |r, values| {
            let (Some(number), Some(report), Some(kind), Some(source)) =
                (r.number, r.report, r.kind, r.source)
            else {
                return;
            };
            let month = Month::of(report);
            if keep(month) {
                // the last row of a key wins, as in expected_changes.py
                self.assessments
                    .entry(month)
                    .or_default()
                    .insert((number, kind, source), values);
            }
        })
    }

    /// Builds the tables from the bytes of `history.csv` and `assessments.csv`
    /// (paths are for error messages).
    pub fn from_csv(
        history: &[u8],
        history_path: &Path,
        assessments: &[u8],
        assessments_path: &Path,
    ) -> Result<LedgerTables, Error> {
        let mut t = LedgerTables::new();
        t.read_history(history, history_path, &|_| true)?;
        t.read_assessments(assessments, assessments_path, &|_| true)?;
        Ok(t)
    }

    /// Reads `history.csv` and `assessments.csv` from a ledger folder,
    /// keeping the rows of the months in `keep` only (every month's name is
    /// still known): memory stays that of two months, whatever the ledger.
    pub fn read_dir(dir: &Path, keep: &[Month]) -> Result<LedgerTables, Error> {
        let mut t = LedgerTables::new();
        let wanted = |m: Month| keep.contains(&m);
        let history = dir.join(HistoryRecord::FILE);
        t.read_history(open_ledger_file(&history)?, &history, &wanted)?;
        let assessments = dir.join(AssessmentRecord::FILE);
        t.read_assessments(open_ledger_file(&assessments)?, &assessments, &wanted)?;
        Ok(t)
    }

    /// The months the history names, in order.
    pub fn months(&self) -> Vec<Month> {
        self.months.iter().copied().collect()
    }
}

/// after − before in days, when `column` holds dates and both are there.
fn days_moved(column: &str, before: &str, after: &str) -> Option<i64> {
    if !DATE_COLUMNS.contains(&column) {
        return None;
    }
    Some((iso_date(after)? - iso_date(before)?).num_days())
}

/// What a moved `history.csv` value means.
fn history_kind(column: &str, before: &str, after: &str) -> ChangeKind {
    match column {
        "stage" => match (Stage::from_str(before), Stage::from_str(after)) {
            (Ok(b), Ok(a)) if a > b => ChangeKind::Advanced,
            (Ok(_), Ok(_)) => ChangeKind::Reversed,
            _ => ChangeKind::Changed,
        },
        "ref" if before.starts_with("DP") && after.starts_with("MP") => ChangeKind::Converted,
        "title" => ChangeKind::Retitled,
        _ => ChangeKind::Changed,
    }
}

/// What a moved assessment value means; `rows` says whether the assessment
/// was reported in the earlier and the later month.
fn assessment_kind(column: &str, before: &str, after: &str, rows: (bool, bool)) -> ChangeKind {
    match rows {
        (false, _) => return ChangeKind::FirstReported,
        (_, false) => return ChangeKind::NotReported,
        _ => {}
    }
    if before.is_empty() {
        return ChangeKind::Set;
    }
    if after.is_empty() {
        return ChangeKind::Cleared;
    }
    if let (Some(b), Some(a)) = (iso_date(before), iso_date(after)) {
        return match (column, a > b) {
            ("target", true) => ChangeKind::Slipped,
            ("target", false) => ChangeKind::BroughtForward,
            (_, true) => ChangeKind::Later,
            (_, false) => ChangeKind::Earlier,
        };
    }
    match (before.parse::<i64>(), after.parse::<i64>()) {
        (Ok(b), Ok(a)) if a > b => ChangeKind::Increased,
        (Ok(_), Ok(_)) => ChangeKind::Decreased,
        _ => ChangeKind::Changed,
    }
}

/// The proposal a change is about: its number, reference and title.
struct About<'a> {
    number: String,
    reference: &'a str,
    title: &'a str,
}

impl About<'_> {
    /// A `changed` row of this proposal.
    fn changed(
        &self,
        field: String,
        column: &str,
        before: &str,
        after: &str,
        kind: ChangeKind,
    ) -> Change {
        Change {
            number: self.number.clone(),
            reference: self.reference.to_string(),
            days: days_moved(column, before, after),
            field,
            before: before.to_string(),
            after: after.to_string(),
            change: ChangeClass::Changed,
            title: self.title.to_string(),
            kind,
        }
    }
}

/// The value of `column` in a row read back.
fn value<'a>(columns: &[String], row: &'a StringRecord, column: &str) -> &'a str {
    columns
        .iter()
        .position(|c| c == column)
        .and_then(|i| row.get(i))
        .unwrap_or("")
}

/// The `added` or `removed` row of a proposal named in one month only.
fn appeared_or_went(
    t: &LedgerTables,
    id: ProposalId,
    row: &StringRecord,
    class: ChangeClass,
) -> Change {
    let get = |c: &str| value(&t.history_columns, row, c).to_string();
    let stage = get("stage");
    let (before, after, kind) = match class {
        ChangeClass::Added => (String::new(), stage, ChangeKind::Added),
        _ => (stage, String::new(), ChangeKind::Removed),
    };
    Change {
        number: id.key(),
        reference: get("ref"),
        field: String::new(),
        before,
        after,
        change: class,
        title: get("title"),
        kind,
        days: None,
    }
}

/// The changes of one proposal named in both months.
fn changes_of(
    t: &LedgerTables,
    id: ProposalId,
    old: &StringRecord,
    new: &StringRecord,
    months: (Month, Month),
    out: &mut Vec<Change>,
) {
    let hc = &t.history_columns;
    let (old_title, new_title) = (value(hc, old, "title"), value(hc, new, "title"));
    let about = About {
        number: id.key(),
        reference: value(hc, new, "ref"),
        title: if new_title.is_empty() {
            old_title
        } else {
            new_title
        },
    };
    for (i, column) in hc.iter().enumerate() {
        if HistoryRecord::KEY.contains(&column.as_str()) {
            continue;
        }
        let (a, b) = (old.get(i).unwrap_or(""), new.get(i).unwrap_or(""));
        if a != b {
            let kind = history_kind(column, a, b);
            out.push(about.changed(column.clone(), column, a, b, kind));
        }
    }
    assessment_changes(t, id, months, &about, out);
}

/// The changes of one proposal's assessments, each by type and source.
fn assessment_changes(
    t: &LedgerTables,
    id: ProposalId,
    months: (Month, Month),
    about: &About<'_>,
    out: &mut Vec<Change>,
) {
    let empty = BTreeMap::new();
    let olds = t.assessments.get(&months.0).unwrap_or(&empty);
    let news = t.assessments.get(&months.1).unwrap_or(&empty);
    let keys: BTreeSet<&AssessmentKey> = olds
        .keys()
        .chain(news.keys())
        .filter(|k| k.0 == id)
        .collect();
    let ac = &t.assessment_columns;
    for key in keys {
        let (ra, rb) = (olds.get(key), news.get(key));
        for column in AssessmentRecord::COMPARED {
            let a = ra.map_or("", |r| value(ac, r, column));
            let b = rb.map_or("", |r| value(ac, r, column));
            if a != b {
                let kind = assessment_kind(column, a, b, (ra.is_some(), rb.is_some()));
                let field = format!("{}.{}.{column}", key.1, key.2);
                out.push(about.changed(field, column, a, b, kind));
            }
        }
    }
}

/// `changes.csv`'s rows between two months, sorted by number, then field.
pub fn diff(t: &LedgerTables, from: Month, to: Month) -> Vec<Change> {
    let empty = BTreeMap::new();
    let a = t.history.get(&from).unwrap_or(&empty);
    let b = t.history.get(&to).unwrap_or(&empty);
    let ids: BTreeSet<&ProposalId> = a.keys().chain(b.keys()).collect();
    let mut out = Vec::new();
    for id in ids {
        match (a.get(id), b.get(id)) {
            (None, Some(new)) => out.push(appeared_or_went(t, *id, new, ChangeClass::Added)),
            (Some(old), None) => out.push(appeared_or_went(t, *id, old, ChangeClass::Removed)),
            (Some(old), Some(new)) => changes_of(t, *id, old, new, (from, to), &mut out),
            (None, None) => {}
        }
    }
    out.sort_by(|x, y| {
        (number_order(&x.number), &x.field, x.change.as_str()).cmp(&(
            number_order(&y.number),
            &y.field,
            y.change.as_str(),
        ))
    });
    out
}

/// Sort key of a `number`: its digits as a number, then its split letter.
fn number_order(n: &str) -> (u64, String) {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u64>() {
        Ok(v) => (v, n[digits.len()..].to_string()),
        Err(_) => (u64::MAX, n.to_string()),
    }
}

/// changes.csv's bytes.
pub fn changes_csv(changes: &[Change]) -> Vec<u8> {
    crate::write::table_csv(changes.iter().map(|c| crate::ledger::schema::ChangeRecord {
        number: c.number.clone(),
        reference: c.reference.clone(),
        field: c.field.clone(),
        before: c.before.clone(),
        after: c.after.clone(),
        change: c.change.as_str().to_string(),
        title: c.title.clone(),
        kind: c.kind.as_str().to_string(),
        days: c.days,
    }))
}

/// What a diff found, for people.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Old month.
    pub from: Option<Month>,
    /// New month.
    pub to: Option<Month>,
    /// Proposals named only in the new month.
    pub added: usize,
    /// Proposals named only in the old month.
    pub removed: usize,
    /// Proposals whose stage moved.
    pub stage_moves: usize,
    /// DCC target dates that moved later.
    pub slipped: usize,
    /// DCC target dates that moved earlier.
    pub brought_forward: usize,
    /// Every `changed` row.
    pub changed: usize,
}

/// Counts a diff's changes.
pub fn summarise(from: Month, to: Month, changes: &[Change]) -> Summary {
    let mut s = Summary {
        from: Some(from),
        to: Some(to),
        ..Summary::default()
    };
    for c in changes {
        match c.kind {
            ChangeKind::Added => s.added += 1,
            ChangeKind::Removed => s.removed += 1,
            ChangeKind::Advanced | ChangeKind::Reversed => s.stage_moves += 1,
            ChangeKind::Slipped => s.slipped += 1,
            ChangeKind::BroughtForward => s.brought_forward += 1,
            _ => {}
        }
        if c.change == ChangeClass::Changed {
            s.changed += 1;
        }
    }
    s
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (before) to {} (after): {} proposal(s) added, {} removed, {} stage move(s), {} DCC target date(s) slipped and {} brought forward; {} changed value(s) in all.",
            self.from.map(|m| m.to_string()).unwrap_or_default(),
            self.to.map(|m| m.to_string()).unwrap_or_default(),
            self.added,
            self.removed,
            self.stage_moves,
            self.slipped,
            self.brought_forward,
            self.changed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HISTORY: &str = "month,number,ref,title,stage,status,dcc_status,dcc_date
2020-01,80,DP080,Ensuring a managed move to DUIS version 3.1,define,raised,,
2020-01,53,SECMP0053,Amend Target Response Times,refine,working group,pa in progress,
2020-01,7,SECMP0007,Firmware updates,refine,working group,,
2020-01,60,SECMP0060,Held back,opine,change board vote,awaiting implementation,2020-02-27
2020-02,80,MP080,Managing DUIS uplifts,refine,working group,,
2020-02,53,SECMP0053,Amend Target Response Times,refine,working group,ia in progress,
2020-02,100A,MP100A,Split one,refine,working group,,
2020-02,60,SECMP0060,,refine,sent back to working group,awaiting implementation,2020-03-26
";
    const ASSESSMENTS: &str =
        "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note
2020-01-08,53,SECMP0053,IA,appendix,ia in progress,2020-01-02,2020-02-20,,,,
2020-01-08,53,SECMP0053,PA,appendix,,2019-10-01,2019-10-30,2019-11-01,,,
2020-02-06,53,SECMP0053,IA,appendix,ia in progress,2020-01-02,2020-03-05,,,,
2020-02-06,53,SECMP0053,PA,report,,2019-10-01,,2019-11-01,15,14,
2020-01-08,60,SECMP0060,IA,report,,2019-12-02,,,30,10,
2020-02-06,60,SECMP0060,IA,report,,2019-12-03,,,25,,
";

    fn m(s: &str) -> Month {
        s.parse().expect("a month")
    }

    fn tables() -> LedgerTables {
        LedgerTables::from_csv(
            HISTORY.as_bytes(),
            Path::new("history.csv"),
            ASSESSMENTS.as_bytes(),
            Path::new("assessments.csv"),
        )
        .expect("tables")
    }

    #[test]
    fn changes_between_two_months_say_what_happened() {
        let got = changes_csv(&diff(&tables(), m("2020-01"), m("2020-02")));
        let want = "\
number,ref,field,before,after,change,title,kind,days
7,SECMP0007,,refine,,removed,Firmware updates,removed,
53,SECMP0053,IA.appendix.target,2020-02-20,2020-03-05,changed,Amend Target Response Times,slipped,14
53,SECMP0053,PA.appendix.delivered,2019-11-01,,changed,Amend Target Response Times,not_reported,
53,SECMP0053,PA.appendix.requested,2019-10-01,,changed,Amend Target Response Times,not_reported,
53,SECMP0053,PA.appendix.target,2019-10-30,,changed,Amend Target Response Times,not_reported,
53,SECMP0053,PA.report.delivered,,2019-11-01,changed,Amend Target Response Times,first_reported,
53,SECMP0053,PA.report.elapsed_wd,,14,changed,Amend Target Response Times,first_reported,
53,SECMP0053,PA.report.requested,,2019-10-01,changed,Amend Target Response Times,first_reported,
53,SECMP0053,PA.report.target_wd,,15,changed,Amend Target Response Times,first_reported,
53,SECMP0053,dcc_status,pa in progress,ia in progress,changed,Amend Target Response Times,changed,
60,SECMP0060,IA.report.elapsed_wd,10,,changed,Held back,cleared,
60,SECMP0060,IA.report.requested,2019-12-02,2019-12-03,changed,Held back,later,1
60,SECMP0060,IA.report.target_wd,30,25,changed,Held back,decreased,
60,SECMP0060,dcc_date,2020-02-27,2020-03-26,changed,Held back,changed,28
60,SECMP0060,stage,opine,refine,changed,Held back,reversed,
60,SECMP0060,status,change board vote,sent back to working group,changed,Held back,changed,
60,SECMP0060,title,Held back,,changed,Held back,retitled,
80,MP080,ref,DP080,MP080,changed,Managing DUIS uplifts,converted,
80,MP080,stage,define,refine,changed,Managing DUIS uplifts,advanced,
80,MP080,status,raised,working group,changed,Managing DUIS uplifts,changed,
80,MP080,title,Ensuring a managed move to DUIS version 3.1,Managing DUIS uplifts,changed,Managing DUIS uplifts,retitled,
100A,MP100A,,,refine,added,Split one,added,
";
        assert_eq!(String::from_utf8(got).unwrap(), want);
        let s = summarise(
            m("2020-01"),
            m("2020-02"),
            &diff(&tables(), m("2020-01"), m("2020-02")),
        );
        assert_eq!(
            (s.added, s.removed, s.stage_moves, s.slipped, s.changed),
            (1, 1, 2, 1, 20)
        );
    }

    #[test]
    fn a_month_against_itself_is_empty() {
        assert!(diff(&tables(), m("2020-02"), m("2020-02")).is_empty());
    }

    #[test]
    fn a_file_that_is_not_a_ledger_is_an_error_with_its_line() {
        let err = LedgerTables::from_csv(
            b"month,number\n2020-01,5\n",
            Path::new("h.csv"),
            ASSESSMENTS.as_bytes(),
            Path::new("a.csv"),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("h.csv:1: no column \"ref\""),
            "{err}"
        );
        let bad_month = HISTORY.replace("2020-02,100A", "Feb 2020,100A");
        let err = LedgerTables::from_csv(
            bad_month.as_bytes(),
            Path::new("h.csv"),
            ASSESSMENTS.as_bytes(),
            Path::new("a.csv"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("h.csv:8: \"Feb 2020\" is not a month"),
            "{err}"
        );
    }

    #[test]
    fn months_and_numbers_sort_as_people_read_them() {
        let mut ns = vec!["100A", "53", "7", "100", "x"];
        ns.sort_by_key(|n| number_order(n));
        assert_eq!(ns, ["7", "53", "100", "100A", "x"]);
    }
}
