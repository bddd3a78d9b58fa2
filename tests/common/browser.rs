//! Headless Chromium for the HTML report's tests: load a page (its DOM
//! after the scripts ran, its console, every network request it made) and
//! take screenshots and PDFs of it.
//!
//! Every run has a fresh profile, no first-run or background networking,
//! and a host resolver that resolves nothing, so no request can leave the
//! machine whatever a page tries; the network log still records any
//! request a page starts, which is what the tests check.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one browser run may take before it is killed (a loaded
/// machine takes a few seconds; a hang must not stall the suite).
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// The browser, when one is installed.
pub struct Browser {
    exe: PathBuf,
}

/// What a page did when loaded.
pub struct Loaded {
    /// The DOM after load and the scripts (`--dump-dom`).
    pub dom: String,
    /// The browser's log, console messages included.
    pub console: String,
    /// Every request a page started: `(url, initiator)`.
    pub page_requests: Vec<(String, String)>,
}

impl Browser {
    /// Chromium from `PATH` (Debian's `chromium`), or why there is none.
    pub fn find() -> Result<Browser, String> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            for name in ["chromium", "chromium-browser"] {
                let exe = dir.join(name);
                if exe.is_file() {
                    return Ok(Browser { exe });
                }
            }
        }
        Err("no chromium on PATH (Debian package `chromium`; .ci/run installs it)".into())
    }

    /// The command with the flags every run uses and a fresh profile in `work`.
    fn command(&self, work: &Path) -> Command {
        let mut c = Command::new(&self.exe);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ]);
        c.arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ));
        c.stdin(Stdio::null());
        c
    }

    /// Runs a command to its end (killed after [`RUN_LIMIT`]); returns (stdout, stderr).
    fn run(mut c: Command, work: &Path) -> (String, String) {
        let (out, err) = (work.join("stdout"), work.join("stderr"));
        c.stdout(std::fs::File::create(&out).expect("stdout file"));
        c.stderr(std::fs::File::create(&err).expect("stderr file"));
        let mut child = c.spawn().expect("start chromium");
        let start = Instant::now();
        loop {
            if child.try_wait().expect("wait for chromium").is_some() {
                break;
            }
            if start.elapsed() > RUN_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium ran over {RUN_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let read =
            |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        (read(&out), read(&err))
    }

    /// Loads `url`: the DOM after its scripts ran, its console, its requests.
    pub fn load(&self, url: &str) -> Loaded {
        self.load_with(url, &[])
    }

    /// [`Browser::load`] with more flags.
    pub fn load_with(&self, url: &str, flags: &[&str]) -> Loaded {
        let work = tempfile::tempdir().expect("temp dir");
        let netlog = work.path().join("netlog.json");
        let mut c = self.command(work.path());
        c.args(flags);
        c.args(["--enable-logging=stderr", "--v=0"]);
        c.arg(format!("--log-net-log={}", netlog.display()));
        c.args(["--dump-dom", url]);
        let (dom, console) = Browser::run(c, work.path());
        assert!(
            dom.contains("<html"),
            "no DOM for {url}: {}",
            tail(&console)
        );
        let page_requests = page_requests(&std::fs::read_to_string(&netlog).unwrap_or_default());
        Loaded {
            dom,
            console,
            page_requests,
        }
    }

    /// A screenshot of `url` in a window of `size` (width, height) pixels, as PNG bytes.
    pub fn screenshot(&self, url: &str, size: (u32, u32)) -> Vec<u8> {
        let work = tempfile::tempdir().expect("temp dir");
        let png = work.path().join("shot.png");
        let mut c = self.command(work.path());
        c.arg(format!("--window-size={},{}", size.0, size.1));
        c.arg(format!("--screenshot={}", png.display()));
        c.arg(url);
        let (_, err) = Browser::run(c, work.path());
        std::fs::read(&png)
            .unwrap_or_else(|e| panic!("no screenshot of {url}: {e}: {}", tail(&err)))
    }

    /// The page printed to PDF (its print style, no browser header or footer).
    pub fn print(&self, url: &str) -> Vec<u8> {
        let work = tempfile::tempdir().expect("temp dir");
        let pdf = work.path().join("page.pdf");
        let mut c = self.command(work.path());
        c.arg("--no-pdf-header-footer");
        c.arg(format!("--print-to-pdf={}", pdf.display()));
        c.arg(url);
        let (_, err) = Browser::run(c, work.path());
        std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF of {url}: {e}: {}", tail(&err)))
    }
}

/// The last lines of a log, for a failure message.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// The requests a page started, from a Chromium network log: every
/// `URL_REQUEST_START_JOB` whose initiator is an origin (the browser's own
/// requests have none: "not an origin").
pub fn page_requests(netlog: &str) -> Vec<(String, String)> {
    let Ok(log) = serde_json::from_str::<serde_json::Value>(netlog) else {
        return vec![("<unreadable network log>".into(), String::new())];
    };
    let Some(start_job) = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64()
    else {
        return vec![("<network log without event types>".into(), String::new())];
    };
    let mut out = Vec::new();
    for e in log["events"].as_array().into_iter().flatten() {
        if e["type"].as_u64() != Some(start_job) {
            continue;
        }
        // the job's begin carries its parameters; its end has none
        let Some(url) = e["params"]["url"].as_str() else {
            continue;
        };
        let initiator = e["params"]["initiator"].as_str().unwrap_or("");
        if initiator != "not an origin" {
            out.push((url.to_string(), initiator.to_string()));
        }
    }
    out
}

/// The console lines that say the page tried to load something its policy forbids.
pub fn policy_violations(console: &str) -> Vec<String> {
    console
        .lines()
        .filter(|l| l.contains("Content Security Policy") || l.contains("Refused to"))
        .map(str::to_string)
        .collect()
}

/// How many distinct colours a PNG has, and the share of its pixels that are not white.
pub fn png_variety(png: &[u8]) -> (usize, f64, std::collections::BTreeSet<[u8; 3]>) {
    let mut decoder = png::Decoder::new(png);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let channels = info.color_type.samples();
    let mut colours = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let total = (info.width * info.height) as usize;
    for px in pixels {
        let rgb = [
            px[0],
            px.get(1).copied().unwrap_or(px[0]),
            px.get(2).copied().unwrap_or(px[0]),
        ];
        if rgb != [255, 255, 255] {
            inked += 1;
        }
        colours.insert(rgb);
    }
    (colours.len(), inked as f64 / total.max(1) as f64, colours)
}

/// A file's `file://` address.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().expect("a file").display())
}
