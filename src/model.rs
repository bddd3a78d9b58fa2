//! The one typed record model every stage shares.
//!
//! Parsers produce these records for one file (a [`Part`]); reconciling
//! groups parts into [`Report`]s by month and fills the report date; writers
//! turn them into the CSV files of `../shared/spec/ledger.md`.

use chrono::NaiveDate;
use std::fmt;

/// The family a reference is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `SECMP0053`: the older SEC Modification Proposals.
    Secmp,
    /// `MP076`: a Modification Proposal.
    Mp,
    /// `DP084`: a Draft Proposal.
    Dp,
}

/// A proposal's identity: its number and split letter. DP087 and MP087 are one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProposalId {
    /// The number shared by DP, MP and SECMP (`53`, `85`).
    pub number: u32,
    /// The split letter of a divided modification (`A` in MP085A).
    pub split: Option<char>,
}

impl ProposalId {
    /// The join key written in every table's `number` column (`53`, `85A`).
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ProposalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number)?;
        if let Some(c) = self.split {
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A proposal as one place names it: id (if readable), canonical and raw reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// The proposal, or `None` when the reference could not be read.
    pub id: Option<ProposalId>,
    /// The reference as the administrator writes it (`SECMP0053`), empty when unread.
    pub reference: String,
    /// Exactly as the source printed it (`SECMPO053`, `0024`, `O`).
    pub raw: String,
}

impl Mention {
    /// The `number` column: the id's key, or empty when unread.
    pub fn number_key(&self) -> String {
        self.id.map(|i| i.key()).unwrap_or_default()
    }
}

/// The sections of a report and of its appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// 1. Summary.
    Summary,
    /// 2. Define.
    Define,
    /// 3. Refine.
    Refine,
    /// 4. Opine.
    Opine,
    /// 5. Release.
    Release,
    /// Appendix A: DCC delivery dates table.
    DccAssessments,
    /// Appendix A: implementation status.
    DccImplementation,
    /// Appendix A: no system impact.
    DccNoSystemImpact,
    /// Appendix A: no further assessment required.
    DccNoFurtherAssessment,
}

impl Section {
    /// The `section` column's value.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::Define => "define",
            Section::Refine => "refine",
            Section::Opine => "opine",
            Section::Release => "release",
            Section::DccAssessments => "dcc_assessments",
            Section::DccImplementation => "dcc_implementation",
            Section::DccNoSystemImpact => "dcc_no_system_impact",
            Section::DccNoFurtherAssessment => "dcc_no_further_assessment",
        }
    }

    /// True for the DCC appendix's sections.
    pub fn is_appendix(self) -> bool {
        matches!(
            self,
            Section::DccAssessments
                | Section::DccImplementation
                | Section::DccNoSystemImpact
                | Section::DccNoFurtherAssessment
        )
    }
}

/// One place where a report names a proposal (a row of observations.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// Which proposal, as printed there.
    pub mention: Mention,
    /// The title as this place writes it, cleaned; empty if none; `None` if unreadable.
    pub title: String,
    /// Section of the report or appendix.
    pub section: Section,
    /// The list or table inside the section (snake_case slug of its heading).
    pub list: String,
    /// 1-based page.
    pub page: u32,
    /// 1-based line.
    pub line: u32,
    /// The status this place gives the proposal (for history), lower case, if any.
    pub status: String,
}

/// Preliminary or Impact Assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssessmentType {
    /// Preliminary Assessment.
    Pa,
    /// Impact Assessment.
    Ia,
}

impl AssessmentType {
    /// `PA` or `IA`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentType::Pa => "PA",
            AssessmentType::Ia => "IA",
        }
    }
}

/// Where an assessment row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssessmentSource {
    /// The Refine section's open / completed tables.
    Report,
    /// The appendix's delivery-dates table.
    Appendix,
}

impl AssessmentSource {
    /// `report` or `appendix`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentSource::Report => "report",
            AssessmentSource::Appendix => "appendix",
        }
    }
}

/// A DCC assessment (a row of assessments.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Which proposal.
    pub mention: Mention,
    /// PA or IA.
    pub kind: AssessmentType,
    /// Report table or appendix.
    pub source: AssessmentSource,
    /// The DCC status, lower case.
    pub status: String,
    /// Request accepted.
    pub requested: Option<NaiveDate>,
    /// Target delivery.
    pub target: Option<NaiveDate>,
    /// Actual delivery (or returned).
    pub delivered: Option<NaiveDate>,
    /// Target duration in working days.
    pub target_wd: Option<u32>,
    /// Elapsed (current or actual) duration in working days.
    pub elapsed_wd: Option<u32>,
    /// N/A cells and comments, joined by `; `.
    pub note: String,
    /// Where the row's reference is.
    pub page: u32,
    /// Where the row's reference is.
    pub line: u32,
}

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
}

/// A dated thing that happened (a row of events.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The date the sentence ties to the event, if any.
    pub date: Option<NaiveDate>,
    /// Which proposal.
    pub mention: Mention,
    /// What happened.
    pub kind: EventKind,
    /// Proposer, vote outcome, decision, reason or release, per the contract.
    pub detail: String,
    /// Lower for restatements (the Summary's), so the fuller telling wins.
    pub priority: u8,
    /// Where it was told.
    pub page: u32,
    /// Where it was told.
    pub line: u32,
}

/// A row of the summary duration tables (timescales.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timescale {
    /// `dcc_assessments` or `proposals`.
    pub table: String,
    /// The row label as printed.
    pub measure: String,
    /// The Total column.
    pub total: Option<u32>,
    /// The Average duration column in working days.
    pub average_wd: Option<u32>,
}

/// How sure the tool is about something it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Changed with confidence.
    Repair,
    /// A guess, or two sources disagree.
    Warning,
    /// Part of the input could not be read.
    Error,
}

impl Severity {
    /// `repair`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Repair => "repair",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What the tool repaired, doubted or could not read (a row of diagnostics.csv).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file.
    pub source: String,
    /// 1-based page, if known.
    pub page: Option<u32>,
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// repair / warning / error.
    pub severity: Severity,
    /// A stable machine-readable code (`ref_repaired`, `date_disagrees`, `unreadable_file`...).
    pub code: String,
    /// For people.
    pub message: String,
    /// The source text concerned.
    pub text: String,
}

/// Which parts of a report a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartKinds {
    /// The report's own sections (Summary ... Release).
    pub report: bool,
    /// The DCC's Appendix A.
    pub appendix: bool,
}

/// Where a part's date came from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateOrigin {
    /// The report's cover.
    Cover,
    /// The appendix's `Date:` line.
    Appendix,
    /// The file name.
    FileName,
}

/// Everything parsed from one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The file as given.
    pub source: String,
    /// Text or PDF.
    pub kind: crate::layout::SourceKind,
    /// Pages in the file.
    pub pages: u32,
    /// The cover date, if the file has the report.
    pub cover_date: Option<NaiveDate>,
    /// The appendix's own date, if the file has the appendix.
    pub appendix_date: Option<NaiveDate>,
    /// A date read from the file name, if any.
    pub file_date: Option<NaiveDate>,
    /// Which parts it holds.
    pub holds: PartKinds,
    /// Observations in document order.
    pub observations: Vec<Observation>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Events.
    pub events: Vec<Event>,
    /// Timescales.
    pub timescales: Vec<Timescale>,
    /// Diagnostics about this file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Part {
    /// The month this file belongs to: the cover's, else the appendix's, else the file name's.
    pub fn month_date(&self) -> Option<NaiveDate> {
        self.cover_date.or(self.appendix_date).or(self.file_date)
    }
}

/// One month's report, from one or more files.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The report's own date.
    pub date: NaiveDate,
    /// The files, in sorted order.
    pub sources: Vec<String>,
    /// The file whose reading of the report part is used, if any.
    pub report_source: Option<String>,
    /// The file whose reading of the appendix is used, if any.
    pub appendix_source: Option<String>,
    /// Pages across its sources.
    pub pages: u32,
    /// Observations.
    pub observations: Vec<Observation>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Events this report tells.
    pub events: Vec<Event>,
    /// Timescales.
    pub timescales: Vec<Timescale>,
    /// Diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The file a row of `section` was read from (the appendix's own file in a split month).
    pub fn source_of(&self, appendix: bool) -> String {
        let (mine, other) = if appendix {
            (&self.appendix_source, &self.report_source)
        } else {
            (&self.report_source, &self.appendix_source)
        };
        mine.as_ref()
            .or(other.as_ref())
            .or(self.sources.first())
            .cloned()
            .unwrap_or_default()
    }
}

/// A proposal's stage in the change process, in process order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Draft Proposal.
    Define,
    /// Solution, working groups, DCC assessments.
    Refine,
    /// Modification Report, consultation, Change Board vote.
    Opine,
    /// With the Authority or Panel for decision.
    Decide,
    /// Approved, awaiting or in a release.
    Release,
    /// Implemented, withdrawn or rejected.
    Closed,
}

impl Stage {
    /// The `stage` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Define => "define",
            Stage::Refine => "refine",
            Stage::Opine => "opine",
            Stage::Decide => "decide",
            Stage::Release => "release",
            Stage::Closed => "closed",
        }
    }

    /// Every stage, in process order.
    pub const ALL: [Stage; 6] = [
        Stage::Define,
        Stage::Refine,
        Stage::Opine,
        Stage::Decide,
        Stage::Release,
        Stage::Closed,
    ];
}

impl std::str::FromStr for Stage {
    type Err = String;

    /// Reads a `stage` column's value.
    fn from_str(s: &str) -> Result<Stage, String> {
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("{s:?} is not a stage"))
    }
}

/// One proposal in one month (a row of history.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// `YYYY-MM`.
    pub month: String,
    /// The proposal.
    pub id: ProposalId,
    /// Its reference that month (`DP090`, `MP090`, `SECMP0053`).
    pub reference: String,
    /// The reconciled title of that month.
    pub title: String,
    /// The furthest stage that month, if any place stages it.
    pub stage: Option<Stage>,
    /// The most advanced status that month's sources give.
    pub status: String,
    /// The appendix's status that month as a clean category (lower case, no
    /// trailing punctuation, date or repeated phrase).
    pub dcc_status: String,
    /// The date printed in that status cell, if any.
    pub dcc_date: Option<NaiveDate>,
}

/// One proposal's latest reconciled state (a row of register.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The proposal.
    pub id: ProposalId,
    /// Its latest reference.
    pub reference: String,
    /// Its latest title.
    pub title: String,
    /// Who raised it, from its `raised` event.
    pub proposer: String,
    /// When it was raised.
    pub raised: Option<NaiveDate>,
    /// First month any report names it (`YYYY-MM`).
    pub first_month: String,
    /// Last month any report names it.
    pub last_month: String,
    /// Latest stage.
    pub stage: Option<Stage>,
    /// Latest status.
    pub status: String,
    /// The release of its latest `release_approved` or `implemented` event.
    pub release: String,
    /// The date of that event, when it is an implementation.
    pub implemented: Option<NaiveDate>,
}

/// The `change` column: whether a proposal appeared, went or changed between two months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeClass {
    /// Named in the new month, not the old.
    Added,
    /// A value moved.
    Changed,
    /// Named in the old month, not the new.
    Removed,
}

impl ChangeClass {
    /// The `change` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeClass::Added => "added",
            ChangeClass::Changed => "changed",
            ChangeClass::Removed => "removed",
        }
    }
}

/// The `kind` column: what happened, said plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Named in the new month, not the old.
    Added,
    /// Named in the old month, not the new.
    Removed,
    /// The stage moved later in process order.
    Advanced,
    /// The stage moved back.
    Reversed,
    /// A Draft Proposal became a Modification Proposal (DP → MP).
    Converted,
    /// The title changed.
    Retitled,
    /// Any other value moved (`ref`, `status`, `dcc_status`, `dcc_date`).
    Changed,
    /// A DCC target date moved later.
    Slipped,
    /// A DCC target date moved earlier.
    BroughtForward,
    /// A request or delivery date moved later.
    Later,
    /// A request or delivery date moved earlier.
    Earlier,
    /// A working-days figure went up.
    Increased,
    /// A working-days figure went down.
    Decreased,
    /// An assessment value appeared in a row already reported (empty → value).
    Set,
    /// An assessment value went while its row is still reported (value → empty).
    Cleared,
    /// The assessment (by type and source) was not reported in the earlier month.
    FirstReported,
    /// The assessment (by type and source) is not reported in the later month.
    NotReported,
}

impl ChangeKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [ChangeKind; 17] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Advanced,
        ChangeKind::Reversed,
        ChangeKind::Converted,
        ChangeKind::Retitled,
        ChangeKind::Changed,
        ChangeKind::Slipped,
        ChangeKind::BroughtForward,
        ChangeKind::Later,
        ChangeKind::Earlier,
        ChangeKind::Increased,
        ChangeKind::Decreased,
        ChangeKind::Set,
        ChangeKind::Cleared,
        ChangeKind::FirstReported,
        ChangeKind::NotReported,
    ];

    /// The `kind` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Advanced => "advanced",
            ChangeKind::Reversed => "reversed",
            ChangeKind::Converted => "converted",
            ChangeKind::Retitled => "retitled",
            ChangeKind::Changed => "changed",
            ChangeKind::Slipped => "slipped",
            ChangeKind::BroughtForward => "brought_forward",
            ChangeKind::Later => "later",
            ChangeKind::Earlier => "earlier",
            ChangeKind::Increased => "increased",
            ChangeKind::Decreased => "decreased",
            ChangeKind::Set => "set",
            ChangeKind::Cleared => "cleared",
            ChangeKind::FirstReported => "first_reported",
            ChangeKind::NotReported => "not_reported",
        }
    }
}

/// One row of changes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The proposal's `number` (`53`, `85A`).
    pub number: String,
    /// Its reference in the new month (the old one's when removed).
    pub reference: String,
    /// The column that moved (`stage`, `IA.appendix.target`); empty for added and removed.
    pub field: String,
    /// The old month's value.
    pub before: String,
    /// The new month's value.
    pub after: String,
    /// Added, removed or changed.
    pub change: ChangeClass,
    /// The proposal's title in the later month, else the earlier.
    pub title: String,
    /// What happened.
    pub kind: ChangeKind,
    /// For a date with both values: after − before in calendar days.
    pub days: Option<i64>,
}
