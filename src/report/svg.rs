//! The SVG builder: pictures as plain lists of shapes, then their markup.
//!
//! In: [`Shape`]s with positions in pixels, fills from the palette and the
//! words each one stands for. Out: an `<svg>` element as text
//! ([`Svg::render`]): each labelled shape carries a `<title>` (the tooltip
//! and the accessible name), the picture an `aria-label`; numbers are
//! written with at most one decimal so the bytes are the same on every run.
//! The views build shapes (and their tests check positions, colours and
//! labels); only this module writes SVG.

use maud::{Escaper, Markup, PreEscaped};
use std::fmt::Write;

/// One drawn thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill (`#RRGGBB` or `none`).
        fill: &'static str,
        /// Outline, if any.
        stroke: Option<&'static str>,
        /// What it stands for.
        label: Option<String>,
    },
    /// A circle.
    Circle {
        /// Centre.
        cx: f32,
        /// Centre.
        cy: f32,
        /// Radius.
        r: f32,
        /// Fill.
        fill: &'static str,
        /// Outline, if any.
        stroke: Option<&'static str>,
        /// What it stands for.
        label: Option<String>,
    },
    /// A closed polygon (markers: triangles, diamonds).
    Polygon {
        /// Corners.
        points: Vec<(f32, f32)>,
        /// Fill.
        fill: &'static str,
        /// What it stands for.
        label: Option<String>,
    },
    /// An open line through points.
    Polyline {
        /// The points.
        points: Vec<(f32, f32)>,
        /// Colour.
        stroke: &'static str,
        /// Width.
        width: f32,
        /// Dashed.
        dashed: bool,
    },
    /// Another group of shapes drawn here (one written once in the page's `<defs>`).
    Use {
        /// The group's id.
        href: &'static str,
    },
    /// Text.
    Text {
        /// Anchor point.
        x: f32,
        /// Baseline.
        y: f32,
        /// The words.
        text: String,
        /// Where `x` is on the text.
        anchor: Anchor,
    },
}

/// Where a text's `x` sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Its left end.
    Start,
    /// Its middle.
    Middle,
    /// Its right end.
    End,
}

/// A picture: its size, what it shows (for screen readers) and its shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Svg {
    /// Width in pixels.
    pub width: f32,
    /// Height in pixels.
    pub height: f32,
    /// What the whole picture says, in words.
    pub label: String,
    /// A CSS class.
    pub class: &'static str,
    /// The shapes, drawn in order.
    pub shapes: Vec<Shape>,
}

/// The size of the pictures' words, in pixels.
pub const TEXT_SIZE: f32 = 10.0;

/// A number with at most one decimal, no trailing `.0`.
pub fn num(v: f32) -> String {
    let tenths = (f64::from(v) * 10.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.abs();
        format!("{sign}{}.{}", t / 10, t % 10)
    }
}

/// Text escaped for markup.
fn escaped(out: &mut String, text: &str) {
    let _ = Escaper::new(out).write_str(text);
}

/// `points="x,y x,y"`.
fn points_attr(out: &mut String, points: &[(f32, f32)]) {
    out.push_str(" points=\"");
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", num(*x), num(*y));
    }
    out.push('"');
}

/// Closes a shape's start tag: `/>` alone, or its `<title>` and end tag.
fn close(out: &mut String, tag: &str, label: &Option<String>) {
    match label {
        Some(l) => {
            out.push_str("><title>");
            escaped(out, l);
            let _ = write!(out, "</title></{tag}>");
        }
        None => out.push_str("/>"),
    }
}

/// ` stroke="…"` when there is one.
fn stroke_attr(out: &mut String, stroke: &Option<&'static str>) {
    if let Some(s) = stroke {
        let _ = write!(out, " stroke=\"{s}\"");
    }
}

/// A rectangle's markup.
fn rect(
    out: &mut String,
    (x, y, w, h): (f32, f32, f32, f32),
    fill: &str,
    stroke: &Option<&'static str>,
    label: &Option<String>,
) {
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
        num(x),
        num(y),
        num(w),
        num(h)
    );
    stroke_attr(out, stroke);
    close(out, "rect", label);
}

/// A circle's markup.
fn circle(
    out: &mut String,
    (cx, cy, r): (f32, f32, f32),
    fill: &str,
    stroke: &Option<&'static str>,
    label: &Option<String>,
) {
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"",
        num(cx),
        num(cy),
        num(r)
    );
    stroke_attr(out, stroke);
    close(out, "circle", label);
}

/// An open line's markup.
fn polyline(out: &mut String, points: &[(f32, f32)], stroke: &str, width: f32, dashed: bool) {
    out.push_str("<polyline");
    points_attr(out, points);
    let _ = write!(
        out,
        " fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"",
        num(width)
    );
    if dashed {
        out.push_str(" stroke-dasharray=\"3 2\"");
    }
    out.push_str("/>");
}

/// A text's markup.
fn text(out: &mut String, (x, y): (f32, f32), words: &str, anchor: Anchor) {
    let _ = write!(out, "<text x=\"{}\" y=\"{}\"", num(x), num(y));
    match anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    out.push('>');
    escaped(out, words);
    out.push_str("</text>");
}

impl Shape {
    /// Writes the shape's markup.
    pub fn render(&self, out: &mut String) {
        match self {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                label,
            } => rect(out, (*x, *y, *w, *h), fill, stroke, label),
            Shape::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
                label,
            } => circle(out, (*cx, *cy, *r), fill, stroke, label),
            Shape::Polygon {
                points,
                fill,
                label,
            } => {
                out.push_str("<polygon");
                points_attr(out, points);
                let _ = write!(out, " fill=\"{fill}\"");
                close(out, "polygon", label);
            }
            Shape::Polyline {
                points,
                stroke,
                width,
                dashed,
            } => polyline(out, points, stroke, *width, *dashed),
            Shape::Use { href } => {
                let _ = write!(out, "<use href=\"#{href}\"/>");
            }
            Shape::Text {
                x,
                y,
                text: words,
                anchor,
            } => text(out, (*x, *y), words, *anchor),
        }
    }
}

impl Svg {
    /// The start tag of the picture's `<svg role="img">`, with its label.
    fn open(&self, out: &mut String) {
        let (w, h) = (num(self.width), num(self.height));
        let _ = write!(
            out,
            "<svg class=\"{}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"",
            self.class
        );
        escaped(out, &self.label);
        out.push_str("\">");
    }

    /// The picture's markup: an `<svg role="img">` with its label and shapes.
    pub fn render(&self) -> Markup {
        let mut out = String::with_capacity(64 + self.shapes.len() * 96);
        self.open(&mut out);
        for s in &self.shapes {
            s.render(&mut out);
        }
        out.push_str("</svg>");
        PreEscaped(out)
    }

    /// The shapes as a group named `id`, for a `<defs>` that [`Svg::render_use`]
    /// shows. The group sets its texts' size: a `<use>` copy takes its
    /// style from where it is shown, not from the page's rules for the defs.
    pub fn render_def(&self, id: &str, out: &mut String) {
        out.push_str("<g id=\"");
        escaped(out, id);
        let _ = write!(out, "\" font-size=\"{}\">", num(TEXT_SIZE));
        for s in &self.shapes {
            s.render(out);
        }
        out.push_str("</g>");
    }

    /// The picture drawn by reference to its group `id` (each picture's
    /// shapes are written once, however many views show it).
    pub fn render_use(&self, id: &str) -> Markup {
        let mut out = String::with_capacity(160 + self.label.len());
        self.open(&mut out);
        out.push_str("<use href=\"#");
        escaped(&mut out, id);
        out.push_str("\"/></svg>");
        PreEscaped(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_one_decimal() {
        for (v, want) in [
            (0.0, "0"),
            (12.0, "12"),
            (12.25, "12.3"),
            (3.04, "3"),
            (-1.5, "-1.5"),
            (-0.04, "0"),
            (959.96, "960"),
        ] {
            assert_eq!(num(v), want, "{v}");
        }
    }

    #[test]
    fn shapes_render_with_their_titles_escaped() {
        let svg = Svg {
            width: 40.0,
            height: 14.0,
            label: "MP124 <refine>".into(),
            class: "strip",
            shapes: vec![
                Shape::Rect {
                    x: 0.0,
                    y: 1.0,
                    w: 40.0,
                    h: 12.5,
                    fill: "#E69F00",
                    stroke: None,
                    label: Some("refine & more".into()),
                },
                Shape::Circle {
                    cx: 20.0,
                    cy: 7.0,
                    r: 2.0,
                    fill: "#FFFFFF",
                    stroke: Some("#000000"),
                    label: None,
                },
                Shape::Polygon {
                    points: vec![(1.0, 1.0), (3.0, 1.0), (2.0, 2.5)],
                    fill: "#000000",
                    label: Some("retitled".into()),
                },
                Shape::Polyline {
                    points: vec![(0.0, 0.0), (4.0, 4.0)],
                    stroke: "#595959",
                    width: 1.0,
                    dashed: true,
                },
                Shape::Text {
                    x: 2.0,
                    y: 10.0,
                    text: "“a” < b".into(),
                    anchor: Anchor::End,
                },
            ],
        };
        assert_eq!(
            svg.render().into_string(),
            "<svg class=\"strip\" viewBox=\"0 0 40 14\" width=\"40\" height=\"14\" role=\"img\" aria-label=\"MP124 &lt;refine&gt;\">\
             <rect x=\"0\" y=\"1\" width=\"40\" height=\"12.5\" fill=\"#E69F00\"><title>refine &amp; more</title></rect>\
             <circle cx=\"20\" cy=\"7\" r=\"2\" fill=\"#FFFFFF\" stroke=\"#000000\"/>\
             <polygon points=\"1,1 3,1 2,2.5\" fill=\"#000000\"><title>retitled</title></polygon>\
             <polyline points=\"0,0 4,4\" fill=\"none\" stroke=\"#595959\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>\
             <text x=\"2\" y=\"10\" text-anchor=\"end\">“a” &lt; b</text></svg>"
        );
        let mut def = String::new();
        let one = Svg {
            shapes: svg.shapes[1..2].to_vec(),
            ..svg.clone()
        };
        one.render_def("t-124", &mut def);
        assert_eq!(def, "<g id=\"t-124\" font-size=\"10\"><circle cx=\"20\" cy=\"7\" r=\"2\" fill=\"#FFFFFF\" stroke=\"#000000\"/></g>");
        assert_eq!(
            one.render_use("t-124").into_string(),
            "<svg class=\"strip\" viewBox=\"0 0 40 14\" width=\"40\" height=\"14\" role=\"img\" aria-label=\"MP124 &lt;refine&gt;\"><use href=\"#t-124\"/></svg>"
        );
    }
}
