//! The `specgen` binary: exit codes 0 (ok / up to date), 1 (drift), 2 (error), and what it
//! prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn specgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .output()
        .expect("runs specgen")
}

fn shipped_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/hubspot-orders.yaml")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn generate_then_check_then_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    let spec = shipped_spec();
    let (spec, out_s) = (spec.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let generated = specgen(&[
        "generate",
        spec,
        "--out",
        out_s,
        "--crate-name",
        "hubspot-orders",
    ]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    assert!(out.join("Cargo.toml").is_file() && out.join("src/lib.rs").is_file());

    let check = specgen(&[
        "check",
        spec,
        "--out",
        out_s,
        "--crate-name",
        "hubspot-orders",
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    std::fs::write(out.join("src/client.rs"), "// edited by hand\n").expect("write");
    let drift = specgen(&[
        "check",
        spec,
        "--out",
        out_s,
        "--crate-name",
        "hubspot-orders",
    ]);
    assert_eq!(drift.status.code(), Some(1));
    assert!(
        stderr(&drift).contains("src/client.rs"),
        "{}",
        stderr(&drift)
    );

    let other_name = specgen(&["check", spec, "--out", out_s, "--crate-name", "other"]);
    assert_eq!(
        other_name.status.code(),
        Some(1),
        "the crate name is part of the output"
    );
}

#[test]
fn spec_errors_exit_2_naming_file_pointer_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("broken.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/B'\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let output = specgen(&[
        "generate",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("broken.yaml:6:"), "{message}");
    assert!(message.contains("/components/schemas/A"), "{message}");
    assert!(message.contains("external $ref"), "{message}");
    assert!(!out.exists(), "nothing is written on error");
}

#[test]
fn syntax_errors_and_missing_files_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("bad.json");
    std::fs::write(&spec, "{\"openapi\": \"3.0.0\",\n \"info\": }").expect("write");
    let output = specgen(&["check", spec.to_str().expect("utf-8"), "--out", "unused"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad.json:2:"),
        "{}",
        stderr(&output)
    );

    let missing = specgen(&["generate", "does-not-exist.yaml", "--out", "unused"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("does-not-exist.yaml"),
        "{}",
        stderr(&missing)
    );

    let usage = specgen(&["generate"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn lint_exits_1_and_names_the_example_and_the_path_inside_it() {
    let spec = shipped_spec();
    let output = specgen(&["lint", spec.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("/examples/seed/value"), "{message}");
    assert!(message.contains("errors[0].errors[0].context"), "{message}");
    assert!(message.contains("hubspot-orders.yaml:"), "{message}");

    let dir = tempfile::tempdir().expect("tempdir");
    let clean = dir.path().join("clean.yaml");
    std::fs::write(&clean, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: integer, example: 3}\n").expect("write");
    assert_eq!(
        specgen(&["lint", clean.to_str().expect("utf-8")])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(specgen(&["lint", "missing.yaml"]).status.code(), Some(2));
}

#[test]
fn the_version_is_the_package_version() {
    for flag in ["--version", "-V"] {
        let output = specgen(&[flag]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("specgen {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn example_tests_are_generated_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    let spec = shipped_spec();
    let args = [
        "generate",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--example-tests",
    ];
    assert_eq!(specgen(&args).status.code(), Some(0));
    let tests = std::fs::read_to_string(out.join("tests/examples.rs")).expect("tests/examples.rs");
    assert!(syn::parse_file(&tests).is_ok(), "the test file parses");
    // The request example, the two response examples and the schema examples.
    assert!(tests.matches("#[test]").count() >= 4, "{tests}");
    assert!(
        tests.contains("{missingScopes=[scope1, scope2]}"),
        "the as-printed example is among them"
    );
    let check = [
        "check",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--example-tests",
    ];
    assert_eq!(specgen(&check).status.code(), Some(0));
    let without = [
        "check",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    assert_eq!(
        specgen(&without).status.code(),
        Some(1),
        "tests/examples.rs is extra without the flag"
    );
}

fn crm_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs/crm_objects.yaml")
}

#[test]
fn subsets_keep_the_operations_named_and_the_types_they_reach() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("batch");
    let spec = crm_spec();
    let output = specgen(&[
        "generate",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--include",
        "path:/crm/v3/objects/*/batch/**",
        "--exclude",
        "operation:batch_upsert",
        "--include",
        "tag:Nowhere",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`tag:Nowhere` matches no operation"),
        "{}",
        stderr(&output)
    );
    let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client");
    let types = std::fs::read_to_string(out.join("src/types.rs")).expect("types");
    for kept in ["pub fn batch_read", "pub fn batch_update("] {
        assert!(client.contains(kept), "{kept} kept");
    }
    for dropped in ["pub fn batch_upsert", "pub fn search", "pub fn list"] {
        assert!(!client.contains(dropped), "{dropped} left out");
    }
    assert!(types.contains("pub struct SimplePublicObjectBatchInput "));
    assert!(!types.contains("pub struct PublicObjectSearchRequest "));
    assert!(!types.contains("pub struct SimplePublicObjectBatchInputUpsert "));

    let types_only = dir.path().join("types-only");
    let output = specgen(&[
        "generate",
        spec.to_str().expect("utf-8"),
        "--out",
        types_only.to_str().expect("utf-8"),
        "--types-only",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(types_only.join("Cargo.toml")).expect("manifest");
    assert!(!manifest.contains("reqwest"), "{manifest}");
    assert!(!types_only.join("src/client.rs").exists());
    let types = std::fs::read_to_string(types_only.join("src/types.rs")).expect("types");
    assert!(types.contains("pub struct PublicObjectSearchRequest "));

    let bad = specgen(&[
        "generate",
        spec.to_str().expect("utf-8"),
        "--out",
        dir.path().join("bad").to_str().expect("utf-8"),
        "--include",
        "verb:get",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown kind `verb`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_description_file_describes_the_crate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = crm_spec();
    let config = dir.path().join("specgen.toml");
    std::fs::write(
        &config,
        format!(
            "[crate]\nname = \"crm-batch\"\nversion = \"0.2.0\"\n\n[[spec]]\npath = {:?}\ninclude = [\"path:/crm/v3/objects/*/batch/**\"]\n",
            spec.to_str().expect("utf-8")
        ),
    )
    .expect("write");
    let out = dir.path().join("out");
    let output = specgen(&[
        "generate",
        "--config",
        config.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("name = \"crm-batch\"\nversion = \"0.2.0\""),
        "{manifest}"
    );
    let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client");
    assert!(client.contains("pub fn batch_update") && !client.contains("pub fn search"));
    // An option on the command line overrides the file.
    let check = specgen(&[
        "check",
        "--config",
        config.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--crate-version",
        "0.3.0",
    ]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));

    std::fs::write(
        &config,
        "[crate]\nname = 3\n\n[[spec]]\npath = \"x.yaml\"\n",
    )
    .expect("write");
    let bad = specgen(&[
        "generate",
        "--config",
        config.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let message = stderr(&bad);
    assert!(message.contains("specgen.toml:2:8"), "{message}");
    assert!(message.contains("/crate/name"), "{message}");
}

/// A spec of 150 operations, a third with optional parameters and pages, some with error
/// bodies of their own: enough for the client to be printed in several parts.
fn large_spec() -> String {
    let mut paths = String::new();
    for i in 0..150 {
        let optional = if i % 3 == 0 {
            "\n        - {name: after, in: query, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}"
        } else {
            ""
        };
        let error = if i % 5 == 0 { "Problem" } else { "Error" };
        paths.push_str(&format!(
            "  /things{i}/{{id}}:\n    get:\n      operationId: getThing{i}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}{optional}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Page'}}\n        default:\n          description: error\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{error}'}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: Things, version: '1'}}\nservers: [{{url: 'https://example.com'}}]\npaths:\n{paths}components:\n  schemas:\n    Page:\n      type: object\n      properties:\n        results: {{type: array, items: {{type: string}}}}\n        paging: {{type: object, properties: {{next: {{type: object, properties: {{after: {{type: string}}}}}}}}}}\n    Error:\n      type: object\n      required: [message]\n      properties: {{message: {{type: string}}}}\n    Problem:\n      type: object\n      properties: {{detail: {{type: string}}}}\n"
    )
}

/// The client of a large API is printed in parts on several threads; the text is the same
/// whatever the number of parts.
#[test]
fn the_client_printed_in_parts_is_the_same_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("large.yaml");
    std::fs::write(&spec, large_spec()).expect("write");
    let client = |threads: &str| {
        let out = dir.path().join(format!("out-{threads}"));
        let output = Command::new(env!("CARGO_BIN_EXE_specgen"))
            .args(["generate", spec.to_str().expect("utf-8"), "--out"])
            .arg(&out)
            .env("SPECGEN_THREADS", threads)
            .output()
            .expect("runs specgen");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        std::fs::read_to_string(out.join("src/client.rs")).expect("client.rs")
    };
    let one = client("1");
    assert!(
        one.matches("pub fn get_thing").count() == 150,
        "every operation"
    );
    assert!(
        one.contains("pub struct GetThing0Request"),
        "request values"
    );
    for threads in ["2", "3", "7"] {
        assert!(
            client(threads) == one,
            "{threads} parts print other text than one"
        );
    }
}
