//! Stage 6b: the story across months — `history.csv` and `register.csv`.
//!
//! Each place a report names a proposal is staged by its list and the
//! status its sentence or table cell gives (`RULES.md` in the generated
//! corpus). A month's stage is the furthest of its places, its status the
//! most advanced (first in document order on a tie), its DCC status the
//! appendix's. Titles are reconciled across months by [`titles`]: OCR
//! damage loses to the clean spelling, a real retitle starts a new title.

pub mod titles;

use crate::model::{
    AssessmentSource, EventKind, HistoryRow, Observation, ProposalId, RegisterRow, Report, Section,
    Stage,
};
use crate::normalise::parse_dcc_status;
use crate::reconcile::{month_of, LedgerEvent};
use std::collections::{BTreeMap, BTreeSet};

/// The stage a status belongs to, if it tells one.
pub fn stage_of_status(status: &str) -> Option<Stage> {
    Some(match status {
        "raised" | "ready for conversion" => Stage::Define,
        "working group"
        | "pa in progress"
        | "ia in progress"
        | "refinement consultation"
        | "impact assessment requested"
        | "on hold"
        | "sent back to working group" => Stage::Refine,
        "modification report" | "report consultation" | "change board vote" => Stage::Opine,
        "with authority" => Stage::Decide,
        "approved" | "approved for release" | "awaiting implementation" => Stage::Release,
        "implemented" | "withdrawn" | "rejected" => Stage::Closed,
        _ => return None,
    })
}

/// How advanced a status is (`RULES.md`'s ranking); `None` for text that is no status.
pub fn status_rank(status: &str) -> Option<u8> {
    Some(match status {
        "raised" => 0,
        "ready for conversion" => 1,
        "working group" => 2,
        "pa in progress" | "ia in progress" => 3,
        "refinement consultation" => 4,
        "impact assessment requested" | "on hold" | "sent back to working group" => 5,
        "modification report" => 6,
        "report consultation" => 7,
        "change board vote" => 8,
        "with authority" => 9,
        "approved" => 10,
        "approved for release" | "awaiting implementation" => 11,
        "implemented" | "withdrawn" | "rejected" => 12,
        _ => return None,
    })
}

/// The history status a DCC status cell gives (`Accepted - Implemented` is
/// `implemented`, `SECMP withdrawn` is `withdrawn`, `On hold.` is `on hold`);
/// `""` for cells that say where it waits rather than what it is.
pub fn dcc_history_status(raw: &str) -> &'static str {
    let s = raw.to_lowercase();
    if s.contains("awaiting implementation") {
        "awaiting implementation"
    } else if s.contains("awaiting") {
        ""
    } else if s.contains("implemented") {
        "implemented"
    } else if s.contains("withdrawn") {
        "withdrawn"
    } else if s.contains("rejected") {
        "rejected"
    } else if s.contains("on hold") {
        "on hold"
    } else if s.contains("pa in progress") {
        "pa in progress"
    } else if s.contains("ia in progress") {
        "ia in progress"
    } else {
        ""
    }
}

/// The stage a DCC status cell tells, if any (`Awaiting Change Board decision` is `opine`).
fn dcc_stage(raw: &str) -> Option<Stage> {
    let s = raw.to_lowercase();
    if let Some(st) = stage_of_status(dcc_history_status(&s)) {
        return Some(st);
    }
    if s.contains("authority") {
        Some(Stage::Decide)
    } else if s.contains("change board") || s.contains("modification report") {
        Some(Stage::Opine)
    } else {
        None
    }
}

/// The stage one place gives its proposal, by its list and status.
pub fn place_stage(o: &Observation) -> Option<Stage> {
    let by_status = stage_of_status(&o.status);
    match o.list.as_str() {
        "new_draft_proposals"
        | "change_sub_committee_decisions"
        | "draft_proposals_for_conversion" => Some(Stage::Define),
        l if l.starts_with("withdrawn") => Some(Stage::Closed),
        "modification_reports" => Some(Stage::Refine),
        "decisions" => by_status.or(Some(Stage::Release)),
        "change_board_votes" => by_status.or(Some(Stage::Opine)),
        "authority_decisions" => by_status.or(Some(Stage::Decide)),
        "approved_for_release" => Some(Stage::Release),
        "implemented" => Some(Stage::Closed),
        _ => match o.section {
            Section::Summary => by_status,
            Section::Define => Some(Stage::Define),
            Section::Refine => Some(Stage::Refine),
            Section::Opine => Some(Stage::Opine),
            Section::Release => Some(Stage::Release),
            Section::DccAssessments => Some(Stage::Refine),
            Section::DccImplementation => Some(Stage::Release),
            Section::DccNoSystemImpact => dcc_stage(&o.status).or(Some(Stage::Refine)),
            Section::DccNoFurtherAssessment => dcc_stage(&o.status).or(Some(Stage::Closed)),
        },
    }
}

/// The status one place gives, ready to rank.
///
/// The delivery table's status is the DCC's (`dcc_status`), not the
/// proposal's: a PA or IA in progress is the report's open table's to say.
pub fn place_status(o: &Observation) -> &str {
    if o.section == Section::DccAssessments {
        ""
    } else if o.section.is_appendix() {
        dcc_history_status(&o.status)
    } else {
        &o.status
    }
}

/// True for a place whose stage is only a guess: a no-further-assessment
/// row whose status cell could not be read is most likely closed, but any
/// other place that month knows better.
fn stage_is_a_guess(o: &Observation) -> bool {
    o.section == Section::DccNoFurtherAssessment && dcc_stage(&o.status).is_none()
}

/// The furthest stage of the month's places, guesses only when nothing else stages it.
fn month_stage(places: &[&Observation]) -> Option<Stage> {
    let known = places
        .iter()
        .filter(|o| !stage_is_a_guess(o))
        .filter_map(|o| place_stage(o))
        .max();
    known.or_else(|| places.iter().filter_map(|o| place_stage(o)).max())
}

/// The most advanced status among places (first in document order on a tie).
fn month_status<'a>(places: &[&'a Observation]) -> &'a str {
    let mut best: Option<(u8, &str)> = None;
    for o in places {
        let s = place_status(o);
        if let Some(rank) = status_rank(s) {
            if best.map_or(true, |(r, _)| rank > r) {
                best = Some((rank, s));
            }
        }
    }
    best.map_or("", |(_, s)| s)
}

/// The appendix's status cell as printed: the delivery table's, else
/// implementation, no system impact, no further assessment.
fn month_dcc_status(places: &[&Observation]) -> String {
    [
        Section::DccAssessments,
        Section::DccImplementation,
        Section::DccNoSystemImpact,
        Section::DccNoFurtherAssessment,
    ]
    .into_iter()
    .find_map(|sec| {
        places
            .iter()
            .find(|o| o.section == sec && !o.status.is_empty())
            .map(|o| o.status.clone())
    })
    .unwrap_or_default()
}

/// The reference a month writes: the report's (MP over DP), else an
/// appendix reference with its letters, else last month's, else the canonical form.
fn month_ref(places: &[&Observation], previous: Option<&str>) -> String {
    let report_refs: Vec<&str> = places
        .iter()
        .filter(|o| !o.section.is_appendix())
        .map(|o| o.mention.reference.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    if let Some(r) = report_refs
        .iter()
        .find(|r| !r.starts_with("DP"))
        .or(report_refs.first())
    {
        return (*r).to_string();
    }
    let lettered = places.iter().find(|o| {
        o.mention.raw.starts_with(|c: char| c.is_ascii_alphabetic())
            && !o.mention.reference.is_empty()
    });
    if let Some(o) = lettered {
        return o.mention.reference.clone();
    }
    if let Some(p) = previous {
        return p.to_string();
    }
    places
        .first()
        .map(|o| o.mention.reference.clone())
        .unwrap_or_default()
}

/// Every proposal's places, month by month.
type Places<'a> = BTreeMap<ProposalId, BTreeMap<String, Vec<&'a Observation>>>;

fn places_by_proposal(reports: &[Report]) -> Places<'_> {
    let mut out: Places<'_> = BTreeMap::new();
    for r in reports {
        let month = month_of(r.date);
        for o in &r.observations {
            if let Some(id) = o.mention.id {
                out.entry(id)
                    .or_default()
                    .entry(month.clone())
                    .or_default()
                    .push(o);
            }
        }
    }
    out
}

/// Proposals whose appendix comment says they are on hold, by month
/// (`On hold indefinitely until …` in the delivery table's Comments).
fn held_by_comment(reports: &[Report]) -> BTreeSet<(String, ProposalId)> {
    reports
        .iter()
        .flat_map(|r| {
            r.assessments
                .iter()
                .filter(|a| a.source == AssessmentSource::Appendix)
                .filter(|a| says_hold(&a.note))
                .filter_map(move |a| a.mention.id.map(|id| (month_of(r.date), id)))
        })
        .collect()
}

/// A comment that puts a proposal on hold (`On hold indefinitely …`, `Hold`).
fn says_hold(note: &str) -> bool {
    note.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "hold")
}

/// The month's status, with an appendix comment's "on hold" ranked last in document order.
fn with_comment_status(status: &str, held: bool) -> &str {
    let rank = |s: &str| status_rank(s).map_or(-1, i16::from);
    if held && rank("on hold") > rank(status) {
        "on hold"
    } else {
        status
    }
}

/// history.csv's rows: one per proposal per month any report names it, by number then month.
pub fn build_history(reports: &[Report]) -> Vec<HistoryRow> {
    let held = held_by_comment(reports);
    let mut rows = Vec::new();
    for (id, months) in places_by_proposal(reports) {
        let titles = titles::reconcile(&months);
        let mut previous_ref: Option<String> = None;
        for (month, places) in &months {
            let reference = month_ref(places, previous_ref.as_deref());
            let dcc = parse_dcc_status(&month_dcc_status(places));
            previous_ref = Some(reference.clone());
            rows.push(HistoryRow {
                month: month.clone(),
                id,
                reference,
                title: titles.get(month).cloned().unwrap_or_default(),
                stage: month_stage(places),
                status: with_comment_status(
                    month_status(places),
                    held.contains(&(month.clone(), id)),
                )
                .to_string(),
                dcc_status: dcc.category,
                dcc_date: dcc.date,
            });
        }
    }
    rows
}

/// The release a `release_approved` or `implemented` event names.
fn release_name(e: &LedgerEvent) -> String {
    let d = e.event.detail.trim();
    match d.rfind(" (") {
        Some(i) if d.ends_with(')') => d[..i].trim().to_string(),
        _ => d.to_string(),
    }
}

/// register.csv's rows: each proposal's latest history row, with its
/// proposer and release from the events.
pub fn build_register(history: &[HistoryRow], events: &[LedgerEvent]) -> Vec<RegisterRow> {
    let mut by_id: BTreeMap<ProposalId, Vec<&HistoryRow>> = BTreeMap::new();
    for h in history {
        by_id.entry(h.id).or_default().push(h);
    }
    let mut out = Vec::new();
    for (id, rows) in by_id {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            continue;
        };
        let mine: Vec<&LedgerEvent> = events
            .iter()
            .filter(|e| e.event.mention.id == Some(id))
            .collect();
        let raised = mine.iter().find(|e| e.event.kind == EventKind::Raised);
        let release = mine
            .iter()
            .filter(|e| {
                matches!(
                    e.event.kind,
                    EventKind::ReleaseApproved | EventKind::Implemented
                )
            })
            .max_by_key(|e| {
                (
                    e.report,
                    e.event.kind == EventKind::Implemented,
                    e.event.date,
                )
            });
        out.push(RegisterRow {
            id,
            reference: last.reference.clone(),
            title: last.title.clone(),
            proposer: raised.map(|e| e.event.detail.clone()).unwrap_or_default(),
            raised: raised.and_then(|e| e.event.date),
            first_month: first.month.clone(),
            last_month: last.month.clone(),
            stage: last.stage,
            status: last.status.clone(),
            release: release.map(|e| release_name(e)).unwrap_or_default(),
            implemented: release
                .filter(|e| e.event.kind == EventKind::Implemented)
                .and_then(|e| e.event.date),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    fn place(section: Section, list: &str, status: &str) -> Observation {
        Observation {
            mention: Mention {
                id: None,
                reference: String::new(),
                raw: String::new(),
            },
            title: String::new(),
            section,
            list: list.into(),
            page: 1,
            line: 1,
            status: status.into(),
        }
    }

    #[test]
    fn each_place_is_staged_by_its_list_and_status() {
        use Section::*;
        let cases = [
            (Define, "new_draft_proposals", "raised", Some(Stage::Define)),
            (
                Summary,
                "draft_proposals_for_conversion",
                "ready for conversion",
                Some(Stage::Define),
            ),
            (
                Define,
                "withdrawn_draft_proposals",
                "withdrawn",
                Some(Stage::Closed),
            ),
            (
                Summary,
                "modification_reports",
                "modification report",
                Some(Stage::Refine),
            ),
            (Summary, "decisions", "approved", Some(Stage::Release)),
            (Summary, "decisions", "rejected", Some(Stage::Closed)),
            (
                Refine,
                "working_group_meetings",
                "working group",
                Some(Stage::Refine),
            ),
            (
                Refine,
                "open_assessments",
                "pa in progress",
                Some(Stage::Refine),
            ),
            (
                Opine,
                "modification_report_consultations",
                "report consultation",
                Some(Stage::Opine),
            ),
            (
                Opine,
                "change_board_votes",
                "change board vote",
                Some(Stage::Opine),
            ),
            (
                Opine,
                "change_board_votes",
                "approved",
                Some(Stage::Release),
            ),
            (Opine, "change_board_votes", "rejected", Some(Stage::Closed)),
            (
                Opine,
                "change_board_votes",
                "sent back to working group",
                Some(Stage::Refine),
            ),
            (
                Opine,
                "authority_decisions",
                "with authority",
                Some(Stage::Decide),
            ),
            (
                Opine,
                "authority_decisions",
                "approved",
                Some(Stage::Release),
            ),
            (
                Release,
                "approved_for_release",
                "approved for release",
                Some(Stage::Release),
            ),
            (Release, "implemented", "implemented", Some(Stage::Closed)),
            (
                DccAssessments,
                "delivery_dates",
                "ia in progress",
                Some(Stage::Refine),
            ),
            (
                DccImplementation,
                "implementation_status",
                "awaiting implementation in the june release",
                Some(Stage::Release),
            ),
            (
                DccNoSystemImpact,
                "no_system_impact",
                "awaiting change board decision.",
                Some(Stage::Opine),
            ),
            (
                DccNoSystemImpact,
                "no_system_impact",
                "awaiting authority decision",
                Some(Stage::Decide),
            ),
            (
                DccNoSystemImpact,
                "no_system_impact",
                "on hold.",
                Some(Stage::Refine),
            ),
            (
                DccNoFurtherAssessment,
                "no_further_assessment",
                "accepted - implemented",
                Some(Stage::Closed),
            ),
            (
                DccNoFurtherAssessment,
                "no_further_assessment",
                "secmp withdrawn",
                Some(Stage::Closed),
            ),
            (
                DccNoFurtherAssessment,
                "no_further_assessment",
                "awaiting implementation 07/11/2019",
                Some(Stage::Release),
            ),
            (Summary, "some_new_summary_list", "", None),
        ];
        for (section, list, status, want) in cases {
            assert_eq!(
                place_stage(&place(section, list, status)),
                want,
                "{list} / {status}"
            );
        }
    }

    #[test]
    fn statuses_rank_as_the_rules_say() {
        let order = [
            "raised",
            "ready for conversion",
            "working group",
            "pa in progress",
            "refinement consultation",
            "on hold",
            "modification report",
            "report consultation",
            "change board vote",
            "with authority",
            "approved",
            "approved for release",
            "implemented",
        ];
        for w in order.windows(2) {
            assert!(status_rank(w[0]) < status_rank(w[1]), "{} < {}", w[0], w[1]);
        }
        assert_eq!(status_rank("ia in progress"), status_rank("pa in progress"));
        assert_eq!(status_rank("withdrawn"), status_rank("rejected"));
        assert_eq!(status_rank("no outstanding assessment request"), None);
    }

    #[test]
    fn dcc_statuses_give_history_statuses() {
        for (raw, want) in [
            ("Accepted - Implemented", "implemented"),
            ("SECMP withdrawn", "withdrawn"),
            ("Rejected", "rejected"),
            ("On hold.", "on hold"),
            (
                "Awaiting Implementation. 07/11/2019",
                "awaiting implementation",
            ),
            ("Awaiting Change Board decision.", ""),
            ("No outstanding assessment request", ""),
        ] {
            assert_eq!(dcc_history_status(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_no_further_row_without_a_status_does_not_outrank_what_the_report_says() {
        let approved = place(
            Section::Release,
            "approved_for_release",
            "approved for release",
        );
        let unread = place(Section::DccNoFurtherAssessment, "no_further_assessment", "");
        assert_eq!(month_stage(&[&approved, &unread]), Some(Stage::Release));
        assert_eq!(month_stage(&[&unread]), Some(Stage::Closed));
        let implemented = place(
            Section::DccNoFurtherAssessment,
            "no_further_assessment",
            "implemented",
        );
        assert_eq!(month_stage(&[&approved, &implemented]), Some(Stage::Closed));
    }
}
