//! Writes the bad-input fixtures that are not PDFs into `fixtures/bad/`
//! (the bad PDFs come from `make_fixture_pdfs`).
//!
//! Run from the crate root: `cargo run --example make_bad_inputs`.
//!
//! In: `fixtures/text/2021-05_report_ocr.txt`, `fixtures/text/2021-06_report.txt`
//! and `fixtures/pdf/2021-03_report.pdf`.
//!
//! Out (deterministic, byte for byte):
//! - `empty.txt`, `empty.pdf`: no bytes at all;
//! - `binary_junk.txt`: 4 KiB of pseudo-random bytes;
//! - `recipe.txt`: a plain text of a layout the parser does not know;
//! - `latin1_report.txt`, `utf16_report.txt`: the June report in Windows-1252 and
//!   in UTF-16LE with a byte-order mark;
//! - `nul_bytes_report.txt`: the June report with a NUL byte after every space;
//! - `old_mac_report.txt`: the June report with `\r` line ends only;
//! - `text_named.pdf`: the June report as text under a `.pdf` name;
//! - `pdf_named.txt`: the March report PDF under a `.txt` name;
//! - `twice/a/2021-05_report_ocr.txt`, `twice/b/2021-05_report_ocr.txt`: two identical
//!   copies of the May report (the same download saved twice).
//!
//! - `../fuzz-regressions/pdf-cmap-non-ascii.pdf`: a PDF whose font's ToUnicode CMap
//!   has a non-ASCII character inside a hex string (made the CMap speed-up in
//!   `read/pdf.rs` slice through a UTF-8 sequence and panic).
//!
//! Cases that git cannot hold or that must not be committed (a symbolic-link loop,
//! a file without read permission, a 100 MB line, an output folder that cannot be
//! written) are made at test time by `tests/bad_inputs.rs`.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use std::path::Path;

/// Writes `bytes` to `path`, creating its folder.
fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("wrote {} ({} bytes)", path.display(), bytes.len());
}

/// Deterministic pseudo-random bytes (xorshift).
fn junk(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// `text` in Windows-1252; panics on a character it cannot hold, so the fixture
/// never silently differs from its source.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(
        !unmappable,
        "the June report has a character Windows-1252 lacks"
    );
    bytes.into_owned()
}

/// `text` in UTF-16LE with a byte-order mark.
fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}

/// One page of Helvetica text whose font has the given ToUnicode CMap.
fn pdf_with_to_unicode(cmap: &[u8], text: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "ToUnicode" => to_unicode,
    });
    let ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 9.into()]),
        Operation::new("Td", vec![40.into(), 700.into()]),
        Operation::new(
            "Tj",
            vec![Object::String(
                text.as_bytes().to_vec(),
                StringFormat::Literal,
            )],
        ),
        Operation::new("ET", vec![]),
    ];
    let content = Content { operations: ops }
        .encode()
        .expect("encode content");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save PDF");
    out
}

const RECIPE: &str = "\
Lemon drizzle cake

Ingredients
  225g unsalted butter, softened
  225g caster sugar
  4 eggs
  225g self-raising flour
  1 lemon, zested

Method
1. Heat the oven to 180C (160C fan).
2. Beat the butter and sugar until pale, then add the eggs one at a time.
3. Fold in the flour and zest; bake for 45 to 50 minutes.
";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = root.join("fixtures/bad");
    let read = |rel: &str| std::fs::read(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let june = String::from_utf8(read("fixtures/text/2021-06_report.txt"))
        .expect("the June fixture is UTF-8");
    let may = read("fixtures/text/2021-05_report_ocr.txt");

    write(&bad.join("empty.txt"), b"");
    write(&bad.join("empty.pdf"), b"");
    write(&bad.join("binary_junk.txt"), &junk(4096, 0x0BAD_5EED));
    write(&bad.join("recipe.txt"), RECIPE.as_bytes());
    write(&bad.join("latin1_report.txt"), &windows_1252(&june));
    write(&bad.join("utf16_report.txt"), &utf16le(&june));
    write(
        &bad.join("nul_bytes_report.txt"),
        june.replace(' ', " \0").as_bytes(),
    );
    write(
        &bad.join("old_mac_report.txt"),
        june.replace("\r\n", "\n").replace('\n', "\r").as_bytes(),
    );
    write(&bad.join("text_named.pdf"), june.as_bytes());
    write(
        &bad.join("pdf_named.txt"),
        &read("fixtures/pdf/2021-03_report.pdf"),
    );
    write(&bad.join("twice/a/2021-05_report_ocr.txt"), &may);
    write(&bad.join("twice/b/2021-05_report_ocr.txt"), &may);

    let regressions = root.join("fixtures/fuzz-regressions");
    let cmap = "1 begincodespacerange <00> <FF> endcodespacerange\n\
                1 beginbfchar <a\u{e9}0> <0053> endbfchar\n";
    write(
        &regressions.join("pdf-cmap-non-ascii.pdf"),
        &pdf_with_to_unicode(cmap.as_bytes(), "Hello"),
    );
}
