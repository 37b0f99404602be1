//! Reading a spec: YAML or JSON text → JSON value (with lenient fix-ups, each a warning)
//! → [`openapiv3::OpenAPI`]. The JSON value is kept, so that `$ref`s pointing anywhere in
//! the document can be resolved and diagnostics can be placed in the source text.

mod dialect;
mod lenient;
pub mod overlay;
mod position;
mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Error};

use dialect::Dialect;
pub use position::Positions;

/// A parsed spec with everything later stages need to report problems precisely.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Where the spec came from (used in every diagnostic).
    pub file: PathBuf,
    /// The source text, for positions.
    pub text: String,
    /// The document as JSON, after the overlays and the lenient fix-ups, rewritten into the
    /// 3.0 shape whatever version it declares.
    pub document: Value,
    /// The typed view of the document.
    pub openapi: openapiv3::OpenAPI,
    /// Fix-ups and fallbacks applied while reading.
    pub warnings: Vec<Diagnostic>,
    /// Lookups of source positions in `text`, cached.
    pub positions: Positions,
}

impl Spec {
    /// An error diagnostic at `pointer`, with the line and column when they can be found.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::error(&self.file, pointer, message))
    }

    /// A warning diagnostic at `pointer`, placed like [`Spec::error`].
    pub fn warning(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::warning(&self.file, pointer, message))
    }

    /// Resolves a local `$ref` to the value it names and its JSON pointer. The fragment is a
    /// URI fragment, so it is percent-decoded first (`%7Bid%7D` → `{id}`). External refs and
    /// dangling ones give the message to report.
    pub fn lookup(&self, reference: &str) -> Result<(&Value, String), String> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(format!(
                "external $ref `{reference}` is not supported; bundle the spec into one file first"
            ));
        };
        let pointer = percent_decode(fragment);
        match self.document.pointer(&pointer) {
            Some(value) => Ok((value, pointer)),
            None => Err(format!("$ref `{reference}` points at nothing")),
        }
    }

    fn place(&self, diagnostic: Diagnostic) -> Diagnostic {
        match self.positions.locate(&self.text, &diagnostic.pointer) {
            Some((line, column)) => diagnostic.at(line, column),
            None => diagnostic,
        }
    }
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the spec at `path` and applies the Overlays at `overlays` to it, in order, before
/// anything else reads it.
pub fn load_file_with_overlays(path: &Path, overlays: &[PathBuf]) -> Result<Spec, Error> {
    let overlays = overlay::read_all(overlays)?;
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    load_str_with_overlays(path, text, &overlays)
}

/// Parses spec text; `file` names it in diagnostics.
#[cfg(test)]
pub fn load_str(file: &Path, text: String) -> Result<Spec, Error> {
    load_str_with_overlays(file, text, &[])
}

/// Parses spec text and applies `overlays` to the parsed document first; their warnings
/// (placed in the overlay files) come before the spec's own.
pub fn load_str_with_overlays(
    file: &Path,
    text: String,
    overlays: &[overlay::Overlay],
) -> Result<Spec, Error> {
    let mut warnings = Vec::new();
    let mut document = parse_text(file, &text, &mut warnings)?;
    let mut overlay_warnings = Vec::new();
    overlay::apply_all(overlays, &mut document, &mut overlay_warnings)?;
    let positions = Positions::default();
    let place = |d: Diagnostic| match positions.locate(&text, &d.pointer) {
        Some((line, column)) if d.position.is_none() => d.at(line, column),
        _ => d,
    };
    let dialect =
        dialect::detect(file, &document, &mut warnings).map_err(|d| Error::spec(place(d)))?;
    lenient::fix_up(file, dialect, &mut document, &mut warnings);
    dialect::normalize(file, dialect, &mut document, &mut warnings);
    let openapi = to_openapi(&document).map_err(|faults| {
        let errors = faults.into_iter().map(|(pointer, message)| {
            let message = format!("not a valid OpenAPI document: {message}");
            place(Diagnostic::error(file, pointer, message))
        });
        Error::Spec(errors.collect())
    })?;
    let warnings = overlay_warnings
        .into_iter()
        .chain(warnings.into_iter().map(place))
        .collect();
    Ok(Spec {
        file: file.to_owned(),
        text,
        document,
        openapi,
        warnings,
        positions,
    })
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

fn parse_text(file: &Path, text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Value, Error> {
    if looks_like_json(text) {
        let body = text.trim_start_matches('\u{feff}');
        return serde_json::from_str(body).map_err(|e| {
            Error::spec(
                Diagnostic::error(file, "", format!("invalid JSON: {e}")).at(e.line(), e.column()),
            )
        });
    }
    yaml::parse(file, text, warnings)
}

/// Converts serde_path_to_error's path into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => {
                crate::diagnostics::push_pointer(&pointer, &index.to_string())
            }
            Segment::Map { key } => crate::diagnostics::push_pointer(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        };
    }
    pointer
}

/// The typed view of the document, or the JSON pointer and message of every fault in it.
fn to_openapi(document: &Value) -> Result<openapiv3::OpenAPI, Vec<(String, String)>> {
    let whole = match serde_path_to_error::deserialize(document) {
        Ok(openapi) => return Ok(openapi),
        Err(e) => (pointer_of(e.path()), e.inner().to_string()),
    };
    // serde stops at the first fault; reading each part on its own finds all of them, so
    // that one run reports everything to fix.
    let mut faults = every_fault(document);
    if faults.is_empty() {
        faults.push(whole);
    }
    Err(faults)
}

/// Deserialises one part of the document, giving the pointer and message of its fault.
fn fault_in<T: serde::de::DeserializeOwned>(value: &Value, base: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|e| {
            (
                format!("{base}{}", pointer_of(e.path())),
                e.inner().to_string(),
            )
        })
}

/// The faults of every part of the document that openapiv3 reads: each path item, each
/// component, and the top-level fields, each read on its own. openapiv3 reads path items
/// and references through untagged enums, which hide where inside them a value is wrong;
/// reading the item type directly names the exact place.
fn every_fault(document: &Value) -> Vec<(String, String)> {
    use crate::diagnostics::push_pointer;
    use openapiv3 as o;
    let mut faults = Vec::new();
    let Some(root) = document.as_object() else {
        return faults;
    };
    for (key, value) in root {
        let base = push_pointer("", key);
        let fault = match key.as_str() {
            "info" => fault_in::<o::Info>(value, &base),
            "servers" => fault_in::<Vec<o::Server>>(value, &base),
            "security" => fault_in::<Vec<o::SecurityRequirement>>(value, &base),
            "tags" => fault_in::<Vec<o::Tag>>(value, &base),
            "externalDocs" => fault_in::<o::ExternalDocumentation>(value, &base),
            "paths" => match value.as_object() {
                Some(paths) => {
                    for (path, item) in paths {
                        let at = push_pointer(&base, path);
                        faults.extend(fault_in::<o::PathItem>(item, &at));
                    }
                    None
                }
                None => fault_in::<o::Paths>(value, &base),
            },
            "components" => match value.as_object() {
                Some(components) => {
                    component_faults(components, &base, &mut faults);
                    None
                }
                None => fault_in::<o::Components>(value, &base),
            },
            _ => None,
        };
        faults.extend(fault);
    }
    faults
}

fn component_faults(
    components: &serde_json::Map<String, Value>,
    base: &str,
    faults: &mut Vec<(String, String)>,
) {
    use crate::diagnostics::push_pointer;
    use openapiv3 as o;
    type Check = fn(&Value, &str) -> Option<(String, String)>;
    let sections: [(&str, Check); 8] = [
        ("schemas", fault_in::<o::Schema>),
        ("responses", fault_in::<o::Response>),
        ("parameters", fault_in::<o::Parameter>),
        ("examples", fault_in::<o::Example>),
        ("requestBodies", fault_in::<o::RequestBody>),
        ("headers", fault_in::<o::Header>),
        ("securitySchemes", fault_in::<o::SecurityScheme>),
        ("links", fault_in::<o::Link>),
    ];
    for (section, value) in components {
        let at = push_pointer(base, section);
        let Some((_, check)) = sections.iter().find(|(name, _)| name == section) else {
            continue;
        };
        let Some(entries) = value.as_object() else {
            faults.push((at, format!("`{section}` must be a map")));
            continue;
        };
        for (name, entry) in entries {
            if entry.get("$ref").is_some() {
                continue;
            }
            faults.extend(check(entry, &push_pointer(&at, name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Spec, Error> {
        load_str(Path::new("t.yaml"), text.to_owned())
    }

    #[test]
    fn reads_yaml_and_json() {
        let yaml =
            load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").expect("yaml");
        assert_eq!(yaml.openapi.info.title, "t");
        let json = load(r#"{"openapi":"3.0.0","info":{"title":"j","version":"1"},"paths":{}}"#)
            .expect("json");
        assert_eq!(json.openapi.info.title, "j");
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let Err(Error::Spec(diagnostics)) = load("openapi: 3.0.3\ninfo: [\n") else {
            panic!("expected an error")
        };
        assert!(diagnostics[0].position.is_some(), "{diagnostics:?}");
    }

    #[test]
    fn swagger_2_is_refused_by_name() {
        let Err(Error::Spec(diagnostics)) =
            load("swagger: '2.0'\ninfo: {title: t, version: '1'}\n")
        else {
            panic!("expected an error")
        };
        assert!(diagnostics[0].message.contains("Swagger 2.0"));
    }

    #[test]
    fn structural_errors_name_the_pointer() {
        let Err(Error::Spec(diagnostics)) = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n",
        ) else {
            panic!("expected an error")
        };
        assert_eq!(
            diagnostics[0].pointer, "/paths/~1a/get/responses",
            "{diagnostics:?}"
        );
        assert_eq!(diagnostics[0].position.map(|p| p.0), Some(6));
    }
}
