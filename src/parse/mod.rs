//! Stage 4: records from sections and tables.
//!
//! [`parse_document`] walks a document's segments and hands each to the
//! parser for its kind: report lists ([`report`]), the appendix tables
//! ([`appendix`]). The result is a [`Part`]: everything one file says.

pub mod appendix;
pub mod cell_lines;
pub mod columns;
pub mod doubts;
pub mod events;
pub mod paragraphs;
pub mod quoted;
pub mod report;
pub mod report_cells;
pub mod report_tables;
pub mod status;

use crate::layout::{Document, Ruling};
use crate::model::{
    Assessment, Code, Diagnostic, Event, List, Mention, Observation, Part, PartKinds, Section,
    Timescale,
};
use crate::normalise::ascii;
use crate::normalise::dates::{parse_date, parse_month, DateContext};
use crate::normalise::ids::RefMatch;
use crate::segment::{lines_of, segment, Segment};
use crate::worker::check_deadline;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Records gathered while parsing one file.
#[derive(Debug, Default)]
pub struct Found {
    /// Observations.
    pub observations: Vec<Observation>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Events.
    pub events: Vec<Event>,
    /// Timescales.
    pub timescales: Vec<Timescale>,
    /// Diagnostics (source filled in by [`parse_document`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// A mention from a reference found in text.
pub fn mention_for(r: &RefMatch) -> Mention {
    Mention {
        reference: Some(r.reference),
        raw: r.raw.as_str().into(),
    }
}

/// Where a segment sits and how its page can be read: what every segment
/// parser needs besides the lines themselves.
#[derive(Debug, Clone, Copy)]
pub struct SegmentContext<'d> {
    /// The section.
    pub section: Section,
    /// The list or table inside it.
    pub list: &'d List,
    /// Word positions are reliable enough to read cells by column (PDF,
    /// `pdftotext -layout` text).
    pub positional: bool,
    /// The document's ruling lines (table borders).
    pub rulings: &'d [Ruling],
    /// For year-less dates.
    pub dates: DateContext,
}

/// Parses a whole document into one [`Part`].
pub fn parse_document(doc: &Document) -> Part {
    let segs = segment(doc);
    let file_date = date_from_file_name(&doc.source);
    let cover_date = cover_date(doc, &segs);
    let appendix_date = appendix_date(doc);
    let dates = DateContext {
        report: cover_date.or(appendix_date).or(file_date),
    };
    let mut found = Found::default();
    let mut holds = PartKinds {
        report: false,
        appendix: appendix_date.is_some(),
    };
    let mut tables = doubts::TableTally::default();
    for seg in &segs {
        check_deadline();
        let Some((section, list)) = &seg.place else {
            continue;
        };
        let lines = lines_of(doc, seg);
        let before = doubts::records(&found);
        if !lines.is_empty() {
            let ctx = SegmentContext {
                section: *section,
                list,
                positional: doc.positional,
                rulings: &doc.rulings,
                dates,
            };
            parse_segment(&ctx, &lines, &mut found, &mut holds);
        }
        if *section == Section::Refine {
            tables.saw_refine(seg.heading.map(|i| &doc.lines[i]));
        }
        if list.is_row_table() {
            let heading = seg.heading.map(|i| &doc.lines[i]);
            let rows = doubts::records(&found) - before;
            tables.add(list, heading, &lines, rows);
        }
    }
    note_ocr_repairs(&mut found);
    found.diagnostics.extend(tables.warnings());
    let formulas = doubts::formula_like_values(&found, &doc.source);
    found.diagnostics.extend(formulas);
    for d in &mut found.diagnostics {
        d.source = doc.source.as_str().into();
    }
    found
        .diagnostics
        .extend(doc.notes.iter().map(|n| n.to_diagnostic(&doc.source)));
    Part {
        source: doc.source.clone(),
        kind: doc.kind,
        pages: doc.pages,
        cover_date,
        appendix_date,
        file_date,
        holds,
        observations: found.observations,
        assessments: found.assessments,
        events: found.events,
        timescales: found.timescales,
        diagnostics: found.diagnostics,
    }
}

/// Parses one segment with lines, noting which part of a report it is.
fn parse_segment(
    ctx: &SegmentContext<'_>,
    lines: &[&crate::layout::Line],
    found: &mut Found,
    holds: &mut PartKinds,
) {
    if ctx.section.is_appendix() {
        holds.appendix = true;
        appendix::parse_appendix_segment(ctx, lines, found);
    } else {
        holds.report = true;
        report::parse_report_segment(ctx, lines, found);
    }
}

/// A `repair` diagnostic for each reference OCR damaged but left readable
/// (`SECMPO053` read as SECMP0053). Bare appendix numbers are not damage.
fn note_ocr_repairs(found: &mut Found) {
    let mut notes = Vec::new();
    for o in &found.observations {
        let Some(reference) = o.mention.reference else {
            continue;
        };
        let damaged = !o.section.is_appendix()
            && o.mention.raw != reference.to_string()
            && !o.mention.raw.contains(' ');
        if damaged {
            notes.push(
                Diagnostic::new(
                    Code::RefRepaired,
                    "",
                    format!("reference {:?} read as {reference}", o.mention.raw),
                )
                .at(o.page, o.line)
                .quoting(&o.mention.raw),
            );
        }
    }
    notes.dedup_by(|a, b| a.line == b.line && a.page == b.page && a.text == b.text);
    found.diagnostics.extend(notes);
}

/// The cover's date: a line that is only a date, before the first report section.
fn cover_date(doc: &Document, segs: &[Segment]) -> Option<NaiveDate> {
    let first = segs.first().filter(|s| s.place.is_none())?;
    first.lines.iter().map(|&i| &doc.lines[i]).find_map(|l| {
        let t = l.text.trim();
        (t.len() <= 22 && t.split_whitespace().count() == 3)
            .then(|| parse_date(t, DateContext::default()))
            .flatten()
    })
}

static APPENDIX_DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*date\s*[:.;]\s*(.+)$").expect("appendix date regex"));

/// The appendix's own `Date: 1 November 2019` line.
fn appendix_date(doc: &Document) -> Option<NaiveDate> {
    doc.lines.iter().find_map(|l| {
        let t = l.text.trim();
        // the regex's `\W*date`: on ASCII text, a cheap test first
        let word_at = t.trim_start_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        if t.is_ascii() && !ascii::starts_with_word(word_at, "date") {
            return None;
        }
        let c = APPENDIX_DATE_RE.captures(t)?;
        parse_date(c[1].trim(), DateContext::default())
    })
}

static FILE_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s_\-.]*((?:19|20)\d{2})",
    )
    .expect("file month regex")
});
static FILE_ISO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})[\-_.](0[1-9]|1[0-2])").expect("file iso regex"));

/// A month named in a file name (`…_November_2019.pdf`, `2019-11.txt`), as its first day.
pub fn date_from_file_name(path: &str) -> Option<NaiveDate> {
    let name = std::path::Path::new(path)
        .file_name()?
        .to_string_lossy()
        .into_owned();
    if let Some(c) = FILE_MONTH_RE.captures(&name) {
        let month = parse_month(&c[1])?;
        return NaiveDate::from_ymd_opt(c[2].parse().ok()?, month, 1);
    }
    let c = FILE_ISO_RE.captures(&name)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_months() {
        for (raw, want) in [
            (
                "archive/Change_Status_Report_November_2019.pdf",
                NaiveDate::from_ymd_opt(2019, 11, 1),
            ),
            (
                "Appendix_A_DCC_Assessments_update_March_2020_ocr.txt",
                NaiveDate::from_ymd_opt(2020, 3, 1),
            ),
            ("2021-03_report.txt", NaiveDate::from_ymd_opt(2021, 3, 1)),
            ("report.txt", None),
        ] {
            assert_eq!(date_from_file_name(raw), want, "{raw:?}");
        }
    }
}
