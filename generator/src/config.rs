//! The crate description file, `specgen.toml`: what `generate --config` and
//! [`Builder::config`](crate::Builder::config) read instead of command-line options.
//!
//! ```toml
//! [crate]
//! name = "hubspot-orders"
//! version = "0.1.0"
//! # runtime = "registry"       # depend on specgen-runtime (or a path, a version) instead of carrying it
//!
//! [[spec]]
//! path = "spec/hubspot-orders.yaml"
//! overlays = ["spec/hubspot-orders.overlay.yaml"]
//! include = ["tag:Batch"]
//! exclude = []
//! types_only = false
//! strict = false
//! tag_features = false         # one cargo feature per tag
//!
//! [types]
//! derives = ["Hash", "Eq"]            # on every generated struct, enum and union
//! [types.derive_for]
//! SimplePublicObject = ["schemars::JsonSchema"]
//!
//! [rename.types]
//! SimplePublicObject = "Order"
//! [rename.methods]
//! batch_update = "update_many"
//! ```
//!
//! Paths are relative to the file. Errors name the file, the key and its line, like spec
//! errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Error};

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[crate]`.
    #[serde(rename = "crate", default)]
    pub krate: CrateSection,
    /// `[[spec]]`, one per spec.
    #[serde(default)]
    pub spec: Vec<SpecSection>,
    /// `[types]`: derives added to the generated types.
    #[serde(default)]
    pub types: TypesSection,
    /// `[rename]`: the user's names for generated types and methods.
    #[serde(default)]
    pub rename: RenameSection,
}

/// `[rename]`: old name → new name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameSection {
    /// `[rename.types]`, by generated Rust name.
    #[serde(default)]
    pub types: std::collections::BTreeMap<String, String>,
    /// `[rename.methods]`, by generated method name.
    #[serde(default)]
    pub methods: std::collections::BTreeMap<String, String>,
}

/// `[types]`: what the user adds to the generated types.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesSection {
    /// Derives on every struct, enum and union.
    #[serde(default)]
    pub derives: Vec<String>,
    /// `[types.derive_for]`: derives on one type, by its Rust name.
    #[serde(default)]
    pub derive_for: std::collections::BTreeMap<String, Vec<String>>,
}

/// `[crate]`: the generated crate's package.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateSection {
    /// Package name.
    pub name: Option<String>,
    /// Package version.
    pub version: Option<String>,
    /// `specgen-runtime` as a dependency: `registry` (the release of the generator's version),
    /// a path (relative to this file) or a version requirement.
    pub runtime: Option<String>,
}

/// `[[spec]]`: one spec and how to read it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSection {
    /// The OpenAPI document, relative to this file.
    pub path: PathBuf,
    /// The spec's module in a crate of several specs (default: the file's stem in
    /// snake_case); giving it makes even one spec a module.
    pub module: Option<String>,
    /// Overlays applied in order, relative to this file.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Operations to keep (see `--include`).
    #[serde(default)]
    pub include: Vec<String>,
    /// Operations to leave out (see `--exclude`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Types only, no client.
    #[serde(default)]
    pub types_only: bool,
    /// Every warning is an error.
    #[serde(default)]
    pub strict: bool,
    /// One cargo feature per tag (see `--tag-features`).
    #[serde(default)]
    pub tag_features: bool,
}

/// Reads and checks a description file.
pub fn read(path: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        source: e,
    })?;
    parse(path, &text)
}

/// Parses a description file's text; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
    let fail = |pointer: String, span: Option<std::ops::Range<usize>>, message: String| {
        let mut diagnostic = Diagnostic::error(path, pointer, message);
        diagnostic.position = span.map(|span| line_and_column(text, span.start));
        Error::Spec(vec![diagnostic])
    };
    let document = toml::de::DeTable::parse(text)
        .map_err(|e| fail(String::new(), e.span(), e.message().to_owned()))?;
    let deserializer = toml::de::Deserializer::from(document);
    let config: Config = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let pointer = pointer_of(&e.path().to_string());
        let inner = e.into_inner();
        fail(pointer, inner.span(), inner.message().to_owned())
    })?;
    if config.spec.is_empty() {
        return Err(fail(
            "/spec".into(),
            None,
            "no `[[spec]]`: name the OpenAPI document with `[[spec]] path = \"…\"`".into(),
        ));
    }
    if config.spec.len() > 1 || config.spec.iter().any(|s| s.module.is_some()) {
        let names: Vec<String> = config.spec.iter().map(module_name).collect();
        if let Err((index, problem)) = check_module_names(names.iter().map(String::as_str)) {
            let key = if config.spec[index].module.is_some() {
                "module"
            } else {
                "path"
            };
            let span = key_span(text, index, key);
            return Err(fail(format!("/spec/{index}/{key}"), span, problem));
        }
    }
    Ok(config)
}

/// The module a spec becomes in a crate of several: its `module`, or its file's stem.
pub fn module_name(spec: &SpecSection) -> String {
    spec.module.clone().unwrap_or_else(|| {
        let stem = spec.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        heck::ToSnakeCase::to_snake_case(stem)
    })
}

/// Names a module of a crate cannot take: the crate's own modules and the `Client`'s own
/// methods (each module is also an accessor on `Client`).
const RESERVED_MODULES: &[&str] = &[
    "client",
    "error",
    "runtime",
    "shared",
    "types",
    "builder",
    "new",
    "base_url",
    "rate_limit",
    "clone",
    "fmt",
];

/// Why `name` cannot name a module, if it cannot.
fn module_name_problem(name: &str) -> Option<String> {
    let snake = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake || syn::parse_str::<syn::Ident>(name).is_err() {
        Some(format!(
            "`{name}` cannot name a module: use a snake_case Rust identifier (e.g. `orders`)"
        ))
    } else if RESERVED_MODULES.contains(&name) {
        Some(format!(
            "`{name}` cannot name a module: the crate uses it (reserved: {})",
            RESERVED_MODULES.join(", ")
        ))
    } else {
        None
    }
}

/// Checks the module names of a crate of several specs: valid, free and distinct. The
/// error names the index of the first bad one.
pub fn check_module_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(), (usize, String)> {
    let mut seen = std::collections::BTreeSet::new();
    for (index, name) in names.into_iter().enumerate() {
        if let Some(problem) = module_name_problem(name) {
            return Err((index, problem));
        }
        if !seen.insert(name) {
            return Err((index, format!("module `{name}` is named twice")));
        }
    }
    Ok(())
}

/// Where `key` of the `index`th `[[spec]]` is written, for error positions.
fn key_span(text: &str, index: usize, key: &str) -> Option<std::ops::Range<usize>> {
    let section = text.match_indices("[[spec]]").nth(index)?.0;
    let end = text[section + 8..]
        .find("\n[")
        .map_or(text.len(), |e| section + 8 + e);
    let mut offset = section;
    for line in text[section..end].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// `crate.name` / `spec[0].path` as a JSON pointer: `/crate/name`, `/spec/0/path`.
fn pointer_of(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    path.split('.')
        .flat_map(|part| part.split('['))
        .map(|part| part.trim_end_matches(']'))
        .filter(|part| !part.is_empty())
        .map(|part| format!("/{part}"))
        .collect()
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A path of the file, relative to the file's folder.
pub fn resolve(config_path: &Path, relative: &Path) -> PathBuf {
    match config_path.parent() {
        Some(folder) if relative.is_relative() => folder.join(relative),
        _ => relative.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        match parse(Path::new("specgen.toml"), text) {
            Err(Error::Spec(mut diagnostics)) => diagnostics.remove(0),
            other => panic!("an error expected, got {other:?}"),
        }
    }

    #[test]
    fn a_whole_file_is_read() {
        let config = parse(
            Path::new("specgen.toml"),
            r#"
[crate]
name = "hubspot-orders"
version = "1.2.0"

[[spec]]
path = "spec/orders.yaml"
overlays = ["fix.yaml"]
include = ["tag:Batch"]
types_only = true
"#,
        )
        .expect("reads");
        assert_eq!(config.krate.name.as_deref(), Some("hubspot-orders"));
        assert_eq!(config.spec[0].path, Path::new("spec/orders.yaml"));
        assert_eq!(config.spec[0].overlays, [Path::new("fix.yaml")]);
        assert!(config.spec[0].types_only && !config.spec[0].strict);
    }

    #[test]
    fn errors_name_the_key_and_its_line() {
        let unknown =
            error_of("[crate]\nname = \"x\"\nflavour = \"y\"\n\n[[spec]]\npath = \"a.yaml\"\n");
        assert_eq!(unknown.pointer, "/crate/flavour");
        assert!(unknown.message.contains("flavour"), "{}", unknown.message);
        assert_eq!(unknown.position.map(|p| p.0), Some(3));

        let wrong_type = error_of("[[spec]]\npath = \"a.yaml\"\ntypes_only = \"yes\"\n");
        assert_eq!(wrong_type.pointer, "/spec/0/types_only");
        assert_eq!(wrong_type.position.map(|p| p.0), Some(3));

        let syntax = error_of("[crate\nname = 1\n");
        assert_eq!(syntax.position.map(|p| p.0), Some(1));

        let none = error_of("[crate]\nname = \"x\"\n");
        assert_eq!(none.pointer, "/spec");
    }

    #[test]
    fn several_specs_are_modules_with_valid_distinct_names() {
        let config = parse(
            Path::new("specgen.toml"),
            "[[spec]]\npath = \"specs/line-items.yaml\"\n[[spec]]\npath = \"b.yaml\"\nmodule = \"deals\"\n",
        )
        .expect("reads");
        let names: Vec<String> = config.spec.iter().map(module_name).collect();
        assert_eq!(names, ["line_items", "deals"]);

        let twice = error_of(
            "[[spec]]\npath = \"a/orders.yaml\"\n[[spec]]\npath = \"b.yaml\"\nmodule = \"orders\"\n",
        );
        assert_eq!(twice.pointer, "/spec/1/module");
        assert_eq!(twice.position.map(|p| p.0), Some(5));
        assert!(twice.message.contains("named twice"), "{}", twice.message);

        let reserved = error_of("[[spec]]\npath = \"a.yaml\"\nmodule = \"client\"\n");
        assert_eq!(reserved.pointer, "/spec/0/module");
        assert!(
            reserved.message.contains("reserved"),
            "{}",
            reserved.message
        );

        let invalid = error_of("[[spec]]\npath = \"a.yaml\"\nmodule = \"Line Items\"\n");
        assert!(
            invalid.message.contains("snake_case"),
            "{}",
            invalid.message
        );
        let keyword = error_of("[[spec]]\npath = \"a.yaml\"\n[[spec]]\npath = \"type.yaml\"\n");
        assert_eq!(keyword.pointer, "/spec/1/path");
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        assert_eq!(
            resolve(Path::new("conf/specgen.toml"), Path::new("spec/a.yaml")),
            Path::new("conf/spec/a.yaml")
        );
        assert_eq!(
            resolve(Path::new("conf/specgen.toml"), Path::new("/abs/a.yaml")),
            Path::new("/abs/a.yaml")
        );
    }
}
