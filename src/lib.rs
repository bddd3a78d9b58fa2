//! modledger turns the Smart Energy Code's monthly Change Status Reports
//! (PDF or OCR text, with the DCC's Appendix A) into a reconciled ledger of
//! CSV files (`../shared/spec/ledger.md`).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! read (pdf | text) ─▶ layout::Document ─▶ segment ─▶ parse ─▶ normalise
//!   (bytes)            (lines, page, x)    (sections,  (records: model::Part)
//!                                           lists)
//!                 ─▶ reconcile (months, evidence) ─▶ history (stage, status,
//!                    titles across months) ─▶ write (CSV, atomic folder)
//!                                           ─▶ diff (month against month)
//! ```

#![warn(missing_docs)]

pub mod cli;
pub mod diff;
pub mod error;
pub mod history;
pub mod layout;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod reconcile;
pub mod segment;
pub mod write;
