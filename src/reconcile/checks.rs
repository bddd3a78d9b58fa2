//! Checks inside one report: the report's and the appendix's dates for one
//! assessment, and events told twice.
//!
//! In: a merged [`Report`]. Out: a `dates_disagree` warning per date the
//! report's table and the appendix give differently (both rows kept), and
//! one event per (number, kind, date), the fuller telling kept.

use crate::model::{AssessmentSource, Code, Diagnostic, Event, EventKind, Report, ReportPart};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Warns where the report's table and the appendix give an assessment different dates.
pub fn compare_report_and_appendix(r: &mut Report) {
    let source = r.source_of(ReportPart::Appendix);
    let mut notes = Vec::new();
    let in_report = r
        .assessments
        .iter()
        .filter(|a| a.source == AssessmentSource::Report);
    for a in in_report {
        let in_appendix = r.assessments.iter().filter(|b| {
            b.source == AssessmentSource::Appendix
                && b.mention.id() == a.mention.id()
                && b.kind == a.kind
        });
        for b in in_appendix {
            for (what, x, y) in [
                ("accepted", a.requested, b.requested),
                ("delivered", a.delivered, b.delivered),
            ] {
                let (Some(x), Some(y)) = (x, y) else { continue };
                if x == y {
                    continue;
                }
                let message = format!(
                    "{} {} {what} date: the report says {x}, the appendix says {y}; both rows kept",
                    a.mention.ref_text(),
                    a.kind
                );
                notes.push(
                    Diagnostic::new(Code::DatesDisagree, &source, message).at(b.page, b.line),
                );
            }
        }
    }
    r.diagnostics.extend(notes);
}

/// What makes two tellings of an event inside one report the same event.
type EventKey = (String, EventKind, Option<NaiveDate>);

/// One row per event inside a report; a restatement (Summary) loses to the fuller telling.
pub fn dedupe_events_within(r: &mut Report) {
    let mut best: BTreeMap<EventKey, Event> = BTreeMap::new();
    let mut order: Vec<EventKey> = Vec::new();
    for e in r.events.drain(..) {
        let key = (e.mention.number_key(), e.kind, e.date);
        match best.get(&key) {
            Some(old) if old.telling >= e.telling => {}
            Some(_) => {
                best.insert(key, e);
            }
            None => {
                order.push(key.clone());
                best.insert(key, e);
            }
        }
    }
    r.events = order.into_iter().filter_map(|k| best.remove(&k)).collect();
}
