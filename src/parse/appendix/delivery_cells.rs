//! The delivery-dates table when its cells come one per line (plain
//! `pdftotext`): each reference alone on its line, the titles, statuses,
//! dates and comments in stretches of their own.
//!
//! ```text
//! 0046                                  <- a reference, then its title
//! Allow DNOs to control Electric        <- titles of several rows may
//! Vehicle chargers connected to            follow one reference
//! Amend Target Response Times
//! IA in progress                        <- a status cell
//! 08/07/2019                            <- a row's dates, one per line
//! 29/07/2019
//! Awaiting Authority decision           <- text after dates: that row's comment
//! 0053                                  <- references of the rows whose
//! 0062                                     titles came under another's
//! ```
//! In: the lines of one delivery table. Out: its observations and
//! assessments in `Found`. Per page, the rows are in the order of their
//! runs of dates, and titles and statuses come in that order too: the
//! titles are cut into one per reference ([`join_wraps`]); a reference
//! followed by title lines owns the first of them, and the references
//! standing alone take the rows left over, in order.

use super::appendix_mention;
use super::cell_tables::{is_bare_ref, join_wraps};
use super::cells::{cell_of, is_status_word, starts_status, DateCell};
use super::delivery::{delivery_row, DeliveryCells};
use super::rows::is_header_line;
use crate::layout::Line;
use crate::normalise::titles::join_wrapped;
use crate::parse::cell_lines::Cell;
use crate::parse::{Found, SegmentContext};
use crate::worker::check_deadline;

/// What one line of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A bare reference alone on its line.
    Reference,
    /// A date cell or `N/A`.
    Date,
    /// The first line of a status cell (`No outstanding`, `IA in progress`).
    Status,
    /// A status cell's wrapped words (`assessment`, `request`).
    StatusMore,
    /// Title or comment text.
    Text,
    /// Header words, furniture, marks: nobody's.
    Skip,
}

/// True when the table's references and dates stand alone on their lines
/// (plain `pdftotext`): more lines hold only a reference than begin with
/// one and go on, and more hold one date than several (`pdftotext -raw`
/// may give a reference alone, but a row's dates on one line).
pub fn cells_stand_alone(lines: &[&Line], ctx: &SegmentContext<'_>) -> bool {
    let (mut alone, mut led) = (0usize, 0usize);
    let (mut one_date, mut dates) = (0usize, 0usize);
    for l in lines {
        let first = l.words.first().map_or("", |w| w.text.as_str());
        if is_bare_ref(first) {
            if l.words.len() == 1 {
                alone += 1;
            } else {
                led += 1;
            }
        }
        match l
            .words
            .iter()
            .filter(|w| cell_of(&w.text, ctx.dates).is_some())
            .count()
        {
            0 => {}
            1 if l.words.len() == 1 => one_date += 1,
            _ => dates += 1,
        }
    }
    alone > led && one_date > dates
}

/// What `line` holds, `previous` being what the line before held.
fn piece_of(line: &Line, previous: Piece, ctx: &SegmentContext<'_>) -> Piece {
    let t = line.text.trim();
    if t.is_empty() || crate::segment::is_furniture(t) || !t.chars().any(char::is_alphanumeric) {
        return Piece::Skip;
    }
    if is_bare_ref(t) {
        return Piece::Reference;
    }
    if !t.contains(' ') && cell_of(t, ctx.dates).is_some() {
        return Piece::Date;
    }
    if starts_status(t) {
        return Piece::Status;
    }
    let status_words = line.words.iter().all(|w| is_status_word(&w.text));
    if status_words && matches!(previous, Piece::Status | Piece::StatusMore) {
        return Piece::StatusMore;
    }
    if is_header_line(t) {
        return Piece::Skip;
    }
    Piece::Text
}

/// One page of the table, its lines sorted into pieces.
#[derive(Default)]
struct PageCells<'d> {
    /// The references, in the order they came.
    refs: Vec<&'d Line>,
    /// For each reference, the index of the first title line after it, if
    /// title lines followed it.
    ref_titles: Vec<Option<usize>>,
    /// The title lines.
    titles: Vec<Cell<'d>>,
    /// The status cells, in order.
    statuses: Vec<String>,
    /// The runs of dates, in order, each with the comment that followed it.
    dates: Vec<(Vec<DateCell>, String)>,
}

/// Where a text line goes, by what came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextGoes {
    /// Under a reference: title lines.
    Title,
    /// After a run of dates: that row's comment.
    Comment,
    /// After a status cell: nobody's (a comment whose dates are elsewhere).
    Nowhere,
}

impl<'d> PageCells<'d> {
    /// Sorts one page's lines into references, titles, statuses, dates and comments.
    fn read(lines: &[&'d Line], ctx: &SegmentContext<'_>) -> Self {
        let mut p = PageCells::default();
        let mut last = Piece::Skip;
        let mut text_goes = TextGoes::Nowhere;
        for line in lines {
            check_deadline();
            let piece = piece_of(line, last, ctx);
            let t = line.text.trim();
            match piece {
                Piece::Skip => continue,
                Piece::Reference => {
                    p.refs.push(line);
                    p.ref_titles.push(None);
                    text_goes = TextGoes::Title;
                }
                Piece::Date => {
                    p.push_date(last == Piece::Date, t, ctx);
                    text_goes = TextGoes::Comment;
                }
                Piece::Status => {
                    p.statuses.push(t.to_string());
                    text_goes = TextGoes::Nowhere;
                }
                Piece::StatusMore => {
                    if let Some(s) = p.statuses.last_mut() {
                        s.push(' ');
                        s.push_str(t);
                    }
                }
                Piece::Text => p.push_text(text_goes, line),
            }
            last = piece;
        }
        p
    }

    /// A date line: it goes on the run above when it follows it, else opens one.
    fn push_date(&mut self, follows_a_date: bool, t: &str, ctx: &SegmentContext<'_>) {
        let Some(cell) = cell_of(t, ctx.dates) else {
            return;
        };
        match self.dates.last_mut() {
            Some((run, _)) if follows_a_date => run.push(cell),
            _ => self.dates.push((vec![cell], String::new())),
        }
    }

    /// A text line: a title line under a reference, a comment after dates.
    fn push_text(&mut self, goes: TextGoes, line: &'d Line) {
        let t = line.text.trim();
        match goes {
            TextGoes::Title => {
                if let Some(slot) = self.ref_titles.last_mut() {
                    slot.get_or_insert(self.titles.len());
                }
                self.titles.push(Cell {
                    text: t.to_string(),
                    line,
                });
            }
            TextGoes::Comment => {
                if let Some((_, comment)) = self.dates.last_mut() {
                    if !comment.is_empty() {
                        comment.push(' ');
                    }
                    comment.push_str(t);
                }
            }
            TextGoes::Nowhere => {}
        }
    }

    /// The row each reference sits in: a reference with titles after it
    /// the row of its first title, the others the rows left over, in order.
    fn rows_of_refs(&mut self) -> Vec<usize> {
        let first_titles: Vec<Option<usize>> = self.ref_titles.clone();
        let anchors: Vec<u32> = self.refs.iter().map(|l| l.line).collect();
        let before = self.titles.clone();
        join_wraps(&mut self.titles, self.refs.len(), &anchors);
        // where each original title line went after the joins
        let mut row_of_line = Vec::with_capacity(before.len());
        let mut row = 0usize;
        for (k, cell) in before.iter().enumerate() {
            if k > 0
                && self
                    .titles
                    .get(row + 1)
                    .is_some_and(|c| std::ptr::eq(c.line, cell.line))
            {
                row += 1;
            }
            row_of_line.push(row);
        }
        let mut taken = vec![false; self.refs.len().max(self.titles.len())];
        let mut rows: Vec<Option<usize>> = first_titles
            .iter()
            .map(|t| t.and_then(|k| row_of_line.get(k).copied()))
            .collect();
        for r in rows.iter().flatten() {
            if let Some(t) = taken.get_mut(*r) {
                *t = true;
            }
        }
        let mut free = (0..taken.len()).filter(|r| !taken[*r]);
        rows.iter_mut()
            .map(|r| r.or_else(|| free.next()).unwrap_or(usize::MAX))
            .collect()
    }
}

/// Reads a delivery table whose references stand alone on their lines,
/// page by page.
pub fn read_delivery_table(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = lines[start..]
            .iter()
            .position(|l| l.page != page)
            .map_or(lines.len(), |k| start + k);
        read_page(ctx, &lines[start..end], found);
        start = end;
    }
}

/// One page of the table.
fn read_page(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let mut cells = PageCells::read(lines, ctx);
    let rows = cells.rows_of_refs();
    let mut order: Vec<(usize, usize)> = rows.iter().copied().zip(0..).collect();
    order.sort_unstable();
    for (row, r) in order {
        let anchor = cells.refs[r];
        let title = cells
            .titles
            .get(row)
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let status = cells.statuses.get(row).cloned().unwrap_or_default();
        let (dates, comment) = cells.dates.get(row).cloned().unwrap_or_default();
        let title = join_wrapped([title.as_str()]);
        let row_cells = DeliveryCells::new(&dates, title, status, comment);
        let mention = appendix_mention(&anchor.text);
        delivery_row(ctx, anchor, mention, row_cells, found);
    }
}
