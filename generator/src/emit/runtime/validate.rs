//! Checks of request bodies against the spec's limits, run before anything is sent: an
//! `impl Validate` for every struct that has limits (or holds one that does), and the
//! shared checks in `support`.

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

/// Which shared checks the generated impls call.
#[derive(Debug, Default, Clone, Copy)]
pub struct ChecksUsed {
    /// Item and character counts.
    pub count: bool,
    /// Numeric bounds.
    pub range: bool,
    /// Regex patterns.
    pub pattern: bool,
}

/// `impl Validate` blocks for the `types` module, and the shared checks they call.
pub fn validate_impls(api: &Api, set: &HashSet<String>) -> (TokenStream, ChecksUsed) {
    let mut used = ChecksUsed::default();
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
                .filter_map(|f| field_checks(f, set, &mut used))
                .collect();
            // A limit on a kind of value that has no check (e.g. `maxLength` on a date-time)
            // leaves nothing to do.
            let (path, problems) = if checks.is_empty() {
                (quote!(_path), quote!(_problems))
            } else {
                (quote!(path), quote!(problems))
            };
            Some(quote! {
                impl super::support::Validate for #name {
                    fn validate(&self, #path: &str, #problems: &mut #problems_type) {
                        #(#checks)*
                    }
                }
            })
        });
    let tokens = quote!(#(#impls)*);
    (tokens, used)
}

fn field_checks(f: &Field, set: &HashSet<String>, used: &mut ChecksUsed) -> Option<TokenStream> {
    let checks = value_checks(&f.ty, &f.constraints, set, used);
    if checks.is_empty() {
        return None;
    }
    let field = ident(&f.name);
    let wire = &f.wire_name;
    let body = quote! {
        let path = &super::support::join(path, #wire);
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
fn value_checks(
    ty: &TypeRef,
    c: &Constraints,
    set: &HashSet<String>,
    used: &mut ChecksUsed,
) -> TokenStream {
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
                used.count = true;
                checks.push(quote!(super::support::check_count(path, value.len(), #min, #max, "items", problems);));
            }
            let inner = value_checks(item, &Constraints::default(), set, used);
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
                let inner = value_checks(element, &Constraints::default(), set, used);
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
            let inner = value_checks(item, &Constraints::default(), set, used);
            if !inner.is_empty() {
                checks.push(quote! {
                    for (key, value) in value {
                        let path = &super::support::join(path, key);
                        #inner
                    }
                });
            }
        }
        TypeRef::Option(inner) => {
            let inner = value_checks(inner, c, set, used);
            if !inner.is_empty() {
                checks.push(quote!(if let Some(value) = value { #inner }));
            }
        }
        TypeRef::Boxed(inner) => {
            let inner = value_checks(inner, c, set, used);
            if !inner.is_empty() {
                checks.push(quote!({ let value: &_ = value.as_ref(); #inner }));
            }
        }
        TypeRef::Named(name) if set.contains(name) => {
            checks.push(quote!(super::support::Validate::validate(value, path, problems);));
        }
        TypeRef::String | TypeRef::Base64 => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (bound(c.min_length), bound(c.max_length));
                used.count = true;
                checks.push(quote!(super::support::check_count(path, value.chars().count(), #min, #max, "characters", problems);));
            }
            if let Some(pattern) = &c.pattern {
                used.pattern = true;
                checks.push(quote! {
                    static PATTERN: ::std::sync::OnceLock<::std::option::Option<regex::Regex>> = ::std::sync::OnceLock::new();
                    super::support::check_pattern(path, value, #pattern, PATTERN.get_or_init(|| regex::Regex::new(#pattern).ok()).as_ref(), problems);
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
            used.range = true;
            checks.push(quote!(super::support::check_range(path, #as_f64, #min, #max, #emin, #emax, problems);));
        }
        _ => {}
    }
    quote!(#(#checks)*)
}

/// The shared checks, for the `support` module.
pub fn support_items(used: ChecksUsed) -> TokenStream {
    let pattern = used.pattern.then(|| {
        quote! {
            pub(crate) fn check_pattern(path: &str, value: &str, pattern: &str, regex: Option<&regex::Regex>, problems: &mut Vec<String>) {
                if let Some(regex) = regex
                    && !regex.is_match(value)
                {
                    problems.push(format!("{path}: does not match the pattern `{pattern}`"));
                }
            }
        }
    });
    let count = used.count.then(|| {
        quote! {
        pub(crate) fn check_count(path: &str, count: usize, min: Option<usize>, max: Option<usize>, what: &str, problems: &mut Vec<String>) {
            if let Some(min) = min && count < min {
                problems.push(format!("{path}: {count} {what}, at least {min}"));
            }
            if let Some(max) = max && count > max {
                problems.push(format!("{path}: {count} {what}, at most {max}"));
            }
        }

        }
    });
    let range = used.range.then(|| {
        quote! {
        pub(crate) fn check_range(path: &str, value: f64, min: Option<f64>, max: Option<f64>, exclusive_min: bool, exclusive_max: bool, problems: &mut Vec<String>) {
            if let Some(min) = min && (value < min || (exclusive_min && value == min)) {
                let relation = if exclusive_min { "above" } else { "at least" };
                problems.push(format!("{path}: {value} must be {relation} {min}"));
            }
            if let Some(max) = max && (value > max || (exclusive_max && value == max)) {
                let relation = if exclusive_max { "below" } else { "at most" };
                problems.push(format!("{path}: {value} must be {relation} {max}"));
            }
        }

        }
    });
    quote! {
        /// Checks a value against the spec's limits, collecting every problem with its path.
        pub(crate) trait Validate {
            fn validate(&self, path: &str, problems: &mut Vec<String>);
        }

        /// Runs the checks on a request body; `Error::Validation` lists every problem.
        pub(crate) fn validate<T: Validate + ?Sized>(value: &T) -> Result<(), Error> {
            let mut problems = Vec::new();
            value.validate("", &mut problems);
            if problems.is_empty() { Ok(()) } else { Err(Error::Validation(problems)) }
        }

        /// `parent.child`, or `child` at the top.
        pub(crate) fn join(path: &str, child: &str) -> String {
            if path.is_empty() { child.to_owned() } else { format!("{path}.{child}") }
        }

        #count
        #range
        #pattern
    }
}
