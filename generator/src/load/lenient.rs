//! Lenient reading: common faults of real-world specs are repaired with a warning instead
//! of refusing the whole document. Each repair is one small function here.

use std::path::Path;

use serde_json::{Map, Value};

use super::Dialect;
use crate::diagnostics::{Diagnostic, push_pointer};

/// Repairs of the document as a whole. The repairs of its parts are called by the
/// structural walk in `dialect`, which knows what each object is.
pub fn fix_up(file: &Path, dialect: Dialect, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    // 3.1 makes `paths` optional (a webhooks-only API): not a fault there.
    if let Some(root) = document.as_object_mut()
        && !root.contains_key("paths")
    {
        if dialect == Dialect::V30 {
            warnings.push(Diagnostic::warning(
                file,
                "",
                "the document has no `paths`; read as `paths: {}`",
            ));
        }
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    drop_empty_keys(file, document, warnings);
    fix_info(file, document, warnings);
}

/// The operations a path item may hold.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Optional parts written as an empty YAML key (`requestBodies:` with nothing under it)
/// read as `null`, which no OpenAPI version allows there; a real company's spec has them.
/// They mean "none": each is left out with a warning.
fn drop_empty_keys(file: &Path, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    const ROOT: &[&str] = &[
        "components",
        "webhooks",
        "tags",
        "servers",
        "security",
        "externalDocs",
    ];
    const IN_PATH_ITEMS: &[&str] = &["parameters", "servers"];
    const IN_OPERATIONS: &[&str] = &[
        "parameters",
        "tags",
        "servers",
        "security",
        "callbacks",
        "requestBody",
        "externalDocs",
    ];
    let mut dropped: Vec<String> = Vec::new();
    fn drop_nulls(
        object: &mut Map<String, Value>,
        pointer: &str,
        keys: &[&str],
        dropped: &mut Vec<String>,
    ) {
        for key in keys {
            if object.get(*key).is_some_and(Value::is_null) {
                object.remove(*key);
                dropped.push(crate::diagnostics::push_pointer(pointer, key));
            }
        }
    }
    let Some(root) = document.as_object_mut() else {
        return;
    };
    drop_nulls(root, "", ROOT, &mut dropped);
    if root.get("paths").is_some_and(Value::is_null) {
        root.insert("paths".to_owned(), Value::Object(Map::new()));
        dropped.push("/paths".to_owned());
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        let sections: Vec<String> = components
            .iter()
            .filter(|(_, value)| value.is_null())
            .map(|(key, _)| key.clone())
            .collect();
        let sections: Vec<&str> = sections.iter().map(String::as_str).collect();
        drop_nulls(components, "/components", &sections, &mut dropped);
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            let at = crate::diagnostics::push_pointer("/paths", path);
            drop_nulls(item, &at, IN_PATH_ITEMS, &mut dropped);
            for method in METHODS {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    drop_nulls(
                        operation,
                        &crate::diagnostics::push_pointer(&at, method),
                        IN_OPERATIONS,
                        &mut dropped,
                    );
                }
            }
        }
    }
    for pointer in dropped {
        let key = pointer.rsplit('/').next().unwrap_or_default().to_owned();
        let reading = if pointer == "/paths" {
            "read as `paths: {}`"
        } else {
            "read as absent"
        };
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            format!("`{key}` is null (an empty YAML key); {reading}"),
        ));
    }
}

/// `info.version: 1` (a number) and a missing `info.title` are common; both are text.
fn fix_info(file: &Path, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(info) = document.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    for (key, fallback) in [("version", ""), ("title", "API")] {
        match info.get(key) {
            Some(Value::String(_)) => {}
            Some(Value::Number(_) | Value::Bool(_)) => {
                let text = info[key].to_string();
                warnings.push(Diagnostic::warning(
                    file,
                    format!("/info/{key}"),
                    format!("`info.{key}` is not a string; read as \"{text}\""),
                ));
                info.insert(key.to_owned(), Value::String(text));
            }
            _ => {
                warnings.push(Diagnostic::warning(
                    file,
                    format!("/info/{key}"),
                    format!("`info.{key}` is missing; read as \"{fallback}\""),
                ));
                info.insert(key.to_owned(), Value::String(fallback.to_owned()));
            }
        }
    }
}

/// A response must have a `description`; many specs leave it out.
pub fn response_description(
    file: &Path,
    response: &mut Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    if !response.contains_key("$ref") && !response.contains_key("description") {
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            "response without `description`; read as an empty description",
        ));
        response.insert("description".to_owned(), Value::String(String::new()));
    }
}

/// A 3.0 operation must have `responses`; many specs leave them out. (3.1 made them
/// optional, so there it is no fault.)
pub fn operation_responses(
    file: &Path,
    dialect: Dialect,
    operation: &mut Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    if operation.contains_key("responses") {
        return;
    }
    if dialect == Dialect::V30 {
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            "operation without `responses`; read as having none declared",
        ));
    }
    operation.insert("responses".to_owned(), Value::Object(Map::new()));
}

const TYPE_NAMES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Repairs of one schema object's keywords: `type: String` (any case), and bounds of integers
/// that are written as `N.0` or do not fit in 64 bits.
pub fn schema_keywords(
    file: &Path,
    object: &mut Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(Value::String(ty)) = object.get_mut("type") {
        let lower = ty.to_ascii_lowercase();
        if ty.as_str() != lower && TYPE_NAMES.contains(&lower.as_str()) {
            warnings.push(Diagnostic::warning(
                file,
                push_pointer(pointer, "type"),
                format!("type `{ty}` is not a JSON Schema type; read as `{lower}`"),
            ));
            *ty = lower;
        }
    }
    let is_integer = object.get("type").and_then(Value::as_str) == Some("integer");
    // An integer bound written with a fraction of zero (`maximum: 2147483647.0`) is that
    // integer; JSON does not tell the two apart.
    for bound in ["minimum", "maximum", "multipleOf"] {
        if is_integer
            && let Some(Value::Number(n)) = object.get(bound)
            && let Some(f) = n.as_f64()
            && n.as_i64().is_none()
            && n.as_u64().is_none()
            && f.fract() == 0.0
            && f.abs() < 9.0e15
        {
            object.insert(bound.to_owned(), Value::from(f as i64));
        }
    }
    for bound in ["minimum", "maximum", "multipleOf"] {
        let Some(Value::Number(n)) = object.get(bound) else {
            continue;
        };
        let fits = if is_integer {
            n.is_i64() || n.is_u64() && bound != "multipleOf"
        } else {
            n.as_f64().is_some()
        };
        if is_integer && !fits {
            warnings.push(Diagnostic::warning(
                file,
                push_pointer(pointer, bound),
                format!("`{bound}: {n}` does not fit in 64 bits; the bound is ignored"),
            ));
            object.remove(bound);
        }
    }
    for bound in ["minimum", "maximum"] {
        if let Some(Value::Number(n)) = object.get(bound)
            && is_integer
            && n.is_u64()
            && !n.is_i64()
        {
            warnings.push(Diagnostic::warning(
                file,
                push_pointer(pointer, bound),
                format!(
                    "`{bound}: {n}` does not fit in a signed 64-bit integer; the bound is ignored"
                ),
            ));
            object.remove(bound);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_types_and_huge_bounds_are_repaired() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.0",
            "components": {"schemas": {
                "A": {"type": "String"},
                "B": {"type": "integer", "maximum": 1e30, "minimum": 0},
                "C": {"type": "integer", "maximum": 2147483647.0},
            }}
        });
        let mut warnings = Vec::new();
        let file = Path::new("s.json");
        fix_up(file, Dialect::V30, &mut doc, &mut warnings);
        super::super::dialect::normalize(file, Dialect::V30, &mut doc, &mut warnings);
        assert_eq!(doc["components"]["schemas"]["A"]["type"], "string");
        assert!(doc["components"]["schemas"]["B"].get("maximum").is_none());
        assert_eq!(doc["components"]["schemas"]["B"]["minimum"], 0);
        assert_eq!(doc["components"]["schemas"]["C"]["maximum"], 2147483647_i64);
        assert_eq!(doc["paths"], serde_json::json!({}));
        let pointers: Vec<_> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "",
                "/components/schemas/A/type",
                "/components/schemas/B/maximum"
            ]
        );
    }
}
