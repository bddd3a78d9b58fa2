//! PDFs from another producer than the crate's own generator: LibreOffice
//! Writer (`fixtures/other-producers/make.sh`), with real font metrics,
//! centred table headers, cells whose reference sits on their middle line,
//! one report without rulings and one appendix with ruled borders. Each file
//! is converted on its own and its whole ledger compared with the
//! hand-checked one in `fixtures/expected/other-producers/`.

mod common;

use common::{convert_clean, root};

fn check(name: &str) {
    let input = format!("fixtures/other-producers/{name}.pdf");
    let out = convert_clean(&[&input]);
    let expected = root().join("fixtures/expected/other-producers").join(name);
    let mut files: Vec<_> = std::fs::read_dir(&expected)
        .expect("expected folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{} expected files", files.len());
    for f in files {
        let want = std::fs::read_to_string(expected.join(&f)).expect("expected file");
        let got = std::fs::read_to_string(out.path().join(&f)).expect("ledger file");
        assert_eq!(got, want, "{name}: {} differs", f.to_string_lossy());
    }
}

#[test]
fn libreoffice_report_without_rulings() {
    check("2021-07_report_libreoffice");
}

#[test]
fn libreoffice_appendix_with_ruled_borders() {
    check("2021-08_appendix_ruled_libreoffice");
}
