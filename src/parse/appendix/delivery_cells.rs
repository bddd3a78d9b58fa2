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
use super::date_rows::{assign_pass, Token};
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
    /// The header's column names: after the body has begun, the start of a
    /// new pass down the rows.
    Header,
    /// Furniture, marks, blank lines: nobody's.
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
        return Piece::Header;
    }
    Piece::Text
}

/// A cell of one pass as read, before the rows are known.
enum Raw {
    /// A date cell; `refs_before` the references seen before it on the
    /// page's first pass (`None` on later passes).
    Date {
        /// The cell.
        cell: DateCell,
        /// References before it, on the first pass.
        refs_before: Option<usize>,
        /// A line other than a date came between it and the date before.
        after_break: bool,
    },
    /// A comment cell's lines.
    Comment(Vec<String>),
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
    /// The status cells of the first pass, in order.
    statuses: Vec<String>,
    /// For each reference, how many statuses came before it.
    statuses_before: Vec<usize>,
    /// Each pass's date and comment cells, in order.
    passes: Vec<Vec<Raw>>,
}

/// Where a text line goes, by what came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextGoes {
    /// Under a reference: title lines.
    Title,
    /// After a run of dates, or on a later pass: a comment.
    Comment,
    /// After a status cell: nobody's (a comment whose dates are elsewhere).
    Nowhere,
}

/// Where the reading of a page is.
struct ReadState {
    /// The pass the lines are in.
    pass: usize,
    /// The current pass has had a body line.
    pass_has_body: bool,
    /// A line other than a date came since the last date.
    broken: bool,
    /// A blank line came since the last piece.
    blank: bool,
    /// What the last line held.
    last: Piece,
    /// Where text goes.
    text_goes: TextGoes,
}

impl<'d> PageCells<'d> {
    /// Sorts one page's lines into references, titles, statuses, and each
    /// pass's dates and comments.
    fn read(lines: &[&'d Line], ctx: &SegmentContext<'_>) -> Self {
        let mut p = PageCells {
            passes: vec![Vec::new()],
            ..PageCells::default()
        };
        let mut st = ReadState {
            pass: 0,
            pass_has_body: false,
            broken: false,
            blank: false,
            last: Piece::Skip,
            text_goes: TextGoes::Nowhere,
        };
        for line in lines {
            check_deadline();
            let piece = piece_of(line, st.last, ctx);
            if piece == Piece::Skip {
                st.blank |= line.text.trim().is_empty();
                continue;
            }
            if piece == Piece::Header {
                if st.pass_has_body {
                    st.pass += 1;
                    p.passes.push(Vec::new());
                    st.pass_has_body = false;
                    st.text_goes = TextGoes::Comment;
                }
            } else {
                // text before the page's first reference is the table's lead-in, not its body
                st.pass_has_body |= piece != Piece::Text || !p.refs.is_empty();
                p.push_piece(piece, line, &mut st, ctx);
            }
            st.broken |= piece != Piece::Date;
            st.last = piece;
            st.blank = false;
        }
        p
    }

    /// One body line of the page.
    fn push_piece(
        &mut self,
        piece: Piece,
        line: &'d Line,
        st: &mut ReadState,
        ctx: &SegmentContext<'_>,
    ) {
        let t = line.text.trim();
        let later_pass = st.pass > 0;
        match piece {
            Piece::Reference => {
                self.refs.push(line);
                self.ref_titles.push(None);
                self.statuses_before.push(self.statuses.len());
                st.text_goes = TextGoes::Title;
            }
            Piece::Date => {
                if let Some(cell) = cell_of(t, ctx.dates) {
                    let refs_before = (!later_pass).then_some(self.refs.len());
                    let after_break = st.broken;
                    st.broken = false;
                    self.pass_cells().push(Raw::Date {
                        cell,
                        refs_before,
                        after_break,
                    });
                }
                st.text_goes = TextGoes::Comment;
            }
            // on a later pass the status column is behind: a status phrase opens a comment
            Piece::Status if later_pass => {
                self.pass_cells().push(Raw::Comment(vec![t.to_string()]))
            }
            Piece::Status => {
                self.statuses.push(t.to_string());
                st.text_goes = TextGoes::Nowhere;
            }
            Piece::StatusMore if later_pass => self.push_comment_line(t, false),
            Piece::StatusMore => {
                if let Some(s) = self.statuses.last_mut() {
                    s.push(' ');
                    s.push_str(t);
                }
            }
            Piece::Text => match st.text_goes {
                TextGoes::Title => self.push_title(line),
                TextGoes::Comment => {
                    let goes_on =
                        matches!(st.last, Piece::Text | Piece::Status | Piece::StatusMore)
                            && !st.blank;
                    self.push_comment_line(t, goes_on);
                }
                TextGoes::Nowhere => {}
            },
            Piece::Header | Piece::Skip => {}
        }
    }

    /// The current pass's cells.
    fn pass_cells(&mut self) -> &mut Vec<Raw> {
        if self.passes.is_empty() {
            self.passes.push(Vec::new());
        }
        let last = self.passes.len() - 1;
        &mut self.passes[last]
    }

    /// A comment line: on the comment above when it `goes_on`, else a new comment.
    fn push_comment_line(&mut self, t: &str, goes_on: bool) {
        let cells = self.pass_cells();
        match cells.last_mut() {
            Some(Raw::Comment(lines)) if goes_on => lines.push(t.to_string()),
            _ => cells.push(Raw::Comment(vec![t.to_string()])),
        }
    }

    /// A title line under a reference.
    fn push_title(&mut self, line: &'d Line) {
        if let Some(slot) = self.ref_titles.last_mut() {
            slot.get_or_insert(self.titles.len());
        }
        self.titles.push(Cell {
            text: line.text.trim().to_string(),
            line,
        });
    }
    /// The row each reference sits in, and the title cell it owns: a
    /// reference with titles after it owns the cell of its first title and
    /// sits in that row, or below when more statuses came before it (the
    /// first pass goes down the rows, a status per row, and a title cut
    /// too few times would put it too high); the others take the rows
    /// left over, in order, and those rows' title cells.
    fn rows_of_refs(&mut self) -> (Vec<usize>, Vec<usize>) {
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
        let cells: Vec<Option<usize>> = first_titles
            .iter()
            .map(|t| t.and_then(|k| row_of_line.get(k).copied()))
            .collect();
        let mut floor = 0usize;
        let rows: Vec<Option<usize>> = cells
            .iter()
            .zip(&self.statuses_before)
            .map(|(c, s)| {
                c.map(|c| {
                    let r = c.max(*s).max(floor);
                    floor = r + 1;
                    r
                })
            })
            .collect();
        let n = self.refs.len().max(self.titles.len()).max(floor);
        let mut taken = vec![false; n];
        for r in rows.iter().flatten() {
            if let Some(t) = taken.get_mut(*r) {
                *t = true;
            }
        }
        let mut free = (0..taken.len()).filter(|r| !taken[*r]);
        let rows: Vec<usize> = rows
            .iter()
            .map(|r| r.or_else(|| free.next()).unwrap_or(usize::MAX))
            .collect();
        let cells = cells
            .iter()
            .zip(&rows)
            .map(|(c, r)| c.unwrap_or(*r))
            .collect();
        (rows, cells)
    }
}

/// Share of the widest comment line (in tenths) the line above and the next
/// line's first word must fit in for that word to have been a wrap's:
/// characters are not all one width, so a little is left over.
const FITS_TENTHS: usize = 9;

/// The comment lines of `lines` cut into cells: a line whose first word
/// would have fitted on the line above (the column being as wide as the
/// widest comment line, `widest`) opens a new cell, as a wrap never leaves
/// room for the word it moves down.
fn cut_comment(lines: &[String], widest: usize) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut above = 0usize;
    for l in lines {
        let first = l.split_whitespace().next().map_or(0, |w| w.chars().count());
        let fits = (above + 1 + first) * 10 <= widest * FITS_TENTHS;
        match cells.last_mut() {
            Some(c) if !fits => {
                c.push(' ');
                c.push_str(l);
            }
            _ => cells.push(l.clone()),
        }
        above = l.chars().count();
    }
    cells
}

/// The rows a date can be in from the references before it on the first
/// pass: at or below the row of the last reference with its title before
/// it, above that of the first after it. `anchors` holds (reference
/// index, row) of the references with their titles, in order.
fn bounds_of(refs_before: Option<usize>, anchors: &[(usize, usize)]) -> (usize, usize) {
    let Some(b) = refs_before else {
        return (0, usize::MAX);
    };
    let lo = anchors
        .iter()
        .filter(|(k, _)| *k < b)
        .map(|(_, r)| *r)
        .max()
        .unwrap_or(0);
    let hi = anchors
        .iter()
        .filter(|(k, _)| *k >= b)
        .map(|(_, r)| r.saturating_sub(1))
        .min()
        .unwrap_or(usize::MAX);
    if hi < lo {
        (0, usize::MAX)
    } else {
        (lo, hi)
    }
}

/// One pass's cells as tokens for [`assign_pass`].
fn tokens_of(pass: &[Raw], anchors: &[(usize, usize)], widest: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    for raw in pass {
        match raw {
            Raw::Date {
                cell,
                refs_before,
                after_break,
            } => tokens.push(Token::Date {
                cell: *cell,
                bounds: bounds_of(*refs_before, anchors),
                after_break: *after_break,
            }),
            Raw::Comment(lines) => {
                tokens.extend(cut_comment(lines, widest).into_iter().map(Token::Comment));
            }
        }
    }
    tokens
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

/// Each row's dates and comments, pass after pass.
fn dates_of_rows(
    cells: &PageCells<'_>,
    rows_of_refs: &[usize],
) -> Vec<(Vec<DateCell>, Vec<String>)> {
    let n = rows_of_refs
        .iter()
        .filter(|r| **r != usize::MAX)
        .map(|r| r + 1)
        .max()
        .unwrap_or(0)
        .max(cells.refs.len());
    let anchors: Vec<(usize, usize)> = rows_of_refs
        .iter()
        .enumerate()
        .filter(|(k, _)| cells.ref_titles.get(*k).is_some_and(Option::is_some))
        .map(|(k, r)| (k, *r))
        .collect();
    let widest = cells
        .passes
        .iter()
        .flatten()
        .filter_map(|r| match r {
            Raw::Comment(lines) => lines.iter().map(|l| l.chars().count()).max(),
            Raw::Date { .. } => None,
        })
        .max()
        .unwrap_or(0);
    let mut dates: Vec<Vec<DateCell>> = vec![Vec::new(); n];
    let mut comments: Vec<Vec<String>> = vec![Vec::new(); n];
    for pass in &cells.passes {
        let tokens = tokens_of(pass, &anchors, widest);
        for (r, part) in assign_pass(&tokens, n, &dates).into_iter().enumerate() {
            dates[r].extend(part.dates);
            comments[r].extend(part.comments);
        }
    }
    dates.into_iter().zip(comments).collect()
}

/// One page of the table.
fn read_page(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let mut cells = PageCells::read(lines, ctx);
    let (rows, title_cells) = cells.rows_of_refs();
    let row_cells = dates_of_rows(&cells, &rows);
    let mut order: Vec<(usize, usize)> = rows.iter().copied().zip(0..).collect();
    order.sort_unstable();
    for (row, r) in order {
        let anchor = cells.refs[r];
        let title = title_cells
            .get(r)
            .and_then(|c| cells.titles.get(*c))
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let status = cells.statuses.get(row).cloned().unwrap_or_default();
        let (dates, comments) = row_cells.get(row).cloned().unwrap_or_default();
        let title = join_wrapped([title.as_str()]);
        let row_cells = DeliveryCells::new(&dates, title, status, comments.join(" "));
        let mention = appendix_mention(&anchor.text);
        delivery_row(ctx, anchor, mention, row_cells, found);
    }
}
