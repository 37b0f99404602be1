use serde_json::json;

use super::*;

const FILE: &str = "fix.overlay.yaml";

fn parse(text: &str) -> Result<Overlay, Error> {
    Overlay::parse(Path::new(FILE), text.to_owned())
}

/// Applies the overlay `text` (a 1.0 header is added) to `document`.
fn apply(document: Value, actions: &str) -> (Value, Vec<Diagnostic>) {
    apply_version("1.0.0", document, actions)
}

fn apply_version(version: &str, mut document: Value, actions: &str) -> (Value, Vec<Diagnostic>) {
    let text = format!("overlay: {version}\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
    let overlay = parse(&text).unwrap_or_else(|e| panic!("parses: {e}"));
    let mut warnings = Vec::new();
    overlay
        .apply(&mut document, &mut warnings)
        .unwrap_or_else(|e| panic!("applies: {e}"));
    (document, warnings)
}

/// The errors of an overlay that must not parse.
fn malformed(text: &str) -> Vec<Diagnostic> {
    match parse(text) {
        Err(Error::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!("not a spec error: {other}"),
        Ok(_) => panic!("parsed: {text}"),
    }
}

/// The errors of applying a valid overlay to `document`.
fn failing(version: &str, mut document: Value, actions: &str) -> (Value, Vec<Diagnostic>) {
    let text = format!("overlay: {version}\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
    let overlay = parse(&text).unwrap_or_else(|e| panic!("parses: {e}"));
    match overlay.apply(&mut document, &mut Vec::new()) {
        Err(Error::Spec(diagnostics)) => (document, diagnostics),
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn update_merges_nested_objects() {
    let document = json!({
        "info": {"title": "Orders", "version": "v3", "contact": {"name": "a"}},
        "tags": ["x"]
    });
    let (document, warnings) = apply(
        document,
        "  - target: $\n    update:\n      info:\n        title: Fixed\n        contact: {email: b@c.d}\n        x-new: 1\n      tags: [y]\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        document,
        json!({
            "info": {
                "title": "Fixed",
                "version": "v3",
                "contact": {"name": "a", "email": "b@c.d"},
                "x-new": 1
            },
            // Arrays inside an update are concatenated (Overlay 1.1's clarification).
            "tags": ["x", "y"]
        })
    );
}

#[test]
fn update_on_an_array_appends() {
    let document = json!({"required": ["a"], "servers": [{"url": "u"}]});
    let (document, _) = apply(
        document,
        "  - target: $.servers\n    update: {url: v}\n  - target: $.required\n    update: b\n",
    );
    assert_eq!(
        document,
        json!({"required": ["a", "b"], "servers": [{"url": "u"}, {"url": "v"}]})
    );
}

#[test]
fn an_array_update_is_one_entry_in_1_0_and_concatenated_in_1_1() {
    let document = json!({"required": ["a"]});
    let actions = "  - target: $.required\n    update: [b, c]\n";
    let (one_entry, _) = apply_version("1.0.0", document.clone(), actions);
    assert_eq!(one_entry, json!({"required": ["a", ["b", "c"]]}));
    let (concatenated, _) = apply_version("1.1.0", document, actions);
    assert_eq!(concatenated, json!({"required": ["a", "b", "c"]}));
}

#[test]
fn update_on_a_primitive_replaces_it() {
    let (document, _) = apply_version(
        "1.1.0",
        json!({"a": [{"d": "old"}, {"d": "old"}]}),
        "  - target: $.a[*].d\n    update: new\n",
    );
    assert_eq!(document, json!({"a": [{"d": "new"}, {"d": "new"}]}));
}

#[test]
fn null_in_an_update_leaves_objects_and_arrays_alone() {
    let (document, _) = apply(
        json!({"components": {"schemas": {}}, "tags": ["t"], "x": 1}),
        "  - target: $\n    update:\n      components:\n      tags:\n      x:\n",
    );
    assert_eq!(
        document,
        json!({"components": {"schemas": {}}, "tags": ["t"], "x": null})
    );
}

#[test]
fn remove_deletes_an_object_member_keeping_the_order_of_the_others() {
    let (document, _) = apply(
        json!({"a": 1, "b": {"c": 2}, "d": 3}),
        "  - target: $.b\n    remove: true\n",
    );
    assert_eq!(document, json!({"a": 1, "d": 3}));
    let keys: Vec<&String> = document
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["a", "d"]);
}

#[test]
fn remove_deletes_several_elements_of_one_array() {
    let document = json!({"parameters": [
        {"name": "keep1"}, {"name": "drop", "x": 1}, {"name": "keep2"},
        {"name": "drop", "x": 2}, {"name": "drop", "x": 3}, {"name": "keep3"}
    ]});
    let (document, warnings) = apply(
        document,
        "  - target: $.parameters[?@.name == 'drop']\n    remove: true\n",
    );
    assert!(warnings.is_empty());
    assert_eq!(
        document,
        json!({"parameters": [{"name": "keep1"}, {"name": "keep2"}, {"name": "keep3"}]})
    );
    // Indices in any order, repeated, and a node selected together with its ancestor.
    let (document, _) = apply(
        json!({"a": [0, 1, 2, 3, 4], "b": {"c": {"d": 1}}}),
        "  - target: $.a[0, 3, 1, 3]\n    remove: true\n  - target: $..*[?@.d]\n    remove: true\n",
    );
    assert_eq!(document, json!({"a": [2, 4], "b": {}}));
    // Every other element of a long array: one pass over it, not one per removal.
    let long: Vec<usize> = (0..60_000).collect();
    let (document, _) = apply(
        json!({ "a": long }),
        "  - target: $.a[::2]\n    remove: true\n",
    );
    let odd: Vec<usize> = (0..60_000).filter(|n| n % 2 == 1).collect();
    assert_eq!(document, json!({ "a": odd }));
}

#[test]
fn actions_apply_in_order_each_to_the_result_of_the_previous() {
    let (document, _) = apply(
        json!({"paths": {"/a": {"get": {"summary": "old", "deprecated": true}}}}),
        concat!(
            "  - target: $.paths['/a'].get\n    remove: true\n",
            "  - target: $.paths['/a']\n    update: {get: {summary: new}}\n",
            "  - target: $.paths['/a'].get\n    update: {description: d}\n",
        ),
    );
    assert_eq!(
        document,
        json!({"paths": {"/a": {"get": {"summary": "new", "description": "d"}}}})
    );
}

#[test]
fn copy_merges_the_one_node_its_path_selects() {
    let (document, _) = apply_version(
        "1.1.0",
        json!({"paths": {"/foo": {"get": {"summary": "s"}}, "/bar": {"put": {}}}}),
        "  - target: $.paths['/bar']\n    copy: $.paths['/foo']\n",
    );
    assert_eq!(
        document,
        json!({"paths": {"/foo": {"get": {"summary": "s"}}, "/bar": {"put": {}, "get": {"summary": "s"}}}})
    );
    let (unchanged, errors) = failing(
        "1.1.0",
        json!({"a": {}, "b": [1, 2]}),
        "  - target: $.a\n    copy: $.b[*]\n",
    );
    assert_eq!(unchanged, json!({"a": {}, "b": [1, 2]}));
    assert_eq!(errors[0].pointer, "/actions/0/copy");
    assert!(errors[0].message.contains("selects 2 nodes"), "{errors:?}");
}

#[test]
fn a_target_that_selects_nothing_is_a_warning_at_the_action() {
    let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: spec.yaml\nactions:\n  - target: $.info\n    update: {x-a: 1}\n  - target: $.components.schemas.Gone\n    update: {maxItems: 100}\n";
    let overlay = parse(text).expect("parses");
    let mut document = json!({"info": {}});
    let mut warnings = Vec::new();
    overlay
        .apply(&mut document, &mut warnings)
        .expect("applies");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.file, Path::new(FILE));
    assert_eq!(warning.pointer, "/actions/1/target");
    assert!(
        warning.message.contains("$.components.schemas.Gone")
            && warning.message.contains("selects nothing"),
        "{warning:?}"
    );
    // The second action's `target`, not the first one's.
    assert_eq!(warning.position, Some((7, 5)));
}

/// An overlay without `extends` is for many specs: an action with nothing to do in one is
/// expected; only an application in which no action selects anything warns.
#[test]
fn a_generic_overlay_warns_only_when_nothing_applies() {
    let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {x-a: 1}\n  - target: $.components.schemas.Gone\n    update: {maxItems: 100}\n";
    let overlay = parse(text).expect("parses");
    let mut document = json!({"info": {}});
    let mut warnings = Vec::new();
    overlay
        .apply(&mut document, &mut warnings)
        .expect("applies");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(document["info"]["x-a"], 1);

    let mut elsewhere = json!({"openapi": "3.0.3"});
    overlay
        .apply(&mut elsewhere, &mut warnings)
        .expect("applies");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer, "/actions");
    assert!(
        warnings[0]
            .message
            .contains("no action's target selects anything"),
        "{warnings:?}"
    );
}

#[test]
fn an_update_that_does_not_fit_is_an_error_and_changes_nothing() {
    let (document, errors) = failing(
        "1.0.0",
        json!({"a": {"context": "text", "keep": 1}}),
        "  - target: $.a\n    update: {keep: 2, context: {missingScopes: [s]}}\n",
    );
    assert_eq!(document, json!({"a": {"context": "text", "keep": 1}}));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/actions/0/update");
    assert!(
        errors[0]
            .message
            .contains("`/a/context` is a string in the spec and an object")
            && errors[0].message.contains("(target `$.a`)"),
        "{errors:?}"
    );
    let (_, errors) = failing(
        "1.0.0",
        json!({"a": {}}),
        "  - target: $.a\n    update: [1]\n",
    );
    assert!(
        errors[0].message.contains("must be an object"),
        "{errors:?}"
    );
}

#[test]
fn every_malformed_action_is_reported_with_its_index_and_target() {
    let errors = malformed(concat!(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n",
        "  - target: $.a\n    update: {x: 1}\n",
        "  - target: $.b\n",
        "  - target: $.c\n    remove: 'yes'\n",
        "  - update: {x: 1}\n",
        "  - target: 5\n    remove: true\n",
        "  - target: $[\n    remove: true\n",
        "  - target: $\n    remove: true\n",
        "  - target: $.d\n    update: {}\n    copy: $.e\n",
        "  - just text\n",
    ));
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert!(
        errors
            .iter()
            .all(|d| d.file == Path::new(FILE) && d.severity == Severity::Error)
    );
    let expect = [
        (
            "/actions/1",
            "actions[1] (target `$.b`): the action does nothing",
        ),
        (
            "/actions/2/remove",
            "actions[2] (target `$.c`): `remove` must be true or false, not a string",
        ),
        ("/actions/3", "actions[3]: the action has no `target`"),
        (
            "/actions/4/target",
            "actions[4]: `target` must be a JSONPath string, not a number",
        ),
        (
            "/actions/5/target",
            "actions[5] (target `$[`): not a valid JSONPath (RFC 9535)",
        ),
        (
            "/actions/6/target",
            "actions[6] (target `$`): the root of the document cannot be removed",
        ),
        (
            "/actions/7/copy",
            "actions[7] (target `$.d`): an action has either `update` or `copy`",
        ),
        ("/actions/8", "actions[8]: an action must be an object"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((pointer, message), (want_pointer, want_message)) in found.iter().zip(expect) {
        assert_eq!(*pointer, want_pointer);
        assert!(message.starts_with(want_message), "{message}");
    }
    // Each is placed on its action's line of the overlay.
    assert_eq!(errors[0].position.map(|p| p.0), Some(6));
    assert_eq!(errors[5].position.map(|p| p.0), Some(14));
}

#[test]
fn malformed_documents_are_errors_naming_the_overlay_file() {
    let cases = [
        ("- a\n- b\n", "", "not an object"),
        (
            "info: {title: t, version: '1'}\nactions: []\n",
            "",
            "missing `overlay`",
        ),
        (
            "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
            "/overlay",
            "2.0.0 is not supported",
        ),
        (
            "overlay: 1.0\ninfo: {title: t, version: '1'}\nactions: []\n",
            "/overlay",
            "must be a string",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: {target: $}\n",
            "/actions",
            "must be a list",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n",
            "",
            "no `actions`",
        ),
        ("overlay: 1.0.0\nactions: [\n", "", "invalid YAML"),
    ];
    for (text, pointer, message) in cases {
        let errors = malformed(text);
        assert_eq!(errors[0].file, Path::new(FILE));
        assert_eq!(errors[0].pointer, pointer, "{text}: {errors:?}");
        assert!(errors[0].message.contains(message), "{text}: {errors:?}");
    }
    // A bad version and bad actions are reported together.
    let errors =
        malformed("overlay: 9.9.9\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n");
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn invalid_jsonpath_is_refused_with_the_parser_message() {
    for target in ["a.b", "$..", "$[?@.a ==]", "$.a[1:2:0:]", "$['unclosed"] {
        let errors = malformed(&format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: \"{target}\"\n    remove: true\n"
        ));
        assert_eq!(errors[0].pointer, "/actions/0/target", "{target}");
        assert!(
            errors[0].message.contains("not a valid JSONPath"),
            "{target}: {errors:?}"
        );
    }
    // Nesting the parser would recurse on without bound is refused before parsing.
    let nested = |depth: usize| {
        format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: '$[?{}@.a{}]'\n    remove: true\n",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    };
    let errors = malformed(&nested(1000));
    assert!(errors[0].message.contains("nests brackets"), "{errors:?}");
    // The deepest nesting read parses (on a test thread's small stack).
    parse(&nested(MAX_PATH_NESTING - 1)).expect("parses");
}

#[test]
fn lenient_reading_is_a_warning() {
    let overlay =
        parse("overlay: 1.1.0\nactions:\n  - target: $.a\n    update: {}\n    updte: {}\n")
            .expect("parses");
    let mut warnings = Vec::new();
    overlay
        .apply(&mut json!({"a": {}}), &mut warnings)
        .expect("applies");
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages[0].contains("no `info`"), "{messages:?}");
    assert!(
        messages[1].contains("unknown field `updte`"),
        "{messages:?}"
    );
    assert_eq!(warnings[1].pointer, "/actions/0/updte");
}

#[test]
fn growth_and_depth_are_bounded() {
    // Each copy doubles the document: the budget stops it long before memory runs out.
    let actions = "  - target: $.a\n    copy: $\n".repeat(40);
    let (_, errors) = failing("1.1.0", json!({"a": {"b": [1, 2, 3]}}), &actions);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("grow the document"),
        "{errors:?}"
    );

    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!({ "d": deep });
    }
    let mut document = json!({ "a": deep.clone() });
    let text = format!(
        "{{\"overlay\": \"1.0.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"actions\": [{{\"target\": \"$..*[?@.d == 1]\", \"update\": {{\"x\": {}}}}}]}}",
        serde_json::to_string(&json!({"e": {"e": {"e": 1}}})).unwrap_or_default()
    );
    let overlay = Overlay::parse(Path::new("o.json"), text).expect("parses");
    overlay
        .apply(&mut document, &mut Vec::new())
        .expect("shallow enough");
    let copy_deep = "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $..*[?@.d == 1]\n    copy: $.a\n";
    let overlay = parse(copy_deep).expect("parses");
    let Err(Error::Spec(errors)) = overlay.apply(&mut document, &mut Vec::new()) else {
        panic!("expected the depth bound")
    };
    assert!(errors[0].message.contains("levels deep"), "{errors:?}");
}

#[test]
fn json_overlays_are_read_and_placed() {
    let text = "{\n  \"overlay\": \"1.0.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"extends\": \"s.json\",\n  \"actions\": [\n    {\"target\": \"$.a\", \"update\": {\"b\": 1}},\n    {\"target\": \"$.zz\", \"remove\": true}\n  ]\n}\n";
    let overlay = Overlay::parse(Path::new("o.json"), text.to_owned()).expect("parses");
    assert_eq!(overlay.version(), Version::V1_0);
    let mut document = json!({"a": {}});
    let mut warnings = Vec::new();
    overlay
        .apply(&mut document, &mut warnings)
        .expect("applies");
    assert_eq!(document, json!({"a": {"b": 1}}));
    assert_eq!(warnings[0].position, Some((6, 6)));
}
