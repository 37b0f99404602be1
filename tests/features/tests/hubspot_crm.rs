//! Four HubSpot CRM specs as one crate (`crm/specgen.toml`): one client for all modules,
//! shared types that pass between them, one error type and one rate-limit state.

use std::any::TypeId;

use serde_json::json;
use specgen_feature_tests::hubspot_crm::{self, Client, Error, error::ErrorBody, shared};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn object(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"name": "ACME"},
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z"})
}

/// A HubSpot-shaped answer from the repository's `spec/examples/`.
fn example(name: &str) -> serde_json::Value {
    let file = format!("{}/../../spec/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client")
}

/// HubSpot answers `null` for a property without a value. The contacts spec declares the
/// values `{type: string}`, as HubSpot publishes it; `crm/specgen.toml` applies
/// `spec/hubspot-crm.overlay.yaml`, which makes them (and the values in
/// `propertiesWithHistory`) nullable: `null` is `None`, a string stays `Some`.
#[tokio::test]
async fn contacts_decode_null_property_values_and_their_history() {
    let contact = example("get.response.properties-with-history.json");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/contacts/151"))
        .and(query_param("propertiesWithHistory", "firstname"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact.clone()))
        .expect(1)
        .mount(&server)
        .await;
    // The same contact read in a batch (whose objects carry `propertiesWithHistory` in these
    // specs), with a history entry whose value is `null` as well.
    let mut in_batch = contact;
    in_batch["propertiesWithHistory"]["phone"] = json!([
        {"value": null, "timestamp": "2025-04-01T10:00:00.000Z", "sourceType": "INTEGRATION"}
    ]);
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/contacts/batch/read"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "COMPLETE",
            "results": [in_batch],
            "startedAt": "2025-05-20T08:16:00.101Z",
            "completedAt": "2025-05-20T08:16:00.188Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let read = client
        .contacts()
        .get("151")
        .properties(["email", "firstname", "lastname", "phone"])
        .properties_with_history(["firstname"])
        .await
        .expect("a contact with a null property decodes");
    assert_eq!(read.id, "151");
    assert_eq!(read.properties.get("phone"), Some(&None));
    assert_eq!(read.properties["firstname"].as_deref(), Some("Maria"));
    assert_eq!(
        read.properties["email"].as_deref(),
        Some("maria.johnson@example.com")
    );
    assert_eq!(read.properties.len(), 7);
    assert_eq!(read.archived, Some(false));

    let batch = client
        .contacts()
        .batch_read(
            &hubspot_crm::contacts::types::BatchReadInputSimplePublicObjectId {
                inputs: vec![hubspot_crm::contacts::types::SimplePublicObjectId {
                    id: "151".into(),
                }],
                properties: vec!["firstname".into(), "phone".into()],
                properties_with_history: vec!["firstname".into(), "phone".into()],
                id_property: None,
            },
        )
        .await
        .expect("a batch with null values decodes");
    let [contact] = batch.results() else {
        panic!("one result: {batch:?}")
    };
    assert_eq!(contact.properties["phone"], None);
    assert_eq!(contact.properties["lastname"].as_deref(), Some("Johnson"));
    let history = contact
        .properties_with_history
        .as_ref()
        .expect("propertiesWithHistory");
    let firstname: Vec<(Option<&str>, &str, String)> = history["firstname"]
        .iter()
        .map(|v| {
            (
                v.value.as_deref(),
                v.source_type.as_str(),
                v.timestamp.to_rfc3339(),
            )
        })
        .collect();
    assert_eq!(
        firstname,
        [
            (
                Some("Maria"),
                "CRM_UI",
                "2025-05-20T08:15:02.310+00:00".to_owned()
            ),
            (
                Some("Mary"),
                "FORM",
                "2024-03-11T14:02:31.845+00:00".to_owned()
            ),
        ]
    );
    assert_eq!(history["phone"].len(), 1);
    assert_eq!(history["phone"][0].value, None);
    assert_eq!(history["phone"][0].source_type, "INTEGRATION");
}

/// The last page of a list has no `paging`, and may have no results at all: the pages end
/// there, and the objects before it keep their `null` values.
#[tokio::test]
async fn a_contact_list_ends_at_a_last_page_without_paging() {
    let last = example("list.response.last-page.json");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/contacts"))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [example("get.response.properties-with-history.json")],
            "paging": {"next": {"after": "152", "link": "https://api.hubapi.com/crm/v3/objects/contacts?after=152"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/contacts"))
        .and(query_param("after", "152"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_for(&server);

    let mut pages = client.contacts().list().limit(1).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        seen.push((page.results.len(), page.paging.is_some()));
    }
    assert_eq!(seen, [(1, true), (0, false)]);

    let the_last = client
        .contacts()
        .list()
        .after("152")
        .await
        .expect("the last page");
    assert!(the_last.results.is_empty() && the_last.paging.is_none());
    assert_eq!(
        serde_json::to_value(&the_last).expect("encodes"),
        last,
        "nothing is added to an empty last page"
    );
    server.verify().await;
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
