//! The regexes' character classes on ASCII bytes, and case-insensitive
//! word tests on ASCII text: what the hand-written readers and the
//! prefilters in front of regexes share.
//!
//! In: bytes or ASCII text. Out: whether a byte is in a class, whether a
//! text holds or opens with a word. On ASCII, `regex`'s Unicode classes
//! are exactly these; on other text the callers leave the work to the regex.

/// `\s` on an ASCII byte: space, `\t`, `\n`, `\r`, form feed and the
/// vertical tab (which `u8::is_ascii_whitespace` leaves out).
pub fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// The words of `text` between runs of `\s` bytes: on ASCII text exactly
/// `str::split_whitespace`, by bytes (on other text it splits at ASCII
/// spaces only, always at a character boundary).
pub fn split_space(text: &str) -> impl Iterator<Item = &str> {
    let base = text.as_ptr() as usize;
    text.as_bytes()
        .split(|&b| is_space(b))
        .filter(|p| !p.is_empty())
        .map(move |p| {
            // the piece's offset in `text`; an ASCII byte never falls inside
            // a character, so there is a boundary either side of it
            let start = p.as_ptr() as usize - base;
            &text[start..start + p.len()]
        })
}

/// `\w` on an ASCII byte: a letter, a digit or `_`.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when `text` holds `word` (lower case ASCII) in any ASCII case.
pub fn holds_word(text: &str, word: &str) -> bool {
    let (b, w) = (text.as_bytes(), word.as_bytes());
    let Some(&first) = w.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).any(|at| opens_with(&b[at..], w))
}

/// True when `text` starts with `word` (ASCII) in any ASCII case.
pub fn starts_with_word(text: &str, word: &str) -> bool {
    opens_with(text.as_bytes(), word.as_bytes())
}

fn opens_with(b: &[u8], w: &[u8]) -> bool {
    b.get(..w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w))
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
        }
    }

    proptest::proptest! {
        /// On ASCII, splitting by bytes is `split_whitespace`.
        #[test]
        fn split_space_is_split_whitespace_on_ascii(text in "[ -~\t\n\r\x0b\x0c]{0,40}") {
            let by_bytes: Vec<&str> = split_space(&text).collect();
            let by_chars: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(by_bytes, by_chars);
        }
    }
}
