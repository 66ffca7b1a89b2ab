//! `tenet test`: the Rego unit tests, their failures with the values involved, and line
//! coverage of the rule files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;

use tenet::policy::coverage::{self, FileCoverage};
use tenet::policy::test::{self, TestOutcome};
use tenet::policy::{Bundle, BundleOptions};

pub(crate) const TEST_EXIT_CODES: &str = "Exit codes: 0 every test passed (and coverage reached \
--coverage-min); 1 a test failed, or a file's coverage is below --coverage-min; 2 a policy does \
not compile, test data is invalid, or no test was found.";

#[derive(Args)]
pub(crate) struct TestArgs {
    /// Policy directories to test (default: the built-in policies).
    pub(crate) dirs: Vec<PathBuf>,
    /// Only tests whose full name (data.<package>.test_<name>) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub(crate) run: Option<String>,
    /// List every test, passing ones included, with their print() output.
    #[arg(short, long)]
    pub(crate) verbose: bool,
    /// Print the line coverage of each rule and library file (tests excluded).
    #[arg(long)]
    pub(crate) coverage: bool,
    /// Fail (exit 1) when any rule or library file has less line coverage than PCT percent;
    /// implies --coverage.
    #[arg(long, value_name = "PCT", value_parser = percent)]
    pub(crate) coverage_min: Option<f64>,
}

fn percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("{text:?} is not a percentage from 0 to 100")),
    }
}

pub(crate) fn run_tests(args: TestArgs) -> Result<u8> {
    let filter = args.run.as_deref().map(test::filter).transpose()?;
    let bundle = Bundle::load(&BundleOptions {
        builtin: args.dirs.is_empty(),
        dirs: args.dirs,
        config: None,
    })?;
    let with_coverage = args.coverage || args.coverage_min.is_some();
    let run = test::run(&bundle, filter.as_ref(), with_coverage)?;
    if run.outcomes.is_empty() {
        match &args.run {
            Some(pattern) => bail!("no test_* rule matches --run {pattern:?}"),
            None => bail!("no test_* rules found in *_test.rego files"),
        }
    }

    let mut out = std::io::stdout().lock();
    for outcome in &run.outcomes {
        write_outcome(&mut out, outcome, args.verbose)?;
    }
    let mut below = Vec::new();
    if let Some(files) = &run.coverage {
        write_coverage(&mut out, files)?;
        if let Some(min) = args.coverage_min {
            below = files.iter().filter(|f| !f.meets(min)).collect();
        }
    }
    let failed = run.outcomes.iter().filter(|o| o.failure.is_some()).count();
    writeln!(
        out,
        "{} passed, {} failed",
        run.outcomes.len() - failed,
        failed
    )?;
    out.flush()?;
    for file in &below {
        eprintln!(
            "tenet: {}: line coverage {} is below --coverage-min {}",
            file.path,
            file.percent(),
            args.coverage_min.unwrap_or_default()
        );
    }
    Ok(if failed > 0 || !below.is_empty() {
        1
    } else {
        0
    })
}

/// `FAIL file:line: name: outcome`, then where the body stopped holding and the values there,
/// then the test's print() output.
fn write_outcome(out: &mut impl Write, o: &TestOutcome, verbose: bool) -> Result<()> {
    match &o.failure {
        Some(failure) => {
            writeln!(
                out,
                "FAIL {}:{}: {}: {}",
                o.file, o.line, o.name, failure.outcome
            )?;
            for e in &failure.explanations {
                writeln!(out, "    {}:{}: {}", o.file, e.line, e.statement)?;
                for (what, value) in &e.values {
                    writeln!(out, "        {:<12}{value}", format!("{what}:"))?;
                }
            }
        }
        None if verbose => writeln!(out, "PASS {}:{}: {}", o.file, o.line, o.name)?,
        None => return Ok(()),
    }
    for line in &o.prints {
        writeln!(out, "    print: {line}")?;
    }
    Ok(())
}

/// `path  covered/lines  percent  not covered: ranges`, a row per file, then the total.
fn write_coverage(out: &mut impl Write, files: &[FileCoverage]) -> Result<()> {
    let total = coverage::total(files);
    let width = files
        .iter()
        .map(|f| f.path.len())
        .max()
        .unwrap_or(0)
        .max("total".len());
    writeln!(
        out,
        "coverage (lines of the rule and library files run by the tests):"
    )?;
    for f in files.iter().chain([&total]) {
        let counts = format!("{}/{}", f.covered, f.lines);
        let mut row = format!("  {:<width$}  {counts:>9}  {:>6}", f.path, f.percent());
        if !f.not_covered.is_empty() {
            row.push_str(&format!(
                "  not covered: {}",
                coverage::ranges(&f.not_covered)
            ));
        }
        writeln!(out, "{row}")?;
    }
    Ok(())
}
