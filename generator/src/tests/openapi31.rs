//! OpenAPI 3.1 constructs read from the raw document: `webhooks` (payload types and the
//! `webhooks` module), `info.summary`, and `prefixItems` in the generated files.

use std::path::{Path, PathBuf};

use crate::ir::{self, Api, BodyEncoding, Method, TypeKind, TypeRef};
use crate::{Builder, Diagnostic, Error, Severity};

fn lower(yaml: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let spec = crate::load::load_str(Path::new("test.yaml"), yaml.to_owned())?;
    ir::lower(&spec)
}

fn shapes_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs/openapi31_shapes.yaml")
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn webhooks_become_payload_aliases_named_from_the_webhook() {
    let (api, warnings) = lower(&format!(
        r#"{HEAD}webhooks:
  newPet:
    post:
      summary: A pet was added.
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Pet'}}
  pet-sold:
    post:
      requestBody:
        content:
          application/json:
            schema: {{type: object, properties: {{id: {{type: string}}}}}}
  bodiless:
    get: {{}}
  oneBody:
    post:
      requestBody: {{content: {{}}}}
    put:
      requestBody:
        content:
          application/json:
            schema: {{type: string}}
  shared:
    put:
      requestBody: {{$ref: '#/components/requestBodies/Raw'}}
    post:
      requestBody:
        content:
          application/json:
            schema: {{type: object, properties: {{id: {{type: integer}}}}}}
components:
  requestBodies:
    Raw:
      content:
        application/octet-stream: {{}}
  schemas:
    Pet: {{type: object, properties: {{name: {{type: string}}}}}}
    PetSoldPayload: {{type: string}}
"#
    ))
    .expect("lowers");
    assert!(warnings.is_empty(), "{warnings:?}");
    let found: Vec<(&str, &str, Method, &TypeRef)> = api
        .webhooks
        .iter()
        .map(|w| (w.name.as_str(), w.alias.as_str(), w.method, &w.payload.ty))
        .collect();
    let named = |n: &str| TypeRef::Named(n.to_owned());
    assert_eq!(
        found,
        [
            ("newPet", "NewPet", Method::Post, &named("Pet")),
            // The component `PetSoldPayload` keeps its name; the inline payload is numbered.
            (
                "pet-sold",
                "PetSold",
                Method::Post,
                &named("PetSoldPayload2")
            ),
            // Only one of its bodies has content: no method in the name.
            ("oneBody", "OneBody", Method::Put, &TypeRef::String),
            ("shared", "SharedPut", Method::Put, &TypeRef::Binary),
            (
                "shared",
                "SharedPost",
                Method::Post,
                &named("SharedPostPayload")
            ),
        ]
    );
    assert_eq!(api.webhooks[3].payload.encoding, BodyEncoding::Bytes);
    assert!(matches!(
        api.types
            .iter()
            .find(|t| t.name == "PetSoldPayload2")
            .map(|t| &t.kind),
        Some(TypeKind::Struct(_))
    ));
    let docs = api.webhooks[0].docs.as_deref().unwrap_or_default();
    assert!(
        docs.starts_with("Payload of the `newPet` webhook (`POST`).")
            && docs.contains("A pet was added."),
        "{docs}"
    );
    // No client methods come from webhooks.
    assert!(api.operations.is_empty());
}

#[test]
fn a_webhook_that_is_not_a_path_item_is_an_error_at_its_pointer() {
    let errors = |yaml: String| match lower(&yaml) {
        Err(Error::Spec(diagnostics)) => diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.pointer)
            .collect::<Vec<_>>(),
        other => panic!("expected errors, got {other:?}"),
    };
    assert_eq!(
        errors(format!(
            "{HEAD}webhooks:\n  good:\n    post: {{}}\n  bad:\n    post: 5\n  dangling: {{$ref: '#/nowhere'}}\n"
        )),
        ["/webhooks/bad"],
        "a webhook that refers to nothing is left out with a warning"
    );
    assert_eq!(errors(format!("{HEAD}webhooks: [1]\n")), ["/webhooks"]);
}

#[test]
fn specs_without_webhooks_or_summary_have_neither() {
    let (api, _) = lower(HEAD).expect("lowers");
    assert!(api.webhooks.is_empty() && api.summary.is_none());
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("plain.yaml");
    std::fs::write(&spec, HEAD).expect("write");
    let output = Builder::new()
        .spec(&spec)
        .generate_crate()
        .expect("generates");
    assert!(
        output
            .files
            .iter()
            .all(|(path, _)| path != "src/webhooks.rs")
    );
    let lib = &output
        .files
        .iter()
        .find(|(p, _)| p == "src/lib.rs")
        .expect("lib.rs")
        .1;
    assert!(!lib.contains("webhooks"), "{lib}");
}

#[test]
fn the_crate_has_a_webhooks_module_and_the_summary_in_its_docs() {
    let output = Builder::new()
        .spec(shapes_spec())
        .crate_name("shapes")
        .generate_crate()
        .expect("generates");
    let file = |name: &str| {
        output
            .files
            .iter()
            .find(|(path, _)| path == name)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let lib = file("src/lib.rs");
    assert!(
        lib.contains("//! OpenAPI 3.1 shapes (API version 1)\n//!\n//! Tuples from prefixItems, and webhook payloads.\n"),
        "{lib}"
    );
    assert!(lib.contains("pub mod webhooks;"), "{lib}");
    let webhooks = file("src/webhooks.rs");
    for line in [
        "pub type NewPet = types::Pet;",
        "pub type PetSold = types::PetSoldPayload;",
        "pub type PetUpdatedPut = types::Pet;",
        "pub type PetUpdatedPatch = String;",
        "/// Payload of the `newPet` webhook (`POST`).",
    ] {
        assert!(webhooks.contains(line), "missing {line:?} in {webhooks}");
    }
    let types = file("src/types.rs");
    for line in [
        "pub type Pair = (String, i64);",
        "pub type Single = (bool,);",
        "pub type Tagged = (Pet, bool);",
        "pub type Scores = Vec<i64>;",
        "pub type Mixed = Vec<serde_json::Value>;",
        "pub branches: Option<(Box<Tree>, Box<Tree>)>,",
    ] {
        assert!(types.contains(line), "missing {line:?} in {types}");
    }
    let warnings: Vec<&str> = output.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(warnings, ["/components/schemas/Mixed"]);
    // The single-file form for build scripts has the module too.
    let single = Builder::new()
        .spec(shapes_spec())
        .crate_name("shapes")
        .generate_single_file()
        .expect("generates");
    assert!(single.files[0].1.contains("pub mod webhooks {"));
}

#[test]
fn a_webhook_alias_named_like_a_prelude_type_does_not_shadow_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("prelude.yaml");
    std::fs::write(
        &spec,
        format!(
            "{HEAD}webhooks:\n  string:\n    post:\n      requestBody:\n        content:\n          text/plain: {{}}\n  vec:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: array, items: {{type: string}}}}\n"
        ),
    )
    .expect("write");
    let output = Builder::new()
        .spec(&spec)
        .generate_crate()
        .expect("generates");
    let webhooks = &output
        .files
        .iter()
        .find(|(p, _)| p == "src/webhooks.rs")
        .expect("webhooks.rs")
        .1;
    assert!(
        webhooks.contains("pub type String = ::std::string::String;")
            && webhooks.contains("pub type Vec = ::std::vec::Vec<::std::string::String>;"),
        "{webhooks}"
    );
}

#[test]
fn cycles_through_tuples_are_boxed_or_broken() {
    let (api, warnings) = lower(&format!(
        r#"{HEAD}components:
  schemas:
    Loop:
      type: array
      prefixItems: [{{$ref: '#/components/schemas/Loop'}}, {{type: string}}]
      maxItems: 2
    Node:
      type: object
      required: [pair]
      properties:
        pair: {{$ref: '#/components/schemas/Pair'}}
    Pair:
      type: array
      prefixItems: [{{$ref: '#/components/schemas/Node'}}, {{type: string}}]
      maxItems: 2
"#
    ))
    .expect("lowers");
    let kind = |name: &str| {
        api.types
            .iter()
            .find(|t| t.name == name)
            .map(|t| &t.kind)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // `type Loop = (Loop, String);` cannot be written in Rust.
    assert_eq!(kind("Loop"), &TypeKind::Alias(TypeRef::Any));
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("only in terms of itself")),
        "{warnings:?}"
    );
    // Node holds itself by value through the tuple alias: the field is boxed.
    let TypeKind::Struct(node) = kind("Node") else {
        panic!("struct")
    };
    assert_eq!(
        node.fields[0].ty,
        TypeRef::Boxed(Box::new(TypeRef::Named("Pair".into())))
    );
}
