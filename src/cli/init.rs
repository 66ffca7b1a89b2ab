//! `tenet init`: copies the built-in policies, their tests, config.yaml and the control
//! catalogs into a directory a team keeps under version control; `tenet check --policy DIR
//! --no-builtin` then runs only that copy.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;

use tenet::output::write_atomic;
use tenet::policy::bundle;

#[derive(Args)]
pub(crate) struct InitArgs {
    /// Where to write the policies.
    #[arg(default_value = "policies")]
    pub(crate) dir: PathBuf,
    /// Overwrite files that already exist (other files in DIR are left alone).
    #[arg(long)]
    pub(crate) force: bool,
}

pub(crate) fn run_init(args: InitArgs) -> Result<u8> {
    let files = bundle::builtin_files();
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| args.dir.join(path))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "{} of the files to write already exist ({}{}); nothing was written (--force overwrites them)",
            existing.len(),
            existing[..existing.len().min(3)].join(", "),
            if existing.len() > 3 { ", ..." } else { "" }
        );
    }
    for (path, contents) in &files {
        let target = args.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create directory", parent.display()))?;
        }
        write_atomic(&target, contents)?;
    }
    let dir = args.dir.display();
    eprintln!(
        "wrote {} files to {dir}; check with them alone: tenet check --policy {dir} --no-builtin ...",
        files.len()
    );
    Ok(0)
}
