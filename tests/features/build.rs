//! Generates every spec in `specs/` into `OUT_DIR`, one file per spec.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut specs: Vec<_> = match std::fs::read_dir("specs") {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("specs/: {e}");
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    println!("cargo:rerun-if-changed=specs");
    for spec in specs {
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        let result = specgen::Builder::new()
            .spec(&spec)
            .crate_name(format!("feature-{stem}"))
            .file_name(format!("{stem}.rs"))
            .generate_to_out_dir();
        if let Err(e) = result {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    // Several specs, one crate: HubSpot's CRM as one module per spec.
    println!("cargo:rerun-if-changed=crm");
    let crm = specgen::Builder::new()
        .config("crm/specgen.toml")
        .and_then(|builder| builder.file_name("hubspot_crm.rs").generate_to_out_dir());
    if let Err(e) = crm {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
