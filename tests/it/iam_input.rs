//! Offline IAM authorization details: DIR/iam/<account>.json (get-account-authorization-details
//! output) into the snapshot's `iam`.

use serde_json::{json, Value};

use crate::support::{tenet, write};

const ACCOUNT: &str = "123456789012";
const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2019-05-01T10:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

/// The AWS CLI's output, documents decoded as the CLI prints them, except the managed
/// policy's, left URL-encoded as the API sends it.
const DETAILS: &str = r#"{
    "UserDetailList": [{
        "Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLE",
        "Arn": "arn:aws:iam::123456789012:user/alice", "CreateDate": "2024-03-01T12:00:00Z",
        "UserPolicyList": [{"PolicyName": "s3-read",
            "PolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}],
        "GroupList": ["admins"],
        "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
        "Tags": []
    }],
    "GroupDetailList": [{
        "Path": "/", "GroupName": "admins", "GroupId": "AGPAEXAMPLE",
        "Arn": "arn:aws:iam::123456789012:group/admins", "CreateDate": "2024-03-01T12:00:00Z",
        "GroupPolicyList": [],
        "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]
    }],
    "RoleDetailList": [{
        "Path": "/service/", "RoleName": "deploy", "RoleId": "AROAEXAMPLE",
        "Arn": "arn:aws:iam::123456789012:role/service/deploy", "CreateDate": "2024-03-01T12:00:00Z",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
        "InstanceProfileList": [], "RolePolicyList": [],
        "AttachedManagedPolicies": [{"PolicyName": "deploy", "PolicyArn": "arn:aws:iam::123456789012:policy/deploy"}]
    }],
    "Policies": [
        {"PolicyName": "AdministratorAccess", "PolicyId": "ANPAEXAMPLE1",
         "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1",
         "AttachmentCount": 1, "IsAttachable": true,
         "PolicyVersionList": [{"Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
                                "VersionId": "v1", "IsDefaultVersion": true}]},
        {"PolicyName": "deploy", "PolicyId": "ANPAEXAMPLE2",
         "Arn": "arn:aws:iam::123456789012:policy/deploy", "Path": "/", "DefaultVersionId": "v2",
         "AttachmentCount": 1, "IsAttachable": true,
         "PolicyVersionList": [
            {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:*"], "Resource": "*"}]},
             "VersionId": "v2", "IsDefaultVersion": true},
            {"Document": {"Version": "2012-10-17", "Statement": []}, "VersionId": "v1", "IsDefaultVersion": false}
         ]}
    ],
    "IsTruncated": false
}"#;

/// `tenet check DIR --save-snapshot` and the saved snapshot's only account.
fn saved_account(dir: &std::path::Path) -> (crate::support::Run, Value) {
    let snap = dir.join("snap.json");
    let run = tenet(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--save-snapshot",
        snap.to_str().unwrap(),
    ]);
    let snapshot: Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    let accounts = snapshot["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{snapshot}");
    (run, accounts[0].clone())
}

#[test]
fn iam_files_become_the_snapshots_normalized_iam() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &format!("credential-reports/{ACCOUNT}.csv"),
        REPORT,
    );
    write(dir.path(), &format!("iam/{ACCOUNT}.json"), DETAILS);
    let (run, account) = saved_account(dir.path());
    assert_eq!(run.stderr, "", "stdout: {}", run.stdout);
    assert_eq!(account["errors"], json!([]));
    assert_eq!(
        account["iam"],
        json!({
            "users": [{
                "name": "alice", "arn": "arn:aws:iam::123456789012:user/alice", "path": "/",
                "groups": ["admins"],
                "attached_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                "inline_policies": [{"name": "s3-read", "document":
                    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}]
            }],
            "groups": [{
                "name": "admins", "arn": "arn:aws:iam::123456789012:group/admins", "path": "/",
                "attached_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
                "inline_policies": []
            }],
            "roles": [{
                "name": "deploy", "arn": "arn:aws:iam::123456789012:role/service/deploy", "path": "/service/",
                "attached_policies": ["arn:aws:iam::123456789012:policy/deploy"],
                "inline_policies": []
            }],
            "policies": [
                {"name": "AdministratorAccess", "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
                 "aws_managed": true, "attachment_count": 1,
                 "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
                {"name": "deploy", "arn": "arn:aws:iam::123456789012:policy/deploy",
                 "aws_managed": false, "attachment_count": 1,
                 "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:*"], "Resource": "*"}]}}
            ]
        })
    );
}

#[test]
fn without_an_iam_file_iam_is_null() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &format!("credential-reports/{ACCOUNT}.csv"),
        REPORT,
    );
    let (run, account) = saved_account(dir.path());
    assert_eq!(run.stderr, "");
    assert_eq!(account["iam"], Value::Null);
}

#[test]
fn a_bad_iam_file_is_the_accounts_iam_error_located() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &format!("credential-reports/{ACCOUNT}.csv"),
        REPORT,
    );
    let file = write(
        dir.path(),
        &format!("iam/{ACCOUNT}.json"),
        "{\n  \"UserDetailList\": [\n    {\"UserName\": \"alice\",}\n  ]\n}\n",
    );
    let (run, account) = saved_account(dir.path());
    let message = format!("{file}:3:26: invalid JSON: trailing comma");
    // Not fatal: the account is still checked, its iam unknown.
    assert_eq!(account["iam"], Value::Null);
    assert_eq!(
        account["errors"],
        json!([{"stage": "iam", "message": message}])
    );
    assert_eq!(
        run.stderr.trim(),
        format!("tenet: account {ACCOUNT}: iam not collected: {message}")
    );
    let results = run.json();
    assert!(
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] != "error"),
        "{results}"
    );
}

#[test]
fn an_iam_file_naming_no_account_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &format!("credential-reports/{ACCOUNT}.csv"),
        REPORT,
    );
    let stray = write(dir.path(), "iam/999999999999.json", DETAILS);
    let run = tenet(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "tenet: {stray}: names no account of this directory: name the file <account-id>.json after an account with a credential report or in organization.yaml"
        )
    );
}
