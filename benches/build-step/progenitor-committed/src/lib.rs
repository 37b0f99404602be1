//! The HubSpot orders bindings progenitor generated, committed (`codegen.rs` is copied in
//! by scripts/bench.sh from a progenitor-build-rs build).

include!("codegen.rs");
