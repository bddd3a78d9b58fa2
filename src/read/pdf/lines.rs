//! Running headers, footers and boilerplate: a file's page lines in, its content
//! lines out.
//!
//! A line in the top or bottom [`BAND`] of a page whose text (digits masked)
//! repeats on two or more pages is a running header or footer; `Page N of M`,
//! `DCC PUBLIC` and classification notices are boilerplate wherever they are.

use crate::layout::Line;
use std::collections::{HashMap, HashSet};

/// Fraction of the page height at the top and bottom where running headers/footers live.
const BAND: f32 = 0.08;
/// Page height assumed when a page gives none (A4 portrait, in points).
const DEFAULT_HEIGHT: f32 = 842.0;

/// A line before header/footer removal, with its page's displayed height.
pub struct PageLine {
    /// The line.
    pub line: Line,
    /// Its page's height in points.
    pub height: f32,
}

/// The text with every run of digits replaced by a single `#`.
fn mask_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// True for `Page 3 of 7` (any case), the whole text.
fn is_page_n_of_m(s: &str) -> bool {
    let w: Vec<&str> = s.split(' ').collect();
    w.len() == 4
        && w[0].eq_ignore_ascii_case("page")
        && w[2].eq_ignore_ascii_case("of")
        && w[1].bytes().all(|b| b.is_ascii_digit())
        && w[3].bytes().all(|b| b.is_ascii_digit())
        && !w[1].is_empty()
        && !w[3].is_empty()
}

/// True when the text ends with `Page N of M`.
fn ends_with_page_n_of_m(s: &str) -> bool {
    let w: Vec<&str> = s.split(' ').collect();
    w.len() >= 4 && is_page_n_of_m(&w[w.len() - 4..].join(" "))
}

/// Lines that are boilerplate wherever they are on the page.
fn is_boilerplate(text: &str) -> bool {
    let t = text.trim();
    if is_page_n_of_m(t) || t.eq_ignore_ascii_case("dcc public") {
        return true;
    }
    if t.to_ascii_lowercase()
        .starts_with("this document has a classification of")
    {
        return true;
    }
    // e.g. `SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7`
    ends_with_page_n_of_m(t) && t.to_ascii_lowercase().contains("dcc public")
}

/// Drops running headers/footers and boilerplate lines.
pub fn drop_headers_footers(lines: Vec<PageLine>) -> Vec<Line> {
    let in_band = |pl: &PageLine| {
        let h = if pl.height > 0.0 {
            pl.height
        } else {
            DEFAULT_HEIGHT
        };
        pl.line.y < h * BAND || pl.line.y > h * (1.0 - BAND)
    };
    let mut pages_by_text: HashMap<String, HashSet<u32>> = HashMap::new();
    for pl in lines.iter().filter(|pl| in_band(pl)) {
        pages_by_text
            .entry(mask_digits(&pl.line.text))
            .or_default()
            .insert(pl.line.page);
    }
    lines
        .into_iter()
        .filter(|pl| {
            if is_boilerplate(&pl.line.text) {
                return false;
            }
            if in_band(pl) {
                if ends_with_page_n_of_m(&pl.line.text) {
                    return false;
                }
                if pages_by_text
                    .get(&mask_digits(&pl.line.text))
                    .is_some_and(|p| p.len() >= 2)
                {
                    return false;
                }
            }
            true
        })
        .map(|pl| pl.line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_detection() {
        assert!(is_boilerplate("Page 3 of 7"));
        assert!(is_boilerplate("DCC PUBLIC"));
        assert!(is_boilerplate("DCC Public"));
        assert!(is_boilerplate(
            "SEC Modifications – DCC Assessments DCC PUBLIC Page 3 of 7"
        ));
        assert!(is_boilerplate(
            "This document has a Classification of White"
        ));
        assert!(!is_boilerplate("Classification: DCC Public"));
        assert!(!is_boilerplate("3 DCC Assessment Delivery Dates"));
        assert_eq!(mask_digits("Page 12 of 14"), "Page # of #");
    }
}
