//! Several specs, one crate: what is shared and what stays apart, the one error type, module
//! names, and the usage errors of mixing one-spec and several-spec settings. (The HubSpot
//! CRM crate in `tests/features` compiles and runs such a crate; its snapshot is
//! `tests/snapshots/hubspot_crm`.)

use std::path::Path;

use specgen::{Builder, Error, ModuleSpec};

/// A spec with one operation answering `Thing` and failing with `Problem`; `problem` is the
/// error schema's properties, `extra` more schemas.
fn spec(title: &str, path: &str, problem: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{title: {title}, version: "1"}}
servers: [{{url: "https://{title}.example.com"}}]
paths:
  {path}:
    get:
      operationId: getThing
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
        default:
          description: failed
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Problem"}}
components:
  schemas:
    Thing:
      description: A thing of {title}.
      type: object
      required: [id]
      properties:
        id: {{type: string}}
        tags: {{type: array, items: {{$ref: "#/components/schemas/Tag"}}}}
    Tag:
      type: object
      properties:
        name: {{type: string}}
    Problem:
      type: object
      required: [message]
      properties:
{problem}
"##
    )
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("spec written");
    path
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(path, _)| path == name)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("{name} not generated"))
}

#[test]
fn alike_schemas_are_shared_and_differing_ones_stay_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let message = "        message: {type: string}\n";
    let coded = "        message: {type: string}\n        code: {type: integer}\n";
    let a = write(
        dir.path(),
        "a.yaml",
        &spec("alpha", "/things/{id}", message),
    );
    let b = write(dir.path(), "b.yaml", &spec("beta", "/items/{id}", coded));
    let builder = Builder::new()
        .crate_name("pair")
        .module(ModuleSpec::new("alpha", &a))
        .module(ModuleSpec::new("beta", &b));
    let output = builder.generate_crate().expect("generates");
    let again = builder.generate_crate().expect("generates again");
    assert_eq!(output.files, again.files, "deterministic");

    // Thing and Tag are alike (docs aside): one type each, re-exported by both modules.
    let shared = file(&output.files, "src/shared.rs");
    assert!(shared.contains("pub struct Thing {"), "{shared}");
    assert!(shared.contains("pub struct Tag {"), "{shared}");
    assert!(!shared.contains("Problem"), "{shared}");
    for module in ["alpha", "beta"] {
        let types = file(&output.files, &format!("src/{module}/types.rs"));
        assert!(
            types.contains("pub use super::super::shared::{Tag, Thing};"),
            "{types}"
        );
        assert!(types.contains("pub struct Problem {"), "{types}");
        assert!(!types.contains("pub struct Thing"), "{types}");
        let docs = file(&output.files, &format!("src/{module}/mod.rs"));
        assert!(docs.contains("`Tag`, `Thing`"), "{docs}");
    }

    // The two `Problem`s are two variants of the one `ErrorBody`, each under its module.
    let error = file(&output.files, "src/error.rs");
    assert!(
        error.contains("Problem(super::alpha::types::Problem)"),
        "{error}"
    );
    assert!(
        error.contains("BetaProblem(super::beta::types::Problem)"),
        "{error}"
    );
    assert!(
        error.contains("#[cfg(feature = \"beta\")]"),
        "each variant is compiled with its module: {error}"
    );

    // One client; each API keeps its own server unless the user chooses one.
    let client = file(&output.files, "src/client.rs");
    assert!(client.contains("pub fn alpha(&self) -> &super::alpha::client::Client"));
    assert!(client.contains("core.for_default_server(super::beta::client::DEFAULT_BASE_URL)"));
    let manifest = file(&output.files, "Cargo.toml");
    assert!(
        manifest.contains("default = [\"alpha\", \"beta\"]\nalpha = []\nbeta = []\n"),
        "{manifest}"
    );

    // The same methods in both modules never clash: each is on its module's client.
    for module in ["alpha", "beta"] {
        let client = file(&output.files, &format!("src/{module}/client.rs"));
        assert!(client.contains("pub fn get_thing("), "{client}");
        assert!(!client.contains("pub struct ClientBuilder"), "{client}");
    }
}

#[test]
fn one_spec_settings_and_bad_module_names_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(
        dir.path(),
        "a.yaml",
        &spec("alpha", "/things/{id}", "        message: {type: string}\n"),
    );
    let usage = |builder: Builder| match builder.generate_crate() {
        Err(Error::Usage(message)) => message,
        other => panic!("a usage error expected, got {other:?}"),
    };
    let two = |builder: Builder| {
        builder
            .module(ModuleSpec::new("alpha", &a))
            .module(ModuleSpec::new("beta", &a))
    };
    assert!(usage(two(Builder::new())).contains("needs a name"));
    let named = || two(Builder::new().crate_name("pair"));
    assert!(usage(named().spec(&a)).contains("in its module"));
    assert!(usage(named().overlay(&a)).contains("in its module"));
    assert!(usage(named().tag_features(true)).contains("features per tag"));
    assert!(usage(named().example_tests(true)).contains("one spec"));
    let clash = Builder::new()
        .crate_name("pair")
        .module(ModuleSpec::new("alpha", &a))
        .module(ModuleSpec::new("alpha", &a));
    assert!(usage(clash).contains("named twice"));
    for bad in ["client", "Alpha", "type", "rate_limit"] {
        let builder = Builder::new()
            .crate_name("one")
            .module(ModuleSpec::new(bad, &a));
        let message = usage(builder);
        assert!(message.contains(&format!("`{bad}`")), "{bad}: {message}");
    }
    // A spec the same in both modules still generates: everything is shared.
    let output = named().generate_crate().expect("generates");
    assert!(file(&output.files, "src/shared.rs").contains("pub struct Problem {"));
}
