//! Structure-aware fuzzing: real specs (the shipped one and the feature specs) mutated as
//! JSON trees — values swapped for other kinds, keywords inserted or removed, `$ref`s
//! pointed anywhere, subtrees copied — then run through the whole generator.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const SEEDS: &[&str] = &[
    include_str!("../../../spec/hubspot-orders.yaml"),
    include_str!("../../../tests/features/specs/schemas.yaml"),
    include_str!("../../../tests/features/specs/names.yaml"),
    include_str!("../../../tests/features/specs/operations.yaml"),
    include_str!("../../../tests/features/specs/auth.yaml"),
    include_str!("../../../tests/features/specs/openapi31.yaml"),
    include_str!("../../../tests/features/specs/openapi31_shapes.yaml"),
    include_str!("../../../tests/features/specs/faults.yaml"),
];

const KEYS: &[&str] = &[
    "$ref", "type", "allOf", "oneOf", "anyOf", "not", "items", "properties", "required", "enum", "nullable",
    "discriminator", "additionalProperties", "format", "default", "readOnly", "writeOnly", "maxItems", "pattern",
    "minimum", "maximum", "responses", "requestBody", "parameters", "content", "schema", "in", "name", "style",
    "explode", "operationId", "security", "servers", "description", "example", "mapping", "propertyName",
    // OpenAPI 3.1 / JSON Schema 2020-12.
    "const", "prefixItems", "$defs", "patternProperties", "contentEncoding", "contentMediaType", "exclusiveMinimum",
    "examples", "webhooks", "pathItems", "if", "then", "unevaluatedProperties", "openapi",
];

const TEXTS: &[&str] = &[
    "", "string", "integer", "number", "boolean", "object", "array", "null", "date-time", "uuid", "binary", "byte",
    "#/components/schemas/Pet", "#/components/schemas/Missing", "#/", "#", "#/paths", "other.yaml#/A",
    "#/components/schemas/Tree/properties/left", "self", "Self", "type", "r#", "::", "*/", "\"", "#[", "\u{0}",
    "a\r\nb", "名前", "{id}", "/items/{id}", "application/json", "multipart/form-data", "*/*", "deepObject",
    "200", "2XX", "default", "-efg", ">",
    "3.1.0", "3.0.3", "2.0", "#/components/pathItems/Device", "#/components/schemas/Device/$defs/Firmware", "base64",
];

#[derive(Debug, Arbitrary)]
enum Replacement {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(u8),
    Arbitrary(String),
    EmptyObject,
    EmptyArray,
    CopyOf(u16),
}

#[derive(Debug, Arbitrary)]
enum Mutation {
    Replace { node: u16, with: Replacement },
    Insert { node: u16, key: u8, with: Replacement },
    Remove { node: u16, key: u8 },
    Ref { node: u16, target: u8 },
    Wrap { node: u16, keyword: u8 },
}

#[derive(Debug, Arbitrary)]
struct Input {
    seed: u8,
    json: bool,
    mutations: Vec<Mutation>,
}

/// Pre-order count of the nodes of a tree.
fn count(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(count).sum(),
        Value::Array(items) => items.iter().map(count).sum(),
        _ => 0,
    }
}

/// The `index`-th node in pre-order.
fn node_mut(value: &mut Value, index: usize) -> Option<&mut Value> {
    if index == 0 {
        return Some(value);
    }
    let mut rest = index - 1;
    let children: Vec<&mut Value> = match value {
        Value::Object(map) => map.values_mut().collect(),
        Value::Array(items) => items.iter_mut().collect(),
        _ => return None,
    };
    for child in children {
        let size = count(child);
        if rest < size {
            return node_mut(child, rest);
        }
        rest -= size;
    }
    None
}

fn node(value: &Value, index: usize) -> Option<&Value> {
    if index == 0 {
        return Some(value);
    }
    let mut rest = index - 1;
    let children: Vec<&Value> = match value {
        Value::Object(map) => map.values().collect(),
        Value::Array(items) => items.iter().collect(),
        _ => return None,
    };
    for child in children {
        let size = count(child);
        if rest < size {
            return node(child, rest);
        }
        rest -= size;
    }
    None
}

fn value_for(replacement: &Replacement, document: &Value, total: usize) -> Value {
    match replacement {
        Replacement::Null => Value::Null,
        Replacement::Bool(b) => Value::Bool(*b),
        Replacement::Integer(i) => Value::from(*i),
        Replacement::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Replacement::Text(i) => Value::from(TEXTS[*i as usize % TEXTS.len()]),
        Replacement::Arbitrary(text) => Value::from(text.clone()),
        Replacement::EmptyObject => Value::Object(Map::new()),
        Replacement::EmptyArray => Value::Array(Vec::new()),
        Replacement::CopyOf(i) => node(document, *i as usize % total).cloned().unwrap_or(Value::Null),
    }
}

fuzz_target!(|input: Input| {
    let seed = SEEDS[input.seed as usize % SEEDS.len()];
    let Ok(mut document) = serde_yaml::from_str::<Value>(seed) else { return };
    for mutation in input.mutations.iter().take(16) {
        let total = count(&document);
        match mutation {
            Mutation::Replace { node, with } => {
                let value = value_for(with, &document, total);
                if let Some(target) = node_mut(&mut document, *node as usize % total) {
                    *target = value;
                }
            }
            Mutation::Insert { node, key, with } => {
                let value = value_for(with, &document, total);
                if let Some(Value::Object(map)) = node_mut(&mut document, *node as usize % total) {
                    map.insert(KEYS[*key as usize % KEYS.len()].to_owned(), value);
                }
            }
            Mutation::Remove { node, key } => {
                if let Some(Value::Object(map)) = node_mut(&mut document, *node as usize % total) {
                    let victim = map.keys().nth(*key as usize % map.len().max(1)).cloned();
                    if let Some(victim) = victim {
                        map.remove(&victim);
                    }
                }
            }
            Mutation::Ref { node, target } => {
                let reference = TEXTS[*target as usize % TEXTS.len()];
                if let Some(Value::Object(map)) = node_mut(&mut document, *node as usize % total) {
                    map.insert("$ref".to_owned(), Value::from(reference));
                }
            }
            Mutation::Wrap { node, keyword } => {
                let keyword = ["allOf", "oneOf", "anyOf", "items", "not"][*keyword as usize % 5];
                if let Some(target) = node_mut(&mut document, *node as usize % total) {
                    let inner = target.take();
                    let wrapped = if keyword == "items" || keyword == "not" { inner } else { Value::Array(vec![inner]) };
                    let mut map = Map::new();
                    map.insert(keyword.to_owned(), wrapped);
                    *target = Value::Object(map);
                }
            }
        }
    }
    let (name, text) = if input.json {
        ("mutated.json", serde_json::to_string(&document).unwrap_or_default())
    } else {
        ("mutated.yaml", serde_yaml::to_string(&document).unwrap_or_default())
    };
    specgen_fuzz_support::run(name, text);
});

mod specgen_fuzz_support {
    include!("../support.rs");
}
