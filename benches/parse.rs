//! Parsing throughput on the project's own fixtures (`cargo bench --bench parse`).
//!
//! - `text`: `read_text` + `parse_document` over every file in `fixtures/text`.
//! - `stages`: each stage of the text path alone, over `fixtures/text` and the
//!   generated corpus's OCR text (`../shared/corpus/generated/archive/*_ocr.txt`,
//!   when that folder is there): `read_text` (bytes to lines and words), `segment`
//!   (headings), the table readers (`parse_appendix_segment` and
//!   `parse_report_segment` over segments found beforehand), and `parse_document`.
//! - `pdf`: `read_pdf` (+ `parse_document`) over every readable PDF in `fixtures/pdf`.
//!
//! Throughput is in input bytes, so criterion reports MB/s.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use modledger::layout::Document;
use modledger::normalise::dates::DateContext;
use modledger::parse::{appendix, parse_document, report, Found, SegmentContext};
use modledger::read::pdf::read_pdf;
use modledger::read::text::read_text;
use modledger::segment::{lines_of, segment};
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

/// The OCR text of the generated corpus, when it is there (else nothing, said on stderr).
fn corpus_ocr() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/generated/archive");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIPPED corpus OCR text in the stage benches: {} is not there",
            dir.display()
        );
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with("_ocr.txt"))
        .map(|p| (p.to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// Runs the table readers (appendix and report segment parsers) over a document's segments.
fn read_tables(doc: &Document, segs: &[modledger::segment::Segment], found: &mut Found) {
    for seg in segs {
        let Some((section, list)) = &seg.place else {
            continue;
        };
        let ctx = SegmentContext {
            section: *section,
            list,
            positional: doc.positional,
            rulings: &doc.rulings,
            dates: DateContext::default(),
        };
        let lines = lines_of(doc, seg);
        if section.is_appendix() {
            appendix::parse_appendix_segment(&ctx, &lines, found);
        } else {
            report::parse_report_segment(&ctx, &lines, found);
        }
    }
}

fn bench_stages(c: &mut Criterion) {
    let mut files = load("text", "txt");
    files.extend(corpus_ocr());
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let docs: Vec<Document> = files
        .iter()
        .map(|(name, data)| read_text(name, data).expect("text reads"))
        .collect();
    let segs: Vec<_> = docs.iter().map(segment).collect();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read_text", |b| {
        b.iter(|| {
            for (name, data) in &files {
                black_box(read_text(name, data).expect("text reads"));
            }
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(segment(doc));
            }
        })
    });
    group.bench_function("table_readers", |b| {
        b.iter(|| {
            for (doc, segs) in docs.iter().zip(&segs) {
                let mut found = Found::default();
                read_tables(doc, segs, &mut found);
                black_box(found);
            }
        })
    });
    group.bench_function("parse_document", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(parse_document(doc));
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

criterion_group!(benches, bench_text, bench_stages, bench_pdf);
criterion_main!(benches);
