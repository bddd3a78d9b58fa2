//! `List`: every list and table of the report and its appendix.
//!
//! In: a list heading's folded words (`working group meetings`), found by
//! `segment`. Out: the [`List`], with everything the rest of the pipeline
//! needs to know about it in one place: its `list` column slug, the heading
//! spellings that name it, the section it belongs to, and the stage a place
//! in it implies. A heading not known here is [`List::Other`] with a slug of
//! its own words; a section's text before its first list heading is
//! [`List::Intro`].
//!
//! A new list heading in next year's reports costs one variant and one row
//! of [`List::KNOWN`] here (plus, if it implies a status, one arm of
//! `parse::status`).

use super::section::Section;
use super::stage::Stage;
use crate::model::text::Text;
use std::fmt;

/// A list or table inside a section.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    /// A section's own text, before its first list heading (slug: the section's).
    Intro(Section),
    /// Summary: Draft Proposals for conversion.
    DraftProposalsForConversion,
    /// Summary: Modification Reports.
    ModificationReports,
    /// Summary: decisions.
    Decisions,
    /// Define: New Draft Proposals.
    NewDraftProposals,
    /// Define: Change Sub-Committee decisions.
    ChangeSubCommitteeDecisions,
    /// Define: withdrawn Draft Proposals.
    WithdrawnDraftProposals,
    /// Refine: Working Group meetings.
    WorkingGroupMeetings,
    /// Refine: Refinement Consultations.
    RefinementConsultations,
    /// Refine: Impact Assessment requests.
    ImpactAssessmentRequests,
    /// Refine: Modifications on hold.
    ModificationsOnHold,
    /// Refine: withdrawn Modification Proposals.
    WithdrawnModificationProposals,
    /// Refine: the Open Assessments table.
    OpenAssessments,
    /// Refine: the Assessments completed table.
    AssessmentsCompleted,
    /// Refine: the DCC assessment timescales table.
    DccAssessmentTimescales,
    /// Opine: Modification Report Consultations.
    ModificationReportConsultations,
    /// Opine: Change Board votes.
    ChangeBoardVotes,
    /// Opine: Authority decisions (decided, and "currently with the Authority").
    AuthorityDecisions,
    /// Opine: proposal progression timescales.
    ProposalProgressionTimescales,
    /// Proposal timescales.
    ProposalTimescales,
    /// Release: SEC releases.
    SecReleases,
    /// Release: approved for release.
    ApprovedForRelease,
    /// Release: implemented.
    Implemented,
    /// Summary: proposals currently in each stage.
    ProposalsCurrentlyInEachStage,
    /// Appendix: the delivery-dates table.
    DeliveryDates,
    /// Appendix: implementation status.
    ImplementationStatus,
    /// Appendix: no system impact.
    NoSystemImpact,
    /// Appendix: no further assessment required.
    NoFurtherAssessment,
    /// A heading not known yet; its slug is its words.
    Other(Text),
}

/// What a place in a list says about its proposal's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStage {
    /// Always this stage.
    Fixed(Stage),
    /// The stage its status gives, else this one.
    ByStatusElse(Stage),
    /// The list says nothing: the section decides.
    FromSection,
}

impl List {
    /// The known list headings, as folded words → list (several spellings may name one list).
    pub const KNOWN: &'static [(&'static str, List)] = &[
        (
            "draft proposals for conversion",
            List::DraftProposalsForConversion,
        ),
        ("modification reports", List::ModificationReports),
        ("decisions", List::Decisions),
        ("new draft proposals", List::NewDraftProposals),
        (
            "change sub committee decisions",
            List::ChangeSubCommitteeDecisions,
        ),
        ("csc decisions", List::ChangeSubCommitteeDecisions),
        ("withdrawn draft proposals", List::WithdrawnDraftProposals),
        ("working group meetings", List::WorkingGroupMeetings),
        ("refinement consultations", List::RefinementConsultations),
        ("impact assessment requests", List::ImpactAssessmentRequests),
        ("modifications on hold", List::ModificationsOnHold),
        (
            "withdrawn modification proposals",
            List::WithdrawnModificationProposals,
        ),
        ("open assessments", List::OpenAssessments),
        ("assessments completed", List::AssessmentsCompleted),
        ("dcc assessment timescales", List::DccAssessmentTimescales),
        (
            "modification report consultations",
            List::ModificationReportConsultations,
        ),
        ("change board votes", List::ChangeBoardVotes),
        ("authority decisions", List::AuthorityDecisions),
        (
            "proposal progression timescales",
            List::ProposalProgressionTimescales,
        ),
        ("proposal timescales", List::ProposalTimescales),
        ("sec releases", List::SecReleases),
        ("approved for release", List::ApprovedForRelease),
        ("implemented", List::Implemented),
        (
            "proposals currently in each stage",
            List::ProposalsCurrentlyInEachStage,
        ),
    ];

    /// Every list the contract names (not `Intro` or `Other`), in documentation order.
    pub fn named() -> Vec<List> {
        let mut out: Vec<List> = Vec::new();
        for (_, l) in List::KNOWN {
            if !out.contains(l) {
                out.push(l.clone());
            }
        }
        out.extend(Section::APPENDIX.into_iter().map(List::of_appendix_table));
        out
    }

    /// The list an appendix table is.
    pub fn of_appendix_table(section: Section) -> List {
        match section {
            Section::DccAssessments => List::DeliveryDates,
            Section::DccImplementation => List::ImplementationStatus,
            Section::DccNoSystemImpact => List::NoSystemImpact,
            Section::DccNoFurtherAssessment => List::NoFurtherAssessment,
            other => List::Intro(other),
        }
    }

    /// The list named by folded heading words exactly, if known.
    pub fn known(folded: &str) -> Option<List> {
        List::KNOWN
            .iter()
            .find(|(name, _)| *name == folded)
            .map(|(_, l)| l.clone())
    }

    /// The list a `list` column's slug names (an unknown slug is [`List::Other`]).
    pub fn from_slug(slug: &str) -> List {
        if let Some(s) = Section::REPORT.into_iter().find(|s| s.slug() == slug) {
            return List::Intro(s);
        }
        List::named()
            .into_iter()
            .find(|l| l.slug() == slug)
            .unwrap_or_else(|| List::Other(slug.into()))
    }

    /// The `list` column's value.
    pub fn slug(&self) -> &str {
        match self {
            List::Intro(s) => s.slug(),
            List::DraftProposalsForConversion => "draft_proposals_for_conversion",
            List::ModificationReports => "modification_reports",
            List::Decisions => "decisions",
            List::NewDraftProposals => "new_draft_proposals",
            List::ChangeSubCommitteeDecisions => "change_sub_committee_decisions",
            List::WithdrawnDraftProposals => "withdrawn_draft_proposals",
            List::WorkingGroupMeetings => "working_group_meetings",
            List::RefinementConsultations => "refinement_consultations",
            List::ImpactAssessmentRequests => "impact_assessment_requests",
            List::ModificationsOnHold => "modifications_on_hold",
            List::WithdrawnModificationProposals => "withdrawn_modification_proposals",
            List::OpenAssessments => "open_assessments",
            List::AssessmentsCompleted => "assessments_completed",
            List::DccAssessmentTimescales => "dcc_assessment_timescales",
            List::ModificationReportConsultations => "modification_report_consultations",
            List::ChangeBoardVotes => "change_board_votes",
            List::AuthorityDecisions => "authority_decisions",
            List::ProposalProgressionTimescales => "proposal_progression_timescales",
            List::ProposalTimescales => "proposal_timescales",
            List::SecReleases => "sec_releases",
            List::ApprovedForRelease => "approved_for_release",
            List::Implemented => "implemented",
            List::ProposalsCurrentlyInEachStage => "proposals_currently_in_each_stage",
            List::DeliveryDates => "delivery_dates",
            List::ImplementationStatus => "implementation_status",
            List::NoSystemImpact => "no_system_impact",
            List::NoFurtherAssessment => "no_further_assessment",
            List::Other(slug) => slug,
        }
    }

    /// The section the list is printed in, when it has one home (`decisions`
    /// and `implemented` headings may appear in others).
    pub fn section(&self) -> Option<Section> {
        Some(match self {
            List::Intro(s) => *s,
            List::DraftProposalsForConversion
            | List::ModificationReports
            | List::Decisions
            | List::ProposalsCurrentlyInEachStage => Section::Summary,
            List::NewDraftProposals
            | List::ChangeSubCommitteeDecisions
            | List::WithdrawnDraftProposals => Section::Define,
            List::WorkingGroupMeetings
            | List::RefinementConsultations
            | List::ImpactAssessmentRequests
            | List::ModificationsOnHold
            | List::WithdrawnModificationProposals
            | List::OpenAssessments
            | List::AssessmentsCompleted
            | List::DccAssessmentTimescales => Section::Refine,
            List::ModificationReportConsultations
            | List::ChangeBoardVotes
            | List::AuthorityDecisions
            | List::ProposalProgressionTimescales
            | List::ProposalTimescales => Section::Opine,
            List::SecReleases | List::ApprovedForRelease | List::Implemented => Section::Release,
            List::DeliveryDates => Section::DccAssessments,
            List::ImplementationStatus => Section::DccImplementation,
            List::NoSystemImpact => Section::DccNoSystemImpact,
            List::NoFurtherAssessment => Section::DccNoFurtherAssessment,
            List::Other(_) => return None,
        })
    }

    /// True for a list of withdrawals (known, or an unknown heading that starts so).
    pub fn is_withdrawals(&self) -> bool {
        self.slug().starts_with("withdrawn")
    }

    /// True for the tables whose every row is a record: the report's two
    /// assessment tables and the appendix's delivery dates (a heading of
    /// one with no rows under it means the rows were not read).
    pub fn is_row_table(&self) -> bool {
        self.is_assessment_table() || *self == List::DeliveryDates
    }

    /// True for the report's two assessment tables (read as tables, not sentences).
    pub fn is_assessment_table(&self) -> bool {
        matches!(self, List::OpenAssessments | List::AssessmentsCompleted)
    }

    /// The stage a place in this list implies (RULES.md's staging of each list).
    pub fn implied_stage(&self) -> ListStage {
        use ListStage::*;
        match self {
            List::NewDraftProposals
            | List::ChangeSubCommitteeDecisions
            | List::DraftProposalsForConversion => Fixed(Stage::Define),
            l if l.is_withdrawals() => Fixed(Stage::Closed),
            List::ModificationReports => Fixed(Stage::Refine),
            List::Decisions => ByStatusElse(Stage::Release),
            List::ChangeBoardVotes => ByStatusElse(Stage::Opine),
            List::AuthorityDecisions => ByStatusElse(Stage::Decide),
            List::ApprovedForRelease => Fixed(Stage::Release),
            List::Implemented => Fixed(Stage::Closed),
            _ => FromSection,
        }
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_list_reads_back_from_its_slug() {
        for l in List::named() {
            assert_eq!(List::from_slug(l.slug()), l, "{l}");
        }
        assert_eq!(List::from_slug("refine"), List::Intro(Section::Refine));
        assert_eq!(
            List::from_slug("urgent_proposals"),
            List::Other("urgent_proposals".into())
        );
    }

    #[test]
    fn lists_stage_their_places_as_the_rules_say() {
        use ListStage::*;
        for (list, want) in [
            (List::NewDraftProposals, Fixed(Stage::Define)),
            (List::DraftProposalsForConversion, Fixed(Stage::Define)),
            (List::WithdrawnDraftProposals, Fixed(Stage::Closed)),
            (
                List::Other("withdrawn_proposals".into()),
                Fixed(Stage::Closed),
            ),
            (List::ModificationReports, Fixed(Stage::Refine)),
            (List::Decisions, ByStatusElse(Stage::Release)),
            (List::ChangeBoardVotes, ByStatusElse(Stage::Opine)),
            (List::AuthorityDecisions, ByStatusElse(Stage::Decide)),
            (List::ApprovedForRelease, Fixed(Stage::Release)),
            (List::Implemented, Fixed(Stage::Closed)),
            (List::WorkingGroupMeetings, FromSection),
            (List::DeliveryDates, FromSection),
            (List::Other("urgent_proposals".into()), FromSection),
        ] {
            assert_eq!(list.implied_stage(), want, "{list}");
        }
    }
}
