//! HubSpot's CRM specs in the shapes HubSpot publishes them (`crm/deals.yaml`,
//! `crm/objects.yaml`, `crm/associations.yaml`, `crm/properties.yaml`): the calls read like
//! the orders spec's and reach the published paths; deals search pages with the cursor
//! its request marks required.

use serde_json::json;
use specgen_feature_tests::hubspot_crm::{Client, associations, deals, properties};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client")
}

fn object(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"dealname": "Renewal", "amount": null},
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z", "archived": false})
}

async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// Deals' paths say `0-3`; the calls are the orders spec's: list, get, update, archive,
/// batch_update.
#[tokio::test]
async fn deals_by_object_type_id_read_like_orders() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/crm/v3/objects/0-3",
        200,
        json!({"results": [object("1")]}),
    )
    .await;
    answer(&server, "GET", "/crm/v3/objects/0-3/1", 200, object("1")).await;
    answer(&server, "PATCH", "/crm/v3/objects/0-3/1", 200, object("1")).await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/objects/0-3/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/crm/v3/objects/0-3/batch/update",
        200,
        json!({"status": "COMPLETE", "results": [object("1")],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:01Z"}),
    )
    .await;
    let client = client(&server);
    let deals = client.deals();
    let page = deals.list().limit(1).await.expect("list");
    assert_eq!(page.results[0].id, "1");
    let deal = deals.get("1").await.expect("get");
    // HubSpot's `null` for an empty property decodes (spec/hubspot-crm.overlay.yaml).
    assert_eq!(deal.properties.get("amount"), Some(&None));
    assert_eq!(
        deal.properties.get("dealname"),
        Some(&Some("Renewal".to_owned()))
    );
    let input: deals::types::SimplePublicObjectInput =
        serde_json::from_value(json!({"properties": {"dealname": "Renewal"}})).expect("input");
    deals.update("1", &input).await.expect("update");
    deals.archive("1").await.expect("archive");
    let batch: deals::types::BatchInputSimplePublicObjectBatchInput =
        serde_json::from_value(json!({"inputs": [{"id": "1", "properties": {"amount": "10"}}]}))
            .expect("batch");
    let updated = deals.batch_update(&batch).await.expect("batch_update");
    assert_eq!(updated.results().len(), 1);
}

/// HubSpot's published search request lists `after` under `required`, and its answer pages
/// with a `Paging` that has `next` and `prev`: the first page sends the caller's body as
/// given, the later ones the cursor of the page before.
#[tokio::test]
async fn deals_search_pages_with_the_required_cursor_in_its_body() {
    let server = MockServer::start().await;
    let request = json!({"after": "", "filterGroups": [], "limit": 2,
        "properties": ["dealname"], "sorts": []});
    let pages = [
        (
            "",
            json!({"total": 5, "results": [object("1"), object("2")],
            "paging": {"next": {"after": "2", "link": "?after=2"}}}),
        ),
        (
            "2",
            json!({"total": 5, "results": [object("3"), object("4")],
            "paging": {"next": {"after": "4"}, "prev": {"before": "2"}}}),
        ),
        (
            "4",
            json!({"total": 5, "results": [object("5")],
            "paging": {"prev": {"before": "4"}}}),
        ),
    ];
    for (after, page) in pages {
        let mut body = request.clone();
        body["after"] = json!(after);
        Mock::given(method("POST"))
            .and(path("/crm/v3/objects/0-3/search"))
            .and(body_json(body))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let search: deals::types::PublicObjectSearchRequest =
        serde_json::from_value(request).expect("request");
    let ids: Vec<String> = client
        .deals()
        .search(&search)
        .items()
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|deal| deal.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(search.after, "", "the caller's body is left as it was");
}

/// The date-versioned generic objects API: the object type is an argument of REST-named
/// calls, and the version no word of any name.
#[tokio::test]
async fn generic_objects_take_the_object_type_as_an_argument() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/crm/objects/2025-09/orders",
        200,
        json!({"results": [object("512")]}),
    )
    .await;
    answer(
        &server,
        "GET",
        "/crm/objects/2025-09/orders/512",
        200,
        object("512"),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/crm/objects/2025-09/0-3/1/associations/contacts"))
        .and(query_param("limit", "10"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"results": [{"id": "7", "type": "deal_to_contact"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let objects = client.objects();
    let page = objects.list("orders").await.expect("list");
    assert_eq!(page.results[0].id, "512");
    let order = objects.get("orders", "512").await.expect("get");
    assert_eq!(order.properties.get("amount"), Some(&None));
    let associated = objects
        .list_associations("0-3", "1", "contacts")
        .limit(10)
        .await
        .expect("associations");
    assert_eq!(associated.results[0].id, "7");
}

/// Associations v4 and properties: the vendor's verb where the path reads as no REST name
/// (`create_default`), REST names elsewhere (`batch_archive_labels`, `update`).
#[tokio::test]
async fn associations_and_properties_read_like_the_sdk() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/crm/v4/associations/deals/contacts/batch/associate/default",
        200,
        json!({"status": "COMPLETE", "results": [{"from": {"id": "1"}, "to": {"id": "7"},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}}],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:01Z"}),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(
            "/crm/v4/associations/deals/contacts/batch/labels/archive",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "PATCH",
        "/crm/v3/properties/deals/dealname",
        200,
        json!({"name": "dealname", "label": "Deal name", "type": "string", "fieldType": "text",
            "description": "", "groupName": "dealinformation", "options": []}),
    )
    .await;
    let client = client(&server);
    let pairs: associations::types::BatchInputPublicDefaultAssociationMultiPost =
        serde_json::from_value(json!({"inputs": [{"from": {"id": "1"}, "to": {"id": "7"}}]}))
            .expect("pairs");
    let created = client
        .associations()
        .create_default("deals", "contacts", &pairs)
        .await
        .expect("create_default");
    assert_eq!(created.results[0].to.id, "7");
    let labels: associations::types::BatchInputPublicAssociationMultiPost =
        serde_json::from_value(json!({"inputs": [{"from": {"id": "1"}, "to": {"id": "7"},
            "types": [{"associationCategory": "USER_DEFINED", "associationTypeId": 36}]}]}))
        .expect("labels");
    client
        .associations()
        .batch_archive_labels("deals", "contacts", &labels)
        .await
        .expect("batch_archive_labels");
    let change: properties::types::PropertyUpdate =
        serde_json::from_value(json!({"label": "Deal name"})).expect("change");
    let property = client
        .properties()
        .update("deals", "dealname", &change)
        .await
        .expect("update");
    assert_eq!(property.label, "Deal name");
}
