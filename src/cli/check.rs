//! `tenet check`: load or collect a snapshot, evaluate it, write the results.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::values::{Format, Severity};
use super::waivers::{max_lifetime_days, WaiverArgs};
use super::{
    report_collection_errors, report_policy_errors, ColorChoice, FilterArgs, LimitArgs, LiveArgs,
    PolicyArgs, SelectArgs,
};
use tenet::diff;
use tenet::diff::format::DiffFormat;
use tenet::output::{temp_dir_for, write_output};
use tenet::pipeline::{parse_as_of, Checked, Evaluation, Input};
use tenet::report::json_spill::Spill;
use tenet::report::{self, Style};
use tenet::results::Tally;

pub(crate) const CHECK_EXIT_CODES: &str =
    "Exit codes: 0 nothing failed at or above --fail-on; 1 something did (a waived finding never \
does; one whose waiver expired does); \
2 usage, input, policy or collection error, or an `error` finding (--allow-partial forgives \
those of accounts that could not be collected, never a policy error). \
With --baseline, the exit code is the higher of that and the diff's: 1 when a finding fails \
that did not fail in the baseline (whatever its severity), else 0.";

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// An organization directory, a tenet.snapshot/v1 JSON file, or one credential report.
    #[arg(
        value_name = "INPUT",
        required_unless_present_any = ["credential_report", "live"],
        conflicts_with_all = ["credential_report", "live"]
    )]
    pub(crate) input: Option<PathBuf>,
    /// Collect from live AWS first (options as for `tenet collect`), then check.
    #[arg(long, conflicts_with = "credential_report")]
    pub(crate) live: bool,
    #[command(flatten)]
    pub(crate) live_args: LiveArgs,
    /// Exit 0 rather than 2 when some accounts could not be collected (their findings stay
    /// `error`); a policy error still exits 2.
    #[arg(long)]
    pub(crate) allow_partial: bool,
    /// One account's credential report (CSV, base64 blob or AWS CLI JSON).
    #[arg(long, value_name = "FILE")]
    pub(crate) credential_report: Option<PathBuf>,
    /// An SCP attached to that account (policy document or describe-policy output; repeatable).
    #[arg(long = "scp", value_name = "FILE", requires = "credential_report")]
    pub(crate) scps: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) policies: PolicyArgs,
    #[command(flatten)]
    pub(crate) select: SelectArgs,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) waivers: WaiverArgs,
    /// Evaluate as of this RFC 3339 time (default: the snapshot's collected_at, else now).
    #[arg(long, value_name = "TIME", value_parser = parse_as_of)]
    pub(crate) as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: Format,
    /// Also compare with the results in BASE.json (from `tenet check --format json`). With
    /// --format table on stdout the diff follows the results there; otherwise it goes to stderr.
    #[arg(long, value_name = "BASE.json")]
    pub(crate) baseline: Option<PathBuf>,
    /// Exit 1 when a finding of this severity or higher fails.
    #[arg(long, value_enum, default_value = "low")]
    pub(crate) fail_on: Severity,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the snapshot that was evaluated to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) save_snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: ColorChoice,
}

pub(crate) fn check(args: CheckArgs) -> Result<u8> {
    // A bad baseline stops the run before anything is collected or evaluated.
    let baseline = match &args.baseline {
        Some(path) => Some(tenet::results::io::load_results(path)?),
        None => None,
    };
    let mut policies = args.policies.load()?;
    // A bad waivers file stops the run before anything is evaluated.
    let waivers = args.waivers.load(
        &args.policies.policy_dirs,
        max_lifetime_days(&policies.bundle.config),
    )?;
    args.select.apply(&mut policies)?;
    let mut engine = policies.engine;
    args.limits.apply(&mut engine, &policies.bundle)?;
    let input = match (&args.input, &args.credential_report) {
        _ if args.live => Input::Collected(args.live_args.collect()?),
        (_, Some(report)) => Input::CredentialReport {
            report: report.clone(),
            scps: args.scps.clone(),
        },
        (Some(path), None) => Input::Path(path.clone()),
        (None, None) => bail!("give an INPUT or --credential-report FILE"),
    };
    let evaluation = Evaluation::new(&engine, &policies.bundle, args.as_of.as_deref());
    // JSON from a saved snapshot is written as it is evaluated, so memory does not grow with
    // the results (json_spill.rs). Not when filtered: the filter's --ou needs the whole
    // snapshot, and the spill would write every finding; filtered output is smaller anyway.
    // Nor with waivers: they apply to the whole result set before anything is written.
    if args.format == Format::Json
        && !args.filter.given()
        && waivers.is_none()
        && baseline.is_none()
        && args.save_snapshot.is_none()
        && input.streams()
    {
        return check_spilled(&args, &evaluation, &input);
    }
    let location = input.location();
    let Checked {
        mut results,
        snapshot,
    } = evaluation.check(input, args.save_snapshot.as_deref())?;
    report_collection_errors(&snapshot);
    if let Some(waivers) = &waivers {
        let parents = super::waivers::parents_of(&results);
        super::waivers::apply(
            waivers,
            &mut results,
            &parents,
            args.waivers.waiver_warning_days,
        );
    }
    let filter = args.filter.resolve(&snapshot, &results)?;
    // The exit code and the baseline diff are of the whole evaluation, not what is shown.
    let tally = Tally::of(&results.results);
    report_policy_errors(&tally);
    let changes = baseline.map(|base| diff::diff(&base, &results, &policies.catalogs));
    filter.apply(&mut results);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let context = report::Context {
        rules: engine.rules(),
        style: Style {
            color,
            // Asking for statuses means seeing each finding of them.
            every_finding: !args.filter.statuses.is_empty(),
        },
        input: location.as_deref(),
    };
    write_output(args.output.as_deref(), |out| {
        report::write(args.format.into(), &results, &context, out)
    })?;
    let code = tally.exit_code(args.fail_on.into(), args.allow_partial);
    let Some(changes) = changes else {
        return Ok(code);
    };
    if args.format == Format::Table && args.output.is_none() {
        write_output(None, |out| {
            writeln!(out)?;
            diff::format::write(DiffFormat::Table, &changes, out)
        })?;
    } else {
        let mut err = std::io::stderr().lock();
        diff::format::write(DiffFormat::Table, &changes, &mut err)?;
    }
    Ok(code.max(changes.exit_code()))
}

/// `--format json` from a saved snapshot: findings are spilled to a temporary file account by
/// account and written from it.
fn check_spilled(args: &CheckArgs, evaluation: &Evaluation, input: &Input) -> Result<u8> {
    // Beside the output, like the output's own temporary file (output.rs), with its message.
    let dir = args.output.as_deref().and_then(temp_dir_for);
    let spill = Spill::new(dir.as_deref()).with_context(|| match (&args.output, &dir) {
        (Some(path), Some(dir)) => format!(
            "{}: cannot create a file in {}",
            path.display(),
            dir.display()
        ),
        _ => "cannot create a temporary file".to_string(),
    })?;
    let add = |batch| spill.add(batch).map_err(anyhow::Error::from);
    let Checked {
        mut results,
        snapshot,
    } = evaluation.check_each(input, &add)?;
    report_collection_errors(&snapshot);
    let organization = std::mem::take(&mut results.results);
    let tally = write_output(args.output.as_deref(), |out| {
        spill.finish(results, organization, out)
    })?;
    report_policy_errors(&tally);
    Ok(tally.exit_code(args.fail_on.into(), args.allow_partial))
}
