//! The command line: `modledger convert INPUT... --out DIR`.

use crate::error::Error;
use crate::pipeline::{convert, gather_inputs, notices, some_input_unread, Limits};
use crate::write::{build_ledger, write_ledger};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
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
    }
}

/// `modledger convert`.
fn run_convert(args: ConvertArgs) -> Result<Outcome, Error> {
    let limits = Limits {
        max_size: args.max_size,
        timeout: args
            .timeout_ms
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(args.timeout.max(1))),
    };
    let inputs = gather_inputs(&args.inputs)?;
    let paths = inputs.files;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
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
    converted.orphans.extend(inputs.notes);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    for e in &converted.failed {
        eprintln!("modledger: {e}");
    }
    for line in notices(&converted, !args.quiet) {
        eprintln!("modledger: {line}");
    }
    let ledger = build_ledger(&converted.reports, &converted.orphans);
    write_ledger(&args.out, &ledger)?;
    if !args.quiet {
        let obs: usize = converted.reports.iter().map(|r| r.observations.len()).sum();
        eprintln!(
            "modledger: {} file(s), {} report(s), {} observation(s), {} unreadable; ledger in {}",
            paths.len(),
            converted.reports.len(),
            obs,
            converted.failed.len(),
            args.out.display()
        );
    }
    Ok(if some_input_unread(&converted) {
        Outcome::SomeUnreadable
    } else {
        Outcome::Clean
    })
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
