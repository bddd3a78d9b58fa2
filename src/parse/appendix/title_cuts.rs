//! The delivery table's title lines (plain `pdftotext`) cut into title
//! cells, block by block.
//!
//! ```text
//! 0053                                   <- titled reference, 2 statuses above
//! Amend Target Response Times            \
//! ...                                     | one block of title lines: the
//! Smart Meter infrastructure              | titles of 0053 and of the rows
//! Northbound Application Traffic          | below it whose references
//! Management - Alert Storm               /  stand alone further down
//! No outstanding ... (x3)                <- three rows' statuses
//! 0067                                   <- so 0067 sits three rows lower
//! ```
//! In: the title lines in order, how many cells are wanted, the lines of
//! the references (no title crosses one), and floors (at least so many
//! cells begin before a titled reference's first line: one per status read
//! above it, the first pass going down the rows with a status per row).
//! Floors are one per titled reference, in order. Out: the lines joined
//! into cells. Floors are met first (none so high that the titled
//! references below it would lack cells), each with the
//! likeliest cuts of the lines above it; then cuts are made, likeliest
//! first, until there are as many cells as wanted. A cut is likely where a
//! line is unlikely to wrap into the next ([`wrap_score`]); between equally
//! likely cuts, the one that leaves the shorter longest title (a block's
//! titles are names of like lengths, not one long and one a word).

use super::cell_tables::wrap_score;
use crate::parse::cell_lines::Cell;
use crate::worker::check_deadline;

/// At least `cells` title cells begin before title line `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Floor {
    /// The first title line of a titled reference.
    pub at: usize,
    /// Title cells that must begin before it.
    pub cells: usize,
}

/// Cost of cutting between two lines: how likely the second is the first's
/// wrap; `None` where it cannot be (a reference or page between). A line
/// ending a sentence (`Communications Hubs.`) ends its title.
fn cut_cost(a: &Cell<'_>, b: &Cell<'_>, longest: usize, anchors: &[u32]) -> Option<u32> {
    let score = wrap_score(a, b, longest, anchors)?;
    Some(if a.text.trim_end().ends_with('.') {
        0
    } else {
        score
    })
}

/// The cell lengths (characters) on either side of boundary `k` were it
/// cut, the larger of the two.
fn longest_piece_if_cut(lens: &[usize], cut: &[bool], k: usize) -> usize {
    let start = (0..k).rev().find(|&j| cut[j]).map_or(0, |j| j + 1);
    let end = (k + 1..cut.len()).find(|&j| cut[j]).unwrap_or(cut.len());
    let above: usize = lens[start..=k].iter().sum();
    let below: usize = lens[k + 1..=end].iter().sum();
    above.max(below)
}

/// The likeliest boundary in `range` not yet cut.
fn best_cut(
    costs: &[Option<u32>],
    cut: &[bool],
    lens: &[usize],
    range: std::ops::Range<usize>,
) -> Option<usize> {
    (range.start..range.end.min(cut.len()))
        .filter(|&k| !cut[k])
        .filter_map(|k| costs[k].map(|c| (c, longest_piece_if_cut(lens, cut, k), k)))
        .min()
        .map(|(_, _, k)| k)
}

/// Cells that begin before title line `at`.
fn cells_before(cut: &[bool], at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    1 + cut[..(at - 1).min(cut.len())]
        .iter()
        .filter(|c| **c)
        .count()
}

/// Joins the title lines into cells: `want` of them (one per reference,
/// the references on lines `anchors`), each floor met.
pub fn cut_titles(titles: &mut Vec<Cell<'_>>, want: usize, anchors: &[u32], floors: &[Floor]) {
    if titles.len() <= want {
        return;
    }
    let longest = titles
        .iter()
        .map(|c| c.text.chars().count())
        .max()
        .unwrap_or(0);
    let lens: Vec<usize> = titles.iter().map(|c| c.text.chars().count() + 1).collect();
    let costs: Vec<Option<u32>> = (0..titles.len() - 1)
        .map(|k| cut_cost(&titles[k], &titles[k + 1], longest, anchors))
        .collect();
    let mut cut: Vec<bool> = costs.iter().map(Option::is_none).collect();
    let mut floors = floors.to_vec();
    floors.sort_by_key(|f| f.at);
    let mut block_start = 0;
    let titled = floors.len();
    for (i, f) in floors.iter().enumerate() {
        let end = f.at.saturating_sub(1);
        // each titled reference from here on owns a cell of its own (a status
        // read before its row's reference must not take it)
        let least = f.cells.min(want.saturating_sub(titled - i));
        while cells_before(&cut, f.at) < least {
            check_deadline();
            // the statuses above a reference are most likely the rows of the block just above it
            let Some(k) = best_cut(&costs, &cut, &lens, block_start.min(end)..end)
                .or_else(|| best_cut(&costs, &cut, &lens, 0..end))
            else {
                break;
            };
            cut[k] = true;
        }
        block_start = f.at;
    }
    while 1 + cut.iter().filter(|c| **c).count() < want {
        check_deadline();
        let Some(k) = best_cut(&costs, &cut, &lens, 0..cut.len()) else {
            break;
        };
        cut[k] = true;
    }
    for k in (0..cut.len()).rev().filter(|&k| !cut[k]) {
        let tail = titles.remove(k + 1);
        titles[k].text.push(' ');
        titles[k].text.push_str(&tail.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Line;

    /// A block of title lines under a reference, with its floor if any.
    type Block<'a> = (Option<usize>, &'a [&'a str]);

    /// Title lines with a reference (an anchor) before each block; the
    /// block's first line is given the floor `cells` when `Some`.
    fn cut(blocks: &[Block<'_>], want: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut anchors = Vec::new();
        let mut starts = Vec::new();
        let mut n = 1u32;
        for (floor, block) in blocks {
            anchors.push(n);
            n += 1;
            starts.push((lines.len(), *floor));
            for t in *block {
                lines.push(Line::from_text(1, n, t));
                n += 1;
            }
        }
        let mut titles: Vec<Cell<'_>> = lines
            .iter()
            .map(|l| Cell {
                text: l.text.clone(),
                line: l,
            })
            .collect();
        let floors: Vec<Floor> = starts
            .iter()
            .filter_map(|&(at, f)| f.map(|cells| Floor { at, cells }))
            .collect();
        cut_titles(&mut titles, want, &anchors, &floors);
        titles.into_iter().map(|c| c.text).collect()
    }

    const MERGED: &[&str] = &[
        "Amend Target Response Times",
        "for Service Requests Critical to",
        "Installation and Commissioning",
        "Processes",
        "Allow DNOs to control Electric",
        "Vehicle chargers connected to",
        "Smart Meter infrastructure",
        "Northbound Application Traffic",
        "Management - Alert Storm",
        "Protection",
    ];
    const TWO: &[&str] = &[
        "Enduring Approach to",
        "Communication Hub Firmware",
        "Management",
        "Advanced Shipment Notifications",
        "(ASN) for Consignment of",
        "Communications Hubs.",
        "Service Request Traffic",
        "Management",
    ];

    #[test]
    fn blocks_are_cut_into_the_titles_their_floors_and_the_count_ask() {
        let amend = "Amend Target Response Times for Service Requests Critical to Installation and Commissioning Processes";
        let allow = "Allow DNOs to control Electric Vehicle chargers connected to Smart Meter infrastructure";
        let north = "Northbound Application Traffic Management - Alert Storm Protection";
        let enduring = "Enduring Approach to Communication Hub Firmware Management";
        let asn = "Advanced Shipment Notifications (ASN) for Consignment of Communications Hubs.";
        let srt = "Service Request Traffic Management";
        let cases: &[(&[Block<'_>], usize, &[&str])] = &[
            // three statuses above the next titled reference: the merged block holds three
            // titles (equal costs: the cut leaving no title much longer than the others)
            (
                &[(Some(0), MERGED), (Some(3), &["GPF timestamp"])],
                4,
                &[amend, allow, north, "GPF timestamp"],
            ),
            // a sentence's end ends a title; the count asks for three in one block
            (&[(Some(0), TWO)], 3, &[enduring, asn, srt]),
            // a floor too high for the titled references below it is lowered
            (
                &[(Some(0), MERGED), (Some(6), &["GPF timestamp"])],
                4,
                &[amend, allow, north, "GPF timestamp"],
            ),
            // as many lines as wanted: nothing joined
            (
                &[
                    (None, &["Change Coordination"]),
                    (None, &["Sending Commands"]),
                ],
                2,
                &["Change Coordination", "Sending Commands"],
            ),
        ];
        for (blocks, want, expected) in cases {
            assert_eq!(cut(blocks, *want), *expected, "{blocks:?}");
        }
    }
}
