//! `register.csv`: each proposal's latest reconciled state.
//!
//! In: the history rows and the ledger's events. Out: one [`RegisterRow`]
//! per proposal: its latest history row, first and last months, the
//! proposer and date of its `raised` event, and the release of its latest
//! `release_approved` or `implemented` event (with the date when implemented).

use crate::model::{EventKind, HistoryRow, LedgerEvent, ProposalId, RegisterRow};
use std::collections::BTreeMap;

/// The release a `release_approved` or `implemented` event names
/// (`November 2019 SEC Release (7 November 2019)` → `November 2019 SEC Release`).
fn release_name(e: &LedgerEvent) -> String {
    let d = e.event.detail.trim();
    match d.rfind(" (") {
        Some(i) if d.ends_with(')') => d[..i].trim().to_string(),
        _ => d.to_string(),
    }
}

/// register.csv's rows: each proposal's latest history row, with its
/// proposer and release from the events.
pub fn build_register(history: &[HistoryRow], events: &[LedgerEvent]) -> Vec<RegisterRow> {
    let mut by_id: BTreeMap<ProposalId, Vec<&HistoryRow>> = BTreeMap::new();
    for h in history {
        by_id.entry(h.id).or_default().push(h);
    }
    let mut events_of: BTreeMap<ProposalId, Vec<&LedgerEvent>> = BTreeMap::new();
    for e in events {
        if let Some(id) = e.event.mention.id() {
            events_of.entry(id).or_default().push(e);
        }
    }
    let mut out = Vec::new();
    for (id, rows) in by_id {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            continue;
        };
        let mine = events_of.get(&id).map(Vec::as_slice).unwrap_or_default();
        let raised = mine.iter().find(|e| e.event.kind == EventKind::Raised);
        let release = mine
            .iter()
            .filter(|e| {
                matches!(
                    e.event.kind,
                    EventKind::ReleaseApproved | EventKind::Implemented
                )
            })
            .max_by_key(|e| {
                (
                    e.report,
                    e.event.kind == EventKind::Implemented,
                    e.event.date,
                )
            });
        out.push(RegisterRow {
            id,
            reference: last.reference,
            title: last.title.to_string(),
            proposer: raised
                .map(|e| e.event.detail.to_string())
                .unwrap_or_default(),
            raised: raised.and_then(|e| e.event.date),
            first_month: first.month,
            last_month: last.month,
            stage: last.stage,
            status: last.status,
            release: release.map(|e| release_name(e)).unwrap_or_default(),
            implemented: release
                .filter(|e| e.event.kind == EventKind::Implemented)
                .and_then(|e| e.event.date),
        });
    }
    out
}
