//! The one typed record model every stage shares.
//!
//! In: nothing (the model depends on no stage). Out: the records the stages
//! pass along. Parsers produce the records of one file (a [`Part`]);
//! reconciling groups parts into [`Report`]s by month; the ledger stage
//! derives [`HistoryRow`]s, [`RegisterRow`]s and [`LedgerEvent`]s; writers
//! turn them all into the CSV files of the ledger. The report's vocabulary
//! (lists, statuses, stages, codes, …) lives in [`vocab`], references in
//! [`reference`].

pub mod reference;
pub mod text;
pub mod vocab;

pub use reference::{Family, ProposalId, Reference};
pub use text::{Interner, Text};
pub use vocab::*;

use chrono::NaiveDate;

/// A proposal as one place names it: its reference (if readable) and the raw text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// The reference, or `None` when it could not be read.
    pub reference: Option<Reference>,
    /// Exactly as the source printed it (`SECMPO053`, `0024`, `O`).
    pub raw: Text,
}

impl Mention {
    /// A mention whose reference could not be read.
    pub fn unread(raw: impl Into<Text>) -> Mention {
        Mention {
            reference: None,
            raw: raw.into(),
        }
    }

    /// The proposal, or `None` when the reference could not be read.
    pub fn id(&self) -> Option<ProposalId> {
        self.reference.map(|r| r.id)
    }

    /// The `number` column: the id's key, or empty when unread.
    pub fn number_key(&self) -> String {
        self.id().map(|i| i.key()).unwrap_or_default()
    }

    /// The `ref` column: the reference as the administrator writes it, or empty.
    pub fn ref_text(&self) -> String {
        self.reference.map(|r| r.to_string()).unwrap_or_default()
    }
}

/// One place where a report names a proposal (a row of observations.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// Which proposal, as printed there.
    pub mention: Mention,
    /// The title as this place writes it, cleaned; empty if none.
    pub title: Text,
    /// Section of the report or appendix.
    pub section: Section,
    /// The list or table inside the section.
    pub list: List,
    /// 1-based page.
    pub page: u32,
    /// 1-based line.
    pub line: u32,
    /// The status this place gives the proposal (report places), if any.
    pub status: Option<Status>,
    /// The appendix's status cell as printed, lower case (appendix places).
    pub dcc_cell: Text,
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
    /// The DCC's status of the assessment (appendix rows).
    pub status: Option<DccAssessmentStatus>,
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
    /// N/A cells and comments, joined by `; ` (the same comment is printed
    /// month after month: held once).
    pub note: Text,
    /// Where the row's reference is.
    pub page: u32,
    /// Where the row's reference is.
    pub line: u32,
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
    pub detail: Text,
    /// How fully it is told: a restatement (the Summary's) loses to the fuller telling.
    pub telling: Telling,
    /// Where it was told.
    pub page: u32,
    /// Where it was told.
    pub line: u32,
}

/// How fully a report tells an event (the fuller telling wins inside one report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Telling {
    /// Told again in passing (the Summary's restatement of a decision).
    Restated,
    /// Told where it belongs.
    Full,
}

/// A row of the summary duration tables (timescales.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timescale {
    /// Which of the two tables.
    pub table: TimescaleTable,
    /// The row label as printed.
    pub measure: Text,
    /// The Total column.
    pub total: Option<u32>,
    /// The Average duration column in working days.
    pub average_wd: Option<u32>,
}

/// What the tool repaired, doubted or could not read (a row of diagnostics.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file.
    pub source: Text,
    /// 1-based page, if known.
    pub page: Option<u32>,
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// What it is (its severity comes with it).
    pub code: Code,
    /// For people.
    pub message: Text,
    /// The source text concerned.
    pub text: Text,
}

impl Diagnostic {
    /// A diagnostic about `source` with no page, line or text yet.
    pub fn new(code: Code, source: impl Into<Text>, message: impl Into<Text>) -> Diagnostic {
        Diagnostic {
            source: source.into(),
            page: None,
            line: None,
            code,
            message: message.into(),
            text: Text::default(),
        }
    }

    /// The same diagnostic at a page and line.
    pub fn at(mut self, page: u32, line: u32) -> Diagnostic {
        self.page = Some(page);
        self.line = Some(line);
        self
    }

    /// The same diagnostic quoting the source text concerned.
    pub fn quoting(mut self, text: impl Into<Text>) -> Diagnostic {
        self.text = text.into();
        self
    }

    /// repair / warning / error.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The order diagnostics are written in: by file, page, line, severity, code, message, text.
    fn order_key(&self) -> (&str, Option<u32>, Option<u32>, Severity, &str, &str, &str) {
        (
            &self.source,
            self.page,
            self.line,
            self.severity(),
            self.code.as_str(),
            &self.message,
            &self.text,
        )
    }
}

impl PartialOrd for Diagnostic {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Diagnostic {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

/// Which parts of a report a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartKinds {
    /// The report's own sections (Summary ... Release).
    pub report: bool,
    /// The DCC's Appendix A.
    pub appendix: bool,
}

/// One of the two parts a monthly report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportPart {
    /// The administrator's report (Summary … Release).
    Report,
    /// The DCC's Appendix A.
    Appendix,
}

impl ReportPart {
    /// The part a section belongs to.
    pub fn of(section: Section) -> ReportPart {
        if section.is_appendix() {
            ReportPart::Appendix
        } else {
            ReportPart::Report
        }
    }
}

/// Everything parsed from one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The file as given.
    pub source: String,
    /// Text or PDF.
    pub kind: SourceKind,
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
    /// Gives back the rows' spare capacity (vectors grown by pushing hold up
    /// to twice their rows): every part is held until the archive is
    /// reconciled, so slack is paid once per file.
    pub fn shrink_to_fit(&mut self) {
        shrink_rows(
            &mut self.observations,
            &mut self.assessments,
            &mut self.events,
            &mut self.timescales,
            &mut self.diagnostics,
        );
    }

    /// Replaces the rows' repeated strings (references as printed, titles,
    /// status cells, assessment notes, event details, timescale labels, the
    /// file's name, message and quoted text of its diagnostics) by `shared`'s one
    /// copy of each: an archive names each proposal's title in every month.
    pub fn share_text(&mut self, shared: &mut Interner) {
        for o in &mut self.observations {
            shared.share(&mut o.mention.raw);
            shared.share(&mut o.title);
            shared.share(&mut o.dcc_cell);
        }
        for a in &mut self.assessments {
            shared.share(&mut a.mention.raw);
            shared.share(&mut a.note);
        }
        for e in &mut self.events {
            shared.share(&mut e.mention.raw);
            shared.share(&mut e.detail);
        }
        for t in &mut self.timescales {
            shared.share(&mut t.measure);
        }
        for d in &mut self.diagnostics {
            shared.share(&mut d.source);
            shared.share(&mut d.message);
            shared.share(&mut d.text);
        }
    }

    /// The month this file belongs to: the cover's, else the appendix's, else the file name's.
    pub fn month_date(&self) -> Option<NaiveDate> {
        self.cover_date.or(self.appendix_date).or(self.file_date)
    }

    /// True when the file gave no records at all: it is not a report.
    pub fn is_empty(&self) -> bool {
        self.observations.is_empty() && self.assessments.is_empty() && self.timescales.is_empty()
    }

    /// True when the file holds that part of a report.
    pub fn holds(&self, part: ReportPart) -> bool {
        match part {
            ReportPart::Report => self.holds.report,
            ReportPart::Appendix => self.holds.appendix,
        }
    }
}

/// Gives back the spare capacity of the five row vectors a [`Part`] and a
/// [`Report`] both hold.
fn shrink_rows(
    observations: &mut Vec<Observation>,
    assessments: &mut Vec<Assessment>,
    events: &mut Vec<Event>,
    timescales: &mut Vec<Timescale>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    observations.shrink_to_fit();
    assessments.shrink_to_fit();
    events.shrink_to_fit();
    timescales.shrink_to_fit();
    diagnostics.shrink_to_fit();
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
    /// Gives back the rows' spare capacity (see [`Part::shrink_to_fit`]):
    /// every report is held until the ledger is written.
    pub fn shrink_to_fit(&mut self) {
        shrink_rows(
            &mut self.observations,
            &mut self.assessments,
            &mut self.events,
            &mut self.timescales,
            &mut self.diagnostics,
        );
    }

    /// The report's month.
    pub fn month(&self) -> Month {
        Month::of(self.date)
    }

    /// The file a row of `part` was read from (the appendix's own file in a
    /// split month), else the other part's file, else the first source.
    pub fn source_of(&self, part: ReportPart) -> String {
        let (mine, other) = match part {
            ReportPart::Appendix => (&self.appendix_source, &self.report_source),
            ReportPart::Report => (&self.report_source, &self.appendix_source),
        };
        mine.as_ref()
            .or(other.as_ref())
            .or(self.sources.first())
            .cloned()
            .unwrap_or_default()
    }
}

/// An event with the first report that told it (a row of events.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEvent {
    /// The event.
    pub event: Event,
    /// The first report that told it.
    pub report: NaiveDate,
}

/// One proposal in one month (a row of history.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The month.
    pub month: Month,
    /// The proposal.
    pub id: ProposalId,
    /// Its reference that month (`DP090`, `MP090`, `SECMP0053`).
    pub reference: Option<Reference>,
    /// The reconciled title of that month.
    pub title: Text,
    /// The furthest stage that month, if any place stages it.
    pub stage: Option<Stage>,
    /// The most advanced status that month's sources give.
    pub status: Option<Status>,
    /// The appendix's status that month as a clean category (lower case, no
    /// trailing punctuation, date or repeated phrase).
    pub dcc_status: Text,
    /// The date printed in that status cell, if any.
    pub dcc_date: Option<NaiveDate>,
}

/// One proposal's latest reconciled state (a row of register.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The proposal.
    pub id: ProposalId,
    /// Its latest reference.
    pub reference: Option<Reference>,
    /// Its latest title.
    pub title: String,
    /// Who raised it, from its `raised` event.
    pub proposer: String,
    /// When it was raised.
    pub raised: Option<NaiveDate>,
    /// First month any report names it.
    pub first_month: Month,
    /// Last month any report names it.
    pub last_month: Month,
    /// Latest stage.
    pub stage: Option<Stage>,
    /// Latest status.
    pub status: Option<Status>,
    /// The release of its latest `release_approved` or `implemented` event.
    pub release: String,
    /// The date of that event, when it is an implementation.
    pub implemented: Option<NaiveDate>,
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

#[cfg(test)]
mod size_tests {
    use super::*;

    /// An archive holds every row until the ledger is written: these are
    /// the bytes each row costs before its strings (a `Text` is one pointer).
    #[test]
    fn rows_stay_small() {
        for (what, got, most) in [
            ("Text", std::mem::size_of::<Text>(), 8),
            ("List", std::mem::size_of::<List>(), 16),
            ("Mention", std::mem::size_of::<Mention>(), 24),
            ("Observation", std::mem::size_of::<Observation>(), 72),
            ("HistoryRow", std::mem::size_of::<HistoryRow>(), 56),
            ("Assessment", std::mem::size_of::<Assessment>(), 88),
            ("Diagnostic", std::mem::size_of::<Diagnostic>(), 64),
        ] {
            assert!(got <= most, "{what} is {got} bytes, more than {most}");
        }
    }
}
