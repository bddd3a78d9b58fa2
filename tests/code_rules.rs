//! The code's own rules, checked on every build (issue #9): every module
//! says what comes in and goes out; no non-test function runs past 80
//! lines; the model depends on no stage; the report's vocabulary (list
//! slugs, status texts, diagnostic codes) is spelt only in its types'
//! modules; no two types in `src/` share a name.

mod common;

use common::root;
use modledger::model::{Code, List, Status};
use std::path::{Path, PathBuf};

/// The hard limit on a function's length, in lines.
const MAX_FUNCTION_LINES: usize = 80;

/// Every `.rs` file under `src/`, with its text cut before its test module.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("src folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&p).expect("source");
                let code = match text.find("#[cfg(test)]") {
                    Some(i) => text[..i].to_string(),
                    None => text,
                };
                out.push((p, code));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    out
}

/// A line without its comment and string contents (braces in them do not count).
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut in_str = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_str => {
                chars.next();
            }
            '"' => in_str = !in_str,
            '/' if !in_str && chars.peek() == Some(&'/') => break,
            '\'' if !in_str => {
                // a char literal like '{' (not a lifetime): skip it whole
                let rest: String = chars.clone().take(3).collect();
                if rest.chars().nth(1) == Some('\'') || rest.starts_with('\\') {
                    for _ in 0..rest.find('\'').map_or(0, |i| i + 1).max(2) {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            _ if !in_str => out.push(c),
            _ => {}
        }
    }
    out
}

/// Functions longer than the limit: (file, line, name, length).
fn long_functions(path: &Path, code: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t.strip_prefix("pub ").unwrap_or(t);
        let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0i32, false);
        for (j, l) in lines.iter().enumerate().skip(i) {
            let c = code_of(l);
            depth += c.matches('{').count() as i32 - c.matches('}').count() as i32;
            opened |= c.contains('{');
            if !opened && c.trim_end().ends_with(';') {
                break;
            }
            if opened && depth <= 0 {
                let n = j - i + 1;
                if n > MAX_FUNCTION_LINES {
                    out.push(format!("{}:{} {name}: {n} lines", path.display(), i + 1));
                }
                break;
            }
        }
    }
    out
}

#[test]
fn every_module_says_what_comes_in_and_goes_out() {
    let missing: Vec<String> = sources()
        .iter()
        .filter(|(_, code)| !code.trim_start().starts_with("//!"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(missing.is_empty(), "no //! header: {missing:?}");
}

#[test]
fn no_function_runs_past_eighty_lines() {
    let long: Vec<String> = sources()
        .iter()
        .flat_map(|(p, code)| long_functions(p, code))
        .collect();
    assert!(
        long.is_empty(),
        "split these along their steps:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_model_depends_on_no_stage() {
    for (p, code) in sources() {
        if !p.starts_with(root().join("src/model")) {
            continue;
        }
        for line in code.lines().filter(|l| l.contains("crate::")) {
            let uses_model_only = line
                .split("crate::")
                .skip(1)
                .all(|rest| rest.starts_with("model"));
            assert!(uses_model_only, "{}: {line}", p.display());
        }
    }
}

#[test]
fn the_vocabulary_is_spelt_only_in_its_types() {
    // the ledger's own words: every list slug of two words or more, every
    // status of two words or more, every code (single words like
    // "implemented" are also plain English the parsers read in sentences)
    let mut words: Vec<String> = List::named()
        .iter()
        .map(|l| l.slug().to_string())
        .filter(|s| s.contains('_'))
        .collect();
    words.extend(
        Status::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .filter(|s| s.contains(' ')),
    );
    words.extend(
        Code::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .filter(|s| s.contains('_')),
    );
    let home = root().join("src/model/vocab");
    let mut found = Vec::new();
    for (p, code) in sources() {
        if p.starts_with(&home) {
            continue;
        }
        for (i, line) in code.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("//") {
                continue;
            }
            for w in &words {
                if line.contains(&format!("\"{w}\"")) {
                    found.push(format!("{}:{} {w}", p.display(), i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "vocabulary spelt outside its type:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_two_types_share_a_name() {
    // two `Row`s or two `Glyph`s make every reader ask which one is meant
    let mut homes: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (p, code) in sources() {
        for (i, line) in code.lines().enumerate() {
            let t = line.trim_start();
            let t = t
                .strip_prefix("pub(crate) ")
                .or_else(|| t.strip_prefix("pub "))
                .unwrap_or(t);
            let Some(rest) = t
                .strip_prefix("struct ")
                .or_else(|| t.strip_prefix("enum "))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            homes
                .entry(name)
                .or_default()
                .push(format!("{}:{}", p.display(), i + 1));
        }
    }
    let shared: Vec<String> = homes
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(name, at)| format!("{name}: {}", at.join(", ")))
        .collect();
    assert!(
        shared.is_empty(),
        "types of one name:\n{}",
        shared.join("\n")
    );
}
