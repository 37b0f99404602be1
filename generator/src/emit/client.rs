//! The `client` module: `Client`, its builder (base URL, the credentials the spec declares,
//! timeouts, retries), and one method per operation, each returning a `ResponseFuture`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::context::{ClientContext, SharedContext};
use super::format;
use super::runtime::names_a_type;
use super::rust_type::Crates;
use crate::diagnostics::Error;
use crate::ir::names::{NameSet, snake_ident};
use crate::ir::{Api, AuthScheme, BodyEncoding, ParamLocation, ResponseBody, SuccessShape};

/// How the client module is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The crate's own `Client` with its `ClientBuilder`.
    Standalone,
    /// One API's client in a crate of several specs: made by the crate's `Client` from its
    /// core, with no builder of its own.
    InCrate,
}

/// One builder method per security scheme the spec declares.
fn auth_setters(auth: &[AuthScheme]) -> (Vec<TokenStream>, Option<TokenStream>) {
    let api_keys = auth
        .iter()
        .filter(|a| matches!(a, AuthScheme::ApiKey { .. }))
        .count();
    let mut names = NameSet::with_reserved([
        "base_url",
        "http_client",
        "timeout",
        "connect_timeout",
        "retry_policy",
        "rate_limiter",
        "hooks",
        "token_source",
        "max_batch_size",
        "build",
    ]);
    let mut setters = Vec::new();
    let mut new_fn = None;
    for scheme in auth {
        match scheme {
            AuthScheme::Bearer { names: schemes } => {
                let doc = format!(
                    " Sends `Authorization: Bearer <token>` with every request (security schemes: {}). The token is never printed.",
                    schemes.join(", ")
                );
                names.claim("bearer_token");
                let source_doc = format!(
                    " Sends `Authorization: Bearer <token>` with the token `source` gives for each request (security schemes: {}), so a refreshed token is used without rebuilding the client; after a 401 it is asked to refresh, and the request is sent once more when it has a new token. Replaces [`bearer_token`](Self::bearer_token).",
                    schemes.join(", ")
                );
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn bearer_token(self, token: impl Into<String>) -> Self {
                        self.secret(runtime::auth::Secret::header("authorization", format!("Bearer {}", token.into())))
                    }

                    #[doc = #source_doc]
                    pub fn token_source(mut self, source: impl runtime::hooks::TokenSource) -> Self {
                        self.core = self.core.token_source(source);
                        self
                    }
                });
                new_fn = Some(quote! {
                    /// A client for the default server that authenticates with a bearer token.
                    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
                        Self::builder().bearer_token(token).build()
                    }
                });
            }
            AuthScheme::Basic { name } => {
                let method = format_ident!("{}", names.claim("basic_auth"));
                let doc = format!(
                    " Sends HTTP basic credentials (security scheme `{name}`). They are never printed."
                );
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.secret(runtime::auth::Secret::basic(username, password))
                    }
                });
            }
            AuthScheme::ApiKey {
                name,
                param,
                location,
            } => {
                let wanted = if api_keys == 1 {
                    "api_key".to_owned()
                } else {
                    format!(
                        "api_key_{}",
                        snake_ident(name, "key").trim_start_matches("r#")
                    )
                };
                let method = super::rust_type::ident(&names.claim(&wanted));
                let (where_, set) = match location {
                    ParamLocation::Query => (
                        "the query parameter",
                        quote!(self.secret(runtime::auth::Secret::query(#param, key.into()))),
                    ),
                    ParamLocation::Cookie => (
                        "the cookie",
                        quote!(self.secret(runtime::auth::Secret::header(
                            "cookie",
                            format!("{}={}", #param, key.into())
                        ))),
                    ),
                    _ => (
                        "the header",
                        quote!(self.secret(runtime::auth::Secret::header(#param, key.into()))),
                    ),
                };
                let doc = format!(
                    " Sends the API key in {where_} `{param}` (security scheme `{name}`). It is never printed, and left out of error messages."
                );
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #method(self, key: impl Into<String>) -> Self {
                        #set
                    }
                });
            }
        }
    }
    (setters, new_fn)
}

/// Whether the client module writes a type of the `types` module (the argument, body or
/// return type of some operation), and so imports it.
fn uses_types(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.params.iter().any(|p| names_a_type(&p.ty))
            || op.body.as_ref().is_some_and(|b| {
                !matches!(b.encoding, BodyEncoding::Bytes | BodyEncoding::Text)
                    && names_a_type(&b.ty)
            })
            || matches!(op.success_shape(), SuccessShape::One(ResponseBody::Json(ty)) if names_a_type(ty))
    })
}

/// The `client` module, formatted.
pub fn client_module(api: &Api, ctx: &ClientContext<'_>, mode: Mode) -> Result<String, Error> {
    let user_agent = &ctx.user_agent;
    let default_base = api.base_url.as_ref().map(|url| {
        quote! {
            /// The server the spec names; the default base URL.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let default_base_arg = match &api.base_url {
        Some(_) => quote!(Some(DEFAULT_BASE_URL)),
        None => quote!(None),
    };
    let new_fn = constructor(&api.auth);
    // The error-body parsers are shared by the operations that parse alike, named in order
    // of first use: decided here, in operation order, before the operations are emitted.
    let mut parsers = super::operation::ErrorParsers::default();
    let errors: Vec<String> = api
        .operations
        .iter()
        .map(|op| super::operation::error_parser(op, ctx, &mut parsers).to_string())
        .collect();
    // The client of a large API is most of the generated code: its operations are emitted
    // and printed in contiguous parts on as many threads as there are cores, each part's
    // text the same as if printed together. Token streams are not `Send`, so each thread
    // builds the tokens it prints.
    let shared = ctx.shared();
    let parts = operation_parts(&api.operations);
    let printed: Vec<Result<(String, String), Error>> = std::thread::scope(|scope| {
        let errors = &errors;
        let others: Vec<_> = parts[1..]
            .iter()
            .map(|range| {
                let range = range.clone();
                scope.spawn(move || print_operations(shared, range, errors))
            })
            .collect();
        let first = print_operations(shared, parts[0].clone(), errors);
        std::iter::once(first)
            .chain(others.into_iter().map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }))
            .collect()
    });
    let mut methods = String::new();
    let mut requests = String::new();
    for part in printed {
        let (part_methods, part_requests) = part?;
        methods.push_str(&part_methods);
        requests.push_str(&part_requests);
    }
    let parsers = parsers.into_items();
    let chunked = super::chunked::chunked_items(ctx);
    let builder_base_doc = if api.base_url.is_some() {
        " Overrides the base URL (default: [`DEFAULT_BASE_URL`]), e.g. for a test server."
    } else {
        " Sets the base URL; required, since the spec names no server."
    };
    // The batch-size setting exists only where there are batch helpers to use it.
    let batches = super::chunked::has_batches(api);
    // With tag features, it exists where a batch helper's feature is enabled.
    let batch_cfg = ctx.features.ops_cfg(
        api.operations
            .iter()
            .filter(|op| super::chunked::batch_field(api, op).is_some()),
    );
    let batch_field = batches.then(|| quote!(#batch_cfg max_batch_size: Option<usize>,));
    // With tag features, a feature may leave out every operation that uses an import.
    let allow_unused = ctx.features.allow_unused_import();
    let import_responses = api
        .operations
        .iter()
        .any(|op| matches!(op.success_shape(), SuccessShape::Enum))
        .then(|| {
            quote!(
                #allow_unused
                use super::responses;
            )
        });
    let import_types = uses_types(api).then(|| {
        quote!(
            #allow_unused
            use super::types;
        )
    });
    let response_future = quote! {
        /// A request on its way: what every operation method returns. Await it for the
        /// operation's result. The request was built when the method was called (so the
        /// arguments are no longer borrowed); it is sent when this future is first polled.
        pub type ResponseFuture<'a, T> = runtime::client::ResponseFuture<'a, T, ErrorBody>;
    };
    let accessors = quote! {
        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }

        /// The rate-limit headers of the latest response any clone of this client
        /// received (success or error), e.g. HubSpot's `X-HubSpot-RateLimit-Remaining`.
        pub fn rate_limit(&self) -> Option<RateLimit> {
            self.core.rate_limit()
        }
    };
    let imports = quote! {
        use super::error::{Error, ErrorBody, RateLimit};
        #import_responses
        use super::runtime;
        #allow_unused
        use super::runtime::client::{Call, Reply};
        #import_types
    };
    let client_struct = |docs: TokenStream| {
        quote! {
            #docs
            #[derive(Clone, Debug)]
            pub struct Client {
                core: runtime::client::Core,
                #batch_field
            }
        }
    };
    let (head, impl_block) = match mode {
        Mode::Standalone => {
            let batch_init =
                batches.then(|| quote!(#batch_cfg max_batch_size: self.max_batch_size,));
            let build = quote! {
                /// Builds the client.
                pub fn build(self) -> Result<Client, Error> {
                    Ok(Client {
                        core: self.core.build(USER_AGENT, #default_base_arg)?,
                        #batch_init
                    })
                }
            };
            let batch_cfg = batches.then_some(batch_cfg);
            let builder = builder_items(
                &api.auth,
                batch_cfg.as_ref(),
                builder_base_doc,
                build,
                ctx.writer.crates(),
            );
            let client = client_struct(quote! {
                /// An API client. Cheap to clone: clones share one connection pool, the rate
                /// limiter, hooks and the latest rate-limit information.
            });
            let head = quote! {
                use ::std::time::Duration;

                #imports

                pub use super::runtime::limiter::RateLimiter;
                pub use super::runtime::retry::RetryPolicy;

                #default_base

                const USER_AGENT: &str = #user_agent;

                #response_future

                #client

                #builder
            };
            let impl_block = quote! {
                impl Client {
                    /// Starts configuring a client.
                    pub fn builder() -> ClientBuilder {
                        ClientBuilder::default()
                    }

                    #new_fn

                    #accessors
                }
            };
            (head, impl_block)
        }
        Mode::InCrate => {
            let (batch_param, batch_init) = if batches {
                (
                    quote!(, max_batch_size: Option<usize>),
                    quote!(max_batch_size,),
                )
            } else {
                (TokenStream::new(), TokenStream::new())
            };
            let client = client_struct(quote! {
                /// This API's client, one part of the crate's `Client` (which gives it out),
                /// sharing its connection pool, credentials, retry policy, rate limiter and
                /// hooks. Cheap to clone.
            });
            let head = quote! {
                #imports

                #default_base

                #response_future

                #client
            };
            let impl_block = quote! {
                impl Client {
                    /// This API's client on the crate client's core.
                    pub(crate) fn from_core(core: runtime::client::Core #batch_param) -> Self {
                        Self { core, #batch_init }
                    }

                    #accessors
                }
            };
            (head, impl_block)
        }
    };
    let tail = quote! {
        #(#parsers)*

        #chunked
    };
    format::format_with_impl(head, impl_block, &methods, &requests, tail, "client module")
}

/// The operations in contiguous ranges of about equal emitted size, one per core, or per
/// `SPECGEN_THREADS` when set (one for a small API, where a thread costs more than it saves).
fn operation_parts(operations: &[crate::ir::Operation]) -> Vec<std::ops::Range<usize>> {
    let weight = |op: &crate::ir::Operation| {
        let builder = super::request::is_builder_style(op);
        8 + op.params.len() * if builder { 6 } else { 3 } + if builder { 20 } else { 0 }
    };
    let total: usize = operations.iter().map(weight).sum();
    let threads = std::env::var("SPECGEN_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let parts = if operations.len() < 64 {
        1
    } else {
        threads.clamp(1, 8)
    };
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    let mut done = 0;
    for (index, op) in operations.iter().enumerate() {
        done += weight(op);
        if done * parts >= total * (ranges.len() + 1) && ranges.len() + 1 < parts {
            ranges.push(start..index + 1);
            start = index + 1;
        }
    }
    ranges.push(start..operations.len());
    ranges
}

/// The client methods (as members of `impl Client`) and the request values of the
/// operations in `range`, printed.
fn print_operations(
    shared: SharedContext<'_>,
    range: std::ops::Range<usize>,
    errors: &[String],
) -> Result<(String, String), Error> {
    let writer = shared.writer();
    let ctx = shared.with_writer(&writer);
    // Each method is parsed as soon as it is generated, so that its tokens can go.
    let mut methods: Vec<syn::ImplItem> = Vec::new();
    let mut requests: Vec<TokenStream> = Vec::new();
    for (op, errors) in ctx.api.operations[range.clone()].iter().zip(&errors[range]) {
        let errors: TokenStream = errors.parse().map_err(|e| {
            Error::Internal(format!("an error parser does not read back as tokens: {e}"))
        })?;
        let (items, request_items) = super::operation::operation_methods(op, &ctx, errors);
        let cfg = ctx.features.op_cfg(op);
        for item in items {
            let mut item = format::parse::<syn::ImplItem>(item, "client method")?;
            super::features::on_impl_item(&mut item, cfg.as_ref());
            methods.push(item);
        }
        requests.push(super::features::on_items(request_items, cfg.as_ref()));
    }
    Ok((
        format::impl_members(methods, "client method")?,
        format::unparse_chunks(requests, "request value")?,
    ))
}

/// `ClientBuilder`: the base URL, the credentials of `auth`, the HTTP settings, retries, the
/// rate limiter, hooks and (with `batches`, the `cfg` of the batch helpers when tag features
/// leave them out) the batch size, then `build`.
pub fn builder_items(
    auth: &[AuthScheme],
    batches: Option<&Option<TokenStream>>,
    base_doc: &str,
    build: TokenStream,
    crates: &Crates,
) -> TokenStream {
    let reqwest = crates.reqwest();
    let (setters, _) = auth_setters(auth);
    let secret_fn = (!setters.is_empty()).then(|| {
        quote! {
            /// Sets a credential, replacing an earlier one sent the same way.
            fn secret(mut self, secret: runtime::auth::Secret) -> Self {
                self.core = self.core.secret(secret);
                self
            }
        }
    });
    let batch_field = batches.map(|cfg| quote!(#cfg max_batch_size: Option<usize>,));
    let batch_setter = batches.map(|cfg| {
        quote! {
            /// The most inputs the `*_chunked` helpers put in one call (default: the limit
            /// the spec gives).
            #cfg
            pub fn max_batch_size(mut self, size: usize) -> Self {
                self.max_batch_size = Some(size.max(1));
                self
            }
        }
    });
    quote! {
        /// Configures a [`Client`].
        #[derive(Debug, Default)]
        pub struct ClientBuilder {
            core: runtime::client::Builder,
            #batch_field
        }

        impl ClientBuilder {
            #[doc = #base_doc]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.core = self.core.base_url(url);
                self
            }

            #(#setters)*

            #secret_fn

            /// Uses this `reqwest::Client` (its own timeouts, proxies and TLS settings apply;
            /// the builder's timeouts are then ignored).
            pub fn http_client(mut self, client: #reqwest::Client) -> Self {
                self.core = self.core.http_client(client);
                self
            }

            /// The time limit for one attempt, from connecting to reading the whole body
            /// (default 60 s).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.core = self.core.timeout(timeout);
                self
            }

            /// The time limit for establishing a connection (default 10 s).
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.core = self.core.connect_timeout(timeout);
                self
            }

            /// When to send a failed request again (default: [`RetryPolicy::default`];
            /// [`RetryPolicy::disabled`] turns retries off).
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.core = self.core.retry_policy(policy);
                self
            }

            /// How calls are held back to respect the server's rate limits. The default,
            /// [`RateLimiter::from_headers`], follows the server's rate-limit headers and
            /// 429s: it never delays a call unless the server said its budget is spent, and
            /// fails calls fast once the daily budget is. [`RateLimiter::budget`] also spaces
            /// calls to a budget of your own; [`RateLimiter::disabled`] turns it off. Clones
            /// of the client share the limiter.
            pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
                self.core = self.core.rate_limiter(limiter);
                self
            }

            /// Adds hooks run around every attempt of every call (after those added before):
            /// `before_request` may add headers to or sign the final request, and
            /// `after_response` observes each response.
            pub fn hooks(mut self, hooks: impl runtime::hooks::Hooks) -> Self {
                self.core = self.core.hooks(hooks);
                self
            }

            #batch_setter

            #build
        }
    }
}

/// `Client::new`: with a bearer token when `auth` has one, else with the defaults.
pub fn constructor(auth: &[AuthScheme]) -> TokenStream {
    auth_setters(auth).1.unwrap_or_else(|| {
        quote! {
            /// A client with the default settings.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }
        }
    })
}
