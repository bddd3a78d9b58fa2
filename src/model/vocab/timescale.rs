//! `TimescaleTable`: which of the report's two duration summary tables a
//! row belongs to (`timescales.csv`'s `table` column).

use std::fmt;

/// One of the two summary tables of durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimescaleTable {
    /// DCC assessment timescales (`Preliminary Assessments open`, …).
    DccAssessments,
    /// Proposal progression timescales (`Proposals in Refine`, …).
    Proposals,
}

impl TimescaleTable {
    /// Both tables.
    pub const ALL: [TimescaleTable; 2] =
        [TimescaleTable::DccAssessments, TimescaleTable::Proposals];

    /// The `table` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            TimescaleTable::DccAssessments => "dcc_assessments",
            TimescaleTable::Proposals => "proposals",
        }
    }

    /// The table a row label belongs to: `Proposals …` rows are the
    /// proposals table, every other row the DCC assessments table.
    pub fn of_measure(measure: &str) -> TimescaleTable {
        if measure.to_lowercase().starts_with("proposals") {
            TimescaleTable::Proposals
        } else {
            TimescaleTable::DccAssessments
        }
    }
}

impl fmt::Display for TimescaleTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
