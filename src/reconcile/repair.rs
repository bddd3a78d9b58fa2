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

use super::title_index::{Pointing, TitleIndex};
use crate::model::Text;
use crate::model::{
    Assessment, AssessmentSource, AssessmentType, Code, Diagnostic, Family, Mention, Month,
    ProposalId, Reference, Report, ReportPart,
};
use crate::normalise::titles::{fold, similarity};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How alike two titles must be to be the same title as evidence: OCR
/// damage changes a few letters, a different proposal's title many.
pub const SAME_TITLE_SIMILARITY: f64 = 0.9;

/// Where a row is in its report: its page and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
fn clean_titles(r: &Report) -> BTreeMap<ProposalId, Text> {
    let mut titles: BTreeMap<ProposalId, Text> = BTreeMap::new();
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
    if r.observations.iter().any(|o| o.mention.id().is_none()) {
        repair_unread_within(r, &titles);
    }
    repair_appendix_titles(r, &titles);
}

/// Repairs the report's unread references from its own titles and dates
/// (a `ref_unread` warning for each one nothing identifies).
fn repair_unread_within(r: &mut Report, titles: &BTreeMap<ProposalId, Text>) {
    let appendix_titles: BTreeMap<ProposalId, Text> = r
        .observations
        .iter()
        .filter(|o| o.section.is_appendix() && !o.title.is_empty())
        .filter_map(|o| o.mention.id().map(|id| (id, o.title.clone())))
        .collect();
    let month = r.month();
    let mut index = TitleIndex::new(
        titles
            .iter()
            .chain(&appendix_titles)
            .map(|(id, t)| (*id, month, t.as_str())),
    );
    let dates = ReportDates::of(r);
    let mut repairs = Vec::new();
    let mut unread = Vec::new();
    for o in r.observations.iter().filter(|o| o.mention.id().is_none()) {
        let at = Place {
            page: o.page,
            line: o.line,
        };
        let by_title = the_only(&ids(&index.same_title(&o.title)));
        let found = match by_title {
            Some(id) => Some((id, format!("its title matches {id}"))),
            None => the_only(&dates.same_dates(at))
                .map(|id| (id, format!("its dates match the report's {id}"))),
        };
        let part = ReportPart::of(o.section);
        match found {
            Some((id, why)) => repairs.push(Repair {
                at,
                raw: o.mention.raw.to_string(),
                id,
                why,
                part,
            }),
            None => unread.push(unread_warning(r, at, &o.mention.raw, part)),
        }
    }
    r.diagnostics.extend(unread);
    apply_repairs(r, &repairs);
}

/// The proposals a piece of evidence points to, whatever the month.
fn ids(p: &Pointing) -> BTreeSet<ProposalId> {
    p.iter().map(|(id, _)| *id).collect()
}

/// A report's assessment dates as evidence: the unread rows' by place, the
/// report table's by type and date.
struct ReportDates<'r> {
    /// Unread assessments by where their row is.
    unread: HashMap<Place, Vec<&'r Assessment>>,
    /// Report-table proposals by (type, delivered date).
    delivered: HashMap<(AssessmentType, NaiveDate), BTreeSet<ProposalId>>,
    /// Report-table proposals by (type, requested date).
    requested: HashMap<(AssessmentType, NaiveDate), BTreeSet<ProposalId>>,
}

impl<'r> ReportDates<'r> {
    fn of(r: &'r Report) -> ReportDates<'r> {
        let mut d = ReportDates {
            unread: HashMap::new(),
            delivered: HashMap::new(),
            requested: HashMap::new(),
        };
        for a in &r.assessments {
            match a.mention.id() {
                None => d
                    .unread
                    .entry(Place {
                        page: a.page,
                        line: a.line,
                    })
                    .or_default()
                    .push(a),
                Some(id) if a.source == AssessmentSource::Report => {
                    if let Some(day) = a.delivered {
                        d.delivered.entry((a.kind, day)).or_default().insert(id);
                    }
                    if let Some(day) = a.requested {
                        d.requested.entry((a.kind, day)).or_default().insert(id);
                    }
                }
                Some(_) => {}
            }
        }
        d
    }

    /// The proposals whose report-table assessment has a delivery or request
    /// date equal to the unread row's at `at` (same type).
    fn same_dates(&self, at: Place) -> BTreeSet<ProposalId> {
        let mut out = BTreeSet::new();
        for a in self.unread.get(&at).into_iter().flatten() {
            for (day, by) in [
                (a.delivered, &self.delivered),
                (a.requested, &self.requested),
            ] {
                if let Some(ids) = day.and_then(|d| by.get(&(a.kind, d))) {
                    out.extend(ids);
                }
            }
        }
        out
    }
}

/// The warning for a reference no evidence in its report identifies.
fn unread_warning(r: &Report, at: Place, raw: &str, part: ReportPart) -> Diagnostic {
    let message = if raw.is_empty() {
        "a row was printed without its reference and no title or dates in this report identify it; number left empty"
    } else {
        "a reference could not be read and no title or dates in this report identify it; number left empty"
    };
    Diagnostic::new(Code::RefUnread, r.source_of(part), message)
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
fn repair_appendix_titles(r: &mut Report, titles: &BTreeMap<ProposalId, Text>) {
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

/// Gives the rows at each repair's place whose reference was unread the
/// repair's proposal (the first repair of a place wins), with a
/// `ref_repaired` diagnostic per repair saying why. One pass over the rows.
pub fn apply_repairs(r: &mut Report, repairs: &[Repair]) {
    let mut by_place: HashMap<Place, Mention> = HashMap::new();
    for repair in repairs {
        by_place.entry(repair.at).or_insert_with(|| Mention {
            reference: Some(Reference::new(repair.id, Family::Mp)),
            raw: repair.raw.as_str().into(),
        });
    }
    let place = |page, line| Place { page, line };
    for o in r
        .observations
        .iter_mut()
        .filter(|o| o.mention.id().is_none())
    {
        if let Some(m) = by_place.get(&place(o.page, o.line)) {
            o.mention = m.clone();
        }
    }
    for a in r
        .assessments
        .iter_mut()
        .filter(|a| a.mention.id().is_none())
    {
        if let Some(m) = by_place.get(&place(a.page, a.line)) {
            a.mention = m.clone();
        }
    }
    for repair in repairs {
        let reference = Reference::new(repair.id, Family::Mp);
        let message = if repair.raw.is_empty() {
            format!(
                "a row printed without its reference read as {reference} because {}",
                repair.why
            )
        } else {
            format!(
                "unreadable reference {:?} read as {reference} because {}",
                repair.raw, repair.why
            )
        };
        let d = Diagnostic::new(Code::RefRepaired, r.source_of(repair.part), message)
            .at(repair.at.page, repair.at.line)
            .quoting(&repair.raw);
        r.diagnostics.push(d);
    }
}

/// An assessment request seen in some month, as evidence for other months.
struct RequestSeen {
    month: Month,
    id: ProposalId,
    target: Option<NaiveDate>,
}

/// Everything the archive says with clean references, indexed.
struct Evidence {
    titles: TitleIndex,
    /// Requests by (type, request date).
    requests: HashMap<(AssessmentType, NaiveDate), Vec<RequestSeen>>,
}

impl Evidence {
    /// Gathers the clean titles and requests of every report.
    fn of(reports: &[Report]) -> Evidence {
        let titles = TitleIndex::new(reports.iter().flat_map(|r| {
            let month = r.month();
            r.observations
                .iter()
                .filter_map(move |o| o.mention.id().map(|id| (id, month, o.title.as_str())))
        }));
        let mut requests: HashMap<_, Vec<RequestSeen>> = HashMap::new();
        for r in reports {
            for a in &r.assessments {
                if let (Some(id), Some(requested)) = (a.mention.id(), a.requested) {
                    requests
                        .entry((a.kind, requested))
                        .or_default()
                        .push(RequestSeen {
                            month: r.month(),
                            id,
                            target: a.target,
                        });
                }
            }
        }
        Evidence { titles, requests }
    }
}

/// An unread row of one report, with what it offers as evidence.
struct UnreadRow {
    at: Place,
    raw: String,
    title: String,
    part: ReportPart,
}

/// Repairs references no evidence in their own report could read, from
/// other months: the same title printed with a clean reference, or an
/// assessment of the same type with the same request date. The month's
/// `ref_unread` warning becomes a `ref_repaired` row naming the evidence.
/// On a hostile archive the title search stops at its budget
/// ([`super::title_index::MAX_COMPARISONS`]), and a `repair_limited`
/// warning says so.
pub fn repair_across_months(reports: &mut [Report]) {
    let unread = |r: &Report| r.observations.iter().any(|o| o.mention.id().is_none());
    if !reports.iter().any(unread) {
        return; // nothing to repair: no evidence needs indexing
    }
    let mut evidence = Evidence::of(reports);
    let mut limited_in = None;
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
                raw: o.mention.raw.to_string(),
                title: o.title.to_string(),
                part: ReportPart::of(o.section),
            })
            .collect();
        let requests = unread_requests(r);
        let mut repairs = Vec::new();
        for row in unread {
            if let Some((id, why)) = across_months_evidence(month, &row, &requests, &mut evidence) {
                repairs.push(Repair {
                    at: row.at,
                    raw: row.raw,
                    id,
                    why,
                    part: row.part,
                });
            }
        }
        if evidence.titles.limited && limited_in.is_none() {
            limited_in = Some(month);
        }
        let repaired: BTreeSet<Place> = repairs.iter().map(|p| p.at).collect();
        r.diagnostics.retain(|d| {
            let at = d.page.zip(d.line).map(|(page, line)| Place { page, line });
            !(d.code == Code::RefUnread && at.is_some_and(|at| repaired.contains(&at)))
        });
        apply_repairs(r, &repairs);
    }
    if let Some(month) = limited_in {
        warn_limited(reports, month);
    }
}

/// The warning that cross-month title repairs stopped at their budget.
fn warn_limited(reports: &mut [Report], from: Month) {
    let Some(r) = reports.iter_mut().find(|r| r.month() == from) else {
        return;
    };
    let message = format!(
        "too many unreadable references to compare every title: from {from} on, references were repaired from other months only by titles that match exactly or by dates"
    );
    let source = r.source_of(ReportPart::Report);
    r.diagnostics
        .push(Diagnostic::new(Code::RepairLimited, source, message));
}

/// An unread row's assessment request: its type, request date and target.
type Request = (AssessmentType, NaiveDate, Option<NaiveDate>);

/// The unread rows' assessment requests of a report, by place.
fn unread_requests(r: &Report) -> HashMap<Place, Vec<Request>> {
    let mut out: HashMap<Place, Vec<_>> = HashMap::new();
    for a in r.assessments.iter().filter(|a| a.mention.id().is_none()) {
        if let Some(d) = a.requested {
            let at = Place {
                page: a.page,
                line: a.line,
            };
            out.entry(at).or_default().push((a.kind, d, a.target));
        }
    }
    out
}

/// The one proposal other months' evidence gives an unread row, and why.
fn across_months_evidence(
    month: Month,
    row: &UnreadRow,
    requests: &HashMap<Place, Vec<Request>>,
    evidence: &mut Evidence,
) -> Option<(ProposalId, String)> {
    let by_title: Pointing = evidence
        .titles
        .same_title(&row.title)
        .into_iter()
        .filter(|(_, m)| *m != month)
        .collect();
    let mine = requests.get(&row.at).map(Vec::as_slice).unwrap_or_default();
    let by_dates = same_request_elsewhere(month, mine, evidence);
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
/// both give one) target date as one of the unread row's.
fn same_request_elsewhere(month: Month, mine: &[Request], evidence: &Evidence) -> Pointing {
    let mut out = Pointing::new();
    for (kind, requested, target) in mine {
        let seen = evidence.requests.get(&(*kind, *requested));
        for q in seen.into_iter().flatten() {
            let same_target = target.is_none() || q.target.is_none() || *target == q.target;
            if q.month != month && same_target {
                out.insert((q.id, q.month));
            }
        }
    }
    out
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
            raw: format!("MP{n:03}").into(),
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
            dcc_cell: Text::default(),
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
            note: Text::default(),
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
