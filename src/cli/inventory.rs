//! `tenet inventory`: one row per account of a snapshot (or organization directory, or
//! credential report), the credential facts a security team looks at first, worst first.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::values::InventoryFormat;
use tenet::inventory;
use tenet::inventory::format as formats;
use tenet::output::write_output;
use tenet::pipeline::{parse_as_of, Input};
use tenet::policy::{Bundle, BundleOptions};

#[derive(Args)]
pub(crate) struct InventoryArgs {
    /// A tenet.snapshot/v1 file, an organization directory, or one credential report.
    #[arg(value_name = "SNAPSHOT_OR_DIR")]
    pub(crate) input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub(crate) format: InventoryFormat,
    /// Measure ages as of this RFC 3339 time (default: the snapshot's collected_at, else now).
    #[arg(long, value_name = "TIME", value_parser = parse_as_of)]
    pub(crate) as_of: Option<String>,
    /// YAML file overriding thresholds (rotation_days decides which keys are stale).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run_inventory(args: InventoryArgs) -> Result<u8> {
    // The thresholds rules use: built-in defaults, overridden by --config.
    let bundle = Bundle::load(&BundleOptions {
        builtin: true,
        dirs: Vec::new(),
        config: args.config.clone(),
    })?;
    let rotation_days = bundle
        .config
        .get("rotation_days")
        .and_then(|v| v.as_i64())
        .context("rotation_days in the config must be a whole number of days")?;
    let snapshot = Input::Path(args.input).load(args.as_of.as_deref())?;
    let inventory = inventory::build(&snapshot, &snapshot.collected_at, rotation_days)?;
    write_output(args.output.as_deref(), |out| {
        formats::write(args.format.into(), &inventory, out)
    })?;
    Ok(0)
}
