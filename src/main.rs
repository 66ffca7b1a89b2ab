//! The `tenet` command line: parse arguments, call the library, map outcomes to exit codes.
//!
//! Exit codes: 0 nothing failed at or above `--fail-on`; 1 something did (or a Rego test
//! failed); 2 usage, input, policy or collection error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use tenet::collect::{aws, aws::LiveOptions, files};
use tenet::diff;
use tenet::findings::{Results, Severity};
use tenet::frameworks::{self, Catalog};
use tenet::model::credential_report::normalize_time;
use tenet::output::write_atomic;
use tenet::policy::{test, Bundle, BundleOptions, PolicyEngine, RuleInfo};
use tenet::report::diff::DiffFormat;
use tenet::report::{self, Format, Style};

const EXIT_CODES: &str = "Exit codes: 0 nothing failed at or above --fail-on; 1 something did \
(or a Rego test failed, or `tenet diff` found new failures); 2 usage, input, policy or collection error.";

const CHECK_EXIT_CODES: &str =
    "Exit codes: 0 nothing failed at or above --fail-on; 1 something did; \
2 usage, input, policy or collection error, or an `error` finding (unless --allow-partial). \
With --baseline, the exit code is the higher of that and the diff's: 1 when a finding fails \
that did not fail in the baseline (whatever its severity), else 0.";

const DIFF_EXIT_CODES: &str = "Exit codes: 0 no finding fails in HEAD that did not fail in BASE; \
1 at least one does (a new rule's failures included); 2 usage or input error (a file that is \
not tenet.results/v1 JSON is named with its line and column).";

#[derive(Parser)]
#[command(name = "tenet", version, about = "Checks AWS root-user and IAM credential hygiene against CIS, SOC 2 and HIPAA controls with Rego policies.", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate the policies over an organization directory, a snapshot or a credential report.
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// Collect a snapshot from live AWS: the whole organization, or the one account.
    Collect(CollectArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego` files).
    Test(TestArgs),
    /// List the rules with their severity and controls.
    Rules(RulesArgs),
    /// List the control catalogs, or one catalog's controls with the rules covering each.
    Frameworks(FrameworksArgs),
    /// Compare two result sets (`tenet check --format json`): new and fixed failures, status
    /// changes, rules added or removed, readiness per framework.
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
}

#[derive(Args)]
struct PolicyArgs {
    /// Add the Rego policies in DIR (repeatable); a config.yaml at its top overrides thresholds.
    #[arg(long = "policy", value_name = "DIR")]
    policy_dirs: Vec<PathBuf>,
    /// Use only the policies given with --policy, not the built-in ones.
    #[arg(long)]
    no_builtin: bool,
    /// YAML file overriding thresholds in data.tenet.config.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The compiled policies and the catalogs their mappings were checked against.
struct Policies {
    engine: PolicyEngine,
    catalogs: Vec<Catalog>,
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
        Ok(Policies { engine, catalogs })
    }
}

#[derive(Args, Clone)]
struct LiveArgs {
    /// AWS profile (default: the standard credential chain: env, profiles, SSO, IMDS).
    #[arg(long)]
    profile: Option<String>,
    /// Region for the API calls (IAM and Organizations are global; default us-east-1).
    #[arg(long)]
    region: Option<String>,
    /// Send every AWS call to this endpoint (AWS_ENDPOINT_URL is honoured too).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Role to assume in each member account.
    #[arg(long, default_value = "OrganizationAccountAccessRole")]
    role_name: String,
    /// Only these accounts (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    accounts: Option<Vec<String>>,
    /// Accounts collected at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Seconds to wait for AWS to generate a credential report.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    report_timeout: u64,
    /// Log every AWS call (name, account, outcome, duration) on stderr.
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
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

#[derive(Args)]
struct CollectArgs {
    #[command(flatten)]
    live: LiveArgs,
    /// Where to write the snapshot (atomically).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Exit 0 even when some accounts could not be collected.
    #[arg(long)]
    allow_partial: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// An organization directory, a tenet.snapshot/v1 JSON file, or one credential report.
    #[arg(
        value_name = "INPUT",
        required_unless_present_any = ["credential_report", "live"],
        conflicts_with_all = ["credential_report", "live"]
    )]
    input: Option<PathBuf>,
    /// Collect from live AWS first (options as for `tenet collect`), then check.
    #[arg(long, conflicts_with = "credential_report")]
    live: bool,
    #[command(flatten)]
    live_args: LiveArgs,
    /// Exit 0 rather than 2 when some accounts could not be collected (their findings stay `error`).
    #[arg(long)]
    allow_partial: bool,
    /// One account's credential report (CSV, base64 blob or AWS CLI JSON).
    #[arg(long, value_name = "FILE")]
    credential_report: Option<PathBuf>,
    /// An SCP attached to that account (policy document or describe-policy output; repeatable).
    #[arg(long = "scp", value_name = "FILE", requires = "credential_report")]
    scps: Vec<PathBuf>,
    #[command(flatten)]
    policies: PolicyArgs,
    /// Evaluate as of this RFC 3339 time (default: the snapshot's collected_at, else now).
    #[arg(long, value_name = "TIME")]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Also compare with the results in BASE.json (from `tenet check --format json`). With
    /// --format table on stdout the diff follows the results there; otherwise it goes to stderr.
    #[arg(long, value_name = "BASE.json")]
    baseline: Option<PathBuf>,
    /// Exit 1 when a finding of this severity or higher fails.
    #[arg(long, value_enum, default_value = "low")]
    fail_on: Severity,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the snapshot that was evaluated to FILE.
    #[arg(long, value_name = "FILE")]
    save_snapshot: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Args)]
struct DiffArgs {
    /// Results before the change (tenet.results/v1).
    #[arg(value_name = "BASE.json")]
    base: PathBuf,
    /// Results after the change (tenet.results/v1).
    #[arg(value_name = "HEAD.json")]
    head: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: DiffFormat,
}

#[derive(Args)]
struct TestArgs {
    /// Policy directories to test (default: the built-in policies).
    dirs: Vec<PathBuf>,
    /// Only tests whose full name (data.<package>.test_<name>) contains this text.
    #[arg(long, value_name = "TEXT", default_value = "")]
    run: String,
    /// List every test, not only failures.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args)]
struct RulesArgs {
    #[command(flatten)]
    policies: PolicyArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Args)]
struct FrameworksArgs {
    /// A catalog id (e.g. cis-aws-6.0); without it, list the catalogs.
    id: Option<String>,
    #[command(flatten)]
    policies: PolicyArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`tenet check ... | head`) is not a failure.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tenet: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Collect(args) => collect(args),
        Command::Test(args) => run_tests(args),
        Command::Rules(args) => rules(args),
        Command::Frameworks(args) => list_frameworks(args),
        Command::Diff(args) => run_diff(args),
    }
}

fn check(args: CheckArgs) -> Result<u8> {
    let as_of = match &args.as_of {
        Some(t) => Some(normalize_time(t).with_context(|| {
            format!("--as-of {t:?} is not an RFC 3339 time like 2026-11-20T00:00:00Z")
        })?),
        None => None,
    };
    let now = || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // A bad baseline stops the run before anything is collected or evaluated.
    let baseline = match &args.baseline {
        Some(path) => Some(diff::load_results(path)?),
        None => None,
    };
    let mut snapshot = match (&args.input, &args.credential_report) {
        _ if args.live => args.live_args.collect()?,
        (_, Some(report)) => {
            files::load_single(report, &args.scps, &as_of.clone().unwrap_or_else(now))?
        }
        (Some(input), None) => files::load(input, &as_of.clone().unwrap_or_else(now))?,
        (None, None) => bail!("give an INPUT or --credential-report FILE"),
    };
    if let Some(as_of) = as_of {
        snapshot.collected_at = as_of;
    }
    if let Some(path) = &args.save_snapshot {
        write_atomic(path, &serde_json::to_vec_pretty(&snapshot)?)?;
    }
    let engine = args.policies.load()?.engine;
    let results = Results::new(snapshot.collected_at.clone(), engine.evaluate(&snapshot)?);
    for account in &snapshot.accounts {
        for e in &account.errors {
            eprintln!(
                "tenet: account {}: {} not collected: {}",
                account.account_id, e.stage, e.message
            );
        }
    }
    // A broken rule errors in every account; say so once, not once per account.
    let mut policy_errors: Vec<(&str, &str)> = results
        .results
        .iter()
        .filter(|f| {
            f.status == tenet::findings::Status::Error && f.message.starts_with("policy error")
        })
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    policy_errors.sort();
    policy_errors.dedup();
    for (rule, message) in policy_errors {
        eprintln!("tenet: rule {rule}: {message}");
    }
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
        style: Style { color },
    };
    emit(args.format, &results, &context, args.output.as_deref())?;
    let code = results.exit_code(args.fail_on, args.allow_partial);
    let Some(base) = baseline else {
        return Ok(code);
    };
    let changes = diff::diff(&base, &results);
    if args.format == Format::Table && args.output.is_none() {
        let mut out = std::io::stdout().lock();
        writeln!(out)?;
        report::diff::write(DiffFormat::Table, &changes, &mut out)?;
        out.flush()?;
    } else {
        let mut err = std::io::stderr().lock();
        report::diff::write(DiffFormat::Table, &changes, &mut err)?;
    }
    Ok(code.max(changes.exit_code()))
}

fn run_diff(args: DiffArgs) -> Result<u8> {
    let base = diff::load_results(&args.base)?;
    let head = diff::load_results(&args.head)?;
    let changes = diff::diff(&base, &head);
    let mut out = std::io::stdout().lock();
    report::diff::write(args.format, &changes, &mut out)?;
    out.flush()?;
    Ok(changes.exit_code())
}

fn collect(args: CollectArgs) -> Result<u8> {
    let snapshot = args.live.collect()?;
    write_atomic(&args.output, &serde_json::to_vec_pretty(&snapshot)?)?;
    let failed = snapshot
        .accounts
        .iter()
        .filter(|a| a.fatal_error().is_some())
        .count();
    eprintln!(
        "tenet: collected {} accounts into {}{}",
        snapshot.accounts.len(),
        args.output.display(),
        if failed > 0 {
            format!("; {failed} could not be collected")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 && !args.allow_partial {
        2
    } else {
        0
    })
}

fn emit(
    format: Format,
    results: &Results,
    context: &report::Context,
    output: Option<&std::path::Path>,
) -> Result<()> {
    match output {
        Some(path) => {
            let mut buf = Vec::new();
            report::write(format, results, context, &mut buf)?;
            write_atomic(path, &buf)
        }
        None => {
            let mut out = std::io::stdout().lock();
            report::write(format, results, context, &mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn run_tests(args: TestArgs) -> Result<u8> {
    let bundle = Bundle::load(&BundleOptions {
        builtin: args.dirs.is_empty(),
        dirs: args.dirs,
        config: None,
    })?;
    let outcomes = test::run(&bundle, &args.run)?;
    let mut out = std::io::stdout().lock();
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    for o in &outcomes {
        match &o.failure {
            Some(why) => writeln!(out, "FAIL {}:{}: {}: {why}", o.file, o.line, o.name)?,
            None if args.verbose => writeln!(out, "PASS {}:{}: {}", o.file, o.line, o.name)?,
            None => {}
        }
    }
    writeln!(out, "{} passed, {} failed", outcomes.len() - failed, failed)?;
    Ok(if failed > 0 { 1 } else { 0 })
}

fn rules(args: RulesArgs) -> Result<u8> {
    let policies = args.policies.load()?;
    let rules = policies.engine.rules();
    let mut out = std::io::stdout().lock();
    let controls = |r: &RuleInfo, sep: &str| -> String {
        r.frameworks
            .iter()
            .map(|(f, ids)| format!("{f} {}", ids.join(", ")))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, rules)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            for r in rules {
                writeln!(out, "{:<26} {:<8} {}", r.id, r.severity.as_str(), r.title)?;
                writeln!(out, "{:<35} {}", "", controls(r, "; "))?;
            }
        }
        ListFormat::Markdown => {
            writeln!(out, "| rule | severity | title | controls |")?;
            writeln!(out, "|---|---|---|---|")?;
            for r in rules {
                let title = r.title.replace('|', "\\|");
                writeln!(
                    out,
                    "| `{}` | {} | {title} | {} |",
                    r.id,
                    r.severity.as_str(),
                    controls(r, "<br>")
                )?;
            }
        }
    }
    Ok(0)
}

fn list_frameworks(args: FrameworksArgs) -> Result<u8> {
    let policies = args.policies.load()?;
    let rules = policies.engine.rules();
    let mut out = std::io::stdout().lock();
    let Some(id) = &args.id else {
        let rows: Vec<serde_json::Value> = policies
            .catalogs
            .iter()
            .map(|c| {
                let covered = frameworks::coverage(c, rules);
                serde_json::json!({
                    "id": c.id, "name": c.name, "version": c.version,
                    "controls": c.controls.len(),
                    "covered": c.controls.iter().filter(|k| covered.contains_key(&k.id)).count(),
                })
            })
            .collect();
        match args.format {
            ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
            _ => {
                for r in &rows {
                    writeln!(
                        out,
                        "{:<12} {} {}: {} controls, {} covered by rules, the rest manual",
                        r["id"].as_str().unwrap_or_default(),
                        r["name"].as_str().unwrap_or_default(),
                        r["version"].as_str().unwrap_or_default(),
                        r["controls"],
                        r["covered"]
                    )?;
                }
            }
        }
        return Ok(0);
    };
    let Some(catalog) = policies.catalogs.iter().find(|c| &c.id == id) else {
        let known: Vec<&str> = policies.catalogs.iter().map(|c| c.id.as_str()).collect();
        bail!("no catalog {id:?}; known: {}", known.join(", "));
    };
    let covered = frameworks::coverage(catalog, rules);
    let rows: Vec<serde_json::Value> = catalog
        .controls
        .iter()
        .map(|k| {
            let by: Vec<&str> = covered.get(&k.id).cloned().unwrap_or_default();
            serde_json::json!({
                "id": k.id, "title": k.title, "section": k.section, "assessment": k.assessment,
                "tenet": if by.is_empty() { "manual" } else { "automated" }, "rules": by,
            })
        })
        .collect();
    match args.format {
        ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        ListFormat::Markdown => {
            writeln!(
                out,
                "| control | title | {} says | tenet | rules |",
                catalog.id
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for r in &rows {
                let rules: Vec<String> = r["rules"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| format!("`{}`", v.as_str().unwrap_or_default()))
                    .collect();
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    s(&r["id"]),
                    s(&r["title"]),
                    s(&r["assessment"]),
                    s(&r["tenet"]),
                    rules.join(", ")
                )?;
            }
        }
        ListFormat::Table => {
            writeln!(out, "{} {} ({})", catalog.name, catalog.version, catalog.id)?;
            for r in &rows {
                let rules: Vec<&str> = r["rules"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .collect();
                let by = if rules.is_empty() {
                    "manual: evidence required".to_string()
                } else {
                    rules.join(", ")
                };
                writeln!(
                    out,
                    "  {:<22} {:<9} {}\n  {:<22} {:<9} -> {by}",
                    s(&r["id"]),
                    s(&r["assessment"]),
                    s(&r["title"]),
                    "",
                    ""
                )?;
            }
        }
    }
    Ok(0)
}

fn s(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or_default()
}
