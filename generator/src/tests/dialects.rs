//! Dialects as written: OpenAPI 3.1 constructs become the types their 3.0 twins become,
//! habits of the other dialect and faults real specs ship are read with a warning, and what
//! is still refused is reported all at once.

use std::path::Path;

use crate::ir::{self, Api, TypeDef, TypeKind, TypeRef};
use crate::{Diagnostic, Error, Severity};

fn lower(yaml: &str) -> Result<(Api, Vec<Diagnostic>), Error> {
    let spec = crate::load::load_str(Path::new("test.yaml"), yaml.to_owned())?;
    ir::lower(&spec)
}

fn lowered(yaml: &str) -> (Api, Vec<Diagnostic>) {
    lower(yaml).unwrap_or_else(|e| panic!("does not lower: {e}\n{yaml}"))
}

/// A document of `version` with `schemas` (YAML, indented as written) as its components.
fn with_schemas(version: &str, schemas: &str) -> String {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    )
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} in {:#?}", api.types))
}

fn field_type(api: &Api, type_name: &str, field: &str) -> (TypeRef, bool, bool) {
    let TypeKind::Struct(s) = &type_named(api, type_name).kind else {
        panic!("{type_name} is not a struct")
    };
    let f = s
        .fields
        .iter()
        .find(|f| f.wire_name == field)
        .unwrap_or_else(|| panic!("no field {field}"));
    (f.ty.clone(), f.required, f.nullable)
}

fn messages(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{:?} {}: {}\n", d.severity, d.pointer, d.message))
        .collect()
}

fn has_warning(diagnostics: &[Diagnostic], pointer: &str, text: &str) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Warning && d.pointer == pointer && d.message.contains(text)
    })
}

/// Each pair: a 3.1 schema and the 3.0 schema that means the same. Both must lower to
/// identical types.
#[test]
fn a_31_schema_becomes_the_type_of_its_30_twin() {
    let pairs = [
        (
            "type: object\nrequired: [a]\nproperties:\n  a: {type: [string, 'null']}\n  b: {type: ['null', integer], format: int32}",
            "type: object\nrequired: [a]\nproperties:\n  a: {type: string, nullable: true}\n  b: {type: integer, format: int32, nullable: true}",
        ),
        (
            "type: object\nproperties:\n  kind: {const: disk}\n  n: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10}",
            "type: object\nproperties:\n  kind: {enum: [disk]}\n  n: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true}",
        ),
        (
            "type: object\nproperties:\n  blob: {type: string, contentEncoding: base64}\n  raw: {type: string, contentMediaType: application/octet-stream}",
            "type: object\nproperties:\n  blob: {type: string, format: byte}\n  raw: {type: string, format: binary}",
        ),
        (
            "type: object\npatternProperties:\n  '^x-': {type: integer}",
            "type: object\nadditionalProperties: {type: integer}",
        ),
        (
            "type: object\nproperties:\n  any: true\n  list: {type: array, items: true}",
            "type: object\nproperties:\n  any: {}\n  list: {type: array}",
        ),
        (
            "type: object\nproperties:\n  v: {type: [string, integer]}",
            "type: object\nproperties:\n  v: {anyOf: [{type: string}, {type: integer}]}",
        ),
        (
            "type: object\nproperties:\n  tags: {type: [array, 'null'], items: {type: string}, maxItems: 3}",
            "type: object\nproperties:\n  tags: {type: array, nullable: true, items: {type: string}, maxItems: 3}",
        ),
    ];
    for (v31, v30) in pairs {
        let (api31, _) = lowered(&with_schemas("3.1.0", &format!("T:\n{}", indent(v31))));
        let (api30, _) = lowered(&with_schemas("3.0.3", &format!("T:\n{}", indent(v30))));
        assert_eq!(api31.types, api30.types, "3.1:\n{v31}\n3.0:\n{v30}");
        let ops31: Vec<_> = api31.operations.iter().map(|o| &o.name).collect();
        let ops30: Vec<_> = api30.operations.iter().map(|o| &o.name).collect();
        assert_eq!(ops31, ops30);
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn type_lists_keep_absent_and_null_apart() {
    let (api, _) = lowered(&with_schemas(
        "3.1.0",
        "T:\n  type: object\n  required: [must]\n  properties:\n    must: {type: [string, 'null']}\n    may: {type: [string, 'null']}\n    plain: {type: string}",
    ));
    assert_eq!(
        field_type(&api, "T", "must"),
        (TypeRef::String, true, true),
        "required + null → Option, always written"
    );
    assert_eq!(
        field_type(&api, "T", "may"),
        (TypeRef::String, false, true),
        "optional + null → absent and null kept apart"
    );
    assert_eq!(
        field_type(&api, "T", "plain"),
        (TypeRef::String, false, false)
    );
}

#[test]
fn a_ref_with_siblings_keeps_its_type_and_takes_their_meaning() {
    let (api, warnings) = lowered(&with_schemas(
        "3.1.0",
        "Pet: {type: object, properties: {name: {type: string}}}\nOwner:\n  type: object\n  required: [pet, best]\n  properties:\n    pet:\n      $ref: '#/components/schemas/Pet'\n      description: The owner's pet.\n    best:\n      $ref: '#/components/schemas/Pet'\n      type: [object, 'null']\n      description: Maybe none.\n    also:\n      anyOf: [{$ref: '#/components/schemas/Pet'}, {type: 'null'}]",
    ));
    let pet = TypeRef::Named("Pet".into());
    assert_eq!(field_type(&api, "Owner", "pet"), (pet.clone(), true, false));
    assert_eq!(field_type(&api, "Owner", "best"), (pet.clone(), true, true));
    assert_eq!(field_type(&api, "Owner", "also"), (pet, false, true));
    let TypeKind::Struct(owner) = &type_named(&api, "Owner").kind else {
        panic!()
    };
    assert_eq!(owner.fields[0].docs.as_deref(), Some("The owner's pet."));
    assert_eq!(owner.fields[1].docs.as_deref(), Some("Maybe none."));
    assert!(
        warnings
            .iter()
            .all(|w| !w.message.contains("beside `$ref`")),
        "siblings are plain 3.1: {}",
        messages(&warnings)
    );
}

#[test]
fn nullable_beside_a_ref_in_30_is_read_with_a_warning() {
    let (api, warnings) = lowered(&with_schemas(
        "3.0.3",
        "Pet: {type: object, properties: {name: {type: string}}}\nOwner:\n  type: object\n  properties:\n    pet: {$ref: '#/components/schemas/Pet', nullable: true}",
    ));
    assert_eq!(
        field_type(&api, "Owner", "pet"),
        (TypeRef::Named("Pet".into()), false, true)
    );
    assert!(
        has_warning(
            &warnings,
            "/components/schemas/Owner/properties/pet",
            "beside `$ref`"
        ),
        "{}",
        messages(&warnings)
    );
}

#[test]
fn defs_are_schemas_that_refs_reach() {
    let (api, _) = lowered(&with_schemas(
        "3.1.0",
        "Box:\n  type: object\n  properties:\n    inner: {$ref: '#/components/schemas/Box/$defs/Inner'}\n  $defs:\n    Inner: {type: object, properties: {n: {type: [integer, 'null']}}}",
    ));
    assert_eq!(
        field_type(&api, "Box", "inner").0,
        TypeRef::Named("Inner".into())
    );
    assert_eq!(field_type(&api, "Inner", "n"), (TypeRef::I64, false, true));
}

#[test]
fn keywords_without_a_rust_shape_are_ignored_with_a_warning() {
    let (api, warnings) = lowered(&with_schemas(
        "3.1.0",
        "T:\n  type: object\n  properties: {a: {type: string}}\n  if: {properties: {a: {const: x}}}\n  then: {required: [a]}\n  unevaluatedProperties: false\n  dependentSchemas: {a: {required: [b]}}\n  propertyNames: {pattern: '^[a-z]+$'}",
    ));
    assert!(matches!(type_named(&api, "T").kind, TypeKind::Struct(_)));
    for keyword in [
        "if",
        "then",
        "unevaluatedProperties",
        "dependentSchemas",
        "propertyNames",
    ] {
        assert!(
            has_warning(
                &warnings,
                &format!("/components/schemas/T/{keyword}"),
                "does not change the Rust type"
            ),
            "{keyword}: {}",
            messages(&warnings)
        );
    }
}

/// A property *named* like a keyword is a property, not a keyword.
#[test]
fn properties_named_like_keywords_stay_properties() {
    let (api, _) = lowered(&with_schemas(
        "3.1.0",
        "T:\n  type: object\n  properties:\n    const: {type: string}\n    type: {type: [integer, 'null']}\n    if: {type: boolean}",
    ));
    let TypeKind::Struct(t) = &type_named(&api, "T").kind else {
        panic!()
    };
    let names: Vec<_> = t.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(names, ["const", "type", "if"]);
}

#[test]
fn path_items_by_ref_and_webhooks_only_documents_are_read() {
    let (api, warnings) = lowered(
        "openapi: 3.1.1\ninfo: {title: t, version: '1', summary: A short one., license: {name: MIT, identifier: MIT}}\npaths:\n  /pets:\n    $ref: '#/components/pathItems/Pets'\ncomponents:\n  pathItems:\n    Pets:\n      get:\n        operationId: listPets\n        responses:\n          '200':\n            description: ok\n            content:\n              application/json:\n                schema: {type: array, items: {type: string}}\n",
    );
    assert_eq!(api.operations.len(), 1, "{}", messages(&warnings));
    assert_eq!(api.operations[0].name, "list_pets");
    assert_eq!(api.operations[0].path.as_str(), "/pets");
    assert!(warnings.is_empty(), "{}", messages(&warnings));

    let (api, warnings) = lowered(
        "openapi: 3.1.0\ninfo: {title: hooks, version: '1'}\nwebhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {id: {type: integer}}}\n      responses:\n        '200': {description: ok}\n",
    );
    assert!(api.operations.is_empty());
    assert!(
        warnings.iter().all(|w| !w.message.contains("paths")),
        "paths is optional in 3.1: {}",
        messages(&warnings)
    );
}

#[test]
fn habits_of_the_other_dialect_are_read_with_one_warning_each() {
    let (api, warnings) = lowered(&with_schemas(
        "3.0.3",
        "A: {type: object, properties: {x: {type: [string, 'null']}, y: {type: [string, 'null']}, n: {type: number, exclusiveMinimum: 0}}}",
    ));
    assert_eq!(field_type(&api, "A", "x"), (TypeRef::String, false, true));
    let type_lists: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("`type list` in a 3.0 document"))
        .collect();
    assert_eq!(type_lists.len(), 1, "{}", messages(&warnings));
    assert_eq!(
        type_lists[0].pointer,
        "/components/schemas/A/properties/x/type"
    );
    assert!(type_lists[0].message.contains("2 places"));
    assert!(type_lists[0].position.is_some(), "warnings carry a line");
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("numeric exclusive bounds")),
        "{}",
        messages(&warnings)
    );

    let (api, warnings) = lowered(&with_schemas(
        "3.1.0",
        "A: {type: object, properties: {x: {type: string, nullable: true, example: hi}, n: {type: number, minimum: 0, exclusiveMinimum: true}}}",
    ));
    assert_eq!(field_type(&api, "A", "x"), (TypeRef::String, false, true));
    for habit in [
        "`nullable` in a 3.1",
        "`example` in a 3.1",
        "`boolean exclusive bounds` in a 3.1",
    ] {
        assert!(
            warnings.iter().any(|w| w.message.contains(habit)),
            "{habit}: {}",
            messages(&warnings)
        );
    }
}

#[test]
fn strict_turns_habits_into_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("s.yaml");
    std::fs::write(
        &spec,
        with_schemas(
            "3.0.3",
            "A: {type: object, properties: {x: {type: [string, 'null']}}}",
        ),
    )
    .expect("write");
    let lenient = crate::Builder::new().spec(&spec).generate_crate();
    assert!(lenient.is_ok(), "{lenient:?}");
    let Err(Error::Spec(found)) = crate::Builder::new()
        .spec(&spec)
        .strict(true)
        .generate_crate()
    else {
        panic!("strict refuses")
    };
    assert!(
        found
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("type list")),
        "{}",
        messages(&found)
    );
}

#[test]
fn faults_real_specs_ship_are_read_with_warnings() {
    let (api, warnings) = lowered(
        "openapi: 3.0.1\ninfo: {title: t, version: '1', description: null}\npaths:\n  /things/{id}:\n    get:\n      operationId: getThing\n      summary: null\n      parameters:\n        - $ref: '#/components/parameters/Missing'\n        - {name: id, in: path, required: true, schema: {type: string}, description: 7}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\n        '404':\n          $ref: '#/components/responses/Gone'\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id: {type: string, required: true}\n        owner: {$ref: '#/components/schemas/Nobody'}\n        label: {type: string, description: null}\n        link: {$ref: '#/components/pathItems/NotHere'}\n        ext: {$ref: '#/components/definitions/Ext'}\n    Elsewhere: {type: integer}\n  definitions:\n    Ext: {type: boolean}\n",
    );
    let by = |pointer: &str, text: &str| has_warning(&warnings, pointer, text);
    let all = messages(&warnings);
    assert_eq!(
        field_type(&api, "Thing", "id"),
        (TypeRef::String, true, false),
        "{all}"
    );
    assert_eq!(field_type(&api, "Thing", "owner").0, TypeRef::Any, "{all}");
    assert_eq!(field_type(&api, "Thing", "ext").0, TypeRef::Bool, "{all}");
    assert!(
        by(
            "/components/schemas/Thing/properties/owner",
            "points at nothing"
        ),
        "{all}"
    );
    assert!(
        by(
            "/paths/~1things~1{id}/get/parameters/0",
            "the parameter is left out"
        ),
        "{all}"
    );
    assert!(
        by(
            "/paths/~1things~1{id}/get/responses/404",
            "the response is left out"
        ),
        "{all}"
    );
    assert!(
        by(
            "/components/schemas/Thing/properties/id/required",
            "required"
        ),
        "{all}"
    );
    assert!(by("/info/description", "not text"), "{all}");
    assert!(
        by(
            "/components/schemas/Thing/properties/ext",
            "components/definitions"
        ),
        "{all}"
    );
    let op = &api.operations[0];
    assert_eq!(op.params.len(), 1, "only the parameter that exists");
    assert!(op.errors.is_empty(), "the dangling 404 is left out");
}

#[test]
fn what_is_still_refused_is_reported_all_at_once() {
    let Err(Error::Spec(found)) = lower(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, schema: {type: string}}]\n      responses: {}\n  /b:\n    get:\n      responses: 5\ncomponents:\n  parameters:\n    P: {in: query}\n",
    ) else {
        panic!("refused")
    };
    let pointers: Vec<&str> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1a/get/parameters/0",
            "/paths/~1b/get/responses",
            "/components/parameters/P"
        ],
        "{}",
        messages(&found)
    );
    assert!(
        found.iter().all(|d| d.position.is_some()),
        "{}",
        messages(&found)
    );
}

#[test]
fn versions_are_read_not_refused() {
    for (version, expect) in [
        ("3.1.2", None),
        ("3.2.0", Some("newer than 3.1")),
        ("'3.0'", None),
        ("3.1", Some("is a number")),
    ] {
        let (_, warnings) = lowered(&with_schemas(version, "A: {type: string}"));
        match expect {
            None => assert!(warnings.is_empty(), "{version}: {}", messages(&warnings)),
            Some(text) => assert!(
                warnings.iter().any(|w| w.message.contains(text)),
                "{version}: {}",
                messages(&warnings)
            ),
        }
    }
    let Err(Error::Spec(found)) =
        lower("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n")
    else {
        panic!("Swagger 2.0 is refused")
    };
    assert!(
        found[0].message.contains("swagger2openapi"),
        "{}",
        messages(&found)
    );
}

/// Callbacks hold path items; a path item whose callback refers back to it must not send the
/// reading round in circles.
#[test]
fn path_items_that_refer_back_to_themselves_end() {
    let result = lower(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A:\n      post:\n        responses: {'200': {description: ok}}\n        callbacks:\n          again:\n            '{$request.body#/url}': {$ref: '#/components/pathItems/A'}\n",
    );
    assert!(result.is_ok(), "{result:?}");
    let result = lower(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: '#/components/pathItems/B'}\ncomponents:\n  pathItems:\n    B: {$ref: '#/components/pathItems/B'}\n",
    );
    let (api, warnings) = result.expect("a ref cycle leaves the path out");
    assert!(api.operations.is_empty());
    assert!(
        warnings.iter().any(|w| w.message.contains("cycle")),
        "{}",
        messages(&warnings)
    );
}

/// 3.1 documents an enum value by value as a `oneOf` of constants: that is an enum.
#[test]
fn one_of_documented_constants_is_an_enum() {
    let (api, _) = lowered(&with_schemas(
        "3.1.0",
        "Color:\n  description: A color.\n  oneOf:\n    - {const: red, description: Like blood.}\n    - {const: green, title: Like grass}\nCode:\n  anyOf: [{const: 1}, {const: 2}]\nNotOne:\n  oneOf: [{const: a}, {type: integer}]",
    ));
    let color = type_named(&api, "Color");
    let TypeKind::Enum(e) = &color.kind else {
        panic!("{color:?}")
    };
    let values: Vec<_> = e.variants.iter().map(|v| v.value.clone()).collect();
    assert_eq!(
        values,
        [serde_json::json!("red"), serde_json::json!("green")]
    );
    assert_eq!(
        color.docs.as_deref(),
        Some("A color.\n\n- `red`: Like blood.\n- `green`: Like grass")
    );
    assert!(matches!(type_named(&api, "Code").kind, TypeKind::Enum(_)));
    assert!(
        matches!(type_named(&api, "NotOne").kind, TypeKind::Union(_)),
        "a constant beside another kind of alternative stays a union"
    );
}

/// A path item `$ref` only in a callback (and one only among the webhooks) is inlined from
/// the document as written like one under `paths`; a schema `$ref` to nothing is reported.
#[test]
fn path_item_refs_are_inlined_wherever_path_items_stand() {
    let (api, warnings) = lower(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: subscribe\n      responses: {'200': {description: ok}}\n      callbacks:\n        event:\n          '{$request.body#/url}': {$ref: '#/components/pathItems/Hook'}\nwebhooks:\n  ping: {$ref: '#/components/pathItems/Hook'}\ncomponents:\n  schemas:\n    Lost: {$ref: '#/components/schemas/Nowhere'}\n  pathItems:\n    Hook:\n      post:\n        requestBody:\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}}\n        responses: {'200': {description: ok}}\n",
    )
    .expect("lowers");
    assert_eq!(api.operations.len(), 1);
    let nothing: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("points at nothing"))
        .collect();
    assert_eq!(nothing.len(), 1, "{}", messages(&warnings));
    assert!(
        nothing[0].message.contains("Nowhere"),
        "{}",
        messages(&warnings)
    );
}

/// Optional parts written as an empty YAML key read as `null`: each is read as absent, with
/// a warning at its place (a real company's spec writes `requestBodies:` with nothing under
/// it).
#[test]
fn empty_yaml_keys_are_read_as_absent() {
    let (api, warnings) = lower(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\ntags:\nsecurity:\npaths:\n  /things:\n    parameters:\n    get:\n      operationId: listThings\n      parameters:\n      tags:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  requestBodies:\n  responses:\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n",
    )
    .expect("lowers");
    assert_eq!(api.operations.len(), 1);
    let mut at: Vec<&str> = warnings
        .iter()
        .filter(|w| {
            w.message
                .contains("is null (an empty YAML key); read as absent")
        })
        .map(|w| w.pointer.as_str())
        .collect();
    at.sort_unstable();
    assert_eq!(
        at,
        [
            "/components/requestBodies",
            "/components/responses",
            "/paths/~1things/get/parameters",
            "/paths/~1things/get/tags",
            "/paths/~1things/parameters",
            "/security",
            "/tags",
        ],
        "{}",
        messages(&warnings)
    );
    assert!(
        warnings.iter().all(|w| w.position.is_some()),
        "placed in the source"
    );
}

/// OpenAPI 3.2's reusable media types (`$ref: '#/components/mediaTypes/…'`), met in a
/// document that declares 3.0.0: each is read as a copy of its target (one warning for all),
/// never as a media type without a schema; one that points at nothing is left out.
#[test]
fn media_type_refs_are_read_as_their_targets() {
    let (api, warnings) = lower(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {$ref: '#/components/mediaTypes/ThingList'}\n            text/csv: {$ref: '#/components/mediaTypes/Gone'}\n    post:\n      operationId: createThing\n      requestBody:\n        required: true\n        content:\n          application/json: {$ref: '#/components/mediaTypes/Thing'}\n      responses:\n        '201': {description: created}\ncomponents:\n  mediaTypes:\n    ThingList:\n      schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n    Thing: {$ref: '#/components/mediaTypes/ThingAgain'}\n    ThingAgain:\n      schema: {$ref: '#/components/schemas/Thing'}\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n",
    )
    .expect("lowers");
    let list = api
        .operations
        .iter()
        .find(|op| op.name == "list_things")
        .expect("list_things");
    assert_eq!(
        list.success[0].body,
        ir::ResponseBody::Json(TypeRef::Vec(Box::new(TypeRef::Named("Thing".into()))))
    );
    let create = api
        .operations
        .iter()
        .find(|op| op.name == "create_thing")
        .expect("create_thing");
    assert_eq!(
        create.body.as_ref().map(|b| &b.ty),
        Some(&TypeRef::Named("Thing".into()))
    );
    let text = messages(&warnings);
    assert_eq!(text.matches("reusable media type").count(), 1, "{text}");
    assert!(
        text.contains("media type $ref `#/components/mediaTypes/Gone` points at nothing"),
        "{text}"
    );
}
