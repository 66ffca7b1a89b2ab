//! The bad-input corpus, `tests/data/bad/`: every file (or organization directory) there is
//! something a user or an attacker could hand tenet, and each must give exactly its one-line
//! error on stderr, exit 2, print nothing on stdout and never panic. The expected lines were
//! written by hand from the files: truncations at every interesting point, wrong delimiters,
//! duplicate headers and root rows, non-UTF-8 and UTF-16, dates in other formats, `Statement`
//! of the wrong type, deeply nested JSON and YAML, a YAML alias bomb, empty files. A 200 MB
//! report is made by its test in a temporary directory rather than committed.

use std::path::Path;

use crate::support::{Run, AS_OF};

/// How a corpus entry is handed to `tenet check`.
#[derive(Clone, Copy, Debug)]
enum As {
    /// `--credential-report FILE`
    Report,
    /// `--credential-report <good report> --scp FILE`
    Scp,
    /// `check FILE` (a snapshot) or `check DIR` (an organization directory)
    Input,
    /// `--credential-report <good report> --config FILE`
    Config,
}

const BAD: &str = "tests/data/bad";

/// Every entry under tests/data/bad, how it is read, and the line tenet must print.
const CASES: &[(&str, As, &str)] = &[
    // Credential report: CSV.
    ("report-empty.csv", As::Report, "tests/data/bad/report-empty.csv: empty credential report"),
    ("report-blank-lines.csv", As::Report, "tests/data/bad/report-blank-lines.csv: empty credential report"),
    ("report-header-only.csv", As::Report, "tests/data/bad/report-header-only.csv: the report has no rows, so it names no account"),
    // Cut after 60 bytes: "password_last_u" is all that is left of the fifth column.
    ("report-truncated-in-header.csv", As::Report, "tests/data/bad/report-truncated-in-header.csv:1: missing required column \"password_last_used\" in the header; is this an IAM credential report?"),
    // alice's row stops after "2026-1", her fifth field.
    ("report-truncated-mid-row.csv", As::Report, "tests/data/bad/report-truncated-mid-row.csv:3: expected 22 fields as in the header, found 5"),
    // The last two bytes ("A\n") are gone: bob's last field reads "N/".
    ("report-truncated-mid-value.csv", As::Report, "tests/data/bad/report-truncated-mid-value.csv:4:22: column 22 (cert_2_last_rotated): expected an RFC 3339 timestamp like 2026-11-17T10:20:30+00:00, found \"N/\""),
    // A quote opened before "alice" never closes: the rest of the file is one field.
    ("report-unterminated-quote.csv", As::Report, "tests/data/bad/report-unterminated-quote.csv:3: expected 22 fields as in the header, found 1"),
    ("report-semicolons.csv", As::Report, "tests/data/bad/report-semicolons.csv:1: the header's fields are separated by semicolons; a credential report is comma-separated"),
    ("report-tabs.csv", As::Report, "tests/data/bad/report-tabs.csv:1: the header's fields are separated by tabs; a credential report is comma-separated"),
    ("report-duplicate-header.csv", As::Report, "tests/data/bad/report-duplicate-header.csv:1: column \"mfa_active\" appears twice in the header (fields 8 and 23)"),
    ("report-duplicate-root.csv", As::Report, "tests/data/bad/report-duplicate-root.csv:4: a second <root_account> row"),
    ("report-date-without-zone.csv", As::Report, "tests/data/bad/report-date-without-zone.csv:3:3: column 3 (user_creation_time): expected an RFC 3339 timestamp like 2026-11-17T10:20:30+00:00, found \"2021-04-07T09:00:00\""),
    ("report-date-us-format.csv", As::Report, "tests/data/bad/report-date-us-format.csv:3:10: column 10 (access_key_1_last_rotated): expected an RFC 3339 timestamp like 2026-11-17T10:20:30+00:00, found \"08/21/2026 12:00\""),
    ("report-date-epoch.csv", As::Report, "tests/data/bad/report-date-epoch.csv:2:5: column 5 (password_last_used): expected an RFC 3339 timestamp like 2026-11-17T10:20:30+00:00, found \"1772611200\""),
    ("report-boolean-yes.csv", As::Report, "tests/data/bad/report-boolean-yes.csv:3:4: column 4 (password_enabled): expected true or false, found \"yes\""),
    // "renée" written in Latin-1: a lone 0xE9 byte.
    ("report-latin1-user.csv", As::Report, "tests/data/bad/report-latin1-user.csv:3:1: column 1 (user): not valid UTF-8"),
    ("report-utf16.csv", As::Report, "tests/data/bad/report-utf16.csv: the file is UTF-16; AWS writes credential reports in UTF-8, so save it as UTF-8"),
    ("report-empty-user.csv", As::Report, "tests/data/bad/report-empty-user.csv:3:1: column 1 (user): empty"),
    ("report-two-accounts.csv", As::Report, "tests/data/bad/report-two-accounts.csv: rows name two accounts, 123456789012 and 210987654321; one report covers one account"),
    ("report-arn-not-iam.csv", As::Report, "tests/data/bad/report-arn-not-iam.csv: user \"alice\" has ARN \"arn:aws:s3:::alice\", which names no IAM account"),
    // Credential report: base64 blob. Lines of 76; the 11th character of line 3 is a '*',
    // the 163rd base64 character (offset 162).
    ("report-bad-base64.b64", As::Report, "tests/data/bad/report-bad-base64.b64:3:11: invalid base64 in credential report: Invalid symbol 42, offset 162."),
    ("report-truncated-base64.b64", As::Report, "tests/data/bad/report-truncated-base64.b64:1:201: invalid base64 in credential report: Invalid input length: 201"),
    ("report-base64-not-csv.b64", As::Report, "tests/data/bad/report-base64-not-csv.b64: line 1 of the decoded report: missing required column \"user\" in the header; is this an IAM credential report?"),
    // Credential report: the AWS CLI's JSON envelope.
    ("envelope-truncated.json", As::Report, "tests/data/bad/envelope-truncated.json:2:1427: invalid JSON: EOF while parsing a string"),
    ("envelope-content-number.json", As::Report, "tests/data/bad/envelope-content-number.json:2:17: invalid type: integer `42`, expected a string"),
    ("envelope-no-content.json", As::Report, "tests/data/bad/envelope-no-content.json:4:1: missing field `Content`"),
    // Content decodes to a report whose third line says "yes" in password_enabled: the
    // position inside the decoded report goes in the message, the file's is Content's line.
    ("envelope-bad-row.json", As::Report, "tests/data/bad/envelope-bad-row.json:2: line 3, column 4 of the decoded report: column 4 (password_enabled): expected true or false, found \"yes\""),
    ("envelope-html-format.json", As::Report, "tests/data/bad/envelope-html-format.json:3: ReportFormat is \"text/html\"; only \"text/csv\" credential reports exist"),
    ("envelope-generated-time-local.json", As::Report, "tests/data/bad/envelope-generated-time-local.json:4: GeneratedTime \"2026-11-19 23:00:00\" is not an RFC 3339 timestamp"),
    // SCPs.
    ("scp-empty.json", As::Scp, "tests/data/bad/scp-empty.json:1:1: invalid JSON: EOF while parsing a value"),
    ("scp-truncated.json", As::Scp, "tests/data/bad/scp-truncated.json:4:43: invalid JSON: EOF while parsing a string"),
    ("scp-trailing-comma.json", As::Scp, "tests/data/bad/scp-trailing-comma.json:5:3: invalid JSON: trailing comma"),
    ("scp-statement-string.json", As::Scp, "tests/data/bad/scp-statement-string.json: Statement: expected an object or an array of objects, found a string"),
    ("scp-statement-null.json", As::Scp, "tests/data/bad/scp-statement-null.json: Statement: expected an object or an array of objects, found null"),
    ("scp-statement-item-array.json", As::Scp, "tests/data/bad/scp-statement-item-array.json: Statement[1]: expected an object, found an array"),
    ("scp-action-number.json", As::Scp, "tests/data/bad/scp-action-number.json: Statement[0].Action: expected a string or an array of strings, found a number"),
    ("scp-effect-lowercase.json", As::Scp, "tests/data/bad/scp-effect-lowercase.json: Statement[0].Effect: expected \"Allow\" or \"Deny\", found \"deny\""),
    ("scp-condition-nested.json", As::Scp, "tests/data/bad/scp-condition-nested.json: Statement[0].Condition.Bool.aws:MultiFactorAuthPresent: expected a string, boolean or number, found an object"),
    // AWS Organizations rejects an SCP with a principal element; it is never evaluated.
    ("scp-principal.json", As::Scp, "tests/data/bad/scp-principal.json: Statement[1].Principal: an SCP cannot contain Principal or NotPrincipal (Sid \"DenyRootWithoutMFA\"); AWS Organizations rejects such a policy"),
    ("scp-array.json", As::Scp, "tests/data/bad/scp-array.json: a policy document must be a JSON object"),
    // 200 nested arrays as the Principal: serde_json stops at depth 128, the 129th '['.
    ("scp-deeply-nested.json", As::Scp, "tests/data/bad/scp-deeply-nested.json:1:229: invalid JSON: recursion limit exceeded"),
    ("scp-latin1.json", As::Scp, "tests/data/bad/scp-latin1.json:1:51: invalid JSON: invalid unicode code point"),
    ("scp-describe-policy-bad-content.json", As::Scp, "tests/data/bad/scp-describe-policy-bad-content.json: Policy.Content: invalid JSON at line 1 column 41: expected value"),
    ("scp-describe-policy-content-object.json", As::Scp, "tests/data/bad/scp-describe-policy-content-object.json: Policy.Content: expected the policy document as a JSON string"),
    // Snapshots.
    ("snapshot-wrong-schema.json", As::Input, "tests/data/bad/snapshot-wrong-schema.json: schema is \"tenet.snapshot/v2\"; this tenet reads \"tenet.snapshot/v1\""),
    ("snapshot-collected-at-date-only.json", As::Input, "tests/data/bad/snapshot-collected-at-date-only.json: collected_at \"2026-11-20\" is not an RFC 3339 timestamp"),
    ("snapshot-duplicate-account.json", As::Input, "tests/data/bad/snapshot-duplicate-account.json: account 123456789012 appears twice"),
    // A second collected_at after the accounts: which one would they have been evaluated at?
    ("snapshot-duplicate-collected-at.json", As::Input, "tests/data/bad/snapshot-duplicate-collected-at.json:6:17: duplicate field `collected_at`"),
    ("snapshot-accounts-object.json", As::Input, "tests/data/bad/snapshot-accounts-object.json:5:15: invalid type: map, expected an array of accounts"),
    ("snapshot-boolean-as-string.json", As::Input, "tests/data/bad/snapshot-boolean-as-string.json:13:30: invalid type: string \"true\", expected a boolean"),
    // A time a rule could not parse: refused where it is, not blamed on every user rule.
    ("snapshot-date-not-rfc3339.json", As::Input, "tests/data/bad/snapshot-date-not-rfc3339.json:21:11: access_key_1_last_rotated \"11/03/2026 09:00\" is not an RFC 3339 time like 2026-11-20T00:00:00Z"),
    ("snapshot-scp-principal.json", As::Input, "tests/data/bad/snapshot-scp-principal.json:14:178: Statement[0].NotPrincipal: an SCP cannot contain Principal or NotPrincipal; AWS Organizations rejects such a policy"),
    ("snapshot-truncated.json", As::Input, "tests/data/bad/snapshot-truncated.json:6:1: invalid JSON: EOF while parsing a list"),
    // 1,000 nested objects as an SCP's Principal, inside the snapshot.
    ("snapshot-deeply-nested.json", As::Input, "tests/data/bad/snapshot-deeply-nested.json:2:1103: invalid JSON: recursion limit exceeded"),
    // Organization directories.
    ("org-unknown-key", As::Input, "tests/data/bad/org-unknown-key/organization.yaml:4:1: invalid organization.yaml: unknown field `acounts`, expected one of `id`, `management_account_id`, `feature_set`, `scp_enabled`, `root_credentials_management`, `root_sessions`, `root_id`, `ous`, `accounts`, `policies`"),
    ("org-tab-indented", As::Input, "tests/data/bad/org-tab-indented/organization.yaml:5:1: invalid organization.yaml: found character that cannot start any token, while scanning for the next token"),
    // "crème" in Latin-1: the lone 0xE8 byte is the 44th character of line 5.
    ("org-latin1", As::Input, "tests/data/bad/org-latin1/organization.yaml:5:44: not valid UTF-8"),
    ("org-account-id-number", As::Input, "tests/data/bad/org-account-id-number/organization.yaml: account_id \"1e3\" is not a 12-digit AWS account id"),
    ("org-duplicate-account", As::Input, "tests/data/bad/org-duplicate-account/organization.yaml: account 123456789012 listed twice"),
    ("org-ou-cycle", As::Input, "tests/data/bad/org-ou-cycle/organization.yaml: account 123456789012: the OU tree has a cycle through ou-b"),
    ("org-unknown-parent", As::Input, "tests/data/bad/org-unknown-parent/organization.yaml: account 222222222222: ou-prd is neither an OU of the organization nor its root (r-example)"),
    ("org-missing-scp-file", As::Input, "tests/data/bad/org-missing-scp-file/organization.yaml: policy file scps/deny-root.json does not exist"),
    ("org-report-for-another-account", As::Input, "tests/data/bad/org-report-for-another-account/credential-reports/111111111111.csv: file is named for account 111111111111 but its ARNs name 123456789012"),
    // Threshold configuration (--config).
    ("config-list.yaml", As::Config, "tests/data/bad/config-list.yaml: config must be a mapping of names to values"),
    ("config-unclosed.yaml", As::Config, "tests/data/bad/config-unclosed.yaml:2:12: invalid config YAML: did not find expected ',' or ']', while parsing a flow sequence at line 1 column 16"),
    // Nine levels of nine aliases would expand to 9^9 strings.
    ("config-billion-laughs.yaml", As::Config, "tests/data/bad/config-billion-laughs.yaml: invalid config YAML: repetition limit exceeded"),
    ("config-deeply-nested.yaml", As::Config, "tests/data/bad/config-deeply-nested.yaml:1:143: invalid config YAML: recursion limit exceeded"),
];

/// A report every parser accepts, for the cases that need one beside the bad file.
const GOOD_REPORT: &str = "tests/data/users/123456789012.csv";

/// tenet with `args`, as of a fixed time.
fn tenet(args: &[&str]) -> Run {
    let mut args = args.to_vec();
    args.extend(["--as-of", AS_OF]);
    crate::support::tenet(&args)
}

fn run_case(name: &str, how: As) -> Run {
    let path = format!("{BAD}/{name}");
    match how {
        As::Report => tenet(&["check", "--credential-report", &path]),
        As::Scp => tenet(&["check", "--credential-report", GOOD_REPORT, "--scp", &path]),
        As::Input => tenet(&["check", &path]),
        As::Config => tenet(&[
            "check",
            "--credential-report",
            GOOD_REPORT,
            "--config",
            &path,
        ]),
    }
}

#[test]
fn every_corpus_file_gives_exactly_its_error() {
    let mut wrong = Vec::new();
    for (name, how, expected) in CASES {
        let run = run_case(name, *how);
        let want = format!("tenet: {expected}\n");
        if run.code != 2 || !run.stdout.is_empty() || run.stderr != want {
            wrong.push(format!(
                "{name} ({how:?}): exit {:?}\n  stderr: {:?}\n  wanted: {want:?}\n  stdout: {} bytes",
                run.code,
                run.stderr,
                run.stdout.len()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_corpus_file_has_an_expectation() {
    let mut names: Vec<String> = std::fs::read_dir(BAD)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = CASES.iter().map(|(n, _, _)| n.to_string()).collect();
    expected.push("org-one-bad-report".into()); // its own test below
    expected.sort();
    assert_eq!(names, expected);
    assert!(names.len() >= 25);
}

#[test]
fn one_bad_report_in_a_directory_errors_that_account_only() {
    let run = tenet(&[
        "check",
        &format!("{BAD}/org-one-bad-report"),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let why = "tests/data/bad/org-one-bad-report/credential-reports/210987654321.csv:3: expected 22 fields as in the header, found 5";
    assert_eq!(
        run.stderr,
        format!("tenet: account 210987654321: credential_report not collected: {why}\n")
    );
    let results: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let of = |account: &str| -> Vec<(String, String)> {
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["account"] == account && r["rule"] == "root_mfa")
            .map(|r| {
                let s = |k: &str| r[k].as_str().unwrap().to_string();
                (s("status"), s("message"))
            })
            .collect()
    };
    assert_eq!(
        of("210987654321"),
        [(
            "error".to_string(),
            format!("not evaluated: credential_report could not be collected: {why}")
        )]
    );
    // The other account's report is the good one: root has MFA.
    assert_eq!(
        of("123456789012"),
        [(
            "pass".to_string(),
            "root user has MFA active (mfa_active = true in the credential report)".to_string()
        )]
    );
}

/// A header and rows of one account (users without credentials, 190 bytes each) until the
/// file has `rows` rows, or `bytes` bytes, whichever comes first.
fn write_report(path: &Path, rows: usize, bytes: usize) {
    use std::io::Write;
    let header = std::fs::read_to_string(GOOD_REPORT)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "{header}").unwrap();
    let mut written = header.len() + 1;
    for n in 0..rows {
        if written >= bytes {
            break;
        }
        let row = format!("user{n:07},arn:aws:iam::123456789012:user/user{n:07},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        out.write_all(row.as_bytes()).unwrap();
        written += row.len();
    }
    out.flush().unwrap();
}

#[test]
fn a_200_mb_report_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    write_report(&path, usize::MAX, 200 << 20);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!((200 << 20..201 << 20).contains(&size), "{size}");
    let run = tenet(&["check", "--credential-report", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "tenet: {}: 200 MiB is too large for a credential report (at most 64 MiB; IAM's 5,000 users make under 8 MiB)\n",
            path.display()
        )
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_report_as_large_as_iam_allows_is_read() {
    // 5,000 users, IAM's limit: about 1 MB, far below the size limit.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("123456789012.csv");
    write_report(&path, 5_000, usize::MAX);
    let run = tenet(&[
        "check",
        "--credential-report",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // No root row and no user with a credential: nothing can fail.
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let console_mfa = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == "user_console_mfa")
        .count();
    assert_eq!(console_mfa, 5_000);
}

#[test]
fn nesting_in_a_field_tenet_ignores_is_skipped_without_recursion() {
    // serde_json skips an unknown field's value without recursing, so even a million levels
    // cost no stack: the envelope reads as the report it carries.
    use base64::Engine as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("envelope.json");
    let content =
        base64::engine::general_purpose::STANDARD.encode(std::fs::read(GOOD_REPORT).unwrap());
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    std::fs::write(
        &path,
        format!(
            "{{\"Extra\": {deep}, \"ReportFormat\": \"text/csv\", \"Content\": \"{content}\"}}"
        ),
    )
    .unwrap();
    let with_nesting = tenet(&[
        "check",
        "--credential-report",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let plain = tenet(&[
        "check",
        "--credential-report",
        GOOD_REPORT,
        "--format",
        "json",
    ]);
    assert_eq!(with_nesting.code, 1, "{}", with_nesting.stderr);
    assert_eq!(with_nesting.stdout, plain.stdout);
}
