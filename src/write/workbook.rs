//! The ledger as one workbook, `ledger.xlsx`, laid out as an analyst would
//! lay it out by hand.
//!
//! In: a [`Ledger`]. Out: the bytes of an `.xlsx` file holding
//! - **Stages**: one row per proposal (number, reference, latest title),
//!   one column per month holding that month's stage, filled with the
//!   stage's colour ([`super::palette`]), then one column per month
//!   holding its status; a legend above;
//! - **Slips**: every DCC assessment whose target date moved
//!   ([`crate::ledger::slips`]);
//! - one sheet per ledger file (`reports` … `diagnostics`) with exactly
//!   the CSV's rows and columns.
//!
//! Every table is an Excel table (filter buttons, banded rows) with its
//! header row frozen and its columns sized to their content. A cell's type
//! comes from its row struct's field ([`column_kinds`]): dates are real
//! dates shown `yyyy-mm-dd`, counts and working days are numbers, and
//! everything else (`number`, `ref`, `raw_ref`, `month`, titles) is text,
//! written as text: never a formula, whatever it starts with (so without
//! the protecting `'` the CSV files put before a formula-looking text). The
//! document's creation date is the latest report's date, so two runs over
//! the same input give the same bytes.
//!
//! Sheets are written row by row in rust_xlsxwriter's low-memory mode (each
//! row goes to a temporary file as soon as the next begins), so the workbook
//! of a long archive is never whole in memory; columns are sized from the
//! widths measured as the cells are written ([`ColumnWidths`]).

use super::field_values::field_values;
use super::palette::{stage_fill, stage_text};
use super::rows;
use crate::error::Error;
use crate::ledger::schema::{
    columns, iso_date, text_cell, AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord,
    ObservationRecord, RegisterRecord, ReportRecord, SlipRecord, Table as LedgerTable,
    TimescaleRecord,
};
use crate::ledger::{slips::slips, Ledger};
use crate::model::{Month, ProposalId, Stage, Status};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, IgnoreError, Note, Table, TableColumn, Workbook,
    Worksheet, XlsxError,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Seek;
use std::path::Path;

/// The workbook's file name in the ledger folder.
pub const FILE: &str = "ledger.xlsx";

/// Widest a column is sized to its content, in pixels (about 60
/// characters): a long title then shows its start, not a sheet-wide cell.
const MAX_COLUMN_PIXELS: u32 = 420;

/// The most characters a spreadsheet cell holds (Excel's limit); a longer
/// value is cut there (only a diagnostic's quoted text ever comes close).
const MAX_CELL_CHARS: usize = 32_767;

/// How dates are shown.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The most rows a sheet holds (Excel's limit); a longer table (only an
/// archive of thousands of reports) is cut there, its CSV file whole.
const MAX_ROWS: usize = 1_048_576;
/// The most cells a sheet's Excel table covers: rust_xlsxwriter keeps about
/// 40 bytes per table cell (its check that tables do not overlap), so half
/// a million cells cost about 20 MB; a bigger sheet (an archive of some 700
/// monthly reports or more, 58 years) gets filter buttons on a bold header
/// row instead.
const MAX_TABLE_CELLS: usize = 500_000;
/// The most columns a sheet holds (Excel's limit, 16,384).
const MAX_COLUMNS: usize = 16_384;
/// The most months the Stages sheet shows: two columns each (stage and
/// status) after the lead columns; an archive longer than that (over 680
/// years of monthly reports) shows its latest months.
const MAX_STAGE_MONTHS: usize = (MAX_COLUMNS - STAGES_LEAD_COLUMNS as usize) / 2;
/// Pixels a header cell needs beside its text for the table's filter button
/// (what rust_xlsxwriter's autofit adds).
const FILTER_BUTTON_PIXELS: u32 = 16;
/// Pixels of a date shown `yyyy-mm-dd`, padding included (ten digits and dashes).
const DATE_PIXELS: u32 = 75;
/// Pixels of one digit (every digit is 7 pixels wide in the default font).
const DIGIT_PIXELS: u32 = 7;
/// Pixels of padding a cell keeps beside its text.
const CELL_PADDING_PIXELS: u32 = 7;

/// The Stages sheet's rows: the legend, a blank row, then the table's header.
const LEGEND_ROW: u32 = 0;
/// The row of the Stages table's header.
const STAGES_HEADER_ROW: u32 = LEGEND_ROW + 2;
/// Number, reference and title come before the month columns.
const STAGES_LEAD_COLUMNS: u16 = 3;

/// What a column holds, as its row struct's field type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Written as text, whatever it looks like.
    Text,
    /// An integer.
    Number,
    /// A calendar date.
    Date,
}

/// Each column of a row struct with what it holds, found by asking the
/// struct itself: a field that accepts the number `1` is a number, one that
/// accepts `2000-01-31` but not `x` is a date, every other field is text.
/// So the workbook needs no list of its own of which column is which.
pub fn column_kinds<T: Serialize + DeserializeOwned + Default>() -> Vec<(String, ColumnKind)> {
    let base = serde_json::to_value(T::default()).unwrap_or(Value::Null);
    let accepts = |column: &str, probe: Value| {
        let mut v = base.clone();
        if let Some(map) = v.as_object_mut() {
            map.insert(column.to_string(), probe);
        }
        serde_json::from_value::<T>(v).is_ok()
    };
    columns::<T>()
        .into_iter()
        .map(|c| {
            let kind = if accepts(&c, Value::from(1)) {
                ColumnKind::Number
            } else if accepts(&c, Value::from("2000-01-31")) && !accepts(&c, Value::from("x")) {
                ColumnKind::Date
            } else {
                ColumnKind::Text
            };
            (c, kind)
        })
        .collect()
}

/// The formats every sheet shares.
struct Formats {
    date: Format,
    header: Format,
    legend: Format,
    stage: BTreeMap<Stage, Format>,
}

impl Formats {
    fn new() -> Formats {
        let stage = Stage::ALL
            .into_iter()
            .map(|s| {
                let f = Format::new()
                    .set_background_color(rgb(stage_fill(s)))
                    .set_font_color(rgb(stage_text(s)));
                (s, f)
            })
            .collect();
        Formats {
            date: Format::new().set_num_format(DATE_FORMAT),
            header: Format::new().set_bold(),
            legend: Format::new().set_bold(),
            stage,
        }
    }
}

/// A palette colour (`#RRGGBB`) as the workbook writes it.
fn rgb(hex: &str) -> Color {
    Color::RGB(u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0))
}

/// The ledger's workbook, as bytes.
pub fn ledger_workbook(l: &Ledger) -> Result<Vec<u8>, Error> {
    build(l)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| Error::Workbook(e.to_string()))
}

/// The ledger's workbook, saved into an unnamed temporary file in `scratch`
/// (so a workbook of a long archive is never whole in memory: it is as large
/// as its CSV files), rewound to its start.
pub fn ledger_workbook_file(l: &Ledger, scratch: &Path) -> Result<std::fs::File, Error> {
    let io = |e: std::io::Error| {
        Error::Workbook(format!("a temporary file in {}: {e}", scratch.display()))
    };
    let file = tempfile::tempfile_in(scratch).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    build(l)
        .and_then(|mut wb| wb.save_to_writer(&mut out))
        .map_err(|e| Error::Workbook(e.to_string()))?;
    let mut file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.seek(std::io::SeekFrom::Start(0)).map_err(io)?;
    Ok(file)
}

/// Builds every sheet, in order: Stages, Slips, then the ledger files'.
fn build(l: &Ledger) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(l)?);
    stages_sheet(wb.add_worksheet_with_low_memory(), l, &f)?;
    let slips = ledger_slips(l);
    let ws = wb.add_worksheet_with_low_memory();
    table_sheet(ws, "Slips", slips.len(), slips, &f)?;
    file_sheet::<ReportRecord, _>(&mut wb, || rows::reports(l), &f)?;
    file_sheet::<ObservationRecord, _>(&mut wb, || rows::observations(l), &f)?;
    file_sheet::<AssessmentRecord, _>(&mut wb, || rows::assessments(l), &f)?;
    file_sheet::<EventRecord, _>(&mut wb, || rows::events(l), &f)?;
    file_sheet::<TimescaleRecord, _>(&mut wb, || rows::timescales(l), &f)?;
    file_sheet::<HistoryRecord, _>(&mut wb, || rows::history(l), &f)?;
    file_sheet::<RegisterRecord, _>(&mut wb, || rows::register(l), &f)?;
    file_sheet::<DiagnosticRecord, _>(&mut wb, || rows::diagnostics(l), &f)?;
    Ok(wb)
}

/// Fixed document properties: the creation date is the latest report's
/// (the first of January 2000 for a ledger without reports).
fn properties(l: &Ledger) -> Result<DocProperties, XlsxError> {
    let latest = l
        .reports
        .iter()
        .map(|r| r.date)
        .max()
        .and_then(excel_date)
        .map_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1), Ok)?;
    let months = l.months();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no reports".to_string(),
    };
    Ok(DocProperties::new()
        .set_title("SEC Change Status Reports: the ledger")
        .set_subject(span)
        .set_author("modledger")
        .set_creation_datetime(&latest))
}

/// A date as a spreadsheet date, when a spreadsheet can hold it (1900 to 9999).
fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// The Slips sheet's rows: every moved target, with the proposal's latest title.
fn ledger_slips(l: &Ledger) -> Vec<SlipRecord> {
    let titles: BTreeMap<ProposalId, String> =
        l.register.iter().map(|r| (r.id, r.title.clone())).collect();
    slips(rows::assessments(l), |id| {
        titles.get(&id).cloned().unwrap_or_default()
    })
}

/// One ledger file's sheet, named as the file without `.csv`; `rows` is
/// asked twice: once to count the rows, once to write them.
fn file_sheet<T: LedgerTable, I: Iterator<Item = T>>(
    wb: &mut Workbook,
    rows: impl Fn() -> I,
    f: &Formats,
) -> Result<(), XlsxError> {
    let name = T::FILE.trim_end_matches(".csv");
    let count = rows().count();
    table_sheet(wb.add_worksheet_with_low_memory(), name, count, rows(), f)
}

/// The width each column needs, measured as its cells are written, as
/// rust_xlsxwriter's autofit measures (which needs every row in memory).
struct ColumnWidths(BTreeMap<u16, u32>);

impl ColumnWidths {
    fn new() -> ColumnWidths {
        ColumnWidths(BTreeMap::new())
    }

    /// Notes a cell of `pixels` in column `col`.
    fn note(&mut self, col: u16, pixels: u32) {
        let w = self.0.entry(col).or_insert(0);
        *w = (*w).max(pixels.min(MAX_COLUMN_PIXELS));
    }

    /// Notes a text cell.
    fn note_text(&mut self, col: u16, s: &str) {
        if !s.is_empty() {
            self.note(col, rust_xlsxwriter::utility::cell_autofit_width(s));
        }
    }

    /// Notes a header cell, which also holds the filter button.
    fn note_header(&mut self, col: u16, s: &str) {
        if !s.is_empty() {
            let text = rust_xlsxwriter::utility::cell_autofit_width(s);
            self.note(col, text + FILTER_BUTTON_PIXELS);
        }
    }

    /// Sizes the sheet's columns.
    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, pixels) in &self.0 {
            ws.set_column_width_pixels(*col, *pixels)?;
        }
        Ok(())
    }
}

/// A sheet holding one table of `count` row structs, typed by
/// [`column_kinds`]: the table (and its header) first, then the rows in order.
fn table_sheet<T: Serialize + DeserializeOwned + Default>(
    ws: &mut Worksheet,
    name: &str,
    count: usize,
    rows: impl IntoIterator<Item = T>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let kinds = column_kinds::<T>();
    let headers: Vec<String> = kinds.iter().map(|(c, _)| c.clone()).collect();
    let count = count.min(MAX_ROWS - 1); // the header takes a row
    let last_row = u32::try_from(count).map_err(|_| XlsxError::RowColumnLimitError)?;
    let mut widths = ColumnWidths::new();
    start_table(ws, name, 0, last_row, &headers, f, &mut widths)?;
    // a row's fields come in its columns' order (see `field_values`)
    let mut values = Vec::with_capacity(kinds.len());
    for (i, row) in rows.into_iter().take(count).enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        field_values(&row, &mut values);
        for (c, (_, kind)) in kinds.iter().enumerate() {
            let cell = values.get(c).unwrap_or(&Value::Null);
            let col = column_number(c)?;
            write_cell(ws, r, col, *kind, cell, f, &mut widths)?;
        }
    }
    widths.apply(ws)
}

/// A column index as the spreadsheet numbers it.
fn column_number(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Writes one value as its column's kind: a number, a date, or text (an
/// empty value leaves the cell empty).
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    kind: ColumnKind,
    value: &Value,
    f: &Formats,
    widths: &mut ColumnWidths,
) -> Result<(), XlsxError> {
    match value {
        Value::Null => {}
        Value::Number(n) if kind == ColumnKind::Number => {
            let digits = u32::try_from(n.to_string().len()).unwrap_or(u32::MAX / 8);
            widths.note(col, DIGIT_PIXELS * digits + CELL_PADDING_PIXELS);
            ws.write_number(row, col, n.as_f64().unwrap_or_default())?;
        }
        Value::String(s) if kind == ColumnKind::Date => match iso_date(s).and_then(excel_date) {
            Some(d) => {
                widths.note(col, DATE_PIXELS);
                ws.write_datetime_with_format(row, col, &d, &f.date)?;
            }
            None => write_text(ws, row, col, s, widths)?,
        },
        // a cell is already text here: the CSV's protecting quote is not wanted
        Value::String(s) => write_text(ws, row, col, text_cell::unescape(s), widths)?,
        other => write_text(ws, row, col, &other.to_string(), widths)?,
    }
    Ok(())
}

/// Writes text as text (never as a formula), cut at the cell limit.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    widths: &mut ColumnWidths,
) -> Result<(), XlsxError> {
    let cut: String;
    let text = match s.char_indices().nth(MAX_CELL_CHARS) {
        None => s,
        Some((end, _)) => {
            cut = s[..end].to_string();
            &cut
        }
    };
    widths.note_text(col, text);
    ws.write_string(row, col, text)?;
    Ok(())
}

/// Whether a sheet of this many rows below its header is made an Excel
/// table: it has rows, and no more than [`MAX_TABLE_CELLS`] cells.
fn fits_an_excel_table(rows: u32, columns: usize) -> bool {
    rows > 0 && (rows as usize).saturating_mul(columns) <= MAX_TABLE_CELLS
}

/// Makes rows `header_row..=last_row` an Excel table with these headers
/// (an empty table is its header row alone, bold; one over
/// [`MAX_TABLE_CELLS`] a bold header row with filter buttons), freezes the
/// header row, and tells the spreadsheet that digits written as text are meant so;
/// called before any row below the header is written.
fn start_table(
    ws: &mut Worksheet,
    name: &str,
    header_row: u32,
    last_row: u32,
    headers: &[String],
    f: &Formats,
    widths: &mut ColumnWidths,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        widths.note_header(column_number(c)?, h);
    }
    let last_col = column_number(headers.len().saturating_sub(1))?;
    if fits_an_excel_table(last_row - header_row, headers.len()) {
        let columns: Vec<TableColumn> = headers
            .iter()
            .map(|h| TableColumn::new().set_header(h))
            .collect();
        let table = Table::new().set_name(name).set_columns(&columns);
        ws.add_table(header_row, 0, last_row, last_col, &table)?;
    } else {
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(header_row, column_number(c)?, h, &f.header)?;
        }
        if last_row > header_row {
            ws.autofilter(header_row, 0, last_row, last_col)?;
        }
    }
    if last_row > header_row {
        ws.ignore_error_range(
            header_row + 1,
            0,
            last_row,
            last_col,
            IgnoreError::NumberStoredAsText,
        )?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// One proposal's stage and status, month by month.
type Timeline = BTreeMap<Month, (Option<Stage>, Option<Status>)>;

/// The Stages sheet: a row per proposal, a stage column and a status
/// column per month, a legend above.
fn stages_sheet(ws: &mut Worksheet, l: &Ledger, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Stages")?;
    let all = l.months();
    let months = stage_months(&all);
    let mut timelines: BTreeMap<ProposalId, Timeline> = BTreeMap::new();
    for h in l.history.iter().filter(|h| months.contains(&h.month)) {
        timelines
            .entry(h.id)
            .or_default()
            .insert(h.month, (h.stage, h.status));
    }
    legend(ws, f)?; // its cells are not measured: the legend does not widen the columns
    let proposals = l
        .register
        .len()
        .min(MAX_ROWS - 1 - STAGES_HEADER_ROW as usize);
    let last_row =
        STAGES_HEADER_ROW + u32::try_from(proposals).map_err(|_| XlsxError::RowColumnLimitError)?;
    let mut widths = ColumnWidths::new();
    let headers = stages_headers(months);
    start_table(
        ws,
        "Stages",
        STAGES_HEADER_ROW,
        last_row,
        &headers,
        f,
        &mut widths,
    )?;
    for (r, p) in (STAGES_HEADER_ROW + 1..).zip(l.register.iter().take(proposals)) {
        let reference = p.reference.map(|x| x.to_string()).unwrap_or_default();
        write_text(ws, r, 0, &p.id.key(), &mut widths)?;
        write_text(ws, r, 1, &reference, &mut widths)?;
        write_text(ws, r, 2, &p.title, &mut widths)?;
        let timeline = timelines.remove(&p.id).unwrap_or_default();
        stage_cells(ws, r, months, &timeline, f, &mut widths)?;
    }
    ws.set_freeze_panes(STAGES_HEADER_ROW + 1, STAGES_LEAD_COLUMNS)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0); // printed: all months across one page
    widths.apply(ws)
}

/// The months the Stages sheet shows: every month, or the latest
/// [`MAX_STAGE_MONTHS`] of a longer archive.
fn stage_months(all: &[Month]) -> &[Month] {
    &all[all.len().saturating_sub(MAX_STAGE_MONTHS)..]
}

/// The Stages table's headers: number, ref, title, each month, each month's status.
fn stages_headers(months: &[Month]) -> Vec<String> {
    let mut h: Vec<String> = ["number", "ref", "title"].map(String::from).to_vec();
    h.extend(months.iter().map(Month::to_string));
    h.extend(months.iter().map(|m| format!("status {m}")));
    h
}

/// One proposal's stage cells (coloured) and status cells, month by month.
fn stage_cells(
    ws: &mut Worksheet,
    row: u32,
    months: &[Month],
    timeline: &Timeline,
    f: &Formats,
    widths: &mut ColumnWidths,
) -> Result<(), XlsxError> {
    let n = months.len();
    for (i, m) in months.iter().enumerate() {
        let Some((stage, status)) = timeline.get(m) else {
            continue;
        };
        let col = column_number(STAGES_LEAD_COLUMNS as usize + i)?;
        if let Some(s) = stage {
            let format = f.stage.get(s).unwrap_or(&f.header);
            widths.note_text(col, s.as_str());
            ws.write_string_with_format(row, col, s.as_str(), format)?;
        }
        if let Some(st) = status {
            let col = column_number(STAGES_LEAD_COLUMNS as usize + n + i)?;
            write_text(ws, row, col, st.as_str(), widths)?;
        }
    }
    Ok(())
}

/// The legend row: each stage in its colour, its meaning as the cell's note.
fn legend(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(LEGEND_ROW, 0, "Stage colours", &f.legend)?;
    for (i, s) in Stage::ALL.into_iter().enumerate() {
        let col = column_number(STAGES_LEAD_COLUMNS as usize + i)?;
        let format = f.stage.get(&s).unwrap_or(&f.legend);
        ws.write_string_with_format(LEGEND_ROW, col, s.as_str(), format)?;
        let note = Note::new(format!("{s}: {}", s.meaning())).add_author_prefix(false);
        ws.insert_note(LEGEND_ROW, col, &note)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_within_the_cap() {
        let mut w = ColumnWidths::new();
        w.note_header(0, "ref"); // 3 letters, padding and the filter button
        w.note_text(0, "MP124");
        w.note_text(1, &"a very long title ".repeat(20));
        w.note(2, DATE_PIXELS);
        w.note_text(3, "");
        w.note(4, DIGIT_PIXELS * 3 + CELL_PADDING_PIXELS);
        let header = rust_xlsxwriter::utility::cell_autofit_width("ref") + FILTER_BUTTON_PIXELS;
        let cell = rust_xlsxwriter::utility::cell_autofit_width("MP124");
        assert_eq!(w.0.get(&0), Some(&header.max(cell)));
        assert_eq!(w.0.get(&1), Some(&MAX_COLUMN_PIXELS));
        assert_eq!(w.0.get(&2), Some(&75));
        assert_eq!(w.0.get(&3), None, "an empty cell sizes nothing");
        assert_eq!(w.0.get(&4), Some(&28));
    }

    #[test]
    fn the_stages_sheet_keeps_the_latest_months_that_fit_in_a_sheet() {
        let months: Vec<Month> = (0..9_000u32)
            .map(|i| {
                format!("{:04}-{:02}", 1300 + i / 12, i % 12 + 1)
                    .parse()
                    .unwrap()
            })
            .collect();
        let shown = stage_months(&months);
        assert_eq!(shown.len(), MAX_STAGE_MONTHS);
        assert_eq!(shown.len(), 8_190);
        assert_eq!(shown.last(), months.last());
        assert_eq!(shown[0], months[9_000 - 8_190]);
        assert_eq!(
            STAGES_LEAD_COLUMNS as usize + 2 * shown.len(),
            MAX_COLUMNS - 1,
            "the columns fit a sheet"
        );
        assert_eq!(stage_months(&months[..12]), &months[..12]);
    }

    #[test]
    fn a_sheet_is_an_excel_table_up_to_half_a_million_cells() {
        let cases = [
            (0, 12, false, "no rows: a bold header"),
            (1, 12, true, "one row"),
            (41_666, 12, true, "499,992 cells"),
            (41_667, 12, false, "500,004 cells"),
            (500_000, 1, true, "one column at the cap"),
            (u32::MAX, usize::MAX, false, "no overflow"),
        ];
        for (rows, columns, want, what) in cases {
            assert_eq!(fits_an_excel_table(rows, columns), want, "{what}");
        }
    }

    /// The parts of a saved one-sheet workbook whose table spans `rows` rows.
    fn saved_parts(rows: u32) -> (Vec<String>, String) {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let headers = ["number".to_string(), "ref".to_string()];
        let mut widths = ColumnWidths::new();
        start_table(ws, "t", 0, rows, &headers, &Formats::new(), &mut widths).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        (names, sheet)
    }

    #[test]
    fn a_sheet_too_big_for_a_table_gets_filter_buttons_on_a_bold_header() {
        let (names, sheet) = saved_parts(10);
        assert!(
            names.iter().any(|n| n == "xl/tables/table1.xml"),
            "{names:?}"
        );
        assert!(!sheet.contains("<autoFilter"), "{sheet}");
        let (names, sheet) = saved_parts(300_000);
        assert!(
            !names.iter().any(|n| n.starts_with("xl/tables/")),
            "{names:?}"
        );
        assert!(
            sheet.contains(r#"<autoFilter ref="A1:B300001"/>"#),
            "{sheet}"
        );
        assert!(
            sheet.contains(r#"<pane ySplit="1""#),
            "the header is frozen: {sheet}"
        );
        assert!(
            sheet.contains(r#"<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s">"#),
            "the header written in the header format: {sheet}"
        );
        assert!(
            sheet.contains(r#"<ignoredError sqref="A2:B300001" numberStoredAsText="1"/>"#),
            "{sheet}"
        );
    }

    #[test]
    fn column_kinds_come_from_the_row_structs() {
        let kinds = |v: Vec<(String, ColumnKind)>| {
            v.into_iter()
                .map(|(c, k)| format!("{c}:{k:?}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(
            kinds(column_kinds::<AssessmentRecord>()),
            "report:Date,number:Text,ref:Text,type:Text,source:Text,status:Text,\
             requested:Date,target:Date,delivered:Date,target_wd:Number,elapsed_wd:Number,note:Text"
        );
        assert_eq!(
            kinds(column_kinds::<ReportRecord>()),
            "report:Date,month:Text,sources:Text,pages:Number,observations:Number,diagnostics:Number"
        );
        assert_eq!(
            kinds(column_kinds::<ObservationRecord>()),
            "report:Date,number:Text,ref:Text,raw_ref:Text,title:Text,section:Text,list:Text,\
             page:Number,line:Number"
        );
        assert_eq!(
            kinds(column_kinds::<SlipRecord>()),
            "number:Text,ref:Text,title:Text,type:Text,source:Text,first_report:Date,\
             first_target:Date,latest_report:Date,latest_target:Date,moves:Number,\
             days_slipped:Number,targets:Text"
        );
    }
}
