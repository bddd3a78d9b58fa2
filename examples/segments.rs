//! Prints the segments of a text or PDF file (a debugging aid).
use modledger::pipeline::{read_document, Limits};
use modledger::segment::segment;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segments FILE");
        return;
    };
    match read_document(std::path::Path::new(&path), Limits::default()) {
        Ok(doc) => {
            for s in segment(&doc) {
                let first = s.lines.first().map(|&i| doc.lines[i].line).unwrap_or(0);
                let (section, list) = match &s.place {
                    Some((sec, list)) => (sec.slug(), list.slug()),
                    None => ("-", "-"),
                };
                println!(
                    "{section} {list} lines={} first_line={first}",
                    s.lines.len()
                );
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
