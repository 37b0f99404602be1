//! IR → Rust source. Emitters are pure functions of the IR: the same IR gives the same bytes.

mod chunked;
mod client;
mod context;
mod docs;
mod examples;
mod features;
mod format;
mod krate;
mod multi;
mod operation;
mod request;
mod responses;
mod runtime;
mod rust_type;
mod shape;
mod types;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;

use crate::diagnostics::Error;
use crate::ir::names::NameSet;
use crate::ir::{Api, ResponseBody, TypeKind, TypeRef};

pub use examples::example_tests;
pub use krate::{CrateOptions, runtime_is_path};
pub use multi::{SpecModule, emit_multi_crate, emit_multi_single_file};
pub use types::Derives;

/// The generated code, one formatted text per module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    /// Crate-level doc text.
    pub crate_docs: String,
    /// `(module name, formatted source)` in the order they are declared; the runtime is
    /// not among them.
    pub modules: Vec<(String, String)>,
    /// The parts of the runtime the modules use.
    pub parts: runtime::Parts,
    /// The cargo features per tag (none unless `CrateOptions::tag_features`).
    pub features: features::TagFeatures,
}

/// How one spec's modules sit in a crate built from several specs: the types the crate's
/// `shared` module defines for it, and the crate-wide `ErrorBody` variants.
pub(crate) struct InCrate<'a> {
    /// Types of this spec that the `shared` module defines; its `types` module re-exports
    /// them.
    pub shared: &'a BTreeSet<String>,
    /// The crate's `ErrorBody` variant for each of this spec's error body types.
    pub error_variants: &'a BTreeMap<TypeRef, String>,
}

/// The error body types of the API's operations, in order of first use.
fn error_body_types(api: &Api) -> Vec<&TypeRef> {
    let mut order: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        let defaults = op
            .success
            .iter()
            .filter(|r| op.default_is_success && r.status == crate::ir::StatusMatch::Default);
        for r in op.errors.iter().chain(defaults) {
            if let ResponseBody::Json(ty) = &r.body
                && !order.contains(&ty)
            {
                order.push(ty);
            }
        }
    }
    order
}

/// The `ErrorBody` variant name a body type asks for.
fn error_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.trim_start_matches("r#").to_owned(),
        _ => "Json".to_owned(),
    }
}

/// Emits every module of the crate.
pub fn emit_modules(api: &Api, options: &CrateOptions) -> Result<Modules, Error> {
    emit_modules_in(api, options, None)
}

/// Emits every module of a crate, or (`in_crate`) of one spec's module in a crate of
/// several, which has no `error` module of its own.
fn emit_modules_in(
    api: &Api,
    options: &CrateOptions,
    in_crate: Option<&InCrate<'_>>,
) -> Result<Modules, Error> {
    let crates = options.crates();
    let outside = rust_type::TypeWriter::outside_types().with_crates(crates.clone());
    let parts = runtime::parts(api);
    let features = if options.tag_features {
        features::TagFeatures::new(api)
    } else {
        features::TagFeatures::default()
    };

    // One `ErrorBody` variant per distinct error body type, in order of first use.
    let mut error_types: BTreeMap<TypeRef, String> = BTreeMap::new();
    let mut variant_names = NameSet::with_reserved(["Raw"]);
    let error_order = error_body_types(api);
    for ty in &error_order {
        error_types.insert((*ty).clone(), variant_names.claim(&error_variant_name(ty)));
    }
    let error_variants: Vec<runtime::ErrorVariant> = error_order
        .iter()
        .map(|ty| runtime::ErrorVariant {
            name: error_types[*ty].clone(),
            ty: outside.write(ty),
            has_message: has_message_field(api, ty),
            uses_types: runtime::names_a_type(ty),
            cfg: features.error_body_cfg(api, ty),
        })
        .collect();
    let error_types = in_crate.map_or(&error_types, |c| c.error_variants);
    let lookup = |ty: &TypeRef| error_types.get(ty).cloned();
    let validated_set = runtime::validated_types(api);
    let validated =
        |ty: &TypeRef| matches!(ty, TypeRef::Named(name) if validated_set.contains(name));
    let ctx = context::ClientContext {
        writer: &outside,
        user_agent: format!("{}/{}", options.name, options.version),
        error_variant: &lookup,
        validated: &validated,
        api,
        features: &features,
    };
    // Validation code is emitted only for the types some operation sends.
    let validation = parts.has(runtime::Part::Validate);
    // Printing the tokens (syn parse + prettyplease) is most of the emit time: the types
    // module is built and printed on a second thread while this one does the rest. Token
    // streams are not `Send`, so each thread builds the tokens it prints.
    let (types_module, client_modules) = std::thread::scope(|scope| {
        let types_thread = scope.spawn(|| {
            let in_types =
                rust_type::TypeWriter::in_types(api.types.iter().map(|t| t.name.as_str()))
                    .with_crates(crates.clone());
            let shared = in_crate.map(|c| c.shared);
            let is_shared = |name: &String| shared.is_some_and(|s| s.contains(name));
            let impls = if validation {
                let own = validated_set.iter().filter(|n| !is_shared(n)).cloned();
                runtime::validate_impls(api, &own.collect(), &features)
            } else {
                TokenStream::new()
            };
            let reexports = shared.filter(|s| !s.is_empty()).map(|s| {
                let names = s.iter().map(|n| rust_type::ident(n));
                quote::quote! {
                    pub use super::super::shared::{#(#names),*};
                }
            });
            let emitted = move |def: &crate::ir::TypeDef| !is_shared(&def.name);
            let own_types = api.types.iter().filter(move |def| emitted(def));
            let chunks = reexports
                .into_iter()
                .chain(
                    types::types_module_except(&api.types, &in_types, &options.derives, emitted)
                        .zip(own_types)
                        .map(|(chunk, def)| {
                            features::on_items(chunk, features.type_cfg(&def.name).as_ref())
                        }),
                )
                .chain([impls]);
            format::format_chunks(chunks, "types module")
        });
        let client_modules = client_modules(api, &ctx, &error_variants, in_crate.is_some());
        let types_module = types_thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (types_module, client_modules)
    });
    let types_text = types_module?;
    let client_modules = client_modules?;

    let mut modules = vec![("types".to_owned(), types_text)];
    if let Some(webhooks) = webhooks::webhooks_module(api, &crates) {
        modules.push((
            "webhooks".to_owned(),
            format::format_tokens(webhooks, "webhooks module")?,
        ));
    }
    modules.extend(client_modules);
    let crate_docs = krate::crate_docs(api) + &features.docs();
    Ok(Modules {
        crate_docs,
        modules,
        parts,
        features,
    })
}

/// The `client`, `responses` and `error` modules, formatted, in declaration order.
fn client_modules(
    api: &Api,
    ctx: &context::ClientContext<'_>,
    error_variants: &[runtime::ErrorVariant],
    in_crate: bool,
) -> Result<Vec<(String, String)>, Error> {
    let mut modules = Vec::new();
    // A spec without operations (a schema library) gets types and no client.
    if !api.operations.is_empty() {
        let mode = if in_crate {
            client::Mode::InCrate
        } else {
            client::Mode::Standalone
        };
        modules.push(("client".to_owned(), client::client_module(api, ctx, mode)?));
    }
    if let Some(responses) = responses::responses_module(api, ctx.writer, ctx.features) {
        modules.push((
            "responses".to_owned(),
            format::format_tokens(responses, "responses module")?,
        ));
    }
    if !api.operations.is_empty() && !in_crate {
        modules.push((
            "error".to_owned(),
            format::format_tokens(runtime::error_module(error_variants, "Raw"), "error module")?,
        ));
    }
    Ok(modules)
}

/// Whether `tokens` name something in the sibling module `module` (`module::X`), so
/// that the module needs `use super::module;`.
fn uses_module(tokens: &TokenStream, module: &str) -> bool {
    let mut previous_is_module = false;
    for token in tokens.clone() {
        match &token {
            proc_macro2::TokenTree::Group(group) if uses_module(&group.stream(), module) => {
                return true;
            }
            proc_macro2::TokenTree::Punct(punct)
                if previous_is_module && punct.as_char() == ':' =>
            {
                return true;
            }
            _ => {}
        }
        previous_is_module = matches!(&token, proc_macro2::TokenTree::Ident(i) if i == module);
    }
    false
}

pub(crate) fn has_message_field(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else {
        return false;
    };
    api.types.iter().any(|t| {
        &t.name == name
            && matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.name == "message" && f.required && !f.nullable && f.ty == TypeRef::String))
    })
}

/// A complete crate: `(relative path, contents)` for every file, sorted by path.
pub fn emit_crate(api: &Api, options: &CrateOptions) -> Result<Vec<(String, String)>, Error> {
    let modules = emit_modules(api, options)?;
    krate::crate_files(api, options, &modules)
}

/// All modules in one file, for `include!` from a build script's `OUT_DIR`.
pub fn emit_single_file(api: &Api, options: &CrateOptions) -> Result<String, Error> {
    let modules = emit_modules(api, options)?;
    let text = krate::single_file(&modules, options)?;
    Ok(modules.features.with_single_file_note(text))
}
