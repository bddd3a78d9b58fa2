//! The command line: `modledger convert INPUT... --out DIR` and
//! `modledger diff OLD NEW` / `modledger diff --ledger DIR FROM TO`.

use crate::diff::{changes_csv, diff, summarise, LedgerTables};
use crate::error::{one_line, Error};
use crate::ledger::schema::{AssessmentRecord, HistoryRecord, Table};
use crate::ledger::Ledger;
use crate::model::{Code, Month};
use crate::pipeline::{
    all_diagnostics, convert, gather_inputs, notices, some_input_unread, Converted, Limits,
};
use crate::write::{ledger_files, write_file_atomically, write_ledger_streamed};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Turn the SEC's monthly Change Status Reports into a reconciled CSV ledger.
#[derive(Debug, Parser)]
#[command(name = "modledger", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read report files (PDF or text) and folders into a ledger of CSV files.
    Convert(ConvertArgs),
    /// Compare two months: what is new, what moved stage, which DCC dates slipped.
    Diff(DiffArgs),
}

/// How input files are read (shared by `convert` and `diff`).
#[derive(Debug, Args)]
pub struct ReadOptions {
    /// Worker threads (default: one per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Largest input file read, in bytes (default: 64 MiB).
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_size: u64,
    /// Seconds one file may take to read and parse (default: 60).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
    /// The time budget in milliseconds, overriding --timeout (for tests).
    #[arg(long, value_name = "MS", hide = true)]
    pub timeout_ms: Option<u64>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Report files (.pdf, .txt) or folders, read recursively.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The ledger folder to write (created when missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// How inputs are read.
    #[command(flatten)]
    pub read: ReadOptions,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Report files or folders of two months (the earlier is OLD); with
    /// `--ledger`, the two months FROM and TO as YYYY-MM.
    #[arg(required = true, value_name = "OLD NEW")]
    pub args: Vec<PathBuf>,
    /// Compare two months of a ledger folder `convert` wrote.
    #[arg(long, value_name = "DIR")]
    pub ledger: Option<PathBuf>,
    /// Write changes.csv here instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How inputs are read.
    #[command(flatten)]
    pub read: ReadOptions,
}

/// How a command ended when it could run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was read.
    Clean,
    /// Some input could not be read; the rest was written.
    SomeUnreadable,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    match cli.command {
        Command::Convert(args) => run_convert(args),
        Command::Diff(args) => run_diff(args),
    }
}

/// Reads and parses every input file, with a progress bar on a terminal.
fn read_archive(inputs: &[PathBuf], opts: &ReadOptions) -> Result<(usize, Converted), Error> {
    let limits = Limits {
        max_size: opts.max_size,
        timeout: opts
            .timeout_ms
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(opts.timeout.max(1))),
    };
    let gathered = gather_inputs(inputs)?;
    let paths = gathered.files;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let bar = (!opts.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(paths.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let mut converted = pool.install(|| convert(&paths, limits, &tick));
    converted.orphans.extend(gathered.notes);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for e in &converted.failed {
        eprintln!("modledger: {}", one_line(&e.to_string()));
    }
    for line in notices(&converted, !opts.quiet) {
        eprintln!("modledger: {}", one_line(&line));
    }
    Ok((paths.len(), converted))
}

fn outcome(converted: &Converted) -> Outcome {
    if some_input_unread(converted) {
        Outcome::SomeUnreadable
    } else {
        Outcome::Clean
    }
}

/// `modledger convert`.
fn run_convert(args: ConvertArgs) -> Result<Outcome, Error> {
    let (files, converted) = read_archive(&args.inputs, &args.read)?;
    let outcome = outcome(&converted);
    let closing = closing_line(files, &converted, &args.out);
    let ledger = Ledger::build(converted.reports, &converted.orphans);
    write_ledger_streamed(&args.out, &ledger)?;
    if !args.read.quiet {
        eprintln!("{closing}");
    }
    Ok(outcome)
}

/// convert's closing line: files, reports, observations, what was not read.
fn closing_line(files: usize, converted: &Converted, out: &Path) -> String {
    let obs: usize = converted.reports.iter().map(|r| r.observations.len()).sum();
    let count = |code: Code| {
        all_diagnostics(converted)
            .filter(|d| d.code == code)
            .count()
    };
    let (pages, undated) = (count(Code::PageUnreadable), count(Code::NoReportDate));
    let mut also = String::new();
    if pages > 0 {
        also.push_str(&format!(", {pages} page(s) skipped"));
    }
    if undated > 0 {
        also.push_str(&format!(", {undated} file(s) without a date"));
    }
    format!(
        "modledger: {} file(s), {} report(s), {} observation(s), {} unreadable{also}; ledger in {}",
        files,
        converted.reports.len(),
        obs,
        converted.failed.len(),
        one_line(&out.to_string_lossy())
    )
}

/// Reads a month argument (`YYYY-MM`).
fn month_arg(raw: &str) -> Result<Month, Error> {
    raw.parse().map_err(Error::Usage)
}

/// The two months to compare and the tables holding them.
fn diff_inputs(args: &DiffArgs) -> Result<(LedgerTables, Month, Month, Outcome), Error> {
    if let Some(dir) = &args.ledger {
        let months: Vec<String> = args
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let [from, to] = months.as_slice() else {
            return Err(Error::Usage(
                "diff --ledger DIR takes two months, FROM and TO (YYYY-MM)".into(),
            ));
        };
        let (from, to) = (month_arg(from)?, month_arg(to)?);
        let tables = LedgerTables::read_dir(dir, &[from, to])?;
        let known = tables.months();
        if let Some(absent) = [from, to].into_iter().find(|m| !known.contains(m)) {
            return Err(Error::Usage(format!(
                "{}/history.csv has no month {absent} (it has {})",
                dir.display(),
                list_or_none(&known)
            )));
        }
        return Ok((tables, from, to, Outcome::Clean));
    }
    let (_, converted) = read_archive(&args.args, &args.read)?;
    let outcome = outcome(&converted);
    let ledger = Ledger::build(converted.reports, &converted.orphans);
    let files = ledger_files(&ledger);
    let tables = LedgerTables::from_csv(
        files.file(HistoryRecord::FILE),
        Path::new(HistoryRecord::FILE),
        files.file(AssessmentRecord::FILE),
        Path::new(AssessmentRecord::FILE),
    )?;
    match tables.months().as_slice() {
        [from, to] => Ok((tables, *from, *to, outcome)),
        other => Err(Error::Usage(format!(
            "diff needs reports of exactly two months; these inputs give {}",
            list_or_none(other)
        ))),
    }
}

fn list_or_none(months: &[Month]) -> String {
    if months.is_empty() {
        "none".to_string()
    } else {
        months
            .iter()
            .map(Month::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `modledger diff`.
fn run_diff(args: DiffArgs) -> Result<Outcome, Error> {
    let (tables, from, to, outcome) = diff_inputs(&args)?;
    let changes = diff(&tables, from, to);
    let bytes = changes_csv(&changes);
    match &args.out {
        Some(path) => {
            // like convert's --out, a missing folder is made
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| Error::Output {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            write_file_atomically(path, &bytes)?
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|source| Error::Output {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
        }
    }
    if !args.read.quiet {
        eprintln!("modledger: {}", summarise(from, to, &changes));
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
