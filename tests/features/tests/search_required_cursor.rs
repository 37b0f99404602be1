//! HubSpot's published search: `after` is a required field of the request body, and the
//! answer's `Paging` has `prev.before` beside `next.after`. The stream sends the caller's
//! body unchanged first, then the same body with `after` set to the page's `next.after`.

use serde_json::{Value, json};
use specgen_feature_tests::search_required_cursor::{Client, types};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEARCH: &str = "/crm/v3/objects/tickets/search";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client")
}

fn ticket(id: &str) -> Value {
    json!({
        "id": id, "properties": {"subject": format!("ticket {id}"), "hs_pipeline": null},
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z", "archived": false
    })
}

/// The caller's search, starting at `after`.
fn search(after: &str) -> types::PublicObjectSearchRequest {
    types::PublicObjectSearchRequest {
        query: None,
        limit: 2,
        after: after.to_owned(),
        sorts: vec!["createdate".into()],
        properties: vec!["subject".into()],
        filter_groups: vec![types::FilterGroup {
            filters: vec![types::Filter {
                property_name: "hs_pipeline".into(),
                operator: types::FilterOperator::Eq,
                value: Some("0".into()),
                high_value: None,
                values: None,
            }],
        }],
    }
}

/// The search body as the server must receive it, with `after`.
fn body(after: &str) -> Value {
    json!({
        "limit": 2,
        "after": after,
        "sorts": ["createdate"],
        "properties": ["subject"],
        "filterGroups": [{"filters": [{"propertyName": "hs_pipeline", "value": "0", "operator": "EQ"}]}]
    })
}

/// The three pages as (the `after` each is asked with, its tickets, its `paging` as
/// HubSpot writes it): the first has only `next`, the second `next` and `prev`, the last
/// only `prev`, which ends the list.
fn answers() -> [(&'static str, [&'static str; 2], Value); 3] {
    [
        (
            "",
            ["1", "2"],
            json!({"next": {"after": "2", "link": "?after=2"}}),
        ),
        (
            "2",
            ["3", "4"],
            json!({"next": {"after": "4", "link": "?after=4"}, "prev": {"before": "3", "link": "?before=3"}}),
        ),
        (
            "4",
            ["5", "6"],
            json!({"prev": {"before": "5", "link": "?before=5"}}),
        ),
    ]
}

/// Answers each search asked with its page's `after`, once.
async fn mount(server: &MockServer, answers: &[(&str, [&str; 2], Value)]) {
    for (after, ids, paging) in answers {
        Mock::given(method("POST"))
            .and(path(SEARCH))
            .and(body_json(body(after)))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "total": 6,
                "results": [ticket(ids[0]), ticket(ids[1])],
                "paging": paging
            })))
            .expect(1)
            .mount(server)
            .await;
    }
}

/// The `after` of every search body the server received, in order.
async fn afters(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|request| {
            let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
            body["after"].as_str().expect("`after` is sent").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn items_follow_next_after_and_never_prev_before() {
    let server = MockServer::start().await;
    mount(&server, &answers()).await;
    let client = client(&server);
    let request = search("");
    let ids: Vec<String> = client
        .search(&request)
        .items()
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|ticket| ticket.id)
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    // The first page sends the caller's `after` as given, the later ones the previous
    // page's `paging.next.after`; the last page's `prev` asks for nothing more.
    assert_eq!(afters(&server).await, ["", "2", "4"]);
    assert_eq!(request, search(""), "the caller's body is left as it was");
}

#[tokio::test]
async fn pages_carry_prev_and_next_as_received() {
    let server = MockServer::start().await;
    mount(&server, &answers()).await;
    let client = client(&server);
    let request = search("");
    let mut pages = client.search(&request).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let paging = page.expect("page").paging.expect("paging");
        seen.push((
            paging.next.map(|next| next.after),
            paging.prev.map(|prev| prev.before),
        ));
    }
    assert_eq!(
        seen,
        [
            (Some("2".to_owned()), None),
            (Some("4".to_owned()), Some("3".to_owned())),
            (None, Some("5".to_owned())),
        ]
    );
}

/// A caller that resumes from a cursor of its own: the first request sends it unchanged.
#[tokio::test]
async fn the_first_page_sends_the_callers_own_after() {
    let server = MockServer::start().await;
    mount(&server, &answers()[1..]).await;
    let client = client(&server);
    let ids: Vec<String> = client
        .search(&search("2"))
        .items()
        .collect_all()
        .await
        .expect("items")
        .into_iter()
        .map(|ticket| ticket.id)
        .collect();
    assert_eq!(ids, ["3", "4", "5", "6"]);
    assert_eq!(afters(&server).await, ["2", "4"]);
}
