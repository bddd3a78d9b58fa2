//! Issue #15's PDF families, built at test time: forms that draw themselves or
//! nest 25,000 deep, cross-reference amplification, decompression bombs in a
//! content stream, a font file, a ToUnicode CMap and an object stream, a PNG
//! predictor 2^31 columns wide, operator, glyph and path floods, objects nested a
//! million deep, 20,000 pages, and a reading past its budget.
//!
//! Each runs beside a good PDF report through the built binary (which reads PDFs
//! in child processes), and must give: no abort, exit status 1, the good report's
//! rows exactly as when it is converted alone, the bad file named on stderr and in
//! `diagnostics.csv` with its code, every process (the binary and its workers)
//! under 1 GB of resident memory (`getrusage(RUSAGE_CHILDREN)`), and a run no
//! longer than the budget plus a few seconds. Containment is also tested on its
//! own, without the reader's limits: a worker made to overflow its stack or abort
//! (the test-only `MODLEDGER_TEST_WORKER_CRASH` hook) costs its file alone, as
//! `pdf_reader_crashed`. `MODLEDGER_KEEP_HOSTILE=DIR` keeps
//! the files built (for `benches/hostile.sh`).

mod common;

use common::{csv_rows, modledger, root, run};
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const GOOD: &str = "fixtures/pdf/2021-03_report.pdf";
const GOOD_REPORT: &str = "2021-03-05";
/// Resident memory no process of a run may reach.
const MEMORY_CEILING_KB: i64 = 1 << 20;
/// What a run may take beyond its budget (process start, the good report, writing).
const SLACK: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------
// A small PDF writer: numbered objects, a classic cross-reference table.

/// `<< /Length n EXTRA >> stream … endstream`
fn stream(extra: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< /Length {} {extra} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A PDF of `objects` (object n is `objects[n - 1]`; 1 is the catalog).
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(trailer.as_bytes());
    out
}

/// Catalog, pages, one page with `resources` and `contents`, a Helvetica font: objects 1-4.
fn page_objects(resources: &str, contents: &str) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> {resources} >> /Contents {contents} >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ]
}

const HELLO: &[u8] = b"BT /F1 9 Tf 40 700 Td (Hello) Tj ET";

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("deflate");
    e.finish().expect("deflate")
}

/// LSB-first bit packing for a hand-made deflate stream.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// Writes a Huffman code of `len` bits, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.acc |= u64::from((code >> i) & 1) << self.n;
            self.n += 1;
            if self.n == 8 {
                self.out.push(self.acc as u8);
                (self.acc, self.n) = (0, 0);
            }
        }
    }
}

/// zlib data for `1 + 258 k` zero bytes: one literal, then `k` copies of (258, distance 1),
/// 13 bits each, so a gigabyte costs 6.8 MB and no time to make.
fn zero_bomb(k: usize) -> Vec<u8> {
    let mut b = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    b.code(0b110, 3); // BFINAL=1, then BTYPE=01 (fixed Huffman) low bit first
    b.code(0b0011_0000, 8); // literal 0
    for _ in 0..k {
        b.code(0b1100_0101, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    if b.n > 0 {
        b.out.push(b.acc as u8);
    }
    let n = (1 + 258 * k) as u64;
    b.out
        .extend_from_slice(&((n % 65521) << 16 | 1).to_be_bytes()[4..]);
    b.out
}

/// A 1 GiB run of zeros, deflated twice (the double-FlateDecode bomb).
fn double_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| zlib(&zero_bomb((1 << 30) / 258)))
}

const TWICE: &str = "/Filter [/FlateDecode /FlateDecode]";

// ---------------------------------------------------------------------------------
// The families

fn form_draws_itself() -> Vec<u8> {
    let mut o = page_objects("/XObject << /X0 5 0 R >>", "6 0 R");
    o.push(stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X0 5 0 R >> >>",
        b"/X0 Do",
    ));
    o.push(stream("", b"/X0 Do"));
    pdf(&o)
}

fn forms_draw_each_other() -> Vec<u8> {
    let mut o = page_objects("/XObject << /A 5 0 R >>", "7 0 R");
    o.push(stream(
        "/Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /B 6 0 R >> >>",
        b"/B Do",
    ));
    o.push(stream(
        "/Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /A 5 0 R >> >>",
        b"/A Do",
    ));
    o.push(stream("", b"/A Do"));
    pdf(&o)
}

fn forms_nested_25000_deep() -> Vec<u8> {
    const DEPTH: usize = 25_000;
    let mut o = page_objects("/XObject << /N 5 0 R >>", "6 0 R");
    o.push(Vec::new()); // 5: the first form, below
    o.push(stream("", b"/N Do"));
    let first = o.len() + 1;
    for k in 0..DEPTH {
        let next = first + k + 1;
        let res = if k + 1 < DEPTH {
            format!("/Resources << /XObject << /N {next} 0 R >> >>")
        } else {
            String::new()
        };
        o.push(stream(
            &format!("/Subtype /Form /BBox [0 0 9 9] {res}"),
            b"/N Do",
        ));
    }
    o[4] = stream(
        &format!("/Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /N {first} 0 R >> >>"),
        b"/N Do",
    );
    pdf(&o)
}

/// An xref stream with no bytes per entry and four billion entries.
fn xref_stream_w000() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream("", HELLO));
    let mut out = pdf(&o);
    let at = out.len();
    out.extend_from_slice(b"6 0 obj\n<< /Type /XRef /Size 7 /W [0 0 0] /Index [0 4000000000] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\n");
    out.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
    out
}

/// A million compressed xref entries, every one pointing at the content stream.
fn xref_million_entries_one_stream() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream("", HELLO));
    let mut out = pdf(&o);
    let target = out
        .windows(8)
        .position(|w| w == b"5 0 obj\n")
        .expect("object 5") as u32;
    let mut rows = Vec::with_capacity(6_000_000);
    for _ in 0..1_000_000 {
        rows.push(1u8);
        rows.extend_from_slice(&target.to_be_bytes());
        rows.push(0);
    }
    let data = zlib(&rows);
    let at = out.len();
    out.extend_from_slice(format!("6 0 obj\n<< /Type /XRef /Size 1000000 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n", data.len()).as_bytes());
    out.extend_from_slice(&data);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
    out
}

/// A classic table whose 300,000 entries all point at one 64 KB stream.
fn xref_entries_share_one_stream() -> Vec<u8> {
    let mut content = HELLO.to_vec();
    content.resize(64 << 10, b' ');
    let mut o = page_objects("", "5 0 R");
    o.push(stream("", &content));
    let mut out = pdf(&o);
    let target = out
        .windows(8)
        .position(|w| w == b"5 0 obj\n")
        .expect("object 5");
    let xref = out.len();
    let n = 300_000;
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", n + 1).as_bytes());
    for i in 1..=n {
        let off = if i <= 4 {
            out.windows(format!("{i} 0 obj\n").len())
                .position(|w| w == format!("{i} 0 obj\n").as_bytes())
                .unwrap_or(target)
        } else {
            target
        };
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            n + 1
        )
        .as_bytes(),
    );
    out
}

fn one_stream_a_million_times_in_contents() -> Vec<u8> {
    let mut content = Vec::new();
    while content.len() < 1000 {
        content.extend_from_slice(b"BT ET\n");
    }
    let refs = "5 0 R ".repeat(1_000_000);
    let mut o = page_objects("", &format!("[{refs}]"));
    o.push(stream("", &content));
    pdf(&o)
}

fn bomb_in_content_stream() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream(TWICE, double_bomb()));
    pdf(&o)
}

fn bomb_in_font_file() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o[3] = b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Bomb /FontDescriptor 6 0 R >>"
        .to_vec();
    o.push(stream("", HELLO));
    o.push(
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Bomb /Flags 32 /FontFile2 7 0 R >>".to_vec(),
    );
    o.push(stream(TWICE, double_bomb()));
    pdf(&o)
}

fn bomb_in_to_unicode() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec();
    o.push(stream("", HELLO));
    o.push(stream(TWICE, double_bomb()));
    pdf(&o)
}

/// Objects 1-5 plain; object 7 inside object stream 6, a bomb; an xref stream.
fn bomb_in_object_stream() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream("", HELLO));
    o.push(stream(
        &format!("/Type /ObjStm /N 1 /First 4 {TWICE}"),
        double_bomb(),
    ));
    let mut out = pdf(&o);
    let offsets: Vec<u32> = (1..=6)
        .map(|i| {
            out.windows(format!("\n{i} 0 obj\n").len())
                .position(|w| w == format!("\n{i} 0 obj\n").as_bytes())
                .expect("object") as u32
                + 1
        })
        .collect();
    let at = out.len() as u32;
    let mut rows = vec![0u8, 0, 0, 0, 0, 0xFF, 0xFF];
    for off in offsets {
        rows.push(1);
        rows.extend_from_slice(&off.to_be_bytes());
        rows.extend_from_slice(&[0, 0]);
    }
    rows.extend_from_slice(&[2, 0, 0, 0, 6, 0, 0]); // object 7: in stream 6, index 0
    rows.push(1);
    rows.extend_from_slice(&at.to_be_bytes());
    rows.extend_from_slice(&[0, 0]);
    out.extend_from_slice(
        format!(
            "8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&rows);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
    out
}

fn predictor_two_billion_columns() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream(
        "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 2147483648 >>",
        &zlib(HELLO),
    ));
    pdf(&o)
}

/// `n` copies of `op`, compressed, after `prefix`.
fn flood(prefix: &[u8], op: &[u8], n: usize) -> Vec<u8> {
    let mut content = prefix.to_vec();
    content.reserve(op.len() * n);
    for _ in 0..n {
        content.extend_from_slice(op);
    }
    let mut o = page_objects("", "5 0 R");
    o.push(stream("/Filter /FlateDecode", &zlib(&content)));
    pdf(&o)
}

fn objects_nested_a_million_deep() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    o.push(stream("", HELLO));
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    o[2] = format!("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Deep {deep} >>").into_bytes();
    pdf(&o)
}

fn twenty_thousand_pages() -> Vec<u8> {
    const PAGES: usize = 20_000;
    let kids: Vec<String> = (0..PAGES).map(|i| format!("{} 0 R", 6 + i)).collect();
    let mut o = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {PAGES} /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> >>", kids.join(" ")).into_bytes(),
        b"null".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        stream("", HELLO),
    ];
    for _ in 0..PAGES {
        o.push(b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>".to_vec());
    }
    pdf(&o)
}

/// Many pages each just under the operator limit: minutes of work for a 2 s budget.
fn slow_pages() -> Vec<u8> {
    const PAGES: usize = 200;
    let kids: Vec<String> = (0..PAGES).map(|i| format!("{} 0 R", 6 + i)).collect();
    let mut content = HELLO.to_vec();
    content.extend_from_slice(&b"q Q ".repeat(900_000));
    let mut o = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {PAGES} /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> >>", kids.join(" ")).into_bytes(),
        b"null".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream("/Filter /FlateDecode", &zlib(&content)),
    ];
    for _ in 0..PAGES {
        o.push(b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>".to_vec());
    }
    pdf(&o)
}

// ---------------------------------------------------------------------------------
// Running them

/// Resident-memory peak (KB) of the largest child process waited for so far.
fn children_peak_kb() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}

/// The good report's observation rows when converted on its own.
fn good_alone() -> &'static Vec<String> {
    static ROWS: OnceLock<Vec<String>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let o = run(&[
            "convert",
            GOOD,
            "--quiet",
            "--out",
            out.path().to_str().expect("utf-8"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let rows = good_rows(out.path());
        assert!(
            rows.len() > 20,
            "the good report alone gives {} observations",
            rows.len()
        );
        rows
    })
}

fn good_rows(ledger: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(ledger.join("observations.csv")).expect("observations.csv");
    text.lines()
        .filter(|l| l.starts_with(&format!("{GOOD_REPORT},")))
        .map(str::to_string)
        .collect()
}

/// Converts the good report and `bytes` (written as `name`), checking everything the issue asks.
fn check(name: &str, bytes: &[u8], code: &str, says: &str, extra: &[&str], budget: Duration) {
    check_env(&[], name, bytes, code, says, extra, budget);
}

/// [`check`] with environment variables set for the run (and so for its workers).
fn check_env(
    env: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
    code: &str,
    says: &str,
    extra: &[&str],
    budget: Duration,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join(name);
    std::fs::write(&bad, bytes).expect("write the hostile file");
    if let Some(keep) = std::env::var_os("MODLEDGER_KEEP_HOSTILE") {
        // for benchmarks: `MODLEDGER_KEEP_HOSTILE=DIR cargo test --test hostile_pdfs`
        let _ = std::fs::create_dir_all(&keep);
        let _ = std::fs::write(Path::new(&keep).join(name), bytes);
    }
    let out = dir.path().join("ledger");
    let bad_s = bad.to_str().expect("utf-8");
    let mut args = vec![
        "convert",
        GOOD,
        bad_s,
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let o = modledger()
        .envs(env.iter().copied())
        .args(&args)
        .output()
        .expect("run modledger");
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{name}: a panic:\n{err}");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{name}: exit status (134 is an abort):\n{err}"
    );
    assert!(
        took < budget + SLACK,
        "{name}: took {took:?}, budget {budget:?}"
    );
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("modledger: {bad_s}: ")))
        .unwrap_or_else(|| panic!("{name}: not named on stderr:\n{err}"));
    assert!(line.contains(says), "{name}: {line:?} lacks {says:?}");
    let rows: Vec<_> = csv_rows(&out.join("diagnostics.csv"))
        .into_iter()
        .filter(|r| r["source"] == bad_s && r["severity"] == "error")
        .collect();
    assert_eq!(rows.len(), 1, "{name}: one error row: {rows:?}");
    assert_eq!(rows[0]["code"], code, "{name}: {rows:?}");
    assert_eq!(
        &good_rows(&out),
        good_alone(),
        "{name}: the good report's rows changed; stderr:\n{err}\ndiagnostics:\n{}",
        std::fs::read_to_string(out.join("diagnostics.csv")).unwrap_or_default()
    );
    let peak = children_peak_kb();
    assert!(
        peak < MEMORY_CEILING_KB,
        "{name}: a process reached {} MB",
        peak / 1024
    );
    eprintln!(
        "{name}: {code} in {took:.1?}, peak child RSS so far {} MB",
        peak / 1024
    );
}

const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

#[test]
fn forms_that_draw_themselves_or_nest_too_deep() {
    let _ = root();
    check(
        "form_self.pdf",
        &form_draws_itself(),
        "pdf_form_cycle",
        "a Form XObject draws itself",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "forms_mutual.pdf",
        &forms_draw_each_other(),
        "pdf_form_cycle",
        "a Form XObject draws itself",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "forms_25000.pdf",
        &forms_nested_25000_deep(),
        "pdf_form_depth",
        "Form XObjects nest deeper than 16",
        &[],
        DEFAULT_BUDGET,
    );
}

#[test]
fn cross_reference_amplification() {
    check(
        "xref_w000.pdf",
        &xref_stream_w000(),
        "pdf_xref_limit",
        "declares 4000000000 entries",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "xref_million.pdf",
        &xref_million_entries_one_stream(),
        "pdf_xref_limit",
        "declares 1000000 entries",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "xref_shared.pdf",
        &xref_entries_share_one_stream(),
        "pdf_xref_limit",
        "points many entries at the same bytes",
        &[],
        DEFAULT_BUDGET,
    );
    // a generous budget: a test build on a busy machine parses a million references slowly
    check(
        "contents_million.pdf",
        &one_stream_a_million_times_in_contents(),
        "pdf_inflate_limit",
        "inflate past the reader's limit",
        &["--timeout", "240"],
        Duration::from_secs(240),
    );
}

#[test]
fn decompression_bombs() {
    let says = "inflate past the reader's limit";
    check(
        "bomb_content.pdf",
        &bomb_in_content_stream(),
        "pdf_inflate_limit",
        says,
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "bomb_fontfile.pdf",
        &bomb_in_font_file(),
        "pdf_inflate_limit",
        says,
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "bomb_tounicode.pdf",
        &bomb_in_to_unicode(),
        "pdf_inflate_limit",
        says,
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "bomb_objstm.pdf",
        &bomb_in_object_stream(),
        "pdf_inflate_limit",
        says,
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "predictor.pdf",
        &predictor_two_billion_columns(),
        "pdf_predictor_limit",
        "2147483648 columns wide",
        &[],
        DEFAULT_BUDGET,
    );
}

#[test]
fn operator_glyph_and_path_floods() {
    check(
        "q_flood.pdf",
        &flood(b"", b"q\n", 10_000_000),
        "pdf_operator_limit",
        "more than 2000000 content operators",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "tj_flood.pdf",
        &flood(b"BT /F1 9 Tf 40 700 Td ", b"(a)Tj\n", 10_000_000),
        "pdf_glyph_limit",
        "more than 500000 glyphs",
        &[],
        DEFAULT_BUDGET,
    );
    check(
        "path_flood.pdf",
        &flood(b"", b"0 0 1 1 re S\n", 1_250_000),
        "pdf_path_limit",
        "more than 200000 path segments",
        &[],
        DEFAULT_BUDGET,
    );
}

#[test]
fn objects_nested_a_million_deep_and_a_reading_past_its_memory() {
    // lopdf refuses the page object nested a million deep: the file has no page left
    check(
        "deep.pdf",
        &objects_nested_a_million_deep(),
        "damaged_pdf",
        "no pages",
        &[],
        DEFAULT_BUDGET,
    );
    // a worker that reaches its memory limit dies; the file is named, the run goes on
    let small = ["--pdf-memory", "120000000"];
    check(
        "memory.pdf",
        &one_stream_a_million_times_in_contents(),
        "pdf_memory_limit",
        "the reader's memory limit of 114 MiB",
        &small,
        DEFAULT_BUDGET,
    );
}

#[test]
fn a_memory_limit_smaller_than_the_workers_own_stack_still_reads_a_report() {
    // --pdf-memory is what a reading may take beyond the worker's code and its
    // reading thread's 64 MiB stack: 16 MiB is far below that stack and ample for
    // the good report (once the stack counted, and the worker could not start)
    let out = tempfile::tempdir().expect("temp dir");
    let o = run(&[
        "convert",
        GOOD,
        "--quiet",
        "--pdf-memory",
        "16777216",
        "--out",
        out.path().to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(&good_rows(out.path()), good_alone(), "{err}");
}

#[test]
fn twenty_thousand_pages_and_a_reading_past_its_budget() {
    check(
        "pages_20000.pdf",
        &twenty_thousand_pages(),
        "not_a_report",
        "no report sections",
        &[],
        DEFAULT_BUDGET,
    );
    let budget = Duration::from_secs(2);
    check(
        "slow.pdf",
        &slow_pages(),
        "timeout",
        "longer than the time budget",
        &["--timeout", "2"],
        budget,
    );
}

/// The mark that makes a worker crash under `MODLEDGER_TEST_WORKER_CRASH`.
const CRASH_MARK: &str = "modledger-test-crash-here";

/// A well-formed one-page PDF (no report in it) with [`CRASH_MARK`] in a content comment.
fn marked_for_a_crash() -> Vec<u8> {
    let mut o = page_objects("", "5 0 R");
    let mut content = format!("% {CRASH_MARK}\n").into_bytes();
    content.extend_from_slice(HELLO);
    o.push(stream("", &content));
    pdf(&o)
}

#[test]
fn a_worker_killed_by_a_signal_costs_only_its_file() {
    let env = modledger::read::pdf::isolate::TEST_CRASH_ENV;
    let bytes = marked_for_a_crash();
    // the control: without the hook the file reads, and is refused for what it is
    check(
        "crash_control.pdf",
        &bytes,
        "not_a_report",
        "no report sections",
        &[],
        DEFAULT_BUDGET,
    );
    // a real stack overflow (SIGSEGV on the guard page, then SIGABRT), and a plain abort
    for (how, says) in [
        (
            "stack",
            "the process reading the PDF died: it overflowed its stack",
        ),
        (
            "abort",
            "the process reading the PDF died: it ended with signal: 6",
        ),
    ] {
        check_env(
            &[(env, &format!("{how}:{CRASH_MARK}"))],
            &format!("crash_{how}.pdf"),
            &bytes,
            "pdf_reader_crashed",
            says,
            &[],
            DEFAULT_BUDGET,
        );
    }
}
