//! `--runtime-crate`: generated crates that depend on the `specgen-runtime` crate instead
//! of carrying its files compile with it as their one dependency (serde, serde_json, chrono,
//! uuid and reqwest come through its re-exports), their clients work, and two of them share
//! the runtime's types.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repo root")
}

/// The runtime crate of this workspace, as a path argument.
fn runtime_path() -> String {
    repo()
        .join("runtime")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
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

/// The `[dependencies]` lines of a generated `Cargo.toml`.
fn dependency_lines(manifest: &str) -> Vec<&str> {
    manifest
        .split("[dependencies]\n")
        .nth(1)
        .expect("a [dependencies] table")
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// Runs `cargo <args>` in `root` (a scratch workspace) with the workspace's lock file and
/// target folder: the same versions, already built.
fn cargo(root: &Path, args: &[&str]) {
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock file");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .arg("--offline")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_runtime_is_the_one_dependency_instead_of_files() {
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
    assert_eq!(
        dependency_lines(file("Cargo.toml")),
        [r#"specgen-runtime = { version = "0.1" }"#],
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
    // Every crate the generated code names, it names through the runtime.
    let types = file("src/types.rs");
    assert!(types.contains(r#"#[serde(crate = "super::runtime::serde")]"#));
    assert!(types.contains("super::runtime::chrono::DateTime"));
    assert!(file("src/client.rs").contains("super::runtime::reqwest::Method::POST"));
    for (path, text) in &output.files {
        let code = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"));
        for line in code {
            for krate in ["serde", "serde_json", "chrono", "reqwest", "uuid"] {
                for (at, needle) in line.match_indices(&format!("{krate}::")) {
                    let before = &line[..at];
                    let through_runtime = before.ends_with("runtime::");
                    let in_a_name = before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    assert!(
                        through_runtime || in_a_name,
                        "{path} names `{needle}` directly: {line}"
                    );
                }
            }
        }
    }
}

#[test]
fn registry_means_the_runtime_release_of_this_generator() {
    let output = specgen::Builder::new()
        .spec(repo().join("spec/hubspot-orders.yaml"))
        .crate_name("orders")
        .runtime_crate("registry")
        .generate_crate()
        .expect("generates");
    let manifest = &output
        .files
        .iter()
        .find(|(p, _)| p == "Cargo.toml")
        .expect("Cargo.toml")
        .1;
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        dependency_lines(manifest),
        [format!(r#"specgen-runtime = {{ version = "{version}" }}"#)],
        "{manifest}"
    );
    // The generator carries the files of the runtime of its own version.
    let runtime_manifest =
        std::fs::read_to_string(repo().join("runtime/Cargo.toml")).expect("runtime manifest");
    assert!(
        runtime_manifest.contains(&format!("\nversion = \"{version}\"\n")),
        "specgen and specgen-runtime are released with one version: {version}"
    );
}

#[test]
fn two_generated_crates_share_one_runtime_crate_and_their_clients_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let runtime = runtime_path();
    generate(&root.join("orders-a"), "orders-a", &runtime);
    generate(&root.join("orders-b"), "orders-b", &runtime);
    let manifest = std::fs::read_to_string(root.join("orders-a/Cargo.toml")).expect("manifest");
    assert_eq!(
        dependency_lines(&manifest),
        [format!("specgen-runtime = {{ path = \"{runtime}\" }}")],
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

[dev-dependencies]
# The executor of the test; the client needs nothing else.
tokio = {{ version = "1", features = ["macros", "rt"] }}
"#
        ),
    )
    .expect("manifest");
    std::fs::create_dir_all(root.join("src")).expect("src");
    std::fs::create_dir_all(root.join("tests")).expect("tests");
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
    std::fs::write(root.join("tests/client.rs"), CLIENT_TEST).expect("tests/client.rs");
    cargo(root, &["test", "--quiet"]);
}

/// A call through a crate generated on the runtime crate, against a one-answer HTTP server
/// on 127.0.0.1: the request goes out as the spec says and the answer decodes (dates
/// through the runtime's chrono).
const CLIENT_TEST: &str = r##"use std::io::{Read, Write};
use std::net::TcpListener;

use orders_a::responses::BatchUpdateResponse;
use orders_a::runtime::chrono::Datelike;
use orders_a::types::{BatchInputSimplePublicObjectBatchInput, SimplePublicObjectBatchInput};

const ANSWER: &str = r#"{"completedAt":"2023-11-07T05:31:56Z","startedAt":"2023-11-07T05:31:55Z","status":"COMPLETE","results":[{"id":"512","archived":false,"createdAt":"2019-10-30T03:30:17.883Z","updatedAt":"2019-12-07T16:50:06.678Z","properties":{"hs_order_name":"Renewal"}}]}"#;

/// Answers one request with `ANSWER`; returns the request as received.
fn serve_once(listener: TcpListener) -> String {
    let (mut stream, _) = listener.accept().expect("a connection");
    let mut request = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        let read = stream.read(&mut buffer).expect("reads");
        request.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&request).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .map_or(0, |v| v.parse::<usize>().expect("a length"));
            if request.len() >= end + 4 + length {
                break;
            }
        }
        assert!(read > 0, "the request ends early");
    }
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ANSWER}",
        ANSWER.len()
    );
    stream.write_all(answer.as_bytes()).expect("answers");
    String::from_utf8(request).expect("UTF-8 request")
}

#[tokio::test]
async fn a_call_goes_out_and_its_answer_decodes() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let address = listener.local_addr().expect("address");
    let server = std::thread::spawn(move || serve_once(listener));
    let client = orders_a::Client::builder()
        .base_url(format!("http://{address}"))
        .bearer_token("pat-test")
        .build()
        .expect("builds");
    let body = BatchInputSimplePublicObjectBatchInput {
        inputs: vec![SimplePublicObjectBatchInput {
            id: "512".to_owned(),
            id_property: None,
            object_write_trace_id: None,
            properties: [("hs_order_name".to_owned(), "Renewal".to_owned())].into(),
        }],
    };
    let answer = client.batch_update(&body).await.expect("the call succeeds");
    let BatchUpdateResponse::Ok(answer) = answer else {
        panic!("expected the 200 body, got {answer:?}");
    };
    assert_eq!(answer.results[0].id, "512");
    assert_eq!(answer.results[0].created_at.year(), 2019);
    let request = server.join().expect("the server ends");
    assert!(
        request.starts_with("POST /crm/v3/objects/orders/batch/update HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.to_ascii_lowercase().contains("authorization: bearer pat-test\r\n"), "{request}");
    assert!(
        request.ends_with(r#"{"inputs":[{"id":"512","properties":{"hs_order_name":"Renewal"}}]}"#),
        "{request}"
    );
}
"##;

#[test]
fn every_feature_spec_compiles_on_the_runtime_crate_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let runtime = runtime_path();
    let mut members = Vec::new();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/features/specs"))
        .expect("feature specs")
        .map(|entry| entry.expect("entry").path())
        .collect();
    specs.sort();
    for spec in &specs {
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("name");
        specgen::Builder::new()
            .spec(spec)
            .crate_name(format!("feature-{stem}"))
            .runtime_crate(runtime.as_str())
            .write_crate(&root.join(stem))
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        members.push(stem.to_owned());
    }
    // Several specs, one crate: the HubSpot CRM description file.
    let crm = || {
        specgen::Builder::new()
            .config(repo().join("tests/features/crm/specgen.toml"))
            .expect("reads specgen.toml")
            .runtime_crate(runtime.as_str())
    };
    crm().write_crate(&root.join("crm")).expect("CRM crate");
    members.push("crm".to_owned());
    // The example tests, which decode through the runtime's decoder.
    specgen::Builder::new()
        .spec(repo().join("spec/hubspot-orders.yaml"))
        .crate_name("examples")
        .runtime_crate(runtime.as_str())
        .example_tests(true)
        .write_crate(&root.join("examples"))
        .expect("examples crate");
    members.push("examples".to_owned());
    // A build step's single files, included by a crate whose one dependency is the runtime.
    let single = |builder: specgen::Builder| {
        builder
            .generate_single_file()
            .expect("single file")
            .files
            .into_iter()
            .next()
            .expect("one file")
            .1
    };
    let orders = single(
        specgen::Builder::new()
            .spec(repo().join("spec/hubspot-orders.yaml"))
            .crate_name("hubspot-orders")
            .runtime_crate(runtime.as_str()),
    );
    std::fs::create_dir_all(root.join("included/src")).expect("src");
    std::fs::write(root.join("included/src/orders.rs"), orders).expect("orders.rs");
    std::fs::write(root.join("included/src/crm.rs"), single(crm())).expect("crm.rs");
    std::fs::write(
        root.join("included/src/lib.rs"),
        "pub mod orders {\n    include!(\"orders.rs\");\n}\npub mod crm {\n    include!(\"crm.rs\");\n}\n",
    )
    .expect("lib.rs");
    std::fs::write(
        root.join("included/Cargo.toml"),
        format!(
            "[package]\nname = \"included\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nspecgen-runtime = {{ path = \"{runtime}\" }}\n"
        ),
    )
    .expect("manifest");
    members.push("included".to_owned());
    for member in &members {
        let manifest =
            std::fs::read_to_string(root.join(member).join("Cargo.toml")).expect("manifest");
        let lines = dependency_lines(&manifest);
        assert!(
            lines.len() == 1 && lines[0].starts_with("specgen-runtime = "),
            "{member}: {manifest}"
        );
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    )
    .expect("workspace manifest");
    cargo(
        root,
        &[
            "check",
            "--quiet",
            "--workspace",
            "--lib",
            "--test",
            "examples",
        ],
    );
}
