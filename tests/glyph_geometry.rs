//! Issue #13, glyph geometry: widths from the font (`/W` and `/DW`, `/Widths`, the
//! font program), no zero-width glyph, text drawn glyph by glyph reading as text
//! drawn in runs, and rotated or landscape pages in reading order. On the PDFs
//! `cargo run --example make_glyph_fixtures` writes to `fixtures/glyphs/`.

use modledger::layout::{Document, Line};
use modledger::read::pdf::metrics::core_font;
use modledger::read::pdf::read_pdf;
use std::path::Path;
use std::time::Duration;

fn read(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/glyphs")
        .join(name);
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run make_glyph_fixtures)", path.display()));
    read_pdf(name, &bytes, Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"))
}

fn texts(doc: &Document) -> Vec<&str> {
    doc.lines.iter().map(|l| l.text.as_str()).collect()
}

/// Width in points of `text` in 10pt Helvetica (or Helvetica-Bold).
fn helvetica(text: &str, bold: bool) -> f32 {
    let f = core_font(if bold {
        b"Helvetica-Bold"
    } else {
        b"Helvetica"
    })
    .expect("core font");
    text.chars().map(|c| f.by_char[&c]).sum::<f64>() as f32 / 100.0
}

/// Each word's right edge is its left edge plus its Helvetica width (to `tol` points).
fn assert_widths(line: &Line, bold: bool, tol: f32) {
    for w in &line.words {
        let want = w.x0 + helvetica(&w.text, bold);
        assert!(
            (w.x1 - want).abs() <= tol,
            "{:?}: x1 {} but {} from its widths",
            w.text,
            w.x1,
            want
        );
    }
}

/// Words, left edges and right edges of two lines agree to `tol` points.
fn assert_same_words(a: &Line, b: &Line, tol: f32) {
    let words = |l: &Line| l.words.iter().map(|w| w.text.clone()).collect::<Vec<_>>();
    assert_eq!(words(a), words(b));
    for (x, y) in a.words.iter().zip(&b.words) {
        assert!(
            (x.x0 - y.x0).abs() <= tol && (x.x1 - y.x1).abs() <= tol,
            "{x:?} vs {y:?}"
        );
    }
}

#[test]
fn cid_fonts_take_their_widths_from_w_and_dw() {
    let doc = read("cid_fonts.pdf");
    assert_eq!(
        texts(&doc),
        vec![
            "MP042 Regular weight reads whole",
            "DP119",
            "Target 12/03/2021 next box"
        ]
    );
    // `/W` in both forms; `x` has no entry and takes `/DW`
    assert_widths(&doc.lines[0], false, 0.01);
    assert_widths(&doc.lines[2], false, 0.01);
    // zero widths in `/W`, glyphs placed by TJ offsets: one word, no glyph without a box
    let dp = &doc.lines[1].words[0];
    assert_eq!((dp.text.as_str(), dp.x0), ("DP119", 40.0));
    assert!(
        (dp.x1 - (40.0 + helvetica("DP11", true) + 5.56)).abs() < 0.01,
        "{dp:?}"
    );
}

#[test]
fn text_drawn_glyph_by_glyph_reads_as_text_drawn_in_runs() {
    let doc = read("glyph_by_glyph.pdf");
    let line = "SECMP0042 Amend the Code 05/07/2019";
    assert_eq!(&texts(&doc)[..3], &[line, line, line]);
    assert_widths(&doc.lines[0], false, 0.01);
    // TJ with kerning (a tenth of a point at most), and one Tj per glyph
    assert_same_words(&doc.lines[0], &doc.lines[1], 0.15);
    assert_same_words(&doc.lines[0], &doc.lines[2], 0.01);
    // a font whose /Widths are all zero, drawn a glyph at a time: every glyph gets a
    // box (the font's average, cut at the next glyph); where a glyph is wider than
    // that average and the gap reaches a quarter em, the word breaks: without any
    // width the reader cannot tell a wide letter from a space
    let zero: Vec<&str> = doc.lines[3].words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        zero,
        vec!["SECM", "P0042", "Am", "end", "the", "Code", "05/07/2019"]
    );
    assert!(doc.lines[3].words.iter().all(|w| w.x1 > w.x0));
}

#[test]
fn rotated_and_landscape_pages_read_upright_in_reading_order() {
    let doc = read("rotated.pdf");
    assert_eq!(doc.pages, 3);
    let want = [
        "Appendix A Preliminary Assessments",
        "0053 Amend the Code 10/04/2019",
        "0054 Second row 11/04/2019",
    ];
    for page in 1..=3 {
        let lines: Vec<&Line> = doc.lines.iter().filter(|l| l.page == page).collect();
        let got: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, want, "page {page}");
        let ys: Vec<f32> = lines.iter().map(|l| l.y).collect();
        assert_eq!(
            ys,
            vec![55.0, 75.0, 95.0],
            "page {page}: y from the top of the page as shown"
        );
        // the date column sits where it was drawn, 300pt right of the row's start
        assert_eq!(lines[1].words[4].x0, 340.0, "page {page}");
        assert_widths(lines[1], false, 0.01);
    }
}

#[test]
fn widths_come_from_the_font_program_when_the_dictionary_has_none() {
    let doc = read("font_program.pdf");
    let line = "SECMP0042 Amend the Code 05/07/2019";
    assert_eq!(texts(&doc), vec![line, line]);
    // a TrueType font without /Widths, and a CID font without /W or /DW: both from hmtx
    assert_widths(&doc.lines[0], false, 0.01);
    assert_widths(&doc.lines[1], false, 0.01);
}
