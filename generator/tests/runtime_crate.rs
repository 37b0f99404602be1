//! `--runtime-crate`: generated crates that depend on the `specgen-runtime` crate instead
//! of carrying its files compile, and two of them share the runtime's types.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repo root")
}

/// Generates the HubSpot crate as `name` into `dir`, on the runtime crate at `runtime`.
fn generate(dir: &Path, name: &str, runtime: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .arg("generate")
        .arg(repo().join("spec/hubspot-orders.yaml"))
        .arg("--out")
        .arg(dir)
        .args(["--crate-name", name, "--runtime-crate", runtime])
        .status()
        .expect("specgen runs");
    assert!(status.success(), "generate {name}");
}

#[test]
fn the_runtime_is_a_dependency_instead_of_files() {
    let output = specgen::Builder::new()
        .spec(repo().join("spec/hubspot-orders.yaml"))
        .crate_name("orders")
        .runtime_crate("0.1")
        .generate_crate()
        .expect("generates");
    let file = |path: &str| {
        output
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("{path} is written"))
    };
    assert!(
        file("Cargo.toml").contains(r#"specgen-runtime = { version = "0.1" }"#),
        "{}",
        file("Cargo.toml")
    );
    assert!(file("src/lib.rs").contains("pub use specgen_runtime as runtime;"));
    assert!(
        !output
            .files
            .iter()
            .any(|(p, _)| p.starts_with("src/runtime")),
        "no runtime files"
    );
}

#[test]
fn two_generated_crates_share_one_runtime_crate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let runtime = repo().join("runtime");
    let runtime = runtime.to_str().expect("UTF-8 path");
    generate(&root.join("orders-a"), "orders-a", runtime);
    generate(&root.join("orders-b"), "orders-b", runtime);
    let manifest = std::fs::read_to_string(root.join("orders-a/Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains(&format!("specgen-runtime = {{ path = \"{runtime}\" }}")),
        "{manifest}"
    );

    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            r#"[package]
name = "both"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
orders-a = {{ path = "orders-a" }}
orders-b = {{ path = "orders-b" }}
specgen-runtime = {{ path = "{runtime}" }}
"#
        ),
    )
    .expect("manifest");
    std::fs::create_dir_all(root.join("src")).expect("src");
    // Each line compiles only if both crates use the very same runtime types.
    std::fs::write(
        root.join("src/lib.rs"),
        r#"//! Two clients, one retry policy.

use specgen_runtime::retry::RetryPolicy;

/// Builds both clients with one policy value.
pub fn clients(policy: &RetryPolicy) -> (orders_a::Client, orders_b::Client) {
    let a = orders_a::Client::builder().retry_policy(policy.clone()).build();
    let b = orders_b::Client::builder().retry_policy(policy.clone()).build();
    (a.expect("builds"), b.expect("builds"))
}

/// One crate's policy is the other's.
pub fn same_policy(policy: orders_a::RetryPolicy) -> orders_b::RetryPolicy {
    policy
}

/// One crate's rate-limit information is the other's.
pub fn same_rate_limit(limit: orders_a::RateLimit) -> orders_b::RateLimit {
    limit
}
"#,
    )
    .expect("lib.rs");
    // The workspace's lock file and target folder: the same versions, already built.
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
