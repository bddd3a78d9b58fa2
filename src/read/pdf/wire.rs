//! The bytes between the reader and its child process: an [`Extracted`] (or the
//! error kind) in, a little-endian byte string out, and back.
//!
//! ```text
//! result: 0 u8, pages u32, lines (page u32, line u32, y f32, words (text, x0 f32, x1 f32)),
//!         rulings (page u32, x0 y0 x1 y1 f32), skipped (page u32, text)
//! error:  1 u8, kind u8, code text, message text          (text = len u32, UTF-8 bytes)
//! ```
//!
//! Decoding never trusts a length: every count is checked against the bytes left.

use super::Extracted;
use crate::error::ReadErrorKind;
use crate::layout::{Line, Ruling, Word};
use crate::model::Code;
use std::time::Duration;

/// Appends the encoding of a reading's outcome.
pub fn encode(result: &Result<Extracted, ReadErrorKind>, out: &mut Vec<u8>) {
    match result {
        Ok(e) => {
            out.push(0);
            put_u32(out, e.pages);
            put_u32(out, e.lines.len() as u32);
            for l in &e.lines {
                put_line(out, l);
            }
            put_u32(out, e.rulings.len() as u32);
            for r in &e.rulings {
                put_u32(out, r.page);
                for v in [r.x0, r.y0, r.x1, r.y1] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            put_u32(out, e.skipped.len() as u32);
            for (page, why) in &e.skipped {
                put_u32(out, *page);
                put_str(out, why);
            }
        }
        Err(kind) => {
            out.push(1);
            let (tag, code, message) = split_kind(kind);
            out.push(tag);
            put_str(out, code);
            put_str(out, &message);
        }
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_line(out: &mut Vec<u8>, l: &Line) {
    put_u32(out, l.page);
    put_u32(out, l.line);
    out.extend_from_slice(&l.y.to_le_bytes());
    put_u32(out, l.words.len() as u32);
    for w in &l.words {
        put_str(out, &w.text);
        out.extend_from_slice(&w.x0.to_le_bytes());
        out.extend_from_slice(&w.x1.to_le_bytes());
    }
}

/// The error kinds a reading can end in, as (tag, code, message).
fn split_kind(kind: &ReadErrorKind) -> (u8, &'static str, String) {
    match kind {
        ReadErrorKind::Encrypted => (1, "", String::new()),
        ReadErrorKind::BadPdf(m) => (2, "", m.clone()),
        ReadErrorKind::NoTextLayer => (3, "", String::new()),
        ReadErrorKind::Panic(m) => (4, "", m.clone()),
        ReadErrorKind::Timeout(_) => (5, "", String::new()),
        ReadErrorKind::Limit { code, message } => (6, code.as_str(), message.clone()),
        other => (7, "", other.to_string()),
    }
}

/// Reads what [`encode`] wrote; `None` for anything malformed.
pub fn decode(bytes: &[u8]) -> Option<Result<Extracted, ReadErrorKind>> {
    let mut r = ByteCursor { bytes, at: 0 };
    let out = match r.u8()? {
        0 => Ok(r.extracted()?),
        1 => Err(r.kind()?),
        _ => return None,
    };
    (r.at == bytes.len()).then_some(out)
}

/// A cursor over the encoded bytes.
struct ByteCursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl ByteCursor<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len())?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Some(s)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Option<f32> {
        self.u32().map(f32::from_bits)
    }

    fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    /// A count of items each at least `min` bytes long, checked against what is left.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min)? <= self.bytes.len() - self.at).then_some(n)
    }

    fn extracted(&mut self) -> Option<Extracted> {
        let pages = self.u32()?;
        let lines = (0..self.count(16)?)
            .map(|_| self.line())
            .collect::<Option<Vec<_>>>()?;
        let rulings = (0..self.count(20)?)
            .map(|_| {
                Some(Ruling {
                    page: self.u32()?,
                    x0: self.f32()?,
                    y0: self.f32()?,
                    x1: self.f32()?,
                    y1: self.f32()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let skipped = (0..self.count(8)?)
            .map(|_| Some((self.u32()?, self.text()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Extracted {
            pages,
            lines,
            rulings,
            skipped,
        })
    }

    fn line(&mut self) -> Option<Line> {
        let (page, line, y) = (self.u32()?, self.u32()?, self.f32()?);
        let words = (0..self.count(12)?)
            .map(|_| {
                Some(Word {
                    text: self.text()?.into(),
                    x0: self.f32()?,
                    x1: self.f32()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Line::from_words(page, line, y, words))
    }

    fn kind(&mut self) -> Option<ReadErrorKind> {
        let tag = self.u8()?;
        let code = self.text()?;
        let message = self.text()?;
        Some(match tag {
            1 => ReadErrorKind::Encrypted,
            2 => ReadErrorKind::BadPdf(message),
            3 => ReadErrorKind::NoTextLayer,
            4 => ReadErrorKind::Panic(message),
            5 => ReadErrorKind::Timeout(Duration::ZERO),
            6 => match Code::parse(&code) {
                Some(code) => ReadErrorKind::Limit { code, message },
                None => ReadErrorKind::Internal(message),
            },
            _ => ReadErrorKind::Internal(message),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Extracted {
        let words = vec![
            Word {
                text: "DP119".into(),
                x0: 1.5,
                x1: 20.25,
            },
            Word {
                text: "‘Title’".into(),
                x0: 22.0,
                x1: 60.0,
            },
        ];
        Extracted {
            pages: 3,
            lines: vec![Line::from_words(2, 7, 101.75, words)],
            rulings: vec![Ruling {
                page: 2,
                x0: 1.0,
                y0: 2.0,
                x1: 3.0,
                y1: f32::MAX,
            }],
            skipped: vec![(3, "a font has an unknown encoding".into())],
        }
    }

    #[test]
    fn results_and_errors_cross_the_pipe_unchanged() {
        let cases = vec![
            Ok(sample()),
            Err(ReadErrorKind::Limit {
                code: Code::PdfFormCycle,
                message: "page 1: a form draws itself".into(),
            }),
            Err(ReadErrorKind::BadPdf("no pages".into())),
            Err(ReadErrorKind::Encrypted),
            Err(ReadErrorKind::NoTextLayer),
        ];
        for case in cases {
            let mut bytes = Vec::new();
            encode(&case, &mut bytes);
            assert_eq!(decode(&bytes), Some(case));
        }
    }

    proptest! {
        #[test]
        fn damaged_messages_never_panic(cut in 0usize..200, flip in 0usize..200) {
            let mut bytes = Vec::new();
            encode(&Ok(sample()), &mut bytes);
            let cut = cut.min(bytes.len());
            let mut damaged = bytes[..cut].to_vec();
            if let Some(b) = damaged.get_mut(flip) {
                *b ^= 0xFF;
            }
            let _ = decode(&damaged);
        }
    }
}
