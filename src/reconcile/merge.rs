//! One month's files into one report.
//!
//! In: the [`Part`]s of one month. Out: a [`Report`]: its date (the cover's,
//! else the appendix's, else the file name's), its sources, and the rows of
//! the best reading of each part (PDF over text, then more rows). A file
//! holding a part another file holds better is named in a `same_part_twice`
//! warning, and every value the two readings give differently in a
//! `readings_disagree` warning.

use crate::model::{
    Assessment, AssessmentSource, Code, Diagnostic, Month, Part, Report, ReportPart, SourceKind,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// The best reading of each part of a month, by index into its parts.
#[derive(Debug, Clone, Copy)]
struct Best {
    report: Option<usize>,
    appendix: Option<usize>,
}

impl Best {
    /// The best readings among `parts`.
    fn of(parts: &[Part]) -> Best {
        Best {
            report: best_index(parts, ReportPart::Report),
            appendix: best_index(parts, ReportPart::Appendix),
        }
    }

    /// The index of the best reading of `part`.
    fn of_part(self, part: ReportPart) -> Option<usize> {
        match part {
            ReportPart::Report => self.report,
            ReportPart::Appendix => self.appendix,
        }
    }

    /// True when part `i` is the reading of `part` that is used.
    fn uses(self, i: usize, part: ReportPart) -> bool {
        self.of_part(part) == Some(i)
    }
}

/// Merges one month's parts into a report.
pub fn merge_month(month: Month, mut parts: Vec<Part>) -> Report {
    // the report's own file first, then appendix-only files: rows follow document order
    parts.sort_by(|a, b| (!a.holds.report, &a.source).cmp(&(!b.holds.report, &b.source)));
    let best = Best::of(&parts);
    let mut sources: Vec<String> = parts.iter().map(|p| p.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let mut report = Report {
        date: report_date(month, &parts),
        sources,
        report_source: best.report.map(|i| parts[i].source.clone()),
        appendix_source: best.appendix.map(|i| parts[i].source.clone()),
        pages: pages_read(&parts, best),
        observations: Vec::new(),
        assessments: Vec::new(),
        events: Vec::new(),
        timescales: Vec::new(),
        diagnostics: duplicate_readings(&parts, best),
    };
    for (i, p) in parts.into_iter().enumerate() {
        take_rows(&mut report, p, i, best);
    }
    report.shrink_to_fit();
    report
}

/// The month's report date: the cover's, else the appendix's, else the
/// file name's — each only when it falls in the month the parts were placed
/// in (an appendix dated 31 December that joined January is not January's
/// date), else the month's first day.
fn report_date(month: Month, parts: &[Part]) -> NaiveDate {
    let in_month = |d: &NaiveDate| Month::of(*d) == month;
    let first = |date: fn(&Part) -> Option<NaiveDate>| parts.iter().filter_map(date).find(in_month);
    first(|p| p.cover_date)
        .or_else(|| first(|p| p.appendix_date))
        .or_else(|| first(|p| p.file_date))
        .unwrap_or_else(|| month.first_day())
}

/// The warnings for files whose part another file of the same kind (PDF
/// or text) holds better (a PDF and its text are expected and not warned
/// of), and for every value two readings of one part give differently.
fn duplicate_readings(parts: &[Part], best: Best) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        for part in [ReportPart::Report, ReportPart::Appendix] {
            if let Some(k) = best.of_part(part).filter(|k| *k != i && p.holds(part)) {
                readings_disagree(&parts[k], p, part, &mut out);
            }
        }
        let better_same_kind = |part| {
            best.of_part(part)
                .filter(|b| p.holds(part) && *b != i && parts[*b].kind == p.kind)
        };
        let Some(kept) =
            better_same_kind(ReportPart::Report).or_else(|| better_same_kind(ReportPart::Appendix))
        else {
            continue;
        };
        let kept = &parts[kept].source;
        out.push(Diagnostic::new(
            Code::SamePartTwice,
            &p.source,
            format!("this file holds the same report part as {kept}; the better reading ({kept}) is used"),
        ));
    }
    out
}

/// Moves part `i`'s rows into the report: those of the parts it is the
/// used reading of; its diagnostics when it is the used reading of any.
fn take_rows(report: &mut Report, p: Part, i: usize, best: Best) {
    let keep = |part: ReportPart| p.holds(part) && best.uses(i, part);
    let (take_report, take_appendix) = (keep(ReportPart::Report), keep(ReportPart::Appendix));
    let keep = |part: ReportPart| match part {
        ReportPart::Report => take_report,
        ReportPart::Appendix => take_appendix,
    };
    move_rows(&mut report.observations, p.observations, |o| {
        keep(ReportPart::of(o.section))
    });
    move_rows(&mut report.assessments, p.assessments, |a| keep(part_of(a)));
    if take_report {
        move_rows(&mut report.events, p.events, |_| true);
        move_rows(&mut report.timescales, p.timescales, |_| true);
    }
    if take_report || take_appendix {
        move_rows(&mut report.diagnostics, p.diagnostics, |_| true);
    }
}

/// Appends the rows `keep` accepts; into an empty vector the part's own
/// vector is moved and filtered in place (a month read from one file, the
/// usual case, then copies no row and holds no second buffer).
fn move_rows<T>(into: &mut Vec<T>, mut rows: Vec<T>, keep: impl Fn(&T) -> bool) {
    if into.is_empty() {
        rows.retain(|r| keep(r));
        *into = rows;
    } else {
        into.extend(rows.into_iter().filter(|r| keep(r)));
    }
}

/// The part an assessment row was read from.
fn part_of(a: &Assessment) -> ReportPart {
    match a.source {
        AssessmentSource::Appendix => ReportPart::Appendix,
        AssessmentSource::Report => ReportPart::Report,
    }
}

/// Warns where two readings of the same part give one assessment different
/// dates or durations, naming both values and the reading kept (the
/// contract: "a disagreement between them is a `warning`"). It is the one
/// diagnostic a set-aside reading leaves: it is about the pair, not about
/// that reading alone.
fn readings_disagree(kept: &Part, other: &Part, part: ReportPart, out: &mut Vec<Diagnostic>) {
    let wanted = |a: &&Assessment| part_of(a) == part;
    for b in other.assessments.iter().filter(wanted) {
        let Some(id) = b.mention.id() else { continue };
        let Some(a) = kept
            .assessments
            .iter()
            .filter(wanted)
            .find(|a| a.mention.id() == Some(id) && a.kind == b.kind)
        else {
            continue;
        };
        for (field, x, y) in assessment_values(a, b) {
            let (Some(x), Some(y)) = (x, y) else { continue };
            if x == y {
                continue;
            }
            let message = format!(
                "{} {} {}.{field}: {} reads {x}, {} reads {y}; {}'s reading is kept",
                a.mention.ref_text(),
                a.kind,
                a.source,
                kept.source,
                other.source,
                kept.source
            );
            out.push(
                Diagnostic::new(Code::ReadingsDisagree, &other.source, message)
                    .at(b.page, b.line)
                    .quoting(y),
            );
        }
    }
}

/// Each date and duration of two readings of one assessment, as text.
fn assessment_values(
    a: &Assessment,
    b: &Assessment,
) -> [(&'static str, Option<String>, Option<String>); 5] {
    let d = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let n = |n: Option<u32>| n.map(|n| n.to_string());
    [
        ("requested", d(a.requested), d(b.requested)),
        ("target", d(a.target), d(b.target)),
        ("delivered", d(a.delivered), d(b.delivered)),
        ("target_wd", n(a.target_wd), n(b.target_wd)),
        ("elapsed_wd", n(a.elapsed_wd), n(b.elapsed_wd)),
    ]
}

/// Pages of the files whose readings make the report: a second reading of
/// the same part (a PDF's OCR text, a download saved twice) adds none.
fn pages_read(parts: &[Part], best: Best) -> u32 {
    let used: BTreeSet<usize> = best.report.into_iter().chain(best.appendix).collect();
    if used.is_empty() {
        return parts.iter().map(|p| p.pages).sum();
    }
    used.into_iter().map(|i| parts[i].pages).sum()
}

/// How good a reading of a part is: PDF over text, then more rows.
fn quality(p: &Part) -> (bool, usize) {
    (
        p.kind == SourceKind::Pdf,
        p.observations.len() + p.assessments.len(),
    )
}

/// The index of the best part holding `part`.
fn best_index(parts: &[Part], part: ReportPart) -> Option<usize> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.holds(part))
        .max_by_key(|(i, p)| (quality(p), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}
