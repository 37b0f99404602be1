//! specgen as a build step (BENCHMARKS.md, item 3): generates the HubSpot orders bindings
//! into `OUT_DIR`, as the README's build-step section shows.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    specgen::Builder::new()
        .spec("spec/hubspot-orders.yaml")
        .overlay("spec/hubspot-crm.overlay.yaml")
        .crate_name("hubspot-orders")
        .generate_to_out_dir()?;
    Ok(())
}
