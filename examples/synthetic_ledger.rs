//! Writes a synthetic ledger (the files the HTML report reads) for the
//! report's benchmarks: `cargo run --release --example synthetic_ledger DIR [MONTHS PROPOSALS]`
//! (default 120 months, 400 proposals). Then `modledger report --ledger DIR`.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: synthetic_ledger DIR [MONTHS PROPOSALS]");
        std::process::exit(2);
    };
    let months = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(120);
    let proposals = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(400);
    let input = synthetic::archive(months, proposals);
    synthetic::write_ledger(&input, std::path::Path::new(dir));
    eprintln!(
        "synthetic ledger in {dir}: {} months, {} proposals, {} history rows, {} assessment rows",
        input.reports.len(),
        input.register.len(),
        input.history.len(),
        input.assessments.len()
    );
}
