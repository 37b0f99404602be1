//! Lenient reading: common faults of real-world specs are repaired with a warning instead
//! of refusing the whole document. Each repair is one small function here.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, push_pointer};

/// Applies every repair to the document.
pub fn fix_up(file: &Path, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    if let Some(root) = document.as_object_mut()
        && !root.contains_key("paths")
    {
        warnings.push(Diagnostic::warning(
            file,
            "",
            "the document has no `paths`; read as `paths: {}`",
        ));
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    fix_info(file, document, warnings);
    fix_responses(file, document, warnings);
    walk(file, document, "", warnings, 0);
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

fn add_description(
    file: &Path,
    response: &mut Value,
    pointer: String,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(object) = response.as_object_mut()
        && !object.contains_key("$ref")
        && !object.contains_key("description")
    {
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            "response without `description`; read as an empty description",
        ));
        object.insert("description".to_owned(), Value::String(String::new()));
    }
}

/// Responses must have a `description`, and operations `responses`; many specs leave them out.
fn fix_responses(file: &Path, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                const METHODS: [&str; 8] = [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ];
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                if let Some(object) = operation.as_object_mut()
                    && !object.contains_key("responses")
                {
                    let pointer = push_pointer(&push_pointer("/paths", path), method);
                    warnings.push(Diagnostic::warning(
                        file,
                        pointer,
                        "operation without `responses`; read as having none declared",
                    ));
                    object.insert("responses".to_owned(), Value::Object(Map::new()));
                }
                let Some(responses) = operation
                    .get_mut("responses")
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                for (code, response) in responses.iter_mut() {
                    let pointer = push_pointer(
                        &push_pointer(
                            &push_pointer(&push_pointer("/paths", path), method),
                            "responses",
                        ),
                        code,
                    );
                    add_description(file, response, pointer, warnings);
                }
            }
        }
    }
    if let Some(responses) = document
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for (name, response) in responses.iter_mut() {
            add_description(
                file,
                response,
                push_pointer("/components/responses", name),
                warnings,
            );
        }
    }
}

/// Deeper than this, values are examples or vendor data, never schemas we would read.
const MAX_FIX_DEPTH: usize = 256;

fn walk(
    file: &Path,
    value: &mut Value,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
    depth: usize,
) {
    if depth > MAX_FIX_DEPTH {
        return;
    }
    match value {
        Value::Object(object) => {
            // Examples hold data, not schema: repairs do not apply inside them.
            fix_schema_keywords(file, object, pointer, warnings);
            for (key, child) in object.iter_mut() {
                if matches!(
                    key.as_str(),
                    "example" | "examples" | "default" | "enum" | "x-examples"
                ) {
                    continue;
                }
                walk(
                    file,
                    child,
                    &push_pointer(pointer, key),
                    warnings,
                    depth + 1,
                );
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(
                    file,
                    item,
                    &push_pointer(pointer, &index.to_string()),
                    warnings,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

const TYPE_NAMES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

fn fix_schema_keywords(
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
        fix_up(Path::new("s.json"), &mut doc, &mut warnings);
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
