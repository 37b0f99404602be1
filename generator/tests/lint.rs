//! The example lint: every example is checked against the type its schema became, and each
//! one that does not fit is reported with its JSON pointer and the path inside it.

use std::path::{Path, PathBuf};

use specgen::Builder;

fn lint(yaml: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("examples.yaml");
    std::fs::write(&spec, yaml).expect("write");
    let (findings, _) = Builder::new().spec(&spec).lint().expect("lints");
    findings
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect()
}

fn shipped_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/hubspot-orders.yaml")
}

#[test]
fn hubspot_context_example_is_caught() {
    let (findings, warnings) = Builder::new().spec(shipped_spec()).lint().expect("lints");
    assert!(warnings.is_empty());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(
        finding.pointer,
        "/paths/~1crm~1v3~1objects~1orders~1batch~1update/post/responses/200/content/application~1json/examples/seed/value"
    );
    assert!(
        finding
            .message
            .contains("`errors[0].errors[0].context`: expected an object, found a string"),
        "{}",
        finding.message
    );
    assert!(finding.position.is_some(), "the finding has a line");
}

#[test]
fn every_kind_of_example_is_checked() {
    let findings = lint(
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}, example: not-a-number}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              examples:
                good: {value: {id: 1, when: '2024-01-02T03:04:05Z', tags: [a]}}
                missing: {value: {when: '2024-01-02T03:04:05Z'}}
                shared: {$ref: '#/components/examples/BadDate'}
components:
  examples:
    BadDate:
      value: {id: 2, when: yesterday}
  schemas:
    Thing:
      type: object
      required: [id]
      additionalProperties: false
      properties:
        id: {type: integer, format: int32}
        when: {type: string, format: date-time}
        tags: {type: array, items: {type: string}, example: [1]}
      example: {id: 3, extra: true}
    Plain:
      type: string
      format: uuid
      example: 123e4567-e89b-12d3-a456-426614174000
"#,
    );
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|(p, m)| (p.as_str(), m.as_str()))
        .collect();
    // `Thing`'s example has a field its closed schema does not list: dropped when decoding,
    // as a server's added field is, so no finding.
    let expect = [
        (
            "/paths/~1a~1{id}/get/parameters/0/example",
            "at `.`: expected an integer, found a string",
        ),
        (
            "/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/missing/value",
            "at `.`: missing field `id`",
        ),
        (
            "/components/examples/BadDate/value",
            "at `when`: `yesterday` is not an RFC 3339 date-time",
        ),
        (
            "/components/schemas/Thing/properties/tags/example",
            "at `[0]`: expected a string, found a number",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (pointer, message) in expect {
        assert!(
            got.iter()
                .any(|(p, m)| *p == pointer && m.contains(message)),
            "no finding {pointer} / {message}: {got:#?}"
        );
    }
}

#[test]
fn a_tuple_takes_an_array_of_exactly_its_length() {
    let findings = lint(
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pair:
      type: array
      prefixItems: [{type: string}, {type: integer}]
      maxItems: 2
      example: [a, 1, 2]
    Fits:
      type: array
      prefixItems: [{type: string}, {type: integer}]
      maxItems: 2
      example: [a, 1]
    WrongElement:
      type: array
      prefixItems:
        - type: string
        - {type: integer, example: x}
      maxItems: 2
      example: [a, b]
"#,
    );
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|(p, m)| (p.as_str(), m.as_str()))
        .collect();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(got[0].0, "/components/schemas/Pair/example");
    assert!(
        got[0]
            .1
            .contains("at `.`: expected an array of exactly 2 elements, found 3"),
        "{got:#?}"
    );
    // A schema's own example comes before those of the schemas inside it.
    assert_eq!(got[1].0, "/components/schemas/WrongElement/example");
    assert!(
        got[1].1.contains("at `[1]`: expected an integer"),
        "{got:#?}"
    );
    assert_eq!(
        got[2].0,
        "/components/schemas/WrongElement/prefixItems/1/example"
    );
}

#[test]
fn unions_with_an_inferred_tag_are_checked_as_they_decode() {
    // `kind` pins each alternative to one value, so the generator infers it as the tag: a
    // value that names an alternative decodes as that one only, and any other value (one
    // added to the API later) decodes as the first alternative that fits.
    let findings = lint(
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /devices:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Device'}
              examples:
                picked: {value: {kind: net, ip: 10.0.0.1}}
                later_kind: {value: {kind: floppy, size: 3}}
                wrong_for_its_kind: {value: {kind: net, size: 3}}
                no_kind: {value: {size: 3}}
components:
  schemas:
    Disk:
      type: object
      required: [kind, size]
      properties:
        kind: {type: string, enum: [disk]}
        size: {type: integer}
    Net:
      type: object
      required: [kind, ip]
      properties:
        kind: {type: string, enum: [net]}
        ip: {type: string}
    Device:
      oneOf:
        - {$ref: '#/components/schemas/Disk'}
        - {$ref: '#/components/schemas/Net'}
"#,
    );
    let at = |name: &str| {
        format!(
            "/paths/~1devices/get/responses/200/content/application~1json/examples/{name}/value"
        )
    };
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|(p, m)| (p.as_str(), m.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, at("wrong_for_its_kind"));
    assert!(got[0].1.contains("missing field `ip`"), "{got:#?}");
    assert_eq!(got[1].0, at("no_kind"));
    assert!(
        got[1].1.contains("fits none of the variants of `Device`"),
        "{got:#?}"
    );
}

/// Examples with fields their closed schemas (`additionalProperties: false`) do not list fit,
/// as answers with such fields decode: the lint follows the generated code.
#[test]
fn fields_a_closed_schema_does_not_list_fit() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs/closed.yaml");
    let (findings, warnings) = Builder::new().spec(spec).lint().expect("lints");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(findings.is_empty(), "{findings:#?}");
    let findings = lint(
        r#"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Closed:
      type: object
      additionalProperties: false
      required: [id]
      properties:
        id: {type: integer}
      example: {id: 1, added: later}
    Broken:
      type: object
      additionalProperties: false
      required: [id]
      properties:
        id: {type: integer}
      example: {added: later}
"#,
    );
    // Only the example without its required field is a finding.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].0, "/components/schemas/Broken/example");
    assert!(
        findings[0].1.contains("missing field `id`"),
        "{findings:#?}"
    );
}
