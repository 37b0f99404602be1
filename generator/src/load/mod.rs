//! Reading a spec: YAML or JSON text → JSON value (with lenient fix-ups, each a warning)
//! → [`openapiv3::OpenAPI`]. The JSON value is kept, so that `$ref`s pointing anywhere in
//! the document can be resolved and diagnostics can be placed in the source text.

mod lenient;
pub mod overlay;
mod position;
mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Error};

pub use position::{Positions, locate};

/// A parsed spec with everything later stages need to report problems precisely.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Where the spec came from (used in every diagnostic).
    pub file: PathBuf,
    /// The source text, for positions.
    pub text: String,
    /// The document as JSON, after the overlays and the lenient fix-ups.
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

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<Spec, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    load_str(path, text)
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
    check_version(file, &text, &document)?;
    lenient::fix_up(file, &mut document, &mut warnings);
    let openapi = to_openapi(file, &text, &document)?;
    let positions = Positions::default();
    let warnings = warnings
        .into_iter()
        .map(|w| match positions.locate(&text, &w.pointer) {
            Some((line, column)) if w.position.is_none() => w.at(line, column),
            _ => w,
        })
        .collect();
    let warnings = [overlay_warnings, warnings].concat();
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

fn check_version(file: &Path, text: &str, document: &Value) -> Result<(), Error> {
    let Some(object) = document.as_object() else {
        return Err(Error::spec(Diagnostic::error(
            file,
            "",
            "the document is not an object",
        )));
    };
    let version = object.get("openapi").and_then(Value::as_str);
    match version {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => {
            let mut d = Diagnostic::error(
                file,
                "/openapi",
                format!("OpenAPI version {v} is not supported; specgen reads OpenAPI 3.0.x"),
            );
            if let Some((line, column)) = locate(text, "/openapi") {
                d = d.at(line, column);
            }
            Err(Error::spec(d))
        }
        None if object.contains_key("swagger") => Err(Error::spec(Diagnostic::error(
            file,
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first",
        ))),
        None => Err(Error::spec(Diagnostic::error(
            file,
            "",
            "missing `openapi` version field; not an OpenAPI 3.0 document",
        ))),
    }
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

fn to_openapi(file: &Path, text: &str, document: &Value) -> Result<openapiv3::OpenAPI, Error> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        let (pointer, message) = refine(document, pointer_of(e.path()), e.inner().to_string());
        let mut d = Diagnostic::error(
            file,
            pointer.clone(),
            format!("not a valid OpenAPI 3.0 document: {message}"),
        );
        if let Some((line, column)) = locate(text, &pointer) {
            d = d.at(line, column);
        }
        Error::spec(d)
    })
}

/// openapiv3 reads path items through an untagged enum, which hides where inside `/paths`
/// a value is wrong; reading each path item on its own finds the exact place.
fn refine(document: &Value, pointer: String, message: String) -> (String, String) {
    if pointer != "/paths" {
        return (pointer, message);
    }
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return (pointer, message);
    };
    for (path, item) in paths {
        if item.get("$ref").is_some() {
            continue;
        }
        if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
            let base = crate::diagnostics::push_pointer(&pointer, path);
            let inner = pointer_of(e.path());
            return (format!("{base}{inner}"), e.inner().to_string());
        }
    }
    (pointer, message)
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
