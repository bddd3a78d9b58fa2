//! Stage 8: month against month — `changes.csv` (`modledger diff`).
//!
//! Works on a ledger as its CSV files say it, so `diff --ledger` on a
//! folder `convert` wrote and `diff OLD NEW` on report files give the same
//! answer: numbers named in only one month are `added` or `removed`; for
//! numbers named in both, every `history.csv` column and every assessment
//! date or duration (`TYPE.SOURCE.COLUMN`) that differs is `changed`
//! (`../shared/tools/expected_changes.py` is the contract as code).

use crate::error::Error;
use crate::model::{Change, ChangeClass, ChangeKind, Stage};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The `history.csv` columns compared.
pub const HISTORY_FIELDS: [&str; 6] = ["ref", "title", "stage", "status", "dcc_status", "dcc_date"];
/// The `assessments.csv` columns compared.
pub const ASSESSMENT_FIELDS: [&str; 5] = [
    "requested",
    "target",
    "delivered",
    "target_wd",
    "elapsed_wd",
];
/// The columns of either table that hold dates (their changes count days).
const DATE_FIELDS: [&str; 4] = ["requested", "target", "delivered", "dcc_date"];

/// Columns of one CSV row by name.
type Row = BTreeMap<String, String>;
/// An assessment's key: number, type, source.
type AssessmentKey = (String, String, String);
/// One month's assessments by key.
type MonthAssessments = BTreeMap<AssessmentKey, Row>;

/// A ledger's history and assessments, by month, as read from its CSV files.
#[derive(Debug, Default)]
pub struct LedgerTables {
    history: BTreeMap<String, BTreeMap<String, Row>>,
    assessments: BTreeMap<String, BTreeMap<AssessmentKey, Row>>,
}

/// Reads a CSV's rows as name → value maps, checking the columns it needs.
fn read_rows(bytes: &[u8], path: &Path, needed: &[&str]) -> Result<Vec<(u64, Row)>, Error> {
    let bad = |line: u64, message: String| Error::Ledger {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = r
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    if let Some(missing) = needed.iter().find(|n| !headers.iter().any(|h| h == **n)) {
        return Err(bad(1, format!("no column {missing:?}: not a ledger file")));
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("unreadable row: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let row: Row = headers
            .iter()
            .zip(rec.iter())
            .map(|(h, v)| (h.to_string(), v.trim().to_string()))
            .collect();
        out.push((line, row));
    }
    Ok(out)
}

impl LedgerTables {
    /// Builds the tables from the bytes of `history.csv` and `assessments.csv`
    /// (paths are for error messages).
    pub fn from_csv(
        history: &[u8],
        history_path: &Path,
        assessments: &[u8],
        assessments_path: &Path,
    ) -> Result<LedgerTables, Error> {
        let mut t = LedgerTables::default();
        let mut needed = vec!["month", "number"];
        needed.extend(HISTORY_FIELDS);
        for (line, row) in read_rows(history, history_path, &needed)? {
            let (month, number) = (row["month"].clone(), row["number"].clone());
            if !is_month(&month) {
                return Err(Error::Ledger {
                    path: history_path.to_path_buf(),
                    line,
                    message: format!("month {month:?} is not YYYY-MM"),
                });
            }
            t.history.entry(month).or_default().insert(number, row);
        }
        let mut needed = vec!["report", "number", "type", "source"];
        needed.extend(ASSESSMENT_FIELDS);
        for (_, row) in read_rows(assessments, assessments_path, &needed)? {
            if row["number"].is_empty() {
                continue;
            }
            let month: String = row["report"].chars().take(7).collect();
            let key = (
                row["number"].clone(),
                row["type"].clone(),
                row["source"].clone(),
            );
            // the last row of a key wins, as in expected_changes.py
            t.assessments.entry(month).or_default().insert(key, row);
        }
        Ok(t)
    }

    /// Reads `history.csv` and `assessments.csv` from a ledger folder.
    pub fn read_dir(dir: &Path) -> Result<LedgerTables, Error> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(|b| (b, path.clone()))
                .map_err(|source| Error::Input { path, source })
        };
        let (h, hp) = read("history.csv")?;
        let (a, ap) = read("assessments.csv")?;
        LedgerTables::from_csv(&h, &hp, &a, &ap)
    }

    /// The months the history names, in order.
    pub fn months(&self) -> Vec<&str> {
        self.history.keys().map(String::as_str).collect()
    }
}

/// True for `YYYY-MM`.
pub fn is_month(s: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok() && s.len() == 7
}

/// Sort key of a `number`: its digits as a number, then its split letter.
fn number_order(n: &str) -> (u64, String) {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u64>() {
        Ok(v) => (v, n[digits.len()..].to_string()),
        Err(_) => (u64::MAX, n.to_string()),
    }
}

/// A `YYYY-MM-DD` cell.
fn iso_date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// after − before in days, when `column` holds dates and both are there.
fn days_moved(column: &str, before: &str, after: &str) -> Option<i64> {
    if !DATE_FIELDS.contains(&column) {
        return None;
    }
    Some((iso_date(after)? - iso_date(before)?).num_days())
}

/// What a moved `history.csv` value means.
fn history_kind(field: &str, before: &str, after: &str) -> ChangeKind {
    match field {
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
    number: &'a str,
    reference: &'a str,
    title: &'a str,
}

impl About<'_> {
    /// A `changed` row of this proposal.
    fn changed(&self, field: String, before: &str, after: &str, kind: ChangeKind) -> Change {
        let days = days_moved(field.rsplit('.').next().unwrap_or(""), before, after);
        Change {
            number: self.number.to_string(),
            reference: self.reference.to_string(),
            field,
            before: before.to_string(),
            after: after.to_string(),
            change: ChangeClass::Changed,
            title: self.title.to_string(),
            kind,
            days,
        }
    }
}

/// The `added` or `removed` row of a proposal named in one month only.
fn appeared_or_went(number: &str, row: &Row, class: ChangeClass) -> Change {
    let stage = row["stage"].clone();
    let (before, after, kind) = match class {
        ChangeClass::Added => (String::new(), stage, ChangeKind::Added),
        _ => (stage, String::new(), ChangeKind::Removed),
    };
    Change {
        number: number.to_string(),
        reference: row["ref"].clone(),
        field: String::new(),
        before,
        after,
        change: class,
        title: row["title"].clone(),
        kind,
        days: None,
    }
}

/// The changes of one number named in both months.
fn changes_of(
    number: &str,
    old: &Row,
    new: &Row,
    assessments: (Option<&MonthAssessments>, Option<&MonthAssessments>),
    out: &mut Vec<Change>,
) {
    let title = if new["title"].is_empty() {
        &old["title"]
    } else {
        &new["title"]
    };
    let about = About {
        number,
        reference: &new["ref"],
        title,
    };
    for f in HISTORY_FIELDS {
        if old[f] != new[f] {
            let kind = history_kind(f, &old[f], &new[f]);
            out.push(about.changed(f.to_string(), &old[f], &new[f], kind));
        }
    }
    let empty = BTreeMap::new();
    let (olds, news) = (
        assessments.0.unwrap_or(&empty),
        assessments.1.unwrap_or(&empty),
    );
    let keys: BTreeSet<&AssessmentKey> = olds
        .keys()
        .chain(news.keys())
        .filter(|k| k.0 == number)
        .collect();
    for key in keys {
        let (ra, rb) = (olds.get(key), news.get(key));
        let get =
            |row: Option<&Row>, f: &str| row.and_then(|r| r.get(f)).cloned().unwrap_or_default();
        for f in ASSESSMENT_FIELDS {
            let (a, b) = (get(ra, f), get(rb, f));
            if a != b {
                let kind = assessment_kind(f, &a, &b, (ra.is_some(), rb.is_some()));
                let field = format!("{}.{}.{f}", key.1, key.2);
                out.push(about.changed(field, &a, &b, kind));
            }
        }
    }
}

/// `changes.csv`'s rows between two months, sorted by number, then field.
pub fn diff(tables: &LedgerTables, from: &str, to: &str) -> Vec<Change> {
    let empty = BTreeMap::new();
    let a = tables.history.get(from).unwrap_or(&empty);
    let b = tables.history.get(to).unwrap_or(&empty);
    let assessments = (tables.assessments.get(from), tables.assessments.get(to));
    let numbers: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut out = Vec::new();
    for n in numbers {
        match (a.get(n), b.get(n)) {
            (None, Some(new)) => out.push(appeared_or_went(n, new, ChangeClass::Added)),
            (Some(old), None) => out.push(appeared_or_went(n, old, ChangeClass::Removed)),
            (Some(old), Some(new)) => changes_of(n, old, new, assessments, &mut out),
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

/// changes.csv's bytes.
pub fn changes_csv(changes: &[Change]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing to a Vec cannot fail
    let _ = w.write_record([
        "number", "ref", "field", "before", "after", "change", "title", "kind", "days",
    ]);
    for c in changes {
        let days = c.days.map(|d| d.to_string()).unwrap_or_default();
        let _ = w.write_record([
            c.number.as_str(),
            c.reference.as_str(),
            c.field.as_str(),
            c.before.as_str(),
            c.after.as_str(),
            c.change.as_str(),
            c.title.as_str(),
            c.kind.as_str(),
            days.as_str(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// What a diff found, for people.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Old month.
    pub from: String,
    /// New month.
    pub to: String,
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
pub fn summarise(from: &str, to: &str, changes: &[Change]) -> Summary {
    let mut s = Summary {
        from: from.to_string(),
        to: to.to_string(),
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
            "{} to {}: {} proposal(s) added, {} removed, {} stage move(s), {} DCC target date(s) slipped and {} brought forward; {} changed value(s) in all.",
            self.from,
            self.to,
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
        let got = changes_csv(&diff(&tables(), "2020-01", "2020-02"));
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
        let s = summarise("2020-01", "2020-02", &diff(&tables(), "2020-01", "2020-02"));
        assert_eq!(
            (s.added, s.removed, s.stage_moves, s.slipped, s.changed),
            (1, 1, 2, 1, 20)
        );
    }

    #[test]
    fn a_month_against_itself_is_empty() {
        assert!(diff(&tables(), "2020-02", "2020-02").is_empty());
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
            err.to_string().starts_with("h.csv:8: month \"Feb 2020\""),
            "{err}"
        );
    }

    #[test]
    fn months_and_numbers_sort_as_people_read_them() {
        assert!(is_month("2020-02"));
        for bad in ["2020-13", "2020-2", "Feb 2020", "2020-02-01", ""] {
            assert!(!is_month(bad), "{bad}");
        }
        let mut ns = vec!["100A", "53", "7", "100", "x"];
        ns.sort_by_key(|n| number_order(n));
        assert_eq!(ns, ["7", "53", "100", "100A", "x"]);
    }
}
