//! Stage 6: reconcile — files into monthly reports, evidence inside one
//! report and across months.
//!
//! In: the [`Part`]s of every file read. Out: one [`Report`] per month,
//! sorted by date, with unreadable references repaired where evidence
//! allows, and orphan diagnostics for files that fit no month.
//!
//! - Files of the same month join one report ([`merge`]): the report part
//!   and the appendix part may come from different files; the same part
//!   from two files (a PDF and its OCR text) is read once, the better
//!   reading kept, a warning naming both.
//! - A reference damaged past reading (`O`) is repaired from the same
//!   report's evidence, else from other months' ([`repair`]); an appendix
//!   title OCR destroyed takes the report's clean title. Each repair is a
//!   diagnostic.
//! - The report's and the appendix's dates for one assessment that
//!   disagree are a warning ([`checks`]); so is a title only one place
//!   gives that looks like OCR garbage, and a delivery table far shorter
//!   than the months around it.

pub mod checks;
pub mod merge;
pub mod repair;
pub mod title_index;

use crate::model::{Code, Diagnostic, Month, Part, Report};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How long after its own date an appendix may be published with a report:
/// the DCC dates its appendix a few days before the report, sometimes in
/// the previous month (31 December for the January report).
pub const APPENDIX_LEAD_DAYS: i64 = 31;

/// The month a file belongs to. A file with the report's own sections (or
/// nothing but a date) is placed by its date: the cover's, else the
/// appendix's, else the file name's. An Appendix A in a file of its own
/// joins the report it was published with: the month its file name names,
/// when it names one; else the first report dated on or after the
/// appendix's own date, up to [`APPENDIX_LEAD_DAYS`] later; else the
/// report of the appendix's own month.
pub fn month_of_part(p: &Part, report_dates: &[NaiveDate]) -> Option<Month> {
    let appendix_only = p.holds.appendix && !p.holds.report;
    if !appendix_only {
        return p.month_date().map(Month::of);
    }
    if let Some(named) = p.file_date {
        return Some(Month::of(named));
    }
    let own = p.appendix_date?;
    let published = report_dates
        .iter()
        .filter(|d| **d >= own && (**d - own).num_days() <= APPENDIX_LEAD_DAYS)
        .min();
    Some(Month::of(*published.unwrap_or(&own)))
}

/// Groups parts into reports by month and reconciles each.
pub fn build_reports(mut parts: Vec<Part>, orphans: &mut Vec<Diagnostic>) -> Vec<Report> {
    parts.sort_by(|a, b| (a.month_date(), &a.source).cmp(&(b.month_date(), &b.source)));
    let report_dates: Vec<NaiveDate> = parts
        .iter()
        .filter(|p| p.holds.report)
        .filter_map(Part::month_date)
        .collect();
    let mut by_month: BTreeMap<Month, Vec<Part>> = BTreeMap::new();
    for p in parts {
        match month_of_part(&p, &report_dates) {
            Some(m) => by_month.entry(m).or_default().push(p),
            None => {
                orphans.push(Diagnostic::new(
                    Code::NoReportDate,
                    &p.source,
                    "no date on the cover, in the appendix or in the file name: the file was not placed in a month",
                ));
                orphans.extend(p.diagnostics);
            }
        }
    }
    let mut reports: Vec<Report> = by_month
        .into_iter()
        .map(|(month, parts)| merge::merge_month(month, parts))
        .collect();
    for r in &mut reports {
        repair::repair_within_report(r);
    }
    reports.sort_by_key(|r| r.date);
    repair::repair_across_months(&mut reports);
    checks::warn_garbled_titles(&mut reports);
    checks::warn_thin_delivery_tables(&mut reports);
    for r in &mut reports {
        checks::compare_report_and_appendix(r);
        checks::dedupe_events_within(r);
        // the checks pushed diagnostics onto vectors shrunk at merge: a
        // push onto a full vector doubles it
        r.shrink_to_fit();
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Assessment, AssessmentSource, AssessmentType, DccAssessmentStatus, Family, Mention,
        PartKinds, ProposalId, Reference, SourceKind, Text,
    };
    use chrono::NaiveDate;

    fn part(source: &str, kind: SourceKind, target: &str, target_wd: u32) -> Part {
        let id = ProposalId {
            number: 124,
            split: None,
        };
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        Part {
            source: source.into(),
            kind,
            pages: 3,
            cover_date: date("2021-06-04"),
            appendix_date: None,
            file_date: None,
            holds: PartKinds {
                report: true,
                appendix: true,
            },
            observations: Vec::new(),
            assessments: vec![Assessment {
                mention: Mention {
                    reference: Some(Reference::new(id, Family::Mp)),
                    raw: "0124".into(),
                },
                kind: AssessmentType::Ia,
                source: AssessmentSource::Appendix,
                status: Some(DccAssessmentStatus::IaInProgress),
                requested: date("2021-02-22"),
                target: date(target),
                delivered: None,
                target_wd: Some(target_wd),
                elapsed_wd: None,
                note: Text::default(),
                page: 9,
                line: 12,
            }],
            events: Vec::new(),
            timescales: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn a_pdf_and_its_text_are_one_report_of_the_pdfs_reading_and_only_their_disagreement_of_the_other(
    ) {
        let mut orphans = Vec::new();
        let mut ocr = part("june_ocr.txt", SourceKind::Text, "2021-06-27", 40);
        ocr.diagnostics.push(Diagnostic::new(
            Code::RefRepaired,
            "june_ocr.txt",
            "reference \"MPQ124\" read as MP124",
        ));
        let reports = build_reports(
            vec![ocr, part("june.pdf", SourceKind::Pdf, "2021-06-21", 40)],
            &mut orphans,
        );
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(r.sources, ["june.pdf", "june_ocr.txt"]);
        assert_eq!(r.report_source.as_deref(), Some("june.pdf"));
        assert_eq!(r.pages, 3, "a second reading adds no pages");
        assert_eq!(r.assessments.len(), 1, "rows are not doubled");
        assert_eq!(
            r.assessments[0].target,
            NaiveDate::from_ymd_opt(2021, 6, 21),
            "the PDF's reading wins"
        );
        // no warning for the expected pair, nothing of the reading set aside
        // but the disagreement between the two (the contract's warning)
        let codes: Vec<(&str, &str, Option<u32>)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.source.as_str(), d.line))
            .collect();
        assert_eq!(codes, [("readings_disagree", "june_ocr.txt", Some(12))]);
        let msg = &r.diagnostics[0].message;
        assert!(
            msg.contains("june.pdf reads 2021-06-21")
                && msg.contains("june_ocr.txt reads 2021-06-27"),
            "{msg}"
        );
    }

    #[test]
    fn two_readings_of_one_kind_are_one_report_and_a_warning_naming_the_one_set_aside() {
        let mut orphans = Vec::new();
        let mut copy = part("b/june.pdf", SourceKind::Pdf, "2021-06-27", 40);
        copy.assessments.clear(); // fewer rows: the worse reading
        copy.diagnostics.push(Diagnostic::new(
            Code::TypeGuessed,
            "b/june.pdf",
            "PA or IA?",
        ));
        let reports = build_reports(
            vec![copy, part("a/june.pdf", SourceKind::Pdf, "2021-06-21", 40)],
            &mut orphans,
        );
        let r = &reports[0];
        let codes: Vec<(&str, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.source.as_str()))
            .collect();
        assert_eq!(codes, [("same_part_twice", "b/june.pdf")]);
        assert!(r.diagnostics[0]
            .message
            .contains("the better reading (a/june.pdf) is used"));
    }

    /// A part holding only the appendix (or only the report), with its dates.
    fn dated(report: bool, cover: &str, appendix: &str, file: &str) -> Part {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut p = part("x.pdf", SourceKind::Pdf, "2021-06-21", 40);
        p.holds = PartKinds {
            report,
            appendix: !report,
        };
        p.cover_date = date(cover);
        p.appendix_date = date(appendix);
        p.file_date = date(file);
        p
    }

    #[test]
    fn an_appendix_of_its_own_joins_the_report_it_was_published_with() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let reports = [d("2020-12-03"), d("2021-01-07"), d("2021-03-04")];
        let cases = [
            // (what, part, month)
            (
                "a report by its cover",
                dated(true, "2021-01-07", "", ""),
                Some("2021-01"),
            ),
            (
                "the month its file name names",
                dated(false, "", "2020-12-31", "2021-01-01"),
                Some("2021-01"),
            ),
            (
                "the first report on or after its date",
                dated(false, "", "2020-12-31", ""),
                Some("2021-01"),
            ),
            (
                "a report the same day",
                dated(false, "", "2021-01-07", ""),
                Some("2021-01"),
            ),
            (
                "no report within 31 days: its own month",
                dated(false, "", "2021-01-20", ""),
                Some("2021-01"),
            ),
            (
                "31 days is still in time",
                dated(false, "", "2021-02-01", ""),
                Some("2021-03"),
            ),
            (
                "32 days is not",
                dated(false, "", "2021-01-31", ""),
                Some("2021-01"),
            ),
            ("no date at all", dated(false, "", "", ""), None),
        ];
        for (what, p, want) in cases {
            let got = month_of_part(&p, &reports).map(|m| m.to_string());
            assert_eq!(got.as_deref(), want, "{what}");
        }
    }

    #[test]
    fn a_january_appendix_dated_in_december_makes_no_december_report() {
        let mut orphans = Vec::new();
        let report = dated(true, "2021-01-07", "", "");
        let appendix = dated(false, "", "2020-12-31", "");
        let reports = build_reports(vec![report, appendix], &mut orphans);
        let dates: Vec<String> = reports.iter().map(|r| r.date.to_string()).collect();
        assert_eq!(dates, ["2021-01-07"]);
        // alone, it is January's by its file name, dated on January's first day
        let alone = dated(false, "", "2020-12-31", "2021-01-01");
        let reports = build_reports(vec![alone], &mut orphans);
        assert_eq!(reports[0].date.to_string(), "2021-01-01");
    }
}
