//! The DCC assessments: each PA and IA's target date as each month's
//! appendix gave it, the worst slippers first.
//!
//! In: the [`Series`] of every assessment. Out: one small chart per
//! assessment with appendix targets (a milestone trend chart: across, the
//! report's date; up, the target it gave; a step line through the targets,
//! the request and the delivery marked on the diagonal where a date meets
//! itself), then a table of every assessment with its targets in words.

use super::derive::{runs_of, Series};
use super::pictures::Pictures;
use super::svg::{Anchor, Shape, Svg};
use super::ui;
use chrono::NaiveDate;
use maud::{html, Markup};

/// A chart's plot area is a square this wide (both axes are dates on one scale).
pub const PLOT: f32 = 120.0;
/// Room around the plot (markers on its edge stay whole).
const PAD: f32 = 8.0;
/// Room below the plot for the date labels.
const PAD_BOTTOM: f32 = 20.0;
/// The fewest days a chart spans, so one date does not fill it.
const MIN_SPAN_DAYS: i64 = 30;

/// Maps dates onto the plot: one scale for both axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateScale {
    /// The earliest date drawn.
    pub lo: NaiveDate,
    /// Days from `lo` to the latest date drawn.
    pub span: i64,
}

impl DateScale {
    /// The scale over every date of a series (reports, targets, request, delivery).
    pub fn of(s: &Series) -> Option<DateScale> {
        let dates = s
            .targets
            .iter()
            .flat_map(|(r, t)| [*r, *t])
            .chain(s.requested)
            .chain(s.delivered);
        let (lo, hi) = dates.fold(None, |acc: Option<(NaiveDate, NaiveDate)>, d| match acc {
            None => Some((d, d)),
            Some((a, b)) => Some((a.min(d), b.max(d))),
        })?;
        Some(DateScale {
            lo,
            span: (hi - lo).num_days().max(MIN_SPAN_DAYS),
        })
    }

    /// A date's distance along an axis, 0 to [`PLOT`].
    pub fn at(&self, d: NaiveDate) -> f32 {
        (d - self.lo).num_days() as f32 / self.span as f32 * PLOT
    }

    /// The point of a report date (across) and a target (up).
    pub fn point(&self, report: NaiveDate, target: NaiveDate) -> (f32, f32) {
        (PAD + self.at(report), PAD + PLOT - self.at(target))
    }
}

/// The words of a series: `MP124 IA: slipped 63 days`.
pub fn headline(s: &Series) -> String {
    let what = match (s.slipped_days, s.moves) {
        (_, 0) => "target kept".to_string(),
        (0, n) => format!("moved {n} time(s), back to its first target"),
        (d, _) if d > 0 => format!("slipped {d} days"),
        (d, _) => format!("brought forward {} days", -d),
    };
    format!("{} {}: {what}", s.reference, s.kind)
}

/// The step line through the targets (across while a target is kept, up
/// or down where the next report moved it, on to the last report) and a
/// dot where a target was first given or moved.
fn target_shapes(s: &Series, sc: &DateScale) -> Vec<Shape> {
    let mut line: Vec<(f32, f32)> = Vec::new();
    let mut dots = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for (report, target) in &s.targets {
        if previous == Some(*target) {
            continue;
        }
        let p = sc.point(*report, *target);
        let month = report.format("%Y-%m");
        let label = match previous {
            Some(was) => {
                line.push((p.0, line.last().map_or(p.1, |l| l.1)));
                format!("{month}: target {target}, was {was}")
            }
            None => format!("{month}: target {target}"),
        };
        line.push(p);
        dots.push(Shape::Circle {
            cx: p.0,
            cy: p.1,
            r: 2.5,
            fill: ui::INK,
            stroke: None,
            label: Some(label),
        });
        previous = Some(*target);
    }
    if let Some((report, target)) = s.targets.last() {
        let end = sc.point(*report, *target);
        if line.last() != Some(&end) {
            line.push(end);
        }
    }
    let mut shapes = vec![Shape::Polyline {
        points: line,
        stroke: ui::INK,
        width: 1.5,
        dashed: false,
    }];
    shapes.extend(dots);
    shapes
}

/// The request (an open circle) and the delivery (a diamond), each on the diagonal.
fn milestone_shapes(s: &Series, sc: &DateScale) -> Vec<Shape> {
    let mut shapes = Vec::new();
    if let Some(d) = s.requested {
        let (cx, cy) = sc.point(d, d);
        shapes.push(Shape::Circle {
            cx,
            cy,
            r: 3.5,
            fill: ui::PAPER,
            stroke: Some(ui::INK),
            label: Some(format!("requested {d}")),
        });
    }
    if let Some(d) = s.delivered {
        let (x, y) = sc.point(d, d);
        shapes.push(Shape::Polygon {
            points: vec![(x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y)],
            fill: ui::INK,
            label: Some(format!("delivered {d}")),
        });
    }
    shapes
}

/// The frame, the diagonal and the date labels of a chart.
fn frame_shapes(sc: &DateScale) -> Vec<Shape> {
    let hi = sc.lo + chrono::Duration::days(sc.span);
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    vec![
        Shape::Use { href: FRAME },
        Shape::Text {
            x: PAD,
            y: PAD + PLOT + 13.0,
            text: month(sc.lo),
            anchor: Anchor::Start,
        },
        Shape::Text {
            x: PAD + PLOT,
            y: PAD + PLOT + 13.0,
            text: month(hi),
            anchor: Anchor::End,
        },
    ]
}

/// The id of the frame every chart shares.
pub const FRAME: &str = "mta-frame";

/// The frame every chart shares (written once): the plot's box and its
/// dashed diagonal, where a date meets itself.
pub fn frame() -> Svg {
    Svg {
        width: PAD * 2.0 + PLOT,
        height: PAD + PLOT + PAD_BOTTOM,
        label: String::new(),
        class: "mta",
        shapes: vec![
            Shape::Rect {
                x: PAD,
                y: PAD,
                w: PLOT,
                h: PLOT,
                fill: "none",
                stroke: Some(ui::RULE),
                label: None,
            },
            Shape::Polyline {
                points: vec![(PAD, PAD + PLOT), (PAD + PLOT, PAD)],
                stroke: ui::MUTED,
                width: 1.0,
                dashed: true,
            },
        ],
    }
}

/// One assessment's chart, when its appendix gave a target.
pub fn chart(s: &Series) -> Option<Svg> {
    if s.targets.is_empty() {
        return None;
    }
    let sc = DateScale::of(s)?;
    let mut shapes = frame_shapes(&sc);
    shapes.extend(target_shapes(s, &sc));
    shapes.extend(milestone_shapes(s, &sc));
    Some(Svg {
        width: PAD * 2.0 + PLOT,
        height: PAD + PLOT + PAD_BOTTOM,
        label: format!("{}; its targets are in the table", headline(s)),
        class: "mta",
        shapes,
    })
}

/// The targets in words, runs of one target joined: `2021-04 to 2021-05: 2021-04-19; 2021-06: 2021-06-21`.
pub fn targets_text(s: &Series) -> String {
    let items: Vec<(String, NaiveDate)> = s
        .targets
        .iter()
        .map(|(r, t)| (r.format("%Y-%m").to_string(), *t))
        .collect();
    let runs = runs_of(&items);
    runs.iter()
        .map(|(a, b, t)| {
            if a == b {
                format!("{a}: {t}")
            } else {
                format!("{a} to {b}: {t}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An optional date's cell text.
fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The table of assessments: one row each.
pub fn table(series: &[&Series], anchor: &dyn Fn(&Series) -> String) -> Markup {
    html! {
        table .assessments {
            thead { tr {
                th scope="col" { "Proposal" } th scope="col" { "Type" } th scope="col" { "Requested" }
                th scope="col" { "Target by report month" } th scope="col" { "Delivered" }
                th scope="col" { "Status" } th scope="col" .num { "Days slipped (first target to latest)" }
            } }
            tbody {
                @for s in series {
                    tr {
                        th scope="row" { a href={"#" (anchor(s))} { (s.reference) } }
                        td { (s.kind) } td { (date(s.requested)) } td { (targets_text(s)) }
                        td { (date(s.delivered)) } td { (s.status.map(|x| x.as_str()).unwrap_or("")) }
                        td .num { (s.slipped_days) }
                    }
                }
            }
        }
    }
}

/// A chart with its caption linking to the proposal.
pub fn figure(s: &Series, svg: Markup, anchor: &str) -> Markup {
    html! {
        figure .mta-fig {
            (svg)
            figcaption { a href={"#" (anchor)} { (s.reference) } " " (s.kind) br; (headline(s).split_once(": ").map_or("", |x| x.1)) }
        }
    }
}

/// The DCC assessments view.
pub fn view(series: &[Series], anchor: &dyn Fn(&Series) -> String, pics: &Pictures) -> Markup {
    let charted: Vec<(&Series, Markup)> = series
        .iter()
        .filter_map(|s| Some((s, pics.chart(s.id, s.kind)?)))
        .collect();
    let all: Vec<&Series> = series.iter().collect();
    html! {
        section #assessments .view aria-labelledby="h-assessments" {
            h2 #h-assessments { "DCC assessments" }
            p { "Each chart is one Preliminary or Impact Assessment: across (→), the date of each month's report; up (↑), the target delivery date that month's appendix gave; the dates under a chart are where both axes start and end. A flat line kept its date; each step up is a slip. The dashed diagonal is where a date meets itself: the request (open circle) and the delivery (diamond) sit on it, and a target below it has passed. The worst slippers come first." }
            @if charted.is_empty() { p { "No appendix in this ledger gave a target date." } }
            div .mta-grid { @for (s, svg) in charted { (figure(s, svg, &anchor(s))) } }
            h3 { "Every assessment" }
            div .scroll { (table(&all, anchor)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AssessmentType, ProposalId};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn mp124() -> Series {
        Series {
            id: ProposalId {
                number: 124,
                split: None,
            },
            reference: "MP124".into(),
            kind: AssessmentType::Ia,
            targets: vec![
                (d("2021-04-07"), d("2021-04-19")),
                (d("2021-05-06"), d("2021-04-19")),
                (d("2021-06-04"), d("2021-06-21")),
            ],
            requested: Some(d("2021-02-22")),
            delivered: Some(d("2021-06-25")),
            status: None,
            slipped_days: 63,
            moves: 1,
        }
    }

    #[test]
    fn a_chart_puts_reports_across_targets_up_on_one_scale() {
        let s = mp124();
        let sc = DateScale::of(&s).unwrap();
        assert_eq!((sc.lo, sc.span), (d("2021-02-22"), 123));
        let svg = chart(&s).unwrap();
        assert_eq!(
            (svg.width, svg.height),
            (PAD * 2.0 + PLOT, PAD + PLOT + PAD_BOTTOM)
        );
        let dots: Vec<(f32, f32, String)> = svg
            .shapes
            .iter()
            .filter_map(|x| match x {
                Shape::Circle {
                    cx,
                    cy,
                    fill,
                    label,
                    ..
                } if *fill == ui::INK => Some((
                    (cx * 10.0).round() / 10.0,
                    (cy * 10.0).round() / 10.0,
                    label.clone()?,
                )),
                _ => None,
            })
            .collect();
        let at = |days: f32| days / 123.0 * PLOT;
        let r = |v: f32| (v * 10.0).round() / 10.0;
        assert_eq!(
            dots,
            [
                (
                    r(PAD + at(44.0)),
                    r(PAD + PLOT - at(56.0)),
                    "2021-04: target 2021-04-19".into()
                ),
                (
                    r(PAD + at(102.0)),
                    r(PAD + PLOT - at(119.0)),
                    "2021-06: target 2021-06-21, was 2021-04-19".into()
                ),
            ]
        );
        // the step line goes across at the kept target (May's report), then up to June's
        let Some(Shape::Polyline { points, .. }) = svg
            .shapes
            .iter()
            .find(|x| matches!(x, Shape::Polyline { width, .. } if *width == 1.5))
        else {
            panic!("no step line");
        };
        assert_eq!(points.len(), 3);
        assert_eq!(points[1], (points[2].0, points[0].1));
        // the request on the diagonal's start, the delivery on it
        let request = svg.shapes.iter().find_map(|x| match x {
            Shape::Circle {
                cx,
                cy,
                label: Some(l),
                ..
            } if l.starts_with("requested") => Some((*cx, *cy)),
            _ => None,
        });
        assert_eq!(request, Some((PAD, PAD + PLOT)));
        assert_eq!(headline(&s), "MP124 IA: slipped 63 days");
        assert_eq!(
            targets_text(&s),
            "2021-04 to 2021-05: 2021-04-19; 2021-06: 2021-06-21"
        );
        assert_eq!(
            svg.label,
            "MP124 IA: slipped 63 days; its targets are in the table"
        );
    }

    #[test]
    fn an_assessment_without_appendix_targets_has_no_chart() {
        let mut s = mp124();
        s.targets.clear();
        assert!(chart(&s).is_none());
    }
}
