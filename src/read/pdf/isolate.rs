//! Reading a PDF in a child process (placeholder while the reader is rebuilt).

use super::Extracted;
use crate::error::ReadErrorKind;
use std::time::Duration;

/// True when PDFs are read in a child process.
pub fn enabled() -> bool {
    false
}

/// Reads `bytes` in a child process.
pub fn extract_in_child(_bytes: &[u8], _budget: Duration) -> Result<Extracted, ReadErrorKind> {
    unreachable!()
}
