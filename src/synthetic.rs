//! A synthetic organization for benchmarks and tests: a deterministic `tenet.snapshot/v1`
//! with the account and user mix measured across 1,143 real AWS accounts.
//!
//! Rates per account: root used in the last 7 days 3.1%, root access keys 4.3%, no root MFA
//! 9.7%, and of the rest, root MFA not hardware 8.2%. Users: 70% with a console password (of
//! those 80% with MFA); 60% with one active key, 10% with two; keys fresh or stale; a few
//! unused. SCPs are attached at the root (FullAWSAccess), at OUs (a deny-root-without-MFA
//! policy on half of them) and on some accounts directly. All dates are relative to
//! 2026-11-20, the snapshot's `collected_at`.
//!
//! IAM authorization details (`iam`), drawn from a generator of their own per account so the
//! rest of the organization stays what it was for a seed: every user in a `developers` group
//! (ReadOnlyAccess), 5% of users with a policy attached directly, a `support` role with
//! AWSSupportAccess in 90% of accounts, an administrator role (AdministratorAccess) in 30%,
//! AWSCloudShellFullAccess on the group in 5%.

use std::io::Write;

use serde_json::json;

struct Args {
    accounts: usize,
    users: usize,
}

/// SplitMix64: tiny, fast and the same on every platform and version, so a seed always gives
/// the same organization.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const AS_OF_DAYS: i64 = 20_777; // 2026-11-20 as days since 1970-01-01

/// `days` days before the as-of date, at a time of day taken from the generator.
fn ts(rng: &mut Rng, days: i64) -> String {
    let secs = (AS_OF_DAYS - days) * 86_400 - 1 - rng.below(86_000) as i64;
    chrono::DateTime::from_timestamp(secs, 0)
        .expect("in range")
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Between `from` and `from + span - 1` days before the as-of date.
fn ts_within(rng: &mut Rng, from: i64, span: u64) -> String {
    let days = from + rng.below(span) as i64;
    ts(rng, days)
}

fn account_id(i: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + i as u64)
}

/// Writes a snapshot of `accounts` accounts with `users` IAM users each, the same for the same
/// `seed`. Accounts are written one by one; nothing but the current account is held in memory.
pub fn write_snapshot(
    out: &mut impl Write,
    accounts: usize,
    users: usize,
    seed: u64,
) -> std::io::Result<()> {
    let rng = &mut Rng(seed);
    let args = Args { accounts, users };
    let ous = (args.accounts / 50).clamp(1, 200);
    let management = account_id(0);
    let mut policies = vec![json!({
        "id": "p-FullAWSAccess", "name": "FullAWSAccess", "aws_managed": true,
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]},
        "targets": ["r-gen0"],
    })];
    let deny_ous: Vec<String> = (0..ous)
        .filter(|o| o % 2 == 0)
        .map(|o| format!("ou-gen0-{o:08}"))
        .collect();
    policies.push(json!({
        "id": "p-denyrootnomfa", "name": "DenyRootWithoutMFA", "aws_managed": false,
        "document": {"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyRootWithoutMFA", "Effect": "Deny", "Action": ["*"], "Resource": ["*"],
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]},
                          "ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}}]},
        "targets": deny_ous,
    }));
    let direct: Vec<String> = (1..args.accounts)
        .filter(|i| i % 17 == 0)
        .map(account_id)
        .collect();
    policies.push(json!({
        "id": "p-denyleaveorg", "name": "DenyLeaveOrganization", "aws_managed": false,
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["organizations:LeaveOrganization"], "Resource": ["*"]}]},
        "targets": direct,
    }));
    let organization = json!({
        "id": "o-gen0000000", "management_account_id": management, "feature_set": "ALL",
        "scp_enabled": true, "root_credentials_management": false, "root_sessions": false,
        "policies": policies,
        "ous": (0..ous).map(|o| json!({"id": format!("ou-gen0-{o:08}"), "name": format!("OU {o}"), "parent_id": "r-gen0"})).collect::<Vec<_>>(),
    });
    write!(
        out,
        "{{\"schema\":\"tenet.snapshot/v1\",\"collected_at\":\"2026-11-20T00:00:00Z\",\"organization\":{organization},\"accounts\":["
    )?;
    for i in 0..args.accounts {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let ou = format!("ou-gen0-{:08}", i % ous);
        let mut scps = vec!["p-FullAWSAccess".to_string()];
        if i > 0 && (i % ous).is_multiple_of(2) {
            scps.push("p-denyrootnomfa".into());
        }
        if i > 0 && i % 17 == 0 {
            scps.push("p-denyleaveorg".into());
        }
        let account = json!({
            "account_id": account_id(i), "name": format!("account-{i}"), "is_management": i == 0,
            "parents": if i == 0 { json!(["r-gen0"]) } else { json!(["r-gen0", ou]) },
            "effective_scps": scps,
            "credential_report": report(rng, &account_id(i), args.users),
            "password_policy": if rng.chance(0.6) { json!({"minimum_password_length": if rng.chance(0.7) {14} else {8}, "require_symbols": true, "require_numbers": true, "require_uppercase_characters": true, "require_lowercase_characters": true, "allow_users_to_change_password": true, "expire_passwords": true, "max_password_age": 90, "password_reuse_prevention": if rng.chance(0.6) {24} else {5}, "hard_expiry": false}) } else { json!(null) },
            "password_policy_state": "set",
            "root_virtual_mfa": null, "root_password_present": null, "account_summary": null, "errors": [],
        });
        let mut account = account;
        // An account without a policy says so, as the collector would.
        if account["password_policy"].is_null() {
            account["password_policy_state"] = json!("none");
        }
        account["root_virtual_mfa"] =
            json!(account["credential_report"]["root"]["mfa_active"] == true && rng.chance(0.082));
        let iam_rng = &mut Rng(seed ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        account["iam"] = iam(iam_rng, &account_id(i), args.users);
        serde_json::to_writer(&mut *out, &account)?;
    }
    out.write_all(b"]}\n")?;
    Ok(())
}

/// An AWS managed policy's ARN.
fn aws_policy(name: &str) -> String {
    format!("arn:aws:iam::aws:policy/{name}")
}

/// The account's users, group, roles and the managed policies attached to them.
fn iam(rng: &mut Rng, account: &str, users: usize) -> serde_json::Value {
    let mut attached: Vec<&str> = Vec::new();
    let user_list: Vec<serde_json::Value> = (0..users)
        .map(|n| {
            let direct = rng.chance(0.05);
            if direct {
                attached.push("ReadOnlyAccess");
            }
            json!({
                "name": format!("user-{n}"), "arn": format!("arn:aws:iam::{account}:user/user-{n}"),
                "path": "/", "groups": ["developers"],
                "attached_policies": if direct { vec![aws_policy("ReadOnlyAccess")] } else { vec![] },
                "inline_policies": [],
            })
        })
        .collect();
    let mut group_policies = vec!["ReadOnlyAccess"];
    if rng.chance(0.05) {
        group_policies.push("AWSCloudShellFullAccess");
    }
    attached.extend(&group_policies);
    let mut roles = Vec::new();
    for (name, policy, p) in [
        ("support", "AWSSupportAccess", 0.9),
        ("admin", "AdministratorAccess", 0.3),
    ] {
        if rng.chance(p) {
            attached.push(policy);
            roles.push(json!({
                "name": name, "arn": format!("arn:aws:iam::{account}:role/{name}"), "path": "/",
                "attached_policies": [aws_policy(policy)], "inline_policies": [],
            }));
        }
    }
    let mut names: Vec<&str> = attached.clone();
    names.sort();
    names.dedup();
    let policies: Vec<serde_json::Value> = names
        .iter()
        .map(|name| {
            let action = match *name {
                "AdministratorAccess" => json!("*"),
                "AWSSupportAccess" => json!(["support:*"]),
                "AWSCloudShellFullAccess" => json!(["cloudshell:*"]),
                _ => json!(["iam:Get*", "iam:List*", "s3:Get*", "s3:List*"]),
            };
            json!({
                "name": name, "arn": aws_policy(name), "aws_managed": true,
                "attachment_count": attached.iter().filter(|a| *a == name).count(),
                "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]},
            })
        })
        .collect();
    json!({
        "users": user_list,
        "groups": [{
            "name": "developers", "arn": format!("arn:aws:iam::{account}:group/developers"), "path": "/",
            "attached_policies": group_policies.iter().map(|p| aws_policy(p)).collect::<Vec<_>>(),
            "inline_policies": [],
        }],
        "roles": roles,
        "policies": policies,
    })
}

fn report(rng: &mut Rng, account: &str, users: usize) -> serde_json::Value {
    let root_keys = rng.chance(0.043);
    let recent = rng.chance(0.031);
    let root = json!({
        "user": "<root_account>", "arn": format!("arn:aws:iam::{account}:root"),
        "user_creation_time": ts(rng, 2000), "password_enabled": null,
        "password_last_used": if recent { json!(ts_within(rng, 0, 7)) } else { json!(ts_within(rng, 60, 900)) },
        "password_last_changed": null, "password_next_rotation": null,
        "mfa_active": !rng.chance(0.097),
        "access_key_1_active": root_keys, "access_key_1_last_rotated": if root_keys { json!(ts(rng, 1500)) } else { json!(null) },
        "access_key_1_last_used_date": if root_keys { json!(ts(rng, 40)) } else { json!(null) },
        "access_key_1_last_used_region": null, "access_key_1_last_used_service": null,
        "access_key_2_active": false, "access_key_2_last_rotated": null, "access_key_2_last_used_date": null,
        "access_key_2_last_used_region": null, "access_key_2_last_used_service": null,
        "cert_1_active": false, "cert_1_last_rotated": null, "cert_2_active": false, "cert_2_last_rotated": null,
    });
    let users: Vec<serde_json::Value> = (0..users).map(|u| user(rng, account, u)).collect();
    json!({"generated_at": "2026-11-19T23:00:00Z", "root": root, "users": users})
}

fn user(rng: &mut Rng, account: &str, n: usize) -> serde_json::Value {
    let console = rng.chance(0.7);
    let keys = match rng.below(100) {
        0..=29 => 0,
        30..=89 => 1,
        _ => 2,
    };
    let created = 30 + rng.below(1500) as i64;
    let key =
        |on: bool, rng: &mut Rng| -> (serde_json::Value, serde_json::Value, serde_json::Value) {
            if !on {
                return (json!(false), json!(null), json!(null));
            }
            let rotated = rng.below(created as u64 + 1) as i64;
            let used = if rng.chance(0.1) {
                json!(null)
            } else {
                json!(ts_within(rng, 0, rotated as u64 + 1))
            };
            (json!(true), json!(ts(rng, rotated)), used)
        };
    let (k1, k1_rotated, k1_used) = key(keys >= 1, rng);
    let (k2, k2_rotated, k2_used) = key(keys >= 2, rng);
    json!({
        "user": format!("user-{n}"), "arn": format!("arn:aws:iam::{account}:user/user-{n}"),
        "user_creation_time": ts(rng, created), "password_enabled": console,
        "password_last_used": if console && rng.chance(0.9) { json!(ts_within(rng, 0, 120)) } else { json!(null) },
        "password_last_changed": if console { json!(ts(rng, created)) } else { json!(null) },
        "password_next_rotation": null,
        "mfa_active": console && rng.chance(0.8),
        "access_key_1_active": k1, "access_key_1_last_rotated": k1_rotated, "access_key_1_last_used_date": k1_used,
        "access_key_1_last_used_region": null, "access_key_1_last_used_service": null,
        "access_key_2_active": k2, "access_key_2_last_rotated": k2_rotated, "access_key_2_last_used_date": k2_used,
        "access_key_2_last_used_region": null, "access_key_2_last_used_service": null,
        "cert_1_active": false, "cert_1_last_rotated": null, "cert_2_active": false, "cert_2_last_rotated": null,
    })
}
