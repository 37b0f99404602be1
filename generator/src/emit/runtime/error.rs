//! The generated `error` module: `Error`, `StatusError`, `ErrorBody`, `DecodeError`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ErrorVariant;
use crate::emit::rust_type::ident;

/// The `error` module.
pub fn error_module(variants: &[ErrorVariant], raw_name: &str) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = variants.iter().map(|v| &v.ty).collect();
    let raw = ident(raw_name);
    let docs = variants.iter().map(|v| {
        format!(
            " A `{}` body, as the spec declares for this status.",
            v.name
        )
    });
    let message_arms = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| v.has_message)
        .map(|(_, n)| quote!(Self::#n(body) => Some(&body.message),));
    let import_types = if !variants.iter().any(|v| v.uses_types) {
        TokenStream::new()
    } else {
        quote!(
            use super::types;
        )
    };
    quote! {
        #import_types

        /// Everything a call can fail with.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            /// The request could not be built: a bad base URL or header value, a body that
            /// cannot be encoded, or a client that could not be configured.
            #[error("invalid request: {0}")]
            InvalidRequest(String),
            /// The request could not be sent, or no complete response arrived.
            #[error("request failed: {0}")]
            Request(#[source] reqwest::Error),
            /// The server answered with a status the operation does not treat as success.
            #[error(transparent)]
            Status(Box<StatusError>),
            /// A success response whose body does not match the spec.
            #[error(transparent)]
            Decode(Box<DecodeError>),
            /// The request body breaks limits the spec sets (`maxItems`, `maxLength`,
            /// `pattern`, `minimum`, …); nothing was sent. One entry per problem, each naming
            /// the field, e.g. ``inputs: 150 items, at most 100``.
            #[error("the request breaks the spec's limits: {}", .0.join("; "))]
            Validation(Vec<String>),
        }

        impl Error {
            /// The HTTP status of the response, when there was one.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Self::Status(e) => Some(e.status),
                    Self::Decode(e) => Some(e.status),
                    Self::Request(e) => e.status().map(|s| s.as_u16()),
                    Self::InvalidRequest(_) | Self::Validation(_) => None,
                }
            }

            /// The rate-limit headers of the error response, when there was one.
            pub fn rate_limit(&self) -> Option<&RateLimit> {
                match self {
                    Self::Status(e) => e.rate_limit.as_ref(),
                    _ => None,
                }
            }
        }

        /// Rate-limit headers of a response: HubSpot's `X-HubSpot-RateLimit-*` or the common
        /// `X-RateLimit-*` / `RateLimit-*` names. Fields the response did not send are `None`.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct RateLimit {
            /// Requests allowed per interval (`X-HubSpot-RateLimit-Max`, `X-RateLimit-Limit`).
            pub limit: Option<u64>,
            /// Requests left in the current interval (`…-Remaining`).
            pub remaining: Option<u64>,
            /// The interval in milliseconds (`X-HubSpot-RateLimit-Interval-Milliseconds`).
            pub interval_ms: Option<u64>,
            /// Requests allowed per day (`X-HubSpot-RateLimit-Daily`).
            pub daily: Option<u64>,
            /// Requests left today (`X-HubSpot-RateLimit-Daily-Remaining`).
            pub daily_remaining: Option<u64>,
        }

        /// A response with a non-success status.
        #[derive(Debug, Clone, PartialEq)]
        pub struct StatusError {
            /// The HTTP status code.
            pub status: u16,
            /// The body, decoded into the type the spec gives for this status when it fits.
            pub body: ErrorBody,
            /// The rate-limit headers of the response.
            pub rate_limit: Option<RateLimit>,
            /// How long the server asked to wait (`Retry-After`), when it did.
            pub retry_after: Option<::std::time::Duration>,
        }

        impl ::std::fmt::Display for StatusError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "the server answered HTTP {}", self.status)?;
                if let Some(message) = self.body.message() {
                    write!(f, ": {message}")?;
                }
                match self.retry_after {
                    Some(wait) => write!(f, " (retry after {} s)", wait.as_secs()),
                    None => Ok(()),
                }
            }
        }

        impl ::std::error::Error for StatusError {}

        /// The body of an error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #( #[doc = #docs] #names(#types), )*
            /// A body that is not one the spec declares for this status (or is not JSON),
            /// as text.
            #raw(String),
        }

        impl ErrorBody {
            /// The human-readable message of the error, when the body has one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    #(#message_arms)*
                    Self::#raw(text) if !text.is_empty() => Some(text.as_str()),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }

        /// A success response whose body could not be decoded.
        #[derive(Debug)]
        pub struct DecodeError {
            /// The HTTP status code.
            pub status: u16,
            /// Where in the body decoding failed, e.g. `errors[0].errors[0].context`.
            pub path: String,
            /// The body as received (lossily as UTF-8).
            pub body: String,
            /// The decoder's error.
            pub source: serde_json::Error,
        }

        impl ::std::fmt::Display for DecodeError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "could not decode the HTTP {} response at `{}`: {}", self.status, self.path, self.source)
            }
        }

        impl ::std::error::Error for DecodeError {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                Some(&self.source)
            }
        }
    }
}
