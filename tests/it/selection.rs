//! Choosing rules (`--rule`, `--framework`, `--control`, `--severity`): exactly the selected
//! rules are evaluated, each with the findings it has in a full run, and a name that matches
//! nothing is a usage error listing what exists. `tenet check` evaluates in worker processes,
//! so every run here goes through them.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{Tenet, ACME, AS_OF};

/// Every built-in rule, as `tenet rules` lists them.
const ALL_RULES: &[&str] = &[
    "cloudshell_full_access",
    "no_full_admin_policies",
    "org_scp_guardrails",
    "password_policy_length",
    "password_policy_lowercase",
    "password_policy_max_age",
    "password_policy_numbers",
    "password_policy_reuse",
    "password_policy_symbols",
    "password_policy_uppercase",
    "root_access_keys",
    "root_centralized",
    "root_hardware_mfa",
    "root_mfa",
    "root_recent_use",
    "root_scp_mfa",
    "support_role",
    "user_console_mfa",
    "user_initial_access_key",
    "user_key_rotation",
    "user_policies_via_groups",
    "user_single_active_key",
    "user_unused_credentials",
];

/// The results of `tenet check examples/acme ... --format json` with `selectors`.
fn check(selectors: &[&str]) -> Vec<Value> {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .args(selectors)
        .run();
    // acme has failing findings: exit 1, never 2.
    assert_eq!(run.code, 1, "{selectors:?}: {}", run.stderr);
    run.json()["results"].as_array().unwrap().clone()
}

/// The full run's results, run once for every test here.
fn full() -> &'static [Value] {
    static FULL: OnceLock<Vec<Value>> = OnceLock::new();
    FULL.get_or_init(|| check(&[]))
}

/// Runs `selectors` and checks it evaluated exactly the `expected` rules (ids separated by
/// spaces), each with the very findings (in the same order) it has in the full run.
fn assert_selects(selectors: &[&str], expected: &str) {
    let selected = check(selectors);
    let rules: BTreeSet<&str> = selected
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<&str> = expected.split_whitespace().collect();
    assert_eq!(rules, expected, "{selectors:?}");
    let from_full: Vec<&Value> = full()
        .iter()
        .filter(|f| expected.contains(f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        selected.iter().collect::<Vec<_>>(),
        from_full,
        "{selectors:?}"
    );
}

#[test]
fn the_full_run_has_every_rule() {
    let rules: BTreeSet<&str> = full().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ALL_RULES.iter().copied().collect());
}

#[test]
fn rule_globs_and_ids() {
    assert_selects(
        &["--rule", "root_*"],
        "root_access_keys root_centralized root_hardware_mfa root_mfa root_recent_use root_scp_mfa",
    );
    // Repeated values widen; `?` is one character.
    assert_selects(
        &["--rule", "root_mfa", "--rule", "user_???????_mfa"],
        "root_mfa user_console_mfa",
    );
}

#[test]
fn framework_selects_the_rules_mapped_to_it() {
    // Every built-in rule maps to HIPAA.
    assert_selects(&["--framework", "hipaa"], &ALL_RULES.join(" "));
    // CIS 6.0 has no organization rules and no password-complexity rules.
    assert_selects(
        &["--framework", "cis-aws-6.0"],
        "cloudshell_full_access no_full_admin_policies password_policy_length password_policy_reuse root_access_keys root_hardware_mfa root_mfa root_recent_use support_role user_console_mfa user_initial_access_key user_key_rotation user_policies_via_groups user_single_active_key user_unused_credentials",
    );
}

#[test]
fn control_selects_the_rules_mapped_to_it() {
    assert_selects(
        &[
            "--framework",
            "cis-aws-6.0",
            "--control",
            "2.4",
            "--control",
            "2.3",
        ],
        "root_access_keys root_mfa",
    );
    // 2.1.1 is a control of CIS 7.0 only, covered by an organization rule.
    assert_selects(
        &[
            "--framework",
            "cis-aws-6.0",
            "--framework",
            "cis-aws-7.0",
            "--control",
            "2.1.1",
        ],
        "root_centralized",
    );
}

#[test]
fn severity_selects_that_or_higher() {
    assert_selects(&["--severity", "critical"], "root_access_keys root_mfa");
    assert_selects(
        &["--severity", "high"],
        "no_full_admin_policies root_access_keys root_centralized root_hardware_mfa root_mfa root_recent_use root_scp_mfa user_console_mfa",
    );
}

#[test]
fn selectors_combine_with_and() {
    assert_selects(
        &[
            "--rule",
            "root_*",
            "--framework",
            "cis-aws-6.0",
            "--severity",
            "high",
        ],
        "root_access_keys root_hardware_mfa root_mfa root_recent_use",
    );
}

#[test]
fn a_selected_run_under_a_small_memory_limit() {
    assert_selects(
        &["--rule", "user_*", "--max-memory", "256"],
        "user_console_mfa user_initial_access_key user_key_rotation user_policies_via_groups user_single_active_key user_unused_credentials",
    );
}

#[test]
fn outputs_that_list_rules_list_the_selected() {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("sarif")
        .args(["--severity", "critical"])
        .run();
    let sarif = run.json();
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["root_access_keys", "root_mfa"]);
}

/// `tenet check` with `selectors` fails with exit 2, nothing on stdout and `message`.
fn assert_usage_error(selectors: &[&str], message: &str) {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .args(selectors)
        .run();
    assert_eq!(run.code, 2, "{selectors:?}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{selectors:?}");
    assert_eq!(run.stderr, format!("tenet: {message}\n"), "{selectors:?}");
}

#[test]
fn names_that_match_nothing_are_usage_errors() {
    let known_rules = ALL_RULES.join(", ");
    assert_usage_error(
        &["--rule", "nope"],
        &format!("no rule matches \"nope\" (known: {known_rules})"),
    );
    // One glob that matches nothing is an error even beside one that does.
    assert_usage_error(
        &["--rule", "root_*", "--rule", "nope_*"],
        &format!("no rule matches \"nope_*\" (known: {known_rules})"),
    );
    assert_usage_error(
        &["--framework", "pci"],
        "no framework \"pci\" (known: cis-aws-3.0, cis-aws-6.0, cis-aws-7.0, hipaa, soc2)",
    );
    let cis6: Vec<String> = (1..=21).map(|n| format!("2.{n}")).collect();
    assert_usage_error(
        &["--framework", "cis-aws-6.0", "--control", "2.1.1"],
        &format!(
            "no control \"2.1.1\" in cis-aws-6.0 (known: {})",
            cis6.join(", ")
        ),
    );
    assert_usage_error(
        &["--rule", "password_*", "--severity", "critical"],
        "the selection leaves no rule to evaluate",
    );
}

#[test]
fn control_needs_a_framework() {
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .args(["--control", "2.4"])
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--framework <ID>"),
        "clap's usage error names --framework: {}",
        run.stderr
    );
}

#[test]
fn report_evaluates_only_the_rules_of_its_frameworks() {
    // From the directory: only the CIS 6.0 rules are evaluated. The readiness sections equal
    // those of a report from the full run's results.
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results.json");
    let run = Tenet::check(ACME)
        .as_of(AS_OF)
        .format("json")
        .output(&results)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = |input: &std::path::Path, as_of: bool| {
        let mut command =
            Tenet::report(input).args(["--framework", "cis-aws-6.0", "--format", "json"]);
        if as_of {
            command = command.as_of(AS_OF);
        }
        let run = command.run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    let selected = report(std::path::Path::new(ACME), true);
    let from_results = report(&results, false);
    assert_eq!(selected["frameworks"], from_results["frameworks"]);
    assert_eq!(selected["attention"], from_results["attention"]);
}
