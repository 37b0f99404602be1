//! The user's derives and names for generated types and methods: given in the description
//! file, written into the crate, and a crate relying on them compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn derives_and_renames_from_the_description_file_compile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let spec = repo().join("tests/features/specs/crm_objects.yaml");
    let config = root.join("specgen.toml");
    std::fs::write(
        &config,
        format!(
            "[crate]\nname = \"crm\"\n\n[[spec]]\npath = {:?}\n\n[types]\nderives = [\"Eq\", \"PartialEq\"]\n[types.derive_for]\nFilter = [\"Hash\", \"::std::cmp::PartialOrd\"]\n\n[rename.types]\nSimplePublicObject = \"Order\"\n[rename.methods]\nbatch_update = \"update_many\"\n",
            spec.to_str().expect("utf-8")
        ),
    )
    .expect("config");
    let status = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(["generate", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(root.join("crm"))
        .status()
        .expect("specgen runs");
    assert!(status.success());
    let types = std::fs::read_to_string(root.join("crm/src/types.rs")).expect("types");
    // Written once, never repeating a derive specgen writes itself (`PartialEq`).
    assert!(
        types.contains("#[derive(Eq)]\n#[derive(Debug, Clone, PartialEq,"),
        "{types}"
    );
    assert!(
        types.contains("#[derive(Eq, Hash, ::std::cmp::PartialOrd)]\n"),
        "{types}"
    );
    assert!(
        !types.contains("derive(Eq, PartialEq"),
        "PartialEq is specgen's"
    );

    // A crate that relies on them.
    std::fs::create_dir_all(root.join("user/src")).expect("user crate");
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"crm\", \"user\"]\nresolver = \"3\"\n",
    )
    .expect("workspace");
    std::fs::write(
        root.join("user/Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ncrm = { path = \"../crm\" }\n",
    )
    .expect("manifest");
    std::fs::write(
        root.join("user/src/lib.rs"),
        "//! Uses the derives and the names.\n\n/// Filters in a set.\npub fn unique(filters: Vec<crm::types::Filter>) -> std::collections::HashSet<crm::types::Filter> {\n    filters.into_iter().collect()\n}\n\n/// The renamed method and type.\npub async fn update(client: &crm::Client, body: &crm::types::BatchInputSimplePublicObjectBatchInput) -> Vec<crm::types::Order> {\n    match client.update_many(body).await {\n        Ok(response) => response.results().to_vec(),\n        Err(_) => Vec::new(),\n    }\n}\n",
    )
    .expect("lib.rs");
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock file");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--offline"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo check: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_derive_that_is_not_a_path_is_a_usage_error() {
    let error = specgen::Builder::new()
        .spec(repo().join("spec/hubspot-orders.yaml"))
        .derive("not a path")
        .generate_crate()
        .expect_err("refused");
    assert!(matches!(error, specgen::Error::Usage(_)), "{error}");
    assert!(error.to_string().contains("not a path"), "{error}");
}
