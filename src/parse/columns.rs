//! Columns of a positional (PDF) table, from where its header's words sit.
//!
//! Words close together on a header line form a phrase (one header cell);
//! a body word belongs to the column whose range holds its middle, a range
//! running from the column's left edge to the next column's. Columns are
//! found by name, so a table with an extra column or another order reads
//! the same.

use crate::layout::Word;

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

/// Joins words separated by less than a wide space into phrases: one per header cell.
pub fn phrases(words: &[Word]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for w in words {
        let height_guess = 4.5;
        match out.last_mut() {
            Some(p) if w.x0 - p.x1 < height_guess => {
                p.name.push(' ');
                p.name.push_str(&w.text);
                p.x1 = w.x1;
            }
            _ => out.push(Column {
                name: w.text.clone(),
                x0: w.x0,
                x1: w.x1,
            }),
        }
    }
    out
}

/// The column a word falls in: the one it overlaps most, else the nearest to its left.
pub fn column_for<'c>(w: &Word, columns: &'c [Column]) -> Option<&'c Column> {
    let mid = (w.x0 + w.x1) / 2.0;
    let mut best: Option<&Column> = None;
    for (i, c) in columns.iter().enumerate() {
        let right = columns.get(i + 1).map_or(f32::INFINITY, |n| n.x0);
        if mid >= c.x0 - 3.0 && mid < right - 3.0 {
            best = Some(c);
        }
    }
    best.or_else(|| columns.first())
}

/// Adds one header line's phrases to the columns found so far: a phrase
/// under (or over) a column's range joins it (`Target` over `duration`),
/// any other is a new column. Columns stay sorted left to right.
pub fn stack(columns: &mut Vec<Column>, line: Vec<Column>) {
    for phrase in line {
        match columns
            .iter_mut()
            .find(|c| phrase.x0 < c.x1 + 2.0 && phrase.x1 > c.x0 - 2.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            x1: x0 + 5.0 * text.len() as f32,
        }
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
}
