//! Enums: every documented value a variant with a readable name, identical inline enums
//! emitted once, and huge ones kept as their plain type.

use std::collections::HashSet;

use openapiv3::Schema;
use serde_json::Value;

use super::{MAX_ENUM_VALUES, TypeBuilder, docs_of};
use crate::ir::model::{EnumDef, EnumRepr, EnumVariant, TypeDef, TypeKind, TypeRef};
use crate::ir::names::{NameSet, camel_ident};

impl TypeBuilder<'_> {
    pub(super) fn new_enum(
        &mut self,
        hint: &str,
        schema: &Schema,
        values: Vec<Value>,
        repr: EnumRepr,
        pointer: &str,
    ) -> TypeRef {
        if values.len() > MAX_ENUM_VALUES {
            self.warn(pointer, format!("an enum of {} values is read as its plain type, not a Rust enum (limit {MAX_ENUM_VALUES})", values.len()));
            return match repr {
                EnumRepr::String => TypeRef::String,
                EnumRepr::Integer => TypeRef::I64,
                EnumRepr::Number => TypeRef::F64,
            };
        }
        // Inline enums with the same values are one type (HubSpot repeats its batch status
        // enum in every response schema); component enums always keep their own name.
        let is_component = self.component_names.values().any(|n| n == hint);
        let key = (repr, values.clone());
        if !is_component && let Some(existing) = self.inline_enums.get(&key) {
            return TypeRef::Named(existing.clone());
        }
        let name = self.names.claim(hint);
        if !is_component {
            self.inline_enums.insert(key, name.clone());
        }
        let mut variant_names = NameSet::with_reserved(["Unknown"]);
        let mut variants = Vec::with_capacity(values.len());
        let mut seen = HashSet::with_capacity(values.len());
        for value in values {
            if !seen.insert(value.clone()) {
                continue;
            }
            let text = match &value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let wanted = match &value {
                Value::String(s) => camel_ident(s, &symbol_name(s)),
                Value::Number(n) => camel_ident(
                    &format!("V{}", n.to_string().replace('-', "Minus").replace('.', "_")),
                    "Value",
                ),
                Value::Bool(b) => camel_ident(&b.to_string(), "Value"),
                _ => camel_ident(&text, "Value"),
            };
            variants.push(EnumVariant {
                name: variant_names.claim(&wanted),
                value,
            });
        }
        let default = schema
            .schema_data
            .default
            .as_ref()
            .and_then(|d| variants.iter().find(|v| &v.value == d))
            .map(|v| v.name.clone());
        let def = TypeDef {
            name: name.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Enum(EnumDef {
                variants,
                repr,
                default,
            }),
        };
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }
}

/// Words for enum values made only of symbols, so `>` and `*` get readable variants.
fn symbol_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let words: Vec<&str> = value
        .chars()
        .map(|c| match c {
            '>' => "Greater",
            '<' => "Less",
            '=' => "Equal",
            '*' => "Star",
            '+' => "Plus",
            '-' => "Minus",
            '!' => "Not",
            '.' => "Dot",
            '/' => "Slash",
            '&' => "And",
            '|' => "Or",
            '%' => "Percent",
            '#' => "Hash",
            '@' => "At",
            '$' => "Dollar",
            '^' => "Caret",
            '~' => "Tilde",
            '?' => "Question",
            ':' => "Colon",
            ',' => "Comma",
            ' ' => "Space",
            '\n' => "Newline",
            '\r' => "Return",
            '\0' => "Nul",
            '"' => "Quote",
            '\'' => "Apostrophe",
            '`' => "Backtick",
            '\\' => "Backslash",
            '{' => "LeftBrace",
            '}' => "RightBrace",
            '[' => "LeftBracket",
            ']' => "RightBracket",
            '(' => "LeftParen",
            ')' => "RightParen",
            ';' => "Semicolon",
            '\t' => "Tab",
            _ => "Symbol",
        })
        .collect();
    words.concat()
}
