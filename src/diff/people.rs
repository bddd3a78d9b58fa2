//! Month against month, for people: the same [`Change`]s as `changes.csv`,
//! grouped the way a person tells them (new, gone, stage moves, slipped
//! dates, everything else), one line per change with the proposal's
//! reference and title.
//!
//! In: the sorted changes of [`super::diff`] between two months. Out:
//! [`group_for_people`]'s groups (shared by `diff --format markdown` and the
//! HTML report) and [`markdown`], the text ready to paste into an email.
//! The earlier month is always "before", as in `changes.csv`. Texts are
//! shown as they are, without the CSV's protecting `'` before a
//! formula-looking one.

use crate::ledger::schema::{text_cell, AssessmentRecord};
use crate::model::{Change, ChangeClass, ChangeKind, Month};
use std::fmt::Write as _;

/// How a person groups what happened between two months, in telling order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Proposals named for the first time.
    New,
    /// Proposals no longer named.
    Gone,
    /// Stages that moved, either way.
    StageMoves,
    /// DCC target dates that moved, later or earlier.
    SlippedDates,
    /// Everything else: retitles, conversions, statuses, other dates.
    Other,
}

impl Group {
    /// Every group, in telling order.
    pub const ALL: [Group; 5] = [
        Group::New,
        Group::Gone,
        Group::StageMoves,
        Group::SlippedDates,
        Group::Other,
    ];

    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Group::New => "New",
            Group::Gone => "Gone",
            Group::StageMoves => "Stage moves",
            Group::SlippedDates => "Slipped dates",
            Group::Other => "Other changes",
        }
    }

    /// How a count of the group's lines reads (`4 stage move(s)`).
    pub fn counted(self, n: usize) -> String {
        let what = match self {
            Group::New => "new",
            Group::Gone => "gone",
            Group::StageMoves => "stage move(s)",
            Group::SlippedDates => "slipped date(s)",
            Group::Other => "other change(s)",
        };
        format!("{n} {what}")
    }

    /// The group a kind of change belongs to.
    pub fn of(kind: ChangeKind) -> Group {
        match kind {
            ChangeKind::Added => Group::New,
            ChangeKind::Removed => Group::Gone,
            ChangeKind::Advanced | ChangeKind::Reversed => Group::StageMoves,
            ChangeKind::Slipped | ChangeKind::BroughtForward => Group::SlippedDates,
            _ => Group::Other,
        }
    }
}

/// One line for people: which proposal, and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    /// The proposal's number (`53`, `85A`).
    pub number: String,
    /// Its reference (`MP124`).
    pub reference: String,
    /// Its title (the later month's, else the earlier's).
    pub title: String,
    /// What happened, in words (`refine → opine`, `slipped 63 days: …`).
    pub what: String,
}

/// The changes in their groups, in telling order; groups with no change
/// are left out. Lines keep the changes' order (by number, then field);
/// the values of an assessment first (or no longer) reported are one line.
pub fn group_for_people(changes: &[Change]) -> Vec<(Group, Vec<ChangeLine>)> {
    let mut groups: Vec<(Group, Vec<ChangeLine>)> =
        Group::ALL.iter().map(|g| (*g, Vec::new())).collect();
    let mut i = 0;
    while i < changes.len() {
        let c = &changes[i];
        let run = reported_run(&changes[i..]);
        let what = if run > 1 {
            whole_assessment(&changes[i..i + run])
        } else {
            what_happened(c)
        };
        if let Some((_, lines)) = groups.iter_mut().find(|(g, _)| *g == Group::of(c.kind)) {
            lines.push(ChangeLine {
                number: c.number.clone(),
                reference: c.reference.clone(),
                title: text_cell::unescape(&c.title).to_string(),
                what,
            });
        }
        i += run.max(1);
    }
    groups.retain(|(_, lines)| !lines.is_empty());
    groups
}

/// The assessment a field names (`IA.appendix` of `IA.appendix.target`).
fn assessment_of(field: &str) -> Option<&str> {
    field.rsplit_once('.').map(|(a, _)| a)
}

/// How many changes from the first are one assessment first (or no longer)
/// reported: the same proposal, assessment and kind.
fn reported_run(changes: &[Change]) -> usize {
    let Some(first) = changes.first() else {
        return 0;
    };
    if !matches!(
        first.kind,
        ChangeKind::FirstReported | ChangeKind::NotReported
    ) {
        return 1;
    }
    let key = (&first.number, assessment_of(&first.field), first.kind);
    changes
        .iter()
        .take_while(|c| (&c.number, assessment_of(&c.field), c.kind) == key)
        .count()
}

/// One line for an assessment first (or no longer) reported, with its values.
fn whole_assessment(run: &[Change]) -> String {
    let first = &run[0];
    let which = assessment_of(&first.field).unwrap_or_default();
    let column_order = |c: &&Change| {
        let column = c.field.rsplit('.').next().unwrap_or_default();
        AssessmentRecord::COMPARED.iter().position(|x| *x == column)
    };
    let mut run: Vec<&Change> = run.iter().collect();
    run.sort_by_key(column_order);
    let values: Vec<String> = run
        .iter()
        .map(|c| {
            let column = c.field.rsplit('.').next().unwrap_or_default();
            let value = if first.kind == ChangeKind::FirstReported {
                &c.after
            } else {
                &c.before
            };
            format!("{column} {value}")
        })
        .collect();
    let verb = match first.kind {
        ChangeKind::FirstReported => "first reported",
        _ => "no longer reported",
    };
    format!("`{which}` {verb} ({})", values.join(", "))
}

/// `N day(s)`.
fn days(n: i64) -> String {
    let n = n.abs();
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// `(N day(s) later)` or `(… earlier)` for a date that moved, else nothing.
fn how_far(c: &Change) -> String {
    match c.days {
        Some(d) if d > 0 => format!(" ({} later)", days(d)),
        Some(d) if d < 0 => format!(" ({} earlier)", days(d)),
        _ => String::new(),
    }
}

/// What one change says, in words.
pub fn what_happened(c: &Change) -> String {
    let (b, a, f) = (
        text_cell::unescape(&c.before),
        text_cell::unescape(&c.after),
        &c.field,
    );
    match c.kind {
        ChangeKind::Added => format!("named for the first time, in {a}"),
        ChangeKind::Removed => format!("no longer named; was in {b}"),
        ChangeKind::Advanced => format!("advanced {b} → {a}"),
        ChangeKind::Reversed => format!("went back {b} → {a}"),
        ChangeKind::Converted => format!("converted from {b} to {a}"),
        ChangeKind::Retitled if b.is_empty() => "title first given".to_string(),
        ChangeKind::Retitled if a.is_empty() => format!("no title given; was “{b}”"),
        ChangeKind::Retitled => format!("retitled; was “{b}”"),
        ChangeKind::Slipped => format!("slipped {}: `{f}` {b} → {a}", days(c.days.unwrap_or(0))),
        ChangeKind::BroughtForward => {
            format!(
                "brought forward {}: `{f}` {b} → {a}",
                days(c.days.unwrap_or(0))
            )
        }
        ChangeKind::FirstReported => format!("`{f}` first reported: {a}"),
        ChangeKind::NotReported => format!("`{f}` no longer reported; was {b}"),
        ChangeKind::Increased | ChangeKind::Decreased => {
            format!("`{f}` {b} → {a} ({})", c.kind.as_str())
        }
        _ if b.is_empty() => format!("`{f}` set to {a}"),
        _ if a.is_empty() => format!("`{f}` cleared; was {b}"),
        _ => format!("`{f}` {b} → {a}{}", how_far(c)),
    }
}

/// Escapes the characters Markdown would read as formatting in a title.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The changes between two months as Markdown: a heading naming the
/// months (the earlier first), a count of each group, then each group's
/// lines (`- MP124 Title — what happened`).
pub fn markdown(from: Month, to: Month, changes: &[Change]) -> String {
    let groups = group_for_people(changes);
    let mut out = format!("# Changes from {from} to {to}\n\n");
    let counts: Vec<String> = groups
        .iter()
        .map(|(g, lines)| g.counted(lines.len()))
        .collect();
    let values = changes
        .iter()
        .filter(|c| c.change == ChangeClass::Changed)
        .count();
    let _ = writeln!(
        out,
        "The earlier month ({from}) is \"before\", the later ({to}) \"after\", as in changes.csv. {}; {values} changed value(s) in all.",
        if counts.is_empty() {
            "Nothing changed".to_string()
        } else {
            counts.join(", ")
        }
    );
    for (g, lines) in &groups {
        let _ = write!(out, "\n## {} ({})\n\n", g.heading(), lines.len());
        for l in lines {
            let title = if l.title.is_empty() {
                String::new()
            } else {
                format!(" {}", escape(&l.title))
            };
            let _ = writeln!(out, "- {}{title} — {}", l.reference, l.what);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        kind: ChangeKind,
        field: &str,
        before: &str,
        after: &str,
        days: Option<i64>,
    ) -> Change {
        Change {
            number: "124".into(),
            reference: "MP124".into(),
            field: field.into(),
            before: before.into(),
            after: after.into(),
            change: match kind {
                ChangeKind::Added => ChangeClass::Added,
                ChangeKind::Removed => ChangeClass::Removed,
                _ => ChangeClass::Changed,
            },
            title: "Pairing_Windows *v2*".into(),
            kind,
            days,
        }
    }

    #[test]
    fn every_kind_is_told_in_its_group_in_words() {
        use ChangeKind::*;
        for (kind, field, b, a, days, group, words) in [
            (
                Added,
                "",
                "",
                "refine",
                None,
                Group::New,
                "named for the first time, in refine",
            ),
            (
                Removed,
                "",
                "closed",
                "",
                None,
                Group::Gone,
                "no longer named; was in closed",
            ),
            (
                Advanced,
                "stage",
                "refine",
                "opine",
                None,
                Group::StageMoves,
                "advanced refine → opine",
            ),
            (
                Reversed,
                "stage",
                "opine",
                "refine",
                None,
                Group::StageMoves,
                "went back opine → refine",
            ),
            (
                Slipped,
                "IA.appendix.target",
                "2021-04-19",
                "2021-06-21",
                Some(63),
                Group::SlippedDates,
                "slipped 63 days: `IA.appendix.target` 2021-04-19 → 2021-06-21",
            ),
            (
                BroughtForward,
                "IA.appendix.target",
                "2021-06-21",
                "2021-06-20",
                Some(-1),
                Group::SlippedDates,
                "brought forward 1 day: `IA.appendix.target` 2021-06-21 → 2021-06-20",
            ),
            (
                Converted,
                "ref",
                "DP124",
                "MP124",
                None,
                Group::Other,
                "converted from DP124 to MP124",
            ),
            (
                Retitled,
                "title",
                "Old",
                "New",
                None,
                Group::Other,
                "retitled; was “Old”",
            ),
            (
                Changed,
                "status",
                "working group",
                "",
                None,
                Group::Other,
                "`status` cleared; was working group",
            ),
            (
                Changed,
                "dcc_date",
                "2020-02-27",
                "2020-03-26",
                Some(28),
                Group::Other,
                "`dcc_date` 2020-02-27 → 2020-03-26 (28 days later)",
            ),
            (
                Later,
                "IA.report.requested",
                "2019-12-02",
                "2019-12-03",
                Some(1),
                Group::Other,
                "`IA.report.requested` 2019-12-02 → 2019-12-03 (1 day later)",
            ),
            (
                Earlier,
                "IA.report.delivered",
                "2019-12-03",
                "2019-11-03",
                Some(-30),
                Group::Other,
                "`IA.report.delivered` 2019-12-03 → 2019-11-03 (30 days earlier)",
            ),
            (
                Decreased,
                "IA.report.target_wd",
                "30",
                "25",
                None,
                Group::Other,
                "`IA.report.target_wd` 30 → 25 (decreased)",
            ),
            (
                Set,
                "PA.report.delivered",
                "",
                "2021-05-03",
                None,
                Group::Other,
                "`PA.report.delivered` set to 2021-05-03",
            ),
            (
                Cleared,
                "PA.report.elapsed_wd",
                "23",
                "",
                None,
                Group::Other,
                "`PA.report.elapsed_wd` cleared; was 23",
            ),
            (
                NotReported,
                "PA.appendix.target",
                "2020-11-04",
                "",
                None,
                Group::Other,
                "`PA.appendix.target` no longer reported; was 2020-11-04",
            ),
        ] {
            let c = change(kind, field, b, a, days);
            assert_eq!(Group::of(kind), group, "{kind:?}");
            assert_eq!(what_happened(&c), words, "{kind:?}");
        }
    }

    #[test]
    fn an_assessment_first_reported_is_one_line_with_its_values_in_column_order() {
        let changes = [
            change(
                ChangeKind::FirstReported,
                "PA.report.elapsed_wd",
                "",
                "5",
                None,
            ),
            change(
                ChangeKind::FirstReported,
                "PA.report.requested",
                "",
                "2021-05-24",
                None,
            ),
            change(
                ChangeKind::FirstReported,
                "PA.report.target_wd",
                "",
                "15",
                None,
            ),
            change(
                ChangeKind::Changed,
                "status",
                "raised",
                "working group",
                None,
            ),
        ];
        let groups = group_for_people(&changes);
        assert_eq!(groups.len(), 1);
        let whats: Vec<&str> = groups[0].1.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "`PA.report` first reported (requested 2021-05-24, target_wd 15, elapsed_wd 5)",
                "`status` raised → working group"
            ]
        );
    }

    #[test]
    fn markdown_names_the_months_earlier_first_and_escapes_titles() {
        let from: Month = "2021-05".parse().unwrap();
        let to: Month = "2021-06".parse().unwrap();
        let md = markdown(
            from,
            to,
            &[change(ChangeKind::Added, "", "", "refine", None)],
        );
        assert_eq!(
            md,
            "# Changes from 2021-05 to 2021-06\n\n\
             The earlier month (2021-05) is \"before\", the later (2021-06) \"after\", as in changes.csv. 1 new; 0 changed value(s) in all.\n\n\
             ## New (1)\n\n\
             - MP124 Pairing\\_Windows \\*v2\\* — named for the first time, in refine\n"
        );
        assert!(markdown(from, to, &[]).contains("Nothing changed; 0 changed value(s)"));
    }
}
