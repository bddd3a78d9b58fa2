//! Stage 4 for the DCC's Appendix A: the delivery-dates table and the
//! implementation-status, no-system-impact and no-further-assessment tables.
//!
//! ```text
//! Enduring Approach to
//! 0024 Communication Hub Firmware PA in progress | 05/07/2019 03/07/2019 PA in progress
//! Management
//! ```
//! In: the lines of one appendix table. Out: its observations and
//! assessments in `Found`. A row is anchored on the line holding its bare
//! reference (`0024`, `007`, `O`); its title may wrap above and below that
//! line ([`rows`]). Each table is read by one of four named strategies
//! ([`RowReader`]), chosen once per table in [`choose_reader`]: cells by the
//! header's columns when the text has positions and the header names them,
//! else in printed order (delivery table) or by where the status phrase
//! starts (status tables).

pub mod cell_tables;
pub mod cells;
pub mod date_rows;
pub mod delivery;
pub mod delivery_cells;
pub mod rows;
pub mod status_tables;
pub mod title_cuts;

use super::columns::{snap_to_body, snap_to_rulings, Column};
use super::{Found, SegmentContext};
use crate::layout::Line;
use crate::model::{Family, Mention, Reference, Section};
use crate::normalise::ids::{parse_bare_ref, ref_matches};
use crate::normalise::titles::fold;
use rows::{
    group_rows, header_columns, is_header_line, regroup_by_spacing, split_rows_without_reference,
    TableKind, TableRow,
};

/// How the rows of one appendix table are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowReader {
    /// Delivery table, each word in the header column it sits under.
    DeliveryByColumn,
    /// Delivery table, the date cells in printed order (OCR text).
    DeliveryInOrder,
    /// Status table, by its header's Title and Status columns.
    StatusByColumn,
    /// Status table, the status starting at its phrase or date.
    StatusByPhrase,
}

/// The one place a table's reader is chosen: by the table's kind, whether
/// its text has positions, and what its header names.
pub fn choose_reader(section: Section, positional: bool, columns: &[Column]) -> RowReader {
    let names = |what: &str| columns.iter().any(|c| fold(&c.name).contains(what));
    match section {
        Section::DccAssessments if positional && delivery::reads_by_column(columns) => {
            RowReader::DeliveryByColumn
        }
        Section::DccAssessments => RowReader::DeliveryInOrder,
        _ if positional && names("title") && names("status") => RowReader::StatusByColumn,
        _ => RowReader::StatusByPhrase,
    }
}

/// Parses one appendix segment into `found`.
pub fn parse_appendix_segment(ctx: &SegmentContext<'_>, lines: &[&Line], found: &mut Found) {
    let cells_per_line = !ctx.positional && ctx.section != Section::DccAssessments;
    if cells_per_line && cell_tables::read_status_tables(ctx, lines, found) {
        return;
    }
    let delivery = ctx.section == Section::DccAssessments;
    if delivery && !ctx.positional && delivery_cells::cells_stand_alone(lines, ctx) {
        delivery_cells::read_delivery_table(ctx, lines, found);
        return;
    }
    let kind = if ctx.section == Section::DccAssessments {
        TableKind::DeliveryDates
    } else {
        TableKind::Status
    };
    let mut rows = group_rows(lines, kind);
    if ctx.positional {
        regroup_by_spacing(&mut rows);
    }
    let rows = split_rows_without_reference(rows, kind);
    let columns = if ctx.positional {
        positional_columns(ctx, lines, &rows)
    } else {
        Vec::new()
    };
    let reader = choose_reader(ctx.section, ctx.positional, &columns);
    for row in rows {
        let mention = appendix_mention(&row.raw_ref);
        match reader {
            RowReader::DeliveryByColumn => {
                let cells = delivery::cells_by_column(&row, &columns, ctx.dates);
                delivery::delivery_row(ctx, row.anchor, mention, cells, found);
            }
            RowReader::DeliveryInOrder => {
                let cells = delivery::cells_in_order(&row, ctx.dates);
                delivery::delivery_row(ctx, row.anchor, mention, cells, found);
            }
            RowReader::StatusByColumn => {
                status_tables::row_by_column(ctx, &row, mention, &columns, found)
            }
            RowReader::StatusByPhrase => status_tables::row_by_phrase(ctx, &row, mention, found),
        }
    }
}

/// The header's columns, their left edges moved to the table's rulings
/// (ruled table) or to where the body's cells start (borderless table).
fn positional_columns(
    ctx: &SegmentContext<'_>,
    lines: &[&Line],
    rows: &[TableRow<'_>],
) -> Vec<Column> {
    let mut cols = header_columns(lines);
    let ruled = lines
        .iter()
        .find(|l| is_header_line(&l.text))
        .is_some_and(|h| snap_to_rulings(&mut cols, ctx.rulings, h.page, h.y));
    if !ruled {
        let body: Vec<&Line> = rows.iter().flat_map(TableRow::lines).collect();
        snap_to_body(&mut cols, &body);
    }
    cols
}

/// The mention of an appendix reference: bare numbers ≥ 70 are written MP.
fn appendix_mention(raw: &str) -> Mention {
    match parse_bare_ref(raw) {
        Some(id) => {
            let family = ref_matches(raw)
                .next()
                .map_or(Family::Mp, |m| m.reference.family);
            Mention {
                reference: Some(Reference::new(id, family)),
                raw: raw.into(),
            }
        }
        None => Mention::unread(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AssessmentType, DccAssessmentStatus, List};
    use crate::normalise::dates::DateContext;

    /// Parses `text` lines as one appendix table.
    fn parse_table(section: Section, list: &str, text: &[&str], positional: bool) -> Found {
        let ls = lines(text);
        let refs: Vec<&Line> = ls.iter().collect();
        let mut found = Found::default();
        let list = List::from_slug(list);
        let ctx = SegmentContext {
            section,
            list: &list,
            positional,
            rulings: &[],
            dates: DateContext::default(),
        };
        parse_appendix_segment(&ctx, &refs, &mut found);
        found
    }

    fn lines(src: &[&str]) -> Vec<Line> {
        src.iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(1, i as u32 + 100, t))
            .collect()
    }

    #[test]
    fn middle_anchored_rows_take_their_title_from_above() {
        let found = parse_table(
            Section::DccAssessments,
            "delivery_dates",
            &[
            "Enduring Approach to",
            "0024 Communication Hub Firmware PA in progress | 05/07/2019 03/07/2019 PA in progress",
            "Management",
            "",
            "Incorporation of multiple Issue",
            "0078 Resolution Proposals into the SEC - | PA in progress § 30/09/2019 18/10/2019 PA in progress",
            "Part 2’",
            ],
            false,
        );
        let titles: Vec<_> = found
            .observations
            .iter()
            .map(|o| (o.mention.ref_text(), o.title.as_str()))
            .collect();
        let titles: Vec<(&str, &str)> = titles.iter().map(|(r, t)| (r.as_str(), *t)).collect();
        assert_eq!(
            titles,
            vec![
                (
                    "SECMP0024",
                    "Enduring Approach to Communication Hub Firmware Management"
                ),
                (
                    "MP078",
                    "Incorporation of multiple Issue Resolution Proposals into the SEC - Part 2"
                ),
            ]
        );
        let a = &found.assessments[0];
        assert_eq!(
            (a.kind, a.status),
            (AssessmentType::Pa, Some(DccAssessmentStatus::PaInProgress))
        );
        assert_eq!(
            a.requested.map(|d| d.to_string()).as_deref(),
            Some("2019-07-05")
        );
        assert_eq!(
            a.target.map(|d| d.to_string()).as_deref(),
            Some("2019-07-03")
        );
    }

    #[test]
    fn na_holds_a_place_and_top_anchored_rows_wrap_down() {
        let found = parse_table(
            Section::DccAssessments,
            "delivery_dates",
            &[
            "0007 Firmware updates to IHDs and IA in progress N/A 10/04/2019 11/04/2019 30/07/2019 13/11/2019 1A in progress — target date !",
            "PPMIDs revised from 04/11/2019",
            "0053 Amend Target Response Times No cutstanding | 10/04/2019 01/05/2019 02/05/2019 2607/2019 20/09/2019 20/09/2019 Awaiting Change Board",
            "for Service Requests Critical to assessment decision",
            ],
            false,
        );
        let a: Vec<_> = found
            .assessments
            .iter()
            .map(|a| {
                (
                    a.mention.number_key(),
                    a.kind.as_str(),
                    a.requested.is_some(),
                    a.target.map(|d| d.to_string()),
                    a.delivered.map(|d| d.to_string()),
                )
            })
            .collect();
        assert_eq!(
            a,
            vec![
                (
                    "7".into(),
                    "PA",
                    false,
                    Some("2019-04-10".into()),
                    Some("2019-04-11".into())
                ),
                ("7".into(), "IA", true, Some("2019-11-13".into()), None),
                (
                    "53".into(),
                    "PA",
                    true,
                    Some("2019-05-01".into()),
                    Some("2019-05-02".into())
                ),
                (
                    "53".into(),
                    "IA",
                    true,
                    Some("2019-09-20".into()),
                    Some("2019-09-20".into())
                ),
            ]
        );
        // the comment's wrapped last line (`04/11/2019`) stays with it
        assert_eq!(
            found.assessments[0].note,
            "requested N/A; 1A in progress — target date 04/11/2019"
        );
        assert_eq!(
            found.observations[1].title,
            "Amend Target Response Times for Service Requests Critical to"
        );
        assert_eq!(
            found.assessments[2].status,
            Some(DccAssessmentStatus::NoOutstandingRequest)
        );
    }

    #[test]
    fn status_tables() {
        let found = parse_table(
            Section::DccNoFurtherAssessment,
            "no_further_assessment",
            &[
            "0058 Changes to the governance of the Self-Service Interface 24/04/2019 Implemented",
            "0042 Amendment to SMKI Services to provide DCC Users and/or SMKI Participants with 23/01/2019 Withdrawn",
            "Authorised Responsible Officer (ARO) Statistics and Information",
            "0028 Prioritising Service Requests On hold.",
            "0055 Incorporation of multiple Issue Resolution Proposals into the SEC Awaiting Implementation. 07/11/2019",
            ],
            false,
        );
        let got: Vec<_> = found
            .observations
            .iter()
            .map(|o| (o.title.as_str(), o.dcc_cell.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Changes to the governance of the Self-Service Interface", "implemented"),
                ("Amendment to SMKI Services to provide DCC Users and/or SMKI Participants with Authorised Responsible Officer (ARO) Statistics and Information", "withdrawn"),
                ("Prioritising Service Requests", "on hold."),
                ("Incorporation of multiple Issue Resolution Proposals into the SEC", "awaiting implementation. 07/11/2019"),
            ]
        );
    }

    #[test]
    fn wrapped_status_cell_joins_by_its_column() {
        let found = parse_table(
            Section::DccImplementation,
            "implementation_status",
            &[
            " 0025   Electricity Network Party Access to Load       Awaiting Implementation – awaiting implementation in",
            "        Switching Information                          Nov’19 release",
            ],
            true,
        );
        let o = &found.observations[0];
        assert_eq!(
            o.title,
            "Electricity Network Party Access to Load Switching Information"
        );
        assert_eq!(
            o.dcc_cell,
            "awaiting implementation – awaiting implementation in nov'19 release"
        );
    }
}
