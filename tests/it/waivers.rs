//! Waivers end to end: the example's accepted risks, exit codes, expiry against --as-of,
//! every per-finding format, results read back, a policy directory's waivers.yaml, bad files.

use serde_json::{json, Value};

use crate::support::*;

const EXAMPLE: &str = "examples/acme/waivers.yaml";

fn check_json(waivers: &str, as_of: &str) -> (Run, Value) {
    let run = Tenet::check(ACME)
        .as_of(as_of)
        .format("json")
        .args(["--waivers", waivers])
        .run();
    let results = run.json();
    (run, results)
}

/// (account, rule, resource, status) of the findings with `status`.
fn with_status<'a>(results: &'a Value, status: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == status)
        .map(|f| {
            (
                f["account"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_example_waives_exactly_its_two_accepted_risks() {
    let (run, results) = check_json(EXAMPLE, AS_OF);
    assert_eq!(run.code, 1, "other failures remain: {}", run.stderr);
    assert_eq!(
        with_status(&results, "waived"),
        [
            (
                "111111111111",
                "user_unused_credentials",
                "arn:aws:iam::111111111111:user/breakglass-admin"
            ),
            (
                "333333333333",
                "user_key_rotation",
                "arn:aws:iam::333333333333:user/service/legacy-reporting"
            ),
        ]
    );
    let breakglass = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "waived")
        .unwrap();
    assert_eq!(
        breakglass["waiver"],
        json!({
            "id": "breakglass-console",
            "reason": "Break-glass administrator for when SSO is down. Its password is sealed in the office safe and used only in incidents, so it goes unused for months by design.",
            "owner": "security@acme.example",
            "ticket": "SEC-142",
            "expires": "2027-03-31",
            "status": "fail"
        })
    );
    assert_eq!(
        results["summary"],
        json!({"pass": 126, "fail": 47, "unknown": 26, "not_applicable": 28, "error": 0, "waived": 2})
    );
    let uses: Vec<(&str, &str, i64, u64)> = results["waivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["id"].as_str().unwrap(),
                w["state"].as_str().unwrap(),
                w["days_left"].as_i64().unwrap(),
                w["findings"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        uses,
        [
            ("breakglass-console", "active", 131, 1),
            ("legacy-reporting-key", "expiring", 25, 1)
        ]
    );
    let digest = tenet::results::evidence::sha256_hex(&std::fs::read(EXAMPLE).unwrap());
    assert_eq!(results["evidence"]["waivers_digest"], digest);
    assert!(run.stderr.contains(
        "tenet: examples/acme/waivers.yaml: waiver legacy-reporting-key expires in 25 day(s), on 2026-12-15 (owner data-platform@acme.example)\n"
    ), "{}", run.stderr);
}

/// A waivers file in `dir` covering every failing and unknown finding until `expires`.
fn everything(dir: &std::path::Path, expires: &str) -> String {
    write(
        dir,
        "all.yaml",
        &format!(
            "waivers:\n  - id: everything\n    rule: '*'\n    accounts: ['*']\n    reason: a test accepts it all\n    owner: test@example.com\n    expires: {expires}\n"
        ),
    )
}

#[test]
fn waived_findings_never_fail_the_run_and_expired_ones_do() {
    let dir = tempfile::tempdir().unwrap();
    let all = everything(dir.path(), "2026-11-20");
    // On its expiry date the waiver still applies: nothing fails.
    let (run, results) = check_json(&all, AS_OF);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(results["summary"]["fail"], 0);
    assert_eq!(results["summary"]["unknown"], 0);
    assert_eq!(results["summary"]["waived"], 75);
    assert_eq!(results["waivers"][0]["state"], "expiring");

    // The day after, it has expired: every finding it matched fails again and names it.
    let (run, results) = check_json(&all, "2026-11-21T00:00:00Z");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(results["summary"]["waived"], Value::Null);
    let matched: Vec<&Value> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["expired_waiver"] == "everything")
        .collect();
    assert_eq!(matched.len(), 75);
    assert!(matched
        .iter()
        .all(|f| f["status"] == "fail" || f["status"] == "unknown"));
    assert_eq!(results["waivers"][0]["state"], "expired");
    assert_eq!(results["waivers"][0]["days_left"], -1);
    assert!(run.stderr.contains(&format!(
        "tenet: {all}: waiver everything expired on 2026-11-20: the 75 finding(s) it matched count again\n"
    )));
}

#[test]
fn a_waiver_matching_nothing_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let stale = write(
        dir.path(),
        "stale.yaml",
        "waivers:\n  - id: gone\n    rule: root_mfa\n    accounts: ['222222222222']\n    reason: r\n    owner: o\n    expires: 2027-01-01\n",
    );
    let (run, results) = check_json(&stale, AS_OF);
    assert_eq!(results["waivers"][0]["state"], "stale");
    assert!(run.stderr.contains(&format!(
        "tenet: {stale}: waiver gone is stale: it matched no fail or unknown finding\n"
    )));
}

#[test]
fn every_format_shows_a_waived_finding_for_what_it_is() {
    let table = Tenet::check(ACME)
        .as_of(AS_OF)
        .args(["--waivers", EXAMPLE])
        .run();
    assert!(table.stdout.contains(
        "  WAIVED   medium    user_unused_credentials    user/breakglass-admin  credentials unused for 45 days or more: password unused for 48 days (last used 2026-10-02)  [waived by breakglass-console until 2027-03-31]\n"
    ), "{}", table.stdout);
    assert!(table.stdout.ends_with(
        "229 findings as of 2026-11-20T00:00:00Z: 126 pass, 47 fail, 26 unknown, 28 not applicable, 0 error, 2 waived\n"
    ));

    let csv = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("csv")
        .args(["--waivers", EXAMPLE])
        .run();
    let mut lines = csv.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "account,rule,severity,status,resource,message,controls,waiver,waiver_owner,waiver_expires,waiver_reason,expired_waiver"
    );
    let waived: Vec<&str> = lines.filter(|l| l.contains(",waived,")).collect();
    assert_eq!(waived.len(), 2);
    assert!(waived[0].starts_with("111111111111,user_unused_credentials,medium,waived,"));
    assert!(waived[0].ends_with(
        ",breakglass-console,security@acme.example,2027-03-31,\"Break-glass administrator for when SSO is down. Its password is sealed in the office safe and used only in incidents, so it goes unused for months by design.\","
    ), "{}", waived[0]);

    let github = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("github")
        .args(["--waivers", EXAMPLE])
        .run();
    assert!(github.stdout.contains(
        "::notice title=user_key_rotation (medium)::333333333333 arn:aws:iam::333333333333:user/service/legacy-reporting: access keys not rotated within 90 days: access key 1 last rotated 2026-03-01 (263 days ago) (waived by legacy-reporting-key (data-platform@acme.example, DATA-311, until 2026-12-15): "
    ), "{}", github.stdout);
    assert!(github.stdout.ends_with(", 0 error, 2 waived\n"));

    // An expired waiver is an error annotation of its own.
    let dir = tempfile::tempdir().unwrap();
    let all = everything(dir.path(), "2026-11-19");
    let github = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("github")
        .args(["--waivers", &all])
        .run();
    assert!(github.stdout.contains(
        "::error title=waiver everything expired::waiver everything (test@example.com) expired on 2026-11-19: the 75 finding(s) it matched count again\n"
    ), "{}", github.stdout);
}

#[test]
fn results_read_back_take_waivers_by_ou_from_their_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.json");
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .output(&plain)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The example's legacy-reporting-key names ou-acme-prod, not the account.
    let report = Tenet::report(&plain)
        .format("json")
        .args(["--waivers", EXAMPLE])
        .run();
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report
            .stderr
            .contains("tenet: examples/acme/waivers.yaml: 2 finding(s) waived by 2 waiver(s)\n"),
        "{}",
        report.stderr
    );
}

#[test]
fn a_policy_directory_brings_its_waivers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(EXAMPLE, dir.path().join("waivers.yaml")).unwrap();
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .policy(dir.path())
        .run();
    let results = run.json();
    assert_eq!(results["summary"]["waived"], 2, "{}", run.stderr);
    // --waivers wins over the directory's file.
    let other = everything(dir.path(), "2027-01-01");
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .policy(dir.path())
        .args(["--waivers", &other])
        .run();
    assert_eq!(run.json()["summary"]["waived"], 75);
}

#[test]
fn a_bad_waivers_file_stops_the_run_before_anything_is_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let entry = "waivers:\n  - id: a\n    rule: root_mfa\n    accounts: ['*']\n    reason: r\n    owner: o\n";
    for (name, text, message) in [
        ("malformed.yaml", "waivers: [\n", "malformed.yaml:2:1: "),
        (
            "unknown-key.yaml",
            &format!("{entry}    expires: 2027-01-01\n    until: 2027-02-01\n") as &str,
            "unknown-key.yaml:8:5: waivers[0]: unknown field `until`",
        ),
        (
            "bad-date.yaml",
            &format!("{entry}    expires: 31/12/2027\n"),
            "bad-date.yaml:7:5: waivers[0]: `expires`: \"31/12/2027\" is not a date of the form YYYY-MM-DD",
        ),
        (
            "no-expiry.yaml",
            entry,
            "no-expiry.yaml:2:5: waivers[0]: missing field `expires`",
        ),
        (
            "forever.yaml",
            &format!("{entry}    created: 2026-01-01\n    expires: 2099-01-01\n"),
            "forever.yaml:8:5: waiver \"a\" lasts 26663 days (2026-01-01 to 2099-01-01), more than the 365 days allowed (waiver_max_lifetime_days)",
        ),
    ] {
        let path = write(dir.path(), name, text);
        let run = Tenet::check(ACME)
            .as_of(AS_OF)
            .args(["--waivers", &path])
            .run();
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: evaluated anyway");
        let expected = format!("{}/{message}", dir.path().display());
        assert!(
            run.stderr.contains(&expected),
            "{name}: {}\nexpected: {expected}",
            run.stderr
        );
    }
}

#[test]
fn the_report_inventory_counts_each_accounts_waived_findings() {
    let waived_by_account = |extra: &[&str]| -> Vec<(String, Value)> {
        let run = Tenet::report(ACME)
            .as_of(AS_OF)
            .format("json")
            .args(extra)
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut rows: Vec<(String, Value)> = run.json()["inventory"]["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["account_id"].as_str().unwrap().to_string(),
                    r["waived"].clone(),
                )
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    };
    let counts: Vec<(String, Value)> = [1, 0, 1, 0, 0, 0]
        .iter()
        .zip(1..=6)
        .map(|(n, i)| (format!("{i}").repeat(12), json!(n)))
        .collect();
    assert_eq!(waived_by_account(&["--waivers", EXAMPLE]), counts);
    // Without waivers there is no such column at all.
    assert!(waived_by_account(&[]).iter().all(|(_, w)| w.is_null()));
}
