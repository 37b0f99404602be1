//! `prefixItems` (OpenAPI 3.1, JSON Schema 2020-12): an array whose first elements each have
//! their own schema. openapiv3 does not know the keyword, so it is read from the raw document
//! at the array schema's pointer.
//!
//! The rule: an array whose length is fixed at the number of prefix items (`maxItems` equal
//! to it, `minItems` absent or equal) becomes a Rust tuple, which serde reads from and writes
//! as a JSON array of exactly that length. Any other such array is a `Vec` of the one type
//! every element may have, or of any JSON value (with a warning saying why) when they differ.

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use super::TypeBuilder;
use crate::diagnostics::push_pointer;
use crate::ir::model::TypeRef;
use crate::ir::names::bare;

/// The longest tuple that std implements `Debug`, `Clone`, `PartialEq` and `Default` for;
/// longer fixed arrays fall back to the `Vec` rule.
pub const MAX_TUPLE_LEN: usize = 12;

impl TypeBuilder<'_> {
    /// The type of an array schema at `pointer` that has `prefixItems`, or `None` when it has
    /// none (or an empty list, which constrains nothing: the plain array rules apply).
    /// `items`, `min_items` and `max_items` are the schema's own keywords.
    pub(super) fn prefix_items(
        &mut self,
        hint: &str,
        pointer: &str,
        items: Option<&ReferenceOr<Box<Schema>>>,
        min_items: Option<usize>,
        max_items: Option<usize>,
    ) -> Option<TypeRef> {
        let raw = self.spec.document.pointer(pointer)?.get("prefixItems")?;
        let prefix_pointer = push_pointer(pointer, "prefixItems");
        let Value::Array(raw) = raw else {
            self.error(&prefix_pointer, "`prefixItems` must be a list of schemas");
            return None;
        };
        if raw.is_empty() {
            return None;
        }
        let len = raw.len();
        let base = bare(hint).to_owned();
        let mut elements = Vec::with_capacity(len);
        for (index, value) in raw.iter().enumerate() {
            let at = push_pointer(&prefix_pointer, &index.to_string());
            let element = match serde_json::from_value::<ReferenceOr<Schema>>(value.clone()) {
                Ok(schema) => self.type_of(&schema, &at, &format!("{base}Item{index}")),
                Err(e) => {
                    self.error(&at, format!("not a schema: {e}"));
                    TypeRef::Any
                }
            };
            elements.push(element);
        }
        let fixed = max_items == Some(len) && min_items.is_none_or(|min| min == len);
        if fixed && len <= MAX_TUPLE_LEN {
            return Some(TypeRef::Tuple(elements));
        }
        let why_not_tuple = if fixed {
            format!(
                "an array of {len} `prefixItems` is longer than the longest Rust tuple supported ({MAX_TUPLE_LEN})"
            )
        } else {
            format!(
                "an array with {len} `prefixItems` is a tuple only when its length is fixed (`maxItems: {len}`, and `minItems` absent or {len})"
            )
        };
        // Elements after the prefix exist only when `maxItems` leaves room for them.
        let open_end = max_items.is_none_or(|max| max > len);
        let rest = match (open_end, items) {
            (false, _) => None,
            (true, Some(items)) => Some(self.type_of_boxed(
                items,
                &push_pointer(pointer, "items"),
                &format!("{base}Item"),
            )),
            (true, None) => {
                self.warn(
                    pointer,
                    format!(
                        "{why_not_tuple}; it has no `items`, so elements after the prefix may be any JSON value, and it is kept as a list of any JSON values"
                    ),
                );
                return Some(TypeRef::Vec(Box::new(TypeRef::Any)));
            }
        };
        match common_type(&elements, rest.as_ref()) {
            Some(common) => Some(TypeRef::Vec(Box::new(common))),
            None => {
                self.warn(
                    pointer,
                    format!(
                        "{why_not_tuple}; its elements have different types, so it is kept as a list of any JSON values"
                    ),
                );
                Some(TypeRef::Vec(Box::new(TypeRef::Any)))
            }
        }
    }
}

/// The one type of all prefix elements and of the further elements (`rest`), if they agree.
pub(super) fn common_type(elements: &[TypeRef], rest: Option<&TypeRef>) -> Option<TypeRef> {
    let first = elements.first().or(rest)?;
    elements
        .iter()
        .chain(rest)
        .all(|ty| ty == first)
        .then(|| first.clone())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Severity;

    /// Lowers the component `T` of a spec holding `schema` (YAML, indented for the spec).
    fn lower(schema: &str) -> (TypeRef, Vec<String>) {
        let indented: String = schema.lines().map(|l| format!("      {l}\n")).collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties: {{name: {{type: string}}}}\n    T:\n{indented}"
        );
        let spec = crate::load::load_str(Path::new("t.yaml"), text).expect("loads");
        let mut builder = TypeBuilder::new(&spec);
        builder.lower_components();
        let (types, _, diagnostics) = builder.finish();
        let alias = types
            .into_iter()
            .find(|t| t.name == "T")
            .map(|t| t.kind)
            .expect("T is defined");
        let crate::ir::model::TypeKind::Alias(ty) = alias else {
            panic!("T is an alias: {alias:?}")
        };
        let warnings = diagnostics
            .into_iter()
            .inspect(|d| assert_eq!(d.severity, Severity::Warning, "{d:?}"))
            .map(|d| format!("{} {}", d.pointer, d.message))
            .collect();
        (ty, warnings)
    }

    fn vec(ty: TypeRef) -> TypeRef {
        TypeRef::Vec(Box::new(ty))
    }

    #[test]
    fn fixed_length_is_a_tuple() {
        let (ty, warnings) = lower(
            "type: array\nprefixItems: [{type: string}, {$ref: '#/components/schemas/Pet'}]\nmaxItems: 2",
        );
        assert_eq!(
            ty,
            TypeRef::Tuple(vec![TypeRef::String, TypeRef::Named("Pet".into())])
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // `minItems` equal to the length changes nothing.
        let (ty, _) = lower(
            "type: array\nprefixItems: [{type: boolean}]\nminItems: 1\nmaxItems: 1\nitems: {type: string}",
        );
        assert_eq!(ty, TypeRef::Tuple(vec![TypeRef::Bool]));
    }

    #[test]
    fn open_ended_arrays_of_one_type_are_vecs() {
        let (ty, warnings) = lower(
            "type: array\nprefixItems: [{type: integer}, {type: integer}]\nitems: {type: integer}",
        );
        assert_eq!(ty, vec(TypeRef::I64));
        assert!(warnings.is_empty(), "{warnings:?}");
        // `$ref`s to the same schema are the same type; fewer elements allowed is open too.
        let (ty, warnings) = lower(
            "type: array\nprefixItems: [{$ref: '#/components/schemas/Pet'}, {$ref: '#/components/schemas/Pet'}]\nminItems: 1\nmaxItems: 2",
        );
        assert_eq!(ty, vec(TypeRef::Named("Pet".into())));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn open_ended_arrays_of_mixed_types_are_vecs_of_values_with_a_warning() {
        let (ty, warnings) = lower(
            "type: array\nprefixItems: [{type: string}, {type: integer}]\nitems: {type: string}",
        );
        assert_eq!(ty, vec(TypeRef::Any));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("/components/schemas/T ")
                && warnings[0].contains("different types"),
            "{warnings:?}"
        );
        // Further elements of another type than the prefix's.
        let (ty, warnings) =
            lower("type: array\nprefixItems: [{type: string}]\nitems: {type: integer}");
        assert_eq!(ty, vec(TypeRef::Any));
        assert!(warnings[0].contains("different types"), "{warnings:?}");
    }

    #[test]
    fn no_items_leaves_further_elements_unconstrained() {
        let (ty, warnings) = lower("type: array\nprefixItems: [{type: string}, {type: string}]");
        assert_eq!(ty, vec(TypeRef::Any));
        assert!(warnings[0].contains("no `items`"), "{warnings:?}");
    }

    #[test]
    fn too_long_for_a_tuple_falls_back_to_the_vec_rule() {
        let thirteen = vec!["{type: string}"; 13].join(", ");
        let (ty, warnings) = lower(&format!(
            "type: array\nprefixItems: [{thirteen}]\nmaxItems: 13"
        ));
        assert_eq!(ty, vec(TypeRef::String));
        assert!(warnings.is_empty(), "{warnings:?}");
        let mixed = format!("{thirteen}, {{type: integer}}");
        let (ty, warnings) = lower(&format!(
            "type: array\nprefixItems: [{mixed}]\nmaxItems: 14"
        ));
        assert_eq!(ty, vec(TypeRef::Any));
        assert!(warnings[0].contains("longest Rust tuple"), "{warnings:?}");
    }

    #[test]
    fn empty_prefix_is_a_plain_array() {
        let (ty, warnings) = lower("type: array\nprefixItems: []\nitems: {type: string}");
        assert_eq!(ty, vec(TypeRef::String));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn malformed_prefix_items_are_read_with_warnings_at_their_pointer() {
        for (schema, pointer) in [
            (
                "type: array\nprefixItems: {type: string}",
                "/components/schemas/T/prefixItems",
            ),
            (
                "type: array\nprefixItems: [{type: string}, 5]\nmaxItems: 2",
                "/components/schemas/T/prefixItems/1",
            ),
        ] {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    T: {{{}}}\n",
                schema.replace('\n', ", ")
            );
            // The loader repairs both (a keyword of the wrong kind is ignored, an element
            // that is not a schema is any JSON value), so lowering sees no malformed list.
            let spec = crate::load::load_str(Path::new("t.yaml"), text).expect("loads");
            assert!(
                spec.warnings
                    .iter()
                    .any(|d| d.severity == Severity::Warning && d.pointer == pointer),
                "{:?}",
                spec.warnings
            );
            let mut builder = TypeBuilder::new(&spec);
            builder.lower_components();
            let (_, _, diagnostics) = builder.finish();
            assert!(
                diagnostics.iter().all(|d| d.severity != Severity::Error),
                "{diagnostics:?}"
            );
        }
    }

    #[test]
    fn common_type_needs_every_element_to_agree() {
        assert_eq!(common_type(&[], None), None);
        assert_eq!(common_type(&[], Some(&TypeRef::Bool)), Some(TypeRef::Bool));
        assert_eq!(
            common_type(&[TypeRef::Bool, TypeRef::Bool], Some(&TypeRef::Bool)),
            Some(TypeRef::Bool)
        );
        assert_eq!(common_type(&[TypeRef::Bool], Some(&TypeRef::I64)), None);
        assert_eq!(common_type(&[TypeRef::Bool, TypeRef::String], None), None);
    }
}
