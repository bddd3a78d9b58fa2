//! Checks inside one report: the report's and the appendix's dates for one
//! assessment, and events told twice; and across the archive, titles that
//! only one place gives and that look like OCR garbage.
//!
//! In: merged [`Report`]s. Out: a `dates_disagree` warning per date the
//! report's table and the appendix give differently (both rows kept), one
//! event per (number, kind, date), the fuller telling kept, a
//! `title_looks_garbled` warning per junk title no other place corrects,
//! and a `table_thinner_than_neighbours` warning per appendix delivery
//! table far shorter than the months around it.

use crate::model::{
    AssessmentSource, Code, Diagnostic, Event, EventKind, List, Observation, ProposalId, Report,
    ReportPart,
};
use crate::normalise::shape::{garbled_title, title_words};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Warns where the report's table and the appendix give an assessment different dates.
pub fn compare_report_and_appendix(r: &mut Report) {
    let source = r.source_of(ReportPart::Appendix);
    let mut notes = Vec::new();
    let in_report = r
        .assessments
        .iter()
        .filter(|a| a.source == AssessmentSource::Report);
    for a in in_report {
        let in_appendix = r.assessments.iter().filter(|b| {
            b.source == AssessmentSource::Appendix
                && b.mention.id() == a.mention.id()
                && b.kind == a.kind
        });
        for b in in_appendix {
            for (what, x, y) in [
                ("accepted", a.requested, b.requested),
                ("delivered", a.delivered, b.delivered),
            ] {
                let (Some(x), Some(y)) = (x, y) else { continue };
                if x == y {
                    continue;
                }
                let message = format!(
                    "{} {} {what} date: the report says {x}, the appendix says {y}; both rows kept",
                    a.mention.ref_text(),
                    a.kind
                );
                notes.push(
                    Diagnostic::new(Code::DatesDisagree, &source, message).at(b.page, b.line),
                );
            }
        }
    }
    r.diagnostics.extend(notes);
}

/// What makes two tellings of an event inside one report the same event.
type EventKey = (String, EventKind, Option<NaiveDate>);

/// One row per event inside a report; a restatement (Summary) loses to the fuller telling.
pub fn dedupe_events_within(r: &mut Report) {
    let mut best: BTreeMap<EventKey, Event> = BTreeMap::new();
    let mut order: Vec<EventKey> = Vec::new();
    for e in r.events.drain(..) {
        let key = (e.mention.number_key(), e.kind, e.date);
        match best.get(&key) {
            Some(old) if old.telling >= e.telling => {}
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

/// Whose title a place gives: a proposal, or (reference unread) the place itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Titled {
    Proposal(ProposalId),
    Place(usize, usize),
}

/// Every titled place of the archive, by report, in document order:
/// (whose, report index, the place). Walked twice rather than collected:
/// a long archive has most of a million places.
fn titled_places(reports: &[Report]) -> impl Iterator<Item = (Titled, usize, &Observation)> {
    reports.iter().enumerate().flat_map(|(ri, r)| {
        r.observations
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.title.is_empty())
            .map(move |(oi, o)| {
                let whose = o
                    .mention
                    .id()
                    .map_or(Titled::Place(ri, oi), Titled::Proposal);
                (whose, ri, o)
            })
    })
}

/// Warns of each title read from a single place (no other place names that
/// proposal with a title) that looks like OCR garbage, judged against the
/// words the archive's other titles use.
pub fn warn_garbled_titles(reports: &mut [Report]) {
    let mut count: BTreeMap<Titled, usize> = BTreeMap::new();
    // each word, and how many proposals' titles use it
    let mut users: BTreeMap<String, BTreeSet<Titled>> = BTreeMap::new();
    for (whose, _, o) in titled_places(reports) {
        *count.entry(whose).or_default() += 1;
        for w in title_words(&o.title) {
            users.entry(w).or_default().insert(whose);
        }
    }
    let mut notes = Vec::new();
    for (whose, ri, o) in titled_places(reports).filter(|p| count.get(&p.0) == Some(&1)) {
        let in_dictionary = |w: &str| users.get(w).is_some_and(|u| u.iter().any(|x| *x != whose));
        let Some(why) = garbled_title(&o.title, in_dictionary) else {
            continue;
        };
        let what = match o.mention.ref_text() {
            r if r.is_empty() => format!("the title of the unread reference {:?}", o.mention.raw),
            r => format!("the title of {r}"),
        };
        let message = format!(
            "{what}, read in this one place only, looks like OCR garbage ({why}); check it against the page"
        );
        let source = reports[ri].source_of(ReportPart::of(o.section));
        let d = Diagnostic::new(Code::TitleLooksGarbled, source, message)
            .at(o.page, o.line)
            .quoting(&o.title);
        notes.push((ri, d));
    }
    for (ri, d) in notes {
        reports[ri].diagnostics.push(d);
    }
}

/// A delivery table giving fewer rows than this share of both the months
/// around it lost rows in reading: the delivery tables of the generated
/// corpus's PDFs change by at most a sixth from month to month (17 to 21),
/// the fixtures' by at most from 8 to 5, while the OCR text of December
/// 2019 gives 1 row of the PDF's 18. Both neighbours must be fuller, so a
/// real fall (18, 8, 8) is no warning.
pub const THIN_TABLE_SHARE: f64 = 0.5;

/// Warns of each report whose appendix delivery table gave under
/// [`THIN_TABLE_SHARE`] of the rows of both the nearest months before and
/// after it that gave any (a month without the table is no neighbour).
pub fn warn_thin_delivery_tables(reports: &mut [Report]) {
    let rows = |r: &Report| {
        r.observations
            .iter()
            .filter(|o| o.list == List::DeliveryDates)
            .count()
    };
    let counts: Vec<usize> = reports.iter().map(rows).collect();
    for (i, before, after) in thin_months(&counts) {
        let r = &mut reports[i];
        let first = r
            .observations
            .iter()
            .find(|o| o.list == List::DeliveryDates);
        let (page, line) = first.map_or((1, 1), |o| (o.page, o.line));
        let message = format!(
            "the appendix's delivery table gave {} row(s), where the months before and after give {before} and {after}: rows were probably lost in reading",
            counts[i]
        );
        let source = r.source_of(ReportPart::Appendix);
        let d = Diagnostic::new(Code::TableThinnerThanNeighbours, source, message).at(page, line);
        r.diagnostics.push(d);
    }
}

/// The months (index, rows before, rows after) whose count of rows is under
/// [`THIN_TABLE_SHARE`] of both nearest months with any rows.
fn thin_months(counts: &[usize]) -> Vec<(usize, usize, usize)> {
    let counted: Vec<(usize, usize)> = counts
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .collect();
    counted
        .windows(3)
        .filter(|w| (w[1].1 as f64) < THIN_TABLE_SHARE * w[0].1.min(w[2].1) as f64)
        .map(|w| (w[1].0, w[0].1, w[2].1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thin_months_are_under_half_of_both_neighbours() {
        for (counts, want) in [
            // the OCR text of the generated corpus: December lost its table
            (&[17, 1, 12, 13, 13, 21][..], &[(1, 17, 12)][..]),
            // its PDFs, and the fixtures
            (&[17, 18, 18, 17, 18, 21], &[]),
            (&[3, 8, 5, 4, 4, 3, 3], &[]),
            // a real fall that stays is no loss; a month without the table is no neighbour
            (&[18, 8, 8], &[]),
            (&[18, 0, 2, 0, 12], &[(2, 18, 12)]),
            // exactly half is not under half; first and last months have one side only
            (&[4, 2, 4], &[]),
            (&[1, 18, 18, 1], &[]),
            (&[], &[]),
        ] {
            assert_eq!(thin_months(counts), want, "{counts:?}");
        }
    }
}
