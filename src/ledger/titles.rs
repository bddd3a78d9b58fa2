//! One proposal's title, month by month.
//!
//! Spellings of a title that differ only by noise (OCR damage, a lost
//! line, a trailing full stop, `—` for `-`) are one title: its spelling is
//! the variant printed in most months, then the report's, then the more
//! frequent, then the first alphabetically (`RULES.md`). A title that
//! differs by more than noise, printed in more than one place, is a real
//! retitle: it is the title from the month it appears on. A spelling seen
//! in one place only, beside another title, is damage and is ignored.
//! The report's spellings decide which title a month has; the appendix's
//! only vote on how a title is spelt.

use crate::model::{Month, Observation, Text};
use crate::normalise::titles::{fold, similarity};
use std::collections::{BTreeMap, BTreeSet};

/// Shortest folded spelling that may be a cut or overgrown copy of a longer
/// one (shorter prefixes are too common to mean the same title).
const MIN_CONTAINED_TITLE: usize = 16;
/// How alike two spellings must be to be one title with noise: looser than
/// the evidence threshold of a repair, since a retitle changes many words.
const SAME_TITLE_SIMILARITY: f64 = 0.8;

/// True when two spellings are the same title (noise apart).
pub fn same_title(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb {
        return true;
    }
    let (short, long) = if fa.len() <= fb.len() {
        (&fa, &fb)
    } else {
        (&fb, &fa)
    };
    // a cell that lost its last line, or caught its neighbour's text
    if short.len() >= MIN_CONTAINED_TITLE
        && (long.starts_with(short.as_str()) || long.contains(short.as_str()))
    {
        return true;
    }
    similarity(&fa, &fb) >= SAME_TITLE_SIMILARITY
}

/// One spelling of a title and where it is printed.
#[derive(Debug, Default)]
struct Variant {
    /// The months printing it.
    months: BTreeSet<Month>,
    /// How many places print it.
    places: usize,
    /// True when the report (not only the appendix) prints it.
    in_report: bool,
}

/// A title and the places that print it.
#[derive(Debug, Default)]
struct Cluster {
    /// Its spellings.
    variants: BTreeMap<String, Variant>,
    /// Report places per month.
    report_months: BTreeMap<Month, usize>,
}

impl Cluster {
    fn places(&self) -> usize {
        self.variants.values().map(|v| v.places).sum()
    }

    fn representative(&self) -> &str {
        self.variants
            .iter()
            .max_by_key(|(_, v)| v.places)
            .map_or("", |(k, _)| k.as_str())
    }

    fn add(&mut self, month: Month, title: &str, in_report: bool) {
        let v = self.variants.entry(title.to_string()).or_default();
        v.months.insert(month);
        v.places += 1;
        v.in_report |= in_report;
        if in_report {
            *self.report_months.entry(month).or_default() += 1;
        }
    }

    /// The spelling that wins the vote: most months, then the report's,
    /// then most places, then the first alphabetically.
    fn spelling(&self) -> String {
        self.variants
            .iter()
            .max_by(|(ka, a), (kb, b)| {
                (a.months.len(), a.in_report, a.places)
                    .cmp(&(b.months.len(), b.in_report, b.places))
                    .then_with(|| kb.cmp(ka))
            })
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    }

    /// How many places in `month` speak for this title: report places when
    /// the report prints titles at all, else spellings printed that month.
    fn weight_in(&self, month: Month, from_report: bool) -> usize {
        if from_report {
            self.report_months.get(&month).copied().unwrap_or(0)
        } else {
            self.variants
                .values()
                .filter(|v| v.months.contains(&month))
                .count()
        }
    }
}

/// A titled place: its month and its spelling.
type Titled<'a> = (Month, &'a str);

/// Groups titled places into clusters of one title each.
fn cluster(titled: &[Titled<'_>], in_report: bool, clusters: &mut Vec<Cluster>) {
    // the most printed spellings found clusters first, so damage joins them
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, t) in titled {
        *counts.entry(t).or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = counts.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut home: BTreeMap<&str, usize> = BTreeMap::new();
    for (t, _) in order {
        let found = clusters
            .iter()
            .position(|c| same_title(c.representative(), t));
        let i = found.unwrap_or_else(|| {
            clusters.push(Cluster::default());
            clusters.len() - 1
        });
        home.insert(t, i);
        // found the cluster with its first spelling, so later ones compare against it
        if found.is_none() {
            clusters[i].variants.entry(t.to_string()).or_default();
        }
    }
    for (month, t) in titled {
        if let Some(&i) = home.get(t) {
            clusters[i].add(*month, t, in_report);
        }
    }
}

/// The titled places of one part (report or appendix), month by month.
fn titled_places<'a>(
    months: &'a BTreeMap<Month, Vec<&Observation>>,
    appendix: bool,
) -> Vec<Titled<'a>> {
    months
        .iter()
        .flat_map(|(m, places)| {
            places
                .iter()
                .filter(move |o| o.section.is_appendix() == appendix && !o.title.is_empty())
                .map(move |o| (*m, o.title.as_str()))
        })
        .collect()
}

/// The title of each month a proposal is named, by month.
pub fn reconcile(months: &BTreeMap<Month, Vec<&Observation>>) -> BTreeMap<Month, Text> {
    let (report, appendix) = (titled_places(months, false), titled_places(months, true));
    let mut clusters = Vec::new();
    cluster(&report, true, &mut clusters);
    let from_report = !clusters.is_empty();
    if from_report {
        // the appendix votes on spelling only, inside titles the report prints
        for (month, t) in &appendix {
            if let Some(c) = clusters
                .iter_mut()
                .find(|c| same_title(c.representative(), t))
            {
                c.add(*month, t, false);
            }
        }
    } else {
        cluster(&appendix, false, &mut clusters);
    }
    // spellings seen in one place only, beside another title, are damage
    let established: Vec<&Cluster> = if clusters.len() > 1 {
        clusters.iter().filter(|c| c.places() > 1).collect()
    } else {
        clusters.iter().collect()
    };
    titles_by_month(months.keys().copied(), &established, from_report)
}

/// Each month's title: the established title with most weight that month;
/// a month no title speaks for keeps the title before it (months before the
/// first title take the first).
fn titles_by_month(
    months: impl Iterator<Item = Month>,
    established: &[&Cluster],
    from_report: bool,
) -> BTreeMap<Month, Text> {
    let deciding = |month: Month| -> Option<usize> {
        established
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.weight_in(month, from_report)))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(i, n)| (*n, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    };
    // one shared copy of each spelling, however many months print it
    let spellings: Vec<Text> = established.iter().map(|c| c.spelling().into()).collect();
    let mut out = BTreeMap::new();
    let mut current: Option<usize> = None;
    let mut pending: Vec<Month> = Vec::new();
    for month in months {
        if let Some(i) = deciding(month) {
            current = Some(i);
            for p in pending.drain(..) {
                out.insert(p, spellings[i].clone());
            }
        }
        match current {
            Some(i) => {
                out.insert(month, spellings[i].clone());
            }
            None => pending.push(month),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{List, Mention, Section};

    fn place(title: &str, section: Section) -> Observation {
        Observation {
            mention: Mention::unread(""),
            title: title.into(),
            section,
            list: List::Other(Text::default()),
            page: 1,
            line: 1,
            status: None,
            dcc_cell: Text::default(),
        }
    }

    fn run(spec: &[(&str, &[(&str, Section)])]) -> Vec<(String, String)> {
        let owned: Vec<(String, Vec<Observation>)> = spec
            .iter()
            .map(|(m, ps)| {
                (
                    m.to_string(),
                    ps.iter().map(|(t, s)| place(t, *s)).collect(),
                )
            })
            .collect();
        let months: BTreeMap<Month, Vec<&Observation>> = owned
            .iter()
            .map(|(m, ps)| (m.parse().expect("a month"), ps.iter().collect()))
            .collect();
        reconcile(&months)
            .into_iter()
            .map(|(m, t)| (m.to_string(), t.to_string()))
            .collect()
    }

    const R: Section = Section::Refine;
    const A: Section = Section::DccAssessments;

    #[test]
    fn noise_is_one_title() {
        assert!(same_title(
            "Firmware updates to IHDs and PPMIDs",
            "Firmware updates to IHDs and PPMIDs."
        ));
        assert!(same_title(
            "Northbound Application Traffic Management — Alert Storm Protection",
            "Northbound Application Traffic Management - Alert Storm Protection"
        ));
        assert!(same_title(
            "Firmware updates to IHDs and PPMIDs",
            "Firmwar updates t0 IHDs and PPMlDs"
        ));
        assert!(same_title(
            "Enduring Approach to Communication Hub Firmware Management",
            "Enduring Approach to Communication Hub"
        ));
        assert!(!same_title(
            "Ensuring a managed move to DUIS version 3.1",
            "Managing DUIS uplifts"
        ));
    }

    #[test]
    fn a_retitle_holds_from_its_month() {
        let got = run(&[
            (
                "2020-01",
                &[("Ensuring a managed move to DUIS version 3.1", R)],
            ),
            (
                "2020-02",
                &[
                    ("Ensuring a managed move to DUIS version 3.1", R),
                    ("Ensuring a managed move to DUIS version 3.1", A),
                ],
            ),
            (
                "2020-03",
                &[
                    ("Managing DUIS uplifts", R),
                    ("Ensuring a managed move to DUIS version 3.1", A),
                ],
            ),
            ("2020-04", &[("Managing DUIS uplifts", R)]),
        ]);
        let titles: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Ensuring a managed move to DUIS version 3.1",
                "Ensuring a managed move to DUIS version 3.1",
                "Managing DUIS uplifts",
                "Managing DUIS uplifts"
            ]
        );
    }

    #[test]
    fn damage_in_one_place_loses() {
        let got = run(&[
            ("2020-01", &[("Pairing Local PPMIDs", R)]),
            ("2020-02", &[("Pa1r!ng Lxcal PPM", R)]),
            (
                "2020-03",
                &[("Pairing Local PPMIDs", R), ("Pairing Local PPMIDs.", A)],
            ),
        ]);
        assert!(
            got.iter().all(|(_, t)| t == "Pairing Local PPMIDs"),
            "{got:?}"
        );
    }

    #[test]
    fn spelling_goes_to_most_months_then_the_report() {
        let got = run(&[
            (
                "2020-01",
                &[
                    ("Extending the Self-Service Interface", R),
                    ("Extending the self-service Interface", A),
                ],
            ),
            (
                "2020-02",
                &[
                    ("Extending the Self-Service Interface", R),
                    ("Extending the self-service Interface", A),
                ],
            ),
        ]);
        assert_eq!(got[0].1, "Extending the Self-Service Interface");
    }

    #[test]
    fn months_without_a_title_take_the_nearest() {
        let got = run(&[
            ("2020-01", &[("", R)]),
            ("2020-02", &[("Prioritising Service Requests", A)]),
            ("2020-03", &[("", R)]),
        ]);
        assert!(
            got.iter()
                .all(|(_, t)| t == "Prioritising Service Requests"),
            "{got:?}"
        );
    }
}
