//! The runtime every generated crate uses: the `specgen-runtime` crate's source files,
//! embedded here and written verbatim as the generated crate's `runtime` module (or, with
//! `--runtime-crate`, a dependency on that crate). Which parts a crate gets is plain data,
//! computed from the IR before anything is emitted.

mod error_body;
mod validate;

pub use error_body::{ErrorVariant, error_module};
pub use validate::{validate_impls, validated_types};

use crate::ir::decode::TypeIndex;
use crate::ir::{Api, BodyEncoding, TypeKind, TypeRef};

/// A part of the runtime: one source file of the `specgen-runtime` crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Credentials that never print.
    Auth,
    /// Batches sent in chunks.
    Chunked,
    /// The client core: execute/send, `ResponseFuture`.
    Client,
    /// Response bodies.
    Decode,
    /// Null-versus-absent fields and open enums of the types.
    Deserialize,
    /// Parameters and request bodies.
    Encode,
    /// `Error<B>` and friends.
    Error,
    /// `Hooks` and `TokenSource`.
    Hooks,
    /// The client-side `RateLimiter`.
    Limiter,
    /// Multipart request bodies (reqwest's `multipart` feature).
    Multipart,
    /// Streams of the pages and items of paginated lists.
    Paging,
    /// `pattern` checks (the `regex` crate).
    Pattern,
    /// Rate-limit headers.
    RateLimit,
    /// `RetryPolicy` and backoff.
    Retry,
    /// Checks of request bodies.
    Validate,
}

impl Part {
    /// The module name, which is also the file name in `runtime/src/`.
    pub fn module(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Chunked => "chunked",
            Self::Client => "client",
            Self::Decode => "decode",
            Self::Deserialize => "deserialize",
            Self::Encode => "encode",
            Self::Error => "error",
            Self::Hooks => "hooks",
            Self::Limiter => "limiter",
            Self::Multipart => "multipart",
            Self::Paging => "paging",
            Self::Pattern => "pattern",
            Self::RateLimit => "rate_limit",
            Self::Retry => "retry",
            Self::Validate => "validate",
        }
    }

    /// The file's source, as the runtime crate has it.
    pub fn source(self) -> &'static str {
        match self {
            Self::Auth => include_str!("../../../runtime-src/auth.rs"),
            Self::Chunked => include_str!("../../../runtime-src/chunked.rs"),
            Self::Client => include_str!("../../../runtime-src/client.rs"),
            Self::Decode => include_str!("../../../runtime-src/decode.rs"),
            Self::Deserialize => include_str!("../../../runtime-src/deserialize.rs"),
            Self::Encode => include_str!("../../../runtime-src/encode.rs"),
            Self::Error => include_str!("../../../runtime-src/error.rs"),
            Self::Hooks => include_str!("../../../runtime-src/hooks.rs"),
            Self::Limiter => include_str!("../../../runtime-src/limiter.rs"),
            Self::Multipart => include_str!("../../../runtime-src/multipart.rs"),
            Self::Paging => include_str!("../../../runtime-src/paging.rs"),
            Self::Pattern => include_str!("../../../runtime-src/pattern.rs"),
            Self::RateLimit => include_str!("../../../runtime-src/rate_limit.rs"),
            Self::Retry => include_str!("../../../runtime-src/retry.rs"),
            Self::Validate => include_str!("../../../runtime-src/validate.rs"),
        }
    }

    /// The runtime crate's cargo feature that enables the part, for optional parts.
    pub fn feature(self) -> Option<&'static str> {
        match self {
            Self::Multipart => Some("multipart"),
            Self::Pattern => Some("regex"),
            _ => None,
        }
    }
}

/// The parts of the runtime a generated crate includes, in module order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts(Vec<Part>);

impl Parts {
    /// Whether the part is included.
    pub fn has(&self, part: Part) -> bool {
        self.0.contains(&part)
    }

    /// The parts, sorted by module name.
    pub fn iter(&self) -> impl Iterator<Item = Part> + '_ {
        self.0.iter().copied()
    }

    /// The parts any of `all` includes.
    pub fn union<'a>(all: impl IntoIterator<Item = &'a Parts>) -> Parts {
        let mut parts: Vec<Part> = all.into_iter().flat_map(|p| p.iter()).collect();
        parts.sort_by_key(|p| p.module());
        parts.dedup();
        Parts(parts)
    }

    /// The runtime crate's features these parts need.
    pub fn features(&self) -> Vec<&'static str> {
        self.iter().filter_map(Part::feature).collect()
    }
}

/// The parts of the runtime the crate generated from `api` uses: the types' deserialisation
/// helpers when some type needs them, errors and the client machinery when there are
/// operations, and the optional parts when some operation needs them. A crate of types
/// alone has no HTTP dependencies.
pub fn parts(api: &Api) -> Parts {
    let mut parts = Vec::new();
    let index = TypeIndex::new(&api.types);
    let deserializes = api.types.iter().any(|t| match &t.kind {
        TypeKind::Enum(_) => true,
        TypeKind::Struct(s) => s.fields.iter().any(|f| !f.required && f.nullable),
        TypeKind::Union(u) => index.ranked_variants(u).is_some(),
        _ => false,
    });
    if deserializes {
        parts.push(Part::Deserialize);
    }
    if !api.operations.is_empty() {
        parts.extend([
            Part::Error,
            Part::RateLimit,
            Part::Decode,
            Part::Client,
            Part::Retry,
            Part::Auth,
            Part::Hooks,
            Part::Limiter,
        ]);
    }
    let encodes = api.operations.iter().any(|op| {
        !op.params.is_empty()
            || op.body.as_ref().is_some_and(|b| {
                matches!(
                    b.encoding,
                    BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
                )
            })
    });
    if encodes {
        parts.push(Part::Encode);
    }
    if api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.encoding == BodyEncoding::Multipart)
    }) {
        parts.push(Part::Multipart);
    }
    let validated = validated_types(api);
    if validate::validates_bodies(api, &validated) {
        parts.push(Part::Validate);
        if validate::checks_patterns(api, &validated) {
            parts.push(Part::Pattern);
        }
    }
    if super::chunked::has_batches(api) {
        parts.push(Part::Chunked);
    }
    if api.operations.iter().any(|op| op.pagination.is_some()) {
        parts.push(Part::Paging);
    }
    parts.sort_by_key(|p| p.module());
    Parts(parts)
}

/// `src/runtime/mod.rs` of a crate that carries the runtime: one declaration per part
/// (each file documents itself).
pub fn mod_rs(parts: &Parts) -> String {
    let mut text = String::from(
        "//! The runtime of this client: the parts of `specgen-runtime` it uses, verbatim.\n\n",
    );
    for part in parts.iter() {
        text.push_str(&format!("pub mod {};\n", part.module()));
    }
    text
}

/// Whether writing the type refers to the `types` module.
pub fn names_a_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner) => names_a_type(inner),
        TypeRef::Tuple(elements) => elements.iter().any(names_a_type),
        _ => false,
    }
}
