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

mod account;
mod authorization;
mod call;
mod organization;
mod report;

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::Semaphore;

use crate::model::{Account, CollectionError, Snapshot, SNAPSHOT_SCHEMA};
use call::{call, describe};

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
    /// A progress bar when `options` asks for one, else a hidden one.
    fn new(options: &LiveOptions) -> Reporter {
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
        Reporter {
            bar,
            verbose: options.verbose > 0,
        }
    }

    fn log(&self, line: String) {
        if self.verbose {
            self.bar.suspend(|| eprintln!("tenet: {line}"));
        }
    }

    fn warn(&self, line: String) {
        self.bar.suspend(|| eprintln!("tenet: {line}"));
    }
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
    let rep = Arc::new(Reporter::new(options));
    let config = base_config(options).await;
    let caller = caller_account(&config, &rep).await?;

    let (mut organization, members) =
        organization::organization_or_account(&config, &rep, &caller).await?;
    let organization_error = match &mut organization {
        Some(org) => organization::features(&config, &rep, &caller, org).await,
        None => None,
    };
    let members = select(members, options, organization_error, &caller, &rep)?;
    let accounts = collect_accounts(members, &caller, &config, options, &rep).await?;
    Ok(Snapshot {
        schema: SNAPSHOT_SCHEMA.to_string(),
        collected_at,
        organization,
        accounts,
    })
}

/// The account the credentials belong to (GetCallerIdentity).
async fn caller_account(config: &SdkConfig, rep: &Reporter) -> Result<String> {
    let sts = aws_sdk_sts::Client::new(config);
    let identity = call(
        rep,
        "-",
        "sts:GetCallerIdentity",
        sts.get_caller_identity().send(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot authenticate to AWS: {}", describe(&e)))?;
    Ok(identity
        .account()
        .context("GetCallerIdentity returned no account")?
        .to_string())
}

/// The members `--accounts` names (all when it names none), with the organization's own error
/// recorded against the caller's account.
fn select(
    mut members: Vec<Account>,
    options: &LiveOptions,
    organization_error: Option<CollectionError>,
    caller: &str,
    rep: &Reporter,
) -> Result<Vec<Account>> {
    if let Some(only) = &options.accounts {
        for id in only {
            if !members
                .iter()
                .any(|a| &a.account_id == id && a.inactive_status().is_none())
            {
                anyhow::bail!(
                    "--accounts names {id}, which is not an active account of this organization"
                );
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
    Ok(members)
}

/// Every member, `options.concurrency` at a time, in the order given; then what could not be
/// collected, said on stderr.
async fn collect_accounts(
    members: Vec<Account>,
    caller: &str,
    config: &SdkConfig,
    options: &LiveOptions,
    rep: &Arc<Reporter>,
) -> Result<Vec<Account>> {
    rep.bar.set_length(members.len() as u64);
    let semaphore = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, account) in members.into_iter().enumerate() {
        let (semaphore, rep, config, caller) = (
            semaphore.clone(),
            rep.clone(),
            config.clone(),
            caller.to_string(),
        );
        let options = options.clone();
        tasks.spawn(async move {
            let account = one_account(account, &semaphore, &caller, &config, &options, &rep).await;
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
    Ok(accounts.into_iter().map(|(_, a)| a).collect())
}

/// One member once a permit is free; one that is not active is kept as listed, and said.
async fn one_account(
    account: Account,
    semaphore: &Semaphore,
    caller: &str,
    config: &SdkConfig,
    options: &LiveOptions,
    rep: &Reporter,
) -> Account {
    if let Some(status) = account.inactive_status() {
        // Nothing to sign in to: kept as listed, and said.
        rep.warn(format!(
            "account {}: not checked: its status is {status}",
            account.account_id
        ));
        rep.bar.inc(1);
        return account;
    }
    let _permit = semaphore.acquire().await.expect("semaphore open");
    let account = account::collect_account(account, caller, config, options, rep).await;
    rep.bar.inc(1);
    account
}
