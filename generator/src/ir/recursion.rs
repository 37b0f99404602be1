//! Recursive types: a struct that contains itself by value (directly or through other
//! structs, unions or `Option`s) has infinite size, so such fields get a `Box`. Containment
//! through `Vec` or a map is already indirect. Type aliases that lead back to themselves
//! cannot be written in Rust at all; they become `serde_json::Value` with a warning.
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
        let must_box = |ty: &TypeRef| {
            by_value_target(ty)
                .and_then(|name| index.get(name))
                .is_some_and(|&j| component[j] == own && (j != i || self_loop))
        };
        match &mut types[i].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if must_box(&field.ty) {
                        field.ty = boxed(&field.ty);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if must_box(&variant.ty) {
                        variant.ty = boxed(&variant.ty);
                    }
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
        TypeKind::Enum(_) => {}
    }
    targets
        .into_iter()
        .filter_map(by_value_target)
        .filter_map(|name| index.get(name).copied())
        .collect()
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

/// Aliases whose chain of alias targets comes back to themselves.
fn break_alias_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>, spec: &Spec) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Each alias points at most at one type, so following the chain with a step limit finds
    // every cycle in linear time per alias; chains are short in practice.
    let next: Vec<Option<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => alias_target(ty).and_then(|name| index.get(name).copied()),
            _ => None,
        })
        .collect();
    let mut in_cycle = vec![false; types.len()];
    let mut state = vec![0u8; types.len()]; // 0 unseen, 1 on the current path, 2 done
    for start in 0..types.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(node) = current {
            match state[node] {
                0 => {
                    state[node] = 1;
                    path.push(node);
                    current = next[node];
                }
                1 => {
                    // The path from `node` onwards is a cycle.
                    if let Some(position) = path.iter().position(|&p| p == node) {
                        for &member in &path[position..] {
                            in_cycle[member] = true;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        for node in path {
            state[node] = 2;
        }
    }
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
