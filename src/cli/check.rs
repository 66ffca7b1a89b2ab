//! `tenet check`: load or collect a snapshot, evaluate it, write the results.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use super::{
    emit, report_collection_errors, report_policy_errors, snapshot_digest, ColorChoice, LimitArgs,
    LiveArgs, PolicyArgs,
};
use tenet::collect::{files, stream};
use tenet::diff;
use tenet::diff::format::DiffFormat;
use tenet::model::credential_report::normalize_time;
use tenet::output::{temp_dir_for, write_atomic, write_atomic_with};
use tenet::policy::bundle::policy_digest;
use tenet::policy::{Bundle, PolicyEngine};
use tenet::report::json_spill::Spill;
use tenet::report::{self, Style};

use super::values::{Format, Severity};
use tenet::results::{Results, Tally};

pub(crate) const CHECK_EXIT_CODES: &str =
    "Exit codes: 0 nothing failed at or above --fail-on; 1 something did; \
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
    /// Evaluate as of this RFC 3339 time (default: the snapshot's collected_at, else now).
    #[arg(long, value_name = "TIME")]
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
    let as_of = match &args.as_of {
        Some(t) => Some(normalize_time(t).with_context(|| {
            format!("--as-of {t:?} is not an RFC 3339 time like 2026-11-20T00:00:00Z")
        })?),
        None => None,
    };
    let now = || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // A bad baseline stops the run before anything is collected or evaluated.
    let baseline = match &args.baseline {
        Some(path) => Some(tenet::results::io::load_results(path)?),
        None => None,
    };
    let policies = args.policies.load()?;
    let mut engine = policies.engine;
    args.limits.apply(&mut engine, &policies.bundle)?;
    let (snapshot, snapshot_digest, findings) = match (&args.input, &args.credential_report) {
        // A saved snapshot is streamed: read, evaluated and forgotten account by account.
        (Some(input), None)
            if !args.live
                && args.save_snapshot.is_none()
                && input.is_file()
                && stream::is_snapshot_file(input) =>
        {
            if args.format == Format::Json && baseline.is_none() {
                return check_spilled(&args, &engine, &policies.bundle, input, as_of.as_deref());
            }
            let mut digest = String::new();
            let (findings, snapshot) =
                engine.evaluate_stream::<anyhow::Error>(as_of.as_deref(), |sink| {
                    let streamed = stream::read_snapshot(input, sink)?;
                    digest = tenet::results::evidence::hex(&streamed.sha256);
                    Ok(streamed.snapshot)
                })?;
            (snapshot, digest, findings)
        }
        _ => {
            let mut snapshot = match (&args.input, &args.credential_report) {
                _ if args.live => args.live_args.collect()?,
                (_, Some(report)) => {
                    files::load_single(report, &args.scps, &as_of.clone().unwrap_or_else(now))?
                }
                (Some(input), None) => files::load(input, &as_of.clone().unwrap_or_else(now))?,
                (None, None) => bail!("give an INPUT or --credential-report FILE"),
            };
            if let Some(as_of) = &as_of {
                snapshot.collected_at = as_of.clone();
            }
            // The snapshot as evaluated: saved with --save-snapshot, digested in the evidence.
            let snapshot_json = serde_json::to_vec_pretty(&snapshot)?;
            if let Some(path) = &args.save_snapshot {
                write_atomic(path, &snapshot_json)?;
            }
            let findings = engine.evaluate(&snapshot)?;
            (
                snapshot,
                snapshot_digest(args.input.as_deref(), &snapshot_json)?,
                findings,
            )
        }
    };
    let mut results = Results::new(snapshot.collected_at.clone(), findings);
    results.evidence = Some(tenet::results::evidence::evidence(
        &snapshot,
        snapshot_digest,
        policy_digest(&policies.bundle.sources),
    ));
    report_collection_errors(&snapshot);
    let tally = Tally::of(&results.results);
    report_policy_errors(&tally);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let input = input_path(&args);
    let context = report::Context {
        rules: engine.rules(),
        style: Style { color },
        input: input.as_deref(),
    };
    emit(args.format, &results, &context, args.output.as_deref())?;
    let code = tally.exit_code(args.fail_on.into(), args.allow_partial);
    let Some(base) = baseline else {
        return Ok(code);
    };
    let changes = diff::diff(&base, &results, &policies.catalogs);
    if args.format == Format::Table && args.output.is_none() {
        let mut out = std::io::stdout().lock();
        writeln!(out)?;
        diff::format::write(DiffFormat::Table, &changes, &mut out)?;
        out.flush()?;
    } else {
        let mut err = std::io::stderr().lock();
        diff::format::write(DiffFormat::Table, &changes, &mut err)?;
    }
    Ok(code.max(changes.exit_code()))
}

/// The file the findings were read from (SARIF locates results there): the snapshot or
/// credential report as given, an organization directory's organization.yaml. `None` for
/// `--live`.
fn input_path(args: &CheckArgs) -> Option<String> {
    let path = match (&args.input, &args.credential_report) {
        _ if args.live => return None,
        (_, Some(report)) => report.clone(),
        (Some(dir), None) if dir.join("organization.yaml").is_file() => {
            dir.join("organization.yaml")
        }
        (Some(input), None) => input.clone(),
        (None, None) => return None,
    };
    Some(path.to_string_lossy().into_owned())
}

/// `--format json` from a streamed snapshot: findings are spilled to a temporary file account by
/// account and written from it, so memory does not grow with the results (json_spill.rs).
fn check_spilled(
    args: &CheckArgs,
    engine: &PolicyEngine,
    bundle: &Bundle,
    input: &std::path::Path,
    as_of: Option<&str>,
) -> Result<u8> {
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
    let mut digest = String::new();
    let (organization, snapshot) =
        engine.evaluate_stream_each::<anyhow::Error>(as_of, &add, |sink| {
            let streamed = stream::read_snapshot(input, sink)?;
            digest = tenet::results::evidence::hex(&streamed.sha256);
            Ok(streamed.snapshot)
        })?;
    let mut head = Results::new(snapshot.collected_at.clone(), Vec::new());
    head.evidence = Some(tenet::results::evidence::evidence(
        &snapshot,
        digest,
        policy_digest(&bundle.sources),
    ));
    report_collection_errors(&snapshot);
    let tally = match &args.output {
        Some(path) => {
            let mut tally = None;
            write_atomic_with(path, |out| {
                tally = Some(spill.finish(head, organization, out)?);
                Ok(())
            })?;
            tally.expect("set by a successful write")
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let tally = spill.finish(head, organization, &mut out)?;
            out.flush()?;
            tally
        }
    };
    report_policy_errors(&tally);
    Ok(tally.exit_code(args.fail_on.into(), args.allow_partial))
}
