//! Paragraphs and list items inside a segment.
//!
//! A paragraph ends at a blank line; a line that starts (after bullets such
//! as `e`, `¢`, `•`, `*”`, `—`) with a reference starts a new item. Wrapped
//! lines are joined (a trailing hyphen after a letter joins without a space),
//! and every byte of the joined text maps back to its source line.

use crate::layout::Line;
use crate::normalise::ids::ref_matches;
use crate::worker::check_deadline;

/// Lines most paragraphs and list items hold (an item wraps once or twice).
const PARAGRAPH_LINES_CAPACITY: usize = 4;
/// Bytes most paragraphs hold: a couple of lines of a report's width.
const PARAGRAPH_TEXT_CAPACITY: usize = 192;

/// A paragraph or list item: its joined text and where each line starts in it.
#[derive(Debug, Clone)]
pub struct Paragraph<'d> {
    /// The lines, in order.
    pub lines: Vec<&'d Line>,
    /// The lines joined into one string.
    pub text: String,
    /// Byte offset in `text` where each line starts.
    pub starts: Vec<usize>,
}

impl<'d> Paragraph<'d> {
    /// An empty paragraph, sized for most (a few lines of a page's width),
    /// so filling it seldom grows its buffers.
    fn new() -> Self {
        Paragraph {
            lines: Vec::with_capacity(PARAGRAPH_LINES_CAPACITY),
            text: String::with_capacity(PARAGRAPH_TEXT_CAPACITY),
            starts: Vec::with_capacity(PARAGRAPH_LINES_CAPACITY),
        }
    }

    /// Appends a line, joining wrapped words.
    fn push(&mut self, line: &'d Line) {
        let t = line.text.trim();
        if !self.text.is_empty() {
            let hyphen = self.text.ends_with('-')
                && self.text[..self.text.len() - 1].ends_with(char::is_alphabetic);
            if !hyphen {
                self.text.push(' ');
            }
        }
        self.starts.push(self.text.len());
        self.text.push_str(t);
        self.lines.push(line);
    }

    /// The line holding byte offset `pos` of the joined text.
    pub fn line_at(&self, pos: usize) -> &'d Line {
        let i = self.starts.partition_point(|&s| s <= pos).saturating_sub(1);
        self.lines[i]
    }

    /// True when the paragraph starts with a reference (a list item).
    pub fn is_item(&self) -> bool {
        self.lines.first().is_some_and(|l| starts_with_ref(&l.text))
    }
}

/// True when a line, after bullets and OCR specks, starts with a reference.
pub fn starts_with_ref(text: &str) -> bool {
    let Some(m) = ref_matches(text).next() else {
        return false;
    };
    let mut letters = text[..m.start]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric));
    match (letters.next(), letters.next()) {
        (None, _) => true,
        (Some(speck), None) => speck.chars().filter(|c| c.is_alphanumeric()).count() <= 2,
        _ => false,
    }
}

/// How far (points) left of an item's text a line may start and still
/// continue it (glyph positions round, bullets hang).
const INDENT_SLACK: f32 = 2.0;
/// A vertical gap wider than this many line pitches is a paragraph break
/// (line spacing is about 1.2 font sizes, paragraph spacing half a line more).
const PARAGRAPH_GAP_PITCHES: f32 = 1.45;
/// Without a pitch to compare (a one-line paragraph), a gap wider than this
/// many points is a paragraph break (about two lines of body text).
const PARAGRAPH_GAP_POINTS: f32 = 20.0;

/// Where an item's text starts: the left edge of its reference.
fn item_indent(line: &Line) -> Option<f32> {
    line.words
        .iter()
        .find(|w| ref_matches(&w.text).next().is_some())
        .map(|w| w.x0)
}

/// True when `line` cannot continue `cur`: it sits left of an item's text
/// (the next paragraph at the margin), or a paragraph gap lies above it.
/// Only with real positions: OCR text puts every line at column 0.
fn breaks_paragraph(cur: &Paragraph<'_>, line: &Line, positional: bool) -> bool {
    let (Some(first), Some(last)) = (cur.lines.first(), cur.lines.last()) else {
        return false;
    };
    let x0 = line.words.first().map_or(0.0, |w| w.x0);
    if positional && cur.is_item() {
        if let Some(indent) = item_indent(first) {
            if x0 < indent - INDENT_SLACK {
                return true;
            }
        }
    }
    if !positional && cur.is_item() {
        // OCR text: an item whose title has closed, then a capitalised line, is followed by a new paragraph
        let closed = last
            .text
            .trim_end()
            .ends_with(['’', '\'', '”', '"', '.', ':']);
        let capital = line.text.trim_start().starts_with(char::is_uppercase);
        if closed && capital {
            return true;
        }
    }
    if positional && line.page == last.page && cur.lines.len() >= 2 {
        let n = cur.lines.len();
        let pitch = cur.lines[n - 1].y - cur.lines[n - 2].y;
        let gap = line.y - last.y;
        return pitch > 0.0 && gap > pitch * PARAGRAPH_GAP_PITCHES;
    }
    positional && line.page == last.page && line.y - last.y > PARAGRAPH_GAP_POINTS
}

/// Groups a segment's lines into paragraphs and items.
pub fn paragraphs<'d>(lines: &[&'d Line], positional: bool) -> Vec<Paragraph<'d>> {
    let mut out = Vec::new();
    let mut cur = Paragraph::new();
    for line in lines {
        check_deadline();
        if line.is_blank() {
            if !cur.lines.is_empty() {
                out.push(std::mem::replace(&mut cur, Paragraph::new()));
            }
            continue;
        }
        if !cur.lines.is_empty()
            && (starts_with_ref(&line.text) || breaks_paragraph(&cur, line, positional))
        {
            out.push(std::mem::replace(&mut cur, Paragraph::new()));
        }
        cur.push(line);
    }
    if !cur.lines.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 1, t))
            .collect()
    }

    #[test]
    fn items_and_paragraphs_split() {
        let ls = lines(&[
            "The monthly Working Group meeting was held on 2 October 2019, and included the following",
            "modifications:",
            "",
            "e SECMP0046 ‘Allow DNOs to control Electric Vehicle chargers connected to Smart Meter",
            "infrastructure’",
            "e¢ MP079 ‘Provisions for withdrawing modifications’",
            "DP087 ‘Correction’ was raised by the Security Sub-",
            "Committee on 20 September 2019.",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let ps = paragraphs(&refs, false);
        let texts: Vec<_> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The monthly Working Group meeting was held on 2 October 2019, and included the following modifications:",
                "e SECMP0046 ‘Allow DNOs to control Electric Vehicle chargers connected to Smart Meter infrastructure’",
                "e¢ MP079 ‘Provisions for withdrawing modifications’",
                "DP087 ‘Correction’ was raised by the Security Sub-Committee on 20 September 2019.",
            ]
        );
        assert!(ps[1].is_item() && !ps[0].is_item());
        let p = &ps[1];
        assert_eq!(p.line_at(p.text.find("infrastructure").unwrap()).line, 5);
        assert_eq!(p.line_at(0).line, 4);
    }

    #[test]
    fn a_margin_line_after_an_indented_item_starts_a_paragraph() {
        let ls = lines(&[
            "   SECMP0069 ‘EU Exit Changes’ is to be implemented on UK EU Exit Day.",
            "There are currently nine modifications that are approved for implementation in the November",
            "2019 SEC Release (24 November 2019):",
            "   SECMP0046 ‘Allow DNOs to control Electric Vehicle chargers connected to Smart Meter",
            "    infrastructure’",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let texts: Vec<_> = paragraphs(&refs, true)
            .iter()
            .map(|p| p.lines.len())
            .collect();
        assert_eq!(texts, vec![1, 2, 2]);
    }

    #[test]
    fn item_starts() {
        for (raw, want) in [
            ("e DPO080 ‘x’", true),
            ("*” - SECMP0046 ‘x’", true),
            ("© _SECMP0007. ‘x’", true),
            ("SECMP0069 ‘EU Exit Changes’ is to be", true),
            ("The Proposer has noted that SECMP0067", false),
            (
                "On 4 March 2020, the Working Group agreed to put MP078",
                false,
            ),
        ] {
            assert_eq!(starts_with_ref(raw), want, "{raw:?}");
        }
    }
}
