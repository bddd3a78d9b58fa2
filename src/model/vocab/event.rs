//! `EventKind`: the dated things that happen to a proposal (`events.csv`'s
//! `event` column).
//!
//! In: what a report sentence tells (read by `parse::events`). Out: the
//! kind, written as its snake_case slug.

use std::fmt;

/// The kinds of dated things that happen to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// A Draft Proposal was raised.
    Raised,
    /// The Change Sub-Committee found a DP ready for conversion.
    ReadyForConversion,
    /// Discussed at a Working Group meeting.
    WorkingGroup,
    /// A Refinement Consultation was issued.
    RefinementConsultation,
    /// A Modification Report is presented / expected for consultation.
    ModificationReport,
    /// A Modification Report Consultation was issued.
    ReportConsultation,
    /// The Change Board voted.
    ChangeBoardVote,
    /// The Authority decided.
    AuthorityDecision,
    /// Approved for a release.
    ReleaseApproved,
    /// Implemented in a release.
    Implemented,
    /// Withdrawn.
    Withdrawn,
    /// Rejected.
    Rejected,
    /// Put on hold.
    OnHold,
}

impl EventKind {
    /// Every kind, in process order.
    pub const ALL: [EventKind; 13] = [
        EventKind::Raised,
        EventKind::ReadyForConversion,
        EventKind::WorkingGroup,
        EventKind::RefinementConsultation,
        EventKind::ModificationReport,
        EventKind::ReportConsultation,
        EventKind::ChangeBoardVote,
        EventKind::AuthorityDecision,
        EventKind::ReleaseApproved,
        EventKind::Implemented,
        EventKind::Withdrawn,
        EventKind::Rejected,
        EventKind::OnHold,
    ];

    /// The `event` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Raised => "raised",
            EventKind::ReadyForConversion => "ready_for_conversion",
            EventKind::WorkingGroup => "working_group",
            EventKind::RefinementConsultation => "refinement_consultation",
            EventKind::ModificationReport => "modification_report",
            EventKind::ReportConsultation => "report_consultation",
            EventKind::ChangeBoardVote => "change_board_vote",
            EventKind::AuthorityDecision => "authority_decision",
            EventKind::ReleaseApproved => "release_approved",
            EventKind::Implemented => "implemented",
            EventKind::Withdrawn => "withdrawn",
            EventKind::Rejected => "rejected",
            EventKind::OnHold => "on_hold",
        }
    }

    /// True for the kinds that close a proposal (implemented, withdrawn, rejected).
    pub fn closes(self) -> bool {
        matches!(
            self,
            EventKind::Implemented | EventKind::Withdrawn | EventKind::Rejected
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
