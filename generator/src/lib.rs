//! specgen: OpenAPI 3.0 and 3.1 → Rust. Reads a spec (YAML or JSON), lowers it into an intermediate
//! representation of named types and operations, and emits a typed async client with
//! `quote!` → `syn` → `prettyplease`.
//!
//! The pipeline, one module per step: [`load`] (text → document, lenient fix-ups) →
//! [`ir`] (document → types and operations) → [`emit`] (IR → formatted Rust).
//!
//! # As a build step
//!
//! In the style of prost-build, a `build.rs` generates into `OUT_DIR`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     specgen::Builder::new()
//!         .spec("spec/hubspot-orders.yaml")
//!         .generate_to_out_dir()?;
//!     Ok(())
//! }
//! ```
//!
//! and the crate includes the result:
//!
//! ```ignore
//! pub mod hubspot_orders {
//!     include!(concat!(env!("OUT_DIR"), "/hubspot_orders.rs"));
//! }
//! ```

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod lint;
pub mod load;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Error, Severity};
pub use emit::CrateOptions;

/// Configures and runs generation.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    spec: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    strict: bool,
    example_tests: bool,
}

/// The outcome of generation: the files and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Output {
    /// `(path relative to the output directory, contents)`, sorted by path.
    pub files: Vec<(String, String)>,
    /// Fix-ups and fallbacks; generation succeeded regardless.
    pub warnings: Vec<Diagnostic>,
}

/// How a directory compares with what `generate` would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Identical.
    None,
    /// A file that generation writes is missing.
    Missing(String),
    /// A file differs.
    Differs(String),
    /// A file is there that generation would not write.
    Extra(String),
}

impl Builder {
    /// A builder with defaults: crate name from the spec file name, version `0.1.0`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The spec to read (YAML or JSON).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.spec = Some(path.into());
        self
    }

    /// An OpenAPI Overlay (1.0 or 1.1, YAML or JSON) to apply to the spec before anything
    /// else reads it; repeatable, applied in the order given. Fixes to a vendor's spec live
    /// in the overlay, and the vendor's file stays untouched.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// The generated crate's package name (default: the spec file's stem).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Refuse specs that need lenient reading or fallbacks: every warning becomes an error.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Also write `tests/examples.rs`, which decodes every example of the spec through the
    /// generated types (the example lint as a test).
    pub fn example_tests(mut self, enabled: bool) -> Self {
        self.example_tests = enabled;
        self
    }

    /// The generated crate's version (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }

    /// Where [`Builder::generate_to_out_dir`] writes (default: the `OUT_DIR` variable).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The file name used by [`Builder::generate_to_out_dir`] (default: crate name in
    /// snake_case + `.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    fn spec_path(&self) -> Result<&Path, Error> {
        self.spec
            .as_deref()
            .ok_or_else(|| Error::Usage("no spec given: call `.spec(path)`".to_owned()))
    }

    fn options(&self) -> Result<CrateOptions, Error> {
        let spec = self.spec_path()?;
        let name = match &self.crate_name {
            Some(name) => name.clone(),
            None => spec
                .file_stem()
                .and_then(|s| s.to_str())
                .map(heck::ToKebabCase::to_kebab_case)
                .unwrap_or_else(|| "api".to_owned()),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !valid {
            return Err(Error::Usage(format!("`{name}` is not a valid crate name")));
        }
        Ok(CrateOptions {
            name,
            version: self
                .crate_version
                .clone()
                .unwrap_or_else(|| "0.1.0".to_owned()),
        })
    }

    fn lowered(&self) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
        self.lowered_with_spec()
            .map(|(_, api, warnings)| (api, warnings))
    }

    fn lowered_with_spec(&self) -> Result<(load::Spec, ir::Api, Vec<Diagnostic>), Error> {
        let spec = load::load_file_with_overlays(self.spec_path()?, &self.overlays)?;
        let (api, warnings) = ir::lower(&spec)?;
        if self.strict && !warnings.is_empty() {
            let errors = warnings
                .into_iter()
                .map(|w| Diagnostic {
                    severity: Severity::Error,
                    ..w
                })
                .collect();
            return Err(Error::Spec(errors));
        }
        Ok((spec, api, warnings))
    }

    /// Checks every `example`/`examples` value of the spec against the type its schema
    /// became. Returns the examples that do not fit (as warnings naming the example's JSON
    /// pointer and the path inside it) and the spec's own warnings.
    pub fn lint(&self) -> Result<(Vec<Diagnostic>, Vec<Diagnostic>), Error> {
        let (spec, api, warnings) = self.lowered_with_spec()?;
        let findings = lint::lint(&spec, &api)
            .iter()
            .map(|f| f.diagnostic(&spec))
            .collect();
        Ok((findings, warnings))
    }

    /// Generates a complete crate (Cargo.toml and `src/`), in memory.
    pub fn generate_crate(&self) -> Result<Output, Error> {
        let options = self.options()?;
        let (spec, api, warnings) = self.lowered_with_spec()?;
        let mut files = emit::emit_crate(&api, &options)?;
        if self.example_tests
            && let Some(tests) = emit::example_tests(&lint::examples(&spec, &api), &options.name)?
        {
            files.push(("tests/examples.rs".to_owned(), tests));
            files.sort();
        }
        Ok(Output { files, warnings })
    }

    /// Generates all modules as one file, for `include!`.
    pub fn generate_single_file(&self) -> Result<Output, Error> {
        let options = self.options()?;
        let (api, warnings) = self.lowered()?;
        let text = emit::emit_single_file(&api, &options)?;
        Ok(Output {
            files: vec![(self.single_file_name(&options), text)],
            warnings,
        })
    }

    fn single_file_name(&self, options: &CrateOptions) -> String {
        self.file_name
            .clone()
            .unwrap_or_else(|| format!("{}.rs", options.name.replace('-', "_")))
    }

    /// Writes the crate into `dir`; files whose contents are unchanged are not touched, and
    /// stale files under `src/` are removed.
    pub fn write_crate(&self, dir: &Path) -> Result<Output, Error> {
        let output = self.generate_crate()?;
        for (relative, contents) in &output.files {
            let path = dir.join(relative);
            if std::fs::read_to_string(&path).is_ok_and(|old| &old == contents) {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_owned(),
                    source,
                })?;
            }
            std::fs::write(&path, contents).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        let wanted: BTreeSet<&str> = output.files.iter().map(|(p, _)| p.as_str()).collect();
        for existing in managed_files(dir)? {
            if !wanted.contains(existing.as_str()) {
                let path = dir.join(&existing);
                std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
            }
        }
        Ok(output)
    }

    /// Compares `dir` with what [`Builder::write_crate`] would write.
    pub fn check_crate(&self, dir: &Path) -> Result<(Drift, Vec<Diagnostic>), Error> {
        let output = self.generate_crate()?;
        for (relative, contents) in &output.files {
            match std::fs::read(dir.join(relative)) {
                Err(_) => return Ok((Drift::Missing(relative.clone()), output.warnings)),
                Ok(bytes) if bytes != contents.as_bytes() => {
                    return Ok((Drift::Differs(relative.clone()), output.warnings));
                }
                Ok(_) => {}
            }
        }
        let wanted: BTreeSet<&str> = output.files.iter().map(|(p, _)| p.as_str()).collect();
        if let Some(extra) = managed_files(dir)?
            .into_iter()
            .find(|f| !wanted.contains(f.as_str()))
        {
            return Ok((Drift::Extra(extra), output.warnings));
        }
        Ok((Drift::None, output.warnings))
    }

    /// The build-script entry point: writes all modules as one file into `OUT_DIR` (or the
    /// directory given with [`Builder::out_dir`]), tells Cargo to rerun when the spec or an
    /// overlay changes, and passes warnings on as `cargo:warning`s. Returns the written file.
    pub fn generate_to_out_dir(&self) -> Result<PathBuf, Error> {
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Usage(
                        "OUT_DIR is not set: call this from a build script, or set `.out_dir(..)`"
                            .to_owned(),
                    )
                })?,
        };
        println!("cargo:rerun-if-changed={}", self.spec_path()?.display());
        for overlay in &self.overlays {
            println!("cargo:rerun-if-changed={}", overlay.display());
        }
        let output = self.generate_single_file()?;
        for warning in &output.warnings {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        let mut written = dir.clone();
        for (name, text) in &output.files {
            written = dir.join(name);
            if std::fs::read_to_string(&written).is_ok_and(|old| &old == text) {
                continue;
            }
            std::fs::write(&written, text).map_err(|source| Error::Io {
                path: written.clone(),
                source,
            })?;
        }
        Ok(written)
    }
}

/// Files under `dir` that generation owns: `Cargo.toml`, everything below `src/`, and
/// `tests/examples.rs`.
fn managed_files(dir: &Path) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    if dir.join("Cargo.toml").is_file() {
        files.push("Cargo.toml".to_owned());
    }
    if dir.join("tests/examples.rs").is_file() {
        files.push("tests/examples.rs".to_owned());
    }
    let mut stack = vec![dir.join("src")];
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
