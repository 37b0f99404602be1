//! Recursive types: a struct that contains itself by value (directly or through other
//! structs, unions or `Option`s) has infinite size, so such fields get a `Box`. Containment
//! through `Vec` or a map is already indirect. Type aliases that lead back to themselves
//! cannot be written in Rust at all; they become `serde_json::Value` with a warning.

use std::collections::{HashMap, HashSet};

use super::model::{Additional, TypeDef, TypeKind, TypeRef};
use crate::diagnostics::Diagnostic;
use crate::load::Spec;

/// Boxes fields and variants that close a by-value cycle, and replaces alias cycles.
pub fn break_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>, spec: &Spec) {
    break_alias_cycles(types, diagnostics, spec);
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    for i in 0..types.len() {
        let own = types[i].name.clone();
        let mut boxes: Vec<(usize, TypeRef)> = Vec::new();
        let by_value_refs: Vec<TypeRef> = match &types[i].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
            _ => Vec::new(),
        };
        for (position, ty) in by_value_refs.iter().enumerate() {
            if let Some(target) = by_value_target(ty)
                && reaches(types, &index, target, &own)
            {
                boxes.push((position, boxed(ty)));
            }
        }
        match &mut types[i].kind {
            TypeKind::Struct(s) => {
                for (position, ty) in boxes {
                    s.fields[position].ty = ty;
                }
            }
            TypeKind::Union(u) => {
                for (position, ty) in boxes {
                    u.variants[position].ty = ty;
                }
            }
            _ => {}
        }
    }
}

/// The named type held by value, if any (through `Option`, not through `Vec`/maps).
fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner) => by_value_target(inner),
        _ => None,
    }
}

fn boxed(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(inner))),
        other => TypeRef::Boxed(Box::new(other.clone())),
    }
}

/// Whether `from` holds `goal` by value, directly or transitively.
fn reaches(types: &[TypeDef], index: &HashMap<String, usize>, from: &str, goal: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == goal {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(&i) = index.get(&name) else { continue };
        let mut push = |ty: &TypeRef| {
            if let Some(next) = by_value_target(ty) {
                stack.push(next.to_owned());
            }
        };
        match &types[i].kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| push(&f.ty));
                if let Additional::Kept(ty) = &s.additional {
                    push(ty);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| push(&v.ty)),
            TypeKind::Alias(ty) => push(ty),
            TypeKind::Enum(_) => {}
        }
    }
    false
}

fn alias_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Boxed(inner) => alias_target(inner),
        _ => None,
    }
}

fn break_alias_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>, spec: &Spec) {
    let aliases: HashMap<String, Option<String>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => Some((t.name.clone(), alias_target(ty).map(str::to_owned))),
            _ => None,
        })
        .collect();
    for t in types.iter_mut() {
        if !matches!(t.kind, TypeKind::Alias(_)) {
            continue;
        }
        let mut seen = HashSet::new();
        let mut current = Some(t.name.clone());
        while let Some(name) = current {
            if !seen.insert(name.clone()) {
                break;
            }
            current = aliases.get(&name).cloned().flatten();
            if current.as_deref() == Some(t.name.as_str()) {
                diagnostics.push(spec.warning(
                    &format!("/components/schemas/{}", t.name),
                    format!("schema `{}` is defined only in terms of itself; it is kept as any JSON value", t.name),
                ));
                t.kind = TypeKind::Alias(TypeRef::Any);
                break;
            }
        }
    }
}
