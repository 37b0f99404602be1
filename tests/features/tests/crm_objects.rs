//! HubSpot's CRM objects API as a whole: the method names read like HubSpot's own SDKs.

use serde_json::json;
use specgen_feature_tests::crm_objects::{Client, types};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client")
}

#[tokio::test]
async fn archive_search_and_batch_read_reach_their_endpoints() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/objects/orders/512"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/orders/search"))
        .and(body_json(json!({"query": "ACME", "limit": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1,
            "results": [{"id": "512", "properties": {"hs_order_name": "ACME"},
                "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.archive("512").await.expect("archived");
    let found = client
        .search(&types::PublicObjectSearchRequest {
            query: Some("ACME".into()),
            limit: Some(2),
            ..Default::default()
        })
        .await
        .expect("search");
    assert_eq!(found.total, 1);
    assert_eq!(found.results[0].id, "512");
}

fn order(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {}, "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z"})
}

/// Optional parameters are chained setters; each reaches the query as the spec writes it
/// (arrays exploded, one pair per value).
#[tokio::test]
async fn builder_calls_send_every_optional_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": [order("1")]})))
        .mount(&server)
        .await;
    let client = client(&server);
    let page = client
        .list()
        .limit(100)
        .after("abc")
        .properties(["amount", "hs_order_name"])
        .archived(false)
        .await
        .expect("listed");
    assert_eq!(page.results.len(), 1);
    let plain = client.list().await.expect("no parameters");
    assert_eq!(plain.results[0].id, "1");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0].url.query(),
        Some("limit=100&after=abc&properties=amount&properties=hs_order_name&archived=false")
    );
    assert_eq!(
        requests[1].url.query(),
        None,
        "unset parameters are not sent"
    );
    // Required parameters stay arguments.
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/orders/512"))
        .respond_with(ResponseTemplate::new(200).set_body_json(order("512")))
        .mount(&server)
        .await;
    let one = client
        .get("512")
        .id_property("hs_object_id")
        .await
        .expect("read");
    assert_eq!(one.id, "512");
}

/// `paging.next.after` of each page goes back as `after`, until a page names no next.
async fn three_pages(server: &MockServer) {
    for (after, ids, next) in [
        (None, ["1", "2"], Some("c2")),
        (Some("c2"), ["3", "4"], Some("c3")),
        (Some("c3"), ["5", "6"], None),
    ] {
        let mut page = json!({"results": [order(ids[0]), order(ids[1])]});
        if let Some(next) = next {
            page["paging"] = json!({"next": {"after": next, "link": "ignored"}});
        }
        let mock = Mock::given(method("GET")).and(path("/crm/v3/objects/orders"));
        let mock = match after {
            Some(after) => mock.and(wiremock::matchers::query_param("after", after)),
            None => mock.and(wiremock::matchers::query_param_is_missing("after")),
        };
        mock.and(wiremock::matchers::query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn pages_stop_at_the_last_page_and_items_flatten_them() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let mut pages = client.list().limit(2).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("page").results.len());
    }
    assert_eq!(sizes, [2, 2, 2]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);

    let ids: Vec<String> = client
        .list()
        .limit(2)
        .items()
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|order| order.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
}

#[tokio::test]
async fn a_cap_stops_before_asking_for_more_pages() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let ids: Vec<String> = client
        .list()
        .limit(2)
        .items()
        .max_items(3)
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|order| order.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        2,
        "the third page is never asked for"
    );
}

/// Search pages by `after` in its JSON body; the caller's body is left as it was.
#[tokio::test]
async fn search_pages_by_the_cursor_in_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/orders/search"))
        .and(body_json(json!({"query": "ACME"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 3, "results": [order("1"), order("2")],
            "paging": {"next": {"after": "2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/orders/search"))
        .and(body_json(json!({"query": "ACME", "after": "2"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 3, "results": [order("3")]
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let request = types::PublicObjectSearchRequest {
        query: Some("ACME".into()),
        ..Default::default()
    };
    let ids: Vec<String> = client
        .search(&request)
        .items()
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|order| order.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(request.after, None);
}

/// A page that fails ends the stream with its error.
#[tokio::test]
async fn an_error_page_ends_the_stream_with_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/orders"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "category": "VALIDATION_ERROR", "correlationId": "8a5c4fcd-6d0a-4a1f-9a8e-000000000001",
            "message": "bad limit"
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut pages = client.list().limit(1000).pages();
    let first = pages.next().await.expect("one item");
    assert_eq!(first.expect_err("400").status(), Some(400));
    assert!(pages.next().await.is_none());
}
