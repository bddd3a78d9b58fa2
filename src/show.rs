//! One proposal's story (`modledger show REF --ledger DIR`).
//!
//! In: a ledger folder `convert` wrote, read back through the row structs
//! of [`crate::ledger::schema`], and a reference in any form (`83`,
//! `MP083`, `DP083`, `SECMP0053`). Out: a [`Story`]: the proposal's latest
//! state (its `register.csv` row), its titles over time, each month's
//! `history.csv` row (stage, status, DCC status), its assessments with
//! every date and each slip of a target ([`crate::ledger::slips`]), its
//! events, and the diagnostics about it (those at a place that names it,
//! or whose message names one of its references). Rendered as text for a
//! terminal ([`Story::text`]), as JSON ([`Story::json`]) or as one tidy CSV
//! table, `table,row,column,value` ([`Story::csv`]).

use crate::error::Error;
use crate::ledger::read::read_file;
use crate::ledger::schema::{
    columns, text_cell, AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, LedgerRow,
    ObservationRecord, RegisterRecord, SlipRecord, Table,
};
use crate::ledger::slips::slips;
use crate::model::{Month, ProposalId, Reference};
use chrono::NaiveDate;
use csv::StringRecord;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// Everything a ledger says about one proposal.
#[derive(Debug, Clone)]
pub struct Story {
    /// The proposal.
    pub number: ProposalId,
    /// Its `register.csv` row (none in a ledger that lacks it).
    pub register: Option<LedgerRow<RegisterRecord>>,
    /// Its `history.csv` rows, by month.
    pub history: Vec<LedgerRow<HistoryRecord>>,
    /// Its `assessments.csv` rows, by report.
    pub assessments: Vec<LedgerRow<AssessmentRecord>>,
    /// Its assessments whose target moved.
    pub slips: Vec<SlipRecord>,
    /// Its `events.csv` rows.
    pub events: Vec<LedgerRow<EventRecord>>,
    /// The `diagnostics.csv` rows about it.
    pub diagnostics: Vec<LedgerRow<DiagnosticRecord>>,
}

/// A title and the months it was the title in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TitleSpan {
    /// First month with this title.
    pub from: Option<Month>,
    /// Last month with this title (before the next one).
    pub to: Option<Month>,
    /// The title.
    pub title: String,
}

/// Reads `REF` as a proposal: a reference in any family, or a bare number.
pub fn proposal_arg(raw: &str) -> Result<ProposalId, Error> {
    raw.parse::<Reference>().map(|r| r.id).map_err(Error::Usage)
}

/// The rows of table `T` about proposal `id`.
fn rows_of<T: Table>(
    dir: &Path,
    id: ProposalId,
    number: impl Fn(&T) -> Option<ProposalId>,
) -> Result<Vec<LedgerRow<T>>, Error> {
    Ok(read_file::<T>(dir)?
        .into_iter()
        .filter(|r| number(&r.record) == Some(id))
        .collect())
}

impl Story {
    /// Reads proposal `id`'s story from a ledger folder; a number the
    /// ledger never names is a usage error.
    pub fn read(dir: &Path, id: ProposalId) -> Result<Story, Error> {
        let history = rows_of::<HistoryRecord>(dir, id, |r| r.number)?;
        let register = rows_of::<RegisterRecord>(dir, id, |r| r.number)?.pop();
        if history.is_empty() && register.is_none() {
            return Err(Error::Usage(format!(
                "{} names no proposal {id}",
                dir.join(HistoryRecord::FILE).display()
            )));
        }
        let assessments = rows_of::<AssessmentRecord>(dir, id, |r| r.number)?;
        let title = register
            .as_ref()
            .map(|r| r.record.title.clone())
            .unwrap_or_default();
        let places = rows_of::<ObservationRecord>(dir, id, |r| r.number)?;
        let mut story = Story {
            number: id,
            slips: slips(assessments.iter().map(|r| &r.record), |_| title.clone()),
            events: rows_of::<EventRecord>(dir, id, |r| r.number)?,
            register,
            history,
            assessments,
            diagnostics: Vec::new(),
        };
        story.diagnostics = read_file::<DiagnosticRecord>(dir)?
            .into_iter()
            .filter(|d| story.is_about(&d.record, &places))
            .collect();
        Ok(story)
    }

    /// Every reference the proposal was written with.
    fn references(&self) -> BTreeSet<String> {
        let history = self.history.iter().filter_map(|h| h.record.reference);
        let register = self.register.iter().filter_map(|r| r.record.reference);
        history.chain(register).map(|r| r.to_string()).collect()
    }

    /// True when a diagnostic is about this proposal: it sits at a place
    /// that names it, or its message names one of its references.
    fn is_about(&self, d: &DiagnosticRecord, places: &[LedgerRow<ObservationRecord>]) -> bool {
        let at_a_place = places.iter().any(|o| {
            let o = &o.record;
            d.report.is_some()
                && (o.report, Some(o.page), Some(o.line)) == (d.report, d.page, d.line)
        });
        at_a_place || self.references().iter().any(|r| names(&d.message, r))
    }

    /// The titles over time: each run of months with one title.
    pub fn titles(&self) -> Vec<TitleSpan> {
        let mut spans: Vec<TitleSpan> = Vec::new();
        for h in &self.history {
            let h = &h.record;
            match spans.last_mut() {
                Some(s) if s.title == h.title => s.to = h.month,
                _ => spans.push(TitleSpan {
                    from: h.month,
                    to: h.month,
                    title: h.title.clone(),
                }),
            }
        }
        spans
    }

    /// The proposal's reference and title as a heading (its latest).
    fn heading(&self) -> String {
        let latest = self.history.last().map(|h| &h.record);
        let reference = self
            .register
            .as_ref()
            .and_then(|r| r.record.reference)
            .or(latest.and_then(|h| h.reference))
            .map_or_else(|| self.number.key(), |r| r.to_string());
        let title = self
            .register
            .as_ref()
            .map(|r| r.record.title.clone())
            .or(latest.map(|h| h.title.clone()))
            .unwrap_or_default();
        format!("{reference} {title}").trim_end().to_string()
    }
}

/// True when `text` names `reference` as a whole word (`MP124` in
/// `read as MP124`, not in `MP1245`).
fn names(text: &str, reference: &str) -> bool {
    text.match_indices(reference).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + reference.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Rows as an aligned text table under their schema's column names,
/// leaving out `skip`; indented by two spaces, `none` when there are no rows.
fn table<T: Serialize + Default>(rows: &[&StringRecord], skip: &[&str]) -> String {
    if rows.is_empty() {
        return "  none\n".to_string();
    }
    let all = columns::<T>();
    let keep: Vec<usize> = (0..all.len())
        .filter(|i| !skip.contains(&all[*i].as_str()))
        .collect();
    let cell = |r: &StringRecord, i: usize| r.get(i).unwrap_or("").to_string();
    let mut lines: Vec<Vec<String>> = vec![keep.iter().map(|i| all[*i].clone()).collect()];
    lines.extend(
        rows.iter()
            .map(|r| keep.iter().map(|i| cell(r, *i)).collect()),
    );
    let widths: Vec<usize> = (0..keep.len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for l in &lines {
        let mut line = String::new();
        for (c, v) in l.iter().enumerate() {
            let _ = write!(line, "  {v:<w$}", w = widths[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The values of a row struct as text, in its columns' order.
fn record_values<T: Serialize>(record: &T, columns: &[String]) -> StringRecord {
    let v = serde_json::to_value(record).unwrap_or_default();
    columns
        .iter()
        .map(|c| match v.get(c) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        })
        .collect()
}

impl Story {
    /// The story as text for a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.heading());
        out.push_str(&self.register_text());
        out.push_str("\nTitles\n");
        for t in self.titles() {
            let span = match (t.from, t.to) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => String::new(),
            };
            let _ = writeln!(out, "  {span:<18}  {}", t.title);
        }
        out.push_str("\nMonths\n");
        let months: Vec<&StringRecord> = self.history.iter().map(|h| &h.values).collect();
        out.push_str(&table::<HistoryRecord>(&months, &["number", "title"]));
        out.push_str("\nAssessments\n");
        out.push_str(&self.assessments_text());
        out.push_str("\nEvents\n");
        let events: Vec<&StringRecord> = self.events.iter().map(|e| &e.values).collect();
        out.push_str(&table::<EventRecord>(&events, &["number"]));
        out.push_str("\nDiagnostics\n");
        let ds: Vec<&StringRecord> = self.diagnostics.iter().map(|d| &d.values).collect();
        out.push_str(&table::<DiagnosticRecord>(&ds, &[]));
        out
    }

    /// The register row's other values, `column: value`, one line.
    fn register_text(&self) -> String {
        let Some(r) = &self.register else {
            return String::new();
        };
        let pairs: Vec<String> = columns::<RegisterRecord>()
            .iter()
            .zip(r.values.iter())
            .filter(|(c, v)| !v.is_empty() && !["number", "ref", "title"].contains(&c.as_str()))
            .map(|(c, v)| format!("{c}: {v}"))
            .collect();
        format!("  {}\n", pairs.join(" · "))
    }

    /// Each assessment (type and source) with its rows and its slip.
    fn assessments_text(&self) -> String {
        let mut keys: Vec<(String, String)> = Vec::new();
        for a in &self.assessments {
            let k = key_of(&a.record);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys.sort();
        if keys.is_empty() {
            return "  none\n".to_string();
        }
        let mut out = String::new();
        for (kind, source) in keys {
            let _ = writeln!(out, "  {kind} {source}");
            let rows: Vec<&StringRecord> = self
                .assessments
                .iter()
                .filter(|a| key_of(&a.record) == (kind.clone(), source.clone()))
                .map(|a| &a.values)
                .collect();
            let t = table::<AssessmentRecord>(&rows, &["number", "type", "source"]);
            for line in t.lines() {
                let _ = writeln!(out, "  {line}");
            }
            for s in self
                .slips
                .iter()
                .filter(|s| slip_key(s) == (kind.clone(), source.clone()))
            {
                let _ = writeln!(out, "    {}", slip_line(s));
            }
        }
        out
    }
}

/// An assessment's type and source, as text.
fn key_of(a: &AssessmentRecord) -> (String, String) {
    let text = |v: Option<String>| v.unwrap_or_default();
    (
        text(a.kind.map(|k| k.to_string())),
        text(a.source.map(|s| s.to_string())),
    )
}

/// A slip's type and source, as text.
fn slip_key(s: &SlipRecord) -> (String, String) {
    let text = |v: Option<String>| v.unwrap_or_default();
    (
        text(s.kind.map(|k| k.to_string())),
        text(s.source.map(|s| s.to_string())),
    )
}

/// One slip in words.
fn slip_line(s: &SlipRecord) -> String {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let way = if s.days_slipped >= 0 {
        "later"
    } else {
        "earlier"
    };
    format!(
        "target moved {} time(s): {} (report {}) to {} (report {}), {} day(s) {way}; targets {}",
        s.moves,
        date(s.first_target),
        date(s.first_report),
        date(s.latest_target),
        date(s.latest_report),
        s.days_slipped.abs(),
        s.targets
    )
}

/// Removes the CSV's protecting `'` from every text of a JSON value: JSON
/// is read by code, never by a spreadsheet, and wants the text itself.
fn unescape_texts(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => *s = text_cell::unescape(s).to_string(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(unescape_texts),
        serde_json::Value::Object(map) => map.values_mut().for_each(unescape_texts),
        _ => {}
    }
}

/// The story as JSON, for code.
#[derive(Serialize)]
struct StoryJson<'a> {
    number: String,
    register: Option<&'a RegisterRecord>,
    titles: Vec<TitleSpan>,
    history: Vec<&'a HistoryRecord>,
    assessments: Vec<&'a AssessmentRecord>,
    slips: &'a [SlipRecord],
    events: Vec<&'a EventRecord>,
    diagnostics: Vec<&'a DiagnosticRecord>,
}

impl Story {
    /// The story as one JSON object: the proposal's rows of each ledger
    /// file (as the files name their columns), its titles and its slips.
    pub fn json(&self) -> String {
        let view = StoryJson {
            number: self.number.key(),
            register: self.register.as_ref().map(|r| &r.record),
            titles: self.titles(),
            history: self.history.iter().map(|r| &r.record).collect(),
            assessments: self.assessments.iter().map(|r| &r.record).collect(),
            slips: &self.slips,
            events: self.events.iter().map(|r| &r.record).collect(),
            diagnostics: self.diagnostics.iter().map(|r| &r.record).collect(),
        };
        let mut value = serde_json::to_value(&view).unwrap_or_default();
        unescape_texts(&mut value);
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The story as one tidy CSV table, `table,row,column,value`: every
    /// cell of the proposal's rows of each ledger file (and of its slips),
    /// `row` counting from 1 within each table.
    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let _ = w.write_record(["table", "row", "column", "value"]);
        let mut put = |table: &str, cols: &[String], rows: Vec<StringRecord>| {
            for (i, r) in rows.iter().enumerate() {
                for (c, v) in cols.iter().zip(r.iter()) {
                    let _ = w.write_record([table, &(i + 1).to_string(), c, v]);
                }
            }
        };
        let values = |rows: Vec<&StringRecord>| rows.into_iter().cloned().collect();
        put(
            "register",
            &columns::<RegisterRecord>(),
            values(self.register.iter().map(|r| &r.values).collect()),
        );
        put(
            "history",
            &columns::<HistoryRecord>(),
            values(self.history.iter().map(|r| &r.values).collect()),
        );
        put(
            "assessments",
            &columns::<AssessmentRecord>(),
            values(self.assessments.iter().map(|r| &r.values).collect()),
        );
        let slip_columns = columns::<SlipRecord>();
        let slips = self
            .slips
            .iter()
            .map(|s| record_values(s, &slip_columns))
            .collect();
        put("slips", &slip_columns, slips);
        put(
            "events",
            &columns::<EventRecord>(),
            values(self.events.iter().map(|r| &r.values).collect()),
        );
        put(
            "diagnostics",
            &columns::<DiagnosticRecord>(),
            values(self.diagnostics.iter().map(|r| &r.values).collect()),
        );
        w.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_named_only_as_a_whole_word() {
        for (text, r, want) in [
            ("reference \"DPO133\" read as DP133", "DP133", true),
            ("MP133 PA accepted date", "MP133", true),
            ("MP1330 PA", "MP133", false),
            ("XMP133", "MP133", false),
            ("the report's title for MP117 is used", "MP117", true),
            ("", "MP117", false),
        ] {
            assert_eq!(names(text, r), want, "{text:?} names {r}");
        }
    }

    #[test]
    fn any_form_of_a_reference_is_the_proposal() {
        for raw in ["83", "MP083", "DP083", "mp83", " 83 "] {
            assert_eq!(proposal_arg(raw).unwrap().key(), "83", "{raw}");
        }
        assert_eq!(proposal_arg("SECMP0053").unwrap().key(), "53");
        assert_eq!(proposal_arg("85a").unwrap().key(), "85A");
        assert!(proposal_arg("hello").is_err());
    }
}
