//! Slipped DCC dates: each assessment whose target date moved from one
//! report to a later one.
//!
//! In: `assessments.csv`'s rows (from a [`Ledger`](super::Ledger) or read
//! back from a ledger folder), one at a time (only each row's identity,
//! report, target and reference are kept: a long archive's rows are never
//! all held as records), and each proposal's latest title. Out: one
//! [`SlipRecord`] per assessment (number, type, source) whose target
//! moved: its first and latest target, the reports that gave them, how many
//! times it moved and the calendar days between first and latest, sorted by
//! number, type, source. The workbook's Slips sheet, `show` and the HTML
//! report share it.

use super::schema::{AssessmentRecord, SlipRecord};
use crate::model::{AssessmentSource, AssessmentType, ProposalId, Reference};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An assessment's identity across reports.
type Key = (ProposalId, AssessmentType, AssessmentSource);

/// What a slip needs of one row: its target and reference.
type Point = (Option<NaiveDate>, Option<Reference>);

/// One assessment's rows, by report date (the last row of a report wins,
/// as in `diff`).
type ByReport = BTreeMap<NaiveDate, Point>;

/// Every assessment whose target moved, with `title(number)` as its title.
/// `assessments` gives records or references to them.
pub fn slips<A: std::borrow::Borrow<AssessmentRecord>>(
    assessments: impl IntoIterator<Item = A>,
    title: impl Fn(ProposalId) -> String,
) -> Vec<SlipRecord> {
    let mut by_key: BTreeMap<Key, ByReport> = BTreeMap::new();
    for a in assessments {
        let a = a.borrow();
        let (Some(id), Some(kind), Some(source), Some(report)) =
            (a.number, a.kind, a.source, a.report)
        else {
            continue;
        };
        by_key
            .entry((id, kind, source))
            .or_default()
            .insert(report, (a.target, a.reference));
    }
    by_key
        .into_iter()
        .filter_map(|(key, rows)| slip_of(key, &rows, &title))
        .collect()
}

/// The slip of one assessment, if its target moved.
fn slip_of(key: Key, rows: &ByReport, title: &impl Fn(ProposalId) -> String) -> Option<SlipRecord> {
    let targets: Vec<(NaiveDate, NaiveDate)> = rows
        .iter()
        .filter_map(|(report, (target, _))| target.map(|t| (*report, t)))
        .collect();
    let moves = targets.windows(2).filter(|w| w[0].1 != w[1].1).count();
    if moves == 0 {
        return None;
    }
    let (first, latest) = (*targets.first()?, *targets.last()?);
    let mut seen: Vec<NaiveDate> = targets.iter().map(|(_, t)| *t).collect();
    seen.dedup();
    let (id, kind, source) = key;
    Some(SlipRecord {
        number: Some(id),
        reference: rows.values().next_back().and_then(|(_, r)| *r),
        title: title(id),
        kind: Some(kind),
        source: Some(source),
        first_report: Some(first.0),
        first_target: Some(first.1),
        latest_report: Some(latest.0),
        latest_target: Some(latest.1),
        moves: u32::try_from(moves).unwrap_or(u32::MAX),
        days_slipped: (latest.1 - first.1).num_days(),
        targets: seen
            .iter()
            .map(NaiveDate::to_string)
            .collect::<Vec<_>>()
            .join(" → "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(report: &str, number: &str, kind: &str, source: &str, target: &str) -> AssessmentRecord {
        let csv = format!(
            "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note\n\
             {report},{number},MP{number},{kind},{source},,,{target},,,,\n"
        );
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        r.deserialize().next().expect("a row").expect("a record")
    }

    #[test]
    fn only_targets_that_moved_are_slips_with_first_latest_moves_and_days() {
        let rows = [
            row("2021-04-07", "124", "IA", "appendix", "2021-04-19"),
            row("2021-05-05", "124", "IA", "appendix", "2021-04-19"),
            row("2021-06-04", "124", "IA", "appendix", "2021-06-21"),
            row("2021-07-02", "124", "IA", "appendix", "2021-06-14"),
            row("2021-04-07", "124", "IA", "report", "2021-04-19"),
            row("2021-06-04", "124", "IA", "report", "2021-04-19"),
            row("2021-05-05", "90", "PA", "appendix", ""),
            row("2021-06-04", "90", "PA", "appendix", "2021-07-01"),
        ];
        let got = slips(&rows, |id| format!("title {id}"));
        assert_eq!(got.len(), 1, "{got:?}");
        let s = &got[0];
        assert_eq!(s.title, "title 124");
        assert_eq!(
            s.first_report.map(|d| d.to_string()).as_deref(),
            Some("2021-04-07")
        );
        assert_eq!(
            s.first_target.map(|d| d.to_string()).as_deref(),
            Some("2021-04-19")
        );
        assert_eq!(
            s.latest_report.map(|d| d.to_string()).as_deref(),
            Some("2021-07-02")
        );
        assert_eq!(
            s.latest_target.map(|d| d.to_string()).as_deref(),
            Some("2021-06-14")
        );
        assert_eq!((s.moves, s.days_slipped), (2, 56));
        assert_eq!(s.targets, "2021-04-19 → 2021-06-21 → 2021-06-14");
    }
}
