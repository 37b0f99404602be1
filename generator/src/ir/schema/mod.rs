//! Schema → type mapping rules, one function per construct.
//!
//! Component schemas keep their names; inline schemas that need a name of their own
//! (objects, enums, unions) are named from where they stand: parent type + property,
//! operation + `Body`/`Response`. Names are claimed in the order schemas are met, which is
//! the spec's order, so the output is deterministic.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

mod all_of;
mod enums;
mod tuple;
mod union;

pub use union::infer_tags as infer_union_tags;

use super::model::{Additional, EnumRepr, Field, StructDef, TypeDef, TypeKind, TypeRef};
use super::names::{NameSet, bare, camel_ident, snake_ident};
use crate::diagnostics::{Diagnostic, push_pointer};
use crate::load::Spec;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Enums with more values than this are kept as their plain type: a Rust enum that large
/// helps nobody and costs memory and compile time.
const MAX_ENUM_VALUES: usize = 5000;

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Turns schemas into [`TypeRef`]s, collecting the named [`TypeDef`]s it creates.
pub struct TypeBuilder<'a> {
    spec: &'a Spec,
    /// Rust names of component schemas, by component key.
    component_names: HashMap<String, String>,
    /// Components marked `nullable`: every use of them is an `Option`.
    nullable_components: HashSet<String>,
    /// The type every schema in the document became, by JSON pointer (for the example lint).
    schema_types: BTreeMap<String, TypeRef>,
    /// Inline enums by their values, so identical ones are emitted once.
    inline_enums: HashMap<(EnumRepr, Vec<Value>), String>,
    /// Types created so far, by Rust name (order of creation is kept separately).
    types: IndexMap<String, TypeDef>,
    names: NameSet,
    /// Types of `$ref`s to places other than components, by pointer.
    ref_cache: HashMap<String, TypeRef>,
    depth: usize,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> TypeBuilder<'a> {
    /// A builder for `spec`, with every component schema's name reserved up front so that
    /// inline types never take a component's name.
    pub fn new(spec: &'a Spec) -> Self {
        let mut names = NameSet::default();
        let mut component_names = HashMap::new();
        let mut nullable_components = HashSet::new();
        if let Some(components) = &spec.openapi.components {
            for (key, schema) in &components.schemas {
                let name = names.claim(&camel_ident(key, "Schema"));
                if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable) {
                    nullable_components.insert(name.clone());
                }
                component_names.insert(key.clone(), name);
            }
        }
        Self {
            spec,
            component_names,
            nullable_components,
            inline_enums: HashMap::new(),
            schema_types: BTreeMap::new(),
            types: IndexMap::new(),
            names,
            ref_cache: HashMap::new(),
            depth: 0,
            diagnostics: Vec::new(),
        }
    }

    /// Lowers every component schema, in spec order.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.spec.openapi.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.component_names[key].clone();
            let pointer = push_pointer("/components/schemas", key);
            let def = self.named_definition(&name, schema, &pointer);
            let named = TypeRef::Named(name.clone());
            let used_as = if self.nullable_components.contains(&name) {
                nullable(named)
            } else {
                named
            };
            self.schema_types.insert(pointer, used_as);
            self.types.insert(name, def);
        }
    }

    /// The finished types in a deterministic order: components first, in spec order, then
    /// inline types in the order they were met.
    pub fn finish(self) -> (Vec<TypeDef>, BTreeMap<String, TypeRef>, Vec<Diagnostic>) {
        let mut order: Vec<(usize, TypeDef)> = Vec::with_capacity(self.types.len());
        let component_rank: HashMap<&str, usize> = self
            .spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .enumerate()
            .filter_map(|(i, k)| self.component_names.get(k).map(|n| (n.as_str(), i)))
            .collect();
        for (index, (name, def)) in self.types.iter().enumerate() {
            let rank = component_rank
                .get(name.as_str())
                .copied()
                .unwrap_or(usize::MAX / 2 + index);
            order.push((rank, def.clone()));
        }
        order.sort_by_key(|(rank, _)| *rank);
        (
            order.into_iter().map(|(_, d)| d).collect(),
            self.schema_types,
            self.diagnostics,
        )
    }

    /// Claims a type name for `hint` and holds it with a placeholder, so that a recursive
    /// reference met while the type is being built finds the name taken.
    fn claim_type(&mut self, hint: &str) -> String {
        let name = self.names.claim(hint);
        let placeholder = TypeDef {
            name: name.clone(),
            docs: None,
            kind: TypeKind::Alias(TypeRef::Any),
        };
        self.types.insert(name.clone(), placeholder);
        name
    }

    /// The spec being lowered.
    pub fn spec(&self) -> &'a Spec {
        self.spec
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.spec.error(pointer, message);
        self.diagnostics.push(d);
    }

    /// Records a warning at `pointer`.
    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.spec.warning(pointer, message);
        self.diagnostics.push(d);
    }

    /// The type of a schema used in some position; `hint` names it if it needs a name.
    pub fn type_of(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, pointer, hint),
        }
    }

    /// As [`TypeBuilder::type_of`] for the boxed schemas openapiv3 uses in properties.
    pub fn type_of_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, pointer, hint),
        }
    }

    fn type_of_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let ty = self.type_of_ref_inner(reference, pointer);
        self.schema_types
            .entry(pointer.to_owned())
            .or_insert_with(|| ty.clone());
        ty
    }

    fn type_of_ref_inner(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(key) = reference.strip_prefix(COMPONENT_PREFIX)
            && let Some(name) = self
                .component_names
                .get(&unescape(&crate::load::percent_decode(key)))
        {
            let named = TypeRef::Named(name.clone());
            return if self.nullable_components.contains(name) {
                nullable(named)
            } else {
                named
            };
        }
        if let Some(cached) = self.ref_cache.get(reference) {
            return cached.clone();
        }
        let (value, target) = match self.spec.lookup(reference) {
            Ok(found) => found,
            Err(message) => {
                self.error(pointer, message);
                return TypeRef::Any;
            }
        };
        let target = target.as_str();
        let schema: ReferenceOr<Schema> = match serde_json::from_value(value.clone()) {
            Ok(schema) => schema,
            Err(e) => {
                self.error(
                    target,
                    format!("$ref `{reference}` does not point at a schema: {e}"),
                );
                return TypeRef::Any;
            }
        };
        // A placeholder guards against refs that lead back to themselves.
        self.ref_cache.insert(reference.to_owned(), TypeRef::Any);
        let hint = target.rsplit('/').next().map(unescape).unwrap_or_default();
        let ty = self.type_of(&schema, target, &camel_ident(&hint, "Schema"));
        self.ref_cache.insert(reference.to_owned(), ty.clone());
        ty
    }

    fn type_of_schema(&mut self, schema: &Schema, pointer: &str, hint: &str) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.error(
                pointer,
                format!("schemas nested deeper than {MAX_DEPTH} levels are not supported"),
            );
            return TypeRef::Any;
        }
        self.depth += 1;
        let ty = self.type_of_schema_inner(schema, pointer, hint);
        self.depth -= 1;
        self.schema_types.insert(
            pointer.to_owned(),
            if schema.schema_data.nullable {
                nullable(ty.clone())
            } else {
                ty.clone()
            },
        );
        if schema.schema_data.nullable {
            nullable(ty)
        } else {
            ty
        }
    }

    fn type_of_schema_inner(&mut self, schema: &Schema, pointer: &str, hint: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_some) {
                    let values = s
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| Value::String(v.clone()))
                        .collect();
                    return self.new_enum(hint, schema, values, EnumRepr::String, pointer);
                }
                string_format(&s.format)
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if i.enumeration.iter().any(Option::is_some) {
                    let values = i
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| Value::from(*v))
                        .collect();
                    return self.new_enum(hint, schema, values, EnumRepr::Integer, pointer);
                }
                match i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                }
            }
            SchemaKind::Type(Type::Number(n)) => {
                if n.enumeration.iter().any(Option::is_some) {
                    let values: Vec<Value> = n
                        .enumeration
                        .iter()
                        .flatten()
                        .filter_map(|v| serde_json::Number::from_f64(*v).map(Value::Number))
                        .collect();
                    return self.new_enum(hint, schema, values, EnumRepr::Number, pointer);
                }
                match n.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(ty) =
                    self.prefix_items(hint, pointer, a.items.as_ref(), a.min_items, a.max_items)
                {
                    return ty;
                }
                let item = match &a.items {
                    Some(items) => self.type_of_boxed(
                        items,
                        &push_pointer(pointer, "items"),
                        &format!("{}Item", bare(hint)),
                    ),
                    None => TypeRef::Any,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(o)) => self.object_type(
                hint,
                schema,
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                pointer,
            ),
            SchemaKind::AllOf { all_of } => self.all_of(hint, schema, all_of, pointer),
            SchemaKind::OneOf { one_of } => self.union(hint, schema, one_of, pointer, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.union(hint, schema, any_of, pointer, "anyOf"),
            SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "`not` cannot be expressed in Rust types; the value is kept as any JSON value",
                );
                TypeRef::Any
            }
            SchemaKind::Any(any) => self.any_schema(hint, schema, any, pointer),
        }
    }

    /// `type` missing or mixed keywords: read what the keywords say.
    fn any_schema(
        &mut self,
        hint: &str,
        schema: &Schema,
        any: &AnySchema,
        pointer: &str,
    ) -> TypeRef {
        if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() {
            let mut parts = any.all_of.clone();
            if !any.properties.is_empty() {
                parts.push(ReferenceOr::Item(object_schema(any)));
            }
            return self.all_of(hint, schema, &parts, pointer);
        }
        if !any.one_of.is_empty() || !any.any_of.is_empty() {
            if !any.properties.is_empty() {
                self.warn(
                    pointer,
                    "properties next to oneOf/anyOf are ignored; the union alone is generated",
                );
            }
            let (keyword, variants) = if any.one_of.is_empty() {
                ("anyOf", &any.any_of)
            } else {
                ("oneOf", &any.one_of)
            };
            return self.union(hint, schema, variants, pointer, keyword);
        }
        if !any.enumeration.is_empty() {
            let values: Vec<Value> = any
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .cloned()
                .collect();
            let has_null = any.enumeration.iter().any(Value::is_null);
            let repr = if values.iter().all(Value::is_string) {
                Some(EnumRepr::String)
            } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                Some(EnumRepr::Integer)
            } else if values.iter().all(Value::is_number) {
                Some(EnumRepr::Number)
            } else {
                None
            };
            // Booleans have only two values: an enum of them is a `bool`.
            let ty = match repr {
                Some(repr) if !values.is_empty() => {
                    self.new_enum(hint, schema, values, repr, pointer)
                }
                None if values.iter().all(Value::is_boolean) => TypeRef::Bool,
                _ => TypeRef::Any,
            };
            return if has_null { nullable(ty) } else { ty };
        }
        match any.typ.as_deref() {
            Some("string") => return string_format(&format_of(any.format.as_deref())),
            Some("integer") => {
                return if any.format.as_deref() == Some("int32") {
                    TypeRef::I32
                } else {
                    TypeRef::I64
                };
            }
            Some("number") => {
                return if any.format.as_deref() == Some("float") {
                    TypeRef::F32
                } else {
                    TypeRef::F64
                };
            }
            Some("boolean") => return TypeRef::Bool,
            _ => {}
        }
        if matches!(any.typ.as_deref(), None | Some("array"))
            && let Some(ty) = self.prefix_items(
                hint,
                pointer,
                any.items.as_ref(),
                any.min_items,
                any.max_items,
            )
        {
            return ty;
        }
        if let Some(items) = &any.items {
            let item = self.type_of_boxed(
                items,
                &push_pointer(pointer, "items"),
                &format!("{}Item", bare(hint)),
            );
            return TypeRef::Vec(Box::new(item));
        }
        if !any.properties.is_empty()
            || any.additional_properties.is_some()
            || any.typ.as_deref() == Some("object")
        {
            return self.object_type(
                hint,
                schema,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
            );
        }
        TypeRef::Any
    }

    fn object_type(
        &mut self,
        hint: &str,
        schema: &Schema,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> TypeRef {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(value_schema)) => {
                    let value = self.type_of(
                        value_schema,
                        &push_pointer(pointer, "additionalProperties"),
                        &format!("{}Value", bare(hint)),
                    );
                    TypeRef::Map(Box::new(value))
                }
                // `additionalProperties: false` with no properties: only `{}` fits.
                Some(AdditionalProperties::Any(false)) => {
                    let name = self.names.claim(hint);
                    let def = TypeDef {
                        name: name.clone(),
                        docs: docs_of(schema),
                        kind: TypeKind::Struct(StructDef {
                            fields: Vec::new(),
                            additional: Additional::Denied,
                        }),
                    };
                    self.types.insert(name.clone(), def);
                    TypeRef::Named(name)
                }
                _ => TypeRef::JsonObject,
            };
        }
        let name = self.claim_type(hint);
        let def = self.struct_def(&name, schema, properties, required, additional, pointer);
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    fn struct_def(
        &mut self,
        name: &str,
        schema: &Schema,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> TypeDef {
        let mut field_names = NameSet::default();
        let mut fields = Vec::with_capacity(properties.len());
        let properties_pointer = push_pointer(pointer, "properties");
        for (wire_name, property) in properties {
            let property_pointer = push_pointer(&properties_pointer, wire_name);
            let hint = format!("{}{}", bare(name), bare(&camel_ident(wire_name, "Field")));
            let ty = self.type_of_boxed(property, &property_pointer, &hint);
            let (ty, nullable) = match ty {
                TypeRef::Option(inner) => (*inner, true),
                other => (other, false),
            };
            let (docs, default, one_way) = match property {
                ReferenceOr::Item(s) => (
                    docs_of(s),
                    s.schema_data.default.clone(),
                    s.schema_data.read_only || s.schema_data.write_only,
                ),
                ReferenceOr::Reference { .. } => {
                    (self.docs_of_ref_siblings(&property_pointer), None, false)
                }
            };
            let (mut constraints, pattern_problem) =
                super::constraints::constraints_of(self.spec, property);
            if matches!(ty, TypeRef::Tuple(_)) {
                // A tuple's type fixes its length: there is no count left to check.
                constraints.min_items = None;
                constraints.max_items = None;
            }
            if let Some(problem) = pattern_problem {
                self.warn(&property_pointer, problem);
            }
            fields.push(Field {
                name: field_names.claim(&snake_ident(wire_name, "field")),
                wire_name: wire_name.clone(),
                ty,
                // A readOnly property is absent from requests and a writeOnly one from
                // responses, so one type serves both only if such fields are optional.
                required: required.contains(wire_name) && !one_way,
                nullable,
                docs,
                default,
                constraints,
            });
        }
        let additional = match additional {
            None => Additional::Ignored,
            Some(AdditionalProperties::Any(false)) => Additional::Denied,
            Some(AdditionalProperties::Any(true)) => Additional::Kept(TypeRef::Any),
            Some(AdditionalProperties::Schema(value_schema)) => {
                let hint = format!("{}Value", bare(name));
                Additional::Kept(self.type_of(
                    value_schema,
                    &push_pointer(pointer, "additionalProperties"),
                    &hint,
                ))
            }
        };
        TypeDef {
            name: name.to_owned(),
            docs: docs_of(schema),
            kind: TypeKind::Struct(StructDef { fields, additional }),
        }
    }

    /// A `$ref` with sibling keys: the ref wins, but a sibling `description` still documents
    /// the use site. openapiv3 drops siblings, so they are read from the raw document.
    fn docs_of_ref_siblings(&self, pointer: &str) -> Option<String> {
        self.spec
            .document
            .pointer(pointer)
            .and_then(|v| v.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// The type of a component or other schema given by name (for definitions).
    fn named_definition(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
    ) -> TypeDef {
        // Claiming again would rename; the component name is already reserved, so lower
        // with the name as hint and then move the result under the reserved name.
        let placeholder = TypeDef {
            name: name.to_owned(),
            docs: None,
            kind: TypeKind::Alias(TypeRef::Any),
        };
        self.types.insert(name.to_owned(), placeholder);
        let docs = match schema {
            ReferenceOr::Item(s) => docs_of(s),
            ReferenceOr::Reference { .. } => None,
        };
        let ty = match schema {
            ReferenceOr::Item(s) => self.definition_body(name, s, pointer),
            ReferenceOr::Reference { reference } => {
                DefinitionBody::Alias(self.type_of_ref(reference, pointer))
            }
        };
        match ty {
            DefinitionBody::Defined(def) => def,
            DefinitionBody::Alias(ty) => TypeDef {
                name: name.to_owned(),
                docs,
                kind: TypeKind::Alias(ty),
            },
        }
    }

    /// Lowers a component schema so that a struct, enum or union takes the component's own
    /// name instead of a fresh one.
    fn definition_body(&mut self, name: &str, schema: &Schema, pointer: &str) -> DefinitionBody {
        // Temporarily free the reserved name so the lowering claims exactly it.
        self.names.release(name);
        let ty = self.type_of_schema(schema, pointer, name);
        if !self.names.contains(name) {
            self.names.claim(name);
        }
        // A nullable component is `Option` where it is used (see `type_of_ref`), so its
        // definition is the non-null type.
        let ty = match ty {
            TypeRef::Option(inner) if schema.schema_data.nullable => *inner,
            other => other,
        };
        match ty {
            TypeRef::Named(created) if created == name => {
                let def = self.types.get(name).cloned();
                def.map_or(DefinitionBody::Alias(TypeRef::Any), DefinitionBody::Defined)
            }
            other => DefinitionBody::Alias(other),
        }
    }
}

enum DefinitionBody {
    Defined(TypeDef),
    Alias(TypeRef),
}

fn object_schema(any: &AnySchema) -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::Object(openapiv3::ObjectType {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional_properties: any.additional_properties.clone(),
            min_properties: None,
            max_properties: None,
        })),
    }
}

/// Wraps in `Option` once.
pub fn nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(_) => ty,
        other => TypeRef::Option(Box::new(other)),
    }
}

fn format_of(format: Option<&str>) -> VariantOrUnknownOrEmpty<StringFormat> {
    match format {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(f) => f.parse().map_or_else(
            |_| VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
            VariantOrUnknownOrEmpty::Item,
        ),
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

/// Doc text of a schema: title and description, whichever exist.
pub fn docs_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(title), Some(description)) if !description.contains(title.as_str()) => {
            Some(format!("{title}\n\n{description}"))
        }
        (_, Some(description)) => Some(description.clone()),
        (Some(title), None) => Some(title.clone()),
        (None, None) => None,
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
