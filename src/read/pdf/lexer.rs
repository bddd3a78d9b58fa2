//! Content-stream tokens: a page's decoded content bytes in, one operator at a
//! time out, with its operands in a reused buffer (no allocation per operator).
//!
//! ```text
//! BT /F1 9 Tf 40 752 Td [(Am)-20(end)] TJ ET
//! → "BT" []   "Tf" [/F1 9]   "Td" [40 752]   "TJ" [[ (Am) -20 (end) ]]   "ET" []
//! ```
//!
//! Numbers read as lopdf reads them (an integer as `i64`, a real as `f32`, then
//! widened), so positions are bit-for-bit those of the earlier pdf-extract reader.
//! Inline images (`BI … ID <binary> EI`) are skipped whole. Nothing here fails
//! on junk: an unknown byte is skipped, a bad number is an unknown operator.

use super::limits::{Fail, MAX_OPERANDS};
use crate::model::Code;

/// One operand; strings and names point into [`Operands::bytes`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    /// A number.
    Num(f64),
    /// A name without its slash: `bytes[start..end]`.
    Name(u32, u32),
    /// A string's bytes: `bytes[start..end]`.
    Str(u32, u32),
    /// `[`
    ArrayStart,
    /// `]`
    ArrayEnd,
    /// Anything else (`true`, a dictionary, ...).
    Other,
}

/// The operands of the current operator.
#[derive(Debug, Default)]
pub struct Operands {
    /// In order.
    pub list: Vec<Operand>,
    /// Bytes of the strings and names.
    pub bytes: Vec<u8>,
}

impl Operands {
    fn clear(&mut self) {
        self.list.clear();
        self.bytes.clear();
    }

    /// The `i`-th operand as a number.
    pub fn num(&self, i: usize) -> Option<f64> {
        match self.list.get(i) {
            Some(Operand::Num(v)) => Some(*v),
            _ => None,
        }
    }

    /// The last `n` operands as numbers (the usual shape: `x y Td`, `a b c d e f cm`).
    pub fn last_nums<const N: usize>(&self) -> Option<[f64; N]> {
        let start = self.list.len().checked_sub(N)?;
        let mut out = [0.0; N];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.num(start + k)?;
        }
        Some(out)
    }

    /// The bytes of a name or string operand.
    pub fn bytes_of(&self, op: Operand) -> Option<&[u8]> {
        match op {
            Operand::Name(s, e) | Operand::Str(s, e) => Some(&self.bytes[s as usize..e as usize]),
            _ => None,
        }
    }

    /// The first name operand.
    pub fn first_name(&self) -> Option<&[u8]> {
        self.list
            .iter()
            .find(|o| matches!(o, Operand::Name(..)))
            .and_then(|o| self.bytes_of(*o))
    }

    /// The last string operand.
    pub fn last_string(&self) -> Option<&[u8]> {
        self.list
            .iter()
            .rev()
            .find(|o| matches!(o, Operand::Str(..)))
            .and_then(|o| self.bytes_of(*o))
    }
}

/// PDF whitespace.
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

/// PDF delimiters.
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A regular character (part of a number, keyword or name).
fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// Reads operators from one content stream.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Inside an inline image's parameters (where `BI` is not a new image).
    in_image: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `data`.
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            in_image: false,
        }
    }

    /// The next operator and its operands; `None` at the end.
    pub fn next_op(&mut self, ops: &mut Operands) -> Option<Result<&'a [u8], Fail>> {
        ops.clear();
        loop {
            self.skip_white_and_comments();
            let &b = self.data.get(self.pos)?;
            if ops.list.len() >= MAX_OPERANDS {
                return Some(Err(Fail::limit(
                    Code::PdfOperatorLimit,
                    format!("an operator has more than {MAX_OPERANDS} operands"),
                )));
            }
            match b {
                b'/' => self.name(ops),
                b'(' => self.literal(ops),
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.dictionary(ops),
                b'<' => self.hex(ops),
                b'[' => self.push_mark(ops, Operand::ArrayStart),
                b']' => self.push_mark(ops, Operand::ArrayEnd),
                b')' | b'>' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let word = self.word();
                    if let Some(v) = number(word) {
                        ops.list.push(Operand::Num(v));
                    } else if matches!(word, b"true" | b"false" | b"null") {
                        ops.list.push(Operand::Other);
                    } else {
                        if word == b"BI" && !self.in_image {
                            self.skip_inline_image();
                        }
                        return Some(Ok(word));
                    }
                }
            }
        }
    }

    fn push_mark(&mut self, ops: &mut Operands, mark: Operand) {
        self.pos += 1;
        ops.list.push(mark);
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self
                    .data
                    .get(self.pos)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    /// A run of regular characters (at least one byte, so junk always advances).
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        self.pos += 1;
        while self.data.get(self.pos).is_some_and(|&b| is_regular(b)) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn name(&mut self, ops: &mut Operands) {
        self.pos += 1;
        let start = ops.bytes.len() as u32;
        while let Some(&b) = self.data.get(self.pos) {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                if let Some(v) = self.hex_pair() {
                    ops.bytes.push(v);
                    continue;
                }
            }
            ops.bytes.push(b);
        }
        ops.list.push(Operand::Name(start, ops.bytes.len() as u32));
    }

    /// Two hex digits at the cursor, consumed when both are there.
    fn hex_pair(&mut self) -> Option<u8> {
        let h = (*self.data.get(self.pos)? as char).to_digit(16)?;
        let l = (*self.data.get(self.pos + 1)? as char).to_digit(16)?;
        self.pos += 2;
        Some((h * 16 + l) as u8)
    }

    fn literal(&mut self, ops: &mut Operands) {
        self.pos += 1;
        let start = ops.bytes.len() as u32;
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'\\' => self.escape(&mut ops.bytes),
                b'(' => {
                    depth += 1;
                    ops.bytes.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    ops.bytes.push(b);
                }
                b'\r' => {
                    if self.data.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    ops.bytes.push(b'\n');
                }
                _ => ops.bytes.push(b),
            }
        }
        ops.list.push(Operand::Str(start, ops.bytes.len() as u32));
    }

    /// The byte(s) after a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(&b) = self.data.get(self.pos) else {
            return;
        };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.data.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'\r' => {
                if self.data.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }

    fn hex(&mut self, ops: &mut Operands) {
        self.pos += 1;
        let start = ops.bytes.len() as u32;
        let mut high: Option<u32> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = (b as char).to_digit(16) else {
                continue;
            };
            match high.take() {
                Some(h) => ops.bytes.push((h * 16 + v) as u8),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            ops.bytes.push((h * 16) as u8);
        }
        ops.list.push(Operand::Str(start, ops.bytes.len() as u32));
    }

    /// Skips a `<< ... >>` dictionary operand (nested, strings inside respected).
    fn dictionary(&mut self, ops: &mut Operands) {
        let mut depth = 0usize;
        let mut scratch = Operands::default();
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        break;
                    }
                }
                b'(' => self.literal(&mut scratch),
                b'<' => self.hex(&mut scratch),
                b'%' => self.skip_white_and_comments(),
                _ => self.pos += 1,
            }
            scratch.clear();
        }
        ops.list.push(Operand::Other);
    }

    /// After `BI`: skips the image's parameters, `ID`, its data and `EI`.
    fn skip_inline_image(&mut self) {
        let mut scratch = Operands::default();
        self.in_image = true;
        let found = loop {
            match self.next_op(&mut scratch) {
                Some(Ok(b"ID")) => break true,
                Some(Ok(_)) | Some(Err(_)) => continue,
                None => break false,
            }
        };
        self.in_image = false;
        if !found {
            return;
        }
        self.pos += 1; // the single whitespace after ID
        while self.pos < self.data.len() {
            let at = &self.data[self.pos..];
            let ends = at.len() >= 2
                && &at[..2] == b"EI"
                && self.pos > 0
                && is_white(self.data[self.pos - 1])
                && at.get(2).map_or(true, |&b| is_white(b) || is_delim(b));
            if ends {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }
}

/// A number token as lopdf reads it: `[+-]?digits` as `i64`, `[+-]?(d+.d*|.d+)` as `f32`.
fn number(word: &[u8]) -> Option<f64> {
    let digits = word
        .strip_prefix(b"+")
        .or_else(|| word.strip_prefix(b"-"))
        .unwrap_or(word);
    if digits.is_empty() {
        return None;
    }
    let mut dots = 0;
    for &b in digits {
        match b {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    let text = std::str::from_utf8(word).ok()?;
    match dots {
        0 => text
            .parse::<i64>()
            .map(|v| v as f64)
            .or_else(|_| text.parse::<f64>())
            .ok(),
        1 if digits.len() > 1 => text.parse::<f32>().ok().map(f64::from),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operator with its operands, as text.
    fn ops_of(src: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(src);
        let mut ops = Operands::default();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            let op = op.unwrap();
            let args: Vec<String> = ops
                .list
                .iter()
                .map(|o| match o {
                    Operand::Num(v) => format!("{v}"),
                    Operand::Name(..) => {
                        format!("/{}", String::from_utf8_lossy(ops.bytes_of(*o).unwrap()))
                    }
                    Operand::Str(..) => {
                        format!("({})", String::from_utf8_lossy(ops.bytes_of(*o).unwrap()))
                    }
                    Operand::ArrayStart => "[".into(),
                    Operand::ArrayEnd => "]".into(),
                    Operand::Other => "?".into(),
                })
                .collect();
            out.push(
                format!("{} {}", args.join(" "), String::from_utf8_lossy(op))
                    .trim()
                    .to_string(),
            );
        }
        out
    }

    #[test]
    fn operators_come_with_their_operands() {
        let got = ops_of(b"BT /F1 9 Tf 40 752.5 Td [(Am)-20(end\\051)] TJ <414 2> Tj ET % c\nq");
        assert_eq!(
            got,
            vec![
                "BT",
                "/F1 9 Tf",
                "40 752.5 Td",
                "[ (Am) -20 (end)) ] TJ",
                "(AB) Tj",
                "ET",
                "q"
            ]
        );
    }

    #[test]
    fn strings_names_and_escapes() {
        let got = ops_of(b"/A#20B (a(b)c\\\nd\\101\r\n) <</K [1 2] /S (x>>)>> BDC");
        assert_eq!(got, vec!["/A B (a(b)cdA\n) ? BDC"]);
    }

    #[test]
    fn reals_are_read_as_f32_like_lopdf() {
        assert_eq!(number(b"56.8"), Some(f64::from(56.8f32)));
        assert_eq!(number(b"-.5"), Some(-0.5));
        assert_eq!(number(b"12."), Some(12.0));
        assert_eq!(number(b"42"), Some(42.0));
        assert_eq!(number(b"1.2.3"), None);
        assert_eq!(number(b"-"), None);
        assert_eq!(number(b"."), None);
    }

    #[test]
    fn inline_images_are_skipped() {
        let got = ops_of(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffx EI Q");
        assert_eq!(got, vec!["q", "BI", "Q"]);
    }

    #[test]
    fn junk_always_advances() {
        let got = ops_of(b") } > ]] 1 2");
        assert_eq!(got, Vec::<String>::new());
    }
}
