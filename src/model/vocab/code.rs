//! `Code` and `Severity`: the vocabulary of `diagnostics.csv`.
//!
//! In: what a stage noticed (a repair, a doubt, an input it could not read).
//! Out: the stable machine-readable [`Code`] written in the `code` column,
//! and everything the pipeline and the command line ask of a code: its
//! severity, whether it is about a whole file (and so also printed on
//! stderr), whether it means some input was not read (exit status 1), and
//! what a user can do about it.

use std::fmt;

/// How sure the tool is about something it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Changed with confidence.
    Repair,
    /// A guess, or two sources disagree.
    Warning,
    /// Part of the input could not be read.
    Error,
}

impl Severity {
    /// Every severity, mildest first.
    pub const ALL: [Severity; 3] = [Severity::Repair, Severity::Warning, Severity::Error];

    /// `repair`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Repair => "repair",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A diagnostic's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// An OCR-damaged reference read with confidence, or an unreadable one
    /// repaired from other evidence.
    RefRepaired,
    /// An appendix title OCR destroyed, replaced by the report's title.
    TitleRepaired,
    /// A reference that could not be read and no evidence identifies.
    RefUnread,
    /// A report table row without its Type cell; PA or IA guessed.
    TypeGuessed,
    /// So many references were unreadable that repairing them from other
    /// months' titles stopped at its budget.
    RepairLimited,
    /// The report's table and the appendix give one assessment different dates.
    DatesDisagree,
    /// Two readings of the same report part disagree on a value.
    ReadingsDisagree,
    /// Two files of the same kind (two PDFs, two texts) hold the same
    /// report part; the better reading is used.
    SamePartTwice,
    /// A folder reached twice (a symbolic-link loop, or named twice).
    LinkLoop,
    /// A text line longer than the limit was cut.
    LineCut,
    /// A table whose heading was found but which gave no rows (a reading
    /// that lost the table's body).
    TableWithoutRows,
    /// An appendix delivery table that gave under half the rows of the
    /// months before and after it.
    TableThinnerThanNeighbours,
    /// A title read from a single place that looks like OCR garbage.
    TitleLooksGarbled,
    /// A source value a spreadsheet would read as a formula, written with a
    /// leading `'`.
    FormulaLikeText,
    /// A file with no date anywhere: not placed in a month.
    NoReportDate,
    /// One page of a PDF could not be read; the others were.
    PageUnreadable,
    /// The file could not be opened or read.
    UnreadableFile,
    /// The file is empty.
    EmptyFile,
    /// The file is over `--max-size`.
    TooLarge,
    /// Neither report sections nor appendix tables were found.
    NotAReport,
    /// The PDF is encrypted.
    EncryptedPdf,
    /// The PDF's structure is broken.
    DamagedPdf,
    /// The PDF has no text layer and no page image to OCR (or `--ocr never`).
    NoTextLayer,
    /// A scanned page (or a whole scanned PDF) not read because tesseract
    /// (or pdftoppm) is not installed.
    OcrUnavailable,
    /// A scanned page (or a whole scanned PDF) that tesseract failed on.
    OcrFailed,
    /// A reference or date OCR read with low confidence.
    LowOcrConfidence,
    /// The PDF library failed on the file.
    PdfLibraryFailure,
    /// A PDF stream inflates past the reader's limit (a decompression bomb).
    PdfInflateLimit,
    /// A PNG predictor row wider than any page.
    PdfPredictorLimit,
    /// More drawing operators on a page than any report has.
    PdfOperatorLimit,
    /// More glyphs on a page than any report has.
    PdfGlyphLimit,
    /// More path segments on a page than any report has.
    PdfPathLimit,
    /// Forms drawn inside forms deeper than any real document.
    PdfFormDepth,
    /// A form that draws itself (directly or through others).
    PdfFormCycle,
    /// A cross-reference table far larger than its file.
    PdfXrefLimit,
    /// The PDF reader ran out of its memory limit (`--pdf-memory`).
    PdfMemoryLimit,
    /// The process reading the PDF died.
    PdfReaderCrashed,
    /// Reading took longer than `--timeout`.
    Timeout,
    /// The file changed while it was read.
    FileChanged,
    /// modledger itself failed on the file (a bug).
    InternalError,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 40] = [
        Code::RefRepaired,
        Code::TitleRepaired,
        Code::RefUnread,
        Code::TypeGuessed,
        Code::RepairLimited,
        Code::DatesDisagree,
        Code::ReadingsDisagree,
        Code::SamePartTwice,
        Code::LinkLoop,
        Code::LineCut,
        Code::TableWithoutRows,
        Code::TableThinnerThanNeighbours,
        Code::TitleLooksGarbled,
        Code::FormulaLikeText,
        Code::NoReportDate,
        Code::PageUnreadable,
        Code::UnreadableFile,
        Code::EmptyFile,
        Code::TooLarge,
        Code::NotAReport,
        Code::EncryptedPdf,
        Code::DamagedPdf,
        Code::NoTextLayer,
        Code::OcrUnavailable,
        Code::OcrFailed,
        Code::LowOcrConfidence,
        Code::PdfLibraryFailure,
        Code::PdfInflateLimit,
        Code::PdfPredictorLimit,
        Code::PdfOperatorLimit,
        Code::PdfGlyphLimit,
        Code::PdfPathLimit,
        Code::PdfFormDepth,
        Code::PdfFormCycle,
        Code::PdfXrefLimit,
        Code::PdfMemoryLimit,
        Code::PdfReaderCrashed,
        Code::Timeout,
        Code::FileChanged,
        Code::InternalError,
    ];

    /// The `code` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::RefRepaired => "ref_repaired",
            Code::TitleRepaired => "title_repaired",
            Code::RefUnread => "ref_unread",
            Code::TypeGuessed => "type_guessed",
            Code::RepairLimited => "repair_limited",
            Code::DatesDisagree => "dates_disagree",
            Code::ReadingsDisagree => "readings_disagree",
            Code::SamePartTwice => "same_part_twice",
            Code::LinkLoop => "link_loop",
            Code::LineCut => "line_cut",
            Code::TableWithoutRows => "table_without_rows",
            Code::TableThinnerThanNeighbours => "table_thinner_than_neighbours",
            Code::TitleLooksGarbled => "title_looks_garbled",
            Code::FormulaLikeText => "formula_like_text",
            Code::NoReportDate => "no_report_date",
            Code::PageUnreadable => "page_unreadable",
            Code::UnreadableFile => "unreadable_file",
            Code::EmptyFile => "empty_file",
            Code::TooLarge => "too_large",
            Code::NotAReport => "not_a_report",
            Code::EncryptedPdf => "encrypted_pdf",
            Code::DamagedPdf => "damaged_pdf",
            Code::NoTextLayer => "no_text_layer",
            Code::OcrUnavailable => "ocr_unavailable",
            Code::OcrFailed => "ocr_failed",
            Code::LowOcrConfidence => "low_ocr_confidence",
            Code::PdfLibraryFailure => "pdf_library_failure",
            Code::PdfInflateLimit => "pdf_inflate_limit",
            Code::PdfPredictorLimit => "pdf_predictor_limit",
            Code::PdfOperatorLimit => "pdf_operator_limit",
            Code::PdfGlyphLimit => "pdf_glyph_limit",
            Code::PdfPathLimit => "pdf_path_limit",
            Code::PdfFormDepth => "pdf_form_depth",
            Code::PdfFormCycle => "pdf_form_cycle",
            Code::PdfXrefLimit => "pdf_xref_limit",
            Code::PdfMemoryLimit => "pdf_memory_limit",
            Code::PdfReaderCrashed => "pdf_reader_crashed",
            Code::Timeout => "timeout",
            Code::FileChanged => "file_changed",
            Code::InternalError => "internal_error",
        }
    }

    /// Reads a `code` column's value.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// How sure the tool is when it writes this code.
    pub fn severity(self) -> Severity {
        match self {
            Code::RefRepaired | Code::TitleRepaired => Severity::Repair,
            Code::RefUnread
            | Code::TypeGuessed
            | Code::RepairLimited
            | Code::DatesDisagree
            | Code::ReadingsDisagree
            | Code::SamePartTwice
            | Code::LinkLoop
            | Code::LineCut
            | Code::TableWithoutRows
            | Code::TableThinnerThanNeighbours
            | Code::TitleLooksGarbled
            | Code::FormulaLikeText
            | Code::LowOcrConfidence => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// True for a code about a whole file (or folder, or page), printed on
    /// stderr as well as written to `diagnostics.csv`.
    pub fn is_about_a_file(self) -> bool {
        matches!(
            self,
            Code::SamePartTwice
                | Code::NoReportDate
                | Code::LinkLoop
                | Code::LineCut
                | Code::PageUnreadable
                | Code::OcrUnavailable
                | Code::OcrFailed
        )
    }

    /// True when the code means some input was not read (exit status 1):
    /// a whole file, a page of a file whose other pages were read, or a file
    /// with no date to place it in a month (its rows are in no report).
    pub fn means_input_unread(self) -> bool {
        self.severity() == Severity::Error
    }

    /// What a user can do about it, for the documentation.
    pub fn advice(self) -> &'static str {
        match self {
            Code::RefRepaired | Code::TitleRepaired => {
                "nothing: the repair is sure; `text` shows what was printed"
            }
            Code::RefUnread => "find the row by `page`/`line`; its `number` is empty until a later report names it clearly",
            Code::TypeGuessed => "check the row's PA/IA against the report",
            Code::RepairLimited => "the archive has an unusual number of unreadable references: check the OCR of the months named",
            Code::DatesDisagree => "both rows are kept; the appendix is the newer source",
            Code::ReadingsDisagree => "the better reading is kept; check the value in the PDF",
            Code::SamePartTwice => "check that both files are the same month's report, then remove the duplicate",
            Code::LinkLoop => "nothing: the folder was read once",
            Code::LineCut => "the file is probably not a report; check it",
            Code::TableWithoutRows => "check the table on that page: convert the PDF rather than its text, or a better scan of it",
            Code::TableThinnerThanNeighbours => "check the month's delivery table against the PDF; convert the PDF rather than its text",
            Code::TitleLooksGarbled => "check the title against the page; a later report's clean title replaces it",
            Code::FormulaLikeText => "nothing: the cell is written as text; the leading `'` is not part of the value",
            Code::NoReportDate => "rename the file to name its month (`…_March_2021.pdf`)",
            Code::PageUnreadable => "get another copy of the PDF, or its OCR text",
            Code::UnreadableFile => "check the file's permissions and path",
            Code::EmptyFile => "get the file again",
            Code::TooLarge => "raise --max-size if the file really is a report",
            Code::NotAReport => "check that the file is a Change Status Report or its Appendix A",
            Code::EncryptedPdf => "save an unencrypted copy, or pass its text",
            Code::DamagedPdf => "get another copy of the PDF, or its OCR text",
            Code::NoTextLayer => "convert without --ocr never, or OCR the PDF and pass the text",
            Code::OcrUnavailable => "install tesseract (apt-get install tesseract-ocr, brew install tesseract; pdftoppm: poppler-utils) and convert again",
            Code::OcrFailed => "rescan the page, or OCR it yourself and pass the text or tesseract's TSV",
            Code::LowOcrConfidence => "check the value against the page image",
            Code::PdfLibraryFailure => "pass the PDF's text (pdftotext -layout), and report the file",
            Code::PdfInflateLimit
            | Code::PdfPredictorLimit
            | Code::PdfOperatorLimit
            | Code::PdfGlyphLimit
            | Code::PdfPathLimit
            | Code::PdfFormDepth
            | Code::PdfFormCycle
            | Code::PdfXrefLimit => {
                "the PDF is built unlike any report (possibly hostile): get another copy, or pass its text"
            }
            Code::PdfMemoryLimit => "raise --pdf-memory if the file really is a report, or pass its text",
            Code::PdfReaderCrashed => "get another copy of the PDF, or pass its text; please report the file",
            Code::Timeout => "raise --timeout, or pass the PDF's text",
            Code::FileChanged => "convert again once the file is completely written",
            Code::InternalError => "a bug in modledger: please report it with the file",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_say_what_they_mean() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert!(!c.advice().is_empty());
        }
        let unread: Vec<&str> = Code::ALL
            .into_iter()
            .filter(|c| c.means_input_unread())
            .map(Code::as_str)
            .collect();
        assert_eq!(
            unread,
            [
                "no_report_date",
                "page_unreadable",
                "unreadable_file",
                "empty_file",
                "too_large",
                "not_a_report",
                "encrypted_pdf",
                "damaged_pdf",
                "no_text_layer",
                "ocr_unavailable",
                "ocr_failed",
                "pdf_library_failure",
                "pdf_inflate_limit",
                "pdf_predictor_limit",
                "pdf_operator_limit",
                "pdf_glyph_limit",
                "pdf_path_limit",
                "pdf_form_depth",
                "pdf_form_cycle",
                "pdf_xref_limit",
                "pdf_memory_limit",
                "pdf_reader_crashed",
                "timeout",
                "file_changed",
                "internal_error"
            ]
        );
        assert_eq!(Code::RefRepaired.severity(), Severity::Repair);
        assert_eq!(Code::LineCut.severity(), Severity::Warning);
        assert!(Code::PageUnreadable.is_about_a_file());
        assert!(!Code::RefUnread.is_about_a_file());
        for c in [
            Code::TableWithoutRows,
            Code::TableThinnerThanNeighbours,
            Code::TitleLooksGarbled,
            Code::FormulaLikeText,
        ] {
            assert_eq!(c.severity(), Severity::Warning, "{c}");
            assert!(!c.means_input_unread(), "{c}");
        }
    }
}
