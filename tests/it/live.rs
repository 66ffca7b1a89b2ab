//! The live collector against real AWS APIs served locally by moto (tests/moto/). Each test
//! starts its own moto on a free loopback port, seeds it through the AWS APIs, and runs the
//! `tenet` binary against it (the harness is tests/it/support.rs).
//!
//! These tests are `#[ignore]`d so that a plain `cargo test` lists them as ignored when moto
//! is not installed; `scripts/test.sh` installs it and runs them with `--include-ignored`.

use serde_json::{json, Value};

use crate::support::{
    account, check_snapshot, collect, collect_to, errors, status, tenet_canary, Moto, AS_OF, DEV,
    MANAGEMENT, PAYMENTS, PROD_APP,
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
    // Root facts come from the strongest evidence (policies/lib/root.rego). moto's
    // GetAccountSummary always says AccountMFAEnabled 0 and AccountAccessKeysPresent 0 (it has
    // no root user), so root has no key and no MFA; its report has no <root_account> row, so
    // when root was last used is unknown, and the message says why.
    for id in [MANAGEMENT, PROD_APP, PAYMENTS, DEV] {
        for (rule, expected) in [
            ("root_access_keys", "pass"),
            ("root_mfa", "fail"),
            ("root_hardware_mfa", "fail"),
            ("root_recent_use", "unknown"),
        ] {
            assert_eq!(status(&results, id, rule, ":root"), expected, "{id} {rule}");
        }
    }
    let message = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "root_recent_use")
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

/// GetAccountAuthorizationDetails into `iam`: seed.py gives dev-user an inline policy, a
/// customer managed policy and the group developers, and the role ci-deploy the same policy.
#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn collects_iam_authorization_details() {
    let moto = Moto::start(&[]);
    let manifest = moto.seed("org");
    let seeded = &manifest["iam"][DEV]["authorization"];
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();
    assert!(
        errors(&snapshot, DEV)
            .iter()
            .all(|(stage, _)| stage != "iam"),
        "{:?}",
        errors(&snapshot, DEV)
    );
    let iam = &account(&snapshot, DEV)["iam"];
    let named = |list: &str, name: &str| -> Value {
        iam[list]
            .as_array()
            .unwrap_or_else(|| panic!("iam.{list} in {iam}"))
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} in iam.{list}: {iam}"))
            .clone()
    };
    let policy_arn = seeded["policy_arn"].as_str().unwrap();
    let inline = json!([{"name": "s3-read", "document": seeded["inline"]}]);
    assert_eq!(
        named("users", "dev-user"),
        json!({
            "name": "dev-user", "arn": format!("arn:aws:iam::{DEV}:user/dev-user"), "path": "/",
            "groups": ["developers"], "attached_policies": [policy_arn], "inline_policies": inline,
        })
    );
    assert_eq!(
        named("groups", "developers"),
        json!({
            "name": "developers", "arn": format!("arn:aws:iam::{DEV}:group/developers"), "path": "/",
            "attached_policies": [], "inline_policies": inline,
        })
    );
    assert_eq!(
        named("roles", "ci-deploy"),
        json!({
            "name": "ci-deploy", "arn": seeded["role"], "path": "/ci/",
            "attached_policies": [policy_arn], "inline_policies": [],
        })
    );
    assert_eq!(
        named("policies", "tenet-describe"),
        json!({
            "name": "tenet-describe", "arn": policy_arn, "aws_managed": false,
            "attachment_count": 2, "document": seeded["managed"],
        })
    );
    // Another account's IAM is its own.
    let prod_users: Vec<&Value> = account(&snapshot, PROD_APP)["iam"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["name"])
        .collect();
    assert_eq!(prod_users, ["prod-admin", "prod-oncall", "deploy-bot"]);
}

#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn check_live_collects_then_checks() {
    let moto = Moto::start(&[]);
    moto.seed("org");
    let run = tenet_canary(&[
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
    // The recorded error names the call, as every other does.
    assert!(run.stderr.contains(&format!("tenet: account {PROD_APP}: account not collected: sts:AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/tenet is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{PROD_APP}:role/OrganizationAccountAccessRole\n")), "{}", run.stderr);
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
        "iam:GetCredentialReport: still STARTED after 2 s"
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
    let run = collect_to(&format!("http://127.0.0.1:{port}"), &out, &[]);
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

/// What probing realistic organizations found, against moto (seed.py's `org_edges`): a user's
/// MFA device named like root's, a user name with commas that the credential report does not
/// quote, and a closed account.
#[test]
#[ignore = "needs moto: run scripts/test.sh"]
fn live_collection_copes_with_what_realistic_organizations_hold() {
    let moto = Moto::start(&["--proxy"]);
    let manifest = moto.seed("org_edges");
    let closed = manifest["aliases"]["closed"].as_str().unwrap().to_string();
    let root = manifest["organization"]["root_id"].as_str().unwrap();
    let ou_dev = manifest["aliases"]["ou_dev"].as_str().unwrap();
    // Count (and forward) the roles assumed into the closed account, and into dev-sandbox.
    moto.set_faults(&json!([
        {"action": "AssumeRole", "role_account": closed},
        {"action": "AssumeRole", "role_account": DEV},
    ]));
    let (run, snapshot) = collect(&moto, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let snapshot = snapshot.unwrap();

    // The closed account is kept, with its status and place, and nothing else: no role is
    // assumed in it (it cannot be signed in to), and stderr says it was not checked.
    assert_eq!(moto.hits(), [0, 1]);
    assert_eq!(
        account(&snapshot, &closed),
        &json!({
            "account_id": closed, "name": "retired-sandbox", "is_management": false,
            "status": "SUSPENDED", "parents": [root, ou_dev], "effective_scps": ["p-FullAWSAccess"],
            "credential_report": null, "password_policy": null, "password_policy_state": "unknown",
            "root_virtual_mfa": null, "root_password_present": null, "account_summary": null,
            "iam": null, "errors": []
        })
    );
    assert!(
        run.stderr.contains(&format!(
            "tenet: account {closed}: not checked: its status is SUSPENDED\n"
        )),
        "{}",
        run.stderr
    );
    // Active accounts carry no status.
    assert!(account(&snapshot, DEV).get("status").is_none());

    // payments-core's only virtual MFA device is alice's, named alice-root-account-mfa-device:
    // a user's device, so root's is not virtual (as far as this account's devices tell).
    assert_eq!(account(&snapshot, PAYMENTS)["root_virtual_mfa"], false);

    // dev-sandbox's user `ops,oncall`: moto writes the name and its ARN unquoted, and the row
    // is put back together rather than costing the account its report.
    assert_eq!(errors(&snapshot, DEV), []);
    let users: Vec<(&str, &str)> = account(&snapshot, DEV)["credential_report"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["user"].as_str().unwrap(), u["arn"].as_str().unwrap()))
        .collect();
    assert_eq!(
        users,
        [
            (
                "dev-user",
                format!("arn:aws:iam::{DEV}:user/dev-user").as_str()
            ),
            (
                "ops,oncall",
                format!("arn:aws:iam::{DEV}:user/ops,oncall").as_str()
            ),
        ]
    );

    let results = check_snapshot(&snapshot);
    assert_eq!(
        status(&results, DEV, "user_console_mfa", "user/ops,oncall"),
        "fail"
    );
    assert_eq!(results["summary"]["error"], 0);
    // The closed account is not evaluated, by account rules or organization rules.
    assert!(
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["account"] != closed.as_str()
                && !f["message"].as_str().unwrap().contains(&closed)),
        "{closed} was evaluated"
    );
    assert_eq!(
        results["evidence"]["not_checked"],
        json!([{"account_id": closed, "name": "retired-sandbox", "status": "SUSPENDED",
                "parents": [root, ou_dev]}])
    );
    // Named with --accounts, it is refused like any account that is not active.
    let (run, _) = collect(&moto, &["--accounts", &closed]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("tenet: --accounts names {closed}, which is not an active account of this organization\n")
    );
}
