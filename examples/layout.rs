//! Prints a file's lines with their words' positions, and its vertical rulings
//! (a debugging aid, and what to send with a PDF the tool misreads):
//! `cargo run --example layout FILE [PAGE]`. Each line is
//! `p<page> l<line> y<baseline>: word@x0-x1 ...` in points from the page's
//! top left, after the words' compatibility forms are folded.
use modledger::pipeline::{read_document, Limits};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: layout FILE [PAGE]");
        return;
    };
    let page: Option<u32> = args.next().and_then(|p| p.parse().ok());
    let doc = match read_document(std::path::Path::new(&path), Limits::default()) {
        Ok(d) => d,
        Err(e) => return eprintln!("{e}"),
    };
    // a header that says what was read, for a bug report
    println!(
        "# {}: {:?}, {} page(s), {} line(s), {} ruling(s), modledger {}",
        doc.source,
        doc.kind,
        doc.pages,
        doc.lines.len(),
        doc.rulings.len(),
        env!("CARGO_PKG_VERSION")
    );
    for n in &doc.notes {
        println!("# note: page {:?}: {} {}", n.page, n.code, n.message);
    }
    for l in doc
        .lines
        .iter()
        .filter(|l| page.map_or(true, |p| p == l.page))
    {
        let words: Vec<String> = l
            .words
            .iter()
            .map(|w| format!("{}@{:.0}-{:.0}", w.text, w.x0, w.x1))
            .collect();
        println!("p{} l{} y{:.1}: {}", l.page, l.line, l.y, words.join(" "));
    }
    for r in doc
        .rulings
        .iter()
        .filter(|r| page.map_or(true, |p| p == r.page) && r.is_vertical(4.0))
    {
        println!("rule p{} x{:.1} y{:.1}-{:.1}", r.page, r.x0, r.y0, r.y1);
    }
}
