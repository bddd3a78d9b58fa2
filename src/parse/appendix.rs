//! Stage 4 for the DCC's Appendix A: the delivery-dates table and the
//! implementation-status, no-system-impact and no-further-assessment tables.
//!
//! ```text
//! Enduring Approach to
//! 0024 Communication Hub Firmware PA in progress | 05/07/2019 03/07/2019 PA in progress
//! Management
//! ```
//! A row is anchored on the line holding its bare reference (`0024`, `007`,
//! `O`); its title may wrap above and below that line. Lines between two
//! anchors go to the row whose status cell they start (`No outstanding`), to
//! the next row after a blank line, else to the row above. Dates are read in
//! column order with `N/A` holding a place, or, when the document has
//! positions (PDF), by the column whose header sits above them.

use super::columns::{column_for, phrases, snap_to_body, snap_to_rulings, stack, Column};
use super::Found;
use crate::layout::{Line, Ruling, Word};
use crate::model::{Assessment, AssessmentSource, AssessmentType, Mention, Observation, Section};
use crate::normalise::dates::{parse_date, DateContext};
use crate::normalise::ids::{canonical_ref, find_refs, parse_bare_ref};
use crate::normalise::titles::{clean_title, fold, join_wrapped};
use chrono::NaiveDate;

/// Parses one appendix segment into `found`.
pub fn parse_appendix_segment(
    section: Section,
    list: &str,
    lines: &[&Line],
    positional: bool,
    rulings: &[Ruling],
    ctx: DateContext,
    found: &mut Found,
) {
    let mut rows = group_rows(lines, section == Section::DccAssessments);
    if positional {
        regroup_by_spacing(&mut rows);
    }
    let columns = if positional {
        let mut cols = header_columns(lines);
        let ruled = lines
            .iter()
            .find(|l| is_header_line(&l.text))
            .is_some_and(|h| snap_to_rulings(&mut cols, rulings, h.page, h.y));
        if !ruled {
            let body: Vec<&Line> = rows.iter().flat_map(Row::lines).collect();
            snap_to_body(&mut cols, &body);
        }
        cols
    } else {
        Vec::new()
    };
    let has = |what: &str| columns.iter().any(|c| fold(&c.name).contains(what));
    let by_column = has("title") && has("status");
    for row in rows {
        if section == Section::DccAssessments {
            delivery_row(&row, list, &columns, ctx, found);
        } else if by_column {
            positional_status_row(section, list, &row, &columns, found);
        } else {
            status_row(section, list, &row, positional, ctx, found);
        }
    }
}

/// One row of a status table read by the header's columns (PDF path): the
/// Title column's words make the title, the Status column's the status; a
/// Date column (and a date wrapped inside it) is not the ledger's.
fn positional_status_row(
    section: Section,
    list: &str,
    row: &Row<'_>,
    columns: &[Column],
    found: &mut Found,
) {
    let mut title_parts: Vec<String> = Vec::new();
    let mut status_parts: Vec<&str> = Vec::new();
    for l in row.lines() {
        let mut title_line: Vec<&str> = Vec::new();
        for (i, w) in l.words.iter().enumerate() {
            if std::ptr::eq(l, row.anchor) && i == 0 {
                continue;
            }
            let name = column_for(w, columns)
                .map(|c| fold(&c.name))
                .unwrap_or_default();
            if name.contains("title") {
                title_line.push(&w.text);
            } else if name.contains("status") {
                status_parts.push(&w.text);
            }
        }
        if !title_line.is_empty() {
            title_parts.push(title_line.join(" "));
        }
    }
    let status = status_parts.join(" ");
    found.observations.push(Observation {
        mention: appendix_mention(&row.raw_ref),
        title: clean_title(&join_wrapped(title_parts.iter().map(String::as_str))),
        section,
        list: list.to_string(),
        page: row.anchor.page,
        line: row.anchor.line,
        status: straight_quotes(status.trim_end_matches('|').trim()).to_lowercase(),
    });
}

/// A table row: its anchor line and the lines above and below that belong to it.
#[derive(Debug, Clone)]
pub struct Row<'d> {
    /// The line holding the reference.
    pub anchor: &'d Line,
    /// The reference as printed.
    pub raw_ref: String,
    /// Lines above the anchor, in order.
    pub above: Vec<&'d Line>,
    /// Lines below the anchor, in order.
    pub below: Vec<&'d Line>,
}

impl<'d> Row<'d> {
    /// All the row's lines, top to bottom.
    pub fn lines(&self) -> Vec<&'d Line> {
        let mut v = self.above.clone();
        v.push(self.anchor);
        v.extend(self.below.iter().copied());
        v
    }
}

/// The bare reference starting an anchor line, if it is one (`0024`, `007`, `O`, `MP088`).
pub fn anchor_ref(line: &Line) -> Option<String> {
    let mut words = line
        .words
        .iter()
        .map(|w| w.text.as_str())
        .filter(|w| *w != "|");
    let first = words.next()?;
    let second = words.next();
    let cleaned = first
        .trim_start_matches(['(', '[', '‘', '\''])
        .trim_matches(|c: char| matches!(c, '|' | '.' | ',' | ':' | '!' | '_'));
    if cleaned.is_empty() {
        return None;
    }
    let next_is_texty = second.is_some_and(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '(' || c == '‘')
    });
    if parse_bare_ref(cleaned).is_some() && cleaned.len() >= 2 && cleaned.len() <= 5 {
        if cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'Q'))
            && cleaned.len() > 4
        {
            return None;
        }
        return Some(cleaned.to_string());
    }
    // a reference OCR destroyed to `O`/`0`, followed by the title
    if matches!(cleaned, "O" | "0" | "o" | "Q")
        && next_is_texty
        && second.is_some_and(|w| w.len() > 2)
    {
        return Some(cleaned.to_string());
    }
    None
}

const HEADER_WORDS: &[&str] = &[
    "secmp",
    "title",
    "dcc",
    "assessment",
    "status",
    "pa",
    "ia",
    "1a",
    "la",
    "request",
    "accepted",
    "target",
    "actual",
    "delivery",
    "deliver",
    "date",
    "dates",
    "comments",
    "y",
    "i",
    "we",
    "el",
    "dei",
    "r",
    "s",
    "e",
    "p",
    "a",
    "implementation",
    "requested",
    "yet",
    "tar",
    "get",
    "0f",
];

/// True for a table header line (`SECMP# Title DCC Assessment Status ...`).
pub fn is_header_line(text: &str) -> bool {
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return false;
    }
    let hits = words.iter().filter(|w| HEADER_WORDS.contains(w)).count();
    hits * 10 >= words.len() * 7 && !text.contains('/')
}

/// True when a line opens a row's status cell (`No outstanding`, `PA in progress`).
fn starts_status(text: &str) -> bool {
    let l = text.to_lowercase();
    l.contains("no outstanding")
        || l.contains("no cutstanding")
        || l.contains("in progress") && !l.contains("target date")
}

/// Groups a table's lines into rows around their anchors.
///
/// Top-anchored rows (the reference on a cell's first line) take the lines
/// below them. When the table's first row starts above its reference, the
/// references sit in the middle of their cells: each row then takes as many
/// lines above its reference as the first row did, and the lines before
/// those stay with the row above (`Management` ends `0024`'s title,
/// `Incorporation of multiple Issue` starts `0078`'s).
pub fn group_rows<'d>(lines: &[&'d Line], delivery: bool) -> Vec<Row<'d>> {
    let mut rows: Vec<Row<'d>> = Vec::new();
    let mut pending: Vec<&'d Line> = Vec::new(); // lines waiting for the next anchor
                                                 // the sentence above the table's header is not part of any row
    let first_header = lines.iter().position(|l| is_header_line(&l.text));
    let first_anchor = lines.iter().position(|l| anchor_ref(l).is_some());
    let lines = match (first_header, first_anchor) {
        (Some(h), Some(a)) if h < a => &lines[h..],
        _ => lines,
    };
    let mut blank_since_anchor = false;
    let mut to_next = false;
    let mut page = 0;
    // lines above the first reference: how far above its reference each row starts
    let mut lines_above: usize = 0;
    for line in lines {
        if line.page != page {
            page = line.page;
            // top of a page: lines before the first anchor continue the row above,
            // unless they open a status cell (middle-anchored rows)
            to_next = rows.is_empty() || !delivery;
            blank_since_anchor = false;
        }
        if line.is_blank() {
            blank_since_anchor = true;
            continue;
        }
        if is_header_line(&line.text) || crate::segment::is_furniture(&line.text) {
            continue;
        }
        if let Some(raw) = anchor_ref(line) {
            let mut above = std::mem::take(&mut pending);
            let title_like = |l: &&Line| opens_title(l) && !has_date(l);
            if rows.is_empty() && delivery && !above.is_empty() && above.iter().all(title_like) {
                // a title wraps over at most three lines above its reference
                // (lines with dates above the first reference are a row whose reference was
                // lost; OCR specks are no title)
                lines_above = above.len().min(3);
            }
            if lines_above > 0 {
                if let Some(prev) = rows.last_mut() {
                    let keep = middle_split(&above, lines_above);
                    prev.below.extend(above.drain(..keep));
                }
            }
            if above.len() > 3 {
                above.drain(..above.len() - 3);
            }
            rows.push(Row {
                anchor: line,
                raw_ref: raw,
                above,
                below: Vec::new(),
            });
            blank_since_anchor = false;
            to_next = false;
            continue;
        }
        if starts_status(&line.text) && delivery || blank_since_anchor || lines_above > 0 {
            to_next = true;
        }
        match rows.last_mut() {
            Some(r) if !to_next => r.below.push(line),
            _ => pending.push(line),
        }
    }
    if let Some(r) = rows.last_mut() {
        r.below.append(&mut pending);
    }
    rows
}

/// True when a line holds a table date (`05/07/2019`).
fn has_date(line: &Line) -> bool {
    line.words.iter().any(|w| {
        let t = w.text.trim_matches(|c: char| !c.is_ascii_digit());
        t.len() >= 8 && t.matches('/').count() == 2
    })
}

/// On a PDF, moves the boundary between two rows to the widest vertical gap
/// between their references (the cells' padding): the lines above it end
/// the upper row, those below start the lower one, whether the references
/// sit on their cells' first or middle lines. A tie keeps the lines with
/// the upper row; rows on different pages are left alone.
pub fn regroup_by_spacing(rows: &mut [Row<'_>]) {
    for i in 1..rows.len() {
        let (upper, lower) = rows.split_at_mut(i);
        let (a, b) = (&mut upper[i - 1], &mut lower[0]);
        let mut between: Vec<&Line> = a.below.iter().chain(b.above.iter()).copied().collect();
        if between.is_empty()
            || between
                .iter()
                .any(|l| l.page != a.anchor.page || l.page != b.anchor.page)
        {
            continue;
        }
        between.sort_by(|x, y| x.y.total_cmp(&y.y));
        let ys: Vec<f32> = std::iter::once(a.anchor.y)
            .chain(between.iter().map(|l| l.y))
            .chain(std::iter::once(b.anchor.y))
            .collect();
        if ys.windows(2).any(|w| w[1] < w[0]) {
            continue;
        }
        // the widest gap, the last of equals: lines before it belong to the upper row
        let mut cut = between.len();
        let mut widest = f32::MIN;
        for (k, w) in ys.windows(2).enumerate() {
            let gap = w[1] - w[0];
            if gap >= widest - 0.5 {
                widest = widest.max(gap);
                cut = k;
            }
        }
        a.below = between[..cut].to_vec();
        b.above = between[cut..].to_vec();
    }
}

/// In a middle-anchored table, where the lines between two references
/// divide: the last `lines_above` lines that open a title go to the row
/// below; the index returned is where they start.
fn middle_split(between: &[&Line], lines_above: usize) -> usize {
    let mut start = between.len();
    while start > 0 && between.len() - start < lines_above && opens_title(between[start - 1]) {
        start -= 1;
    }
    start
}

/// A line that starts a title cell: its first word capitalised and not a status word.
fn opens_title(line: &Line) -> bool {
    line.words.first().is_some_and(|w| {
        w.text.chars().next().is_some_and(char::is_uppercase) && !is_status_word(&w.text)
    })
}

/// The mention of an appendix reference: bare numbers ≥ 70 are written MP.
fn appendix_mention(raw: &str) -> Mention {
    match parse_bare_ref(raw) {
        Some(id) => {
            let family = find_refs(raw)
                .first()
                .map_or(crate::model::Family::Mp, |m| m.family);
            Mention {
                id: Some(id),
                reference: canonical_ref(&id, family),
                raw: raw.to_string(),
            }
        }
        None => Mention {
            id: None,
            reference: String::new(),
            raw: raw.to_string(),
        },
    }
}

/// A date or `N/A` cell token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Date(NaiveDate),
    NotApplicable,
}

/// Reads a word as a date cell or `N/A` (`NIA` is OCR's N/A).
fn cell_of(word: &str, ctx: DateContext) -> Option<Cell> {
    let w = word.trim_matches(|c: char| {
        matches!(c, '|' | ':' | ';' | ',' | '!' | '§' | '-' | '.' | '(' | ')')
    });
    if matches!(w, "N/A" | "NIA" | "N/a" | "n/a" | "NA" | "N/ A" | "N//A") {
        return Some(Cell::NotApplicable);
    }
    if w.len() >= 8 && w.chars().filter(|c| c.is_ascii_digit()).count() >= 6 {
        return parse_date(w, ctx).map(Cell::Date);
    }
    None
}

/// Noise OCR leaves between cells.
fn is_noise(word: &str) -> bool {
    !word.chars().any(char::is_alphanumeric) || matches!(word, "-|" | "|-" | "J-" | "i" | "I" | "l")
}

/// Table rulings OCR read as characters (`|`, `§`, `-|`).
fn is_rule_mark(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, '|' | '§' | '!' | ':' | ';'))
        || matches!(word, "-|" | "|-")
}

/// The six date columns of the delivery table, in printed order.
const DATE_COLUMNS: [(&str, AssessmentType, usize); 6] = [
    ("PA Request Accepted Date", AssessmentType::Pa, 0),
    ("Target PA Delivery Date", AssessmentType::Pa, 1),
    ("Actual PA Delivery Date", AssessmentType::Pa, 2),
    ("IA Request Accepted Date", AssessmentType::Ia, 0),
    ("Target IA Delivery Date", AssessmentType::Ia, 1),
    ("Actual IA Delivery Date", AssessmentType::Ia, 2),
];

/// Builds column ranges from the header lines of a positional table: words
/// close together on a line form a phrase; phrases on stacked lines that
/// overlap horizontally form one column.
pub fn header_columns(lines: &[&Line]) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let mut seen_any = false;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        if !is_header_line(&line.text) {
            if seen_any && anchor_ref(line).is_some() {
                break;
            }
            continue;
        }
        seen_any = true;
        stack(&mut cols, phrases(&line.words));
    }
    cols
}

/// Which date column (index into [`DATE_COLUMNS`]) a header column is.
fn date_column_index(name: &str) -> Option<usize> {
    let f = fold(name).replace("1a", "ia");
    let pa = f.contains("pa");
    let ia = f.contains("ia");
    let base = match (pa, ia) {
        (true, false) => 0,
        (false, true) => 3,
        _ => return None,
    };
    if f.contains("target") {
        Some(base + 1)
    } else if f.contains("actual") {
        Some(base + 2)
    } else if f.contains("request") || f.contains("accepted") {
        Some(base)
    } else {
        None
    }
}

/// The status key values of the DCC's table.
fn status_of(text: &str) -> String {
    let l = text
        .to_lowercase()
        .replace("1a in", "ia in")
        .replace("lа in", "ia in");
    let pa = l.find("pa in progress");
    let ia = l.find("ia in progress");
    match (pa, ia) {
        (Some(p), Some(i)) => if p < i {
            "pa in progress"
        } else {
            "ia in progress"
        }
        .to_string(),
        (Some(_), None) => "pa in progress".into(),
        (None, Some(_)) => "ia in progress".into(),
        (None, None)
            if l.contains("outstanding") || l.contains("request") || l.contains("assessment") =>
        {
            "no outstanding assessment request".into()
        }
        _ => String::new(),
    }
}

/// Words of a status cell that are not title (`J-assessment`: OCR specks before one count).
fn is_status_word(w: &str) -> bool {
    let f = fold(w);
    let mut tokens: Vec<&str> = f.split(' ').filter(|t| !t.is_empty()).collect();
    let Some(last) = tokens.pop() else {
        return false;
    };
    tokens.iter().all(|t| t.len() <= 2)
        && matches!(
            last,
            "no" | "outstanding"
                | "cutstanding"
                | "assessment"
                | "request"
                | "in"
                | "progress"
                | "pa"
                | "ia"
                | "1a"
        )
}

/// True when the status cell starts (or goes on) at word `i` of a line:
/// `No outstanding`, `PA in`/`IA in`, `in progress`, or a lower-case status
/// word wrapped from the cell above (`assessment`, `request`). `No`, `in`,
/// `PA`, `IA` need the word that makes them a status, and a capitalised
/// word is a title's: `Request` in "Service Request Traffic Management" and
/// `in No` in "Customers in No WAN Situations" stay title.
fn status_starts_at(words: &[&str], i: usize) -> bool {
    let f = |k: usize| words.get(k).map(|w| fold(w)).unwrap_or_default();
    let (here, next) = (f(i), f(i + 1));
    match here.as_str() {
        "no" => matches!(next.as_str(), "outstanding" | "cutstanding"),
        "pa" | "ia" | "1a" | "la" => next == "in",
        "in" => next == "progress",
        _ => {
            // the status word itself, past any OCR speck glued before it (`J-assessment`)
            let core = words[i]
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|p| !p.is_empty())
                .unwrap_or("");
            is_status_word(words[i]) && !core.chars().next().is_some_and(char::is_uppercase)
        }
    }
}

/// One row of the delivery-dates table.
fn delivery_row(
    row: &Row<'_>,
    list: &str,
    columns: &[Column],
    ctx: DateContext,
    found: &mut Found,
) {
    let mention = appendix_mention(&row.raw_ref);
    let lines = row.lines();
    let (cells, comment, title, status_text) = if columns
        .iter()
        .filter(|c| date_column_index(&c.name).is_some())
        .count()
        >= 4
    {
        positional_cells(row, &lines, columns, ctx)
    } else {
        sequential_cells(row, &lines, ctx)
    };
    let status = status_of(&status_text);
    found.observations.push(Observation {
        mention: mention.clone(),
        title: clean_title(&title),
        section: Section::DccAssessments,
        list: list.to_string(),
        page: row.anchor.page,
        line: row.anchor.line,
        status: status.clone(),
    });
    for kind in [AssessmentType::Pa, AssessmentType::Ia] {
        let mut dates: [Option<NaiveDate>; 3] = [None; 3];
        let mut notes = Vec::new();
        let mut any = false;
        for (i, (name, k, slot)) in DATE_COLUMNS.iter().enumerate() {
            if *k != kind {
                continue;
            }
            match cells[i] {
                Some(Cell::Date(d)) => {
                    dates[*slot] = Some(d);
                    any = true;
                }
                Some(Cell::NotApplicable) => {
                    notes.push(format!(
                        "{} N/A",
                        ["requested", "target", "delivered"][*slot]
                    ));
                    let _ = name;
                    any = true;
                }
                None => {}
            }
        }
        if !any {
            continue;
        }
        if !comment.is_empty() {
            notes.push(comment.clone());
        }
        found.assessments.push(Assessment {
            mention: mention.clone(),
            kind,
            source: AssessmentSource::Appendix,
            status: status.clone(),
            requested: dates[0],
            target: dates[1],
            delivered: dates[2],
            target_wd: None,
            elapsed_wd: None,
            note: notes.join("; "),
            page: row.anchor.page,
            line: row.anchor.line,
        });
    }
}

type Cells = ([Option<Cell>; 6], String, String, String);

/// Cells read left to right: the line with the most dates holds them in column order.
fn sequential_cells(row: &Row<'_>, lines: &[&Line], ctx: DateContext) -> Cells {
    let count = |l: &Line| {
        l.words
            .iter()
            .filter(|w| cell_of(&w.text, ctx).is_some())
            .count()
    };
    let data = lines
        .iter()
        .copied()
        .max_by_key(|l| (count(l), std::ptr::eq(*l, row.anchor)))
        .unwrap_or(row.anchor);
    let mut cells = [None; 6];
    let mut n = 0;
    let mut first_cell_at = None;
    let mut after = None;
    for (i, w) in data.words.iter().enumerate() {
        if let Some(c) = cell_of(&w.text, ctx) {
            if n < 6 {
                cells[n] = Some(c);
                n += 1;
            }
            first_cell_at.get_or_insert(i);
            after = Some(i + 1);
        } else if first_cell_at.is_some() && !is_noise(&w.text) {
            break;
        }
    }
    let mut comment = match after {
        Some(a) => data.words[a..]
            .iter()
            .map(|w| w.text.as_str())
            .filter(|w| !w.chars().all(|c| matches!(c, '|' | '!' | '§' | ':' | '.')))
            .collect::<Vec<_>>()
            .join(" "),
        None => String::new(),
    };
    // title: words before the status cell on each line (the anchor's after its reference)
    let mut parts = Vec::new();
    let mut status_text = String::new();
    let mut past_data = false;
    for l in lines {
        let below_data = past_data;
        past_data |= std::ptr::eq(*l, data);
        let skip = usize::from(std::ptr::eq(*l, row.anchor));
        let words: Vec<&str> = l
            .words
            .iter()
            .skip(skip)
            .map(|w| w.text.as_str())
            .filter(|w| !is_rule_mark(w))
            .collect();
        let cut = (0..words.len())
            .find(|&i| status_starts_at(&words, i) || cell_of(words[i], ctx).is_some())
            .unwrap_or(words.len());
        // below the dates, a wrapped comment follows the status cell's last words
        let status_end = if below_data && !comment.is_empty() {
            words
                .iter()
                .rposition(|w| is_status_word(w))
                .map_or(cut, |i| (i + 1).max(cut))
        } else {
            words.len()
        };
        if status_end < words.len() {
            comment.push(' ');
            comment.push_str(&words[status_end..].join(" "));
        }
        status_text.push_str(&words[cut..status_end].join(" "));
        status_text.push(' ');
        if cut == 0
            && !std::ptr::eq(*l, row.anchor)
            && skip == 0
            && words.first().is_some_and(|w| !is_status_word(w))
        {
            continue;
        }
        parts.push(words[..cut].join(" "));
    }
    let title = join_wrapped(parts.iter().map(String::as_str));
    (cells, comment, title, status_text)
}

/// Cells read by the header column each word sits under.
fn positional_cells(row: &Row<'_>, lines: &[&Line], columns: &[Column], ctx: DateContext) -> Cells {
    let mut cells = [None; 6];
    let mut title_parts: Vec<String> = Vec::new();
    let mut comment_parts: Vec<String> = Vec::new();
    let mut status_parts: Vec<String> = Vec::new();
    for l in lines {
        let mut title_line = Vec::new();
        for (i, w) in l.words.iter().enumerate() {
            if std::ptr::eq(*l, row.anchor) && i == 0 {
                continue;
            }
            let col = column_for(w, columns);
            let name = col.map(|c| fold(&c.name)).unwrap_or_default();
            if let Some(idx) = col.and_then(|c| date_column_index(&c.name)) {
                if let Some(c) = cell_of(&w.text, ctx) {
                    cells[idx].get_or_insert(c);
                }
            } else if name.contains("title") {
                title_line.push(w.text.clone());
            } else if name.contains("comment") {
                comment_parts.push(w.text.clone());
            } else if name.contains("status") || name.contains("dcc") {
                status_parts.push(w.text.clone());
            } else if name.contains("secmp") {
                // a wrapped reference cell
            } else {
                title_line.push(w.text.clone());
            }
        }
        if !title_line.is_empty() {
            title_parts.push(title_line.join(" "));
        }
    }
    let title = join_wrapped(title_parts.iter().map(String::as_str));
    (
        cells,
        comment_parts.join(" "),
        title,
        status_parts.join(" "),
    )
}

/// Status phrases of the three status tables, lower case, longest first.
const STATUS_PHRASES: &[&str] = &[
    "awaiting implementation",
    "awaiting change board decision",
    "awaiting change board",
    "awaiting authority decision",
    "awaiting authority",
    "awaiting modification report",
    "awaiting ia request",
    "accepted - implemented",
    "secmp withdrawn",
    "implemented",
    "withdrawn",
    "rejected",
    "on hold",
    "awaiting",
];

/// One row of the implementation-status, no-system-impact or no-further table.
///
/// The title runs until the status phrase or the date column; the status is
/// the rest, dates after its first word kept (`Awaiting Implementation.
/// 07/11/2019`). On a PDF a wrapped status cell is joined by its column.
fn status_row(
    section: Section,
    list: &str,
    row: &Row<'_>,
    positional: bool,
    ctx: DateContext,
    found: &mut Found,
) {
    let mention = appendix_mention(&row.raw_ref);
    let mut title_parts: Vec<String> = Vec::new();
    let mut status_parts: Vec<String> = Vec::new();
    let mut status_x: Option<f32> = None;
    for l in row.lines() {
        let skip = usize::from(std::ptr::eq(l, row.anchor));
        let words: Vec<&Word> = l.words.iter().skip(skip).collect();
        let split = match status_x {
            Some(x) => words
                .iter()
                .position(|w| w.x0 >= x - 2.0)
                .unwrap_or(words.len()),
            None => status_start(&words, skip == 0, ctx),
        };
        let title = words[..split]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let t = title.trim().trim_end_matches(['|', '-', '.', ':']).trim();
        if !t.is_empty() {
            title_parts.push(t.to_string());
        }
        let rest: Vec<&Word> = words[split..]
            .iter()
            .copied()
            .skip_while(|w| cell_of(&w.text, ctx).is_some() || is_noise(&w.text))
            .filter(|w| !is_rule_mark(&w.text))
            .collect();
        if rest.is_empty() || (status_x.is_none() && !status_parts.is_empty()) {
            continue;
        }
        if status_x.is_none() && positional {
            status_x = rest.first().map(|w| w.x0);
        }
        status_parts.push(
            rest.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let status = status_parts.join(" ");
    found.observations.push(Observation {
        mention,
        title: clean_title(&join_wrapped(title_parts.iter().map(String::as_str))),
        section,
        list: list.to_string(),
        page: row.anchor.page,
        line: row.anchor.line,
        status: straight_quotes(status.trim_end_matches('|').trim()).to_lowercase(),
    });
}

/// Curly quotes made straight, as in titles (`Nov’19` → `Nov'19`).
fn straight_quotes(s: &str) -> String {
    s.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

/// Where a status-table line's status begins: the first status phrase or date.
fn status_start(words: &[&Word], phrase_may_lead: bool, ctx: DateContext) -> usize {
    let date_at = words.iter().position(|w| cell_of(&w.text, ctx).is_some());
    let lower: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
    let phrase_at = (0..words.len())
        .filter(|&i| i > 0 || phrase_may_lead)
        .find(|&i| {
            let tail = lower[i..].join(" ");
            STATUS_PHRASES.iter().any(|p| tail.starts_with(p))
        });
    match (date_at, phrase_at) {
        (Some(d), Some(p)) => d.min(p),
        (Some(d), None) => d,
        (None, Some(p)) => p,
        (None, None) => words.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` lines as one appendix table.
    fn parse_table(section: Section, list: &str, text: &[&str], positional: bool) -> Found {
        let ls = lines(text);
        let refs: Vec<&Line> = ls.iter().collect();
        let mut found = Found::default();
        parse_appendix_segment(
            section,
            list,
            &refs,
            positional,
            &[],
            DateContext::default(),
            &mut found,
        );
        found
    }

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 100, t))
            .collect()
    }

    #[test]
    fn anchors() {
        for (raw, want) in [
            (
                "0024 Communication Hub Firmware PA in progress",
                Some("0024"),
            ),
            ("007 PPMIDs IA in progress N/A", Some("007")),
            ("O Available on the HAN 24/01/2019", Some("O")),
            ("| 0023 Correct Units of Measure", Some("0023")),
            ("0010. Introduction of triage", Some("0010")),
            ("MP088 Some title", Some("MP088")),
            ("Management", None),
            ("2019/20", None),
            ("24/01/2019 x", None),
        ] {
            let l = Line::from_text(1, 1, raw);
            assert_eq!(anchor_ref(&l).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn middle_anchored_rows_take_their_title_from_above() {
        let found = parse_table(
            Section::DccAssessments,
            "delivery_dates",
            &[
            "Enduring Approach to",
            "0024 Communication Hub Firmware PA in progress | 05/07/2019 03/07/2019 PA in progress",
            "Management",
            "",
            "Incorporation of multiple Issue",
            "0078 Resolution Proposals into the SEC - | PA in progress § 30/09/2019 18/10/2019 PA in progress",
            "Part 2’",
            ],
            false,
        );
        let titles: Vec<_> = found
            .observations
            .iter()
            .map(|o| (o.mention.reference.as_str(), o.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            vec![
                (
                    "SECMP0024",
                    "Enduring Approach to Communication Hub Firmware Management"
                ),
                (
                    "MP078",
                    "Incorporation of multiple Issue Resolution Proposals into the SEC - Part 2"
                ),
            ]
        );
        let a = &found.assessments[0];
        assert_eq!(
            (a.kind, a.status.as_str()),
            (AssessmentType::Pa, "pa in progress")
        );
        assert_eq!(
            a.requested.map(|d| d.to_string()).as_deref(),
            Some("2019-07-05")
        );
        assert_eq!(
            a.target.map(|d| d.to_string()).as_deref(),
            Some("2019-07-03")
        );
    }

    #[test]
    fn na_holds_a_place_and_top_anchored_rows_wrap_down() {
        let found = parse_table(
            Section::DccAssessments,
            "delivery_dates",
            &[
            "0007 Firmware updates to IHDs and IA in progress N/A 10/04/2019 11/04/2019 30/07/2019 13/11/2019 1A in progress — target date !",
            "PPMIDs revised from 04/11/2019",
            "0053 Amend Target Response Times No cutstanding | 10/04/2019 01/05/2019 02/05/2019 2607/2019 20/09/2019 20/09/2019 Awaiting Change Board",
            "for Service Requests Critical to assessment decision",
            ],
            false,
        );
        let a: Vec<_> = found
            .assessments
            .iter()
            .map(|a| {
                (
                    a.mention.number_key(),
                    a.kind.as_str(),
                    a.requested.is_some(),
                    a.target.map(|d| d.to_string()),
                    a.delivered.map(|d| d.to_string()),
                )
            })
            .collect();
        assert_eq!(
            a,
            vec![
                (
                    "7".into(),
                    "PA",
                    false,
                    Some("2019-04-10".into()),
                    Some("2019-04-11".into())
                ),
                ("7".into(), "IA", true, Some("2019-11-13".into()), None),
                (
                    "53".into(),
                    "PA",
                    true,
                    Some("2019-05-01".into()),
                    Some("2019-05-02".into())
                ),
                (
                    "53".into(),
                    "IA",
                    true,
                    Some("2019-09-20".into()),
                    Some("2019-09-20".into())
                ),
            ]
        );
        // the comment's wrapped last line (`04/11/2019`) stays with it
        assert_eq!(
            found.assessments[0].note,
            "requested N/A; 1A in progress — target date 04/11/2019"
        );
        assert_eq!(
            found.observations[1].title,
            "Amend Target Response Times for Service Requests Critical to"
        );
        assert_eq!(
            found.assessments[2].status,
            "no outstanding assessment request"
        );
    }

    #[test]
    fn status_tables() {
        let found = parse_table(
            Section::DccNoFurtherAssessment,
            "no_further_assessment",
            &[
            "0058 Changes to the governance of the Self-Service Interface 24/04/2019 Implemented",
            "0042 Amendment to SMKI Services to provide DCC Users and/or SMKI Participants with 23/01/2019 Withdrawn",
            "Authorised Responsible Officer (ARO) Statistics and Information",
            "0028 Prioritising Service Requests On hold.",
            "0055 Incorporation of multiple Issue Resolution Proposals into the SEC Awaiting Implementation. 07/11/2019",
            ],
            false,
        );
        let got: Vec<_> = found
            .observations
            .iter()
            .map(|o| (o.title.as_str(), o.status.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Changes to the governance of the Self-Service Interface", "implemented"),
                ("Amendment to SMKI Services to provide DCC Users and/or SMKI Participants with Authorised Responsible Officer (ARO) Statistics and Information", "withdrawn"),
                ("Prioritising Service Requests", "on hold."),
                ("Incorporation of multiple Issue Resolution Proposals into the SEC", "awaiting implementation. 07/11/2019"),
            ]
        );
    }

    #[test]
    fn wrapped_status_cell_joins_by_its_column() {
        let found = parse_table(
            Section::DccImplementation,
            "implementation_status",
            &[
            " 0025   Electricity Network Party Access to Load       Awaiting Implementation – awaiting implementation in",
            "        Switching Information                          Nov’19 release",
            ],
            true,
        );
        let o = &found.observations[0];
        assert_eq!(
            o.title,
            "Electricity Network Party Access to Load Switching Information"
        );
        assert_eq!(
            o.status,
            "awaiting implementation – awaiting implementation in nov'19 release"
        );
    }

    #[test]
    fn middle_anchored_rows_split_the_lines_between_references() {
        let ls = lines(&[
            "Consumer Device Pairing",
            "0124 Windows IA in progress 04/01/2021 25/01/2021 22/01/2021 22/02/2021 19/04/2021 IA in progress",
            "Head-End Certificate",
            "0125 Rotation IA in progress 29/03/2021 26/04/2021 03/05/2021 28/04/2021 23/06/2021 IA in progress",
            "Secure Firmware Rollback No outstanding",
            "0122 Controls assessment 14/10/2020 04/11/2020 09/11/2020 21/12/2020 18/02/2021 18/02/2021 Awaiting Change Board",
            "request decision",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let rows = group_rows(&refs, true);
        let shape: Vec<(&str, Vec<&str>, Vec<&str>)> = rows
            .iter()
            .map(|r| {
                (
                    r.raw_ref.as_str(),
                    r.above.iter().map(|l| l.text.as_str()).collect(),
                    r.below.iter().map(|l| l.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("0124", vec!["Consumer Device Pairing"], vec![]),
                ("0125", vec!["Head-End Certificate"], vec![]),
                (
                    "0122",
                    vec!["Secure Firmware Rollback No outstanding"],
                    vec!["request decision"]
                ),
            ]
        );
        // an OCR speck above the first reference does not make the table middle-anchored
        let ls = lines(&[
            "f\\",
            "0091 Extending the self-service PA in progress 27/02/2020",
            "Interface",
            "0085 Synchronisation PA in progress 01/04/2020",
        ]);
        let refs: Vec<&Line> = ls.iter().collect();
        let rows = group_rows(&refs, true);
        assert_eq!(
            rows[0]
                .below
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
            ["Interface"]
        );
    }

    #[test]
    fn where_a_status_cell_starts() {
        let at = |line: &str| -> Option<usize> {
            let words: Vec<&str> = line.split_whitespace().collect();
            (0..words.len()).find(|&i| status_starts_at(&words, i))
        };
        let cases = [
            ("Service Request Traffic No outstanding", Some(3)),
            ("Service Request Traffic assessment", Some(3)),
            ("Vehicle chargers connected to assessment", Some(4)),
            ("Smart Meter infrastructure request", Some(3)),
            ("Customers in No WAN Situations", None),
            ("Communication Hub Firmware J-assessment", Some(3)),
            ("Windows 1A in progress", Some(1)),
            ("in progress", Some(0)),
            ("Enduring Approach to Communication Hub", None),
        ];
        for (line, want) in cases {
            assert_eq!(at(line), want, "{line}");
        }
    }

    #[test]
    fn anchors_shed_ocr_punctuation_before_the_reference() {
        for (text, want) in [
            (
                "(0027. : Amending Service Request Forecasting",
                Some("0027"),
            ),
            ("‘0063", Some("0063")),
            ("(ASN) for Consignment", None),
        ] {
            let line = Line::from_text(1, 1, text);
            assert_eq!(anchor_ref(&line).as_deref(), want, "{text}");
        }
    }
}
