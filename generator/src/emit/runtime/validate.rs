//! Checks of request bodies against the spec's limits, run before anything is sent: an
//! `impl Validate` for every struct that has limits (or holds one that does), and the
//! shared checks in the runtime's `validate` part.

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::{Api, Constraints, Field, TypeKind, TypeRef};

/// Structs that need checking: those with limits on a field, and those holding them.
pub fn validated_types(api: &Api) -> HashSet<String> {
    let mut set: HashSet<String> = HashSet::new();
    loop {
        let before = set.len();
        for t in &api.types {
            if let TypeKind::Struct(s) = &t.kind
                && !set.contains(&t.name)
                && s.fields
                    .iter()
                    .any(|f| !f.constraints.is_empty() || holds_validated(&f.ty, &set))
            {
                set.insert(t.name.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// The validated named type a field holds (through `Vec`, maps, tuples, `Option` and `Box`).
fn holds_validated(ty: &TypeRef, set: &HashSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => set.contains(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner) => holds_validated(inner, set),
        TypeRef::Tuple(elements) => elements.iter().any(|e| holds_validated(e, set)),
        _ => false,
    }
}

/// Whether some operation sends a body whose limits are checked before sending.
pub fn validates_bodies(api: &Api, set: &HashSet<String>) -> bool {
    let validated = |ty: &TypeRef| matches!(ty, TypeRef::Named(name) if set.contains(name));
    api.operations
        .iter()
        .any(|op| crate::emit::operation::sends_validated_body(op, &validated))
}

/// Whether the checks of the validated types match a `pattern` (and so need the runtime's
/// `pattern` part): as in [`value_checks`], a pattern is checked on a string field, itself
/// or through `Option`/`Box`.
pub fn checks_patterns(api: &Api, set: &HashSet<String>) -> bool {
    fn is_string(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Base64 => true,
            TypeRef::Option(inner) | TypeRef::Boxed(inner) => is_string(inner),
            _ => false,
        }
    }
    api.types.iter().filter(|t| set.contains(&t.name)).any(|t| {
        matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.constraints.pattern.is_some() && is_string(&f.ty)))
    })
}

/// `impl Validate` blocks for the `types` module, each compiled with its type (tag features).
pub fn validate_impls(
    api: &Api,
    set: &HashSet<String>,
    features: &crate::emit::features::TagFeatures,
) -> TokenStream {
    // Spec types named `Vec` or `String` live in the same module as these impls.
    let writer = TypeWriter::in_types(api.types.iter().map(|t| t.name.as_str()));
    let problems_type = writer.vec(writer.string());
    let impls = api
        .types
        .iter()
        .filter(|t| set.contains(&t.name))
        .filter_map(|t| {
            let TypeKind::Struct(s) = &t.kind else {
                return None;
            };
            let name = ident(&t.name);
            let checks: Vec<TokenStream> = s
                .fields
                .iter()
                .filter_map(|f| field_checks(f, set))
                .collect();
            // A limit on a kind of value that has no check (e.g. `maxLength` on a date-time)
            // leaves nothing to do.
            let (path, problems) = if checks.is_empty() {
                (quote!(_path), quote!(_problems))
            } else {
                (quote!(path), quote!(problems))
            };
            let cfg = features.type_cfg(&t.name);
            Some(quote! {
                #cfg
                impl super::runtime::validate::Validate for #name {
                    fn validate(&self, #path: &str, #problems: &mut #problems_type) {
                        #(#checks)*
                    }
                }
            })
        });
    quote!(#(#impls)*)
}

fn field_checks(f: &Field, set: &HashSet<String>) -> Option<TokenStream> {
    let checks = value_checks(&f.ty, &f.constraints, set);
    if checks.is_empty() {
        return None;
    }
    let field = ident(&f.name);
    let wire = &f.wire_name;
    let body = quote! {
        let path = &super::runtime::validate::join(path, #wire);
        #checks
    };
    Some(if f.required && !f.nullable {
        quote!({ let value = &self.#field; #body })
    } else if !f.required && f.nullable {
        quote!(if let Some(Some(value)) = &self.#field { #body })
    } else {
        quote!(if let Some(value) = &self.#field { #body })
    })
}

/// Checks on `value` (a reference to a value of `ty`) at `path`.
fn value_checks(ty: &TypeRef, c: &Constraints, set: &HashSet<String>) -> TokenStream {
    let mut checks = Vec::new();
    let bound = |n: Option<usize>| match n {
        Some(n) => {
            let lit = Literal::usize_unsuffixed(n);
            quote!(Some(#lit))
        }
        None => quote!(None),
    };
    match ty {
        TypeRef::Vec(item) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (bound(c.min_items), bound(c.max_items));
                checks.push(quote!(super::runtime::validate::check_count(path, value.len(), #min, #max, "items", problems);));
            }
            let inner = value_checks(item, &Constraints::default(), set);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (index, value) in value.iter().enumerate() {
                        let path = &format!("{path}[{index}]");
                        #inner
                    }
                });
            }
        }
        // The tuple's type fixes its length; its elements are checked like array items.
        TypeRef::Tuple(elements) => {
            for (index, element) in elements.iter().enumerate() {
                let inner = value_checks(element, &Constraints::default(), set);
                if !inner.is_empty() {
                    let field = syn::Index::from(index);
                    // A literal format string, `"{path}[0]"`, as for array items.
                    let at = format!("{{path}}[{index}]");
                    checks.push(quote! {
                        {
                            let value = &value.#field;
                            let path = &format!(#at);
                            #inner
                        }
                    });
                }
            }
        }
        TypeRef::Map(item) => {
            let inner = value_checks(item, &Constraints::default(), set);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (key, value) in value {
                        let path = &super::runtime::validate::join(path, key);
                        #inner
                    }
                });
            }
        }
        TypeRef::Option(inner) => {
            let inner = value_checks(inner, c, set);
            if !inner.is_empty() {
                checks.push(quote!(if let Some(value) = value { #inner }));
            }
        }
        TypeRef::Boxed(inner) => {
            let inner = value_checks(inner, c, set);
            if !inner.is_empty() {
                checks.push(quote!({ let value: &_ = value.as_ref(); #inner }));
            }
        }
        TypeRef::Named(name) if set.contains(name) => {
            checks
                .push(quote!(super::runtime::validate::Validate::validate(value, path, problems);));
        }
        TypeRef::String | TypeRef::Base64 => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (bound(c.min_length), bound(c.max_length));
                checks.push(quote!(super::runtime::validate::check_count(path, value.chars().count(), #min, #max, "characters", problems);));
            }
            if let Some(pattern) = &c.pattern {
                checks.push(quote! {
                    static PATTERN: ::std::sync::OnceLock<::std::option::Option<super::runtime::pattern::Regex>> = ::std::sync::OnceLock::new();
                    super::runtime::pattern::check_pattern(path, value, #pattern, PATTERN.get_or_init(|| super::runtime::pattern::Regex::new(#pattern).ok()).as_ref(), problems);
                });
            }
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
            if c.minimum.is_some() || c.maximum.is_some() =>
        {
            let as_f64 = match ty {
                TypeRef::I32 | TypeRef::F32 => quote!(f64::from(*value)),
                TypeRef::F64 => quote!(*value),
                _ => quote!(*value as f64),
            };
            let limit = |v: Option<f64>| match v {
                Some(v) => {
                    let lit = Literal::f64_unsuffixed(v);
                    quote!(Some(#lit))
                }
                None => quote!(None),
            };
            let (min, max) = (limit(c.minimum), limit(c.maximum));
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            checks.push(quote!(super::runtime::validate::check_range(path, #as_f64, #min, #max, #emin, #emax, problems);));
        }
        _ => {}
    }
    quote!(#(#checks)*)
}
