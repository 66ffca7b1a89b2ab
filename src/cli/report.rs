//! `tenet report`: the readiness report, from a result set (`tenet check --format json`), or
//! straight from a snapshot, organization directory or credential report, which it checks
//! first (then the report also carries the account inventory).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::values::ReadinessFormat;
use super::waivers::{max_lifetime_days, parents_of, WaiverArgs};
use super::{report_collection_errors, report_policy_errors, select_rules, LimitArgs, PolicyArgs};
use tenet::inventory;
use tenet::model::Snapshot;
use tenet::output::write_output;
use tenet::pipeline::{parse_as_of, Evaluation, Input};
use tenet::policy::frameworks::Catalog;
use tenet::policy::Selection;
use tenet::readiness::{self, Inputs};
use tenet::results::Tally;

pub(crate) const REPORT_EXIT_CODES: &str = "Exit codes: 0 the report was written, whatever it \
says (failing controls included; use `tenet check` to gate CI); 2 usage, input or policy error \
(a rule that could not be evaluated in this run; the report is still written).";

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// A results file (tenet.results/v1), or a snapshot, organization directory or credential
    /// report to check first.
    #[arg(value_name = "INPUT")]
    pub(crate) input: PathBuf,
    /// A framework to report (repeatable, one section each; default: every catalog). When
    /// INPUT is checked first, only the rules mapped to these frameworks are evaluated.
    #[arg(long = "framework", value_name = "ID")]
    pub(crate) frameworks: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    pub(crate) format: ReadinessFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// An earlier result set (tenet.results/v1): show each control's status before → after and
    /// the readiness trend.
    #[arg(long, value_name = "OLD.json")]
    pub(crate) baseline: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) policies: PolicyArgs,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[command(flatten)]
    pub(crate) waivers: WaiverArgs,
    /// When INPUT is checked first: evaluate as of this RFC 3339 time (default: the snapshot's
    /// collected_at, else now).
    #[arg(long, value_name = "TIME", value_parser = parse_as_of)]
    pub(crate) as_of: Option<String>,
}

pub(crate) fn run_report(args: ReportArgs) -> Result<u8> {
    let baseline = match &args.baseline {
        Some(path) => Some(tenet::results::io::load_results(path)?),
        None => None,
    };
    let mut policies = args.policies.load()?;
    args.limits.apply(&mut policies.engine, &policies.bundle)?;
    let catalogs = select(&policies.catalogs, &args.frameworks)?;
    let waivers = args.waivers.load(
        &args.policies.policy_dirs,
        max_lifetime_days(&policies.bundle.config),
    )?;

    let is_results = args.input.is_file()
        && std::fs::read(&args.input)
            .with_context(|| format!("{}: cannot read", args.input.display()))
            .map(|bytes| tenet::results::io::is_results(&bytes))?;
    let (mut results, snapshot) = if is_results {
        if args.as_of.is_some() {
            bail!(
                "{}: --as-of applies to a snapshot or directory; a results file was evaluated as of its own as_of",
                args.input.display()
            );
        }
        (tenet::results::io::load_results(&args.input)?, None)
    } else {
        // The rules no reported framework maps to are not evaluated. When no rule maps to
        // them at all, every rule still is: the report then shows each control as not covered
        // by a rule, as it did before selection existed, rather than failing.
        let selection = Selection {
            frameworks: args.frameworks.clone(),
            ..Selection::default()
        };
        let mapped = policies.engine.rules().iter().any(|rule| {
            rule.frameworks
                .keys()
                .any(|framework| args.frameworks.contains(framework))
        });
        if mapped {
            select_rules(&mut policies.engine, &policies.catalogs, &selection)?;
        }
        let evaluation = Evaluation::new(&policies.engine, &policies.bundle, args.as_of.as_deref());
        // Read whole, not streamed: the inventory needs every account's credential report.
        let checked = evaluation.check_whole(Input::Path(args.input.clone()))?;
        report_collection_errors(&checked.snapshot);
        (checked.results, Some(checked.snapshot))
    };

    if let Some(waivers) = &waivers {
        let parents = parents_of(&results);
        super::waivers::apply(
            waivers,
            &mut results,
            &parents,
            args.waivers.waiver_warning_days,
        );
    }
    let mut report = readiness::build(&Inputs {
        results: &results,
        catalogs: &catalogs,
        rules: policies.engine.rules(),
        baseline: baseline.as_ref(),
    });
    if let Some(snapshot) = &snapshot {
        report.inventory = inventory_of(snapshot, &policies.bundle.config)?;
        if let Some(inventory) = report.inventory.as_mut() {
            inventory.count_waived(&results);
        }
    }
    write_output(args.output.as_deref(), |out| {
        readiness::write(args.format.into(), &report, out)
    })?;
    // A rule that could not be evaluated in this run makes it exit 2, the report written all
    // the same. Results read back were reported by the `check` that produced them.
    if snapshot.is_none() {
        return Ok(0);
    }
    let tally = Tally::of(&results.results);
    report_policy_errors(&tally);
    Ok(if tally.policy_errors.is_empty() { 0 } else { 2 })
}

/// The catalogs named by `--framework`, in the order given; all of them when none is named.
fn select<'a>(catalogs: &'a [Catalog], ids: &[String]) -> Result<Vec<&'a Catalog>> {
    if ids.is_empty() {
        return Ok(catalogs.iter().collect());
    }
    let mut selected: Vec<&Catalog> = Vec::new();
    for id in ids {
        let Some(catalog) = catalogs.iter().find(|c| &c.id == id) else {
            bail!(
                "--framework {id:?}: no such catalog (known: {})",
                catalogs
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        if !selected.iter().any(|c| c.id == catalog.id) {
            selected.push(catalog);
        }
    }
    Ok(selected)
}

/// The inventory section, with the key-rotation threshold of the policies' config. Without
/// one (`--no-builtin` and no `rotation_days` in any config) the section is left out.
fn inventory_of(
    snapshot: &Snapshot,
    config: &serde_json::Value,
) -> Result<Option<inventory::Inventory>> {
    let Some(rotation_days) = config.get("rotation_days").and_then(|v| v.as_i64()) else {
        eprintln!(
            "tenet: no rotation_days in the policy config: the report has no account inventory"
        );
        return Ok(None);
    };
    inventory::build(snapshot, &snapshot.collected_at, rotation_days).map(Some)
}
