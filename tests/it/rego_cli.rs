//! `tenet test` end to end: failures located and explained with the values involved, print()
//! output, test selection, test data files, exit codes, and line coverage with exact numbers
//! for a small hand-counted policy (tests/data/coverage).

use crate::support::tenet_parts as tenet;
use crate::support::write;

/// A rule that passes when input.size is at most 10, and fails otherwise.
const RULE: &str = r#"# METADATA
# title: Size limit
# custom:
#   id: size_limit
#   severity: low
#   resource: account
#   recommended_action: Make it smaller.
#   frameworks:
#     soc2: [CC6.1]
package tenet.aws.size_limit

findings contains {"resource": "r", "status": status, "message": "size"} if {
	status := "pass"
	input.size <= 10
}

findings contains {"resource": "r", "status": status, "message": "size"} if {
	status := "fail"
	input.size > 10
}
"#;

/// Line by line, what each failing test below gets wrong:
/// 6 a comparison, 10-12 a set comparison (with a print before it), 16 `not`, 20 `in`,
/// 23 a test that is not a boolean, 25 a passing test.
const TESTS: &str = r#"package tenet.aws.size_limit_test

import data.tenet.aws.size_limit

test_count if {
	count(size_limit.findings) == 2 with input as {"size": 3}
}

test_set if {
	print("size is", 30)
	size_limit.findings == {{"resource": "r", "status": "pass", "message": "size"}} with input as {"size": 30}
}

test_not if {
	not size_limit.findings with input as {"size": 3}
}

test_in if {
	"fail" in {f.status | some f in size_limit.findings} with input as {"size": 3}
}

test_value := 5

test_passes if count(size_limit.findings) == 1 with input as {"size": 3}
"#;

#[test]
fn failing_tests_show_where_and_the_values_involved() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "size_limit.rego", RULE);
    let t = write(dir.path(), "size_limit_test.rego", TESTS);
    let (code, stdout, stderr) = tenet(&["test", dir.path().to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let pass = r#"{"message": "size", "resource": "r", "status": "pass"}"#;
    let fail = r#"{"message": "size", "resource": "r", "status": "fail"}"#;
    let undefined = "undefined (a condition in its body was false)";
    assert_eq!(
        stdout,
        format!(
            "FAIL {t}:5: data.tenet.aws.size_limit_test.test_count: {undefined}
    {t}:6: count(size_limit.findings) == 2 with input as {{\"size\": 3}}
        left:       1
        right:      2
FAIL {t}:9: data.tenet.aws.size_limit_test.test_set: {undefined}
    {t}:11: size_limit.findings == {{{{\"resource\": \"r\", \"status\": \"pass\", \"message\": \"size\"}}}} with input as {{\"size\": 30}}
        left:       {{{fail}}}
        right:      {{{pass}}}
        only left:  {fail}
        only right: {pass}
    print: {t}:10: size is 30
FAIL {t}:14: data.tenet.aws.size_limit_test.test_not: {undefined}
    {t}:15: not size_limit.findings with input as {{\"size\": 3}}
        value:      {{{pass}}}
FAIL {t}:18: data.tenet.aws.size_limit_test.test_in: {undefined}
    {t}:19: \"fail\" in {{f.status | some f in size_limit.findings}} with input as {{\"size\": 3}}
        value:      \"fail\"
        collection: {{\"pass\"}}
FAIL {t}:22: data.tenet.aws.size_limit_test.test_value: 5 (a test must be true)
1 passed, 5 failed
"
        )
    );
}

#[test]
fn verbose_lists_passing_tests_and_run_selects_by_regex() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "size_limit.rego", RULE);
    let t = write(dir.path(), "size_limit_test.rego", TESTS);
    let d = dir.path().to_str().unwrap();
    let (code, stdout, _) = tenet(&["test", d, "-v", "--run", r"test_(passes|value)$"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!(
            "FAIL {t}:22: data.tenet.aws.size_limit_test.test_value: 5 (a test must be true)
PASS {t}:24: data.tenet.aws.size_limit_test.test_passes
1 passed, 1 failed
"
        )
    );
    let (code, stdout, _) = tenet(&["test", d, "--run", "passes"]);
    assert_eq!((code, stdout.as_str()), (0, "1 passed, 0 failed\n"));
}

#[test]
fn bad_regex_no_match_and_compile_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "size_limit.rego", RULE);
    write(dir.path(), "size_limit_test.rego", TESTS);
    let d = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = tenet(&["test", d, "--run", "test_("]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("tenet: --run \"test_(\" is not a valid regular expression"),
        "{stderr}"
    );
    let (code, _, stderr) = tenet(&["test", d, "--run", "nothing_like_this"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "tenet: no test_* rule matches --run \"nothing_like_this\"\n"
    );

    let broken = write(
        dir.path(),
        "broken_test.rego",
        "package broken_test\n\ntest_x if {\n\tcount(1, 2 == 1\n}\n",
    );
    let (code, stdout, stderr) = tenet(&["test", d]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with(&format!("tenet: {broken}:")), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// `<name>_test.yaml` and `<name>_test.json` beside `<name>_test.rego` are data under the
/// test file's package, for the tests only.
#[test]
fn test_data_files_load_under_the_test_package() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    write(dir.path(), "size_limit.rego", RULE);
    write(
        dir.path(),
        "size_limit_test.rego",
        "package tenet.aws.size_limit_test\n\nimport data.tenet.aws.size_limit\n\ntest_small if {\n\tsize_limit.findings == {{\"resource\": \"r\", \"status\": \"pass\", \"message\": \"size\"}} with input as data.tenet.aws.size_limit_test.inputs.small\n}\n\ntest_large_from_json if {\n\t[f.status | some f in size_limit.findings] == [\"fail\"] with input as data.tenet.aws.size_limit_test.large\n}\n",
    );
    write(
        dir.path(),
        "size_limit_test.yaml",
        "inputs:\n  small: {size: 4}\n",
    );
    write(
        dir.path(),
        "size_limit_test.json",
        r#"{"large": {"size": 40}}"#,
    );
    let (code, stdout, stderr) = tenet(&["test", d]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "2 passed, 0 failed\n", "")
    );

    // A data file belongs to a test file.
    let orphan = write(dir.path(), "orphan_test.json", "{}");
    let (code, _, stderr) = tenet(&["test", d]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "tenet: {orphan}: test data without {} beside it\n",
            orphan.replace(".json", ".rego")
        )
    );
    std::fs::remove_file(&orphan).unwrap();

    let yaml = write(
        dir.path(),
        "size_limit_test.yaml",
        "inputs:\n  small: {size: 4\n",
    );
    let (code, _, stderr) = tenet(&["test", d]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!("tenet: {yaml}:3:1: invalid YAML")),
        "{stderr}"
    );
    write(dir.path(), "size_limit_test.yaml", "- 1\n");
    let (code, _, stderr) = tenet(&["test", d]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!("tenet: {yaml}: test data must be a mapping of names to values\n")
    );
}

/// tests/data/coverage/limits.rego, counted by hand: the lines holding an expression regorus
/// evaluates are 3 (`false`), 6, 7, 10 (`10`), 12, 14 (`"big"`) and 15. The two tests evaluate
/// `allow` with a small size: 6 and 10 (`max_size`), 7 and 12 (`blocked`), and for the root
/// owner the default's 3; `label` never runs, so 14 and 15 are not covered: 5 of 7. unused.rego
/// has no test at all; its lines are 4 and 5 (the comprehension's body, not its head) and 8
/// (the function's value): 0 of 3, and regorus's report leaves the file out entirely.
#[test]
fn coverage_of_a_hand_counted_policy_is_exact() {
    let (code, stdout, stderr) = tenet(&["test", "tests/data/coverage", "--coverage"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "coverage (lines of the rule and library files run by the tests):
  tests/data/coverage/limits.rego        5/7   71.4%  not covered: 14-15
  tests/data/coverage/unused.rego        0/3    0.0%  not covered: 4-5, 8
  total                                 5/10   50.0%
2 passed, 0 failed
"
    );

    // The minimum applies to each file, not to the total.
    let (code, with_min, stderr) =
        tenet(&["test", "tests/data/coverage", "--coverage-min", "71.4"]);
    assert_eq!(code, 1);
    assert_eq!(with_min, stdout, "--coverage-min prints the table too");
    assert_eq!(
        stderr,
        "tenet: tests/data/coverage/unused.rego: line coverage 0.0% is below --coverage-min 71.4\n"
    );
    let (code, _, _) = tenet(&["test", "tests/data/coverage", "--coverage-min", "0"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = tenet(&["test", "tests/data/coverage", "--coverage-min", "101"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a percentage from 0 to 100"),
        "{stderr}"
    );
}

/// The built-in policies' own tests cover at least 90% of every rule and library file (what
/// .ci/run enforces), and the table lists every one of them.
#[test]
fn builtin_policies_reach_90_percent_line_coverage() {
    let (code, stdout, stderr) = tenet(&["test", "--coverage-min", "90"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  policies/"))
        .collect();
    let files = std::fs::read_dir("policies/aws")
        .unwrap()
        .chain(std::fs::read_dir("policies/lib").unwrap())
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_str().unwrap();
            name.ends_with(".rego") && !name.ends_with("_test.rego")
        })
        .count();
    assert_eq!(rows.len(), files, "{stdout}");
}
