//! The timeline: one row per proposal, one column per month, each month
//! coloured by its stage, marks where something changed.
//!
//! In: the [`Proposal`]s and the [`Axis`]. Out: the timeline view: the
//! month axis, a table whose rows hold each proposal's strip (an SVG of
//! its stage runs and marks), grouped by current stage, with the controls
//! the script shows (filter, sort), then the same as a text table.

use super::derive::{Axis, Mark, MarkKind, Proposal, StageRun};
use super::pictures::Pictures;
use super::svg::{Anchor, Shape, Svg};
use super::ui;
use crate::model::Stage;
use crate::write::palette::stage_fill;
use maud::{html, Markup};

/// The width the month columns aim to fill, in pixels (a laptop screen
/// beside the label columns).
pub const STRIP_WIDTH: f32 = 960.0;
/// The narrowest month column: ten years of months still fit `STRIP_WIDTH` (120 × 8).
pub const MIN_CELL: f32 = 6.0;
/// The widest month column, so a short archive is not a few huge blocks.
pub const MAX_CELL: f32 = 36.0;
/// A strip's height.
pub const ROW_HEIGHT: f32 = 14.0;
/// The gap above and below a strip's bars, so rows stay apart.
const BAR_INSET: f32 = 1.0;
/// The axis's height: year labels over month labels.
const AXIS_HEIGHT: f32 = 28.0;
/// Where the year labels sit in the axis.
const YEAR_BASELINE: f32 = 11.0;
/// Where the month labels sit (in the lower half, with the no-report bands).
const MONTH_BASELINE: f32 = 24.0;
/// The narrowest month column with room for its number (`02`).
const MONTH_LABEL_CELL: f32 = 24.0;

/// Month columns' width for an archive of `months` months.
pub fn cell_width(months: usize) -> f32 {
    (STRIP_WIDTH / months.max(1) as f32)
        .floor()
        .clamp(MIN_CELL, MAX_CELL)
}

/// A stage's name for people, or that no place staged it.
pub fn stage_name(stage: Option<Stage>) -> &'static str {
    stage.map_or("stage not read", Stage::as_str)
}

/// The position of a stage in process order (unknown last), for sorting.
pub fn stage_order(stage: Option<Stage>) -> usize {
    stage
        .and_then(|s| Stage::ALL.iter().position(|x| *x == s))
        .unwrap_or(Stage::ALL.len())
}

/// A run's words: `refine, 2021-04 to 2021-05`.
fn run_label(r: &StageRun) -> String {
    if r.from == r.to {
        format!("{}, {}", stage_name(r.stage), r.from)
    } else {
        format!("{}, {} to {}", stage_name(r.stage), r.from, r.to)
    }
}

/// The bar of one run.
fn run_shape(r: &StageRun, cell: f32) -> Shape {
    let (fill, stroke) = match r.stage {
        Some(s) => (stage_fill(s), None),
        None => (ui::PAPER, Some(ui::INK)),
    };
    Shape::Rect {
        x: r.start as f32 * cell,
        y: BAR_INSET,
        w: r.len as f32 * cell,
        h: ROW_HEIGHT - 2.0 * BAR_INSET,
        fill,
        stroke,
        label: Some(run_label(r)),
    }
}

/// The shape of one mark in its month's column (`x0` is the column's left edge).
pub fn mark_shape(kind: MarkKind, x0: f32, cell: f32, label: Option<String>) -> Shape {
    let mid = ROW_HEIGHT / 2.0;
    match kind {
        MarkKind::Status => Shape::Circle {
            cx: x0 + cell / 2.0,
            cy: mid,
            r: (cell / 2.0 - 1.0).min(2.5),
            fill: ui::PAPER,
            stroke: Some(ui::INK),
            label,
        },
        MarkKind::Retitled => Shape::Polygon {
            points: vec![(x0, 0.0), (x0 + 5.0, 0.0), (x0 + 2.5, 4.5)],
            fill: ui::INK,
            label,
        },
        MarkKind::Converted => Shape::Polygon {
            points: vec![
                (x0, mid - 3.5),
                (x0 + 3.5, mid),
                (x0, mid + 3.5),
                (x0 - 3.5, mid),
            ],
            fill: ui::INK,
            label,
        },
        MarkKind::Closed => Shape::Rect {
            x: x0,
            y: 0.0,
            w: 2.0,
            h: ROW_HEIGHT,
            fill: ui::INK,
            stroke: None,
            label,
        },
    }
}

/// What a whole strip says: its stages, run by run (the marks are in the story).
fn strip_label(p: &Proposal<'_>) -> String {
    format!("{} stages: {}", p.anchor, stages_text(p))
}

/// A proposal's stage runs in words: `define, 2021-01; refine, 2021-02 to 2021-03`.
pub fn stages_text(p: &Proposal<'_>) -> String {
    p.runs.iter().map(run_label).collect::<Vec<_>>().join("; ")
}

/// One proposal's strip: its runs, then its marks (closing first, status last, on top).
pub fn strip(p: &Proposal<'_>, axis: &Axis) -> Svg {
    let cell = cell_width(axis.months.len());
    let mut shapes: Vec<Shape> = p.runs.iter().map(|r| run_shape(r, cell)).collect();
    let mut marks: Vec<&Mark> = p.marks.iter().collect();
    marks.sort_by_key(|m| std::cmp::Reverse(m.kind));
    shapes.extend(
        marks
            .into_iter()
            .map(|m| mark_shape(m.kind, m.index as f32 * cell, cell, Some(m.label.clone()))),
    );
    Svg {
        width: axis.months.len() as f32 * cell,
        height: ROW_HEIGHT,
        label: strip_label(p),
        class: "strip",
        shapes,
    }
}

/// A light band in the axis's lower half over each month no report covers.
fn no_report_bands(axis: &Axis, cell: f32) -> Vec<Shape> {
    axis.months
        .iter()
        .enumerate()
        .filter(|(_, m)| !axis.reported.contains(m))
        .map(|(i, m)| Shape::Rect {
            x: i as f32 * cell,
            y: AXIS_HEIGHT / 2.0,
            w: cell,
            h: AXIS_HEIGHT / 2.0,
            fill: ui::RULE,
            stroke: None,
            label: Some(format!("{m}: no report")),
        })
        .collect()
}

/// The month axis: a tick per month, the year at each January (and the
/// first month), month names when there is room, a light band where no
/// report covers the month.
pub fn axis_svg(axis: &Axis) -> Svg {
    let cell = cell_width(axis.months.len());
    // the bands first, so no label is drawn under one
    let mut shapes = no_report_bands(axis, cell);
    for (i, m) in axis.months.iter().enumerate() {
        let x = i as f32 * cell;
        let text = m.to_string();
        let (year, month) = text.split_at(4);
        if i == 0 || month == "-01" {
            shapes.push(Shape::Polyline {
                points: vec![(x, 0.0), (x, AXIS_HEIGHT)],
                stroke: ui::MUTED,
                width: 1.0,
                dashed: false,
            });
            shapes.push(Shape::Text {
                x: x + 2.0,
                y: YEAR_BASELINE,
                text: year.to_string(),
                anchor: Anchor::Start,
            });
        }
        if cell >= MONTH_LABEL_CELL {
            shapes.push(Shape::Text {
                x: x + cell / 2.0,
                y: MONTH_BASELINE,
                text: month.trim_start_matches('-').to_string(),
                anchor: Anchor::Middle,
            });
        }
    }
    Svg {
        width: axis.months.len() as f32 * cell,
        height: AXIS_HEIGHT,
        label: format!(
            "Months {} to {}",
            axis.months
                .first()
                .map(|m| m.to_string())
                .unwrap_or_default(),
            axis.months
                .last()
                .map(|m| m.to_string())
                .unwrap_or_default()
        ),
        class: "axis",
        shapes,
    }
}

/// The legend: every stage's colour and every mark's shape.
pub fn legend() -> Markup {
    let cell = 12.0;
    html! {
        ul .legend aria-label="Legend" {
            @for s in Stage::ALL {
                li { span class={"chip st-" (s.as_str())} { (s.as_str()) } " " (s.meaning()) }
            }
            @for k in MarkKind::ALL {
                li {
                    (Svg { width: cell + 4.0, height: ROW_HEIGHT, label: k.meaning().into(), class: "mark",
                           shapes: vec![mark_shape(k, 4.0, cell, None)] }.render())
                    " " (k.meaning())
                }
            }
        }
    }
}

/// The controls the script shows: a filter and a sort order.
fn controls() -> Markup {
    html! {
        div .controls hidden {
            label { "Filter " input #tl-filter type="search" placeholder="MP124, or words of a title" autocomplete="off"; }
            " "
            label { "Sort by " select #tl-sort {
                option value="stage" { "current stage" }
                option value="number" { "number" }
                option value="time" { "time in current stage (longest first)" }
            } }
            " " span #tl-count aria-live="polite" {}
        }
        p #tl-detail .detail aria-live="polite" {}
    }
}

/// One proposal's row of the picture.
fn row(p: &Proposal<'_>, order: usize, pics: &Pictures) -> Markup {
    html! {
        tr .tl-row data-order=(order) data-stage=(stage_order(p.stage)) data-months=(p.months_in_stage)
            data-num=(p.id.key()) data-text=(p.search_text()) {
            th scope="row" { a href={"#" (p.anchor)} { (p.anchor) } }
            td .title { (p.title) }
            td { span class={"chip st-" (stage_name(p.stage).replace(' ', "-"))} { (stage_name(p.stage)) } }
            td .num { (p.months_in_stage) }
            td .strip-cell { (pics.strip(p.id).unwrap_or_default()) }
        }
    }
}

/// The rows grouped by current stage (process order), by number inside a group.
fn body(ps: &[Proposal<'_>], pics: &Pictures) -> Markup {
    let mut groups: Vec<(usize, Vec<(usize, &Proposal<'_>)>)> = Vec::new();
    for (order, p) in ps.iter().enumerate() {
        let g = stage_order(p.stage);
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, v)) => v.push((order, p)),
            None => groups.push((g, vec![(order, p)])),
        }
    }
    groups.sort_by_key(|(k, _)| *k);
    html! {
        tbody #tl-body {
            @for (g, members) in &groups {
                @let stage = Stage::ALL.get(*g).copied();
                tr .tl-group data-stage=(g) {
                    th colspan="5" scope="rowgroup" {
                        span class={"chip st-" (stage_name(stage).replace(' ', "-"))} { (stage_name(stage)) }
                        " " (members.len()) " proposal(s)"
                    }
                }
                @for (order, p) in members { (row(p, *order, pics)) }
            }
        }
    }
}

/// The timeline as text: each proposal's stages (its story has the rest).
fn text_table(ps: &[Proposal<'_>]) -> Markup {
    html! {
        details .as-text {
            summary { "The timeline as a table (each proposal's story tells its statuses, titles and marks)" }
            table {
                thead { tr { th scope="col" { "Proposal" } th scope="col" { "Stages" } } }
                tbody { @for p in ps { tr {
                    th scope="row" { a href={"#" (p.anchor)} { (p.anchor) } }
                    td { (stages_text(p)) }
                } } }
            }
        }
    }
}

/// The timeline view.
pub fn view(ps: &[Proposal<'_>], pics: &Pictures) -> Markup {
    html! {
        section #timeline .view aria-labelledby="h-timeline" {
            h2 #h-timeline { "Timeline" }
            p { "One row per proposal, one column per month, each month coloured by the proposal's stage that month; blank where no report named it. Choose a proposal to see its whole story." }
            (legend())
            (controls())
            div .scroll {
                table .tl {
                    thead { tr {
                        th scope="col" { "Proposal" } th scope="col" { "Title" } th scope="col" { "Stage now" }
                        th scope="col" { "Months in it" } th scope="col" .axis-cell { (pics.axis().unwrap_or_default()) }
                    } }
                    (body(ps, pics))
                }
            }
            (text_table(ps))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::schema::HistoryRecord;
    use crate::model::{Month, Status};
    use crate::report::derive::proposals;
    use crate::report::PageInput;

    fn input() -> PageInput {
        let row = |month: &str, r: &str, stage: &str, status: &str| {
            let r: crate::model::Reference = r.parse().unwrap();
            HistoryRecord {
                month: month.parse::<Month>().ok(),
                number: Some(r.id),
                reference: Some(r),
                title: "Pairing".into(),
                stage: stage.parse().ok(),
                status: Status::parse(status),
                ..HistoryRecord::default()
            }
        };
        PageInput {
            history: vec![
                row("2021-01", "DP124", "define", "raised"),
                row("2021-02", "MP124", "refine", "working group"),
                row("2021-03", "MP124", "refine", "working group"),
                row("2021-05", "MP124", "", "working group"),
            ],
            ..PageInput::default()
        }
    }

    #[test]
    fn month_columns_fit_the_strip_width_within_limits() {
        assert_eq!(cell_width(120), 8.0);
        assert_eq!(cell_width(7), MAX_CELL);
        assert_eq!(cell_width(400), MIN_CELL);
        assert_eq!(cell_width(0), MAX_CELL);
    }

    #[test]
    fn a_strip_draws_each_run_in_its_stage_colour_and_each_mark_in_its_month() {
        let i = input();
        let axis = Axis::of(&i);
        let ps = proposals(&i, &axis);
        let svg = strip(&ps[0], &axis);
        let cell = MAX_CELL;
        assert_eq!((svg.width, svg.height), (5.0 * cell, ROW_HEIGHT));
        let rects: Vec<(f32, f32, &str, Option<&str>)> = svg
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect {
                    x, w, fill, label, ..
                } => Some((*x, *w, *fill, label.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            rects,
            [
                (0.0, cell, "#56B4E9", Some("define, 2021-01")),
                (
                    cell,
                    2.0 * cell,
                    "#E69F00",
                    Some("refine, 2021-02 to 2021-03")
                ),
                (4.0 * cell, cell, ui::PAPER, Some("stage not read, 2021-05")),
            ]
        );
        // the conversion's diamond sits on February's left edge, the status circle in February's middle
        let diamond = svg.shapes.iter().find_map(|s| match s {
            Shape::Polygon { points, label, .. } => Some((points[0].0, label.clone())),
            _ => None,
        });
        assert_eq!(diamond, Some((cell, Some("2021-02: DP124 → MP124".into()))));
        let circle = svg.shapes.iter().find_map(|s| match s {
            Shape::Circle { cx, label, .. } => Some((*cx, label.clone())),
            _ => None,
        });
        assert_eq!(
            circle,
            Some((cell * 1.5, Some("2021-02: status working group".into())))
        );
        assert_eq!(
            svg.label,
            "MP124 stages: define, 2021-01; refine, 2021-02 to 2021-03; stage not read, 2021-05"
        );
    }

    #[test]
    fn the_axis_bands_a_month_with_no_report_and_names_the_years() {
        let i = input();
        let a = axis_svg(&Axis::of(&i));
        let band = a.shapes.iter().find_map(|s| match s {
            Shape::Rect { x, fill, label, .. } => Some((*x, *fill, label.clone())),
            _ => None,
        });
        assert_eq!(
            band,
            Some((3.0 * MAX_CELL, ui::RULE, Some("2021-04: no report".into())))
        );
        let texts: Vec<&str> = a
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["2021", "01", "02", "03", "04", "05"]);
    }

    #[test]
    fn rows_are_grouped_by_current_stage_and_carry_what_the_script_sorts_by() {
        let i = input();
        let axis = Axis::of(&i);
        let ps = proposals(&i, &axis);
        let html = view(&ps, &Pictures::draw(&ps, &[], &axis)).into_string();
        assert!(
            html.contains("<tr class=\"tl-group\" data-stage=\"6\">"),
            "{html}"
        );
        assert!(html.contains(
            "<tr class=\"tl-row\" data-order=\"0\" data-stage=\"6\" data-months=\"1\" data-num=\"124\" data-text=\"mp124 dp124 124\">"
        ));
        assert!(html.contains("<use href=\"#t-124\"/>"));
        assert!(html.contains("<th scope=\"row\"><a href=\"#MP124\">MP124</a></th>"));
    }
}
