//! A crate built from several specs: one module per spec (its `types`, `client`,
//! `responses`, `webhooks`), a `shared` module of the types the specs define alike, one
//! `error` module and one `Client` whose accessors (`client.orders()`) give each API's client
//! on one connection pool, one set of credentials, one retry policy and one rate limiter.
//!
//! In crate form each module is behind a cargo feature of its name (all on by default); the
//! single-file form for build scripts has no features, since the including crate's features
//! are not ours to name.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inner_doc_attrs};
use super::features::{TagFeatures, cfg_of, on_items};
use super::format::{format_chunks, format_tokens};
use super::krate::{
    cargo_toml_text, module_allows, module_doc, parse_file, runtime_declaration, runtime_files,
};
use super::runtime::{self, ErrorVariant, Part, Parts};
use super::rust_type::TypeWriter;
use super::{CrateOptions, InCrate, Modules, client, emit_modules_in, types};
use crate::diagnostics::Error;
use crate::ir::names::NameSet;
use crate::ir::share::{Shared, shared_types};
use crate::ir::{Api, AuthScheme, TypeDef, TypeRef};

/// One spec of a crate built from several, lowered, and the module it becomes.
#[derive(Debug, Clone)]
pub struct SpecModule {
    /// The module's name (snake_case), also its cargo feature and its accessor on `Client`.
    pub name: String,
    /// The spec's IR.
    pub api: Api,
}

/// Everything emitted, before it is laid out as files or as one file.
struct Emitted {
    docs: String,
    /// `shared`, `client`, `error`: the crate-level modules, formatted.
    root: Vec<(String, String)>,
    /// Each spec's modules.
    specs: Vec<Modules>,
    /// By spec, the shared types its `types` module re-exports.
    shared_by: Vec<BTreeSet<String>>,
    parts: Parts,
}

/// `#[cfg(...)]` for code that the modules `users` (indexes) need, or nothing without gates.
fn gate(specs: &[SpecModule], users: &[usize], gated: bool) -> Option<TokenStream> {
    gated
        .then(|| cfg_of(users.iter().map(|&i| specs[i].name.as_str())))
        .flatten()
}

fn emit(specs: &[SpecModule], options: &CrateOptions, gated: bool) -> Result<Emitted, Error> {
    let apis: Vec<&Api> = specs.iter().map(|s| &s.api).collect();
    let shared = shared_types(&apis);
    let shared_by: Vec<BTreeSet<String>> = (0..specs.len())
        .map(|i| {
            shared
                .iter()
                .filter(|(_, users)| users.contains(&i))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .collect();

    // One `ErrorBody` for the crate: a shared error type is one variant for every module.
    let mut variants: Vec<(ErrorVariant, Vec<usize>)> = Vec::new();
    let mut by_key: BTreeMap<(Option<usize>, TypeRef), usize> = BTreeMap::new();
    let mut per_spec: Vec<BTreeMap<TypeRef, String>> = vec![BTreeMap::new(); specs.len()];
    let mut names = NameSet::with_reserved(["Raw"]);
    for (i, spec) in specs.iter().enumerate() {
        for ty in super::error_body_types(&spec.api) {
            let is_shared = matches!(ty, TypeRef::Named(n) if shared_by[i].contains(n));
            let key = (if is_shared { None } else { Some(i) }, ty.clone());
            let index = match by_key.get(&key) {
                Some(&index) => {
                    variants[index].1.push(i);
                    index
                }
                None => {
                    let module = format_ident!("{}", spec.name);
                    let writer = if is_shared {
                        TypeWriter::at(quote!(super::shared::))
                    } else {
                        TypeWriter::at(quote!(super::#module::types::))
                    }
                    .with_crates(options.crates());
                    // A name another module's error type took is qualified by the module:
                    // `Problem` and `BetaProblem`.
                    let mut wanted = super::error_variant_name(ty);
                    if names.contains(&wanted) {
                        wanted = format!(
                            "{}{wanted}",
                            heck::ToUpperCamelCase::to_upper_camel_case(spec.name.as_str())
                        );
                    }
                    let variant = ErrorVariant {
                        name: names.claim(&wanted),
                        ty: writer.write(ty),
                        has_message: super::has_message_field(&spec.api, ty),
                        uses_types: false,
                        cfg: None,
                    };
                    variants.push((variant, vec![i]));
                    by_key.insert(key, variants.len() - 1);
                    variants.len() - 1
                }
            };
            per_spec[i].insert(ty.clone(), variants[index].0.name.clone());
        }
    }
    let variants: Vec<ErrorVariant> = variants
        .into_iter()
        .map(|(variant, users)| ErrorVariant {
            cfg: gate(specs, &users, gated),
            ..variant
        })
        .collect();

    let mut emitted_specs = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let in_crate = InCrate {
            shared: &shared_by[i],
            error_variants: &per_spec[i],
        };
        emitted_specs.push(emit_modules_in(&spec.api, options, Some(&in_crate))?);
    }
    let parts = Parts::union(emitted_specs.iter().map(|m| &m.parts));

    let mut root = Vec::new();
    if !shared.is_empty() {
        root.push((
            "shared".to_owned(),
            shared_module(specs, &emitted_specs, &shared, options, gated)?,
        ));
    }
    let with_client: Vec<usize> = (0..specs.len())
        .filter(|&i| !specs[i].api.operations.is_empty())
        .collect();
    if !with_client.is_empty() {
        root.push((
            "client".to_owned(),
            client_module(specs, &with_client, options, gated)?,
        ));
        root.push((
            "error".to_owned(),
            format_tokens(runtime::error_module(&variants, "Raw"), "error module")?,
        ));
    }
    Ok(Emitted {
        docs: crate_docs(specs, &shared, !with_client.is_empty()),
        root,
        specs: emitted_specs,
        shared_by,
        parts,
    })
}

/// The `shared` module: each shared type as its first module defines it, with its checks.
fn shared_module(
    specs: &[SpecModule],
    emitted: &[Modules],
    shared: &Shared,
    options: &CrateOptions,
    gated: bool,
) -> Result<String, Error> {
    let mut types: Vec<TypeDef> = Vec::new();
    for spec in specs {
        for def in &spec.api.types {
            if shared.contains_key(&def.name) && !types.iter().any(|d| d.name == def.name) {
                types.push(def.clone());
            }
        }
    }
    // The checks of a shared type are emitted when a module that sends bodies checks it.
    let mut validated: BTreeSet<String> = BTreeSet::new();
    for (i, (spec, modules)) in specs.iter().zip(emitted).enumerate() {
        if modules.parts.has(Part::Validate) {
            let own = runtime::validated_types(&spec.api);
            validated.extend(
                own.into_iter()
                    .filter(|n| shared.get(n).is_some_and(|u| u.contains(&i))),
            );
        }
    }
    let library = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        summary: None,
        base_url: None,
        types,
        operations: Vec::new(),
        auth: Vec::new(),
        webhooks: Vec::new(),
        schema_types: BTreeMap::new(),
    };
    let writer = TypeWriter::in_types(library.types.iter().map(|t| t.name.as_str()))
        .with_crates(options.crates());
    let chunks = library
        .types
        .iter()
        .zip(types::types_module_except(
            &library.types,
            &writer,
            &options.derives,
            |_| true,
        ))
        .map(|(def, mut items)| {
            if validated.contains(&def.name) {
                let one = std::iter::once(def.name.clone()).collect();
                items.extend(runtime::validate_impls(
                    &library,
                    &one,
                    &TagFeatures::default(),
                ));
            }
            on_items(items, gate(specs, &shared[&def.name], gated).as_ref())
        });
    format_chunks(chunks, "shared module")
}

/// The crate's `Client`: the builder of every module's settings and credentials, and one
/// accessor per module with operations.
fn client_module(
    specs: &[SpecModule],
    with_client: &[usize],
    options: &CrateOptions,
    gated: bool,
) -> Result<String, Error> {
    let user_agent = format!("{}/{}", options.name, options.version);
    let auth = crate_auth(specs, with_client);
    let default_base = with_client
        .iter()
        .find_map(|&i| specs[i].api.base_url.clone());
    let batches = with_client
        .iter()
        .any(|&i| super::chunked::has_batches(&specs[i].api));
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut accessors = Vec::new();
    let mut other_servers = false;
    for &i in with_client {
        let spec = &specs[i];
        let name = format_ident!("{}", spec.name);
        let attrs = gate(specs, &[i], gated);
        let ty = quote!(super::#name::client::Client);
        let batch_arg =
            super::chunked::has_batches(&spec.api).then(|| quote!(, self.max_batch_size));
        let core = match &spec.api.base_url {
            Some(url) if Some(url) != default_base.as_ref() => {
                other_servers = true;
                quote!(core.for_default_server(super::#name::client::DEFAULT_BASE_URL))
            }
            _ => quote!(core.clone()),
        };
        fields.push(quote!(#attrs #name: #ty,));
        inits.push(quote!(#attrs #name: #ty::from_core(#core #batch_arg),));
        let doc = format!(
            " The client of the {} API (module [`{}`](super::{})).",
            spec.api.title, spec.name, spec.name
        );
        accessors.push(quote! {
            #[doc = #doc]
            #attrs
            pub fn #name(&self) -> &#ty {
                &self.#name
            }
        });
    }
    let (default_const, default_arg, base_doc) = match &default_base {
        Some(url) => (
            quote! {
                /// The server the first spec names; the default base URL.
                pub const DEFAULT_BASE_URL: &str = #url;
            },
            quote!(Some(DEFAULT_BASE_URL)),
            if other_servers {
                " Sends every API's requests to this base URL (default: each spec's own server, [`DEFAULT_BASE_URL`] for the first), e.g. for a test server."
            } else {
                " Overrides the base URL (default: [`DEFAULT_BASE_URL`]), e.g. for a test server."
            },
        ),
        None => (
            TokenStream::new(),
            quote!(None),
            " Sets the base URL; required, since the specs name no server.",
        ),
    };
    let build = quote! {
        /// Builds the client.
        pub fn build(self) -> Result<Client, Error> {
            let core = self.core.build(USER_AGENT, #default_arg)?;
            Ok(Client {
                #(#inits)*
                core,
            })
        }
    };
    let batch_cfg = batches.then_some(None);
    let builder = client::builder_items(
        &auth,
        batch_cfg.as_ref(),
        base_doc,
        build,
        &options.crates(),
    );
    let constructor = client::constructor(&auth);
    let tokens = quote! {
        use ::std::time::Duration;

        use super::error::{Error, ErrorBody, RateLimit};
        use super::runtime;

        pub use super::runtime::limiter::RateLimiter;
        pub use super::runtime::retry::RetryPolicy;

        #default_const

        const USER_AGENT: &str = #user_agent;

        /// A request on its way: what every operation method returns. Await it for the
        /// operation's result.
        pub type ResponseFuture<'a, T> = runtime::client::ResponseFuture<'a, T, ErrorBody>;

        /// The client of every API of the crate. Cheap to clone: clones share one connection
        /// pool, the credentials, the retry policy, the rate limiter, hooks and the latest
        /// rate-limit information, and so do the clients of the APIs it gives out.
        #[derive(Clone, Debug)]
        pub struct Client {
            core: runtime::client::Core,
            #(#fields)*
        }

        #builder

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #constructor

            /// The base URL requests go to (of the first API, when the APIs' servers differ).
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// The rate-limit headers of the latest response any API's client received
            /// (success or error), e.g. HubSpot's `X-HubSpot-RateLimit-Remaining`.
            pub fn rate_limit(&self) -> Option<RateLimit> {
                self.core.rate_limit()
            }

            #(#accessors)*
        }
    };
    format_tokens(tokens, "client module")
}

/// The credentials of every API, each way of sending one once: bearer schemes are one
/// token, API keys one per header, query parameter or cookie, basic credentials one pair.
fn crate_auth(specs: &[SpecModule], with_client: &[usize]) -> Vec<AuthScheme> {
    let mut auth: Vec<AuthScheme> = Vec::new();
    for &i in with_client {
        for scheme in &specs[i].api.auth {
            let same = auth.iter_mut().find(|known| match (&**known, scheme) {
                (AuthScheme::Bearer { .. }, AuthScheme::Bearer { .. })
                | (AuthScheme::Basic { .. }, AuthScheme::Basic { .. }) => true,
                (
                    AuthScheme::ApiKey {
                        param, location, ..
                    },
                    AuthScheme::ApiKey {
                        param: p,
                        location: l,
                        ..
                    },
                ) => param.eq_ignore_ascii_case(p) && location == l,
                _ => false,
            });
            match (same, scheme) {
                (Some(AuthScheme::Bearer { names }), AuthScheme::Bearer { names: more }) => {
                    for name in more {
                        if !names.contains(name) {
                            names.push(name.clone());
                        }
                    }
                }
                (Some(_), _) => {}
                (None, _) => auth.push(scheme.clone()),
            }
        }
    }
    auth
}

fn crate_docs(specs: &[SpecModule], shared: &Shared, has_client: bool) -> String {
    let mut text = String::from("Generated by specgen from several specs, one module each:\n");
    for spec in specs {
        text.push_str(&format!(
            "\n- [`{}`], {} (API version {})",
            spec.name, spec.api.title, spec.api.version
        ));
    }
    if has_client {
        text.push_str("\n\nOne [`Client`] calls them all (e.g. `client.");
        text.push_str(&specs[0].name);
        text.push_str("()`), sharing its credentials, retry policy and rate limiter; every call fails with [`Error`].");
    }
    if !shared.is_empty() {
        text.push_str(" Types that several specs define alike are one type, in [`shared`], which each module's `types` re-exports.");
    }
    text
}

/// The docs of one spec's module.
fn spec_docs(spec: &SpecModule, modules: &Modules, shared: &BTreeSet<String>) -> String {
    let api = &spec.api;
    let mut text = format!("{} (API version {})", api.title, api.version);
    for paragraph in [&api.summary, &api.description].into_iter().flatten() {
        text.push_str("\n\n");
        text.push_str(paragraph);
    }
    text.push_str("\n\nIts types are in [`types`]");
    if modules.modules.iter().any(|(name, _)| name == "client") {
        text.push_str(&format!(
            "; its client is [`client::Client`], which the crate's `Client` gives out as `client.{}()`",
            spec.name
        ));
    }
    text.push('.');
    if !shared.is_empty() {
        let names: Vec<String> = shared.iter().map(|n| format!("`{n}`")).collect();
        text.push_str(&format!(
            "\n\nDefined alike by other specs of this crate, these types are the crate's shared ones (from [`shared`](super::shared)): {}.",
            names.join(", ")
        ));
    }
    text
}

/// What a spec module's `mod.rs` imports for its children: the crate's `error` and
/// `runtime` modules, when they use them (as `super::error`, `super::runtime`; through the
/// runtime crate, every module names serde as `super::runtime::serde`).
fn spec_imports(modules: &Modules, options: &CrateOptions) -> TokenStream {
    let error = modules.modules.iter().any(|(name, _)| name == "client");
    let runtime = modules.parts.iter().next().is_some() || options.runtime_crate.is_some();
    match (error, runtime) {
        (true, true) => quote!(
            use super::{error, runtime};
        ),
        (true, false) => quote!(
            use super::error;
        ),
        (false, true) => quote!(
            use super::runtime;
        ),
        (false, false) => TokenStream::new(),
    }
}

/// Every file of a crate built from several specs, sorted by path.
pub fn emit_multi_crate(
    specs: &[SpecModule],
    options: &CrateOptions,
) -> Result<Vec<(String, String)>, Error> {
    let emitted = emit(specs, options, true)?;
    let mut files = Vec::new();
    let mut declarations = Vec::new();
    for (name, source) in &emitted.root {
        let ident = format_ident!("{}", name);
        let doc = module_doc(name);
        declarations.push(quote! { #[doc = #doc] #[rustfmt::skip] pub mod #ident; });
        files.push((format!("src/{name}.rs"), source.clone()));
    }
    for (i, (spec, modules)) in specs.iter().zip(&emitted.specs).enumerate() {
        let ident = format_ident!("{}", spec.name);
        let attrs = gate(specs, &[i], true);
        let doc = format!(" {} (API version {}).", spec.api.title, spec.api.version);
        declarations.push(quote! { #[doc = #doc] #attrs #[rustfmt::skip] pub mod #ident; });
        let docs = inner_doc_attrs(&spec_docs(spec, modules, &emitted.shared_by[i]));
        let imports = spec_imports(modules, options);
        let children = modules.modules.iter().map(|(name, _)| {
            let ident = format_ident!("{}", name);
            let doc = module_doc(name);
            quote! { #[doc = #doc] pub mod #ident; }
        });
        let mod_rs = format_tokens(quote! { #docs #imports #(#children)* }, "mod.rs")?;
        files.push((format!("src/{}/mod.rs", spec.name), mod_rs));
        for (name, source) in &modules.modules {
            files.push((format!("src/{}/{name}.rs", spec.name), source.clone()));
        }
    }
    declarations.push(runtime_declaration(&emitted.parts, options, false)?);
    declarations.push(reexports(&emitted));
    let docs = inner_doc_attrs(&emitted.docs);
    let allows = module_allows(true);
    let lib = format_tokens(quote! { #docs #allows #(#declarations)* }, "lib.rs")?;
    // As for a crate of one spec: rustfmt's only difference is the lint list's last comma.
    let lib = lib.replace(",\n)]", "\n)]");
    files.push(("src/lib.rs".to_owned(), lib));
    let description = format!(
        "Generated client for {}",
        specs
            .iter()
            .map(|s| format!("{} (API version {})", s.api.title, s.api.version))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let names: Vec<String> = specs.iter().map(|s| format!("{:?}", s.name)).collect();
    let mut features = format!(
        "\n[features]\n# One feature per spec's module; each compiles that API alone (and the shared types it uses).\ndefault = [{}]\n",
        names.join(", ")
    );
    for spec in specs {
        features.push_str(&format!("{} = []\n", spec.name));
    }
    files.push((
        "Cargo.toml".to_owned(),
        cargo_toml_text(&description, &emitted.parts, options, &features),
    ));
    files.extend(runtime_files(&emitted.parts, options));
    files.sort();
    Ok(files)
}

fn reexports(emitted: &Emitted) -> TokenStream {
    if emitted.root.iter().any(|(name, _)| name == "client") {
        quote! {
            pub use self::client::{Client, ClientBuilder, RateLimiter, ResponseFuture, RetryPolicy};
            pub use self::error::{Error, RateLimit};
        }
    } else {
        TokenStream::new()
    }
}

/// A crate built from several specs as one file, for `include!` (without features).
pub fn emit_multi_single_file(
    specs: &[SpecModule],
    options: &CrateOptions,
) -> Result<String, Error> {
    let emitted = emit(specs, options, false)?;
    let allows = module_allows(false);
    let inline = |name: &str, source: &str| -> Result<TokenStream, Error> {
        let file = parse_file(name, source)?;
        let ident = format_ident!("{}", name);
        let doc = module_doc(name);
        let items = &file.items;
        Ok(quote! { #[doc = #doc] #allows pub mod #ident { #(#items)* } })
    };
    let mut items = Vec::new();
    for (name, source) in &emitted.root {
        items.push(inline(name, source)?);
    }
    for (i, (spec, modules)) in specs.iter().zip(&emitted.specs).enumerate() {
        let ident = format_ident!("{}", spec.name);
        let docs = doc_attrs(Some(&spec_docs(spec, modules, &emitted.shared_by[i])));
        let imports = spec_imports(modules, options);
        let mut children = Vec::new();
        for (name, source) in &modules.modules {
            children.push(inline(name, source)?);
        }
        items.push(quote! { #docs pub mod #ident { #imports #(#children)* } });
    }
    items.push(runtime_declaration(&emitted.parts, options, true)?);
    items.push(reexports(&emitted));
    format_tokens(quote! { #(#items)* }, "single file")
}
