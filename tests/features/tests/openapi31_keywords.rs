//! Behaviour of the types generated from `specs/openapi31.yaml` (OpenAPI 3.1 keywords) and
//! `specs/faults.yaml` (faults of real 3.0 documents).

use serde_json::{Value, json};
use specgen_feature_tests::{faults, openapi31};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).expect("serialises"),
        value,
        "round trip"
    );
    typed
}

fn device(extra: Value) -> Value {
    let mut base = json!({"id": "d1", "label": "Hall", "kind": "sensor"});
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    base
}

#[test]
fn type_lists_with_null_keep_absent_and_null_apart() {
    use openapi31::types::Device;
    let plain: Device = round_trip(device(json!({})));
    assert_eq!(plain.label.as_deref(), Some("Hall"));
    assert_eq!(plain.note, None, "absent");
    let nulls: Device = round_trip(device(json!({"label": null, "note": null})));
    assert_eq!(
        nulls.label, None,
        "a required nullable field is written as null"
    );
    assert_eq!(nulls.note, Some(None), "null, not absent");
    let written = serde_json::to_value(&nulls).expect("serialises");
    assert!(written["label"].is_null() && written.get("note").is_some_and(Value::is_null));
    let absent = serde_json::to_value(&plain).expect("serialises");
    assert!(
        absent.get("note").is_none(),
        "an absent optional field stays absent"
    );
}

#[test]
fn const_is_a_one_value_enum_that_keeps_other_values() {
    use openapi31::types::{Device, DeviceKind};
    let d: Device = round_trip(device(json!({})));
    assert_eq!(d.kind, DeviceKind::Sensor);
    let later: Device = round_trip(device(json!({"kind": "camera"})));
    assert_eq!(later.kind.as_str(), "camera");
}

#[test]
fn refs_with_siblings_defs_and_maps() {
    use openapi31::types::{Device, Firmware, Owner};
    let d: Device = round_trip(device(json!({
        "owner": {"name": "Ann"},
        "firmware": {"version": "1.2"},
        "labels": {"room": "hall"},
        "payload": "aGVsbG8=",
        "anything": [1, "two"],
        "value": 7,
    })));
    let owner: Option<Option<Owner>> = d.owner;
    assert_eq!(owner.flatten().map(|o| o.name).as_deref(), Some("Ann"));
    let firmware: Option<Firmware> = d.firmware;
    assert_eq!(firmware.map(|f| f.version).as_deref(), Some("1.2"));
    assert_eq!(
        d.labels.and_then(|l| l.get("room").cloned()).as_deref(),
        Some("hall")
    );
    assert_eq!(
        d.payload.as_deref(),
        Some("aGVsbG8="),
        "base64 text kept exactly"
    );
    let null_owner: Device = round_trip(device(json!({"owner": null})));
    assert_eq!(null_owner.owner, Some(None));
}

#[test]
fn a_list_of_types_is_a_union_of_them() {
    use openapi31::types::{Device, DeviceValue};
    let text: Device = round_trip(device(json!({"value": "on"})));
    assert!(matches!(text.value, Some(Some(DeviceValue::String(ref s))) if s == "on"));
    let number: Device = round_trip(device(json!({"value": 3})));
    assert!(matches!(number.value, Some(Some(DeviceValue::Integer(3)))));
    let null: Device = round_trip(device(json!({"value": null})));
    assert_eq!(null.value, Some(None));
}

#[tokio::test]
async fn numeric_exclusive_bounds_are_checked_before_sending() {
    use openapi31::types::Device;
    let client = openapi31::Client::builder()
        .base_url("http://127.0.0.1:1")
        .build()
        .expect("client");
    let at_bound: Device =
        serde_json::from_value(device(json!({"reading": 0.0}))).expect("decodes");
    let error = client
        .replace_device("d1", &at_bound)
        .await
        .expect_err("0 is not above the exclusive minimum 0");
    assert!(
        matches!(&error, openapi31::Error::Validation(p) if p.iter().any(|p| p.contains("reading"))),
        "{error:?}"
    );
    let top: Device = serde_json::from_value(device(json!({"reading": 100.0}))).expect("decodes");
    let error = client
        .replace_device("d1", &top)
        .await
        .expect_err("100 is not below 100");
    assert!(
        matches!(error, openapi31::Error::Validation(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_ref_path_item_becomes_an_operation() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/devices/d%201"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"id": "d 1", "label": null, "kind": "sensor"})),
        )
        .mount(&server)
        .await;
    let client = openapi31::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    let found = client.get_device("d 1").await.expect("answer");
    assert_eq!(found.id, "d 1");
    assert_eq!(found.label, None);
}

#[test]
fn faults_become_sensible_types() {
    use faults::types::Order;
    // `required: true` on the property: required.
    let missing = serde_json::from_value::<Order>(json!({}));
    assert!(missing.is_err(), "id is required");
    let o: Order = round_trip(json!({
        "id": "o1",
        "note": null,
        "customer": {"whatever": ["the", "ref", "pointed", "at", "nothing"]},
        "shipping": null,
        "extra": true,
    }));
    assert_eq!(o.note, Some(None), "a 3.1 type list read in a 3.0 document");
    assert!(
        o.customer.is_some_and(|c| c.is_object()),
        "a dangling ref is any JSON value"
    );
    assert_eq!(
        o.shipping,
        Some(None),
        "`nullable` beside a ref is honoured"
    );
    assert_eq!(
        o.extra,
        Some(true),
        "a ref into components/definitions is followed"
    );
}
