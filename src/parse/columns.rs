//! Columns of a positional (PDF) table, from where its header's words sit.
//!
//! Words close together on a header line form a phrase (one header cell);
//! a body word belongs to the column whose range holds its middle, a range
//! running from the column's left edge to the next column's. Columns are
//! found by name, so a table with an extra column or another order reads
//! the same.

use crate::layout::{Line, Ruling, Word};

/// How far (points) a word's middle may sit left of its column's edge and
/// still be in it, and how far a ruling may end short of a header line:
/// glyph positions round, and kerning pulls a cell's first letter left.
pub const EDGE_SLACK: f32 = 3.0;
/// Header phrases that overlap (or come within this many points) stack
/// into one column (`Target` over `duration`).
const STACK_SLACK: f32 = 2.0;
/// Rulings closer than this are one ruling drawn twice (a cell's border
/// and its neighbour's).
const SAME_RULING: f32 = 1.0;
/// Shortest vertical ruling (points) that borders a cell; shorter strokes
/// are underlines or marks.
const MIN_CELL_RULING: f32 = 4.0;
/// A word gap as a share of the median character width: a word space is
/// about half a character, a cell's padding a character or more.
const WORD_GAP_SHARE: f32 = 0.7;
/// The narrowest and widest gap (points) read as a word space, whatever
/// the font: tighter than 1.5 pt is kerning, wider than 4.5 pt a cell edge.
const WORD_GAP_RANGE: (f32, f32) = (1.5, 4.5);

/// A column of a positional table: its name and horizontal extent.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header words stacked in this column, joined.
    pub name: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
}

/// The widest gap (points) still read as a space between words of one cell:
/// 0.7 of the line's median character width, so a word space (about half a
/// character) joins and a cell's padding (a character or more) splits,
/// whatever the font size.
fn word_gap(words: &[Word]) -> f32 {
    let mut widths: Vec<f32> = words
        .iter()
        .filter_map(|w| {
            let n = w.text.chars().count();
            (n >= 3).then(|| (w.x1 - w.x0) / n as f32)
        })
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    if widths.is_empty() {
        return WORD_GAP_RANGE.1;
    }
    widths.sort_by(f32::total_cmp);
    (WORD_GAP_SHARE * widths[widths.len() / 2]).clamp(WORD_GAP_RANGE.0, WORD_GAP_RANGE.1)
}

/// Joins words separated by less than a wide space into phrases: one per header cell.
pub fn phrases(words: &[Word]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    let gap = word_gap(words);
    for w in words {
        match out.last_mut() {
            Some(p) if w.x0 - p.x1 < gap => {
                p.name.push(' ');
                p.name.push_str(&w.text);
                p.x1 = w.x1;
            }
            _ => out.push(Column {
                name: w.text.to_string(),
                x0: w.x0,
                x1: w.x1,
            }),
        }
    }
    out
}

/// Like [`phrases`], for a header whose cells sit too close for their gaps
/// to tell them apart (a producer's tight default table): a word for which
/// `starts_label` is true starts a new cell however close it is, and a word
/// that glues two labels without a space (`ModificationTypeAccepted`, drawn
/// cell by cell with no gap a reader can see) is first cut where a lower-case
/// letter meets a capital, each piece getting its share of the box.
pub fn labelled_phrases(words: &[Word], starts_label: impl Fn(&str) -> bool) -> Vec<Column> {
    let pieces: Vec<Word> = words.iter().flat_map(split_glued).collect();
    let gap = word_gap(&pieces);
    let mut out: Vec<Column> = Vec::new();
    for w in &pieces {
        match out.last_mut() {
            Some(p) if w.x0 - p.x1 < gap && !starts_label(&w.text) => {
                p.name.push(' ');
                p.name.push_str(&w.text);
                p.x1 = w.x1;
            }
            _ => out.push(Column {
                name: w.text.to_string(),
                x0: w.x0,
                x1: w.x1,
            }),
        }
    }
    out
}

/// A word cut where a lower-case letter is followed by a capital (`durationCurrent`
/// → `duration`, `Current`), the box shared out by characters; other words whole.
fn split_glued(w: &Word) -> Vec<Word> {
    let chars: Vec<char> = w.text.chars().collect();
    let mut cuts: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i - 1].is_lowercase() && chars[i].is_uppercase())
        .collect();
    if cuts.is_empty() {
        return vec![w.clone()];
    }
    cuts.insert(0, 0);
    cuts.push(chars.len());
    let per_char = (w.x1 - w.x0) / chars.len() as f32;
    cuts.windows(2)
        .map(|c| Word {
            text: chars[c[0]..c[1]].iter().collect(),
            x0: w.x0 + per_char * c[0] as f32,
            x1: w.x0 + per_char * c[1] as f32,
        })
        .collect()
}

/// The column a word falls in: the one it overlaps most, else the nearest to its left.
pub fn column_for<'c>(w: &Word, columns: &'c [Column]) -> Option<&'c Column> {
    let mid = (w.x0 + w.x1) / 2.0;
    let mut best: Option<&Column> = None;
    for (i, c) in columns.iter().enumerate() {
        let right = columns.get(i + 1).map_or(f32::INFINITY, |n| n.x0);
        if mid >= c.x0 - EDGE_SLACK && mid < right - EDGE_SLACK {
            best = Some(c);
        }
    }
    best.or_else(|| columns.first())
}

/// Adds one header line's phrases to the columns found so far: a phrase
/// under (or over) a column's range joins it (`Target` over `duration`),
/// any other is a new column (two phrases of one line are two columns,
/// however close). Columns stay sorted left to right.
pub fn stack(columns: &mut Vec<Column>, line: Vec<Column>) {
    // a phrase joins a column of an earlier line, never its neighbour on its own line
    let earlier = columns.len();
    for phrase in line {
        match columns[..earlier]
            .iter_mut()
            .find(|c| phrase.x0 < c.x1 + STACK_SLACK && phrase.x1 > c.x0 - STACK_SLACK)
        {
            Some(c) => {
                c.name = format!("{} {}", c.name, phrase.name);
                c.x0 = c.x0.min(phrase.x0);
                c.x1 = c.x1.max(phrase.x1);
            }
            None => columns.push(phrase),
        }
    }
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
}

/// In a ruled table, moves each column's left edge to the vertical ruling
/// that starts its cell (the nearest at or left of its header), so a cell
/// read from its left border belongs to it even under a centred header.
/// Leaves the columns alone when the header line at `page`, `y` crosses
/// fewer than two vertical rulings, or when two columns would share a cell.
pub fn snap_to_rulings(columns: &mut [Column], rulings: &[Ruling], page: u32, y: f32) -> bool {
    let mut xs: Vec<f32> = rulings
        .iter()
        .filter(|r| r.page == page && r.is_vertical(MIN_CELL_RULING) && r.spans(y, EDGE_SLACK))
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < SAME_RULING);
    if xs.len() < 2 {
        return false;
    }
    let lefts: Vec<Option<f32>> = columns
        .iter()
        .map(|c| xs.iter().rev().find(|x| **x <= c.x0 + SAME_RULING).copied())
        .collect();
    let shared = lefts.windows(2).any(|w| w[0] == w[1]);
    if shared || lefts.iter().any(Option::is_none) {
        return false;
    }
    for (c, x) in columns.iter_mut().zip(lefts.into_iter().flatten()) {
        // `column_for` takes words from EDGE_SLACK left of a column's edge
        c.x0 = x + EDGE_SLACK;
    }
    true
}

/// In a borderless table, moves a column's left edge to where its cells'
/// text starts when that is left of its header (a centred header over
/// left-aligned cells): the start of a run of body text, covered in some
/// row, that begins after the previous header ends. Nothing moves when
/// the body has no such run (text running across the column boundary).
pub fn snap_to_body(columns: &mut [Column], body: &[&Line]) {
    let words: Vec<Word> = body.iter().flat_map(|l| l.words.iter().cloned()).collect();
    let gap = word_gap(&words);
    let mut spans: Vec<(f32, f32)> = words.iter().map(|w| (w.x0, w.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    // the x ranges body text covers, words a space apart merged into one cell's run
    let mut covered: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match covered.last_mut() {
            Some(last) if a < last.1 + gap => last.1 = last.1.max(b),
            _ => covered.push((a, b)),
        }
    }
    for i in 1..columns.len() {
        let (prev_end, here) = (columns[i - 1].x1, columns[i].x0);
        let start = covered
            .iter()
            .map(|c| c.0)
            .find(|s| *s >= prev_end && *s < here - EDGE_SLACK);
        if let Some(s) = start {
            columns[i].x0 = s + EDGE_SLACK;
        }
    }
}

/// The gap, in characters, between two cells of text laid out in columns
/// (`pdftotext -layout`): words of one cell are one space apart, and OCR's
/// single-spaced text has no wider gap.
const CELL_GAP_CHARS: f32 = 3.0;

/// True when a text line's words are spaced apart into cells (laid-out
/// text; a text line's positions are character columns).
pub fn spaces_cells_apart(line: &Line) -> bool {
    line.words
        .windows(2)
        .any(|w| w[1].x0 - w[0].x1 >= CELL_GAP_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_laid_out_when_its_cells_are_spaced_apart() {
        let cases = [
            (
                " Modification       Returned             Type       Actual duration",
                true,
            ),
            (
                "Modification Type Accepted Target duration Current duration",
                false,
            ),
            ("Modification  Type Accepted", false),
            ("Modification   Type", true),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(
                spaces_cells_apart(&Line::from_text(1, 1, text)),
                want,
                "{text:?}"
            );
        }
    }

    fn word(text: &str, x0: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            x1: x0 + 5.0 * text.len() as f32,
        }
    }

    #[test]
    fn labels_split_a_tight_header() {
        let starts = |w: &str| {
            matches!(
                w,
                "Modification" | "Type" | "Accepted" | "Target" | "Current"
            )
        };
        let tight = [
            Word {
                text: "ModificationTypeAccepted".into(),
                x0: 65.0,
                x1: 248.0,
            },
            Word {
                text: "Target".into(),
                x0: 252.0,
                x1: 295.0,
            },
            Word {
                text: "durationCurrent".into(),
                x0: 299.0,
                x1: 413.0,
            },
            Word {
                text: "duration".into(),
                x0: 417.0,
                x1: 475.0,
            },
        ];
        let cols = labelled_phrases(&tight, starts);
        let got: Vec<(&str, i32)> = cols
            .iter()
            .map(|c| (c.name.as_str(), c.x0 as i32))
            .collect();
        assert_eq!(
            got,
            [
                ("Modification", 65),
                ("Type", 156),
                ("Accepted", 187),
                ("Target duration", 252),
                ("Current duration", 359)
            ]
        );
        // spaced headers read as `phrases` reads them; an all-capitals word is whole
        let spaced = [
            word("SECMP#", 10.0),
            word("Title", 100.0),
            word("PAs", 200.0),
        ];
        assert_eq!(labelled_phrases(&spaced, starts), phrases(&spaced));
    }

    #[test]
    fn stacked_header_lines_make_one_column_each() {
        let mut cols = Vec::new();
        stack(
            &mut cols,
            phrases(&[
                word("Modification", 10.0),
                word("Type", 120.0),
                word("Target", 300.0),
                word("Current", 400.0),
            ]),
        );
        stack(
            &mut cols,
            phrases(&[word("duration", 300.0), word("duration", 400.0)]),
        );
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Modification",
                "Type",
                "Target duration",
                "Current duration"
            ]
        );
        assert_eq!(
            column_for(&word("15", 305.0), &cols).map(|c| c.name.as_str()),
            Some("Target duration")
        );
        assert_eq!(
            column_for(&word("IA", 125.0), &cols).map(|c| c.name.as_str()),
            Some("Type")
        );
        // a word left of every column goes to the first
        assert_eq!(
            column_for(&word("x", 0.0), &cols).map(|c| c.name.as_str()),
            Some("Modification")
        );
    }

    fn vertical(x: f32) -> Ruling {
        Ruling {
            page: 1,
            x0: x,
            y0: 100.0,
            x1: x,
            y1: 300.0,
        }
    }

    #[test]
    fn a_ruled_table_takes_its_cells_from_the_rulings() {
        // centred headers: `Title` sits far right of where its cells' text starts
        let mut cols = phrases(&[
            word("SECMP#", 20.0),
            word("Title", 150.0),
            word("Status", 330.0),
        ]);
        let rulings = [
            vertical(10.0),
            vertical(60.0),
            vertical(300.0),
            vertical(400.0),
        ];
        let title_word = word("Ruled", 63.0);
        assert_eq!(
            column_for(&title_word, &cols).map(|c| c.name.as_str()),
            Some("SECMP#")
        );
        snap_to_rulings(&mut cols, &rulings, 1, 120.0);
        assert_eq!(
            column_for(&title_word, &cols).map(|c| c.name.as_str()),
            Some("Title")
        );
        assert_eq!(
            column_for(&word("PA", 303.0), &cols).map(|c| c.name.as_str()),
            Some("Status")
        );
        // rulings on another page, or not crossing the header, change nothing
        let mut other = phrases(&[word("SECMP#", 20.0), word("Title", 150.0)]);
        let before = other.clone();
        snap_to_rulings(&mut other, &rulings, 2, 120.0);
        snap_to_rulings(&mut other, &rulings, 1, 500.0);
        assert_eq!(other, before);
    }

    #[test]
    fn a_borderless_table_takes_its_cells_from_where_body_text_starts() {
        // `Title` centred over titles that start at x=100
        let mut cols = phrases(&[
            word("SECMP#", 64.0),
            word("Title", 130.0),
            word("Status", 165.0),
        ]);
        let rows = [
            Line::from_words(1, 1, 10.0, vec![word("Rotating", 100.0)]),
            Line::from_words(1, 2, 20.0, vec![word("0125", 58.0), word("IA", 159.0)]),
            Line::from_words(1, 3, 30.0, vec![word("Network", 100.0)]),
        ];
        let body: Vec<&Line> = rows.iter().collect();
        assert_eq!(
            column_for(&word("Rotating", 100.0), &cols).map(|c| c.name.as_str()),
            Some("SECMP#")
        );
        snap_to_body(&mut cols, &body);
        assert_eq!(
            column_for(&word("Rotating", 100.0), &cols).map(|c| c.name.as_str()),
            Some("Title")
        );
        assert_eq!(
            column_for(&word("0125", 58.0), &cols).map(|c| c.name.as_str()),
            Some("SECMP#")
        );
        // left-aligned headers over their cells do not move
        let mut left = phrases(&[word("SECMP#", 58.0), word("Title", 100.0)]);
        let before = left.clone();
        snap_to_body(&mut left, &body);
        assert_eq!(left, before);
    }
}
