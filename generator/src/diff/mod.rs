//! The change in the generated Rust API between two versions of a spec (`specgen diff`), or
//! between a crate on disk and what its spec generates now (`specgen check` on drift).
//!
//! Both crates are generated in memory and their Rust files read back with `syn` into a
//! surface: every public item with what a caller can touch of it. Comparing surfaces
//! rather than specs keeps the answer exactly about the code callers compile against, naming
//! rules and fallbacks included. Each change is classified [`Impact::Breaking`] or
//! [`Impact::Compatible`] for a caller (rules in `compare.rs` and the README), and the
//! [`ApiDiff`] suggests a version bump by Cargo's semver rules.
//!
//! ```no_run
//! let old = specgen::Builder::new().spec("orders-v3.yaml").crate_name("orders");
//! let new = specgen::Builder::new().spec("orders-2025-09.yaml").crate_name("orders");
//! let (diff, _warnings) = specgen::diff::between(&old, &new)?;
//! print!("{}", diff.render_text());
//! if diff.is_breaking() {
//!     eprintln!("callers need changes: {}", diff.bump_text);
//! }
//! # Ok::<(), specgen::diff::DiffError>(())
//! ```

mod compare;
mod model;
mod render;
mod roles;
mod surface;
mod tokens;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use model::{ApiDiff, Bump, Change, ChangeKind, Impact, ItemChanges};
pub use roles::Role;
use surface::Surface;

use crate::{Builder, Diagnostic};

/// Why a diff could not be made.
#[derive(Debug)]
pub enum DiffError {
    /// The crate of the old spec could not be generated.
    Old(crate::Error),
    /// The crate of the new spec could not be generated.
    New(crate::Error),
    /// A crate file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A crate file is not Rust `syn` can read (e.g. a generated file edited by hand).
    Unparsable {
        /// The file, relative to the crate.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Old(e) => write!(f, "the old spec: {e}"),
            Self::New(e) => write!(f, "the new spec: {e}"),
            Self::Read { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Unparsable { file, message } => {
                write!(f, "{file} does not parse as Rust: {message}")
            }
        }
    }
}

impl std::error::Error for DiffError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Old(e) | Self::New(e) => Some(e),
            Self::Read { source, .. } => Some(source),
            Self::Unparsable { .. } => None,
        }
    }
}

/// The change in the generated API from the crate `old` generates to the one `new`
/// generates, with the warnings met generating both (old first). The bump is suggested for
/// the old crate's version (`Builder::crate_version`, default `0.1.0`).
pub fn between(old: &Builder, new: &Builder) -> Result<(ApiDiff, Vec<Diagnostic>), DiffError> {
    let old = old.generate_crate().map_err(DiffError::Old)?;
    let new = new.generate_crate().map_err(DiffError::New)?;
    let diff = between_files(&old.files, &new.files)?;
    let mut warnings = old.warnings;
    warnings.extend(new.warnings);
    Ok((diff, warnings))
}

/// The change in the API from one crate to another, each given as `(relative path,
/// contents)` files like [`crate::Output::files`] (only `Cargo.toml` and `src/` are read).
pub fn between_files(
    old: &[(String, String)],
    new: &[(String, String)],
) -> Result<ApiDiff, DiffError> {
    Ok(compare::compare(
        &Surface::from_files(old)?,
        &Surface::from_files(new)?,
    ))
}

/// The files of the crate in `dir` to compare with fresh output: those of `names` (the
/// files generation writes) that exist, plus every other file under `src/` (a module the
/// crate on disk still declares may no longer be generated). Missing files are left out.
pub fn read_crate_files<'a>(
    dir: &Path,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<(String, String)>, DiffError> {
    let mut wanted: BTreeSet<String> = names.into_iter().map(str::to_owned).collect();
    let mut stack = vec![dir.join("src")];
    while let Some(current) = stack.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(DiffError::Read {
                    path: current,
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| DiffError::Read {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            // The entry's own type: a symlinked folder is not followed (it could loop).
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && let Ok(relative) = path.strip_prefix(dir)
            {
                wanted.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    for name in wanted {
        let path = dir.join(&name);
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((name, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(DiffError::Read { path, source }),
        }
    }
    Ok(files)
}
