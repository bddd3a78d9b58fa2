//! `Status` and `DccAssessmentStatus`: what a source says a proposal (or an
//! assessment) is doing.
//!
//! In: the status a report list item or an appendix status cell gives.
//! Out: the ranked [`Status`] of `history.csv` (its text, its rank in
//! RULES.md's order, the stage it implies), and the DCC's own assessment
//! status of `assessments.csv`. [`Status::from_dcc_cell`] is how an
//! appendix status cell (`Accepted - Implemented`, `On hold.`) reads into a
//! status; [`dcc_cell_stage`] the stage such a cell tells.

use super::stage::Stage;
use std::fmt;

/// A proposal's status as `history.csv` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A Draft Proposal was raised.
    Raised,
    /// Found ready for conversion to a Modification Proposal.
    ReadyForConversion,
    /// At a Working Group.
    WorkingGroup,
    /// A DCC Preliminary Assessment is in progress.
    PaInProgress,
    /// A DCC Impact Assessment is in progress.
    IaInProgress,
    /// A Refinement Consultation was issued.
    RefinementConsultation,
    /// An Impact Assessment was requested.
    ImpactAssessmentRequested,
    /// On hold.
    OnHold,
    /// The Change Board sent it back to the Working Group.
    SentBackToWorkingGroup,
    /// A Modification Report is presented or expected for consultation.
    ModificationReport,
    /// A Modification Report Consultation was issued.
    ReportConsultation,
    /// The Change Board voted (a recommendation to the Authority).
    ChangeBoardVote,
    /// With the Authority for decision.
    WithAuthority,
    /// Approved.
    Approved,
    /// Approved for a release.
    ApprovedForRelease,
    /// Awaiting implementation (the DCC's word for approved for release).
    AwaitingImplementation,
    /// Implemented.
    Implemented,
    /// Withdrawn.
    Withdrawn,
    /// Rejected.
    Rejected,
}

impl Status {
    /// Every status, in rank order (equal ranks in documentation order).
    pub const ALL: [Status; 19] = [
        Status::Raised,
        Status::ReadyForConversion,
        Status::WorkingGroup,
        Status::PaInProgress,
        Status::IaInProgress,
        Status::RefinementConsultation,
        Status::ImpactAssessmentRequested,
        Status::OnHold,
        Status::SentBackToWorkingGroup,
        Status::ModificationReport,
        Status::ReportConsultation,
        Status::ChangeBoardVote,
        Status::WithAuthority,
        Status::Approved,
        Status::ApprovedForRelease,
        Status::AwaitingImplementation,
        Status::Implemented,
        Status::Withdrawn,
        Status::Rejected,
    ];

    /// The `status` column's value (also how a report prints the status in a sentence).
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Raised => "raised",
            Status::ReadyForConversion => "ready for conversion",
            Status::WorkingGroup => "working group",
            Status::PaInProgress => "pa in progress",
            Status::IaInProgress => "ia in progress",
            Status::RefinementConsultation => "refinement consultation",
            Status::ImpactAssessmentRequested => "impact assessment requested",
            Status::OnHold => "on hold",
            Status::SentBackToWorkingGroup => "sent back to working group",
            Status::ModificationReport => "modification report",
            Status::ReportConsultation => "report consultation",
            Status::ChangeBoardVote => "change board vote",
            Status::WithAuthority => "with authority",
            Status::Approved => "approved",
            Status::ApprovedForRelease => "approved for release",
            Status::AwaitingImplementation => "awaiting implementation",
            Status::Implemented => "implemented",
            Status::Withdrawn => "withdrawn",
            Status::Rejected => "rejected",
        }
    }

    /// Reads a `status` column's value.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// How advanced the status is (RULES.md's ranking; equal ranks tie).
    pub fn rank(self) -> u8 {
        match self {
            Status::Raised => 0,
            Status::ReadyForConversion => 1,
            Status::WorkingGroup => 2,
            Status::PaInProgress | Status::IaInProgress => 3,
            Status::RefinementConsultation => 4,
            Status::ImpactAssessmentRequested | Status::OnHold | Status::SentBackToWorkingGroup => {
                5
            }
            Status::ModificationReport => 6,
            Status::ReportConsultation => 7,
            Status::ChangeBoardVote => 8,
            Status::WithAuthority => 9,
            Status::Approved => 10,
            Status::ApprovedForRelease | Status::AwaitingImplementation => 11,
            Status::Implemented | Status::Withdrawn | Status::Rejected => 12,
        }
    }

    /// The stage the status belongs to.
    pub fn stage(self) -> Stage {
        match self {
            Status::Raised | Status::ReadyForConversion => Stage::Define,
            Status::WorkingGroup
            | Status::PaInProgress
            | Status::IaInProgress
            | Status::RefinementConsultation
            | Status::ImpactAssessmentRequested
            | Status::OnHold
            | Status::SentBackToWorkingGroup => Stage::Refine,
            Status::ModificationReport | Status::ReportConsultation | Status::ChangeBoardVote => {
                Stage::Opine
            }
            Status::WithAuthority => Stage::Decide,
            Status::Approved | Status::ApprovedForRelease | Status::AwaitingImplementation => {
                Stage::Release
            }
            Status::Implemented | Status::Withdrawn | Status::Rejected => Stage::Closed,
        }
    }

    /// The status an appendix status cell gives (`Accepted - Implemented` is
    /// `implemented`, `SECMP withdrawn` is `withdrawn`, `On hold.` is `on
    /// hold`); `None` for cells that say where it waits rather than what it is
    /// (`Awaiting Change Board decision`).
    pub fn from_dcc_cell(raw: &str) -> Option<Status> {
        let s = raw.to_lowercase();
        if s.contains("awaiting implementation") {
            return Some(Status::AwaitingImplementation);
        }
        if s.contains("awaiting") {
            return None;
        }
        [
            ("implemented", Status::Implemented),
            ("withdrawn", Status::Withdrawn),
            ("rejected", Status::Rejected),
            ("on hold", Status::OnHold),
            ("pa in progress", Status::PaInProgress),
            ("ia in progress", Status::IaInProgress),
        ]
        .into_iter()
        .find(|(words, _)| s.contains(words))
        .map(|(_, st)| st)
    }

    /// The status of an open assessment of this type (RULES.md: a PA or IA in progress).
    pub fn in_progress(kind: super::AssessmentType) -> Status {
        match kind {
            super::AssessmentType::Pa => Status::PaInProgress,
            super::AssessmentType::Ia => Status::IaInProgress,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stage a DCC status cell tells, if any: its status's, else where it
/// waits (`Awaiting Change Board decision` is `opine`, `… Authority …` `decide`).
pub fn dcc_cell_stage(raw: &str) -> Option<Stage> {
    if let Some(st) = Status::from_dcc_cell(raw) {
        return Some(st.stage());
    }
    let s = raw.to_lowercase();
    if s.contains("authority") {
        Some(Stage::Decide)
    } else if s.contains("change board") || s.contains("modification report") {
        Some(Stage::Opine)
    } else {
        None
    }
}

/// The DCC's status of one assessment (the delivery table's status key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DccAssessmentStatus {
    /// A Preliminary Assessment is in progress.
    PaInProgress,
    /// An Impact Assessment is in progress.
    IaInProgress,
    /// No assessment request is outstanding.
    NoOutstandingRequest,
}

impl DccAssessmentStatus {
    /// Every value, in documentation order.
    pub const ALL: [DccAssessmentStatus; 3] = [
        DccAssessmentStatus::PaInProgress,
        DccAssessmentStatus::IaInProgress,
        DccAssessmentStatus::NoOutstandingRequest,
    ];

    /// The `assessments.status` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            DccAssessmentStatus::PaInProgress => "pa in progress",
            DccAssessmentStatus::IaInProgress => "ia in progress",
            DccAssessmentStatus::NoOutstandingRequest => "no outstanding assessment request",
        }
    }

    /// Reads a delivery table's status cell, OCR-tolerant (`1A in progress`,
    /// `No cutstanding assessment`): the first of PA/IA in progress it
    /// names, else no outstanding request when it speaks of one.
    pub fn read(text: &str) -> Option<DccAssessmentStatus> {
        let l = text
            .to_lowercase()
            .replace("1a in", "ia in")
            .replace("lа in", "ia in");
        let (pa, ia) = match (l.find("pa in progress"), l.find("ia in progress")) {
            (None, None) => glued_in_progress(&l),
            found => found,
        };
        match (pa, ia) {
            (Some(p), Some(i)) if i < p => Some(DccAssessmentStatus::IaInProgress),
            (Some(_), _) => Some(DccAssessmentStatus::PaInProgress),
            (None, Some(_)) => Some(DccAssessmentStatus::IaInProgress),
            (None, None)
                if l.contains("outstanding")
                    || l.contains("request")
                    || l.contains("assessment") =>
            {
                Some(DccAssessmentStatus::NoOutstandingRequest)
            }
            _ => None,
        }
    }
}

/// Where `pa in progress` and `ia in progress` stand in lower-cased text
/// whose words OCR glued (`painprogress`, `tain progress`: `t`, `1` and `l`
/// are its readings of `i`): a word opening with the letter and `ain`,
/// then `progress` glued on or after spaces.
fn glued_in_progress(lower: &str) -> (Option<usize>, Option<usize>) {
    let (mut pa, mut ia) = (None, None);
    for (at, _) in lower.match_indices("ain") {
        let Some(letter) = lower[..at].chars().next_back() else {
            continue;
        };
        let letter_at = at - letter.len_utf8();
        let opens_word = !lower[..letter_at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !opens_word
            || !lower[at + "ain".len()..]
                .trim_start()
                .starts_with("progress")
        {
            continue;
        }
        let slot = match letter {
            'p' => &mut pa,
            'i' | '1' | 'l' | 't' => &mut ia,
            _ => continue,
        };
        slot.get_or_insert(letter_at);
    }
    (pa, ia)
}

/// True when lower-cased `lower` opens (past leading punctuation) with
/// `pa in progress` or `ia in progress` as OCR glues it ([`glued_in_progress`]):
/// how a table cell tells a glued status word from a title's.
pub fn opens_glued_in_progress(lower: &str) -> bool {
    let opening = lower.len()
        - lower
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let (pa, ia) = glued_in_progress(lower);
    pa == Some(opening) || ia == Some(opening)
}

impl fmt::Display for DccAssessmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_rank_as_the_rules_say() {
        use Status::*;
        let order = [
            Raised,
            ReadyForConversion,
            WorkingGroup,
            PaInProgress,
            RefinementConsultation,
            OnHold,
            ModificationReport,
            ReportConsultation,
            ChangeBoardVote,
            WithAuthority,
            Approved,
            ApprovedForRelease,
            Implemented,
        ];
        for w in order.windows(2) {
            assert!(w[0].rank() < w[1].rank(), "{} < {}", w[0], w[1]);
        }
        for (a, b) in [
            (IaInProgress, PaInProgress),
            (Withdrawn, Rejected),
            (ImpactAssessmentRequested, SentBackToWorkingGroup),
            (AwaitingImplementation, ApprovedForRelease),
        ] {
            assert_eq!(a.rank(), b.rank(), "{a} = {b}");
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("no outstanding assessment request"), None);
    }

    #[test]
    fn dcc_cells_give_statuses_and_stages() {
        for (raw, status, stage) in [
            (
                "Accepted - Implemented",
                Some(Status::Implemented),
                Some(Stage::Closed),
            ),
            (
                "SECMP withdrawn",
                Some(Status::Withdrawn),
                Some(Stage::Closed),
            ),
            ("Rejected", Some(Status::Rejected), Some(Stage::Closed)),
            ("On hold.", Some(Status::OnHold), Some(Stage::Refine)),
            (
                "Awaiting Implementation. 07/11/2019",
                Some(Status::AwaitingImplementation),
                Some(Stage::Release),
            ),
            ("Awaiting Change Board decision.", None, Some(Stage::Opine)),
            ("awaiting authority decision", None, Some(Stage::Decide)),
            (
                "Awaiting Modification Report Consultation",
                None,
                Some(Stage::Opine),
            ),
            ("No outstanding assessment request", None, None),
        ] {
            assert_eq!(Status::from_dcc_cell(raw), status, "{raw}");
            assert_eq!(dcc_cell_stage(raw), stage, "{raw}");
        }
    }

    proptest::proptest! {
        /// Any cell is read without a panic, OCR's glued phrases beside
        /// letters of more than one byte included.
        #[test]
        fn any_status_cell_reads(t in "(é|ä|—|a|ain|in|p|t|1|l| |progress|PA|IA|\\PC){0,14}") {
            let glued = glued_in_progress(&t.to_lowercase());
            let _ = DccAssessmentStatus::read(&t);
            for at in [glued.0, glued.1].into_iter().flatten() {
                proptest::prop_assert!(t.to_lowercase().is_char_boundary(at));
            }
        }
    }

    #[test]
    fn delivery_status_cells_read_through_ocr() {
        use DccAssessmentStatus::*;
        for (raw, want) in [
            ("PA in progress", Some(PaInProgress)),
            ("1A in progress", Some(IaInProgress)),
            ("IA in progress PA in progress", Some(IaInProgress)),
            ("PA in progress IA in progress", Some(PaInProgress)),
            (
                "No cutstanding assessment request",
                Some(NoOutstandingRequest),
            ),
            ("", None),
            ("Awaiting Change Board", None),
            // the phrase's words glued by OCR
            ("PAinprogress |", Some(PaInProgress)),
            ("TAinprogress.", Some(IaInProgress)),
            ("PAin progress", Some(PaInProgress)),
            ("1Ain progress PAinprogress", Some(IaInProgress)),
            ("Retain progress", None),
            ("éain progress", None),
            ("— tain progress", Some(IaInProgress)),
        ] {
            assert_eq!(DccAssessmentStatus::read(raw), want, "{raw:?}");
        }
    }
}
