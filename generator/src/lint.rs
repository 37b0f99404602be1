//! The example lint: every `example` and `examples` value in a spec, checked against the
//! type its schema became, with the rules the generated serde code applies. Real specs carry
//! examples that contradict their own schemas (HubSpot's `ErrorDetail.context` printed as a
//! string for an object); this finds them before a client meets such data in production.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, push_pointer};
use crate::ir::decode::{TypeIndex, UnionDecoding, enum_shape};
use crate::ir::{Additional, Api, TypeDef, TypeKind, TypeRef, UnionDef};
use crate::load::Spec;

/// An example that does not fit its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer of the example value in the spec.
    pub pointer: String,
    /// Where inside the example, as serde_path_to_error writes it (`errors[0].context`);
    /// `.` for the whole value.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Finding {
    /// The finding as a warning diagnostic, placed in the spec's source.
    pub fn diagnostic(&self, spec: &Spec) -> Diagnostic {
        spec.warning(
            &self.pointer,
            format!(
                "example does not fit its schema at `{}`: {}",
                self.path, self.message
            ),
        )
    }
}

/// An example found in the spec: where it is and the type it should have.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// JSON pointer of the value.
    pub pointer: String,
    /// The value.
    pub value: Value,
    /// The type it should decode into.
    pub ty: TypeRef,
}

/// Every example of the spec whose schema has a type, in document order.
pub fn examples(spec: &Spec, api: &Api) -> Vec<Example> {
    let mut found = Vec::new();
    collect(&spec.document, "", spec, api, &mut found, 0);
    found
}

fn collect(
    value: &Value,
    pointer: &str,
    spec: &Spec,
    api: &Api,
    found: &mut Vec<Example>,
    depth: usize,
) {
    if depth > 128 {
        return;
    }
    match value {
        Value::Object(map) => {
            // The type an example here describes: this schema's, or (media types and
            // parameters) that of the `schema` next to it.
            let ty = api
                .schema_types
                .get(pointer)
                .or_else(|| api.schema_types.get(&push_pointer(pointer, "schema")));
            if let Some(ty) = ty {
                if let Some(example) = map.get("example") {
                    found.push(Example {
                        pointer: push_pointer(pointer, "example"),
                        value: example.clone(),
                        ty: ty.clone(),
                    });
                }
                if let Some(Value::Object(named)) = map.get("examples")
                    && !api.schema_types.contains_key(pointer)
                {
                    for (name, entry) in named {
                        let entry_pointer = push_pointer(&push_pointer(pointer, "examples"), name);
                        let (entry, at) = match entry.get("$ref").and_then(Value::as_str) {
                            Some(reference) => match spec.lookup(reference) {
                                Ok((target, at)) => (target, at),
                                Err(_) => continue,
                            },
                            None => (entry, entry_pointer),
                        };
                        if let Some(example) = entry.get("value") {
                            found.push(Example {
                                pointer: push_pointer(&at, "value"),
                                value: example.clone(),
                                ty: ty.clone(),
                            });
                        }
                    }
                }
            }
            for (key, child) in map {
                if matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    continue;
                }
                collect(
                    child,
                    &push_pointer(pointer, key),
                    spec,
                    api,
                    found,
                    depth + 1,
                );
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(
                    item,
                    &push_pointer(pointer, &index.to_string()),
                    spec,
                    api,
                    found,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Checks every example; one finding per example that does not fit (the first problem in it).
pub fn lint(spec: &Spec, api: &Api) -> Vec<Finding> {
    let checker = Checker {
        types: TypeIndex::new(&api.types),
    };
    examples(spec, api)
        .into_iter()
        .filter_map(|example| {
            checker
                .check(&example.value, &example.ty, String::new(), 0)
                .err()
                .map(|(path, message)| Finding {
                    pointer: example.pointer,
                    path: if path.is_empty() {
                        ".".to_owned()
                    } else {
                        path
                    },
                    message,
                })
        })
        .collect()
}

struct Checker<'a> {
    types: TypeIndex<'a>,
}

type Problem = (String, String);

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(path: &str, what: &str, value: &Value) -> Result<(), Problem> {
    Err((
        path.to_owned(),
        format!("expected {what}, found {}", kind(value)),
    ))
}

fn field_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl Checker<'_> {
    /// The rules are those of [`crate::ir::decode`], which the generated serde code follows:
    /// open enums take any value of their JSON shape, fields may be absent or `null` as their
    /// presence says, unknown fields are ignored unless `additionalProperties: false`, unions
    /// pick their variant as their decoding says.
    fn check(
        &self,
        value: &Value,
        ty: &TypeRef,
        path: String,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > 64 {
            return Ok(());
        }
        match ty {
            TypeRef::Any => Ok(()),
            TypeRef::Option(inner) => {
                if value.is_null() {
                    Ok(())
                } else {
                    self.check(value, inner, path, depth + 1)
                }
            }
            TypeRef::Boxed(inner) => self.check(value, inner, path, depth + 1),
            TypeRef::String | TypeRef::Base64 | TypeRef::Binary => {
                if value.is_string() {
                    Ok(())
                } else {
                    expected(&path, "a string", value)
                }
            }
            TypeRef::DateTime => match value.as_str() {
                Some(text) if is_date_time(text) => Ok(()),
                Some(text) => Err((path, format!("`{text}` is not an RFC 3339 date-time"))),
                None => expected(&path, "a date-time string", value),
            },
            TypeRef::Date => match value.as_str() {
                Some(text) if is_date(text) => Ok(()),
                Some(text) => Err((path, format!("`{text}` is not a date (YYYY-MM-DD)"))),
                None => expected(&path, "a date string", value),
            },
            TypeRef::Uuid => match value.as_str() {
                Some(text) if is_uuid(text) => Ok(()),
                Some(text) => Err((path, format!("`{text}` is not a UUID"))),
                None => expected(&path, "a UUID string", value),
            },
            TypeRef::Bool => {
                if value.is_boolean() {
                    Ok(())
                } else {
                    expected(&path, "a boolean", value)
                }
            }
            TypeRef::I32 => match value.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => Ok(()),
                Some(n) => Err((path, format!("{n} does not fit in a 32-bit integer"))),
                None => expected(&path, "an integer", value),
            },
            TypeRef::I64 => {
                if value.is_i64() {
                    Ok(())
                } else {
                    expected(&path, "an integer", value)
                }
            }
            TypeRef::F32 | TypeRef::F64 => {
                if value.is_number() {
                    Ok(())
                } else {
                    expected(&path, "a number", value)
                }
            }
            TypeRef::JsonObject => {
                if value.is_object() {
                    Ok(())
                } else {
                    expected(&path, "an object", value)
                }
            }
            TypeRef::Vec(item) => {
                let Some(items) = value.as_array() else {
                    return expected(&path, "an array", value);
                };
                for (index, element) in items.iter().enumerate() {
                    self.check(element, item, format!("{path}[{index}]"), depth + 1)?;
                }
                Ok(())
            }
            // serde reads a tuple from an array of exactly its length.
            TypeRef::Tuple(elements) => {
                let Some(items) = value.as_array() else {
                    return expected(
                        &path,
                        &format!("an array of {} elements", elements.len()),
                        value,
                    );
                };
                if items.len() != elements.len() {
                    return Err((
                        path,
                        format!(
                            "expected an array of exactly {} elements, found {}",
                            elements.len(),
                            items.len()
                        ),
                    ));
                }
                for (index, (element, ty)) in items.iter().zip(elements).enumerate() {
                    self.check(element, ty, format!("{path}[{index}]"), depth + 1)?;
                }
                Ok(())
            }
            TypeRef::Map(item) => {
                let Some(map) = value.as_object() else {
                    return expected(&path, "an object", value);
                };
                for (key, element) in map {
                    self.check(element, item, field_path(&path, key), depth + 1)?;
                }
                Ok(())
            }
            TypeRef::Named(name) => match self.types.get(name) {
                Some(def) => self.check_named(value, def, path, depth),
                None => Ok(()),
            },
        }
    }

    fn check_named(
        &self,
        value: &Value,
        def: &TypeDef,
        path: String,
        depth: usize,
    ) -> Result<(), Problem> {
        match &def.kind {
            TypeKind::Alias(ty) => self.check(value, ty, path, depth + 1),
            // The user's own type: its decoding is not specgen's to check.
            TypeKind::External(_) => Ok(()),
            TypeKind::Enum(e) => {
                if enum_shape(e.repr).accepts(value) {
                    Ok(())
                } else {
                    Err((
                        path,
                        format!(
                            "expected a value of enum `{}`, found {}",
                            def.name,
                            kind(value)
                        ),
                    ))
                }
            }
            TypeKind::Struct(s) => {
                let Some(map) = value.as_object() else {
                    return expected(&path, "an object", value);
                };
                for field in &s.fields {
                    let presence = field.presence();
                    match map.get(&field.wire_name) {
                        None if !presence.may_be_absent() => {
                            return Err((path, format!("missing field `{}`", field.wire_name)));
                        }
                        None => {}
                        Some(Value::Null) if presence.may_be_null() => {}
                        Some(element) => self.check(
                            element,
                            &field.ty,
                            field_path(&path, &field.wire_name),
                            depth + 1,
                        )?,
                    }
                }
                let known = |key: &String| s.fields.iter().any(|f| &f.wire_name == key);
                // A closed schema's unknown fields are dropped, as the generated code drops
                // them: a server that adds a field never fails a decode.
                if let Additional::Kept(ty) = &s.additional {
                    for (key, element) in map.iter().filter(|(k, _)| !known(k)) {
                        self.check(element, ty, field_path(&path, key), depth + 1)?;
                    }
                }
                Ok(())
            }
            TypeKind::Union(u) => self.check_union(value, def, u, path, depth),
        }
    }

    fn check_union(
        &self,
        value: &Value,
        def: &TypeDef,
        u: &UnionDef,
        path: String,
        depth: usize,
    ) -> Result<(), Problem> {
        let (UnionDecoding::Tagged(tag) | UnionDecoding::InferredTag(tag)) = u.decoding() else {
            return self.check_untagged(value, def, u, path, depth);
        };
        let found = value.get(tag).and_then(Value::as_str);
        let picked = found.and_then(|found| {
            u.variants
                .iter()
                .find(|v| v.tag_values.iter().any(|t| t == found))
        });
        match (picked, found, u.decoding()) {
            (Some(variant), _, _) => self.check(value, &variant.ty, path, depth + 1),
            (None, _, UnionDecoding::InferredTag(_)) => {
                self.check_untagged(value, def, u, path, depth)
            }
            (None, Some(found), _) => Err((path, format!("unknown `{tag}` value `{found}`"))),
            (None, None, _) => Err((path, format!("missing the discriminator `{tag}`"))),
        }
    }

    /// Each variant in order, on JSON of its own shape.
    fn check_untagged(
        &self,
        value: &Value,
        def: &TypeDef,
        u: &UnionDef,
        path: String,
        depth: usize,
    ) -> Result<(), Problem> {
        let fits = u.variants.iter().any(|v| {
            self.types
                .shape(&v.ty)
                .is_none_or(|shape| shape.accepts(value))
                && self.check(value, &v.ty, path.clone(), depth + 1).is_ok()
        });
        if fits {
            Ok(())
        } else {
            Err((path, format!("fits none of the variants of `{}`", def.name)))
        }
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4
        || month.len() != 2
        || day.len() != 2
        || !digits(year)
        || !digits(month)
        || !digits(day)
    {
        return false;
    }
    let (month, day): (u32, u32) = (month.parse().unwrap_or(0), day.parse().unwrap_or(0));
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// RFC 3339 as chrono reads it: date `T` time, optional fraction, `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return false,
    };
    let zone_ok = zone.eq_ignore_ascii_case("z") || {
        let offset = &zone[1..];
        offset.len() == 5
            && offset.as_bytes()[2] == b':'
            && digits(&offset[..2])
            && digits(&offset[3..])
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let hms: Vec<&str> = hms.split(':').collect();
    zone_ok
        && hms.len() == 3
        && hms.iter().all(|p| p.len() == 2 && digits(p))
        && fraction.is_none_or(digits)
}

fn is_uuid(text: &str) -> bool {
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    let groups: Vec<&str> = text.split('-').collect();
    match groups.as_slice() {
        [single] => single.len() == 32 && hex(single),
        [a, b, c, d, e] => {
            [a.len(), b.len(), c.len(), d.len(), e.len()] == [8, 4, 4, 4, 12]
                && groups.iter().all(|g| hex(g))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_date_time("2019-10-30T03:30:17.883Z"));
        assert!(is_date_time("2023-11-07T05:31:56+01:00"));
        assert!(!is_date_time("2023-11-07"));
        assert!(!is_date_time("yesterday"));
        assert!(is_date("2024-02-29") && !is_date("2024-13-01"));
        assert!(is_uuid("aeb5f871-7f07-4993-9211-075dc63e7cbf") && !is_uuid("aeb5f871"));
    }
}
