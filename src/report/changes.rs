//! Month against month: for each consecutive pair of reported months, what
//! `modledger diff` finds, newest first.
//!
//! In: the ledger's history and assessments as [`crate::diff`] reads them
//! ([`LedgerTables`]) and its months. Out: the changes view: a picture of
//! how much changed each month (new, gone, stage moves, slipped dates), a
//! table of the same counts, then each pair's changes grouped as a person
//! tells them (the newest pair open, older ones collapsed).

use super::svg::{Anchor, Shape, Svg};
use super::ui;
use crate::diff::people::{group_for_people, ChangeLine, Group};
use crate::diff::{diff, summarise, LedgerTables, Summary};
use crate::model::{Change, Month};
use maud::{html, Markup};
use std::collections::BTreeMap;

/// One pair of consecutive reported months and what changed between them.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The earlier month.
    pub from: Month,
    /// The later month.
    pub to: Month,
    /// `diff`'s changes, sorted by number then field.
    pub changes: Vec<Change>,
    /// `diff`'s counts.
    pub summary: Summary,
}

/// Every consecutive pair of the history's months, newest first.
pub fn pairs(tables: &LedgerTables) -> Vec<Pair> {
    let months = tables.months();
    let mut out: Vec<Pair> = months
        .windows(2)
        .map(|w| {
            let changes = diff(tables, w[0], w[1]);
            Pair {
                from: w[0],
                to: w[1],
                summary: summarise(w[0], w[1], &changes),
                changes,
            }
        })
        .collect();
    out.reverse();
    out
}

/// Text with `code` spans (as `diff --format markdown` writes field names) as markup.
fn with_code(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// The counts the picture shows for a pair, in its rows' order.
fn counts(s: &Summary) -> [(&'static str, usize); 4] {
    [
        ("new", s.added),
        ("gone", s.removed),
        ("stage moves", s.stage_moves),
        ("slipped dates", s.slipped + s.brought_forward),
    ]
}

/// The width the bars aim to fill (a laptop screen).
const BARS_WIDTH: f32 = 720.0;
/// The narrowest and widest column of one pair.
const COLUMN_RANGE: (f32, f32) = (5.0, 24.0);
/// The height of one count's row.
const BAND: f32 = 26.0;
/// Room for the row names.
const LABELS: f32 = 140.0;

/// The width of one pair's column for `pairs` pairs.
fn column(pairs: usize) -> f32 {
    (BARS_WIDTH / pairs.max(1) as f32)
        .floor()
        .clamp(COLUMN_RANGE.0, COLUMN_RANGE.1)
}

/// The picture: one row per count, one bar per pair (oldest left), each
/// bar's height its count against the row's largest.
pub fn activity(pairs: &[Pair]) -> Svg {
    let oldest_first: Vec<&Pair> = pairs.iter().rev().collect();
    let col = column(pairs.len());
    let mut shapes = Vec::new();
    for (row, name) in ["new", "gone", "stage moves", "slipped dates"]
        .iter()
        .enumerate()
    {
        let top = row as f32 * BAND;
        let value = |p: &Pair| counts(&p.summary)[row].1;
        let max = oldest_first
            .iter()
            .map(|p| value(p))
            .max()
            .unwrap_or(0)
            .max(1);
        shapes.push(Shape::Text {
            x: LABELS - 6.0,
            y: top + BAND - 8.0,
            text: format!("{name} (max {max})"),
            anchor: Anchor::End,
        });
        shapes.push(Shape::Polyline {
            points: vec![
                (LABELS, top + BAND - 4.0),
                (LABELS + oldest_first.len() as f32 * col, top + BAND - 4.0),
            ],
            stroke: ui::RULE,
            width: 1.0,
            dashed: false,
        });
        for (i, p) in oldest_first.iter().enumerate() {
            let n = value(p);
            let h = n as f32 / max as f32 * (BAND - 8.0);
            shapes.push(Shape::Rect {
                x: LABELS + i as f32 * col + 1.0,
                y: top + BAND - 4.0 - h,
                w: col - 2.0,
                h,
                fill: ui::INK,
                stroke: None,
                label: Some(format!("{} to {}: {n} {name}", p.from, p.to)),
            });
        }
    }
    Svg {
        width: LABELS + oldest_first.len().max(1) as f32 * col,
        height: 4.0 * BAND,
        label: "Changes each month: new, gone, stage moves and slipped dates, one bar per month, oldest left".into(),
        class: "activity",
        shapes,
    }
}

/// The counts as a table, newest first.
fn counts_table(pairs: &[Pair]) -> Markup {
    html! {
        table .counts {
            thead { tr {
                th scope="col" { "Months" }
                @for (name, _) in counts(&Summary::default()) { th scope="col" .num { (name) } }
                th scope="col" .num { "changed values" }
            } }
            tbody { @for p in pairs { tr {
                th scope="row" { a href={"#pair-" (p.to)} { (p.from) " → " (p.to) } }
                @for (_, n) in counts(&p.summary) { td .num { (n) } }
                td .num { (p.summary.changed) }
            } } }
        }
    }
}

/// The other changes (not new, gone, stage moves or slipped dates) counted
/// by kind, in words (`12 increased, 3 changed`).
fn others_counted(changes: &[Change]) -> String {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes.iter().filter(|c| Group::of(c.kind) == Group::Other) {
        *by.entry(c.kind.as_str()).or_default() += 1;
    }
    by.into_iter()
        .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One group's lines; the newest pair's carry the proposal's title.
fn group_table(lines: &[ChangeLine], titled: bool, anchor: &dyn Fn(&str) -> String) -> Markup {
    html! {
        table .changes { tbody { @for l in lines { tr {
            th scope="row" { a href={"#" (anchor(&l.number))} { (l.reference) } }
            @if titled { td .title { (l.title) } }
            td { (with_code(&l.what)) }
        } } } }
    }
}

/// One pair's changes, grouped as `diff --format markdown` groups them.
/// The newest pair (`full`) lists every change with titles; an older one
/// lists new, gone, stage moves and slipped dates, and counts the other
/// changes by kind (`modledger diff` lists them), so ten years of months
/// stay a page of a few megabytes.
fn pair_changes(p: &Pair, full: bool, anchor: &dyn Fn(&str) -> String) -> Markup {
    html! {
        @if p.changes.is_empty() { p { "Nothing changed." } }
        @for (g, lines) in group_for_people(&p.changes) {
            h4 { (g.heading()) " (" (lines.len()) ")" }
            @if full || g != Group::Other { (group_table(&lines, full, anchor)) }
            @else { p { "Values: " (others_counted(&p.changes)) "; " code { "modledger diff --ledger DIR " (p.from) " " (p.to) } " lists them." } }
        }
    }
}

/// One pair, its summary as the line that opens it. The newest is open;
/// an older one's changes sit in a `<noscript>` (with scripts on, the
/// script makes them part of the page when the pair is opened), so a
/// decade of months costs a page's load little more than their bytes.
fn pair_details(p: &Pair, full: bool, anchor: &dyn Fn(&str) -> String) -> Markup {
    html! {
        details .pair #{"pair-" (p.to)} open[full] {
            summary { (p.summary.to_string()) }
            @if full { (pair_changes(p, full, anchor)) } @else { noscript { (pair_changes(p, full, anchor)) } }
        }
    }
}

/// The changes view; `anchor` turns a number into its story's anchor.
pub fn view(pairs: Result<Vec<Pair>, String>, anchor: &dyn Fn(&str) -> String) -> Markup {
    html! {
        section #changes .view aria-labelledby="h-changes" {
            h2 #h-changes { "This month against last" }
            p { "What " code { "modledger diff" } " finds between each month and the one before it (the earlier month is “before”), newest first." }
            @match &pairs {
                Err(e) => { p .error { "The changes could not be worked out: " (e) } }
                Ok(ps) if ps.is_empty() => { p { "The ledger has one month or none: nothing to compare." } }
                Ok(ps) => {
                    div .scroll { (activity(ps).render()) }
                    details .as-text { summary { "The counts as a table" } (counts_table(ps)) }
                    @for (i, p) in ps.iter().enumerate() { (pair_details(p, i == 0, anchor)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const HISTORY: &str = "month,number,ref,title,stage,status,dcc_status,dcc_date
2021-04,124,MP124,Pairing,refine,,,
2021-04,7,SECMP0007,Firmware,refine,,,
2021-05,124,MP124,Pairing,opine,,,
2021-06,124,MP124,Pairing,opine,,,
2021-06,130,DP130,New one,define,,,
";
    const ASSESSMENTS: &str =
        "report,number,ref,type,source,status,requested,target,delivered,target_wd,elapsed_wd,note
2021-05-06,124,MP124,IA,appendix,,2021-02-22,2021-04-19,,,,
2021-06-04,124,MP124,IA,appendix,,2021-02-22,2021-06-21,,,,
";

    fn tables() -> LedgerTables {
        LedgerTables::from_csv(
            HISTORY.as_bytes(),
            Path::new("h"),
            ASSESSMENTS.as_bytes(),
            Path::new("a"),
        )
        .unwrap()
    }

    #[test]
    fn pairs_are_diffs_of_consecutive_months_newest_first() {
        let ps = pairs(&tables());
        let names: Vec<String> = ps.iter().map(|p| format!("{}>{}", p.from, p.to)).collect();
        assert_eq!(names, ["2021-05>2021-06", "2021-04>2021-05"]);
        let newest: Vec<(Group, Vec<String>)> = group_for_people(&ps[0].changes)
            .into_iter()
            .map(|(g, ls)| (g, ls.into_iter().map(|l| l.reference).collect()))
            .collect();
        assert_eq!(
            newest,
            [
                (Group::New, vec!["DP130".to_string()]),
                (Group::SlippedDates, vec!["MP124".to_string()]),
            ]
        );
        let html = pair_details(&ps[0], true, &|n| format!("P{n}")).into_string();
        assert!(html.contains("<a href=\"#P124\">MP124</a>"), "{html}");
        assert!(html.contains("<code>IA.appendix.target</code>"), "{html}");
        let older = pair_details(&ps[1], false, &|n| format!("P{n}")).into_string();
        assert!(older.contains("<noscript><h4>Gone (1)</h4>"), "{older}");
        assert!(older.contains("Values: 2 first reported; <code>modledger diff --ledger DIR 2021-04 2021-05</code>"), "{older}");
        assert_eq!((ps[1].summary.removed, ps[1].summary.stage_moves), (1, 1));
    }

    #[test]
    fn the_picture_has_a_bar_per_pair_and_count_scaled_to_its_row() {
        let ps = pairs(&tables());
        let svg = activity(&ps);
        let bars: Vec<(f32, f32, String)> = svg
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { x, h, label, .. } => {
                    Some((*x, *h, label.clone().unwrap_or_default()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 8);
        // row "new": the older pair (left) has none, the newer one the row's maximum
        assert_eq!(
            bars[0],
            (LABELS + 1.0, 0.0, "2021-04 to 2021-05: 0 new".into())
        );
        assert_eq!(
            bars[1],
            (
                LABELS + COLUMN_RANGE.1 + 1.0,
                BAND - 8.0,
                "2021-05 to 2021-06: 1 new".into()
            )
        );
        assert_eq!(svg.width, LABELS + 2.0 * COLUMN_RANGE.1);
        assert_eq!(column(118), 6.0);
        assert_eq!(column(1000), COLUMN_RANGE.0);
    }
}
