//! The 14 standard fonts' metrics: a `/BaseFont` name in, glyph widths and the
//! font's built-in encoding out, read once per process from Adobe's Core 14 AFM
//! files (the `pdf-core-14-font-afms` crate).
//!
//! A PDF may use `Helvetica` without embedding it or giving `/Widths`; its widths
//! are then these. Names are matched as viewers match them: a subset prefix
//! (`ABCDEF+`) dropped, and the usual aliases (`Arial`, `TimesNewRoman`,
//! `CourierNew`, with `,Bold`, `-BoldItalicMT`, ...) taken for their standard twin.

use super::encoding::CodeTable;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One standard font's metrics.
#[derive(Debug)]
pub struct CoreFont {
    /// Width (1/1000 em) of each glyph, by the character it draws.
    pub by_char: HashMap<char, f64>,
    /// The font's own encoding (codes of the AFM's `C` fields).
    pub builtin: CodeTable,
    /// Width by code under the built-in encoding.
    pub by_code: [f64; 256],
}

/// The AFM texts, in the order of [`FONT_NAMES`].
const AFMS: [&str; 14] = [
    pdf_core_14_font_afms::COURIER,
    pdf_core_14_font_afms::COURIER_BOLD,
    pdf_core_14_font_afms::COURIER_OBLIQUE,
    pdf_core_14_font_afms::COURIER_BOLD_OBLIQUE,
    pdf_core_14_font_afms::HELVETICA,
    pdf_core_14_font_afms::HELVETICA_BOLD,
    pdf_core_14_font_afms::HELVETICA_OBLIQUE,
    pdf_core_14_font_afms::HELVETICA_BOLD_OBLIQUE,
    pdf_core_14_font_afms::TIMES_ROMAN,
    pdf_core_14_font_afms::TIMES_BOLD,
    pdf_core_14_font_afms::TIMES_ITALIC,
    pdf_core_14_font_afms::TIMES_BOLD_ITALIC,
    pdf_core_14_font_afms::SYMBOL,
    pdf_core_14_font_afms::ZAPF_DINGBATS,
];

/// The standard names, in the order of [`AFMS`].
const FONT_NAMES: [&str; 14] = [
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
];

/// The metrics of the standard font `base_font` names (or is an alias of).
pub fn core_font(base_font: &[u8]) -> Option<&'static CoreFont> {
    static FONTS: [OnceLock<CoreFont>; 14] = [const { OnceLock::new() }; 14];
    let i = standard_index(base_font)?;
    Some(FONTS[i].get_or_init(|| parse_afm(AFMS[i], i >= 12)))
}

/// The built-in encoding of a standard font.
pub fn builtin_encoding(base_font: &[u8]) -> Option<CodeTable> {
    core_font(base_font).map(|f| f.builtin)
}

/// True for Symbol and ZapfDingbats, whose codes are not letters.
pub fn is_symbolic_core(base_font: &[u8]) -> bool {
    standard_index(base_font).is_some_and(|i| i >= 12)
}

/// Which of the 14 a name is, aliases and subset prefixes allowed.
fn standard_index(base_font: &[u8]) -> Option<usize> {
    let name = String::from_utf8_lossy(base_font);
    let name = match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest.to_string(),
        _ => name.into_owned(),
    };
    if let Some(i) = FONT_NAMES.iter().position(|n| *n == name) {
        return Some(i);
    }
    let flat: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let family = if flat.starts_with("arial") || flat.starts_with("helvetica") {
        4
    } else if flat.starts_with("times") {
        8
    } else if flat.starts_with("courier") {
        0
    } else if flat.starts_with("symbol") {
        return Some(12);
    } else if flat.starts_with("zapfdingbats") {
        return Some(13);
    } else {
        return None;
    };
    let bold = flat.contains("bold");
    let slanted = flat.contains("italic") || flat.contains("oblique");
    Some(family + usize::from(bold) + 2 * usize::from(slanted))
}

/// Reads an AFM's `C code ; WX width ; N name ;` lines.
fn parse_afm(afm: &str, symbolic: bool) -> CoreFont {
    let mut font = CoreFont {
        by_char: HashMap::new(),
        builtin: [None; 256],
        by_code: [0.0; 256],
    };
    for line in afm.lines().filter(|l| l.starts_with("C ")) {
        let (mut code, mut width, mut name) = (-1i64, 0.0f64, "");
        for field in line.split(';').map(str::trim) {
            let mut parts = field.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some("C"), Some(v)) => code = v.parse().unwrap_or(-1),
                (Some("WX"), Some(v)) => width = v.parse().unwrap_or(0.0),
                (Some("N"), Some(v)) => name = v,
                _ => {}
            }
        }
        let ch = glyph_char(name, symbolic);
        if let Some(c) = ch {
            font.by_char.entry(c).or_insert(width);
        }
        if (0..256).contains(&code) {
            font.builtin[code as usize] = ch;
            font.by_code[code as usize] = width;
        }
    }
    font
}

/// The character a standard font's glyph draws (Symbol and ZapfDingbats glyphs
/// without a Unicode name draw a private-use character, as in their fonts).
fn glyph_char(name: &str, symbolic: bool) -> Option<char> {
    let text = super::encoding::name_to_text(name.as_bytes());
    match text.and_then(|t| t.chars().next()) {
        Some(c) => Some(c),
        None if symbolic => Some('\u{F8FF}'),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helvetica_widths_and_aliases() {
        let h = core_font(b"Helvetica").unwrap();
        assert_eq!(h.by_char[&'a'], 556.0);
        assert_eq!(h.by_char[&'i'], 222.0);
        assert_eq!(h.by_char[&' '], 278.0);
        assert_eq!(h.by_char[&'\u{2019}'], 222.0);
        assert_eq!(h.builtin[b'A' as usize], Some('A'));
        assert_eq!(h.by_code[b'W' as usize], 944.0);
        let cases: &[(&str, Option<&str>)] = &[
            ("Helvetica-Bold", Some("Helvetica-Bold")),
            ("ABCDEF+Arial,Bold", Some("Helvetica-Bold")),
            ("Arial-BoldItalicMT", Some("Helvetica-BoldOblique")),
            ("TimesNewRomanPSMT", Some("Times-Roman")),
            ("CourierNew,Italic", Some("Courier-Oblique")),
            ("LiberationSans", None),
        ];
        for (name, want) in cases {
            let got = standard_index(name.as_bytes()).map(|i| FONT_NAMES[i]);
            assert_eq!(got, *want, "{name}");
        }
        assert!(is_symbolic_core(b"ZapfDingbats"));
        assert_eq!(core_font(b"Times-Bold").unwrap().by_char[&'W'], 1000.0);
    }
}
