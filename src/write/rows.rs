//! The ledger's records as the rows of its files.
//!
//! In: a [`Ledger`]. Out: for each table, an iterator of its row structs
//! ([`crate::ledger::schema`]), in the ledger's order.

use crate::ledger::schema::{
    AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, ObservationRecord,
    RegisterRecord, ReportRecord, TimescaleRecord,
};
use crate::ledger::Ledger;

/// reports.csv.
pub fn reports(l: &Ledger) -> impl Iterator<Item = ReportRecord> + '_ {
    let counts = l.report_diagnostics.iter();
    l.reports
        .iter()
        .zip(counts)
        .map(|(r, &diagnostics)| ReportRecord {
            report: Some(r.date),
            month: Some(r.month()),
            sources: r.sources.join(";"),
            pages: r.pages,
            observations: r.observations.len(),
            diagnostics,
        })
}

/// observations.csv, in document order within each report.
pub fn observations(l: &Ledger) -> impl Iterator<Item = ObservationRecord> + '_ {
    l.reports.iter().flat_map(|r| {
        r.observations.iter().map(move |o| ObservationRecord {
            report: Some(r.date),
            number: o.mention.id(),
            reference: o.mention.reference,
            raw_ref: o.mention.raw.to_string(),
            title: o.title.to_string(),
            section: Some(o.section),
            list: Some(o.list.clone()),
            page: o.page,
            line: o.line,
        })
    })
}

/// assessments.csv.
pub fn assessments(l: &Ledger) -> impl Iterator<Item = AssessmentRecord> + '_ {
    l.reports.iter().flat_map(|r| {
        r.assessments.iter().map(move |a| AssessmentRecord {
            report: Some(r.date),
            number: a.mention.id(),
            reference: a.mention.reference,
            kind: Some(a.kind),
            source: Some(a.source),
            status: a.status,
            requested: a.requested,
            target: a.target,
            delivered: a.delivered,
            target_wd: a.target_wd,
            elapsed_wd: a.elapsed_wd,
            note: a.note.to_string(),
        })
    })
}

/// events.csv.
pub fn events(l: &Ledger) -> impl Iterator<Item = EventRecord> + '_ {
    l.events.iter().map(|e| EventRecord {
        date: e.event.date,
        number: e.event.mention.id(),
        reference: e.event.mention.reference,
        event: Some(e.event.kind),
        detail: e.event.detail.to_string(),
        report: Some(e.report),
    })
}

/// timescales.csv, in printed order within each report.
pub fn timescales(l: &Ledger) -> impl Iterator<Item = TimescaleRecord> + '_ {
    l.reports.iter().flat_map(|r| {
        r.timescales.iter().map(move |t| TimescaleRecord {
            report: Some(r.date),
            table: Some(t.table),
            measure: t.measure.to_string(),
            total: t.total,
            average_wd: t.average_wd,
        })
    })
}

/// history.csv.
pub fn history(l: &Ledger) -> impl Iterator<Item = HistoryRecord> + '_ {
    l.history.iter().map(|h| HistoryRecord {
        month: Some(h.month),
        number: Some(h.id),
        reference: h.reference,
        title: h.title.to_string(),
        stage: h.stage,
        status: h.status,
        dcc_status: h.dcc_status.to_string(),
        dcc_date: h.dcc_date,
    })
}

/// register.csv.
pub fn register(l: &Ledger) -> impl Iterator<Item = RegisterRecord> + '_ {
    l.register.iter().map(|r| RegisterRecord {
        number: Some(r.id),
        reference: r.reference,
        title: r.title.clone(),
        proposer: r.proposer.clone(),
        raised: r.raised,
        first_month: Some(r.first_month),
        last_month: Some(r.last_month),
        stage: r.stage,
        status: r.status,
        release: r.release.clone(),
        implemented: r.implemented,
    })
}

/// diagnostics.csv.
pub fn diagnostics(l: &Ledger) -> impl Iterator<Item = DiagnosticRecord> + '_ {
    l.diagnostics.iter().map(|(report, d)| DiagnosticRecord {
        report: *report,
        source: d.source.to_string(),
        page: d.page,
        line: d.line,
        severity: Some(d.severity()),
        code: Some(d.code),
        message: d.message.to_string(),
        text: d.text.to_string(),
    })
}
