//! The policy sandbox end to end: a user policy that loops, or grows without end, becomes an
//! `error` finding for the account it ran over, with a message that says why, while the other
//! accounts and every other rule still finish; a policy that calls a built-in tenet does not
//! allow (the network, the environment, the clock, randomness) is refused at load, located.

use std::path::Path;

use serde_json::Value;

use crate::support::{tenet, Run, ACME, AS_OF};

/// The account the runaway policies below pick on; acme has five others.
const VICTIM: &str = "333333333333";

/// A rule package `tenet.aws.<id>` with `body` after its METADATA block.
fn rule(dir: &Path, id: &str, body: &str) -> String {
    let text = format!(
        "# METADATA\n# title: {id}\n# custom:\n#   id: {id}\n#   severity: low\n#   resource: account\n#   recommended_action: Fix it.\n#   frameworks:\n#     soc2: [CC6.1]\npackage tenet.aws.{id}\n\n{body}"
    );
    let path = dir.join(format!("{id}.rego"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn check_acme(policy_dir: &Path, extra: &[&str]) -> (Run, Value) {
    let mut args = vec![
        "check",
        ACME,
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--policy",
        policy_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = tenet(&args);
    let results = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run, results)
}

/// (account, status, message) of one rule's findings, in output order.
fn findings_of(results: &Value, rule: &str) -> Vec<(String, String, String)> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == rule)
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("account"), s("status"), s("message"))
        })
        .collect()
}

/// Every finding of the built-in rules, to compare runs with and without a user policy.
fn builtin_findings(results: &Value, user_rules: &[&str]) -> Vec<Value> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !user_rules.contains(&r["rule"].as_str().unwrap()))
        .cloned()
        .collect()
}

fn acme_accounts() -> Vec<&'static str> {
    vec![
        "111111111111",
        "222222222222",
        "333333333333",
        "444444444444",
        "555555555555",
        "666666666666",
    ]
}

/// One finding per account: `pass` everywhere, except that in VICTIM the body first runs
/// `work`, which never finishes in time.
fn runaway_rule(dir: &Path, id: &str, work: &str) -> String {
    rule(
        dir,
        id,
        &format!(
            "findings contains f if {{\n\tnot input.account.account_id == \"{VICTIM}\"\n\tf := {{\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": \"done\"}}\n}}\n\nfindings contains f if {{\n\tinput.account.account_id == \"{VICTIM}\"\n\t{work}\n\tf := {{\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": \"done\"}}\n}}\n"
        ),
    )
}

fn expect_only_victim_stopped(rule_id: &str, results: &Value, message: &str) {
    let expected: Vec<(String, String, String)> = acme_accounts()
        .into_iter()
        .map(|a| {
            if a == VICTIM {
                (a.to_string(), "error".to_string(), message.to_string())
            } else {
                (a.to_string(), "pass".to_string(), "done".to_string())
            }
        })
        .collect();
    assert_eq!(findings_of(results, rule_id), expected);
}

#[test]
fn a_looping_policy_is_stopped_for_its_account_and_everything_else_finishes() {
    let dir = tempfile::tempdir().unwrap();
    // Ten billion steps: hours, were it not stopped.
    runaway_rule(
        dir.path(),
        "spins",
        "count([x | some a in numbers.range(1, 100000); some b in numbers.range(1, 100000); x := a + b]) > 0",
    );
    let (run, results) = check_acme(dir.path(), &["--eval-timeout", "1"]);
    let message = "policy error: evaluation stopped after 1s (--eval-timeout); the rule loops or does too much work for this input";
    assert_eq!(run.code, 2, "an error finding exits 2");
    assert_eq!(run.stderr, format!("tenet: rule spins: {message}\n"));
    expect_only_victim_stopped("spins", &results, message);

    // The built-in rules gave every account exactly what they give without the runaway rule.
    let empty = tempfile::tempdir().unwrap();
    let (_, baseline) = check_acme(empty.path(), &[]);
    assert_eq!(
        builtin_findings(&results, &["spins"]),
        builtin_findings(&baseline, &[])
    );
}

#[test]
fn a_policy_that_builds_an_ever_larger_value_is_stopped_by_the_same_limit() {
    let dir = tempfile::tempdir().unwrap();
    // A set of a trillion triples, built one element at a time.
    runaway_rule(
        dir.path(),
        "grows",
        "big := {[a, b, c] | some a in numbers.range(1, 10000); some b in numbers.range(1, 10000); some c in numbers.range(1, 10000)}\n\tcount(big) > 0",
    );
    let (run, results) = check_acme(dir.path(), &["--eval-timeout", "1"]);
    assert_eq!(run.code, 2);
    expect_only_victim_stopped(
        "grows",
        &results,
        "policy error: evaluation stopped after 1s (--eval-timeout); the rule loops or does too much work for this input",
    );
}

#[test]
fn a_policy_that_allocates_beyond_the_memory_limit_in_one_call_is_an_error_for_that_account() {
    let dir = tempfile::tempdir().unwrap();
    // One built-in call asking for 10^10 numbers (hundreds of GB): no step boundary in between
    // for a timer to stop it; the worker's memory limit does, and only for VICTIM's rule.
    runaway_rule(
        dir.path(),
        "bomb",
        "count(numbers.range(1, 10000000000)) > 0",
    );
    let (run, results) = check_acme(dir.path(), &["--max-memory", "256"]);
    let message = "policy error: evaluation stopped: it needed more than --max-memory (256 MiB); the rule builds too large a value for this input";
    assert_eq!(run.code, 2, "an error finding exits 2");
    assert_eq!(run.stderr, format!("tenet: rule bomb: {message}\n"));
    expect_only_victim_stopped("bomb", &results, message);

    // Every other rule still reported for VICTIM too: the retry rule by rule puts the error on
    // the rule that caused it.
    let empty = tempfile::tempdir().unwrap();
    let (_, baseline) = check_acme(empty.path(), &[]);
    assert_eq!(
        builtin_findings(&results, &["bomb"]),
        builtin_findings(&baseline, &[])
    );
}

#[test]
fn findings_of_the_wrong_shape_are_an_error_finding_that_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("not_a_set", "findings := 7", "policy error: findings must be a set of {resource, status, message} objects, not 7"),
        ("not_an_object", "findings contains \"oops\"", "policy error: findings must be a set of {resource, status, message} objects: a finding is not an object: \"oops\""),
        ("no_message", "findings contains {\"resource\": \"r\", \"status\": \"pass\"}", "policy error: findings must be a set of {resource, status, message} objects: a finding has no `message`: {\"resource\":\"r\",\"status\":\"pass\"}"),
        ("number_status", "findings contains {\"resource\": \"r\", \"status\": 1, \"message\": \"m\"}", "policy error: findings must be a set of {resource, status, message} objects: `status` is not a string: 1"),
        ("bad_status", "findings contains {\"resource\": \"r\", \"status\": \"error\", \"message\": \"m\"}", "policy error: status \"error\" is not pass, fail, unknown or not_applicable"),
    ];
    for (id, body, _) in &cases {
        rule(dir.path(), id, body);
    }
    let (run, results) = check_acme(dir.path(), &[]);
    assert_eq!(run.code, 2);
    for (id, _, message) in &cases {
        let expected: Vec<(String, String, String)> = acme_accounts()
            .into_iter()
            .map(|a| (a.to_string(), "error".to_string(), message.to_string()))
            .collect();
        assert_eq!(findings_of(&results, id), expected, "{id}");
    }
}

#[test]
fn a_policys_print_output_reaches_stderr_from_the_worker_processes() {
    let dir = tempfile::tempdir().unwrap();
    rule(
        dir.path(),
        "chatty",
        "findings contains {\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": \"done\"} if {\n\tprint(\"looking at\", input.account.account_id)\n}\n",
    );
    let (run, _) = check_acme(dir.path(), &[]);
    assert_eq!(run.code, 1, "the built-in rules fail somewhere in acme");
    let mut printed: Vec<&str> = run.stderr.lines().collect();
    printed.sort();
    let expected: Vec<String> = acme_accounts()
        .into_iter()
        .map(|a| format!("looking at {a}"))
        .collect();
    assert_eq!(printed, expected);
}

#[test]
fn the_memory_limit_is_at_least_64_mib() {
    let run = tenet(&["check", ACME, "--max-memory", "63"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value '63' for '--max-memory <MIB>': 63 is not in 64.."),
        "{}",
        run.stderr
    );
}

#[test]
fn a_policy_that_reports_too_many_findings_is_an_error_for_that_account() {
    let dir = tempfile::tempdir().unwrap();
    // 100,001 findings for VICTIM, one more than allowed; one for every other account.
    rule(
        dir.path(),
        "floods",
        &format!(
            "findings contains f if {{\n\tinput.account.account_id == \"{VICTIM}\"\n\tsome i in numbers.range(0, 100000)\n\tf := {{\"resource\": sprintf(\"r-%d\", [i]), \"status\": \"pass\", \"message\": \"done\"}}\n}}\n\nfindings contains f if {{\n\tnot input.account.account_id == \"{VICTIM}\"\n\tf := {{\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": \"done\"}}\n}}\n"
        ),
    );
    let (run, results) = check_acme(dir.path(), &[]);
    assert_eq!(run.code, 2);
    expect_only_victim_stopped(
        "floods",
        &results,
        "policy error: the rule reported 100001 findings for one account; at most 100000 are allowed",
    );
}

#[test]
fn the_eval_timeout_must_be_a_whole_number_of_seconds_from_one() {
    let run = tenet(&["check", ACME, "--eval-timeout", "0"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '0' for '--eval-timeout <SECONDS>': 0 is not in 1.."
        ),
        "{}",
        run.stderr
    );
}

/// A rule whose fourth body line calls `call` at column 7.
fn calls(dir: &Path, call: &str) -> String {
    rule(
        dir,
        "sneaky",
        &format!(
            "findings contains f if {{\n\t# {call} in a comment is not a call\n\tnote := `{call} in a string is not a call either`\n\tx := {call}\n\tf := {{\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": sprintf(\"%v %v\", [note, x])}}\n}}\n"
        ),
    )
}

#[test]
fn forbidden_builtins_are_refused_at_load_with_their_location() {
    let cases = [
        (
            "http.send({\"method\": \"GET\", \"url\": \"http://169.254.169.254/latest/meta-data/\"})",
            "http.send is not allowed in tenet policies: it calls the network",
        ),
        (
            "opa.runtime().env.AWS_SECRET_ACCESS_KEY",
            "opa.runtime is not allowed in tenet policies: it reads the environment",
        ),
        (
            "net.lookup_ip_addr(\"exfil.example.com\")",
            "net.lookup_ip_addr is not allowed in tenet policies: it queries DNS",
        ),
        (
            "time.now_ns()",
            "time.now_ns is not allowed in tenet policies: it reads the clock; measure ages from input.collected_at",
        ),
        (
            "rand.intn(\"seed\", 10)",
            "rand.intn is not allowed in tenet policies: it returns a random number",
        ),
        (
            "uuid.rfc4122(\"k\")",
            "uuid.rfc4122 is not allowed in tenet policies: it returns a random UUID",
        ),
    ];
    for (call, why) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = calls(dir.path(), call);
        // Line 10 is `package`, the body's fourth line is line 15; the call follows "\tx := ".
        let run = tenet(&["check", ACME, "--policy", dir.path().to_str().unwrap()]);
        assert_eq!(run.code, 2, "{call}");
        assert_eq!(run.stderr, format!("tenet: {file}:15:7: {why}\n"), "{call}");
        assert!(
            run.stdout.is_empty(),
            "nothing is evaluated: {}",
            run.stdout
        );
    }
}

#[test]
fn a_forbidden_builtin_in_a_rego_test_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    rule(
        dir.path(),
        "fine",
        "findings contains {\"resource\": \"r\", \"status\": \"pass\", \"message\": \"ok\"}\n",
    );
    let test = dir.path().join("fine_test.rego");
    std::fs::write(
        &test,
        "package tenet.aws.fine_test\n\nimport data.tenet.aws.fine\n\ntest_today if {\n\ttime.now_ns() > 0\n\tcount(fine.findings) == 1\n}\n",
    )
    .unwrap();
    let run = tenet(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "tenet: {}:6:2: time.now_ns is not allowed in tenet policies: it reads the clock; measure ages from input.collected_at\n",
            test.display()
        )
    );
}

#[test]
fn a_users_own_function_named_like_a_builtin_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(
        lib.join("time.rego"),
        "package lib.time\n\n# The snapshot's clock, not the machine's.\nnow_ns := time.parse_rfc3339_ns(input.collected_at)\n",
    )
    .unwrap();
    rule(
        dir.path(),
        "own_time",
        "import data.lib.time\n\nfindings contains f if {\n\tf := {\"resource\": input.account.account_id, \"status\": \"pass\", \"message\": sprintf(\"%d\", [time.now_ns])}\n}\n",
    );
    let (run, results) = check_acme(dir.path(), &[]);
    assert_eq!(run.code, 1, "acme has failing findings: {}", run.stderr);
    // 2026-11-20T00:00:00Z in nanoseconds since the epoch.
    let expected: Vec<(String, String, String)> = acme_accounts()
        .into_iter()
        .map(|a| {
            (
                a.to_string(),
                "pass".to_string(),
                "1795132800000000000".to_string(),
            )
        })
        .collect();
    assert_eq!(findings_of(&results, "own_time"), expected);
}

#[test]
fn brackets_nested_too_deeply_are_refused_before_regorus_parses_them() {
    let dir = tempfile::tempdir().unwrap();
    // 17 levels: regorus's parser would take about a second; 30 would take hours.
    let file = rule(
        dir.path(),
        "deep",
        &format!("x := {}1{}\n", "[".repeat(17), "]".repeat(17)),
    );
    let run = tenet(&["check", ACME, "--policy", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("tenet: {file}:12:22: brackets nest more than 16 deep; the Rego parser's time grows exponentially with depth\n")
    );
}
