//! `tenet test`: the Rego unit tests.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use tenet::policy::{test, Bundle, BundleOptions};

#[derive(Args)]
pub(crate) struct TestArgs {
    /// Policy directories to test (default: the built-in policies).
    pub(crate) dirs: Vec<PathBuf>,
    /// Only tests whose full name (data.<package>.test_<name>) contains this text.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub(crate) run: String,
    /// List every test, not only failures.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

pub(crate) fn run_tests(args: TestArgs) -> Result<u8> {
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
