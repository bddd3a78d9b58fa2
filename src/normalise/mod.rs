//! Stage 5: normalise what the parsers found as text: references, dates,
//! working days, assessment types and titles. Each grammar piece is one
//! function with a table-driven test of the real OCR forms.

pub mod ascii;
pub mod dates;
pub mod dcc_status;
pub mod ids;
pub mod shape;
pub mod titles;

pub use dates::{parse_date, parse_working_days, DateContext};
pub use dcc_status::{parse_dcc_status, DccStatus};
pub use ids::{find_refs, parse_bare_ref, parse_ref, RefMatch};
pub use titles::{clean_title, fold, similarity};

/// Reads an assessment type cell: `PA`, `IA`, and OCR's `1A`, `lA`, `|A`.
pub fn parse_assessment_type(raw: &str) -> Option<crate::model::AssessmentType> {
    use crate::model::AssessmentType;
    // every form read below holds an `A` (filtering drops none)
    memchr::memchr(b'A', raw.as_bytes())?;
    let t: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ':' | ';'))
        .collect();
    let read = |t: &str| match t {
        "PA" | "P A" | "PA." => Some(AssessmentType::Pa),
        "IA" | "1A" | "lA" | "|A" | "!A" | "IA." | "TA" => Some(AssessmentType::Ia),
        _ => None,
    };
    // a table rule OCR glued before the cell (`|.PA`, `[PA`)
    read(&t).or_else(|| read(t.trim_start_matches(['|', '[', '(', '!', '\''])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AssessmentType;

    #[test]
    fn assessment_types_read_through_ocr() {
        for (raw, want) in [
            ("PA", Some(AssessmentType::Pa)),
            ("IA", Some(AssessmentType::Ia)),
            ("1A", Some(AssessmentType::Ia)),
            ("lA", Some(AssessmentType::Ia)),
            ("|A", Some(AssessmentType::Ia)),
            ("PA.", Some(AssessmentType::Pa)),
            ("|.PA", Some(AssessmentType::Pa)),
            ("[PA", Some(AssessmentType::Pa)),
            ("|IA", Some(AssessmentType::Ia)),
            ("P A", Some(AssessmentType::Pa)),
            ("TA", Some(AssessmentType::Ia)),
            ("pa", None),
            ("Pa", None),
            ("Assessment", None),
            ("WD", None),
            ("", None),
        ] {
            assert_eq!(parse_assessment_type(raw), want, "{raw:?}");
        }
    }
}
