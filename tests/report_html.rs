//! The HTML report in a real headless browser (Debian's `chromium`): it renders to a
//! non-trivial screenshot and its DOM holds the three charts. `scripts/test` installs chromium
//! in CI; on a machine without it the browser part reports that it did not run, and under
//! `CI=true` a missing browser fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

fn browser(chromium: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(args)
        .output()
        .expect("chromium runs")
}

/// Width and height from the PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn report_renders_with_its_charts_in_chromium() {
    let dir = std::env::temp_dir().join(format!("callwright-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out_dir = dir.join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_callwright"))
        .args(["plan", "--out", out_dir.to_str().unwrap()])
        .output()
        .expect("the callwright binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = out_dir.join("report.html");
    let html = std::fs::read_to_string(&report).unwrap();
    // Self-contained: no scripts, no external resources.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    for id in ["chart-forecast", "chart-coverage", "chart-service-level"] {
        assert!(html.contains(&format!("<svg id=\"{id}\"")), "{id}");
    }

    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but chromium is missing: scripts/test installs it"
        );
        eprintln!("chromium not found: the browser part of this test did not run");
        return;
    };
    let url = format!("file://{}", report.display());
    let profile = dir.join("profile");

    let dom = browser(&chromium, &profile, &["--dump-dom", &url]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["chart-forecast", "chart-coverage", "chart-service-level"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "{id} in the DOM");
    }
    assert!(
        dom.matches("class=\"series\"").count() >= 6,
        "every series drawn"
    );
    assert!(dom.contains("<table id=\"days\""));

    let png = dir.join("report.png");
    let shot = browser(
        &chromium,
        &profile,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1100,1400",
            &url,
        ],
    );
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(png_size(&bytes), (1100, 1400));
    // A blank 1100×1400 page compresses to a few kilobytes; text and charts do not.
    assert!(bytes.len() > 50_000, "screenshot of {} bytes", bytes.len());
}
