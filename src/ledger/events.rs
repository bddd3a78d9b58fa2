//! `events.csv`: each dated thing that happened, once, with the first report
//! that told it.
//!
//! In: the reconciled [`Report`]s, each with its own events (moved out of
//! them: a report restates most of its events every month, and nothing else
//! reads them). Out: [`LedgerEvent`]s, one per (number, event, date,
//! detail) across the archive, in report order.

use crate::model::{EventKind, LedgerEvent, Report};
use crate::normalise::titles::fold;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What makes two tellings the same event across reports (RULES.md).
type EventIdentity = (String, EventKind, Option<NaiveDate>, String);

/// Events across reports: one row per (number, event, date, detail), with
/// the first report. Each report's events are moved out (it is left with none).
pub fn ledger_events(reports: &mut [Report]) -> Vec<LedgerEvent> {
    let mut seen: BTreeSet<EventIdentity> = BTreeSet::new();
    let mut out = Vec::new();
    for r in reports {
        for e in std::mem::take(&mut r.events) {
            let key = (e.mention.number_key(), e.kind, e.date, fold(&e.detail));
            if seen.insert(key) {
                out.push(LedgerEvent {
                    event: e,
                    report: r.date,
                });
            }
        }
    }
    out
}
