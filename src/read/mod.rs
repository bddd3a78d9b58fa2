//! Stage 1: read input files (PDF, text, OCR word boxes) into [`crate::layout::Document`]s.

pub mod ocr;
pub mod pdf;
pub mod picture;
pub mod scan;
pub mod text;
pub mod wordbox;
