//! `tenet lint`: every located problem in the policies, then a summary line.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use tenet::policy::lint;
use tenet::policy::{Bundle, BundleOptions};

pub(crate) const LINT_EXIT_CODES: &str = "Exit codes: 0 no problem found; 1 a problem was found; \
2 a directory or file cannot be read, a Rego file does not parse, or a catalog is invalid.";

#[derive(Args)]
pub(crate) struct LintArgs {
    /// Policy directories to lint, on their own: rule ids are compared within them, and their
    /// mappings checked against the built-in catalogs and their own frameworks/*.yaml
    /// (default: the built-in policies).
    pub(crate) dirs: Vec<PathBuf>,
}

pub(crate) fn run_lint(args: LintArgs) -> Result<u8> {
    let bundle = Bundle::load(&BundleOptions {
        builtin: args.dirs.is_empty(),
        dirs: args.dirs,
        config: None,
    })?;
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
