//! One page's glyphs and rulings, and the lines they make.
//!
//! In: glyphs from the interpreter (text-rendering matrix, advance, font size,
//! text) and painted paths. Out: [`Line`]s of [`Word`]s in reading order, y from
//! the top of the page as it is displayed (`/Rotate` applied), and ruling segments.
//!
//! Glyphs become lines by baseline and words at space glyphs and at gaps wider
//! than [`WORD_GAP`] font sizes. A glyph whose font gave no width is boxed up to
//! the next glyph's origin or the font's average width, whichever is nearer, so
//! text drawn one glyph at a time makes the same words as text drawn in runs.

use super::interp::{path_limit, Matrix};
use super::limits::{Fail, MAX_GLYPHS, MAX_PATH_SEGMENTS};
use super::rulings::{segments, PathOp, Segment};
use crate::layout::{Line, Word};
use crate::model::Code;

/// A horizontal gap wider than this many font sizes starts a new word.
const WORD_GAP: f32 = 0.25;
/// Glyphs whose baselines differ by at most this many font sizes share a line.
const LINE_TOL: f32 = 0.3;

/// How user space shows on screen: the media box and the page's `/Rotate`.
#[derive(Debug, Clone, Copy)]
pub struct View {
    box_: [f64; 4],
    rotate: i64,
    /// The top of the unrotated page (the larger y of the media box).
    top: f64,
}

impl View {
    /// The view of a page with media box `[llx lly urx ury]` rotated `rotate` degrees clockwise.
    pub fn new(media: [f64; 4], rotate: i64) -> View {
        let [x0, y0, x1, y1] = media;
        let box_ = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        View {
            box_,
            rotate: rotate.rem_euclid(360) / 90 * 90,
            top: y1.max(y0),
        }
    }

    /// Displayed height, in points.
    pub fn height(&self) -> f32 {
        let [x0, y0, x1, y1] = self.box_;
        if self.rotate % 180 == 0 {
            (y1 - y0) as f32
        } else {
            (x1 - x0) as f32
        }
    }

    /// A point of user space as displayed: x from the left, y from the top.
    pub fn to_view(&self, x: f64, y: f64) -> (f32, f32) {
        let [llx, lly, urx, ury] = self.box_;
        match self.rotate {
            90 => ((y - lly) as f32, (x - llx) as f32),
            180 => ((urx - x) as f32, (y - lly) as f32),
            270 => ((ury - y) as f32, (urx - x) as f32),
            _ => ((x - llx) as f32, (self.top - y) as f32),
        }
    }
}

/// One glyph as displayed.
#[derive(Debug, Clone, Copy)]
struct PlacedGlyph {
    x: f32,
    x1: f32,
    y: f32,
    size: f32,
    /// Byte range of the glyph's text in `Page::text`; empty for whitespace.
    start: u32,
    end: u32,
    /// Set when the font gave no width: the box to give it instead.
    estimated: Option<f32>,
}

impl PlacedGlyph {
    fn is_space(&self) -> bool {
        self.start == self.end
    }
}

/// What one page drew.
#[derive(Debug)]
pub struct Page {
    view: View,
    glyphs: Vec<PlacedGlyph>,
    text: String,
    /// Visible (non-whitespace) glyphs on this page.
    pub visible: usize,
    /// Ruling segments.
    pub segments: Vec<Segment>,
}

impl Page {
    /// An empty page with its view.
    pub fn new(view: View) -> Page {
        Page {
            view,
            glyphs: Vec::new(),
            text: String::new(),
            visible: 0,
            segments: Vec::new(),
        }
    }

    /// Displayed height.
    pub fn height(&self) -> f32 {
        self.view.height()
    }

    /// Records a glyph: `trm` its text-rendering matrix, `w0` its advance in text
    /// space per unit font size, `boxed` the box width to use when the font gave none.
    pub fn glyph(
        &mut self,
        trm: &Matrix,
        w0: f64,
        font_size: f64,
        ch: &str,
        boxed: Option<f64>,
    ) -> Result<(), Fail> {
        let hscale = trm.a.hypot(trm.b);
        let vscale = trm.c.hypot(trm.d);
        let vscale = if vscale > 0.0 { vscale } else { hscale };
        let size = (font_size.abs() * vscale) as f32;
        let (x, y) = self.view.to_view(trm.e, trm.f);
        let w = ((w0 * font_size.abs() * hscale) as f32).max(0.0);
        let estimated = boxed.map(|b| (b * font_size.abs() * hscale) as f32);
        // a glyph placed, sized or as wide as no f32 holds is on no page: ignore it
        let edges_finite = (x + w).is_finite() && estimated.map_or(true, |e| (x + e).is_finite());
        if !x.is_finite() || !y.is_finite() || !size.is_finite() || !edges_finite {
            return Ok(());
        }
        let start = self.text.len() as u32;
        let mut any = false;
        for c in ch.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
            self.text.push(c);
            any = true;
        }
        if any {
            self.visible += 1;
        } else if !ch.chars().any(char::is_whitespace) {
            return Ok(()); // undecodable or control-only glyph: ignore entirely
        }
        if self.glyphs.len() >= MAX_GLYPHS {
            return Err(Fail::limit(
                Code::PdfGlyphLimit,
                format!("a page draws more than {MAX_GLYPHS} glyphs"),
            ));
        }
        let end = self.text.len() as u32;
        self.glyphs.push(PlacedGlyph {
            x,
            x1: x + w,
            y,
            size: size.max(0.1),
            start,
            end,
            estimated,
        });
        Ok(())
    }

    /// Records the rulings of a painted path.
    pub fn add_path(&mut self, ctm: &Matrix, path: &[PathOp], filled: bool) -> Result<(), Fail> {
        segments(ctm, &self.view, path, filled, &mut self.segments);
        if self.segments.len() > MAX_PATH_SEGMENTS {
            return Err(path_limit());
        }
        Ok(())
    }

    /// The page's lines (line numbers still 0), top to bottom.
    pub fn lines(&self, page: u32) -> Vec<Line> {
        let g = &self.glyphs;
        let mut out = Vec::new();
        let mut order: Vec<u32> = (0..g.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&g[a as usize], &g[b as usize]);
            a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
        });
        let mut i = 0;
        while i < order.len() {
            let first = &g[order[i] as usize];
            let tol = (first.size * LINE_TOL).max(0.5);
            let mut j = i + 1;
            while j < order.len() && g[order[j] as usize].y - first.y <= tol {
                j += 1;
            }
            let members = &mut order[i..j];
            members.sort_by(|&a, &b| g[a as usize].x.total_cmp(&g[b as usize].x));
            if let Some(line) = self.words_of(members, page) {
                out.push(line);
            }
            i = j;
        }
        out
    }

    /// A glyph's right edge: its advance, or for an estimated one its box cut at the next origin.
    fn right_edge(&self, members: &[u32], k: usize) -> f32 {
        let gl = &self.glyphs[members[k] as usize];
        let Some(b) = gl.estimated else { return gl.x1 };
        let own = gl.x + b.max(gl.x1 - gl.x);
        match members.get(k + 1).map(|&n| self.glyphs[n as usize].x) {
            Some(next) if next > gl.x => own.min(next),
            _ => own,
        }
    }

    /// Splits one line's glyphs (sorted by x) into words; `None` when nothing visible.
    fn words_of(&self, members: &[u32], page: u32) -> Option<Line> {
        let mut words: Vec<Word> = Vec::new();
        let mut cur: Option<Word> = None;
        let (mut ysum, mut yn) = (0.0f32, 0u32);
        for (k, &m) in members.iter().enumerate() {
            let gl = &self.glyphs[m as usize];
            if gl.is_space() {
                words.extend(cur.take());
                continue;
            }
            ysum += gl.y;
            yn += 1;
            let text = &self.text[gl.start as usize..gl.end as usize];
            let x1 = self.right_edge(members, k);
            match cur.as_mut() {
                Some(w) if gl.x - w.x1 <= WORD_GAP * gl.size => {
                    w.text.push_str(text);
                    w.x1 = w.x1.max(x1);
                }
                _ => {
                    words.extend(cur.take());
                    let mut s = String::with_capacity(16);
                    s.push_str(text);
                    cur = Some(Word {
                        text: s.into(),
                        x0: gl.x,
                        x1: x1.max(gl.x),
                    });
                }
            }
        }
        words.extend(cur.take());
        if words.is_empty() {
            return None;
        }
        Some(Line::from_words(page, 0, ysum / yn as f32, words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64, y: f64) -> Matrix {
        Matrix::translate(x, y)
    }

    #[test]
    fn glyphs_make_words_and_lines() {
        let mut p = Page::new(View::new([0.0, 0.0, 600.0, 800.0], 0));
        for (i, c) in "ab".chars().enumerate() {
            p.glyph(
                &at(10.0 + 5.0 * i as f64, 700.0),
                0.5,
                10.0,
                &c.to_string(),
                None,
            )
            .unwrap();
        }
        p.glyph(&at(20.0, 700.0), 0.25, 10.0, " ", None).unwrap();
        p.glyph(&at(40.0, 700.5), 0.5, 10.0, "c", None).unwrap();
        p.glyph(&at(10.0, 650.0), 0.5, 10.0, "d", None).unwrap();
        p.glyph(&at(10.0, 640.0), 0.5, 10.0, "\u{0}", None).unwrap();
        let lines = p.lines(1);
        let got: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, vec!["ab c", "d"]);
        assert!((lines[0].y - 99.8333).abs() < 1e-3, "{}", lines[0].y);
        assert_eq!(lines[1].y, 150.0);
        assert_eq!((lines[0].words[0].x0, lines[0].words[0].x1), (10.0, 20.0));
        assert_eq!(p.visible, 4);
    }

    #[test]
    fn a_glyph_without_width_is_boxed_up_to_the_next_one() {
        // "DP119" drawn glyph by glyph with zero widths: still one word
        let mut p = Page::new(View::new([0.0, 0.0, 600.0, 800.0], 0));
        for (i, c) in "DP119".chars().enumerate() {
            p.glyph(
                &at(10.0 + 6.0 * i as f64, 700.0),
                0.0,
                10.0,
                &c.to_string(),
                Some(0.6),
            )
            .unwrap();
        }
        p.glyph(&at(70.0, 700.0), 0.0, 10.0, "x", Some(0.6))
            .unwrap();
        let lines = p.lines(1);
        let words: Vec<(&str, f32, f32)> = lines[0]
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.x0, w.x1))
            .collect();
        assert_eq!(words, vec![("DP119", 10.0, 40.0), ("x", 70.0, 76.0)]);
    }

    #[test]
    fn a_glyph_wider_than_an_f32_is_ignored() {
        // found with the pdf_structure generator: ten `8000 0 0 1 0 0 cm` made a word end at inf
        let mut p = Page::new(View::new([0.0, 0.0, 600.0, 800.0], 0));
        let wide = Matrix {
            a: 1e40,
            ..Matrix::translate(10.0, 700.0)
        };
        p.glyph(&wide, 0.5, 10.0, "a", None).unwrap();
        p.glyph(&wide, 0.0, 10.0, "b", Some(0.6)).unwrap();
        p.glyph(&at(10.0, 650.0), 0.5, 10.0, "c", None).unwrap();
        let lines = p.lines(1);
        let got: Vec<(&str, f32, f32)> = lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| (w.text.as_str(), w.x0, w.x1)))
            .collect();
        assert_eq!(got, vec![("c", 10.0, 15.0)]);
        assert_eq!(p.visible, 1);
    }

    #[test]
    fn rotated_views_show_pages_upright() {
        let v = View::new([0.0, 0.0, 595.0, 842.0], 90);
        assert_eq!(v.height(), 595.0);
        assert_eq!(v.to_view(100.0, 300.0), (300.0, 100.0));
        let v = View::new([0.0, 0.0, 595.0, 842.0], -90);
        assert_eq!(v.to_view(100.0, 300.0), (542.0, 495.0));
        let v = View::new([0.0, 0.0, 595.0, 842.0], 180);
        assert_eq!(v.to_view(100.0, 300.0), (495.0, 300.0));
        assert_eq!(
            View::new([0.0, 0.0, 595.0, 842.0], 0).to_view(100.0, 300.0),
            (100.0, 542.0)
        );
    }

    #[test]
    fn too_many_path_segments_fail_the_page() {
        let mut p = Page::new(View::new([0.0, 0.0, 600.0, 800.0], 0));
        let path: Vec<PathOp> = (0..=MAX_PATH_SEGMENTS / 4)
            .map(|i| PathOp::Rect(i as f64, 0.0, 1.0, 1.0))
            .collect();
        assert!(matches!(
            p.add_path(&Matrix::IDENTITY, &path, false),
            Err(Fail::Limit {
                code: Code::PdfPathLimit,
                ..
            })
        ));
    }
}
