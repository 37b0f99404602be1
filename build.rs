//! The build-step demo: generate the HubSpot orders bindings into `OUT_DIR` with the specgen
//! library, the way a crate that does not commit generated code would.

use std::process::ExitCode;

fn main() -> ExitCode {
    let result = specgen::Builder::new()
        .spec("spec/hubspot-orders.yaml")
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
