//! `tenet lint`: every located problem in the policies, then a summary line.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use tenet::pipeline::parse_as_of;
use tenet::policy::{lint, metadata};
use tenet::policy::{Bundle, BundleOptions};
use tenet::waivers::{self, Waivers};

use super::waivers::max_lifetime_days;

pub(crate) const LINT_EXIT_CODES: &str = "Exit codes: 0 no problem found; 1 a problem was found; \
2 a directory or file cannot be read, a Rego file does not parse, a catalog is invalid, or the \
waivers file does not parse.";

#[derive(Args)]
pub(crate) struct LintArgs {
    /// Policy directories to lint, on their own: rule ids are compared within them, and their
    /// mappings checked against the built-in catalogs and their own frameworks/*.yaml
    /// (default: the built-in policies).
    pub(crate) dirs: Vec<PathBuf>,
    /// Lint this waivers file instead: rule ids are those of the policies (DIRs, default the
    /// built-in ones), the longest lifetime their config's waiver_max_lifetime_days.
    #[arg(long, value_name = "FILE")]
    pub(crate) waivers: Option<PathBuf>,
    /// Measure waiver expiry as of this RFC 3339 time (default: now).
    #[arg(long, value_name = "TIME", value_parser = parse_as_of, requires = "waivers")]
    pub(crate) as_of: Option<String>,
}

pub(crate) fn run_lint(args: LintArgs) -> Result<u8> {
    let bundle = Bundle::load(&BundleOptions {
        builtin: args.dirs.is_empty(),
        dirs: args.dirs,
        config: None,
    })?;
    if let Some(path) = &args.waivers {
        return lint_waivers(&bundle, path, args.as_of.as_deref());
    }
    let found = lint::lint(&bundle)?;
    let mut out = std::io::stdout().lock();
    for error in &found.syntax_errors {
        writeln!(out, "{error}")?;
    }
    for problem in &found.problems {
        writeln!(out, "{problem}")?;
    }
    let count = found.problems.len() + found.syntax_errors.len();
    let files = match found.files {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    match count {
        0 => writeln!(out, "no problems in {files}")?,
        1 => writeln!(out, "1 problem in {files}")?,
        n => writeln!(out, "{n} problems in {files}")?,
    }
    out.flush()?;
    Ok(if !found.syntax_errors.is_empty() {
        2
    } else if count > 0 {
        1
    } else {
        0
    })
}

/// `tenet lint --waivers FILE`: each problem as `file:line:col: message`, then a summary. A
/// file that does not parse is an error (exit 2), located by the parser.
fn lint_waivers(bundle: &Bundle, path: &std::path::Path, as_of: Option<&str>) -> Result<u8> {
    let file = Waivers::load(path)?;
    // Problems in the policies themselves are plain `tenet lint`'s business; their ids count.
    let (rules, _) = metadata::read_rules(&bundle.sources, &bundle.config);
    let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    let as_of = match as_of {
        Some(time) => waivers::apply::as_of_date(time)
            .ok_or_else(|| anyhow::anyhow!("--as-of {time}: not an RFC 3339 time"))?,
        None => chrono::Utc::now().date_naive(),
    };
    let problems = waivers::lint::lint(&file, &ids, max_lifetime_days(&bundle.config), as_of);
    let mut out = std::io::stdout().lock();
    for p in &problems {
        writeln!(out, "{}:{}:{}: {}", file.file, p.line, p.column, p.message)?;
    }
    match problems.len() {
        0 => writeln!(out, "no problems in {}", file.file)?,
        1 => writeln!(out, "1 problem in {}", file.file)?,
        n => writeln!(out, "{n} problems in {}", file.file)?,
    }
    out.flush()?;
    Ok(u8::from(!problems.is_empty()))
}
