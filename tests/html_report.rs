//! The HTML report (`index.html`) in a real browser: headless Chromium
//! loads the page `convert` wrote for the fixture archive (and for
//! `../shared/corpus/generated/archive` when it is there), and the DOM after
//! the scripts ran must show every proposal of `history.csv` as a timeline
//! row, `#filter=MP124` must leave only that row, `#MP124` must open its
//! story with its slipped IA target, and the page must start no request.
//! A screenshot of each view must not be blank; the PDF print must be A4
//! landscape with the timeline and the month's changes. Without Chromium
//! these tests say SKIPPED. The page's bytes are also checked without a
//! browser: the same from `convert` and from `modledger report`, and a
//! synthetic ten-year archive stays under 5 MB.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/synthetic.rs"]
mod synthetic;

use browser::{file_url, png_variety, policy_violations, Browser, Loaded};
use common::{convert_clean, csv_column, root, run, shared, skip, stderr};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The fixture archive of the README's main command.
const FIXTURES: [&str; 3] = ["fixtures/pdf", "fixtures/text", "fixtures/other-producers"];

/// The fixture ledger, converted once for every test.
static FIXTURE_LEDGER: LazyLock<tempfile::TempDir> = LazyLock::new(|| convert_clean(&FIXTURES));

/// The browser, or a loud SKIPPED line and `None`.
fn browser(test: &str) -> Option<Browser> {
    match Browser::find() {
        Ok(b) => Some(b),
        Err(why) => {
            skip(test, &why);
            None
        }
    }
}

/// The page of the fixture ledger, with a fragment.
fn fixture_page(fragment: &str) -> String {
    format!(
        "{}#{fragment}",
        file_url(&FIXTURE_LEDGER.path().join("index.html"))
    )
}

/// Every proposal number of a ledger's `history.csv`.
fn history_numbers(ledger: &Path) -> BTreeSet<String> {
    csv_column(&ledger.join("history.csv"), "number")
        .into_iter()
        .collect()
}

/// The timeline rows of a DOM: `(number, shown)`.
fn timeline_rows(dom: &str) -> Vec<(String, bool)> {
    static ROW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<tr class="tl-row"[^>]*>"#).unwrap());
    static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"data-num="([^"]*)""#).unwrap());
    ROW.find_iter(dom)
        .map(|m| {
            let tag = m.as_str();
            let num = NUM
                .captures(tag)
                .map(|c| c[1].to_string())
                .unwrap_or_default();
            (num, !tag.contains(" hidden"))
        })
        .collect()
}

/// The text of the element that starts at `start_tag` (up to its section's end), tags removed.
fn section_text<'a>(dom: &'a str, start_tag: &str) -> Option<String> {
    let at = dom.find(start_tag)?;
    let rest: &'a str = &dom[at..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
    Some(TAG.replace_all(&rest[..end], " ").replace("&gt;", ">"))
}

/// Checks the page loaded with scripts on and started no request.
fn assert_self_contained(page: &Loaded, what: &str) {
    assert!(
        page.dom.contains(r#"<html lang="en" class="js">"#),
        "{what}: the script did not run"
    );
    assert!(
        page.dom.contains(
            r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; "#
        ),
        "{what}: no policy forbidding requests"
    );
    assert_eq!(
        policy_violations(&page.console),
        Vec::<String>::new(),
        "{what}: the page tried to load something"
    );
    assert_eq!(
        page.page_requests,
        Vec::<(String, String)>::new(),
        "{what}: the page made requests"
    );
}

/// Checks the rows of a page against its ledger's history, unfiltered and
/// filtered by `reference` (whose number is `number`).
fn assert_rows_and_filter(
    b: &Browser,
    page_url: &str,
    ledger: &Path,
    reference: &str,
    number: &str,
) {
    let all = b.load(page_url);
    assert_self_contained(&all, page_url);
    let rows = timeline_rows(&all.dom);
    let numbers: BTreeSet<String> = rows.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        numbers,
        history_numbers(ledger),
        "timeline rows against history.csv"
    );
    assert_eq!(rows.len(), numbers.len(), "one row per proposal");
    assert!(
        rows.iter().all(|(_, shown)| *shown),
        "every row shown without a filter"
    );

    let filtered = b.load(&format!("{page_url}#filter={reference}"));
    let shown: Vec<String> = timeline_rows(&filtered.dom)
        .into_iter()
        .filter(|r| r.1)
        .map(|r| r.0)
        .collect();
    assert_eq!(shown, [number], "#filter={reference} leaves only its row");
    let count = format!("1 of {} proposal(s) shown", numbers.len());
    assert!(filtered.dom.contains(&count), "the count says {count:?}");
}

#[test]
fn every_proposal_has_a_timeline_row_and_a_filter_in_the_address_leaves_one() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let url = file_url(&FIXTURE_LEDGER.path().join("index.html"));
    assert_rows_and_filter(&b, &url, FIXTURE_LEDGER.path(), "MP124", "124");
}

#[test]
fn the_address_sorts_the_timeline_by_time_in_stage_or_number() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let months = |dom: &str| -> Vec<(String, u32)> {
        let row =
            Regex::new(r#"<tr class="tl-row"[^>]*data-months="(\d+)" data-num="([^"]*)""#).unwrap();
        row.captures_iter(dom)
            .map(|c| (c[2].to_string(), c[1].parse().unwrap()))
            .collect()
    };
    let by_time = months(&b.load(&fixture_page("sort=time")).dom);
    let longest = by_time.iter().map(|r| r.1).max().unwrap();
    assert_eq!(
        by_time[0].1, longest,
        "longest in its stage first: {by_time:?}"
    );
    assert!(by_time.windows(2).all(|w| w[0].1 >= w[1].1), "{by_time:?}");
    let by_number = months(&b.load(&fixture_page("filter=mp1&sort=number")).dom);
    let numbers: Vec<u32> = by_number.iter().map(|r| r.0.parse().unwrap()).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted);
}

#[test]
fn the_fragment_opens_a_proposal_s_story_with_its_slipped_ia_target() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let page = b.load(&fixture_page("MP124"));
    assert_self_contained(&page, "#MP124");
    assert_eq!(
        page.dom.matches(r#"class="story open""#).count(),
        1,
        "one story open"
    );
    assert!(
        page.dom
            .contains(r#"<section class="view active" id="proposals""#),
        "the proposal view shown"
    );
    let story = section_text(&page.dom, r#"<section class="story open" id="MP124""#)
        .expect("MP124's story open");
    assert!(
        story.contains("MP124 — Consumer Device Pairing Windows"),
        "{story}"
    );
    // the IA's appendix target: 2021-04-19 in April and May, 2021-06-21 from June
    assert!(
        story.contains("2021-04 to 2021-05: 2021-04-19; 2021-06: 2021-06-21"),
        "{story}"
    );
    assert!(story.contains("slipped 63 days"), "{story}");
    // an older month's changes open from the address, made part of the page
    let pair = b.load(&fixture_page("pair-2021-06"));
    let opened = Regex::new(
        r#"<details class="pair" id="pair-2021-06" open="">\s*<summary>[^<]*</summary>\s*<h4>"#,
    )
    .unwrap();
    assert!(
        opened.is_match(&pair.dom),
        "#pair-2021-06 not opened with its changes"
    );
    assert!(pair
        .dom
        .contains(r#"<section class="view active" id="changes""#));
    // an older reference opens the same story
    let dp = b.load(&fixture_page("DP133"));
    assert!(
        dp.dom.contains(r#"<section class="story open" id="MP133""#),
        "#DP133 opens MP133"
    );
}

#[test]
fn a_page_that_asks_for_anything_is_caught() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let html = std::fs::read_to_string(FIXTURE_LEDGER.path().join("index.html")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // with the policy: the browser refuses and says so
    let asking = html.replacen(
        "<body>",
        r#"<body><img src="https://example.invalid/pixel.png" alt="">"#,
        1,
    );
    std::fs::write(dir.path().join("asking.html"), &asking).unwrap();
    let page = b.load(&file_url(&dir.path().join("asking.html")));
    assert!(
        !policy_violations(&page.console).is_empty(),
        "a refused request shows in the console"
    );
    // without the policy: the request is in the network log
    let policy = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).unwrap();
    std::fs::write(
        dir.path().join("open.html"),
        policy.replace(&asking, "").as_ref(),
    )
    .unwrap();
    let page = b.load(&file_url(&dir.path().join("open.html")));
    assert!(
        page.page_requests
            .iter()
            .any(|(url, _)| url == "https://example.invalid/pixel.png"),
        "{:?}",
        page.page_requests
    );
}

#[test]
fn pointing_at_a_month_tells_its_stage_and_status() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let html = std::fs::read_to_string(FIXTURE_LEDGER.path().join("index.html")).unwrap();
    // the page, its policy taken out so a test script may run, moves the pointer over June in MP124's row
    let policy = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).unwrap();
    let cell = modledger::report::timeline::cell_width(7);
    let script = format!(
        r#"<script>addEventListener("load", function () {{
  var svg = document.querySelector('tr.tl-row[data-num="124"] svg'), box = svg.getBoundingClientRect();
  svg.dispatchEvent(new MouseEvent("mousemove", {{ bubbles: true, clientX: box.left + {x}, clientY: box.top + 5 }}));
  document.body.setAttribute("data-told", document.getElementById("tl-detail").textContent);
}});</script></body>"#,
        x = cell * 4.5
    );
    let page = policy.replace(&html, "").replace("</body>", &script);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hover.html"), page).unwrap();
    let dom = b.load(&file_url(&dir.path().join("hover.html"))).dom;
    assert!(
        dom.contains(r#"data-told="MP124 · opine, 2021-06 · 2021-06: status modification report""#),
        "{}",
        Regex::new(r#"data-told="[^"]*""#)
            .unwrap()
            .find(&dom)
            .map_or("nothing told", |m| m.as_str())
    );
}

#[test]
fn with_scripts_off_every_view_shows_and_the_address_opens_a_story() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    // the page in a frame sandboxed without scripts; the harness beside it reads what it shows
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        FIXTURE_LEDGER.path().join("index.html"),
        dir.path().join("index.html"),
    )
    .unwrap();
    let harness = r#"<!doctype html><html><body>
<iframe id="f" sandbox="allow-same-origin" width="1280" height="900" src="index.html#DP133"></iframe>
<script>
document.getElementById("f").onload = function () {
  var doc = this.contentDocument, shown = function (el) { return getComputedStyle(el).display; };
  var told = [doc.documentElement.className, shown(doc.getElementById("MP133")), shown(doc.getElementById("MP124")),
    doc.getElementById("MP133").textContent.slice(0, 48), doc.querySelectorAll("tr.tl-row").length,
    Array.prototype.map.call(doc.querySelectorAll("main > .view"), function (v) { return v.id + " " + shown(v); }).join(", ")];
  document.body.setAttribute("data-told", told.join(" | "));
};
</script></body></html>"#;
    std::fs::write(dir.path().join("harness.html"), harness).unwrap();
    let dom = b
        .load_with(
            &file_url(&dir.path().join("harness.html")),
            &["--allow-file-access-from-files"],
        )
        .dom;
    let told = Regex::new(r#"data-told="([^"]*)""#)
        .unwrap()
        .captures(&dom)
        .map(|c| c[1].to_string());
    let rows = history_numbers(FIXTURE_LEDGER.path()).len();
    assert_eq!(
        told.as_deref(),
        Some(&*format!(
            "nojs | block | none | MP133 — Installer Identity Checks at First Visit | {rows} | \
             timeline block, assessments block, changes block, proposals block, quality block"
        ))
    );
}

/// Where the screenshots of a test run go (kept for people to look at).
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_screenshot_of_each_view_is_not_blank() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let dir = screenshot_dir();
    let refine = hex(modledger::write::palette::stage_fill(
        modledger::model::Stage::Refine,
    ));
    for view in ["timeline", "assessments", "changes", "MP124", "quality"] {
        let png = b.screenshot(&fixture_page(view), (1280, 900));
        let path = dir.join(format!("{view}.png"));
        std::fs::write(&path, &png).unwrap();
        let (colours, inked, set) = png_variety(&png);
        eprintln!(
            "screenshot {}: {colours} colours, {:.1}% inked",
            path.display(),
            inked * 100.0
        );
        assert!(colours >= 16, "{view}: only {colours} colours");
        assert!(
            inked > 0.03,
            "{view}: {:.1}% of the pixels inked",
            inked * 100.0
        );
        if view == "timeline" || view == "MP124" {
            assert!(set.contains(&refine), "{view}: no cell in refine's colour");
        }
    }
}

/// `#RRGGBB` as bytes.
fn hex(h: &str) -> [u8; 3] {
    let v = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
    [v(1), v(3), v(5)]
}

#[test]
fn the_print_is_a4_landscape_with_the_timeline_and_the_month_s_changes() {
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let pdf = b.print(&fixture_page("timeline"));
    std::fs::write(screenshot_dir().join("print.pdf"), &pdf).unwrap();
    let media = Regex::new(r"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]").unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let (w, h) = media
        .captures(&text)
        .map(|c| (c[1].parse::<f64>().unwrap(), c[2].parse::<f64>().unwrap()))
        .expect("a page size");
    assert!(
        (w - 841.9).abs() < 2.0 && (h - 595.3).abs() < 2.0,
        "A4 landscape is 842 x 595 pt, not {w} x {h}"
    );
    let doc = modledger::read::pdf::read_pdf("print.pdf", &pdf, std::time::Duration::from_secs(60))
        .expect("the PDF's text");
    let words: String = doc.lines.iter().map(|l| format!("{}\n", l.text)).collect();
    for want in [
        "Timeline",
        "MP124",
        "This month against last",
        "2021-07 (before) to 2021-08 (after)",
    ] {
        assert!(words.contains(want), "the print lacks {want:?}");
    }
    assert!(
        !words.contains("Quality of the reading"),
        "the print is the timeline and the changes only"
    );
}

#[test]
fn the_corpus_archive_has_a_row_per_proposal_in_a_browser() {
    let archive = shared().join("corpus/generated/archive");
    if !archive.is_dir() {
        return skip(module_path!(), &format!("{} not found", archive.display()));
    }
    let Some(b) = browser(module_path!()) else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "convert",
        archive.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let refs = csv_column(&out.path().join("register.csv"), "ref");
    let numbers = csv_column(&out.path().join("register.csv"), "number");
    let (reference, number) = refs
        .iter()
        .zip(&numbers)
        .find(|(r, _)| r.starts_with("MP"))
        .expect("an MP");
    let url = file_url(&out.path().join("index.html"));
    assert_rows_and_filter(&b, &url, out.path(), reference, number);
    let page = b.load(&format!("{url}#{reference}"));
    let start = format!(r#"<section class="story open" id="{reference}""#);
    assert!(page.dom.contains(&start), "#{reference} opens its story");
}

#[test]
fn convert_and_report_write_the_same_page() {
    let ledger = FIXTURE_LEDGER.path();
    let from_convert = std::fs::read(ledger.join("index.html")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let again = out.path().join("again/index.html");
    let o = run(&[
        "report",
        "--ledger",
        ledger.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("bytes) in"), "{}", stderr(&o));
    assert!(
        std::fs::read(&again).unwrap() == from_convert,
        "report --ledger differs from convert's page"
    );
    // a folder that is not a ledger is a clear error, exit 2
    let o = run(&[
        "report",
        "--ledger",
        root().join("fixtures").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("reports.csv"), "{}", stderr(&o));
}

#[test]
fn a_ten_year_archive_makes_one_page_under_5_mb_the_same_every_time() {
    let input = synthetic::archive(120, 400);
    assert_eq!(input.register.len(), 400);
    let a = modledger::report::html(&input);
    let b = modledger::report::html(&input);
    assert!(a == b, "the page is not deterministic");
    eprintln!("synthetic 120 months x 400 proposals: {} bytes", a.len());
    assert!(a.len() < 5_000_000, "{} bytes", a.len());
    let text = String::from_utf8(a).unwrap();
    assert_eq!(text.matches(r#"<tr class="tl-row""#).count(), 400);
    assert_eq!(text.matches(r#"<section class="story""#).count(), 400);
}

#[test]
fn a_longer_archive_s_page_shows_its_latest_months_and_says_so() {
    let max = modledger::report::input::MAX_PAGE_MONTHS;
    // 300 months, two of them missing: 298 reported, 58 left out
    let input = synthetic::archive(300, 60);
    let reported: BTreeSet<_> = input.reports.iter().filter_map(|r| r.month).collect();
    assert_eq!(reported.len(), 298);
    let first_shown = reported.iter().nth(298 - max).unwrap().to_string();
    let last = reported.iter().last().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_ledger(&input, dir.path());
    let out = dir.path().join("page.html");
    let o = run(&[
        "report",
        "--ledger",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains(&format!(
            "This page shows the latest {max} months; the 58 month(s) before them are in the CSV files"
        )),
        "no word of the months left out"
    );
    assert!(
        page.contains(&format!("Change Status Reports, {first_shown} to {last}")),
        "the header's span is not the window's"
    );
    // the rows as given (every month) make a bigger page than the window's
    let every_month = modledger::report::html(&input);
    assert!(
        page.len() < every_month.len(),
        "the window left nothing out"
    );
}
