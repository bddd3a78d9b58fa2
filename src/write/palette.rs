//! The one colour palette every picture of the ledger uses (the workbook's
//! Stages sheet, the HTML report's timeline), colour-blind safe.
//!
//! In: a [`Stage`]. Out: its fill and the text colour to write on it. The
//! fills are the Okabe–Ito palette (distinguishable with any common colour
//! vision deficiency), a neutral grey for closed; every fill takes black
//! text at a contrast of 4.5:1 or more.

use crate::model::Stage;

/// A colour as `#RRGGBB`.
pub type Hex = &'static str;

/// The fill of a stage's cells.
pub fn stage_fill(stage: Stage) -> Hex {
    match stage {
        Stage::Define => "#56B4E9",  // sky blue
        Stage::Refine => "#E69F00",  // orange
        Stage::Opine => "#F0E442",   // yellow
        Stage::Decide => "#CC79A7",  // reddish purple
        Stage::Release => "#009E73", // bluish green
        Stage::Closed => "#BBBBBB",  // neutral grey
    }
}

/// The text colour on a stage's fill.
pub fn stage_text(_stage: Stage) -> Hex {
    "#000000"
}

/// The relative luminance of a `#RRGGBB` colour (WCAG 2).
pub fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// The contrast ratio of two colours (WCAG 2: 1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_its_own_fill_and_readable_text() {
        let fills: Vec<Hex> = Stage::ALL.into_iter().map(stage_fill).collect();
        for (i, f) in fills.iter().enumerate() {
            assert!(!fills[..i].contains(f), "{f} used twice");
        }
        for s in Stage::ALL {
            let c = contrast(stage_fill(s), stage_text(s));
            assert!(c >= 4.5, "{s}: contrast {c:.2}");
        }
        assert!((contrast("#000000", "#FFFFFF") - 21.0).abs() < 1e-9);
    }
}
