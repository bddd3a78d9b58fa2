//! The appendix's status tables when their cells come one per line (plain
//! `pdftotext`): the header's names one per line, then the references, the
//! titles, the dates and the statuses, each column in one or more runs.
//!
//! ```text
//! SECMP#  Title  Date  DCC Assessment Status      0081  Alignment of DUIS and ...  27/11/2019  Rejected
//!                                                 0037  Pairing Local PPMIDs       11/11/2019  Withdrawn
//! ```
//! (each column of the sketch is one stretch of the file.) In: the lines of
//! one status table. Out: its observations in `Found`. Each line is
//! classified by what it holds (a bare reference, a date, a status phrase,
//! else title text) and filled into the header's columns
//! ([`cell_lines`](crate::parse::cell_lines)); a title wrapped over two
//! lines is joined where the count of references says lines are too many,
//! at the likeliest wraps.

use super::appendix_mention;
use super::cells::cell_of;
use super::rows::is_header_line;
use super::status_tables::{push_row, starts_with_status_phrase};
use crate::layout::Line;
use crate::normalise::ids::parse_bare_ref;
use crate::normalise::titles::fold;
use crate::parse::cell_lines::{fill_columns, Cell, CellKind, LineRole};
use crate::parse::{Found, SegmentContext};
use crate::worker::check_deadline;

/// Most words in one header cell (`DCC Assessment Status`, `Implementation Status`).
const MAX_HEADER_CELL_WORDS: usize = 4;
/// Longest bare reference cell (`0024`, `0078A`).
const MAX_BARE_REF_LEN: usize = 5;

/// What a status table's header column holds, by its name.
fn kind_of_column(name: &str) -> Option<CellKind> {
    let f = fold(name);
    if f.contains("secmp") || f.contains("reference") {
        Some(CellKind::Reference)
    } else if f.contains("title") {
        Some(CellKind::Text)
    } else if f.contains("status") {
        Some(CellKind::Status)
    } else if f.contains("date") {
        Some(CellKind::Date)
    } else {
        None
    }
}

/// True for a line that can be one header cell of a status table.
fn is_header_cell(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= MAX_HEADER_CELL_WORDS
        && is_header_line(t)
        && kind_of_column(t).is_some()
}

/// A status table's header given one name per line, from line `start`:
/// what each column holds, and the index just past it. Needs a reference
/// and a title column.
fn stacked_header(lines: &[&Line], start: usize) -> Option<(Vec<CellKind>, usize)> {
    let mut kinds = Vec::new();
    let mut end = start;
    for (k, line) in lines.iter().enumerate().skip(start) {
        if line.is_blank() {
            continue;
        }
        if !is_header_cell(&line.text) {
            break;
        }
        kinds.extend(kind_of_column(&line.text));
        end = k + 1;
    }
    let names = |k: CellKind| kinds.contains(&k);
    (kinds.first() == Some(&CellKind::Reference) && names(CellKind::Text)).then_some((kinds, end))
}

/// True for a line that is one bare reference cell (`0081`, `0078A`).
pub fn is_bare_ref(text: &str) -> bool {
    let t = text.trim();
    (2..=MAX_BARE_REF_LEN).contains(&t.len())
        && t.starts_with(|c: char| c.is_ascii_digit())
        && parse_bare_ref(t).is_some()
}

/// What one body line of a status table is.
fn role(line: &Line, ctx: &SegmentContext<'_>) -> LineRole {
    let t = line.text.trim();
    // (page furniture never reaches a table: `segment` leaves it out)
    if t.is_empty() {
        return LineRole::Skip;
    }
    if is_header_cell(t) {
        return LineRole::End; // the header repeated on the next page
    }
    if is_header_line(t) {
        return LineRole::Skip; // another table's header words (`Target IA`, `Delivery`)
    }
    if is_bare_ref(t) {
        LineRole::Cell(CellKind::Reference)
    } else if cell_of(t, ctx.dates).is_some() && !t.contains(' ') {
        LineRole::Cell(CellKind::Date)
    } else if starts_with_status_phrase(t) {
        LineRole::Cell(CellKind::Status)
    } else {
        LineRole::Cell(CellKind::Text)
    }
}

/// Reads the segment's status tables whose headers come one name per line;
/// false when it has none (the caller reads it row by row).
pub fn read_status_tables(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) -> bool {
    let mut any = false;
    let mut i = 0;
    while i < lines.len() {
        check_deadline();
        let Some((kinds, end)) = stacked_header(lines, i) else {
            i += 1;
            continue;
        };
        any = true;
        let filled = fill_columns(&kinds, &lines[end..], |l| role(l, ctx));
        let mut columns = filled.columns;
        let rows = columns[0].len();
        if let Some(titles) = kinds.iter().position(|k| *k == CellKind::Text) {
            let anchors: Vec<u32> = columns[0].iter().map(|c| c.line.line).collect();
            join_wraps(&mut columns[titles], rows, &anchors);
        }
        for r in 0..rows {
            let text = |k: CellKind| {
                let c = kinds.iter().position(|x| *x == k)?;
                columns[c].get(r).map(|x| x.text.clone())
            };
            let anchor = &columns[0][r];
            let title = text(CellKind::Text).unwrap_or_default();
            let status = text(CellKind::Status).unwrap_or_default();
            let mention = appendix_mention(&anchor.text);
            push_row(ctx, anchor.line, mention, title.trim(), &status, found);
        }
        i = end + filled.consumed.max(1);
    }
    any
}

/// Words a wrapped title line may end on (the title goes on below).
const JOINING_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    "-", "–", "/",
];

/// How likely the title line `b` is the wrapped end of line `a`: a
/// lower-case start, `a` ending on a joining word, `b`'s first word too long
/// to have fitted after `a` in a column as wide as its longest line; `None`
/// across a page or a reference (rows given one after another).
pub(super) fn wrap_score(
    a: &Cell<'_>,
    b: &Cell<'_>,
    longest: usize,
    anchors: &[u32],
) -> Option<u32> {
    let (from, to) = (a.line.line, b.line.line);
    if a.line.page != b.line.page || anchors.iter().any(|&l| from < l && l < to) {
        return None;
    }
    let last = a
        .text
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    let first = b.text.split_whitespace().next().unwrap_or("");
    let lower = first.starts_with(|c: char| c.is_lowercase());
    let joining = JOINING_WORDS.contains(&last.as_str());
    let would_not_fit = a.text.chars().count() + 1 + first.chars().count() > longest;
    Some(1 + 4 * u32::from(lower) + 4 * u32::from(joining) + 3 * u32::from(would_not_fit))
}

/// Joins wrapped title lines until the column has `want` cells (one per
/// reference, the references on lines `anchors`): of the boundaries
/// between neighbouring lines, the likeliest wraps ([`wrap_score`]) are
/// removed, as many as there are lines too many.
pub fn join_wraps(titles: &mut Vec<Cell<'_>>, want: usize, anchors: &[u32]) {
    if titles.len() <= want {
        return;
    }
    let longest = titles
        .iter()
        .map(|c| c.text.chars().count())
        .max()
        .unwrap_or(0);
    let mut wraps: Vec<(u32, usize)> = (0..titles.len() - 1)
        .filter_map(|k| wrap_score(&titles[k], &titles[k + 1], longest, anchors).map(|s| (s, k)))
        .collect();
    wraps.sort_by_key(|&(s, k)| (std::cmp::Reverse(s), k));
    let mut joins: Vec<usize> = wraps
        .iter()
        .take(titles.len() - want)
        .map(|&(_, k)| k)
        .collect();
    joins.sort_unstable();
    for k in joins.into_iter().rev() {
        check_deadline();
        let tail = titles.remove(k + 1);
        titles[k].text.push(' ');
        titles[k].text.push_str(&tail.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{List, Section};
    use crate::normalise::dates::DateContext;

    fn read(text: &[&str]) -> Vec<(String, String, String, u32)> {
        let ls: Vec<Line> = text
            .iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 1, t))
            .collect();
        let refs: Vec<&Line> = ls.iter().collect();
        let list = List::from_slug("no_further_assessment");
        let ctx = SegmentContext {
            section: Section::DccNoFurtherAssessment,
            list: &list,
            positional: false,
            rulings: &[],
            dates: DateContext::default(),
        };
        let mut found = Found::default();
        assert!(read_status_tables(&ctx, &refs, &mut found));
        found
            .observations
            .iter()
            .map(|o| {
                (
                    o.mention.ref_text(),
                    o.title.to_string(),
                    o.dcc_cell.to_string(),
                    o.line,
                )
            })
            .collect()
    }

    #[test]
    fn columns_one_after_another_make_rows() {
        let got = read(&[
            "SECMP#",
            "",
            "Title",
            "",
            "Date",
            "",
            "DCC Assessment Status",
            "",
            "0081",
            "0042",
            "",
            "Alignment of DUIS and CHISM",
            "Amendment to SMKI Services to provide DCC Users with",
            "Authorised Responsible Officer (ARO) Statistics",
            "Alt HAN Co permission to seek access as a representative of",
            "energy suppliers",
            "",
            "27/11/2019",
            "23/01/2019",
            "",
            "Rejected",
            "Withdrawn",
            "",
            "24/11/2019",
            "",
            "Implemented",
            "",
            "0064",
        ]);
        let want = [
            ("MP081", "Alignment of DUIS and CHISM", "rejected", 9),
            (
                "SECMP0042",
                "Amendment to SMKI Services to provide DCC Users with Authorised Responsible Officer (ARO) Statistics",
                "withdrawn",
                10,
            ),
            (
                "SECMP0064",
                "Alt HAN Co permission to seek access as a representative of energy suppliers",
                "implemented",
                28,
            ),
        ];
        let want: Vec<(String, String, String, u32)> = want
            .iter()
            .map(|(r, t, s, l)| (r.to_string(), t.to_string(), s.to_string(), *l))
            .collect();
        assert_eq!(got, want);
    }
}
