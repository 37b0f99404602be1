//! Fixtures for the benchmarks in `benches/benches/` (see `BENCHMARKS.md`):
//!
//! - [`payload`]: the JSON bodies measured — a `BatchResponseSimplePublicObject` with 100
//!   results of 20 properties each, and the batch-update request with 100 inputs;
//! - [`hand`]: hand-written serde types of the same shape, the baseline the generated types
//!   are compared with;
//! - [`server`]: a minimal HTTP/1.1 server on 127.0.0.1 that answers every request with one
//!   fixed body, so the generated client and plain `reqwest` hit the same server.

pub mod hand;
pub mod payload;
pub mod server;
