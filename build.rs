//! The build-step demo: generate the HubSpot orders bindings into `OUT_DIR` with the specgen
//! library, the way a crate that does not commit generated code would.

use std::process::ExitCode;

fn main() -> ExitCode {
    let result = specgen::Builder::new()
        .spec("spec/hubspot-orders.yaml")
        // HubSpot sends `null` for a property without a value (README, "Fixing a vendor's
        // spec with an Overlay"); its second action selects nothing here and warns.
        .overlay("spec/hubspot-crm.overlay.yaml")
        .crate_name("hubspot-orders")
        .generate_to_out_dir();
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            // Cargo shows a build script's stderr on failure; the diagnostics name file,
            // JSON pointer and line.
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
