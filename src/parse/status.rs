//! The status one place gives a proposal, for `history.csv`.
//!
//! A report place's status comes from its list and what its sentence says
//! (`RULES.md`: "expected to be issued" is not yet a Refinement
//! Consultation; a Change Board vote's outcome decides between `approved`,
//! `rejected`, `sent back to working group` and a plain `change board
//! vote`). Appendix places keep the DCC's status text as written; the
//! history stage reads it with [`crate::history`].

use super::events::ItemContext;

/// The status a report list item gives its proposal, or `""` when the list gives none.
pub fn item_status(ctx: &ItemContext<'_>) -> &'static str {
    let intro = ctx.intro.to_lowercase();
    let own = ctx.own.to_lowercase();
    match ctx.list {
        "new_draft_proposals" => "raised",
        "change_sub_committee_decisions" | "draft_proposals_for_conversion" => {
            "ready for conversion"
        }
        "working_group_meetings" => "working group",
        "refinement_consultations" => consultation_status(ctx, &intro, &own),
        "impact_assessment_requests" => "impact assessment requested",
        "modifications_on_hold" => "on hold",
        "modification_reports" => "modification report",
        "modification_report_consultations"
            if intro.contains("issued") && !intro.contains("expect") =>
        {
            "report consultation"
        }
        "modification_report_consultations" => "modification report",
        "change_board_votes" => vote_status(&own).unwrap_or("change board vote"),
        "authority_decisions" | "decisions" => decision_status(&intro, &own),
        "approved_for_release" => "approved for release",
        "implemented" => "implemented",
        l if l.starts_with("withdrawn") => "withdrawn",
        _ => "",
    }
}

/// A Refinement Consultation item: none while only "expected to be issued".
///
/// A sentence naming the proposal itself ("The Refinement Consultation for
/// SECMP0046 closed on …") is read on its own, not with the lists around it.
fn consultation_status(ctx: &ItemContext<'_>, intro: &str, own: &str) -> &'static str {
    let in_sentence = ctx.intro == ctx.paragraph;
    let telling = if in_sentence {
        own.split(". ").next().unwrap_or(own)
    } else {
        intro
    };
    if telling.contains("expected") {
        ""
    } else {
        "refinement consultation"
    }
}

/// The status a vote's outcome gives, if the sentence tells one.
fn vote_status(own: &str) -> Option<&'static str> {
    let outcome = own.split_once(" was ").map_or(own, |(_, o)| o).trim_start();
    if outcome.starts_with("recommended") {
        Some("change board vote")
    } else if outcome.starts_with("approved") {
        Some("approved")
    } else if outcome.starts_with("rejected") {
        Some("rejected")
    } else if outcome.starts_with("sent back") || outcome.starts_with("returned") {
        Some("sent back to working group")
    } else {
        None
    }
}

/// The status of an item under Authority decisions or the Summary's decisions.
fn decision_status(intro: &str, own: &str) -> &'static str {
    if own.contains("change board") {
        if let Some(s) = vote_status(own) {
            return s;
        }
    }
    let outcome = own.split_once(" was ").map_or("", |(_, o)| o).trim_start();
    if outcome.starts_with("approved") {
        "approved"
    } else if outcome.starts_with("rejected") {
        "rejected"
    } else if intro.contains("with the authority")
        || own.contains("with the authority")
        || intro.contains("awaiting")
    {
        "with authority"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::dates::DateContext;

    fn status(list: &str, intro: &str, own: &str) -> &'static str {
        item_status(&ItemContext {
            section: "x",
            list,
            intro,
            paragraph: "",
            own,
            dates: DateContext { report: None },
        })
    }

    #[test]
    fn a_sentence_naming_the_proposal_is_read_alone() {
        let sentence = "The Refinement Consultation for MP079 closed on 5 December 2019 and the responses will be considered. Three new Refinement Consultations are expected to be issued this month:";
        let own = &sentence[37..];
        let ctx = ItemContext {
            section: "refine",
            list: "refinement_consultations",
            intro: sentence,
            paragraph: sentence,
            own,
            dates: DateContext { report: None },
        };
        assert_eq!(item_status(&ctx), "refinement consultation");
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
