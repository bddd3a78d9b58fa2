//! The reader's limits, and the one error type its stages return.
//!
//! In: nothing but the constants below and a deadline. Out: [`Fail`], the reason
//! a page or a whole file could not be read, and [`Clock`], a cheap deadline
//! check the interpreter calls on every operator.
//!
//! Every limit is far above what a real report needs (a dense table page holds
//! about 20,000 operators and 200 KB of content) and far below what would take
//! the machine down; a file that reaches one is refused with a code that names
//! the limit (`pdf_inflate_limit`, `pdf_operator_limit`, ...), so one bad file
//! never costs more than its budget.

use crate::model::Code;
use std::time::Instant;

/// Largest decoded size of one stream: 64 MiB (a page's content is kilobytes,
/// an embedded font a few megabytes).
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// Decoded bytes a document may produce in all, beyond [`INFLATE_RATIO`] times its
/// size: room for a small file whose streams compress well.
pub const INFLATE_ALLOWANCE: usize = 256 << 20;
/// Decoded bytes per byte of file a document may produce in all (flate tops out
/// near 1,000:1 on one stream; real reports inflate 3:1 to 10:1 over a whole file).
pub const INFLATE_RATIO: usize = 64;
/// Content operators one page may run, its forms included (a dense page: 20,000).
pub const MAX_OPERATORS: u32 = 2_000_000;
/// Glyphs one page may draw (a full page of 6pt text: about 10,000).
pub const MAX_GLYPHS: usize = 500_000;
/// Straight segments one page may draw before its rulings are refused (a ruled
/// table page: a few hundred).
pub const MAX_PATH_SEGMENTS: usize = 200_000;
/// Operands one operator may take (a `TJ` array of a long line: a few hundred).
pub const MAX_OPERANDS: usize = 100_000;
/// Nesting depth of Form XObjects (real files: 1 to 3).
pub const MAX_FORM_DEPTH: usize = 16;
/// Nesting depth of `q` (the PDF reference's own implementation limit is 28).
pub const MAX_SAVE_DEPTH: usize = 1024;
/// Steps up a page's `/Parent` chain for inherited attributes (real trees: < 10).
pub const MAX_TREE_DEPTH: usize = 256;
/// Cross-reference entries a file may declare beyond [`XREF_ENTRIES_PER_BYTE`]
/// times its size (each entry costs the loader about 100 bytes).
pub const XREF_ALLOWANCE: u64 = 500_000;
/// Cross-reference entries per byte of file: an object takes at least a few
/// bytes even inside a compressed object stream.
pub const XREF_ENTRIES_PER_BYTE: u64 = 1;
/// How many operators pass between two reads of the clock (reading it costs
/// about 20 ns; 1,024 operators take about 50 µs).
pub const CLOCK_STRIDE: u32 = 1024;

/// Why a page or a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// A limit above was reached: `code` names it for diagnostics.
    Limit {
        /// The limit, e.g. [`Code::PdfInflateLimit`].
        code: Code,
        /// What was exceeded, for people.
        message: String,
    },
    /// The file's structure is broken.
    Damaged(String),
    /// The deadline passed.
    Timeout,
}

impl Fail {
    /// A limit failure.
    pub fn limit(code: Code, message: impl Into<String>) -> Fail {
        Fail::Limit {
            code,
            message: message.into(),
        }
    }

    /// A damaged-structure failure.
    pub fn damaged(message: impl Into<String>) -> Fail {
        Fail::Damaged(message.into())
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fail::Limit { message, .. } => f.write_str(message),
            Fail::Damaged(m) => f.write_str(m),
            Fail::Timeout => f.write_str("the time budget ran out"),
        }
    }
}

/// A deadline read cheaply: the clock is looked at once every [`CLOCK_STRIDE`] ticks.
#[derive(Debug)]
pub struct Clock {
    deadline: Option<Instant>,
    ticks: u32,
}

impl Clock {
    /// A clock that fails after `deadline` (never when `None`).
    pub fn new(deadline: Option<Instant>) -> Clock {
        Clock { deadline, ticks: 0 }
    }

    /// Counts one unit of work; every [`CLOCK_STRIDE`] units, fails once the deadline has passed.
    #[inline]
    pub fn tick(&mut self) -> Result<(), Fail> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks % CLOCK_STRIDE == 0 {
            self.check()
        } else {
            Ok(())
        }
    }

    /// Fails when the deadline has passed (reads the clock now).
    pub fn check(&self) -> Result<(), Fail> {
        match self.deadline {
            Some(d) if Instant::now() > d => Err(Fail::Timeout),
            _ => Ok(()),
        }
    }
}

/// Decoded bytes a document may still produce (see [`INFLATE_RATIO`]).
#[derive(Debug)]
pub struct InflateBudget {
    left: usize,
}

impl InflateBudget {
    /// The budget of a file of `file_len` bytes.
    pub fn for_file(file_len: usize) -> InflateBudget {
        InflateBudget {
            left: file_len
                .saturating_mul(INFLATE_RATIO)
                .saturating_add(INFLATE_ALLOWANCE),
        }
    }

    /// The most one stream may still decode to.
    pub fn stream_cap(&self) -> usize {
        self.left.min(MAX_STREAM_BYTES)
    }

    /// Takes `n` decoded bytes from the budget; fails when it is spent.
    pub fn spend(&mut self, n: usize) -> Result<(), Fail> {
        if n > self.left {
            self.left = 0;
            return Err(inflate_limit());
        }
        self.left -= n;
        Ok(())
    }
}

/// The failure for a stream or a document that inflates past its cap.
pub fn inflate_limit() -> Fail {
    Fail::limit(
        Code::PdfInflateLimit,
        format!(
            "its streams inflate past the reader's limit ({} MiB per stream, {}x the file's size in all): a decompression bomb?",
            MAX_STREAM_BYTES >> 20,
            INFLATE_RATIO
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_clock_is_read_once_per_stride() {
        let mut c = Clock::new(Some(Instant::now() - Duration::from_secs(1)));
        for _ in 1..CLOCK_STRIDE {
            assert_eq!(c.tick(), Ok(()));
        }
        assert_eq!(c.tick(), Err(Fail::Timeout));
        assert_eq!(Clock::new(None).check(), Ok(()));
    }

    #[test]
    fn the_inflate_budget_scales_with_the_file() {
        let mut b = InflateBudget::for_file(1000);
        assert_eq!(b.stream_cap(), MAX_STREAM_BYTES);
        let total = 1000 * INFLATE_RATIO + INFLATE_ALLOWANCE;
        assert_eq!(b.spend(total - 10), Ok(()));
        assert_eq!(b.stream_cap(), 10);
        assert!(matches!(
            b.spend(11),
            Err(Fail::Limit {
                code: Code::PdfInflateLimit,
                ..
            })
        ));
    }
}
