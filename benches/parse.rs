//! Parsing throughput on the project's own fixtures (`cargo bench --bench parse`).
//!
//! - `text`: `read_text` + `parse_document` over every file in `fixtures/text`.
//! - `pdf`: `read_pdf` (+ `parse_document`) over every readable PDF in `fixtures/pdf`.
//!
//! Throughput is in input bytes, so criterion reports MB/s.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use modledger::parse::parse_document;
use modledger::read::pdf::read_pdf;
use modledger::read::text::read_text;
use std::path::Path;
use std::time::Duration;

/// (source name, bytes) of every file in `fixtures/<dir>` ending in `ext`, sorted.
fn load(dir: &str, ext: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            (
                format!(
                    "fixtures/{dir}/{}",
                    p.file_name().unwrap().to_string_lossy()
                ),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn bench_text(c: &mut Criterion) {
    let files = load("text", "txt");
    assert!(!files.is_empty(), "no fixture text files");
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read_text+parse_document", |b| {
        b.iter(|| {
            for (name, data) in &files {
                let doc = read_text(name, data).expect("fixture text reads");
                black_box(parse_document(&doc));
            }
        })
    });
    group.finish();
}

fn bench_pdf(c: &mut Criterion) {
    let budget = Duration::from_secs(60);
    // only the PDFs that read (the fixture folder may hold deliberately odd ones)
    let files: Vec<(String, Vec<u8>)> = load("pdf", "pdf")
        .into_iter()
        .filter(|(name, data)| read_pdf(name, data, budget).is_ok())
        .collect();
    assert!(!files.is_empty(), "no readable fixture PDFs");
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("pdf");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("read_pdf", |b| {
        b.iter(|| {
            for (name, data) in &files {
                black_box(read_pdf(name, data, budget).expect("fixture pdf reads"));
            }
        })
    });
    group.bench_function("read_pdf+parse_document", |b| {
        b.iter(|| {
            for (name, data) in &files {
                let doc = read_pdf(name, data, budget).expect("fixture pdf reads");
                black_box(parse_document(&doc));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_text, bench_pdf);
criterion_main!(benches);
