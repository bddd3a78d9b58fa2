//! Proposal references as printed, and as OCR mangles them.
//!
//! - `SECMP0053`, `SECMPO053`, `SECMPO0053` (0 read as `O`) → number 53, ref `SECMP0053`
//! - `MP076`, `MPQ76`, `MPO74` → 76, 74, refs `MP076`, `MP074`
//! - `DP084`, `DPO080` → 84, 80, refs `DP084`, `DP080`
//! - `MP085A` → `85A` (a split modification)
//! - the appendix's bare `0024`, `0078`, `007` → 24, 78, 7 (family from the column)
//!
//! Numbers up to 69 are written `SECMP00NN`; from 70 on `MPNNN` once
//! converted and `DPNNN` while a Draft Proposal.

use crate::model::{Family, ProposalId, Reference};

/// A reference found inside a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefMatch {
    /// Byte offset of the match in the searched text.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
    /// Exactly as printed.
    pub raw: String,
    /// The reference it names, in the administrator's form for the family printed.
    pub reference: Reference,
}

impl RefMatch {
    /// The proposal it names.
    pub fn id(&self) -> ProposalId {
        self.reference.id
    }
}

/// The grammar of a reference as a regular expression: the scanner
/// ([`ref_spans`]) reads exactly this, and the tests hold it to it.
#[cfg(test)]
static REF_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:\b|_)(SEC\s?MP|MP|DP)([0-9OoQ][0-9OoQIl]{1,4})([A-H])?\b")
        .expect("ref regex")
});

/// Maps an OCR digit (`O`, `o`, `Q` for 0; `I`, `l` for 1) to its value.
fn ocr_digit(c: char) -> Option<u32> {
    match c {
        'O' | 'o' | 'Q' => Some(0),
        'I' | 'l' => Some(1),
        _ => c.to_digit(10),
    }
}

/// Reads a run of OCR digits as a number, refusing anything else.
fn ocr_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 5 {
        return None;
    }
    s.chars()
        .try_fold(0u32, |n, c| Some(n * 10 + ocr_digit(c)?))
}

/// Reads the family prefix as written.
fn family_of(prefix: &str) -> Family {
    if prefix_is(prefix, "DP") {
        Family::Dp
    } else if prefix_is(prefix, "MP") {
        Family::Mp
    } else {
        Family::Secmp
    }
}

/// Parses a whole string as one reference (`SECMPO053`, `MPQ76`, `DP084`, `MP085A`).
pub fn parse_ref(raw: &str) -> Option<Reference> {
    let t = raw.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let m = ref_matches(t).next()?;
    (m.start == 0 && m.end == t.len()).then_some(m.reference)
}

/// False when `text` holds no reference: every form `REF_RE` reads
/// (`SEC MP`, `MP`, `DP`, in capitals) holds `MP` or `DP`. Most lines hold
/// neither, and this costs less than setting up the regex's captures.
fn may_hold_a_ref(text: &str) -> bool {
    memchr::memchr_iter(b'P', text.as_bytes())
        .any(|i| i > 0 && matches!(text.as_bytes()[i - 1], b'M' | b'D'))
}

/// Finds every reference in a line of text, in order.
pub fn find_refs(text: &str) -> Vec<RefMatch> {
    ref_matches(text).collect()
}

/// [`find_refs`] one at a time, so a caller that wants only the first
/// reads no further.
pub fn ref_matches(text: &str) -> impl Iterator<Item = RefMatch> + '_ {
    let spans = may_hold_a_ref(text).then(|| ref_spans(text));
    spans
        .into_iter()
        .flatten()
        .filter_map(|m| ref_match(text, m))
}

/// The reference a span of `REF_RE` names, if its number reads as one.
fn ref_match(text: &str, m: RefSpan) -> Option<RefMatch> {
    let digits = &text[m.digits.clone()];
    // a real number needs at least one true digit; `MPOO` is a word, not a ref
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let prefix = &text[m.prefix.clone()];
    // SECMP numbers have four digits; a fifth leading character is OCR noise (`SECMP6O010`)
    let digits = if prefix_is(prefix, "SECMP") && digits.len() == 5 {
        &digits[1..]
    } else {
        digits
    };
    let number = ocr_number(digits).filter(|&n| n != 0)?;
    Some(RefMatch {
        start: m.prefix.start,
        end: m.end,
        raw: text[m.prefix.start..m.end].to_string(),
        reference: Reference::new(
            ProposalId {
                number,
                split: m.split,
            },
            family_of(prefix),
        ),
    })
}

/// True when a prefix as printed is `letters` once its spaces are dropped
/// (`SEC MP` is `SECMP`).
fn prefix_is(printed: &str, letters: &str) -> bool {
    printed
        .chars()
        .filter(|c| !c.is_whitespace())
        .eq(letters.chars())
}

/// One match of `REF_RE`: its groups' byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RefSpan {
    /// `SEC MP`, `MP` or `DP` as printed.
    prefix: std::ops::Range<usize>,
    /// The digits (OCR's letters for digits included).
    digits: std::ops::Range<usize>,
    /// The split letter (`A` of `MP085A`).
    split: Option<char>,
    /// Where the match ends.
    end: usize,
}

/// The matches of `REF_RE` in `text`, found without the regex: its
/// prefixes located with `memchr`, each tried as the regex would try it
/// (leftmost first, the longest number first, a split letter before none,
/// word boundaries as Unicode defines them). A property test holds the two
/// to the same answers.
fn ref_spans(text: &str) -> impl Iterator<Item = RefSpan> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while from < bytes.len() {
            let j = from + memchr::memchr3(b'S', b'M', b'D', &bytes[from..])?;
            if ref_may_start_at(text, from, j) {
                if let Some(span) = ref_span_at(text, j) {
                    from = span.end;
                    return Some(span);
                }
            }
            from = j + 1;
        }
        None
    })
}

/// True when a match of `REF_RE` searched for from `from` may have its
/// prefix at `j`: after a `_` the search passed over, or at a word boundary.
fn ref_may_start_at(text: &str, from: usize, j: usize) -> bool {
    match text[..j].chars().next_back() {
        Some('_') => j > from, // `(?:\b|_)` takes the `_`, which must be searched
        Some(c) => !regex_syntax::is_word_character(c),
        None => true,
    }
}

/// True at a word boundary after a word character: the end of `text`, or a
/// character that is not a word character.
fn word_ends_at(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .map_or(true, |c| !regex_syntax::is_word_character(c))
}

/// The match of `REF_RE` whose prefix starts at `j`, if any.
fn ref_span_at(text: &str, j: usize) -> Option<RefSpan> {
    let rest = &text[j..];
    let prefix_len = if let Some(after) = rest.strip_prefix("SEC") {
        let space = after
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8);
        if !after[space..].starts_with("MP") {
            return None;
        }
        3 + space + 2
    } else if rest.starts_with("MP") || rest.starts_with("DP") {
        2
    } else {
        return None;
    };
    let digits_at = j + prefix_len;
    let b = text.as_bytes();
    if !matches!(b.get(digits_at), Some(b'0'..=b'9' | b'O' | b'o' | b'Q')) {
        return None;
    }
    let more = b[digits_at + 1..]
        .iter()
        .take(4)
        .take_while(|c| matches!(c, b'0'..=b'9' | b'O' | b'o' | b'Q' | b'I' | b'l'))
        .count();
    (1..=more).rev().find_map(|n| {
        let digits_end = digits_at + 1 + n;
        let span = |split: Option<char>, end| RefSpan {
            prefix: j..digits_at,
            digits: digits_at..digits_end,
            split,
            end,
        };
        match b.get(digits_end) {
            Some(&l @ b'A'..=b'H') if word_ends_at(text, digits_end + 1) => {
                Some(span(Some(char::from(l)), digits_end + 1))
            }
            _ if word_ends_at(text, digits_end) => Some(span(None, digits_end)),
            _ => None,
        }
    })
}

/// Parses the appendix's bare reference cell: `0024`, `0078`, `007`, `0O53`,
/// or the mixed style `MP088`. `O` alone (a number lost to OCR) gives `None`.
pub fn parse_bare_ref(raw: &str) -> Option<ProposalId> {
    let t = raw
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '.' | ',' | ':' | '!' | '_'));
    if let Some(r) = parse_ref(t) {
        return Some(r.id);
    }
    let (digits, split) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_uppercase() && !matches!(c, 'O' | 'Q' | 'I') && i > 0 => {
            (&t[..i], Some(c))
        }
        _ => (t, None),
    };
    if digits.len() < 2 || digits.len() > 4 || !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let number = ocr_number(digits)?;
    (number > 0 && number < 1000).then_some(ProposalId { number, split })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Text the prefilter turns away holds nothing the regex would find.
        #[test]
        fn the_prefilter_turns_away_only_text_without_refs(t in "[SECMPDOQIl0-9_ a-z]{0,16}") {
            if !may_hold_a_ref(&t) {
                prop_assert!(!REF_RE.is_match(&t), "{:?}", t);
            }
        }
    }

    /// `REF_RE`'s matches, group by group, as [`ref_spans`] gives them.
    fn ref_spans_by_regex(t: &str) -> Vec<RefSpan> {
        REF_RE
            .captures_iter(t)
            .map(|c| RefSpan {
                prefix: c.get(1).unwrap().range(),
                digits: c.get(2).unwrap().range(),
                split: c.get(3).and_then(|m| m.as_str().chars().next()),
                end: c.get(0).unwrap().end(),
            })
            .collect()
    }

    proptest! {
        /// The hand-written scanner finds exactly the regex's matches.
        #[test]
        fn ref_spans_are_the_regexs_matches(t in "(SEC|MP|DP|[SECMPD_ 0-9OoQIlA-Hxé\u{2003}.-]){0,14}") {
            prop_assert_eq!(ref_spans(&t).collect::<Vec<_>>(), ref_spans_by_regex(&t), "{:?}", t);
        }
    }

    proptest! {
        /// And on any text at all.
        #[test]
        fn ref_spans_are_the_regexs_matches_on_any_text(t in "\\PC{0,40}") {
            prop_assert_eq!(ref_spans(&t).collect::<Vec<_>>(), ref_spans_by_regex(&t), "{:?}", t);
        }
    }

    #[test]
    fn ref_spans_table() {
        for t in [
            "SECMP0053 and MP076A, DP084.",
            "SEC MP0053",
            "SEC\u{2003}MP0053",
            "SEC  MP0053",
            "x_MP076",
            "_MP076 __DP084",
            "MP0761x MP0761 MP07612 MP076AB MP076H MP076I",
            "éMP076 MP076é MP076-DP084",
            "MPOO MPQ76 MPO74 SECMP6O010",
            "SECSECMP0053 SECDP084",
        ] {
            assert_eq!(
                ref_spans(t).collect::<Vec<_>>(),
                ref_spans_by_regex(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn the_prefilter_passes_every_family() {
        for t in ["SECMP0053", "SEC MP0053", "MPQ76", "xDP084", "DP"] {
            assert!(may_hold_a_ref(t), "{t:?}");
        }
        for t in ["", "P", "PM", "Secmp0053", "dp084", "M P076"] {
            assert!(!may_hold_a_ref(t), "{t:?}");
        }
    }

    fn id(number: u32) -> ProposalId {
        ProposalId {
            number,
            split: None,
        }
    }

    #[test]
    fn printed_and_ocr_refs_normalise() {
        for (raw, number, want) in [
            ("SECMP0053", 53, "SECMP0053"),
            ("SECMPO053", 53, "SECMP0053"),
            ("SECMPO0053", 53, "SECMP0053"),
            ("SECMP6O010", 10, "SECMP0010"),
            ("SECMP0069", 69, "SECMP0069"),
            ("MPQ76", 76, "MP076"),
            ("MPO74", 74, "MP074"),
            ("MPO076", 76, "MP076"),
            ("MP071", 71, "MP071"),
            ("DPO080", 80, "DP080"),
            ("DP084", 84, "DP084"),
            ("DPO88", 88, "DP088"),
            ("MP301", 301, "MP301"),
            ("MP12345", 12345, "MP12345"),
            ("DP10001", 10001, "DP10001"),
        ] {
            let got = parse_ref(raw).unwrap_or_else(|| panic!("{raw:?} did not parse"));
            assert_eq!(got.id, id(number), "{raw:?}");
            assert_eq!(got.to_string(), want, "{raw:?}");
        }
    }

    #[test]
    fn split_letter_is_kept() {
        let got = parse_ref("MP085A").unwrap();
        assert_eq!(
            got.id,
            ProposalId {
                number: 85,
                split: Some('A')
            }
        );
        assert_eq!(got.id.key(), "85A");
        assert_eq!(got.to_string(), "MP085A");
    }

    #[test]
    fn not_refs() {
        for raw in ["SECMP#", "MPOO", "DP", "SMETS2", "MP0", "Page 3", "SECMPx"] {
            assert!(parse_ref(raw).is_none(), "{raw:?}");
        }
    }

    #[test]
    fn refs_are_found_in_ocr_lines() {
        let line = "e¢ —SECMPO0062 ‘Northbound’ and © _SECMP0007. and MPQ76’s";
        let got: Vec<_> = find_refs(line)
            .into_iter()
            .map(|m| (m.raw.clone(), m.id().number))
            .collect();
        assert_eq!(
            got,
            vec![
                ("SECMPO0062".to_string(), 62),
                ("SECMP0007".to_string(), 7),
                ("MPQ76".to_string(), 76)
            ]
        );
    }

    #[test]
    fn appendix_bare_refs() {
        for (raw, want) in [
            ("0024", Some(24)),
            ("0078", Some(78)),
            ("007", Some(7)),
            ("0O53", Some(53)),
            ("0010.", Some(10)),
            ("|0023", Some(23)),
            ("MP088", Some(88)),
            ("O", None),
            ("", None),
            ("Title", None),
            ("2019", None),
        ] {
            assert_eq!(parse_bare_ref(raw).map(|i| i.number), want, "{raw:?}");
        }
    }
}
