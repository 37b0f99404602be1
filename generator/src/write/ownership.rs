//! Which files in the output folder are specgen's to overwrite or remove, decided before
//! anything is written.
//!
//! A file is specgen's when the manifest lists it and its contents still hash to what the
//! manifest recorded (or to what the pending manifest of an interrupted run recorded). A
//! folder without a manifest was written by a specgen from before manifests, or by someone
//! else: there a file is specgen's when its first line is specgen's `@generated` header.
//! A file that already holds exactly what would be written is never in the way.
//!
//! What generation may remove: files the manifest lists that are not generated any more,
//! and (in a crate) every file under `src/`, which holds only generated modules; without a
//! manifest, also a `tests/examples.rs` with the header. A file under `src/` that is not
//! specgen's is in the way rather than left alone, because the crate's `src/` would then not
//! be what the spec generates (`check` would report it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::atomic::is_temp_name;
use super::manifest::{Manifest, PENDING_SUFFIX, sha256_hex};
pub use crate::conflict::{Conflict, ConflictKind};
use crate::diagnostics::Error;

/// Where a run writes.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// The output folder.
    pub dir: PathBuf,
    /// The manifest's file name in `dir`.
    pub manifest: String,
    /// A whole crate (`src/` is generated), rather than one file among others in `OUT_DIR`.
    pub crate_mode: bool,
}

impl Layout {
    pub fn manifest_path(&self) -> PathBuf {
        self.dir.join(&self.manifest)
    }

    pub fn pending_name(&self) -> String {
        format!("{}{PENDING_SUFFIX}", self.manifest)
    }

    pub fn pending_path(&self) -> PathBuf {
        self.dir.join(self.pending_name())
    }
}

/// Whose a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// specgen's, tracked by a manifest (or the pending one).
    Tracked,
    /// specgen's by its header, in a folder without a manifest (written before manifests).
    Header,
    /// Listed, but changed since.
    Edited,
    /// Not specgen's.
    NotWritten,
}

/// What the folder holds before a run: its manifest, a pending manifest left by an
/// interrupted run, and manifests that could not be read (conflicts in themselves).
#[derive(Debug)]
pub(super) struct Existing {
    manifest: Option<Manifest>,
    pending: Option<Manifest>,
    /// The manifest's text as found, to tell whether it needs rewriting.
    pub manifest_text: Option<String>,
    pub pending_found: bool,
    pub bad_manifests: Vec<Conflict>,
}

impl Existing {
    pub fn read(layout: &Layout) -> Result<Self, Error> {
        let mut bad_manifests = Vec::new();
        let mut load = |name: String| -> Result<(Option<String>, Option<Manifest>), Error> {
            let path = layout.dir.join(&name);
            let Some(text) = read_text(&path)? else {
                return Ok((None, None));
            };
            match Manifest::parse(&text) {
                Ok(manifest) => Ok((Some(text), Some(manifest))),
                Err(why) => {
                    bad_manifests.push(Conflict {
                        file: name,
                        path,
                        kind: ConflictKind::BadManifest(why),
                        removal: false,
                    });
                    Ok((Some(text), None))
                }
            }
        };
        let (manifest_text, manifest) = load(layout.manifest.clone())?;
        let (pending_text, pending) = load(layout.pending_name())?;
        Ok(Self {
            manifest,
            pending,
            manifest_text,
            pending_found: pending_text.is_some(),
            bad_manifests,
        })
    }

    /// Whether a manifest (or a pending one) lists `file`.
    pub fn listed(&self, file: &str) -> bool {
        [&self.manifest, &self.pending]
            .into_iter()
            .flatten()
            .any(|m| m.hash(file).is_some())
    }

    /// Whose `file`, holding `bytes`, is.
    pub fn owner(&self, file: &str, bytes: &[u8]) -> Owner {
        let recorded: Vec<&str> = [&self.manifest, &self.pending]
            .into_iter()
            .flatten()
            .filter_map(|m| m.hash(file))
            .collect();
        if !recorded.is_empty() {
            let hash = sha256_hex(bytes);
            return if recorded.contains(&hash.as_str()) {
                Owner::Tracked
            } else {
                Owner::Edited
            };
        }
        if self.manifest.is_some() || !self.bad_manifests.is_empty() {
            // With a manifest it alone says what is specgen's; a manifest that cannot be
            // read is reported by itself, and vouches for nothing.
            return Owner::NotWritten;
        }
        if has_header(bytes) {
            Owner::Header
        } else {
            Owner::NotWritten
        }
    }

    /// The conflict of `file` owned by `owner`, if that is one.
    pub fn conflict(
        &self,
        layout: &Layout,
        file: &str,
        owner: Owner,
        removal: bool,
    ) -> Option<Conflict> {
        let kind = match owner {
            Owner::Tracked | Owner::Header => return None,
            Owner::Edited => ConflictKind::Edited,
            Owner::NotWritten => ConflictKind::NotWritten {
                manifest: self.manifest.is_some(),
            },
        };
        Some(Conflict {
            file: file.to_owned(),
            path: layout.dir.join(file),
            kind,
            removal,
        })
    }

    /// Existing files that generation would remove because it does not write them (now),
    /// with their owners: files a manifest lists, and in a crate every file under `src/`
    /// and, without a manifest, a `tests/examples.rs` carrying the header. Our temporary
    /// files are left out (see [`leftover_temps`]).
    pub fn unwanted(
        &self,
        layout: &Layout,
        wanted: &BTreeSet<&str>,
    ) -> Result<Vec<(String, Owner)>, Error> {
        let mut candidates: BTreeSet<String> = [&self.manifest, &self.pending]
            .into_iter()
            .flatten()
            .flat_map(Manifest::paths)
            .map(str::to_owned)
            .collect();
        if layout.crate_mode {
            candidates.extend(files_below(&layout.dir, "src")?);
            if self.manifest.is_none() {
                candidates.insert("tests/examples.rs".to_owned());
            }
        }
        let mut unwanted = Vec::new();
        for file in candidates {
            if wanted.contains(file.as_str()) {
                continue;
            }
            let Some(bytes) = read_bytes(&layout.dir.join(&file))? else {
                continue;
            };
            let owner = self.owner(&file, &bytes);
            if owner == Owner::NotWritten && !file.starts_with("src/") {
                // Outside `src/` only what specgen wrote is its business: a hand-written
                // `tests/examples.rs` is the user's test.
                continue;
            }
            unwanted.push((file, owner));
        }
        Ok(unwanted)
    }
}

/// Temporary files left by an interrupted run in the folders a run writes to: the output
/// folder, the folders of `files` and of listed files, and (in a crate) `src/`.
pub(super) fn leftover_temps(layout: &Layout, files: &[&str]) -> Result<Vec<PathBuf>, Error> {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    folders.insert(layout.dir.clone());
    for file in files {
        if let Some(parent) = layout.dir.join(file).parent() {
            folders.insert(parent.to_owned());
        }
    }
    let mut temps: Vec<PathBuf> = Vec::new();
    if layout.crate_mode {
        temps.extend(
            all_files_below(&layout.dir, "src")?
                .into_iter()
                .filter(|f| f.rsplit('/').next().is_some_and(is_temp_name))
                .map(|f| layout.dir.join(f)),
        );
    }
    for folder in folders {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: folder,
                    source,
                });
            }
        };
        for entry in entries.flatten() {
            if entry.file_name().to_str().is_some_and(is_temp_name) {
                temps.push(entry.path());
            }
        }
    }
    temps.sort();
    temps.dedup();
    Ok(temps)
}

/// Whether the first line is one of the headers specgen writes (`// @generated by specgen`
/// in Rust files, `# @generated by specgen` in `Cargo.toml`).
fn has_header(bytes: &[u8]) -> bool {
    bytes.starts_with(b"// @generated by specgen ") || bytes.starts_with(b"# @generated by specgen")
}

/// The file's bytes; `None` when there is no such file.
pub(super) fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

fn read_text(path: &Path) -> Result<Option<String>, Error> {
    Ok(read_bytes(path)?.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
}

/// Files below `dir/sub` (recursively), relative to `dir` and `/`-separated, sorted; our
/// temporary files are left out.
pub(super) fn files_below(dir: &Path, sub: &str) -> Result<Vec<String>, Error> {
    let mut files = all_files_below(dir, sub)?;
    files.retain(|f| !f.rsplit('/').next().is_some_and(is_temp_name));
    Ok(files)
}

fn all_files_below(dir: &Path, sub: &str) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let mut stack = vec![dir.join(sub)];
    while let Some(current) = stack.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: current,
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    Ok(files)
}
