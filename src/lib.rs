//! The build-step demo crate: `build.rs` generates the HubSpot orders bindings from
//! `spec/hubspot-orders.yaml` with `spec/hubspot-crm.overlay.yaml` into `OUT_DIR`, and this
//! crate includes them. The committed
//! `generated/` crate (`hubspot-orders`) holds the same code as a regular crate; the tests
//! in `tests/` check that both agree.

/// Bindings for HubSpot's CRM orders batch update, generated at build time.
pub mod hubspot_orders {
    include!(concat!(env!("OUT_DIR"), "/hubspot_orders.rs"));
}

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
