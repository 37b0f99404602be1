//! Round trips of the seed page's sample JSON through the generated types.

use hubspot_orders::types::{
    BatchInputSimplePublicObjectBatchInput, BatchResponseSimplePublicObject,
    BatchResponseSimplePublicObjectStatus,
};
use serde_json::Value;

mod common;

fn example(name: &str) -> String {
    serde_json::to_string(&common::example(name)).expect("serialises")
}

/// The response sample with the one value the seed page renders as a string written as the
/// object that the definition (and the live API) use.
fn corrected_response() -> Value {
    common::example_response()
}

#[test]
fn request_sample_round_trips() {
    let original: Value =
        serde_json::from_str(&example("batch-update.request.json")).expect("sample is JSON");
    let typed: BatchInputSimplePublicObjectBatchInput =
        serde_json::from_value(original.clone()).expect("request sample fits the type");
    assert_eq!(
        typed.inputs[0].id_property.as_deref(),
        Some("my_unique_property_name")
    );
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), original);
}

#[test]
fn response_sample_as_printed_is_rejected_at_the_context_path() {
    let text = example("batch-update.response.json");
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let error =
        serde_path_to_error::deserialize::<_, BatchResponseSimplePublicObject>(&mut deserializer)
            .expect_err("the page renders errors[0].errors[0].context as a string");
    assert_eq!(error.path().to_string(), "errors[0].errors[0].context");
    assert!(
        error.inner().to_string().contains("invalid type: string"),
        "{error}"
    );
}

#[test]
fn corrected_response_sample_round_trips() {
    let original = corrected_response();
    let typed: BatchResponseSimplePublicObject =
        serde_json::from_value(original.clone()).expect("corrected sample fits");
    assert_eq!(
        typed.status,
        BatchResponseSimplePublicObjectStatus::Canceled
    );
    assert_eq!(
        typed.results[0].properties["property_number"].as_deref(),
        Some("17")
    );
    assert_eq!(typed.num_errors, Some(123));
    let context = typed
        .errors
        .as_ref()
        .and_then(|e| e[0].errors[0].context.as_ref())
        .expect("context present");
    assert_eq!(context["missingScopes"], ["scope1", "scope2"]);
    // Both timestamp forms (`…:56Z` and `…:17.883Z`) are written back exactly as read.
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), original);
}

/// HubSpot sends `null` for a property without a value (`spec/hubspot-crm.overlay.yaml`
/// makes the values of returned objects nullable): `null` decodes as `None`, a string as
/// `Some`, and both are written back as they came.
#[test]
fn null_property_values_decode_as_none_and_round_trip() {
    let original = common::example("batch-update.response.null-properties.json");
    let typed: BatchResponseSimplePublicObject =
        serde_json::from_value(original.clone()).expect("null property values fit");
    assert_eq!(
        typed.status,
        BatchResponseSimplePublicObjectStatus::Complete
    );
    let [first, second] = &typed.results[..] else {
        panic!("two results: {:?}", typed.results)
    };
    assert_eq!(first.properties["hs_currency_code"], None);
    assert_eq!(first.properties["hs_shipping_address_city"], None);
    assert_eq!(
        first.properties["hs_order_name"].as_deref(),
        Some("Renamed")
    );
    assert_eq!(second.properties["hs_order_name"], None);
    assert_eq!(
        second.properties["hs_currency_code"].as_deref(),
        Some("EUR")
    );
    assert_eq!(first.properties.len(), 6);
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), original);
}

#[test]
fn timestamps_keep_their_instant_and_form() {
    let typed: BatchResponseSimplePublicObject =
        serde_json::from_value(corrected_response()).expect("fits");
    assert_eq!(
        typed.results[0].created_at.timestamp_millis(),
        1_572_406_217_883
    );
    assert_eq!(typed.completed_at.to_rfc3339(), "2023-11-07T05:31:56+00:00");
    let written = serde_json::to_value(&typed).expect("serialises");
    assert_eq!(
        written["results"][0]["createdAt"],
        "2019-10-30T03:30:17.883Z"
    );
    assert_eq!(written["completedAt"], "2023-11-07T05:31:56Z");
}

#[test]
fn unknown_status_round_trips_through_the_catch_all() {
    let mut value = corrected_response();
    value["status"] = Value::from("FAILED");
    let typed: BatchResponseSimplePublicObject =
        serde_json::from_value(value.clone()).expect("unknown values are accepted");
    assert_eq!(
        typed.status,
        BatchResponseSimplePublicObjectStatus::Unknown("FAILED".to_owned())
    );
    assert_eq!(typed.status.to_string(), "FAILED");
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), value);
}

#[test]
fn status_enum_parses_displays_and_lists_values() {
    for known in BatchResponseSimplePublicObjectStatus::KNOWN {
        let parsed: BatchResponseSimplePublicObjectStatus = known.parse().expect("infallible");
        assert!(
            !matches!(parsed, BatchResponseSimplePublicObjectStatus::Unknown(_)),
            "{known}"
        );
        assert_eq!(parsed.to_string(), *known);
    }
    assert_eq!(
        BatchResponseSimplePublicObjectStatus::KNOWN,
        ["CANCELED", "COMPLETE", "PENDING", "PROCESSING"]
    );
    let odd: BatchResponseSimplePublicObjectStatus = "canceled".parse().expect("infallible");
    assert_eq!(
        odd,
        BatchResponseSimplePublicObjectStatus::Unknown("canceled".to_owned()),
        "values are case-sensitive"
    );
}

#[test]
fn missing_required_field_is_named() {
    let mut value = corrected_response();
    value["results"][0]
        .as_object_mut()
        .expect("object")
        .remove("updatedAt");
    let error = serde_path_to_error::deserialize::<_, BatchResponseSimplePublicObject>(value)
        .expect_err("updatedAt is required");
    assert_eq!(error.path().to_string(), "results[0]");
    assert!(
        error
            .inner()
            .to_string()
            .contains("missing field `updatedAt`"),
        "{error}"
    );
}

#[test]
fn build_step_types_decode_the_same_sample() {
    use specgen_demo::hubspot_orders::types::BatchResponseSimplePublicObject as BuildStepResponse;
    let original = corrected_response();
    let typed: BuildStepResponse =
        serde_json::from_value(original.clone()).expect("fits the build-step types");
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), original);
}

/// The build step applies the CRM overlay too: HubSpot's `null` property values decode
/// through the types generated into `OUT_DIR`.
#[test]
fn build_step_types_decode_null_property_values() {
    use specgen_demo::hubspot_orders::types::BatchResponseSimplePublicObject as BuildStepResponse;
    let original = common::example("batch-update.response.null-properties.json");
    let typed: BuildStepResponse =
        serde_json::from_value(original.clone()).expect("null property values fit");
    assert_eq!(typed.results[0].properties["hs_currency_code"], None);
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), original);
}
