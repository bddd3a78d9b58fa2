//! The quoted title that follows a reference: `MP076 ‘Pursuing Non-Payment in Events of Default’`.
//!
//! Curly quotes nest (`‘Amend ... remove ‘Pending’ devices from SMI’`); a
//! straight quote closes when a non-letter follows it; OCR's stray or
//! mismatched quotes (`‘...Certificates'`, `“...infrastructure’`) still close.

use crate::normalise::titles::is_quote;

/// Characters OCR leaves between a reference and its opening quote.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';' | '_' | '-' | '–' | '—' | '*' | '|')
}

/// Left (opening) quote marks.
fn is_left(c: char) -> bool {
    matches!(c, '‘' | '“' | '„')
}

/// Right (closing) quote marks.
fn is_right(c: char) -> bool {
    matches!(c, '’' | '”' | '´')
}

/// The quoted text right after byte `pos` of `text`: `(title, end)` where
/// `end` is the byte offset just past the closing quote (or the text's end).
pub fn quoted_after(text: &str, pos: usize) -> Option<(String, usize)> {
    let rest = &text[pos..];
    let skipped = rest.len() - rest.trim_start_matches(is_gap).len();
    let open_at = pos + skipped;
    let open = text[open_at..].chars().next()?;
    if !is_quote(open)
        || is_right(open) && text[open_at + open.len_utf8()..].starts_with(char::is_whitespace)
    {
        return None;
    }
    let body_start = open_at + open.len_utf8();
    let mut depth = 1i32;
    let mut chars = text[body_start..].char_indices().peekable();
    let mut prev: char = ' ';
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let next_is_letter = next.is_some_and(char::is_alphanumeric);
        if is_left(c) {
            depth += 1;
        } else if is_right(c)
            || ((c == '\'' || c == '"' || c == '`') && !(prev.is_alphanumeric() && next_is_letter))
        {
            let closes = !next_is_letter || is_right(c) && next.is_none();
            let opens = (c == '\'' || c == '"') && !prev.is_alphanumeric() && next_is_letter;
            if opens {
                depth += 1;
            } else if closes {
                depth -= 1;
            }
            if depth == 0 {
                let end = body_start + i + c.len_utf8();
                return Some((text[body_start..body_start + i].to_string(), end));
            }
        }
        prev = c;
    }
    // unclosed: end at the last closing quote, else before a verb phrase, else take everything
    let body = &text[body_start..];
    let last_right = body.char_indices().rev().find(|&(i, c)| {
        is_right(c) && !body[i + c.len_utf8()..].starts_with(char::is_alphanumeric)
    });
    if let Some((i, c)) = last_right {
        return Some((body[..i].to_string(), body_start + i + c.len_utf8()));
    }
    let cut = [" was ", " is to be ", " were ", " has been "]
        .iter()
        .filter_map(|w| body.find(w))
        .min();
    let end = cut.map_or(text.len(), |c| body_start + c);
    Some((text[body_start..end].to_string(), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> Option<String> {
        let pos = text.find(' ').unwrap_or(0);
        quoted_after(text, pos).map(|(t, _)| t)
    }

    #[test]
    fn quoted_titles() {
        for (raw, want) in [
            (
                "MP076 ‘Pursuing Non-Payment in Events of Default’ was recommended",
                Some("Pursuing Non-Payment in Events of Default"),
            ),
            (
                "SECMP0060 ‘Amend Requirements to remove ‘Pending’ devices from SMI’",
                Some("Amend Requirements to remove ‘Pending’ devices from SMI"),
            ),
            (
                "MPO74 ‘Clarity on Obtaining SMKI Device Certificates'",
                Some("Clarity on Obtaining SMKI Device Certificates"),
            ),
            (
                "SECMPO046 “Allow DNOs to control Smart Meter infrastructure’",
                Some("Allow DNOs to control Smart Meter infrastructure"),
            ),
            (
                "SECMP0007. ‘Firmware updates.to. IHDs and:PPMIDs’",
                Some("Firmware updates.to. IHDs and:PPMIDs"),
            ),
            (
                "DP084 ‘Other User Panel Seating Amendment’ was raised by the Energy",
                Some("Other User Panel Seating Amendment"),
            ),
            (
                "MP074 ‘Clarity on Obtaining SMKI Device ‘Certificates’",
                Some("Clarity on Obtaining SMKI Device ‘Certificates"),
            ),
            (
                "MP074 ‘Clarity ‘Certificates’ On 17 October",
                Some("Clarity ‘Certificates"),
            ),
            (
                "DP084 'Panel’s Seating' was raised",
                Some("Panel’s Seating"),
            ),
            ("DP084 was raised", None),
            ("DP084", None),
        ] {
            assert_eq!(title(raw).as_deref(), want, "{raw:?}");
        }
    }
}
