//! Stage 7: the ledger — what the archive says, derived from the reconciled
//! reports, in the order it is written.
//!
//! In: the reconciled [`Report`]s and the diagnostics that belong to no
//! report. Out: a [`Ledger`]: the reports (their assessments sorted), the
//! events told across the archive ([`events`]), each proposal's history
//! month by month ([`history`], titles by [`titles`]), its latest state
//! ([`register`]) and every diagnostic, each table in its writing order so
//! every writer (CSV, workbook, HTML) shows the same rows the same way.
//! [`schema`] names each file's columns, [`read`] reads a ledger folder
//! back through them; [`slips`] finds the DCC target
//! dates that moved.

pub mod events;
pub mod history;
pub mod read;
pub mod register;
pub mod schema;
pub mod slips;
pub mod titles;

use crate::model::{Diagnostic, HistoryRow, LedgerEvent, Month, RegisterRow, Report};
use chrono::NaiveDate;

/// The whole ledger, every table sorted for writing.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// The reports by date; each one's assessments by number (unread last),
    /// type, source, place. Their events have been moved into `events`.
    pub reports: Vec<Report>,
    /// Events by date (undated last), number, event, detail, first report.
    pub events: Vec<LedgerEvent>,
    /// History by month, then number.
    pub history: Vec<HistoryRow>,
    /// Register by number.
    pub register: Vec<RegisterRow>,
    /// Each report's diagnostics (sorted) with its date, then those of no
    /// report. They are moved here from the reports (whose `diagnostics`
    /// are then empty: see `report_diagnostics`), not copied.
    pub diagnostics: Vec<(Option<NaiveDate>, Diagnostic)>,
    /// How many diagnostics each report had, in the order of `reports`.
    pub report_diagnostics: Vec<usize>,
}

impl Ledger {
    /// Derives the ledger from the reconciled reports.
    pub fn build(mut reports: Vec<Report>, orphans: &[Diagnostic]) -> Ledger {
        reports.sort_by_key(|r| r.date);
        for r in &mut reports {
            r.assessments.sort_by_key(|a| {
                (
                    a.mention.id().is_none(),
                    a.mention.id(),
                    a.kind,
                    a.source,
                    a.page,
                    a.line,
                )
            });
        }
        let mut events = events::ledger_events(&mut reports);
        sort_events(&mut events);
        // built by number, then month: the order the register reads it in
        let mut history = history::build_history(&reports);
        let register = register::build_register(&history, &events);
        history.sort_by_key(|h| (h.month, h.id));
        history.shrink_to_fit();
        let report_diagnostics = reports.iter().map(|r| r.diagnostics.len()).collect();
        let diagnostics = take_diagnostics(&mut reports, orphans);
        Ledger {
            reports,
            events,
            history,
            register,
            diagnostics,
            report_diagnostics,
        }
    }

    /// The months of the reports, in order.
    pub fn months(&self) -> Vec<Month> {
        let mut m: Vec<Month> = self.reports.iter().map(Report::month).collect();
        m.dedup();
        m
    }
}

/// Sorts events by date (undated last), number, event, detail, first report.
fn sort_events(events: &mut [LedgerEvent]) {
    events.sort_by(|a, b| {
        let key = |e: &LedgerEvent| {
            (
                e.event.date.is_none(),
                e.event.date,
                e.event.mention.id(),
                e.event.kind,
                e.event.detail.clone(),
                e.report,
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Each report's diagnostics, sorted (moved out of the reports), then
/// those that belong to no report, sorted.
fn take_diagnostics(
    reports: &mut [Report],
    orphans: &[Diagnostic],
) -> Vec<(Option<NaiveDate>, Diagnostic)> {
    let total = reports.iter().map(|r| r.diagnostics.len()).sum::<usize>() + orphans.len();
    let mut out = Vec::with_capacity(total);
    for r in reports {
        let mut ds = std::mem::take(&mut r.diagnostics);
        ds.sort();
        out.extend(ds.into_iter().map(|d| (Some(r.date), d)));
    }
    let mut os: Vec<&Diagnostic> = orphans.iter().collect();
    os.sort();
    out.extend(os.into_iter().map(|d| (None, d.clone())));
    out
}
