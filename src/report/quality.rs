//! How far to trust the figures: per file, how many readings were
//! repaired, doubted or lost, and every diagnostic.
//!
//! In: `reports.csv` and `diagnostics.csv`'s rows. Out: the quality view: a
//! picture of each file's repairs, warnings and errors, the same counts
//! as a table with each report's observations, then every diagnostic.

use super::svg::{Anchor, Shape, Svg};
use super::ui;
use crate::ledger::schema::{DiagnosticRecord, ReportRecord};
use crate::model::Severity;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// One file's diagnostics by severity (repair, warning, error).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// The file as given.
    pub source: String,
    /// The report (month) it was read into, if any.
    pub report: String,
    /// Repairs, warnings, errors.
    pub by_severity: [usize; 3],
}

/// The position of a severity in [`FileCounts::by_severity`].
fn slot(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Every file with a diagnostic, by file name.
pub fn per_file(ds: &[DiagnosticRecord]) -> Vec<FileCounts> {
    let mut by: BTreeMap<&str, FileCounts> = BTreeMap::new();
    for d in ds {
        let f = by.entry(d.source.as_str()).or_insert_with(|| FileCounts {
            source: d.source.clone(),
            report: d.report.map(|r| r.to_string()).unwrap_or_default(),
            ..FileCounts::default()
        });
        if let Some(s) = d.severity {
            f.by_severity[slot(s)] += 1;
        }
    }
    by.into_values().collect()
}

/// A row's height in the picture.
const ROW: f32 = 18.0;
/// Room for the file names.
const NAMES: f32 = 300.0;
/// The width of each severity's column of bars.
const COLUMN: f32 = 150.0;
/// The longest file name drawn, in characters (the table has the whole name).
const NAME_CHARS: usize = 44;

/// The top of the first row, under the column names.
const HEAD: f32 = 18.0;
/// Where a row's text sits below its top.
const BASELINE: f32 = 12.0;
/// The gap above and below a bar inside its row.
const BAR_INSET: f32 = 3.0;
/// Room right of the longest bar for its count.
const COUNT_ROOM: f32 = 40.0;

/// A file's name without its folders, cut to its last [`NAME_CHARS`]
/// characters (`…` where cut; the table has the whole path).
fn short_name(source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= NAME_CHARS {
        return name.to_string();
    }
    let tail: String = chars[chars.len() - (NAME_CHARS - 1)..].iter().collect();
    format!("…{tail}")
}

/// One file's row: its name, then a bar and a count per severity.
fn file_row(f: &FileCounts, y: f32, max: &[usize; 3], shapes: &mut Vec<Shape>) {
    shapes.push(Shape::Text {
        x: NAMES - 8.0,
        y: y + BASELINE,
        text: short_name(&f.source),
        anchor: Anchor::End,
    });
    for (i, s) in Severity::ALL.iter().enumerate() {
        let n = f.by_severity[i];
        let x = NAMES + i as f32 * COLUMN;
        let w = n as f32 / max[i].max(1) as f32 * (COLUMN - COUNT_ROOM);
        shapes.push(Shape::Rect {
            x,
            y: y + BAR_INSET,
            w,
            h: ROW - 2.0 * BAR_INSET,
            fill: ui::INK,
            stroke: None,
            label: Some(format!("{}: {n} {}(s)", f.source, s.as_str())),
        });
        shapes.push(Shape::Text {
            x: x + w + 4.0,
            y: y + BASELINE,
            text: n.to_string(),
            anchor: Anchor::Start,
        });
    }
}

/// The picture: a row per file, a bar per severity (its length the count
/// against the largest count of that severity).
pub fn picture(files: &[FileCounts]) -> Svg {
    let mut shapes: Vec<Shape> = Severity::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| Shape::Text {
            x: NAMES + i as f32 * COLUMN,
            y: BASELINE,
            text: format!("{}s", s.as_str()),
            anchor: Anchor::Start,
        })
        .collect();
    let mut max = [0usize; 3];
    for f in files {
        for (m, n) in max.iter_mut().zip(f.by_severity) {
            *m = (*m).max(n);
        }
    }
    for (row, f) in files.iter().enumerate() {
        file_row(f, HEAD + row as f32 * ROW, &max, &mut shapes);
    }
    Svg {
        width: NAMES + 3.0 * COLUMN,
        height: HEAD + files.len() as f32 * ROW + 4.0,
        label: "Diagnostics per file: repairs, warnings and errors".into(),
        class: "quality",
        shapes,
    }
}

/// Every diagnostic, a group of rows per file (in the ledger's order).
pub fn diagnostics_table(ds: &[&DiagnosticRecord]) -> Markup {
    let mut files: Vec<(&str, Vec<&DiagnosticRecord>)> = Vec::new();
    for d in ds {
        match files.last_mut() {
            Some((f, v)) if *f == d.source => v.push(d),
            _ => files.push((d.source.as_str(), vec![d])),
        }
    }
    let cell = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    html! {
        table .diagnostics {
            thead { tr { th scope="col" { "Report" } th scope="col" .num { "Page" } th scope="col" .num { "Line" } th scope="col" { "Severity" } th scope="col" { "Code" } th scope="col" { "Message" } th scope="col" { "Text" } } }
            @for (file, rows) in &files { tbody {
                tr { th colspan="7" scope="rowgroup" .file { (file) } }
                @for d in rows { tr {
                    td { (d.report.map(|x| x.to_string()).unwrap_or_default()) }
                    td .num { (cell(d.page)) } td .num { (cell(d.line)) }
                    td { (d.severity.map(|s| s.as_str()).unwrap_or("")) }
                    td { (d.code.map(|c| c.as_str()).unwrap_or("")) }
                    td { (d.message) } td { code { (d.text) } }
                } }
            } }
        }
    }
}

/// The quality view.
pub fn view(reports: &[ReportRecord], ds: &[DiagnosticRecord]) -> Markup {
    let files = per_file(ds);
    let observations: usize = reports.iter().map(|r| r.observations).sum();
    let total = |s: Severity| ds.iter().filter(|d| d.severity == Some(s)).count();
    let all: Vec<&DiagnosticRecord> = ds.iter().collect();
    html! {
        section #quality .view aria-labelledby="h-quality" {
            h2 #h-quality { "Quality of the reading" }
            p { (observations) " places naming a proposal were read from " (reports.len()) " report(s); "
                (total(Severity::Repair)) " reading(s) were repaired (sure), " (total(Severity::Warning)) " doubted (warnings) and "
                (total(Severity::Error)) " lost (errors: a file or page not read). Each is a row of " code { "diagnostics.csv" } "." }
            @if files.is_empty() { p { "No diagnostics: every file read cleanly." } } @else {
                div .scroll { (picture(&files).render()) }
                h3 { "Per file" }
                div .scroll { table {
                    thead { tr { th scope="col" { "File" } th scope="col" { "Report" } th scope="col" .num { "Repairs" } th scope="col" .num { "Warnings" } th scope="col" .num { "Errors" } } }
                    tbody { @for f in &files { tr {
                        th scope="row" .file { (f.source) } td { (f.report) }
                        @for n in f.by_severity { td .num { (n) } }
                    } } }
                } }
            }
            h3 { "Per report" }
            div .scroll { table {
                thead { tr { th scope="col" { "Report" } th scope="col" { "Files" } th scope="col" .num { "Pages" } th scope="col" .num { "Observations" } th scope="col" .num { "Diagnostics" } } }
                tbody { @for r in reports { tr {
                    th scope="row" { (r.report.map(|d| d.to_string()).unwrap_or_default()) }
                    td .file { (r.sources.replace(';', "; ")) } td .num { (r.pages) } td .num { (r.observations) } td .num { (r.diagnostics) }
                } } }
            } }
            @if !all.is_empty() { h3 { "Every diagnostic" } div .scroll { (diagnostics_table(&all)) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    fn diag(source: &str, code: Code) -> DiagnosticRecord {
        DiagnosticRecord {
            source: source.into(),
            severity: Some(code.severity()),
            code: Some(code),
            ..DiagnosticRecord::default()
        }
    }

    #[test]
    fn a_file_is_drawn_by_its_name_cut_from_the_left() {
        assert_eq!(
            short_name("../archive/Change_Status_Report_May_2020.pdf"),
            "Change_Status_Report_May_2020.pdf"
        );
        assert_eq!(short_name("a.pdf"), "a.pdf");
        let long = format!("x/{}.txt", "y".repeat(60));
        let short = short_name(&long);
        assert_eq!(short.chars().count(), NAME_CHARS);
        assert!(
            short.starts_with('…') && short.ends_with("yy.txt"),
            "{short}"
        );
    }

    #[test]
    fn files_are_counted_by_severity_and_drawn_against_each_column_s_largest() {
        let ds = vec![
            diag("b.txt", Code::RefRepaired),
            diag("a.pdf", Code::RefRepaired),
            diag("a.pdf", Code::RefRepaired),
            diag("a.pdf", Code::RefUnread),
            diag("b.txt", Code::PageUnreadable),
        ];
        let files = per_file(&ds);
        let got: Vec<(&str, [usize; 3])> = files
            .iter()
            .map(|f| (f.source.as_str(), f.by_severity))
            .collect();
        assert_eq!(got, [("a.pdf", [2, 1, 0]), ("b.txt", [1, 0, 1])]);
        let svg = picture(&files);
        let bars: Vec<(f32, f32, String)> = svg
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { x, w, label, .. } => {
                    Some((*x, *w, label.clone().unwrap_or_default()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            bars[0],
            (NAMES, COLUMN - COUNT_ROOM, "a.pdf: 2 repair(s)".into())
        );
        assert_eq!(
            bars[3],
            (
                NAMES,
                (COLUMN - COUNT_ROOM) / 2.0,
                "b.txt: 1 repair(s)".into()
            )
        );
        assert_eq!(
            bars[5],
            (
                NAMES + 2.0 * COLUMN,
                COLUMN - COUNT_ROOM,
                "b.txt: 1 error(s)".into()
            )
        );
    }
}
