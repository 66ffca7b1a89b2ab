//! `tenet check` end to end: real input files in, exact findings out. Every expectation here
//! was worked out by hand from the input written beside it, not copied from tenet's output.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

use crate::support::{tenet, Run, Tenet, AS_OF};

const ACCOUNT: &str = "123456789012";
const ROOT_ARN: &str = "arn:aws:iam::123456789012:root";

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
// Root: MFA on, access key 1 active and used 10 days before AS_OF.
const ROOT: &str = "<root_account>,arn:aws:iam::123456789012:root,2019-05-01T10:00:00+00:00,not_supported,2026-01-03T08:00:00+00:00,not_supported,not_supported,true,true,2019-05-02T10:00:00+00:00,2026-11-10T12:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
const ALICE: &str = "alice,arn:aws:iam::123456789012:user/alice,2024-03-01T12:00:00+00:00,true,2026-11-18T09:00:00+00:00,2026-10-01T12:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
const BOB: &str = "bob,arn:aws:iam::123456789012:user/bob,2025-06-01T12:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-06-01T12:05:00+00:00,2026-11-19T22:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

/// The rules about one account's root user, the subject of most tests here.
const ROOT_RULES: &[&str] = &[
    "root_access_keys",
    "root_hardware_mfa",
    "root_mfa",
    "root_recent_use",
    "root_scp_mfa",
];

/// Rules evaluated once per organization from its data, not from an account's collection.
const ORGANIZATION_RULES: &[&str] = &["org_scp_guardrails", "root_centralized"];

/// Root-rule outcomes for the report above, with no SCP or organization data.
const STANDALONE: &[(&str, &str)] = &[
    ("root_access_keys", "fail"),
    ("root_hardware_mfa", "unknown"), // a credential report cannot tell virtual from hardware MFA
    ("root_mfa", "pass"),
    ("root_recent_use", "fail"), // key 1 used 10 days ago, inside the 30-day window
    ("root_scp_mfa", "unknown"), // no SCP or organization data at all
];

const DENY_ROOT_BOOL_IF_EXISTS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRootWithoutMFA","Effect":"Deny","Action":"*","Resource":"*",
  "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#;
const DENY_ROOT_BOOL: &str = r#"{"Version":"2012-10-17","Statement":{"Sid":"DenyRootWithoutMFA","Effect":"Deny","Action":["*"],"Resource":"*",
  "Condition":{"Bool":{"aws:MultiFactorAuthPresent":false},"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]}}}}"#;

fn csv(lines: &[&str]) -> String {
    lines.join("\n") + "\n"
}

impl Run {
    /// (account, rule, resource, status) of the root rules' results, in output order.
    fn root_outcomes(&self) -> Vec<(String, String, String, String)> {
        self.outcomes()
            .into_iter()
            .filter(|o| ROOT_RULES.contains(&o.1.as_str()))
            .collect()
    }

    /// (account, rule, resource, status) of every result, in output order.
    fn outcomes(&self) -> Vec<(String, String, String, String)> {
        self.json()["results"]
            .as_array()
            .expect("results array")
            .iter()
            .map(|r| {
                let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                (s("account"), s("rule"), s("resource"), s("status"))
            })
            .collect()
    }

    fn message(&self, account: &str, rule: &str) -> String {
        let results = self.json();
        let found = results["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["account"] == account && r["rule"] == rule);
        found
            .map(|r| r["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

fn check_json(input: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        input.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    tenet(&args)
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}

fn expect_standalone(run: &Run) {
    assert_eq!(
        run.code, 1,
        "a critical failure exits 1; stderr: {}",
        run.stderr
    );
    let expected: Vec<_> = STANDALONE
        .iter()
        .map(|(rule, status)| {
            (
                ACCOUNT.to_string(),
                rule.to_string(),
                ROOT_ARN.to_string(),
                status.to_string(),
            )
        })
        .collect();
    assert_eq!(run.root_outcomes(), expected);
}

#[test]
fn csv_report_gives_a_finding_per_root_rule() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "r.csv", csv(&[HEADER, ROOT, ALICE, BOB]));
    let run = check_json(&report, &[]);
    expect_standalone(&run);
    assert_eq!(
        run.message(ACCOUNT, "root_access_keys"),
        "root user has an access key (access_key_1_active = true in the credential report): access key 1 is active, last used 2026-11-10"
    );
    let json = run.json();
    assert_eq!(json["schema"], "tenet.results/v1");
    assert_eq!(json["as_of"], AS_OF);
    // The summary counts every result by status.
    let count = |status: &str| {
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == status)
            .count()
    };
    for status in ["pass", "fail", "unknown", "not_applicable", "error"] {
        assert_eq!(json["summary"][status], count(status), "{status}");
    }
    assert_eq!(count("error"), 0);
    let keys = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "root_access_keys")
        .unwrap();
    assert_eq!(keys["controls"]["cis-aws-6.0"], serde_json::json!(["2.3"]));
    assert_eq!(keys["severity"], "critical");
}

#[test]
fn every_input_form_gives_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(&[HEADER, ROOT, ALICE, BOB]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&text);
    let envelope = format!(
        r#"{{"Content": "{b64}", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-19T23:00:00+00:00"}}"#
    );
    // The file names say nothing about the form: content decides.
    for (name, contents) in [
        ("plain.txt", text.clone()),
        ("blob.txt", b64.clone()),
        (
            "blob-wrapped.txt",
            b64.as_bytes()
                .chunks(76)
                .map(|c| String::from_utf8_lossy(c).into_owned() + "\n")
                .collect(),
        ),
        ("envelope.txt", envelope),
        (
            "bom-crlf.csv",
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        ),
    ] {
        let path = write(dir.path(), name, contents);
        let run = check_json(&path, &[]);
        expect_standalone(&run);
    }
    // --credential-report is the same as a positional report.
    let path = dir.path().join("plain.txt");
    expect_standalone(&tenet(&[
        "check",
        "--credential-report",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]));
}

#[test]
fn reordered_and_extra_columns_are_read_by_name() {
    let rows: Vec<Vec<&str>> = [HEADER, ROOT, ALICE, BOB]
        .iter()
        .map(|l| l.split(',').collect())
        .collect();
    // Reverse the column order and add a column AWS might add one day.
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r: Vec<&str> = r.iter().rev().copied().collect();
            r.push(if i == 0 { "future_column" } else { "whatever" });
            r.join(",")
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.csv", lines.join("\n"));
    expect_standalone(&check_json(&path, &[]));
}

#[test]
fn a_report_without_root_row_makes_root_rules_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.csv", csv(&[HEADER, ALICE, BOB]));
    let run = check_json(&path, &[]);
    assert_eq!(
        run.code, 1,
        "bob's key, rotated 2025-06-01, fails rotation: {}",
        run.stderr
    );
    for (_, rule, resource, status) in run.root_outcomes() {
        assert_eq!(
            (resource.as_str(), status.as_str()),
            (ROOT_ARN, "unknown"),
            "{rule}"
        );
    }
    assert_eq!(run.root_outcomes().len(), 5);
    assert_eq!(
        run.message(ACCOUNT, "root_mfa"),
        "the credential report has no <root_account> row"
    );
}

fn expect_input_error(contents: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.csv", contents);
    let run = check_json(&path, &[]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert!(
        run.stdout.is_empty(),
        "nothing is evaluated from a bad file: {}",
        run.stdout
    );
    let expected = format!("tenet: {}:{expected}\n", path.display());
    assert_eq!(run.stderr, expected);
}

#[test]
fn missing_required_column_is_named() {
    let header = HEADER.replace("mfa_active,", "");
    let row = |r: &str| {
        let mut f: Vec<&str> = r.split(',').collect();
        f.remove(7);
        f.join(",")
    };
    expect_input_error(
        csv(&[&header, &row(ROOT)]).as_bytes(),
        "1: missing required column \"mfa_active\" in the header; is this an IAM credential report?",
    );
}

#[test]
fn truncated_report_names_the_short_line() {
    let text = csv(&[HEADER, ROOT, ALICE, BOB]);
    let cut = &text[..text.len() - 60]; // bob's row loses its last fields
    expect_input_error(
        cut.as_bytes(),
        "4: expected 22 fields as in the header, found 11",
    );
}

#[test]
fn corrupt_base64_is_located() {
    let b64 = base64::engine::general_purpose::STANDARD.encode(csv(&[HEADER, ROOT]));
    let corrupt = format!("{}\n{}!{}", &b64[..76], &b64[76..100], &b64[101..]);
    expect_input_error(
        corrupt.as_bytes(),
        "2:25: invalid base64 in credential report: Invalid symbol 33, offset 100.",
    );
}

#[test]
fn corrupt_json_envelope_is_located() {
    expect_input_error(
        b"{\n  \"Content\": \"dXNlcg==\",\n  \"ReportFormat\": \"text/csv\"\n",
        "4:1: invalid JSON: EOF while parsing an object",
    );
}

#[test]
fn arbitrary_bytes_are_an_error_not_a_panic() {
    for junk in [
        &b""[..],
        b"\x00\xff\xfe garbage",
        b"{",
        b"user,arn\n\"unterminated",
        b"====",
        b"\xEF\xBB\xBF",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "junk", junk);
        let run = check_json(&path, &[]);
        assert_eq!(run.code, 2, "{junk:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("tenet: "),
            "{junk:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn scp_with_bool_if_exists_passes_and_bool_fails() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "r.csv", csv(&[HEADER, ROOT, ALICE]));
    let good = write(dir.path(), "good.json", DENY_ROOT_BOOL_IF_EXISTS);
    let weak = write(dir.path(), "weak.json", DENY_ROOT_BOOL);
    let scp_status = |scp: &Path| {
        let run = tenet(&[
            "check",
            "--credential-report",
            report.to_str().unwrap(),
            "--scp",
            scp.to_str().unwrap(),
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ]);
        (
            run.outcomes()
                .into_iter()
                .find(|o| o.1 == "root_scp_mfa")
                .unwrap()
                .3,
            run.message(ACCOUNT, "root_scp_mfa"),
        )
    };
    let (status, _) = scp_status(&good);
    assert_eq!(status, "pass");
    let (status, message) = scp_status(&weak);
    assert_eq!(status, "fail");
    assert!(
        message.contains("Bool") && message.contains("access keys"),
        "{message}"
    );
}

/// An organization: root r-t → ou-prod → ou-pay, and ou-dev; the deny SCP sits on ou-prod.
fn organization(dir: &Path) {
    write(
        dir,
        "organization.yaml",
        r#"
id: o-test
management_account_id: "100000000000"
root_id: r-t
ous:
  - { id: ou-prod, name: Prod, parent_id: r-t }
  - { id: ou-pay, name: Payments, parent_id: ou-prod }
  - { id: ou-dev, name: Dev, parent_id: r-t }
accounts:
  - { account_id: "100000000000", name: mgmt }
  - { account_id: "200000000000", name: pay, parent_id: ou-pay, root_virtual_mfa: false }
  - { account_id: "300000000000", name: dev, parent_id: ou-dev }
policies:
  - { id: p-full, file: full.json, targets: [r-t] }
  - { id: p-deny, file: deny.json, targets: [ou-prod] }
"#,
    );
    write(
        dir,
        "scps/full.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    write(dir, "scps/deny.json", DENY_ROOT_BOOL_IF_EXISTS);
    for account in ["100000000000", "200000000000", "300000000000"] {
        let report = csv(&[HEADER, ROOT, ALICE]).replace(ACCOUNT, account);
        write(dir, &format!("credential-reports/{account}.csv"), report);
    }
}

#[test]
fn scps_are_inherited_through_ous_and_never_apply_to_management() {
    let dir = tempfile::tempdir().unwrap();
    organization(dir.path());
    let run = check_json(dir.path(), &[]);
    let scp: Vec<(String, String)> = run
        .outcomes()
        .into_iter()
        .filter(|o| o.1 == "root_scp_mfa")
        .map(|o| (o.0, o.3))
        .collect();
    assert_eq!(
        scp,
        [
            ("100000000000".to_string(), "not_applicable".to_string()), // management account
            ("200000000000".to_string(), "pass".to_string()), // inherits p-deny: ou-prod → ou-pay
            ("300000000000".to_string(), "fail".to_string()), // only FullAWSAccess reaches ou-dev
        ]
    );
    assert_eq!(
        run.message("100000000000", "root_scp_mfa"),
        "account 100000000000 is the organization's management account, and SCPs never apply to the management account"
    );
    // root_virtual_mfa from organization.yaml makes hardware MFA decidable for 200000000000 only.
    let hw: Vec<String> = run
        .outcomes()
        .into_iter()
        .filter(|o| o.1 == "root_hardware_mfa")
        .map(|o| o.3)
        .collect();
    assert_eq!(hw, ["unknown", "pass", "unknown"]);
}

#[test]
fn one_unreadable_report_errors_that_account_only() {
    let dir = tempfile::tempdir().unwrap();
    organization(dir.path());
    write(
        dir.path(),
        "credential-reports/300000000000.csv",
        "user,arn\nbroken",
    );
    let run = check_json(dir.path(), &[]);
    assert_eq!(run.code, 2);
    let by_account = |a: &str| -> Vec<String> {
        run.root_outcomes()
            .into_iter()
            .filter(|o| o.0 == a)
            .map(|o| o.3)
            .collect()
    };
    assert_eq!(by_account("300000000000"), ["error"; 5]);
    let others: Vec<String> = run
        .outcomes()
        .into_iter()
        .filter(|o| o.0 == "300000000000" && !ORGANIZATION_RULES.contains(&o.1.as_str()))
        .map(|o| o.3)
        .collect();
    assert!(
        others.iter().all(|s| s == "error"),
        "every rule errors for that account: {others:?}"
    );
    assert_eq!(
        by_account("200000000000"),
        ["fail", "pass", "pass", "fail", "pass"]
    );
    assert!(
        run.stderr
            .contains("account 300000000000: credential_report not collected"),
        "{}",
        run.stderr
    );
}

#[test]
fn snapshot_round_trips_through_save_and_check() {
    let dir = tempfile::tempdir().unwrap();
    organization(dir.path());
    let snap = dir.path().join("snap.json");
    let direct = check_json(dir.path(), &["--save-snapshot", snap.to_str().unwrap()]);
    let saved: Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    assert_eq!(saved["schema"], "tenet.snapshot/v1");
    assert_eq!(
        saved["accounts"][1]["parents"],
        serde_json::json!(["r-t", "ou-prod", "ou-pay"])
    );
    assert_eq!(
        saved["accounts"][1]["effective_scps"],
        serde_json::json!(["p-full", "p-deny"])
    );
    assert_eq!(
        saved["accounts"][1]["credential_report"]["root"]["access_key_1_last_used_date"],
        "2026-11-10T12:00:00Z"
    );
    assert_eq!(
        saved["accounts"][1]["credential_report"]["root"]["password_enabled"],
        Value::Null
    );
    let from_snapshot = check_json(&snap, &[]);
    assert_eq!(from_snapshot.stdout, direct.stdout);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // No root keys, no recent use, but no MFA: only root_mfa (critical) and hardware MFA (high) fail.
    let root = ROOT.replace(
        ",true,true,2019-05-02T10:00:00+00:00,2026-11-10T12:00:00+00:00,us-east-1,iam,",
        ",false,false,N/A,N/A,N/A,N/A,",
    );
    let no_mfa = write(dir.path(), "no-mfa.csv", csv(&[HEADER, &root]));
    let code = |report: &Path, sev: &str| check_json(report, &["--fail-on", sev]).code;
    assert_eq!(code(&no_mfa, "critical"), 1);
    // With MFA on, only hardware MFA is in question, and a plain report leaves it unknown.
    let with_mfa = root.replace(
        ",not_supported,not_supported,false,",
        ",not_supported,not_supported,true,",
    );
    let with_mfa = write(dir.path(), "mfa.csv", csv(&[HEADER, &with_mfa]));
    assert_eq!(code(&with_mfa, "low"), 0);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "r.csv", csv(&[HEADER, ROOT]));
    let out = dir.path().join("out.json");
    let run = check_json(&report, &["-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written["summary"]["fail"], 2);
    // A failing run leaves the previous output as it was.
    let bad = write(dir.path(), "bad.csv", "nonsense");
    assert_eq!(check_json(&bad, &["-o", out.to_str().unwrap()]).code, 2);
    assert_eq!(
        serde_json::from_slice::<Value>(&std::fs::read(&out).unwrap()).unwrap(),
        written
    );
}

#[test]
fn bundled_example_matches_its_hand_derived_expectations() {
    let run = check_json(Path::new("examples/acme"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let statuses: Vec<(String, String, String)> = run
        .root_outcomes()
        .into_iter()
        .map(|o| (o.0, o.1, o.3))
        .collect();
    // From examples/acme/EXPECTED.md.
    let expected = [
        (
            "111111111111",
            ["pass", "pass", "pass", "pass", "not_applicable"],
        ),
        ("222222222222", ["pass", "pass", "pass", "pass", "pass"]),
        ("333333333333", ["fail", "pass", "pass", "fail", "pass"]),
        ("444444444444", ["pass", "fail", "pass", "pass", "pass"]),
        ("555555555555", ["pass", "fail", "fail", "fail", "fail"]),
        ("666666666666", ["pass", "unknown", "pass", "pass", "fail"]),
    ];
    let rules = [
        "root_access_keys",
        "root_hardware_mfa",
        "root_mfa",
        "root_recent_use",
        "root_scp_mfa",
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .flat_map(|(account, statuses)| {
            rules
                .iter()
                .zip(statuses)
                .map(|(rule, s)| (account.to_string(), rule.to_string(), s.to_string()))
        })
        .collect();
    assert_eq!(statuses, expected);
}

/// tests/data/users: a credential report whose user-rule outcomes were worked out by hand in
/// EXPECTED.json (each branch of the five user rules, both sides of each threshold).
#[test]
fn user_rules_match_hand_derived_expectations() {
    let run = check_json(Path::new("tests/data/users/123456789012.csv"), &[]);
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string("tests/data/users/EXPECTED.json").unwrap())
            .unwrap();
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().into(),
                e["resource"].as_str().unwrap().into(),
                e["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    let actual: Vec<(String, String, String)> = run
        .outcomes()
        .into_iter()
        .filter(|o| o.1.starts_with("user_") && !IAM_POLICY_RULES.contains(&&*o.1))
        .map(|o| (o.1, o.2, o.3))
        .collect();
    assert_eq!(actual, expected);
}

/// The rules that read IAM authorization details, which these fixtures do not have (every one
/// of them is unknown there); their own tests are in policies/aws and tests/it/iam_input.rs.
const IAM_POLICY_RULES: [&str; 4] = [
    "cloudshell_full_access",
    "no_full_admin_policies",
    "support_role",
    "user_policies_via_groups",
];

/// tests/data/org-rules: an organization with centralized root access, password policies of
/// every kind and SCP guardrails; every finding of the root, password and organization rules
/// worked out by hand in EXPECTED.json.
#[test]
fn organization_and_password_rules_match_hand_derived_expectations() {
    let run = check_json(Path::new("tests/data/org-rules"), &[]);
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string("tests/data/org-rules/EXPECTED.json").unwrap(),
    )
    .unwrap();
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("account"), s("rule"), s("resource"), s("status"))
        })
        .collect();
    let actual: Vec<_> = run
        .outcomes()
        .into_iter()
        .filter(|o| !o.1.starts_with("user_") && !IAM_POLICY_RULES.contains(&&*o.1))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn rule_titles_state_the_thresholds_the_config_sets() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "rotation_days: 45\nunused_days: 30\n").unwrap();
    let run = Tenet::check("examples/acme")
        .as_of(AS_OF)
        .format("json")
        .args(["--config", config.to_str().unwrap()])
        .run();
    let titles: std::collections::BTreeMap<String, String> = run.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("rule"), s("title"))
        })
        .collect();
    assert_eq!(
        titles["user_key_rotation"],
        "IAM user access keys are rotated every 45 days or less"
    );
    assert_eq!(
        titles["user_unused_credentials"],
        "IAM user credentials unused for 30 days or more are disabled"
    );
    // Not overridden: the default from policies/config.yaml.
    assert_eq!(
        titles["password_policy_length"],
        "Password policy requires passwords of 14 or more characters"
    );
}

/// Root findings of `dir` as (account, rule, status), the root rules and root_centralized.
fn root_verdicts(dir: &str) -> Vec<(String, String, String)> {
    let run = check_json(Path::new(dir), &[]);
    assert!(run.code == 1, "stderr: {}", run.stderr);
    run.outcomes()
        .into_iter()
        .filter(|o| o.1.starts_with("root_") && o.1 != "root_scp_mfa")
        .map(|(account, rule, _, status)| (account, rule, status))
        .collect()
}

/// The same verdicts, in whatever order.
fn assert_same_verdicts(
    mut found: Vec<(String, String, String)>,
    mut expected: Vec<(String, String, String)>,
) {
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

fn verdicts(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(a, r, s)| (a.to_string(), r.to_string(), s.to_string()))
        .collect()
}

/// tests/data/root-evidence/centralized: an organization with centralized root access
/// (root credentials management on, root sessions off) whose member accounts' credential
/// reports all "look" credential-less in some way. Worked out from the files and
/// tests/data/root-evidence/EXPECTED.md.
#[test]
fn root_rules_follow_the_strongest_evidence_under_centralized_root_access() {
    let expected = verdicts(&[
        // Management account: never exempt; summary MFA 1, no key.
        ("100000000001", "root_access_keys", "pass"),
        ("100000000001", "root_hardware_mfa", "unknown"),
        ("100000000001", "root_mfa", "pass"),
        ("100000000001", "root_recent_use", "pass"),
        // CIS 2.1.1 audits root credentials management; root sessions off still passes.
        ("100000000001", "root_centralized", "pass"),
        // An inactive key, used last week: it exists and it was used.
        ("200000000002", "root_access_keys", "fail"),
        ("200000000002", "root_hardware_mfa", "fail"),
        ("200000000002", "root_mfa", "fail"),
        ("200000000002", "root_recent_use", "fail"),
        // GetAccountSummary says root has a password and no MFA: fail, exemption or not.
        ("300000000003", "root_access_keys", "pass"),
        ("300000000003", "root_hardware_mfa", "fail"),
        ("300000000003", "root_mfa", "fail"),
        ("300000000003", "root_recent_use", "pass"),
        // Password used 5 days ago, deleted since: exempt, except the recorded use.
        ("400000000004", "root_access_keys", "not_applicable"),
        ("400000000004", "root_hardware_mfa", "not_applicable"),
        ("400000000004", "root_mfa", "not_applicable"),
        ("400000000004", "root_recent_use", "fail"),
        // Never had a credential: exempt everywhere.
        ("500000000005", "root_access_keys", "not_applicable"),
        ("500000000005", "root_hardware_mfa", "not_applicable"),
        ("500000000005", "root_mfa", "not_applicable"),
        ("500000000005", "root_recent_use", "not_applicable"),
    ]);
    assert_same_verdicts(
        root_verdicts("tests/data/root-evidence/centralized"),
        expected,
    );
}

/// tests/data/root-evidence/standalone: accounts outside any organization, two with
/// account summaries read from account-summaries/<account>.json.
#[test]
fn root_rules_read_account_summaries_offline() {
    let expected = verdicts(&[
        // No password and no key (AccountPasswordPresent 0): nothing for MFA to protect.
        ("600000000006", "root_access_keys", "pass"),
        ("600000000006", "root_hardware_mfa", "pass"),
        ("600000000006", "root_mfa", "pass"),
        ("600000000006", "root_recent_use", "pass"),
        // Summary: password, no MFA, a key (the report shows key 2, inactive).
        ("700000000007", "root_access_keys", "fail"),
        ("700000000007", "root_hardware_mfa", "fail"),
        ("700000000007", "root_mfa", "fail"),
        ("700000000007", "root_recent_use", "pass"),
        // No summary: the report's inactive key 1 still exists.
        ("800000000008", "root_access_keys", "fail"),
        ("800000000008", "root_hardware_mfa", "unknown"),
        ("800000000008", "root_mfa", "pass"),
        ("800000000008", "root_recent_use", "pass"),
        ("", "root_centralized", "unknown"),
    ]);
    assert_same_verdicts(
        root_verdicts("tests/data/root-evidence/standalone"),
        expected,
    );
    let run = check_json(Path::new("tests/data/root-evidence/standalone"), &[]);
    assert_eq!(
        run.message("600000000006", "root_mfa"),
        "root user has no console password (AccountPasswordPresent = 0 in GetAccountSummary) and no access key \
         (AccountAccessKeysPresent = 0 in GetAccountSummary): no root credential for MFA to protect"
    );
    assert_eq!(
        run.message("800000000008", "root_access_keys"),
        "root user has an access key (access_key_1_active = false in the credential report): access key 1 is inactive \
         but still exists (created 2023-03-01, never used), and an inactive key can be made active again: delete it"
    );
}

#[test]
fn account_summary_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "credential-reports/123456789012.csv",
        csv(&[HEADER, ROOT, ALICE]),
    );
    let summary = write(
        dir.path(),
        "account-summaries/123456789012.json",
        r#"{"SummaryMap": {"AccountMFAEnabled": "yes"}}"#,
    );
    // Like an unreadable password policy: the account's collection error, said on stderr,
    // and the root rules fall back to the credential report.
    let run = check_json(dir.path(), &[]);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "tenet: account 123456789012: account_summary not collected: {}: SummaryMap.AccountMFAEnabled: expected a whole number, found \"yes\"",
            summary.display()
        )
    );
    assert_eq!(
        run.message(ACCOUNT, "root_mfa"),
        "root user has MFA active (mfa_active = true in the credential report)"
    );
    // A summary for an account the directory does not have is refused, naming the file.
    std::fs::remove_file(&summary).unwrap();
    let stray = write(
        dir.path(),
        "account-summaries/999999999999.json",
        r#"{"SummaryMap": {}}"#,
    );
    let run = check_json(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "tenet: {}: names no account of this directory: name the file <account-id>.json after an account with a credential report or in organization.yaml",
            stray.display()
        )
    );
}

/// (account, status) of one rule's findings in `dir`.
fn rule_verdicts(dir: &str, rule: &str) -> Vec<(String, String)> {
    check_json(Path::new(dir), &[])
        .outcomes()
        .into_iter()
        .filter(|o| o.1 == rule)
        .map(|(account, _, _, status)| (account, status))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, s)| (a.to_string(), s.to_string()))
        .collect()
}

/// tests/data/scp-classes/all-features: one SCP file per OU, each a statement shape from AWS's
/// condition-operator and SCP documentation (see the OU names).
#[test]
fn root_scp_mfa_applies_iam_condition_semantics_to_scp_files() {
    assert_eq!(
        rule_verdicts("tests/data/scp-classes/all-features", "root_scp_mfa"),
        pairs(&[
            ("100000000000", "not_applicable"),
            // NotAction iam:*: root without MFA could still create an administrator.
            ("200000000001", "fail"),
            // Bool "false" denies the console request, Null "true" the access-key request.
            ("200000000002", "pass"),
            // In StringLike [0-9] is literal, so the statement never names a root ARN.
            ("200000000003", "fail"),
            // NotAction exactly AWS's MFA self-service actions.
            ("200000000004", "pass"),
        ])
    );
    let run = check_json(Path::new("tests/data/scp-classes/all-features"), &[]);
    assert!(
        run.message("200000000001", "root_scp_mfa").starts_with(
            "SCP notaction-iam-star (p-notaction-iam-star), statement DenyRootWithoutMFA exempts iam:* from its deny"
        ),
        "{}",
        run.message("200000000001", "root_scp_mfa")
    );
}

/// The same organization with consolidated billing only: no SCP is in effect, so neither SCP
/// rule may pass.
#[test]
fn scp_rules_never_pass_without_all_features() {
    let dir = "tests/data/scp-classes/billing-only";
    assert_eq!(
        rule_verdicts(dir, "root_scp_mfa"),
        pairs(&[
            ("100000000000", "not_applicable"),
            ("200000000001", "fail"),
            ("200000000002", "fail"),
            ("200000000003", "fail"),
            ("200000000004", "fail"),
        ])
    );
    assert_eq!(
        rule_verdicts(dir, "org_scp_guardrails"),
        pairs(&[("100000000000", "fail")])
    );
}
