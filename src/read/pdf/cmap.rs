//! CMaps: a `/ToUnicode` stream in, code → text out; a Type 0 font's
//! `/Encoding` CMap in, byte string → (code, CID) out.
//!
//! ```text
//! 1 begincodespacerange <0000> <FFFF> endcodespacerange
//! 2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar      % 0x11 → "fi"
//! 1 beginbfrange <0024> <0026> <0041> endbfrange               % 0x24..0x26 → "A".."C"
//! ```
//!
//! Any well-formed map is read, whatever its targets (a code mapped to U+0000 or
//! U+007F, as some producers write for unused codes, is kept: the glyph layer
//! ignores control characters). One pass over the tokens, no per-entry error
//! strings; a range is clipped at [`MAX_RANGE`] codes and a map at [`MAX_ENTRIES`],
//! so a hostile `<00000000> <FFFFFFFF>` range costs nothing.

use super::lexer::{Lexer, Operand, Operands};
use std::collections::HashMap;

/// Codes one `bfrange`/`cidrange` line may cover (a two-byte code space).
pub const MAX_RANGE: u32 = 0x1_0000;
/// Entries one ToUnicode map may hold (every two-byte code, four times over).
pub const MAX_ENTRIES: usize = 1 << 18;

/// code → text, from a `/ToUnicode` CMap.
#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    map: HashMap<u32, Box<str>>,
}

impl ToUnicode {
    /// The text of `code`, when the map has it.
    pub fn get(&self, code: u32) -> Option<&str> {
        self.map.get(&code).map(|s| &**s)
    }

    /// How many codes are mapped.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn put(&mut self, code: u32, units: &[u16]) {
        if self.map.len() >= MAX_ENTRIES {
            return;
        }
        if let [u] = units {
            if (0xD800..=0xDFFF).contains(u) {
                return; // a lone surrogate: no character
            }
        }
        let text: String = char::decode_utf16(units.iter().copied())
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect();
        self.map.insert(code, text.into_boxed_str());
    }
}

/// Big-endian value of a code's bytes (at most four are kept).
fn code_value(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |v, &b| v << 8 | u32::from(b))
}

/// UTF-16BE code units of a target string.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
        .collect()
}

/// Parses a ToUnicode CMap. Never fails: what cannot be read is left out.
pub fn parse_to_unicode(data: &[u8]) -> ToUnicode {
    let mut out = ToUnicode::default();
    let mut lexer = Lexer::new(data);
    let mut ops = Operands::default();
    while let Some(op) = lexer.next_op(&mut ops) {
        match op {
            Ok(b"endbfchar") => bf_chars(&ops, &mut out),
            Ok(b"endbfrange") => bf_ranges(&ops, &mut out),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    out
}

/// `<src> <dst>` pairs (a destination may also be a glyph name).
fn bf_chars(ops: &Operands, out: &mut ToUnicode) {
    for pair in ops.list.chunks_exact(2) {
        let Some(src) = ops
            .bytes_of(pair[0])
            .filter(|_| matches!(pair[0], Operand::Str(..)))
        else {
            continue;
        };
        let code = code_value(src);
        match pair[1] {
            Operand::Str(..) => out.put(code, &utf16_units(ops.bytes_of(pair[1]).unwrap_or(&[]))),
            Operand::Name(..) => {
                let name = ops.bytes_of(pair[1]).unwrap_or(&[]);
                if let Some(t) = super::encoding::name_to_text(name) {
                    out.put(code, &t.encode_utf16().collect::<Vec<u16>>());
                }
            }
            _ => {}
        }
    }
}

/// `<lo> <hi> <dst>` (the last unit counting up) or `<lo> <hi> [<d0> <d1> ...]`.
fn bf_ranges(ops: &Operands, out: &mut ToUnicode) {
    let list = &ops.list;
    let mut i = 0;
    while i + 2 < list.len() {
        let (Some(lo), Some(hi)) = (str_code(ops, list[i]), str_code(ops, list[i + 1])) else {
            i += 1;
            continue;
        };
        let hi = hi.min(lo.saturating_add(MAX_RANGE - 1));
        match list[i + 2] {
            Operand::Str(..) => {
                let base = utf16_units(ops.bytes_of(list[i + 2]).unwrap_or(&[]));
                put_counting_range(out, lo, hi, base);
                i += 3;
            }
            Operand::ArrayStart => {
                let mut k = i + 3;
                let mut code = lo;
                while k < list.len() && list[k] != Operand::ArrayEnd {
                    if let (Some(b), true) = (ops.bytes_of(list[k]), code <= hi) {
                        out.put(code, &utf16_units(b));
                        code += 1;
                    }
                    k += 1;
                }
                i = k + 1;
            }
            _ => i += 3,
        }
    }
}

/// `lo..=hi` to `base`, `base`+1, ... (the last code unit counts up).
fn put_counting_range(out: &mut ToUnicode, lo: u32, hi: u32, mut units: Vec<u16>) {
    if units.is_empty() {
        return;
    }
    let last = units.len() - 1;
    let start = units[last];
    for (k, code) in (lo..=hi).enumerate() {
        units[last] = start.wrapping_add(k as u16);
        out.put(code, &units);
    }
}

/// A string operand's code value.
fn str_code(ops: &Operands, op: Operand) -> Option<u32> {
    match op {
        Operand::Str(..) => ops.bytes_of(op).map(code_value),
        _ => None,
    }
}

/// How a Type 0 font's strings split into codes, and which CID each code is.
#[derive(Debug, Clone)]
pub struct CodeMap {
    /// (bytes, low, high) code space ranges.
    spaces: Vec<(u8, u32, u32)>,
    /// (low code, high code, first CID); empty means CID = code.
    cids: Vec<(u32, u32, u32)>,
}

impl CodeMap {
    /// `Identity-H` / `Identity-V`: two-byte codes, CID = code.
    pub fn identity() -> CodeMap {
        CodeMap {
            spaces: vec![(2, 0, 0xFFFF)],
            cids: Vec::new(),
        }
    }

    /// The next code in `bytes`: (code, CID, bytes used), `None` at the end.
    pub fn next(&self, bytes: &[u8]) -> Option<(u32, u32, usize)> {
        if bytes.is_empty() {
            return None;
        }
        let mut code = 0u32;
        for len in 1..=4usize.min(bytes.len()) {
            code = code << 8 | u32::from(bytes[len - 1]);
            let fits = self
                .spaces
                .iter()
                .any(|&(n, lo, hi)| n as usize == len && (lo..=hi).contains(&code));
            if fits {
                return Some((code, self.cid(code), len));
            }
        }
        // not in any code space: take as many bytes as the shortest range
        let len = self
            .spaces
            .iter()
            .map(|s| s.0 as usize)
            .min()
            .unwrap_or(1)
            .clamp(1, bytes.len());
        let code = code_value(&bytes[..len]);
        Some((code, self.cid(code), len))
    }

    fn cid(&self, code: u32) -> u32 {
        if self.cids.is_empty() {
            return code;
        }
        self.cids
            .iter()
            .find(|&&(lo, hi, _)| (lo..=hi).contains(&code))
            .map_or(0, |&(lo, _, cid)| cid + (code - lo))
    }
}

/// Parses an embedded encoding CMap (`codespacerange`, `cidrange`, `cidchar`).
pub fn parse_code_map(data: &[u8]) -> CodeMap {
    let mut map = CodeMap {
        spaces: Vec::new(),
        cids: Vec::new(),
    };
    let mut lexer = Lexer::new(data);
    let mut ops = Operands::default();
    while let Some(Ok(op)) = lexer.next_op(&mut ops) {
        match op {
            b"endcodespacerange" => code_spaces(&ops, &mut map),
            b"endcidrange" => cid_ranges(&ops, &mut map, 3),
            b"endcidchar" => cid_ranges(&ops, &mut map, 2),
            b"usecmap" if ops.first_name().is_some_and(|n| n.starts_with(b"Identity")) => {
                map.spaces.push((2, 0, 0xFFFF));
            }
            _ => {}
        }
        if map.cids.len() > MAX_ENTRIES {
            break;
        }
    }
    if map.spaces.is_empty() {
        map.spaces.push((2, 0, 0xFFFF));
    }
    map
}

fn code_spaces(ops: &Operands, map: &mut CodeMap) {
    for pair in ops.list.chunks_exact(2) {
        if let (Some(lo), Some(hi)) = (ops.bytes_of(pair[0]), ops.bytes_of(pair[1])) {
            let n = lo.len().clamp(1, 4) as u8;
            map.spaces.push((n, code_value(lo), code_value(hi)));
        }
    }
}

/// `<lo> <hi> cid` lines (`width` 3) or `<code> cid` lines (`width` 2).
fn cid_ranges(ops: &Operands, map: &mut CodeMap, width: usize) {
    for entry in ops.list.chunks_exact(width) {
        let lo = str_code(ops, entry[0]);
        let hi = if width == 3 {
            str_code(ops, entry[1])
        } else {
            lo
        };
        let cid = match entry[width - 1] {
            Operand::Num(v) if v >= 0.0 => v as u32,
            _ => continue,
        };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            map.cids
                .push((lo, hi.min(lo.saturating_add(MAX_RANGE - 1)), cid));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_and_bfrange_in_every_form() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <00> <FF> endcodespacerange\n\
            4 beginbfchar <01> <0053> <02> <2019> <03> <00660069> <04> <0000> endbfchar\n\
            2 beginbfrange <10> <12> <0061> <20> <21> [<0041> <D83DDE00>] endbfrange\n\
            1 beginbfchar <7F> <007F> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
        let m = parse_to_unicode(cmap);
        let got: Vec<_> = [1, 2, 3, 4, 0x10, 0x12, 0x20, 0x21, 0x7F, 0x13]
            .iter()
            .map(|c| m.get(*c).map(str::to_string))
            .collect();
        let want: Vec<Option<String>> = [
            "S",
            "\u{2019}",
            "fi",
            "\0",
            "a",
            "c",
            "A",
            "\u{1F600}",
            "\u{7F}",
        ]
        .iter()
        .map(|s| Some(s.to_string()))
        .chain([None])
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn hostile_ranges_are_clipped() {
        let m = parse_to_unicode(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        // every code of the first 64K but the 2,048 whose target would be a lone surrogate
        assert_eq!(m.len(), MAX_RANGE as usize - 2048);
        assert!(parse_to_unicode(b"beginbfchar <01> endbfchar <junk").is_empty());
    }

    #[test]
    fn code_maps_split_strings_into_codes() {
        let id = CodeMap::identity();
        assert_eq!(id.next(&[0x01, 0x02, 0x03]), Some((0x0102, 0x0102, 2)));
        let m = parse_code_map(
            b"2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange \
              1 begincidrange <8140> <817F> 633 endcidrange 1 begincidchar <41> 34 endcidchar",
        );
        assert_eq!(m.next(b"A"), Some((0x41, 34, 1)));
        assert_eq!(m.next(&[0x81, 0x41]), Some((0x8141, 634, 2)));
        assert_eq!(m.next(&[0x42]), Some((0x42, 0, 1)));
    }
}
