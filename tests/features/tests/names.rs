//! Hostile names from `specs/names.yaml`: the code compiles (this file uses the items) and
//! every wire name survives.

use serde_json::json;
use specgen_feature_tests::names::types;

#[test]
fn keyword_and_odd_property_names_keep_their_wire_names() {
    let wire = json!({
        "type": "1", "match": "2", "ref": "3", "self": "4", "super": "5", "crate": "6", "Self": "7",
        "with-dash": "8", "dot.ted": "9", "$dollar": "10", "@at": "11", "with space": "12", "1st": "13", "名前": "14",
        "error": {"message": "m"}, "option": {"value": "o"}, "ok": {"value": "k"}, "box": {"value": "b"},
        "string": {"value": "s"}, "vec": {"items": ["v"]}
    });
    let typed: types::Result = serde_json::from_value(wire.clone()).expect("fits");
    assert_eq!(typed.r#type.as_deref(), Some("1"));
    assert_eq!(typed.self_.as_deref(), Some("4"));
    assert_eq!(typed.self_2.as_deref(), Some("7"));
    assert_eq!(typed.crate_.as_deref(), Some("6"));
    assert_eq!(typed._1st.as_deref(), Some("13"));
    assert_eq!(typed.field.as_deref(), Some("14"));
    assert_eq!(
        typed
            .vec
            .as_ref()
            .and_then(|v| v.items.as_ref())
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), wire);
}

#[test]
fn names_that_collide_after_case_conversion_stay_distinct() {
    let a: types::DuplicateTest = serde_json::from_value(json!({"a": "x"})).expect("fits");
    let b: types::Duplicatetest = serde_json::from_value(json!({"b": "y"})).expect("fits");
    let dotted: types::MyDottedName = serde_json::from_value(json!({"c": "z"})).expect("fits");
    assert_eq!(
        (a.a.as_deref(), b.b.as_deref(), dotted.c.as_deref()),
        (Some("x"), Some("y"), Some("z"))
    );
}

#[tokio::test]
async fn prelude_named_types_do_not_break_the_client() {
    // The spec defines `Result`, `Option`, `Box`, `String`, `Vec`, `Ok` and `Error`; the
    // client still compiles, its method takes keyword-named parameters, sends them under
    // their wire names and decodes the spec's `Result` (not std's).
    use wiremock::matchers::{method, path, query_param};
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("GET"))
        .and(path("/things/id"))
        .and(query_param("type", "t"))
        .and(query_param("self", "1"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(json!({"vec": {"items": ["v"]}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = specgen_feature_tests::names::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let found: types::Result = client
        .get_thing("id")
        .r#type("t")
        .self_2(1)
        .await
        .expect("answered");
    let items: Option<std::vec::Vec<std::string::String>> = found.vec.and_then(|v| v.items);
    assert_eq!(items, Some(vec!["v".to_owned()]));
}

/// Limits are checked in types named like std items (`String`, `Vec`), whose checks live in
/// the same module as those names.
#[tokio::test]
async fn limits_are_checked_in_types_named_like_std_items() {
    use specgen_feature_tests::names::{Client, Error};
    let client = Client::builder()
        .base_url("http://127.0.0.1:1")
        .build()
        .expect("client");
    let body: types::Result =
        serde_json::from_value(json!({"string": {"value": "NOT-lower-case!"}})).expect("fits");
    let error = client
        .put_thing("t", Some(&body))
        .await
        .expect_err("over its limits");
    let Error::Validation(problems) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problems.len(), 2, "too long and not matching: {problems:?}");
    assert!(
        problems.iter().all(|p| p.starts_with("string.value")),
        "{problems:?}"
    );
}
