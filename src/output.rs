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
    // A new output is readable by its owner only (tempfile's 0600): reports and snapshots
    // name every IAM user of the organization (SECURITY.md).
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
    // Replacing a file keeps its permissions, so one the user opened up (a report published
    // from CI) or restricted further stays that way.
    if let Ok(existing) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(existing.permissions())
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::write_atomic;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_output_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.json");
        write_atomic(&report, b"{}").unwrap();
        assert_eq!(mode(&report), 0o600);
    }

    #[test]
    fn replaced_output_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.json");
        std::fs::write(&report, b"old").unwrap();
        std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&report, b"new").unwrap();
        assert_eq!(mode(&report), 0o644);
        assert_eq!(std::fs::read(&report).unwrap(), b"new");
    }
}
