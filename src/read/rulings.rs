//! Ruling lines from a PDF page's drawing operations (table borders).
//!
//! pdf-extract hands each stroked or filled path to the reader with its
//! transform. Stroked straight segments, the edges of stroked rectangles and
//! filled rectangles thin enough to be a line (how word processors draw
//! cell borders) become [`Segment`]s in page coordinates, y from the top, as
//! the words have them. Curves are not rulings and are skipped.

use pdf_extract::{Path, PathOp, Transform};

/// A straight line on the current page: (x0, y0, x1, y1), y from the top.
pub type Segment = (f32, f32, f32, f32);

/// A filled rectangle no thicker than this (points) is a drawn line.
const THIN: f64 = 2.0;

/// Maps a user-space point to page coordinates (y from the top).
fn to_page(ctm: &Transform, top: f64, x: f64, y: f64) -> (f32, f32) {
    let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
    let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
    (px as f32, (top - py) as f32)
}

/// The straight segments a path draws; `filled` keeps only thin rectangles.
pub fn segments(ctm: &Transform, top: f64, path: &Path, filled: bool) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start: Option<(f64, f64)> = None;
    let mut at: Option<(f64, f64)> = None;
    let mut push = |a: (f64, f64), b: (f64, f64)| {
        let (x0, y0) = to_page(ctm, top, a.0, a.1);
        let (x1, y1) = to_page(ctm, top, b.0, b.1);
        if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
            out.push((x0, y0, x1, y1));
        }
    };
    for op in &path.ops {
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
            PathOp::CurveTo(_, _, _, _, x, y) => at = Some((x, y)),
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(ops: Vec<PathOp>) -> Path {
        Path { ops }
    }

    #[test]
    fn strokes_and_thin_fills_become_segments_in_page_coordinates() {
        let id = Transform::identity();
        // a stroked vertical line from y=700 to y=600 on an 800pt page
        let got = segments(
            &id,
            800.0,
            &path(vec![
                PathOp::MoveTo(100.0, 700.0),
                PathOp::LineTo(100.0, 600.0),
            ]),
            false,
        );
        assert_eq!(got, [(100.0, 100.0, 100.0, 200.0)]);
        // a stroked cell rectangle: four edges
        let got = segments(
            &id,
            800.0,
            &path(vec![PathOp::Rect(10.0, 10.0, 50.0, 20.0)]),
            false,
        );
        assert_eq!(got.len(), 4);
        // a thin filled rectangle is a line through its middle; a wide one is no ruling
        let got = segments(
            &id,
            800.0,
            &path(vec![PathOp::Rect(50.0, 100.0, 0.5, 40.0)]),
            true,
        );
        assert_eq!(got, [(50.25, 700.0, 50.25, 660.0)]);
        assert!(segments(
            &id,
            800.0,
            &path(vec![PathOp::Rect(50.0, 100.0, 30.0, 40.0)]),
            true
        )
        .is_empty());
        // a translated path moves with its transform; curves draw no ruling
        let moved = Transform::create_translation(5.0, -10.0);
        let got = segments(
            &moved,
            800.0,
            &path(vec![
                PathOp::MoveTo(0.0, 0.0),
                PathOp::CurveTo(1.0, 1.0, 2.0, 2.0, 3.0, 3.0),
                PathOp::LineTo(3.0, 13.0),
            ]),
            false,
        );
        assert_eq!(got, [(8.0, 807.0, 8.0, 797.0)]);
    }
}
