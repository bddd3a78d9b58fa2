//! What a piece of text looks like, for the doubts a reading raises: a
//! value a spreadsheet would run as a formula, a title OCR turned to junk.
//!
//! In: one cell's or one title's text. Out: yes or no, by named measures
//! (shares and counts of characters), each threshold measured on the
//! corpus: see the constants.

/// Characters that make a spreadsheet read a cell as a formula (and their
/// full-width forms, which some spreadsheets fold to the same).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// True when a spreadsheet would read `s` as a formula (a lone `-`,
/// standard input's name in `reports.sources`, is no formula).
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(FORMULA_STARTS) && s != "-"
}

/// Share of a title's non-space characters that are not letters at or
/// above which it is junk: the corpus's real titles reach 0.26 (a title
/// that caught its row's date and status cells), `~|l1 ;: ,.—` is 0.8.
pub const GARBLED_NON_LETTER_SHARE: f64 = 0.5;

/// Characters inside one word that are neither letters, digits nor a
/// joiner, at or above which the word is OCR junk: no word of the 400
/// titles of the generated corpus, the fixtures and their OCR text holds
/// more than 1 (`to:enable`, a stray `\`), while each of the twelve
/// overprinted titles of the October 2019 seed holds a word with 3 to 13
/// (`Ili?s(;ra'r&oi\;alsgéhgc(;]()erg:jjl:r;tial`).
pub const GARBLED_WORD_SYMBOLS: usize = 2;

/// Punctuation around a word that says nothing about its spelling.
const WORD_EDGES: &[char] = &[
    '"', '\'', '‘', '’', '“', '”', ',', '.', ';', ':', '(', ')', '[', ']',
];

/// Characters a real word holds between its letters (`Roll-Out`, `DCC's`,
/// `3.1`, `2020/21`, `R&D`).
const WORD_JOINERS: &[char] = &['-', '\'', '’', '.', '/', '&'];

/// Lower-case words of at least three letters: a title's dictionary words.
pub fn title_words(title: &str) -> impl Iterator<Item = String> + '_ {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
}

/// Share of the non-space characters that are not letters.
pub fn non_letter_share(s: &str) -> f64 {
    let (mut all, mut other) = (0usize, 0usize);
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        other += usize::from(!c.is_alphabetic());
    }
    if all == 0 {
        return 0.0;
    }
    other as f64 / all as f64
}

/// How many characters inside `word` (its edge punctuation set aside) are
/// neither letters, digits nor joiners.
pub fn symbols_inside(word: &str) -> usize {
    word.trim_matches(WORD_EDGES)
        .chars()
        .filter(|c| !c.is_alphanumeric() && !WORD_JOINERS.contains(c))
        .count()
}

/// Share of non-letters at or above which a title none of whose words the
/// archive's other titles use is junk: half the share that makes any title
/// junk. The real titles with no word of their archive's other titles (22
/// in the corpus and fixtures, e.g. `Paper Statement Opt-Out`) have at
/// most 0.05; a word that is no word needs fewer symbols to say so.
pub const GARBLED_UNKNOWN_SHARE: f64 = GARBLED_NON_LETTER_SHARE / 2.0;

/// Why a title looks like OCR garbage, or `None` when it reads as words.
///
/// `in_dictionary` says whether a word (of [`title_words`]) is one the
/// archive's other titles use. Having no
/// word of it is not enough on its own (a new proposal's title often uses
/// words no other title does), only with a share of non-letters of
/// [`GARBLED_UNKNOWN_SHARE`].
pub fn garbled_title(title: &str, in_dictionary: impl Fn(&str) -> bool) -> Option<String> {
    let share = non_letter_share(title);
    let percent = share * 100.0;
    if share >= GARBLED_NON_LETTER_SHARE {
        return Some(format!("{percent:.0}% of its characters are not letters"));
    }
    if let Some(w) = title
        .split_whitespace()
        .find(|w| symbols_inside(w) >= GARBLED_WORD_SYMBOLS)
    {
        return Some(format!("{w:?} is no word"));
    }
    let knows_a_word = title_words(title).any(|w| in_dictionary(&w));
    (!knows_a_word && share >= GARBLED_UNKNOWN_SHARE).then(|| {
        format!("{percent:.0}% of its characters are not letters and none of its words is in another title")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn formula_looking_values() {
        for (raw, want) in [
            ("=HYPERLINK(\"http://x\",\"y\")", true),
            ("+cmd", true),
            ("-2+3", true),
            ("@SUM(1+1)", true),
            ("\tx", true),
            ("\rx", true),
            ("＝1+1", true),
            ("-", false),
            ("", false),
            ("Top-Up Limits", false),
            (" =1", false),
            ("'=1", false),
        ] {
            assert_eq!(looks_like_formula(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn titles_that_are_junk_and_titles_that_are_not() {
        let dictionary: BTreeSet<String> = title_words("Smart Meter R&D Roll-Out Limits").collect();
        let known = |w: &str| dictionary.contains(w);
        for (title, junk) in [
            // real titles, damaged or not
            ("Tariffs, Tokens and \"Top-Up\" Limits", false),
            ("Ensuring a managed move to DUIS version 3.1", false),
            ("Advanced Shipment Notifications (ASN) for Hubs.", false),
            ("Firmware updates.to. IHDs and:PPMIDs", false),
            ("D f\\ = a Centralised Firmware Library", false),
            (
                "Tariffs, Tokens and \"Top-Up\" Limits 19/05/202 1 IA in progress",
                false,
            ),
            (
                "Update to SEC Appendix B — Organisation ARL expiration",
                false,
            ),
            ("Add New Command to Reset Debt Registers", false),
            ("Ruled Table Titles", false),
            // junk
            ("~|l1 ;: ,.—", true),
            ("| | ; ; 1 1", true),
            (
                "Ili?s(;ra'r&oi\\;alsgéhgc(;]()erg:jjl:r;tial classification",
                true,
            ),
            ("Erro(\\sifi:)rr; r?tf| Service Request", true),
            (
                "Isnggzaa?% t?z I12'50';381'%5.entation of the category",
                true,
            ),
            // no word of the dictionary: junk only with many non-letters
            ("Sm4rt M3t3r Fl00r", true),
            ("Sm4rt Meter Fl00r", false),
            ("Sm4rt M3t3r Roll-Out", false),
        ] {
            assert_eq!(
                garbled_title(title, known).is_some(),
                junk,
                "{title:?}: {:?}",
                garbled_title(title, known)
            );
        }
    }

    #[test]
    fn measures() {
        assert_eq!(non_letter_share(""), 0.0);
        assert_eq!(non_letter_share("ab 12"), 0.5);
        assert_eq!(symbols_inside("\"Top-Up\","), 0);
        assert_eq!(symbols_inside("(ASN)"), 0);
        assert_eq!(symbols_inside("Erro(\\sifi:)rr;"), 4);
        assert_eq!(
            title_words("DCC's Roll-Out v2").collect::<Vec<_>>(),
            ["dcc", "roll", "out"]
        );
    }
}
