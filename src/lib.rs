//! modledger turns the Smart Energy Code's monthly Change Status Reports
//! (PDF or OCR text, with the DCC's Appendix A) into a reconciled ledger of
//! CSV files.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! read (pdf | text) ─▶ layout::Document ─▶ segment ─▶ parse ─▶ normalise
//!   (bytes)            (lines, page, x)    (sections,  (records: model::Part)
//!                                           lists)
//!   ─▶ reconcile ─▶ ledger ─▶ write (CSV, ledger.xlsx, atomic folder)
//!      (months,     (events, history,  ├▶ report (index.html: timeline, assessments, changes)
//!       evidence)    register, slips)  ├▶ diff (month against month)
//!                                      └▶ show (one proposal's story)
//! ```
//!
//! [`model`] is the one typed record model, with the report's vocabulary
//! in [`model::vocab`]; [`pipeline`] runs the stages over files;
//! [`cli`] is the command line.

#![warn(missing_docs)]

pub mod alloc;
pub mod cli;
pub mod diff;
pub mod error;
pub mod layout;
pub mod ledger;
pub mod model;
pub mod normalise;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod reconcile;
pub mod report;
pub mod segment;
pub mod show;
pub mod summary;
pub mod worker;
pub mod write;
