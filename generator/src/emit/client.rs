//! The `client` module: `Client`, its builder (base URL, the credentials the spec declares,
//! timeouts, retries), and one method per operation, each returning a `ResponseFuture`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::context::ClientContext;
use super::format;
use super::runtime::{Needs, client_items};
use crate::diagnostics::Error;
use crate::ir::names::{NameSet, snake_ident};
use crate::ir::{Api, AuthScheme, ParamLocation};

/// One builder method per security scheme the spec declares.
fn auth_setters(api: &Api, needs: &mut Needs) -> (Vec<TokenStream>, Option<TokenStream>) {
    let api_keys = api
        .auth
        .iter()
        .filter(|a| matches!(a, AuthScheme::ApiKey { .. }))
        .count();
    let mut names = NameSet::with_reserved([
        "base_url",
        "http_client",
        "timeout",
        "connect_timeout",
        "retry_policy",
        "max_batch_size",
        "build",
    ]);
    let mut setters = Vec::new();
    let mut new_fn = None;
    for scheme in &api.auth {
        match scheme {
            AuthScheme::Bearer { names: schemes } => {
                let doc = format!(
                    " Sends `Authorization: Bearer <token>` with every request (security schemes: {}). The token is never printed.",
                    schemes.join(", ")
                );
                names.claim("bearer_token");
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn bearer_token(self, token: impl Into<String>) -> Self {
                        self.secret("authorization", format!("Bearer {}", token.into()), false)
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
                needs.basic_auth = true;
                let method = format_ident!("{}", names.claim("basic_auth"));
                let doc = format!(
                    " Sends HTTP basic credentials (security scheme `{name}`). They are never printed."
                );
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        let pair = format!("{}:{}", username.into(), password.into());
                        self.secret("authorization", format!("Basic {}", support::base64(&pair)), false)
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
                        quote!(self.secret(#param, key.into(), true)),
                    ),
                    ParamLocation::Cookie => (
                        "the cookie",
                        quote!(self.secret("cookie", format!("{}={}", #param, key.into()), false)),
                    ),
                    _ => ("the header", quote!(self.secret(#param, key.into(), false))),
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

/// The `client` module, formatted. `prelude` goes first (e.g. a `use`).
pub fn client_module(
    api: &Api,
    ctx: &ClientContext<'_>,
    needs: &mut Needs,
    prelude: TokenStream,
) -> Result<String, Error> {
    let user_agent = &ctx.user_agent;
    let (default_base, base_expr) = match &api.base_url {
        Some(url) => (
            quote! {
                /// The server the spec names; the default base URL.
                pub const DEFAULT_BASE_URL: &str = #url;
            },
            quote!(self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())),
        ),
        None => (
            TokenStream::new(),
            quote!(self.base_url.ok_or_else(|| Error::InvalidRequest(
                "the spec names no server; set a base URL".to_owned()
            ))?),
        ),
    };
    let (setters, new_fn) = auth_setters(api, needs);
    let secret_fn = (!setters.is_empty()).then(|| {
        quote! {
            /// Sets a credential, replacing an earlier one sent the same way.
            fn secret(mut self, name: &'static str, value: String, in_query: bool) -> Self {
                self.secrets.retain(|s| !(s.name == name && s.in_query == in_query));
                self.secrets.push(support::Secret { name, value, in_query });
                self
            }
        }
    });
    let new_fn = new_fn.unwrap_or_else(|| {
        quote! {
            /// A client with the default settings.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }
        }
    });
    let mut parsers = super::operation::ErrorParsers::default();
    // Each method is parsed as soon as it is generated: the client of a large API is most of
    // the generated code, and holding all of its tokens at once costs memory and time.
    let methods: Vec<syn::ImplItem> = api
        .operations
        .iter()
        .map(|op| {
            let method = super::operation::operation_method(op, ctx, needs, &mut parsers);
            format::parse::<syn::ImplItem>(method, "client method")
        })
        .collect::<Result<_, _>>()?;
    let parsers = parsers.into_items();
    let chunked = super::chunked::chunked_items(ctx, needs);
    let builder_base_doc = if api.base_url.is_some() {
        " Overrides the base URL (default: [`DEFAULT_BASE_URL`]), e.g. for a test server."
    } else {
        " Sets the base URL; required, since the spec names no server."
    };
    let resilience = client_items(&ctx.tracing_target, needs);
    // The batch-size setting exists only where there are batch helpers to use it.
    let batches = super::chunked::has_batches(api);
    let batch_field = batches.then(|| quote!(max_batch_size: Option<usize>,));
    let batch_init = batches.then(|| quote!(max_batch_size: self.max_batch_size,));
    let batch_setter = batches.then(|| {
        quote! {
            /// The most inputs the `*_chunked` helpers put in one call (default: the limit
            /// the spec gives).
            pub fn max_batch_size(mut self, size: usize) -> Self {
                self.max_batch_size = Some(size.max(1));
                self
            }
        }
    });
    let head = quote! {
        #prelude

        use ::std::sync::{Arc, Mutex};
        use ::std::time::Duration;

        use super::error::{Error, ErrorBody, RateLimit};
        use super::support;
        #[allow(unused_imports)]
        use super::types;

        #default_base

        const USER_AGENT: &str = #user_agent;

        /// An API client. Cheap to clone: clones share one connection pool and the latest
        /// rate-limit information.
        #[derive(Clone)]
        pub struct Client {
            http: reqwest::Client,
            base_url: String,
            credentials: support::Credentials,
            retry: RetryPolicy,
            #batch_field
            rate_limit: Arc<Mutex<Option<RateLimit>>>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("credentials", &self.credentials)
                    .field("retry", &self.retry)
                    .finish_non_exhaustive()
            }
        }

        /// Configures a [`Client`].
        #[derive(Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            secrets: Vec<support::Secret>,
            http: Option<reqwest::Client>,
            timeout: Option<Duration>,
            connect_timeout: Option<Duration>,
            retry: Option<RetryPolicy>,
            #batch_field
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("credentials", &self.secrets)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("retry", &self.retry)
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            #[doc = #builder_base_doc]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            #(#setters)*

            #secret_fn

            /// Uses this `reqwest::Client` (its own timeouts, proxies and TLS settings apply;
            /// the builder's timeouts are then ignored).
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.http = Some(client);
                self
            }

            /// The time limit for one attempt, from connecting to reading the whole body
            /// (default 60 s).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// The time limit for establishing a connection (default 10 s).
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// When to send a failed request again (default: [`RetryPolicy::default`];
            /// [`RetryPolicy::disabled`] turns retries off).
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            #batch_setter

            /// Builds the client.
            pub fn build(self) -> Result<Client, Error> {
                let credentials = support::Credentials::new(self.secrets)?;
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .user_agent(USER_AGENT)
                        .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
                        .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                        .build()
                        .map_err(support::request_error)?,
                };
                let base_url = #base_expr;
                Ok(Client {
                    http,
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    credentials,
                    retry: self.retry.unwrap_or_default(),
                    #batch_init
                    rate_limit: Arc::new(Mutex::new(None)),
                })
            }
        }

        #resilience
    };
    let impl_block = quote! {
        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #new_fn

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }
        }
    };
    let tail = quote! {
        #(#parsers)*

        #chunked
    };
    format::format_with_impl(head, impl_block, methods, tail, "client module")
}
