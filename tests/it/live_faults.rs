//! The live collector when AWS misbehaves, against moto behind its fault proxy
//! (tests/moto/faults.py): throttling it recovers from and throttling it does not, the
//! endpoint dropping connections or going away mid-run, AccessDenied in one account, and
//! malformed answers. In every case tenet finishes (each run has a deadline, see
//! tests/it/support.rs), retries a bounded number of times (the proxy counts the requests),
//! keeps what it collected, and says which accounts and calls failed. And no run, at any
//! verbosity, prints or writes the credentials it was given.
//!
//! `#[ignore]`d like tests/it/live.rs: `scripts/test.sh` installs moto and runs them.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{
    account, check_snapshot, collect, collect_to, errors, read_snapshot, status, tenet_canary,
    Moto, Run, AS_OF, DEV, MANAGEMENT, ORG_ACCOUNTS, PAYMENTS, PROD_APP, SESSION_TOKEN,
};

/// What the collector's retry configuration allows per call (src/collect/aws/mod.rs).
const ATTEMPTS: u64 = 5;

/// moto has no ListOrganizationsFeatures: every run against it records this, and goes on.
fn features_line() -> String {
    format!("tenet: account {MANAGEMENT}: organization_features not collected: iam:ListOrganizationsFeatures: HTTP 500 without an AWS error code")
}

/// An IAM/STS error answer as AWS writes it.
fn iam_error(status: u16, code: &str, message: &str) -> Value {
    json!({
        "status": status,
        "content_type": "text/xml",
        "body": format!("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{{request_id}}</RequestId></ErrorResponse>"),
    })
}

fn rule(action: &str, answer: Value) -> Value {
    let mut rule = answer;
    rule["action"] = json!(action);
    rule
}

/// stderr's lines, sorted, to compare with an expected set.
fn lines(run: &Run) -> Vec<String> {
    let mut lines: Vec<String> = run.stderr.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// stderr's lines but the last, "tenet: collected N accounts into FILE".
fn without_summary_line(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("tenet: collected "))
        .map(str::to_string)
        .collect()
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

fn users(snapshot: &Value, id: &str) -> usize {
    account(snapshot, id)["credential_report"]["users"]
        .as_array()
        .map_or(0, Vec::len)
}

/// Waits until the proxy has answered (or is holding) a request for the first rule.
fn wait_for_first_hit(moto: &Moto) {
    let start = Instant::now();
    while moto.hits()[0] == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "tenet never made the call"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn collect_in_background(endpoint: &str, out: &Path) -> std::thread::JoinHandle<Run> {
    let args = [
        "collect".to_string(),
        "--endpoint-url".to_string(),
        endpoint.to_string(),
        "-o".to_string(),
        out.display().to_string(),
    ];
    std::thread::spawn(move || tenet_canary(&args.iter().map(String::as_str).collect::<Vec<_>>()))
}

/// No `.tenet-*` temporary file is left beside an output.
fn no_temp_files(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tenet-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn throttling_within_the_retry_budget_is_retried_until_it_succeeds() {
    // The first two GetAccountSummary and ListAccounts calls are throttled.
    let moto = Moto::start(&["--faults", "tests/moto/faults/throttle-twice.json"]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [2, 2]);
    let snapshot = snapshot.unwrap();
    for id in ORG_ACCOUNTS {
        assert!(
            account(&snapshot, id)["account_summary"].is_object(),
            "{id}"
        );
    }
    assert_eq!(
        ORG_ACCOUNTS.map(|id| users(&snapshot, id)),
        [5, 3, 1, 1],
        "every account's report, as seeded"
    );
    assert_eq!(
        without_summary_line(&run),
        [features_line()],
        "nothing but what moto never has"
    );

    // Three in a row: one more than the SDK's default of three attempts allows, within tenet's five.
    let throttle_thrice: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/moto/faults/throttle.json").unwrap())
            .unwrap();
    moto.set_faults(&throttle_thrice);
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [3, 3]);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        snapshot["accounts"].as_array().unwrap().len(),
        4,
        "ListAccounts succeeded on its fourth attempt"
    );
    assert_eq!(
        errors(&snapshot, MANAGEMENT).len(),
        1,
        "only organization_features"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn throttling_beyond_the_retry_budget_is_recorded_for_each_account_and_call() {
    let moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    moto.set_faults(&json!([rule(
        "GetAccountSummary",
        iam_error(400, "Throttling", "Rate exceeded")
    )]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let run = collect_to(&moto.endpoint, &out, &[]);
    // Bounded: five attempts in each of the four accounts, then the call is given up.
    assert_eq!(moto.hits(), [4 * ATTEMPTS]);
    // An account summary is not needed to evaluate an account: recorded, exit 0.
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected = vec![
        features_line(),
        format!("tenet: collected 4 accounts into {}", out.display()),
    ];
    for id in ORG_ACCOUNTS {
        expected.push(format!("tenet: account {id}: account_summary not collected: iam:GetAccountSummary: Throttling: Rate exceeded"));
    }
    assert_eq!(lines(&run), sorted(expected));
    let snapshot = read_snapshot(&out).unwrap();
    for id in ORG_ACCOUNTS {
        assert_eq!(account(&snapshot, id)["account_summary"], Value::Null);
        assert!(errors(&snapshot, id).contains(&(
            "account_summary".to_string(),
            "iam:GetAccountSummary: Throttling: Rate exceeded".to_string()
        )));
    }
    assert_eq!(ORG_ACCOUNTS.map(|id| users(&snapshot, id)), [5, 3, 1, 1]);

    // Without ListAccounts there is no organization to collect: nothing is written, and the
    // snapshot from the run before is left as it was.
    let previous = std::fs::read(&out).unwrap();
    moto.set_faults(&json!([rule(
        "ListAccounts",
        json!({"status": 400, "content_type": "application/x-amz-json-1.1", "body": "{\"__type\": \"TooManyRequestsException\", \"Message\": \"Try again later.\"}"})
    )]));
    let run = collect_to(&moto.endpoint, &out, &[]);
    assert_eq!(moto.hits(), [ATTEMPTS]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tenet: cannot read the organization (ListAccounts): TooManyRequestsException: Try again later.\n"
    );
    assert_eq!(std::fs::read(&out).unwrap(), previous);
    no_temp_files(dir.path());
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn organization_features_not_enabled_are_known_to_be_off_and_their_errors_are_never_lost() {
    // IAM's trusted access is off: centralized root access cannot be on. That is an answer,
    // not an error: both features false, nothing recorded, and root_centralized fails.
    let moto = Moto::start(&[
        "--faults",
        "tests/moto/faults/org-features-not-enabled.json",
    ]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        snapshot["organization"]["root_credentials_management"],
        false
    );
    assert_eq!(snapshot["organization"]["root_sessions"], false);
    assert_eq!(errors(&snapshot, MANAGEMENT), []);
    assert_eq!(without_summary_line(&run), Vec::<String>::new());
    let results = check_snapshot(&snapshot);
    assert_eq!(status(&results, MANAGEMENT, "root_centralized", ""), "fail");

    // Any other failure stays unknown and is recorded on the account it was asked from; when
    // --accounts leaves that account out, it is still said.
    moto.set_faults(&json!([]));
    let (run, snapshot) = collect(&moto, &["--accounts", DEV]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        snapshot.unwrap()["organization"]["root_credentials_management"],
        Value::Null
    );
    assert_eq!(
        without_summary_line(&run),
        ["tenet: organization: organization_features not collected: iam:ListOrganizationsFeatures: HTTP 500 without an AWS error code"]
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn a_report_regenerated_between_generate_and_get_is_generated_again() {
    // GetCredentialReport answers ReportInProgress (another caller started a new report after
    // ours completed), then ReportExpired: tenet generates again each time and gets the report.
    let mut in_progress = rule(
        "GetCredentialReport",
        iam_error(410, "ReportInProgress", "Report generation in progress."),
    );
    in_progress["times"] = json!(1);
    let mut expired = rule(
        "GetCredentialReport",
        iam_error(410, "ReportExpired", "The report has expired."),
    );
    expired["times"] = json!(1);
    let faults = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(faults.path(), json!([in_progress, expired]).to_string()).unwrap();
    let moto = Moto::start(&["--faults", faults.path().to_str().unwrap()]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [1, 1]);
    let snapshot = snapshot.unwrap();
    assert_eq!(ORG_ACCOUNTS.map(|id| users(&snapshot, id)), [5, 3, 1, 1]);
    assert_eq!(without_summary_line(&run), [features_line()]);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn dropped_connections_are_retried_a_bounded_number_of_times() {
    let moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    moto.set_faults(&json!([{"action": "ListVirtualMFADevices", "close": true}]));
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(moto.hits(), [4 * ATTEMPTS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    let message = "iam:ListVirtualMFADevices: dispatch failure: other: client error (SendRequest): connection closed before message completed";
    for id in ORG_ACCOUNTS {
        assert_eq!(account(&snapshot, id)["root_virtual_mfa"], Value::Null);
        assert!(
            run.stderr.contains(&format!(
                "tenet: account {id}: mfa_devices not collected: {message}\n"
            )),
            "{}",
            run.stderr
        );
    }
    // Unknown, so the rule that needs it says so, and never passes. (moto's account summary
    // says root has no MFA at all, which decides the rule without the devices: say it has.)
    let mut snapshot = snapshot;
    let dev = snapshot["accounts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["account_id"] == DEV)
        .unwrap();
    dev["account_summary"]["account_mfa_enabled"] = json!(1);
    let results = check_snapshot(&snapshot);
    assert_eq!(
        status(&results, DEV, "root_hardware_mfa", ":root"),
        "unknown"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn the_endpoint_going_away_while_the_organization_is_read_leaves_the_previous_snapshot() {
    let mut moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    // ListAccounts is held (then forwarded) so that the endpoint can go while tenet waits.
    moto.set_faults(&json!([{"action": "ListAccounts", "delay_seconds": 60}]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    std::fs::write(&out, b"the previous snapshot").unwrap();
    let running = collect_in_background(&moto.endpoint, &out);
    wait_for_first_hit(&moto);
    moto.kill();
    let run = running.join().unwrap();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tenet: cannot read the organization (ListAccounts): dispatch failure: io error: client error (Connect): tcp connect error: Connection refused (os error 111)\n"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous snapshot");
    no_temp_files(dir.path());
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn the_endpoint_going_away_while_accounts_are_read_keeps_the_organization_and_names_every_failure()
{
    let mut moto = Moto::start(&["--proxy"]);
    let manifest = moto.seed("org");
    moto.set_faults(&json!([{"action": "GenerateCredentialReport", "delay_seconds": 60}]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let running = collect_in_background(&moto.endpoint, &out);
    wait_for_first_hit(&moto);
    moto.kill();
    let run = running.join().unwrap();
    assert_eq!(run.code, 2, "{}", run.stderr);
    let snapshot = read_snapshot(&out).expect("what was collected is written");

    // The organization was read before the endpoint went: all of it is there.
    assert_eq!(
        snapshot["organization"]["id"],
        manifest["organization"]["id"]
    );
    assert_eq!(snapshot["accounts"].as_array().unwrap().len(), 4);
    // Every account lost its report (or, if it had not got that far, its role), and stderr
    // names each account, stage and call that failed, exactly as recorded.
    let mut expected = vec![format!(
        "tenet: collected 4 accounts into {}; 4 could not be collected",
        out.display()
    )];
    for id in ORG_ACCOUNTS {
        let errors = errors(&snapshot, id);
        let fatal = errors
            .iter()
            .find(|(stage, _)| stage == "account" || stage == "credential_report")
            .unwrap_or_else(|| panic!("{id}: {errors:?}"));
        assert!(
            fatal
                .1
                .starts_with("iam:GenerateCredentialReport: dispatch failure")
                || fatal.1.starts_with("sts:AssumeRole: dispatch failure"),
            "{id}: {fatal:?}"
        );
        for (stage, message) in &errors {
            assert!(
                message.contains("dispatch failure") || stage == "organization_features",
                "{id}: {stage}: {message}"
            );
            expected.push(format!(
                "tenet: account {id}: {stage} not collected: {message}"
            ));
        }
    }
    assert_eq!(lines(&run), sorted(expected));
    let results = check_snapshot(&snapshot);
    for id in ORG_ACCOUNTS {
        assert_eq!(status(&results, id, "root_mfa", ":root"), "error");
    }
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn access_denied_in_one_account_leaves_the_others_complete() {
    let moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    let denied = format!("User: arn:aws:sts::{PROD_APP}:assumed-role/OrganizationAccountAccessRole/tenet-collect is not authorized to perform: iam:GenerateCredentialReport");
    let mut answer = rule(
        "GenerateCredentialReport",
        iam_error(403, "AccessDenied", &denied),
    );
    answer["caller_account"] = json!(PROD_APP);
    moto.set_faults(&json!([answer]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let run = collect_to(&moto.endpoint, &out, &[]);
    // Not a throttle or a server error: AccessDenied is not retried.
    assert_eq!(moto.hits(), [1]);
    assert_eq!(run.code, 2, "a lost account exits 2");
    assert_eq!(
        lines(&run),
        sorted(vec![
            features_line(),
            format!("tenet: account {PROD_APP}: credential_report not collected: iam:GenerateCredentialReport: AccessDenied: {denied}"),
            format!("tenet: collected 4 accounts into {}; 1 could not be collected", out.display()),
        ])
    );
    let snapshot = read_snapshot(&out).unwrap();
    assert_eq!(
        account(&snapshot, PROD_APP)["credential_report"],
        Value::Null
    );
    // The other calls in that account still ran.
    assert_eq!(
        account(&snapshot, PROD_APP)["password_policy_state"],
        "none"
    );
    assert_eq!(
        [MANAGEMENT, PAYMENTS, DEV].map(|id| users(&snapshot, id)),
        [5, 1, 1]
    );
    let results = check_snapshot(&snapshot);
    assert_eq!(status(&results, PROD_APP, "root_mfa", ":root"), "error");
    assert_eq!(
        status(&results, DEV, "user_console_mfa", "user/dev-user"),
        "fail"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn malformed_answers_are_recorded_in_the_account_and_nothing_panics() {
    // GetAccountSummary answers 200 with truncated XML.
    let moto = Moto::start(&["--faults", "tests/moto/faults/malformed.json"]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &[]);
    // A malformed answer is not transient: not retried.
    assert_eq!(moto.hits(), [4]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    let message =
        "iam:GetAccountSummary: malformed response (HTTP 200): error parsing XML: missing value map entry";
    for id in ORG_ACCOUNTS {
        assert!(
            errors(&snapshot, id).contains(&("account_summary".to_string(), message.to_string()))
        );
        assert_eq!(account(&snapshot, id)["account_summary"], Value::Null);
    }
    assert_eq!(ORG_ACCOUNTS.map(|id| users(&snapshot, id)), [5, 3, 1, 1]);

    // Credential reports that are not base64, or whose CSV is wrong, in two accounts.
    let report = |content: &str| json!({"status": 200, "content_type": "text/xml", "body": format!("<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult><Content>{content}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-19T23:00:00Z</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>{{request_id}}</RequestId></ResponseMetadata></GetCredentialReportResponse>")});
    use base64::Engine as _;
    let csv = format!("{}\n<root_account>,arn:aws:iam::{DEV}:root,2019-02-11T10:20:30+00:00,not_supported,2026-03-04T08:00:00+00:00,not_supported,not_supported,yes,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", std::fs::read_to_string("tests/data/users/123456789012.csv").unwrap().lines().next().unwrap());
    let mut not_base64 = rule("GetCredentialReport", report("not*base64!"));
    not_base64["caller_account"] = json!(PAYMENTS);
    let mut bad_row = rule(
        "GetCredentialReport",
        report(&base64::engine::general_purpose::STANDARD.encode(csv)),
    );
    bad_row["caller_account"] = json!(DEV);
    moto.set_faults(&json!([not_base64, bad_row]));
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(moto.hits(), [1, 1]);
    assert_eq!(run.code, 2);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        errors(&snapshot, PAYMENTS),
        [(
            "credential_report".to_string(),
            "iam:GetCredentialReport: malformed response (HTTP 200): error parsing XML: invalid base64: DecodeError(\"Base64Error\")".to_string()
        )]
    );
    assert_eq!(
        errors(&snapshot, DEV),
        [(
            "credential_report".to_string(),
            "iam:GetCredentialReport: line 2: column 8 (mfa_active): expected true or false, found \"yes\"".to_string()
        )]
    );
    assert_eq!(
        [MANAGEMENT, PROD_APP].map(|id| users(&snapshot, id)),
        [5, 3]
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn credentials_never_reach_output_or_the_snapshot_at_any_verbosity() {
    let moto = Moto::start(&["--proxy"]);
    let manifest = moto.seed("org");
    let user_names: Vec<String> = manifest["iam"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|a| a["users"].as_array().unwrap().clone())
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert!(user_names.len() >= 10, "{user_names:?}");
    // tenet() and read_snapshot() check every output for the canary key id, secret and session
    // token, and for anything shaped like the keys moto hands out for assumed roles.
    for verbosity in [&[][..], &["-v"], &["-vv"]] {
        let (run, snapshot) = collect(&moto, verbosity);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(snapshot.unwrap()["accounts"].as_array().unwrap().len(), 4);
        if !verbosity.is_empty() {
            // Not vacuous: the log has a line per call, assumed-role calls included.
            assert!(
                run.stderr
                    .contains(&format!("tenet: {PROD_APP}: sts:AssumeRole: ok")),
                "{}",
                run.stderr
            );
            assert!(
                run.stderr
                    .contains(&format!("tenet: {DEV}: iam:GetCredentialReport: ok")),
                "{}",
                run.stderr
            );
        }
        // The log says which calls ran, never what the credential report holds.
        for name in &user_names {
            assert!(!run.stderr.contains(name.as_str()), "{name} in the log");
        }

        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("saved.json");
        let mut args = vec![
            "check",
            "--live",
            "--endpoint-url",
            &moto.endpoint,
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--save-snapshot",
            saved.to_str().unwrap(),
        ];
        args.extend_from_slice(verbosity);
        let run = tenet_canary(&args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        read_snapshot(&saved).unwrap();
        for name in &user_names {
            assert!(!run.stderr.contains(name.as_str()), "{name} in the log");
        }
    }

    // AWS's SignatureDoesNotMatch goes on to quote the canonical request it expected, session
    // token and all: tenet keeps the first line.
    let first = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    let echo = format!("{first}\n\nThe Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nx-amz-security-token:{SESSION_TOKEN}\n\ncontent-type;host;x-amz-date;x-amz-security-token\n'\n\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIATENETCANARY00001/20261120/us-east-1/iam/aws4_request");
    moto.set_faults(&json!([rule(
        "GetAccountSummary",
        iam_error(403, "SignatureDoesNotMatch", &echo)
    )]));
    let (run, snapshot) = collect(&moto, &["-vv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    assert!(errors(&snapshot, DEV).contains(&(
        "account_summary".to_string(),
        format!("iam:GetAccountSummary: SignatureDoesNotMatch: {first}")
    )));
}

/// An IAM answer (`<{action}Response>` with its result) as AWS writes it.
fn iam_answer(action: &str, result: &str) -> Value {
    json!({
        "status": 200,
        "content_type": "text/xml",
        "body": format!("<{action}Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{{request_id}}</RequestId></ResponseMetadata></{action}Response>"),
    })
}

/// `answer` only for calls made with the role assumed in `account`.
fn in_account(mut answer: Value, action: &str, account: &str) -> Value {
    answer["action"] = json!(action);
    answer["caller_account"] = json!(account);
    answer
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn live_root_virtual_mfa_is_decided_by_the_assigned_user_arn_never_the_device_name() {
    // moto cannot assign a device to root (EnableMFADevice takes an IAM user), so these are
    // recorded answers: in prod-app, a user's device named root-account-mfa-device (the name
    // the console once gave root's device); in dev-sandbox, root's own device, under another
    // name, assigned to arn:aws:iam::ACCOUNT:root (root's User has no UserName).
    let device = |serial: &str, user: &str| {
        format!("<member><SerialNumber>{serial}</SerialNumber>{user}<EnableDate>2024-05-01T08:00:00Z</EnableDate></member>")
    };
    let devices = |members: String| {
        iam_answer(
            "ListVirtualMFADevices",
            &format!(
                "<IsTruncated>false</IsTruncated><VirtualMFADevices>{members}</VirtualMFADevices>"
            ),
        )
    };
    let breakglass = format!("<User><Path>/</Path><UserName>breakglass</UserName><UserId>AIDAEXAMPLEBREAKGLASS</UserId><Arn>arn:aws:iam::{PROD_APP}:user/breakglass</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate></User>");
    let root = format!("<User><Path>/</Path><UserId>{DEV}</UserId><Arn>arn:aws:iam::{DEV}:root</Arn><CreateDate>2019-02-11T10:20:30Z</CreateDate></User>");
    let moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    moto.set_faults(&json!([
        in_account(
            devices(device(
                &format!("arn:aws:iam::{PROD_APP}:mfa/root-account-mfa-device"),
                &breakglass
            )),
            "ListVirtualMFADevices",
            PROD_APP
        ),
        in_account(
            devices(device(&format!("arn:aws:iam::{DEV}:mfa/ceo-phone"), &root)),
            "ListVirtualMFADevices",
            DEV
        ),
    ]));
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [1, 1]);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        ORG_ACCOUNTS.map(|id| account(&snapshot, id)["root_virtual_mfa"].clone()),
        [json!(false), json!(false), json!(false), json!(true)],
        "management, prod-app (a user's device named like root's), payments, dev (root's own)"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn live_an_account_the_ou_walk_does_not_place_is_an_error_and_its_scps_are_unknown() {
    // ListAccounts answers one account more than the walk found under the root and the OUs
    // (it moved, or joined, while the tree was walked): a recorded answer, the seeded accounts
    // as moto lists them plus 222233334444.
    const MOVED: &str = "222233334444";
    let moto = Moto::start(&["--proxy"]);
    let manifest = moto.seed("org");
    let mut listed: Vec<Value> = manifest["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({"Id": a["id"], "Arn": a["arn"], "Email": a["email"], "Name": a["name"], "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600.0}))
        .collect();
    listed.push(json!({"Id": MOVED, "Arn": format!("arn:aws:organizations::{MANAGEMENT}:account/o-x/{MOVED}"), "Email": "moved@example.com", "Name": "moved-mid-walk", "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": "INVITED", "JoinedTimestamp": 1767225600.0}));
    moto.set_faults(&json!([{
        "action": "ListAccounts",
        "status": 200,
        "content_type": "application/x-amz-json-1.1",
        "body": json!({"Accounts": listed}).to_string(),
    }]));
    let (run, snapshot) = collect(&moto, &[]);
    // Not fatal: the account's own checks still run.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [1]);
    let snapshot = snapshot.unwrap();
    let message = format!("organizations:ListAccountsForParent: account {MOVED} was not found under the root or any OU (moved while the tree was walked?); its SCPs are unknown");
    assert_eq!(
        errors(&snapshot, MOVED),
        [("organization".to_string(), message.clone())]
    );
    assert!(
        run.stderr.contains(&format!(
            "tenet: account {MOVED}: organization not collected: {message}\n"
        )),
        "{}",
        run.stderr
    );
    let moved = account(&snapshot, MOVED);
    assert_eq!(moved["name"], "moved-mid-walk");
    assert_eq!(moved["parents"], json!([]), "not put under the root");
    assert_eq!(moved["effective_scps"], json!([]), "not the root's SCPs");
    assert_eq!(users(&snapshot, MOVED), 0, "its credential report was read");
    // The accounts the walk placed keep their place.
    assert_eq!(
        account(&snapshot, DEV)["effective_scps"],
        json!(["p-FullAWSAccess"])
    );
    assert_eq!(errors(&snapshot, DEV), []);

    let results = check_snapshot(&snapshot);
    assert_eq!(status(&results, MOVED, "root_scp_mfa", ":root"), "unknown");
    assert_eq!(status(&results, MOVED, "org_scp_guardrails", ""), "unknown");
    // Its own checks ran: it has no password policy.
    assert_eq!(
        status(&results, MOVED, "password_policy_length", ":root"),
        "fail"
    );
    assert_eq!(status(&results, DEV, "root_scp_mfa", ":root"), "fail");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn live_root_password_present_comes_from_the_account_summary() {
    // moto's GetAccountSummary has no AccountPasswordPresent: recorded answers give it, 1 in
    // prod-app and 0 in dev-sandbox; payments-core's summary cannot be read.
    let summary = |present: u8| {
        iam_answer(
            "GetAccountSummary",
            &format!("<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountPasswordPresent</key><value>{present}</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry></SummaryMap>"),
        )
    };
    let moto = Moto::start(&["--proxy"]);
    moto.seed("org");
    moto.set_faults(&json!([
        in_account(summary(1), "GetAccountSummary", PROD_APP),
        in_account(summary(0), "GetAccountSummary", DEV),
        in_account(
            iam_error(
                403,
                "AccessDenied",
                "not authorized to perform: iam:GetAccountSummary"
            ),
            "GetAccountSummary",
            PAYMENTS
        ),
    ]));
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(moto.hits(), [1, 1, 1]);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        ORG_ACCOUNTS.map(|id| account(&snapshot, id)["root_password_present"].clone()),
        [Value::Null, json!(true), Value::Null, json!(false)],
        "management (no AccountPasswordPresent in moto's summary), prod-app, payments (no summary), dev"
    );
    assert_eq!(
        account(&snapshot, PROD_APP)["account_summary"]["account_password_present"],
        1
    );
    assert_eq!(account(&snapshot, PAYMENTS)["account_summary"], Value::Null);
}
