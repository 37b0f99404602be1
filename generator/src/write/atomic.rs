//! Atomic file replacement: each file is written in full to a temporary file in its own
//! folder, flushed to disk, then renamed over its target. A rename within one folder is
//! atomic, so a reader (or a run killed at any point) sees the old file or the new one,
//! never a partial one. Temporary files are named `.specgen-*.tmp`; one left behind by a
//! killed run is recognised by that name, ignored by `check` and removed by the next run.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use tempfile::NamedTempFile;

use crate::diagnostics::Error;

const TEMP_PREFIX: &str = ".specgen-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` (a file name) is one of our temporary files.
pub(super) fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// A file written in full beside its target, not yet in place.
#[derive(Debug)]
pub(super) struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
}

/// Writes `contents` to a temporary file beside `target` (creating the folder if needed),
/// with the target's permissions when it exists.
pub(super) fn stage(target: &Path, contents: &[u8]) -> Result<Staged, Error> {
    pause();
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder).map_err(|source| Error::Io {
        path: folder.clone(),
        source,
    })?;
    let io = |source| Error::Io {
        path: target.to_owned(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // tempfile creates 0600 files, private to the user; a generated source file is
    // created like any other (0666 less the umask), as the non-atomic write did.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(&folder).map_err(io)?;
    if let Ok(metadata) = std::fs::metadata(target) {
        std::fs::set_permissions(temp.path(), metadata.permissions()).map_err(io)?;
    }
    temp.write_all(contents).map_err(io)?;
    // On disk before the rename, so that after a crash the name never points at a file
    // whose data was not written yet.
    temp.as_file().sync_all().map_err(io)?;
    Ok(Staged {
        temp,
        target: target.to_owned(),
    })
}

impl Staged {
    /// Renames the file into place. On failure the temporary file is removed.
    pub(super) fn commit(self) -> Result<(), Error> {
        pause();
        self.temp
            .persist(&self.target)
            .map(drop)
            .map_err(|e| Error::Io {
                path: self.target,
                source: e.error,
            })
    }
}

/// Replaces `target` with `contents` atomically.
pub(super) fn write(target: &Path, contents: &[u8]) -> Result<(), Error> {
    stage(target, contents)?.commit()
}

/// Renames `from` to `to` (one step of the commit).
pub(super) fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    pause();
    std::fs::rename(from, to).map_err(|source| Error::Io {
        path: to.to_owned(),
        source,
    })
}

/// Removes `path`; one already gone is fine.
pub(super) fn remove(path: &Path) -> Result<(), Error> {
    pause();
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Io {
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Test hook: `SPECGEN_TEST_WRITE_DELAY_MS=n` sleeps n ms before each step that changes the
/// output folder, so that the interruption and concurrency tests can land a kill, or a
/// second run, between two steps. Not a setting for users; unset, it costs one lookup.
fn pause() {
    static DELAY: OnceLock<Option<Duration>> = OnceLock::new();
    let delay = DELAY.get_or_init(|| {
        std::env::var("SPECGEN_TEST_WRITE_DELAY_MS")
            .ok()?
            .parse()
            .ok()
            .map(Duration::from_millis)
    });
    if let Some(delay) = delay {
        std::thread::sleep(*delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp_name(".specgen-a1B2c3.tmp"));
        assert!(!is_temp_name(".specgen-.tmp"));
        assert!(!is_temp_name(".specgen-manifest"));
        assert!(!is_temp_name(".specgen-manifest.pending"));
        assert!(!is_temp_name("lib.rs"));
    }

    #[test]
    fn replaces_a_file_keeping_its_permissions() -> Result<(), Error> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            path: PathBuf::new(),
            source,
        })?;
        let target = dir.path().join("sub/a.rs");
        write(&target, b"one")?;
        assert_eq!(std::fs::read(&target).ok(), Some(b"one".to_vec()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
            // Created as any file is (0666 less the umask), not tempfile's private 0600.
            let plain = dir.path().join("plain");
            std::fs::write(&plain, "").ok();
            assert_eq!(mode(&target).ok(), mode(&plain).ok());
            std::fs::remove_file(&plain).ok();
            std::fs::set_permissions(&target, PermissionsExt::from_mode(0o640)).ok();
            write(&target, b"two")?;
            assert_eq!(mode(&target).ok(), Some(0o640));
        }
        assert_eq!(std::fs::read(&target).ok(), Some(b"two".to_vec()));
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["a.rs"], "no temporary file is left");
        Ok(())
    }
}
