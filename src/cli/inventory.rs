//! `tenet inventory`: one row per account of a snapshot (or organization directory, or
//! credential report), the credential facts a security team looks at first, worst first.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use tenet::collect::files;
use tenet::inventory;
use tenet::inventory::format as formats;

use super::values::InventoryFormat;
use tenet::model::credential_report::normalize_time;
use tenet::output::write_atomic;
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
    #[arg(long, value_name = "TIME")]
    pub(crate) as_of: Option<String>,
    /// YAML file overriding thresholds (rotation_days decides which keys are stale).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

pub(crate) fn run_inventory(args: InventoryArgs) -> Result<u8> {
    let as_of = match &args.as_of {
        Some(t) => Some(normalize_time(t).with_context(|| {
            format!("--as-of {t:?} is not an RFC 3339 time like 2026-11-20T00:00:00Z")
        })?),
        None => None,
    };
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
    let now = || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut snapshot = files::load(&args.input, &as_of.clone().unwrap_or_else(now))?;
    if let Some(as_of) = as_of {
        snapshot.collected_at = as_of;
    }
    let inventory = inventory::build(&snapshot, &snapshot.collected_at, rotation_days)
        .map_err(anyhow::Error::msg)?;
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            formats::write(args.format.into(), &inventory, &mut buf)?;
            write_atomic(path, &buf)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            formats::write(args.format.into(), &inventory, &mut out)?;
            out.flush()?;
        }
    }
    Ok(0)
}
