//! `allOf`: the parts merged into one struct — properties and `required` of every part,
//! through refs to refs; refinements, annotation-only parts, conflicts and self-inclusion.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::{MAX_DEPTH, TypeBuilder, docs_of};
use crate::diagnostics::push_pointer;
use crate::ir::model::TypeRef;

impl TypeBuilder<'_> {
    /// `allOf`: one struct with every part's properties; a single part is that part's type.
    pub(super) fn all_of(
        &mut self,
        hint: &str,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeRef {
        // Parts that only annotate (a description, an example) do not change the type: an
        // allOf of one real part and annotations is that part.
        let real: Vec<(usize, &ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_annotation_only(p))
            .collect();
        if let [(index, only)] = real.as_slice() {
            let at = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            return self.type_of(only, &at, hint);
        }
        let mut merged = MergedObject {
            visited: vec![pointer.to_owned()],
            ..MergedObject::default()
        };
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            self.merge_part(&mut merged, part, &part_pointer, 0);
        }
        if merged.properties.is_empty() && merged.additional.is_none() {
            if merged.non_object {
                self.warn(
                    pointer,
                    "allOf of non-object schemas is kept as any JSON value",
                );
                return TypeRef::Any;
            }
            return TypeRef::JsonObject;
        }
        let name = self.claim_type(hint);
        let mut def = self.struct_def(
            &name,
            schema,
            &merged.properties,
            &merged.required,
            merged.additional.as_ref(),
            pointer,
        );
        if def.docs.is_none() {
            def.docs = merged.docs;
        }
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    fn merge_part(
        &mut self,
        merged: &mut MergedObject,
        part: &ReferenceOr<Schema>,
        pointer: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.error(pointer, "allOf chain too deep (a cycle?)");
            return;
        }
        let (schema, at) = match part {
            ReferenceOr::Item(schema) => (schema.clone(), pointer.to_owned()),
            ReferenceOr::Reference { reference } => match self.resolve_schema(reference, pointer) {
                Some(found) => found,
                None => return,
            },
        };
        if merged.visited.contains(&at) {
            self.warn(
                pointer,
                format!("allOf includes `{at}` again (a cycle); its properties are merged once"),
            );
            return;
        }
        merged.visited.push(at.clone());
        if merged.docs.is_none() {
            merged.docs = docs_of(&schema);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.merge_properties(merged, &o.properties, &o.required, &at);
                if o.additional_properties.is_some() {
                    merged.additional = o.additional_properties.clone();
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (index, inner) in all_of.iter().enumerate() {
                    let inner_pointer =
                        push_pointer(&push_pointer(&at, "allOf"), &index.to_string());
                    self.merge_part(merged, inner, &inner_pointer, depth + 1);
                }
            }
            SchemaKind::Any(any) => {
                for (index, inner) in any.all_of.iter().enumerate() {
                    let inner_pointer =
                        push_pointer(&push_pointer(&at, "allOf"), &index.to_string());
                    self.merge_part(merged, inner, &inner_pointer, depth + 1);
                }
                self.merge_properties(merged, &any.properties, &any.required, &at);
                if any.additional_properties.is_some() {
                    merged.additional = any.additional_properties.clone();
                }
                if any.properties.is_empty()
                    && any.all_of.is_empty()
                    && (!any.one_of.is_empty() || !any.any_of.is_empty())
                {
                    self.warn(&at, "oneOf/anyOf inside allOf is not merged; its properties are kept as extra fields");
                    merged
                        .additional
                        .get_or_insert(AdditionalProperties::Any(true));
                }
                if !any.required.is_empty() && any.properties.is_empty() {
                    merged.required.extend(any.required.iter().cloned());
                }
            }
            _ => merged.non_object = true,
        }
    }

    fn merge_properties(
        &mut self,
        merged: &mut MergedObject,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
    ) {
        for (name, property) in properties {
            let Some(existing) = merged.properties.get(name) else {
                merged.properties.insert(name.clone(), property.clone());
                continue;
            };
            if existing == property {
                continue;
            }
            let (before, after) = (self.json_type(existing), self.json_type(property));
            match (before, after) {
                (Some(a), Some(b))
                    if a != b
                        && !matches!((a, b), ("integer", "number") | ("number", "integer")) =>
                {
                    // No value can be both; real specs (SendGrid) have this, and the API sends
                    // one of the two, so the property accepts any JSON (an error in strict mode).
                    self.warn(
                        &push_pointer(&push_pointer(pointer, "properties"), name),
                        format!(
                            "allOf parts give property `{name}` conflicting types `{a}` and `{b}`; it is kept as any JSON value"
                        ),
                    );
                    merged.properties.insert(
                        name.clone(),
                        ReferenceOr::Item(Box::new(Schema {
                            schema_data: Default::default(),
                            schema_kind: SchemaKind::Any(AnySchema::default()),
                        })),
                    );
                }
                // The same kind of value: the later part refines (constraints, docs, enum).
                _ => {
                    merged.properties.insert(name.clone(), property.clone());
                }
            }
        }
        for name in required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
    }

    /// The JSON type a property schema declares (following refs), if it declares one.
    fn json_type(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<&'static str> {
        let mut current = match schema {
            ReferenceOr::Item(schema) => return declared_type(schema),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..MAX_DEPTH {
            let (value, _) = self.spec.lookup(&current).ok()?;
            match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()).ok()? {
                ReferenceOr::Item(schema) => return declared_type(&schema),
                ReferenceOr::Reference { reference } => current = reference,
            }
        }
        None
    }

    /// Follows a `$ref` (through refs to refs) to the schema it names.
    fn resolve_schema(&mut self, reference: &str, pointer: &str) -> Option<(Schema, String)> {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_DEPTH {
            let (value, target) = match self.spec.lookup(&reference) {
                Ok(found) => found,
                Err(message) => {
                    self.error(pointer, message);
                    return None;
                }
            };
            let target = target.as_str();
            match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                Ok(ReferenceOr::Item(schema)) => return Some((schema, target.to_owned())),
                Ok(ReferenceOr::Reference { reference: next }) => reference = next,
                Err(e) => {
                    self.error(target, format!("not a schema: {e}"));
                    return None;
                }
            }
        }
        self.error(
            pointer,
            format!("$ref chain from `{reference}` does not end (a cycle)"),
        );
        None
    }
}

#[derive(Default)]
struct MergedObject {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    docs: Option<String>,
    non_object: bool,
    /// Pointers of the schemas merged so far, so that an allOf that includes itself ends.
    visited: Vec<String>,
}

/// The JSON type keyword of a schema, when it has one.
fn declared_type(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        _ => None,
    }
}

/// A schema with no type, structure or constraint of its own (only docs or examples).
fn is_annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == AnySchema::default())
}
