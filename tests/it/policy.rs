//! Policies end to end: the built-in Rego unit tests pass, user policies load on top of the
//! built-in ones, and broken policies are reported with file:line and exit 2.

use std::path::Path;

use crate::support::tenet_parts as tenet;
use crate::support::write;
use crate::support::{Tenet, AS_OF};

const META: &str = "# METADATA\n# title: Custom rule\n# custom:\n#   id: custom_rule\n#   severity: low\n#   resource: account\n#   recommended_action: Fix it.\n#   frameworks:\n#     soc2: [CC6.1]\npackage tenet.aws.custom_rule\n";

/// custom_rule, which calls a function that does not exist: a policy error in every account.
fn broken_rule(dir: &Path) -> String {
    write(
        dir,
        "custom.rego",
        &format!("{META}\nfindings contains x if {{\n\tx := no_such_function(1)\n}}\n"),
    )
}

/// stderr names [`broken_rule`]'s error, at its file and line.
fn assert_policy_error_said(stderr: &str, file: &str) {
    assert!(
        stderr.contains(&format!(
            "tenet: rule custom_rule: policy error: {file}:13:"
        )),
        "{stderr}"
    );
}

#[test]
fn builtin_rego_unit_tests_all_pass() {
    let (code, stdout, stderr) = tenet(&["test"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let last = stdout.lines().last().unwrap();
    let passed: usize = last
        .strip_suffix(" passed, 0 failed")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{last}"));
    // Five root rules, each with pass, fail and unknown cases at the least.
    assert!(passed >= 15, "{last}");
}

#[test]
fn a_failing_rego_test_is_reported_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "custom.rego", &format!("{META}\nfindings contains {{\"resource\": \"r\", \"status\": \"pass\", \"message\": \"ok\"}} if true\n"));
    let test = write(
        dir.path(),
        "custom_test.rego",
        "package tenet.aws.custom_rule_test\n\nimport data.tenet.aws.custom_rule\n\ntest_passes if {\n\tcount(custom_rule.findings) == 1\n}\n\ntest_wrong if {\n\tcount(custom_rule.findings) == 2\n}\n",
    );
    let (code, stdout, _) = tenet(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!("FAIL {test}:9: data.tenet.aws.custom_rule_test.test_wrong: undefined (a condition in its body was false)\n    {test}:10: count(custom_rule.findings) == 2\n        left:       1\n        right:      2\n1 passed, 1 failed\n")
    );
}

#[test]
fn user_policy_adds_a_rule_on_top_of_builtin() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "custom.rego",
        &format!("{META}\nfindings contains {{\"resource\": input.account.account_id, \"status\": \"fail\", \"message\": \"custom\"}} if true\n"),
    );
    let (code, stdout, stderr) = tenet(&[
        "rules",
        "--policy",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let (_, builtin, _) = tenet(&["rules", "--format", "json"]);
    let builtin: serde_json::Value = serde_json::from_str(&builtin).unwrap();
    let mut expected: Vec<&str> = builtin
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(expected.contains(&"root_mfa") && !expected.contains(&"custom_rule"));
    expected.push("custom_rule");
    expected.sort();
    assert_eq!(ids, expected, "the user's rule joins the built-in ones");

    let (code, stdout, _) = tenet(&[
        "rules",
        "--policy",
        dir.path().to_str().unwrap(),
        "--no-builtin",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "broken.rego",
        "package tenet.custom\n\nx := {\n\t1 +\n",
    );
    let (code, stdout, stderr) = tenet(&[
        "check",
        "examples/acme",
        "--policy",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with(&format!("tenet: {file}:")), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

#[test]
fn rule_package_without_metadata_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "nometa.rego",
        "package tenet.aws.nometa\n\nfindings := set()\n",
    );
    let (code, _, stderr) = tenet(&["rules", "--policy", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("tenet: {file}:1: rule package has no METADATA block with custom.id\n")
    );
}

#[test]
fn duplicate_rule_id_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "dup.rego",
        &META.replace("custom_rule", "root_mfa"),
    );
    let (code, _, stderr) = tenet(&["rules", "--policy", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!("tenet: {file}:10: duplicate rule id \"root_mfa\"")),
        "{stderr}"
    );
}

#[test]
fn a_runtime_error_becomes_error_findings_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = broken_rule(dir.path());
    let (code, _, stderr) = Tenet::check("examples/acme")
        .as_of(AS_OF)
        .policy(dir.path())
        .run()
        .into_parts();
    assert_eq!(code, 2);
    assert_policy_error_said(&stderr, &file);
}

#[test]
fn allow_partial_does_not_forgive_a_policy_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = broken_rule(dir.path());
    let policy = dir.path().to_str().unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "examples/acme", "--as-of", AS_OF];
        args.extend_from_slice(&["--policy", policy, "--format", "json"]);
        args.extend_from_slice(extra);
        tenet(&args).0
    };
    assert_eq!(check(&["--allow-partial"]), 2);
    // The spilled path (a saved snapshot, --format json) follows the same rule.
    let snapshot = dir.path().join("snapshot.json");
    let saved = check(&["--save-snapshot", snapshot.to_str().unwrap()]);
    assert_eq!(saved, 2);
    let (code, _, stderr) = Tenet::check(snapshot.to_str().unwrap())
        .policy(policy)
        .format("json")
        .arg("--allow-partial")
        .run()
        .into_parts();
    assert_eq!(code, 2);
    assert_policy_error_said(&stderr, &file);
}

#[test]
fn report_says_a_policy_error_and_exits_2_with_the_report_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = broken_rule(dir.path());
    let report = dir.path().join("report.md");
    let (code, _, stderr) = Tenet::report("examples/acme")
        .as_of(AS_OF)
        .policy(dir.path())
        .format("md")
        .output(&report)
        .run()
        .into_parts();
    assert_eq!(code, 2, "{stderr}");
    assert_policy_error_said(&stderr, &file);
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("custom_rule"));
}

#[test]
fn config_file_overrides_a_threshold() {
    // examples/acme account 555555555555 used root 21 days before the as-of date: inside the
    // default 30-day window, outside a 14-day one.
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "config.yaml", "root_use_window_days: 14\n");
    let status = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "examples/acme",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (_, stdout, _) = tenet(&args);
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let r = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["account"] == "555555555555" && r["rule"] == "root_recent_use")
            .unwrap()
            .clone();
        r["status"].as_str().unwrap().to_string()
    };
    assert_eq!(status(&[]), "fail");
    assert_eq!(status(&["--config", &config]), "pass");
}

#[test]
fn a_control_missing_from_its_catalog_is_rejected_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "custom.rego",
        &META.replace("soc2: [CC6.1]", "soc2: [CC9.9]"),
    );
    let (code, stdout, stderr) = tenet(&[
        "check",
        "examples/acme",
        "--policy",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, format!("tenet: {file}:9: rule custom_rule maps to control \"CC9.9\", which is not in catalog soc2\n"));
}
