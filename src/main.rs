//! The `tenet` command line: parse arguments, call the library, map outcomes to exit codes.
//!
//! Exit codes: 0 nothing failed at or above `--fail-on`; 1 something did (or a Rego test
//! failed); 2 usage, input, policy or collection error.

mod cli;

use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

use cli::catalog::{FrameworksArgs, RulesArgs};
use cli::check::{CheckArgs, CHECK_EXIT_CODES};
use cli::collect::CollectArgs;
use cli::diff::{DiffArgs, DIFF_EXIT_CODES};
use cli::init::InitArgs;
use cli::inventory::InventoryArgs;
use cli::lint::{LintArgs, LINT_EXIT_CODES};
use cli::report::{ReportArgs, REPORT_EXIT_CODES};
use cli::test::{TestArgs, TEST_EXIT_CODES};

const EXIT_CODES: &str = "Exit codes: 0 nothing failed at or above --fail-on; 1 something did \
(or a Rego test failed or coverage is below --coverage-min, `tenet lint` found a problem, or `tenet diff` \
found new failures); 2 usage, input, policy or collection error.";

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
    Check(Box<CheckArgs>),
    /// Collect a snapshot from live AWS: the whole organization, or the one account.
    Collect(CollectArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego` files), with line coverage.
    #[command(after_help = TEST_EXIT_CODES)]
    Test(TestArgs),
    /// Check policies without running them: METADATA, rule ids, control ids, and calls to the
    /// clock or other non-deterministic built-ins.
    #[command(after_help = LINT_EXIT_CODES)]
    Lint(LintArgs),
    /// Write the built-in policies, their tests, config.yaml and the control catalogs into a
    /// directory, to keep and edit under version control.
    Init(InitArgs),
    /// List the rules with their severity and controls.
    Rules(RulesArgs),
    /// List the control catalogs, or one catalog's controls with the rules covering each.
    Frameworks(FrameworksArgs),
    /// Compare two result sets (`tenet check --format json`): new and fixed failures, status
    /// changes, rules added or removed, readiness per framework.
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// Compliance readiness report per framework (html, md, csv, json) from results, or from a
    /// snapshot or organization directory (checked first).
    #[command(after_help = REPORT_EXIT_CODES)]
    Report(ReportArgs),
    /// One row per account: root MFA and keys, root last use, users without MFA, stale keys.
    Inventory(InventoryArgs),
    /// Print a shell completion script: `tenet completions bash > /etc/bash_completion.d/tenet`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the tenet(1) man page (roff), or with --dir write tenet.1 and a page per
    /// subcommand (tenet-check.1, ...) into DIR.
    Man {
        /// Write every page into this directory instead of printing tenet(1).
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    // An evaluation worker process (src/policy/worker.rs) is started by tenet itself, never
    // by a user: it is not a subcommand, so help, completions and man pages never show it.
    if std::env::args_os().nth(1).as_deref()
        == Some(tenet::policy::protocol::WORKER_COMMAND.as_ref())
    {
        return match tenet::policy::worker::serve() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("tenet: {err:#}");
                ExitCode::from(2)
            }
        };
    }
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
        Command::Check(args) => cli::check::check(*args),
        Command::Collect(args) => cli::collect::collect(args),
        Command::Test(args) => cli::test::run_tests(args),
        Command::Lint(args) => cli::lint::run_lint(args),
        Command::Init(args) => cli::init::run_init(args),
        Command::Rules(args) => cli::catalog::rules(args),
        Command::Frameworks(args) => cli::catalog::list_frameworks(args),
        Command::Diff(args) => cli::diff::run_diff(args),
        Command::Report(args) => cli::report::run_report(args),
        Command::Inventory(args) => cli::inventory::run_inventory(args),
        Command::Completions { shell } => {
            // Generated into memory first: clap_complete panics on a write error, and a
            // closed pipe (`| head`) must not be one.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tenet", &mut script);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(0)
        }
        Command::Man { dir } => cli::man::write(Cli::command(), dir.as_deref()).map(|()| 0),
    }
}

// Evaluation allocates and frees many small values; mimalloc does that faster than glibc's
// malloc (measured with scripts/bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
