//! Schema objects: JSON Schema 2020-12 (OpenAPI 3.1) and the 3.0 subset, read into the 3.0
//! shape. Each construct is one small function; the walk reaches every subschema.

use serde_json::{Map, Value, json};

use super::{Walker, json_kind};
use crate::diagnostics::push_pointer;

/// Keywords that constrain values without changing their Rust shape: read and dropped.
const IGNORED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
];

/// Keywords next to a `$ref` that only describe it; any other keyword shapes the value.
const DESCRIPTIVE: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "externalDocs",
    "$comment",
    "$id",
    "$schema",
    "$anchor",
];

/// The keywords that apply to one JSON type only, by type.
const TYPE_SPECIFIC: &[(&[&str], &[&str])] = &[
    (
        &["string"],
        &[
            "pattern",
            "minLength",
            "maxLength",
            "contentEncoding",
            "contentMediaType",
        ],
    ),
    (
        &["integer", "number"],
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        &["array"],
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        &["object"],
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
];

/// Subschema maps: every value is a schema.
const SCHEMA_MAPS: &[&str] = &["properties", "$defs", "definitions", "patternProperties"];

/// Subschema lists.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Keywords that must hold a non-negative integer.
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

impl Walker<'_> {
    /// Reads one schema (or boolean schema) at `pointer` into the 3.0 shape.
    pub(super) fn schema(&mut self, schema: &mut Value, pointer: &str) {
        if self.depth >= super::MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.schema_inner(schema, pointer);
        self.depth -= 1;
    }

    fn schema_inner(&mut self, schema: &mut Value, pointer: &str) {
        if let Value::Bool(accepts) = schema {
            self.v31_habit("boolean schema", pointer, "read as `{}` or `not: {}`");
            *schema = if *accepts {
                json!({})
            } else {
                json!({"not": {}})
            };
            return;
        }
        if !schema.is_object() {
            let kind = json_kind(schema);
            self.warn(
                pointer,
                format!("a schema must be an object, not {kind}; read as any JSON value"),
            );
            *schema = json!({});
            return;
        }
        let Value::Object(object) = schema else {
            return;
        };
        // Before any rewrite below writes a `nullable` of its own.
        self.nullable(object, pointer);
        if object.contains_key("$ref") {
            if !self.reference(object, pointer) {
                return;
            }
            if object.contains_key("$ref") {
                return;
            }
        }
        self.type_list(object, pointer);
        // After `type_list`: a list such as `[Integer, "null"]` is one type name by now.
        crate::load::lenient::schema_keywords(self.file, object, pointer, &mut self.warnings);
        self.keyword_types(object, pointer);
        self.exclusive_bounds(object, pointer);
        self.constant(object, pointer);
        self.documented_values(object, pointer);
        self.schema_examples(object, pointer);
        self.content_encoding(object, pointer);
        self.tuple_items(object, pointer);
        self.ignored_keywords(object, pointer);
        self.property_required_flags(object, pointer);
        self.subschemas(object, pointer);
        self.pattern_properties(object, pointer);
    }

    /// A `$ref`: to nothing → any JSON value; with keywords beside it → `allOf` of the ref and
    /// those keywords (3.1 applies both; 3.0 says siblings are ignored, but specs that write
    /// `nullable: true` beside a ref mean it). Returns false when the schema is done.
    fn reference(&mut self, object: &mut Map<String, Value>, pointer: &str) -> bool {
        let Some(reference) = object
            .get("$ref")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            let at = push_pointer(pointer, "$ref");
            self.warn(&at, "`$ref` is not text; read as any JSON value");
            object.remove("$ref");
            return true;
        };
        self.check_section(&reference, pointer);
        if self.points_at_nothing(&reference) {
            self.warn(
                pointer,
                format!("$ref `{reference}` points at nothing; read as any JSON value"),
            );
            object.remove("$ref");
            return true;
        }
        let shaping: Vec<String> = object
            .keys()
            .filter(|k| *k != "$ref" && !DESCRIPTIVE.contains(&k.as_str()) && !k.starts_with("x-"))
            .cloned()
            .collect();
        if shaping.is_empty() {
            return false;
        }
        if self.dialect == super::Dialect::V30 {
            self.habit("ref siblings", pointer, || {
                format!(
                    "keywords beside `$ref` ({}) are ignored by OpenAPI 3.0; read as in 3.1, \
                     applied together with the reference",
                    shaping.join(", ")
                )
            });
        }
        object.remove("$ref");
        // The referenced schema fixes the JSON type; a `type` beside it only adds `null`.
        if let Some(ty) = object.remove("type") {
            let allows_null = match &ty {
                Value::String(t) => t == "null",
                Value::Array(types) => types.iter().any(|t| t == "null"),
                _ => false,
            };
            if allows_null {
                object.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
        let mut parts = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(existing)) = object.remove("allOf") {
            parts.extend(existing);
        }
        object.insert("allOf".to_owned(), Value::Array(parts));
        true
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf` of one schema
    /// per type, each with the keywords that apply to it.
    fn type_list(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let at = push_pointer(pointer, "type");
        match object.get("type") {
            Some(Value::String(t)) if t == "null" => {
                self.v31_habit("type: null", &at, "read as a null-only schema");
                return;
            }
            Some(Value::Array(_)) => {}
            Some(Value::String(_)) | None => return,
            Some(other) => {
                let kind = json_kind(other);
                self.warn(&at, format!("`type` is {kind}; ignored"));
                object.remove("type");
                return;
            }
        }
        let Some(Value::Array(types)) = object.remove("type") else {
            return;
        };
        self.v31_habit(
            "type list",
            &at,
            "read as `type` with `nullable`, or `anyOf` per type",
        );
        let mut names: Vec<String> = Vec::new();
        let mut nullable = false;
        for t in &types {
            match t.as_str() {
                Some("null") => nullable = true,
                Some(name) if !names.iter().any(|n| n == name) => names.push(name.to_owned()),
                Some(_) => {}
                None => self.warn(&at, format!("`type` entry {t} is not text; ignored")),
            }
        }
        // Every integer is a number: the pair is one number type.
        if names.iter().any(|n| n == "number") {
            names.retain(|n| n != "integer");
        }
        if nullable {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match names.as_slice() {
            [] if nullable => {
                object.remove("nullable");
                object.insert("type".to_owned(), Value::String("null".to_owned()));
            }
            [] => {}
            [only] => {
                object.insert("type".to_owned(), Value::String(only.clone()));
            }
            several => {
                if ["allOf", "oneOf", "anyOf"]
                    .iter()
                    .any(|k| object.contains_key(*k))
                {
                    self.warn(
                        &at,
                        "a list of types next to allOf/oneOf/anyOf; the type list is ignored",
                    );
                    return;
                }
                let alternatives: Vec<Value> = several
                    .iter()
                    .map(|name| Value::Object(split_for_type(object, name)))
                    .collect();
                for key in TYPE_SPECIFIC.iter().flat_map(|(_, keys)| keys.iter()) {
                    object.remove(*key);
                }
                object.remove("enum");
                object.remove("format");
                object.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
    }

    /// Keywords of the wrong JSON type (a count that is text, a flag that is a number):
    /// ignored with a warning, as the value cannot mean anything.
    fn keyword_types(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let mut wrong: Vec<(String, &'static str)> = Vec::new();
        for (key, value) in object.iter() {
            let fits = match key.as_str() {
                "description" | "title" | "format" | "pattern" => value.is_string(),
                "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" | "nullable" => {
                    value.is_boolean()
                }
                "enum" => value.is_array(),
                "discriminator" => value.get("propertyName").is_some_and(Value::is_string),
                "minimum" | "maximum" | "multipleOf" => value.is_number(),
                "exclusiveMinimum" | "exclusiveMaximum" => value.is_number() || value.is_boolean(),
                "additionalProperties" | "items" | "not" => {
                    value.is_object() || value.is_boolean() || value.is_array()
                }
                "allOf" | "oneOf" | "anyOf" | "prefixItems" => value.is_array(),
                "properties" | "$defs" | "definitions" | "patternProperties" | "externalDocs"
                | "xml" => value.is_object(),
                "required" => value.is_array() || value.is_boolean(),
                key if COUNTS.contains(&key) => value.is_u64(),
                _ => true,
            };
            if !fits {
                wrong.push((key.clone(), json_kind(value)));
            }
        }
        for (key, kind) in wrong {
            let at = push_pointer(pointer, &key);
            // An integral count written as a float (`maxLength: 10.0`) keeps its value.
            if COUNTS.contains(&key.as_str())
                && let Some(n) = object.get(&key).and_then(Value::as_f64)
                && n >= 0.0
                && n.fract() == 0.0
                && n < 1e15
            {
                object.insert(key, Value::from(n as u64));
                continue;
            }
            self.habit(&format!("keyword type {key}"), &at, || {
                format!("schema keyword `{key}` is {kind}, which means nothing here; ignored")
            });
            object.remove(&key);
        }
        if let Some(Value::Array(required)) = object.get_mut("required")
            && required.iter().any(|r| !r.is_string())
        {
            let at = push_pointer(pointer, "required");
            self.habit("required entries", &at, || {
                "`required` lists something that is not a property name; ignored".to_owned()
            });
            required.retain(Value::is_string);
        }
    }

    /// `nullable` is 3.0's word for what 3.1 writes as a `null` type.
    fn nullable(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        if object.get("nullable") == Some(&Value::Bool(true)) {
            let at = push_pointer(pointer, "nullable");
            self.v30_habit("nullable", &at, "read as a `null` type");
        }
    }

    /// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`.
    fn exclusive_bounds(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        for (exclusive, inclusive, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let at = push_pointer(pointer, exclusive);
            match object.get(exclusive) {
                Some(Value::Bool(_)) => {
                    self.v30_habit("boolean exclusive bounds", &at, "read as in 3.0");
                }
                Some(Value::Number(bound)) => {
                    self.v31_habit(
                        "numeric exclusive bounds",
                        &at,
                        "read as a bound with a flag",
                    );
                    let bound = bound.clone();
                    let tighter = match object.get(inclusive).and_then(Value::as_f64) {
                        Some(existing) => bound
                            .as_f64()
                            .and_then(|b| b.partial_cmp(&existing))
                            .is_some_and(|o| o == stricter || o == std::cmp::Ordering::Equal),
                        None => true,
                    };
                    if tighter {
                        object.insert(inclusive.to_owned(), Value::Number(bound));
                        object.insert(exclusive.to_owned(), Value::Bool(true));
                    } else {
                        object.remove(exclusive);
                    }
                }
                _ => {}
            }
        }
    }

    /// `const: v` is a one-value `enum`.
    fn constant(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(value) = object.remove("const") else {
            return;
        };
        let at = push_pointer(pointer, "const");
        self.v31_habit("const", &at, "read as a one-value `enum`");
        if !object.contains_key("enum") {
            object.insert("enum".to_owned(), Value::Array(vec![value]));
        }
    }

    /// `oneOf`/`anyOf` of bare constants, each with its own description, is how 3.1 documents
    /// an enum value by value: it is that enum, with the descriptions in its docs.
    fn documented_values(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let keyword = match (object.get("oneOf"), object.get("anyOf")) {
            (Some(Value::Array(_)), None) => "oneOf",
            (None, Some(Value::Array(_))) => "anyOf",
            _ => return,
        };
        if object.contains_key("enum") {
            return;
        }
        let Some(Value::Array(alternatives)) = object.get(keyword) else {
            return;
        };
        let mut values = Vec::with_capacity(alternatives.len());
        let mut docs = Vec::new();
        for alternative in alternatives {
            let Some(alternative) = alternative.as_object() else {
                return;
            };
            let value = match (alternative.get("const"), alternative.get("enum")) {
                (Some(value), None) => value.clone(),
                (None, Some(Value::Array(one))) if one.len() == 1 => one[0].clone(),
                _ => return,
            };
            let only_describes = alternative.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "const" | "enum" | "type" | "title" | "description"
                ) || k.starts_with("x-")
            });
            if !only_describes || value.is_object() || value.is_array() {
                return;
            }
            let text = alternative
                .get("description")
                .or_else(|| alternative.get("title"))
                .and_then(Value::as_str);
            if let Some(text) = text {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                docs.push(format!("- `{shown}`: {text}"));
            }
            values.push(value);
        }
        if values.is_empty() {
            return;
        }
        self.v31_habit(
            "const",
            &push_pointer(pointer, keyword),
            "read as a one-value `enum`",
        );
        object.remove(keyword);
        if !object.contains_key("type") {
            let kind = if values.iter().all(Value::is_string) {
                Some("string")
            } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                Some("integer")
            } else {
                None
            };
            if let Some(kind) = kind {
                object.insert("type".to_owned(), Value::String(kind.to_owned()));
            }
        }
        object.insert("enum".to_owned(), Value::Array(values));
        if !docs.is_empty() {
            let mut description = object
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!("{d}\n\n"))
                .unwrap_or_default();
            description.push_str(&docs.join("\n"));
            object.insert("description".to_owned(), Value::String(description));
        }
    }

    /// A schema's `examples` list (2020-12) → its first value as `example`; `example` in a 3.1
    /// document is the 3.0 habit.
    fn schema_examples(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        if object.contains_key("example") {
            let at = push_pointer(pointer, "example");
            self.v30_habit("example", &at, "read as an example");
        }
        match object.get("examples") {
            Some(Value::Array(_)) => {
                let at = push_pointer(pointer, "examples");
                self.v31_habit("schema examples", &at, "the first is read as `example`");
                super::first_example_as_example(object);
            }
            Some(_) => {
                object.remove("examples");
            }
            None => {}
        }
    }

    /// `contentEncoding: base64` is 3.0's `format: byte`; a binary `contentMediaType` without
    /// an encoding is `format: binary`.
    fn content_encoding(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let encoding = object.remove("contentEncoding");
        let media = object.remove("contentMediaType");
        if encoding.is_none() && media.is_none() {
            return;
        }
        self.v31_habit(
            "contentEncoding/contentMediaType",
            pointer,
            "read as a string format",
        );
        if object.contains_key("format") {
            return;
        }
        let format = match (
            encoding.as_ref().and_then(Value::as_str),
            media.as_ref().and_then(Value::as_str),
        ) {
            (Some(e), _)
                if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") =>
            {
                Some("byte")
            }
            (None, Some(m)) if !m.starts_with("text/") && !m.contains("json") => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            object.insert("format".to_owned(), Value::String(format.to_owned()));
            object
                .entry("type")
                .or_insert_with(|| Value::String("string".to_owned()));
        }
    }

    /// `prefixItems` stays for the IR (a tuple); `items: false` beside it fixes the length;
    /// draft-4 `items: [..]` is the old spelling of `prefixItems`.
    fn tuple_items(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        if let Some(Value::Array(_)) = object.get("items") {
            let at = push_pointer(pointer, "items");
            self.habit("items list", &at, || {
                "`items` as a list is the old spelling of `prefixItems`; read as `prefixItems`"
                    .to_owned()
            });
            if let Some(items) = object.remove("items") {
                if let Some(Value::Bool(false)) = object.remove("additionalItems") {
                    object.insert("items".to_owned(), Value::Bool(false));
                }
                object.insert("prefixItems".to_owned(), items);
            }
        }
        let Some(Value::Array(prefix)) = object.get("prefixItems") else {
            if let Some(Value::Bool(allowed)) = object.get("items").cloned() {
                // `items: false` alone: only `[]` fits; `items: true`: anything.
                object.remove("items");
                if !allowed {
                    object.insert("maxItems".to_owned(), Value::from(0));
                }
            }
            return;
        };
        let len = prefix.len();
        let at = push_pointer(pointer, "prefixItems");
        self.v31_habit("prefixItems", &at, "read as a tuple");
        object
            .entry("type")
            .or_insert_with(|| Value::String("array".to_owned()));
        match object.get("items") {
            Some(Value::Bool(false)) => {
                object.remove("items");
                let max = object.get("maxItems").and_then(Value::as_u64);
                if max.is_none_or(|m| m > len as u64) {
                    object.insert("maxItems".to_owned(), Value::from(len as u64));
                }
            }
            Some(Value::Bool(true)) => {
                object.remove("items");
            }
            _ => {}
        }
    }

    fn ignored_keywords(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        for keyword in IGNORED {
            if object.remove(*keyword).is_some() {
                let at = push_pointer(pointer, keyword);
                self.habit(&format!("ignored {keyword}"), &at, || {
                    format!("`{keyword}` does not change the Rust type; ignored")
                });
            }
        }
    }

    /// `required: true` written on a property schema (a 3.0 parameter habit) makes the
    /// property required; `required: false` there says nothing.
    fn property_required_flags(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        if let Some(Value::Bool(_)) = object.get("required") {
            // On the schema itself (not one of its properties): it names no property.
            let at = push_pointer(pointer, "required");
            self.habit("required flag", &at, || {
                "`required: true/false` on a schema names no property; ignored (on a property \
                 schema it makes the property required)"
                    .to_owned()
            });
            object.remove("required");
        }
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        let mut lifted = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(flag) = property
                .as_object_mut()
                .and_then(|p| match p.get("required") {
                    Some(Value::Bool(flag)) => Some((*flag, p)),
                    _ => None,
                })
            else {
                continue;
            };
            let (required, property) = flag;
            property.remove("required");
            let at = push_pointer(
                &push_pointer(&push_pointer(pointer, "properties"), name),
                "required",
            );
            self.habit("property required flag", &at, || {
                "`required: true/false` on a property schema; read as listing the property in \
                 the object's `required`"
                    .to_owned()
            });
            if required {
                lifted.push(Value::String(name.clone()));
            }
        }
        if lifted.is_empty() {
            return;
        }
        let list = object
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            for name in lifted {
                if !list.contains(&name) {
                    list.push(name);
                }
            }
        }
    }

    fn subschemas(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        for key in SCHEMA_MAPS {
            if let Some(Value::Object(map)) = object.get_mut(*key) {
                let base = push_pointer(pointer, key);
                if *key == "$defs" {
                    self.v31_habit("$defs", &base, "read");
                }
                for (name, schema) in map.iter_mut() {
                    self.schema(schema, &push_pointer(&base, name));
                }
            }
        }
        for key in SCHEMA_LISTS {
            if let Some(Value::Array(list)) = object.get_mut(*key) {
                let base = push_pointer(pointer, key);
                for (index, schema) in list.iter_mut().enumerate() {
                    self.schema(schema, &push_pointer(&base, &index.to_string()));
                }
            }
        }
        for key in ["items", "not"] {
            if let Some(schema) = object.get_mut(key) {
                self.schema(schema, &push_pointer(pointer, key));
            }
        }
        if let Some(additional) = object.get_mut("additionalProperties")
            && additional.is_object()
        {
            self.schema(additional, &push_pointer(pointer, "additionalProperties"));
        }
    }

    /// `patternProperties`: keys matching patterns, values of a schema. Without fixed
    /// `additionalProperties`, the values' schema (when all patterns share one) becomes the
    /// map's value type; otherwise the values are any JSON.
    fn pattern_properties(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(patterns)) = object.remove("patternProperties") else {
            return;
        };
        let at = push_pointer(pointer, "patternProperties");
        self.v31_habit("patternProperties", &at, "read as a map");
        if object.contains_key("additionalProperties") {
            return;
        }
        let mut values = patterns.into_iter().map(|(_, v)| v);
        let first = values.next();
        let value = match first {
            Some(first) if values.all(|v| v == first) => first,
            Some(_) => Value::Bool(true),
            None => return,
        };
        object.insert("additionalProperties".to_owned(), value);
        object
            .entry("type")
            .or_insert_with(|| Value::String("object".to_owned()));
    }
}

/// The part of a multi-type schema that applies to one type (`minLength` to strings,
/// `items` to arrays …), as its own schema for an `anyOf` alternative. Keywords for other
/// types are dropped from the alternative; the shared ones (descriptions, `default`) stay on
/// the outer schema.
fn split_for_type(object: &Map<String, Value>, name: &str) -> Map<String, Value> {
    let keys = TYPE_SPECIFIC
        .iter()
        .find(|(types, _)| types.contains(&name))
        .map_or(&[][..], |(_, keys)| *keys);
    let mut part = Map::new();
    part.insert("type".to_owned(), Value::String(name.to_owned()));
    let format: &[&str] = if matches!(name, "string" | "integer" | "number") {
        &["format"]
    } else {
        &[]
    };
    for key in keys.iter().chain(format) {
        if let Some(value) = object.get(*key) {
            part.insert((*key).to_owned(), value.clone());
        }
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        let fitting: Vec<Value> = values
            .iter()
            .filter(|v| match name {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                _ => false,
            })
            .cloned()
            .collect();
        if !fitting.is_empty() {
            part.insert("enum".to_owned(), Value::Array(fitting));
        }
    }
    part
}
