//! Stage 8b: the ledger as one self-contained HTML page (`index.html`).
//!
//! In: a [`PageInput`]: the ledger's tables as typed rows, from a ledger
//! built in memory (`convert`) or read back from a ledger folder
//! (`modledger report`). Out: the bytes of `index.html`: styles, script
//! and SVG pictures inline, no request to any other place (a
//! Content-Security-Policy of `default-src 'none'` with the page's own
//! style and script allowed by hash), readable with scripts off.
//!
//! The views, each a picture first and a table second: the header
//! (months covered and missing, proposals by stage), the timeline
//! ([`timeline`]), the DCC assessments ([`assessments`]), month against
//! month ([`changes`], from [`crate::diff`]), one proposal's story
//! ([`story`]) and the quality of the reading ([`quality`]). [`derive`]
//! turns rows into what the pictures show; [`svg`] writes the pictures.
//! Markup is written with maud, which escapes every value it is given.

pub mod assessments;
pub mod changes;
pub mod derive;
pub mod input;
pub mod page;
pub mod pictures;
pub mod quality;
pub mod story;
pub mod svg;
pub mod timeline;

pub use input::PageInput;

use crate::error::Error;
use crate::ledger::Ledger;

/// The page's file name in the ledger folder.
pub const FILE: &str = "index.html";

/// The colours of the page itself (text, lines, links); the stages'
/// colours are [`crate::write::palette`]'s.
pub mod ui {
    /// The page's background.
    pub const PAPER: &str = "#FFFFFF";
    /// Body text and marks.
    pub const INK: &str = "#1A1A1A";
    /// Secondary text, axes, the diagonal of the assessment charts.
    pub const MUTED: &str = "#595959";
    /// Links and the focus ring.
    pub const LINK: &str = "#0B57D0";
    /// Table rules and the light band of a month with no report.
    pub const RULE: &str = "#D0D0D0";
    /// The background of the timeline row under the pointer or the focus.
    pub const HOVER: &str = "#F2F2F2";
    /// Every text colour of the page with each background it is written on.
    pub const TEXT_PAIRS: [(&str, &str); 7] = [
        (INK, PAPER),
        (MUTED, PAPER),
        (LINK, PAPER),
        (INK, HOVER),
        (MUTED, HOVER),
        (LINK, HOVER),
        (INK, RULE),
    ];
}

/// `index.html` for a ledger built in memory.
pub fn html_of_ledger(l: &Ledger) -> Vec<u8> {
    html(&PageInput::from_ledger(l))
}

/// `index.html` for the rows of a ledger.
pub fn html(input: &PageInput) -> Vec<u8> {
    page::render(input).into_bytes()
}

/// `index.html` for a ledger folder `convert` wrote.
pub fn html_of_dir(dir: &std::path::Path) -> Result<Vec<u8>, Error> {
    Ok(html(&PageInput::read_dir(dir)?))
}

#[cfg(test)]
mod tests {
    use super::ui;
    use crate::write::palette::contrast;

    #[test]
    fn every_text_colour_of_the_page_reads_at_4_5_to_1() {
        for (fg, bg) in ui::TEXT_PAIRS {
            let c = contrast(fg, bg);
            assert!(c >= 4.5, "{fg} on {bg}: {c:.2}");
        }
    }
}
