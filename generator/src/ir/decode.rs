//! How each IR type decodes from JSON: the one statement of the rules that the emitted serde
//! code implements and that the example lint checks examples against, so the two cannot
//! drift apart.

use std::collections::HashMap;

use serde_json::Value;

use super::model::{EnumRepr, Field, TypeDef, TypeKind, TypeRef, UnionDef};

/// The kind of JSON a type may decode from, before its own rules look closer. Untagged
/// unions try a variant only on JSON of its kind, so that an array never decodes into a
/// struct (serde reads structs from sequences too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonShape {
    /// A string.
    String,
    /// An integer (signed or unsigned).
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
    /// `null`, or the inner shape.
    NullOr(Box<JsonShape>),
}

impl JsonShape {
    /// Whether `value` has this shape.
    pub fn accepts(&self, value: &Value) -> bool {
        match self {
            Self::String => value.is_string(),
            Self::Integer => value.is_i64() || value.is_u64(),
            Self::Number => value.is_number(),
            Self::Boolean => value.is_boolean(),
            Self::Array => value.is_array(),
            Self::Object => value.is_object(),
            Self::NullOr(inner) => value.is_null() || inner.accepts(value),
        }
    }
}

/// The shape an enum's values have. Enums are open: any value of this shape decodes, the
/// values the spec does not list into the catch-all variant.
pub fn enum_shape(repr: EnumRepr) -> JsonShape {
    match repr {
        EnumRepr::String => JsonShape::String,
        EnumRepr::Integer => JsonShape::Integer,
        EnumRepr::Number => JsonShape::Number,
    }
}

/// How a union picks the variant a value decodes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionDecoding<'a> {
    /// A declared discriminator: its string value picks the variant; a missing or unknown
    /// value is refused.
    Tagged(&'a str),
    /// A tag the generator inferred: a value some variant pins picks that variant; a missing
    /// or unknown value (one added to the API later) falls back to [`UnionDecoding::Untagged`].
    InferredTag(&'a str),
    /// Each variant is tried on JSON of its own [`JsonShape`]; the first that decodes wins.
    /// Where two or more variants are structs ([`TypeIndex::ranked_variants`]), an object
    /// tries them by how many of its keys each lists, most first, ties in spec order: a
    /// field a server added never decides the variant (no struct rejects unknown fields),
    /// and the most specific variant that fits wins (GitHub's `private-user` over
    /// `public-user` when the private fields are there, whichever the spec lists first).
    Untagged,
}

impl UnionDef {
    /// How the union picks its variant.
    pub fn decoding(&self) -> UnionDecoding<'_> {
        match &self.tag {
            Some(tag) if self.inferred_tag => UnionDecoding::InferredTag(tag),
            Some(tag) => UnionDecoding::Tagged(tag),
            None => UnionDecoding::Untagged,
        }
    }
}

/// Whether a struct field may be absent or `null` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: must be there, and not `null`.
    Required,
    /// Required and nullable: `null` is a value; absent reads as `null` too.
    RequiredNullable,
    /// Not required, not nullable: may be absent; a `null` reads as absent.
    Optional,
    /// Not required and nullable: absent and `null` are told apart.
    OptionalNullable,
}

impl Field {
    /// Whether the field may be absent or `null`.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

impl Presence {
    /// Whether a value without the field decodes.
    pub fn may_be_absent(self) -> bool {
        self != Self::Required
    }

    /// Whether `null` decodes.
    pub fn may_be_null(self) -> bool {
        self != Self::Required
    }
}

/// The named types, to follow `TypeRef::Named` while deciding how a value decodes.
pub struct TypeIndex<'a> {
    defs: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> TypeIndex<'a> {
    /// An index of `types`.
    pub fn new(types: &'a [TypeDef]) -> Self {
        Self {
            defs: types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The named type, if there is one by that name.
    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.defs.get(name).copied()
    }

    /// The wire names of the properties each variant's struct lists (empty for a variant
    /// that is no struct), when at least two variants are structs: the union then tries
    /// its variants by how many of an object's keys each knows (see
    /// [`UnionDecoding::Untagged`]). `None` for a union tagged by a discriminator, or with
    /// fewer than two struct variants, which tries them in spec order.
    pub fn ranked_variants(&self, union: &UnionDef) -> Option<Vec<Vec<&'a str>>> {
        if matches!(union.decoding(), UnionDecoding::Tagged(_)) {
            return None;
        }
        let known: Vec<Vec<&'a str>> = union
            .variants
            .iter()
            .map(|v| self.known_fields(&v.ty, 0))
            .collect();
        let structs: Vec<&Vec<&str>> = known.iter().filter(|fields| !fields.is_empty()).collect();
        // Variants that all list the same fields rank alike: spec order, no ranking needed.
        let differ = structs.iter().any(|fields| *fields != structs[0]);
        (structs.len() >= 2 && differ).then_some(known)
    }

    fn known_fields(&self, ty: &TypeRef, depth: usize) -> Vec<&'a str> {
        if depth > 32 {
            return Vec::new();
        }
        match ty {
            TypeRef::Named(name) => match self.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields.iter().map(|f| f.wire_name.as_str()).collect()
                }
                Some(TypeKind::Alias(inner)) => self.known_fields(inner, depth + 1),
                _ => Vec::new(),
            },
            TypeRef::Boxed(inner) | TypeRef::Option(inner) => self.known_fields(inner, depth + 1),
            _ => Vec::new(),
        }
    }

    /// The JSON shape `ty` decodes from, or `None` when any JSON may fit (a union, `Any`).
    pub fn shape(&self, ty: &TypeRef) -> Option<JsonShape> {
        self.shape_at(ty, 0)
    }

    fn shape_at(&self, ty: &TypeRef, depth: usize) -> Option<JsonShape> {
        if depth > 32 {
            return None;
        }
        match ty {
            TypeRef::Named(name) => match self.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => Some(JsonShape::Object),
                Some(TypeKind::Enum(e)) => Some(enum_shape(e.repr)),
                Some(TypeKind::Alias(inner)) => self.shape_at(inner, depth + 1),
                // The user's own type decodes as it likes.
                Some(TypeKind::Union(_) | TypeKind::External(_)) | None => None,
            },
            TypeRef::String
            | TypeRef::Base64
            | TypeRef::Binary
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => Some(JsonShape::String),
            TypeRef::Bool => Some(JsonShape::Boolean),
            TypeRef::I32 | TypeRef::I64 => Some(JsonShape::Integer),
            TypeRef::F32 | TypeRef::F64 => Some(JsonShape::Number),
            TypeRef::Vec(_) | TypeRef::Tuple(_) => Some(JsonShape::Array),
            TypeRef::Map(_) | TypeRef::JsonObject => Some(JsonShape::Object),
            TypeRef::Boxed(inner) => self.shape_at(inner, depth + 1),
            TypeRef::Option(inner) => self
                .shape_at(inner, depth + 1)
                .map(|shape| JsonShape::NullOr(Box::new(shape))),
            TypeRef::Any => None,
        }
    }
}
