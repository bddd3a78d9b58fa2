//! The page around the views: head (Content-Security-Policy, inline style
//! and script), the header (months covered and missing, proposals by
//! current stage), the navigation, the views in order, the footer.
//!
//! In: a [`PageInput`]. Out: the whole page as markup. The style and the
//! script are this module's `page.css` and `page.js`, inlined; the policy
//! allows exactly those two by their SHA-256 and nothing else, so the page
//! can fetch nothing from anywhere.

use super::derive::{proposals, series, Axis, Proposal, Series};
use super::pictures::Pictures;
use super::svg::{Anchor, Shape, Svg};
use super::{assessments, changes, quality, story, timeline, ui, PageInput};
use crate::model::Stage;
use crate::write::palette::{stage_fill, stage_text};
use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The page's style sheet (the stages' colours are added from the palette).
const CSS: &str = include_str!("page.css");
/// The page's script: views by address fragment, filter, sort, details.
const JS: &str = include_str!("page.js");

/// The style sheet: `page.css` with the UI colours filled in, then one
/// rule per stage colour from the palette.
pub fn style() -> String {
    let mut css = CSS
        .replace("$PAPER", ui::PAPER)
        .replace("$INK", ui::INK)
        .replace("$MUTED", ui::MUTED)
        .replace("$LINK", ui::LINK)
        .replace("$RULE", ui::RULE)
        .replace("$HOVER", ui::HOVER);
    for s in Stage::ALL {
        css.push_str(&format!(
            ".st-{}{{background:{};color:{}}}\n",
            s.as_str(),
            stage_fill(s),
            stage_text(s)
        ));
    }
    css
}

/// `'sha256-…'` of an inline block, as a policy source.
fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's policy: nothing from anywhere, but its own style and script.
pub fn policy(style: &str) -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
        hash_source(style),
        hash_source(JS)
    )
}

/// Room left of the stage bars for the stages' names.
const BAR_NAMES: f32 = 110.0;
/// The longest stage bar (the stage with the most proposals).
const BAR_LONGEST: f32 = 300.0;
/// One stage's row.
const BAR_ROW: f32 = 18.0;

/// The bar picture of proposals by current stage.
fn stage_bars(counts: &[(Option<Stage>, usize)]) -> Svg {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let (names, bar, row) = (BAR_NAMES, BAR_LONGEST, BAR_ROW);
    let mut shapes = Vec::new();
    for (i, (stage, n)) in counts.iter().enumerate() {
        let y = i as f32 * row;
        let w = *n as f32 / max as f32 * bar;
        let name = timeline::stage_name(*stage);
        shapes.push(Shape::Text {
            x: names - 8.0,
            y: y + 13.0,
            text: name.into(),
            anchor: Anchor::End,
        });
        let (fill, stroke) = stage.map_or((ui::PAPER, Some(ui::INK)), |s| (stage_fill(s), None));
        shapes.push(Shape::Rect {
            x: names,
            y: y + 2.0,
            w,
            h: row - 4.0,
            fill,
            stroke,
            label: Some(format!("{name}: {n}")),
        });
        shapes.push(Shape::Text {
            x: names + w + 4.0,
            y: y + 13.0,
            text: n.to_string(),
            anchor: Anchor::Start,
        });
    }
    Svg {
        width: names + bar + 40.0,
        height: counts.len() as f32 * row,
        label: "Proposals by current stage".into(),
        class: "stages",
        shapes,
    }
}

/// Proposals by current stage, in process order (stage not read last).
fn stage_counts(ps: &[Proposal<'_>]) -> Vec<(Option<Stage>, usize)> {
    let mut by: BTreeMap<usize, (Option<Stage>, usize)> = BTreeMap::new();
    for p in ps {
        by.entry(timeline::stage_order(p.stage))
            .or_insert((p.stage, 0))
            .1 += 1;
    }
    by.into_values().collect()
}

/// Months as `a, b and c`, or `none`.
fn month_list(ms: &[crate::model::Month]) -> String {
    if ms.is_empty() {
        return "none".into();
    }
    ms.iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The header: what the ledger covers and where its proposals stand.
fn header(axis: &Axis, ps: &[Proposal<'_>], input: &PageInput) -> Markup {
    let counts = stage_counts(ps);
    let span = match (axis.months.first(), axis.months.last()) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no months".into(),
    };
    html! {
        header #about {
            h1 { "Change Status Reports, " (span) }
            p { (axis.reported.len()) " month(s) reported, " (input.reports.len()) " report(s) read; months missing: " (month_list(&axis.missing())) ". "
                (ps.len()) " proposal(s) named." }
            @if input.window.left_out > 0 {
                p .window { "This page shows the latest " (super::input::MAX_PAGE_MONTHS) " months; the "
                    (input.window.left_out) " month(s) before them are in the CSV files and ledger.xlsx beside it." }
            }
            div .header-grid {
                (stage_bars(&counts).render())
                table .stage-counts {
                    thead { tr { th scope="col" { "Current stage" } th scope="col" .num { "Proposals" } } }
                    tbody { @for (s, n) in &counts { tr { th scope="row" { (timeline::stage_name(*s)) } td .num { (n) } } } }
                }
            }
        }
    }
}

/// The navigation between the views.
fn nav() -> Markup {
    html! {
        nav aria-label="Views" { ul {
            li { a href="#timeline" { "Timeline" } }
            li { a href="#assessments" { "DCC assessments" } }
            li { a href="#changes" { "This month against last" } }
            li { a href="#proposals" { "One proposal" } }
            li { a href="#quality" { "Quality" } }
        } }
    }
}

/// Every proposal's story.
fn stories(
    ps: &[Proposal<'_>],
    axis: &Axis,
    all: &[Series],
    input: &PageInput,
    pics: &Pictures,
) -> Markup {
    let mut by_id: BTreeMap<_, Vec<&Series>> = BTreeMap::new();
    for s in all {
        by_id.entry(s.id).or_default().push(s);
    }
    for v in by_id.values_mut() {
        v.sort_by_key(|s| s.kind);
    }
    let refs: Vec<Vec<String>> = ps.iter().map(Proposal::references).collect();
    let naming = story::naming_each(&input.diagnostics, &refs);
    html! {
        @for (p, named) in ps.iter().zip(&naming) {
            (story::story(p, axis, by_id.get(&p.id).map_or(&[][..], |v| v.as_slice()), named, pics))
        }
    }
}

/// The whole page.
pub fn render(input: &PageInput) -> String {
    let axis = Axis::of(input);
    let ps = proposals(input, &axis);
    let all = series(input);
    let anchors: BTreeMap<String, String> =
        ps.iter().map(|p| (p.id.key(), p.anchor.clone())).collect();
    let by_number = |n: &str| anchors.get(n).cloned().unwrap_or_else(|| format!("P{n}"));
    let by_series = |s: &Series| by_number(&s.id.key());
    let pairs = input
        .diff_tables()
        .map(|t| changes::pairs(&t))
        .map_err(|e| e.to_string());
    let css = style();
    let pics = Pictures::draw(&ps, &all, &axis);
    let body = html! {
        (pics.defs())
        (header(&axis, &ps, input))
        (nav())
        main {
            (timeline::view(&ps, &pics))
            (assessments::view(&all, &by_series, &pics))
            (changes::view(pairs, &by_number))
            (story::view(stories(&ps, &axis, &all, input, &pics)))
            (quality::view(&input.reports, &input.diagnostics))
        }
        footer { p { "Written by modledger " (env!("CARGO_PKG_VERSION")) " from the ledger's CSV files beside this page." } }
    };
    html! {
        (DOCTYPE)
        html lang="en" class="nojs" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(policy(&css));
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "modledger: Change Status Reports" }
                style { (PreEscaped(&css)) }
            }
            body { (body) script { (PreEscaped(JS)) } }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_nothing_but_the_page_s_own_style_and_script() {
        let css = style();
        let p = policy(&css);
        assert!(
            p.starts_with("default-src 'none'; style-src 'sha256-"),
            "{p}"
        );
        assert!(
            !p.contains("unsafe") && !p.contains("http") && !p.contains('*'),
            "{p}"
        );
        assert!(css.contains(".st-refine{background:#E69F00;color:#000000}"));
        assert!(!css.contains('$'), "a colour left unfilled");
    }

    #[test]
    fn stage_bars_are_coloured_by_stage_and_as_long_as_their_counts() {
        let svg = stage_bars(&[
            (Some(Stage::Refine), 20),
            (Some(Stage::Opine), 5),
            (None, 1),
        ]);
        let bars: Vec<(f32, &str, Option<&str>)> = svg
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { w, fill, label, .. } => Some((*w, *fill, label.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            bars,
            [
                (BAR_LONGEST, "#E69F00", Some("refine: 20")),
                (BAR_LONGEST / 4.0, "#F0E442", Some("opine: 5")),
                (BAR_LONGEST / 20.0, ui::PAPER, Some("stage not read: 1")),
            ]
        );
        assert_eq!(svg.height, 3.0 * BAR_ROW);
    }

    #[test]
    fn an_empty_ledger_still_makes_a_whole_page() {
        let html = render(&PageInput::default());
        assert!(html.starts_with(
            "<!DOCTYPE html><html lang=\"en\" class=\"nojs\"><head><meta charset=\"utf-8\">"
        ));
        assert!(html.ends_with("</script></body></html>"));
        assert!(html.contains("months missing: none"));
    }
}
