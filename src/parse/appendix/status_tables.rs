//! The appendix's three status tables: implementation status, no system
//! impact, no further assessment. Each row: a reference, a title, a DCC
//! status cell (sometimes with a date).
//!
//! In: a [`TableRow`]. Out: its observation, with the status cell as printed
//! (lower case) in `dcc_cell`. Two ways to read a row, chosen once per table
//! by `appendix`: by the header's Title and Status columns
//! ([`row_by_column`], positional text with such a header), or by where the
//! status phrase or date starts on each line ([`row_by_phrase`]).

use super::cells::{
    cell_of, is_noise, is_rule_mark, push_joined, straight_quotes, CELL_TEXT_CAPACITY,
};
use super::rows::TableRow;
use crate::layout::{Line, Word};
use crate::model::{Mention, Observation, Status};
use crate::normalise::ascii;
use crate::normalise::titles::{clean_title, fold, join_wrapped, push_wrapped};
use crate::parse::columns::{column_for, Column};
use crate::parse::{Found, SegmentContext};

/// A word within this many points left of where the first line's status
/// started is still status (the cell's text is left-aligned; glyph
/// positions round).
const STATUS_COLUMN_SLACK: f32 = 2.0;

/// The observation of a status-table row (its reference on `anchor`), its
/// title (wrapped lines joined) and status cell read.
pub fn push_row(
    ctx: &SegmentContext<'_>,
    anchor: &Line,
    mention: Mention,
    title: &str,
    status: &str,
    found: &mut Found,
) {
    found.observations.push(Observation {
        mention,
        title: clean_title(title).into(),
        section: ctx.section,
        list: ctx.list.clone(),
        page: anchor.page,
        line: anchor.line,
        status: None,
        dcc_cell: status_cell_as_printed(status).into(),
    });
}

/// A status cell as the ledger keeps it: lower case, quotes straight, a
/// trailing ruling dropped.
fn status_cell_as_printed(status: &str) -> String {
    let s = status.trim_end_matches('|').trim();
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // no curly quote to straighten
    }
    straight_quotes(s).to_lowercase()
}

/// One row read by the header's columns: the Title column's words make the
/// title, the Status column's the status; a Date column (and a date wrapped
/// inside it) is not the ledger's.
pub fn row_by_column(
    ctx: &SegmentContext<'_>,
    row: &TableRow<'_>,
    mention: Mention,
    columns: &[Column],
    found: &mut Found,
) {
    let mut title_parts: Vec<String> = Vec::new();
    let mut status_parts: Vec<&str> = Vec::new();
    for l in row.lines() {
        let mut title_line: Vec<&str> = Vec::new();
        let skip = row.ref_words(l);
        for w in l.words.iter().skip(skip) {
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
    push_row(
        ctx,
        row.anchor,
        mention,
        &join_wrapped(title_parts.iter().map(String::as_str)),
        &status_parts.join(" "),
        found,
    );
}

/// Status phrases of the three status tables, lower case, longest first.
const STATUS_PHRASES: &[&str] = &[
    Status::AwaitingImplementation.as_str(),
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
    Status::OnHold.as_str(),
    "awaiting",
];

/// One row read by where its status starts: the title runs until the
/// status phrase or the date column; the status is the rest, dates after
/// its first word kept (`Awaiting Implementation. 07/11/2019`). On
/// positional text a wrapped status cell is joined by its column.
pub fn row_by_phrase(
    ctx: &SegmentContext<'_>,
    row: &TableRow<'_>,
    mention: Mention,
    found: &mut Found,
) {
    let dates = ctx.dates;
    let mut title = String::with_capacity(CELL_TEXT_CAPACITY);
    let mut status = String::with_capacity(CELL_TEXT_CAPACITY);
    let mut status_x: Option<f32> = None;
    let mut line_title = String::with_capacity(CELL_TEXT_CAPACITY);
    // which of a line's words are date cells, read once (reused from line to line)
    let mut is_cell: Vec<bool> = Vec::new();
    for l in row.lines() {
        let skip = row.ref_words(l).min(l.words.len());
        let words = &l.words[skip..];
        is_cell.clear();
        is_cell.extend(words.iter().map(|w| cell_of(&w.text, dates).is_some()));
        let split = match status_x {
            Some(x) => words
                .iter()
                .position(|w| w.x0 >= x - STATUS_COLUMN_SLACK)
                .unwrap_or(words.len()),
            None => status_start(words, &is_cell, skip == 0),
        };
        line_title.clear();
        push_joined(
            &mut line_title,
            words[..split].iter().map(|w| w.text.as_str()),
        );
        push_wrapped(
            &mut title,
            line_title.trim().trim_end_matches(['|', '-', '.', ':']),
        );
        let mut rest = words[split..]
            .iter()
            .zip(&is_cell[split..])
            .skip_while(|&(w, &cell)| cell || is_noise(&w.text))
            .map(|(w, _)| w)
            .filter(|w| !is_rule_mark(&w.text))
            .peekable();
        let Some(first) = rest.peek() else {
            continue;
        };
        if status_x.is_none() && !status.is_empty() {
            continue;
        }
        if status_x.is_none() && ctx.positional {
            status_x = Some(first.x0);
        }
        for w in rest {
            if !status.is_empty() {
                status.push(' ');
            }
            status.push_str(&w.text);
        }
    }
    push_row(ctx, row.anchor, mention, &title, &status, found);
}

/// True when `words` are one of the status tables' status phrases and nothing
/// more, in any case (a full stop or a ruling after it is OCR's).
pub fn is_status_phrase(words: &[Word]) -> bool {
    let mut joined = String::new();
    push_joined(&mut joined, words.iter().map(|w| w.text.as_str()));
    let cell = joined.trim_end_matches(['.', '|', ' ', '~', ',', ';', ':']);
    let lower = cell.to_lowercase();
    STATUS_PHRASES.iter().any(|p| lower == *p)
}

/// True when a line begins with one of the status tables' status phrases.
pub fn starts_with_status_phrase(text: &str) -> bool {
    let t = text.trim_start();
    if t.is_ascii() {
        // ASCII lower-cases by ASCII's rules alone
        return STATUS_PHRASES.iter().any(|p| ascii::starts_with_word(t, p));
    }
    let l = t.to_lowercase();
    STATUS_PHRASES.iter().any(|p| l.starts_with(p))
}

/// Where a status-table line's status begins: the first status phrase or
/// date (`is_cell`: which of the words are date cells).
fn status_start(words: &[Word], is_cell: &[bool], phrase_may_lead: bool) -> usize {
    let date_at = is_cell.iter().position(|&c| c);
    let phrase_at = if words.iter().all(|w| w.text.is_ascii()) {
        ascii_phrase_start(words, phrase_may_lead)
    } else {
        lowered_phrase_start(words, phrase_may_lead)
    };
    match (date_at, phrase_at) {
        (Some(d), Some(p)) => d.min(p),
        (Some(d), None) => d,
        (None, Some(p)) => p,
        (None, None) => words.len(),
    }
}

/// The first word a status phrase starts at, on ASCII words: word by word,
/// as the words joined and lower-cased would be read (each phrase word but
/// the last is a whole word, the last opens one: `Awaitingx` holds
/// `awaiting`).
fn ascii_phrase_start(words: &[Word], phrase_may_lead: bool) -> Option<usize> {
    let first = usize::from(!phrase_may_lead);
    (first..words.len()).find(|&i| {
        let opening = words[i].text.as_bytes().first().map(u8::to_ascii_lowercase);
        opening.is_some_and(|b| PHRASE_OPENINGS[usize::from(b & 0x7f)])
            && STATUS_PHRASES.iter().any(|p| phrase_opens(&words[i..], p))
    })
}

/// The ASCII bytes a status phrase opens with, so a word opening with any
/// other byte is passed over without trying each phrase.
const PHRASE_OPENINGS: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < STATUS_PHRASES.len() {
        table[(STATUS_PHRASES[i].as_bytes()[0] & 0x7f) as usize] = true;
        i += 1;
    }
    table
};

/// True when `words`, joined by single spaces, open with `phrase` (lower
/// case) in any ASCII case.
fn phrase_opens(words: &[Word], phrase: &str) -> bool {
    let mut rest = phrase.as_bytes();
    let opening = words.first().and_then(|w| w.text.as_bytes().first());
    if opening.map(u8::to_ascii_lowercase) != rest.first().copied() {
        return false; // what nearly every word is told by
    }
    for w in words {
        let w = w.text.as_bytes();
        match rest.iter().position(|&b| b == b' ') {
            Some(space) if w.eq_ignore_ascii_case(&rest[..space]) => rest = &rest[space + 1..],
            Some(_) => return false,
            None => {
                return w
                    .get(..rest.len())
                    .is_some_and(|o| o.eq_ignore_ascii_case(rest))
            }
        }
    }
    false
}

/// [`ascii_phrase_start`] of any words: the words lower-cased and joined.
fn lowered_phrase_start(words: &[Word], phrase_may_lead: bool) -> Option<usize> {
    // the words lower-cased and joined by single spaces, and where each starts
    let mut lower = String::new();
    let mut starts = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            lower.push(' ');
        }
        starts.push(lower.len());
        if w.text.is_ascii() {
            let at = lower.len();
            lower.push_str(&w.text);
            lower[at..].make_ascii_lowercase();
        } else {
            lower.push_str(&w.text.as_str().to_lowercase());
        }
    }
    (0..words.len())
        .filter(|&i| i > 0 || phrase_may_lead)
        .find(|&i| {
            STATUS_PHRASES
                .iter()
                .any(|p| lower[starts[i]..].starts_with(p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_are_a_status_phrase_and_nothing_more() {
        for (cell, want) in [
            ("Implemented", true),
            ("Accepted - implemented.", true),
            ("AWAITING Implementation |", true),
            ("SECMP withdrawn", true),
            ("On hold.", true),
            ("Impiemented", false),
            ("Implemented in June", false),
            ("Awaiting Implementation 27/02/2020", false),
            ("", false),
        ] {
            let line = Line::from_text(1, 1, cell);
            assert_eq!(is_status_phrase(&line.words), want, "{cell:?}");
        }
    }

    #[test]
    fn lines_opening_with_a_status_phrase() {
        for (line, want) in [
            ("  AWAITING Implementation", true),
            ("Accepted - Implemented 07/11/2019", true),
            ("On hold", true),
            ("Awaiting ‘Nov’19’ Release", true),
            ("Ïmplemented", false),
            ("The modification was implemented", false),
            ("", false),
        ] {
            assert_eq!(starts_with_status_phrase(line), want, "{line:?}");
        }
    }

    #[test]
    fn status_cells_as_printed() {
        for (cell, want) in [
            ("Awaiting Implementation |", "awaiting implementation"),
            ("  On Hold  ", "on hold"),
            ("Awaiting ‘Nov’19’ Release", "awaiting 'nov'19' release"),
            ("İmplemented", "i\u{307}mplemented"),
            ("|", ""),
        ] {
            assert_eq!(status_cell_as_printed(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn a_status_starts_at_its_phrase_or_date() {
        for (line, may_lead, want) in [
            ("Smart Meter Thing Awaiting Implementation", true, 3),
            ("Thing AWAITING ia Request.", true, 1),
            ("Awaiting Implementation", false, 2), // a phrase may not lead: none found
            ("Awaiting Implementation", true, 0),
            ("Thing 07/11/2019 Implemented", true, 1),
            ("Thing Implemented 07/11/2019", true, 1),
            ("Thing On Hold", true, 1),
            ("Thing Accepted - Implemented", true, 1),
            ("Thing Awaitingx", true, 1), // a phrase is a prefix of the joined words
            ("Thing await", true, 2),
            ("Thing İmplemented", true, 2), // `İ` lower-cases to two characters
        ] {
            let l = Line::from_text(1, 1, line);
            let is_cell: Vec<bool> = l
                .words
                .iter()
                .map(|w| {
                    cell_of(&w.text, crate::normalise::dates::DateContext::default()).is_some()
                })
                .collect();
            assert_eq!(status_start(&l.words, &is_cell, may_lead), want, "{line:?}");
        }
    }

    proptest::proptest! {
        /// On ASCII words, reading the phrases word by word finds what the
        /// lower-cased joined words do.
        #[test]
        fn phrases_by_words_are_phrases_by_joined_text(
            picks in proptest::collection::vec((0usize..20, proptest::bool::ANY, "[a-z]{0,2}"), 0..8),
            may_lead in proptest::bool::ANY,
        ) {
            const VOCABULARY: [&str; 20] = [
                "awaiting", "implementation", "change", "board", "decision", "authority",
                "modification", "report", "ia", "request", "accepted", "-", "implemented",
                "secmp", "withdrawn", "rejected", "on", "hold", "await", "Thing",
            ];
            let line: Vec<String> = picks
                .iter()
                .map(|(i, upper, tail)| {
                    let w = format!("{}{tail}", VOCABULARY[*i]);
                    if *upper { w.to_uppercase() } else { w }
                })
                .collect();
            let l = Line::from_text(1, 1, &line.join(" "));
            proptest::prop_assert_eq!(
                ascii_phrase_start(&l.words, may_lead),
                lowered_phrase_start(&l.words, may_lead)
            );
        }
    }
}
