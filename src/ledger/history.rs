//! `history.csv`: each proposal's stage, status and title, month by month.
//!
//! In: the reconciled [`Report`]s. Out: one [`HistoryRow`] per proposal per
//! month any report names it. Each place a report names a proposal is
//! staged by its list and the status its sentence or table cell gives
//! (RULES.md, through [`List::implied_stage`] and
//! [`Section::implied_stage`]). A month's stage is the furthest of its
//! places, its status the most advanced (first in document order on a
//! tie), its DCC status the appendix's, cleaned into a category and a date.
//! Titles are reconciled across months by [`super::titles`].

use super::titles;
use crate::model::{
    dcc_cell_stage, AssessmentSource, HistoryRow, ImpliedStage, Interner, ListStage, Month,
    Observation, ProposalId, Reference, Report, Section, Stage, Status,
};
use crate::normalise::parse_dcc_status;
use std::collections::{BTreeMap, BTreeSet};

/// The stage one place gives its proposal, by its list and status.
pub fn place_stage(o: &Observation) -> Option<Stage> {
    let by_status = o.status.map(Status::stage);
    match o.list.implied_stage() {
        ListStage::Fixed(s) => Some(s),
        ListStage::ByStatusElse(s) => by_status.or(Some(s)),
        ListStage::FromSection => match o.section.implied_stage() {
            ImpliedStage::Fixed(s) => Some(s),
            ImpliedStage::ByStatus => by_status,
            ImpliedStage::ByDccCell(s) => dcc_cell_stage(&o.dcc_cell).or(Some(s)),
        },
    }
}

/// The status one place gives, ready to rank.
///
/// The delivery table's status is the DCC's (`dcc_status`), not the
/// proposal's: a PA or IA in progress is the report's open table's to say.
pub fn place_status(o: &Observation) -> Option<Status> {
    if o.section == Section::DccAssessments {
        None
    } else if o.section.is_appendix() {
        Status::from_dcc_cell(&o.dcc_cell)
    } else {
        o.status
    }
}

/// True for a place whose stage is only a guess: a no-further-assessment
/// row whose status cell could not be read is most likely closed, but any
/// other place that month knows better.
fn stage_is_a_guess(o: &Observation) -> bool {
    o.section == Section::DccNoFurtherAssessment && dcc_cell_stage(&o.dcc_cell).is_none()
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
fn month_status(places: &[&Observation]) -> Option<Status> {
    let mut best: Option<Status> = None;
    for s in places.iter().filter_map(|o| place_status(o)) {
        if best.map_or(true, |b| s.rank() > b.rank()) {
            best = Some(s);
        }
    }
    best
}

/// The appendix's status cell as printed: the delivery table's, else
/// implementation, no system impact, no further assessment.
fn month_dcc_cell(places: &[&Observation]) -> String {
    Section::APPENDIX
        .into_iter()
        .find_map(|sec| {
            places
                .iter()
                .find(|o| o.section == sec && !o.dcc_cell.is_empty())
                .map(|o| o.dcc_cell.clone())
        })
        .unwrap_or_default()
        .to_string()
}

/// The reference a month writes: the report's (MP over DP), else an
/// appendix reference with its letters, else last month's, else the first.
fn month_ref(places: &[&Observation], previous: Option<Reference>) -> Option<Reference> {
    let report_refs: Vec<Reference> = places
        .iter()
        .filter(|o| !o.section.is_appendix())
        .filter_map(|o| o.mention.reference)
        .collect();
    if let Some(r) = report_refs
        .iter()
        .find(|r| !r.is_draft())
        .or(report_refs.first())
    {
        return Some(*r);
    }
    let lettered = places.iter().find_map(|o| {
        let printed_letters = o.mention.raw.starts_with(|c: char| c.is_ascii_alphabetic());
        o.mention.reference.filter(|_| printed_letters)
    });
    lettered
        .or(previous)
        .or_else(|| places.first().and_then(|o| o.mention.reference))
}

/// One proposal's places, month by month, in document order.
type Places<'a> = BTreeMap<Month, Vec<&'a Observation>>;

/// Where each named place is: (proposal, month, report index, observation
/// index), sorted, so the places of one proposal can be gathered in turn.
/// A flat list of 20-byte entries: a map of every proposal's months held
/// at once costs several times as much in a long archive.
fn place_index(reports: &[Report]) -> Vec<(ProposalId, Month, u32, u32)> {
    let mut out = Vec::new();
    for (ri, r) in reports.iter().enumerate() {
        let month = r.month();
        for (oi, o) in r.observations.iter().enumerate() {
            if let Some(id) = o.mention.id() {
                out.push((id, month, index_u32(ri), index_u32(oi)));
            }
        }
    }
    out.sort_unstable();
    out
}

/// A row index as held in [`place_index`] (no archive has 4 billion reports
/// or places in one report: the reader's limits stop far sooner).
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Each proposal with its places, one proposal at a time, by number.
fn places_by_proposal(reports: &[Report]) -> impl Iterator<Item = (ProposalId, Places<'_>)> {
    let index = place_index(reports);
    let mut at = 0;
    std::iter::from_fn(move || {
        let &(id, ..) = index.get(at)?;
        let mut places: Places<'_> = BTreeMap::new();
        while let Some(&(i, month, ri, oi)) = index.get(at) {
            if i != id {
                break;
            }
            at += 1;
            let place = reports.get(ri as usize);
            if let Some(o) = place.and_then(|r| r.observations.get(oi as usize)) {
                places.entry(month).or_default().push(o);
            }
        }
        Some((id, places))
    })
}

/// Proposals whose appendix comment says they are on hold, by month
/// (`On hold indefinitely until …` in the delivery table's Comments).
fn held_by_comment(reports: &[Report]) -> BTreeSet<(Month, ProposalId)> {
    reports
        .iter()
        .flat_map(|r| {
            r.assessments
                .iter()
                .filter(|a| a.source == AssessmentSource::Appendix)
                .filter(|a| says_hold(&a.note))
                .filter_map(move |a| a.mention.id().map(|id| (r.month(), id)))
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
fn with_comment_status(status: Option<Status>, held: bool) -> Option<Status> {
    let rank = |s: Option<Status>| s.map_or(-1, |s| i16::from(s.rank()));
    if held && rank(Some(Status::OnHold)) > rank(status) {
        Some(Status::OnHold)
    } else {
        status
    }
}

/// history.csv's rows: one per proposal per month any report names it, by number then month.
pub fn build_history(reports: &[Report]) -> Vec<HistoryRow> {
    let held = held_by_comment(reports);
    let mut categories = Interner::new(); // a handful of DCC statuses, each held once
    let mut rows = Vec::new();
    for (id, months) in places_by_proposal(reports) {
        let titles = titles::reconcile(&months);
        let mut previous_ref: Option<Reference> = None;
        for (month, places) in &months {
            let reference = month_ref(places, previous_ref);
            previous_ref = reference;
            let dcc = parse_dcc_status(&month_dcc_cell(places));
            let status = month_status(places);
            rows.push(HistoryRow {
                month: *month,
                id,
                reference,
                title: titles.get(month).cloned().unwrap_or_default(),
                stage: month_stage(places),
                status: with_comment_status(status, held.contains(&(*month, id))),
                dcc_status: categories.intern_str(&dcc.category),
                dcc_date: dcc.date,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{List, Mention, Text};

    /// A place: `status` is the report's status, or an appendix place's status cell.
    fn place(section: Section, list: &str, status: &str) -> Observation {
        let appendix = section.is_appendix();
        Observation {
            mention: Mention::unread(""),
            title: Text::default(),
            section,
            list: List::from_slug(list),
            page: 1,
            line: 1,
            status: if appendix {
                None
            } else {
                Status::parse(status)
            },
            dcc_cell: if appendix {
                status.into()
            } else {
                Text::default()
            },
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
