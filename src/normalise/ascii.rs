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
}
