//! Repairs from evidence: unreadable references and destroyed appendix titles.
//!
//! In: reports whose rows may have an unread reference (`O`, `007` OCR
//! destroyed) or an appendix title OCR turned to garbage. Out: the same
//! reports with each row repaired where exactly one proposal fits the
//! evidence, and a diagnostic per repair (`ref_repaired`, `title_repaired`)
//! or per row left unread (`ref_unread`). The rules, in order:
//!
//! 1. inside one report: the same title under a clean reference elsewhere in
//!    the report or appendix; else an appendix delivery or request date equal
//!    to the report's table's for one proposal;
//! 2. across months: the same title printed with a clean reference in
//!    another month, or an assessment of the same type with the same request
//!    date (and, where both give one, the same target date);
//! 3. evidence that points to two proposals, or two kinds of evidence that
//!    disagree, repair nothing.

use crate::model::{
    AssessmentSource, AssessmentType, Code, Diagnostic, Family, Mention, Month, ProposalId,
    Reference, Report, ReportPart,
};
use crate::normalise::titles::{fold, similarity};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// How alike two titles must be to be the same title as evidence: OCR
/// damage changes a few letters, a different proposal's title many.
pub const SAME_TITLE_SIMILARITY: f64 = 0.9;

/// Where a row is in its report: its page and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// 1-based page.
    pub page: u32,
    /// 1-based line.
    pub line: u32,
}

/// A repair to apply: the rows at a place get a proposal, for a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Where the rows are.
    pub at: Place,
    /// The reference as printed.
    pub raw: String,
    /// The proposal they are.
    pub id: ProposalId,
    /// Why, for the diagnostic ("its title matches 116").
    pub why: String,
    /// Which part the rows are in (names the file).
    pub part: ReportPart,
}

/// The one proposal a piece of evidence points to, if it points to exactly one.
fn the_only(ids: &BTreeSet<ProposalId>) -> Option<ProposalId> {
    let mut it = ids.iter();
    match (it.next(), it.next()) {
        (Some(id), None) => Some(*id),
        _ => None,
    }
}

/// Numbers the report names with a clean reference, and their titles.
fn clean_titles(r: &Report) -> BTreeMap<ProposalId, String> {
    let mut titles: BTreeMap<ProposalId, String> = BTreeMap::new();
    for o in &r.observations {
        if let Some(id) = o.mention.id() {
            if !o.section.is_appendix() && !o.title.is_empty() {
                titles.entry(id).or_insert_with(|| o.title.clone());
            }
        }
    }
    titles
}

/// Repairs unread references and destroyed appendix titles from the report's own evidence.
pub fn repair_within_report(r: &mut Report) {
    let titles = clean_titles(r);
    let appendix_titles: BTreeMap<ProposalId, String> = r
        .observations
        .iter()
        .filter(|o| o.section.is_appendix() && !o.title.is_empty())
        .filter_map(|o| o.mention.id().map(|id| (id, o.title.clone())))
        .collect();
    let mut repairs = Vec::new();
    let mut unread = Vec::new();
    for o in r.observations.iter().filter(|o| o.mention.id().is_none()) {
        let at = Place {
            page: o.page,
            line: o.line,
        };
        let by_title = the_only(&same_title(&o.title, titles.iter().chain(&appendix_titles)));
        let found = match by_title {
            Some(id) => Some((id, format!("its title matches {id}"))),
            None => the_only(&same_dates_in_report(r, at))
                .map(|id| (id, format!("its dates match the report's {id}"))),
        };
        let part = ReportPart::of(o.section);
        match found {
            Some((id, why)) => repairs.push(Repair {
                at,
                raw: o.mention.raw.clone(),
                id,
                why,
                part,
            }),
            None => unread.push(unread_warning(r, at, &o.mention.raw, part)),
        }
    }
    r.diagnostics.extend(unread);
    for repair in repairs {
        apply_repair(r, &repair);
    }
    repair_appendix_titles(r, &titles);
}

/// The proposals whose title is `title`'s, among `(id, title)` pairs.
fn same_title<'a>(
    title: &str,
    titles: impl Iterator<Item = (&'a ProposalId, &'a String)>,
) -> BTreeSet<ProposalId> {
    titles
        .filter(|(_, t)| !title.is_empty() && similarity(t, title) >= SAME_TITLE_SIMILARITY)
        .map(|(id, _)| *id)
        .collect()
}

/// The proposals whose report-table assessment has a delivery or request
/// date equal to the unread row's at `at` (same type).
fn same_dates_in_report(r: &Report, at: Place) -> BTreeSet<ProposalId> {
    let mine = r
        .assessments
        .iter()
        .filter(|a| a.mention.id().is_none() && a.page == at.page && a.line == at.line);
    let mut ids = BTreeSet::new();
    for a in mine {
        let same_type_in_report = r
            .assessments
            .iter()
            .filter(|b| b.source == AssessmentSource::Report && b.kind == a.kind);
        for b in same_type_in_report {
            let same_delivered = a.delivered.is_some() && a.delivered == b.delivered;
            let same_requested = a.requested.is_some() && a.requested == b.requested;
            if let (true, Some(id)) = (same_delivered || same_requested, b.mention.id()) {
                ids.insert(id);
            }
        }
    }
    ids
}

/// The warning for a reference no evidence in its report identifies.
fn unread_warning(r: &Report, at: Place, raw: &str, part: ReportPart) -> Diagnostic {
    Diagnostic::new(
        Code::RefUnread,
        r.source_of(part),
        "a reference could not be read and no title or dates in this report identify it; number left empty",
    )
    .at(at.page, at.line)
    .quoting(raw)
}

/// Words a title cell cut short ends on (`… Access to`): the cell lost its tail.
const DANGLING_WORDS: [&str; 10] = [
    "to", "and", "of", "for", "the", "in", "on", "with", "a", "by",
];
/// Shortest folded title prefix trusted as the start of a clean title.
const MIN_TITLE_PREFIX: usize = 12;
/// Share (in tenths) of a garbled cell's longer words the clean title must
/// share for the cell to be read as that title.
const GARBLED_SHARED_TENTHS: usize = 3;
/// Shortest word counted when comparing a garbled cell with a clean title.
const MIN_SHARED_WORD: usize = 4;

/// True when an appendix title cell is the clean title damaged: it holds the
/// clean title (a cell that caught neighbouring text), or starts it and lost
/// its tail, or is OCR garbage that still shares words with it.
fn is_damaged_copy(cell: &str, clean: &str) -> bool {
    let (folded, clean_folded) = (fold(cell), fold(clean));
    let truncated = folded
        .rsplit(' ')
        .next()
        .is_some_and(|w| DANGLING_WORDS.contains(&w));
    let contains = folded.contains(&clean_folded)
        || truncated && clean_folded.starts_with(&folded) && folded.len() >= MIN_TITLE_PREFIX;
    let clean_words: BTreeSet<&str> = clean_folded.split(' ').collect();
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| w.len() >= MIN_SHARED_WORD)
        .collect();
    let shared = words.iter().filter(|w| clean_words.contains(*w)).count();
    // a cell OCR turned to garbage (`égs:lig&ggﬁ;;g%`) that still shares words with the clean title
    let damaged = cell
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || " .,'\"()/&:-–—".contains(c)));
    let garbled =
        damaged && !words.is_empty() && shared * 10 >= words.len() * GARBLED_SHARED_TENTHS;
    contains || garbled
}

/// Appendix titles OCR destroyed take the report's clean title of the same proposal.
fn repair_appendix_titles(r: &mut Report, titles: &BTreeMap<ProposalId, String>) {
    let source = r.source_of(ReportPart::Appendix);
    let mut notes = Vec::new();
    for o in r
        .observations
        .iter_mut()
        .filter(|o| o.section.is_appendix())
    {
        let Some(clean) = o.mention.id().and_then(|id| titles.get(&id)) else {
            continue;
        };
        if o.title.is_empty() || similarity(clean, &o.title) >= SAME_TITLE_SIMILARITY {
            continue;
        }
        if is_damaged_copy(&o.title, clean) {
            let message = format!(
                "appendix title unreadable; the report's title for {} is used",
                o.mention.ref_text()
            );
            notes.push(
                Diagnostic::new(Code::TitleRepaired, &source, message)
                    .at(o.page, o.line)
                    .quoting(&o.title),
            );
            o.title = clean.clone();
        }
    }
    r.diagnostics.extend(notes);
}

/// Gives the rows at the repair's place whose reference was unread the
/// repair's proposal, with a `ref_repaired` diagnostic saying why.
pub fn apply_repair(r: &mut Report, repair: &Repair) {
    let Place { page, line } = repair.at;
    let mention = Mention {
        reference: Some(Reference::new(repair.id, Family::Mp)),
        raw: repair.raw.clone(),
    };
    for o in r
        .observations
        .iter_mut()
        .filter(|o| o.mention.id().is_none() && o.page == page && o.line == line)
    {
        o.mention = mention.clone();
    }
    for a in r
        .assessments
        .iter_mut()
        .filter(|a| a.mention.id().is_none() && a.page == page && a.line == line)
    {
        a.mention = mention.clone();
    }
    let message = format!(
        "unreadable reference {:?} read as {} because {}",
        repair.raw,
        mention.ref_text(),
        repair.why
    );
    r.diagnostics.push(
        Diagnostic::new(Code::RefRepaired, r.source_of(repair.part), message)
            .at(page, line)
            .quoting(&repair.raw),
    );
}

/// A clean title printed in some month, as evidence for other months.
struct TitleSeen {
    month: Month,
    id: ProposalId,
    title: String,
}

/// An assessment request seen in some month, as evidence for other months.
struct RequestSeen {
    month: Month,
    id: ProposalId,
    kind: AssessmentType,
    requested: NaiveDate,
    target: Option<NaiveDate>,
}

/// Everything the archive says with clean references.
struct Evidence {
    titles: Vec<TitleSeen>,
    requests: Vec<RequestSeen>,
}

impl Evidence {
    /// Gathers the clean titles and requests of every report.
    fn of(reports: &[Report]) -> Evidence {
        let mut e = Evidence {
            titles: Vec::new(),
            requests: Vec::new(),
        };
        for r in reports {
            let month = r.month();
            for o in &r.observations {
                if let (Some(id), false) = (o.mention.id(), o.title.is_empty()) {
                    e.titles.push(TitleSeen {
                        month,
                        id,
                        title: o.title.clone(),
                    });
                }
            }
            for a in &r.assessments {
                if let (Some(id), Some(requested)) = (a.mention.id(), a.requested) {
                    e.requests.push(RequestSeen {
                        month,
                        id,
                        kind: a.kind,
                        requested,
                        target: a.target,
                    });
                }
            }
        }
        e
    }
}

/// An unread row of one report, with what it offers as evidence.
struct UnreadRow {
    at: Place,
    raw: String,
    title: String,
    part: ReportPart,
}

/// Which proposals a piece of evidence points to, and the months it comes from.
type Pointing = BTreeSet<(ProposalId, Month)>;

/// Repairs references no evidence in their own report could read, from
/// other months: the same title printed with a clean reference, or an
/// assessment of the same type with the same request date. The month's
/// `ref_unread` warning becomes a `ref_repaired` row naming the evidence.
pub fn repair_across_months(reports: &mut [Report]) {
    let evidence = Evidence::of(reports);
    for r in reports.iter_mut() {
        let month = r.month();
        let unread: Vec<UnreadRow> = r
            .observations
            .iter()
            .filter(|o| o.mention.id().is_none())
            .map(|o| UnreadRow {
                at: Place {
                    page: o.page,
                    line: o.line,
                },
                raw: o.mention.raw.clone(),
                title: o.title.clone(),
                part: ReportPart::of(o.section),
            })
            .collect();
        for row in unread {
            let Some((id, why)) = across_months_evidence(r, month, &row, &evidence) else {
                continue;
            };
            r.diagnostics.retain(|d| {
                !(d.code == Code::RefUnread
                    && d.page == Some(row.at.page)
                    && d.line == Some(row.at.line))
            });
            let repair = Repair {
                at: row.at,
                raw: row.raw,
                id,
                why,
                part: row.part,
            };
            apply_repair(r, &repair);
        }
    }
}

/// The one proposal other months' evidence gives an unread row, and why.
fn across_months_evidence(
    r: &Report,
    month: Month,
    row: &UnreadRow,
    evidence: &Evidence,
) -> Option<(ProposalId, String)> {
    let by_title: Pointing = evidence
        .titles
        .iter()
        .filter(|t| {
            t.month != month
                && !row.title.is_empty()
                && similarity(&t.title, &row.title) >= SAME_TITLE_SIMILARITY
        })
        .map(|t| (t.id, t.month))
        .collect();
    let by_dates = same_request_elsewhere(r, month, row.at, evidence);
    let ids = |p: &Pointing| -> BTreeSet<ProposalId> { p.iter().map(|(id, _)| *id).collect() };
    match (the_only(&ids(&by_title)), the_only(&ids(&by_dates))) {
        (Some(a), Some(b)) if a != b => None,
        (Some(id), _) => Some((
            id,
            format!(
                "its title matches {id} in the {} report",
                first_month(&by_title)
            ),
        )),
        (None, Some(id)) => Some((
            id,
            format!(
                "its request date matches {id}'s in the {} report",
                first_month(&by_dates)
            ),
        )),
        (None, None) => None,
    }
}

/// Other months' assessments with the same type, request date and (where
/// both give one) target date as the unread row's at `at`.
fn same_request_elsewhere(r: &Report, month: Month, at: Place, evidence: &Evidence) -> Pointing {
    let mine: Vec<(AssessmentType, NaiveDate, Option<NaiveDate>)> = r
        .assessments
        .iter()
        .filter(|a| a.mention.id().is_none() && a.page == at.page && a.line == at.line)
        .filter_map(|a| a.requested.map(|d| (a.kind, d, a.target)))
        .collect();
    let same = |q: &RequestSeen| {
        mine.iter().any(|(k, d, t)| {
            *k == q.kind
                && *d == q.requested
                && (t.is_none() || q.target.is_none() || *t == q.target)
        })
    };
    evidence
        .requests
        .iter()
        .filter(|q| q.month != month && same(q))
        .map(|q| (q.id, q.month))
        .collect()
}

/// The earliest month among a piece of evidence's.
fn first_month(ev: &Pointing) -> String {
    ev.iter()
        .map(|(_, m)| *m)
        .min()
        .map(|m| m.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assessment, List, Observation, Section};

    /// A clean or unread reference (`""` is unread, printed `O`).
    fn mention(n: u32) -> Mention {
        if n == 0 {
            return Mention::unread("O");
        }
        let id = ProposalId {
            number: n,
            split: None,
        };
        Mention {
            reference: Some(Reference::new(id, Family::Mp)),
            raw: format!("MP{n:03}"),
        }
    }

    fn place(n: u32, title: &str, section: Section, line: u32) -> Observation {
        Observation {
            mention: mention(n),
            title: title.into(),
            section,
            list: List::Other("x".into()),
            page: 1,
            line,
            status: None,
            dcc_cell: String::new(),
        }
    }

    fn assessment(
        n: u32,
        source: AssessmentSource,
        req: &str,
        target: &str,
        delivered: &str,
        line: u32,
    ) -> Assessment {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        Assessment {
            mention: mention(n),
            kind: AssessmentType::Ia,
            source,
            status: None,
            requested: d(req),
            target: d(target),
            delivered: d(delivered),
            target_wd: None,
            elapsed_wd: None,
            note: String::new(),
            page: 1,
            line,
        }
    }

    fn report(date: &str, observations: Vec<Observation>, assessments: Vec<Assessment>) -> Report {
        Report {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            sources: vec!["r.txt".into()],
            report_source: Some("r.txt".into()),
            appendix_source: None,
            pages: 1,
            observations,
            assessments,
            events: Vec::new(),
            timescales: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The unread row's number after repairs, and the codes of its diagnostics.
    fn outcome(r: &Report, line: u32) -> (String, Vec<&'static str>) {
        let number = r
            .observations
            .iter()
            .find(|o| o.line == line)
            .map(|o| o.mention.number_key())
            .unwrap_or_default();
        let codes = r
            .diagnostics
            .iter()
            .filter(|d| d.line == Some(line))
            .map(|d| d.code.as_str())
            .collect();
        (number, codes)
    }

    const T: &str = "Consumer Device Pairing Windows";
    const A: Section = Section::DccAssessments;
    const R: Section = Section::Refine;
    const REPORT: AssessmentSource = AssessmentSource::Report;
    const APPENDIX: AssessmentSource = AssessmentSource::Appendix;

    #[test]
    fn inside_one_report_a_reference_is_repaired_only_from_clear_evidence() {
        let unread_at = 9;
        // (what, places, assessments, number after repair, diagnostic codes of the unread row)
        type Case = (
            &'static str,
            Vec<Observation>,
            Vec<Assessment>,
            &'static str,
            Vec<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "the same title under a clean reference in the report",
                vec![
                    place(124, T, R, 1),
                    place(0, "Consumer Device Pairing Windows.", A, unread_at),
                ],
                vec![],
                "124",
                vec!["ref_repaired"],
            ),
            (
                "the same title under a clean reference in the appendix",
                vec![place(124, T, A, 1), place(0, T, A, unread_at)],
                vec![],
                "124",
                vec!["ref_repaired"],
            ),
            (
                "an appendix delivery date equal to the report table's returned date",
                vec![place(124, "", R, 1), place(0, "", A, unread_at)],
                vec![
                    assessment(124, REPORT, "", "", "2021-05-03", 1),
                    assessment(
                        0,
                        APPENDIX,
                        "2021-03-29",
                        "2021-04-26",
                        "2021-05-03",
                        unread_at,
                    ),
                ],
                "124",
                vec!["ref_repaired"],
            ),
            (
                "an equal request date",
                vec![place(124, "", R, 1), place(0, "", A, unread_at)],
                vec![
                    assessment(124, REPORT, "2021-03-29", "", "", 1),
                    assessment(0, APPENDIX, "2021-03-29", "2021-04-26", "", unread_at),
                ],
                "124",
                vec!["ref_repaired"],
            ),
            (
                "a title two proposals share",
                vec![
                    place(124, T, R, 1),
                    place(125, T, R, 2),
                    place(0, T, A, unread_at),
                ],
                vec![],
                "",
                vec!["ref_unread"],
            ),
            (
                "no evidence",
                vec![
                    place(124, "Another title entirely", R, 1),
                    place(0, T, A, unread_at),
                ],
                vec![],
                "",
                vec!["ref_unread"],
            ),
        ];
        for (what, obs, ass, number, codes) in cases {
            let mut r = report("2021-06-04", obs, ass);
            repair_within_report(&mut r);
            assert_eq!(
                outcome(&r, unread_at),
                (number.to_string(), codes),
                "{what}"
            );
        }
    }

    #[test]
    fn across_months_a_reference_is_repaired_from_another_months_evidence() {
        let unread_at = 9;
        // (what, April's places, April's assessments, June's unread title and assessments, number)
        type Case = (
            &'static str,
            Vec<Observation>,
            Vec<Assessment>,
            &'static str,
            Vec<Assessment>,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                "the same title with a clean reference in another month",
                vec![place(116, T, R, 1)],
                vec![],
                T,
                vec![],
                "116",
            ),
            (
                "the same type and request date, and the same target",
                vec![place(116, "", R, 1)],
                vec![assessment(116, APPENDIX, "2021-02-22", "2021-06-21", "", 1)],
                "",
                vec![assessment(
                    0,
                    APPENDIX,
                    "2021-02-22",
                    "2021-06-21",
                    "",
                    unread_at,
                )],
                "116",
            ),
            (
                "the same request date but another target",
                vec![place(116, "", R, 1)],
                vec![assessment(116, APPENDIX, "2021-02-22", "2021-04-19", "", 1)],
                "",
                vec![assessment(
                    0,
                    APPENDIX,
                    "2021-02-22",
                    "2021-06-21",
                    "",
                    unread_at,
                )],
                "",
            ),
            (
                "a title and dates pointing to two proposals",
                vec![place(116, T, R, 1), place(117, "", R, 2)],
                vec![assessment(117, APPENDIX, "2021-02-22", "", "", 2)],
                T,
                vec![assessment(0, APPENDIX, "2021-02-22", "", "", unread_at)],
                "",
            ),
        ];
        for (what, april_obs, april_ass, june_title, june_ass, number) in cases {
            let april = report("2021-04-07", april_obs, april_ass);
            let mut june = report(
                "2021-06-04",
                vec![place(0, june_title, A, unread_at)],
                june_ass,
            );
            repair_within_report(&mut june);
            let mut reports = vec![april, june];
            repair_across_months(&mut reports);
            let (got, codes) = outcome(&reports[1], unread_at);
            assert_eq!(got, number, "{what}");
            let want: &[&str] = if number.is_empty() {
                &["ref_unread"]
            } else {
                &["ref_repaired"]
            };
            assert_eq!(codes, want, "{what}");
            if !number.is_empty() {
                let d = &reports[1].diagnostics[0];
                assert!(
                    d.message.contains("in the 2021-04 report"),
                    "{what}: {}",
                    d.message
                );
            }
        }
    }

    #[test]
    fn an_appendix_title_ocr_destroyed_takes_the_reports_title() {
        let long = "Electricity Network Party Access to Load Switching Information";
        for (clean, cell, repaired) in [
            (
                T,
                "Consumer Device Pairing Windows Awaiting Change Board",
                true,
            ),
            (long, "Electricity Network Party Access to", true),
            (T, "Consumer Device Pairing", false),
            (T, "Consumer Dev¡ce Pa1r!ng Windows égs:lig&gg;;g%", true),
            (T, "Smart Meter Display Contrast", false),
        ] {
            let mut r = report(
                "2021-06-04",
                vec![place(124, clean, R, 1), place(124, cell, A, 9)],
                vec![],
            );
            repair_within_report(&mut r);
            let title = &r.observations[1].title;
            assert_eq!(title == clean, repaired, "{cell:?} became {title:?}");
            let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
            let want: &[&str] = if repaired { &["title_repaired"] } else { &[] };
            assert_eq!(codes, want, "{cell:?}");
        }
    }
}
