//! The report's vocabulary as types, each with one home: the lists and
//! sections of a report, the stages and statuses of a proposal, the DCC's
//! assessment statuses, event kinds, diagnostic codes, change kinds, months.
//!
//! Every string the ledger writes for one of these is spelt in exactly one
//! place: the type's `as_str`/`slug`. Parsers produce the types; writers
//! print them; nothing else compares their text.

pub mod assessment;
pub mod change;
pub mod code;
pub mod event;
pub mod list;
pub mod month;
pub mod section;
pub mod source;
pub mod stage;
pub mod status;
pub mod timescale;

pub use assessment::{AssessmentSource, AssessmentType};
pub use change::{ChangeClass, ChangeKind};
pub use code::{Code, Severity};
pub use event::EventKind;
pub use list::{List, ListStage};
pub use month::Month;
pub use section::{ImpliedStage, Section};
pub use source::SourceKind;
pub use stage::Stage;
pub use status::{dcc_cell_stage, DccAssessmentStatus, Status};
pub use timescale::TimescaleTable;

/// Serde for a vocabulary type through its one spelling: serialised as its
/// text, read back by the same text (so a ledger file names each value as
/// the type spells it, and nothing else).
macro_rules! serde_as_text {
    ($t:ty, $text:expr, $parse:expr) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let text: fn(&$t) -> String = $text;
                s.serialize_str(&text(self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(&raw).ok_or_else(|| {
                    serde::de::Error::custom(format!("{raw:?} is not a {}", stringify!($t)))
                })
            }
        }
    };
}

serde_as_text!(Stage, |s| s.as_str().into(), |t| t.parse().ok());
serde_as_text!(Status, |s| s.as_str().into(), Status::parse);
serde_as_text!(DccAssessmentStatus, |s| s.as_str().into(), |t| {
    DccAssessmentStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == t)
});
serde_as_text!(Code, |c| c.as_str().into(), Code::parse);
serde_as_text!(Severity, |s| s.as_str().into(), |t| {
    Severity::ALL.into_iter().find(|s| s.as_str() == t)
});
serde_as_text!(EventKind, |k| k.as_str().into(), |t| {
    EventKind::ALL.into_iter().find(|k| k.as_str() == t)
});
serde_as_text!(AssessmentType, |k| k.as_str().into(), |t| {
    AssessmentType::ALL.into_iter().find(|k| k.as_str() == t)
});
serde_as_text!(AssessmentSource, |k| k.as_str().into(), |t| {
    AssessmentSource::ALL.into_iter().find(|k| k.as_str() == t)
});
serde_as_text!(TimescaleTable, |k| k.as_str().into(), |t| {
    TimescaleTable::ALL.into_iter().find(|k| k.as_str() == t)
});
serde_as_text!(Section, |k| k.slug().into(), |t| {
    Section::ALL.into_iter().find(|k| k.slug() == t)
});
serde_as_text!(List, |l| l.slug().into(), |t| Some(List::from_slug(t)));
serde_as_text!(ChangeClass, |k| k.as_str().into(), |t| {
    ChangeClass::ALL.into_iter().find(|k| k.as_str() == t)
});
serde_as_text!(ChangeKind, |k| k.as_str().into(), |t| {
    ChangeKind::ALL.into_iter().find(|k| k.as_str() == t)
});
