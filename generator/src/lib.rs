//! specgen: OpenAPI 3.0 and 3.1 → Rust. Reads a spec (YAML or JSON), lowers it into an intermediate
//! representation of named types and operations, and emits a typed async client with
//! `quote!` → `syn` → `prettyplease`.
//!
//! The pipeline, one private module per step: `load` (text → document, lenient fix-ups) →
//! `ir` (document → types and operations) → `emit` (IR → formatted Rust) → `write` (files
//! into a folder: atomically, under a lock, overwriting only what specgen wrote). The public
//! API drives it: [`Builder`] generates, checks a folder ([`Drift`]) and lints examples;
//! [`diff`] compares the APIs two specs generate.
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
//!
//! With [`Builder::runtime_crate`]`("registry")` the included code uses the `specgen-runtime`
//! crate, which is then the including crate's one dependency (`specgen-runtime = "X.Y.Z"`,
//! the version of this crate; `specgen = { version = "X.Y.Z", default-features = false }`
//! as the build-dependency leaves the command line out).

mod config;
mod conflict;
mod diagnostics;
pub mod diff;
mod emit;
mod ir;
mod lint;
mod load;
mod write;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Error, Severity};
use emit::CrateOptions;
pub use write::{Conflict, ConflictKind, WriteReport, Written};

/// Configures and runs generation.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    spec: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    runtime_crate: Option<String>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    strict: bool,
    example_tests: bool,
    force: bool,
    include: Vec<String>,
    exclude: Vec<String>,
    types_only: bool,
    tag_features: bool,
    config: Option<PathBuf>,
    derives: emit::Derives,
    renames: ir::rename::Renames,
    modules: Vec<ModuleSpec>,
}

/// One spec of a crate built from several, and the module it becomes (see
/// [`Builder::module`]).
#[derive(Debug, Clone)]
pub struct ModuleSpec {
    name: String,
    spec: PathBuf,
    overlays: Vec<PathBuf>,
    include: Vec<String>,
    exclude: Vec<String>,
    strict: bool,
}

impl ModuleSpec {
    /// The spec at `spec` becomes the module `name` (snake_case; also its cargo feature and
    /// its accessor on the crate's `Client`, e.g. `client.orders()`).
    pub fn new(name: impl Into<String>, spec: impl Into<PathBuf>) -> Self {
        Self {
            name: name.into(),
            spec: spec.into(),
            overlays: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            strict: false,
        }
    }

    /// An Overlay applied to this spec (repeatable, in order); see [`Builder::overlay`].
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// Keep only the operations this rule names; see [`Builder::include`].
    pub fn include(mut self, rule: impl Into<String>) -> Self {
        self.include.push(rule.into());
        self
    }

    /// Leave out the operations this rule names; see [`Builder::exclude`].
    pub fn exclude(mut self, rule: impl Into<String>) -> Self {
        self.exclude.push(rule.into());
        self
    }

    /// Every warning of this spec is an error; see [`Builder::strict`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }
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

    /// Makes the generated crate depend on the `specgen-runtime` crate instead of carrying
    /// the runtime's files as its `runtime` module: `"registry"` for the release of this
    /// generator's version (`specgen-runtime = { version = "0.1.0" }` from specgen 0.1.0), a
    /// path (when the text looks like one), or any other version requirement. Crates
    /// generated this way share the runtime's types (`RetryPolicy`, …), and the generated
    /// code names serde, serde_json, chrono, uuid and reqwest through the runtime's
    /// re-exports, so `specgen-runtime` is the crate's one dependency (and, for a build
    /// step, the including crate's).
    pub fn runtime_crate(mut self, source: impl Into<String>) -> Self {
        self.runtime_crate = Some(source.into());
        self
    }

    /// Adds a derive to every generated struct, enum and union (e.g. `Hash`, `Eq`,
    /// `schemars::JsonSchema`); derives specgen already writes are not repeated. The crate
    /// that uses the generated code provides what the derive needs.
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.derives.all.push(path.into());
        self
    }

    /// Adds a derive to one generated type, by its Rust name (e.g. `SimplePublicObject`).
    pub fn derive_for(mut self, type_name: impl Into<String>, path: impl Into<String>) -> Self {
        self.derives
            .by_type
            .entry(type_name.into())
            .or_default()
            .push(path.into());
        self
    }

    /// Gives a generated type another name (`SimplePublicObject` → `Order`); every use
    /// follows. The new name must be free and UpperCamelCase.
    pub fn rename_type(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.renames.types.insert(from.into(), to.into());
        self
    }

    /// Gives a client method another name (`batch_update` → `update_many`; its request and
    /// response types follow). The new name must be free and snake_case.
    pub fn rename_method(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.renames.methods.insert(from.into(), to.into());
        self
    }

    /// Reads a crate description file (`specgen.toml`): the crate's name, version and
    /// runtime, and its spec with overlays, subset and strictness; paths in it are relative
    /// to the file. Builder calls after this one override what the file says. Errors name
    /// the file, the key and its line.
    ///
    /// ```toml
    /// [crate]
    /// name = "hubspot-orders"
    ///
    /// [[spec]]
    /// path = "spec/hubspot-orders.yaml"
    /// overlays = ["spec/hubspot-orders.overlay.yaml"]
    /// ```
    pub fn config(mut self, path: impl Into<PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let config = config::read(&path)?;
        if let Some(name) = config.krate.name {
            self.crate_name = Some(name);
        }
        if let Some(version) = config.krate.version {
            self.crate_version = Some(version);
        }
        if let Some(runtime) = config.krate.runtime {
            // A path is relative to the file; a version requirement is kept as written.
            self.runtime_crate = Some(if emit::runtime_is_path(&runtime) {
                config::resolve(&path, Path::new(&runtime))
                    .display()
                    .to_string()
            } else {
                runtime
            });
        }
        self.derives.all.extend(config.types.derives);
        for (name, derives) in config.types.derive_for {
            self.derives
                .by_type
                .entry(name)
                .or_default()
                .extend(derives);
        }
        self.renames.types.extend(config.rename.types);
        self.renames.methods.extend(config.rename.methods);
        // Several specs, or one named as a module, make a crate of modules.
        let several = config.spec.len() > 1 || config.spec.iter().any(|s| s.module.is_some());
        for spec in config.spec {
            let mut module = ModuleSpec::new(
                config::module_name(&spec),
                config::resolve(&path, &spec.path),
            )
            .strict(spec.strict);
            module.overlays = spec
                .overlays
                .iter()
                .map(|overlay| config::resolve(&path, overlay))
                .collect();
            module.include = spec.include;
            module.exclude = spec.exclude;
            if several {
                self.types_only |= spec.types_only;
                self.tag_features |= spec.tag_features;
                self.modules.push(module);
            } else {
                self.spec = Some(module.spec);
                self.overlays = module.overlays;
                self.include = module.include;
                self.exclude = module.exclude;
                self.types_only = spec.types_only;
                self.tag_features = spec.tag_features;
                self.strict = module.strict;
            }
        }
        self.config = Some(path);
        Ok(self)
    }

    /// Adds a spec as a module of a crate built from several (instead of [`Builder::spec`]):
    /// one module per spec with its types and its API's client, one `Client` for all
    /// (`client.orders()`, `client.contacts()`, …) sharing credentials, retry policy and rate
    /// limiter, one `Error`, and one `shared` module for the types the specs define alike.
    /// In the crate form each module is a cargo feature (all on by default).
    ///
    /// ```no_run
    /// use specgen::{Builder, ModuleSpec};
    /// let output = Builder::new()
    ///     .crate_name("hubspot-crm")
    ///     .module(ModuleSpec::new("orders", "spec/orders.yaml"))
    ///     .module(ModuleSpec::new("contacts", "spec/contacts.yaml"))
    ///     .generate_crate()?;
    /// # Ok::<(), specgen::Error>(())
    /// ```
    pub fn module(mut self, module: ModuleSpec) -> Self {
        self.modules.push(module);
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

    /// Overwrite or remove files in the way of generation: files specgen did not write, or
    /// that were edited since (without it, they stop the run with [`Error::Ownership`]). The
    /// [`WriteReport`] lists what was replaced.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Generate only the operations this rule names (repeatable; all when none is given):
    /// `tag:NAME`, `operation:ID` (an operationId or a method name), or `path:PATTERN` (`*`
    /// within a path segment, `**` across segments). Types no kept operation reaches are
    /// left out.
    pub fn include(mut self, rule: impl Into<String>) -> Self {
        self.include.push(rule.into());
        self
    }

    /// Leave out the operations this rule names (repeatable; same rules as
    /// [`Builder::include`]), and the types only they reach.
    pub fn exclude(mut self, rule: impl Into<String>) -> Self {
        self.exclude.push(rule.into());
        self
    }

    /// Types only: no client, no HTTP dependencies.
    pub fn types_only(mut self, types_only: bool) -> Self {
        self.types_only = types_only;
        self
    }

    /// One cargo feature per tag (default off). The generated Cargo.toml gets a feature per
    /// tag of the operations, named in kebab-case (`Pet Store` → `pet-store`; clashes get
    /// `-2`, `-3`, …), `untagged` for the operations without a tag, and `default` with all of
    /// them. Each operation is compiled under its tags' features, and each type when an
    /// enabled feature's operation reaches it (the type-graph closure); types no operation
    /// reaches (webhook payloads, unused schemas) are always compiled. Every feature compiles
    /// alone, and so does the crate with none.
    ///
    /// The single file of [`Builder::generate_to_out_dir`] carries the same `cfg`s: the crate
    /// that includes it defines the features (a comment at the top of the file lists them);
    /// an operation whose feature it does not enable is left out.
    pub fn tag_features(mut self, enabled: bool) -> Self {
        self.tag_features = enabled;
        self
    }

    fn selection(&self) -> Result<ir::select::Selection, Error> {
        self.selection_of(&self.include, &self.exclude)
    }

    /// The selection of these include and exclude rules, with the builder's types-only.
    fn selection_of(
        &self,
        include: &[String],
        exclude: &[String],
    ) -> Result<ir::select::Selection, Error> {
        let rules = |texts: &[String]| -> Result<Vec<ir::select::Rule>, Error> {
            texts
                .iter()
                .map(|text| ir::select::Rule::parse(text).map_err(Error::Usage))
                .collect()
        };
        Ok(ir::select::Selection {
            include: rules(include)?,
            exclude: rules(exclude)?,
            types_only: self.types_only,
        })
    }

    fn spec_path(&self) -> Result<&Path, Error> {
        self.spec
            .as_deref()
            .ok_or_else(|| Error::Usage("no spec given: call `.spec(path)`".to_owned()))
    }

    fn options(&self) -> Result<CrateOptions, Error> {
        let name = match (&self.crate_name, self.modules.is_empty()) {
            (Some(name), _) => name.clone(),
            (None, true) => self
                .spec_path()?
                .file_stem()
                .and_then(|s| s.to_str())
                .map(heck::ToKebabCase::to_kebab_case)
                .unwrap_or_else(|| "api".to_owned()),
            (None, false) => {
                return Err(Error::Usage(
                    "a crate of several specs needs a name: `[crate] name` or `.crate_name(..)`"
                        .to_owned(),
                ));
            }
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
            runtime_crate: self.runtime_crate.clone(),
            derives: self.checked_derives()?,
            tag_features: self.tag_features,
        })
    }

    /// The derives given, each checked to be a Rust path.
    fn checked_derives(&self) -> Result<emit::Derives, Error> {
        let all = self.derives.all.iter();
        for text in all.chain(self.derives.by_type.values().flatten()) {
            if syn::parse_str::<syn::Path>(text).is_err() {
                return Err(Error::Usage(format!(
                    "`{text}` is not a derive path (e.g. `Hash` or `schemars::JsonSchema`)"
                )));
            }
        }
        Ok(self.derives.clone())
    }

    fn lowered(&self) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
        self.lowered_with_spec()
            .map(|(_, api, warnings)| (api, warnings))
    }

    fn lowered_with_spec(&self) -> Result<(load::Spec, ir::Api, Vec<Diagnostic>), Error> {
        let selection = self.selection()?;
        let (spec, api, mut warnings, unknown) =
            self.lower_one(self.spec_path()?, &self.overlays, &selection)?;
        for name in unknown {
            warnings.push(Diagnostic::warning(
                &spec.file,
                "",
                format!("{name} is renamed, but the API has none"),
            ));
        }
        Self::strictly(self.strict, &warnings)?;
        Ok((spec, api, warnings))
    }

    /// Every spec of a crate built from several, lowered, with their warnings.
    fn lowered_modules(&self) -> Result<(Vec<emit::SpecModule>, Vec<Diagnostic>), Error> {
        if self.spec.is_some()
            || !self.overlays.is_empty()
            || !self.include.is_empty()
            || !self.exclude.is_empty()
        {
            return Err(Error::Usage(
                "a crate of several specs takes each spec's overlays and selection in its module (`[[spec]]` or `ModuleSpec`), not for the whole crate".to_owned(),
            ));
        }
        config::check_module_names(self.modules.iter().map(|m| m.name.as_str()))
            .map_err(|(_, problem)| Error::Usage(problem))?;
        if self.tag_features {
            return Err(Error::Usage(
                "a crate of several specs has a cargo feature per spec's module; features per tag are for a crate of one spec".to_owned(),
            ));
        }
        let mut specs = Vec::new();
        let mut warnings = Vec::new();
        // A rename is unknown when no module has the name.
        let mut unknown: Option<Vec<String>> = None;
        for module in &self.modules {
            let selection = self.selection_of(&module.include, &module.exclude)?;
            let (_, api, own, missing) =
                self.lower_one(&module.spec, &module.overlays, &selection)?;
            Self::strictly(self.strict || module.strict, &own)?;
            warnings.extend(own);
            unknown = Some(match unknown {
                None => missing,
                Some(before) => before.into_iter().filter(|n| missing.contains(n)).collect(),
            });
            specs.push(emit::SpecModule {
                name: module.name.clone(),
                api,
            });
        }
        for name in unknown.unwrap_or_default() {
            warnings.push(Diagnostic::warning(
                self.config.as_deref().unwrap_or(Path::new("")),
                "",
                format!("{name} is renamed, but no spec has it"),
            ));
        }
        Self::strictly(self.strict, &warnings)?;
        Ok((specs, warnings))
    }

    /// Loads, lowers and selects one spec, and renames in it; returns the spec, its IR, its
    /// warnings and the renamed names it does not have.
    fn lower_one(
        &self,
        path: &Path,
        overlays: &[PathBuf],
        selection: &ir::select::Selection,
    ) -> Result<(load::Spec, ir::Api, Vec<Diagnostic>, Vec<String>), Error> {
        let spec = load::load_file_with_overlays(path, overlays)?;
        let (mut api, mut warnings) = ir::lower(&spec)?;
        for rule in ir::select::apply(&mut api, selection) {
            warnings.push(Diagnostic::warning(
                &spec.file,
                "/paths",
                format!("`{rule}` matches no operation"),
            ));
        }
        let unknown = ir::rename::apply(&mut api, &self.renames).map_err(Error::Usage)?;
        Ok((spec, api, warnings, unknown))
    }

    /// With `strict`, warnings are errors.
    fn strictly(strict: bool, warnings: &[Diagnostic]) -> Result<(), Error> {
        if strict && !warnings.is_empty() {
            let errors = warnings
                .iter()
                .map(|w| Diagnostic {
                    severity: Severity::Error,
                    ..w.clone()
                })
                .collect();
            return Err(Error::Spec(errors));
        }
        Ok(())
    }

    /// Checks every `example`/`examples` value of the spec against the type its schema
    /// became. Returns the examples that do not fit (as warnings naming the example's JSON
    /// pointer and the path inside it) and the spec's own warnings.
    pub fn lint(&self) -> Result<(Vec<Diagnostic>, Vec<Diagnostic>), Error> {
        if !self.modules.is_empty() {
            return Err(Error::Usage(
                "lint reads one spec: run it on each spec of the crate".to_owned(),
            ));
        }
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
        if !self.modules.is_empty() {
            if self.example_tests {
                return Err(Error::Usage(
                    "example tests are written for a crate of one spec".to_owned(),
                ));
            }
            let (specs, warnings) = self.lowered_modules()?;
            let files = emit::emit_multi_crate(&specs, &options)?;
            return Ok(Output { files, warnings });
        }
        let (spec, api, warnings) = self.lowered_with_spec()?;
        let examples = self.example_tests.then(|| lint::examples(&spec, &api));
        // The document (its text, JSON and typed views) is as large as the output again:
        // gone before the emitters allocate theirs, it does not add to the peak.
        drop(spec);
        let mut files = emit::emit_crate(&api, &options)?;
        if let Some(examples) = examples
            && let Some(tests) = emit::example_tests(&examples, &options)?
        {
            files.push(("tests/examples.rs".to_owned(), tests));
            files.sort();
        }
        Ok(Output { files, warnings })
    }

    /// Generates all modules as one file, for `include!`.
    pub fn generate_single_file(&self) -> Result<Output, Error> {
        let options = self.options()?;
        if !self.modules.is_empty() {
            let (specs, warnings) = self.lowered_modules()?;
            let text = emit::emit_multi_single_file(&specs, &options)?;
            return Ok(Output {
                files: vec![(self.single_file_name(&options), text)],
                warnings,
            });
        }
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

    /// Writes the crate into `dir`, owning only what it wrote: files whose contents are
    /// unchanged are not touched, stale generated files are removed, and files in the way
    /// (not written by specgen, or edited since) stop the run before anything is written
    /// ([`Error::Ownership`]) unless [`Builder::force`] is set. Each file is replaced
    /// atomically, under a lock on `dir`, and a manifest in `dir` records what was written.
    pub fn write_crate(&self, dir: &Path) -> Result<Written, Error> {
        let output = self.generate_crate()?;
        let report = write::write_crate(dir, &output.files, self.force)?;
        Ok(Written { output, report })
    }

    /// Compares `dir` with what [`Builder::write_crate`] would leave there, manifest included.
    pub fn check_crate(&self, dir: &Path) -> Result<(Drift, Vec<Diagnostic>), Error> {
        self.check_crate_output(dir)
            .map(|(drift, output)| (drift, output.warnings))
    }

    /// [`Builder::check_crate`], also returning what was generated (to summarise a drift
    /// without generating twice).
    pub fn check_crate_output(&self, dir: &Path) -> Result<(Drift, Output), Error> {
        let output = self.generate_crate()?;
        let drift = write::check_crate(dir, &output.files)?;
        Ok((drift, output))
    }

    /// The build-script entry point: writes all modules as one file into `OUT_DIR` (or the
    /// directory given with [`Builder::out_dir`]), tells Cargo to rerun when the spec or an
    /// overlay changes, and passes warnings on as `cargo:warning`s. Returns the written file.
    ///
    /// The file is written like [`Builder::write_crate`]'s: atomically, and only over a file
    /// specgen wrote (its manifest is `<file>.specgen-manifest` beside it).
    pub fn generate_to_out_dir(&self) -> Result<PathBuf, Error> {
        let written = self.write_to_out_dir()?;
        let name = written.output.files.first().map(|(name, _)| name.as_str());
        Ok(written.report.dir.join(name.unwrap_or_default()))
    }

    /// [`Builder::generate_to_out_dir`], returning what was generated and what the write did.
    pub fn write_to_out_dir(&self) -> Result<Written, Error> {
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
        if self.modules.is_empty() {
            println!("cargo:rerun-if-changed={}", self.spec_path()?.display());
        }
        if let Some(config) = &self.config {
            println!("cargo:rerun-if-changed={}", config.display());
        }
        let module_files = self
            .modules
            .iter()
            .flat_map(|m| std::iter::once(&m.spec).chain(&m.overlays));
        for file in self.overlays.iter().chain(module_files) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let output = self.generate_single_file()?;
        for warning in &output.warnings {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        let mut report = WriteReport {
            dir: dir.clone(),
            ..WriteReport::default()
        };
        for (name, text) in &output.files {
            report = write::write_single(&dir, name, text, self.force)?;
        }
        for conflict in &report.forced {
            println!(
                "cargo:warning=specgen replaced {} ({})",
                conflict.path.display(),
                conflict.reason()
            );
        }
        Ok(Written { output, report })
    }
}

/// The pipeline on a spec in memory, for the fuzz targets (`generator/fuzz`) and their
/// regression test; not part of the supported API.
#[doc(hidden)]
pub mod __fuzz {
    use std::path::Path;

    use crate::Error;

    /// Applies `overlays` (`(file name, text)`, in order) to the spec `text`, lowers it and
    /// emits a crate named `fuzzed`; the file names pick the formats (`.json` or YAML).
    pub fn generate(
        name: &str,
        text: String,
        overlays: &[(&str, String)],
    ) -> Result<Vec<(String, String)>, Error> {
        let overlays = overlays
            .iter()
            .map(|(name, text)| crate::load::overlay::Overlay::parse(Path::new(name), text.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let spec = crate::load::load_str_with_overlays(Path::new(name), text, &overlays)?;
        let (api, _) = crate::ir::lower(&spec)?;
        crate::emit::emit_crate(&api, &crate::CrateOptions::new("fuzzed", "0.1.0"))
    }
}
