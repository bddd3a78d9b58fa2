//! Events from the sentences that tell them.
//!
//! Each list has its own sentence shapes, e.g.:
//! - New Draft Proposals: `DP084 ‘…’ was raised by the Energy Savings Trust on 10 September 2019.`
//! - Working Group meetings: `The monthly Working Group meeting was held on 2 October 2019 …:` + items
//! - Change Board votes: `The Change Board voted on … on 27 November 2019:` + `MP081 ‘…’ was rejected as a Self-Governance Modification.`
//! - Approved for release: `… approved for implementation in the November 2019 SEC Release (7 November 2019):` + items
//!
//! `intro` is the latest paragraph without references (the sentence that
//! introduces a list); `own` is the item's text after its title.

use crate::model::{EventKind, List, Section, Status, Telling};
use crate::normalise::ascii;
use crate::normalise::dates::{date_matches, DateContext};
use chrono::NaiveDate;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// An event before it is tied to a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    /// What happened.
    pub kind: EventKind,
    /// When, if the sentence says.
    pub date: Option<NaiveDate>,
    /// The contract's detail.
    pub detail: String,
    /// A restatement (the Summary's) loses to the fuller telling.
    pub telling: Telling,
}

/// What an item's sentences say, for one list.
pub struct ItemContext<'a> {
    /// The section.
    pub section: Section,
    /// The list.
    pub list: &'a List,
    /// The sentence introducing the list.
    pub intro: &'a Introduction<'a>,
    /// The whole paragraph holding the reference.
    pub paragraph: &'a str,
    /// The paragraph's text after the reference's title.
    pub own: &'a str,
    /// For year-less dates.
    pub dates: DateContext,
}

/// The sentence introducing a list, and what it says for every item
/// under it, each worked out at most once: the items of a list share their
/// introduction, and its date or release would otherwise be read again for
/// each of them. It reads as its text (`Deref<Target = str>`).
#[derive(Debug)]
pub struct Introduction<'a> {
    text: &'a str,
    dates: DateContext,
    lower: OnceCell<String>,
    date: OnceCell<Option<NaiveDate>>,
    release: OnceCell<Option<String>>,
    implemented_release: OnceCell<Option<(String, Option<NaiveDate>)>>,
}

impl<'a> Introduction<'a> {
    /// An introduction whose year-less dates are read by `dates`.
    pub fn new(text: &'a str, dates: DateContext) -> Introduction<'a> {
        Introduction {
            text,
            dates,
            lower: OnceCell::new(),
            date: OnceCell::new(),
            release: OnceCell::new(),
            implemented_release: OnceCell::new(),
        }
    }

    /// The text, lower case.
    pub fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.text.to_lowercase())
    }

    /// The first date the sentence holds.
    fn date(&self) -> Option<NaiveDate> {
        *self.date.get_or_init(|| first_date(self.text, self.dates))
    }

    /// The release it approves for: `<release name> (<release date>)`.
    fn release(&self) -> Option<&str> {
        self.release
            .get_or_init(|| {
                if lacks_ascii_word(self.text, "release") {
                    return None;
                }
                let c = RELEASE_RE.captures(self.text)?;
                Some(format!("{} ({})", squeeze(&c[1]), squeeze(&c[2])))
            })
            .as_deref()
    }

    /// The release it says was implemented, and the date after it.
    fn implemented_release(&self) -> Option<(&str, Option<NaiveDate>)> {
        let found = self.implemented_release.get_or_init(|| {
            if lacks_ascii_word(self.text, "release") {
                return None;
            }
            let c = IMPLEMENTED_RELEASE_RE.captures(self.text)?;
            let after = c.get(0).map_or(0, |m| m.end());
            Some((squeeze(&c[1]), first_date(&self.text[after..], self.dates)))
        });
        found.as_ref().map(|(name, date)| (name.as_str(), *date))
    }
}

impl std::ops::Deref for Introduction<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

/// The first date `text` holds.
fn first_date(text: &str, ctx: DateContext) -> Option<NaiveDate> {
    date_matches(text, ctx).next().map(|m| m.date)
}

fn draft(kind: EventKind, date: Option<NaiveDate>, detail: impl Into<String>) -> EventDraft {
    EventDraft {
        kind,
        date,
        detail: detail.into(),
        telling: Telling::Full,
    }
}

static RAISED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)raised[\s.]*by[\s.]+(.+?)\s+on[\s.]+(\d.*)$").expect("raised regex")
});
static LEADING_THE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\S{1,3}\s+)?(?i:the)\s+").expect("the regex"));
static RELEASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\s+SEC\s+Release)\s*\(([^)]*)\)")
        .expect("release regex")
});
static IMPLEMENTED_RELEASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\s+SEC\s+Release)\s+was\s+(?:successfully\s+)?implemented")
        .expect("implemented regex")
});
static OUTCOME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwas\s+((?:recommended|approved|rejected|sent\s+back|returned|deferred)\b.*?)\s*\.?\s*$")
        .expect("outcome regex")
});

/// [`OUTCOME_RE`] up to its outcome's first word: where, on one line of
/// ASCII, its match starts (its tail, anything up to a closing dot and
/// spaces, then the end, always matches such text).
static OUTCOME_HEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwas\s+(?:recommended|approved|rejected|sent\s+back|returned|deferred)\b")
        .expect("outcome head regex")
});

/// [`OUTCOME_RE`]'s outcome (its first group) in `own`. On one line of
/// ASCII it is read without the capturing engine: from the outcome's first
/// word to the end, less spaces, one closing dot and the spaces before it
/// (what the pattern's lazy group leaves to its tail).
fn outcome_in(own: &str) -> Option<&str> {
    if !own.is_ascii() || own.contains('\n') {
        return OUTCOME_RE
            .captures(own)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str());
    }
    let head = OUTCOME_HEAD_RE.find(own)?;
    // past `was` (three ASCII bytes in any case) and the spaces after it
    // (on ASCII, `trim`'s whitespace is the pattern's `\s`)
    let t = own[head.start() + 3..].trim();
    Some(t.strip_suffix('.').map_or(t, str::trim_end))
}

static ON_DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s+on\s+\d{1,2}\s+\w+\s+\d{4}").expect("on-date regex"));

/// True when ASCII `text` does not hold `word` (lower case) in any case: a
/// case-insensitive pattern spelling that word cannot match it, so the
/// regex need not run. Other text is left to the regex, whose Unicode case
/// folding knows more than ASCII's (`ſ` is an `s`).
fn lacks_ascii_word(text: &str, word: &str) -> bool {
    text.is_ascii() && !ascii::holds_word(text, word)
}

/// The proposer named in `raised by (the) X on DATE`, as [`RAISED_RE`]'s
/// first group holds it, tidied: no leading "the", single spaces.
fn proposer_named(who: &str) -> String {
    let who = LEADING_THE_RE.replace(who.trim(), "");
    who.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The events an item tells, by its list.
pub fn item_events(ctx: &ItemContext<'_>) -> Vec<EventDraft> {
    let d = ctx.dates;
    let (own, intro) = (ctx.own, ctx.intro);
    // lower-cased only by the lists that read it so
    let own_l = std::cell::LazyCell::new(|| own.to_lowercase());
    let intro_l = intro.lower();
    let one = |e: EventDraft| vec![e];
    match ctx.list {
        List::NewDraftProposals if lacks_ascii_word(own, "raised") => Vec::new(),
        List::NewDraftProposals => RAISED_RE
            .captures(own)
            .map(|c| {
                draft(
                    EventKind::Raised,
                    first_date(&c[2], d),
                    proposer_named(&c[1]),
                )
            })
            .into_iter()
            .collect(),
        List::ChangeSubCommitteeDecisions => {
            one(draft(EventKind::ReadyForConversion, intro.date(), ""))
        }
        List::WithdrawnDraftProposals | List::WithdrawnModificationProposals
            if own_l.contains("withdrawn") || intro_l.contains("withdrawn") =>
        {
            let date = first_date(own, d).or_else(|| intro.date());
            one(draft(EventKind::Withdrawn, date, ""))
        }
        List::WorkingGroupMeetings => one(draft(EventKind::WorkingGroup, intro.date(), "")),
        List::RefinementConsultations
            if !intro_l.contains("expected") && intro_l.contains("issued") =>
        {
            issued_date(intro, intro_l, d)
                .map(|date| draft(EventKind::RefinementConsultation, Some(date), ""))
                .into_iter()
                .collect()
        }
        List::ModificationsOnHold => on_hold(ctx, &own_l).into_iter().collect(),
        List::ModificationReports => one(draft(EventKind::ModificationReport, None, "")),
        List::ModificationReportConsultations => report_consultation(intro, intro_l, d),
        List::ChangeBoardVotes => change_board_vote(own, intro, d),
        List::AuthorityDecisions | List::Decisions => decision(ctx, &own_l),
        List::ApprovedForRelease => release_approved(own, &own_l, intro).into_iter().collect(),
        List::Implemented => implemented(own, &own_l, intro, d).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The first date after "issued" in an introducing sentence.
fn issued_date(intro: &str, intro_l: &str, d: DateContext) -> Option<NaiveDate> {
    intro_l
        .find("issued")
        .and_then(|i| first_date(&intro[i..], d))
}

/// `MP079 … is on hold pending …`: the reason as written, dated by the paragraph.
fn on_hold(ctx: &ItemContext<'_>, own_l: &str) -> Option<EventDraft> {
    let words = Status::OnHold.as_str();
    let i = own_l.find(words)?;
    let reason = ctx.own[i + words.len()..]
        .trim()
        .trim_end_matches('.')
        .trim();
    let date = first_date(ctx.paragraph, ctx.dates).or_else(|| ctx.intro.date());
    Some(draft(EventKind::OnHold, date, reason))
}

/// A Modification Report expected for consultation, or the consultation issued.
fn report_consultation(intro: &str, intro_l: &str, d: DateContext) -> Vec<EventDraft> {
    if intro_l.contains("expect") {
        vec![draft(EventKind::ModificationReport, None, "")]
    } else if intro_l.contains("issued") {
        let date = issued_date(intro, intro_l, d);
        vec![draft(EventKind::ReportConsultation, date, "")]
    } else {
        Vec::new()
    }
}

/// Collapses runs of whitespace to single spaces.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Change Board vote's outcome (and a rejection when it rejects).
fn change_board_vote(own: &str, intro: &Introduction<'_>, d: DateContext) -> Vec<EventDraft> {
    if lacks_ascii_word(own, "was") {
        return Vec::new();
    }
    let Some(outcome_text) = outcome_in(own) else {
        return Vec::new();
    };
    let outcome = ON_DATE_RE.replace_all(outcome_text.trim(), "");
    let outcome = squeeze(outcome.trim().trim_end_matches('.'));
    let date = first_date(own, d).or_else(|| intro.date());
    let rejected = outcome.to_lowercase().starts_with("rejected");
    let mut out = vec![draft(EventKind::ChangeBoardVote, date, outcome)];
    if rejected {
        out.push(draft(EventKind::Rejected, date, ""));
    }
    out
}

/// An Authority decision, or a Change Board decision the Summary restates.
fn decision(ctx: &ItemContext<'_>, own_l: &str) -> Vec<EventDraft> {
    let (own, intro, d) = (ctx.own, ctx.intro, ctx.dates);
    if lacks_ascii_word(own, "was") {
        return Vec::new();
    }
    let Some(outcome_text) = outcome_in(own) else {
        return Vec::new();
    };
    let outcome = outcome_text.to_lowercase();
    let date = first_date(own, d).or_else(|| intro.date());
    let mut found = Vec::new();
    if own_l.contains("change board") {
        let text = ON_DATE_RE.replace_all(outcome_text.trim(), "");
        let text = squeeze(
            &text
                .replace(" by the Change Board", "")
                .replace(" by the change board", ""),
        );
        found.push(draft(
            EventKind::ChangeBoardVote,
            date,
            text.trim_end_matches('.'),
        ));
    } else if outcome.starts_with("approved") {
        found.push(draft(EventKind::AuthorityDecision, date, "approved"));
    } else if outcome.starts_with("rejected") {
        found.push(draft(EventKind::AuthorityDecision, date, "rejected"));
    }
    if outcome.starts_with("rejected") {
        found.push(draft(EventKind::Rejected, date, ""));
    }
    if ctx.section == Section::Summary {
        for e in &mut found {
            e.telling = Telling::Restated;
        }
    }
    found
}

/// Approved for a release: `<release name> (<release date>)`, or a standalone release.
fn release_approved(own: &str, own_l: &str, intro: &Introduction<'_>) -> Option<EventDraft> {
    if own_l.contains("standalone") || intro.lower().contains("standalone") {
        let occasion = own_l
            .find("implemented on")
            .map(|i| {
                own[i + "implemented on".len()..]
                    .trim()
                    .trim_end_matches('.')
                    .to_string()
            })
            .unwrap_or_default();
        let detail = if occasion.is_empty() {
            "standalone release".to_string()
        } else {
            format!("standalone release ({occasion})")
        };
        return Some(draft(EventKind::ReleaseApproved, None, detail));
    }
    let detail = intro.release()?;
    Some(draft(EventKind::ReleaseApproved, None, detail))
}

/// Implemented in a named release (dated by the sentence), or standalone.
fn implemented(
    own: &str,
    own_l: &str,
    intro: &Introduction<'_>,
    d: DateContext,
) -> Option<EventDraft> {
    if own_l.contains("standalone release") {
        return Some(draft(
            EventKind::Implemented,
            first_date(own, d),
            "standalone release",
        ));
    }
    let (release, date) = intro.implemented_release()?;
    Some(draft(EventKind::Implemented, date, release))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ascii_text_without_the_word_lacks_it() {
        for (text, word, lacks) in [
            ("Raised by the DCC on 1 May 2019", "raised", false),
            ("RAISED BY X", "raised", false),
            ("it was rAiSeD", "raised", false),
            ("Rais ed by", "raised", true),
            ("", "was", true),
            ("W", "was", true),
            ("raiſed by", "raised", false), // not ASCII: left to the regex
        ] {
            assert_eq!(lacks_ascii_word(text, word), lacks, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The outcome read without the capturing engine is the pattern's group.
        #[test]
        fn outcomes_are_the_patterns_group(
            pre in "[a-zA-Z0-9 ,]{0,12}",
            was in "(was|WAS|Was|xwas|wa s)",
            gap in "[ \t]{1,3}",
            outcome in "(approved|Rejected|sent  back|returned|deferred|recommendedly|approve)",
            post in "[a-zA-Z0-9 ,.]{0,16}",
            end in "[ .\t]{0,4}",
            tail in "(\n[a-z ]{0,6})?",
        ) {
            let own = format!("{pre}{was}{gap}{outcome}{post}{end}{tail}");
            let by_pattern = OUTCOME_RE.captures(&own).and_then(|c| c.get(1)).map(|m| m.as_str());
            proptest::prop_assert_eq!(outcome_in(&own), by_pattern, "{:?}", own);
        }
    }

    #[test]
    fn an_introduction_is_read_once_for_all_its_items() {
        let dates = DateContext {
            report: NaiveDate::from_ymd_opt(2019, 10, 4),
        };
        let intro = Introduction::new(
            "The November 2019 SEC Release (7 November 2019) was successfully implemented on 8 November 2019:",
            dates,
        );
        for _ in 0..2 {
            assert_eq!(intro.date(), NaiveDate::from_ymd_opt(2019, 11, 7));
            assert_eq!(
                intro.release(),
                Some("November 2019 SEC Release (7 November 2019)")
            );
            assert_eq!(intro.implemented_release(), None); // `(…)` stands between
        }
        let plain = Introduction::new(
            "The November 2019 SEC Release was implemented on 8 November 2019:",
            dates,
        );
        assert_eq!(
            plain.implemented_release(),
            Some((
                "November 2019 SEC Release",
                NaiveDate::from_ymd_opt(2019, 11, 8)
            ))
        );
        assert_eq!(plain.release(), None);
        let none = Introduction::new("Working Group meetings", dates);
        assert_eq!(
            (none.date(), none.release(), none.implemented_release()),
            (None, None, None)
        );
        assert_eq!(&*none, "Working Group meetings");
    }

    fn ev(list: &str, intro: &str, own: &str) -> Vec<(EventKind, Option<String>, String)> {
        let dates = DateContext {
            report: NaiveDate::from_ymd_opt(2019, 10, 4),
        };
        let ctx = ItemContext {
            section: Section::Refine,
            list: &List::from_slug(list),
            intro: &Introduction::new(intro, dates),
            paragraph: own,
            own,
            dates,
        };
        item_events(&ctx)
            .into_iter()
            .map(|e| (e.kind, e.date.map(|d| d.to_string()), e.detail))
            .collect()
    }

    #[test]
    fn raised_by() {
        assert_eq!(
            ev(
                "new_draft_proposals",
                "",
                " was raised by the Security Sub-Committee on 20 September 2019."
            ),
            vec![(
                EventKind::Raised,
                Some("2019-09-20".into()),
                "Security Sub-Committee".into()
            )]
        );
        assert_eq!(
            ev(
                "new_draft_proposals",
                "",
                " was raised by tn the Alt HAN Company on 30 October 2019."
            ),
            vec![(
                EventKind::Raised,
                Some("2019-10-30".into()),
                "Alt HAN Company".into()
            )]
        );
        assert_eq!(
            ev(
                "new_draft_proposals",
                "",
                " was raised.by Electricity North West on 8 October 2019."
            ),
            vec![(
                EventKind::Raised,
                Some("2019-10-08".into()),
                "Electricity North West".into()
            )]
        );
    }

    #[test]
    fn votes_and_decisions() {
        let intro = "The Change Board voted on three modifications on 27 November 2019:";
        assert_eq!(
            ev(
                "change_board_votes",
                intro,
                " was rejected as a Self- Governance Modification."
            ),
            vec![
                (
                    EventKind::ChangeBoardVote,
                    Some("2019-11-27".into()),
                    "rejected as a Self- Governance Modification".into()
                ),
                (
                    EventKind::Rejected,
                    Some("2019-11-27".into()),
                    String::new()
                ),
            ]
        );
        assert_eq!(
            ev(
                "authority_decisions",
                "The Authority made one decision",
                " was approved on 18 November 2019."
            ),
            vec![(
                EventKind::AuthorityDecision,
                Some("2019-11-18".into()),
                "approved".into()
            )]
        );
        assert!(ev(
            "authority_decisions",
            "There is one Modification Proposal currently with the Authority for decision:",
            ""
        )
        .is_empty());
    }

    #[test]
    fn releases() {
        let intro = "There are currently nine modifications that are approved for implementation in the November 2019 SEC Release (7 November 2019):";
        assert_eq!(
            ev("approved_for_release", intro, ""),
            vec![(
                EventKind::ReleaseApproved,
                None,
                "November 2019 SEC Release (7 November 2019)".into()
            )]
        );
        assert_eq!(
            ev(
                "approved_for_release",
                "approved for implementation as a standalone release:",
                " is to be implemented on UK EU Exit Day."
            ),
            vec![(
                EventKind::ReleaseApproved,
                None,
                "standalone release (UK EU Exit Day)".into()
            )]
        );
        assert_eq!(
            ev("implemented", "The February 2020 SEC Release was successfully implemented on 27 February 2020. It included", ""),
            vec![(EventKind::Implemented, Some("2020-02-27".into()), "February 2020 SEC Release".into())]
        );
    }

    #[test]
    fn consultations() {
        assert_eq!(
            ev("refinement_consultations", "A Refinement Consultation for the following Modification Proposal was issued on 16 October 2019 and closed on 6 November 2019:", ""),
            vec![(EventKind::RefinementConsultation, Some("2019-10-16".into()), String::new())]
        );
        assert!(ev(
            "refinement_consultations",
            "Two new Refinement Consultations are expected to be issued this month:",
            ""
        )
        .is_empty());
        assert_eq!(
            ev("modification_report_consultations", "we are expecting the following to be issued for Modification Report Consultation in the week commencing 14 October", ""),
            vec![(EventKind::ModificationReport, None, String::new())]
        );
    }
}
