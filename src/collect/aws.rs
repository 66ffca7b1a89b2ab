//! The live collector: a whole AWS organization (or one account) into one snapshot, with the
//! official SDK. The only async code in tenet; it returns the same model types as the file
//! parsers, so rules cannot tell live input from offline input.
//!
//! Failure policy: what cannot be collected for one account is recorded in that account's
//! `errors` and the run goes on. Losing the account itself (AssumeRole) or its credential
//! report is fatal for that account (its findings become `error`); any other failed call
//! leaves its field `null`, so rules say `unknown`. Every recorded error starts with the call
//! that failed (`iam:GetAccountSummary: Throttling: Rate exceeded`).
//!
//! Accounts that are not active (suspended, closed, pending closure) cannot be signed in to:
//! they are kept in the snapshot with their AWS status and place in the organization, no role
//! is assumed in them, and they are not evaluated.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_iam::types::{AssignmentStatusType, FeatureType, ReportStateType};
use aws_sdk_organizations::types::PolicyType;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::Semaphore;

use crate::model::{
    credential_report, scp, Account, CollectionError, Organization, OrganizationalUnit,
    PasswordPolicy, PasswordPolicyState, Policy, Snapshot, Stage, SNAPSHOT_SCHEMA,
};

/// Everything `tenet collect` can be told.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Role assumed in each member account.
    pub role_name: String,
    /// Only these accounts (all when `None`).
    pub accounts: Option<Vec<String>>,
    pub concurrency: usize,
    /// How long to wait for a credential report to be generated.
    pub report_timeout: Duration,
    /// 0 quiet, 1 per-call log lines on stderr.
    pub verbose: u8,
    /// Draw a progress bar (the CLI asks for one on a TTY).
    pub progress: bool,
}

/// Progress and per-call logging, on stderr only. Never given credentials to print.
struct Reporter {
    bar: ProgressBar,
    verbose: bool,
}

impl Reporter {
    fn log(&self, line: String) {
        if self.verbose {
            self.bar.suspend(|| eprintln!("tenet: {line}"));
        }
    }

    fn warn(&self, line: String) {
        self.bar.suspend(|| eprintln!("tenet: {line}"));
    }
}

/// Runs one SDK call, logging its name, account and duration at `-v`.
async fn call<T, E, F>(
    rep: &Reporter,
    account: &str,
    name: &str,
    fut: F,
) -> Result<T, aws_sdk_iam::error::SdkError<E>>
where
    F: std::future::Future<Output = Result<T, aws_sdk_iam::error::SdkError<E>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    rep.bar.set_message(format!("{account}: {name}"));
    let start = Instant::now();
    let result = fut.await;
    let outcome = match &result {
        Ok(_) => "ok".to_string(),
        Err(e) => describe(e),
    };
    rep.log(format!(
        "{account}: {name}: {outcome} ({:.2}s)",
        start.elapsed().as_secs_f64()
    ));
    result
}

/// `Code: message` for a service error; the whole cause chain for anything else. One line,
/// with no credentials in it: see [`scrub`].
fn describe<E>(err: &aws_sdk_iam::error::SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    scrub(&describe_raw(err))
}

/// The first line of an error message, with anything shaped like an access key id masked.
/// AWS's SignatureDoesNotMatch message goes on, after a blank line, with the canonical request
/// it expected, which holds the caller's key id and session token.
fn scrub(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim_end();
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('A') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let key_like = (rest.starts_with("AKIA") || rest.starts_with("ASIA"))
            && rest.len() >= 20
            && rest.as_bytes()[4..20]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if key_like {
            out.push_str("[access key id]");
            rest = &rest[20..];
        } else {
            out.push('A');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn describe_raw<E>(err: &aws_sdk_iam::error::SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err.as_service_error() {
        Some(service) => match (service.code(), service.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_string(),
            // No AWS error in the body (an HTML error page, say): the HTTP status is all there is.
            _ => match err.raw_response() {
                // A success status with a body the SDK could not read: say what was wrong with it.
                Some(raw) if raw.status().is_success() => format!(
                    "malformed response (HTTP {}): {}",
                    raw.status().as_u16(),
                    std::error::Error::source(service)
                        .map_or_else(|| "unreadable body".to_string(), |c| c.to_string())
                ),
                Some(raw) => format!("HTTP {} without an AWS error code", raw.status().as_u16()),
                None => "an error without code or message".to_string(),
            },
        },
        None => {
            // The cause chain's messages, without the Debug dump DisplayErrorContext adds.
            let mut parts = vec![err.to_string()];
            let mut source = std::error::Error::source(err);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !parts.iter().any(|p| p.contains(&text)) {
                    parts.push(text);
                }
                source = cause.source();
            }
            parts.join(": ")
        }
    }
}

/// What a failed call recorded against an account says: the call, then what went wrong.
fn failed<E>(call: &str, err: &aws_sdk_iam::error::SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    named(call, &describe(err))
}

/// An error about a call's answer (rather than a failed call), named after the call like every
/// recorded error: `iam:GetCredentialReport: still STARTED after 120 s`.
fn named(call: &str, what: &str) -> String {
    format!("{call}: {what}")
}

fn error_code<E: ProvideErrorMetadata>(err: &aws_sdk_iam::error::SdkError<E>) -> Option<&str> {
    err.as_service_error().and_then(|e| e.code())
}

async fn base_config(options: &LiveOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(200)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(Duration::from_secs(20))
                .operation_timeout(Duration::from_secs(60))
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    // IAM and Organizations are global; their calls go to us-east-1 unless told otherwise.
    let region = options
        .region
        .clone()
        .map(Region::new)
        .or_else(|| config.region().cloned())
        .unwrap_or_else(|| Region::new("us-east-1"));
    config.into_builder().region(region).build()
}

/// Collects the organization the credentials belong to, or the single account when there is
/// no organization.
pub async fn collect(options: &LiveOptions) -> Result<Snapshot> {
    let collected_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let bar = if options.progress {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} accounts  {msg}",
            )
            .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    } else {
        ProgressBar::hidden()
    };
    let rep = Arc::new(Reporter {
        bar,
        verbose: options.verbose > 0,
    });
    let config = base_config(options).await;

    let sts = aws_sdk_sts::Client::new(&config);
    let identity = call(
        &rep,
        "-",
        "sts:GetCallerIdentity",
        sts.get_caller_identity().send(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot authenticate to AWS: {}", describe(&e)))?;
    let caller = identity
        .account()
        .context("GetCallerIdentity returned no account")?
        .to_string();

    let orgs = aws_sdk_organizations::Client::new(&config);
    let (mut organization, mut members) = match call(
        &rep,
        &caller,
        "organizations:DescribeOrganization",
        orgs.describe_organization().send(),
    )
    .await
    {
        Ok(out) => {
            let org = out
                .organization()
                .context("DescribeOrganization returned no organization")?;
            collect_organization(&orgs, &rep, org).await?
        }
        Err(e) if error_code(&e) == Some("AWSOrganizationsNotInUseException") => {
            rep.log(format!(
                "{caller}: not in an organization; collecting this account only"
            ));
            (
                None,
                vec![Account {
                    account_id: caller.clone(),
                    ..Default::default()
                }],
            )
        }
        Err(e) => bail!("cannot read the organization: {}", describe(&e)),
    };

    let mut organization_error = None;
    if let Some(org) = &mut organization {
        let iam = aws_sdk_iam::Client::new(&config);
        match call(
            &rep,
            &caller,
            "iam:ListOrganizationsFeatures",
            iam.list_organizations_features().send(),
        )
        .await
        {
            Ok(out) => {
                let features = out.enabled_features();
                org.root_credentials_management =
                    Some(features.contains(&FeatureType::RootCredentialsManagement));
                org.root_sessions = Some(features.contains(&FeatureType::RootSessions));
            }
            // Centralized root access needs IAM's trusted access and all features: without
            // either, both features are known to be off.
            Err(e)
                if e.as_service_error().is_some_and(|e| {
                    e.is_service_access_not_enabled_exception()
                        || e.is_organization_not_in_all_features_mode_exception()
                }) =>
            {
                org.root_credentials_management = Some(false);
                org.root_sessions = Some(false);
            }
            Err(e) => {
                // Left null (rules say unknown), recorded where it was asked.
                organization_error = Some(CollectionError {
                    stage: Stage::OrganizationFeatures,
                    message: failed("iam:ListOrganizationsFeatures", &e),
                });
            }
        }
    }

    if let Some(only) = &options.accounts {
        for id in only {
            if !members
                .iter()
                .any(|a| &a.account_id == id && a.inactive_status().is_none())
            {
                bail!("--accounts names {id}, which is not an active account of this organization");
            }
        }
        members.retain(|a| only.contains(&a.account_id));
    }
    if let Some(error) = organization_error {
        match members.iter_mut().find(|a| a.account_id == caller) {
            Some(account) => account.errors.push(error),
            // --accounts left out the account it was asked from: say it anyway.
            None => rep.warn(format!(
                "organization: {} not collected: {}",
                error.stage, error.message
            )),
        }
    }

    rep.bar.set_length(members.len() as u64);
    let semaphore = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, account) in members.into_iter().enumerate() {
        let (semaphore, rep, config, caller) = (
            semaphore.clone(),
            rep.clone(),
            config.clone(),
            caller.clone(),
        );
        let options = options.clone();
        tasks.spawn(async move {
            if let Some(status) = account.inactive_status() {
                // Nothing to sign in to: kept as listed, and said.
                rep.warn(format!(
                    "account {}: not checked: its status is {status}",
                    account.account_id
                ));
                rep.bar.inc(1);
                return (index, account);
            }
            let _permit = semaphore.acquire_owned().await.expect("semaphore open");
            let account = collect_account(account, &caller, &config, &options, &rep).await;
            rep.bar.inc(1);
            (index, account)
        });
    }
    let mut accounts = Vec::new();
    while let Some(done) = tasks.join_next().await {
        accounts.push(done.context("an account collection task failed")?);
    }
    accounts.sort_by_key(|(index, _)| *index);
    rep.bar.finish_and_clear();
    for (_, account) in &accounts {
        for e in &account.errors {
            rep.warn(format!(
                "account {}: {} not collected: {}",
                account.account_id, e.stage, e.message
            ));
        }
    }
    Ok(Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        collected_at,
        organization,
        accounts: accounts.into_iter().map(|(_, a)| a).collect(),
    })
}

/// The OU tree, the accounts with their paths (those that are not active with their status),
/// and every SCP with its targets.
async fn collect_organization(
    orgs: &aws_sdk_organizations::Client,
    rep: &Reporter,
    described: &aws_sdk_organizations::types::Organization,
) -> Result<(Option<Organization>, Vec<Account>)> {
    let management = described.master_account_id().map(str::to_string);
    let here = management.clone().unwrap_or_default();
    let org_error =
        |what: &str, e: String| anyhow::anyhow!("cannot read the organization ({what}): {e}");

    let roots = call(
        rep,
        &here,
        "organizations:ListRoots",
        orgs.list_roots()
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>(),
    )
    .await
    .map_err(|e| org_error("ListRoots", describe(&e)))?
    .iter()
    .flat_map(|page| page.roots().to_vec())
    .collect::<Vec<_>>();
    let root = roots.first().context("the organization has no root")?;
    let root_id = root.id().unwrap_or_default().to_string();
    let scp_enabled = root.policy_types().iter().any(|p| {
        p.r#type() == Some(&PolicyType::ServiceControlPolicy)
            && p.status() == Some(&aws_sdk_organizations::types::PolicyTypeStatus::Enabled)
    });

    let mut org = Organization {
        id: described.id().map(str::to_string),
        management_account_id: management.clone(),
        feature_set: described.feature_set().map(|f| f.as_str().to_string()),
        scp_enabled: Some(scp_enabled),
        ..Default::default()
    };

    // Walk the OU tree (depth-first: the order does not matter), noting each account's parent.
    let mut parents_of: Vec<(String, String)> = Vec::new();
    let mut pending = vec![root_id.clone()];
    while let Some(parent) = pending.pop() {
        let ous = call(
            rep,
            &here,
            "organizations:ListOrganizationalUnitsForParent",
            orgs.list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .collect::<Result<Vec<_>, _>>(),
        )
        .await
        .map_err(|e| org_error("ListOrganizationalUnitsForParent", describe(&e)))?
        .iter()
        .flat_map(|page| page.organizational_units().to_vec())
        .collect::<Vec<_>>();
        for ou in ous {
            let id = ou.id().unwrap_or_default().to_string();
            org.ous.push(OrganizationalUnit {
                id: id.clone(),
                name: ou.name().unwrap_or_default().to_string(),
                parent_id: parent.clone(),
            });
            pending.push(id);
        }
        let accounts = call(
            rep,
            &here,
            "organizations:ListAccountsForParent",
            orgs.list_accounts_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .collect::<Result<Vec<_>, _>>(),
        )
        .await
        .map_err(|e| org_error("ListAccountsForParent", describe(&e)))?
        .iter()
        .flat_map(|page| page.accounts().to_vec())
        .collect::<Vec<_>>();
        for a in accounts {
            parents_of.push((a.id().unwrap_or_default().to_string(), parent.clone()));
        }
    }

    let listed = call(
        rep,
        &here,
        "organizations:ListAccounts",
        orgs.list_accounts()
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>(),
    )
    .await
    .map_err(|e| org_error("ListAccounts", describe(&e)))?
    .iter()
    .flat_map(|page| page.accounts().to_vec())
    .collect::<Vec<_>>();

    let summaries = call(
        rep,
        &here,
        "organizations:ListPolicies",
        orgs.list_policies()
            .filter(PolicyType::ServiceControlPolicy)
            .into_paginator()
            .send()
            .collect::<Result<Vec<_>, _>>(),
    )
    .await
    .map_err(|e| org_error("ListPolicies", describe(&e)))?
    .iter()
    .flat_map(|page| page.policies().to_vec())
    .collect::<Vec<_>>();
    for summary in summaries {
        let id = summary.id().unwrap_or_default().to_string();
        let described = call(
            rep,
            &here,
            "organizations:DescribePolicy",
            orgs.describe_policy().policy_id(&id).send(),
        )
        .await
        .map_err(|e| org_error("DescribePolicy", describe(&e)))?;
        let content = described
            .policy()
            .and_then(|p| p.content())
            .unwrap_or_default();
        let document = scp::parse(content.as_bytes(), &format!("SCP {id}"))
            .map_err(|e| anyhow::anyhow!("cannot read the organization: {e}"))?
            .document;
        let targets = call(
            rep,
            &here,
            "organizations:ListTargetsForPolicy",
            orgs.list_targets_for_policy()
                .policy_id(&id)
                .into_paginator()
                .send()
                .collect::<Result<Vec<_>, _>>(),
        )
        .await
        .map_err(|e| org_error("ListTargetsForPolicy", describe(&e)))?
        .iter()
        .flat_map(|page| page.targets().to_vec())
        .collect::<Vec<_>>();
        org.policies.push(Policy {
            name: summary.name().unwrap_or(&id).to_string(),
            aws_managed: summary.aws_managed(),
            id,
            document,
            targets: targets
                .iter()
                .filter_map(|t| t.target_id().map(str::to_string))
                .collect(),
        });
    }

    let mut accounts = Vec::new();
    for a in listed {
        let id = a.id().unwrap_or_default().to_string();
        let mut account = Account {
            is_management: management.as_deref() == Some(id.as_str()),
            name: a.name().map(str::to_string),
            account_id: id.clone(),
            status: inactive_status(&a),
            ..Default::default()
        };
        match parents_of.iter().find(|(acct, _)| *acct == id) {
            Some((_, parent)) => {
                account.parents = org
                    .path_to(parent, Some(&root_id))
                    .map_err(|m| anyhow::anyhow!("cannot read the organization: {m}"))?;
                account.effective_scps = org.effective_scps(&account.parents, &id);
            }
            // Listed by ListAccounts, but under no parent the walk read (moved, or joined,
            // while the tree was walked): its place, and so its SCPs, are unknown. Left empty,
            // so SCP rules say unknown; its own checks still run.
            None if account.status.is_none() => account.errors.push(CollectionError {
                stage: Stage::Organization,
                message: named(
                    "organizations:ListAccountsForParent",
                    &format!("account {id} was not found under the root or any OU (moved while the tree was walked?); its SCPs are unknown"),
                ),
            }),
            None => {}
        }
        accounts.push(account);
    }
    Ok((Some(org), accounts))
}

/// An account's AWS status when it is not active: its `State` (the newer, finer field:
/// SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION), else its `Status`. `None` when
/// both that are given say ACTIVE.
fn inactive_status(a: &aws_sdk_organizations::types::Account) -> Option<String> {
    let state = a.state().map(|s| s.as_str());
    let status = a.status().map(|s| s.as_str());
    [state, status]
        .into_iter()
        .flatten()
        .find(|s| *s != "ACTIVE")
        .map(str::to_string)
}

/// The SDK configuration for one account: the caller's own, or an assumed role.
async fn account_config(
    account_id: &str,
    caller: &str,
    base: &SdkConfig,
    options: &LiveOptions,
    rep: &Reporter,
) -> Result<SdkConfig, String> {
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

async fn collect_account(
    mut account: Account,
    caller: &str,
    base: &SdkConfig,
    options: &LiveOptions,
    rep: &Reporter,
) -> Account {
    let id = account.account_id.clone();
    let config = match account_config(&id, caller, base, options, rep).await {
        Ok(c) => c,
        Err(message) => {
            account.errors.push(CollectionError {
                stage: Stage::Account,
                message,
            });
            return account;
        }
    };
    let iam = aws_sdk_iam::Client::new(&config);
    let mut error =
        |stage: Stage, message: String| account.errors.push(CollectionError { stage, message });

    let report = credential_report(&iam, &id, options.report_timeout, rep).await;
    let summary = call(
        rep,
        &id,
        "iam:GetAccountSummary",
        iam.get_account_summary().send(),
    )
    .await;
    let policy = call(
        rep,
        &id,
        "iam:GetAccountPasswordPolicy",
        iam.get_account_password_policy().send(),
    )
    .await;
    let mfa = call(
        rep,
        &id,
        "iam:ListVirtualMFADevices",
        iam.list_virtual_mfa_devices()
            .assignment_status(AssignmentStatusType::Assigned)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>(),
    )
    .await;

    let (report, summary_map, password, virtual_mfa) = (
        report.map_err(|m| error(Stage::CredentialReport, m)).ok(),
        summary
            .map(|out| {
                out.summary_map()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (super::files::snake_case(k.as_str()), i64::from(*v)))
                    .collect::<std::collections::BTreeMap<String, i64>>()
            })
            .map_err(|e| error(Stage::AccountSummary, failed("iam:GetAccountSummary", &e)))
            .ok(),
        match policy {
            Ok(out) => out.password_policy().map(|p| {
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
            }),
            Err(e) if error_code(&e) == Some("NoSuchEntity") => {
                Some((PasswordPolicyState::None, None))
            }
            Err(e) => {
                error(
                    Stage::PasswordPolicy,
                    failed("iam:GetAccountPasswordPolicy", &e),
                );
                None
            }
        },
        // Root's device is the one assigned to root's ARN. Its name proves nothing: any IAM
        // user's device may be called `root-account-mfa-device` (or `alice-root-...`).
        mfa.map(|devices| {
            devices
                .iter()
                .any(|d| d.user().is_some_and(|u| is_root_arn(u.arn(), &id)))
        })
        .map_err(|e| error(Stage::MfaDevices, failed("iam:ListVirtualMFADevices", &e)))
        .ok(),
    );
    account.credential_report = report;
    // AccountPasswordPresent: 1 when root has a console password, 0 when not; absent (or the
    // summary not collected) leaves it unknown.
    account.root_password_present = summary_map
        .as_ref()
        .and_then(|m| m.get("account_password_present"))
        .and_then(|v| match v {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        });
    account.account_summary = summary_map;
    if let Some((state, policy)) = password {
        account.password_policy_state = state;
        account.password_policy = policy;
    }
    account.root_virtual_mfa = virtual_mfa;
    account
}

/// Asks AWS to generate the report, polls with backoff until it is ready or `timeout` passes,
/// then parses it with the same parser as offline input.
async fn credential_report(
    iam: &aws_sdk_iam::Client,
    id: &str,
    timeout: Duration,
    rep: &Reporter,
) -> Result<credential_report::CredentialReport, String> {
    let start = Instant::now();
    let mut wait = Duration::from_millis(250);
    let out = loop {
        let out = call(
            rep,
            id,
            "iam:GenerateCredentialReport",
            iam.generate_credential_report().send(),
        )
        .await
        .map_err(|e| failed("iam:GenerateCredentialReport", &e))?;
        if out.state() == Some(&ReportStateType::Complete) {
            let got = call(
                rep,
                id,
                "iam:GetCredentialReport",
                iam.get_credential_report().send(),
            )
            .await;
            match got {
                Ok(report) => break report,
                // Someone else started a new report (or it expired) between the two calls:
                // generate again, within the same time limit.
                Err(e)
                    if e.as_service_error().is_some_and(|e| {
                        e.is_credential_report_not_ready_exception()
                            || e.is_credential_report_expired_exception()
                            || e.is_credential_report_not_present_exception()
                    }) && start.elapsed() + wait <= timeout => {}
                Err(e) => return Err(failed("iam:GetCredentialReport", &e)),
            }
        } else if start.elapsed() + wait > timeout {
            return Err(named(
                "iam:GetCredentialReport",
                &format!(
                    "still {} after {} s",
                    out.state().map_or("not complete", |s| s.as_str()),
                    timeout.as_secs()
                ),
            ));
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(4));
    };
    let content = out.content().map(|b| b.as_ref()).unwrap_or_default();
    let mut report =
        credential_report::parse(content, &format!("credential report of account {id}")).map_err(
            |e| match e.line {
                Some(line) => named(
                    "iam:GetCredentialReport",
                    &format!("line {line}: {}", e.message),
                ),
                None => named("iam:GetCredentialReport", &e.message),
            },
        )?;
    if report.generated_at.is_none() {
        report.generated_at = out.generated_time().and_then(|t| {
            t.fmt(aws_sdk_iam::primitives::DateTimeFormat::DateTime)
                .ok()
        });
    }
    Ok(report)
}

/// Whether `arn` is the root user of `account` (`arn:PARTITION:iam::ACCOUNT:root`).
fn is_root_arn(arn: &str, account: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(parts.as_slice(), ["arn", _, "iam", "", a, "root"] if *a == account)
}

#[cfg(test)]
mod tests {
    use super::{is_root_arn, scrub};

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

    #[test]
    fn scrub_keeps_the_first_line_and_masks_key_ids() {
        let aws = "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\nx-amz-security-token:IQoJb3JpZ2luX2VjEJr\n'";
        assert_eq!(
            scrub(aws),
            "The request signature we calculated does not match the signature you provided."
        );
        assert_eq!(
            scrub("User AKIAABCDEFGHIJKLMNOP and ASIA0123456789ABCDEF, not AKIAshort or AWS"),
            "User [access key id] and [access key id], not AKIAshort or AWS"
        );
    }
}
