//! The support code every generated crate carries: its `Error` type and the small helpers
//! the client methods share. Only the helpers a spec needs are emitted, so generated crates
//! have no dead code.

mod error;
mod resilience;
mod support;
mod validate;

pub use error::error_module;
pub use resilience::client_items;
pub use support::support_module;
pub use validate::{
    ChecksUsed, support_items as validation_support, validate_impls, validated_types,
};

use proc_macro2::TokenStream;

/// Which helpers the client needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Needs {
    /// String enums exist.
    pub enum_str: bool,
    /// Integer enums exist.
    pub enum_int: bool,
    /// Number enums exist.
    pub enum_num: bool,
    /// Some operation has path parameters.
    pub path_params: bool,
    /// Some operation has query parameters (or a query API key).
    pub query: bool,
    /// Some path parameter has `style: label`.
    pub path_label: bool,
    /// Some path parameter has `style: matrix`.
    pub path_matrix: bool,
    /// Some operation has cookie parameters.
    pub cookies: bool,
    /// Some query parameter has `style: deepObject`.
    pub deep_object: bool,
    /// The spec has operations (so there is a client at all).
    pub client: bool,
    /// Some operation has header or cookie parameters.
    pub headers: bool,
    /// Some operation decodes a JSON body.
    pub decode_json: bool,
    /// Some operation sends a JSON body.
    pub json_body: bool,
    /// Some operation sends a form-encoded body.
    pub form: bool,
    /// Some operation sends a multipart body.
    pub multipart: bool,
    /// Some operation decodes a text body.
    pub text: bool,
    /// Some operation's successes are all JSON of one type (`Reply::json`).
    pub reply_json: bool,
    /// Some operation's successes all have no body (`Reply::empty`).
    pub reply_empty: bool,
    /// Some operation's successes are all text (`Reply::text`).
    pub reply_text: bool,
    /// Some operation's successes are all raw bytes (`Reply::bytes`).
    pub reply_bytes: bool,
    /// The spec declares HTTP basic authentication.
    pub basic_auth: bool,
    /// Some request body type has limits to check.
    pub validation: bool,
    /// Some validated field has a `pattern`.
    pub regex: bool,
    /// Some operation sends a batch that can be split into chunks.
    pub chunked: bool,
    /// Some field is optional and nullable.
    pub double_option: bool,
}

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
}
