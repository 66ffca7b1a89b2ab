//! The HTML readiness report in a real browser: Debian's chromium, headless, driven over the
//! DevTools protocol by tests/browser/cdp.py (standard-library Python). Each test loads a
//! report with scripts enabled and fails on any console error or warning, uncaught exception,
//! browser log error (a CSP violation, a failed load) or request for anything but the file
//! itself; then it reads numbers out of the rendered page and works the findings table's
//! filter and sort. The bundled example's screenshot is saved as target/report-screenshot.png.
//!
//! `#[ignore]`d so a plain `cargo test` lists them as ignored; `scripts/test.sh` finds chromium
//! (TENET_CHROMIUM) and runs them with `--include-ignored`.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::{json, Value};

use crate::support::{AS_OF, READINESS_EXAMPLE};

/// `target/`, where the reports and screenshots are left for people to look at.
fn target_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::create_dir_all(dir.join("report-html")).unwrap();
    dir
}

fn tenet_report(args: &[&str], html: &Path) {
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .arg("report")
        .args(args)
        .args(["--format", "html", "-o", html.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tenet report: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the browser saw: see tests/browser/cdp.py.
struct Page {
    requests: Vec<String>,
    values: Vec<Value>,
}

/// Loads `html` in chromium, evaluates `expressions` after the load event, saves a full-page
/// screenshot, and fails on any console error, exception, log error or foreign request.
fn load(html: &Path, screenshot: &Path, expressions: &[&str]) -> Page {
    let chromium = std::env::var("TENET_CHROMIUM").expect(
        "TENET_CHROMIUM is not set: run the browser tests through scripts/test.sh, which finds chromium",
    );
    let python = std::env::var("TENET_MOTO_PYTHON").unwrap_or_else(|_| "python3".into());
    let html = html.canonicalize().unwrap();
    let url = format!("file://{}", html.display());
    let mut command = StdCommand::new(python);
    command.args([
        "tests/browser/cdp.py",
        "--chromium",
        &chromium,
        "--url",
        &url,
        "--screenshot",
        screenshot.to_str().unwrap(),
    ]);
    for e in expressions {
        command.args(["--eval", e]);
    }
    let out = command.output().expect("run tests/browser/cdp.py");
    assert!(
        out.status.success(),
        "cdp.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["console"], json!([]), "console errors or warnings");
    assert_eq!(seen["exceptions"], json!([]), "uncaught exceptions");
    assert_eq!(
        seen["log"],
        json!([]),
        "browser log errors (CSP, failed loads)"
    );
    let requests: Vec<String> = seen["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        requests,
        [url],
        "the page asked for something besides itself"
    );
    let png = std::fs::read(screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "screenshot is not a PNG"
    );
    // Width 1280 at bytes 16..20 of the IHDR chunk; a full page is far taller than a screen.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1280);
    assert!(u32::from_be_bytes(png[20..24].try_into().unwrap()) > 2000);
    Page {
        requests,
        values: seen["values"].as_array().unwrap().clone(),
    }
}

/// The text of the first element matching a CSS selector, as a JS expression.
fn text_of(selector: &str) -> String {
    format!("document.querySelector('{selector}').textContent.trim()")
}

#[test]
#[ignore = "needs chromium: run scripts/test.sh"]
fn hand_made_example_shows_its_numbers_and_the_table_filters_and_sorts() {
    let target = target_dir();
    let html = target.join("report-html/example.html");
    let mut args = READINESS_EXAMPLE.to_vec();
    args.extend(["--baseline", "tests/data/readiness/baseline.json"]);
    tenet_report(&args, &html);
    let rows = "Array.prototype.map.call(document.querySelectorAll('#attention tbody tr:not([hidden])'), function (r) { return r.getAttribute('data-status') + ' ' + r.cells[4].getAttribute('data-key'); })";
    let page = load(
        &html,
        &target.join("report-html/example.png"),
        &[
            // The script ran.
            "document.documentElement.classList.contains('js')",
            // Headline numbers, worked out by hand in tests/data/readiness/README.md.
            &text_of("[data-framework=\"cis-aws-7.0\"] .gauge .pct"),
            &text_of("[data-framework=\"cis-aws-7.0\"] .headline"),
            &text_of("[data-framework=\"soc2\"] .gauge .pct"),
            &text_of("[data-framework=\"soc2\"] .headline"),
            &text_of("[data-framework=\"cis-aws-7.0\"] .up"),
            &text_of("tr[data-control=\"2.4\"] .pill"),
            &text_of("tr[data-control=\"2.10\"] .pill"),
            &text_of("tr[data-control=\"2.2\"] .pill"),
            // The rendered page shows them too (innerText is what is laid out, not the source).
            "document.body.innerText.indexOf('1 of 4') !== -1 && document.body.innerText.indexOf('25.0%') !== -1",
            // The findings table: all rows, then filtered by text, by status, then sorted.
            rows,
            "(function () { var f = document.getElementById('attention-filter'); f.value = 'bob'; f.dispatchEvent(new Event('input')); return document.getElementById('attention-shown').textContent; }())",
            rows,
            "(function () { var f = document.getElementById('attention-filter'); f.value = ''; f.dispatchEvent(new Event('input')); var s = document.getElementById('attention-status'); s.value = 'unknown'; s.dispatchEvent(new Event('change')); return document.getElementById('attention-shown').textContent; }())",
            rows,
            "(function () { var s = document.getElementById('attention-status'); s.value = ''; s.dispatchEvent(new Event('change')); document.querySelectorAll('#attention th button')[4].click(); return document.querySelectorAll('#attention th')[4].getAttribute('aria-sort'); }())",
            rows,
            "(function () { document.querySelectorAll('#attention th button')[4].click(); return document.querySelectorAll('#attention th')[4].getAttribute('aria-sort'); }())",
            rows,
        ],
    );
    assert_eq!(page.requests.len(), 1);
    assert_eq!(
        page.values,
        [
            json!(true),
            json!("25.0%"),
            json!("1 of 4"),
            json!("100.0%"),
            json!("1 of 1"),
            json!("+25.0 pts"),
            json!("fail"),
            json!("unknown"),
            json!("manual — evidence required"),
            json!(true),
            json!(["fail bravo", "error foxtrot", "unknown delta"]),
            json!("1 of 3 shown"),
            json!(["fail bravo"]),
            json!("1 of 3 shown"),
            json!(["unknown delta"]),
            json!("ascending"),
            json!(["fail bravo", "unknown delta", "error foxtrot"]),
            json!("descending"),
            json!(["error foxtrot", "unknown delta", "fail bravo"]),
        ]
    );
}

#[test]
#[ignore = "needs chromium: run scripts/test.sh"]
fn bundled_example_report_loads_offline_and_shows_its_headline_numbers() {
    let target = target_dir();
    let html = target.join("report-html/acme.html");
    let args = ["examples/acme", "--as-of", AS_OF];
    tenet_report(&args, &html);
    // The numbers the page must show, from the same report in JSON.
    let out = Command::cargo_bin("tenet")
        .unwrap()
        .arg("report")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let frameworks = report["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 5);
    let mut expressions = Vec::new();
    let mut expected = Vec::new();
    for f in frameworks {
        let id = f["id"].as_str().unwrap();
        let h = &f["headline"];
        expressions.push(text_of(&format!("[data-framework=\"{id}\"] .gauge .pct")));
        expected.push(json!(format!("{:.1}%", h["percent"].as_f64().unwrap())));
        expressions.push(text_of(&format!("[data-framework=\"{id}\"] .headline")));
        expected.push(json!(format!("{} of {}", h["pass"], h["evaluated"])));
    }
    expressions.push("document.querySelectorAll('#attention tbody tr').length".into());
    expected.push(json!(report["attention"].as_array().unwrap().len()));
    expressions
        .push("document.querySelectorAll('#inventory tbody tr td.mono')[0].textContent".into());
    expected.push(json!("333333333333"));
    let expressions: Vec<&str> = expressions.iter().map(String::as_str).collect();
    let page = load(&html, &target.join("report-screenshot.png"), &expressions);
    assert_eq!(page.values, expected);
}

#[test]
#[ignore = "needs chromium: run scripts/test.sh"]
fn report_with_waivers_loads_offline_and_shows_its_accepted_risks() {
    let target = target_dir();
    let html = target.join("report-html/acme-waivers.html");
    let args = [
        "examples/acme",
        "--as-of",
        AS_OF,
        "--waivers",
        "examples/acme/waivers.yaml",
    ];
    tenet_report(&args, &html);
    let expressions = [
        "document.querySelectorAll('#accepted-risks tbody tr').length",
        "document.querySelector('#accepted-risks tr[data-waiver=\"legacy-reporting-key\"]').getAttribute('data-state')",
        "document.querySelectorAll('#accepted-risks td:last-child .pill.s-waived').length",
    ];
    let page = load(
        &html,
        &target.join("report-waivers-screenshot.png"),
        &expressions,
    );
    assert_eq!(page.values, [json!(2), json!("expiring"), json!(2)]);
}
