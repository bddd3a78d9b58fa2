//! One proposal's whole story: titles, stages and statuses by month, its
//! DCC assessments, its events and the diagnostics that name it.
//!
//! In: a [`Proposal`], its [`Series`], the diagnostics that name one of
//! its references. Out: a `<section class="story">` whose id is the
//! proposal's anchor (`#MP124` opens it, with or without scripts: CSS
//! shows the targeted story, the script marks it `open`), its strip and
//! assessment charts first, then its tables.

use super::assessments::{self, figure};
use super::derive::{Axis, Proposal, Series};
use super::pictures::Pictures;
use super::timeline::stage_name;
use crate::ledger::schema::{DiagnosticRecord, HistoryRecord};
use maud::{html, Markup};
use std::collections::HashMap;

/// What stays the same over a run of a proposal's months.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MonthState {
    reference: String,
    title: String,
    stage: &'static str,
    status: String,
    dcc: String,
}

impl MonthState {
    fn of(r: &HistoryRecord) -> MonthState {
        let mut dcc = r.dcc_status.clone();
        if let Some(d) = r.dcc_date {
            dcc.push_str(&format!(" ({d})"));
        }
        MonthState {
            reference: r.reference.map(|x| x.to_string()).unwrap_or_default(),
            title: r.title.clone(),
            stage: stage_name(r.stage),
            status: r.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            dcc,
        }
    }
}

/// Runs of consecutive named months in one state: `(first, last, state)`;
/// a month not named breaks a run.
fn month_runs(p: &Proposal<'_>, axis: &Axis) -> Vec<(String, String, MonthState)> {
    let mut out: Vec<(usize, String, String, MonthState)> = Vec::new();
    for r in &p.rows {
        let (Some(m), Some(i)) = (r.month, r.month.and_then(|m| axis.index(m))) else {
            continue;
        };
        let state = MonthState::of(r);
        match out.last_mut() {
            Some((last_i, _, last, s)) if *s == state && *last_i + 1 == i => {
                *last_i = i;
                *last = m.to_string();
            }
            _ => out.push((i, m.to_string(), m.to_string(), state)),
        }
    }
    out.into_iter().map(|(_, a, b, s)| (a, b, s)).collect()
}

/// The facts line: number, references, who raised it, where it is now.
fn facts(p: &Proposal<'_>) -> Markup {
    let refs = p.references();
    let reg = p.register;
    html! {
        p .facts {
            "Number " (p.id.key()) " · references " (refs.join(" → "))
            @if let Some(r) = reg.filter(|r| !r.proposer.is_empty()) { " · raised by " (r.proposer) }
            @if let Some(d) = reg.and_then(|r| r.raised) { " on " (d) }
            " · now " strong { (stage_name(p.stage)) } " since " (p.since) " (" (p.months_in_stage) " month(s))"
            @if let (Some(a), Some(b)) = (p.rows.first().and_then(|r| r.month), p.last()) { " · named " (a) " to " (b) }
            @if let Some(r) = reg.filter(|r| !r.release.is_empty()) { " · release: " (r.release) }
            @if let Some(d) = reg.and_then(|r| r.implemented) { " · implemented " (d) }
        }
    }
}

/// The month-by-month table; a reference or title is written where it
/// changes (an empty cell: as above).
fn months_table(p: &Proposal<'_>, axis: &Axis) -> Markup {
    let runs = month_runs(p, axis);
    html! {
        table {
            thead { tr { th scope="col" { "Months" } th scope="col" { "Reference" } th scope="col" { "Title" } th scope="col" { "Stage" } th scope="col" { "Status" } th scope="col" { "DCC status" } } }
            tbody { @for (i, (a, b, s)) in runs.iter().enumerate() {
                @let before = i.checked_sub(1).map(|j| &runs[j].2);
                tr {
                    th scope="row" { (a) @if a != b { " to " (b) } }
                    td { @if before.map_or(true, |x| x.reference != s.reference) { (s.reference) } }
                    td { @if before.map_or(true, |x| x.title != s.title) { (s.title) } }
                    td { (s.stage) } td { (s.status) } td { (s.dcc) }
                }
            } }
        }
    }
}

/// The events table.
fn events_table(p: &Proposal<'_>) -> Markup {
    html! {
        table {
            thead { tr { th scope="col" { "Date" } th scope="col" { "Event" } th scope="col" { "Detail" } th scope="col" { "First told" } } }
            tbody { @for e in &p.events { tr {
                th scope="row" { (e.date.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())) }
                td { (e.event.map(|k| k.as_str().replace('_', " ")).unwrap_or_default()) }
                td { (e.detail) }
                td { (e.report.map(|d| d.to_string()).unwrap_or_default()) }
            } } }
        }
    }
}

/// One proposal's story.
pub fn story(
    p: &Proposal<'_>,
    axis: &Axis,
    series: &[&Series],
    diagnostics: &[&DiagnosticRecord],
    pics: &Pictures,
) -> Markup {
    html! {
        section .story #(p.anchor) aria-label={(p.anchor) " — " (p.title)} {
            @for a in &p.aliases { span .alias id=(a) {} }
            noscript { (story_body(p, axis, series, diagnostics, pics)) }
        }
    }
}

/// A story's content. It sits in a `<noscript>`: with scripts off it is
/// part of the page; with scripts on the browser keeps it as text, and the
/// script makes it into the page when the story is opened, so four hundred
/// stories cost a page's load no more than their bytes.
fn story_body(
    p: &Proposal<'_>,
    axis: &Axis,
    series: &[&Series],
    diagnostics: &[&DiagnosticRecord],
    pics: &Pictures,
) -> Markup {
    let anchor = |_: &Series| p.anchor.clone();
    html! {
            h3 #{"h-" (p.anchor)} tabindex="-1" { (p.anchor) " — " (p.title) }
            (facts(p))
            div .scroll { (pics.axis().unwrap_or_default()) (pics.strip_labelled(p.id, format!("{}'s stages month by month, as the table below says", p.anchor)).unwrap_or_default()) }
            @if !series.is_empty() {
                div .mta-grid { @for s in series { @if let Some(svg) = pics.chart(s.id, s.kind) { (figure(s, svg, &p.anchor)) } } }
            }
            h4 { "Month by month" }
            div .scroll { (months_table(p, axis)) }
            @if p.titles.len() > 1 {
                h4 { "Titles" }
                ul { @for (m, t) in &p.titles { li { (m) ": " (t) } } }
            }
            h4 { "DCC assessments" }
            @if series.is_empty() { p { "None reported." } } @else { div .scroll { (assessments::table(series, &anchor)) } }
            h4 { "Events" }
            @if p.events.is_empty() { p { "None told." } } @else { (events_table(p)) }
            h4 { "Diagnostics naming it" }
            @if diagnostics.is_empty() { p { "None." } } @else { ul { @for d in diagnostics { li {
                (d.report.map(|x| x.to_string()).unwrap_or_default()) ", " (d.code.map(|c| c.as_str()).unwrap_or("")) ": " (d.message)
            } } } }
            p { a href="#timeline" { "Back to the timeline" } }
    }
}

/// The diagnostics that name one of `refs` (a whole word of their message or text).
pub fn naming<'a>(ds: &'a [DiagnosticRecord], refs: &[String]) -> Vec<&'a DiagnosticRecord> {
    naming_each(ds, std::slice::from_ref(&refs.to_vec()))
        .pop()
        .unwrap_or_default()
}

/// For each proposal's references in `refs_of`, [`naming`]: the diagnostics
/// that name one of them, in their order. Each diagnostic's words are read
/// once and looked up among every proposal's references, so the cost is
/// that of the diagnostics, not diagnostics times proposals.
pub fn naming_each<'a>(
    ds: &'a [DiagnosticRecord],
    refs_of: &[Vec<String>],
) -> Vec<Vec<&'a DiagnosticRecord>> {
    let mut proposals_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, refs) in refs_of.iter().enumerate() {
        for r in refs {
            let named = proposals_of.entry(r.as_str()).or_default();
            if !named.contains(&i) {
                named.push(i);
            }
        }
    }
    let mut named: Vec<Vec<&DiagnosticRecord>> = vec![Vec::new(); refs_of.len()];
    for d in ds {
        let words = d
            .message
            .split(|c: char| !c.is_ascii_alphanumeric())
            .chain(d.text.split(|c: char| !c.is_ascii_alphanumeric()));
        for i in words.filter_map(|w| proposals_of.get(w)).flatten() {
            let list = &mut named[*i];
            if !list.last().is_some_and(|last| std::ptr::eq(*last, d)) {
                list.push(d);
            }
        }
    }
    named
}

/// The proposals view: a hint, then every story (each shown when chosen).
pub fn view(stories: Markup) -> Markup {
    html! {
        section #proposals .view aria-labelledby="h-proposals" {
            h2 #h-proposals { "One proposal" }
            p .hint { "Choose a proposal in the timeline, or put its reference after " code { "#" } " in the address (" code { "index.html#MP124" } ")." }
            (stories)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Month, Status};
    use crate::report::derive::proposals;
    use crate::report::PageInput;

    fn row(month: &str, r: &str, status: &str) -> HistoryRecord {
        let r: crate::model::Reference = r.parse().unwrap();
        HistoryRecord {
            month: month.parse::<Month>().ok(),
            number: Some(r.id),
            reference: Some(r),
            title: "Installer Checks".into(),
            stage: "refine".parse().ok(),
            status: Status::parse(status),
            ..HistoryRecord::default()
        }
    }

    #[test]
    fn a_story_joins_months_in_one_state_and_lists_what_names_it() {
        let input = PageInput {
            history: vec![
                row("2021-04", "DP133", "working group"),
                row("2021-05", "MP133", "working group"),
                row("2021-06", "MP133", "working group"),
                row("2021-08", "MP133", "working group"),
            ],
            diagnostics: vec![
                DiagnosticRecord {
                    message: "reference \"DPO133\" read as DP133".into(),
                    text: "DPO133".into(),
                    code: Some(Code::RefRepaired),
                    ..DiagnosticRecord::default()
                },
                DiagnosticRecord {
                    message: "reference \"DP1330\" read as DP1330".into(),
                    ..DiagnosticRecord::default()
                },
            ],
            ..PageInput::default()
        };
        let axis = Axis::of(&input);
        let ps = proposals(&input, &axis);
        let runs: Vec<(String, String)> = month_runs(&ps[0], &axis)
            .into_iter()
            .map(|(a, b, _)| (a, b))
            .collect();
        let want = [
            ("2021-04", "2021-04"),
            ("2021-05", "2021-06"),
            ("2021-08", "2021-08"),
        ];
        assert_eq!(runs, want.map(|(a, b)| (a.to_string(), b.to_string())));
        let refs = ps[0].references();
        assert_eq!(naming(&input.diagnostics, &refs).len(), 1);
        let pics = Pictures::draw(&ps, &[], &axis);
        let html = story(
            &ps[0],
            &axis,
            &[],
            &naming(&input.diagnostics, &refs),
            &pics,
        )
        .into_string();
        assert!(html.starts_with("<section class=\"story\" id=\"MP133\" aria-label=\"MP133 — Installer Checks\"><span class=\"alias\" id=\"DP133\"></span><noscript><h3"), "{html}");
        assert!(html.contains("references DP133 → MP133"));
        assert!(html.contains("ref_repaired"));
    }

    proptest::proptest! {
        /// Reading each diagnostic once finds, for every proposal, what
        /// scanning every diagnostic for that proposal's references finds.
        #[test]
        fn naming_each_finds_what_a_scan_per_proposal_finds(
            texts in proptest::collection::vec(("(MP1|DP1|MP2|x| |,|\\(){0,6}", "(MP1|MP2|2| ){0,3}"), 0..12),
            refs_of in proptest::collection::vec(proptest::collection::vec("(MP1|DP1|MP2|2|x)", 0..3), 0..4),
        ) {
            let ds: Vec<DiagnosticRecord> = texts
                .into_iter()
                .map(|(message, text)| DiagnosticRecord { message, text, ..DiagnosticRecord::default() })
                .collect();
            let scan = |refs: &[String]| -> Vec<&DiagnosticRecord> {
                ds.iter()
                    .filter(|d| {
                        d.message
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .chain(d.text.split(|c: char| !c.is_ascii_alphanumeric()))
                            .any(|w| refs.iter().any(|r| r == w))
                    })
                    .collect()
            };
            let each = naming_each(&ds, &refs_of);
            proptest::prop_assert_eq!(each.len(), refs_of.len());
            for (refs, got) in refs_of.iter().zip(&each) {
                let want = scan(refs);
                proptest::prop_assert!(
                    got.len() == want.len() && got.iter().zip(&want).all(|(a, b)| std::ptr::eq(*a, *b)),
                    "{:?}: {:?} against {:?}", refs, got, want
                );
            }
        }
    }
}
