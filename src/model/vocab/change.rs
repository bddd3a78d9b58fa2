//! `ChangeClass` and `ChangeKind`: the vocabulary of `changes.csv`
//! (`change` and `kind` columns): whether a proposal appeared, went or
//! changed between two months, and what happened, said plainly.

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
    /// Every value.
    pub const ALL: [ChangeClass; 3] = [
        ChangeClass::Added,
        ChangeClass::Changed,
        ChangeClass::Removed,
    ];

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
