//! The regexes' character classes on ASCII bytes, and case-insensitive
//! word tests on ASCII text: what the hand-written readers and the
//! prefilters in front of regexes share.
//!
//! In: bytes or ASCII text. Out: whether a byte is in a class, whether a
//! text holds or opens with a word. On ASCII, `regex`'s Unicode classes
//! are exactly these; on other text the callers leave the work to the regex.

/// `\s` on an ASCII byte: space, `\t`, `\n`, `\r`, form feed and the
/// vertical tab (which `u8::is_ascii_whitespace` leaves out).
pub const fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// The words of `text` between runs of `\s` bytes: on ASCII text exactly
/// `str::split_whitespace`, by bytes (on other text it splits at ASCII
/// spaces only, always at a character boundary).
pub fn split_space(text: &str) -> impl Iterator<Item = &str> {
    // an ASCII byte never falls inside a character, so there is a boundary
    // either side of each piece
    word_spans(text.as_bytes()).map(move |(s, e)| &text[s..e])
}

/// The (start, end) byte offsets of the runs of non-space bytes in
/// `bytes`: [`split_space`]'s pieces, as offsets.
pub fn word_spans(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && SPACE[usize::from(bytes[at])] {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !SPACE[usize::from(bytes[at])] {
            at += 1;
        }
        (at > start).then_some((start, at))
    })
}

/// [`is_space`] of every byte, looked up (the word scanners test each byte of a line).
const SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_space(b as u8);
        b += 1;
    }
    table
};

/// `\w` on an ASCII byte: a letter, a digit or `_`.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when `text` holds `word` (lower case ASCII) in any ASCII case.
pub fn holds_word(text: &str, word: &str) -> bool {
    word.is_empty() || holds_any_word(text, &[word])
}

/// True when `text` holds one of `words` (lower case ASCII, all opening
/// with the same letter) in any ASCII case: one search for that letter,
/// each word compared where it is found.
pub fn holds_any_word(text: &str, words: &[&str]) -> bool {
    let b = text.as_bytes();
    let Some(&first) = words.first().and_then(|w| w.as_bytes().first()) else {
        return false;
    };
    debug_assert!(words.iter().all(|w| w.as_bytes().first() == Some(&first)));
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b)
        .any(|at| words.iter().any(|w| opens_with(&b[at..], w.as_bytes())))
}

/// True when `text` starts with `word` (ASCII) in any ASCII case.
pub fn starts_with_word(text: &str, word: &str) -> bool {
    opens_with(text.as_bytes(), word.as_bytes())
}

fn opens_with(b: &[u8], w: &[u8]) -> bool {
    b.get(..w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w))
}

/// A fixed set of lower-case ASCII words, looked up in any ASCII case by
/// a table of their (length, first byte, last byte) hashes before any
/// comparison: the word tests of table readers run on every word of a row,
/// and nearly every word is told it is not in the set by one lookup.
pub struct WordSet {
    /// The words, lower case.
    words: &'static [&'static str],
    /// True at the hash of each word.
    hashed: [bool; WORD_SET_SLOTS],
}

/// Slots of a [`WordSet`]'s hash table: a few dozen words leave a word
/// outside the set a chance of a few percent of being compared at all.
const WORD_SET_SLOTS: usize = 1024;

/// The slot of a word of `len` bytes opening with `first` and ending with
/// `last` (both lower case).
const fn word_slot(len: usize, first: u8, last: u8) -> usize {
    (len * 7 + first as usize * 31 + last as usize * 131) % WORD_SET_SLOTS
}

impl WordSet {
    /// The set of `words` (lower case ASCII, none empty).
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        let mut hashed = [false; WORD_SET_SLOTS];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            hashed[word_slot(w.len(), w[0], w[w.len() - 1])] = true;
            i += 1;
        }
        WordSet { words, hashed }
    }

    /// True when `word` is one of the set's words in any ASCII case.
    pub fn contains_ignore_case(&self, word: &[u8]) -> bool {
        let (Some(first), Some(last)) = (word.first(), word.last()) else {
            return false;
        };
        let slot = word_slot(
            word.len(),
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase(),
        );
        self.hashed[slot]
            && self
                .words
                .iter()
                .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
    }

    /// True when `word` (lower case) is one of the set's words.
    pub fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        b.iter().all(|c| !c.is_ascii_uppercase()) && self.contains_ignore_case(b)
    }

    /// The words, lower case.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// A fixed set of lower-case ASCII phrases, searched for anywhere in a
/// text: each pair of neighbouring bytes is looked up in two tables (the
/// phrases that open with the first byte, those whose second byte is the
/// second), and only the phrases both name are compared. On a line of a
/// few dozen bytes that costs less than a DFA's step per byte, as few
/// pairs open any phrase.
pub struct PhraseSet {
    /// The phrases, lower case, each at least two bytes.
    phrases: &'static [&'static str],
    /// For each byte, the phrases (bits by index) that open with it.
    first: [u64; 256],
    /// For each byte, the phrases (bits by index) whose second byte it is.
    second: [u64; 256],
}

impl PhraseSet {
    /// The set of `phrases` (at most 64, lower case ASCII, each at least two bytes).
    pub const fn new(phrases: &'static [&'static str]) -> PhraseSet {
        assert!(phrases.len() <= 64, "a PhraseSet holds at most 64 phrases");
        let (mut first, mut second) = ([0u64; 256], [0u64; 256]);
        let mut i = 0;
        while i < phrases.len() {
            let p = phrases[i].as_bytes();
            assert!(p.len() >= 2, "a PhraseSet's phrases are at least two bytes");
            // both cases of a letter, for the search in any case
            first[p[0] as usize] |= 1 << i;
            first[p[0].to_ascii_uppercase() as usize] |= 1 << i;
            second[p[1] as usize] |= 1 << i;
            second[p[1].to_ascii_uppercase() as usize] |= 1 << i;
            i += 1;
        }
        PhraseSet {
            phrases,
            first,
            second,
        }
    }

    /// True when `text` holds one of the phrases (exactly, case included).
    pub fn is_in(&self, text: &[u8]) -> bool {
        self.search(text, |at, p| at.starts_with(p))
    }

    /// True when `text` holds one of the phrases in any ASCII case.
    pub fn is_in_ignore_ascii_case(&self, text: &[u8]) -> bool {
        self.search(text, |at, p| {
            at.get(..p.len()).is_some_and(|t| t.eq_ignore_ascii_case(p))
        })
    }

    /// True when `matches(text from a byte, phrase)` holds where a pair of
    /// bytes opens the phrase (in either case).
    fn search(&self, text: &[u8], matches: impl Fn(&[u8], &[u8]) -> bool) -> bool {
        // the phrases the previous byte opens
        let mut opened = 0u64;
        for (at, &b) in text.iter().enumerate() {
            let mut mask = opened & self.second[usize::from(b)];
            opened = self.first[usize::from(b)];
            while mask != 0 {
                let p = self.phrases[mask.trailing_zeros() as usize].as_bytes();
                if matches(&text[at - 1..], p) {
                    return true;
                }
                mask &= mask - 1;
            }
        }
        false
    }

    /// The phrases.
    pub fn phrases(&self) -> &'static [&'static str] {
        self.phrases
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_the_regexs() {
        let space = regex::Regex::new(r"^\s$").unwrap();
        let word = regex::Regex::new(r"^\w$").unwrap();
        for b in 0u8..128 {
            let s = char::from(b).to_string();
            assert_eq!(is_space(b), space.is_match(&s), "{b:#x}");
            assert_eq!(is_word_byte(b), word.is_match(&s), "{b:#x}");
        }
    }

    #[test]
    fn any_of_words_opening_alike_is_found() {
        for (text, holds) in [
            ("Page 3 of 7", true),
            ("DCC PUBLIC", true),
            ("dcc publ", false),
            ("pag", false),
            ("", false),
        ] {
            assert_eq!(holds_any_word(text, &["page", "public"]), holds, "{text:?}");
            let either = holds_word(text, "page") || holds_word(text, "public");
            assert_eq!(either, holds, "{text:?}");
        }
    }

    #[test]
    fn words_are_found_in_any_case() {
        for (text, word, holds, starts) in [
            ("Raised by", "raised", true, true),
            ("it was rAiSeD", "raised", true, false),
            ("Rais ed", "raised", false, false),
            ("", "was", false, false),
            ("W", "was", false, false),
            ("PAGE 3", "page", true, true),
        ] {
            assert_eq!(holds_word(text, word), holds, "{text:?}");
            assert_eq!(starts_with_word(text, word), starts, "{text:?}");
        }
    }

    #[test]
    fn split_space_by_table() {
        for (text, want) in [
            ("  a\tb\x0bc\x0c d\r\n", vec!["a", "b", "c", "d"]),
            ("", vec![]),
            ("   ", vec![]),
            ("one", vec!["one"]),
            ("é\u{a0}x y", vec!["é\u{a0}x", "y"]), // a non-ASCII space is not split at
        ] {
            assert_eq!(split_space(text).collect::<Vec<_>>(), want, "{text:?}");
            let spans: Vec<&str> = word_spans(text.as_bytes())
                .map(|(s, e)| &text[s..e])
                .collect();
            assert_eq!(spans, want, "{text:?}");
        }
    }

    const SAMPLE: WordSet = WordSet::new(&["secmp", "title", "0f", "y", "implementation"]);

    #[test]
    fn word_set_by_table() {
        for (word, want) in [
            ("secmp", true),
            ("SECmp", true),
            ("0F", true),
            ("Y", true),
            ("implementation", true),
            ("implementatio", false),
            ("titles", false),
            ("", false),
            ("é", false),
        ] {
            assert_eq!(
                SAMPLE.contains_ignore_case(word.as_bytes()),
                want,
                "{word:?}"
            );
        }
        assert!(SAMPLE.contains("title") && !SAMPLE.contains("Title"));
    }

    const PHRASES: PhraseSet =
        PhraseSet::new(&["no system impact", "no further", "delivery dates", "de"]);

    #[test]
    fn phrase_set_by_table() {
        for (text, want) in [
            ("5 no system impact", true),
            ("no system impac", false),
            ("no further assessment", true),
            ("nono furthe", false),
            ("xde", true),
            ("d e", false),
            ("", false),
            ("n", false),
        ] {
            assert_eq!(PHRASES.is_in(text.as_bytes()), want, "{text:?}");
            let upper = text.to_ascii_uppercase();
            assert!(
                !PHRASES.is_in(upper.as_bytes()) || upper == text,
                "{upper:?}"
            );
            assert_eq!(
                PHRASES.is_in_ignore_ascii_case(upper.as_bytes()),
                want,
                "{upper:?}"
            );
        }
    }

    proptest::proptest! {
        /// The set finds a phrase where `str::contains` finds one.
        #[test]
        fn phrase_set_is_contains(text in "((no|system|impact|further|de|delivery|dates|d|n|e)[ x]?){0,8}") {
            let want = PHRASES.phrases().iter().any(|p| text.contains(p));
            proptest::prop_assert_eq!(PHRASES.is_in(text.as_bytes()), want);
        }

        /// In any case, the set finds a phrase where the lower-cased text holds one.
        #[test]
        fn phrase_set_in_any_case_is_contains_lowered(text in "(?i)((no|system|impact|further|de|delivery|dates|d|n|e)[ x]?){0,8}") {
            let lower = text.to_ascii_lowercase();
            let want = PHRASES.phrases().iter().any(|p| lower.contains(p));
            proptest::prop_assert_eq!(PHRASES.is_in_ignore_ascii_case(text.as_bytes()), want);
        }


        /// The hashed lookup answers as a walk over the words does.
        #[test]
        fn word_set_is_a_linear_search(word in "(?i)(secmp|title|0f|y|[a-z0-9]{0,6})") {
            let linear = SAMPLE.words().iter().any(|w| w.eq_ignore_ascii_case(&word));
            proptest::prop_assert_eq!(SAMPLE.contains_ignore_case(word.as_bytes()), linear);
        }

        /// On ASCII, splitting by bytes is `split_whitespace`.
        #[test]
        fn split_space_is_split_whitespace_on_ascii(text in "[ -~\t\n\r\x0b\x0c]{0,40}") {
            let by_bytes: Vec<&str> = split_space(&text).collect();
            let by_chars: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(&by_bytes, &by_chars);
            let spans: Vec<&str> = word_spans(text.as_bytes()).map(|(s, e)| &text[s..e]).collect();
            proptest::prop_assert_eq!(&spans, &by_chars);
        }
    }
}
