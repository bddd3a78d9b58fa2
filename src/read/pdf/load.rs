//! Loading: a PDF's bytes in, a lopdf [`Document`] and its pages out, or a
//! [`Fail`] before the loader can be made to allocate without bound.
//!
//! Before lopdf sees the file, a preflight scan refuses what would make its
//! loader run away: cross-reference streams declaring more entries than the
//! file could hold (`/W [0 0 0]` with a huge `/Index`, or a million entries for a
//! small file) and predictor rows wider than [`MAX_PREDICTOR_ROW`]
//! (`/Columns 2147483648`). While lopdf loads, every object passes a filter that
//! decodes object streams with the capped decoder (a bomb there is refused, and
//! lopdf gets the decoded bytes, so nothing is inflated twice) and counts the
//! stream bytes the cross-reference table makes it copy (a million entries
//! pointing at one stream). Then each page's inherited attributes are found by
//! a bounded walk up its `/Parent` chain.

use super::decode::{decode_stream, MAX_PREDICTOR_ROW};
use super::interp::{deref, dict_entry};
use super::limits::*;
use crate::model::Code;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::cell::RefCell;

/// What the load filter noticed.
#[derive(Default)]
struct LoadWatch {
    /// Stream bytes copied so far, and the most allowed.
    copied: usize,
    allowed: usize,
    budget: Option<InflateBudget>,
    failed: Option<Fail>,
    /// Object numbers held by the object stream decoded last.
    inner: std::collections::HashSet<u32>,
}

thread_local! {
    static WATCH: RefCell<LoadWatch> = RefCell::new(LoadWatch::default());
}

/// Stream bytes the loader may copy per byte of file, beyond one file's worth:
/// objects do not overlap in a real file.
const COPY_RATIO: usize = 2;

/// Loads `data`, refusing bombs (see the module docs); decrypts with the empty password.
pub fn load(data: &[u8], budget: InflateBudget) -> Result<(Document, InflateBudget), Fail> {
    preflight(data)?;
    WATCH.with(|w| {
        *w.borrow_mut() = LoadWatch {
            copied: 0,
            allowed: data
                .len()
                .saturating_mul(COPY_RATIO)
                .saturating_add(1 << 20),
            budget: Some(budget),
            ..LoadWatch::default()
        }
    });
    let options = lopdf::LoadOptions {
        filter: Some(watch_object),
        ..Default::default()
    };
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(data, options));
    let watch = WATCH.with(|w| std::mem::take(&mut *w.borrow_mut()));
    if let Some(f) = watch.failed {
        return Err(f);
    }
    let budget = watch.budget.unwrap_or_else(|| InflateBudget::for_file(0));
    match loaded {
        Ok(Ok(doc)) => Ok((doc, budget)),
        Ok(Err(e)) => Err(classify(&e)),
        Err(p) if p.is::<StopLoading>() => Err(Fail::damaged("the load stopped")),
        Err(p) => std::panic::resume_unwind(p),
    }
}

/// A load error as a failure (encryption is told apart by the caller's message).
fn classify(e: &lopdf::Error) -> Fail {
    use lopdf::Error as E;
    match e {
        E::Decryption(_)
        | E::InvalidPassword
        | E::AlreadyEncrypted
        | E::UnsupportedSecurityHandler(_) => Fail::Damaged(ENCRYPTED.into()),
        other => Fail::damaged(other.to_string()),
    }
}

/// Unwinds out of lopdf's loader once the filter has failed the load (lopdf would
/// otherwise go on reading every remaining entry); `resume_unwind` runs no panic hook.
struct StopLoading;

/// The message that marks an encrypted file (mapped to its own error kind).
pub const ENCRYPTED: &str = "encrypted";

/// The load filter: counts copied stream bytes, decodes object streams capped.
///
/// lopdf uses the filter in two ways: for a top-level object it keeps the object
/// it passed (and ignores what the filter returns); for an object inside an object
/// stream it keeps what the filter returns. So an object listed in an object
/// stream just decoded is returned as a copy, and any other gets a placeholder.
fn watch_object(id: (u32, u16), object: &mut Object) -> Option<((u32, u16), Object)> {
    WATCH.with(|w| {
        let mut w = w.borrow_mut();
        if w.failed.is_some() {
            return None;
        }
        let Object::Stream(s) = object else {
            let inner = w.inner.contains(&id.0);
            return Some((id, if inner { object.clone() } else { Object::Null }));
        };
        w.copied = w.copied.saturating_add(s.content.len());
        if w.copied > w.allowed {
            w.failed = Some(Fail::limit(
                Code::PdfXrefLimit,
                "the cross-reference table points many entries at the same bytes (an amplification?)",
            ));
            drop(w);
            std::panic::resume_unwind(Box::new(StopLoading));
        }
        if s.dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"ObjStm") {
            if let Err(f) = decode_object_stream(s, &mut w) {
                w.failed = Some(f);
                drop(w);
                std::panic::resume_unwind(Box::new(StopLoading));
            }
        }
        Some((id, Object::Null))
    })
}

/// Decodes an object stream in place (capped) and notes the objects it holds.
fn decode_object_stream(s: &mut lopdf::Stream, w: &mut LoadWatch) -> Result<(), Fail> {
    let Some(budget) = w.budget.as_mut() else {
        return Ok(());
    };
    let bytes = decode_stream(s, budget)?.into_owned();
    let first = s
        .dict
        .get(b"First")
        .and_then(|o| o.as_i64())
        .unwrap_or(0)
        .clamp(0, bytes.len() as i64) as usize;
    let header = String::from_utf8_lossy(&bytes[..first]);
    let numbers: Vec<u32> = header
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    w.inner.clear();
    w.inner.extend(numbers.chunks_exact(2).map(|p| p[0]));
    s.dict.remove(b"Filter");
    s.dict.remove(b"DecodeParms");
    s.set_content(bytes);
    Ok(())
}

/// Refuses cross-reference and predictor declarations no real file has.
fn preflight(data: &[u8]) -> Result<(), Fail> {
    let allowed =
        XREF_ALLOWANCE.saturating_add((data.len() as u64).saturating_mul(XREF_ENTRIES_PER_BYTE));
    let mut declared: u64 = 0;
    for at in memchr::memmem::find_iter(data, b"/Index") {
        let counts = integers_after(&data[at + 6..]);
        declared = declared.saturating_add(counts.iter().skip(1).step_by(2).copied().sum::<u64>());
    }
    for at in memchr::memmem::find_iter(data, b"/Size") {
        declared = declared.max(
            integers_after(&data[at + 5..])
                .first()
                .copied()
                .unwrap_or(0),
        );
    }
    if declared > allowed {
        return Err(Fail::limit(
            Code::PdfXrefLimit,
            format!("the cross-reference table declares {declared} entries, more than a file of {} bytes can hold", data.len()),
        ));
    }
    for at in memchr::memmem::find_iter(data, b"/Columns") {
        let columns = integers_after(&data[at + 8..])
            .first()
            .copied()
            .unwrap_or(0);
        if columns > MAX_PREDICTOR_ROW as u64 {
            return Err(Fail::limit(
                Code::PdfPredictorLimit,
                format!(
                    "a stream's predictor rows are {columns} columns wide, over the reader's limit"
                ),
            ));
        }
    }
    Ok(())
}

/// The non-negative integers right after a key: one (`/Size 12`) or an array (`/Index [0 5 9 2]`).
fn integers_after(bytes: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    let in_array = bytes.get(i) == Some(&b'[');
    if in_array {
        i += 1;
    }
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() && i - start < 20 {
            i += 1;
        }
        if start == i {
            return out;
        }
        out.push(
            std::str::from_utf8(&bytes[start..i])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(u64::MAX),
        );
        if !in_array || out.len() >= 1 << 16 {
            return out;
        }
    }
}

/// What the interpreter needs of one page.
pub struct PageInfo<'d> {
    /// `/Resources` (inherited).
    pub resources: Option<&'d Dictionary>,
    /// `/MediaBox` (inherited; US Letter when missing).
    pub media: [f64; 4],
    /// `/Rotate` (inherited), degrees clockwise.
    pub rotate: i64,
    /// The content streams, in order.
    pub contents: Vec<ObjectId>,
}

/// Letter size, the PDF reference's default media box.
const DEFAULT_MEDIA: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

/// A page's attributes, inherited ones found up a bounded `/Parent` chain.
pub fn page_info(doc: &Document, page: ObjectId) -> Result<PageInfo<'_>, Fail> {
    let dict = doc
        .get_dictionary(page)
        .map_err(|_| Fail::damaged("a page object is missing"))?;
    let chain = parent_chain(doc, dict)?;
    let inherited = |key: &[u8]| {
        chain
            .iter()
            .find_map(|d| d.get(key).ok().and_then(|o| deref(doc, o)))
    };
    let resources = chain.iter().find_map(|d| dict_entry(doc, d, b"Resources"));
    let media = inherited(b"MediaBox")
        .and_then(|o| four_numbers(doc, o))
        .unwrap_or(DEFAULT_MEDIA);
    let rotate = inherited(b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    let contents = content_ids(doc, dict)?;
    Ok(PageInfo {
        resources,
        media,
        rotate,
        contents,
    })
}

/// The page and its ancestors, nearest first; a loop is damage.
fn parent_chain<'d>(doc: &'d Document, page: &'d Dictionary) -> Result<Vec<&'d Dictionary>, Fail> {
    let mut chain = vec![page];
    let mut seen: Vec<ObjectId> = Vec::new();
    let mut at = page;
    while let Ok(parent) = at.get(b"Parent").and_then(|p| p.as_reference()) {
        if seen.contains(&parent) || seen.len() >= MAX_TREE_DEPTH {
            return Err(Fail::damaged(
                "the page tree loops back on itself (a /Parent cycle)",
            ));
        }
        seen.push(parent);
        let Ok(d) = doc.get_dictionary(parent) else {
            break;
        };
        chain.push(d);
        at = d;
    }
    Ok(chain)
}

/// `[a b c d]` as numbers.
fn four_numbers(doc: &Document, o: &Object) -> Option<[f64; 4]> {
    let a = o.as_array().ok()?;
    let mut v = [0.0; 4];
    for (slot, x) in v.iter_mut().zip(a) {
        *slot = match deref(doc, x)? {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => return None,
        };
    }
    (a.len() >= 4).then_some(v)
}

/// The page's content stream ids; a missing one is damage (a truncated file?).
fn content_ids(doc: &Document, page: &Dictionary) -> Result<Vec<ObjectId>, Fail> {
    let ids: Vec<ObjectId> = match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.get_object(*id) {
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => vec![*id],
        },
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    };
    if let Some(missing) = ids
        .iter()
        .find(|id| !matches!(doc.get_object(**id), Ok(Object::Stream(_))))
    {
        return Err(Fail::damaged(format!(
            "the page's content stream {} {} R is missing (a truncated or damaged file?)",
            missing.0, missing.1
        )));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preflight_refuses_impossible_cross_references() {
        let small = b"%PDF-1.5\n1 0 obj << /Type /XRef /W [0 0 0] /Index [0 4000000000] /Size 5 >>";
        assert!(matches!(
            preflight(small),
            Err(Fail::Limit {
                code: Code::PdfXrefLimit,
                ..
            })
        ));
        let wide = b"%PDF-1.5\n<< /DecodeParms << /Predictor 12 /Columns 2147483648 >> >>";
        assert!(matches!(
            preflight(wide),
            Err(Fail::Limit {
                code: Code::PdfPredictorLimit,
                ..
            })
        ));
        assert_eq!(
            preflight(b"%PDF-1.5 << /Size 20 /Index [0 10 12 8] /Columns 5 >>"),
            Ok(())
        );
        assert_eq!(integers_after(b" [ 0 10\n12 8 ] /W"), vec![0, 10, 12, 8]);
        assert_eq!(integers_after(b" 42 0 R"), vec![42]);
        assert_eq!(integers_after(b"/X"), Vec::<u64>::new());
    }
}
