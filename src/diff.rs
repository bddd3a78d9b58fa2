//! Stage 8: month against month — `changes.csv` (`modledger diff`).
//!
//! Works on a ledger as its CSV files say it, so `diff --ledger` on a
//! folder `convert` wrote and `diff OLD NEW` on report files give the same
//! answer: numbers named in only one month are `added` or `removed`; for
//! numbers named in both, every `history.csv` column and every assessment
//! date or duration (`TYPE.SOURCE.COLUMN`) that differs is `changed`
//! (`../shared/tools/expected_changes.py` is the contract as code).

use crate::error::Error;
use crate::model::{Change, ChangeKind};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// The `history.csv` columns compared.
pub const HISTORY_FIELDS: [&str; 5] = ["ref", "title", "stage", "status", "dcc_status"];
/// The `assessments.csv` columns compared.
pub const ASSESSMENT_FIELDS: [&str; 5] = [
    "requested",
    "target",
    "delivered",
    "target_wd",
    "elapsed_wd",
];

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

fn change(number: &str, reference: &str, field: String, before: &str, after: &str) -> Change {
    Change {
        number: number.to_string(),
        reference: reference.to_string(),
        field,
        before: before.to_string(),
        after: after.to_string(),
        kind: ChangeKind::Changed,
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
    let reference = &new["ref"];
    for f in HISTORY_FIELDS {
        if old[f] != new[f] {
            out.push(change(number, reference, f.to_string(), &old[f], &new[f]));
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
        let get = |rows: &BTreeMap<AssessmentKey, Row>, f: &str| {
            rows.get(key)
                .and_then(|r| r.get(f))
                .cloned()
                .unwrap_or_default()
        };
        for f in ASSESSMENT_FIELDS {
            let (a, b) = (get(olds, f), get(news, f));
            if a != b {
                let field = format!("{}.{}.{f}", key.1, key.2);
                out.push(change(number, reference, field, &a, &b));
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
            (None, Some(new)) => out.push(Change {
                kind: ChangeKind::Added,
                ..change(n, &new["ref"], String::new(), "", "")
            }),
            (Some(old), None) => out.push(Change {
                kind: ChangeKind::Removed,
                ..change(n, &old["ref"], String::new(), "", "")
            }),
            (Some(old), Some(new)) => changes_of(n, old, new, assessments, &mut out),
            (None, None) => {}
        }
    }
    out.sort_by(|x, y| {
        (number_order(&x.number), &x.field, x.kind.as_str()).cmp(&(
            number_order(&y.number),
            &y.field,
            y.kind.as_str(),
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
    let _ = w.write_record(["number", "ref", "field", "before", "after", "change"]);
    for c in changes {
        let _ = w.write_record([
            c.number.as_str(),
            c.reference.as_str(),
            c.field.as_str(),
            c.before.as_str(),
            c.after.as_str(),
            c.kind.as_str(),
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
            ChangeKind::Changed => {
                s.changed += 1;
                if c.field == "stage" {
                    s.stage_moves += 1;
                }
                if c.field.ends_with(".target") {
                    let date = |v: &str| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
                    match (date(&c.before), date(&c.after)) {
                        (Some(a), Some(b)) if b > a => s.slipped += 1,
                        (Some(a), Some(b)) if b < a => s.brought_forward += 1,
                        _ => {}
                    }
                }
            }
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

    const HISTORY: &str = "month,number,ref,title,stage,status,dcc_status
2020-01,80,DP080,Ensuring a managed move to DUIS version 3.1,define,raised,
2020-01,53,SECMP0053,Amend Target Response Times,refine,working group,pa in progress
2020-01,7,SECMP0007,Firmware updates,refine,working group,
2020-02,80,MP080,Managing DUIS uplifts,refine,working group,
2020-02,53,SECMP0053,Amend Target Response Times,refine,working group,ia in progress
2020-02,100A,MP100A,Split one,refine,working group,
";
    const ASSESSMENTS: &str =
        "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note
2020-01-08,53,SECMP0053,IA,appendix,ia in progress,2020-01-02,2020-02-20,,,,
2020-02-06,53,SECMP0053,IA,appendix,ia in progress,2020-01-02,2020-03-05,,,,
2020-02-06,53,SECMP0053,PA,report,,2019-10-01,,2019-11-01,15,14,
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
    fn changes_between_two_months() {
        let got: Vec<(String, String, String, String, &str)> =
            diff(&tables(), "2020-01", "2020-02")
                .into_iter()
                .map(|c| (c.number, c.field, c.before, c.after, c.kind.as_str()))
                .collect();
        let want = [
            ("7", "", "", "", "removed"),
            (
                "53",
                "IA.appendix.target",
                "2020-02-20",
                "2020-03-05",
                "changed",
            ),
            ("53", "PA.report.delivered", "", "2019-11-01", "changed"),
            ("53", "PA.report.elapsed_wd", "", "14", "changed"),
            ("53", "PA.report.requested", "", "2019-10-01", "changed"),
            ("53", "PA.report.target_wd", "", "15", "changed"),
            (
                "53",
                "dcc_status",
                "pa in progress",
                "ia in progress",
                "changed",
            ),
            ("80", "ref", "DP080", "MP080", "changed"),
            ("80", "stage", "define", "refine", "changed"),
            ("80", "status", "raised", "working group", "changed"),
            (
                "80",
                "title",
                "Ensuring a managed move to DUIS version 3.1",
                "Managing DUIS uplifts",
                "changed",
            ),
            ("100A", "", "", "", "added"),
        ];
        let want: Vec<(String, String, String, String, &str)> = want
            .iter()
            .map(|(n, f, b, a, k)| {
                (
                    n.to_string(),
                    f.to_string(),
                    b.to_string(),
                    a.to_string(),
                    *k,
                )
            })
            .collect();
        assert_eq!(got, want);
        let s = summarise("2020-01", "2020-02", &diff(&tables(), "2020-01", "2020-02"));
        assert_eq!(
            (s.added, s.removed, s.stage_moves, s.slipped, s.changed),
            (1, 1, 1, 1, 10)
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
            err.to_string().starts_with("h.csv:7: month \"Feb 2020\""),
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
