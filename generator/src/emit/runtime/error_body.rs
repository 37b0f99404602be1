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
    /// `#[cfg(...)]` of the variant (its type's operations' features), with tag features.
    pub cfg: Option<TokenStream>,
}

/// The `error` module.
pub fn error_module(variants: &[ErrorVariant], raw_name: &str) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let cfgs: Vec<_> = variants.iter().map(|v| &v.cfg).collect();
    // With tag features, each arm is compiled with its variant: no or-pattern of them.
    let separate = variants.iter().any(|v| v.cfg.is_some());
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
        .map(|(v, n)| {
            let cfg = &v.cfg;
            quote!(#cfg Self::#n(body) => Some(&body.message),)
        });
    let silent: Vec<_> = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| !v.has_message)
        .map(|(_, n)| quote!(Self::#n(_)))
        .collect();
    let silent_arms = if separate {
        let arms = variants
            .iter()
            .zip(&names)
            .filter(|(v, _)| !v.has_message)
            .map(|(v, n)| {
                let cfg = &v.cfg;
                quote!(#cfg Self::#n(_) => None,)
            });
        quote!(#(#arms)* Self::#raw(_) => None,)
    } else {
        quote!(#(#silent |)* Self::#raw(_) => None,)
    };
    let import_types = variants.iter().any(|v| v.uses_types).then(|| {
        let allow = separate.then(|| quote!(#[allow(unused_imports)]));
        quote!(
            #allow
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
            #( #[doc = #docs] #cfgs #names(#types), )*
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
                    #silent_arms
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
