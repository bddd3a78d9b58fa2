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
//! titles are cut into one per reference ([`cut_titles`]); a reference
//! followed by title lines owns the first of them, and the references
//! standing alone take the rows left over, in order.

use super::appendix_mention;
use super::cell_tables::is_bare_ref;
use super::cells::{cell_of, is_status_word, starts_status, DateCell};
use super::date_rows::{assign_pass, Token};
use super::delivery::{delivery_row, DeliveryCells};
use super::rows::is_header_line;
use super::title_cuts::{cut_titles, Floor};
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
    // (page furniture never reaches a table: `segment` leaves it out)
    if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
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
    /// For each status, where it was read.
    status_places: Vec<StatusPlace>,
    /// Where status phrases of later passes were read (pass, cell index).
    late_statuses: Vec<(usize, usize)>,
    /// Each pass's date and comment cells, in order.
    passes: Vec<Vec<Raw>>,
    /// The first pass's text lines since its last other piece, read as a
    /// comment after a row's dates.
    stretch: Vec<&'d Line>,
    /// Such stretches that a status cell followed: (their line numbers,
    /// the references read before them).
    title_candidates: Vec<(Vec<u32>, usize)>,
    /// Line numbers read as titles though they come after dates.
    forced_titles: Vec<u32>,
}

/// Where a first-pass status cell was read.
#[derive(Debug, Clone, Copy, Default)]
struct StatusPlace {
    /// It opens a stretch of statuses (a blank line or other cell before it).
    opens_stretch: bool,
    /// Its lines.
    lines: usize,
    /// Only comments and statuses came between it and the dates before it.
    after_dates: bool,
    /// Runs of dates before it on the pass.
    date_runs: usize,
    /// How many cells the pass held when it came.
    pass_cells: usize,
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
    /// Only comments and statuses came since the last date.
    after_dates: bool,
    /// Runs of dates so far on the pass.
    date_runs: usize,
    /// Where text goes.
    text_goes: TextGoes,
}

impl<'d> PageCells<'d> {
    /// Sorts one page's lines into references, titles, statuses, and each
    /// pass's dates and comments.
    fn read(lines: &[&'d Line], ctx: &SegmentContext<'_>) -> Self {
        let first = Self::read_with(lines, ctx, Vec::new());
        let forced = first.titles_wanted_from_candidates();
        if forced.is_empty() {
            first
        } else {
            Self::read_with(lines, ctx, forced)
        }
    }

    /// Line numbers of the candidate stretches ([`Self::titles_before_status`])
    /// that must be titles: those before a titled reference whose title
    /// lines above are fewer than the statuses above it (each status a row,
    /// each row's title at least a line).
    fn titles_wanted_from_candidates(&self) -> Vec<u32> {
        let titled: Vec<(usize, usize, usize)> = (0..self.refs.len())
            .filter_map(|j| {
                let at = self.ref_titles.get(j).copied().flatten()?;
                Some((j, at, *self.statuses_before.get(j)?))
            })
            .collect();
        let Some(&(_, first_at, first_sb)) = titled.first() else {
            return Vec::new();
        };
        let mut forced = Vec::new();
        let mut added = 0usize;
        for (lines, refs_at) in &self.title_candidates {
            let Some(&(_, at, sb)) = titled.iter().find(|(j, _, _)| j >= refs_at) else {
                continue;
            };
            if at.saturating_sub(first_at) + added < sb.saturating_sub(first_sb) {
                added += lines.len();
                forced.extend(lines);
            }
        }
        forced
    }

    /// Sorts the page's lines, reading the lines `forced` as titles.
    fn read_with(lines: &[&'d Line], ctx: &SegmentContext<'_>, forced: Vec<u32>) -> Self {
        let mut p = PageCells {
            passes: vec![Vec::new()],
            forced_titles: forced,
            ..PageCells::default()
        };
        let mut st = ReadState {
            pass: 0,
            pass_has_body: false,
            broken: false,
            blank: false,
            last: Piece::Skip,
            after_dates: false,
            date_runs: 0,
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
            st.after_dates = match piece {
                Piece::Date => true,
                Piece::Reference | Piece::Header => false,
                Piece::Text => st.after_dates && st.text_goes == TextGoes::Comment,
                _ => st.after_dates,
            };
            st.last = piece;
            st.blank = false;
        }
        p.take_late_statuses();
        p.drop_comment_statuses();
        p
    }

    /// Status phrases of later passes are the rows' statuses, not
    /// comments, when the first pass held fewer statuses than rows (the
    /// status column read with the dates).
    fn take_late_statuses(&mut self) {
        if self.statuses.len() >= self.refs.len() {
            return;
        }
        let mut late = Vec::new();
        for &(pass, at) in self.late_statuses.iter().rev() {
            let Some(cells) = self.passes.get_mut(pass) else {
                continue;
            };
            if at < cells.len() {
                if let Raw::Comment(lines) = cells.remove(at) {
                    late.push(lines.join(" "));
                }
            }
        }
        self.statuses.extend(late.into_iter().rev());
    }

    /// Status cells past one per row that are comments: a status phrase
    /// alone after a row's dates with another status before the next
    /// dates is that row's Comments cell (`PA in progress` in both). One-line
    /// ones go first (a status column wraps its phrase, a comment column
    /// seldom), then in order; their places take comments.
    fn drop_comment_statuses(&mut self) {
        let excess = self.statuses.len().saturating_sub(self.refs.len());
        if excess == 0 {
            return;
        }
        let places = &self.status_places;
        let mut candidates: Vec<usize> = (0..places.len().saturating_sub(1))
            .filter(|&i| {
                let (here, next) = (places[i], places[i + 1]);
                here.opens_stretch
                    && here.after_dates
                    && next.opens_stretch
                    && next.date_runs == here.date_runs
            })
            .collect();
        candidates.sort_by_key(|&i| (places[i].lines, i));
        candidates.truncate(excess);
        candidates.sort_unstable();
        for &i in candidates.iter().rev() {
            let text = self.statuses.remove(i);
            let place = self.status_places.remove(i);
            if let Some(first) = self.passes.first_mut() {
                first.insert(place.pass_cells.min(first.len()), Raw::Comment(vec![text]));
            }
            for b in self.statuses_before.iter_mut().filter(|b| **b > i) {
                *b -= 1;
            }
        }
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
        if piece == Piece::Status && !later_pass && st.last == Piece::Text {
            self.titles_before_status();
        }
        if piece != Piece::Text {
            self.stretch.clear();
        }
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
                    st.date_runs += usize::from(st.last != Piece::Date);
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
                let at = self.pass_cells().len();
                self.late_statuses.push((st.pass, at));
                self.pass_cells().push(Raw::Comment(vec![t.to_string()]));
            }
            Piece::Status => {
                self.status_places.push(StatusPlace {
                    opens_stretch: st.blank
                        || !matches!(st.last, Piece::Status | Piece::StatusMore),
                    lines: 1,
                    after_dates: st.after_dates,
                    date_runs: st.date_runs,
                    pass_cells: self.passes.first().map_or(0, Vec::len),
                });
                self.statuses.push(t.to_string());
                st.text_goes = TextGoes::Nowhere;
            }
            Piece::StatusMore if later_pass => self.push_comment_line(t, true),
            Piece::StatusMore => {
                if let Some(s) = self.statuses.last_mut() {
                    s.push(' ');
                    s.push_str(t);
                }
                if let Some(place) = self.status_places.last_mut() {
                    place.lines += 1;
                }
            }
            Piece::Text if self.forced_titles.contains(&line.line) => self.push_title(line),
            Piece::Text => self.push_text(line, st),
            Piece::Header | Piece::Skip => {}
        }
    }

    /// A text line: a title, a comment line, or nobody's, by where text goes.
    fn push_text(&mut self, line: &'d Line, st: &ReadState) {
        match st.text_goes {
            TextGoes::Title => self.push_title(line),
            TextGoes::Comment => {
                let goes_on =
                    matches!(st.last, Piece::Text | Piece::Status | Piece::StatusMore) && !st.blank;
                self.push_comment_line(line.text.trim(), goes_on);
                if st.pass == 0 {
                    if !goes_on {
                        self.stretch.clear();
                    }
                    self.stretch.push(line);
                }
            }
            TextGoes::Nowhere => {}
        }
    }

    /// The first pass's text lines after a row's dates that a status cell
    /// follows may be titles, not a comment: in the header's order a row's
    /// title comes before its status (the titles of rows whose references
    /// stand alone further down), though a comment, a row's last cell,
    /// may come before the next row's status too. Kept as a candidate.
    fn titles_before_status(&mut self) {
        let stretch = std::mem::take(&mut self.stretch);
        if !stretch.is_empty() {
            let lines = stretch.iter().map(|l| l.line).collect();
            self.title_candidates.push((lines, self.refs.len()));
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
    /// Title cells that must begin before each titled reference's title:
    /// one per status read between the first titled reference and it (each
    /// status a row above; statuses read before the first titled reference
    /// may be rows whose titles began on the page before).
    fn title_floors(&self) -> Vec<Floor> {
        let titled = || {
            self.ref_titles
                .iter()
                .zip(&self.statuses_before)
                .filter_map(|(t, s)| t.map(|at| (at, *s)))
        };
        let Some((_, first)) = titled().next() else {
            return Vec::new();
        };
        titled()
            .map(|(at, s)| Floor {
                at,
                cells: s.saturating_sub(first),
            })
            .collect()
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
        let floors = self.title_floors();
        cut_titles(&mut self.titles, self.refs.len(), &anchors, &floors);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_cut_where_a_word_would_have_fitted_above() {
        let cases: &[(&[&str], &[&str])] = &[
            (
                &[
                    "Change Board on 21/08/2019",
                    "decided to send this",
                    "Working Group",
                    "Awaiting IA request",
                ],
                &[
                    "Change Board on 21/08/2019 decided to send this Working Group",
                    "Awaiting IA request",
                ],
            ),
            (
                &[
                    "On hold indefinitely until the Alt",
                    "progressing it",
                    "Hold",
                ],
                &["On hold indefinitely until the Alt progressing it", "Hold"],
            ),
            (
                &["Awaiting Change Board", "decision"],
                &["Awaiting Change Board decision"],
            ),
        ];
        for (lines, want) in cases {
            let lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            assert_eq!(cut_comment(&lines, widest), want.to_vec(), "{lines:?}");
        }
    }

    #[test]
    fn titled_references_bound_the_rows_of_the_dates_between_them() {
        // references 0 and 2 have their titles with them, in rows 0 and 3
        let anchors = [(0, 0), (2, 3)];
        for (refs_before, want) in [
            (None, (0, usize::MAX)),
            (Some(0), (0, 0)),
            (Some(1), (0, 2)),
            (Some(2), (0, 2)),
            (Some(3), (3, usize::MAX)),
        ] {
            assert_eq!(bounds_of(refs_before, &anchors), want, "{refs_before:?}");
        }
    }

    /// What `read` makes of a delivery-table page of plain text, one line
    /// per string.
    fn read_page<T>(text: &[&str], read: impl Fn(&PageCells<'_>) -> T) -> T {
        let ls: Vec<Line> = text
            .iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 1, t))
            .collect();
        let refs: Vec<&Line> = ls.iter().collect();
        let list = crate::model::List::from_slug("dcc_assessments");
        let ctx = SegmentContext {
            section: crate::model::Section::DccAssessments,
            list: &list,
            positional: false,
            rulings: &[],
            dates: crate::normalise::dates::DateContext::default(),
        };
        read(&PageCells::read(&refs, &ctx))
    }

    fn page(text: &[&str]) -> (Vec<String>, usize) {
        read_page(text, |cells| {
            let comments = cells
                .passes
                .iter()
                .flatten()
                .filter(|r| matches!(r, Raw::Comment(_)))
                .count();
            (cells.statuses.clone(), comments)
        })
    }

    #[test]
    fn a_status_phrase_after_a_rows_dates_with_another_before_the_next_is_its_comment() {
        // (lines, statuses kept, comments)
        let cases: &[(&[&str], &[&str], usize)] = &[
            (
                &[
                    "0085",
                    "Title one",
                    "0089",
                    "Title two",
                    "PA in progress",
                    "",
                    "01/04/2020",
                    "",
                    "22/04/2020",
                    "",
                    "PA in progress",
                    "",
                    "PA in progress",
                    "",
                    "25/03/2020",
                ],
                &["PA in progress", "PA in progress"],
                1,
            ),
            (
                // the status after the dates shares its stretch with the next: all statuses
                &[
                    "0085",
                    "Title one",
                    "0089",
                    "Title two",
                    "No outstanding",
                    "",
                    "01/04/2020",
                    "",
                    "No outstanding",
                    "assessment",
                    "No outstanding",
                    "",
                    "25/03/2020",
                ],
                &[
                    "No outstanding",
                    "No outstanding assessment",
                    "No outstanding",
                ],
                0,
            ),
        ];
        for (lines, statuses, comments) in cases {
            let (got, c) = page(lines);
            let want: Vec<String> = statuses.iter().map(|s| s.to_string()).collect();
            assert_eq!((got, c), (want, *comments), "{lines:?}");
        }
    }

    #[test]
    fn text_after_dates_that_a_status_follows_is_titles_when_the_block_lacks_lines() {
        let page_titles = |text: &[&str]| -> Vec<String> {
            read_page(text, |cells| {
                cells.titles.iter().map(|c| c.text.clone()).collect()
            })
        };
        // (lines, title lines read)
        let cases: &[(&[&str], &[&str])] = &[
            // three statuses above 0067 but one title line: the text is the other rows' titles
            (
                &[
                    "0080",
                    "Change Coordination",
                    "PA in progress",
                    "26/11/2019",
                    "Amend Target Response Times",
                    "Allow DNOs to control Electric",
                    "No outstanding",
                    "No outstanding",
                    "10/04/2019",
                    "0067",
                    "Service Request Traffic",
                    "0053",
                    "0046",
                ],
                &[
                    "Change Coordination",
                    "Amend Target Response Times",
                    "Allow DNOs to control Electric",
                    "Service Request Traffic",
                ],
            ),
            // two title lines for two statuses: the text is a comment
            (
                &[
                    "0080",
                    "Change Coordination",
                    "Amend Target Response Times",
                    "PA in progress",
                    "26/11/2019",
                    "Awaiting Authority decision",
                    "No outstanding",
                    "10/04/2019",
                    "0067",
                    "Service Request Traffic",
                    "0053",
                ],
                &[
                    "Change Coordination",
                    "Amend Target Response Times",
                    "Service Request Traffic",
                ],
            ),
        ];
        for (lines, titles) in cases {
            assert_eq!(page_titles(lines), *titles, "{lines:?}");
        }
    }
}
