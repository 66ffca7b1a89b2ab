//! `tenet man`: man pages rendered from the clap definitions, so they never drift from --help.

use std::path::Path;

use anyhow::{Context, Result};
use tenet::output::write_atomic_with;

/// Prints tenet(1) on stdout, or writes tenet.1 and tenet-<subcommand>.1 for every visible
/// subcommand into `dir`.
pub fn write(command: clap::Command, dir: Option<&Path>) -> Result<()> {
    let Some(dir) = dir else {
        return clap_mangen::Man::new(command)
            .render(&mut std::io::stdout().lock())
            .context("cannot write the man page");
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let command = command.name("tenet");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("tenet-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("tenet {}", sub.get_name()));
        render(page, &dir.join(format!("{name}.1")))?;
    }
    render(command, &dir.join("tenet.1"))
}

fn render(command: clap::Command, path: &Path) -> Result<()> {
    write_atomic_with(path, |out| clap_mangen::Man::new(command).render(out))
        .with_context(|| format!("cannot write {}", path.display()))
}
