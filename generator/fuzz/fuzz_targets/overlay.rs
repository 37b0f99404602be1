//! Arbitrary bytes as an OpenAPI Overlay (YAML or JSON: the text decides) applied to the
//! HubSpot spec: reading the overlay, applying its actions and generating from the result
//! must end with files or an error, never a panic and never an internal error.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SPEC: &str = include_str!("../../../spec/hubspot-orders.yaml");

fuzz_target!(|data: &[u8]| {
    let overlay = String::from_utf8_lossy(data).into_owned();
    specgen_fuzz_support::generate(
        "hubspot-orders.yaml",
        SPEC.to_owned(),
        &[("fuzz.overlay.yaml", overlay)],
    );
});

// `run` (a spec from bytes) is for the other targets.
#[allow(dead_code)]
mod specgen_fuzz_support {
    include!("../support.rs");
}
