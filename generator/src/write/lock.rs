//! One writer per output folder at a time. `generate` holds an exclusive lock on the folder
//! for its whole decide–write–remove sequence, and `check` a shared one while it reads, so
//! two runs (two terminals, two build scripts) cannot interleave their files and a check
//! never sees a run half-way. Per-file renames alone would not suffice: each file would be
//! whole, but the crate could end up with some files from one run and some from the other.
//!
//! On Unix the lock is an advisory `flock` on the folder itself, which creates nothing in
//! it. Elsewhere a folder cannot be opened as a file, so an empty `.specgen-lock` file in
//! the folder is locked instead (and left there: removing a lock file races with a process
//! that has just opened it). The lock goes with the process, so a killed run never leaves
//! the folder locked.

use std::fs::File;
use std::path::Path;

use crate::diagnostics::Error;

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub(super) struct FolderLock {
    _file: File,
}

/// Waits for and takes the exclusive lock on `dir`, which must exist.
pub(super) fn exclusive(dir: &Path) -> Result<FolderLock, Error> {
    let file = open(dir, true)?;
    file.lock().map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    Ok(FolderLock { _file: file })
}

/// Waits for and takes a shared lock on `dir`, if it exists (and, off Unix, if a `generate`
/// has ever locked it: readers create nothing).
pub(super) fn shared(dir: &Path) -> Result<Option<FolderLock>, Error> {
    if !dir.is_dir() || (cfg!(not(unix)) && !dir.join(LOCK_FILE).is_file()) {
        return Ok(None);
    }
    let file = open(dir, false)?;
    file.lock_shared().map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    Ok(Some(FolderLock { _file: file }))
}

/// The file locked in place of the folder where a folder cannot be opened (not Unix).
pub(super) const LOCK_FILE: &str = ".specgen-lock";

#[cfg(unix)]
fn open(dir: &Path, _create: bool) -> Result<File, Error> {
    File::open(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })
}

#[cfg(not(unix))]
fn open(dir: &Path, create: bool) -> Result<File, Error> {
    let path = dir.join(LOCK_FILE);
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(&path)
        .map_err(|source| Error::Io { path, source })
}
