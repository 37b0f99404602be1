//! Writing generated files into a folder without losing anyone's work.
//!
//! - **Ownership** (`ownership.rs`): a run overwrites or removes only files that specgen wrote
//!   and nobody changed since, as its manifest (`manifest.rs`) records. Everything is decided
//!   before anything is written: a file in the way stops the whole run with one
//!   [`Conflict`] per file, and nothing changes, unless the run is forced.
//! - **Atomic writes** (`atomic.rs`): every file is written beside its target and renamed
//!   into place, so each file is always old or new, never partial.
//! - **One run at a time** (`lock.rs`): the folder is locked from the first read to the last
//!   rename, so concurrent runs take turns and the folder ends as one run's crate.
//!
//! A run that replaces files commits like a small database: (1) every new file is written in
//! full to a temporary file beside its target; (2) the next manifest is written as
//! `<manifest>.pending`; (3) the files are renamed into place; (4) stale files are removed;
//! (5) the pending manifest is renamed over the manifest. Killed before (2), the folder is
//! the old crate (plus temporary files that `check` ignores and the next run removes); killed
//! after (5), the new one; killed in between, the pending manifest vouches for the files
//! already replaced, so the next run (with either spec) is not refused, and `check` reports
//! drift until it has run.

mod atomic;
mod lock;
mod manifest;
mod ownership;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use manifest::CRATE_MANIFEST;
pub use ownership::{Conflict, ConflictKind};

use crate::diagnostics::Error;
use crate::{Drift, Output};
use manifest::Manifest;
use ownership::{Existing, Layout, Owner, read_bytes};

/// What a run did to the output folder, file by file (paths relative to [`WriteReport::dir`],
/// `/`-separated, sorted). The manifest is bookkeeping and is not counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// The output folder.
    pub dir: PathBuf,
    /// Files that did not exist.
    pub created: Vec<String>,
    /// Files whose contents changed.
    pub updated: Vec<String>,
    /// Files that already held what generation writes (not touched).
    pub unchanged: Vec<String>,
    /// Files removed: no longer generated (or, when forced, in the way).
    pub removed: Vec<String>,
    /// Files taken over without a manifest listing them: written by an older specgen
    /// (recognised by their `@generated` header) or already holding the generated text.
    pub adopted: Vec<String>,
    /// Files that were in the way and were overwritten or removed because the run was
    /// forced ([`crate::Builder::force`]), each with why it was in the way.
    pub forced: Vec<Conflict>,
}

impl WriteReport {
    /// Whether any file was created, updated or removed.
    pub fn changed(&self) -> bool {
        !(self.created.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

/// `2 created, 3 updated, 4 unchanged, 1 removed`, leaving out the zeros.
impl fmt::Display for WriteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = [
            (self.created.len(), "created"),
            (self.updated.len(), "updated"),
            (self.unchanged.len(), "unchanged"),
            (self.removed.len(), "removed"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(count, _)| *count > 0)
            .map(|(count, what)| format!("{count} {what}"))
            .collect();
        if parts.is_empty() {
            f.write_str("no files")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// The outcome of writing generated files: what was generated, and what the write did.
#[derive(Debug, Clone)]
pub struct Written {
    /// The generated files and the warnings met on the way.
    pub output: Output,
    /// What happened to each file.
    pub report: WriteReport,
}

/// The layout of a crate written into `dir`.
fn crate_layout(dir: &Path) -> Layout {
    Layout {
        dir: dir.to_owned(),
        manifest: CRATE_MANIFEST.to_owned(),
        crate_mode: true,
    }
}

/// Writes a crate's `files` into `dir` (see the module docs).
pub(crate) fn write_crate(
    dir: &Path,
    files: &[(String, String)],
    force: bool,
) -> Result<WriteReport, Error> {
    write(&crate_layout(dir), files, force)
}

/// Writes the one file of build-script mode into `dir` (`OUT_DIR`). Several builders may
/// share one `OUT_DIR` (one per spec), so each file has its own manifest,
/// `<name>.specgen-manifest`, and nothing else in the folder is looked at.
pub(crate) fn write_single(
    dir: &Path,
    name: &str,
    text: &str,
    force: bool,
) -> Result<WriteReport, Error> {
    let layout = Layout {
        dir: dir.to_owned(),
        manifest: format!("{name}.specgen-manifest"),
        crate_mode: false,
    };
    write(&layout, &[(name.to_owned(), text.to_owned())], force)
}

fn write(layout: &Layout, files: &[(String, String)], force: bool) -> Result<WriteReport, Error> {
    // A folder that does not exist holds nothing in the way; it must exist to be locked.
    std::fs::create_dir_all(&layout.dir).map_err(|source| Error::Io {
        path: layout.dir.clone(),
        source,
    })?;
    let _lock = lock::exclusive(&layout.dir)?;

    // Decide everything first.
    let existing = Existing::read(layout)?;
    let wanted: BTreeSet<&str> = files.iter().map(|(file, _)| file.as_str()).collect();
    let mut report = WriteReport {
        dir: layout.dir.clone(),
        ..WriteReport::default()
    };
    let mut conflicts = existing.bad_manifests.clone();
    let mut to_write: Vec<(&str, &str)> = Vec::new();
    for (file, text) in files {
        match read_bytes(&layout.dir.join(file))? {
            None => {
                report.created.push(file.clone());
                to_write.push((file, text));
            }
            Some(bytes) if bytes == text.as_bytes() => {
                if !existing.listed(file) {
                    report.adopted.push(file.clone());
                }
                report.unchanged.push(file.clone());
            }
            Some(bytes) => {
                let owner = existing.owner(file, &bytes);
                if owner == Owner::Header {
                    report.adopted.push(file.clone());
                }
                conflicts.extend(existing.conflict(layout, file, owner, false));
                report.updated.push(file.clone());
                to_write.push((file, text));
            }
        }
    }
    let mut to_remove = Vec::new();
    for (file, owner) in existing.unwanted(layout, &wanted)? {
        conflicts.extend(existing.conflict(layout, &file, owner, true));
        report.removed.push(file.clone());
        to_remove.push(file);
    }
    if !conflicts.is_empty() {
        if !force {
            return Err(Error::Ownership(conflicts));
        }
        report.forced = conflicts;
    }
    let mut touched: Vec<&str> = wanted.iter().copied().collect();
    touched.extend(to_remove.iter().map(String::as_str));
    let leftovers = ownership::leftover_temps(layout, &touched)?;

    // Then write, in the order that keeps every interruption recoverable (module docs).
    let manifest = Manifest::of(files).render();
    let commit = !to_write.is_empty()
        || !to_remove.is_empty()
        || existing.pending_found
        || existing.manifest_text.as_deref() != Some(manifest.as_str());
    if commit {
        let staged = to_write
            .iter()
            .map(|(file, text)| atomic::stage(&layout.dir.join(file), text.as_bytes()))
            .collect::<Result<Vec<_>, Error>>()?;
        atomic::write(&layout.pending_path(), manifest.as_bytes())?;
        for file in staged {
            file.commit()?;
        }
        for file in &to_remove {
            atomic::remove(&layout.dir.join(file))?;
        }
        atomic::rename(&layout.pending_path(), &layout.manifest_path())?;
    }
    for leftover in leftovers {
        atomic::remove(&leftover)?;
    }
    Ok(report)
}

/// Compares `dir` with a crate of `files`: every file and the manifest as `write_crate`
/// would leave them, and nothing else in the folder that `write_crate` would remove. The
/// first difference found is returned, in that order.
pub(crate) fn check_crate(dir: &Path, files: &[(String, String)]) -> Result<Drift, Error> {
    let layout = crate_layout(dir);
    let _lock = lock::shared(dir)?;
    for (file, text) in files {
        match read_bytes(&dir.join(file))? {
            None => return Ok(Drift::Missing(file.clone())),
            Some(bytes) if bytes != text.as_bytes() => return Ok(Drift::Differs(file.clone())),
            Some(_) => {}
        }
    }
    let existing = Existing::read(&layout)?;
    let wanted: BTreeSet<&str> = files.iter().map(|(file, _)| file.as_str()).collect();
    if let Some((extra, _)) = existing.unwanted(&layout, &wanted)?.into_iter().next() {
        return Ok(Drift::Extra(extra));
    }
    if existing.pending_found {
        // An interrupted run: the next `generate` finishes the job.
        return Ok(Drift::Extra(layout.pending_name()));
    }
    Ok(match existing.manifest_text {
        None => Drift::Missing(CRATE_MANIFEST.to_owned()),
        Some(text) if text != Manifest::of(files).render() => {
            Drift::Differs(CRATE_MANIFEST.to_owned())
        }
        Some(_) => Drift::None,
    })
}
