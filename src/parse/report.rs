//! Stage 4 for the report's own sections: observations, events, the Refine
//! tables and the timescale tables, from one segment at a time.

use super::columns::{labelled_phrases, snap_to_rulings, stack, Column};
use super::events::{item_events, ItemContext};
use super::paragraphs::{paragraphs, Paragraph};
use super::quoted::quoted_after;
use super::report_tables::{
    assessment_row, duration_columns, is_label_tail, positional_assessment_row,
    starts_column_label, tidy_measure, timescale_row, timescale_table, Duration,
};
use super::status::item_status;
use super::{mention_for, Found};
use crate::layout::{Line, Ruling};
use crate::model::{
    Assessment, AssessmentSource, AssessmentType, Diagnostic, Event, Observation, Section,
    Severity, Timescale,
};
use crate::normalise::dates::DateContext;
use crate::normalise::ids::find_refs;
use crate::normalise::titles::clean_title;

/// Parses one report segment into `found`.
pub fn parse_report_segment(
    section: Section,
    list: &str,
    lines: &[&Line],
    positional: bool,
    rulings: &[Ruling],
    ctx: DateContext,
    found: &mut Found,
) {
    timescales(lines, found);
    match list {
        "open_assessments" | "assessments_completed" => {
            let layout = TableLayout {
                positional,
                rulings,
            };
            assessment_table(section, list, lines, layout, ctx, found)
        }
        _ => mentions(section, list, lines, positional, ctx, found),
    }
}

/// Observations and events from the paragraphs and items of a list.
fn mentions(
    section: Section,
    list: &str,
    lines: &[&Line],
    positional: bool,
    ctx: DateContext,
    found: &mut Found,
) {
    let mut intro = String::new();
    for p in paragraphs(lines, positional) {
        let refs = find_refs(&p.text);
        if refs.is_empty() {
            if timescale_row(&p.text).is_none() && !looks_like_item(&p.text) {
                intro = p.text.clone();
            }
            continue;
        }
        if !p.is_item() {
            // a sentence that names proposals also introduces what follows it
            intro = p.text.clone();
        }
        for (k, r) in refs.iter().enumerate() {
            let line = p.line_at(r.start);
            let next_ref = refs.get(k + 1).map_or(p.text.len(), |n| n.start);
            let (title, own_from) = match quoted_after(&p.text, r.end) {
                Some((t, end)) if end <= next_ref || k + 1 == refs.len() => (clean_title(&t), end),
                _ => (String::new(), r.end),
            };
            let mention = mention_for(r, section);
            let own_to = next_ref.max(own_from);
            let own = &p.text[own_from.min(own_to)..own_to];
            let item = ItemContext {
                section: section.slug(),
                list,
                intro: &intro,
                paragraph: &p.text,
                own,
                dates: ctx,
            };
            found.observations.push(Observation {
                mention: mention.clone(),
                title,
                section,
                list: list.to_string(),
                page: line.page,
                line: line.line,
                status: item_status(&item).to_string(),
            });
            for e in item_events(&item) {
                found.events.push(Event {
                    date: e.date,
                    mention: mention.clone(),
                    kind: e.kind,
                    detail: e.detail,
                    priority: e.priority,
                    page: line.page,
                    line: line.line,
                });
            }
        }
        note_paragraph_without_items(&p);
    }
}

/// A bullet and a quoted title whose reference OCR destroyed: not an introducing sentence.
fn looks_like_item(text: &str) -> bool {
    let t = text.trim_start();
    let starts_bullet =
        t.starts_with(|c: char| !c.is_alphanumeric()) || t.starts_with("e ") || t.starts_with("o ");
    starts_bullet && t.contains(['‘', '\'', '“']) && !t.contains("following")
}

/// Hook for paragraphs that mix several items (kept for future diagnostics).
fn note_paragraph_without_items(_p: &Paragraph<'_>) {}

/// The open / completed assessment tables.
///
/// On a PDF the header row's words give the columns (a stacked header's
/// lines joined) and each row is read by position; on OCR text, cells in order.
/// What a table's page tells about where its cells are.
#[derive(Clone, Copy)]
struct TableLayout<'a> {
    /// Word positions are reliable (PDF).
    positional: bool,
    /// The page's ruling lines, if the table is ruled.
    rulings: &'a [Ruling],
}

fn assessment_table(
    section: Section,
    list: &str,
    lines: &[&Line],
    layout: TableLayout<'_>,
    ctx: DateContext,
    found: &mut Found,
) {
    let positional = layout.positional;
    let completed = list == "assessments_completed";
    // until a header says otherwise: target, then current (open) or actual (completed)
    let mut columns = vec![Duration::Target, Duration::Elapsed];
    let mut header: Vec<Column> = Vec::new();
    let mut in_header = false;
    for line in lines {
        if let Some(cols) = duration_columns(&line.text) {
            columns = cols;
            header.clear();
            stack(
                &mut header,
                labelled_phrases(&line.words, starts_column_label),
            );
            snap_to_rulings(&mut header, layout.rulings, line.page, line.y);
            in_header = positional;
            continue;
        }
        if in_header
            && !line.is_blank()
            && find_refs(&line.text).is_empty()
            && !line.text.chars().any(|c| c.is_ascii_digit())
        {
            // a header cell wrapped onto a second line (`Target` over `duration`)
            stack(
                &mut header,
                labelled_phrases(&line.words, starts_column_label),
            );
            snap_to_rulings(&mut header, layout.rulings, line.page, line.y);
            continue;
        }
        in_header = false;
        let row = if positional && !header.is_empty() {
            positional_assessment_row(line, &header, ctx)
        } else {
            assessment_row(&line.text, &columns, ctx)
        };
        let Some(row) = row else {
            continue;
        };
        let mention = mention_for(&row.reference, section);
        let (target_wd, elapsed_wd) = (row.target_wd, row.elapsed_wd);
        let kind = row.kind.unwrap_or_else(|| {
            let guess = if target_wd.unwrap_or(0) >= 30 {
                AssessmentType::Ia
            } else {
                AssessmentType::Pa
            };
            found.diagnostics.push(Diagnostic {
                source: String::new(),
                page: Some(line.page),
                line: Some(line.line),
                severity: Severity::Warning,
                code: "type_guessed".into(),
                message: format!(
                    "the Type cell is missing; {} guessed from the target duration",
                    guess.as_str()
                ),
                text: line.text.clone(),
            });
            guess
        });
        // an open assessment is a PA or IA in progress (RULES.md)
        let status = if completed {
            String::new()
        } else {
            format!("{} in progress", kind.as_str().to_lowercase())
        };
        found.observations.push(Observation {
            mention: mention.clone(),
            title: String::new(),
            section,
            list: list.to_string(),
            page: line.page,
            line: line.line,
            status,
        });
        let (requested, delivered) = if completed {
            (None, row.date)
        } else {
            (row.date, None)
        };
        found.assessments.push(Assessment {
            mention,
            kind,
            source: AssessmentSource::Report,
            status: String::new(),
            requested,
            target: None,
            delivered,
            target_wd,
            elapsed_wd,
            note: String::new(),
            page: line.page,
            line: line.line,
        });
    }
}

/// A timescale table's header line (`Assessment Total Average`, OCR's `Assessment Average`, a lone `duration`).
fn is_timescale_header(text: &str) -> bool {
    let l = text.trim().to_lowercase();
    l.contains("average") || l == "duration" || l.starts_with("assessment total")
}

/// Timescale rows anywhere in the segment (a wrapped label's tail joins it).
fn timescales(lines: &[&Line], found: &mut Found) {
    let content: Vec<&&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    for (i, line) in content.iter().enumerate() {
        let Some(row) = timescale_row(&line.text) else {
            continue;
        };
        let mut measure = row.measure;
        // the tail may follow the table's header repeated on the next page
        let tail = content
            .iter()
            .skip(i + 1)
            .take(4)
            .find(|l| !is_timescale_header(&l.text));
        if let Some(next) = tail {
            if is_label_tail(&next.text) && !measure.contains('/') {
                measure = tidy_measure(&format!("{measure} {}", next.text.trim()));
            }
        }
        found.timescales.push(Timescale {
            table: timescale_table(&measure).to_string(),
            measure,
            total: Some(row.total),
            average_wd: row.average_wd,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timescale_label_wrapped_onto_the_next_page_finds_its_tail() {
        // the label's `2019/20` lands after the table's header, repeated on the next page
        let text = [
            "Assessment Total Average",
            "duration",
            "Preliminary Assessments open 2 4 WD",
            "Preliminary Assessments completed during 11 44 WD",
            "Assessment Total Average",
            "duration",
            "2019/20",
            "Impact Assessments open 0 N/A",
        ];
        let lines: Vec<Line> = text
            .iter()
            .enumerate()
            .map(|(i, t)| Line::from_text(if i < 4 { 4 } else { 5 }, i as u32 + 1, t))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let mut found = Found::default();
        timescales(&refs, &mut found);
        let got: Vec<(&str, Option<u32>, Option<u32>)> = found
            .timescales
            .iter()
            .map(|t| (t.measure.as_str(), t.total, t.average_wd))
            .collect();
        assert_eq!(
            got,
            [
                ("Preliminary Assessments open", Some(2), Some(4)),
                (
                    "Preliminary Assessments completed during 2019/20",
                    Some(11),
                    Some(44)
                ),
                ("Impact Assessments open", Some(0), None),
            ]
        );
    }
}
