//! The one colour palette of every view made for people (the workbook's
//! Stages sheet, the HTML report): a colour per [`Stage`], from the
//! Okabe–Ito palette, which stays distinguishable with the common forms of
//! colour blindness (and in grey print, the stages step from light to dark
//! in process order as far as the palette allows).
//!
//! In: a [`Stage`]. Out: its fill colour and the text colour to write on
//! it, as `0xRRGGBB` and as `#rrggbb`.

use crate::model::Stage;

/// A fill and the text colour that reads on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
    /// The fill, `0xRRGGBB`.
    pub fill: u32,
    /// The text on it, `0xRRGGBB`.
    pub text: u32,
    /// The colour's name in the Okabe–Ito palette, for legends.
    pub name: &'static str,
}

/// Black text: every Okabe–Ito colour used below is light enough for it
/// (contrast ratio above 4.5:1, WCAG AA).
const BLACK: u32 = 0x000000;

/// The swatch of each stage, in process order (index = position in [`Stage::ALL`]).
const STAGE_SWATCHES: [Swatch; 6] = [
    Swatch {
        fill: 0xF0E442,
        text: BLACK,
        name: "yellow",
    },
    Swatch {
        fill: 0x56B4E9,
        text: BLACK,
        name: "sky blue",
    },
    Swatch {
        fill: 0xE69F00,
        text: BLACK,
        name: "orange",
    },
    Swatch {
        fill: 0xCC79A7,
        text: BLACK,
        name: "reddish purple",
    },
    Swatch {
        fill: 0x009E73,
        text: BLACK,
        name: "bluish green",
    },
    Swatch {
        fill: 0x999999,
        text: BLACK,
        name: "grey",
    },
];

/// The swatch of a stage.
pub fn stage_swatch(stage: Stage) -> Swatch {
    let i = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
    STAGE_SWATCHES[i]
}

/// A colour as CSS writes it (`#f0e442`).
pub fn css(colour: u32) -> String {
    format!("#{colour:06x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(c: u32) -> f64 {
        let channel = |shift: u32| {
            let v = f64::from((c >> shift) & 0xFF) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    #[test]
    fn every_stage_has_its_own_readable_colour() {
        let fills: Vec<u32> = Stage::ALL.iter().map(|s| stage_swatch(*s).fill).collect();
        let mut unique = fills.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), Stage::ALL.len(), "one colour per stage");
        for s in Stage::ALL {
            let w = stage_swatch(s);
            let (a, b) = (luminance(w.fill), luminance(w.text));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= 4.5, "{s}: contrast {ratio:.2}");
        }
        assert_eq!(css(stage_swatch(Stage::Define).fill), "#f0e442");
    }
}
