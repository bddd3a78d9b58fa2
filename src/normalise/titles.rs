//! Titles: quotes, bullets and wrapped lines.
//!
//! - `‘Allow DNOs to control Electric Vehicle chargers connected to Smart Meter` +
//!   `infrastructure’` → one line, outer quotes gone
//! - inner curly quotes become straight: `remove ‘Pending’ devices` → `remove 'Pending' devices`
//! - stray trailing quotes (`Certificates'`) and OCR dots inside words are dropped

/// Joins wrapped lines: a line ending in a hyphen after a letter joins without a space.
pub fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let hyphen =
            out.ends_with('-') && out[..out.len() - 1].ends_with(|c: char| c.is_alphabetic());
        if out.is_empty() || hyphen {
            out.push_str(p);
        } else {
            out.push(' ');
            out.push_str(p);
        }
    }
    out
}

/// Is this an opening or closing quote mark (straight, curly, or an OCR stand-in)?
pub fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '"' | '“' | '”' | '`' | '´' | '„')
}

/// Cleans a title: trims, drops the quotes that enclose it, makes inner
/// curly quotes straight, and collapses whitespace.
pub fn clean_title(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
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
    t.chars()
        .map(|c| match c {
            '‘' | '’' | '`' | '´' => '\'',
            '“' | '”' | '„' => '"',
            c => c,
        })
        .collect()
}

/// Folds text for comparison: lower case letters and digits, single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// How alike two strings are after folding, from 0 to 1 (1 − edit distance / length).
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of_folded(&fold(a), &fold(b))
}

/// [`similarity`] of two strings already folded.
pub fn similarity_of_folded(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // bail out cheaply on very different lengths
    if a.len().abs_diff(b.len()) * 2 > longest {
        return 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

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
