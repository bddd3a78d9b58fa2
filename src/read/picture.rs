//! Page pictures for OCR: an image file's bytes in, a contrast-normalised
//! grayscale picture (PGM) out.
//!
//! Tesseract binarises a page with one global threshold, so text printed
//! in light gray (the greyed-out rows of a table) or dark text on a shaded
//! cell is lost while black text on white reads well. Before OCR each
//! pixel is therefore divided by the paper around it (the page's
//! background, estimated by a morphological closing that removes the ink)
//! and the ratio stretched so that anything clearly darker than its paper
//! is dark: gray text on white and black text on a gray cell both become
//! black on white.
//!
//! Decoding uses the `image` crate (JPEG, PNG, PNM) with a memory limit.

use std::collections::VecDeque;

/// Width of the window the paper is estimated over, in inches: wider than
/// any stroke of body text (so the closing removes the ink), narrower than
/// a shaded table cell (so a cell's shade is its own paper).
const PAPER_WINDOW_INCH: f32 = 0.08;
/// A pixel at most this share of its paper's brightness is ink, fully dark
/// (light gray text, about half as bright as white paper, is ink).
const INK_RATIO: f32 = 0.7;
/// A pixel at least this share of its paper's brightness is paper, fully
/// white (JPEG ringing and scanner noise stay above it).
const PAPER_RATIO: f32 = 0.92;
/// Largest picture decoded (bytes of its pixels): an A3 page at 600 dpi in
/// gray is about 70 MB.
pub const MAX_PICTURE_BYTES: u64 = 100_000_000;

/// An 8-bit grayscale picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Row-major pixels, 0 black to 255 white.
    pub pixels: Vec<u8>,
}

/// Decodes a JPEG, PNG or PNM picture to grayscale.
pub fn decode(bytes: &[u8]) -> Result<Gray, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PICTURE_BYTES * 4);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| e.to_string())?.into_luma8();
    let (w, h) = img.dimensions();
    Ok(Gray {
        width: w as usize,
        height: h as usize,
        pixels: img.into_raw(),
    })
}

/// The picture as a binary PGM file (`P5`), which tesseract reads.
pub fn to_pgm(g: &Gray) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", g.width, g.height).into_bytes();
    out.extend_from_slice(&g.pixels);
    out
}

/// Running maximum (or minimum) of `src` over a window of `radius` on
/// each side, into `out` (a monotonic queue: linear in the length).
fn running(src: &[u8], radius: usize, keep_max: bool, queue: &mut VecDeque<usize>, out: &mut [u8]) {
    queue.clear();
    let better = |a: u8, b: u8| if keep_max { a >= b } else { a <= b };
    let n = src.len();
    let mut next = 0;
    for (i, slot) in out.iter_mut().enumerate().take(n) {
        let end = (i + radius).min(n - 1);
        while next <= end {
            while queue.back().is_some_and(|&k| better(src[next], src[k])) {
                queue.pop_back();
            }
            queue.push_back(next);
            next += 1;
        }
        while queue.front().is_some_and(|&k| k + radius < i) {
            queue.pop_front();
        }
        *slot = queue.front().map_or(src[i], |&k| src[k]);
    }
}

/// A square running maximum or minimum over the whole picture (rows, then columns).
fn filter2d(g: &Gray, radius: usize, keep_max: bool) -> Vec<u8> {
    let (w, h) = (g.width, g.height);
    let mut rows = vec![0u8; w * h];
    let mut queue = VecDeque::new();
    for y in 0..h {
        let span = y * w..(y + 1) * w;
        running(
            &g.pixels[span.clone()],
            radius,
            keep_max,
            &mut queue,
            &mut rows[span],
        );
    }
    let mut out = vec![0u8; w * h];
    let mut col = vec![0u8; h];
    let mut done = vec![0u8; h];
    for x in 0..w {
        for y in 0..h {
            col[y] = rows[y * w + x];
        }
        running(&col, radius, keep_max, &mut queue, &mut done);
        for y in 0..h {
            out[y * w + x] = done[y];
        }
    }
    out
}

/// The paper under each pixel: the picture with its ink closed away
/// (running maximum, then running minimum, over the paper window).
fn paper(g: &Gray, radius: usize) -> Vec<u8> {
    let lifted = Gray {
        width: g.width,
        height: g.height,
        pixels: filter2d(g, radius, true),
    };
    filter2d(&lifted, radius, false)
}

/// What a pixel becomes given its paper: a lookup table by (paper, pixel).
fn stretch_table() -> Vec<u8> {
    let mut lut = vec![0u8; 256 * 256];
    for p in 0..256usize {
        for v in 0..256usize {
            let ratio = v as f32 / p.max(1) as f32;
            let t = ((ratio - INK_RATIO) / (PAPER_RATIO - INK_RATIO)).clamp(0.0, 1.0);
            lut[p * 256 + v] = (t * 255.0).round() as u8;
        }
    }
    lut
}

/// Mean brightness over a square of `radius` around each pixel (a summed-area table).
fn box_mean(g: &Gray, radius: usize) -> Vec<u8> {
    let (w, h) = (g.width, g.height);
    let mut sums = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(g.pixels[y * w + x]);
            sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row;
        }
    }
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let total = sums[y1 * (w + 1) + x1] + sums[y0 * (w + 1) + x0]
                - sums[y0 * (w + 1) + x1]
                - sums[y1 * (w + 1) + x0];
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            out[y * w + x] = (total / n.max(1)) as u8;
        }
    }
    out
}

/// Width of the window that tells a dark fill (a table header printed
/// white on black) from black text, in inches: taller than a line of text
/// with its spacing, so text on paper averages light.
const FILL_WINDOW_INCH: f32 = 0.15;
/// A window averaging darker than this is a dark fill (black text on white
/// averages above 180, a white-on-black header about 100). Dark fills are
/// left as they are: tesseract reads inverted text itself, and dividing by
/// the paper would break the fill into blotches.
const DARK_FILL: u8 = 120;

/// Normalises the picture's contrast against its paper (see the module
/// docs); `dpi` sizes the windows.
pub fn normalise(g: &mut Gray, dpi: f32) {
    if g.width == 0 || g.height == 0 {
        return;
    }
    let dpi = dpi.clamp(50.0, 1200.0);
    let radius = |inch: f32| ((dpi * inch) / 2.0).round().max(1.0) as usize;
    let bg = paper(g, radius(PAPER_WINDOW_INCH));
    let fills = dark_fills(g, radius(FILL_WINDOW_INCH));
    let lut = stretch_table();
    for ((v, p), fill) in g.pixels.iter_mut().zip(bg).zip(fills) {
        if fill == 0 {
            *v = lut[usize::from(p) * 256 + usize::from(*v)];
        }
    }
}

/// 255 where a pixel lies in or at the edge of a dark fill, else 0: where
/// the mean over the fill window is dark, widened by half that window (the
/// mean misses a fill's edges).
fn dark_fills(g: &Gray, radius: usize) -> Vec<u8> {
    let mean = box_mean(g, radius);
    let mask = Gray {
        width: g.width,
        height: g.height,
        pixels: mean
            .into_iter()
            .map(|m| if m < DARK_FILL { 255 } else { 0 })
            .collect(),
    };
    filter2d(&mask, radius.div_ceil(2), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gray(width: usize, height: usize, pixels: Vec<u8>) -> Gray {
        Gray {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn running_max_and_min_cover_the_window() {
        let mut q = VecDeque::new();
        let src = [5u8, 1, 9, 3, 3, 0, 7];
        let mut out = [0u8; 7];
        running(&src, 1, true, &mut q, &mut out);
        assert_eq!(out, [5, 9, 9, 9, 3, 7, 7]);
        running(&src, 1, false, &mut q, &mut out);
        assert_eq!(out, [1, 1, 1, 3, 0, 0, 0]);
        running(&src, 0, true, &mut q, &mut out);
        assert_eq!(out, src);
    }

    #[test]
    fn light_gray_text_and_text_on_a_shaded_cell_become_black_on_white() {
        // left half white paper with a gray (140) stroke, right half a shaded
        // cell (190) with a black stroke; one row is enough for the idea
        let mut px = vec![255u8; 40];
        px[5] = 140;
        px[6] = 140;
        for p in px.iter_mut().skip(20) {
            *p = 190;
        }
        px[30] = 0;
        px[31] = 0;
        let mut g = gray(40, 1, px);
        let r = 3;
        let bg = paper(&g, r);
        assert_eq!(bg[5], 255, "the stroke is closed away");
        assert_eq!(bg[30], 190, "the cell's shade is its paper");
        let lut = stretch_table();
        for (v, p) in g.pixels.iter_mut().zip(bg) {
            *v = lut[usize::from(p) * 256 + usize::from(*v)];
        }
        assert_eq!((g.pixels[5], g.pixels[30]), (0, 0), "ink is black");
        assert_eq!(
            (g.pixels[0], g.pixels[25], g.pixels[39]),
            (255, 255, 255),
            "paper is white"
        );
    }

    #[test]
    fn pictures_decode_and_round_trip_through_pgm() {
        let g = gray(3, 2, vec![0, 50, 100, 150, 200, 250]);
        let pgm = to_pgm(&g);
        assert!(pgm.starts_with(b"P5\n3 2\n255\n"));
        assert_eq!(decode(&pgm).unwrap(), g);
        assert!(decode(b"not a picture").is_err());
        let mut empty = gray(0, 0, Vec::new());
        normalise(&mut empty, 200.0);
        assert!(empty.pixels.is_empty());
    }
}
