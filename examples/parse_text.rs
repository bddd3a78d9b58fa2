//! Reads and parses text files, nothing else (a profiling aid: run it under
//! `perf` or `valgrind --tool=callgrind` to see where the text path spends).
//!
//! `cargo run --release --example parse_text -- [ROUNDS] FILE...` prints the
//! bytes read and the observations found, so two builds can be compared.
use modledger::parse::parse_document;
use modledger::read::text::read_text;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = match args.first().map(|a| a.parse()) {
        Some(Ok(n)) => {
            args.remove(0);
            n
        }
        _ => 1,
    };
    let files: Vec<(String, Vec<u8>)> = args
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    let (mut bytes, mut observations) = (0usize, 0usize);
    for _ in 0..rounds {
        for (name, data) in &files {
            bytes += data.len();
            if let Ok(doc) = read_text(name, data) {
                observations += parse_document(&doc).observations.len();
            }
        }
    }
    println!("{bytes} bytes, {observations} observations");
}
