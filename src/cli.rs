//! The command line: `modledger convert INPUT... --out DIR`,
//! `modledger diff OLD NEW` / `modledger diff --ledger DIR FROM TO` and
//! `modledger report --ledger DIR [--out FILE]`.

use crate::alloc::{give_back_freed_memory, limit_allocator_arenas};
use crate::diff::{changes_csv, diff, summarise, LedgerTables};
use crate::error::{one_line, Error};
use crate::ledger::schema::{AssessmentRecord, HistoryRecord, Table};
use crate::ledger::Ledger;
use crate::model::Month;
use crate::pipeline::{convert, gather_inputs, notices, some_input_unread, Converted, Limits};
use crate::read::ocr::{OcrMode, Progress};
use crate::summary::RunSummary;
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
    /// Read report files (PDF or text) and folders into a ledger of CSV files, ledger.xlsx and index.html.
    #[command(after_help = CONVERT_EXAMPLE)]
    Convert(ConvertArgs),
    /// Compare two months: what is new, what moved stage, which DCC dates slipped.
    #[command(after_help = DIFF_EXAMPLE)]
    Diff(DiffArgs),
    /// Tell one proposal's story from a ledger: titles, stages, assessments, events, diagnostics.
    #[command(after_help = SHOW_EXAMPLE)]
    Show(ShowArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_EXAMPLE)]
    Completions(CompletionsArgs),
    /// Write the ledger's HTML report (index.html) again from a ledger folder.
    #[command(after_help = REPORT_EXAMPLE)]
    Report(ReportArgs),
}

/// `report --help`'s worked example.
const REPORT_EXAMPLE: &str = "Example:
  modledger report --ledger ledger
      writes ledger/index.html again from the ledger's CSV files: the page
      convert writes beside them (timeline, DCC assessments, month against
      month, each proposal's story, quality); open it in a browser.";

/// `convert --help`'s worked example.
const CONVERT_EXAMPLE: &str = "Example:
  modledger convert reports/ Appendix_A_June_2021.pdf --out ledger
      reads every .pdf and .txt under reports/ and the appendix, and writes
      ledger/*.csv, ledger/ledger.xlsx and ledger/index.html (open it in a
      browser); the last lines on stderr sum up
      the months covered, the proposals and the diagnostics.";

/// `diff --help`'s worked example.
const DIFF_EXAMPLE: &str = "Example:
  modledger diff --ledger ledger 2021-05 2021-06 --format markdown
      what changed from May to June 2021, grouped for people (new, gone,
      stage moves, slipped dates, other); without --format, changes.csv.
      The earlier month is always \"before\", in whichever order they are given.";

/// `show --help`'s worked example.
const SHOW_EXAMPLE: &str = "Example:
  modledger show MP124 --ledger ledger
      MP124's titles over time, its stage and status each month, its DCC
      assessments and their slipped targets, its events and diagnostics
      (124 and DP124 name the same proposal).";

/// `completions --help`'s worked example.
const COMPLETIONS_EXAMPLE: &str = "Example:
  modledger completions bash > ~/.local/share/bash-completion/completions/modledger";

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The proposal, in any form: `83`, `MP083`, `DP083`, `SECMP0053`, `85A`.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The ledger folder `convert` wrote.
    #[arg(long, value_name = "DIR")]
    pub ledger: PathBuf,
    /// `text` (for a terminal), `csv` (one tidy table: table,row,column,value) or `json`.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// What `show` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// Sections of aligned text.
    Text,
    /// One tidy table: table,row,column,value.
    Csv,
    /// One JSON object.
    Json,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The ledger folder `convert` wrote.
    #[arg(long, value_name = "DIR")]
    pub ledger: PathBuf,
    /// Where to write the page (default: index.html in the ledger folder).
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// How input files are read (shared by `convert` and `diff`).
#[derive(Debug, Args)]
pub struct ReadOptions {
    /// Worker threads (default: one per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Largest input file read: bytes, or with a suffix K, M, G (1024-based;
    /// KiB, MiB, GiB and KB, MB, GB say the same).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = byte_size)]
    pub max_size: u64,
    /// Seconds one file may take to read and parse (default: 60).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
    /// The time budget in milliseconds, overriding --timeout (for tests).
    #[arg(long, value_name = "MS", hide = true)]
    pub timeout_ms: Option<u64>,
    /// Memory one PDF's reading may use, in bytes (default: 768 MiB); a file
    /// that needs more is an error (`pdf_memory_limit`), the run goes on.
    #[arg(long, value_name = "BYTES", default_value_t = crate::read::pdf::isolate::DEFAULT_MEMORY_LIMIT)]
    pub pdf_memory: u64,
    /// Read PDFs in this process instead of child processes (for measuring).
    #[arg(long, hide = true)]
    pub pdf_in_process: bool,
    /// Which PDF pages are read by OCR (tesseract): `auto` reads the pages
    /// without a text layer that show an image (scans), `always` every page,
    /// `never` none.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = OcrMode::Auto)]
    pub ocr: OcrMode,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Report files (.pdf, .txt, tesseract's .tsv or .hocr) or folders, read
    /// recursively; `-` reads standard input.
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
    /// `csv` (changes.csv, for code) or `markdown` (grouped for people, to paste into an email).
    #[arg(long, value_enum, default_value_t = DiffFormat::Csv)]
    pub format: DiffFormat,
    /// How inputs are read.
    #[command(flatten)]
    pub read: ReadOptions,
}

/// What `diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// changes.csv: one row per changed value.
    Csv,
    /// The same changes grouped for people (new, gone, stage moves, slipped dates, other).
    Markdown,
}

/// Reads a size argument: `67108864`, `64M`, `64 MiB`, `1.5G` (units are
/// 1024-based, whatever their spelling).
pub fn byte_size(raw: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(raw)
        .map_err(|e| format!("{raw:?} is not a size (64M, 512K, 1G, 67108864): {e}"))
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
        Command::Show(args) => run_show(args),
        Command::Completions(args) => run_completions(&args),
        Command::Report(args) => run_report(args),
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
        ocr: opts.ocr,
    };
    let gathered = gather_inputs(inputs)?;
    let paths = gathered.files;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    limit_allocator_arenas(pool.current_num_threads());
    let bar = (!opts.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(paths.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.set_message("files");
        b
    });
    // OCR'd pages are slow: the bar counts them beside the files
    let tick = |p: Progress| {
        if let Some(b) = &bar {
            match p {
                Progress::File | Progress::OcrPage => b.inc(1),
                Progress::OcrPagesFound(n) => {
                    b.inc_length(n);
                    b.set_message("files and OCR'd pages");
                }
            }
        }
    };
    if !opts.pdf_in_process {
        crate::read::pdf::isolate::enable(opts.pdf_memory);
    }
    let mut converted = pool.install(|| convert(&paths, limits, &tick));
    crate::read::pdf::isolate::shutdown();
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
    let unreadable = converted.failed.len();
    let ledger = Ledger::build(converted.reports, &converted.orphans);
    give_back_freed_memory();
    write_ledger_streamed(&args.out, &ledger)?;
    if !args.read.quiet {
        for line in RunSummary::of(&ledger, files, unreadable).lines(&args.out) {
            eprintln!("{line}");
        }
    }
    Ok(outcome)
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
        let (from, to) = earlier_first(month_arg(from)?, month_arg(to)?, args.read.quiet);
        let tables = LedgerTables::read_dir(dir, &[from, to])?;
        let known = tables.months();
        if let Some(absent) = [from, to].into_iter().find(|m| !known.contains(m)) {
            return Err(Error::Usage(format!(
                "{}/history.csv has no month {absent} (it has {})",
                dir.display(),
                list_near(&known, Some(absent))
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

/// The most months a message lists whole; a longer list is said by its
/// range and the months nearest the one asked for (a ledger of 10,000
/// months would otherwise make a 90 KB line).
const MONTHS_LISTED: usize = 12;

fn list_or_none(months: &[Month]) -> String {
    list_near(months, None)
}

/// The months, or for a long list its count, range and (when `near` is
/// given) the months just before and after `near`.
fn list_near(months: &[Month], near: Option<Month>) -> String {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return "none".to_string();
    };
    if months.len() <= MONTHS_LISTED {
        return months
            .iter()
            .map(Month::to_string)
            .collect::<Vec<_>>()
            .join(", ");
    }
    let mut said = format!("{} months, {first} to {last}", months.len());
    if let Some(m) = near {
        let before = months.iter().rev().find(|k| **k < m);
        let after = months.iter().find(|k| **k > m);
        let nearest: Vec<String> = before
            .into_iter()
            .chain(after)
            .map(Month::to_string)
            .collect();
        if !nearest.is_empty() {
            said.push_str(&format!("; the nearest: {}", nearest.join(", ")));
        }
    }
    said
}

/// The two months, the earlier first (it is always "before"), with a
/// notice when they were given the other way round.
fn earlier_first(a: Month, b: Month, quiet: bool) -> (Month, Month) {
    if a > b && !quiet {
        eprintln!("modledger: the earlier month is always \"before\": comparing {b} (before) with {a} (after)");
    }
    (a.min(b), a.max(b))
}

/// Writes bytes to stdout; a reader that went away (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: PathBuf::from("<stdout>"),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// `modledger completions SHELL`.
fn run_completions(args: &CompletionsArgs) -> Result<Outcome, Error> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "modledger", &mut script);
    write_stdout(&script)?;
    Ok(Outcome::Clean)
}

/// `modledger show`.
fn run_show(args: ShowArgs) -> Result<Outcome, Error> {
    let id = crate::show::proposal_arg(&args.reference)?;
    let story = crate::show::Story::read(&args.ledger, id)?;
    let bytes = match args.format {
        ShowFormat::Text => story.text().into_bytes(),
        ShowFormat::Csv => story.csv(),
        ShowFormat::Json => story.json().into_bytes(),
    };
    write_stdout(&bytes)?;
    Ok(Outcome::Clean)
}

/// `modledger diff`.
fn run_diff(args: DiffArgs) -> Result<Outcome, Error> {
    let (tables, from, to, outcome) = diff_inputs(&args)?;
    let changes = diff(&tables, from, to);
    let bytes = match args.format {
        DiffFormat::Csv => changes_csv(&changes),
        DiffFormat::Markdown => crate::diff::people::markdown(from, to, &changes).into_bytes(),
    };
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
        None => write_stdout(&bytes)?,
    }
    if !args.read.quiet {
        eprintln!("modledger: {}", summarise(from, to, &changes));
    }
    Ok(outcome)
}

/// `modledger report`: the page from a ledger folder, written atomically.
fn run_report(args: ReportArgs) -> Result<Outcome, Error> {
    let bytes = crate::report::html_of_dir(&args.ledger)?;
    let out = args
        .out
        .unwrap_or_else(|| args.ledger.join(crate::report::FILE));
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Output {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_file_atomically(&out, &bytes)?;
    if !args.quiet {
        eprintln!(
            "modledger: report of {} ({} bytes) in {}",
            one_line(&args.ledger.to_string_lossy()),
            bytes.len(),
            one_line(&out.to_string_lossy())
        );
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_months_is_said_by_its_range_and_the_nearest() {
        let m = |s: &str| -> Month { s.parse().expect("a month") };
        let few = [m("2021-01"), m("2021-03")];
        assert_eq!(list_near(&few, Some(m("2021-02"))), "2021-01, 2021-03");
        assert_eq!(list_or_none(&[]), "none");
        let many: Vec<Month> = (1..=10)
            .flat_map(|y| (1..=12).map(move |mo| (y, mo)))
            .filter(|&(y, mo)| !(y == 5 && mo == 6))
            .map(|(y, mo)| m(&format!("{:04}-{mo:02}", 2000 + y)))
            .collect();
        assert_eq!(
            list_near(&many, Some(m("2005-06"))),
            "119 months, 2001-01 to 2010-12; the nearest: 2005-05, 2005-07"
        );
        assert_eq!(
            list_near(&many, Some(m("1999-01"))),
            "119 months, 2001-01 to 2010-12; the nearest: 2001-01"
        );
        assert_eq!(list_near(&many, None), "119 months, 2001-01 to 2010-12");
    }

    #[test]
    fn sizes_take_suffixes() {
        for (raw, want) in [
            ("67108864", Some(64 << 20)),
            ("64M", Some(64 << 20)),
            ("64m", Some(64 << 20)),
            ("64MiB", Some(64 << 20)),
            ("64 MB", Some(64 << 20)),
            ("512K", Some(512 << 10)),
            ("1G", Some(1 << 30)),
            ("1.5G", Some(3 << 29)),
            ("0", Some(0)),
            ("", None),
            ("64X", None),
            ("-1M", None),
            ("lots", None),
        ] {
            assert_eq!(byte_size(raw).ok(), want, "{raw:?}");
        }
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
