//! Titles: quotes, bullets and wrapped lines.
//!
//! - `‘Allow DNOs to control Electric Vehicle chargers connected to Smart Meter` +
//!   `infrastructure’` → one line, outer quotes gone
//! - inner curly quotes become straight: `remove ‘Pending’ devices` → `remove 'Pending' devices`
//! - stray trailing quotes (`Certificates'`) and OCR dots inside words are dropped

use crate::normalise::ascii;

/// Joins wrapped lines: a line ending in a hyphen after a letter joins without a space.
pub fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        push_wrapped(&mut out, p);
    }
    out
}

/// Appends one wrapped line's part to what [`join_wrapped`] has joined so
/// far (trimmed; nothing when empty; no space after a word's hyphen).
pub fn push_wrapped(out: &mut String, part: &str) {
    let p = part.trim();
    if p.is_empty() {
        return;
    }
    let hyphen = out.ends_with('-') && out[..out.len() - 1].ends_with(|c: char| c.is_alphabetic());
    if !out.is_empty() && !hyphen {
        out.push(' ');
    }
    out.push_str(p);
}

/// Is this an opening or closing quote mark (straight, curly, or an OCR stand-in)?
pub fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '"' | '“' | '”' | '`' | '´' | '„')
}

/// Cleans a title: trims, drops the quotes that enclose it, makes inner
/// curly quotes straight, and collapses whitespace.
pub fn clean_title(raw: &str) -> String {
    let mut collapsed = String::with_capacity(raw.len());
    let mut push = |w: &str| {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    };
    if raw.is_ascii() {
        ascii::split_space(raw).for_each(&mut push);
    } else {
        raw.split_whitespace().for_each(&mut push);
    }
    let mut t =
        collapsed.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '_'));
    loop {
        let before = t;
        t = t
            .trim_start_matches(is_quote)
            .trim_end_matches(is_quote)
            .trim();
        if t == before {
            break;
        }
    }
    if t.is_ascii() && !t.contains('`') {
        return t.to_string(); // no curly quote to straighten
    }
    // a straight quote is never longer than the quote it replaces
    let mut out = String::with_capacity(t.len());
    out.extend(t.chars().map(|c| match c {
        '‘' | '’' | '`' | '´' => '\'',
        '“' | '”' | '„' => '"',
        c => c,
    }));
    out
}

/// Folds text for comparison: lower case letters and digits, single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a buffer the caller keeps (it is cleared first), so a loop
/// over lines folds without allocating.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        fold_ascii_into(s, out);
        return;
    }
    let mut space = false;
    for c in s.chars() {
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if !alnum {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            // `İ` lower-cases to `i` and a combining dot: keep only what is
            // itself a letter or digit, so folding folded text changes nothing
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        }
    }
}

/// True when `fold(s) == folded`, told without building the folded text
/// when `s` is ASCII (the per-word tests of table cells call it on every
/// word of a row).
pub fn folds_to(s: &str, folded: &str) -> bool {
    if !s.is_ascii() {
        return fold(s) == folded;
    }
    ascii_folds_to(s.as_bytes(), folded.as_bytes())
}

/// [`folds_to`] of ASCII text: [`fold_ascii_into`]'s walk, comparing each
/// byte it would write instead of writing it.
fn ascii_folds_to(s: &[u8], folded: &[u8]) -> bool {
    let mut k = 0;
    let mut space = false;
    for &b in s {
        let f = ASCII_FOLD[usize::from(b)];
        if f == 0 {
            space = k > 0;
            continue;
        }
        if space {
            if folded.get(k) != Some(&b' ') {
                return false;
            }
            k += 1;
            space = false;
        }
        if folded.get(k) != Some(&f) {
            return false;
        }
        k += 1;
    }
    k == folded.len()
}

/// [`fold_into`] of ASCII text: each letter or digit lower-cased by table,
/// one space for each run of anything else between them. The folded text
/// is never longer than the text (a space only ever stands for at least
/// one byte dropped), so it is written into a buffer of that length.
fn fold_ascii_into(s: &str, out: &mut String) {
    let mut buf = std::mem::take(out).into_bytes();
    buf.clear();
    buf.resize(s.len(), 0);
    let mut n = 0;
    let mut space = false;
    for &b in s.as_bytes() {
        let folded = ASCII_FOLD[usize::from(b)];
        if folded == 0 {
            space = n > 0;
            continue;
        }
        if space {
            buf[n] = b' ';
            n += 1;
            space = false;
        }
        buf[n] = folded;
        n += 1;
    }
    buf.truncate(n);
    // ASCII in, ASCII out: always valid
    *out = String::from_utf8(buf).unwrap_or_default();
}

/// An ASCII byte folded: a letter or digit as its lower case, anything
/// else 0 (a separator).
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// How alike two strings are after folding, from 0 to 1 (1 − edit distance / length).
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of_folded(&fold(a), &fold(b))
}

/// [`similarity`] of two strings already folded.
pub fn similarity_of_folded(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_ascii() && b.is_ascii() {
        return similarity_of_units(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    similarity_of_units(&a, &b)
}

/// [`similarity_of_folded`] of two folded strings when it is at least
/// `least`, else `None`. Lower bounds of the edit distance (the lengths'
/// difference, half the difference of their letter counts) reject most
/// pairs before the distance itself is computed; a pair that passes gets
/// exactly [`similarity_of_folded`]'s value.
pub fn similarity_at_least(a: &str, b: &str, least: f64) -> Option<f64> {
    // ASCII characters are bytes: counted without decoding
    let ascii = a.is_ascii() && b.is_ascii();
    let (la, lb) = if ascii {
        (a.len(), b.len())
    } else {
        (a.chars().count(), b.chars().count())
    };
    let longest = la.max(lb);
    let below = |bound: usize| longest > 0 && (1.0 - bound as f64 / longest as f64) < least;
    if below(la.abs_diff(lb)) || below(letter_count_bound(a, b, ascii)) {
        return None;
    }
    let s = similarity_of_folded(a, b);
    (s >= least).then_some(s)
}

/// Buckets of the letter-count lower bound (characters are counted modulo this).
const COUNT_BUCKETS: usize = 64;

/// A lower bound of the edit distance: each edit changes the characters'
/// counts by at most two, so the distance is at least half their difference
/// (counted in buckets, which only lowers the bound). `ascii`: both
/// strings are ASCII, so their characters are their bytes.
fn letter_count_bound(a: &str, b: &str, ascii: bool) -> usize {
    let mut counts = [0i32; COUNT_BUCKETS];
    if ascii {
        // an ASCII character is its byte: counted without decoding
        for &c in a.as_bytes() {
            counts[usize::from(c) % COUNT_BUCKETS] += 1;
        }
        for &c in b.as_bytes() {
            counts[usize::from(c) % COUNT_BUCKETS] -= 1;
        }
    } else {
        for c in a.chars() {
            counts[c as usize % COUNT_BUCKETS] += 1;
        }
        for c in b.chars() {
            counts[c as usize % COUNT_BUCKETS] -= 1;
        }
    }
    let differ: u32 = counts.iter().map(|n| n.unsigned_abs()).sum();
    (differ as usize).div_ceil(2)
}

/// Longest string whose edit distance rows live on the stack.
const STACK_ROW: usize = 128;

/// 1 − edit distance / length, over bytes (ASCII) or chars.
fn similarity_of_units<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // bail out cheaply on very different lengths
    if a.len().abs_diff(b.len()) * 2 > longest {
        return 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    }
    let distance = if b.len() < STACK_ROW {
        let (mut prev, mut cur) = ([0usize; STACK_ROW], [0usize; STACK_ROW]);
        edit_distance(a, b, &mut prev[..=b.len()], &mut cur[..=b.len()])
    } else {
        let (mut prev, mut cur) = (vec![0; b.len() + 1], vec![0; b.len() + 1]);
        edit_distance(a, b, &mut prev, &mut cur)
    };
    1.0 - distance as f64 / longest as f64
}

/// Levenshtein distance with two rows of `b.len() + 1` cells.
fn edit_distance<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_are_cleaned() {
        for (raw, want) in [
            (
                "‘Other User Panel Seating Amendment’",
                "Other User Panel Seating Amendment",
            ),
            (
                "‘Clarity on Obtaining SMKI Device Certificates'",
                "Clarity on Obtaining SMKI Device Certificates",
            ),
            (
                "‘Amend Requirements to remove ‘Pending’ devices from SMI’",
                "Amend Requirements to remove 'Pending' devices from SMI",
            ),
            ("“Allow DNOs   to control”", "Allow DNOs to control"),
            ("  Change Coordination’ ,", "Change Coordination"),
            (
                "Consideration of “Maximum Credit” value",
                "Consideration of \"Maximum Credit\" value",
            ),
        ] {
            assert_eq!(clean_title(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn wrapped_lines_join() {
        assert_eq!(
            join_wrapped(["Security Sub-", "Committee"]),
            "Security Sub-Committee"
        );
        assert_eq!(
            join_wrapped(["Critical to Installation and", "Commissioning Processes"]),
            "Critical to Installation and Commissioning Processes"
        );
        assert_eq!(join_wrapped(["SEC -", "Part 2"]), "SEC - Part 2");
    }

    #[test]
    fn the_bounded_similarity_agrees_with_the_full_one() {
        let words = [
            "working group meetings",
            "working group meetinqs",
            "change board votes",
            "refinement consultations",
            "define",
            "defne",
            "opine",
            "",
            "réfine",
            "a",
            "implemented",
        ];
        for a in words {
            assert_eq!(fold(a), a, "the sample is folded");
            for b in words {
                let full = similarity_of_folded(a, b);
                for least in [0.5, 0.75, 0.88, 0.9, 1.0] {
                    let want = (full >= least).then_some(full);
                    assert_eq!(
                        similarity_at_least(a, b, least),
                        want,
                        "{a:?} {b:?} {least}"
                    );
                }
            }
        }
    }

    /// Folding as first written, character by character: the definition
    /// [`fold_into`]'s table-driven ASCII path is held to.
    fn fold_by_chars(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if !c.is_alphanumeric() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        }
        out
    }

    proptest! {
        /// Folding (ASCII text by table) is folding character by character,
        /// on any text, on ASCII and on the two mixed.
        #[test]
        fn folding_by_bytes_is_folding_by_characters(s in any::<String>(), a in "[ -~\\t]{0,40}") {
            prop_assert_eq!(fold(&s), fold_by_chars(&s));
            prop_assert_eq!(fold(&a), fold_by_chars(&a));
            let mixed = format!("{a}{s}{a}");
            prop_assert_eq!(fold(&mixed), fold_by_chars(&mixed));
        }
    }

    proptest! {
        /// `folds_to` tells what comparing the folded text would, on any
        /// text and on ASCII that folds to the same words in other forms.
        #[test]
        fn folds_to_is_comparing_folds(s in any::<String>(), a in "[ -~\\t]{0,24}", b in "[ -~\\t]{0,24}") {
            for (x, y) in [(&s, &a), (&a, &b), (&a, &a), (&b, &s)] {
                prop_assert_eq!(folds_to(x, &fold(y)), fold(x) == fold(y));
            }
            let noisy = format!("  {}--", a.to_uppercase());
            prop_assert!(folds_to(&noisy, &fold(&a)));
        }
    }

    #[test]
    fn folds_to_by_table() {
        for (s, folded, want) in [
            ("No", "no", true),
            ("NO.", "no", true),
            ("  In  progress ", "in progress", true),
            ("In-progress", "in progress", true),
            ("in progress", "inprogress", false),
            ("no", "n", false),
            ("n", "no", false),
            ("", "", true),
            ("--", "", true),
            ("Ünïcode", "ünïcode", true),
            ("PA", "pa ", false),
        ] {
            assert_eq!(folds_to(s, folded), want, "{s:?} {folded:?}");
        }
    }

    #[test]
    fn folding_into_a_buffer_is_folding() {
        let mut buf = String::from("left over");
        for raw in [
            "Alert Storm — Protection’",
            "ÉTAT Ünïcode ǅ",
            "",
            "  a  b  ",
        ] {
            fold_into(raw, &mut buf);
            assert_eq!(buf, fold(raw), "{raw:?}");
        }
        assert_eq!(fold("ÉTAT  x-Y"), "état x y");
    }

    #[test]
    fn folding_folded_text_changes_nothing() {
        // found by the normalise fuzz target: `İ` lower-cases to `i` + U+0307
        for (raw, folded) in [
            ("Tİens", "tiens"),
            ("İ", "i"),
            ("ǅx", "ǆx"),
            ("Top-Up\u{3000}Tokens", "top up tokens"),
        ] {
            assert_eq!(fold(raw), folded, "{raw:?}");
            assert_eq!(fold(&fold(raw)), fold(raw), "{raw:?}");
        }
    }

    #[test]
    fn folding_and_similarity() {
        assert_eq!(fold("Alert Storm — Protection’"), "alert storm protection");
        assert_eq!(
            similarity("Change Coordination", "change coordination."),
            1.0
        );
        assert!(
            similarity(
                "Firmware updates.to. IHDs and:PPMIDs",
                "Firmware updates to IHDs and PPMIDs"
            ) > 0.9
        );
        assert!(
            similarity(
                "Managing DUIS uplifts",
                "Ensuring a managed move to DUIS version 3.1"
            ) < 0.6
        );
    }
}
