//! Filtering what `tenet check` shows (`--status`, `--account`, `--ou`): every rule is still
//! evaluated, the output holds exactly the full run's findings the filter admits, and the
//! summary and exit code stay the full run's. A name that matches nothing is a usage error.

use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{Tenet, ACME, AS_OF};

/// `tenet check examples/acme ... --format json` with `filters`: exit code and document.
fn check(filters: &[&str]) -> (i32, Value) {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .args(filters)
        .run();
    assert!(run.code != 2, "{filters:?}: {}", run.stderr);
    (run.code, run.json())
}

/// The full run, once for every test here.
fn full() -> &'static (i32, Value) {
    static FULL: OnceLock<(i32, Value)> = OnceLock::new();
    FULL.get_or_init(|| check(&[]))
}

fn findings(results: &Value) -> &Vec<Value> {
    results["results"].as_array().unwrap()
}

/// Runs `filters` and checks the output shows exactly the full run's findings `keeps` admits
/// (whole findings, in order), with the full run's summary and exit code, and says `described`.
fn assert_filters(filters: &[&str], keeps: impl Fn(&Value) -> bool, described: &str) {
    let (full_code, full) = full();
    let (code, filtered) = check(filters);
    let expected: Vec<&Value> = findings(full).iter().filter(|f| keeps(f)).collect();
    assert!(!expected.is_empty(), "{filters:?} should keep something");
    assert!(
        expected.len() < findings(full).len(),
        "{filters:?} should drop something"
    );
    assert_eq!(
        findings(&filtered).iter().collect::<Vec<_>>(),
        expected,
        "{filters:?}"
    );
    assert_eq!(filtered["summary"], full["summary"], "{filters:?}");
    assert_eq!(filtered["filter"], described, "{filters:?}");
    assert_eq!(code, *full_code, "{filters:?}");
}

fn status(f: &Value) -> &str {
    f["status"].as_str().unwrap()
}

fn account(f: &Value) -> &str {
    f["account"].as_str().unwrap()
}

#[test]
fn the_full_run_is_not_filtered() {
    let (code, full) = full();
    assert_eq!(*code, 1);
    assert!(full.get("filter").is_none());
}

#[test]
fn status_keeps_those_statuses() {
    assert_filters(
        &["--status", "fail"],
        |f| status(f) == "fail",
        "status fail",
    );
    let fail_or_unknown = |f: &Value| matches!(status(f), "fail" | "unknown");
    assert_filters(
        &["--status", "fail,unknown"],
        fail_or_unknown,
        "status fail,unknown",
    );
    // Repeated, the same.
    assert_filters(
        &["--status", "unknown", "--status", "fail"],
        fail_or_unknown,
        "status fail,unknown",
    );
}

#[test]
fn status_all_filters_nothing() {
    let (code, all) = check(&["--status", "all"]);
    let (full_code, full) = full();
    assert_eq!(&all, full);
    assert_eq!(code, *full_code);
}

#[test]
fn account_keeps_that_account() {
    assert_filters(
        &["--account", "222222222222"],
        |f| account(f) == "222222222222",
        "accounts 222222222222",
    );
    assert_filters(
        &["--account", "333333333333,111111111111"],
        |f| matches!(account(f), "111111111111" | "333333333333"),
        "accounts 111111111111,333333333333",
    );
}

#[test]
fn ou_keeps_every_account_below_it() {
    // ou-acme-prod holds 222222222222 and 333333333333, and ou-acme-payments with 444444444444.
    let prod = |f: &Value| matches!(account(f), "222222222222" | "333333333333" | "444444444444");
    assert_filters(
        &["--ou", "ou-acme-prod"],
        prod,
        "accounts 222222222222,333333333333,444444444444",
    );
    // The root holds every account: nothing is left out.
    let (_, root) = check(&["--ou", "r-acme"]);
    assert_eq!(findings(&root), findings(&full().1));
    // With --account, the union.
    assert_filters(
        &["--ou", "ou-acme-payments", "--account", "555555555555"],
        |f| matches!(account(f), "444444444444" | "555555555555"),
        "accounts 444444444444,555555555555",
    );
}

#[test]
fn status_and_account_narrow_together() {
    assert_filters(
        &["--status", "fail", "--account", "333333333333"],
        |f| status(f) == "fail" && account(f) == "333333333333",
        "status fail; accounts 333333333333",
    );
    // A status no finding has: nothing shown, still the full summary and exit 1.
    let (code, none) = check(&["--status", "error", "--account", "222222222222"]);
    assert!(findings(&none).is_empty());
    assert_eq!(none["summary"], full().1["summary"]);
    assert_eq!(code, 1);
}

#[test]
fn the_table_says_how_much_it_shows() {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .args(["--status", "fail", "--account", "333333333333"])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let total = findings(&full().1).len();
    let shown = findings(&full().1)
        .iter()
        .filter(|f| status(f) == "fail" && account(f) == "333333333333")
        .count();
    let lines: Vec<&str> = run.stdout.lines().collect();
    let n = lines.len();
    assert_eq!(
        lines[n - 2],
        format!("showing {shown} of {total} findings (status fail; accounts 333333333333)")
    );
    assert!(
        lines[n - 1].starts_with(&format!("{total} findings as of {AS_OF}: ")),
        "the totals are the whole run's: {}",
        lines[n - 1]
    );
    assert!(!run.stdout.contains("PASS"));
    // Unfiltered, no such line.
    let run = Tenet::check(ACME).as_of(AS_OF).run();
    assert!(!run.stdout.contains("showing"));
}

#[test]
fn a_saved_snapshot_filters_like_the_directory() {
    // JSON from a snapshot file is otherwise written through the spill (json_spill.rs).
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("snapshot.json");
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .save_snapshot(&saved)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for filters in [
        &["--status", "fail"][..],
        &["--ou", "ou-acme-dev", "--status", "unknown"],
    ] {
        let from_file = Tenet::check(&saved)
            .as_of(AS_OF)
            .format("json")
            .args(filters)
            .run();
        let (code, from_dir) = check(filters);
        assert_eq!(from_file.code, code, "{filters:?}: {}", from_file.stderr);
        assert_eq!(from_file.json(), from_dir, "{filters:?}");
    }
}

#[test]
fn other_formats_show_only_the_kept_findings() {
    let csv = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("csv")
        .args(["--account", "444444444444"])
        .run();
    assert_eq!(csv.code, 1, "{}", csv.stderr);
    let rows: Vec<&str> = csv.stdout.lines().skip(1).collect();
    let expected = findings(&full().1)
        .iter()
        .filter(|f| account(f) == "444444444444")
        .count();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|r| r.starts_with("444444444444,")));
}

/// Runs `filters`, expecting a usage error whose message contains `message`.
fn assert_usage_error(filters: &[&str], message: &str) {
    let run = Tenet::check(ACME).as_of(AS_OF).args(filters).run();
    assert_eq!(run.code, 2, "{filters:?}: {}", run.stdout);
    assert!(
        run.stderr.contains(message),
        "{filters:?}: {:?} in {}",
        message,
        run.stderr
    );
}

#[test]
fn a_name_that_matches_nothing_is_a_usage_error() {
    assert_usage_error(
        &["--account", "999999999999"],
        "no account \"999999999999\" in the snapshot (known: 111111111111, 222222222222, \
333333333333, 444444444444, 555555555555, 666666666666)",
    );
    assert_usage_error(
        &["--ou", "ou-nowhere"],
        "no account below OU \"ou-nowhere\" in the snapshot (known: ou-acme-dev, \
ou-acme-payments, ou-acme-prod, r-acme)",
    );
    assert_usage_error(
        &["--status", "failed"],
        "invalid value 'failed' for '--status <STATUS>'",
    );
}

#[test]
fn a_baseline_is_compared_with_the_whole_run() {
    // Compared with itself, nothing changed: the findings filtered out are not "fixed".
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .output(&base)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .args([
            "--status",
            "fail",
            "--account",
            "222222222222",
            "--baseline",
        ])
        .arg(&base)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("0 new failures, 0 fixed, 0 other status changes"),
        "{}",
        run.stderr
    );
}
