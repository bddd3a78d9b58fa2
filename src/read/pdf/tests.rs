//! Unit tests of the PDF reader on small PDFs built in memory.

use super::*;
use crate::model::Code;
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

/// A one-page PDF with a Helvetica `/F1`, the given content and extra objects:
/// `forms` are Form XObjects `/X0`, `/X1`, ... (content, matrix).
fn content_pdf(content: &str, forms: &[(&str, [f32; 6])]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let fonts = dictionary! { "F1" => font_id };
    let mut xobjects = lopdf::Dictionary::new();
    for (i, (body, m)) in forms.iter().enumerate() {
        let matrix: Vec<Object> = m.iter().map(|v| Object::Real(*v)).collect();
        let dict = dictionary! { "Type" => "XObject", "Subtype" => "Form", "Matrix" => matrix, "Resources" => dictionary! { "Font" => fonts.clone() } };
        let id = doc.add_object(Stream::new(dict, body.as_bytes().to_vec()));
        xobjects.set(format!("X{i}"), id);
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => fonts, "XObject" => xobjects },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    buf
}

/// (text, y, x0, x1) of every word.
fn words(doc: &Document) -> Vec<(String, f32, f32, f32)> {
    doc.lines
        .iter()
        .flat_map(|l| {
            l.words
                .iter()
                .map(move |w| (w.text.to_string(), l.y, w.x0, w.x1))
        })
        .collect()
}

#[test]
fn quote_operators_move_to_the_next_line() {
    let doc = read(&content_pdf(
        "BT /F1 10 Tf 12 TL 40 700 Td (one) Tj (two) ' 1 2 (three) \" ET",
        &[],
    ))
    .unwrap();
    let got: Vec<(String, f32)> = words(&doc).into_iter().map(|(t, y, _, _)| (t, y)).collect();
    let want = [("one", 142.0), ("two", 154.0), ("three", 166.0)];
    assert_eq!(got, want.map(|(t, y)| (t.to_string(), y)).to_vec());
}

#[test]
fn spacing_and_scaling_move_glyphs_as_the_reference_says() {
    // Tz 50 halves every advance; Tw adds to the space; Tc to every glyph (each
    // lasts past ET, as the text state does)
    let doc = read(&content_pdf("BT /F1 10 Tf 50 Tz 40 700 Td (ab) Tj ET BT 100 Tz 20 Tw 40 680 Td (a b) Tj ET BT 0 Tw 1 Tc 40 660 Td (ab) Tj ET", &[])).unwrap();
    let w = words(&doc);
    let near = |a: f32, b: f32| (a - b).abs() < 0.01;
    assert_eq!(w[0].0, "ab");
    assert!(near(w[0].3, 40.0 + 5.56 * 0.5 + 5.56 * 0.5), "{w:?}");
    assert_eq!((w[1].0.as_str(), w[2].0.as_str()), ("a", "b"));
    assert!(near(w[2].2, 40.0 + 5.56 + 2.78 + 20.0), "{w:?}");
    assert!(near(w[3].3, 40.0 + 5.56 + 1.0 + 5.56), "{w:?}");
}

#[test]
fn forms_draw_under_their_matrix_with_their_resources() {
    let form = (
        "BT /F1 10 Tf 40 700 Td (inside) Tj ET",
        [1.0, 0.0, 0.0, 1.0, 100.0, -50.0],
    );
    let doc = read(&content_pdf(
        "q 1 0 0 1 0 -20 cm /X0 Do Q BT /F1 10 Tf 40 700 Td (outside) Tj ET",
        &[form],
    ))
    .unwrap();
    let got: Vec<(String, f32, f32)> = words(&doc)
        .into_iter()
        .map(|(t, y, x0, _)| (t, y, x0))
        .collect();
    assert_eq!(
        got,
        vec![
            ("outside".into(), 142.0, 40.0),
            ("inside".into(), 212.0, 140.0)
        ]
    );
}

#[test]
fn a_form_that_draws_itself_is_a_limit_not_a_stack_overflow() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! { "Subtype" => "Form", "Resources" => dictionary! { "XObject" => dictionary! { "X0" => form_id } } },
        b"/X0 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content_id = doc.add_object(Stream::new(dictionary! {}, b"/X0 Do".to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "X0" => form_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    assert!(matches!(
        read(&buf).unwrap_err(),
        ReadErrorKind::Limit {
            code: Code::PdfFormCycle,
            ..
        }
    ));
}
