//! Arbitrary bytes as an OpenAPI Overlay (YAML or JSON: the text decides) applied to the
//! HubSpot spec: reading the overlay, applying its actions and generating from the result
//! must end with files or an error, never a panic and never an internal error.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use specgen::load::overlay::Overlay;

const SPEC: &str = include_str!("../../../spec/hubspot-orders.yaml");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let overlay = match Overlay::parse(Path::new("fuzz.overlay.yaml"), text) {
        Ok(overlay) => overlay,
        Err(error) => return specgen_fuzz_support::check(&error),
    };
    specgen_fuzz_support::generate(specgen::load::load_str_with_overlays(
        Path::new("hubspot-orders.yaml"),
        SPEC.to_owned(),
        &[overlay],
    ));
});

// `run` (a spec from bytes) is for the other targets.
#[allow(dead_code)]
mod specgen_fuzz_support {
    include!("../support.rs");
}
