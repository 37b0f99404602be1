//! Tests of the stages behind the public API: small specs lowered and emitted, with
//! assertions on the IR (types, operations, warnings) that the API does not expose.

mod dialects;
mod limits;
mod lowering;
mod openapi31;
