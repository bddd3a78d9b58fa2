//! Single-byte encodings and glyph names: a code or a glyph name in, the
//! character(s) it stands for out.
//!
//! The tables are the PDF reference's (Annex D): `WinAnsiEncoding` is Windows-1252
//! with the reference's changes (every unused code is a bullet, `0xA0` a space,
//! `0xAD` a hyphen), `MacRomanEncoding` is Mac OS Roman as the reference has it
//! (`0xCA` a space, `0xDB` the currency sign), `StandardEncoding` and the Symbol
//! and ZapfDingbats fonts' own encodings come from the Core 14 AFM files
//! ([`super::metrics`]), and `PDFDocEncoding` is Latin-1 with its own changes.
//! Glyph names map through the Adobe Glyph List for New Fonts (the `glyph-names`
//! crate), a few legacy names (`fi`, `nbspace`, ...), and the `uniXXXX`, `uXXXXX`
//! and `a_b.suffix` forms of the AGL specification.

use std::collections::HashMap;
use std::sync::OnceLock;

/// 256 codes, each to a character (or none).
pub type CodeTable = [Option<char>; 256];

/// Legacy AGL names the glyph-names crate (AGLFN) does not list.
const LEGACY_NAMES: &[(&str, char)] = &[
    ("fi", '\u{FB01}'),
    ("fl", '\u{FB02}'),
    ("ff", '\u{FB00}'),
    ("ffi", '\u{FB03}'),
    ("ffl", '\u{FB04}'),
    ("nbspace", '\u{00A0}'),
    ("nonbreakingspace", '\u{00A0}'),
    ("sfthyphen", '\u{00AD}'),
    ("softhyphen", '\u{00AD}'),
    ("middot", '\u{00B7}'),
    ("mu1", '\u{00B5}'),
    ("Ohm", '\u{2126}'),
    ("Tcommaaccent", '\u{0162}'),
    ("tcommaaccent", '\u{0163}'),
    ("dotlessj", '\u{0237}'),
    ("apple", '\u{F8FF}'),
    ("afii61289", '\u{2113}'),
    ("afii00208", '\u{2015}'),
    ("overscore", '\u{00AF}'),
    ("brokenbar", '\u{00A6}'),
];

/// The character(s) a glyph name stands for, when known.
pub fn name_to_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    if let Some(c) = known_name(name) {
        return Some(c.to_string());
    }
    // AGL: drop a `.suffix`, then each `_` component maps on its own
    let base = name.split('.').next().unwrap_or("");
    if base.is_empty() {
        return None;
    }
    let mut out = String::new();
    for part in base.split('_') {
        out.push_str(&component_text(part)?);
    }
    Some(out)
}

/// One component of a glyph name: a listed name, `uniXXXX[XXXX...]` or `uXXXX[X[X]]`.
fn component_text(part: &str) -> Option<String> {
    if let Some(c) = known_name(part) {
        return Some(c.to_string());
    }
    if let Some(hex) = part.strip_prefix("uni") {
        if hex.len() % 4 != 0 || hex.is_empty() {
            return None;
        }
        return (0..hex.len())
            .step_by(4)
            .map(|i| {
                u32::from_str_radix(hex.get(i..i + 4)?, 16)
                    .ok()
                    .and_then(char::from_u32)
            })
            .collect();
    }
    let hex = part.strip_prefix('u')?;
    if (4..=6).contains(&hex.len()) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

/// The AGLFN name or a legacy name.
fn known_name(name: &str) -> Option<char> {
    static NAMES: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut m: HashMap<&'static str, char> = glyph_names::GLYPH_NAME_PAIRS
            .iter()
            .map(|&(c, n)| (n, c))
            .collect();
        m.extend(LEGACY_NAMES.iter().copied());
        m
    });
    names.get(name).copied()
}

/// A named base encoding's table (`None` for a name the reference does not define).
pub fn named(name: &[u8]) -> Option<&'static CodeTable> {
    match name {
        b"WinAnsiEncoding" => Some(win_ansi()),
        b"MacRomanEncoding" => Some(mac_roman()),
        b"StandardEncoding" => Some(standard()),
        b"PDFDocEncoding" => Some(pdf_doc()),
        // MacExpert holds small capitals and old-style figures: letters and digits still
        b"MacExpertEncoding" => Some(standard()),
        _ => None,
    }
}

/// Codes 0x20-0x7E as ASCII, the rest empty.
fn ascii() -> CodeTable {
    let mut t = [None; 256];
    for (b, slot) in t.iter_mut().enumerate().take(0x7F).skip(0x20) {
        *slot = char::from_u32(b as u32);
    }
    t
}

/// Codes 0x80-0xFF of a single-byte encoding_rs encoding.
fn upper_half(t: &mut CodeTable, enc: &'static encoding_rs::Encoding) {
    for b in 0x80..=0xFFu8 {
        let byte = [b];
        let (s, _) = enc.decode_without_bom_handling(&byte);
        t[b as usize] = s.chars().next().filter(|c| *c != '\u{FFFD}');
    }
}

/// `WinAnsiEncoding`.
pub fn win_ansi() -> &'static CodeTable {
    static T: OnceLock<CodeTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ascii();
        upper_half(&mut t, encoding_rs::WINDOWS_1252);
        for b in [0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D] {
            t[b] = Some('\u{2022}');
        }
        t[0xA0] = Some(' ');
        t[0xAD] = Some('-');
        t
    })
}

/// `MacRomanEncoding`.
pub fn mac_roman() -> &'static CodeTable {
    static T: OnceLock<CodeTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ascii();
        upper_half(&mut t, encoding_rs::MACINTOSH);
        t[0xCA] = Some(' ');
        t[0xDB] = Some('\u{00A4}');
        t[0xF0] = None;
        t
    })
}

/// `PDFDocEncoding` (Latin-1 but for 0x18-0x1F and 0x7F-0xA0).
pub fn pdf_doc() -> &'static CodeTable {
    static T: OnceLock<CodeTable> = OnceLock::new();
    const LOW: [u16; 8] = [
        0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC,
    ];
    const HIGH: [u16; 33] = [
        0, 0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
        0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
        0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0,
    ];
    T.get_or_init(|| {
        let mut t = ascii();
        for b in 0xA1..=0xFFu32 {
            t[b as usize] = char::from_u32(b);
        }
        t[0xA0] = Some('\u{20AC}');
        t[0xAD] = None;
        for (i, &u) in LOW.iter().enumerate() {
            t[0x18 + i] = char::from_u32(u.into());
        }
        for (i, &u) in HIGH.iter().enumerate() {
            t[0x7F + i] = char::from_u32(u.into()).filter(|&c| c != '\0');
        }
        t
    })
}

/// `StandardEncoding`, from the codes the Helvetica AFM gives its glyphs.
pub fn standard() -> &'static CodeTable {
    static T: OnceLock<CodeTable> = OnceLock::new();
    T.get_or_init(|| super::metrics::builtin_encoding(b"Helvetica").unwrap_or([None; 256]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_map_to_text() {
        let cases: &[(&str, Option<&str>)] = &[
            ("A", Some("A")),
            ("quoteright", Some("\u{2019}")),
            ("endash", Some("\u{2013}")),
            ("fi", Some("\u{FB01}")),
            ("uni2019", Some("\u{2019}")),
            ("uni00660069", Some("fi")),
            ("u1F574", Some("\u{1F574}")),
            ("f_i", Some("fi")),
            ("a.sc", Some("a")),
            ("g123", None),
            ("", None),
            (".notdef", None),
        ];
        for (name, want) in cases {
            assert_eq!(name_to_text(name.as_bytes()).as_deref(), *want, "{name}");
        }
    }

    #[test]
    fn base_encodings_follow_the_reference() {
        let w = win_ansi();
        assert_eq!(
            (
                w[b'A' as usize],
                w[0x92],
                w[0x96],
                w[0xA0],
                w[0xAD],
                w[0x81]
            ),
            (
                Some('A'),
                Some('\u{2019}'),
                Some('\u{2013}'),
                Some(' '),
                Some('-'),
                Some('\u{2022}')
            )
        );
        let m = mac_roman();
        assert_eq!(
            (m[0xD5], m[0xCA], m[0xDB], m[0xDE]),
            (
                Some('\u{2019}'),
                Some(' '),
                Some('\u{A4}'),
                Some('\u{FB01}')
            )
        );
        let s = standard();
        assert_eq!(
            (s[0x27], s[0x60], s[0xAE], s[0xE1]),
            (
                Some('\u{2019}'),
                Some('\u{2018}'),
                Some('\u{FB01}'),
                Some('\u{C6}')
            )
        );
        let p = pdf_doc();
        assert_eq!(
            (p[0x93], p[0xE9], p[0x7F], p[0x18]),
            (Some('\u{FB01}'), Some('\u{E9}'), None, Some('\u{2D8}'))
        );
        assert!(named(b"BogusEncoding").is_none());
    }
}
