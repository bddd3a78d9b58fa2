//! Stage 2: lines with page and position.
//!
//! Every reader (text or PDF) produces a [`Document`]: the lines of a file in
//! reading order, each with its 1-based page and line number and its words
//! with their horizontal extent. For text the extent is the character column;
//! for PDF it is in points. Later stages never look at the raw file again.
//!
//! ```text
//! page 11, line 354: [0]"0024" [5]"Communication" [19]"Hub" ... [60]"05/07/2019"
//! ```
//!
//! Every line is built by [`Line::from_words`], which spells its words as a
//! careful reader would ([`unicode`]: ligatures, invisible characters, typeset
//! hyphens and spaces folded), so no later stage sees a producer's
//! compatibility forms, whichever reader made the line.

pub mod unicode;

use crate::model::{Code, Diagnostic};
use crate::normalise::ascii;
use compact_str::CompactString;

/// One word on a line and where it sits horizontally.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word's text, never empty, never containing whitespace (held
    /// inline up to 24 bytes, as nearly every word is: no allocation).
    pub text: CompactString,
    /// Left edge (character column for text, points for PDF).
    pub x0: f32,
    /// Right edge (character column for text, points for PDF).
    pub x1: f32,
}

/// One line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page number within the file.
    pub page: u32,
    /// 1-based line number within the file (text: the file's own line; PDF: running count).
    pub line: u32,
    /// Vertical position (text: the line number; PDF: points from the top of the page).
    pub y: f32,
    /// The line's words joined by single spaces.
    pub text: String,
    /// The words, left to right.
    pub words: Vec<Word>,
}

impl Line {
    /// Builds a line from its words, folding their compatibility forms
    /// ([`unicode::fold_words`]) and deriving `text` by joining them with spaces.
    pub fn from_words(page: u32, line: u32, y: f32, words: Vec<Word>) -> Line {
        Line::from_folded_words(page, line, y, unicode::fold_words(words))
    }

    /// Builds a line from words already folded: `text` is them joined by spaces.
    fn from_folded_words(page: u32, line: u32, y: f32, words: Vec<Word>) -> Line {
        let len = words.iter().map(|w| w.text.len() + 1).sum::<usize>();
        let mut text = String::with_capacity(len.saturating_sub(1));
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&w.text);
        }
        Line {
            page,
            line,
            y,
            text,
            words,
        }
    }

    /// Splits a text line into words, using character columns as positions.
    pub fn from_text(page: u32, line: u32, raw: &str) -> Line {
        if raw.is_ascii() {
            return Line::from_ascii_text(page, line, raw);
        }
        let mut words = WordScratch::take();
        // (byte, column) where the open word starts
        let mut start: Option<(usize, usize)> = None;
        let mut col = 0usize;
        for (i, ch) in raw.char_indices() {
            match (ch.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push(text_word(raw, s, (i, col)));
                    start = None;
                }
                (false, None) => start = Some((i, col)),
                _ => {}
            }
            col += 1;
        }
        if let Some(s) = start {
            words.push(text_word(raw, s, (raw.len(), col)));
        }
        let words = WordScratch::give_back(words);
        if matches!(unicode::fold_text(raw), std::borrow::Cow::Borrowed(_)) {
            return Line::from_folded_words(page, line, line as f32, words);
        }
        Line::from_words(page, line, line as f32, words)
    }

    /// [`Line::from_text`] of an ASCII line: one byte per column and
    /// nothing to fold. A line whose words stand one space apart with no
    /// space before or after them, as most OCR lines do, is its own text,
    /// copied whole; any other line's text is its words joined.
    fn from_ascii_text(page: u32, line: u32, raw: &str) -> Line {
        let bytes = raw.as_bytes();
        let mut words = WordScratch::take();
        // where the next word starts if the line is single-spaced
        let mut next_start = 0;
        let mut single_spaced = true;
        for (s, e) in ascii::word_spans(bytes) {
            single_spaced &= s == next_start && (s == 0 || bytes[s - 1] == b' ');
            next_start = e + 1;
            words.push(text_word(raw, (s, s), (e, e)));
        }
        let text = if words.is_empty() {
            String::new()
        } else if single_spaced && next_start == raw.len() + 1 {
            raw.to_owned()
        } else {
            let mut text = String::with_capacity(raw.len());
            for w in &words {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&w.text);
            }
            text
        };
        Line {
            page,
            line,
            y: line as f32,
            text,
            words: WordScratch::give_back(words),
        }
    }

    /// True when the line holds no words.
    pub fn is_blank(&self) -> bool {
        self.words.is_empty()
    }
}

/// A vector the words of a text line are pushed to, kept from line to line
/// on each thread so that a line's words are allocated once, at their count.
struct WordScratch;

impl WordScratch {
    thread_local! {
        static WORDS: std::cell::Cell<Vec<Word>> = const { std::cell::Cell::new(Vec::new()) };
    }

    /// The thread's scratch vector, empty.
    fn take() -> Vec<Word> {
        Self::WORDS.take()
    }

    /// The words as a vector of their own size; the scratch is kept for the next line.
    fn give_back(mut scratch: Vec<Word>) -> Vec<Word> {
        let mut words = Vec::with_capacity(scratch.len());
        words.append(&mut scratch); // the scratch keeps its capacity
        Self::WORDS.set(scratch);
        words
    }
}

/// The word of a text line between two (byte, column) places.
fn text_word(raw: &str, (b0, c0): (usize, usize), (b1, c1): (usize, usize)) -> Word {
    Word {
        text: CompactString::from(&raw[b0..b1]),
        x0: c0 as f32,
        x1: c1 as f32,
    }
}

pub use crate::model::SourceKind;

/// Something a reader noticed about the file itself (a line cut at the
/// length limit, a page it could not read); it joins the file's
/// diagnostics when the file is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNote {
    /// What it is.
    pub code: Code,
    /// 1-based page, if known.
    pub page: Option<u32>,
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// For people.
    pub message: String,
    /// The source text concerned.
    pub text: String,
}

impl ReadNote {
    /// The note as a diagnostic of `source`.
    pub fn to_diagnostic(&self, source: &str) -> Diagnostic {
        Diagnostic {
            source: source.into(),
            page: self.page,
            line: self.line,
            code: self.code,
            message: self.message.as_str().into(),
            text: self.text.as_str().into(),
        }
    }
}

/// A whole input file as lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The path as given on the command line (relative stays relative).
    pub source: String,
    /// Text or PDF.
    pub kind: SourceKind,
    /// Number of pages in the file.
    pub pages: u32,
    /// True when word positions are reliable enough to place table cells by column
    /// (PDF, or text laid out with runs of spaces as `pdftotext -layout` writes).
    pub positional: bool,
    /// The lines in reading order.
    pub lines: Vec<Line>,
    /// Ruling lines drawn on the pages (table borders), empty for text.
    pub rulings: Vec<Ruling>,
    /// What the reader noticed about the file itself (a line cut at the length limit).
    pub notes: Vec<ReadNote>,
}

/// A straight ruling line drawn on a page (a table border), in the words'
/// coordinates: x from the left, y from the top, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    /// 1-based page.
    pub page: u32,
    /// One end.
    pub x0: f32,
    /// One end.
    pub y0: f32,
    /// The other end.
    pub x1: f32,
    /// The other end.
    pub y1: f32,
}

impl Ruling {
    /// True for a vertical line at least `min_len` long.
    pub fn is_vertical(&self, min_len: f32) -> bool {
        (self.x1 - self.x0).abs() < 1.0 && (self.y1 - self.y0).abs() >= min_len
    }

    /// True when a vertical line crosses height `y` (with `slack` points either way).
    pub fn spans(&self, y: f32, slack: f32) -> bool {
        let (lo, hi) = if self.y0 <= self.y1 {
            (self.y0, self.y1)
        } else {
            (self.y1, self.y0)
        };
        y >= lo - slack && y <= hi + slack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_words_carry_their_columns() {
        let l = Line::from_text(2, 7, "0024  Enduring Approach   05/07/2019");
        let got: Vec<_> = l
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.x0, w.x1))
            .collect();
        assert_eq!(
            got,
            vec![
                ("0024", 0.0, 4.0),
                ("Enduring", 6.0, 14.0),
                ("Approach", 15.0, 23.0),
                ("05/07/2019", 26.0, 36.0)
            ]
        );
        assert_eq!(l.text, "0024 Enduring Approach 05/07/2019");
        assert_eq!((l.page, l.line), (2, 7));
    }

    #[test]
    fn lines_of_every_reader_are_folded() {
        let l = Line::from_text(1, 1, "2. De\u{FB01}ne \u{00AD} Head\u{2011}End");
        assert_eq!(l.text, "2. Define Head-End");
        assert_eq!(l.words.len(), 3);
        assert_eq!((l.words[1].x0, l.words[1].x1), (3.0, 8.0));
    }

    #[test]
    fn text_lines_split_alike_in_ascii_and_not() {
        let l = Line::from_text(1, 1, "\tab\x0bcd\x0c e\r");
        let got: Vec<_> = l
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.x0, w.x1))
            .collect();
        assert_eq!(
            got,
            vec![("ab", 1.0, 3.0), ("cd", 4.0, 6.0), ("e", 8.0, 9.0)]
        );
        let l = Line::from_text(1, 1, "é\u{2003}‘ab’  c");
        let got: Vec<_> = l
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.x0, w.x1))
            .collect();
        assert_eq!(
            got,
            vec![("é", 0.0, 1.0), ("‘ab’", 2.0, 6.0), ("c", 8.0, 9.0)]
        );
        assert_eq!(l.text, "é ‘ab’ c");
    }

    proptest::proptest! {
        /// An ASCII line's text is its words joined by single spaces, and
        /// each word sits at its columns, however the line is spaced.
        #[test]
        fn ascii_text_is_its_words_joined(raw in "[ a-c\t\x0b\x0c\r]{0,30}") {
            let l = Line::from_text(1, 1, &raw);
            let want: Vec<&str> = raw.split_whitespace().collect();
            proptest::prop_assert_eq!(&l.text, &want.join(" "));
            let got: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
            proptest::prop_assert_eq!(&got, &want);
            for w in &l.words {
                let (x0, x1) = (w.x0 as usize, w.x1 as usize);
                proptest::prop_assert_eq!(&raw[x0..x1], w.text.as_str());
            }
        }
    }

    #[test]
    fn blank_line_has_no_words() {
        assert!(Line::from_text(1, 1, "   \t ").is_blank());
    }
}
