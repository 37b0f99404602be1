//! Four HubSpot CRM specs as one crate (`crm/specgen.toml`): one client for all modules,
//! shared types that pass between them, one error type and one rate-limit state.

use std::any::TypeId;

use serde_json::json;
use specgen_feature_tests::hubspot_crm::{self, Client, Error, error::ErrorBody, shared};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn object(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"name": "ACME"},
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z"})
}

#[test]
fn schemas_defined_alike_are_one_type_and_differing_ones_stay_apart() {
    use hubspot_crm::{associations, contacts, orders, properties};
    assert_eq!(
        TypeId::of::<orders::types::SimplePublicObject>(),
        TypeId::of::<contacts::types::SimplePublicObject>()
    );
    assert_eq!(
        TypeId::of::<properties::types::Error>(),
        TypeId::of::<shared::Error>()
    );
    assert_eq!(
        TypeId::of::<associations::types::ForwardPaging>(),
        TypeId::of::<orders::types::ForwardPaging>()
    );
    // The contacts spec's `Filter` has one more operator than the orders spec's.
    assert_ne!(
        TypeId::of::<orders::types::Filter>(),
        TypeId::of::<contacts::types::Filter>()
    );
    assert_ne!(
        TypeId::of::<orders::types::PublicObjectSearchRequest>(),
        TypeId::of::<contacts::types::PublicObjectSearchRequest>()
    );
}

#[test]
fn a_shared_type_round_trips() {
    let value = object("512");
    let decoded: shared::SimplePublicObject =
        serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(decoded.id, "512");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value);
}

#[tokio::test]
async fn one_client_serves_every_module_and_shares_its_rate_limit_state() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/orders/512"))
        .and(header("authorization", "Bearer t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(object("512")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/contacts/7"))
        .and(header("authorization", "Bearer t"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(object("7"))
                .insert_header("X-HubSpot-RateLimit-Remaining", "41")
                .insert_header("X-HubSpot-RateLimit-Max", "100"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/properties/contacts/groups"))
        .and(header("authorization", "Bearer t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [{"name": "contactinformation", "label": "Contact information", "displayOrder": 0, "archived": false}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/properties/contacts/email"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "email", "label": "Email", "type": "string", "fieldType": "text",
            "description": "", "groupName": "contactinformation", "options": []
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client");
    let order = client.orders().get("512").await.expect("order");
    let contact = client.contacts().get("7").await.expect("contact");
    // The same type comes back from both APIs.
    let both: [&shared::SimplePublicObjectWithAssociations; 2] = [&order, &contact];
    assert_eq!(both.map(|o| o.id.as_str()), ["512", "7"]);
    // The contacts call's rate-limit headers are seen through every module and the client.
    for seen in [
        client.rate_limit(),
        client.orders().rate_limit(),
        client.properties().rate_limit(),
    ] {
        assert_eq!(seen.and_then(|r| r.remaining), Some(41));
    }
    let property = client
        .properties()
        .get("contacts", "email")
        .await
        .expect("property");
    assert_eq!(property.field_type, "text");
    let groups = client
        .properties()
        .list_groups("contacts")
        .await
        .expect("groups");
    assert_eq!(groups.results[0].name, "contactinformation");
}

#[tokio::test]
async fn every_module_fails_with_the_one_error_type() {
    let server = MockServer::start().await;
    let body = json!({
        "category": "OBJECT_NOT_FOUND",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "message": "resource not found"
    });
    Mock::given(method("GET"))
        .and(path("/crm/v3/properties/deals/groups/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(body.clone()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/objects/orders/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client");
    let errors: [Error; 2] = [
        client
            .properties()
            .get_group("deals", "gone")
            .await
            .expect_err("not found"),
        client
            .orders()
            .archive("gone")
            .await
            .expect_err("not found"),
    ];
    for error in errors {
        let Error::Status(status) = error else {
            panic!("a status error expected, got {error:?}");
        };
        assert_eq!(status.status, 404);
        let ErrorBody::Error(body) = &status.body else {
            panic!("the spec's error body expected, got {:?}", status.body);
        };
        assert_eq!(body.category, "OBJECT_NOT_FOUND");
    }
}

#[test]
fn each_api_keeps_the_server_its_spec_names_unless_one_is_chosen() {
    let client = Client::new("t").expect("client");
    assert_eq!(client.base_url(), "https://api.hubapi.com");
    assert_eq!(client.associations().base_url(), "https://api.hubapi.com");
    let local = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client");
    assert_eq!(local.contacts().base_url(), "http://127.0.0.1:9");
}
