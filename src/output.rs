//! Writing outputs whole or not at all: a temp file beside the target, then a rename, so an
//! error mid-run never leaves a half-written report where the previous one was.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(contents))
}

/// A command's output: into `path` (atomically) when one is given, else to stdout.
pub fn write_output<T>(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T> {
    match path {
        Some(path) => write_atomic_with(path, write),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let value = write(&mut out)?;
            out.flush()?;
            Ok(value)
        }
    }
}

/// The directory `path` is in (`.` for a bare file name): where its temporary files go, so that
/// a rename onto it stays within one file system.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// How an output named `path` is written.
enum Target {
    /// Through a temporary file renamed onto this path: a new or regular file, or the regular
    /// file a symlink points to (the link stays a link).
    Replace(PathBuf),
    /// Straight into it: a FIFO or a device (`/dev/stdout`, `/dev/null`, a terminal), which a
    /// rename would replace with a plain file. Such an output cannot be written atomically.
    Stream,
}

fn target(path: &Path) -> Target {
    // metadata follows symlinks: it describes what the path finally names.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Target::Replace(std::fs::canonicalize(path).unwrap_or(path.into())),
        Ok(m) if !m.is_dir() => Target::Stream,
        // A new file; a directory fails at the rename, with the path named.
        _ => Target::Replace(path.into()),
    }
}

/// Where a large temporary file that accompanies output `path` should go: beside the file it
/// becomes (same file system, and /tmp may be small or in memory), or `None` (the system's
/// temporary directory) when the output is a FIFO or device.
pub fn temp_dir_for(path: &Path) -> Option<PathBuf> {
    match target(path) {
        Target::Replace(file) => Some(parent_dir(&file).to_path_buf()),
        Target::Stream => None,
    }
}

/// Like [`write_atomic`], for output produced piece by piece: `write` streams into a buffered
/// temp file, so a large report never has to sit in memory whole.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T> {
    let file = match target(path) {
        Target::Replace(file) => file,
        Target::Stream => {
            let out = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("{}: cannot open", path.display()))?;
            let mut buffered = std::io::BufWriter::with_capacity(1 << 20, out);
            return write(&mut buffered)
                .and_then(|value| buffered.flush().map(|()| value))
                .with_context(|| format!("{}: cannot write", path.display()));
        }
    };
    let dir = parent_dir(&file);
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
    let value = write(&mut buffered)
        .and_then(|value| buffered.flush().map(|()| value))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    drop(buffered);
    // Replacing a file keeps its permissions, so one the user opened up (a report published
    // from CI) or restricted further stays that way.
    if let Ok(existing) = std::fs::metadata(&file) {
        tmp.as_file()
            .set_permissions(existing.permissions())
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(&file)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(value)
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

    #[test]
    fn output_through_a_symlink_replaces_the_file_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(
            super::temp_dir_for(&link).as_deref(),
            Some(real.canonicalize().unwrap().parent().unwrap())
        );
    }

    #[test]
    fn output_to_a_fifo_is_written_into_it_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;

        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opened for reading and writing, a FIFO never blocks (Linux): the reader is there
        // before tenet writes, and a FIFO replaced by a file makes the wait time out rather
        // than hang.
        let mut end = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        let (sent, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut got = [0u8; 7];
            end.read_exact(&mut got).unwrap();
            sent.send(got).unwrap();
        });
        write_atomic(&fifo, b"results").unwrap();
        let got = received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("nothing reached the FIFO");
        assert_eq!(&got, b"results");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(super::temp_dir_for(&fifo), None);
    }
}
