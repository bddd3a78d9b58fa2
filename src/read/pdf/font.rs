//! Fonts: a font dictionary in, a [`Font`] out that splits a shown string into
//! glyphs, each with its text and its width.
//!
//! Built once per font dictionary per document (the interpreter caches them by
//! dictionary), so a ToUnicode CMap or an embedded font program is read once,
//! not once per page.
//!
//! - **Text**: the `/ToUnicode` CMap when it maps the code; else the encoding
//!   (`/Encoding` name or `/Differences` over a base, the standard font's own, an
//!   embedded Type 1 program's own, WinAnsi for TrueType as pdf-extract had it).
//! - **Widths**: simple fonts from `/Widths` and `/FirstChar`, then
//!   `/MissingWidth`, the standard 14 fonts' AFM metrics, or the embedded
//!   TrueType program's `hmtx`; CID fonts from `/W` (both forms) and `/DW`, then
//!   the program. A glyph whose width is unknown or zero keeps its advance (the
//!   PDF places glyphs by these widths) but is flagged `estimated`, so the line
//!   builder gives it a box of the font's average width or up to the next glyph:
//!   no visible glyph is ever zero wide.

use super::cmap::{parse_code_map, parse_to_unicode, CodeMap, ToUnicode};
use super::decode::decode_stream;
use super::encoding::{self, name_to_text};
use super::limits::{Fail, InflateBudget};
use super::metrics::{core_font, is_symbolic_core};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Box width (1/1000 em) for a glyph of a font that gives no width at all.
const DEFAULT_BOX: f64 = 500.0;
/// CID fonts' default width when `/DW` is absent (the PDF reference's value).
const DEFAULT_DW: f64 = 1000.0;

/// One glyph of a shown string.
#[derive(Debug, Clone, Copy)]
pub struct ShownGlyph<'f> {
    /// Its text (empty when the font does not say).
    pub text: &'f str,
    /// Advance width in 1/1000 text-space units.
    pub width: f64,
    /// True when the font gave no usable width (see the module docs).
    pub estimated: bool,
    /// True for a single-byte code 32 (word spacing applies).
    pub is_space_code: bool,
}

/// How the font's codes are read.
#[derive(Debug)]
enum Codes {
    /// One byte per code: text and widths by byte.
    Simple {
        text: Vec<Box<str>>,
        widths: Vec<f64>,
        estimated: Vec<bool>,
    },
    /// A Type 0 font: codes by the CMap, widths by CID.
    Cid {
        codes: CodeMap,
        to_unicode: ToUnicode,
        widths: HashMap<u32, f64>,
        default_width: f64,
    },
}

/// A font ready to split strings into glyphs.
#[derive(Debug)]
pub struct Font {
    codes: Codes,
    /// Box width (1/1000 em) for glyphs flagged `estimated`.
    pub average: f64,
}

impl Font {
    /// The next glyph of `bytes` and the bytes it took; `None` at the end.
    pub fn next_glyph<'f>(&'f self, bytes: &[u8]) -> Option<(ShownGlyph<'f>, usize)> {
        match &self.codes {
            Codes::Simple {
                text,
                widths,
                estimated,
            } => {
                let &b = bytes.first()?;
                let i = b as usize;
                let glyph = ShownGlyph {
                    text: &text[i],
                    width: widths[i],
                    estimated: estimated[i],
                    is_space_code: b == 32,
                };
                Some((glyph, 1))
            }
            Codes::Cid {
                codes,
                to_unicode,
                widths,
                default_width,
            } => {
                let (code, cid, len) = codes.next(bytes)?;
                let width = widths.get(&cid).copied().unwrap_or(*default_width);
                let glyph = ShownGlyph {
                    text: to_unicode.get(code).unwrap_or(""),
                    width,
                    estimated: width <= 0.0,
                    is_space_code: len == 1 && code == 32,
                };
                Some((glyph, len))
            }
        }
    }
}

/// A dictionary entry with references followed.
fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut o = dict.get(key).ok()?;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

/// A number entry.
fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// Builds the font a font dictionary describes.
pub fn load_font(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut InflateBudget,
) -> Result<Font, Fail> {
    let subtype = get(doc, dict, b"Subtype")
        .and_then(|o| o.as_name().ok())
        .unwrap_or(b"Type1");
    if subtype == b"Type0" {
        return load_cid_font(doc, dict, budget);
    }
    let base = get(doc, dict, b"BaseFont")
        .and_then(|o| o.as_name().ok())
        .unwrap_or(b"");
    let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
    let codes = code_texts(doc, dict, subtype, base, descriptor, budget)?;
    let scale = type3_scale(doc, dict, subtype);
    let (widths, estimated, average) =
        simple_widths(doc, dict, base, descriptor, &codes, scale, budget)?;
    let text = codes
        .into_iter()
        .map(|t| t.unwrap_or_default().into_boxed_str())
        .collect();
    Ok(Font {
        codes: Codes::Simple {
            text,
            widths,
            estimated,
        },
        average,
    })
}

/// Type 3 widths are in glyph space: × `/FontMatrix` a, as 1/1000 text space.
fn type3_scale(doc: &Document, dict: &Dictionary, subtype: &[u8]) -> f64 {
    if subtype != b"Type3" {
        return 1.0;
    }
    get(doc, dict, b"FontMatrix")
        .and_then(|m| m.as_array().ok())
        .and_then(|a| a.first())
        .and_then(num)
        .map_or(1.0, |a| a * 1000.0)
}

/// The text of every code of a simple font: ToUnicode over the encoding.
fn code_texts(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    base: &[u8],
    descriptor: Option<&Dictionary>,
    budget: &mut InflateBudget,
) -> Result<Vec<Option<String>>, Fail> {
    let mut texts = simple_encoding(doc, dict, subtype, base, descriptor, budget)?;
    if let Some(map) = to_unicode(doc, dict, budget)? {
        for (code, slot) in texts.iter_mut().enumerate() {
            if let Some(t) = map.get(code as u32) {
                *slot = Some(t.to_string());
            }
        }
    }
    Ok(texts)
}

/// The font's `/ToUnicode` CMap, when it has a stream.
fn to_unicode(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut InflateBudget,
) -> Result<Option<ToUnicode>, Fail> {
    match get(doc, dict, b"ToUnicode") {
        Some(Object::Stream(s)) => Ok(Some(parse_to_unicode(&decode_stream(s, budget)?))),
        _ => Ok(None),
    }
}

/// Code → text from `/Encoding` (a name, or a dictionary with `/Differences`).
fn simple_encoding(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    base: &[u8],
    descriptor: Option<&Dictionary>,
    budget: &mut InflateBudget,
) -> Result<Vec<Option<String>>, Fail> {
    let from_table =
        |t: &encoding::CodeTable| t.iter().map(|c| c.map(String::from)).collect::<Vec<_>>();
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => match encoding::named(n) {
            Some(t) => Ok(from_table(t)),
            None => Err(Fail::damaged(format!(
                "a font has an unknown encoding /{}",
                String::from_utf8_lossy(n)
            ))),
        },
        Some(Object::Dictionary(enc)) => {
            let named_base = get(doc, enc, b"BaseEncoding")
                .and_then(|o| o.as_name().ok())
                .and_then(encoding::named);
            let mut texts = match named_base {
                Some(t) => from_table(t),
                None => default_encoding(doc, subtype, base, descriptor, budget)?,
            };
            apply_differences(doc, enc, &mut texts);
            Ok(texts)
        }
        _ => default_encoding(doc, subtype, base, descriptor, budget),
    }
}

/// The encoding of a font that names none: a standard font's own, an embedded
/// Type 1 program's own, WinAnsi for TrueType, else StandardEncoding.
fn default_encoding(
    doc: &Document,
    subtype: &[u8],
    base: &[u8],
    descriptor: Option<&Dictionary>,
    budget: &mut InflateBudget,
) -> Result<Vec<Option<String>>, Fail> {
    let table = |t: &encoding::CodeTable| t.iter().map(|c| c.map(String::from)).collect::<Vec<_>>();
    if let Some(t) = type1_program_encoding(doc, descriptor, budget)? {
        return Ok(t);
    }
    if subtype == b"TrueType" {
        return Ok(table(encoding::win_ansi()));
    }
    match core_font(base) {
        Some(core) if is_symbolic_core(base) => Ok(table(&core.builtin)),
        _ => Ok(table(encoding::standard())),
    }
}

/// `dup CODE /name put` entries of an embedded Type 1 program's clear-text part.
fn type1_program_encoding(
    doc: &Document,
    descriptor: Option<&Dictionary>,
    budget: &mut InflateBudget,
) -> Result<Option<Vec<Option<String>>>, Fail> {
    let Some(Object::Stream(s)) = descriptor.and_then(|d| get(doc, d, b"FontFile")) else {
        return Ok(None);
    };
    let data = decode_stream(s, budget)?;
    let clear = match data.windows(6).position(|w| w == b"eexec") {
        Some(end) => &data[..end],
        None => &data[..],
    };
    let text = String::from_utf8_lossy(clear);
    if text.contains("/Encoding StandardEncoding") {
        return Ok(None);
    }
    let mut out: Vec<Option<String>> = vec![None; 256];
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    for w in words.windows(4) {
        if let ("dup", Ok(code @ 0..=255), Some(name), "put") =
            (w[0], w[1].parse::<usize>(), w[2].strip_prefix('/'), w[3])
        {
            out[code] = name_to_text(name.as_bytes());
        }
    }
    Ok(out.iter().any(Option::is_some).then_some(out))
}

/// Applies `/Differences [code /name /name ... code /name ...]`.
fn apply_differences(doc: &Document, enc: &Dictionary, texts: &mut [Option<String>]) {
    let Some(Object::Array(diffs)) = get(doc, enc, b"Differences") else {
        return;
    };
    let mut code: i64 = 0;
    for o in diffs {
        match o {
            Object::Integer(i) => code = *i,
            Object::Name(n) => {
                if (0..256).contains(&code) {
                    if let Some(t) = name_to_text(n) {
                        texts[code as usize] = Some(t);
                    }
                }
                code += 1;
            }
            _ => {}
        }
    }
}

/// Widths (1/1000 text space), estimated flags and the average box of a simple font.
fn simple_widths(
    doc: &Document,
    dict: &Dictionary,
    base: &[u8],
    descriptor: Option<&Dictionary>,
    texts: &[Option<String>],
    scale: f64,
    budget: &mut InflateBudget,
) -> Result<(Vec<f64>, Vec<bool>, f64), Fail> {
    let mut widths: Vec<Option<f64>> = vec![None; 256];
    let first = get(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0) as i64;
    if let Some(Object::Array(ws)) = get(doc, dict, b"Widths") {
        for (k, w) in ws.iter().enumerate() {
            let code = first + k as i64;
            if (0..256).contains(&code) {
                widths[code as usize] = get_num(doc, w).map(|v| v * scale);
            }
        }
    }
    let missing = descriptor
        .and_then(|d| get(doc, d, b"MissingWidth"))
        .and_then(num)
        .filter(|w| *w > 0.0);
    let has_widths = widths.iter().any(Option::is_some);
    let core = if has_widths { None } else { core_font(base) };
    let program = if has_widths || core.is_some() {
        None
    } else {
        match descriptor {
            Some(d) => font_program(doc, d, budget)?.and_then(|data| truetype_widths(&data, texts)),
            None => None,
        }
    };
    for (code, slot) in widths.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = missing
                .or_else(|| {
                    core.and_then(|c| {
                        texts[code]
                            .as_ref()?
                            .chars()
                            .next()
                            .and_then(|ch| c.by_char.get(&ch).copied())
                    })
                })
                .or_else(|| program.as_ref().and_then(|p| p[code]));
        }
    }
    Ok(finish_widths(widths))
}

/// Unknown widths become 0 and estimated; the average is over the known positive ones.
fn finish_widths(widths: Vec<Option<f64>>) -> (Vec<f64>, Vec<bool>, f64) {
    let known: Vec<f64> = widths
        .iter()
        .flatten()
        .copied()
        .filter(|w| *w > 0.0)
        .collect();
    let average = if known.is_empty() {
        DEFAULT_BOX
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    let estimated = widths
        .iter()
        .map(|w| w.map_or(true, |v| v <= 0.0))
        .collect();
    (
        widths.into_iter().map(|w| w.unwrap_or(0.0)).collect(),
        estimated,
        average,
    )
}

/// A number, with a reference followed.
fn get_num(doc: &Document, o: &Object) -> Option<f64> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok().and_then(num),
        other => num(other),
    }
}

/// An embedded TrueType program's bytes: `None` when absent or undecodable, a
/// failure only when decoding it reaches a limit (a bomb in a font file).
fn font_program(
    doc: &Document,
    descriptor: &Dictionary,
    budget: &mut InflateBudget,
) -> Result<Option<Vec<u8>>, Fail> {
    let Some(Object::Stream(s)) = get(doc, descriptor, b"FontFile2") else {
        return Ok(None);
    };
    match decode_stream(s, budget) {
        Ok(d) => Ok(Some(d.into_owned())),
        Err(f @ Fail::Limit { .. }) => Err(f),
        Err(_) => Ok(None),
    }
}

/// Per-code widths from an embedded TrueType program (`hmtx` through its `cmap`).
fn truetype_widths(data: &[u8], texts: &[Option<String>]) -> Option<Vec<Option<f64>>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let per_em = f64::from(face.units_per_em().max(1));
    let advance = |gid: ttf_parser::GlyphId| {
        face.glyph_hor_advance(gid)
            .map(|a| f64::from(a) * 1000.0 / per_em)
    };
    let out = (0..256u32)
        .map(|code| {
            let by_char = texts[code as usize]
                .as_ref()
                .and_then(|t| t.chars().next())
                .and_then(|c| face.glyph_index(c));
            let symbolic = char::from_u32(0xF000 + code).and_then(|c| face.glyph_index(c));
            by_char.or(symbolic).and_then(advance)
        })
        .collect();
    Some(out)
}

/// A Type 0 font: its code map, ToUnicode and CID widths.
fn load_cid_font(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut InflateBudget,
) -> Result<Font, Fail> {
    let descendant = match get(doc, dict, b"DescendantFonts") {
        Some(Object::Array(a)) => a.first().and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }),
        _ => None,
    };
    let codes = match get(doc, dict, b"Encoding") {
        Some(Object::Stream(s)) => parse_code_map(&decode_stream(s, budget)?),
        _ => CodeMap::identity(),
    };
    let to_unicode = to_unicode(doc, dict, budget)?.unwrap_or_default();
    let empty = Dictionary::new();
    let cid_dict = descendant.unwrap_or(&empty);
    let mut widths = cid_widths(doc, cid_dict);
    let dw = get(doc, cid_dict, b"DW").and_then(num);
    if widths.is_empty() && dw.is_none() {
        widths = cid_program_widths(doc, cid_dict, budget)?.unwrap_or_default();
    }
    let default_width = dw.unwrap_or(DEFAULT_DW);
    let positive: Vec<f64> = widths.values().copied().filter(|w| *w > 0.0).collect();
    let average = if positive.is_empty() {
        if default_width > 0.0 {
            default_width
        } else {
            DEFAULT_BOX
        }
    } else {
        positive.iter().sum::<f64>() / positive.len() as f64
    };
    Ok(Font {
        codes: Codes::Cid {
            codes,
            to_unicode,
            widths,
            default_width,
        },
        average,
    })
}

/// Most CIDs one `/W` array may give widths to (every two-byte CID).
const MAX_CID_WIDTHS: usize = 1 << 16;

/// `/W [c [w1 w2 ...] cfirst clast w ...]`.
fn cid_widths(doc: &Document, cid_dict: &Dictionary) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let Some(Object::Array(w)) = get(doc, cid_dict, b"W") else {
        return out;
    };
    let mut i = 0;
    while i < w.len() && out.len() < MAX_CID_WIDTHS {
        let Some(first) = get_num(doc, &w[i]).filter(|v| *v >= 0.0) else {
            i += 1;
            continue;
        };
        let next = w.get(i + 1).map(|o| match o {
            Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
            _ => o,
        });
        if let Some(Object::Array(list)) = next {
            for (k, v) in list.iter().enumerate() {
                if let Some(v) = get_num(doc, v) {
                    out.insert(first as u32 + k as u32, v);
                }
            }
            i += 2;
        } else {
            let last = w.get(i + 1).and_then(|o| get_num(doc, o)).unwrap_or(first);
            let width = w.get(i + 2).and_then(|o| get_num(doc, o)).unwrap_or(0.0);
            let span = ((last - first).max(0.0) as usize).min(MAX_CID_WIDTHS);
            for cid in first as u32..=first as u32 + span as u32 {
                out.insert(cid, width);
            }
            i += 3;
        }
    }
    out
}

/// CID widths from an embedded TrueType program (CID → glyph by `/CIDToGIDMap`).
fn cid_program_widths(
    doc: &Document,
    cid_dict: &Dictionary,
    budget: &mut InflateBudget,
) -> Result<Option<HashMap<u32, f64>>, Fail> {
    let Some(descriptor) = get(doc, cid_dict, b"FontDescriptor").and_then(|o| o.as_dict().ok())
    else {
        return Ok(None);
    };
    let Some(data) = font_program(doc, descriptor, budget)? else {
        return Ok(None);
    };
    let map = match get(doc, cid_dict, b"CIDToGIDMap") {
        Some(Object::Stream(m)) => Some(decode_stream(m, budget)?.into_owned()),
        _ => None,
    };
    Ok(cid_advances(&data, map.as_deref()))
}

/// Advance widths by CID of a TrueType program, CID → glyph through `map` (or identity).
fn cid_advances(data: &[u8], map: Option<&[u8]>) -> Option<HashMap<u32, f64>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let per_em = f64::from(face.units_per_em().max(1));
    let count = face.number_of_glyphs() as u32;
    let cids = map
        .as_ref()
        .map_or(count, |m| (m.len() / 2) as u32)
        .min(MAX_CID_WIDTHS as u32);
    let mut out = HashMap::new();
    for cid in 0..cids {
        let gid = match &map {
            Some(m) => u16::from(m[2 * cid as usize]) << 8 | u16::from(m[2 * cid as usize + 1]),
            None => cid as u16,
        };
        if let Some(a) = face.glyph_hor_advance(ttf_parser::GlyphId(gid)) {
            out.insert(cid, f64::from(a) * 1000.0 / per_em);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn font(dict: Dictionary) -> Font {
        let doc = Document::with_version("1.5");
        load_font(&doc, &dict, &mut InflateBudget::for_file(1000)).unwrap()
    }

    fn glyphs(f: &Font, bytes: &[u8]) -> Vec<(String, f64, bool)> {
        let mut out = Vec::new();
        let mut rest = bytes;
        while let Some((g, n)) = f.next_glyph(rest) {
            out.push((g.text.to_string(), g.width, g.estimated));
            rest = &rest[n..];
        }
        out
    }

    #[test]
    fn a_standard_font_takes_its_afm_widths() {
        let f = font(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" },
        );
        assert_eq!(
            glyphs(&f, b"Wi\x92"),
            vec![
                ("W".into(), 944.0, false),
                ("i".into(), 222.0, false),
                ("\u{2019}".into(), 222.0, false)
            ]
        );
    }

    #[test]
    fn widths_and_differences_of_a_simple_font() {
        let f = font(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Foo",
            "FirstChar" => 65, "Widths" => vec![600.into(), 0.into()],
            "Encoding" => dictionary! { "Differences" => vec![66.into(), Object::Name(b"fi".to_vec())] },
        });
        let got = glyphs(&f, b"ABC");
        assert_eq!(got[0], ("A".into(), 600.0, false));
        assert_eq!(got[1], ("\u{FB01}".into(), 0.0, true));
        assert_eq!(got[2], ("C".into(), 0.0, true));
        assert_eq!(f.average, 600.0);
    }

    #[test]
    fn an_unknown_encoding_name_is_refused() {
        let doc = Document::with_version("1.5");
        let d = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "BogusEncoding" };
        assert!(matches!(
            load_font(&doc, &d, &mut InflateBudget::for_file(10)),
            Err(Fail::Damaged(_))
        ));
    }

    #[test]
    fn cid_widths_in_both_forms() {
        let doc = Document::with_version("1.5");
        let w: Vec<Object> = vec![
            3.into(),
            vec![250.into(), 300.into()].into(),
            10.into(),
            12.into(),
            500.into(),
        ];
        let d = dictionary! { "W" => w };
        let got = cid_widths(&doc, &d);
        let mut pairs: Vec<(u32, f64)> = got.into_iter().collect();
        pairs.sort_by_key(|p| p.0);
        assert_eq!(
            pairs,
            vec![
                (3, 250.0),
                (4, 300.0),
                (10, 500.0),
                (11, 500.0),
                (12, 500.0)
            ]
        );
    }
}
