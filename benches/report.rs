//! The HTML report's speed on a synthetic ten-year archive (120 months,
//! 400 proposals; `tests/common/synthetic.rs`): `cargo bench --bench report`.
//!
//! - `page`: `report::html` from the ledger's rows (what `convert` adds).
//! - `read_and_page`: reading a ledger folder back through the schema,
//!   then the page (what `modledger report --ledger DIR` does, less the write).
//!
//! Chromium's load time of the same page is `benches/report_load.sh`.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use modledger::report::{html, PageInput};
use std::time::Duration;

fn bench_page(c: &mut Criterion) {
    let input = synthetic::archive(120, 400);
    let bytes = html(&input).len();
    eprintln!("synthetic page: {bytes} bytes");
    let dir = tempfile::tempdir().expect("temp dir");
    synthetic::write_ledger(&input, dir.path());
    let mut g = c.benchmark_group("report");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("page", |b| b.iter(|| black_box(html(black_box(&input)))));
    g.bench_function("read_and_page", |b| {
        b.iter(|| black_box(html(&PageInput::read_dir(dir.path()).expect("ledger"))))
    });
    g.finish();
}

criterion_group!(benches, bench_page);
criterion_main!(benches);
