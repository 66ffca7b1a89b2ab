//! The live collector against real AWS APIs served locally by moto (tests/moto/). Each test
//! starts its own moto on a free loopback port, seeds it through the AWS APIs, and runs the
//! `tenet` binary against it (the harness is tests/common/mod.rs).
//!
//! These tests are `#[ignore]`d so that a plain `cargo test` lists them as ignored when moto
//! is not installed; `scripts/test.sh` installs it and runs them with `--include-ignored`.

mod common;

use serde_json::Value;

use common::{
    account, check_snapshot, collect, status, tenet, Moto, AS_OF, DEV, MANAGEMENT, PAYMENTS,
    PROD_APP,
};

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn collects_the_seeded_organization() {
    let moto = Moto::start(&[]);
    let manifest = moto.seed("org");
    let (run, snapshot) = collect(&moto, &["-vv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();

    // The organization as seeded (ids from the manifest).
    let org = &snapshot["organization"];
    assert_eq!(org["id"], manifest["organization"]["id"]);
    assert_eq!(org["management_account_id"], MANAGEMENT);
    assert_eq!(org["scp_enabled"], true);
    let ou = |alias: &str| manifest["aliases"][alias].as_str().unwrap().to_string();
    let root = manifest["organization"]["root_id"]
        .as_str()
        .unwrap()
        .to_string();
    let ids: Vec<&str> = snapshot["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    for id in [MANAGEMENT, PROD_APP, PAYMENTS, DEV] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert_eq!(
        account(&snapshot, PAYMENTS)["parents"],
        serde_json::json!([root, ou("ou_prod"), ou("ou_payments")])
    );
    let deny_id = manifest["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "DenyRootWithoutMFA")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        account(&snapshot, PAYMENTS)["effective_scps"],
        serde_json::json!(["p-FullAWSAccess", deny_id])
    );
    assert_eq!(
        account(&snapshot, DEV)["effective_scps"],
        serde_json::json!(["p-FullAWSAccess"])
    );
    assert_eq!(account(&snapshot, MANAGEMENT)["is_management"], true);

    // Per-account IAM data.
    let users = |id: &str| {
        account(&snapshot, id)["credential_report"]["users"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(
        (
            users(MANAGEMENT),
            users(PROD_APP),
            users(PAYMENTS),
            users(DEV)
        ),
        (5, 3, 1, 1)
    );
    assert_eq!(
        account(&snapshot, MANAGEMENT)["password_policy_state"],
        "set"
    );
    assert_eq!(
        account(&snapshot, MANAGEMENT)["password_policy"]["minimum_password_length"],
        14
    );
    assert_eq!(account(&snapshot, DEV)["password_policy_state"], "none");
    assert_eq!(account(&snapshot, DEV)["root_virtual_mfa"], false);
    // moto does not implement ListOrganizationsFeatures: left unknown, recorded, not fatal.
    assert_eq!(org["root_credentials_management"], Value::Null);
    let errors = account(&snapshot, MANAGEMENT)["errors"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["stage"], "organization_features");
    assert!(
        run.stderr.contains("iam:ListOrganizationsFeatures"),
        "-v logs each call: {}",
        run.stderr
    );

    let results = check_snapshot(&snapshot);
    // moto's credential report has no <root_account> row: root rules say unknown, and why.
    for id in [MANAGEMENT, PROD_APP, PAYMENTS, DEV] {
        for rule in [
            "root_access_keys",
            "root_mfa",
            "root_hardware_mfa",
            "root_recent_use",
        ] {
            assert_eq!(
                status(&results, id, rule, ":root"),
                "unknown",
                "{id} {rule}"
            );
        }
    }
    let message = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "root_mfa")
        .unwrap()["message"]
        .clone();
    assert_eq!(message, "the credential report has no <root_account> row");
    // The deny-root-without-MFA SCP sits on Prod, inherited by Payments.
    assert_eq!(
        status(&results, MANAGEMENT, "root_scp_mfa", ":root"),
        "not_applicable"
    );
    assert_eq!(status(&results, PROD_APP, "root_scp_mfa", ":root"), "pass");
    assert_eq!(status(&results, PAYMENTS, "root_scp_mfa", ":root"), "pass");
    assert_eq!(status(&results, DEV, "root_scp_mfa", ":root"), "fail");
    // Users as seeded: console password with or without MFA; one or two active keys.
    let console_mfa = [
        (MANAGEMENT, "user/alice", "pass"),
        (MANAGEMENT, "user/bob", "fail"),
        (MANAGEMENT, "user/carol", "not_applicable"),
        (MANAGEMENT, "user/erin", "pass"),
        (PROD_APP, "user/prod-admin", "fail"),
        (PROD_APP, "user/prod-oncall", "pass"),
        (DEV, "user/dev-user", "fail"),
    ];
    for (id, user, expected) in console_mfa {
        assert_eq!(
            status(&results, id, "user_console_mfa", user),
            expected,
            "{id} {user}"
        );
    }
    for (id, user, expected) in [
        (MANAGEMENT, "user/bob", "fail"),
        (MANAGEMENT, "user/erin", "pass"),
        (PROD_APP, "user/deploy-bot", "fail"),
        (PAYMENTS, "user/pay-ci", "pass"),
    ] {
        assert_eq!(
            status(&results, id, "user_single_active_key", user),
            expected,
            "{id} {user}"
        );
    }
    assert_eq!(
        status(&results, MANAGEMENT, "password_policy_length", ":root"),
        "pass"
    );
    assert_eq!(
        status(&results, DEV, "password_policy_length", ":root"),
        "fail"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn check_live_collects_then_checks() {
    let moto = Moto::start(&[]);
    moto.seed("org");
    let run = tenet(&[
        "check",
        "--live",
        "--endpoint-url",
        &moto.endpoint,
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1, "failing findings exit 1: {}", run.stderr);
    let results: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(status(&results, DEV, "root_scp_mfa", ":root"), "fail");
    assert_eq!(results["summary"]["error"], 0);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn a_single_account_outside_any_organization() {
    let moto = Moto::start(&[]);
    moto.seed("single");
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    assert_eq!(snapshot["organization"], Value::Null);
    assert_eq!(snapshot["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(snapshot["accounts"][0]["account_id"], MANAGEMENT);
    assert_eq!(
        snapshot["accounts"][0]["credential_report"]["users"]
            .as_array()
            .unwrap()
            .len(),
        50
    );
    let results = check_snapshot(&snapshot);
    assert_eq!(
        status(&results, MANAGEMENT, "root_scp_mfa", ":root"),
        "unknown"
    );
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn access_denied_in_one_account_errors_only_that_account() {
    let moto = Moto::start(&["--deny-assume-role", PROD_APP]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 2, "a lost account exits 2: {}", run.stderr);
    assert!(run.stderr.contains(&format!("account {PROD_APP}: account not collected: cannot assume arn:aws:iam::{PROD_APP}:role/OrganizationAccountAccessRole: AccessDenied")), "{}", run.stderr);
    let snapshot = snapshot.expect("the snapshot is written with what could be collected");
    assert_eq!(
        account(&snapshot, PROD_APP)["errors"][0]["stage"],
        "account"
    );
    assert_eq!(
        account(&snapshot, DEV)["credential_report"]["users"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let results = check_snapshot(&snapshot);
    assert_eq!(status(&results, PROD_APP, "root_mfa", ":root"), "error");
    assert_eq!(
        status(&results, DEV, "user_console_mfa", "user/dev-user"),
        "fail"
    );

    let (run, _) = collect(&moto, &["--allow-partial"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn a_report_stuck_in_progress_times_out_as_an_account_error() {
    let moto = Moto::start(&["--faults", "tests/moto/faults/report-stuck.json"]);
    moto.seed("org");
    let (run, snapshot) = collect(&moto, &["--report-timeout", "2", "--accounts", DEV]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    assert_eq!(
        snapshot["accounts"].as_array().unwrap().len(),
        1,
        "--accounts limits the collection"
    );
    let errors = &account(&snapshot, DEV)["errors"];
    assert_eq!(errors[0]["stage"], "credential_report");
    assert_eq!(
        errors[0]["message"],
        "the credential report was still being generated after 2s (state STARTED)"
    );
    // The other calls still ran.
    assert_eq!(account(&snapshot, DEV)["password_policy_state"], "none");
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn an_unreachable_endpoint_is_a_clear_error_not_a_hang() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snap.json");
    let run = tenet(&[
        "collect",
        "--endpoint-url",
        &format!("http://127.0.0.1:{port}"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("tenet: cannot authenticate to AWS: dispatch failure"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Connection refused"), "{}", run.stderr);
    assert!(
        !out.exists(),
        "no snapshot is written when nothing was collected"
    );
}
