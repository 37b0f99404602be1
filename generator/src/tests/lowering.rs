//! Lowering rules on small specs written for the test: what becomes which type, and which
//! problems are refused (errors, all reported together) or read leniently (warnings).

use std::path::Path;

use crate::ir::{self, Api, TypeKind, TypeRef};
use crate::{Diagnostic, Error, Severity};

fn lower(yaml: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let spec = crate::load::load_str(Path::new("test.yaml"), yaml.to_owned())?;
    ir::lower(&spec)
}

fn spec_with_schemas(schemas: &str) -> String {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    )
}

fn errors(result: Result<(Api, Vec<Diagnostic>), Error>) -> Vec<Diagnostic> {
    match result {
        Err(Error::Spec(diagnostics)) => diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
        other => panic!("expected spec errors, got {other:?}"),
    }
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}

#[test]
fn every_error_is_reported_in_one_run_with_its_pointer() {
    let found = errors(lower(&spec_with_schemas(
        "A:\n  $ref: 'other.yaml#/B'\nB:\n  $ref: 'another.yaml#/C'",
    )));
    let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/components/schemas/A", "/components/schemas/B"],
        "{found:#?}"
    );
    assert!(found[0].message.contains("external $ref"));
    assert!(found[1].message.contains("another.yaml"));
    assert!(
        found.iter().all(|d| d.position.is_some()),
        "every error has a line: {found:#?}"
    );
}

#[test]
fn all_of_refinements_merge_without_complaint() {
    let (api, warnings) = lower(&spec_with_schemas(
        "Base:\n  type: object\n  required: [n]\n  properties:\n    n: {type: number}\nNarrow:\n  allOf:\n    - $ref: '#/components/schemas/Base'\n    - {type: object, properties: {n: {type: integer, minimum: 1}}}\n    - {description: only docs}",
    ))
    .expect("lowers");
    assert!(warnings.is_empty(), "{warnings:?}");
    let TypeKind::Struct(narrow) = type_named(&api, "Narrow") else {
        panic!("struct")
    };
    assert_eq!(
        narrow.fields[0].ty,
        TypeRef::I64,
        "the later, narrower definition wins"
    );
    assert!(narrow.fields[0].required);
}

#[test]
fn unsupported_constructs_fall_back_with_a_warning() {
    let (api, warnings) = lower(&spec_with_schemas(
        "NotString:\n  not: {type: string}\nLoop:\n  $ref: '#/components/schemas/Loop'",
    ))
    .expect("lowers");
    assert_eq!(
        type_named(&api, "NotString"),
        &TypeKind::Alias(TypeRef::Any)
    );
    assert_eq!(type_named(&api, "Loop"), &TypeKind::Alias(TypeRef::Any));
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`not`")), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("only in terms of itself")),
        "{messages:?}"
    );
}

#[test]
fn nullable_components_are_options_where_used() {
    let (api, _) = lower(&spec_with_schemas(
        "Maybe:\n  type: object\n  nullable: true\n  properties:\n    a: {type: string}\nHolder:\n  type: object\n  required: [m]\n  properties:\n    m: {$ref: '#/components/schemas/Maybe'}",
    ))
    .expect("lowers");
    assert!(matches!(type_named(&api, "Maybe"), TypeKind::Struct(_)));
    let TypeKind::Struct(holder) = type_named(&api, "Holder") else {
        panic!("struct")
    };
    assert!(holder.fields[0].required && holder.fields[0].nullable);
    assert_eq!(holder.fields[0].ty, TypeRef::Named("Maybe".into()));
}

#[test]
fn lenient_fixes_are_warnings_naming_the_place() {
    let (api, warnings) = lower(
        "openapi: 3.0.0\ninfo: {title: t, version: 2}\ncomponents:\n  schemas:\n    S: {type: String}\n    N: {type: integer, maximum: 99999999999999999999999}\n",
    )
    .expect("lowers");
    assert_eq!(type_named(&api, "S"), &TypeKind::Alias(TypeRef::String));
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    for expected in [
        "/info/version",
        "",
        "/components/schemas/S/type",
        "/components/schemas/N/maximum",
    ] {
        assert!(
            pointers.contains(&expected),
            "missing warning at {expected:?}: {warnings:#?}"
        );
    }
}

#[test]
fn recursive_fields_are_boxed_only_where_needed() {
    let (api, _) = lower(&spec_with_schemas(
        "Node:\n  type: object\n  properties:\n    next: {$ref: '#/components/schemas/Node'}\n    all: {type: array, items: {$ref: '#/components/schemas/Node'}}\n    leaf: {$ref: '#/components/schemas/Leaf'}\nLeaf:\n  type: object\n  properties:\n    v: {type: string}",
    ))
    .expect("lowers");
    let TypeKind::Struct(node) = type_named(&api, "Node") else {
        panic!("struct")
    };
    let types: Vec<&TypeRef> = node.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::Boxed(Box::new(TypeRef::Named("Node".into()))),
            &TypeRef::Vec(Box::new(TypeRef::Named("Node".into()))),
            &TypeRef::Named("Leaf".into()),
        ]
    );
}

#[test]
fn response_codes_written_as_integers_are_read() {
    let (api, warnings) = lower(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n          content:\n            application/json:\n              schema: {type: string}\n",
    )
    .expect("lowers");
    assert_eq!(api.operations[0].success.len(), 1);
    assert!(
        warnings
            .iter()
            .any(|w| w.pointer == "/paths/~1a/get/responses/200"),
        "{warnings:?}"
    );
}

#[test]
fn conflicting_all_of_properties_fall_back_to_any_value_with_a_warning() {
    let (api, warnings) = lower(&spec_with_schemas(
        "C:\n  allOf:\n    - {type: object, properties: {x: {type: string}}}\n    - {type: object, properties: {x: {type: integer}}}",
    ))
    .expect("lowers");
    let TypeKind::Struct(c) = type_named(&api, "C") else {
        panic!("struct")
    };
    assert_eq!(c.fields[0].ty, TypeRef::Any);
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].pointer,
        "/components/schemas/C/allOf/1/properties/x"
    );
    assert!(
        warnings[0]
            .message
            .contains("conflicting types `string` and `integer`"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn strict_mode_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("lenient.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.0\ninfo: {title: t, version: 1}\npaths: {}\n",
    )
    .expect("write");
    assert!(crate::Builder::new().spec(&spec).generate_crate().is_ok());
    let Err(Error::Spec(diagnostics)) = crate::Builder::new()
        .spec(&spec)
        .strict(true)
        .generate_crate()
    else {
        panic!("strict mode refuses")
    };
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].severity, diagnostics[0].pointer.as_str()),
        (Severity::Error, "/info/version")
    );
}

#[test]
fn operations_never_take_the_names_of_the_clients_own_methods() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /jobs:\n    post:\n      operationId: send\n      responses: {'204': {description: ok}}\n    get:\n      operationId: execute\n      responses: {'204': {description: ok}}\n    put:\n      operationId: rateLimit\n      responses: {'204': {description: ok}}\n";
    let (api, _) = lower(yaml).expect("lowers");
    let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    for own in ["send", "execute", "rate_limit"] {
        assert!(!names.contains(&own), "{own} taken: {names:?}");
    }
    assert_eq!(names.len(), 3);
}

#[test]
fn unions_whose_alternatives_pin_a_property_are_tagged_by_it() {
    let yaml = spec_with_schemas(
        "Event:\n  oneOf:\n    - {type: object, required: [kind, at], properties: {kind: {type: string, enum: [start]}, at: {type: string}}}\n    - {type: object, required: [kind, at], properties: {kind: {type: string, enum: [stop]}, at: {type: string}}}\nLoose:\n  oneOf:\n    - {type: object, required: [kind], properties: {kind: {type: string, enum: [a]}}}\n    - {type: object, properties: {kind: {type: string, enum: [b]}}}\n",
    );
    let (api, _) = lower(&yaml).expect("lowers");
    let TypeKind::Union(event) = type_named(&api, "Event") else {
        panic!("Event is a union");
    };
    assert_eq!(event.tag.as_deref(), Some("kind"));
    assert!(event.inferred_tag);
    let values: Vec<&[String]> = event
        .variants
        .iter()
        .map(|v| v.tag_values.as_slice())
        .collect();
    assert_eq!(values, [["start".to_owned()], ["stop".to_owned()]]);
    // `kind` is optional in one alternative: nothing pins it there, so no tag is inferred.
    let TypeKind::Union(loose) = type_named(&api, "Loose") else {
        panic!("Loose is a union");
    };
    assert_eq!(loose.tag, None);
}

#[test]
fn path_parameters_missing_from_the_template_are_left_out_with_a_warning() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /tables/{name}:\n    get:\n      operationId: getTable\n      parameters:\n        - {name: name, in: path, required: true, schema: {type: string}}\n        - {name: schema_name, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\n";
    let (api, warnings) = lower(yaml).expect("lowers");
    let params: Vec<&str> = api.operations[0]
        .params
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(params, ["name"]);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("`schema_name`")
                && w.pointer == "/paths/~1tables~1{name}/get"),
        "{warnings:?}"
    );
}
