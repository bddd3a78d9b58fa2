//! Titles as evidence, indexed so that finding "the same title" costs about
//! as much as the titles it could be, not as every title of the archive.
//!
//! In: `(proposal, month, title)` evidence. Out: for a query title, every
//! `(proposal, month)` whose title is the same title within OCR noise
//! ([`SAME_TITLE_SIMILARITY`]), exactly as comparing the query with every
//! piece of evidence would say. Titles are kept once each (folded); only
//! those whose length could be that similar are looked at; a bigram count
//! rules out most of those before the edit distance is computed; answers
//! are remembered per query. A budget of comparisons bounds the work on a
//! hostile archive: past it, only exact (folded) matches are found.

use super::repair::SAME_TITLE_SIMILARITY;
use crate::model::{Month, ProposalId};
use crate::normalise::titles::{fold, similarity_of_folded};
use std::collections::{BTreeSet, HashMap};

/// Edit-distance comparisons one index may make: enough for an archive of
/// ten thousand reports with a few unreadable references each, far below
/// what would keep a run busy for minutes.
pub const MAX_COMPARISONS: u64 = 5_000_000;

/// Which proposals, in which months, a piece of evidence points to.
pub type Pointing = BTreeSet<(ProposalId, Month)>;

/// One distinct title and where it is printed.
struct Entry {
    folded: String,
    chars: usize,
    /// Its character bigrams, sorted (for the count filter).
    bigrams: Vec<(char, char)>,
    seen: Pointing,
}

/// The evidence titles, indexed.
pub struct TitleIndex {
    /// Entries sorted by length in characters.
    entries: Vec<Entry>,
    exact: HashMap<String, usize>,
    answers: HashMap<String, Vec<usize>>,
    comparisons: u64,
    /// True once the budget ran out (only exact matches from then on).
    pub limited: bool,
}

/// The sorted character bigrams of a folded title.
fn bigrams(folded: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = folded.chars().collect();
    let mut b: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    b.sort_unstable();
    b
}

/// How many bigrams two sorted bigram lists share (with multiplicity).
fn shared(a: &[(char, char)], b: &[(char, char)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl TitleIndex {
    /// Indexes `(proposal, month, title)` evidence (empty titles are none).
    pub fn new<'a>(evidence: impl IntoIterator<Item = (ProposalId, Month, &'a str)>) -> TitleIndex {
        let mut by_title: HashMap<String, Pointing> = HashMap::new();
        for (id, month, title) in evidence {
            if !title.is_empty() {
                by_title.entry(fold(title)).or_default().insert((id, month));
            }
        }
        let mut entries: Vec<Entry> = by_title
            .into_iter()
            .map(|(folded, seen)| Entry {
                chars: folded.chars().count(),
                bigrams: bigrams(&folded),
                folded,
                seen,
            })
            .collect();
        entries.sort_by(|a, b| (a.chars, &a.folded).cmp(&(b.chars, &b.folded)));
        let exact = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.folded.clone(), i))
            .collect();
        TitleIndex {
            entries,
            exact,
            answers: HashMap::new(),
            comparisons: 0,
            limited: false,
        }
    }

    /// Every `(proposal, month)` printing the same title as `title`.
    pub fn same_title(&mut self, title: &str) -> Pointing {
        if title.is_empty() {
            return Pointing::new();
        }
        let folded = fold(title);
        let hits = match self.answers.get(&folded) {
            Some(hits) => hits.clone(),
            None => {
                let hits = self.search(&folded);
                if !self.limited {
                    self.answers.insert(folded, hits.clone());
                }
                hits
            }
        };
        hits.iter()
            .flat_map(|&i| self.entries[i].seen.iter().copied())
            .collect()
    }

    /// The entries whose title is `folded`'s within noise.
    fn search(&mut self, folded: &str) -> Vec<usize> {
        let exact = self.exact.get(folded).copied();
        if self.limited {
            return exact.into_iter().collect();
        }
        let n = folded.chars().count();
        let least = SAME_TITLE_SIMILARITY;
        // lengths that could be that alike: |n − m| ≤ (1 − least)·max(n, m), one spare either way
        let lo = ((n as f64 * least).floor() as usize).saturating_sub(1);
        let hi = (n as f64 / least).ceil() as usize + 1;
        let start = self.entries.partition_point(|e| e.chars < lo);
        let query = bigrams(folded);
        let mut hits = Vec::new();
        for (i, e) in self.entries.iter().enumerate().skip(start) {
            if e.chars > hi {
                break;
            }
            if Some(i) == exact {
                hits.push(i);
                continue;
            }
            let longest = n.max(e.chars);
            // an edit distance of k leaves at least longest − 1 − 2k bigrams shared
            let k = ((1.0 - least) * longest as f64).floor() as usize;
            let needed = (longest.saturating_sub(1)).saturating_sub(2 * k);
            if shared(&query, &e.bigrams) < needed {
                continue;
            }
            self.comparisons += 1;
            if similarity_of_folded(&e.folded, folded) >= least {
                hits.push(i);
            }
        }
        if self.comparisons > MAX_COMPARISONS {
            self.limited = true;
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::titles::similarity;

    fn id(n: u32) -> ProposalId {
        ProposalId {
            number: n,
            split: None,
        }
    }

    #[test]
    fn the_index_finds_what_comparing_with_every_title_finds() {
        let m: Month = "2021-04".parse().unwrap();
        let titles = [
            "Consumer Device Pairing Windows",
            "Consumer Device Pairing Windows.",
            "Consumer Devlce Pairing W1ndows",
            "Head-End Certificate Rotation",
            "Rotating Head-End Certificates Without Service Interruption",
            "Gas Proxy Clock Drift Reporting",
            "Tariffs, Tokens and \"Top-Up\" Limits",
            "Smart",
            "Smarts",
        ];
        let evidence: Vec<(ProposalId, Month, &str)> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| (id(i as u32 + 1), m, *t))
            .collect();
        let mut index = TitleIndex::new(evidence.iter().copied());
        for q in titles.iter().chain(&[
            "Consumer Device Pairing Wind",
            "",
            "Tarifs Tokens and Top Up Limits",
        ]) {
            let want: Pointing = evidence
                .iter()
                .filter(|(_, _, t)| !q.is_empty() && similarity(t, q) >= SAME_TITLE_SIMILARITY)
                .map(|(i, m, _)| (*i, *m))
                .collect();
            assert_eq!(index.same_title(q), want, "{q:?}");
        }
        assert!(!index.limited);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::normalise::titles::similarity;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_index_agrees_with_brute_force(
            titles in prop::collection::vec("[abc ]{0,14}", 1..30),
            queries in prop::collection::vec("[abc ]{0,14}", 1..10),
        ) {
            let m: Month = "2021-04".parse().unwrap();
            let evidence: Vec<(ProposalId, Month, &str)> = titles
                .iter()
                .enumerate()
                .map(|(i, t)| (ProposalId { number: i as u32 + 1, split: None }, m, t.as_str()))
                .collect();
            let mut index = TitleIndex::new(evidence.iter().copied());
            for q in &queries {
                let want: Pointing = evidence
                    .iter()
                    .filter(|(_, _, t)| !q.is_empty() && !t.is_empty() && similarity(t, q) >= SAME_TITLE_SIMILARITY)
                    .map(|(i, m, _)| (*i, *m))
                    .collect();
                prop_assert_eq!(index.same_title(q), want, "{:?}", q);
            }
        }
    }
}
