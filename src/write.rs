//! Stage 7: write the ledger's CSV files, sorted and atomically.
//!
//! Each writer returns the file's bytes (so it can be snapshot-tested);
//! [`write_ledger`] puts them in place: every file is first written to a
//! temporary file in the output folder, then renamed over the old one.

use crate::error::Error;
use crate::history::{build_history, build_register};
use crate::model::{Diagnostic, HistoryRow, RegisterRow, Report};
use crate::reconcile::{ledger_events, month_of};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// The ledger as named CSV files, in writing order.
pub struct Ledger {
    /// `(file name, bytes)` pairs.
    pub files: Vec<(&'static str, Vec<u8>)>,
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn num(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Builds a CSV from a header and rows.
fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing to a Vec cannot fail
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

/// reports.csv.
pub fn reports_csv(reports: &[Report]) -> Vec<u8> {
    csv_bytes(
        &[
            "report",
            "month",
            "sources",
            "pages",
            "observations",
            "diagnostics",
        ],
        reports.iter().map(|r| {
            vec![
                date(Some(r.date)),
                month_of(r.date),
                r.sources.join(";"),
                r.pages.to_string(),
                r.observations.len().to_string(),
                r.diagnostics.len().to_string(),
            ]
        }),
    )
}

/// observations.csv, in document order within each report.
pub fn observations_csv(reports: &[Report]) -> Vec<u8> {
    csv_bytes(
        &[
            "report", "number", "ref", "raw_ref", "title", "section", "list", "page", "line",
        ],
        reports.iter().flat_map(|r| {
            r.observations.iter().map(move |o| {
                vec![
                    date(Some(r.date)),
                    o.mention.number_key(),
                    o.mention.reference.clone(),
                    o.mention.raw.clone(),
                    o.title.clone(),
                    o.section.slug().to_string(),
                    o.list.clone(),
                    o.page.to_string(),
                    o.line.to_string(),
                ]
            })
        }),
    )
}

/// assessments.csv, by report, number (unread last), type, source.
pub fn assessments_csv(reports: &[Report]) -> Vec<u8> {
    let mut rows = Vec::new();
    for r in reports {
        let mut list: Vec<_> = r.assessments.iter().collect();
        list.sort_by_key(|a| {
            (
                a.mention.id.is_none(),
                a.mention.id,
                a.kind,
                a.source,
                a.page,
                a.line,
            )
        });
        for a in list {
            rows.push(vec![
                date(Some(r.date)),
                a.mention.number_key(),
                a.mention.reference.clone(),
                a.kind.as_str().to_string(),
                a.source.as_str().to_string(),
                a.status.clone(),
                date(a.requested),
                date(a.target),
                date(a.delivered),
                num(a.target_wd),
                num(a.elapsed_wd),
                a.note.clone(),
            ]);
        }
    }
    csv_bytes(
        &[
            "report",
            "number",
            "ref",
            "type",
            "source",
            "status",
            "requested",
            "target",
            "delivered",
            "target_wd",
            "elapsed_wd",
            "note",
        ],
        rows,
    )
}

/// events.csv, by date (undated last), number, event.
pub fn events_csv(reports: &[Report]) -> Vec<u8> {
    let mut events = ledger_events(reports);
    events.sort_by(|a, b| {
        let ka = (
            a.event.date.is_none(),
            a.event.date,
            a.event.mention.id,
            a.event.kind,
            &a.event.detail,
            a.report,
        );
        let kb = (
            b.event.date.is_none(),
            b.event.date,
            b.event.mention.id,
            b.event.kind,
            &b.event.detail,
            b.report,
        );
        ka.cmp(&kb)
    });
    csv_bytes(
        &["date", "number", "ref", "event", "detail", "report"],
        events.into_iter().map(|e| {
            vec![
                date(e.event.date),
                e.event.mention.number_key(),
                e.event.mention.reference.clone(),
                e.event.kind.as_str().to_string(),
                e.event.detail.clone(),
                date(Some(e.report)),
            ]
        }),
    )
}

/// timescales.csv, in printed order within each report.
pub fn timescales_csv(reports: &[Report]) -> Vec<u8> {
    csv_bytes(
        &["report", "table", "measure", "total", "average_wd"],
        reports.iter().flat_map(|r| {
            r.timescales.iter().map(move |t| {
                vec![
                    date(Some(r.date)),
                    t.table.clone(),
                    t.measure.clone(),
                    num(t.total),
                    num(t.average_wd),
                ]
            })
        }),
    )
}

/// history.csv, by month then number.
pub fn history_csv(rows: &[HistoryRow]) -> Vec<u8> {
    let mut rows: Vec<&HistoryRow> = rows.iter().collect();
    rows.sort_by(|a, b| (&a.month, a.id).cmp(&(&b.month, b.id)));
    csv_bytes(
        &[
            "month",
            "number",
            "ref",
            "title",
            "stage",
            "status",
            "dcc_status",
        ],
        rows.into_iter().map(|h| {
            vec![
                h.month.clone(),
                h.id.key(),
                h.reference.clone(),
                h.title.clone(),
                h.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
                h.status.clone(),
                h.dcc_status.clone(),
            ]
        }),
    )
}

/// register.csv, by number.
pub fn register_csv(rows: &[RegisterRow]) -> Vec<u8> {
    let mut rows: Vec<&RegisterRow> = rows.iter().collect();
    rows.sort_by_key(|r| r.id);
    csv_bytes(
        &[
            "number",
            "ref",
            "title",
            "proposer",
            "raised",
            "first_month",
            "last_month",
            "stage",
            "status",
            "release",
            "implemented",
        ],
        rows.into_iter().map(|r| {
            vec![
                r.id.key(),
                r.reference.clone(),
                r.title.clone(),
                r.proposer.clone(),
                date(r.raised),
                r.first_month.clone(),
                r.last_month.clone(),
                r.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
                r.status.clone(),
                r.release.clone(),
                date(r.implemented),
            ]
        }),
    )
}

/// diagnostics.csv: each report's, then those that belong to no report, sorted.
pub fn diagnostics_csv(reports: &[Report], orphans: &[Diagnostic]) -> Vec<u8> {
    let mut rows = Vec::new();
    for r in reports {
        let mut ds: Vec<&Diagnostic> = r.diagnostics.iter().collect();
        ds.sort();
        for d in ds {
            rows.push(diagnostic_row(Some(r.date), d));
        }
    }
    let mut os: Vec<&Diagnostic> = orphans.iter().collect();
    os.sort();
    for d in os {
        rows.push(diagnostic_row(None, d));
    }
    csv_bytes(
        &[
            "report", "source", "page", "line", "severity", "code", "message", "text",
        ],
        rows,
    )
}

fn diagnostic_row(report: Option<NaiveDate>, d: &Diagnostic) -> Vec<String> {
    vec![
        date(report),
        d.source.clone(),
        num(d.page),
        num(d.line),
        d.severity.as_str().to_string(),
        d.code.clone(),
        d.message.clone(),
        d.text.clone(),
    ]
}

/// Builds every file of the ledger.
pub fn build_ledger(reports: &[Report], orphans: &[Diagnostic]) -> Ledger {
    let history = build_history(reports);
    let register = build_register(&history, &ledger_events(reports));
    Ledger {
        files: vec![
            ("reports.csv", reports_csv(reports)),
            ("observations.csv", observations_csv(reports)),
            ("assessments.csv", assessments_csv(reports)),
            ("events.csv", events_csv(reports)),
            ("timescales.csv", timescales_csv(reports)),
            ("history.csv", history_csv(&history)),
            ("register.csv", register_csv(&register)),
            ("diagnostics.csv", diagnostics_csv(reports, orphans)),
        ],
    }
}

/// Writes the ledger into `dir` (created when missing), each file atomically.
pub fn write_ledger(dir: &Path, ledger: &Ledger) -> Result<(), Error> {
    let out_err = |path: &Path, source: std::io::Error| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, e))?;
    let mut staged = Vec::new();
    for (name, bytes) in &ledger.files {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(dir)
            .map_err(|e| out_err(dir, e))?;
        tmp.write_all(bytes).map_err(|e| out_err(tmp.path(), e))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| out_err(tmp.path(), e))?;
        staged.push((tmp, dir.join(name)));
    }
    for (tmp, target) in staged {
        tmp.persist(&target)
            .map_err(|e| out_err(&target, e.error))?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file beside it, synced, then renamed over it.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let out_err = |p: &Path, source: std::io::Error| Error::Output {
        path: p.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .map_err(|e| out_err(dir, e))?;
    tmp.write_all(bytes).map_err(|e| out_err(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| out_err(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| out_err(path, e.error))?;
    Ok(())
}
