//! Writing outputs whole or not at all: a temp file beside the target, then a rename, so an
//! error mid-run never leaves a half-written report where the previous one was.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(contents))
}

/// The directory `path` is in (`.` for a bare file name): where its temporary files go, so that
/// a rename onto it stays within one file system.
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Like [`write_atomic`], for output produced piece by piece: `write` streams into a buffered
/// temp file, so a large report never has to sit in memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".tenet-")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{}: cannot create a file in {}",
                path.display(),
                dir.display()
            )
        })?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
    write(&mut buffered)
        .and_then(|_| buffered.flush())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    drop(buffered);
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}
