//! `Section`: the numbered sections of a report and the tables of its appendix.
//!
//! In: a heading's words (`3. Refine`, `Modifications — Implementation
//! Status`) are read by `segment`; this module holds what each section is:
//! its `section` column slug, whether it belongs to the DCC's appendix, its
//! report-heading name and the stage a place in it implies.

use super::stage::Stage;

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

/// What a place in a section says about its proposal's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpliedStage {
    /// Always this stage.
    Fixed(Stage),
    /// The stage its status gives, if any (nothing otherwise).
    ByStatus,
    /// The stage the DCC's status cell gives, else this one.
    ByDccCell(Stage),
}

impl Section {
    /// Every section, report first, in document order.
    pub const ALL: [Section; 9] = [
        Section::Summary,
        Section::Define,
        Section::Refine,
        Section::Opine,
        Section::Release,
        Section::DccAssessments,
        Section::DccImplementation,
        Section::DccNoSystemImpact,
        Section::DccNoFurtherAssessment,
    ];

    /// The report's own sections, in process order.
    pub const REPORT: [Section; 5] = [
        Section::Summary,
        Section::Define,
        Section::Refine,
        Section::Opine,
        Section::Release,
    ];

    /// The appendix's tables, in the precedence `dcc_status` takes them.
    pub const APPENDIX: [Section; 4] = [
        Section::DccAssessments,
        Section::DccImplementation,
        Section::DccNoSystemImpact,
        Section::DccNoFurtherAssessment,
    ];

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
        Section::APPENDIX.contains(&self)
    }

    /// The stage a place in this section implies when its list says nothing.
    pub fn implied_stage(self) -> ImpliedStage {
        match self {
            Section::Summary => ImpliedStage::ByStatus,
            Section::Define => ImpliedStage::Fixed(Stage::Define),
            Section::Refine | Section::DccAssessments => ImpliedStage::Fixed(Stage::Refine),
            Section::Opine => ImpliedStage::Fixed(Stage::Opine),
            Section::Release | Section::DccImplementation => ImpliedStage::Fixed(Stage::Release),
            Section::DccNoSystemImpact => ImpliedStage::ByDccCell(Stage::Refine),
            Section::DccNoFurtherAssessment => ImpliedStage::ByDccCell(Stage::Closed),
        }
    }
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}
