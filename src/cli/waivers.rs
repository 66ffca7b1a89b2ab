//! `--waivers FILE` (check, report, diff): which waivers file applies, applying it, and what
//! the run says about it on stderr.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use tenet::error::InputError;
use tenet::results::{Results, WaiverState};
use tenet::waivers::{self, Waivers};

#[derive(Args)]
pub(crate) struct WaiverArgs {
    /// Accepted risks to apply (YAML: id, rule, accounts, resources, reason, owner, expires).
    /// Without it, a waivers.yaml at the top of a --policy directory applies.
    #[arg(long, value_name = "FILE")]
    pub(crate) waivers: Option<PathBuf>,
    /// Warn about waivers that expire within this many days of the as-of date.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub(crate) waiver_warning_days: i64,
}

impl WaiverArgs {
    /// The waivers file that applies, read and checked: --waivers, else the `waivers.yaml` of
    /// a --policy directory (two such files are a usage error: say which with --waivers).
    /// `max_lifetime_days` bounds `expires` − `created` where `created` is given.
    pub(crate) fn load(
        &self,
        policy_dirs: &[PathBuf],
        max_lifetime_days: i64,
    ) -> Result<Option<Waivers>> {
        let path = match &self.waivers {
            Some(path) => path.clone(),
            None => {
                let found: Vec<PathBuf> = policy_dirs
                    .iter()
                    .map(|dir| dir.join(waivers::POLICY_DIR_FILE))
                    .filter(|path| path.is_file())
                    .collect();
                match &found[..] {
                    [] => return Ok(None),
                    [one] => one.clone(),
                    [first, second, ..] => anyhow::bail!(
                        "two waivers files, {} and {}: choose one with --waivers FILE",
                        first.display(),
                        second.display()
                    ),
                }
            }
        };
        let waivers = Waivers::load(&path)?;
        check_lifetimes(&waivers, max_lifetime_days)?;
        Ok(Some(waivers))
    }
}

/// A waiver that outlives the maximum lifetime, or expires before it was created, is refused.
fn check_lifetimes(waivers: &Waivers, max_days: i64) -> Result<(), InputError> {
    for (i, w) in waivers.waivers.iter().enumerate() {
        if let Some(problem) = waivers::lifetime_problem(w, max_days) {
            let (line, column) = waivers.locate(i, "expires");
            return Err(InputError::new(&waivers.file, problem).at(line, Some(column)));
        }
    }
    Ok(())
}

/// The maximum lifetime where no policy config is read (`tenet diff`).
pub(crate) const DEFAULT_MAX_LIFETIME: i64 = waivers::DEFAULT_MAX_LIFETIME_DAYS;

/// The maximum lifetime the policy config sets (`waiver_max_lifetime_days`), else the default.
pub(crate) fn max_lifetime_days(config: &serde_json::Value) -> i64 {
    config
        .get("waiver_max_lifetime_days")
        .and_then(|v| v.as_i64())
        .unwrap_or(waivers::DEFAULT_MAX_LIFETIME_DAYS)
}

/// Applies `waivers` and says on stderr what needs attention: expired waivers (their findings
/// count again), waivers expiring soon, and stale ones that matched nothing.
pub(crate) fn apply(
    waivers: &Waivers,
    results: &mut Results,
    parents: &HashMap<String, Vec<String>>,
    warning_days: i64,
) {
    let outcome = waivers::apply(waivers, results, parents, warning_days);
    for w in &results.waivers {
        match w.state {
            WaiverState::Expired => eprintln!(
                "tenet: {}: waiver {} expired on {}: the {} finding(s) it matched count again",
                waivers.file, w.id, w.expires, w.findings
            ),
            WaiverState::Expiring => eprintln!(
                "tenet: {}: waiver {} expires in {} day(s), on {} (owner {})",
                waivers.file, w.id, w.days_left, w.expires, w.owner
            ),
            WaiverState::Stale => eprintln!(
                "tenet: {}: waiver {} is stale: it matched no fail or unknown finding",
                waivers.file, w.id
            ),
            WaiverState::Active => {}
        }
    }
    eprintln!(
        "tenet: {}: {} finding(s) waived by {} waiver(s)",
        waivers.file,
        outcome.waived,
        results
            .waivers
            .iter()
            .filter(|w| w.findings > 0 && w.state != WaiverState::Expired)
            .count()
    );
}

/// Each account's OU and root ids, from the results' evidence (recorded by every check, so
/// results read back have them too).
pub(crate) fn parents_of(results: &Results) -> HashMap<String, Vec<String>> {
    results
        .evidence
        .iter()
        .flat_map(|e| e.accounts.iter().chain(&e.not_checked))
        .map(|a| (a.account_id.clone(), a.parents.clone()))
        .collect()
}
