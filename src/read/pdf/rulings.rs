//! Ruling lines from a page's drawing operations (table borders).
//!
//! In: a painted path (its operators, the CTM, and whether it was stroked or
//! filled) and the page's [`View`]. Out: [`Segment`]s in page coordinates, y from
//! the top, as the words have them. Stroked straight segments, the edges of
//! stroked rectangles and filled rectangles thin enough to be a line (how word
//! processors draw cell borders) are kept; curves are not rulings.

use super::interp::Matrix;
use super::page::View;

/// A straight line on the current page: (x0, y0, x1, y1), y from the top.
pub type Segment = (f32, f32, f32, f32);

/// A filled rectangle no thicker than this (points) is a drawn line.
const THIN: f64 = 2.0;

/// One path operator (curves keep only their end point: they draw no ruling).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    /// `m`
    MoveTo(f64, f64),
    /// `l`
    LineTo(f64, f64),
    /// `c`, `v`, `y`: the end point.
    CurveTo(f64, f64),
    /// `re`: x, y, width, height.
    Rect(f64, f64, f64, f64),
    /// `h`
    Close,
}

/// Maps a user-space point to page coordinates (y from the top).
fn to_page(ctm: &Matrix, view: &View, x: f64, y: f64) -> (f32, f32) {
    let px = ctm.a * x + ctm.c * y + ctm.e;
    let py = ctm.b * x + ctm.d * y + ctm.f;
    view.to_view(px, py)
}

/// The straight segments a path draws; `filled` keeps only thin rectangles.
pub fn segments(ctm: &Matrix, view: &View, path: &[PathOp], filled: bool, out: &mut Vec<Segment>) {
    let mut start: Option<(f64, f64)> = None;
    let mut at: Option<(f64, f64)> = None;
    let mut push = |a: (f64, f64), b: (f64, f64)| {
        let (x0, y0) = to_page(ctm, view, a.0, a.1);
        let (x1, y1) = to_page(ctm, view, b.0, b.1);
        if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            out.push((x0, y0, x1, y1));
        }
    };
    for op in path {
        match *op {
            PathOp::MoveTo(x, y) => {
                start = Some((x, y));
                at = Some((x, y));
            }
            PathOp::LineTo(x, y) => {
                if let (Some(a), false) = (at, filled) {
                    push(a, (x, y));
                }
                at = Some((x, y));
            }
            PathOp::CurveTo(x, y) => at = Some((x, y)),
            PathOp::Rect(x, y, w, h) => {
                if filled {
                    if w.abs() <= THIN {
                        push((x + w / 2.0, y), (x + w / 2.0, y + h));
                    } else if h.abs() <= THIN {
                        push((x, y + h / 2.0), (x + w, y + h / 2.0));
                    }
                } else {
                    push((x, y), (x + w, y));
                    push((x + w, y), (x + w, y + h));
                    push((x + w, y + h), (x, y + h));
                    push((x, y + h), (x, y));
                }
                start = Some((x, y));
                at = Some((x, y));
            }
            PathOp::Close => {
                if let (Some(a), Some(s), false) = (at, start, filled) {
                    if a != s {
                        push(a, s);
                    }
                }
                at = start;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(ctm: &Matrix, path: &[PathOp], filled: bool) -> Vec<Segment> {
        let view = View::new([0.0, 0.0, 600.0, 800.0], 0);
        let mut out = Vec::new();
        segments(ctm, &view, path, filled, &mut out);
        out
    }

    #[test]
    fn strokes_and_thin_fills_become_segments_in_page_coordinates() {
        let id = Matrix::IDENTITY;
        // a stroked vertical line from y=700 to y=600 on an 800pt page
        let got = segs(
            &id,
            &[PathOp::MoveTo(100.0, 700.0), PathOp::LineTo(100.0, 600.0)],
            false,
        );
        assert_eq!(got, [(100.0, 100.0, 100.0, 200.0)]);
        // a stroked cell rectangle: four edges
        assert_eq!(
            segs(&id, &[PathOp::Rect(10.0, 10.0, 50.0, 20.0)], false).len(),
            4
        );
        // a thin filled rectangle is a line through its middle; a wide one is no ruling
        let got = segs(&id, &[PathOp::Rect(50.0, 100.0, 0.5, 40.0)], true);
        assert_eq!(got, [(50.25, 700.0, 50.25, 660.0)]);
        assert!(segs(&id, &[PathOp::Rect(50.0, 100.0, 30.0, 40.0)], true).is_empty());
        // a translated path moves with its transform; curves draw no ruling
        let moved = Matrix::translate(5.0, -10.0);
        let got = segs(
            &moved,
            &[
                PathOp::MoveTo(0.0, 0.0),
                PathOp::CurveTo(3.0, 3.0),
                PathOp::LineTo(3.0, 13.0),
            ],
            false,
        );
        assert_eq!(got, [(8.0, 807.0, 8.0, 797.0)]);
    }

    #[test]
    fn a_rotated_page_maps_rulings_as_displayed() {
        // /Rotate 90 on a 600x800 page: user (x, y) shows at (y, x) from the top left
        let view = View::new([0.0, 0.0, 600.0, 800.0], 90);
        let mut out = Vec::new();
        segments(
            &Matrix::IDENTITY,
            &view,
            &[PathOp::MoveTo(100.0, 700.0), PathOp::LineTo(100.0, 600.0)],
            false,
            &mut out,
        );
        assert_eq!(out, [(700.0, 100.0, 600.0, 100.0)]);
    }
}
