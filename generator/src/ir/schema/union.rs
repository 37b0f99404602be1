//! `oneOf`/`anyOf`: an enum of the alternatives, tagged by the discriminator when the spec
//! gives one; a `null` alternative makes the union optional.

use std::collections::{HashMap, HashSet};

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

use super::{TypeBuilder, docs_of, nullable, unescape};
use crate::ir::model::{EnumRepr, Field, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::ir::names::{NameSet, bare, camel_ident};

impl TypeBuilder<'_> {
    /// `oneOf`/`anyOf` → an enum; with a discriminator, tagged by that property.
    pub(super) fn union(
        &mut self,
        hint: &str,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
    ) -> TypeRef {
        let has_null = alternatives.iter().any(is_null_schema);
        let rest: Vec<&ReferenceOr<Schema>> =
            alternatives.iter().filter(|a| !is_null_schema(a)).collect();
        if let [only] = rest.as_slice() {
            let index = alternatives
                .iter()
                .position(|a| std::ptr::eq(a, *only))
                .unwrap_or(0);
            let ty = self.type_of(only, &format!("{pointer}/{keyword}/{index}"), hint);
            return if has_null { nullable(ty) } else { ty };
        }
        if rest.is_empty() {
            return TypeRef::Any;
        }
        let name = self.claim_type(hint);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = NameSet::default();
        let mut variants = Vec::with_capacity(rest.len());
        for (index, alternative) in alternatives.iter().enumerate() {
            if is_null_schema(alternative) {
                continue;
            }
            let alt_pointer = format!("{pointer}/{keyword}/{index}");
            let alt_hint = format!("{}Variant{}", bare(&name), index);
            let ty = self.type_of(alternative, &alt_pointer, &alt_hint);
            let wanted = variant_name(&ty, alternative);
            let mut tag_values = Vec::new();
            if let Some(d) = discriminator
                && let ReferenceOr::Reference { reference } = alternative
            {
                let suffix = |target: &String| reference.ends_with(&format!("/{target}"));
                tag_values.extend(
                    d.mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || suffix(target))
                        .map(|(value, _)| value.clone()),
                );
                if tag_values.is_empty() {
                    tag_values.push(unescape(reference.rsplit('/').next().unwrap_or_default()));
                }
            }
            variants.push(UnionVariant {
                name: variant_names.claim(&wanted),
                ty,
                tag_values,
            });
        }
        let tag = discriminator
            .map(|d| d.property_name.clone())
            .filter(|_| variants.iter().all(|v| !v.tag_values.is_empty()));
        if discriminator.is_some() && tag.is_none() {
            self.warn(
                pointer,
                "discriminator with inline alternatives: read as an untagged union",
            );
        }
        let def = TypeDef {
            name: name.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Union(UnionDef {
                variants,
                tag,
                inferred_tag: false,
            }),
        };
        self.types.insert(name.clone(), def);
        let ty = TypeRef::Named(name);
        if has_null { nullable(ty) } else { ty }
    }
}

fn is_null_schema(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(AnySchema { typ: Some(t), .. }), .. }) if t == "null")
}

fn variant_name(ty: &TypeRef, alternative: &ReferenceOr<Schema>) -> String {
    if let ReferenceOr::Item(schema) = alternative
        && let Some(title) = &schema.schema_data.title
    {
        return camel_ident(title, "Variant");
    }
    type_word(ty)
}

/// A variant name that says what the type is (`String`, `StringList`, `StringIntegerTuple`).
fn type_word(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => bare(name).to_owned(),
        TypeRef::String | TypeRef::Base64 => "String".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::Any => "Value".into(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Object".into(),
        TypeRef::Vec(inner) => format!("{}List", type_word(inner)),
        TypeRef::Tuple(elements) => {
            let words: String = elements.iter().map(type_word).collect();
            format!("{words}Tuple")
        }
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => type_word(inner),
    }
}

/// Gives a tag to each union without a discriminator whose alternatives are all objects
/// that pin one required property to a single, distinct string (`type: {enum: [disk]}`), as
/// Nexus, Kubernetes-style and many other APIs write tagged unions. Read untagged, such a
/// union would take the first alternative whose other fields fit, whatever the tag says.
pub fn infer_tags(types: &mut [TypeDef]) {
    let inferred: Vec<(usize, String, Vec<String>)> = {
        let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
        types
            .iter()
            .enumerate()
            .filter_map(|(index, t)| match &t.kind {
                TypeKind::Union(u) if u.tag.is_none() && u.variants.len() > 1 => {
                    pinned_tag(u, &by_name).map(|(tag, values)| (index, tag, values))
                }
                _ => None,
            })
            .collect()
    };
    for (index, tag, values) in inferred {
        if let TypeKind::Union(u) = &mut types[index].kind {
            for (variant, value) in u.variants.iter_mut().zip(values) {
                variant.tag_values = vec![value];
            }
            u.tag = Some(tag);
            u.inferred_tag = true;
        }
    }
}

/// The first property (in the first alternative's order) that every alternative requires
/// and pins to its own value, with those values in variant order.
fn pinned_tag(u: &UnionDef, by_name: &HashMap<&str, &TypeDef>) -> Option<(String, Vec<String>)> {
    let structs: Vec<&[Field]> = u
        .variants
        .iter()
        .map(
            |v| match named(&v.ty).and_then(|n| by_name.get(n)).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => Some(s.fields.as_slice()),
                _ => None,
            },
        )
        .collect::<Option<_>>()?;
    let pinned = |fields: &[Field], wire: &str| -> Option<String> {
        let field = fields.iter().find(|f| f.wire_name == wire)?;
        if !field.required || field.nullable {
            return None;
        }
        match by_name.get(named(&field.ty)?).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String => match e.variants.as_slice() {
                [only] => only.value.as_str().map(str::to_owned),
                _ => None,
            },
            _ => None,
        }
    };
    structs.first()?.iter().find_map(|candidate| {
        let wire = candidate.wire_name.as_str();
        let values: Vec<String> = structs
            .iter()
            .map(|fields| pinned(fields, wire))
            .collect::<Option<_>>()?;
        let distinct: HashSet<&String> = values.iter().collect();
        (distinct.len() == values.len()).then(|| (wire.to_owned(), values))
    })
}

fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Boxed(inner) => named(inner),
        _ => None,
    }
}
