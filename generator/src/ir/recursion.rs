//! Recursive types: a struct that contains itself by value (directly or through other
//! structs, unions, tuples or `Option`s) has infinite size, so such fields get a `Box` (inside
//! a tuple, on the element that closes the cycle). Containment through `Vec` or a map is
//! already indirect. Type aliases that lead back to themselves cannot be written in Rust at
//! all; they become `serde_json::Value` with a warning.
//!
//! A field needs a `Box` exactly when its type is in the same strongly connected component
//! of the by-value containment graph as the type holding it; the components are found with
//! an iterative Tarjan walk, so the cost is linear and deep chains cannot overflow the stack.

use std::collections::HashMap;

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
    let edges: Vec<Vec<usize>> = types.iter().map(|t| by_value_edges(t, &index)).collect();
    let component = strongly_connected(&edges);
    for i in 0..types.len() {
        let own = component[i];
        let self_loop = edges[i].contains(&i);
        let closes_cycle = |name: &str| {
            index
                .get(name)
                .is_some_and(|&j| component[j] == own && (j != i || self_loop))
        };
        match &mut types[i].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.ty = box_cycles(&field.ty, &closes_cycle);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.ty = box_cycles(&variant.ty, &closes_cycle);
                }
            }
            _ => {}
        }
    }
}

/// The types a type holds by value.
fn by_value_edges(t: &TypeDef, index: &HashMap<String, usize>) -> Vec<usize> {
    let mut targets: Vec<&TypeRef> = Vec::new();
    match &t.kind {
        TypeKind::Struct(s) => {
            targets.extend(s.fields.iter().map(|f| &f.ty));
            if let Additional::Kept(ty) = &s.additional {
                targets.push(ty);
            }
        }
        TypeKind::Union(u) => targets.extend(u.variants.iter().map(|v| &v.ty)),
        TypeKind::Alias(ty) => targets.push(ty),
        TypeKind::Enum(_) | TypeKind::External(_) => {}
    }
    let mut names = Vec::new();
    for ty in targets {
        by_value_targets(ty, &mut names);
    }
    names
        .into_iter()
        .filter_map(|name| index.get(name).copied())
        .collect()
}

/// The named types held by value (through `Option` and tuples, not through `Vec`/maps or
/// an existing `Box`).
fn by_value_targets<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Option(inner) => by_value_targets(inner, out),
        TypeRef::Tuple(elements) => {
            for element in elements {
                by_value_targets(element, out);
            }
        }
        _ => {}
    }
}

/// `ty` with a `Box` around each named type held by value that closes a cycle: inside the
/// `Option` (`Option<Box<T>>`), and on the tuple element rather than the whole tuple.
fn box_cycles(ty: &TypeRef, closes_cycle: &dyn Fn(&str) -> bool) -> TypeRef {
    match ty {
        TypeRef::Named(name) if closes_cycle(name) => TypeRef::Boxed(Box::new(ty.clone())),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(box_cycles(inner, closes_cycle))),
        TypeRef::Tuple(elements) => TypeRef::Tuple(
            elements
                .iter()
                .map(|element| box_cycles(element, closes_cycle))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, iteratively).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut components = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Frames of (node, next edge to look at).
        let mut frames = vec![(root, 0usize)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if order[target] == UNSEEN {
                    order[target] = counter;
                    low[target] = counter;
                    counter += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// The named types an alias's definition mentions in any position (a type alias cannot
/// refer to itself even through `Vec`, unlike a struct).
fn alias_targets<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Boxed(inner) => alias_targets(inner, out),
        TypeRef::Tuple(elements) => {
            for element in elements {
                alias_targets(element, out);
            }
        }
        _ => {}
    }
}

/// Aliases whose chain of alias targets comes back to themselves.
fn break_alias_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>, spec: &Spec) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Only aliases have edges, so every cycle of this graph is made of aliases; a tuple alias
    // can point at several types, so cycles are found as strongly connected components.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                let mut names = Vec::new();
                alias_targets(ty, &mut names);
                names
                    .into_iter()
                    .filter_map(|name| index.get(name).copied())
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    // Component numbers are below the number of nodes.
    let mut sizes = vec![0usize; types.len()];
    for &c in &component {
        if let Some(size) = sizes.get_mut(c) {
            *size += 1;
        }
    }
    let in_cycle: Vec<bool> = (0..types.len())
        .map(|i| sizes.get(component[i]).is_some_and(|&n| n > 1) || edges[i].contains(&i))
        .collect();
    for (t, cyclic) in types.iter_mut().zip(in_cycle) {
        if cyclic && matches!(t.kind, TypeKind::Alias(_)) {
            diagnostics.push(spec.warning(
                &format!("/components/schemas/{}", t.name),
                format!(
                    "schema `{}` is defined only in terms of itself; it is kept as any JSON value",
                    t.name
                ),
            ));
            t.kind = TypeKind::Alias(TypeRef::Any);
        }
    }
}
