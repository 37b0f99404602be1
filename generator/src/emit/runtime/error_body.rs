//! The generated `error` module: the runtime's `Error` over the spec's error bodies, and
//! `ErrorBody`, one variant per error body type the spec declares.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_type::ident;

/// One variant of the generated `ErrorBody` enum.
pub struct ErrorVariant {
    /// Variant name.
    pub name: String,
    /// Payload type, written from the `error` module.
    pub ty: TokenStream,
    /// The payload is a struct with a required `message: String`.
    pub has_message: bool,
    /// The payload names a type of the `types` module.
    pub uses_types: bool,
    /// Attributes of the variant and its match arms (the `cfg` of the modules that use it,
    /// in a crate of several specs).
    pub attrs: TokenStream,
}

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
    let attrs: Vec<_> = variants.iter().map(|v| &v.attrs).collect();
    let message_arms = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| v.has_message)
        .map(|(v, n)| {
            let attrs = &v.attrs;
            quote!(#attrs Self::#n(body) => Some(&body.message),)
        });
    // A variant that may be compiled out needs an arm of its own: or-patterns take no `cfg`.
    let silent = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| !v.has_message && v.attrs.is_empty())
        .map(|(_, n)| quote!(Self::#n(_)));
    let gated_silent = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| !v.has_message && !v.attrs.is_empty())
        .map(|(v, n)| {
            let attrs = &v.attrs;
            quote!(#attrs Self::#n(_) => None,)
        });
    let import_types = variants.iter().any(|v| v.uses_types).then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        use super::runtime;
        #import_types

        /// Everything a call can fail with.
        pub type Error = runtime::error::Error<ErrorBody>;

        /// A response with a non-success status.
        pub type StatusError = runtime::error::StatusError<ErrorBody>;

        pub use runtime::error::{DecodeError, RateLimitScope, RateLimitedError};
        pub use runtime::rate_limit::RateLimit;

        /// The body of an error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #( #[doc = #docs] #attrs #names(#types), )*
            /// A body that is not one the spec declares for this status (or is not JSON),
            /// as text.
            #raw(String),
        }

        impl ErrorBody {
            /// The human-readable message of the error, when the body has one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    #(#message_arms)*
                    #(#gated_silent)*
                    Self::#raw(text) if !text.is_empty() => Some(text.as_str()),
                    #(#silent |)* Self::#raw(_) => None,
                }
            }
        }

        impl runtime::error::Body for ErrorBody {
            fn raw(text: String) -> Self {
                Self::#raw(text)
            }

            fn message(&self) -> Option<&str> {
                ErrorBody::message(self)
            }
        }
    }
}
