//! The default table leads with what needs action and stays readable at organization scale;
//! `--status` lists every finding of the statuses asked for.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::*;

/// A resource as the table names it under its account: a global ARN of that account without
/// its `arn:aws:<service>::<account>:` prefix.
fn as_named(account: &str, resource: &str) -> String {
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, _, "", a, rest] if a == account => rest.to_string(),
        _ => resource.to_string(),
    }
}

/// (account, rule) → the resources the table's lines of `label` name, in the order named.
fn named(table: &str, label: &str) -> BTreeMap<(String, String), Vec<String>> {
    let mut named: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut account = String::new();
    for line in table.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            account = line.to_string();
            continue;
        }
        let Some(rest) = line.strip_prefix(&format!("  {label:<7}  ")) else {
            continue;
        };
        let mut columns = rest.split_whitespace();
        let (_severity, rule) = (columns.next().unwrap(), columns.next().unwrap().to_string());
        let what = rest[rest.find(&rule).unwrap() + rule.len()..].trim_start();
        // `why (n): a, b, c` names n resources; otherwise `resource  message` names one.
        let resources: Vec<String> = match what.split_once("): ") {
            Some((why, list)) if why.ends_with(&format!("({}", list.split(", ").count())) => {
                list.split(", ").map(str::to_string).collect()
            }
            _ => vec![what.split("  ").next().unwrap().to_string()],
        };
        named
            .entry((account.clone(), rule))
            .or_default()
            .extend(resources);
    }
    named
}

/// (account, rule) → the resources of `status` findings, as the table names them.
fn expected(results: &Value, status: &str) -> BTreeMap<(String, String), Vec<String>> {
    let mut expected: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for f in results["results"].as_array().unwrap() {
        if f["status"] != status {
            continue;
        }
        let account = f["account"].as_str().unwrap();
        let label = if account.is_empty() {
            "organization"
        } else {
            account
        };
        expected
            .entry((label.to_string(), f["rule"].as_str().unwrap().to_string()))
            .or_default()
            .push(as_named(account, f["resource"].as_str().unwrap()));
    }
    for resources in expected.values_mut() {
        resources.sort();
    }
    expected
}

#[test]
fn the_default_table_of_300_accounts_is_short_and_names_every_failing_resource() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("org.json");
    let mut file = std::fs::File::create(&snapshot).unwrap();
    tenet::synthetic::write_snapshot(&mut file, 300, 50, 7).unwrap();
    drop(file);
    let results = dir.path().join("results.json");
    let (table, json) = std::thread::scope(|s| {
        let table = s.spawn(|| Tenet::check(&snapshot).run());
        let json = Tenet::check(&snapshot)
            .format("json")
            .output(&results)
            .run();
        (table.join().unwrap(), json)
    });
    assert_eq!((table.code, json.code), (1, 1), "{}", table.stderr);
    let results: Value = serde_json::from_slice(&std::fs::read(&results).unwrap()).unwrap();
    let lines = table.stdout.lines().count();
    let findings = results["results"].as_array().unwrap().len();
    assert!(lines < 5_000, "{lines} lines for {findings} findings");
    assert!(findings > 75_000, "{findings}");

    let failing = expected(&results, "fail");
    assert!(
        failing.len() > 2_500,
        "{} (account, rule) pairs",
        failing.len()
    );
    let mut shown = named(&table.stdout, "FAIL");
    for resources in shown.values_mut() {
        resources.sort();
    }
    // Every failing resource, under its account and rule, and nothing else.
    assert_eq!(shown, failing);
}

#[test]
fn the_example_table_leads_with_what_needs_action() {
    let run = Tenet::check(ACME).as_of(AS_OF).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let full: Value = Tenet::check(ACME).as_of(AS_OF).format("json").run().json();
    for (label, status) in [("FAIL", "fail"), ("UNKNOWN", "unknown")] {
        let mut shown = named(&run.stdout, label);
        for resources in shown.values_mut() {
            resources.sort();
        }
        assert_eq!(shown, expected(&full, status), "{label}");
    }
    // 333333333333's three stale keys share one line, its reason and every user named.
    assert!(run.stdout.lines().any(|l| l
        == "  FAIL     medium    user_key_rotation          access keys not rotated within 90 days (3): \
            user/carol.diaz, user/service/etl-runner, user/service/legacy-reporting"));
    // The most severe first within an account: 444444444444's high failures before its medium
    // ones, its low failures after the medium unknowns.
    let account: Vec<String> = run
        .stdout
        .split("\n\n")
        .find(|a| a.starts_with("444444444444\n"))
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        account[..8],
        [
            "444444444444",
            "FAIL high no_full_admin_policies",
            "FAIL high root_hardware_mfa",
            "FAIL medium user_unused_credentials",
            "UNKNOWN medium password_policy_length",
            "UNKNOWN medium password_policy_reuse",
            "FAIL low support_role",
            "FAIL low user_initial_access_key",
        ]
        .map(String::from)
    );
    // Then each rule's passes and not-applicable findings, counted.
    assert_eq!(
        account[account.len() - 2..],
        ["PASS cloudshell_full_access 1,", "N/A user_console_mfa 1,"].map(String::from)
    );
    // The closing summary: per severity, then per rule, the rules failing in most accounts
    // first, with the study's share.
    assert!(run.stdout.contains(
        "\nseverity      fail  unknown   error    pass     n/a\n\
         critical         2        0       0      10       0\n\
         high            14        2       0      34       9\n\
         medium          22        8       0      61      11\n\
         low             11       16       0      21       8\n"
    ));
    assert!(run.stdout.contains(
        "\nrule                       severity  accounts failing          fail  unknown   error    pass     n/a\n\
         no_full_admin_policies     high      4 of 6 (66.7%)               4        1       0      15       0\n\
         user_unused_credentials    medium    4 of 6 (66.7%)               5        0       0      14       1\n"
    ));
    assert!(run.stdout.ends_with(
        "229 findings as of 2026-11-20T00:00:00Z: 126 pass, 49 fail, 26 unknown, 28 not applicable, 0 error\n"
    ));
}

#[test]
fn asking_for_statuses_lists_each_finding() {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .args(["--status", "all"])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let full: Value = Tenet::check(ACME).as_of(AS_OF).format("json").run().json();
    let findings = full["results"].as_array().unwrap();
    // One line per finding, the ARN whole, and no closing summary.
    let finding_lines = run.stdout.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(finding_lines, findings.len());
    assert!(run.stdout.contains(
        "  PASS     critical  root_mfa                   arn:aws:iam::222222222222:root  root user has MFA active (AccountMFAEnabled = 1 in GetAccountSummary)\n"
    ));
    assert!(!run.stdout.contains("accounts failing"));
}
