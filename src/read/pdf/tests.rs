//! Unit tests of the PDF reader on small PDFs built in memory.

use super::*;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Object, Stream};

/// Builds a one-font Helvetica PDF; each page is a list of (x, y-from-top, text).
fn make_pdf(pages: &[Vec<(f32, f32, &str)>]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for page in pages {
        let mut ops = Vec::new();
        for &(x, y, t) in page {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), 9.into()]));
            ops.push(Operation::new("Td", vec![x.into(), (842.0 - y).into()]));
            ops.push(Operation::new("Tj", vec![Object::string_literal(t)]));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let n = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => n, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    buf
}

fn read(bytes: &[u8]) -> Result<Document, ReadErrorKind> {
    read_pdf("t.pdf", bytes, Duration::from_secs(20)).map_err(|e| e.kind)
}

#[test]
fn words_split_at_spaces_and_wide_gaps() {
    let pdf = make_pdf(&[vec![
        (40.0, 100.0, "0053 Amend"),
        (200.0, 100.0, "10/04/2019"),
    ]]);
    let doc = read(&pdf).unwrap();
    assert_eq!(doc.pages, 1);
    assert_eq!(doc.kind, SourceKind::Pdf);
    assert!(doc.positional);
    let l = &doc.lines[0];
    assert_eq!(l.text, "0053 Amend 10/04/2019");
    assert_eq!((l.page, l.line), (1, 1));
    assert!((l.y - 100.0).abs() < 0.01, "y = {}", l.y);
    assert!((l.words[0].x0 - 40.0).abs() < 0.01);
    assert!((l.words[2].x0 - 200.0).abs() < 0.01);
    assert!(l.words[0].x1 > l.words[0].x0 && l.words[0].x1 < l.words[1].x0);
}

#[test]
fn lines_sorted_top_to_bottom_and_numbered_across_pages() {
    let pdf = make_pdf(&[
        vec![(40.0, 300.0, "second"), (40.0, 200.0, "first")],
        vec![(40.0, 200.0, "third")],
    ]);
    let doc = read(&pdf).unwrap();
    let got: Vec<_> = doc
        .lines
        .iter()
        .map(|l| (l.page, l.line, l.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(1, 1, "first"), (1, 2, "second"), (2, 3, "third")]
    );
}

#[test]
fn repeated_headers_and_footers_are_dropped() {
    let page = |n: &'static str| {
        vec![
            (40.0, 30.0, "Change Status Report"),
            (500.0, 30.0, "SECAS"),
            (40.0, 400.0, "Change Status Report"),
            (40.0, 420.0, n),
            (
                250.0,
                800.0,
                if n == "one" {
                    "Page 1 of 2"
                } else {
                    "Page 2 of 2"
                },
            ),
            (200.0, 812.0, "This document has a Classification of White"),
        ]
    };
    let doc = read(&make_pdf(&[page("one"), page("two")])).unwrap();
    let got: Vec<_> = doc.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        got,
        vec!["Change Status Report", "one", "Change Status Report", "two"]
    );
}

#[test]
fn bad_inputs_map_to_kinds() {
    assert_eq!(read(b"").unwrap_err(), ReadErrorKind::Empty);
    assert!(matches!(
        read(b"hello world").unwrap_err(),
        ReadErrorKind::NotAReport(_)
    ));
    let good = make_pdf(&[vec![(40.0, 100.0, "x")]]);
    assert!(matches!(
        read(&good[..good.len() / 2]).unwrap_err(),
        ReadErrorKind::BadPdf(_)
    ));
    assert!(matches!(
        read(b"%PDF-1.4\n%%EOF\n").unwrap_err(),
        ReadErrorKind::BadPdf(_)
    ));
}

#[test]
fn no_text_is_no_text_layer() {
    assert_eq!(
        read(&make_pdf(&[vec![]])).unwrap_err(),
        ReadErrorKind::NoTextLayer
    );
}

#[test]
fn zero_budget_times_out_without_hanging() {
    let pdf = make_pdf(&[vec![(40.0, 100.0, "x")]]);
    let r = read_pdf("t.pdf", &pdf, Duration::ZERO);
    // Either the worker was faster than the scheduler or we time out; never a hang.
    if let Err(e) = r {
        assert_eq!(e.kind, ReadErrorKind::Timeout(Duration::ZERO));
    }
}

#[test]
fn own_code_is_told_apart_from_the_libraries() {
    assert!(is_own_code("src/read/pdf.rs"));
    assert!(is_own_code(&format!("{OWN_SRC}read/pdf.rs")));
    assert!(!is_own_code(
        "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/pdf-extract-0.12.0/src/lib.rs"
    ));
    assert!(!is_own_code("/rustc/abc/library/core/src/slice/index.rs"));
}

#[test]
fn panics_are_caught_and_silenced() {
    install_quiet_panic_hook();
    let h = std::thread::spawn(|| {
        QUIET_PANICS.with(|q| q.set(true));
        panic::catch_unwind(|| panic!("boom")).map_err(|p| panic_message(&*p))
    });
    assert_eq!(h.join().unwrap().unwrap_err(), "boom");
}
