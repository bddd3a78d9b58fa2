//! `modledger`: parse arguments, run, map the outcome to an exit code.

use clap::Parser;
use modledger::cli::{run, Cli, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeUnreadable) => ExitCode::from(1),
        Err(err) => {
            eprintln!(
                "modledger: {}",
                modledger::error::one_line(&err.to_string())
            );
            ExitCode::from(2)
        }
    }
}
