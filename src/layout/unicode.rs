//! Stage 2 post-pass: the words of every reader in, the same words spelt as a
//! careful reader would out.
//!
//! In: a [`Word`]'s text as a PDF's text layer or an OCR/pdftotext file gives
//! it. Out: the same word with compatibility forms folded to plain letters,
//! so headings (`2. Deﬁne`), labels and titles match whatever produced them:
//!
//! | in | out | why |
//! |---|---|---|
//! | `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` (U+FB00–FB06) | `ff fi fl ffi ffl st st` | shaped text whose text layer keeps the ligature |
//! | soft hyphen, zero-width space/joiners, word joiner, BOM | removed | invisible, never part of a word |
//! | `‐ ‑ ‒` (U+2010–2012) | `-` | hyphens a typesetter substitutes for `-` |
//! | non-breaking, thin, narrow and other Unicode spaces | a space | they separate words |
//!
//! Not folded, on purpose: curly quotes and en/em dashes (`‘ ’ “ ” – —`) are
//! part of titles as the contract prints them (inner quotes are made straight
//! later, by [`crate::normalise::titles`]); `…`, `−`, `™`, fractions and
//! superscripts stay as printed. NFKC would fold those too (and would keep
//! soft hyphens and map `‑` to `‐`, not `-`), so this is a table, not NFKC.
//!
//! Positions are kept: a folded word keeps its box (a ligature glyph's box
//! covers its letters, so the word's extent is unchanged); a word that was
//! only invisible characters is dropped.

use super::Word;
use std::borrow::Cow;

/// What one character becomes: itself, a replacement string, or nothing.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        '\u{2010}' | '\u{2011}' | '\u{2012}' => "-",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        _ => return None,
    })
}

/// The text with the table above applied; borrowed when nothing changes
/// (all of ASCII, and most of any report, goes through untouched).
pub fn fold_text(text: &str) -> Cow<'_, str> {
    let Some(first) = first_folded(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 4);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Where the first character the table folds starts, found by bytes: only
/// a byte that opens a character above ASCII (`11xxxxxx`) is decoded, as
/// every folded character is above ASCII.
fn first_folded(text: &str) -> Option<usize> {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b >= 0xc0)
        .find(|&(at, _)| text[at..].chars().next().and_then(fold_char).is_some())
        .map(|(at, _)| at)
}

/// The words with their text folded (see the module docs). A word that folds
/// to nothing is dropped; one that folds to several (a space inside, which a
/// reader should already have split at) becomes one word per piece, the box
/// shared out by characters.
pub fn fold_words(words: Vec<Word>) -> Vec<Word> {
    if words
        .iter()
        .all(|w| matches!(fold_text(&w.text), Cow::Borrowed(_)))
    {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let folded = fold_text(&w.text).into_owned();
        split_folded(&w, &folded, &mut out);
    }
    out
}

/// Pushes the pieces of one folded word, each with its share of the word's box.
fn split_folded(word: &Word, folded: &str, out: &mut Vec<Word>) {
    let total = folded.chars().count().max(1) as f32;
    let per_char = (word.x1 - word.x0) / total;
    let mut col = 0usize;
    for piece in folded.split(' ') {
        let n = piece.chars().count();
        if n > 0 {
            out.push(Word {
                text: piece.into(),
                x0: word.x0 + per_char * col as f32,
                x1: word.x0 + per_char * (col + n) as f32,
            });
        }
        col += n + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte search finds the first folded character where a walk
        /// over the characters does.
        #[test]
        fn the_first_folded_character_is_found_by_bytes(
            t in "[a ‘’–é\u{00A0}\u{00AD}\u{2000}-\u{2013}\u{202F}\u{205F}\u{2060}\u{3000}\u{FB00}-\u{FB07}\u{FEFF}\u{1F600}]{0,12}"
        ) {
            let by_chars = t.char_indices().find(|(_, c)| fold_char(*c).is_some()).map(|(at, _)| at);
            proptest::prop_assert_eq!(first_folded(&t), by_chars);
        }
    }

    #[test]
    fn compatibility_forms_fold_to_plain_letters() {
        for (raw, want) in [
            ("De\u{FB01}ne", "Define"),
            ("Re\u{FB01}ne", "Refine"),
            ("identi\u{FB01}ed", "identified"),
            ("a\u{FB00}ects", "affects"),
            ("\u{FB02}ow", "flow"),
            ("e\u{FB03}cient", "efficient"),
            ("ba\u{FB04}e", "baffle"),
            ("\u{FB05}and\u{FB06}ill", "standstill"),
            ("Multi\u{2010}Occupancy", "Multi-Occupancy"),
            ("Head\u{2011}End", "Head-End"),
            ("0800\u{2012}123", "0800-123"),
            ("identi\u{00AD}fied", "identified"),
            ("DP\u{200B}137", "DP137"),
            ("\u{FEFF}Change", "Change"),
            ("Top\u{2060}Up", "TopUp"),
            ("9\u{00A0}July", "9 July"),
            ("40\u{202F}WD", "40 WD"),
            ("a\u{2009}b\u{2007}c\u{3000}d", "a b c d"),
        ] {
            assert_eq!(fold_text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn what_the_contract_prints_is_not_folded() {
        for kept in [
            "‘Tariffs, Tokens and “Top-Up” Limits’",
            "Appendix B – Organisation",
            "Management — Alert",
            "wait…",
            "−5",
            "½",
            "Café",
            "SECMP0053",
            "",
        ] {
            assert!(
                matches!(fold_text(kept), Cow::Borrowed(k) if k == kept),
                "{kept:?}"
            );
        }
    }

    fn w(text: &str, x0: f32, x1: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            x1,
        }
    }

    #[test]
    fn folded_words_keep_their_boxes() {
        let got = fold_words(vec![
            w("2.", 50.0, 58.0),
            w("De\u{FB01}ne", 62.0, 90.0),
            w("\u{00AD}", 91.0, 92.0),
            w("40\u{00A0}WD", 100.0, 125.0),
        ]);
        assert_eq!(
            got,
            vec![
                w("2.", 50.0, 58.0),
                w("Define", 62.0, 90.0),
                w("40", 100.0, 110.0),
                w("WD", 115.0, 125.0),
            ]
        );
    }

    #[test]
    fn plain_words_are_returned_as_they_came() {
        let words = vec![w("MP124", 1.0, 2.0), w("‘Consumer", 3.0, 4.0)];
        assert_eq!(fold_words(words.clone()), words);
    }
}
