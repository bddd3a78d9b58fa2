//! Scanned pages of a PDF: which pages are pictures, and the picture.
//!
//! In: a PDF's bytes and the pages to look at. Out: for each page, its
//! size in points and what it draws: the [`PageImage`] to OCR when the page
//! is one image covering (nearly) the whole page in a form tesseract reads
//! as it is (a JPEG, kept byte for byte; or 8-bit gray/RGB or 1-bit samples,
//! `Flate`-compressed or raw, written as a PNM picture), else
//! [`PageImage::Render`]: the page must be rendered (`pdftoppm`) first.
//!
//! How: lopdf (the PDF library under pdf-extract) loads the file; each
//! page's content stream is walked for the images it draws (`Do` of an
//! image XObject, with the current transformation matrix tracked through
//! `q`/`Q`/`cm`), with its resources inherited from the page tree. Nothing
//! here decides which pages need OCR: the caller asks for the pages that
//! gave no text (or all of them).
//!
//! Limits: a picture larger than [`MAX_PIXELS`] is rendered instead of
//! decoded, and decompression stops at the picture's own size, so a
//! compressed bomb cannot exhaust memory.

use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};

/// An image that covers at least this share of the page is the page (a
/// scan); a smaller one is a picture on a page that is rendered whole.
const PAGE_COVER: f32 = 0.9;
/// Largest picture decoded here (100 megapixels: an A3 page at 600 dpi is
/// about 70); a larger one is left to the renderer.
pub const MAX_PIXELS: u64 = 100_000_000;
/// Deepest page tree followed for inherited resources (real ones are a few
/// levels deep; a loop stops here).
const MAX_TREE_DEPTH: usize = 64;

/// Where an image sits on its page, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Left edge.
    pub x0: f32,
    /// Top edge (from the page top).
    pub top: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// A page's picture as OCR will read it.
#[derive(Debug, Clone, PartialEq)]
pub enum PageImage {
    /// A picture file ready for tesseract: its bytes, its file-name suffix,
    /// its size in pixels and where it sits on the page.
    File {
        /// The picture file's bytes (JPEG, or PNM).
        bytes: Vec<u8>,
        /// `jpg` or `pnm`.
        suffix: &'static str,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Where it sits on the page.
        place: Placement,
    },
    /// The page must be rendered to a picture first (several images, a
    /// filter not read here, a rotated page, a page with text).
    Render,
}

/// One page to OCR.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanPage {
    /// 1-based page number.
    pub page: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// True when the page draws any image at all.
    pub draws_image: bool,
    /// Its picture.
    pub image: PageImage,
}

/// Looks at the given pages (1-based; every page when `pages` is `None`).
/// Errors are the PDF library's, as text (the caller has read the file
/// already, so they are rare).
pub fn scan_pages(bytes: &[u8], pages: Option<&[u32]>) -> Result<Vec<ScanPage>, String> {
    let run = panic::catch_unwind(AssertUnwindSafe(|| scan_now(bytes, pages)));
    run.unwrap_or_else(|_| Err("the PDF library failed while looking for page images".into()))
}

fn scan_now(bytes: &[u8], wanted: Option<&[u32]>) -> Result<Vec<ScanPage>, String> {
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|e| e.to_string())?;
    }
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    let mut out = Vec::new();
    for (&num, &id) in &pages {
        if wanted.is_some_and(|w| !w.contains(&num)) {
            continue;
        }
        out.push(scan_page(&doc, num, id));
    }
    Ok(out)
}

/// An inherited page attribute: the page's own, else its nearest ancestor's.
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut seen = HashSet::new();
    let mut at = page;
    for _ in 0..MAX_TREE_DEPTH {
        if !seen.insert(at) {
            return None;
        }
        let dict = doc.get_dictionary(at).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(v);
        }
        at = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

/// A dictionary, directly or through a reference.
fn dict_of<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// A number object as f32.
fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The page's media box (x0, y0, x1, y1), A4 when absent or broken.
fn media_box(doc: &lopdf::Document, page: ObjectId) -> [f32; 4] {
    let a4 = [0.0, 0.0, 595.28, 841.89];
    let Some(Object::Array(a)) = inherited(doc, page, b"MediaBox").map(|o| match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }) else {
        return a4;
    };
    let v: Vec<f32> = a.iter().filter_map(number).collect();
    match v[..] {
        [x0, y0, x1, y1] if (x1 - x0).abs() > 1.0 && (y1 - y0).abs() > 1.0 => {
            [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]
        }
        _ => a4,
    }
}

/// One image drawn on a page: its XObject and the matrix it was drawn with.
struct Drawn {
    id: ObjectId,
    ctm: [f32; 6],
}

/// What a page's content draws: its images, and whether it shows text or
/// draws anything else that only rendering shows (forms, inline images).
#[derive(Default)]
struct Drawing {
    images: Vec<Drawn>,
    text: bool,
    other: bool,
}

/// `m` then `n` (PDF's row-vector convention: a point goes through `m` first).
fn multiply(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Walks a page's content stream for what it draws.
fn drawing(doc: &lopdf::Document, page: ObjectId) -> Drawing {
    let mut out = Drawing::default();
    let Ok(data) = doc.get_page_content(page) else {
        out.other = true;
        return out;
    };
    let Ok(content) = Content::decode(&data) else {
        out.other = true;
        return out;
    };
    let xobjects = inherited(doc, page, b"Resources")
        .and_then(|r| dict_of(doc, r))
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| dict_of(doc, x));
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<[f32; 6]> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                let v: Vec<f32> = op.operands.iter().filter_map(number).collect();
                if let [a, b, c, d, e, f] = v[..] {
                    ctm = multiply([a, b, c, d, e, f], ctm);
                }
            }
            "Tj" | "TJ" | "'" | "\"" => out.text = true,
            "BI" | "ID" | "EI" | "sh" => out.other = true,
            "Do" => {
                let target = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| xobjects.and_then(|x| x.get(n).ok()))
                    .and_then(|o| o.as_reference().ok());
                let subtype = target
                    .and_then(|id| doc.get_object(id).ok())
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| s.dict.get(b"Subtype").ok())
                    .and_then(|s| s.as_name().ok());
                match (target, subtype) {
                    (Some(id), Some(b"Image")) => out.images.push(Drawn { id, ctm }),
                    _ => out.other = true,
                }
            }
            _ => {}
        }
    }
    out
}

fn scan_page(doc: &lopdf::Document, num: u32, id: ObjectId) -> ScanPage {
    let mb = media_box(doc, id);
    let (width, height) = (mb[2] - mb[0], mb[3] - mb[1]);
    let d = drawing(doc, id);
    let rotated = inherited(doc, id, b"Rotate")
        .and_then(number)
        .is_some_and(|r| (r as i64).rem_euclid(360) != 0);
    let image = if d.text || d.other || d.images.len() != 1 || rotated {
        PageImage::Render
    } else {
        page_image(doc, &d.images[0], mb).unwrap_or(PageImage::Render)
    };
    ScanPage {
        page: num,
        width,
        height,
        draws_image: !d.images.is_empty() || d.other,
        image,
    }
}

/// The drawn image as a picture file, when it covers the page upright and
/// is in a form read here.
fn page_image(doc: &lopdf::Document, drawn: &Drawn, mb: [f32; 4]) -> Option<PageImage> {
    let [a, b, c, dd, e, f] = drawn.ctm;
    if b.abs() > 1e-3 || c.abs() > 1e-3 || a <= 0.0 || dd <= 0.0 {
        return None; // rotated, sheared or mirrored: let the renderer do it
    }
    let place = Placement {
        x0: e - mb[0],
        top: mb[3] - (f + dd),
        width: a,
        height: dd,
    };
    let page_area = (mb[2] - mb[0]) * (mb[3] - mb[1]);
    if place.width * place.height < PAGE_COVER * page_area {
        return None;
    }
    let stream = doc.get_object(drawn.id).ok()?.as_stream().ok()?;
    let dict = &stream.dict;
    let int = |k: &[u8]| dict.get(k).ok().and_then(|o| o.as_i64().ok());
    let (w, h) = (int(b"Width")?, int(b"Height")?);
    if w <= 0 || h <= 0 || (w as u64) * (h as u64) > MAX_PIXELS {
        return None;
    }
    let (w, h) = (u32::try_from(w).ok()?, u32::try_from(h).ok()?);
    if dict.has(b"SMask") || dict.has(b"Mask") || dict.has(b"Decode") {
        return None;
    }
    let filters = filter_names(dict);
    let colour = colour_components(doc, dict)?;
    let bpc = int(b"BitsPerComponent").unwrap_or(8);
    let (bytes, suffix) = match filters.as_slice() {
        [f] if f == b"DCTDecode" && colour != 4 => (stream.content.clone(), "jpg"),
        [] | [_] => {
            let raw = samples(stream, &filters, w, h, colour, bpc)?;
            (pnm(&raw, w, h, colour, bpc)?, "pnm")
        }
        _ => return None,
    };
    Some(PageImage::File {
        bytes,
        suffix,
        width: w,
        height: h,
        place,
    })
}

/// The stream's filter names, in order.
fn filter_names(dict: &Dictionary) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// Components per pixel of a device colour space (1 gray, 3 RGB, 4 CMYK);
/// `None` for any other space (indexed, ICC, ...), which is rendered.
fn colour_components(doc: &lopdf::Document, dict: &Dictionary) -> Option<u32> {
    let cs = dict.get(b"ColorSpace").ok()?;
    let cs = match cs {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let name = match cs {
        Object::Name(n) => n.as_slice(),
        _ => return None,
    };
    match name {
        b"DeviceGray" | b"G" => Some(1),
        b"DeviceRGB" | b"RGB" => Some(3),
        b"DeviceCMYK" | b"CMYK" => Some(4),
        _ => None,
    }
}

/// The image's samples, decompressed with a bound at their own size; `None`
/// for a filter or predictor not read here, or too few bytes.
fn samples(
    stream: &lopdf::Stream,
    filters: &[Vec<u8>],
    w: u32,
    h: u32,
    colour: u32,
    bpc: i64,
) -> Option<Vec<u8>> {
    if !(bpc == 8 && (colour == 1 || colour == 3) || bpc == 1 && colour == 1) {
        return None;
    }
    let row = (u64::from(w) * u64::from(colour) * bpc as u64).div_ceil(8);
    let size = row * u64::from(h);
    if stream.dict.has(b"DecodeParms") {
        return None; // predictors: rendered instead
    }
    let raw = match filters {
        [] => stream.content.clone(),
        [f] if f == b"FlateDecode" => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(size)
                .read_to_end(&mut out)
                .ok()?;
            out
        }
        _ => return None,
    };
    (raw.len() as u64 >= size).then(|| raw[..size as usize].to_vec())
}

/// Samples as a PNM picture (`P5` gray, `P6` RGB, `P4` bilevel), which
/// tesseract's image library reads. PDF's bilevel gray has 0 for black, PBM
/// has 1, so the bits are inverted.
fn pnm(samples: &[u8], w: u32, h: u32, colour: u32, bpc: i64) -> Option<Vec<u8>> {
    let (magic, body): (&str, Vec<u8>) = match (colour, bpc) {
        (1, 8) => ("P5", samples.to_vec()),
        (3, 8) => ("P6", samples.to_vec()),
        (1, 1) => ("P4", samples.iter().map(|b| !b).collect()),
        _ => return None,
    };
    let mut out = if bpc == 1 {
        format!("{magic}\n{w} {h}\n").into_bytes()
    } else {
        format!("{magic}\n{w} {h}\n255\n").into_bytes()
    };
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Operation;
    use lopdf::{dictionary, Stream};

    /// A one-page PDF drawing one image XObject with `ctm`, plus `extra` operations.
    fn pdf_with_image(image: Stream, ctm: [f32; 6], extra: Vec<Operation>) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let img_id = doc.add_object(image);
        let mut ops = vec![
            Operation::new("q", vec![]),
            Operation::new("cm", ctm.iter().map(|v| (*v).into()).collect()),
            Operation::new("Do", vec!["Im0".into()]),
            Operation::new("Q", vec![]),
        ];
        ops.extend(extra);
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img_id } },
                "MediaBox" => vec![0.into(), 0.into(), 100.into(), 200.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut buf = Vec::new();
        doc.save_to(&mut buf).unwrap();
        buf
    }

    fn gray_image(w: i64, h: i64, data: Vec<u8>, filter: Option<&str>) -> Stream {
        let mut d = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        };
        if let Some(f) = filter {
            d.set("Filter", Object::Name(f.as_bytes().to_vec()));
        }
        Stream::new(d, data).with_compression(false)
    }

    const FULL: [f32; 6] = [100.0, 0.0, 0.0, 200.0, 0.0, 0.0];

    #[test]
    fn a_full_page_jpeg_is_kept_byte_for_byte() {
        let jpeg = b"\xFF\xD8\xFF\xE0 not really a jpeg".to_vec();
        let pdf = pdf_with_image(
            gray_image(50, 100, jpeg.clone(), Some("DCTDecode")),
            FULL,
            vec![],
        );
        let pages = scan_pages(&pdf, None).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(
            (pages[0].page, pages[0].width, pages[0].height),
            (1, 100.0, 200.0)
        );
        assert!(pages[0].draws_image);
        let PageImage::File {
            bytes,
            suffix,
            width,
            height,
            place,
        } = &pages[0].image
        else {
            panic!("{:?}", pages[0].image);
        };
        assert_eq!((bytes, *suffix, *width, *height), (&jpeg, "jpg", 50, 100));
        assert_eq!(
            *place,
            Placement {
                x0: 0.0,
                top: 0.0,
                width: 100.0,
                height: 200.0
            }
        );
    }

    #[test]
    fn raw_and_flate_gray_samples_become_pnm() {
        use std::io::Write;
        let pixels: Vec<u8> = (0..20u8).collect();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&pixels).unwrap();
        let zipped = z.finish().unwrap();
        for image in [
            gray_image(4, 5, pixels.clone(), None),
            gray_image(4, 5, zipped, Some("FlateDecode")),
        ] {
            let pdf = pdf_with_image(image, FULL, vec![]);
            let PageImage::File { bytes, suffix, .. } = &scan_pages(&pdf, None).unwrap()[0].image
            else {
                panic!("not a file");
            };
            let mut want = b"P5\n4 5\n255\n".to_vec();
            want.extend_from_slice(&pixels);
            assert_eq!((bytes, *suffix), (&want, "pnm"));
        }
        // too few samples for the size it claims: rendered instead
        let pdf = pdf_with_image(gray_image(40, 50, pixels, None), FULL, vec![]);
        assert_eq!(scan_pages(&pdf, None).unwrap()[0].image, PageImage::Render);
    }

    #[test]
    fn pages_that_are_not_one_upright_full_page_image_are_rendered() {
        let img = || gray_image(50, 100, b"\xFF\xD8".to_vec(), Some("DCTDecode"));
        let small = [50.0, 0.0, 0.0, 100.0, 10.0, 10.0];
        let rotated = [0.0, 200.0, -100.0, 0.0, 100.0, 0.0];
        let text = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tj", vec![Object::string_literal("x")]),
            Operation::new("ET", vec![]),
        ];
        for pdf in [
            pdf_with_image(img(), small, vec![]),
            pdf_with_image(img(), rotated, vec![]),
            pdf_with_image(img(), FULL, text),
        ] {
            let p = &scan_pages(&pdf, None).unwrap()[0];
            assert_eq!(p.image, PageImage::Render);
            assert!(p.draws_image);
        }
        let placed = pdf_with_image(img(), [95.0, 0.0, 0.0, 195.0, 3.0, 2.0], vec![]);
        let PageImage::File { place, .. } = &scan_pages(&placed, None).unwrap()[0].image else {
            panic!("an image on 93% of the page is the page");
        };
        assert_eq!(
            *place,
            Placement {
                x0: 3.0,
                top: 3.0,
                width: 95.0,
                height: 195.0
            }
        );
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(scan_pages(b"%PDF-1.4\ngarbage", None).is_err());
        assert!(scan_pages(b"", None).is_err());
    }

    #[test]
    fn matrices_compose_in_pdf_order() {
        // scale by 2, then move by (10, 20)
        let m = multiply(
            [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 10.0, 20.0],
        );
        assert_eq!(m, [2.0, 0.0, 0.0, 2.0, 10.0, 20.0]);
    }
}
