//! `tenet collect`: a snapshot from live AWS.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::LiveArgs;
use tenet::output::write_atomic;

#[derive(Args)]
pub(crate) struct CollectArgs {
    #[command(flatten)]
    pub(crate) live: LiveArgs,
    /// Where to write the snapshot (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Exit 0 even when some accounts could not be collected.
    #[arg(long)]
    pub(crate) allow_partial: bool,
}

pub(crate) fn collect(args: CollectArgs) -> Result<u8> {
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
