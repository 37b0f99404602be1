//! Validation keywords → [`Constraints`]: what the generated client checks before it sends
//! a request body (`maxItems`, `maxLength`, `pattern`, `minimum`, …).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::model::Constraints;
use crate::load::Spec;

/// Refs followed before giving up (a cycle).
const MAX_REF_HOPS: usize = 32;

/// The constraints of a property, following `$ref`s to the schema they name. A `pattern`
/// that the regex crate cannot compile (e.g. with look-around) is dropped and reported, so
/// that the generated check can never fail to build its regex.
pub fn constraints_of(
    spec: &Spec,
    property: &ReferenceOr<Box<Schema>>,
) -> (Constraints, Option<String>) {
    let resolved;
    let schema: &Schema = match property {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => match resolve(spec, reference) {
            Some(schema) => {
                resolved = schema;
                &resolved
            }
            None => return (Constraints::default(), None),
        },
    };
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern = s.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|v| v as f64);
            c.maximum = i.maximum.map(|v| v as f64);
            c.exclusive_minimum = i.exclusive_minimum;
            c.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum;
            c.maximum = n.maximum;
            c.exclusive_minimum = n.exclusive_minimum;
            c.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
        }
        SchemaKind::Any(any) => {
            c.min_items = any.min_items;
            c.max_items = any.max_items;
            c.min_length = any.min_length;
            c.max_length = any.max_length;
            c.pattern = any.pattern.clone();
            c.minimum = any.minimum;
            c.maximum = any.maximum;
            c.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            c.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
        }
        _ => {}
    }
    // `minItems: 0` and `minLength: 0` check nothing.
    c.min_items = c.min_items.filter(|&n| n > 0);
    c.min_length = c.min_length.filter(|&n| n > 0);
    let mut problem = None;
    if let Some(pattern) = &c.pattern
        && let Err(e) = regex_syntax::Parser::new().parse(pattern)
    {
        problem = Some(format!(
            "pattern `{pattern}` is not supported by the regex crate and is not checked: {e}"
        ));
        c.pattern = None;
    }
    (c, problem)
}

fn resolve(spec: &Spec, reference: &str) -> Option<Schema> {
    let mut reference = reference.to_owned();
    for _ in 0..MAX_REF_HOPS {
        let (value, _) = spec.lookup(&reference).ok()?;
        match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()).ok()? {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}
