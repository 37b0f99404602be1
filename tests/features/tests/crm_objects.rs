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
