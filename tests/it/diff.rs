//! `tenet diff` and `tenet check --baseline`: two hand-made result sets in tests/data/diff/
//! with the diff worked out by hand beside them (see its README), and the exit codes.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{tenet, Run, Tenet, AS_OF};

const DATA: &str = "tests/data/diff";

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(data("expected.json")).unwrap()).unwrap()
}

#[test]
fn library_diff_of_the_hand_made_sets_is_exactly_as_expected() {
    let base = tenet::results::io::load_results(Path::new(&data("base.json"))).unwrap();
    let head = tenet::results::io::load_results(Path::new(&data("head.json"))).unwrap();
    let bundle = tenet::policy::bundle::Bundle::load(&tenet::policy::bundle::BundleOptions {
        builtin: true,
        dirs: Vec::new(),
        config: None,
    })
    .unwrap();
    let catalogs = tenet::policy::frameworks::load(&bundle.catalogs).unwrap();
    let diff = tenet::diff::diff(&base, &head, &catalogs);
    assert_eq!(serde_json::to_value(&diff).unwrap(), expected());
    assert_eq!(diff.exit_code(), 1);
}

#[test]
fn cli_json_is_the_expected_diff_and_exits_1_on_new_failures() {
    let run = tenet(&[
        "diff",
        &data("base.json"),
        &data("head.json"),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let got: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(got, expected());
}

#[test]
fn no_new_failures_exits_0() {
    for set in ["base.json", "head.json"] {
        let run = tenet(&["diff", &data(set), &data(set)]);
        assert_eq!(run.code, 0, "{set}: {}", run.stderr);
        assert!(
            run.stdout.contains(
                "0 new failures, 0 fixed, 0 other status changes; 0 rules added, 0 removed"
            ),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn reversed_sets_swap_new_and_fixed() {
    // From head to base: 222's root access key fails again, and root_scp_mfa (a rule "added"
    // in this direction) fails there; bob failed in both.
    let run = tenet(&[
        "diff",
        &data("head.json"),
        &data("base.json"),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    let new: Vec<(&str, &str)> = d["new_failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["account"].as_str().unwrap(), c["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        new,
        [
            ("222222222222", "root_access_keys"),
            ("222222222222", "root_scp_mfa")
        ]
    );
    // Fixed: 111's root key (fail -> pass) and 333's root MFA (fail -> error). root_centralized
    // is a removed rule in this direction and dave is gone: neither counts as fixed.
    let fixed: Vec<(&str, &str, &str)> = d["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["account"].as_str().unwrap(),
                c["rule"].as_str().unwrap(),
                c["after"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fixed,
        [
            ("111111111111", "root_access_keys", "pass"),
            ("333333333333", "root_mfa", "error")
        ]
    );
}

#[test]
fn table_names_each_section_and_the_readiness_formula() {
    let run = tenet(&["diff", &data("base.json"), &data("head.json")]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    for line in [
        "tenet diff: base as of 2026-11-13T00:00:00Z -> head as of 2026-11-20T00:00:00Z",
        "4 new failures, 1 fixed, 5 other status changes; 1 rule added, 1 removed",
        "New failures (4)",
        "Fixed failures (1)",
        "Other status changes (5)",
        "Rules added (1)",
        "Rules removed (1)",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in\n{out}");
    }
    let line = |needle: &str| {
        out.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in\n{out}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("user/dave"),
        "medium user_console_mfa 222222222222 arn:aws:iam::222222222222:user/dave absent -> fail dave has a console password and no MFA"
    );
    assert_eq!(
        line("root_scp_mfa"),
        "high root_scp_mfa An SCP denies root user requests made without MFA (1 fail, 1 error, 1 not applicable)"
    );
    assert_eq!(line("soc2"), "soc2 0.0% (0/4) -> 0.0% (0/3)");
    assert_eq!(line("hipaa"), "hipaa 0.0% (0/1) -> -");
    assert!(out.contains("readiness = controls that pass / controls evaluated"));
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let run = tenet(&[
        "diff",
        &data("base.json"),
        &data("head.json"),
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 1);
    let md = &run.stdout;
    assert!(md.starts_with("### tenet: 4 new failures\n\n"), "{md}");
    for needle in [
        "#### New failures (4)\n\n| severity | rule | account | resource | status | message |\n|---|---|---|---|---|---|\n",
        "| critical | `root_mfa` | 333333333333 | `arn:aws:iam::333333333333:root` | error → fail | root MFA is not enabled |",
        "| `root_centralized` | high | Centralized root access is enabled in the organization | 1 fail |",
        "| base | 4 | 3 | 1 | 1 | 4 |\n| head | 6 | 5 | 0 | 0 | 0 |",
        "| soc2 | 0.0% (0/4) | 0.0% (0/3) |",
        "<sub>readiness = controls that pass / controls evaluated (pass + accepted risk + fail + unknown + error) over the framework's controls",
    ] {
        assert!(md.contains(needle), "{needle:?} in\n{md}");
    }
    assert!(!md.contains("<details>"), "no list is long here");
}

// ---- bad input ----

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn expect_input_error(base: &Path, expected: &str) {
    let run = tenet(&["diff", base.to_str().unwrap(), &data("head.json")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with(&format!("tenet: {}:{expected}", base.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_results_is_named_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write(
        dir.path(),
        "snapshot.json",
        "{\n  \"schema\": \"tenet.snapshot/v1\",\n  \"accounts\": []\n}\n",
    );
    expect_input_error(
        &snapshot,
        "2:31: not a tenet.results/v1 file: schema is \"tenet.snapshot/v1\", expected \"tenet.results/v1\"",
    );
    let truncated = std::fs::read_to_string(data("base.json")).unwrap()[..300].to_string();
    let truncated = write(dir.path(), "truncated.json", &truncated);
    expect_input_error(&truncated, "7:");
    let bad_status = std::fs::read_to_string(data("base.json"))
        .unwrap()
        .replacen("\"status\": \"pass\"", "\"status\": \"passed\"", 1);
    let bad_status = write(dir.path(), "bad-status.json", &bad_status);
    expect_input_error(&bad_status, "9:");
    let run = tenet(&["diff", "no/such/file.json", &data("head.json")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("tenet: no/such/file.json: cannot read"),
        "{}",
        run.stderr
    );
}

// ---- tenet check --baseline ----

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
// Root: MFA on, no access keys, last used ten months before AS_OF: no critical rule fails.
const ROOT: &str = "<root_account>,arn:aws:iam::123456789012:root,2019-05-01T10:00:00+00:00,not_supported,2026-01-03T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
// Bob signs in to the console without MFA: user_console_mfa fails (not critical).
const BOB: &str = "bob,arn:aws:iam::123456789012:user/bob,2025-06-01T12:00:00+00:00,true,2026-11-19T22:00:00+00:00,2025-06-01T12:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

struct Baseline {
    _dir: tempfile::TempDir,
    report: String,
    /// The results of checking `report`, as they are.
    same: String,
    /// The same results with every failure turned into a pass.
    all_pass: String,
    fails: usize,
}

fn baseline() -> Baseline {
    let dir = tempfile::tempdir().unwrap();
    let report = write(
        dir.path(),
        "report.csv",
        &format!("{HEADER}\n{ROOT}\n{BOB}\n"),
    );
    let same = dir.path().join("same.json");
    let run = Tenet::check(report.to_str().unwrap())
        .as_of(AS_OF)
        .format("json")
        .output(&same)
        .args(["--fail-on", "critical"])
        .run();
    assert_eq!(run.code, 0, "no critical failure here: {}", run.stderr);
    let mut results: Value =
        serde_json::from_str(&std::fs::read_to_string(&same).unwrap()).unwrap();
    let mut fails = 0;
    for f in results["results"].as_array_mut().unwrap() {
        if f["status"] == "fail" {
            f["status"] = Value::from("pass");
            fails += 1;
        }
    }
    assert!(fails > 0, "bob's console MFA fails");
    let all_pass = write(dir.path(), "all-pass.json", &results.to_string());
    Baseline {
        report: report.to_str().unwrap().to_string(),
        same: same.to_str().unwrap().to_string(),
        all_pass: all_pass.to_str().unwrap().to_string(),
        fails,
        _dir: dir,
    }
}

fn check_with(b: &Baseline, baseline: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        &b.report,
        "--as-of",
        AS_OF,
        "--fail-on",
        "critical",
        "--baseline",
        baseline,
    ];
    args.extend_from_slice(extra);
    tenet(&args)
}

#[test]
fn baseline_with_the_same_failures_keeps_the_check_exit_code() {
    let b = baseline();
    let run = check_with(&b, &b.same, &["--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The table, then the diff, both on stdout.
    let results_end = run.stdout.find(" findings as of ").expect("results table");
    let diff_start = run.stdout.find("tenet diff: ").expect("diff after it");
    assert!(results_end < diff_start);
    assert!(
        run.stdout.contains("0 new failures, 0 fixed"),
        "{}",
        run.stdout
    );
}

#[test]
fn baseline_new_failures_raise_the_exit_code_to_1() {
    let b = baseline();
    let run = check_with(&b, &b.all_pass, &["--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("\nNew failures ({})\n", b.fails)),
        "{}",
        run.stdout
    );
}

#[test]
fn baseline_diff_goes_to_stderr_with_machine_readable_formats() {
    let b = baseline();
    let run = check_with(&b, &b.all_pass, &["--format", "json"]);
    assert_eq!(run.code, 1);
    let results: Value = serde_json::from_str(&run.stdout).expect("stdout is only the results");
    assert_eq!(results["schema"], "tenet.results/v1");
    assert!(run.stderr.contains("tenet diff: "), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("New failures ({})", b.fails)));
}

#[test]
fn bad_baseline_stops_before_checking() {
    let b = baseline();
    let run = check_with(&b, &b.report, &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(&format!("tenet: {}:1:", b.report)),
        "{}",
        run.stderr
    );
}

// ---- waivers ----

/// A finding of a hand-made set; `waiver` is the JSON of its waiver, or "" for none.
fn waiver_finding(rule: &str, account: &str, status: &str, waiver: &str) -> String {
    let waiver = if waiver.is_empty() {
        String::new()
    } else {
        format!(", \"waiver\": {waiver}")
    };
    format!(
        r#"{{ "rule": "{rule}", "title": "{rule} title", "severity": "critical", "account": "{account}",
      "resource": "arn:aws:iam::{account}:root", "status": "{status}", "message": "{rule} message",
      "controls": {{}}{waiver} }}"#
    )
}

/// A waiver of a set's `waivers` block.
fn waiver_use(id: &str, rule: &str, state: &str, days_left: i64, findings: usize) -> String {
    format!(
        r#"{{ "id": "{id}", "rule": "{rule}", "accounts": ["*"], "reason": "r", "owner": "sec@x",
      "expires": "2026-11-19", "state": "{state}", "days_left": {days_left}, "findings": {findings} }}"#
    )
}

fn waiver_set(as_of: &str, findings: &[String], waivers: &[String]) -> String {
    format!(
        r#"{{ "schema": "tenet.results/v1", "tool": {{ "name": "tenet", "version": "0.1.0" }},
  "as_of": "{as_of}", "summary": {{ "pass": 0, "fail": 0, "unknown": 0, "not_applicable": 0, "error": 0 }},
  "results": [{}], "waivers": [{}] }}"#,
        findings.join(", "),
        waivers.join(", ")
    )
}

/// BASE: root_mfa of 111 waived by mfa-later, root_access_keys of 222 failing, old-one stale.
/// HEAD, a week on: mfa-later has expired (root_mfa fails again), keys-vendor now waives
/// root_access_keys, old-one is gone.
fn waiver_sets(dir: &Path) -> (String, String) {
    let applied = r#"{ "id": "mfa-later", "reason": "r", "owner": "sec@x", "expires": "2026-11-19", "status": "fail" }"#;
    let base = waiver_set(
        "2026-11-13T00:00:00Z",
        &[
            waiver_finding("root_mfa", "111111111111", "waived", applied),
            waiver_finding("root_access_keys", "222222222222", "fail", ""),
        ],
        &[
            waiver_use("mfa-later", "root_mfa", "active", 6, 1),
            waiver_use("old-one", "root_*", "stale", 6, 0),
        ],
    );
    let applied = applied.replace("mfa-later", "keys-vendor");
    let head = waiver_set(
        "2026-11-20T00:00:00Z",
        &[
            waiver_finding("root_mfa", "111111111111", "fail", ""),
            waiver_finding("root_access_keys", "222222222222", "waived", &applied),
        ],
        &[
            waiver_use("keys-vendor", "root_access_keys", "active", 30, 1),
            waiver_use("mfa-later", "root_mfa", "expired", -1, 1),
        ],
    );
    (
        write(dir, "base.json", &base).display().to_string(),
        write(dir, "head.json", &head).display().to_string(),
    )
}

#[test]
fn waiver_changes_in_the_table_and_waived_to_fail_is_a_new_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = waiver_sets(dir.path());
    let run = tenet(&["diff", &base, &head]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    assert_eq!(
        run.stdout,
        "\
tenet diff: base as of 2026-11-13T00:00:00Z -> head as of 2026-11-20T00:00:00Z
1 new failure, 0 fixed, 1 other status change; 0 rules added, 0 removed; waivers: 1 added, 1 removed, 1 expired

New failures (1)
  critical  root_mfa  111111111111  arn:aws:iam::111111111111:root  waived -> fail  root_mfa message

Other status changes (1)
  critical  root_access_keys  222222222222  arn:aws:iam::222222222222:root  fail -> waived  root_access_keys message

Waivers added (1)
  keys-vendor  root_access_keys  sec@x  until 2026-11-19  (1 finding)

Waivers removed (1)
  old-one  root_*  sec@x  until 2026-11-19  (0 findings)

Waivers expired (1)
  mfa-later  root_mfa  sec@x  until 2026-11-19  (1 finding)

Summary (base -> head)
  pass            0 -> 0
  fail            1 -> 1
  unknown         0 -> 0
  not applicable  0 -> 0
  error           0 -> 0
  waived          1 -> 1
"
    );
}

#[test]
fn waiver_changes_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = waiver_sets(dir.path());
    let run = tenet(&["diff", &base, &head, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    let waiver = |id: &str, rule: &str, findings: usize| json!({ "id": id, "rule": rule, "owner": "sec@x", "expires": "2026-11-19", "findings": findings });
    assert_eq!(
        d["waivers_added"],
        json!([waiver("keys-vendor", "root_access_keys", 1)])
    );
    assert_eq!(
        d["waivers_removed"],
        json!([waiver("old-one", "root_*", 0)])
    );
    assert_eq!(
        d["waivers_expired"],
        json!([waiver("mfa-later", "root_mfa", 1)])
    );
    let change = |rule: &str, account: &str, before: &str, after: &str| {
        json!([{ "account": account, "rule": rule, "resource": format!("arn:aws:iam::{account}:root"),
            "severity": "critical", "title": format!("{rule} title"), "before": before,
            "after": after, "message": format!("{rule} message") }])
    };
    assert_eq!(
        d["new_failures"],
        change("root_mfa", "111111111111", "waived", "fail")
    );
    // An accepted risk is not a fix.
    assert_eq!(d["fixed"], json!([]));
    assert_eq!(
        d["status_changes"],
        change("root_access_keys", "222222222222", "fail", "waived")
    );
    assert_eq!(d["head"]["summary"]["waived"], 1);
    // Every new field is documented (the check is against a closed copy of the schema).
    crate::schemas::assert_valid("diff", &d, "a diff with waiver changes");
}

#[test]
fn waiver_changes_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = waiver_sets(dir.path());
    let run = tenet(&["diff", &base, &head, "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\
### tenet: 1 new failure

Base as of 2026-11-13T00:00:00Z → head as of 2026-11-20T00:00:00Z: 1 new failure, 0 fixed, 1 other status change; 0 rules added, 0 removed; waivers: 1 added, 1 removed, 1 expired.

#### New failures (1)

| severity | rule | account | resource | status | message |
|---|---|---|---|---|---|
| critical | `root_mfa` | 111111111111 | `arn:aws:iam::111111111111:root` | waived → fail | root\\_mfa message |

#### Other status changes (1)

| severity | rule | account | resource | status | message |
|---|---|---|---|---|---|
| critical | `root_access_keys` | 222222222222 | `arn:aws:iam::222222222222:root` | fail → waived | root\\_access\\_keys message |

#### Waivers added (1)

| waiver | rule | owner | expires | findings |
|---|---|---|---|---|
| `keys-vendor` | `root_access_keys` | sec@x | 2026-11-19 | 1 |

#### Waivers removed (1)

| waiver | rule | owner | expires | findings |
|---|---|---|---|---|
| `old-one` | `root_*` | sec@x | 2026-11-19 | 0 |

#### Waivers expired (1)

| waiver | rule | owner | expires | findings |
|---|---|---|---|---|
| `mfa-later` | `root_mfa` | sec@x | 2026-11-19 | 1 |

#### Summary

|  | pass | fail | unknown | not applicable | error | waived |
|---|---|---|---|---|---|---|
| base | 0 | 1 | 0 | 0 | 0 | 1 |
| head | 0 | 1 | 0 | 0 | 0 | 1 |
"
    );
}

#[test]
fn fail_to_waived_is_no_new_failure() {
    // HEAD: mfa-later still in force, and keys-vendor now waives the failing root key.
    let dir = tempfile::tempdir().unwrap();
    let (base, _) = waiver_sets(dir.path());
    let applied = |id: &str| {
        format!(
            r#"{{ "id": "{id}", "reason": "r", "owner": "sec@x", "expires": "2026-11-19", "status": "fail" }}"#
        )
    };
    let head = waiver_set(
        "2026-11-13T00:00:00Z",
        &[
            waiver_finding("root_mfa", "111111111111", "waived", &applied("mfa-later")),
            waiver_finding(
                "root_access_keys",
                "222222222222",
                "waived",
                &applied("keys-vendor"),
            ),
        ],
        &[
            waiver_use("keys-vendor", "root_access_keys", "active", 6, 1),
            waiver_use("mfa-later", "root_mfa", "active", 6, 1),
        ],
    );
    let head = write(dir.path(), "waived.json", &head)
        .display()
        .to_string();
    let run = tenet(&["diff", &base, &head, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(d["new_failures"], json!([]));
    assert_eq!(d["fixed"], json!([]));
    assert_eq!(d["status_changes"][0]["rule"], "root_access_keys");
    assert_eq!(d["status_changes"][0]["after"], "waived");
    assert_eq!(d["waivers_added"][0]["id"], "keys-vendor");
    assert_eq!(d["waivers_removed"][0]["id"], "old-one");
    assert_eq!(d["waivers_expired"], json!([]));
}
