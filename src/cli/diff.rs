//! `tenet diff`: what changed between two result sets.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::values::DiffFormat;
use super::waivers::{parents_of, WaiverArgs, DEFAULT_MAX_LIFETIME};
use tenet::diff;
use tenet::policy::bundle::{Bundle, BundleOptions};

pub(crate) const DIFF_EXIT_CODES: &str =
    "Exit codes: 0 no finding fails in HEAD that did not fail in BASE; \
1 at least one does (a new rule's failures included); 2 usage or input error (a file that is \
not tenet.results/v1 JSON is named with its line and column).";

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// Results before the change (tenet.results/v1).
    #[arg(value_name = "BASE.json")]
    pub(crate) base: PathBuf,
    /// Results after the change (tenet.results/v1).
    #[arg(value_name = "HEAD.json")]
    pub(crate) head: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: DiffFormat,
    #[command(flatten)]
    pub(crate) waivers: WaiverArgs,
}

pub(crate) fn run_diff(args: DiffArgs) -> Result<u8> {
    let mut base = tenet::results::io::load_results(&args.base)?;
    let mut head = tenet::results::io::load_results(&args.head)?;
    // One waivers file judges both sides: the change is in the findings, not the waivers.
    // Without --waivers, each side keeps the waivers it was checked with.
    if let Some(waivers) = args.waivers.load(&[], DEFAULT_MAX_LIFETIME)? {
        for results in [&mut base, &mut head] {
            let parents = parents_of(results);
            super::waivers::apply(
                &waivers,
                results,
                &parents,
                args.waivers.waiver_warning_days,
            );
        }
    }
    // Readiness is reported for the built-in frameworks, by the roll-up `tenet report` uses.
    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        dirs: Vec::new(),
        config: None,
    })?;
    let catalogs = tenet::policy::frameworks::load(&bundle.catalogs)?;
    let changes = diff::diff(&base, &head, &catalogs);
    let mut out = std::io::stdout().lock();
    diff::format::write(args.format.into(), &changes, &mut out)?;
    out.flush()?;
    Ok(changes.exit_code())
}
