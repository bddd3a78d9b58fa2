//! Writes the glyph-geometry fixtures (issue #13): small PDFs that draw the same
//! text in the ways producers do, for `tests/glyph_geometry.rs`.
//!
//! Run from the crate root: `cargo run --example make_glyph_fixtures`. Out, in
//! `fixtures/glyphs/`:
//! - `cid_fonts.pdf`: Identity-H Type 0 fonts whose widths are in `/W` (both the
//!   `c [w ...]` and the `cfirst clast w` forms) and `/DW`, text through ToUnicode;
//!   a bold reference whose glyphs have zero widths and are placed by `TJ` offsets.
//! - `glyph_by_glyph.pdf`: one line drawn as a run, with `TJ` kerning, one `Tj`
//!   per glyph, and one glyph at a time in a font whose `/Widths` are all zero.
//! - `rotated.pdf`: a portrait page shown landscape by `/Rotate 90`, a landscape
//!   media box, and `/Rotate 270`, each with the same upright text.
//! - `font_program.pdf`: a TrueType font and a CID font with neither `/Widths` nor
//!   `/W`: widths only in the embedded program (a tiny TrueType made here).
//!
//! Widths are Helvetica's (the Core 14 AFM metrics the reader itself uses), so no
//! font file is needed and the output is byte-for-byte deterministic.

use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use modledger::read::pdf::metrics::core_font;
use std::path::Path;

/// The characters the fixtures draw, in CID order (CID = index + 1).
const CHARSET: &str = " ,./0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SIZE: f64 = 10.0;

/// Helvetica (or Helvetica-Bold) width of `c`, in 1/1000 em.
fn width(c: char, bold: bool) -> f64 {
    let name: &[u8] = if bold {
        b"Helvetica-Bold"
    } else {
        b"Helvetica"
    };
    core_font(name)
        .and_then(|f| f.by_char.get(&c).copied())
        .unwrap_or(500.0)
}

fn cid(c: char) -> u16 {
    CHARSET.find(c).map_or(0, |i| i as u16 + 1)
}

/// Two-byte CID codes of `text` as a hex string operand.
fn cid_hex(text: &str) -> String {
    let hex: String = text.chars().map(|c| format!("{:04X}", cid(c))).collect();
    format!("<{hex}>")
}

fn stream(dict: lopdf::Dictionary, data: Vec<u8>) -> Object {
    Object::Stream(Stream::new(dict, data))
}

/// A ToUnicode CMap giving each character of `chars` the code `code(c)`.
fn to_unicode(chars: &str, code: impl Fn(char) -> u32) -> Vec<u8> {
    let mut s = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    s.push_str(&format!("{} beginbfchar\n", chars.chars().count()));
    for c in chars.chars() {
        s.push_str(&format!("<{:04X}> <{:04X}>\n", code(c), c as u32));
    }
    s.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// `/W` for every CID: runs of equal widths as `cfirst clast w`, the rest as `c [w ...]`.
/// `skip` has no entry (its width is `/DW`); `zero` gets 0.
fn w_array(bold: bool, skip: char, zero: &str) -> Vec<Object> {
    let entries: Vec<(u16, f64)> = CHARSET
        .chars()
        .filter(|&c| c != skip)
        .map(|c| {
            (
                cid(c),
                if zero.contains(c) {
                    0.0
                } else {
                    width(c, bold)
                },
            )
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i;
        while j + 1 < entries.len()
            && entries[j + 1].1 == entries[i].1
            && entries[j + 1].0 == entries[j].0 + 1
        {
            j += 1;
        }
        if j > i {
            out.extend([
                Object::from(entries[i].0 as i64),
                Object::from(entries[j].0 as i64),
                Object::Real(entries[i].1 as f32),
            ]);
        } else {
            out.extend([
                Object::from(entries[i].0 as i64),
                Object::Array(vec![Object::Real(entries[i].1 as f32)]),
            ]);
        }
        i = j + 1;
    }
    out
}

/// A Type 0 Identity-H font; `descendant` holds its widths (or a font program).
fn type0(doc: &mut Document, name: &str, descendant: lopdf::Dictionary, cmap: Vec<u8>) -> Object {
    let tu = doc.add_object(stream(dictionary! {}, cmap));
    let d = doc.add_object(descendant);
    Object::Dictionary(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => name, "Encoding" => "Identity-H",
        "DescendantFonts" => vec![d.into()], "ToUnicode" => tu,
    })
}

fn descriptor(doc: &mut Document, name: &str, program: Option<Vec<u8>>) -> lopdf::ObjectId {
    let mut d = dictionary! {
        "Type" => "FontDescriptor", "FontName" => name, "Flags" => 32, "ItalicAngle" => 0,
        "Ascent" => 718, "Descent" => -207, "CapHeight" => 718, "StemV" => 88,
        "FontBBox" => vec![(-166).into(), (-225).into(), 1000.into(), 931.into()],
    };
    if let Some(p) = program {
        let len = p.len() as i64;
        let file = doc.add_object(stream(dictionary! { "Length1" => len }, p));
        d.set("FontFile2", file);
    }
    doc.add_object(d)
}

/// A CIDFontType2 descendant with `/W` and `/DW` (no program).
fn cid_with_widths(doc: &mut Document, name: &str, bold: bool, zero: &str) -> lopdf::Dictionary {
    let fd = descriptor(doc, name, None);
    dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => name, "CIDToGIDMap" => "Identity",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => fd, "DW" => width('x', bold), "W" => w_array(bold, 'x', zero),
    }
}

/// One page of `content` on a `media` box with `rotate`, fonts `fonts`.
fn page(
    doc: &mut Document,
    parent: lopdf::ObjectId,
    content: &str,
    media: [i64; 4],
    rotate: i64,
    fonts: &lopdf::Dictionary,
) -> Object {
    let c = doc.add_object(stream(dictionary! {}, content.as_bytes().to_vec()));
    let mut p = dictionary! {
        "Type" => "Page", "Parent" => parent, "Contents" => c,
        "MediaBox" => media.iter().map(|v| Object::from(*v)).collect::<Vec<_>>(),
        "Resources" => dictionary! { "Font" => fonts.clone() },
    };
    if rotate != 0 {
        p.set("Rotate", rotate);
    }
    doc.add_object(p).into()
}

/// Saves a document of `pages` (built by `make` given the pages object's id).
fn save(path: &Path, make: impl FnOnce(&mut Document, lopdf::ObjectId) -> Vec<Object>) {
    let mut doc = Document::with_version("1.5");
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let kids = make(&mut doc, pages_id);
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let id = Object::String(b"modledger-glyphs".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save");
    std::fs::write(path, &buf).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    println!("wrote {} ({} bytes)", path.display(), buf.len());
}

fn a4() -> [i64; 4] {
    [0, 0, 595, 842]
}

/// `TJ` placing each glyph of `text` (zero-width in its font) by offsets of its true width.
fn tj_by_offsets(text: &str, bold: bool) -> String {
    let mut parts = Vec::new();
    for c in text.chars() {
        parts.push(cid_hex(&c.to_string()));
        parts.push(format!("{}", -width(c, bold)));
    }
    parts.pop();
    format!("[{}] TJ", parts.join(" "))
}

fn cid_fonts(path: &Path) {
    save(path, |doc, parent| {
        let regular = cid_with_widths(doc, "AAAAAA+ReportSans", false, "");
        let bold = cid_with_widths(doc, "BAAAAA+ReportSans-Bold", true, CHARSET);
        let fonts = dictionary! { "F1" => type0(doc, "AAAAAA+ReportSans", regular, to_unicode(CHARSET, |c| cid(c).into())),
        "F2" => type0(doc, "BAAAAA+ReportSans-Bold", bold, to_unicode(CHARSET, |c| cid(c).into())) };
        let content = format!(
            "BT /F1 10 Tf 40 760 Td {} Tj ET\nBT /F2 10 Tf 40 740 Td {} ET\nBT /F1 10 Tf 40 720 Td {} Tj ET\n",
            cid_hex("MP042 Regular weight reads whole"),
            tj_by_offsets("DP119", true),
            cid_hex("Target 12/03/2021 next box"),
        );
        vec![page(doc, parent, &content, a4(), 0, &fonts)]
    });
}

/// Escapes a literal string operand.
fn lit(s: &str) -> String {
    format!(
        "({})",
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    )
}

/// One `Tj` per glyph at its true position (spaces not drawn), in font `font`.
fn glyph_at_a_time(text: &str, font: &str, x: f64, y: f64) -> String {
    let mut out = String::new();
    let mut at = x;
    for c in text.chars() {
        if c != ' ' {
            out.push_str(&format!(
                "BT /{font} 10 Tf {at:.3} {y} Td {} Tj ET\n",
                lit(&c.to_string())
            ));
        }
        at += width(c, false) * SIZE / 1000.0;
    }
    out
}

const LINE: &str = "SECMP0042 Amend the Code 05/07/2019";

fn glyph_by_glyph(path: &Path) {
    save(path, |doc, parent| {
        let zero: Vec<Object> = (32..=122).map(|_| Object::from(0)).collect();
        let fonts = dictionary! {
            "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" },
            "Z" => dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "CAAAAA+ZeroWidths", "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 122, "Widths" => zero },
        };
        // kerning pairs that cancel out: each glyph moves by a tenth of a point at most
        let kerned: Vec<String> = LINE
            .chars()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{} {}",
                    lit(&c.to_string()),
                    if i % 2 == 0 { -12 } else { 12 }
                )
            })
            .collect();
        let mut content = format!("BT /F1 10 Tf 40 760 Td {} Tj ET\n", lit(LINE));
        content.push_str(&format!(
            "BT /F1 10 Tf 40 740 Td [{}] TJ ET\n",
            kerned.join(" ")
        ));
        content.push_str(&glyph_at_a_time(LINE, "F1", 40.0, 720.0));
        content.push_str(&glyph_at_a_time(LINE, "Z", 40.0, 700.0));
        vec![page(doc, parent, &content, a4(), 0, &fonts)]
    });
}

/// Three lines of a landscape page, drawn in landscape coordinates.
fn landscape_lines() -> String {
    "BT /F1 10 Tf 40 540 Td (Appendix A Preliminary Assessments) Tj ET\n\
     BT /F1 10 Tf 40 520 Td (0053 Amend the Code) Tj 300 0 Td (10/04/2019) Tj ET\n\
     BT /F1 10 Tf 40 500 Td (0054 Second row) Tj 300 0 Td (11/04/2019) Tj ET\n"
        .to_string()
}

fn rotated(path: &Path) {
    save(path, |doc, parent| {
        let fonts = dictionary! { "F1" => dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" } };
        let quarter = format!("q 0 1 -1 0 595 0 cm\n{}Q\n", landscape_lines());
        let three_quarters = format!("q 0 -1 1 0 0 842 cm\n{}Q\n", landscape_lines());
        vec![
            page(doc, parent, &quarter, a4(), 90, &fonts),
            page(doc, parent, &landscape_lines(), [0, 0, 842, 595], 0, &fonts),
            page(doc, parent, &three_quarters, a4(), 270, &fonts),
        ]
    });
}

/// A TrueType program with just what widths need: `head`, `hhea`, `maxp`, `hmtx`
/// and a `cmap` (format 6, U+0020-U+007A to glyphs 1-91), Helvetica's advances.
fn tiny_truetype() -> Vec<u8> {
    let chars: Vec<char> = (0x20u8..=0x7A).map(char::from).collect();
    let n = chars.len() as u16 + 1;
    let be16 = |v: u16| v.to_be_bytes().to_vec();
    let mut head = vec![
        0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x5F, 0x0F, 0x3C, 0xF5, 0, 0,
    ];
    head.extend(be16(1000));
    head.extend([0u8; 16]);
    head.extend([0u8; 8]);
    head.extend([0u8; 6]);
    head.extend([0u8; 4]);
    let mut hhea = vec![0, 1, 0, 0];
    hhea.extend([0u8; 30]);
    hhea.extend(be16(n));
    let mut maxp = vec![0, 0, 0x50, 0];
    maxp.extend(be16(n));
    let mut hmtx = be16(500);
    hmtx.extend(be16(0));
    for &c in &chars {
        hmtx.extend(be16(width(c, false) as u16));
        hmtx.extend(be16(0));
    }
    let mut cmap = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
    let sub_len = 10 + 2 * chars.len() as u16;
    cmap.extend(
        [
            be16(6),
            be16(sub_len),
            be16(0),
            be16(0x20),
            be16(chars.len() as u16),
        ]
        .concat(),
    );
    for g in 1..n {
        cmap.extend(be16(g));
    }
    sfnt(&[
        (*b"cmap", cmap),
        (*b"head", head),
        (*b"hhea", hhea),
        (*b"hmtx", hmtx),
        (*b"maxp", maxp),
    ])
}

/// An sfnt file of `tables` (sorted by tag).
fn sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![0, 1, 0, 0];
    out.extend((tables.len() as u16).to_be_bytes());
    out.extend([0u8; 6]);
    let mut offset = 12 + 16 * tables.len();
    let mut bodies = Vec::new();
    for (tag, body) in tables {
        out.extend(tag);
        out.extend([0u8; 4]);
        out.extend((offset as u32).to_be_bytes());
        out.extend((body.len() as u32).to_be_bytes());
        let mut padded = body.clone();
        padded.resize(body.len().div_ceil(4) * 4, 0);
        offset += padded.len();
        bodies.extend(padded);
    }
    out.extend(bodies);
    out
}

fn font_program(path: &Path) {
    save(path, |doc, parent| {
        let fd = descriptor(doc, "DAAAAA+TinySans", Some(tiny_truetype()));
        let cid_fd = descriptor(doc, "EAAAAA+TinySans", Some(tiny_truetype()));
        let ascii: String = (0x20u8..=0x7A).map(char::from).collect();
        let descendant = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "EAAAAA+TinySans", "FontDescriptor" => cid_fd,
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        };
        let fonts = dictionary! {
            "T" => dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "DAAAAA+TinySans", "Encoding" => "WinAnsiEncoding", "FontDescriptor" => fd },
            "C" => type0(doc, "EAAAAA+TinySans", descendant, to_unicode(&ascii, |c| c as u32 - 31)),
        };
        // the CID font's glyphs are the program's: CID = glyph = code point - 31
        let gids: String = LINE
            .chars()
            .map(|c| format!("{:04X}", c as u32 - 31))
            .collect();
        let content = format!(
            "BT /T 10 Tf 40 760 Td {} Tj ET\nBT /C 10 Tf 40 740 Td <{gids}> Tj ET\n",
            lit(LINE)
        );
        vec![page(doc, parent, &content, a4(), 0, &fonts)]
    });
}

fn main() {
    let dir = Path::new("fixtures/glyphs");
    std::fs::create_dir_all(dir).expect("fixtures/glyphs");
    cid_fonts(&dir.join("cid_fonts.pdf"));
    glyph_by_glyph(&dir.join("glyph_by_glyph.pdf"));
    rotated(&dir.join("rotated.pdf"));
    font_program(&dir.join("font_program.pdf"));
}
