//! What the client's emitters (methods, batch helpers) share beyond the IR.

use super::rust_type::TypeWriter;
use crate::ir::{Api, TypeRef};

/// What the client emitter needs to know beyond the IR.
pub struct ClientContext<'a> {
    /// Writes types as `types::X`.
    pub writer: &'a TypeWriter,
    /// `name/version` for the `User-Agent` header.
    pub user_agent: String,
    /// Name of each error body type's `ErrorBody` variant, by the type.
    pub error_variant: &'a dyn Fn(&TypeRef) -> Option<String>,
    /// Whether the body type of an operation has limits to check.
    pub validated: &'a dyn Fn(&TypeRef) -> bool,
    /// The API (for the chunking helpers, which look at body and response types).
    pub api: &'a Api,
    /// The cargo features per tag, and what each compiles.
    pub features: &'a super::features::TagFeatures,
}
