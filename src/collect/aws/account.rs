//! One member account: sign in to it (AssumeRole, unless it is the caller's own), then its
//! credential report, account summary, password policy, root's virtual MFA device, and its
//! IAM users, groups, roles and managed policies.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use aws_sdk_iam::error::SdkError;
use aws_sdk_iam::operation::get_account_password_policy::{
    GetAccountPasswordPolicyError, GetAccountPasswordPolicyOutput,
};
use aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput;
use aws_sdk_iam::types::AssignmentStatusType;

use super::authorization::authorization_details;
use super::call::{all_pages, call, error_code, failed, named};
use super::report::credential_report;
use super::{LiveOptions, Reporter};
use crate::model::{Account, CollectionError, PasswordPolicy, PasswordPolicyState, Stage};

/// The SDK configuration for one account: the caller's own, or an assumed role.
async fn account_config(
    account_id: &str,
    caller: &str,
    base: &SdkConfig,
    options: &LiveOptions,
    rep: &Reporter,
) -> anyhow::Result<SdkConfig> {
    if account_id == caller {
        return Ok(base.clone());
    }
    let role_arn = format!("arn:aws:iam::{account_id}:role/{}", options.role_name);
    let sts = aws_sdk_sts::Client::new(base);
    let assumed = call(
        rep,
        account_id,
        "sts:AssumeRole",
        sts.assume_role()
            .role_arn(&role_arn)
            .role_session_name("tenet-collect")
            .send(),
    )
    .await
    .map_err(|e| failed("sts:AssumeRole", &e))?;
    let creds = assumed.credentials().ok_or_else(|| {
        named(
            "sts:AssumeRole",
            &format!("the answer for {role_arn} holds no credentials"),
        )
    })?;
    let credentials = aws_sdk_iam::config::Credentials::new(
        creds.access_key_id(),
        creds.secret_access_key(),
        Some(creds.session_token().to_string()),
        None,
        "tenet-assume-role",
    );
    Ok(base
        .to_builder()
        .credentials_provider(aws_sdk_iam::config::SharedCredentialsProvider::new(
            credentials,
        ))
        .build())
}

/// Everything collected about one account; what could not be is in its `errors`.
pub(super) async fn collect_account(
    mut account: Account,
    caller: &str,
    base: &SdkConfig,
    options: &LiveOptions,
    rep: &Reporter,
) -> Account {
    let id = account.account_id.clone();
    let config = match account_config(&id, caller, base, options, rep).await {
        Ok(c) => c,
        Err(e) => {
            account.errors.push(CollectionError {
                stage: Stage::Account,
                message: e.to_string(),
            });
            return account;
        }
    };
    let iam = aws_sdk_iam::Client::new(&config);

    let report = credential_report(&iam, &id, options.report_timeout, rep).await;
    let summary = call(
        rep,
        &id,
        "iam:GetAccountSummary",
        iam.get_account_summary().send(),
    )
    .await
    .map(|out| summary_map(&out))
    .map_err(|e| failed("iam:GetAccountSummary", &e));
    let policy = call(
        rep,
        &id,
        "iam:GetAccountPasswordPolicy",
        iam.get_account_password_policy().send(),
    )
    .await;
    let virtual_mfa = root_virtual_mfa(&iam, &id, rep).await;
    let details = authorization_details(&iam, &id, rep).await;

    let errors = &mut account.errors;
    account.credential_report = record(errors, Stage::CredentialReport, report);
    let summary_map = record(errors, Stage::AccountSummary, summary);
    let password = record(errors, Stage::PasswordPolicy, password_policy(policy)).flatten();
    account.root_virtual_mfa = record(errors, Stage::MfaDevices, virtual_mfa);
    account.root_password_present = root_password_present(summary_map.as_ref());
    account.account_summary = summary_map;
    account.iam = record(errors, Stage::Iam, details);
    if let Some((state, policy)) = password {
        account.password_policy_state = state;
        account.password_policy = policy;
    }
    account
}

/// Whether root has a virtual MFA device: one assigned to root's ARN. Its name proves nothing:
/// any IAM user's device may be called `root-account-mfa-device` (or `alice-root-...`).
async fn root_virtual_mfa(
    iam: &aws_sdk_iam::Client,
    id: &str,
    rep: &Reporter,
) -> anyhow::Result<bool> {
    let devices = all_pages(
        rep,
        id,
        "iam:ListVirtualMFADevices",
        iam.list_virtual_mfa_devices()
            .assignment_status(AssignmentStatusType::Assigned)
            .into_paginator()
            .send()
            .try_collect(),
        |page| page.virtual_mfa_devices(),
    )
    .await
    .map_err(|e| failed("iam:ListVirtualMFADevices", &e))?;
    Ok(devices
        .iter()
        .any(|d| d.user().is_some_and(|u| is_root_arn(u.arn(), id))))
}

/// AccountPasswordPresent: 1 when root has a console password, 0 when not; absent (or the
/// summary not collected) leaves it unknown.
fn root_password_present(summary: Option<&BTreeMap<String, i64>>) -> Option<bool> {
    summary
        .and_then(|m| m.get("account_password_present"))
        .and_then(|v| match v {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        })
}

/// The value, or `None` with the error recorded under `stage`.
fn record<T>(
    errors: &mut Vec<CollectionError>,
    stage: Stage,
    result: anyhow::Result<T>,
) -> Option<T> {
    result
        .map_err(|e| {
            errors.push(CollectionError {
                stage,
                message: e.to_string(),
            })
        })
        .ok()
}

/// GetAccountSummary's map, its keys in snake_case as offline input stores them.
fn summary_map(out: &GetAccountSummaryOutput) -> BTreeMap<String, i64> {
    out.summary_map()
        .into_iter()
        .flatten()
        .map(|(k, v)| (crate::collect::files::snake_case(k.as_str()), i64::from(*v)))
        .collect()
}

/// Whether the account has a password policy, and the policy.
type PasswordState = (PasswordPolicyState, Option<PasswordPolicy>);

/// The password policy and whether there is one; `Ok(None)` when the answer holds none.
fn password_policy(
    answer: Result<GetAccountPasswordPolicyOutput, SdkError<GetAccountPasswordPolicyError>>,
) -> anyhow::Result<Option<PasswordState>> {
    match answer {
        Ok(out) => Ok(out.password_policy().map(|p| {
            (
                PasswordPolicyState::Set,
                Some(PasswordPolicy {
                    minimum_password_length: p.minimum_password_length().map(i64::from),
                    require_symbols: Some(p.require_symbols()),
                    require_numbers: Some(p.require_numbers()),
                    require_uppercase_characters: Some(p.require_uppercase_characters()),
                    require_lowercase_characters: Some(p.require_lowercase_characters()),
                    allow_users_to_change_password: Some(p.allow_users_to_change_password()),
                    expire_passwords: Some(p.expire_passwords()),
                    max_password_age: p.max_password_age().map(i64::from),
                    password_reuse_prevention: p.password_reuse_prevention().map(i64::from),
                    hard_expiry: p.hard_expiry(),
                }),
            )
        })),
        Err(e) if error_code(&e) == Some("NoSuchEntity") => {
            Ok(Some((PasswordPolicyState::None, None)))
        }
        Err(e) => Err(failed("iam:GetAccountPasswordPolicy", &e)),
    }
}

/// Whether `arn` is the root user of `account` (`arn:PARTITION:iam::ACCOUNT:root`).
fn is_root_arn(arn: &str, account: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(parts.as_slice(), ["arn", _, "iam", "", a, "root"] if *a == account)
}

#[cfg(test)]
mod tests {
    use super::is_root_arn;

    #[test]
    fn root_is_told_by_its_arn() {
        assert!(is_root_arn(
            "arn:aws:iam::123456789012:root",
            "123456789012"
        ));
        assert!(is_root_arn(
            "arn:aws-us-gov:iam::123456789012:root",
            "123456789012"
        ));
        assert!(!is_root_arn(
            "arn:aws:iam::123456789012:root",
            "210987654321"
        ));
        assert!(!is_root_arn(
            "arn:aws:iam::123456789012:user/root",
            "123456789012"
        ));
        assert!(!is_root_arn(
            "arn:aws:iam::123456789012:user/ops:root",
            "123456789012"
        ));
    }
}
