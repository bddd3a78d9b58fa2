//! Text input: OCR output or a PDF-to-text tool's output.
//!
//! Bytes are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM), or
//! else Windows-1252/Latin-1; NUL bytes are dropped. Pages are split at form
//! feeds when the file has any (pdftotext), else at each line that begins with
//! a space (the OCR convention of the seed: one block per page, each
//! starting with a space). Lines keep the file's own 1-based numbers.

use crate::error::{ReadError, ReadErrorKind};
use crate::layout::{Document, Line, ReadNote, SourceKind};
use crate::model::Code;
use crate::worker::check_deadline;
use std::borrow::Cow;

/// Lines longer than this many characters are cut (a report line is < 300).
pub const MAX_LINE_CHARS: usize = 20_000;

/// Decodes a text file's bytes to a string, whatever its encoding.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes); // BOM sniffing picks LE or BE
        return Cow::Owned(text.into_owned());
    }
    if looks_like_utf16le(bytes) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
        return Cow::Owned(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Cow::Owned(text.into_owned())
        }
    }
}

/// UTF-16 without a BOM: most odd bytes are NUL in ASCII-heavy text.
fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 16 {
        return false;
    }
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    odd_nuls * 10 > sample.len() / 2 * 8 && even_nuls * 10 < sample.len() / 2
}

/// How many characters from the start of a text file are looked at to tell
/// binary data from text (enough for a page of any report).
const BINARY_SAMPLE_CHARS: usize = 8192;

/// True when the text is mostly binary junk rather than a report: more
/// than a tenth of its first [`BINARY_SAMPLE_CHARS`] characters are control
/// characters other than line and page breaks, or replacement characters.
/// Told by bytes, in passes the compiler runs many bytes at a time: an
/// ASCII byte is its own character, and the characters above ASCII that
/// count as bad have fixed encodings (U+0080–U+009F are `C2 80`–`C2 9F`,
/// U+FFFD is `EF BF BD`), so no character is decoded.
fn is_binary(text: &str) -> bool {
    let (head, sampled) = sample(text.as_bytes());
    // counted in blocks whose count fits a byte, so the compiler counts many bytes at once
    let bad_ascii: usize = head
        .chunks(usize::from(u8::MAX))
        .map(|block| usize::from(block.iter().map(|&b| u8::from(is_bad_ascii(b))).sum::<u8>()))
        .sum();
    let bad_above = memchr::memchr2_iter(0xc2, 0xef, head)
        .filter(|&at| match head[at] {
            0xc2 => head.get(at + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
            _ => head.get(at + 1..at + 3) == Some(&[0xbf, 0xbd][..]),
        })
        .count();
    sampled > 0 && (bad_ascii + bad_above) * 10 > sampled
}

/// Bytes read a block at a time while counting characters (a block's count
/// is summed in a byte).
const SAMPLE_BLOCK: usize = 64;
const _: () = assert!(SAMPLE_BLOCK <= u8::MAX as usize);

/// The bytes of the first [`BINARY_SAMPLE_CHARS`] characters of valid
/// UTF-8, and how many characters they are: characters are counted as the
/// bytes that open one (all but `10xxxxxx`), a block at a time.
fn sample(b: &[u8]) -> (&[u8], usize) {
    let opens = |c: &u8| (*c as i8) >= -0x40;
    let (mut chars, mut at) = (0usize, 0usize);
    for block in b.chunks(SAMPLE_BLOCK) {
        let n = usize::from(block.iter().map(|c| u8::from(opens(c))).sum::<u8>());
        if chars + n > BINARY_SAMPLE_CHARS {
            // the character past the sample opens in this block
            let cut = block
                .iter()
                .enumerate()
                .filter(|(_, c)| opens(c))
                .nth(BINARY_SAMPLE_CHARS - chars)
                .map_or(block.len(), |(i, _)| i);
            return (&b[..at + cut], BINARY_SAMPLE_CHARS);
        }
        chars += n;
        at += block.len();
    }
    (b, chars)
}

/// A control byte other than a line or page break (`\n`, `\r`, `\t`, form feed).
fn is_bad_ascii(b: u8) -> bool {
    // `&` and `|`, not `&&` and `||`: no branch, so a block of bytes is tested at once
    ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0c)) | (b == 0x7f)
}

/// Reads a text file's bytes into a document.
pub fn read_text(source: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::new(source, ReadErrorKind::Empty));
    }
    let decoded = decode(bytes);
    let text: Cow<'_, str> = if decoded.contains('\0') {
        Cow::Owned(decoded.replace('\0', ""))
    } else {
        decoded
    };
    if is_binary(&text) {
        return Err(ReadError::new(
            source,
            ReadErrorKind::NotAReport("binary data, not text".into()),
        ));
    }
    Ok(lines_to_document(source, &text))
}

/// The character that ends lines: `\n`, or `\r` in a file that has no `\n` at all
/// (old Mac line ends, which would otherwise make the whole file one line).
fn line_end(text: &str) -> char {
    if !text.contains('\n') && text.contains('\r') {
        '\r'
    } else {
        '\n'
    }
}

/// The line cut to [`MAX_LINE_CHARS`] characters, with a note when it was cut.
fn cut_line(line_no: u32, raw: &str) -> (Cow<'_, str>, Option<ReadNote>) {
    if raw.len() <= MAX_LINE_CHARS {
        return (Cow::Borrowed(raw), None);
    }
    let Some((cut_at, _)) = raw.char_indices().nth(MAX_LINE_CHARS) else {
        return (Cow::Borrowed(raw), None); // long in bytes, not in characters
    };
    let note = ReadNote {
        code: Code::LineCut,
        page: None,
        line: Some(line_no),
        message: format!(
            "the line is {} bytes long; only its first {MAX_LINE_CHARS} characters were read",
            raw.len()
        ),
        text: raw.chars().take(80).collect(),
    };
    (Cow::Borrowed(&raw[..cut_at]), Some(note))
}

/// True when `text` holds a run of three spaces (a layout tool's column gap).
fn has_wide_gap(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| w == b"   ")
}

/// Splits decoded text into pages and lines.
pub fn lines_to_document(source: &str, text: &str) -> Document {
    let form_feeds = text.contains('\x0c');
    let end = line_end(text);
    let mut lines = Vec::with_capacity(memchr::memchr_iter(end as u8, text.as_bytes()).count() + 1);
    let mut notes = Vec::new();
    let mut page = 0u32;
    let mut content_pages = 0u32;
    let mut page_has_content = false;
    let mut wide_gaps = 0usize;
    for (i, raw) in text.split(end).enumerate() {
        check_deadline();
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (raw, note) = cut_line(line_no, raw);
        notes.extend(note);
        let (new_page, body): (u32, Cow<'_, str>) = if form_feeds && raw.contains('\x0c') {
            let n = raw.matches('\x0c').count() as u32;
            (n, Cow::Owned(raw.replace('\x0c', "")))
        } else if form_feeds {
            (0, raw)
        } else {
            (u32::from(raw.starts_with(' ') || page == 0), raw)
        };
        if page == 0 || new_page > 0 {
            page += new_page.max(1);
            page_has_content = false;
        }
        let line = Line::from_text(page, line_no, &body);
        if !line.is_blank() {
            if !page_has_content {
                content_pages = content_pages.max(page);
            }
            page_has_content = true;
            // only a file with form feeds is read by position (below)
            if form_feeds && has_wide_gap(body.trim()) {
                wide_gaps += 1;
            }
        }
        lines.push(line);
    }
    let content_lines = lines.iter().filter(|l| !l.is_blank()).count();
    Document {
        source: source.to_string(),
        kind: SourceKind::Text,
        pages: content_pages,
        positional: form_feeds && wide_gaps * 4 > content_lines,
        lines,
        rulings: Vec::new(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_start_at_lines_beginning_with_a_space() {
        let doc = read_text("x.txt", b" 1. Summary\nabc\n\n 2. Define\ndef\n ").unwrap();
        let got: Vec<_> = doc
            .lines
            .iter()
            .map(|l| (l.page, l.line, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 1, "1. Summary"),
                (1, 2, "abc"),
                (1, 3, ""),
                (2, 4, "2. Define"),
                (2, 5, "def"),
                (3, 6, "")
            ]
        );
        assert_eq!(doc.pages, 2, "an empty trailing page is not counted");
        assert!(!doc.positional);
    }

    #[test]
    fn form_feeds_split_pages_and_indentation_does_not() {
        let doc = read_text("x.txt", b"  indented\nb\n\x0c  c   d\n").unwrap();
        let got: Vec<_> = doc
            .lines
            .iter()
            .map(|l| (l.page, l.text.as_str()))
            .collect();
        assert_eq!(got, vec![(1, "indented"), (1, "b"), (2, "c d"), (2, "")]);
        assert_eq!(doc.pages, 2);
    }

    #[test]
    fn encodings_decode() {
        assert_eq!(decode(b"caf\xe9 \x92x\x92"), "café ’x’");
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), "hi");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("DP084 ‘x’".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16), "DP084 ‘x’");
        let bare16: Vec<u8> = "MP076 Pursuing Non-Payment"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&bare16), "MP076 Pursuing Non-Payment");
    }

    /// [`is_binary`] read character by character, as it was first written:
    /// the reference the byte reading is held to.
    fn is_binary_by_chars(text: &str) -> bool {
        let (mut sampled, mut bad) = (0usize, 0usize);
        for c in text.chars().take(BINARY_SAMPLE_CHARS) {
            sampled += 1;
            bad += usize::from(
                (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')) || c == '\u{FFFD}',
            );
        }
        sampled > 0 && bad * 10 > sampled
    }

    #[test]
    fn only_the_sample_counts_and_a_tenth_is_not_too_many() {
        let tenth = BINARY_SAMPLE_CHARS / 10;
        let text = |bad: usize, bad_char: &str, tail: &str| {
            let good = "é".repeat(BINARY_SAMPLE_CHARS - bad);
            format!("{good}{}{tail}", bad_char.repeat(bad))
        };
        for bad_char in ["\u{1}", "\u{85}", "\u{fffd}"] {
            let at_most = text(tenth, bad_char, "");
            assert!(!is_binary(&at_most), "{bad_char:?}");
            assert!(is_binary(&text(tenth + 1, bad_char, "")), "{bad_char:?}");
            let tail = bad_char.repeat(BINARY_SAMPLE_CHARS);
            assert!(
                !is_binary(&text(tenth, bad_char, &tail)),
                "{bad_char:?} after the sample"
            );
            assert_eq!(is_binary(&at_most), is_binary_by_chars(&at_most));
        }
    }

    proptest::proptest! {
        /// Text is judged by its bytes as it would be by its characters.
        #[test]
        fn text_is_judged_as_its_characters(
            t in "[\\x00-\\x7f\u{80}-\u{a0}\u{fffd}\u{fffe}\u{2018}\u{2019}é\u{1F600}]{0,200}",
            copies in 1usize..60,
        ) {
            let t = t.repeat(copies);
            proptest::prop_assert_eq!(is_binary(&t), is_binary_by_chars(&t));
        }
    }

    #[test]
    fn bad_text_is_refused() {
        assert_eq!(
            read_text("e.txt", b"").unwrap_err().kind,
            ReadErrorKind::Empty
        );
        assert_eq!(
            read_text("e.txt", b" \n\n ").unwrap_err().kind,
            ReadErrorKind::Empty
        );
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 32) as u8).collect();
        assert!(matches!(
            read_text("j.txt", &junk).unwrap_err().kind,
            ReadErrorKind::NotAReport(_)
        ));
    }

    #[test]
    fn nul_bytes_and_long_lines_are_survived() {
        let doc = read_text("n.txt", b"DP0\x0084 x").unwrap();
        assert_eq!(doc.lines[0].text, "DP084 x");
        let long = "a ".repeat(MAX_LINE_CHARS);
        let doc = read_text("l.txt", long.as_bytes()).unwrap();
        assert_eq!(doc.lines[0].words.len(), MAX_LINE_CHARS / 2);
        assert_eq!(doc.notes.len(), 1);
        assert_eq!(doc.notes[0].code, Code::LineCut);
        assert_eq!(doc.notes[0].line, Some(1));
        let wide = "é".repeat(MAX_LINE_CHARS / 2 + 10);
        let doc = read_text("w.txt", wide.as_bytes()).unwrap();
        assert_eq!(
            doc.lines[0].text, wide,
            "long in bytes but not in characters"
        );
        assert!(doc.notes.is_empty());
    }

    #[test]
    fn old_mac_line_ends_split_lines() {
        let doc = read_text("m.txt", b" 1. Summary\rabc\r\rdef").unwrap();
        let got: Vec<_> = doc
            .lines
            .iter()
            .map(|l| (l.line, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(1, "1. Summary"), (2, "abc"), (3, ""), (4, "def")]
        );
    }
}
