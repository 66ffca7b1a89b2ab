//! The subcommands, one file each; this file holds the arguments and helpers they share.

pub mod catalog;
pub mod check;
pub mod collect;
pub mod diff;
pub mod init;
pub mod inventory;
pub mod lint;
pub mod man;
pub mod report;
pub mod test;
pub mod values;
pub mod waivers;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use tenet::collect::{aws, aws::LiveOptions};
use tenet::policy::frameworks::{self, Catalog};
use tenet::policy::{Bundle, BundleOptions, Isolation, PolicyEngine, Selection};
use tenet::report::single_line;

use tenet::model::Snapshot;
use tenet::results::filter::Filter;
use tenet::results::{Results, Tally};
use values::{Severity, StatusFilter};

#[derive(Args)]
pub(crate) struct PolicyArgs {
    /// Add the Rego policies in DIR (repeatable); a config.yaml at its top overrides thresholds.
    #[arg(long = "policy", value_name = "DIR")]
    pub(crate) policy_dirs: Vec<PathBuf>,
    /// Use only the policies given with --policy, not the built-in ones.
    #[arg(long)]
    pub(crate) no_builtin: bool,
    /// YAML file overriding thresholds in data.tenet.config.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// The compiled policies and the catalogs their mappings were checked against.
pub(crate) struct Policies {
    pub(crate) engine: PolicyEngine,
    pub(crate) catalogs: Vec<Catalog>,
    /// The sources and config they were compiled from (digested for the readiness evidence).
    pub(crate) bundle: Bundle,
}

impl PolicyArgs {
    fn load(&self) -> Result<Policies> {
        let bundle = Bundle::load(&BundleOptions {
            builtin: !self.no_builtin,
            dirs: self.policy_dirs.clone(),
            config: self.config.clone(),
        })?;
        let engine = PolicyEngine::compile(&bundle)?;
        let catalogs = frameworks::load(&bundle.catalogs)?;
        frameworks::validate(engine.rules(), &catalogs, &bundle.sources)?;
        Ok(Policies {
            engine,
            catalogs,
            bundle,
        })
    }
}

/// Which rules to evaluate; several options narrow together, repeated values of one widen.
#[derive(Args)]
pub(crate) struct SelectArgs {
    /// Evaluate only the rules with this id or glob (`*`, `?`; repeatable), e.g. 'root_*'.
    #[arg(long = "rule", value_name = "ID|GLOB")]
    pub(crate) rules: Vec<String>,
    /// Evaluate only the rules mapped to this framework (repeatable; `tenet frameworks` lists them).
    #[arg(long = "framework", value_name = "ID")]
    pub(crate) frameworks: Vec<String>,
    /// Evaluate only the rules mapped to this control of the --framework given (repeatable).
    #[arg(long = "control", value_name = "ID", requires = "frameworks")]
    pub(crate) controls: Vec<String>,
    /// Evaluate only the rules of this severity or higher.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) severity: Option<Severity>,
}

impl SelectArgs {
    /// Narrows `policies` to the selected rules, before anything is evaluated.
    pub(crate) fn apply(&self, policies: &mut Policies) -> Result<()> {
        select_rules(
            &mut policies.engine,
            &policies.catalogs,
            &Selection {
                rules: self.rules.clone(),
                frameworks: self.frameworks.clone(),
                controls: self.controls.clone(),
                min_severity: self.severity.map(Into::into),
            },
        )
    }
}

/// Evaluates only the rules `selection` admits (every rule when it is empty).
pub(crate) fn select_rules(
    engine: &mut PolicyEngine,
    catalogs: &[Catalog],
    selection: &Selection,
) -> Result<()> {
    if selection.is_empty() {
        return Ok(());
    }
    let ids = selection.resolve(engine.rules(), catalogs)?;
    engine.select(&ids)
}

/// Which findings `tenet check` shows; every selected rule is still evaluated, and the summary
/// and exit code still count every finding. Options narrow together; --account and --ou widen
/// each other (an account either admits is shown).
#[derive(Args)]
pub(crate) struct FilterArgs {
    /// Show only findings with this status (comma-separated, repeatable; `all` = every status).
    /// The summary and exit code still count every finding.
    #[arg(
        id = "filter_statuses",
        long = "status",
        value_enum,
        value_delimiter = ',',
        value_name = "STATUS"
    )]
    pub(crate) statuses: Vec<StatusFilter>,
    /// Show only findings of this account (comma-separated, repeatable). Unlike --accounts
    /// (which accounts --live collects), every account is still evaluated.
    #[arg(
        id = "filter_accounts",
        long = "account",
        value_delimiter = ',',
        value_name = "ID"
    )]
    pub(crate) accounts: Vec<String>,
    /// Show only findings of the accounts below this OU or root, at any depth (repeatable).
    #[arg(id = "filter_ous", long = "ou", value_name = "OU-ID")]
    pub(crate) ous: Vec<String>,
}

impl FilterArgs {
    /// Whether any filter flag was given, even one that admits everything (`--status all`).
    pub(crate) fn given(&self) -> bool {
        !(self.statuses.is_empty() && self.accounts.is_empty() && self.ous.is_empty())
    }

    /// The filter asked for, each --ou expanded to the accounts below it. An account or OU the
    /// evaluation does not have is a usage error: a typo would otherwise show nothing.
    pub(crate) fn resolve(&self, snapshot: &Snapshot, results: &Results) -> Result<Filter> {
        let statuses = if self.statuses.contains(&StatusFilter::All) {
            BTreeSet::new()
        } else {
            self.statuses.iter().filter_map(|s| s.status()).collect()
        };
        // Organization findings carry the management account, or "" when it is unknown.
        let known: BTreeSet<&str> = snapshot
            .accounts
            .iter()
            .map(|a| a.account_id.as_str())
            .chain(results.results.iter().map(|f| &*f.account))
            .collect();
        for id in &self.accounts {
            if !known.contains(id.as_str()) {
                bail!(
                    "no account {id:?} in the snapshot (known: {})",
                    first_ids(&known)
                );
            }
        }
        let mut accounts: BTreeSet<String> = self.accounts.iter().cloned().collect();
        for ou in &self.ous {
            let below = Filter::accounts_below(snapshot, ou);
            if below.is_empty() {
                let ous: BTreeSet<&str> = snapshot
                    .accounts
                    .iter()
                    .flat_map(|a| a.parents.iter().map(String::as_str))
                    .collect();
                bail!(
                    "no account below OU {ou:?} in the snapshot (known: {})",
                    first_ids(&ous)
                );
            }
            accounts.extend(below);
        }
        Ok(Filter { statuses, accounts })
    }
}

/// The first ids of a set for a message, "…" standing for the rest; "none" when it is empty.
fn first_ids(ids: &BTreeSet<&str>) -> String {
    const SHOWN: usize = 20;
    let mut listed: Vec<&str> = ids.iter().copied().filter(|id| !id.is_empty()).collect();
    if listed.is_empty() {
        return "none".to_string();
    }
    if listed.len() > SHOWN {
        listed.truncate(SHOWN);
        listed.push("…");
    }
    listed.join(", ")
}

/// Bounds on what evaluating one account may cost (see src/policy/limits.rs and isolation.rs).
#[derive(Args)]
pub(crate) struct LimitArgs {
    /// Stop evaluating a rule over one account after this long; its finding becomes `error`.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) eval_timeout: u64,
    /// Memory limit of each evaluation worker process, in MiB beyond what the program itself
    /// maps at start: a rule that needs more for an account becomes an `error` finding for
    /// that account, and the others still finish.
    #[arg(long, default_value_t = 4096, value_name = "MIB", value_parser = clap::value_parser!(u64).range(64..))]
    pub(crate) max_memory: u64,
}

impl LimitArgs {
    /// Sets the evaluation timeout, and evaluation in worker processes under the memory limit.
    pub(crate) fn apply(&self, engine: &mut PolicyEngine, bundle: &Bundle) -> Result<()> {
        engine.set_limits(&tenet::policy::Limits {
            eval_timeout: std::time::Duration::from_secs(self.eval_timeout),
        });
        let program = std::env::current_exe().context("cannot find the tenet executable")?;
        engine.isolate(Isolation::new(program, self.max_memory, bundle));
        Ok(())
    }
}

#[derive(Args, Clone)]
pub(crate) struct LiveArgs {
    /// AWS profile (default: the standard credential chain: env, profiles, SSO, IMDS).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// Region for the API calls (IAM and Organizations are global; default us-east-1).
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured too).
    #[arg(long, value_name = "URL")]
    pub(crate) endpoint_url: Option<String>,
    /// Role to assume in each member account.
    #[arg(long, default_value = "OrganizationAccountAccessRole")]
    pub(crate) role_name: String,
    /// Only these accounts (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) accounts: Option<Vec<String>>,
    /// Accounts collected at once.
    #[arg(long, default_value_t = 8)]
    pub(crate) concurrency: usize,
    /// Seconds to wait for AWS to generate a credential report.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub(crate) report_timeout: u64,
    /// Log every AWS call (name, account, outcome, duration) on stderr.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

impl LiveArgs {
    fn collect(&self) -> Result<tenet::model::Snapshot> {
        let options = LiveOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            role_name: self.role_name.clone(),
            accounts: self.accounts.clone(),
            concurrency: self.concurrency,
            report_timeout: std::time::Duration::from_secs(self.report_timeout),
            verbose: self.verbose,
            progress: std::io::stderr().is_terminal() && self.verbose == 0,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(aws::collect(&options))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Every error recorded while collecting, one stderr line each.
pub(crate) fn report_collection_errors(snapshot: &tenet::model::Snapshot) {
    for account in &snapshot.accounts {
        for e in &account.errors {
            eprintln!(
                "tenet: account {}: {} not collected: {}",
                account.account_id,
                e.stage,
                single_line(&e.message)
            );
        }
    }
}

/// A broken rule errors in every account: each distinct policy error of `tally`, said once.
pub(crate) fn report_policy_errors(tally: &Tally) {
    for (rule, message) in &tally.policy_errors {
        eprintln!("tenet: rule {rule}: {}", single_line(message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_ids_is_cut_after_twenty() {
        let ids: Vec<String> = (0..25).map(|i| format!("{i:02}")).collect();
        let ids: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let listed = first_ids(&ids);
        assert!(listed.starts_with("00, 01, "), "{listed}");
        assert!(listed.ends_with("18, 19, …"), "{listed}");
        assert_eq!(first_ids(&BTreeSet::from([""])), "none");
    }
}
