//! Stage 1: read input files (PDF or text) into [`crate::layout::Document`]s.

pub mod pdf;
pub mod text;
