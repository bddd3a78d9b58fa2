//! Dates as the reports print them, and as OCR damages them.
//!
//! The reports are British: slash dates are day first.
//! - `4 October 2019`, `10 September 2019` (long form)
//! - `30 Jul 19`, `5Jun 19`, `30Jul19`, `18 Oct'19`, `2 May. 19`, `17-May 19`, `4 Jui 19` (short form)
//! - `05/07/2019`, and with a lost separator `03/012019`, `2607/2019`, `0111/2018`
//! - `week commencing 14 October` (no year: the report's year)
//! - working days: `40 WD`, `40.WD`, `40WD`

use super::ascii::{is_space, is_word_byte};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// What a date with no year of its own is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateContext {
    /// The report's own date, when known: gives the year of `14 October`.
    pub report: Option<NaiveDate>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The months' full names, for telling a month from a word that starts like one.
const FULL: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The English name of a month as printed, whole or its first three
/// letters or more (`Apr`, `April`, `Sept`; no OCR damage, unlike
/// [`parse_month`]).
pub fn is_month_name(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    w.len() >= 3 && FULL.iter().any(|m| m.starts_with(&w))
}

/// Reads a month name or its OCR-damaged abbreviation (`Jui` → July, `0ct` → October).
pub fn parse_month(word: &str) -> Option<u32> {
    let w: String = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            '0' => 'o',
            '1' | 'i' | 'I' | '|' => 'l',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if w.len() < 3 {
        return None;
    }
    // not a month when its first three bytes are not three characters (`㬀x`)
    let head = w.get(..3)?;
    // after mapping i→l, "jun" and "jul" stay apart; "apr"/"ap1" both end in r
    let idx = MONTHS.iter().position(|m| *m == head).or(match head {
        "jul" | "jui" => Some(6),
        "aqr" => Some(3),
        "mav" => Some(4),
        "sen" => Some(8),
        "oci" | "oet" => Some(9),
        "noy" => Some(10),
        "dee" => Some(11),
        _ => None,
    })?;
    // a full name must be that month's name (rejects "Marketing", "Decision")
    let plain: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let near = plain.len() == FULL[idx].len()
        && plain
            .chars()
            .zip(FULL[idx].chars())
            .filter(|(a, b)| a != b)
            .count()
            <= 1;
    if plain.len() > 4
        && !FULL[idx].starts_with(&plain)
        && !FULL[idx].starts_with(&w)
        && !near
        && plain != "sept"
    {
        return None;
    }
    Some(idx as u32 + 1)
}

static SLASH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$").expect("slash regex")
});
static SLASH_LOST_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{2})/?(\d{2})/?(\d{4})$").expect("lost-slash regex"));
static TEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-.':]*([A-Za-z|01][A-Za-z|]{2,8})[\s.,'’\-]*(\d{4}|\d{2})?$")
        .expect("text-date regex")
});

/// [`SLASH_RE`]'s day, month and year of ASCII text, read without the
/// regex (most dates in a report are `dd/mm/yyyy`): 1–2 digits, a
/// separator, 1–2 digits, a separator, 4 or 2 digits, nothing else.
fn ascii_slash_parts(t: &str) -> Option<[&str; 3]> {
    let digits_at = |from: usize| {
        from + t.as_bytes()[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let is_separator = |i: usize| matches!(t.as_bytes().get(i), Some(b'/' | b'.' | b'-'));
    let day_end = digits_at(0);
    if !(1..=2).contains(&day_end) || !is_separator(day_end) {
        return None;
    }
    let month_end = digits_at(day_end + 1);
    if !(1..=2).contains(&(month_end - day_end - 1)) || !is_separator(month_end) {
        return None;
    }
    let year_end = digits_at(month_end + 1);
    let year_len = year_end - month_end - 1;
    if year_end != t.len() || !matches!(year_len, 2 | 4) {
        return None;
    }
    Some([
        &t[..day_end],
        &t[day_end + 1..month_end],
        &t[month_end + 1..],
    ])
}

/// [`SLASH_LOST_RE`]'s day, month and year of ASCII text, read without the
/// regex: 2 digits, an optional `/`, 2 digits, an optional `/`, 4 digits.
fn ascii_lost_slash_parts(t: &str) -> Option<[&str; 3]> {
    let b = t.as_bytes();
    let digits = |at: usize, n: usize| {
        b.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            .then(|| &t[at..at + n])
    };
    let slash = |at: usize| usize::from(b.get(at) == Some(&b'/'));
    let day = digits(0, 2)?;
    let month_at = 2 + slash(2);
    let month = digits(month_at, 2)?;
    let year_at = month_at + 2 + slash(month_at + 2);
    let year = digits(year_at, 4)?;
    (year_at + 4 == t.len()).then_some([day, month, year])
}

/// [`TEXT_RE`]'s day, month word and year of ASCII text, read without the
/// regex, trying what it tries in its order: a two-digit day before a
/// one-digit one, an ordinal suffix before none; the separators, the month
/// word (a letter, `|`, `0` or `1`, then 2–8 letters or `|`), the
/// separators and year (4 or 2 digits, or none) after each choice are then
/// fixed, as no two of those parts share a character.
fn ascii_text_date_parts(t: &str) -> Option<(&str, &str, Option<&str>)> {
    let b = t.as_bytes();
    let run = |from: usize, class: &dyn Fn(u8) -> bool| {
        from + b[from.min(b.len())..]
            .iter()
            .take_while(|&&c| class(c))
            .count()
    };
    let is_month_char = |c: u8| c.is_ascii_alphabetic() || c == b'|';
    for day_len in [2, 1] {
        if !b
            .get(..day_len)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            continue;
        }
        let has_suffix = b
            .get(day_len..day_len + 2)
            .is_some_and(|s| matches!(s, b"st" | b"nd" | b"rd" | b"th"));
        let suffixes: &[usize] = if has_suffix { &[2, 0] } else { &[0] };
        for &suffix in suffixes {
            let month_at = run(day_len + suffix, &|c| is_space(c) || b"-.':".contains(&c));
            let first = b.get(month_at).copied();
            if !first.is_some_and(|c| is_month_char(c) || c == b'0' || c == b'1') {
                continue;
            }
            let month_end = run(month_at + 1, &is_month_char);
            if !(2..=8).contains(&(month_end - month_at - 1)) {
                continue;
            }
            let year_at = run(month_end, &|c| is_space(c) || b".,'-".contains(&c));
            let year = &t[year_at..];
            if !year.bytes().all(|c| c.is_ascii_digit()) || !matches!(year.len(), 0 | 2 | 4) {
                continue;
            }
            let year = (!year.is_empty()).then_some(year);
            return Some((&t[..day_len], &t[month_at..month_end], year));
        }
    }
    None
}

/// Expands a two-digit year (`19` → 2019).
fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(if y.len() == 2 { 2000 + n } else { n })
}

/// Parses one date as printed; `None` when it is not a date.
pub fn parse_date(raw: &str, ctx: DateContext) -> Option<NaiveDate> {
    let t = raw.trim().trim_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ':' | ';' | '|' | '(' | ')' | '!' | '’' | '\''
        )
    });
    let t = t.strip_prefix("week commencing ").unwrap_or(t);
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None; // every form starts with its day, and only ASCII digits parse as one
    }
    if t.is_ascii() {
        if let Some([d, m, y]) = ascii_slash_parts(t) {
            return NaiveDate::from_ymd_opt(full_year(y)?, m.parse().ok()?, d.parse().ok()?);
        }
    } else if let Some(c) = SLASH_RE.captures(t) {
        return NaiveDate::from_ymd_opt(full_year(&c[3])?, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    let lost_slash = if t.is_ascii() {
        ascii_lost_slash_parts(t)
    } else {
        SLASH_LOST_RE
            .captures(t)
            .map(|c| [1, 2, 3].map(|i| c.get(i).map_or("", |m| m.as_str())))
    };
    if let Some([d, m, y]) = lost_slash {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let (day, month, year) = if t.is_ascii() {
        ascii_text_date_parts(t)?
    } else {
        let c = TEXT_RE.captures(t)?;
        let part = |i| c.get(i).map(|m: regex::Match<'_>| m.as_str());
        (part(1)?, part(2)?, part(3))
    };
    let day: u32 = day.parse().ok()?;
    let month = parse_month(month)?;
    let year = match year {
        Some(y) => full_year(y)?,
        None => year_near(ctx.report?, month),
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The year of a month named without one: the report's year, or the next
/// year when the month is much earlier than the report's (a December report
/// naming "week commencing 6 January").
fn year_near(report: NaiveDate, month: u32) -> i32 {
    use chrono::Datelike;
    if month + 6 < report.month() {
        report.year() + 1
    } else {
        report.year()
    }
}

static FIND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b
      | \b\d{2}/\d{6}\b | \b\d{4}/\d{4}\b
      | \b\d{1,2}(?:st|nd|rd|th)?[\s\-.:]*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Jui|Aug|Sep|Oct|0ct|Nov|Dec)[a-z]*[\s.,'’\-]*(?:\d{4}|\d{2}\b)?
    ",
    )
    .expect("find-date regex")
});

/// A date found inside running text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the date in the text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The date.
    pub date: NaiveDate,
}

/// Finds every date in running text (`held on 6 November 2019 and ...`).
pub fn find_dates(text: &str, ctx: DateContext) -> Vec<DateMatch> {
    date_matches(text, ctx).collect()
}

/// [`find_dates`] one at a time, so a caller that wants only the first
/// date reads no further.
pub fn date_matches(text: &str, ctx: DateContext) -> impl Iterator<Item = DateMatch> + '_ {
    // every date opens with an ASCII digit (parse_date reads no other)
    let may_hold = text.bytes().any(|b| b.is_ascii_digit());
    let found = may_hold.then(|| FIND_RE.find_iter(text));
    found.into_iter().flatten().filter_map(move |m| {
        let s = m.as_str().trim_end();
        parse_date(s, ctx).map(|date| DateMatch {
            start: m.start(),
            end: m.start() + s.len(),
            date,
        })
    })
}

static WD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\s*[.,]?\s*[Ww][Dd]\b").expect("wd regex"));

/// Parses a working-days cell: `40 WD`, `40.WD`, `40WD`, OCR's `40 wD` → 40.
pub fn parse_working_days(raw: &str) -> Option<u32> {
    let t = raw.trim();
    if !t.is_ascii() {
        return WD_RE.captures(t).and_then(|c| c[1].parse().ok());
    }
    ascii_working_days(t)?.parse().ok()
}

/// [`WD_RE`]'s number of ASCII text, read without the regex: 1–4 digits,
/// spaces, at most one `.` or `,`, spaces, `WD` in any case, a word's end.
fn ascii_working_days(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let spaces = |at: usize| b[at..].iter().take_while(|&&c| is_space(c)).count();
    let mut at = digits;
    at += spaces(at);
    if matches!(b.get(at), Some(b'.' | b',')) {
        at += 1;
    }
    at += spaces(at);
    let wd = b
        .get(at..at + 2)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"wd"));
    let ends = b.get(at + 2).map_or(true, |&c| !is_word_byte(c));
    (wd && ends).then(|| &t[..digits])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The hand-written reading of `dd/mm/yyyy` finds what [`SLASH_RE`] does.
        #[test]
        fn slash_parts_read_what_the_regex_reads(t in "[0-9/.\\-]{0,11}|[0-9]{1,3}[/.-][0-9]{1,3}[/.-][0-9]{1,5}x?") {
            let by_regex = SLASH_RE
                .captures(&t)
                .map(|c| [c[1].to_string(), c[2].to_string(), c[3].to_string()]);
            let by_hand = ascii_slash_parts(&t).map(|p| p.map(str::to_string));
            prop_assert_eq!(by_hand, by_regex);
        }
    }

    proptest! {
        /// The hand-written reading of a working-days cell finds what [`WD_RE`] does.
        #[test]
        fn working_days_read_what_the_regex_reads(t in "[0-9]{0,5}[ .,]{0,3}[wWdD]{0,3}[ a_.]{0,2}") {
            let by_regex = WD_RE.captures(&t).map(|c| c[1].to_string());
            prop_assert_eq!(ascii_working_days(&t).map(str::to_string), by_regex);
        }
    }

    proptest! {
        /// The hand-written readings of `ddmmyyyy` and `6 November 2019` find the regexes' groups.
        #[test]
        fn text_dates_read_what_the_regexes_read(
            t in "[0-9]{0,3}(st|nd|th|s)?[ .:'/-]{0,2}(0ct|1an|Oct|October|Sept|Septembers|Jun|J|[a-z|]{0,4})[ .,'/-]{0,2}[0-9]{0,5}"
        ) {
            let lost = SLASH_LOST_RE
                .captures(&t)
                .map(|c| [1, 2, 3].map(|i| c[i].to_string()));
            prop_assert_eq!(ascii_lost_slash_parts(&t).map(|p| p.map(str::to_string)), lost);
            let text = TEXT_RE.captures(&t).map(|c| {
                (c[1].to_string(), c[2].to_string(), c.get(3).map(|m| m.as_str().to_string()))
            });
            let by_hand = ascii_text_date_parts(&t)
                .map(|(d, m, y)| (d.to_string(), m.to_string(), y.map(str::to_string)));
            prop_assert_eq!(by_hand, text, "{:?}", t);
        }
    }

    proptest! {
        /// Every hand-written date reader agrees with its regex on any ASCII text.
        #[test]
        fn date_readers_agree_on_any_ascii(t in "[ -~]{0,16}") {
            let slash = SLASH_RE.captures(&t).map(|c| [1, 2, 3].map(|i| c[i].to_string()));
            prop_assert_eq!(ascii_slash_parts(&t).map(|p| p.map(str::to_string)), slash);
            let lost = SLASH_LOST_RE.captures(&t).map(|c| [1, 2, 3].map(|i| c[i].to_string()));
            prop_assert_eq!(ascii_lost_slash_parts(&t).map(|p| p.map(str::to_string)), lost);
            let text = TEXT_RE.captures(&t).map(|c| {
                (c[1].to_string(), c[2].to_string(), c.get(3).map(|m| m.as_str().to_string()))
            });
            let by_hand = ascii_text_date_parts(&t)
                .map(|(d, m, y)| (d.to_string(), m.to_string(), y.map(str::to_string)));
            prop_assert_eq!(by_hand, text);
            let wd = WD_RE.captures(&t).map(|c| c[1].to_string());
            prop_assert_eq!(ascii_working_days(&t).map(str::to_string), wd);
        }
    }

    #[test]
    fn text_date_parts_table() {
        for t in [
            "6 November 2019",
            "1st Oct 19",
            "10ct 2019",
            "1stOctober 2019",
            "12 0ct. 2019",
            "3 Sept",
            "30-Jun-19",
            "4th Nov' 19",
            "123 Oct 2019",
            "4 Oc 2019",
            "4 Octoberrrr",
            "4 Oct 201",
            "4 Oct 2019x",
            "4 |an 2019",
            "11 1an 2019",
            "1 st",
            "1stst",
            "01102019",
            "01/10/2019",
            "0110/2019",
            "011/02019",
        ] {
            let text = TEXT_RE.captures(t).map(|c| {
                (
                    c[1].to_string(),
                    c[2].to_string(),
                    c.get(3).map(|m| m.as_str().to_string()),
                )
            });
            let by_hand = ascii_text_date_parts(t)
                .map(|(d, m, y)| (d.to_string(), m.to_string(), y.map(str::to_string)));
            assert_eq!(by_hand, text, "{t:?}");
            let lost = SLASH_LOST_RE
                .captures(t)
                .map(|c| [1, 2, 3].map(|i| c[i].to_string()));
            assert_eq!(
                ascii_lost_slash_parts(t).map(|p| p.map(str::to_string)),
                lost,
                "{t:?}"
            );
        }
    }

    #[test]
    fn slash_parts_table() {
        for (t, want) in [
            ("04/10/2019", Some(["04", "10", "2019"])),
            ("4.1.19", Some(["4", "1", "19"])),
            ("4-10-2019", Some(["4", "10", "2019"])),
            ("123/10/2019", None),
            ("04/10/201", None),
            ("04/10/20199", None),
            ("04//2019", None),
            ("04/10/2019x", None),
            ("", None),
        ] {
            assert_eq!(ascii_slash_parts(t), want, "{t:?}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_printed_form_parses() {
        let ctx = DateContext {
            report: d(2019, 10, 4),
        };
        for (raw, want) in [
            ("4 October 2019", d(2019, 10, 4)),
            ("10 September 2019", d(2019, 9, 10)),
            ("30 Jul 19", d(2019, 7, 30)),
            ("5Jun 19", d(2019, 6, 5)),
            ("30Jul19", d(2019, 7, 30)),
            ("18 Oct'19", d(2019, 10, 18)),
            ("2 May. 19", d(2019, 5, 2)),
            ("17-May 19", d(2019, 5, 17)),
            ("4 Jui 19", d(2019, 7, 4)),
            ("18 Oct.19", d(2019, 10, 18)),
            ("05/07/2019", d(2019, 7, 5)),
            ("03/012019", d(2019, 1, 3)),
            ("2607/2019", d(2019, 7, 26)),
            ("0111/2018", d(2018, 11, 1)),
            ("23/042019.", d(2019, 4, 23)),
            ("week commencing 14 October", d(2019, 10, 14)),
            ("1st November 2019", d(2019, 11, 1)),
            ("24 Sept 2019", d(2019, 9, 24)),
            ("17. December 2019", d(2019, 12, 17)),
            ("16: October 2019", d(2019, 10, 16)),
            ("24.November 2019", d(2019, 11, 24)),
        ] {
            assert_eq!(parse_date(raw, ctx), want, "{raw:?}");
        }
    }

    #[test]
    fn slash_dates_are_day_first() {
        assert_eq!(
            parse_date("05/07/2019", DateContext::default()),
            d(2019, 7, 5)
        );
    }

    #[test]
    fn not_dates() {
        let ctx = DateContext {
            report: d(2019, 10, 4),
        };
        for raw in [
            "N/A",
            "",
            "40 WD",
            "2019/20",
            "31/02/2019",
            "14 October",
            "Marketing",
            "5 Decisions 2019",
        ] {
            let c = if raw == "14 October" {
                DateContext::default()
            } else {
                ctx
            };
            assert_eq!(parse_date(raw, c), None, "{raw:?}");
        }
    }

    #[test]
    fn year_less_dates_take_the_report_year() {
        let dec = DateContext {
            report: d(2019, 12, 5),
        };
        assert_eq!(parse_date("6 January", dec), d(2020, 1, 6));
        assert_eq!(parse_date("16 December", dec), d(2019, 12, 16));
    }

    #[test]
    fn dates_are_found_in_sentences() {
        let ctx = DateContext {
            report: d(2019, 11, 8),
        };
        let s = "issued on 16 October 2019 and closes on 13 November 2019: see 05/07/2019";
        let got: Vec<_> = find_dates(s, ctx).into_iter().map(|m| m.date).collect();
        assert_eq!(
            got,
            vec![
                d(2019, 10, 16).unwrap(),
                d(2019, 11, 13).unwrap(),
                d(2019, 7, 5).unwrap()
            ]
        );
    }

    #[test]
    fn working_days() {
        for (raw, want) in [
            ("40 WD", Some(40)),
            ("40.WD", Some(40)),
            ("40WD", Some(40)),
            ("15 WD.", Some(15)),
            ("20 wD", Some(20)),
            ("N/A", None),
            ("WD", None),
        ] {
            assert_eq!(parse_working_days(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn month_names() {
        for (raw, want) in [
            ("Jan", Some(1)),
            ("Jui", Some(7)),
            ("0ct", Some(10)),
            ("September", Some(9)),
            ("Sept", Some(9)),
            ("April", Some(4)),
            ("Aprii", Some(4)),
            ("Decision", None),
            // found by the pdf fuzz target: the third byte inside a character
            ("ja㬀", None),
            ("a㬀bc", None),
            ("Déc", None),
        ] {
            assert_eq!(parse_month(raw), want, "{raw:?}");
        }
    }
}
