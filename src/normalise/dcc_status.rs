//! A DCC status cell as a clean category for pivots.
//!
//! In: the appendix's status cell as printed (`Awaiting Implementation.
//! 27/02/2020`, `On hold.`, `Awaiting implementation – Awaiting
//! implementation in Nov'19 release`). Out: [`DccStatus`]: the category,
//! lower case, without the printed date, trailing punctuation or a phrase
//! repeated after a dash (`awaiting implementation`), and the date the cell
//! printed, if any (`2020-02-27`).

use super::dates::{find_dates, DateContext};
use chrono::NaiveDate;

/// A DCC status cell, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DccStatus {
    /// The clean category (`awaiting implementation`), empty when the cell is.
    pub category: String,
    /// The date the cell printed, if any.
    pub date: Option<NaiveDate>,
}

/// Words a removed date leaves dangling at the end (`implemented on`).
const DANGLING: [&str; 5] = ["on", "in", "by", "from", "for"];

/// Dashes that join a status to its elaboration (`awaiting implementation – …`).
const DASHES: [&str; 3] = [" - ", " – ", " — "];

/// Reads a DCC status cell into its category and date.
pub fn parse_dcc_status(raw: &str) -> DccStatus {
    let dates = find_dates(raw, DateContext::default());
    let mut text = raw.to_string();
    for d in dates.iter().rev() {
        text.replace_range(d.start..d.end, " ");
    }
    let text = text.to_lowercase();
    let text = collapse(&text).replace("( )", " ").replace("()", " ");
    let text = drop_repeated_phrase(&collapse(&text));
    DccStatus {
        category: trim_tail(&text),
        date: dates.first().map(|d| d.date),
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `X – X in nov'19 release` → `X`: the part after a dash that only
/// repeats the part before it with more detail is dropped.
fn drop_repeated_phrase(s: &str) -> String {
    for dash in DASHES {
        if let Some((head, tail)) = s.split_once(dash) {
            let head = trim_tail(head);
            if !head.is_empty() && tail.trim_start().starts_with(&head) {
                return head;
            }
        }
    }
    s.to_string()
}

/// Trailing punctuation, dashes and words a removed date left dangling go.
fn trim_tail(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t;
        t = t
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '-' | '–' | '—')
            })
            .trim_end();
        for w in DANGLING {
            if let Some(rest) = t.strip_suffix(w) {
                if rest.ends_with(' ') {
                    t = rest.trim_end();
                }
            }
        }
        if t == before {
            return t.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_cells_read_into_clean_categories_and_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        for (raw, category, date) in [
            (
                "Awaiting Implementation. 27/02/2020",
                "awaiting implementation",
                d(2020, 2, 27),
            ),
            (
                "awaiting implementation 07/11/2019",
                "awaiting implementation",
                d(2019, 11, 7),
            ),
            (
                "Awaiting implementation – Awaiting implementation in Nov'19 release",
                "awaiting implementation",
                None,
            ),
            ("On hold.", "on hold", None),
            ("Accepted - Implemented", "accepted - implemented", None),
            ("Implemented on 5 June 2020", "implemented", d(2020, 6, 5)),
            ("PA in progress", "pa in progress", None),
            (
                "No outstanding assessment request",
                "no outstanding assessment request",
                None,
            ),
            (
                "Awaiting Change Board decision.",
                "awaiting change board decision",
                None,
            ),
            ("SECMP withdrawn", "secmp withdrawn", None),
            (
                "Awaiting implementation (27/02/2020)",
                "awaiting implementation",
                d(2020, 2, 27),
            ),
            ("On hold (pending DCC)", "on hold (pending dcc)", None),
            ("", "", None),
            ("  .  ", "", None),
        ] {
            let got = parse_dcc_status(raw);
            assert_eq!(
                (got.category.as_str(), got.date),
                (category, date),
                "{raw:?}"
            );
        }
    }
}
