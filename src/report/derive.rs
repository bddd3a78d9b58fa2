//! What the pictures show, derived from the ledger's rows: the archive's
//! calendar, each proposal's path through the stages, each DCC
//! assessment's targets month by month.
//!
//! In: a [`PageInput`]. Out: an [`Axis`] (every calendar month from the
//! first report to the last, the missing ones known), [`Proposal`]s (runs
//! of one stage, marks where something changed, time in the current
//! stage) and [`Series`] (an assessment's appendix targets by report, its
//! days slipped). Pure data: the views draw it, the tests check it.

use super::input::PageInput;
use crate::ledger::schema::{AssessmentRecord, EventRecord, HistoryRecord, RegisterRecord};
use crate::model::{
    AssessmentSource, AssessmentType, DccAssessmentStatus, Family, Month, ProposalId, Stage, Status,
};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// A month's place on a continuous count of months (year × 12 + month − 1).
pub fn ordinal(m: Month) -> i32 {
    let d = m.first_day();
    d.year() * 12 + d.month0() as i32
}

/// The archive's calendar: every month from the first reported to the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// Every calendar month, in order (reported or not).
    pub months: Vec<Month>,
    /// The months a report or the history names.
    pub reported: BTreeSet<Month>,
}

impl Axis {
    /// The calendar spanning the months of the reports and the history.
    pub fn of(input: &PageInput) -> Axis {
        let reported: BTreeSet<Month> = input
            .reports
            .iter()
            .filter_map(|r| r.month)
            .chain(input.history.iter().filter_map(|h| h.month))
            .collect();
        let mut months = Vec::new();
        if let (Some(&first), Some(&last)) = (reported.first(), reported.last()) {
            let mut m = first;
            while m <= last {
                months.push(m);
                m = m.next();
            }
        }
        Axis { months, reported }
    }

    /// The column of a month, when it is inside the calendar.
    pub fn index(&self, m: Month) -> Option<usize> {
        let first = *self.months.first()?;
        let i = usize::try_from(ordinal(m) - ordinal(first)).ok()?;
        (i < self.months.len()).then_some(i)
    }

    /// Months inside the calendar that no report covers.
    pub fn missing(&self) -> Vec<Month> {
        self.months
            .iter()
            .filter(|m| !self.reported.contains(m))
            .copied()
            .collect()
    }
}

/// Consecutive months of one proposal at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRun {
    /// The first month's column.
    pub start: usize,
    /// How many months.
    pub len: usize,
    /// The stage (none: named, but no place staged it).
    pub stage: Option<Stage>,
    /// The first month.
    pub from: Month,
    /// The last month.
    pub to: Month,
}

/// What a mark on a proposal's row says happened that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    /// A Draft Proposal became a Modification Proposal.
    Converted,
    /// The title changed.
    Retitled,
    /// The status changed.
    Status,
    /// The proposal closed (implemented, withdrawn or rejected).
    Closed,
}

impl MarkKind {
    /// Every kind, in the order the legend lists them.
    pub const ALL: [MarkKind; 4] = [
        MarkKind::Status,
        MarkKind::Retitled,
        MarkKind::Converted,
        MarkKind::Closed,
    ];

    /// The legend's words.
    pub fn meaning(self) -> &'static str {
        match self {
            MarkKind::Converted => "DP became MP",
            MarkKind::Retitled => "retitled",
            MarkKind::Status => "status changed",
            MarkKind::Closed => "closed (implemented, withdrawn, rejected)",
        }
    }
}

/// A mark on a proposal's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The month's column.
    pub index: usize,
    /// What happened.
    pub kind: MarkKind,
    /// What happened, for people (`2021-05: status refinement consultation`).
    pub label: String,
}

/// One proposal's path through the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<'a> {
    /// The proposal.
    pub id: ProposalId,
    /// Its page anchor: its latest reference (`MP124`), else `P` and its number.
    pub anchor: String,
    /// Its other references (`DP124`), each an anchor too.
    pub aliases: Vec<String>,
    /// Its history rows, month by month.
    pub rows: Vec<&'a HistoryRecord>,
    /// Its latest title.
    pub title: String,
    /// Each title with the month it first appears.
    pub titles: Vec<(Month, String)>,
    /// Its stage in its last month.
    pub stage: Option<Stage>,
    /// The first month of its current stage.
    pub since: Month,
    /// Calendar months from `since` to its last month, both counted.
    pub months_in_stage: u32,
    /// Runs of one stage.
    pub runs: Vec<StageRun>,
    /// Marks where something changed.
    pub marks: Vec<Mark>,
    /// Its register row.
    pub register: Option<&'a RegisterRecord>,
    /// Its events.
    pub events: Vec<&'a EventRecord>,
}

impl Proposal<'_> {
    /// Its last month.
    pub fn last(&self) -> Option<Month> {
        self.rows.last().and_then(|r| r.month)
    }

    /// Every reference it was named by, its anchor last.
    pub fn references(&self) -> Vec<String> {
        let mut refs = self.aliases.clone();
        refs.push(self.anchor.clone());
        refs
    }

    /// Words a filter matches besides the current title (which the row
    /// shows): references, number, earlier titles (lower case).
    pub fn search_text(&self) -> String {
        let mut words = vec![self.anchor.clone()];
        words.extend(self.aliases.iter().cloned());
        words.push(self.id.key());
        words.extend(
            self.titles
                .iter()
                .filter(|(_, t)| *t != self.title)
                .map(|(_, t)| t.clone()),
        );
        words.join(" ").to_lowercase()
    }
}

/// Every proposal of the history, by number.
pub fn proposals<'a>(input: &'a PageInput, axis: &Axis) -> Vec<Proposal<'a>> {
    let mut by_id: BTreeMap<ProposalId, Vec<&HistoryRecord>> = BTreeMap::new();
    for h in &input.history {
        if let (Some(id), Some(_)) = (h.number, h.month) {
            by_id.entry(id).or_default().push(h);
        }
    }
    let register: BTreeMap<ProposalId, &RegisterRecord> = input
        .register
        .iter()
        .filter_map(|r| Some((r.number?, r)))
        .collect();
    let mut events: BTreeMap<ProposalId, Vec<&EventRecord>> = BTreeMap::new();
    for e in &input.events {
        if let Some(id) = e.number {
            events.entry(id).or_default().push(e);
        }
    }
    by_id
        .into_iter()
        .map(|(id, mut rows)| {
            rows.sort_by_key(|r| r.month);
            let mut p = path_of(id, rows, axis);
            p.register = register.get(&id).copied();
            p.events = events.remove(&id).unwrap_or_default();
            p
        })
        .collect()
}

/// A proposal's path from its history rows (month order).
fn path_of<'a>(id: ProposalId, rows: Vec<&'a HistoryRecord>, axis: &Axis) -> Proposal<'a> {
    let (anchor, aliases) = anchors(id, &rows);
    let titles = titles(&rows);
    let stage = rows.last().and_then(|r| r.stage);
    let since = rows
        .iter()
        .rev()
        .take_while(|r| r.stage == stage)
        .last()
        .and_then(|r| r.month)
        .unwrap_or_else(|| Month::of(NaiveDate::default()));
    let last = rows.last().and_then(|r| r.month).unwrap_or(since);
    let months_in_stage = u32::try_from(ordinal(last) - ordinal(since) + 1).unwrap_or(0);
    Proposal {
        id,
        anchor,
        aliases,
        title: titles.last().map(|(_, t)| t.clone()).unwrap_or_default(),
        titles,
        stage,
        since,
        months_in_stage,
        runs: runs(&rows, axis),
        marks: marks(&rows, axis),
        rows,
        register: None,
        events: Vec::new(),
    }
}

/// The latest reference (the anchor) and the others, in first-seen order.
fn anchors(id: ProposalId, rows: &[&HistoryRecord]) -> (String, Vec<String>) {
    let mut refs: Vec<String> = Vec::new();
    for r in rows.iter().filter_map(|r| r.reference) {
        let t = r.to_string();
        refs.retain(|x| *x != t);
        refs.push(t);
    }
    match refs.pop() {
        Some(latest) => (latest, refs),
        None => (format!("P{}", id.key()), refs),
    }
}

/// Each distinct non-empty title with the month it first appears, in order.
fn titles(rows: &[&HistoryRecord]) -> Vec<(Month, String)> {
    let mut out: Vec<(Month, String)> = Vec::new();
    for r in rows {
        let (Some(m), t) = (r.month, r.title.trim()) else {
            continue;
        };
        if !t.is_empty() && out.last().map_or(true, |(_, last)| last != t) {
            out.push((m, t.to_string()));
        }
    }
    out
}

/// Runs of one stage over consecutive calendar months.
fn runs(rows: &[&HistoryRecord], axis: &Axis) -> Vec<StageRun> {
    let mut out: Vec<StageRun> = Vec::new();
    for r in rows {
        let (Some(m), Some(i)) = (r.month, r.month.and_then(|m| axis.index(m))) else {
            continue;
        };
        match out.last_mut() {
            Some(run) if run.stage == r.stage && run.start + run.len == i => {
                run.len += 1;
                run.to = m;
            }
            _ => out.push(StageRun {
                start: i,
                len: 1,
                stage: r.stage,
                from: m,
                to: m,
            }),
        }
    }
    out
}

/// The statuses that close a proposal.
const CLOSING: [Status; 3] = [Status::Implemented, Status::Withdrawn, Status::Rejected];

/// Marks where a month differs from the proposal's previous named month.
fn marks(rows: &[&HistoryRecord], axis: &Axis) -> Vec<Mark> {
    let mut out = Vec::new();
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (Some(m), Some(index)) = (b.month, b.month.and_then(|m| axis.index(m))) else {
            continue;
        };
        let mut mark = |kind, label: String| {
            out.push(Mark {
                index,
                kind,
                label: format!("{m}: {label}"),
            })
        };
        if let (Some(x), Some(y)) = (a.reference, b.reference) {
            if x.family == Family::Dp && y.family == Family::Mp {
                mark(MarkKind::Converted, format!("{x} → {y}"));
            }
        }
        let (ta, tb) = (a.title.trim(), b.title.trim());
        if !ta.is_empty() && !tb.is_empty() && ta != tb {
            mark(MarkKind::Retitled, format!("retitled “{tb}”"));
        }
        if let (Some(x), Some(y)) = (a.status, b.status) {
            if x != y && !CLOSING.contains(&y) {
                mark(MarkKind::Status, format!("status {y}"));
            }
        }
        if b.stage == Some(Stage::Closed) && a.stage != Some(Stage::Closed) {
            let how = b.status.map(|s| format!(" ({s})")).unwrap_or_default();
            mark(MarkKind::Closed, format!("closed{how}"));
        }
    }
    out
}

/// One DCC assessment's targets as the appendix gave them, report by report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The proposal.
    pub id: ProposalId,
    /// Its reference in the latest row, as text.
    pub reference: String,
    /// PA or IA.
    pub kind: AssessmentType,
    /// `(report date, target)` for each report whose appendix gave a target.
    pub targets: Vec<(NaiveDate, NaiveDate)>,
    /// Request accepted (the latest row that gives it).
    pub requested: Option<NaiveDate>,
    /// Delivered (the latest row that gives it).
    pub delivered: Option<NaiveDate>,
    /// The latest appendix status.
    pub status: Option<DccAssessmentStatus>,
    /// Days from the first appendix target to the latest (negative when
    /// brought forward), as `ledger.xlsx`'s Slips sheet counts them.
    pub slipped_days: i64,
    /// How many times a report moved the target.
    pub moves: u32,
}

impl Series {
    /// The first and last targets, when there are any.
    pub fn first_and_last(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.targets.first()?.1, self.targets.last()?.1))
    }
}

/// Every assessment (proposal and type), the worst slippers first, then by
/// number and type; slips as [`crate::ledger::slips`] counts them (the
/// workbook's Slips sheet and `show` say the same).
pub fn series(input: &PageInput) -> Vec<Series> {
    let slips: BTreeMap<(ProposalId, AssessmentType), (i64, u32)> =
        crate::ledger::slips::slips(&input.assessments, |_| String::new())
            .into_iter()
            .filter(|s| s.source == Some(AssessmentSource::Appendix))
            .filter_map(|s| Some(((s.number?, s.kind?), (s.days_slipped, s.moves))))
            .collect();
    let mut by_key: BTreeMap<(ProposalId, AssessmentType), Vec<&AssessmentRecord>> =
        BTreeMap::new();
    for a in &input.assessments {
        if let (Some(id), Some(kind), Some(_)) = (a.number, a.kind, a.report) {
            by_key.entry((id, kind)).or_default().push(a);
        }
    }
    let mut out: Vec<Series> = by_key
        .into_iter()
        .map(|((id, kind), mut rows)| {
            rows.sort_by_key(|a| a.report);
            let (slipped_days, moves) = slips.get(&(id, kind)).copied().unwrap_or((0, 0));
            Series {
                slipped_days,
                moves,
                ..series_of(id, kind, &rows)
            }
        })
        .collect();
    out.sort_by(|a, b| (b.slipped_days, a.id, a.kind).cmp(&(a.slipped_days, b.id, b.kind)));
    out
}

/// One assessment's series from its rows (report order).
fn series_of(id: ProposalId, kind: AssessmentType, rows: &[&AssessmentRecord]) -> Series {
    let appendix = |a: &&&AssessmentRecord| a.source == Some(AssessmentSource::Appendix);
    let mut targets: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for a in rows.iter().filter(appendix) {
        if let (Some(report), Some(target)) = (a.report, a.target) {
            // the last row of a report wins, as in diff
            if targets.last().is_some_and(|(r, _)| *r == report) {
                targets.pop();
            }
            targets.push((report, target));
        }
    }
    let latest = |f: fn(&AssessmentRecord) -> Option<NaiveDate>| {
        let from = |src| {
            rows.iter()
                .rev()
                .filter(|a| a.source == Some(src))
                .find_map(|a| f(a))
        };
        from(AssessmentSource::Appendix).or_else(|| from(AssessmentSource::Report))
    };
    Series {
        id,
        reference: rows
            .iter()
            .rev()
            .find_map(|a| a.reference)
            .map(|r| r.to_string())
            .unwrap_or_else(|| id.key()),
        kind,
        targets,
        requested: latest(|a| a.requested),
        delivered: latest(|a| a.delivered),
        status: rows.iter().rev().find_map(|a| a.status),
        slipped_days: 0,
        moves: 0,
    }
}

/// Runs of equal values over consecutive items: `(first, last, value)`.
pub fn runs_of<K: Clone, V: PartialEq + Clone>(items: &[(K, V)]) -> Vec<(K, K, V)> {
    let mut out: Vec<(K, K, V)> = Vec::new();
    for (k, v) in items {
        match out.last_mut() {
            Some((_, last, value)) if value == v => *last = k.clone(),
            _ => out.push((k.clone(), k.clone(), v.clone())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(month: &str, reference: &str, title: &str, stage: &str, status: &str) -> HistoryRecord {
        let r: crate::model::Reference = reference.parse().unwrap();
        HistoryRecord {
            month: Some(m(month)),
            number: Some(r.id),
            reference: Some(r),
            title: title.into(),
            stage: stage.parse().ok(),
            status: Status::parse(status),
            ..HistoryRecord::default()
        }
    }

    fn input(history: Vec<HistoryRecord>) -> PageInput {
        PageInput {
            history,
            ..PageInput::default()
        }
    }

    #[test]
    fn the_axis_spans_every_calendar_month_and_knows_the_missing_ones() {
        let i = input(vec![
            row("2020-11", "MP100", "A", "refine", ""),
            row("2021-02", "MP100", "A", "refine", ""),
        ]);
        let a = Axis::of(&i);
        let names: Vec<String> = a.months.iter().map(Month::to_string).collect();
        assert_eq!(names, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        assert_eq!(a.index(m("2021-01")), Some(2));
        assert_eq!(a.index(m("2020-10")), None);
        assert_eq!(a.index(m("2021-03")), None);
        assert_eq!(a.missing(), vec![m("2020-12"), m("2021-01")]);
    }

    #[test]
    fn a_path_has_runs_of_one_stage_and_marks_where_it_changed() {
        let i = input(vec![
            row("2021-01", "DP124", "Pairing", "define", "raised"),
            row("2021-02", "MP124", "Pairing", "refine", "working group"),
            row(
                "2021-03",
                "MP124",
                "Pairing Windows",
                "refine",
                "working group",
            ),
            // 2021-04 not named: a gap
            row(
                "2021-05",
                "MP124",
                "Pairing Windows",
                "refine",
                "ia in progress",
            ),
            row("2021-06", "MP124", "Pairing Windows", "closed", "withdrawn"),
        ]);
        let axis = Axis::of(&i);
        let ps = proposals(&i, &axis);
        assert_eq!(ps.len(), 1);
        let p = &ps[0];
        assert_eq!(
            (p.anchor.as_str(), p.aliases.clone()),
            ("MP124", vec!["DP124".to_string()])
        );
        assert_eq!(p.title, "Pairing Windows");
        assert_eq!(
            p.titles,
            vec![
                (m("2021-01"), "Pairing".into()),
                (m("2021-03"), "Pairing Windows".into())
            ]
        );
        let runs: Vec<(usize, usize, Option<Stage>)> =
            p.runs.iter().map(|r| (r.start, r.len, r.stage)).collect();
        assert_eq!(
            runs,
            [
                (0, 1, Some(Stage::Define)),
                (1, 2, Some(Stage::Refine)),
                (4, 1, Some(Stage::Refine)),
                (5, 1, Some(Stage::Closed)),
            ]
        );
        let marks: Vec<(usize, MarkKind, &str)> = p
            .marks
            .iter()
            .map(|k| (k.index, k.kind, k.label.as_str()))
            .collect();
        assert_eq!(
            marks,
            [
                (1, MarkKind::Converted, "2021-02: DP124 → MP124"),
                (1, MarkKind::Status, "2021-02: status working group"),
                (2, MarkKind::Retitled, "2021-03: retitled “Pairing Windows”"),
                (4, MarkKind::Status, "2021-05: status ia in progress"),
                (5, MarkKind::Closed, "2021-06: closed (withdrawn)"),
            ]
        );
        assert_eq!(
            (p.stage, p.since, p.months_in_stage),
            (Some(Stage::Closed), m("2021-06"), 1)
        );
        assert_eq!(p.search_text(), "mp124 dp124 124 pairing");
    }

    #[test]
    fn time_in_the_current_stage_counts_calendar_months_across_gaps() {
        let i = input(vec![
            row("2020-01", "MP090", "X", "define", ""),
            row("2020-02", "MP090", "X", "refine", ""),
            row("2020-12", "MP090", "X", "refine", ""),
            row("2021-01", "MP090", "X", "refine", ""),
        ]);
        let p = &proposals(&i, &Axis::of(&i))[0];
        assert_eq!((p.since, p.months_in_stage), (m("2020-02"), 12));
    }

    fn assessment(report: &str, source: &str, target: &str, delivered: &str) -> AssessmentRecord {
        let r: crate::model::Reference = "MP124".parse().unwrap();
        AssessmentRecord {
            report: Some(d(report)),
            number: Some(r.id),
            reference: Some(r),
            kind: Some(AssessmentType::Ia),
            source: if source == "appendix" {
                Some(AssessmentSource::Appendix)
            } else {
                Some(AssessmentSource::Report)
            },
            requested: Some(d("2021-02-22")),
            target: target.parse().ok(),
            delivered: delivered.parse().ok(),
            ..AssessmentRecord::default()
        }
    }

    #[test]
    fn a_series_has_the_appendix_targets_and_sums_the_slips() {
        let i = PageInput {
            assessments: vec![
                assessment("2021-04-07", "appendix", "2021-04-19", ""),
                assessment("2021-04-07", "report", "", ""),
                assessment("2021-05-06", "appendix", "2021-04-19", ""),
                assessment("2021-06-04", "appendix", "2021-06-21", ""),
                assessment("2021-07-09", "appendix", "2021-06-14", ""),
                assessment("2021-08-05", "report", "", "2021-06-25"),
            ],
            ..PageInput::default()
        };
        let s = &series(&i)[0];
        assert_eq!(s.reference, "MP124");
        assert_eq!(s.targets.len(), 4);
        assert_eq!(s.targets[2], (d("2021-06-04"), d("2021-06-21")));
        // 2021-04-19, kept, 2021-06-21, then 2021-06-14: two moves, 56 days in all
        assert_eq!((s.slipped_days, s.moves), (56, 2));
        assert_eq!(
            (s.requested, s.delivered),
            (Some(d("2021-02-22")), Some(d("2021-06-25")))
        );
        assert_eq!(s.first_and_last(), Some((d("2021-04-19"), d("2021-06-14"))));
    }

    #[test]
    fn runs_of_equal_values_join() {
        let items = [(1, "a"), (2, "a"), (3, "b"), (4, "a")];
        assert_eq!(runs_of(&items), [(1, 2, "a"), (3, 3, "b"), (4, 4, "a")]);
    }
}
