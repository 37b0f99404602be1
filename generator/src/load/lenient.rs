//! Lenient reading: common faults of real-world specs are repaired with a warning instead
//! of refusing the whole document. Each repair is one small function here.

use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, Error, push_pointer};

/// Converts parsed YAML into JSON, turning non-string mapping keys (e.g. response codes
/// written as `200:`) into strings with a warning.
pub fn yaml_to_json(
    file: &Path,
    yaml: serde_yaml::Value,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Value, Error> {
    Ok(match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => yaml_number(&n),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    yaml_to_json(file, item, &push_pointer(pointer, &i.to_string()), warnings)
                })
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut object = Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => {
                        let key = n.to_string();
                        warnings.push(Diagnostic::warning(
                            file,
                            push_pointer(pointer, &key),
                            format!("key {key} is a number; read as the string \"{key}\""),
                        ));
                        key
                    }
                    serde_yaml::Value::Bool(b) => {
                        let key = b.to_string();
                        warnings.push(Diagnostic::warning(
                            file,
                            push_pointer(pointer, &key),
                            format!("key {key} is a boolean; read as the string \"{key}\""),
                        ));
                        key
                    }
                    other => {
                        return Err(Error::spec(Diagnostic::error(
                            file,
                            pointer,
                            format!("mapping key {other:?} is not a string"),
                        )));
                    }
                };
                let child = push_pointer(pointer, &key);
                let value = yaml_to_json(file, value, &child, warnings)?;
                object.insert(key, value);
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(file, tagged.value, pointer, warnings)?,
    })
}

fn yaml_number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        // NaN and infinities have no JSON form; null is the faithful "no number" here.
        n.as_f64()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

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
    walk(file, document, "", warnings, 0);
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
    fn integer_keys_become_strings_with_a_warning() {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str("responses:\n  200:\n    description: ok\n").expect("yaml");
        let mut warnings = Vec::new();
        let json = yaml_to_json(Path::new("s.yaml"), yaml, "", &mut warnings).expect("converts");
        assert_eq!(json["responses"]["200"]["description"], "ok");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/responses/200");
    }

    #[test]
    fn capitalised_types_and_huge_bounds_are_repaired() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.0",
            "components": {"schemas": {
                "A": {"type": "String"},
                "B": {"type": "integer", "maximum": 1e30, "minimum": 0},
            }}
        });
        let mut warnings = Vec::new();
        fix_up(Path::new("s.json"), &mut doc, &mut warnings);
        assert_eq!(doc["components"]["schemas"]["A"]["type"], "string");
        assert!(doc["components"]["schemas"]["B"].get("maximum").is_none());
        assert_eq!(doc["components"]["schemas"]["B"]["minimum"], 0);
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
