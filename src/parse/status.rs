//! The status one place gives a proposal, for `history.csv`.
//!
//! A report place's status comes from its list and what its sentence says
//! (`RULES.md`: "expected to be issued" is not yet a Refinement
//! Consultation; a Change Board vote's outcome decides between `approved`,
//! `rejected`, `sent back to working group` and a plain `change board
//! vote`). Appendix places keep the DCC's status text as written; the
//! history stage reads it with [`crate::history`].

use super::events::ItemContext;
use crate::model::{List, Status};

/// The status a report list item gives its proposal, if its list gives one.
pub fn item_status(ctx: &ItemContext<'_>) -> Option<Status> {
    let intro = ctx.intro.lower();
    let own = ctx.own.to_lowercase();
    match ctx.list {
        List::NewDraftProposals => Some(Status::Raised),
        List::ChangeSubCommitteeDecisions | List::DraftProposalsForConversion => {
            Some(Status::ReadyForConversion)
        }
        List::WorkingGroupMeetings => Some(Status::WorkingGroup),
        List::RefinementConsultations => consultation_status(ctx, intro, &own),
        List::ImpactAssessmentRequests => Some(Status::ImpactAssessmentRequested),
        List::ModificationsOnHold => Some(Status::OnHold),
        List::ModificationReports => Some(Status::ModificationReport),
        List::ModificationReportConsultations
            if intro.contains("issued") && !intro.contains("expect") =>
        {
            Some(Status::ReportConsultation)
        }
        List::ModificationReportConsultations => Some(Status::ModificationReport),
        List::ChangeBoardVotes => vote_status(&own).or(Some(Status::ChangeBoardVote)),
        List::AuthorityDecisions | List::Decisions => decision_status(intro, &own),
        List::ApprovedForRelease => Some(Status::ApprovedForRelease),
        List::Implemented => Some(Status::Implemented),
        l if l.is_withdrawals() => Some(Status::Withdrawn),
        _ => None,
    }
}

/// A Refinement Consultation item: none while only "expected to be issued".
///
/// A sentence naming the proposal itself ("The Refinement Consultation for
/// SECMP0046 closed on …") is read on its own, not with the lists around it.
fn consultation_status(ctx: &ItemContext<'_>, intro: &str, own: &str) -> Option<Status> {
    let in_sentence = **ctx.intro == *ctx.paragraph;
    let telling = if in_sentence {
        own.split(". ").next().unwrap_or(own)
    } else {
        intro
    };
    (!telling.contains("expected")).then_some(Status::RefinementConsultation)
}

/// The status a vote's outcome gives, if the sentence tells one.
fn vote_status(own: &str) -> Option<Status> {
    let outcome = own.split_once(" was ").map_or(own, |(_, o)| o).trim_start();
    [
        ("recommended", Status::ChangeBoardVote),
        ("approved", Status::Approved),
        ("rejected", Status::Rejected),
        ("sent back", Status::SentBackToWorkingGroup),
        ("returned", Status::SentBackToWorkingGroup),
    ]
    .into_iter()
    .find(|(start, _)| outcome.starts_with(start))
    .map(|(_, st)| st)
}

/// The status of an item under Authority decisions or the Summary's decisions.
fn decision_status(intro: &str, own: &str) -> Option<Status> {
    if own.contains("change board") {
        if let Some(s) = vote_status(own) {
            return Some(s);
        }
    }
    let outcome = own.split_once(" was ").map_or("", |(_, o)| o).trim_start();
    if outcome.starts_with("approved") {
        Some(Status::Approved)
    } else if outcome.starts_with("rejected") {
        Some(Status::Rejected)
    } else if intro.contains("with the authority")
        || own.contains("with the authority")
        || intro.contains("awaiting")
    {
        Some(Status::WithAuthority)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;
    use crate::normalise::dates::DateContext;
    use crate::parse::events::Introduction;

    fn status(list: &str, intro: &str, own: &str) -> &'static str {
        item_status(&ItemContext {
            section: Section::Refine,
            list: &List::from_slug(list),
            intro: &Introduction::new(intro, DateContext { report: None }),
            paragraph: "",
            own,
            dates: DateContext { report: None },
        })
        .map_or("", Status::as_str)
    }

    #[test]
    fn a_sentence_naming_the_proposal_is_read_alone() {
        let sentence = "The Refinement Consultation for MP079 closed on 5 December 2019 and the responses will be considered. Three new Refinement Consultations are expected to be issued this month:";
        let own = &sentence[37..];
        let ctx = ItemContext {
            section: Section::Refine,
            list: &List::RefinementConsultations,
            intro: &Introduction::new(sentence, DateContext { report: None }),
            paragraph: sentence,
            own,
            dates: DateContext { report: None },
        };
        assert_eq!(item_status(&ctx), Some(Status::RefinementConsultation));
    }

    #[test]
    fn statuses_by_list_and_sentence() {
        let cases = [
            ("new_draft_proposals", "", "", "raised"),
            (
                "change_sub_committee_decisions",
                "The CSC agreed on 5 May",
                "",
                "ready for conversion",
            ),
            (
                "working_group_meetings",
                "The Working Group met",
                "",
                "working group",
            ),
            (
                "refinement_consultations",
                "Three new Refinement Consultations are expected to be issued this month:",
                "",
                "",
            ),
            (
                "refinement_consultations",
                "The Refinement Consultation for SECMP0046 closed on 13 November 2019",
                "",
                "refinement consultation",
            ),
            (
                "refinement_consultations",
                "Issued on 4 May and closes on 20 May:",
                "",
                "refinement consultation",
            ),
            (
                "impact_assessment_requests",
                "",
                "",
                "impact assessment requested",
            ),
            (
                "modifications_on_hold",
                "",
                " is on hold pending X",
                "on hold",
            ),
            (
                "modification_report_consultations",
                "Expected to be issued this month:",
                "",
                "modification report",
            ),
            (
                "modification_report_consultations",
                "Issued on 8 November 2019:",
                "",
                "report consultation",
            ),
            (
                "change_board_votes",
                "",
                " was recommended for approval as an Authority Determined Modification",
                "change board vote",
            ),
            (
                "change_board_votes",
                "",
                " was approved as a Self-Governance Modification",
                "approved",
            ),
            (
                "change_board_votes",
                "",
                " was rejected as a Self-Governance Modification",
                "rejected",
            ),
            (
                "change_board_votes",
                "",
                " was sent back to the Working Group",
                "sent back to working group",
            ),
            (
                "authority_decisions",
                "The following are currently with the Authority for decision:",
                "",
                "with authority",
            ),
            (
                "authority_decisions",
                "",
                " was approved by the Authority on 3 May 2020",
                "approved",
            ),
            (
                "authority_decisions",
                "",
                " was rejected by the Authority",
                "rejected",
            ),
            (
                "decisions",
                "",
                " was approved by the Change Board as a Self-Governance Modification",
                "approved",
            ),
            ("approved_for_release", "", "", "approved for release"),
            ("implemented", "", "", "implemented"),
            ("withdrawn_draft_proposals", "", "", "withdrawn"),
            ("withdrawn_modification_proposals", "", "", "withdrawn"),
            ("open_assessments", "", "", ""),
            ("some_new_list", "", "", ""),
        ];
        for (list, intro, own, want) in cases {
            assert_eq!(status(list, intro, own), want, "{list} / {intro} / {own}");
        }
    }
}
