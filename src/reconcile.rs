//! Stage 6: reconcile — files into monthly reports, evidence inside one
//! report, and events told again across months.
//!
//! - Files of the same month join one [`Report`]: the report part and the
//!   appendix part may come from different files. When the same part comes
//!   from two files (a PDF and its OCR text), the better reading is kept
//!   (PDF first, then the one with more rows), both are named in `sources`,
//!   and a warning says so.
//! - A reference damaged past reading (`O`) is repaired when the same report
//!   gives clear evidence: the same title, or the same dates, under a clean
//!   reference. An appendix title OCR destroyed is replaced by the report's
//!   clean title of the same proposal. Each repair is a diagnostic.
//! - The report's and the appendix's dates for one assessment that disagree
//!   are a warning.

use crate::layout::SourceKind;
use crate::model::{
    Assessment, AssessmentSource, AssessmentType, Diagnostic, Event, Mention, Observation, Part,
    ProposalId, Report, Severity,
};
use crate::normalise::ids::canonical_ref;
use crate::normalise::titles::{fold, similarity};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// A month key, `YYYY-MM`.
pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Groups parts into reports by month and reconciles each.
pub fn build_reports(mut parts: Vec<Part>, orphans: &mut Vec<Diagnostic>) -> Vec<Report> {
    parts.sort_by(|a, b| (a.month_date(), &a.source).cmp(&(b.month_date(), &b.source)));
    let mut by_month: BTreeMap<String, Vec<Part>> = BTreeMap::new();
    for p in parts {
        match p.month_date() {
            Some(d) => by_month.entry(month_of(d)).or_default().push(p),
            None => {
                orphans.push(Diagnostic {
                    source: p.source.clone(),
                    page: None,
                    line: None,
                    severity: Severity::Error,
                    code: "no_report_date".into(),
                    message: "no date on the cover, in the appendix or in the file name: the file was not placed in a month".into(),
                    text: String::new(),
                });
                orphans.extend(p.diagnostics);
            }
        }
    }
    let mut reports: Vec<Report> = by_month.into_values().map(merge_month).collect();
    for r in &mut reports {
        repair_within_report(r);
    }
    reports.sort_by_key(|r| r.date);
    repair_across_months(&mut reports);
    for r in &mut reports {
        compare_report_and_appendix(r);
        dedupe_events_within(r);
    }
    reports
}

/// How good a reading of a part is: PDF over text, then more rows.
fn quality(p: &Part) -> (bool, usize) {
    (
        p.kind == SourceKind::Pdf,
        p.observations.len() + p.assessments.len(),
    )
}

/// Merges one month's parts into a report.
fn merge_month(mut parts: Vec<Part>) -> Report {
    // the report's own file first, then appendix-only files: rows follow document order
    parts.sort_by(|a, b| (!a.holds.report, &a.source).cmp(&(!b.holds.report, &b.source)));
    let date = parts
        .iter()
        .find_map(|p| p.cover_date)
        .or_else(|| parts.iter().find_map(|p| p.appendix_date))
        .or_else(|| parts.iter().find_map(|p| p.file_date))
        .unwrap_or_default();
    let mut sources: Vec<String> = parts.iter().map(|p| p.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let mut diagnostics = Vec::new();
    // the best reading of each part
    let best_report = best_index(&parts, |p| p.holds.report);
    let best_appendix = best_index(&parts, |p| p.holds.appendix);
    for (i, p) in parts.iter().enumerate() {
        let dup_report = p.holds.report && best_report.is_some_and(|b| b != i);
        let dup_appendix = p.holds.appendix && best_appendix.is_some_and(|b| b != i);
        if dup_report || dup_appendix {
            let kept = &parts[if dup_report {
                best_report
            } else {
                best_appendix
            }
            .unwrap_or(i)]
            .source;
            diagnostics.push(Diagnostic {
                source: p.source.clone(),
                page: None,
                line: None,
                severity: Severity::Warning,
                code: "same_part_twice".into(),
                message: format!("this file holds the same report part as {kept}; the better reading ({kept}) is used"),
                text: String::new(),
            });
            for (kept_i, appendix) in [(best_report, false), (best_appendix, true)] {
                let Some(k) = kept_i.filter(|k| *k != i) else {
                    continue;
                };
                if (appendix && p.holds.appendix) || (!appendix && p.holds.report) {
                    readings_disagree(&parts[k], p, appendix, &mut diagnostics);
                }
            }
        }
    }
    let mut report = Report {
        date,
        sources,
        report_source: best_report.map(|i| parts[i].source.clone()),
        appendix_source: best_appendix.map(|i| parts[i].source.clone()),
        pages: pages_read(&parts, best_report, best_appendix),
        observations: Vec::new(),
        assessments: Vec::new(),
        events: Vec::new(),
        timescales: Vec::new(),
        diagnostics,
    };
    for (i, p) in parts.into_iter().enumerate() {
        let take_report = p.holds.report && best_report == Some(i);
        let take_appendix = p.holds.appendix && best_appendix == Some(i);
        let keep = |appendix: bool| if appendix { take_appendix } else { take_report };
        report.observations.extend(
            p.observations
                .into_iter()
                .filter(|o| keep(o.section.is_appendix())),
        );
        report.assessments.extend(
            p.assessments
                .into_iter()
                .filter(|a| keep(a.source == AssessmentSource::Appendix)),
        );
        if take_report {
            report.events.extend(p.events);
            report.timescales.extend(p.timescales);
        }
        report.diagnostics.extend(p.diagnostics);
    }
    report
}

/// Warns where two readings of the same part give one assessment different
/// dates or durations, naming both values and the reading kept.
fn readings_disagree(kept: &Part, other: &Part, appendix: bool, out: &mut Vec<Diagnostic>) {
    let wanted = |a: &&Assessment| (a.source == AssessmentSource::Appendix) == appendix;
    let fmt_date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let fmt_num = |n: Option<u32>| n.map(|n| n.to_string());
    for b in other.assessments.iter().filter(wanted) {
        let Some(id) = b.mention.id else { continue };
        let Some(a) = kept
            .assessments
            .iter()
            .filter(wanted)
            .find(|a| a.mention.id == Some(id) && a.kind == b.kind)
        else {
            continue;
        };
        let fields = [
            ("requested", fmt_date(a.requested), fmt_date(b.requested)),
            ("target", fmt_date(a.target), fmt_date(b.target)),
            ("delivered", fmt_date(a.delivered), fmt_date(b.delivered)),
            ("target_wd", fmt_num(a.target_wd), fmt_num(b.target_wd)),
            ("elapsed_wd", fmt_num(a.elapsed_wd), fmt_num(b.elapsed_wd)),
        ];
        for (field, x, y) in fields {
            if let (Some(x), Some(y)) = (x, y) {
                if x != y {
                    out.push(Diagnostic {
                        source: other.source.clone(),
                        page: Some(b.page),
                        line: Some(b.line),
                        severity: Severity::Warning,
                        code: "readings_disagree".into(),
                        message: format!(
                            "{} {} {}.{field}: {} reads {x}, {} reads {y}; {}'s reading is kept",
                            a.mention.reference,
                            a.kind.as_str(),
                            a.source.as_str(),
                            kept.source,
                            other.source,
                            kept.source
                        ),
                        text: y,
                    });
                }
            }
        }
    }
}

/// Pages of the files whose readings make the report: a second reading of
/// the same part (a PDF's OCR text, a download saved twice) adds none.
fn pages_read(parts: &[Part], best_report: Option<usize>, best_appendix: Option<usize>) -> u32 {
    let used: BTreeSet<usize> = best_report.into_iter().chain(best_appendix).collect();
    if used.is_empty() {
        return parts.iter().map(|p| p.pages).sum();
    }
    used.into_iter().map(|i| parts[i].pages).sum()
}

/// The index of the best part satisfying `holds`.
fn best_index(parts: &[Part], holds: impl Fn(&Part) -> bool) -> Option<usize> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| holds(p))
        .max_by_key(|(i, p)| (quality(p), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// Numbers the report names with a clean reference, and their titles.
fn clean_titles(r: &Report) -> BTreeMap<ProposalId, String> {
    let mut titles: BTreeMap<ProposalId, String> = BTreeMap::new();
    for o in &r.observations {
        if let Some(id) = o.mention.id {
            if !o.section.is_appendix() && !o.title.is_empty() {
                titles.entry(id).or_insert_with(|| o.title.clone());
            }
        }
    }
    titles
}

/// The one proposal a piece of evidence points to, if it points to exactly one.
fn the_only(ids: &BTreeSet<ProposalId>) -> Option<ProposalId> {
    let mut it = ids.iter();
    match (it.next(), it.next()) {
        (Some(id), None) => Some(*id),
        _ => None,
    }
}

/// Repairs unread references and destroyed appendix titles from the report's own evidence.
fn repair_within_report(r: &mut Report) {
    let titles = clean_titles(r);
    let appendix_titles: BTreeMap<ProposalId, String> = r
        .observations
        .iter()
        .filter(|o| o.section.is_appendix() && !o.title.is_empty())
        .filter_map(|o| o.mention.id.map(|id| (id, o.title.clone())))
        .collect();
    let mut repairs: Vec<(u32, u32, String, ProposalId, String, bool)> = Vec::new(); // page, line, raw, id, why, appendix
    for o in r.observations.iter().filter(|o| o.mention.id.is_none()) {
        let by_title: BTreeSet<ProposalId> = titles
            .iter()
            .chain(appendix_titles.iter())
            .filter(|(_, t)| !o.title.is_empty() && similarity(t, &o.title) >= 0.9)
            .map(|(id, _)| *id)
            .collect();
        if let Some(id) = the_only(&by_title) {
            repairs.push((
                o.page,
                o.line,
                o.mention.raw.clone(),
                id,
                format!("its title matches {}", id),
                o.section.is_appendix(),
            ));
            continue;
        }
        // dates: an appendix delivery date equal to the report's returned date for one proposal
        let mine: Vec<&Assessment> = r
            .assessments
            .iter()
            .filter(|a| a.mention.id.is_none() && a.page == o.page && a.line == o.line)
            .collect();
        let mut by_dates: BTreeSet<ProposalId> = BTreeSet::new();
        for a in &mine {
            for b in r
                .assessments
                .iter()
                .filter(|b| b.source == AssessmentSource::Report && b.kind == a.kind)
            {
                let same_delivered = a.delivered.is_some() && a.delivered == b.delivered;
                let same_requested = a.requested.is_some() && a.requested == b.requested;
                if let (true, Some(id)) = (same_delivered || same_requested, b.mention.id) {
                    by_dates.insert(id);
                }
            }
        }
        if let Some(id) = the_only(&by_dates) {
            repairs.push((
                o.page,
                o.line,
                o.mention.raw.clone(),
                id,
                format!("its dates match the report's {}", id),
                o.section.is_appendix(),
            ));
        } else {
            r.diagnostics.push(Diagnostic {
                source: r.source_of(o.section.is_appendix()),
                page: Some(o.page),
                line: Some(o.line),
                severity: Severity::Warning,
                code: "ref_unread".into(),
                message: "a reference could not be read and no title or dates in this report identify it; number left empty"
                    .into(),
                text: o.mention.raw.clone(),
            });
        }
    }
    for (page, line, raw, id, why, appendix) in repairs {
        apply_repair(r, (page, line), &raw, id, &why, appendix);
    }
    // appendix titles OCR destroyed: the report's clean title of the same proposal
    let source = r.source_of(true);
    let mut notes = Vec::new();
    for o in r
        .observations
        .iter_mut()
        .filter(|o| o.section.is_appendix())
    {
        let Some(clean) = o.mention.id.and_then(|id| titles.get(&id)) else {
            continue;
        };
        if o.title.is_empty() || similarity(clean, &o.title) >= 0.9 {
            continue;
        }
        let clean_words: BTreeSet<String> = fold(clean).split(' ').map(str::to_string).collect();
        let words: Vec<String> = fold(&o.title)
            .split(' ')
            .filter(|w| w.len() >= 4)
            .map(str::to_string)
            .collect();
        let shared = words.iter().filter(|w| clean_words.contains(*w)).count();
        let (folded, clean_folded) = (fold(&o.title), fold(clean));
        // the clean title inside a cell that caught neighbouring text, or a cell that lost its tail
        let truncated = folded.rsplit(' ').next().is_some_and(|w| {
            matches!(
                w,
                "to" | "and" | "of" | "for" | "the" | "in" | "on" | "with" | "a" | "by"
            )
        });
        let contains = folded.contains(&clean_folded)
            || truncated && clean_folded.starts_with(&folded) && folded.len() >= 12;
        // a cell OCR turned to garbage (`égs:lig&ggﬁ;;g%`) that still shares words with the clean title
        let damaged = o
            .title
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || " .,'\"()/&:-–—".contains(c)));
        let garbled = damaged && !words.is_empty() && shared * 10 >= words.len() * 3;
        if contains || garbled {
            notes.push(Diagnostic {
                source: source.clone(),
                page: Some(o.page),
                line: Some(o.line),
                severity: Severity::Repair,
                code: "title_repaired".into(),
                message: format!(
                    "appendix title unreadable; the report's title for {} is used",
                    o.mention.reference
                ),
                text: o.title.clone(),
            });
            o.title = clean.clone();
        }
    }
    r.diagnostics.extend(notes);
}

/// Gives the rows at `at` (page, line) whose reference was unread the
/// proposal `id`, with a `ref_repaired` diagnostic saying why.
fn apply_repair(
    r: &mut Report,
    at: (u32, u32),
    raw: &str,
    id: ProposalId,
    why: &str,
    appendix: bool,
) {
    let (page, line) = at;
    let mention = Mention {
        id: Some(id),
        reference: canonical_ref(&id, crate::model::Family::Mp),
        raw: raw.to_string(),
    };
    for o in r
        .observations
        .iter_mut()
        .filter(|o| o.mention.id.is_none() && o.page == page && o.line == line)
    {
        o.mention = mention.clone();
    }
    for a in r
        .assessments
        .iter_mut()
        .filter(|a| a.mention.id.is_none() && a.page == page && a.line == line)
    {
        a.mention = mention.clone();
    }
    r.diagnostics.push(Diagnostic {
        source: r.source_of(appendix),
        page: Some(page),
        line: Some(line),
        severity: Severity::Repair,
        code: "ref_repaired".into(),
        message: format!(
            "unreadable reference {raw:?} read as {} because {why}",
            mention.reference
        ),
        text: raw.to_string(),
    });
}

/// Repairs references no evidence in their own report could read, from
/// other months: the same title printed with a clean reference, or an
/// assessment of the same type with the same request date. The month's
/// `ref_unread` warning becomes a `ref_repaired` row naming the evidence.
pub fn repair_across_months(reports: &mut [Report]) {
    let mut titles: Vec<(String, ProposalId, String)> = Vec::new(); // month, id, title
                                                                    // month, id, type, requested, target
    type Request = (
        String,
        ProposalId,
        AssessmentType,
        NaiveDate,
        Option<NaiveDate>,
    );
    let mut requests: Vec<Request> = Vec::new();
    for r in reports.iter() {
        let month = month_of(r.date);
        for o in &r.observations {
            if let (Some(id), false) = (o.mention.id, o.title.is_empty()) {
                titles.push((month.clone(), id, o.title.clone()));
            }
        }
        for a in &r.assessments {
            if let (Some(id), Some(d)) = (a.mention.id, a.requested) {
                requests.push((month.clone(), id, a.kind, d, a.target));
            }
        }
    }
    for r in reports.iter_mut() {
        let month = month_of(r.date);
        let unread: Vec<(u32, u32, String, String, bool)> = r
            .observations
            .iter()
            .filter(|o| o.mention.id.is_none())
            .map(|o| {
                (
                    o.page,
                    o.line,
                    o.mention.raw.clone(),
                    o.title.clone(),
                    o.section.is_appendix(),
                )
            })
            .collect();
        for (page, line, raw, title, appendix) in unread {
            let by_title: BTreeSet<(ProposalId, &str)> = titles
                .iter()
                .filter(|(m, _, t)| {
                    *m != month && !title.is_empty() && similarity(t, &title) >= 0.9
                })
                .map(|(m, id, _)| (*id, m.as_str()))
                .collect();
            // the same type, request date and (where both give one) target date
            let mine: Vec<(AssessmentType, NaiveDate, Option<NaiveDate>)> = r
                .assessments
                .iter()
                .filter(|a| a.mention.id.is_none() && a.page == page && a.line == line)
                .filter_map(|a| a.requested.map(|d| (a.kind, d, a.target)))
                .collect();
            let same = |k: AssessmentType, d: NaiveDate, t: Option<NaiveDate>| {
                mine.iter().any(|(mk, md, mt)| {
                    *mk == k && *md == d && (mt.is_none() || t.is_none() || *mt == t)
                })
            };
            let by_dates: BTreeSet<(ProposalId, &str)> = requests
                .iter()
                .filter(|(m, _, k, d, t)| *m != month && same(*k, *d, *t))
                .map(|(m, id, ..)| (*id, m.as_str()))
                .collect();
            let ids = |ev: &BTreeSet<(ProposalId, &str)>| -> BTreeSet<ProposalId> {
                ev.iter().map(|(id, _)| *id).collect()
            };
            let (id, why) = match (the_only(&ids(&by_title)), the_only(&ids(&by_dates))) {
                (Some(a), Some(b)) if a != b => continue,
                (Some(id), _) => (
                    id,
                    format!(
                        "its title matches {id} in the {} report",
                        first_month(&by_title)
                    ),
                ),
                (None, Some(id)) => (
                    id,
                    format!(
                        "its request date matches {id}'s in the {} report",
                        first_month(&by_dates)
                    ),
                ),
                (None, None) => continue,
            };
            r.diagnostics.retain(|d| {
                !(d.code == "ref_unread" && d.page == Some(page) && d.line == Some(line))
            });
            apply_repair(r, (page, line), &raw, id, &why, appendix);
        }
    }
}

/// The earliest month among a piece of evidence's.
fn first_month(ev: &BTreeSet<(ProposalId, &str)>) -> String {
    ev.iter()
        .map(|(_, m)| *m)
        .min()
        .unwrap_or_default()
        .to_string()
}

/// Warns where the report's table and the appendix give an assessment different dates.
fn compare_report_and_appendix(r: &mut Report) {
    let source = r.source_of(true);
    let mut notes = Vec::new();
    for a in r
        .assessments
        .iter()
        .filter(|a| a.source == AssessmentSource::Report)
    {
        for b in r.assessments.iter().filter(|b| {
            b.source == AssessmentSource::Appendix
                && b.mention.id == a.mention.id
                && b.kind == a.kind
        }) {
            for (what, x, y) in [
                ("accepted", a.requested, b.requested),
                ("delivered", a.delivered, b.delivered),
            ] {
                if let (Some(x), Some(y)) = (x, y) {
                    if x != y {
                        notes.push(Diagnostic {
                            source: source.clone(),
                            page: Some(b.page),
                            line: Some(b.line),
                            severity: Severity::Warning,
                            code: "dates_disagree".into(),
                            message: format!(
                                "{} {} {what} date: the report says {x}, the appendix says {y}; both rows kept",
                                a.mention.reference,
                                a.kind.as_str()
                            ),
                            text: String::new(),
                        });
                    }
                }
            }
        }
    }
    r.diagnostics.extend(notes);
}

/// One row per event inside a report; a restatement (Summary) loses to the fuller telling.
fn dedupe_events_within(r: &mut Report) {
    let mut best: BTreeMap<(String, &'static str, Option<NaiveDate>), Event> = BTreeMap::new();
    let mut order: Vec<(String, &'static str, Option<NaiveDate>)> = Vec::new();
    for e in r.events.drain(..) {
        let key = (e.mention.number_key(), e.kind.as_str(), e.date);
        match best.get(&key) {
            Some(old) if old.priority >= e.priority => {}
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

/// An event with the first report that told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEvent {
    /// The event.
    pub event: Event,
    /// The first report that told it.
    pub report: NaiveDate,
}

/// Events across reports: one row per (number, event, date, detail), with the first report.
pub fn ledger_events(reports: &[Report]) -> Vec<LedgerEvent> {
    let mut seen: BTreeSet<(String, &'static str, Option<NaiveDate>, String)> = BTreeSet::new();
    let mut out = Vec::new();
    for r in reports {
        for e in &r.events {
            let key = (
                e.mention.number_key(),
                e.kind.as_str(),
                e.date,
                fold(&e.detail),
            );
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

/// Observations that name a proposal with no reference read (for counting).
pub fn unread(obs: &[Observation]) -> usize {
    obs.iter().filter(|o| o.mention.id.is_none()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AssessmentType, Family, PartKinds};

    fn part(source: &str, kind: SourceKind, target: &str, target_wd: u32) -> Part {
        let id = ProposalId {
            number: 124,
            split: None,
        };
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        Part {
            source: source.into(),
            kind,
            pages: 3,
            cover_date: date("2021-06-04"),
            appendix_date: None,
            file_date: None,
            holds: PartKinds {
                report: true,
                appendix: true,
            },
            observations: Vec::new(),
            assessments: vec![Assessment {
                mention: Mention {
                    id: Some(id),
                    reference: canonical_ref(&id, Family::Mp),
                    raw: "0124".into(),
                },
                kind: AssessmentType::Ia,
                source: AssessmentSource::Appendix,
                status: "ia in progress".into(),
                requested: date("2021-02-22"),
                target: date(target),
                delivered: None,
                target_wd: Some(target_wd),
                elapsed_wd: None,
                note: String::new(),
                page: 9,
                line: 12,
            }],
            events: Vec::new(),
            timescales: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn two_readings_of_one_part_are_one_report_and_their_disagreements_are_warnings() {
        let mut orphans = Vec::new();
        let reports = build_reports(
            vec![
                part("june_ocr.txt", SourceKind::Text, "2021-06-27", 40),
                part("june.pdf", SourceKind::Pdf, "2021-06-21", 40),
            ],
            &mut orphans,
        );
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(r.sources, ["june.pdf", "june_ocr.txt"]);
        assert_eq!(r.pages, 3, "a second reading adds no pages");
        assert_eq!(r.assessments.len(), 1, "rows are not doubled");
        assert_eq!(
            r.assessments[0].target,
            NaiveDate::from_ymd_opt(2021, 6, 21),
            "the PDF's reading wins"
        );
        let codes: Vec<(&str, &str, Option<u32>)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.source.as_str(), d.line))
            .collect();
        assert_eq!(
            codes,
            [
                ("same_part_twice", "june_ocr.txt", None),
                ("readings_disagree", "june_ocr.txt", Some(12))
            ]
        );
        let msg = &r.diagnostics[1].message;
        assert!(
            msg.contains("june.pdf reads 2021-06-21")
                && msg.contains("june_ocr.txt reads 2021-06-27"),
            "{msg}"
        );
    }
}
