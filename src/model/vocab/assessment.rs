//! `AssessmentType` and `AssessmentSource`: which DCC assessment a row is,
//! and which table it came from (`assessments.csv`'s `type` and `source`).

use std::fmt;

/// Preliminary or Impact Assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AssessmentType {
    /// Preliminary Assessment.
    Pa,
    /// Impact Assessment.
    Ia,
}

impl AssessmentType {
    /// Both types, PA first.
    pub const ALL: [AssessmentType; 2] = [AssessmentType::Pa, AssessmentType::Ia];

    /// `PA` or `IA`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentType::Pa => "PA",
            AssessmentType::Ia => "IA",
        }
    }
}

impl fmt::Display for AssessmentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    /// Both sources, the report first.
    pub const ALL: [AssessmentSource; 2] = [AssessmentSource::Report, AssessmentSource::Appendix];

    /// `report` or `appendix`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentSource::Report => "report",
            AssessmentSource::Appendix => "appendix",
        }
    }
}

impl fmt::Display for AssessmentSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
