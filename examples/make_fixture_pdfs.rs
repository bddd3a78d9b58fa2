//! Renders the layout-text fixture sources into PDFs, and writes the bad-PDF fixtures.
//!
//! Run from the crate root: `cargo run --example make_fixture_pdfs`.
//!
//! In: every `fixtures/pdf-src/*.txt`. A form feed (`\f`) starts a new page; each run of
//! text separated from the next by 2+ spaces is a cell drawn at x = 40pt + column × 5.2pt
//! in Helvetica 9pt (standard Type1 font, WinAnsiEncoding, so `‘’“”–—•` render), one
//! source line every 11pt. Files whose name contains `appendix` are A4 landscape with a
//! DCC-style header/footer, the others A4 portrait with a SECAS-style header/footer; every
//! page gets a `Page N of M` footer. A line made only of `-` is not drawn: it puts a thin
//! ruling line under the line before it. A cell that is just `|` is not drawn either: it
//! is a vertical ruling the height of its line at that column (a ruled table's border).
//!
//! Out: `fixtures/pdf/<name>.pdf` for each source, `fixtures/pdf/owner_password_only.pdf`
//! (the first source encrypted with an owner password and an empty user password) and,
//! in `fixtures/bad/`: `truncated.pdf`, `encrypted.pdf` (user password "secret"),
//! `image_only.pdf`, `no_pages.pdf`, `broken_xref.pdf`, `not_a_pdf.pdf`, `panic_page.pdf`
//! (page 2 uses a font with an unknown encoding, which the reader refuses: it made the
//! earlier PDF library panic, hence the name), `panic_all.pdf` (every page so) and
//! `report_with_bad_page.pdf` (the first report with such a page as its page 3).
//! Only lopdf is used. Output is byte-for-byte deterministic
//! except the two encrypted files (lopdf's encryption adds random bytes).

use lopdf::content::{Content, Operation};
use lopdf::{
    dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
    StringFormat,
};
use std::path::Path;

const FONT_SIZE: f32 = 9.0;
const PITCH: f32 = 11.0;
const LEFT: f32 = 40.0;
const COLUMN: f32 = 5.2;

/// Page geometry and running header/footer style.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// A4 portrait, SECAS report.
    Report,
    /// A4 landscape, DCC appendix.
    Appendix,
}

impl Style {
    fn size(self) -> (f32, f32) {
        match self {
            Style::Report => (595.0, 842.0),
            Style::Appendix => (842.0, 595.0),
        }
    }
    /// First baseline, measured from the top (below the 8% header band).
    fn top(self) -> f32 {
        match self {
            Style::Report => 90.0,
            Style::Appendix => 62.0,
        }
    }
}

/// Maps a char to its WinAnsiEncoding byte (`?` when it has none).
fn win_ansi(c: char) -> u8 {
    match c {
        '\u{20}'..='\u{7e}' => c as u8,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '€' => 0x80,
        '…' => 0x85,
        '\u{a1}'..='\u{ff}' => c as u32 as u8,
        _ => b'?',
    }
}

/// Splits a line into (column, text) cells: runs separated by 2+ spaces.
fn cells(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i] == ' ' {
                let mut j = i;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                }
                if j - i >= 2 || j == chars.len() {
                    break;
                }
                i = j;
            } else {
                i += 1;
                end = i;
            }
        }
        out.push((start, chars[start..end].iter().collect()));
    }
    out
}

/// Content-stream operations drawing `text` with its baseline at (x, y-from-top).
fn text_ops(ops: &mut Vec<Operation>, font: &str, x: f32, y_top: f32, page_h: f32, text: &str) {
    let bytes: Vec<u8> = text.chars().map(win_ansi).collect();
    ops.push(Operation::new("BT", vec![]));
    ops.push(Operation::new(
        "Tf",
        vec![Object::Name(font.as_bytes().to_vec()), FONT_SIZE.into()],
    ));
    ops.push(Operation::new(
        "Td",
        vec![x.into(), (page_h - y_top).into()],
    ));
    ops.push(Operation::new(
        "Tj",
        vec![Object::String(bytes, StringFormat::Literal)],
    ));
    ops.push(Operation::new("ET", vec![]));
}

/// Draws a thin horizontal rule from x0 to x1 at y-from-top.
fn rule_ops(ops: &mut Vec<Operation>, x0: f32, x1: f32, y_top: f32, page_h: f32) {
    ops.push(Operation::new("w", vec![0.5.into()]));
    ops.push(Operation::new(
        "m",
        vec![x0.into(), (page_h - y_top).into()],
    ));
    ops.push(Operation::new(
        "l",
        vec![x1.into(), (page_h - y_top).into()],
    ));
    ops.push(Operation::new("S", vec![]));
}

/// Draws a thin vertical rule at x spanning one source line whose baseline is at y-from-top.
fn vertical_rule_ops(ops: &mut Vec<Operation>, x: f32, baseline: f32, page_h: f32) {
    ops.push(Operation::new("w", vec![0.5.into()]));
    ops.push(Operation::new(
        "m",
        vec![x.into(), (page_h - (baseline - PITCH + 2.0)).into()],
    ));
    ops.push(Operation::new(
        "l",
        vec![x.into(), (page_h - (baseline + 2.0)).into()],
    ));
    ops.push(Operation::new("S", vec![]));
}

/// Builds a PDF with one page per content-operation list. `fonts` maps resource names
/// to font dictionaries.
fn build_pdf(
    size: (f32, f32),
    pages: Vec<Vec<Operation>>,
    fonts: Vec<(&str, lopdf::Dictionary)>,
) -> Document {
    let mut doc = Document::with_version("1.5");
    // A classic `xref` table (not a stream) so `broken_xref.pdf` can corrupt its offsets.
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let mut font_dict = lopdf::Dictionary::new();
    for (name, f) in fonts {
        let id = doc.add_object(f);
        font_dict.set(name, id);
    }
    let resources_id = doc.add_object(dictionary! { "Font" => font_dict });
    let mut kids: Vec<Object> = Vec::new();
    for ops in pages {
        let content = Content { operations: ops };
        let mut stream = Stream::new(dictionary! {}, content.encode().expect("encode content"));
        let _ = stream.compress();
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), size.0.into(), size.1.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    // A fixed file identifier keeps the output (and encryption keys) deterministic.
    let id = Object::String(b"modledger-fixture".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    doc
}

fn helvetica() -> lopdf::Dictionary {
    dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    }
}

/// Renders one layout-text source into a PDF document.
fn render(source: &str, style: Style) -> Document {
    build_pdf(
        style.size(),
        render_pages(source, style),
        vec![("F1", helvetica())],
    )
}

/// The content operations of each page of a layout-text source.
fn render_pages(source: &str, style: Style) -> Vec<Vec<Operation>> {
    let (w, h) = style.size();
    let raw_pages: Vec<&str> = source.split('\u{c}').collect();
    let total = raw_pages.len();
    let mut pages = Vec::new();
    for (n, page) in raw_pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut y = style.top();
        let mut last_drawn: Option<(f32, f32)> = None; // (baseline, first x)
        for line in page.lines() {
            let trimmed = line.trim();
            if !trimmed.is_empty() && trimmed.chars().all(|c| c == '-') {
                if let Some((base, x0)) = last_drawn {
                    rule_ops(&mut ops, x0, w - LEFT, base + 3.0, h);
                }
                continue;
            }
            let cs = cells(line);
            if let Some((col, _)) = cs.first() {
                last_drawn = Some((y, LEFT + *col as f32 * COLUMN));
            }
            for (col, text) in cs {
                let x = LEFT + col as f32 * COLUMN;
                if text == "|" {
                    vertical_rule_ops(&mut ops, x + COLUMN / 2.0, y, h);
                } else {
                    text_ops(&mut ops, "F1", x, y, h, &text);
                }
            }
            y += PITCH;
        }
        assert!(
            y < h * 0.92 - PITCH,
            "page {} overflows into the footer band ({y} pt)",
            n + 1
        );
        let footer = format!("Page {} of {}", n + 1, total);
        match style {
            Style::Report => {
                text_ops(&mut ops, "F1", LEFT, 36.0, h, "Change Status Report");
                text_ops(&mut ops, "F1", w - LEFT - 30.0, 36.0, h, "SECAS");
                text_ops(&mut ops, "F1", w / 2.0 - 25.0, h - 44.0, h, &footer);
                text_ops(
                    &mut ops,
                    "F1",
                    w / 2.0 - 95.0,
                    h - 32.0,
                    h,
                    "This document has a Classification of White",
                );
            }
            Style::Appendix => {
                text_ops(&mut ops, "F1", w - LEFT - 55.0, 24.0, h, "DCC PUBLIC");
                text_ops(
                    &mut ops,
                    "F1",
                    LEFT,
                    h - 24.0,
                    h,
                    "SEC Modifications – DCC Assessments",
                );
                text_ops(&mut ops, "F1", w / 2.0 - 25.0, h - 24.0, h, "DCC PUBLIC");
                text_ops(&mut ops, "F1", w - LEFT - 50.0, h - 24.0, h, &footer);
            }
        }
        pages.push(ops);
    }
    pages
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save PDF");
    buf
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    println!("wrote {} ({} bytes)", path.display(), bytes.len());
}

/// Encrypts a document with RC4-128 (security handler revision 3).
fn encrypt(mut doc: Document, owner: &str, user: &str) -> Vec<u8> {
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: owner,
        user_password: user,
        key_length: 128,
        permissions: Permissions::default(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    save(&mut doc)
}

/// Deterministic pseudo-random bytes (xorshift64*), never containing `%PDF-`.
fn random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        let v = seed.wrapping_mul(0x2545_F491_4F6C_DD1D);
        for b in v.to_le_bytes() {
            out.push(if b == b'%' { b'#' } else { b });
        }
    }
    out.truncate(n);
    out
}

/// Replaces every xref entry's offset with a wrong one (keeping the table's shape).
fn break_xref(good: &[u8]) -> Vec<u8> {
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let start = (0..good.len().saturating_sub(5))
        .rev()
        .find(|&i| &good[i..i + 5] == b"\nxref")
        .expect("classic xref table")
        + 1;
    let end = find(good, b"trailer", start).expect("trailer");
    let table = std::str::from_utf8(&good[start..end]).expect("ASCII xref table");
    let mut fixed = String::new();
    for line in table.split_inclusive('\n') {
        let f: Vec<&str> = line.trim_end().split(' ').collect();
        if f.len() == 3 && f[0].len() == 10 && f[2] == "n" {
            let bogus = f[0].parse::<u64>().unwrap_or(0) * 7 + 13;
            fixed.push_str(&format!("{bogus:010}{}", &line[10..]));
        } else {
            fixed.push_str(line);
        }
    }
    let mut out = good[..start].to_vec();
    out.extend_from_slice(fixed.as_bytes());
    out.extend_from_slice(&good[end..]);
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src_dir = root.join("fixtures/pdf-src");
    let pdf_dir = root.join("fixtures/pdf");
    let bad_dir = root.join("fixtures/bad");
    std::fs::create_dir_all(&pdf_dir).expect("create fixtures/pdf");
    std::fs::create_dir_all(&bad_dir).expect("create fixtures/bad");

    let mut sources: Vec<_> = std::fs::read_dir(&src_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", src_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    sources.sort();
    let mut first_report: Option<Vec<u8>> = None;
    let mut first_report_pages: Option<Vec<Vec<Operation>>> = None;
    for path in &sources {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let style = if name.contains("appendix") {
            Style::Appendix
        } else {
            Style::Report
        };
        let text = std::fs::read_to_string(path).expect("read source");
        let bytes = save(&mut render(&text, style));
        write(&pdf_dir.join(format!("{name}.pdf")), &bytes);
        if style == Style::Report && first_report.is_none() {
            first_report = Some(bytes);
            first_report_pages = Some(render_pages(&text, style));
            write(
                &pdf_dir.join("owner_password_only.pdf"),
                &encrypt(render(&text, style), "owner-secret", ""),
            );
            write(
                &bad_dir.join("encrypted.pdf"),
                &encrypt(render(&text, style), "owner-secret", "secret"),
            );
        }
    }
    let good = first_report.expect("at least one report source in fixtures/pdf-src");

    write(&bad_dir.join("truncated.pdf"), &good[..good.len() / 2]);
    write(&bad_dir.join("broken_xref.pdf"), &break_xref(&good));
    write(
        &bad_dir.join("not_a_pdf.pdf"),
        &random_bytes(4096, 0x5EC_2021),
    );

    // A page with only a filled rectangle: no text layer.
    let rect = vec![
        Operation::new("rg", vec![0.2.into(), 0.4.into(), 0.6.into()]),
        Operation::new("re", vec![100.into(), 400.into(), 300.into(), 200.into()]),
        Operation::new("f", vec![]),
    ];
    write(
        &bad_dir.join("image_only.pdf"),
        &save(&mut build_pdf((595.0, 842.0), vec![rect], vec![])),
    );

    // A valid file whose page tree is empty.
    write(
        &bad_dir.join("no_pages.pdf"),
        &save(&mut build_pdf((595.0, 842.0), vec![], vec![])),
    );

    // A simple font with an unknown encoding name: the reader refuses its pages
    // (pdf-extract, the earlier library, panicked on it).
    let bogus = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "BogusEncoding",
    };
    let page = |font: &str, text: &str| {
        let mut ops = Vec::new();
        text_ops(&mut ops, font, LEFT, 120.0, 842.0, text);
        ops
    };
    let fonts = || vec![("F1", helvetica()), ("F2", bogus.clone())];
    let pages = vec![
        page("F1", "A readable first page"),
        page("F2", "This page makes the library panic"),
    ];
    write(
        &bad_dir.join("panic_page.pdf"),
        &save(&mut build_pdf((595.0, 842.0), pages, fonts())),
    );
    let pages = vec![page("F2", "Unreadable one"), page("F2", "Unreadable two")];
    write(
        &bad_dir.join("panic_all.pdf"),
        &save(&mut build_pdf((595.0, 842.0), pages, fonts())),
    );

    // The first report with an unreadable page slipped in after its second page.
    let mut pages = first_report_pages.expect("a report source");
    pages.insert(2, page("F2", "This page makes the library panic"));
    write(
        &bad_dir.join("report_with_bad_page.pdf"),
        &save(&mut build_pdf(Style::Report.size(), pages, fonts())),
    );
}
