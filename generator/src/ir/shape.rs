//! The vocabulary of an operation's success responses: whether they share one body or
//! need a response enum, and the names of that enum and its variants. The client, the
//! response enums and the batch helpers all name the same things, so the names are decided
//! here, once.

use std::collections::HashMap;

use super::model::{Api, Field, Operation, ResponseBody, StatusMatch, TypeKind, TypeRef};
use super::names::camel_ident;

/// Whether an operation returns one body type or a response enum.
pub enum SuccessShape<'a> {
    /// Every success has this body.
    One(&'a ResponseBody),
    /// Successes differ: a response enum.
    Enum,
}

/// A list that some variants of a response enum carry, with one item type.
pub struct SharedList {
    /// The field's Rust name.
    pub name: String,
    /// The list's item type.
    pub item: TypeRef,
    /// The first doc text one of the fields has.
    pub docs: Option<String>,
}

impl Operation {
    /// The success shape of the operation.
    pub fn success_shape(&self) -> SuccessShape<'_> {
        match self.success.as_slice() {
            [] => SuccessShape::One(&ResponseBody::Empty),
            [first, rest @ ..] if rest.iter().all(|r| r.body == first.body) => {
                SuccessShape::One(&first.body)
            }
            _ => SuccessShape::Enum,
        }
    }

    /// The name of the operation's response enum.
    pub fn response_enum_name(&self) -> String {
        format!(
            "{}Response",
            camel_ident(&self.name, "Operation").trim_start_matches("r#")
        )
    }
}

impl StatusMatch {
    /// The response enum's variant name for a success status.
    pub fn variant_name(self) -> String {
        match self {
            Self::Code(200) => "Ok".into(),
            Self::Code(201) => "Created".into(),
            Self::Code(202) => "Accepted".into(),
            Self::Code(203) => "NonAuthoritative".into(),
            Self::Code(204) => "NoContent".into(),
            Self::Code(205) => "ResetContent".into(),
            Self::Code(206) => "PartialContent".into(),
            Self::Code(207) => "MultiStatus".into(),
            Self::Code(208) => "AlreadyReported".into(),
            Self::Code(226) => "ImUsed".into(),
            Self::Code(code) => format!("Status{code}"),
            Self::Range(r) => format!("Status{r}xx"),
            Self::Default => "Other".into(),
        }
    }

    /// `HTTP 207`, `HTTP 2xx`, … for docs.
    pub fn label(self) -> String {
        match self {
            Self::Code(c) => format!("HTTP {c}"),
            Self::Range(r) => format!("HTTP {r}xx"),
            Self::Default => "Any other success status".into(),
        }
    }
}

/// The fields of every struct type, by name.
pub fn struct_fields(api: &Api) -> HashMap<&str, &[Field]> {
    api.types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some((t.name.as_str(), s.fields.as_slice())),
            _ => None,
        })
        .collect()
}

/// The variant name and struct fields behind each success response, when every one is a
/// JSON struct.
pub fn variant_structs<'a>(
    op: &Operation,
    structs: &HashMap<&str, &'a [Field]>,
) -> Option<Vec<(String, &'a [Field])>> {
    op.success
        .iter()
        .map(|r| match &r.body {
            ResponseBody::Json(TypeRef::Named(name)) => structs
                .get(name.as_str())
                .map(|fields| (r.status.variant_name(), *fields)),
            _ => None,
        })
        .collect()
}

/// The lists of an operation's response enum that get a `&[T]` accessor: present in some
/// variants, with one item type.
pub fn shared_lists(api: &Api, op: &Operation) -> Vec<SharedList> {
    let structs = struct_fields(api);
    let Some(variants) = variant_structs(op, &structs) else {
        return Vec::new();
    };
    let mut names: Vec<&str> = Vec::new();
    for (_, fields) in &variants {
        for f in *fields {
            if !names.contains(&f.name.as_str()) {
                names.push(&f.name);
            }
        }
    }
    names
        .into_iter()
        .filter_map(|field_name| {
            let present: Vec<&Field> = variants
                .iter()
                .filter_map(|(_, fields)| fields.iter().find(|f| f.name == field_name))
                .collect();
            let items: Vec<&TypeRef> = present
                .iter()
                .filter_map(|f| match &f.ty {
                    TypeRef::Vec(item) => Some(&**item),
                    _ => None,
                })
                .collect();
            (items.len() == present.len()
                && !items.is_empty()
                && items.iter().all(|t| *t == items[0]))
            .then(|| SharedList {
                name: field_name.to_owned(),
                item: items[0].clone(),
                docs: present.iter().find_map(|f| f.docs.clone()),
            })
        })
        .collect()
}
