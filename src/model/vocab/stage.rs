//! `Stage`: where a proposal is in the change process.
//!
//! In: a `stage` cell (`refine`). Out: the ordered [`Stage`], written back
//! as the same text. The order is process order, so `max` is "furthest".

use std::fmt;
use std::str::FromStr;

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
    /// Every stage, in process order.
    pub const ALL: [Stage; 6] = [
        Stage::Define,
        Stage::Refine,
        Stage::Opine,
        Stage::Decide,
        Stage::Release,
        Stage::Closed,
    ];

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

    /// What the stage means, for people (documentation, legends).
    pub fn meaning(self) -> &'static str {
        match self {
            Stage::Define => "Draft Proposal",
            Stage::Refine => "solution, working groups, DCC assessments",
            Stage::Opine => "Modification Report, consultation, Change Board vote",
            Stage::Decide => "with the Authority or Panel for decision",
            Stage::Release => "approved, awaiting or in a release",
            Stage::Closed => "implemented, withdrawn or rejected",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = String;

    /// Reads a `stage` column's value.
    fn from_str(s: &str) -> Result<Stage, String> {
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("{s:?} is not a stage"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_back_what_they_write_in_process_order() {
        for w in Stage::ALL.windows(2) {
            assert!(w[0] < w[1]);
        }
        for s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>(), Ok(s));
        }
        assert!("Refine".parse::<Stage>().is_err());
    }
}
