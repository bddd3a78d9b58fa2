//! What an appendix cell can hold: a date or `N/A`, OCR's noise between
//! cells, the words of a DCC status cell.
//!
//! In: one word of a table line. Out: whether it is a [`DateCell`], noise, a
//! ruling OCR read as characters, or a status word; and a cell's words
//! joined into its text ([`push_joined`]).

use crate::model::vocab::status::opens_glued_in_progress;
use crate::normalise::ascii;
use crate::normalise::dates::{parse_date, DateContext};
use crate::normalise::titles::{fold, folds_to};
use chrono::NaiveDate;

/// Bytes a row's title and status buffers start with: most titles and
/// status cells fit (a longer one grows its buffer), so a row's text is not
/// reallocated as it is joined word by word.
pub const CELL_TEXT_CAPACITY: usize = 96;

/// Appends the words to `out` joined by single spaces (what `join(" ")`
/// of them would give, without the joined copy).
pub fn push_joined<'w>(out: &mut String, words: impl Iterator<Item = &'w str>) {
    for (i, w) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// A date column's cell: a date, or `N/A` holding its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// A date.
    Date(NaiveDate),
    /// `N/A`.
    NotApplicable,
}

/// Fewest digits a word needs to be read as a date cell (`2607/2019` has 8,
/// `3/7/19` only 4: the appendix prints four-digit years).
const MIN_DATE_DIGITS: usize = 6;
/// Shortest word read as a date cell (`03/07/19` and longer).
const MIN_DATE_LEN: usize = 8;

/// Reads a word as a date cell or `N/A` (`NIA` is OCR's N/A).
pub fn cell_of(word: &str, ctx: DateContext) -> Option<DateCell> {
    // every date holds MIN_DATE_DIGITS digits, every N/A form opens with an
    // `N` once trimmed (trimming drops no digit)
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    if digits < MIN_DATE_DIGITS && !opens_with_n(word) {
        return None;
    }
    let w = word.trim_matches(is_cell_edge);
    if matches!(w, "N/A" | "NIA" | "N/a" | "n/a" | "NA" | "N/ A" | "N//A") {
        return Some(DateCell::NotApplicable);
    }
    if w.len() >= MIN_DATE_LEN && digits >= MIN_DATE_DIGITS {
        return parse_date(w, ctx).map(DateCell::Date);
    }
    None
}

/// Rulings and punctuation OCR leaves at a cell's edges, trimmed off it.
fn is_cell_edge(c: char) -> bool {
    matches!(c, '|' | ':' | ';' | ',' | '!' | '§' | '-' | '.' | '(' | ')')
}

/// True when the word, past its edge characters, opens with `N` or `n`:
/// told by bytes (`§` is the bytes C2 A7; no other character opens with
/// either or holds an ASCII byte, so skipping them one by one stops where
/// trimming would, or on a byte that is not `N`).
fn opens_with_n(word: &str) -> bool {
    word.bytes()
        .find(|&b| !(b.is_ascii() && is_cell_edge(char::from(b)) || matches!(b, 0xC2 | 0xA7)))
        .is_some_and(|b| matches!(b, b'N' | b'n'))
}

/// Noise OCR leaves between cells.
pub fn is_noise(word: &str) -> bool {
    !word.chars().any(char::is_alphanumeric) || matches!(word, "-|" | "|-" | "J-" | "i" | "I" | "l")
}

/// Table rulings OCR read as characters (`|`, `§`, `-|`).
pub fn is_rule_mark(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, '|' | '§' | '!' | ':' | ';'))
        || matches!(word, "-|" | "|-")
}

/// Words of a status cell that are not title (`J-assessment`: OCR specks before one count).
pub fn is_status_word(w: &str) -> bool {
    if w.is_ascii() {
        // ASCII folds to its letter-and-digit runs lower-cased: read the runs as they stand
        return ends_in_status_word(w.split(|c: char| !c.is_ascii_alphanumeric()));
    }
    is_folded_status_word(&fold(w))
}

/// [`is_status_word`] of a word already folded.
fn is_folded_status_word(folded: &str) -> bool {
    ends_in_status_word(folded.split(' '))
}

/// The last word of a status cell, in lower case (`cutstanding` and `1a` are OCR's).
const STATUS_WORDS: [&str; 10] = [
    "no",
    "outstanding",
    "cutstanding",
    "assessment",
    "request",
    "in",
    "progress",
    "pa",
    "ia",
    "1a",
];

/// Longest run of letters or digits an OCR speck before a status word may
/// have (`J-`, `1-`): longer, and the word is a title's.
const MAX_SPECK_LEN: usize = 2;

/// True when the non-empty runs end in a status word and every run before
/// it is a speck.
fn ends_in_status_word<'a>(runs: impl Iterator<Item = &'a str>) -> bool {
    let mut last: Option<&str> = None;
    for run in runs.filter(|r| !r.is_empty()) {
        if last.is_some_and(|l| l.len() > MAX_SPECK_LEN) {
            return false;
        }
        last = Some(run);
    }
    last.is_some_and(|l| STATUS_WORDS.iter().any(|s| s.eq_ignore_ascii_case(l)))
}

/// True when a word holds `ain` in any ASCII case, as `PA in`/`IA in`
/// glued by OCR does however it is printed.
fn holds_ain(word: &str) -> bool {
    word.as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"ain"))
}

/// True when the status cell starts (or goes on) at word `i` of a line:
/// `No outstanding`, `PA in`/`IA in`, `in progress`, or a lower-case status
/// word wrapped from the cell above (`assessment`, `request`). `No`, `in`,
/// `PA`, `IA` need the word that makes them a status, and a capitalised
/// word is a title's: `Request` in "Service Request Traffic Management" and
/// `in No` in "Customers in No WAN Situations" stay title.
pub fn status_starts_at(words: &[&str], i: usize) -> bool {
    let Some(&here) = words.get(i) else {
        return false;
    };
    let next_is = |folded: &str| words.get(i + 1).is_some_and(|w| folds_to(w, folded));
    // a word that is not ASCII is folded once for all the comparisons below
    let here_folded = (!here.is_ascii()).then(|| fold(here));
    let here_is = |folded: &str| match &here_folded {
        Some(f) => f == folded,
        None => folds_to(here, folded),
    };
    if here_is("no") {
        return next_is("outstanding") || next_is("cutstanding");
    }
    if ["pa", "ia", "1a", "la"].into_iter().any(here_is) {
        return next_is("in");
    }
    if here_is("in") {
        return next_is("progress");
    }
    // OCR glued the phrase's words: `PAin progress`, `TAinprogress.` (told
    // by their `ain` first: nearly every word has none)
    if holds_ain(here) {
        let next = words.get(i + 1).copied().unwrap_or("");
        if opens_glued_in_progress(&format!("{here} {next}").to_lowercase()) {
            return true;
        }
    }
    // the status word itself, past any OCR speck glued before it (`J-assessment`)
    let core = here
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|p| !p.is_empty())
        .unwrap_or("");
    if core.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    match &here_folded {
        Some(f) => is_folded_status_word(f),
        None => is_status_word(here),
    }
}

/// True when a line opens a row's status cell (`No outstanding`, `PA in progress`).
pub fn starts_status(text: &str) -> bool {
    // ASCII lower-cases by ASCII's rules alone; other text is lower-cased once
    let lower = (!text.is_ascii()).then(|| text.to_lowercase());
    let holds = |phrase: &str| match &lower {
        None => ascii::holds_word(text, phrase),
        Some(l) => l.contains(phrase),
    };
    holds("no outstanding")
        || holds("no cutstanding")
        || holds("in progress") && !holds("target date")
}

/// Curly quotes made straight, as in titles (`Nov’19` → `Nov'19`).
pub fn straight_quotes(s: &str) -> String {
    s.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_cells_and_noise() {
        let d = |y, m, day| Some(DateCell::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap()));
        for (word, want) in [
            ("05/07/2019", d(2019, 7, 5)),
            ("|05/07/2019", d(2019, 7, 5)),
            ("2607/2019", d(2019, 7, 26)),
            ("N/A", Some(DateCell::NotApplicable)),
            ("NIA", Some(DateCell::NotApplicable)),
            ("3/7/19", None),
            ("2019/20", None),
            ("Title", None),
            ("§N/A|", Some(DateCell::NotApplicable)),
            ("(n/a).", Some(DateCell::NotApplicable)),
            ("¢N/A", None),
            ("Enduring", None),
            ("xN/A", None),
            ("|05/07/2019§", d(2019, 7, 5)),
        ] {
            assert_eq!(cell_of(word, DateContext::default()), want, "{word:?}");
        }
        for (word, noise, rule) in [
            ("|", true, true),
            ("-|", true, true),
            ("i", true, false),
            ("PA", false, false),
        ] {
            assert_eq!(
                (is_noise(word), is_rule_mark(word)),
                (noise, rule),
                "{word:?}"
            );
        }
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
            // words that are not ASCII, folded once for every comparison
            ("‘Smart’ Meter ‘No outstanding", Some(2)),
            ("Tariff — PA’ in progress", Some(2)),
            ("Tariff — ‘assessment’", Some(2)),
            ("Tariff — ‘Assessment’", None),
            ("‘Smart’ in Wales", None),
            ("Café ‘in’ progress", Some(1)),
            // the phrase's words glued by OCR
            ("Extending the self-service PAinprogress |", Some(3)),
            ("Allow DNOs to control Electric TAinprogress.", Some(5)),
            ("Ensuring a managed move to PAin progress |", Some(5)),
            ("Pain relief", None),
            ("Retain Progress", None),
        ];
        for (line, want) in cases {
            assert_eq!(at(line), want, "{line}");
        }
    }

    #[test]
    fn status_words_past_specks() {
        for (word, want) in [
            ("outstanding", true),
            ("Outstanding", true),
            ("J-assessment", true),
            ("1-request", true),
            ("(PA", true),
            ("IA,", true),
            ("assessment.", true),
            ("Ünïcode-assessment", false),
            ("é-request", true),
            ("pre-assessment", false),
            ("assessments", false),
            ("Title", false),
            ("", false),
            ("|", false),
        ] {
            assert_eq!(is_status_word(word), want, "{word:?}");
        }
    }

    proptest::proptest! {
        /// The ASCII reading of a status word is the folded one.
        #[test]
        fn status_words_read_by_runs_are_read_by_folding(w in "[ -~]{0,16}") {
            let folded = fold(&w);
            let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
            let by_folding = tokens.pop().is_some_and(|last| {
                tokens.iter().all(|t| t.len() <= MAX_SPECK_LEN) && STATUS_WORDS.contains(&last)
            });
            proptest::prop_assert_eq!(is_status_word(&w), by_folding);
        }
    }

    proptest::proptest! {
        /// The byte test of an opening `N` is the trimmed word's first character.
        #[test]
        fn opening_n_by_bytes_is_by_trimming(w in "[|:;,!§.()N n/A¢ǧ-]{0,8}", rest in proptest::prelude::any::<String>()) {
            let word = format!("{w}{rest}");
            let by_trimming = word.trim_matches(is_cell_edge).starts_with(['N', 'n']);
            proptest::prop_assert_eq!(opens_with_n(&word), by_trimming);
        }
    }

    #[test]
    fn lines_opening_a_status_cell() {
        for (line, want) in [
            ("No outstanding", true),
            ("NO OUTSTANDING assessment request", true),
            ("PA In Progress", true),
            ("PA in progress target date 01/02/2020", false),
            ("Nö outstanding", false),
            ("İn progress", false), // `İ` lower-cases to `i` and a combining dot
            ("Service Request Traffic", false),
        ] {
            assert_eq!(starts_status(line), want, "{line:?}");
        }
    }

    proptest::proptest! {
        /// On ASCII, the status phrases are found as lower-casing would find them.
        #[test]
        fn status_phrases_found_as_lower_casing_finds_them(
            pre in "[a-zA-Z ]{0,6}",
            phrase in "(?i)(no outstanding|no cutstanding|in progress|target date|no  outstanding)",
            post in "[a-zA-Z /0-9]{0,12}",
        ) {
            let line = format!("{pre}{phrase}{post}");
            let l = line.to_lowercase();
            let want = l.contains("no outstanding")
                || l.contains("no cutstanding")
                || l.contains("in progress") && !l.contains("target date");
            proptest::prop_assert_eq!(starts_status(&line), want);
        }
    }
}
