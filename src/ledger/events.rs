//! `events.csv`: each dated thing that happened, once, with the first report
//! that told it.
//!
//! In: the reconciled [`Report`]s, each with its own events. Out:
//! [`LedgerEvent`]s, one per (number, event, date, detail) across the
//! archive, in report order.

use crate::model::{EventKind, LedgerEvent, Report};
use crate::normalise::titles::fold;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What makes two tellings the same event across reports (RULES.md).
type EventIdentity = (String, EventKind, Option<NaiveDate>, String);

/// Events across reports: one row per (number, event, date, detail), with the first report.
pub fn ledger_events(reports: &[Report]) -> Vec<LedgerEvent> {
    let mut seen: BTreeSet<EventIdentity> = BTreeSet::new();
    let mut out = Vec::new();
    for r in reports {
        for e in &r.events {
            let key = (e.mention.number_key(), e.kind, e.date, fold(&e.detail));
            if seen.insert(key) {
                out.push(LedgerEvent {
                    event: e.clone(),
                    report: r.date,
                });
            }
        }
    }
    out
}
