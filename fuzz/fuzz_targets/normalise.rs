//! Any text through every normaliser, with invariants: references and dates
//! found inside text lie on character boundaries, in order, and read back as
//! what was found; a reference prints as a string that parses back to it;
//! cleaned titles are trimmed with single spaces; folding is idempotent;
//! similarities lie in 0..=1. A panic or a broken invariant is a crash.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use modledger::model::Reference;
use modledger::normalise::dates::{
    find_dates, is_month_name, parse_date, parse_month, parse_working_days, DateContext,
};
use modledger::normalise::dcc_status::parse_dcc_status;
use modledger::normalise::ids::{find_refs, parse_bare_ref, parse_ref};
use modledger::normalise::shape::{garbled_title, looks_like_formula, non_letter_share};
use modledger::normalise::titles::{clean_title, fold, similarity, similarity_at_least};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    check_refs(&text);
    check_dates(&text);
    check_titles(a, b);
    let _ = parse_working_days(&text);
    for word in text.split_whitespace() {
        if let Some(m) = parse_month(word) {
            assert!((1..=12).contains(&m), "{word:?} → month {m}");
        }
        let _ = is_month_name(word);
    }
    let _ = parse_dcc_status(&text);
    let _ = parse_bare_ref(&text);
    let _ = looks_like_formula(&text);
    let share = non_letter_share(&text);
    assert!((0.0..=1.0).contains(&share) || text.is_empty(), "non_letter_share {share}");
    let _ = garbled_title(&text, |w| w.len() > 3);
});

fn check_refs(text: &str) {
    let mut last_end = 0;
    for m in find_refs(text) {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(m.start >= last_end, "overlapping matches {m:?}");
        assert_eq!(&text[m.start..m.end], m.raw, "raw is the matched text");
        last_end = m.end;
        round_trip(&m.reference);
    }
    if let Some(r) = parse_ref(text) {
        round_trip(&r);
    }
}

fn round_trip(r: &Reference) {
    let printed = r.to_string();
    let back: Reference = printed.parse().unwrap_or_else(|e| panic!("{printed:?}: {e:?}"));
    assert_eq!(back.id, r.id, "{printed:?} reads back as another proposal");
}

fn check_dates(text: &str) {
    let ctx = DateContext { report: NaiveDate::from_ymd_opt(2021, 4, 1) };
    let mut last_end = 0;
    for m in find_dates(text, ctx) {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(m.start >= last_end, "overlapping dates {m:?}");
        assert_eq!(parse_date(&text[m.start..m.end], ctx), Some(m.date), "{m:?} reads back");
        last_end = m.end;
    }
    let _ = parse_date(text, DateContext::default());
}

fn check_titles(a: &str, b: &str) {
    for t in [clean_title(a), clean_title(b)] {
        assert_eq!(t.trim(), t, "cleaned title is trimmed");
        assert!(!t.contains("  "), "cleaned title has single spaces: {t:?}");
    }
    let f = fold(a);
    assert_eq!(fold(&f), f, "fold is idempotent");
    let s = similarity(a, b);
    assert!((0.0..=1.0).contains(&s), "similarity {s}");
    if let Some(s) = similarity_at_least(a, b, 0.5) {
        assert!((0.5..=1.0).contains(&s), "similarity_at_least {s}");
    }
}
