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
    pub error_variant: &'a (dyn Fn(&TypeRef) -> Option<String> + Sync),
    /// Whether the body type of an operation has limits to check.
    pub validated: &'a (dyn Fn(&TypeRef) -> bool + Sync),
    /// The API (for the chunking helpers, which look at body and response types).
    pub api: &'a Api,
    /// The cargo features per tag, and what each compiles.
    pub features: &'a super::features::TagFeatures,
}

/// What threads emitting parts of one client module share: a [`ClientContext`] without its
/// writer, whose tokens cannot leave the thread that makes them.
#[derive(Clone, Copy)]
pub struct SharedContext<'a> {
    crates: &'a super::rust_type::Crates,
    user_agent: &'a str,
    error_variant: &'a (dyn Fn(&TypeRef) -> Option<String> + Sync),
    validated: &'a (dyn Fn(&TypeRef) -> bool + Sync),
    api: &'a Api,
    features: &'a super::features::TagFeatures,
}

impl<'a> ClientContext<'a> {
    /// The part other threads can share.
    pub fn shared(&'a self) -> SharedContext<'a> {
        SharedContext {
            crates: self.writer.crates(),
            user_agent: &self.user_agent,
            error_variant: self.error_variant,
            validated: self.validated,
            api: self.api,
            features: self.features,
        }
    }
}

impl<'a> SharedContext<'a> {
    /// A writer for this thread that writes what the shared context's writer does.
    pub fn writer(self) -> TypeWriter {
        TypeWriter::outside_types().with_crates(self.crates.clone())
    }

    /// A context for this thread, writing types with `writer`.
    pub fn with_writer(self, writer: &'a TypeWriter) -> ClientContext<'a> {
        ClientContext {
            writer,
            user_agent: self.user_agent.to_owned(),
            error_variant: self.error_variant,
            validated: self.validated,
            api: self.api,
            features: self.features,
        }
    }
}
