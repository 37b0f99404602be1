//! Behaviour of the client generated from `specs/operations.yaml`, checked against a local
//! wiremock server: how parameters and bodies go on the wire, and how responses come back.

use specgen_feature_tests::operations::{
    Client, Error, client,
    error::ErrorBody,
    responses::PostItemsResponse,
    types,
    types::{GetItemFilter, GetItemMode, Item, ItemWithErrors, PostFormBody, SendMultipartBody},
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .expect("client builds")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// The query as decoded `(key, value)` pairs, in order.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("header is text"))
}

fn content_type(request: &Request) -> &str {
    header(request, "content-type").expect("a content type is sent")
}

fn status_body(error: Error) -> (u16, ErrorBody, String) {
    let display = error.to_string();
    match error {
        Error::Status(status) => (status.status, status.body, display),
        other => panic!("expected Error::Status, got {other:?}"),
    }
}

#[test]
fn default_base_url_substitutes_server_variable_default() {
    assert_eq!(client::DEFAULT_BASE_URL, "https://eu.example.com/v1");
    let client = Client::builder().build().expect("client builds");
    assert_eq!(client.base_url(), "https://eu.example.com/v1");
}

#[tokio::test]
async fn get_item_sends_every_parameter_in_its_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "a/b c?"})))
        .mount(&server)
        .await;

    let item = client_for(&server)
        .get_item("a/b c?")
        .tags(["a", "b"])
        .ids([1, 2])
        .filter(GetItemFilter {
            owner: Some("me".to_owned()),
        })
        .x_trace("trace-1")
        .session("s1")
        .mode(GetItemMode::Fast)
        .await
        .expect("200 decodes");
    assert_eq!(
        item,
        Item {
            id: "a/b c?".to_owned()
        }
    );

    let request = only_request(&server).await;
    // The id is one segment: `/`, space and `?` are all percent-encoded.
    assert_eq!(request.url.path(), "/items/a%2Fb%20c%3F");

    let mut pairs = query_pairs(&request);
    pairs.sort();
    let expected: Vec<(String, String)> = [
        ("filter[owner]", "me"),
        ("ids", "1,2"),
        ("mode", "fast"),
        ("tags", "a"),
        ("tags", "b"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(pairs, expected, "raw query: {:?}", request.url.query());

    // Exploded `tags` keeps its order.
    let tags: Vec<String> = query_pairs(&request)
        .into_iter()
        .filter(|(k, _)| k == "tags")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(tags, ["a", "b"]);

    // The comma of the non-exploded `ids` may arrive literal or as %2C.
    let raw = request.url.query().expect("a query is sent");
    assert!(
        raw.contains("ids=1,2") || raw.contains("ids=1%2C2"),
        "raw query: {raw}"
    );

    assert_eq!(header(&request, "x-trace"), Some("trace-1"));
    assert_eq!(header(&request, "cookie"), Some("session=s1"));
    assert_eq!(header(&request, "authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn get_item_sends_unknown_enum_value_as_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "x"})))
        .mount(&server)
        .await;

    client_for(&server)
        .get_item("x")
        .mode(GetItemMode::Unknown("turbo".to_owned()))
        .await
        .expect("200 decodes");

    let request = only_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        [("mode".to_owned(), "turbo".to_owned())]
    );
}

#[tokio::test]
async fn get_item_omits_absent_optional_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/plain"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "plain"})))
        .mount(&server)
        .await;

    let item = client_for(&server)
        .get_item("plain")
        .await
        .expect("200 decodes");
    assert_eq!(item.id, "plain");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/plain");
    let pairs = query_pairs(&request);
    assert!(pairs.is_empty(), "no query pairs expected, got {pairs:?}");
    for key in ["tags", "ids", "filter", "filter[owner]", "mode"] {
        assert!(
            !pairs.iter().any(|(k, _)| k == key),
            "`{key}` must be absent"
        );
    }
    assert_eq!(header(&request, "x-trace"), None);
    assert_eq!(header(&request, "cookie"), None);
}

#[tokio::test]
async fn get_item_omits_absent_deep_object_properties() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "x"})))
        .mount(&server)
        .await;

    client_for(&server)
        .get_item("x")
        .filter(GetItemFilter { owner: None })
        .await
        .expect("200 decodes");

    let request = only_request(&server).await;
    let pairs = query_pairs(&request);
    assert!(
        !pairs.iter().any(|(k, _)| k.starts_with("filter")),
        "an empty filter sends no pairs, got {pairs:?}"
    );
}

#[tokio::test]
async fn get_item_404_json_decodes_into_problem() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "nope"})),
        )
        .mount(&server)
        .await;

    let error = client_for(&server)
        .get_item("x")
        .await
        .expect_err("404 is an error");
    assert_eq!(error.status(), Some(404));
    let (status, body, display) = status_body(error);
    assert_eq!(status, 404);
    match &body {
        ErrorBody::Problem(problem) => assert_eq!(problem.message, "nope"),
        other => panic!("expected ErrorBody::Problem, got {other:?}"),
    }
    assert_eq!(body.message(), Some("nope"));
    assert!(display.contains("nope"), "display: {display}");
    assert!(display.contains("404"), "display: {display}");
}

#[tokio::test]
async fn get_item_404_non_json_is_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>gone</html>"))
        .mount(&server)
        .await;

    let error = client_for(&server)
        .get_item("x")
        .await
        .expect_err("404 is an error");
    let (status, body, display) = status_body(error);
    assert_eq!(status, 404);
    match &body {
        ErrorBody::Raw(text) => assert_eq!(text, "<html>gone</html>"),
        other => panic!("expected ErrorBody::Raw, got {other:?}"),
    }
    assert!(display.contains("gone"), "display: {display}");
}

#[tokio::test]
async fn get_item_200_with_wrong_body_is_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 5})))
        .mount(&server)
        .await;

    let error = client_for(&server)
        .get_item("x")
        .await
        .expect_err("a body that does not fit is an error");
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.status, 200);
            assert_eq!(decode.path, "id");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn post_items_sends_json_and_decodes_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "new"})))
        .mount(&server)
        .await;

    let response = client_for(&server)
        .post_items(&Item {
            id: "sent".to_owned(),
        })
        .await
        .expect("200 is success");
    assert_eq!(
        response,
        PostItemsResponse::Ok(Item {
            id: "new".to_owned()
        })
    );

    let request = only_request(&server).await;
    assert!(
        content_type(&request).starts_with("application/json"),
        "content type: {}",
        content_type(&request)
    );
    let sent: serde_json::Value = request.body_json().expect("body is JSON");
    assert_eq!(sent, serde_json::json!({"id": "sent"}));
}

#[tokio::test]
async fn post_items_207_is_multi_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(
            ResponseTemplate::new(207)
                .set_body_json(serde_json::json!({"id": "partial", "errors": ["first", "second"]})),
        )
        .mount(&server)
        .await;

    let response = client_for(&server)
        .post_items(&Item {
            id: "sent".to_owned(),
        })
        .await
        .expect("207 is success");
    assert_eq!(
        response,
        PostItemsResponse::MultiStatus(ItemWithErrors {
            id: "partial".to_owned(),
            errors: vec!["first".to_owned(), "second".to_owned()],
        })
    );
}

#[tokio::test]
async fn post_items_500_uses_default_response_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({"message": "x"})))
        .mount(&server)
        .await;

    let error = client_for(&server)
        .post_items(&Item {
            id: "sent".to_owned(),
        })
        .await
        .expect_err("500 is an error");
    let (status, body, display) = status_body(error);
    assert_eq!(status, 500);
    match &body {
        ErrorBody::Problem(problem) => assert_eq!(problem.message, "x"),
        other => panic!("expected ErrorBody::Problem, got {other:?}"),
    }
    assert!(display.contains("500"), "display: {display}");
}

#[tokio::test]
async fn delete_item_204_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/items/gone"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    client_for(&server)
        .delete_item("gone")
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/items/gone");
}

#[tokio::test]
async fn post_form_sends_urlencoded_and_returns_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/form"))
        .respond_with(ResponseTemplate::new(201).set_body_raw("created: a b&c", "text/plain"))
        .mount(&server)
        .await;

    let text = client_for(&server)
        .post_form(Some(&PostFormBody {
            name: Some("a b&c".to_owned()),
        }))
        .await
        .expect("201 is success");
    assert_eq!(text, "created: a b&c");

    let request = only_request(&server).await;
    assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
    let body = String::from_utf8(request.body.clone()).expect("form body is text");
    // `a b&c` must be encoded so the `&` does not start a new pair.
    assert!(
        body == "name=a+b%26c" || body == "name=a%20b%26c",
        "form body: {body}"
    );
}

#[tokio::test]
async fn upload_round_trips_bytes() {
    let server = MockServer::start().await;
    let sent: Vec<u8> = vec![0x00, 0xff, 0xfe, 0x80, b'a', 0xc3, 0x28];
    let returned: Vec<u8> = vec![0xde, 0xad, 0xbe, 0xef, 0x00, 0xff];
    Mock::given(method("PUT"))
        .and(path("/upload"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(returned.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;

    let answer = client_for(&server)
        .upload(Some(sent.clone()))
        .await
        .expect("200 is success");
    assert_eq!(answer, returned);

    let request = only_request(&server).await;
    assert_eq!(content_type(&request), "application/octet-stream");
    assert_eq!(request.body, sent);
}

#[tokio::test]
async fn send_multipart_sends_form_data() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/multipart"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"accepted": true})),
        )
        .mount(&server)
        .await;

    let response = client_for(&server)
        .send_multipart(Some(&SendMultipartBody {
            title: Some("Hello title".to_owned()),
            count: Some(42),
        }))
        .await
        .expect("200 is success");
    assert_eq!(response.accepted, Some(true));

    let request = only_request(&server).await;
    let content_type = content_type(&request);
    assert!(
        content_type.starts_with("multipart/form-data"),
        "content type: {content_type}"
    );
    assert!(
        content_type.contains("boundary="),
        "content type: {content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("name=\"title\""), "body: {body}");
    assert!(body.contains("Hello title"), "body: {body}");
    assert!(body.contains("name=\"count\""), "body: {body}");
    assert!(body.contains("\r\n\r\n42\r\n"), "body: {body}");
}

#[tokio::test]
async fn echo_text_sends_and_returns_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/text"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("pong ✓", "text/plain"))
        .mount(&server)
        .await;

    let text = client_for(&server)
        .echo_text(Some("ping ✓".to_owned()))
        .await
        .expect("200 is success");
    assert_eq!(text, "pong ✓");

    let request = only_request(&server).await;
    assert!(
        content_type(&request).starts_with("text/plain"),
        "content type: {}",
        content_type(&request)
    );
    assert_eq!(request.body, "ping ✓".as_bytes());
}

#[tokio::test]
async fn optional_bodies_can_be_omitted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/text"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("", "text/plain"))
        .mount(&server)
        .await;

    let text = client_for(&server)
        .echo_text(None)
        .await
        .expect("200 is success");
    assert_eq!(text, "");

    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn get_item_undeclared_status_is_raw_even_when_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(serde_json::json!({"message": "boom"})),
        )
        .mount(&server)
        .await;

    let error = client_for(&server)
        .get_item("x")
        .await
        .expect_err("500 is an error");
    let (status, body, _) = status_body(error);
    assert_eq!(status, 500);
    match &body {
        ErrorBody::Raw(text) => assert_eq!(text, r#"{"message":"boom"}"#),
        other => panic!("expected ErrorBody::Raw, got {other:?}"),
    }
}

#[tokio::test]

async fn get_item_cookie_value_cannot_add_cookies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "x"})))
        .mount(&server)
        .await;

    let result = client_for(&server)
        .get_item("x")
        .session("s1; admin=1")
        .await;
    // Either the value is refused, or it is encoded so that it stays one cookie.
    if result.is_ok() {
        let request = only_request(&server).await;
        let cookie = header(&request, "cookie").expect("a cookie is sent");
        let pairs: Vec<&str> = cookie.split(';').map(str::trim).collect();
        assert_eq!(pairs.len(), 1, "cookie header: {cookie}");
        assert!(pairs[0].starts_with("session="), "cookie header: {cookie}");
    }
}

#[tokio::test]
async fn form_bodies_encode_nested_objects_and_arrays_with_brackets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/charges"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let body = types::CreateChargeBody {
        amount: 2000,
        expand: Some(vec!["customer".into(), "invoice".into()]),
        metadata: Some([("order id".to_owned(), "6735&x".to_owned())].into()),
        items: Some(vec![types::CreateChargeBodyItemsItem {
            price: Some("p_1".into()),
            quantity: Some(2),
        }]),
    };
    client_for(&server)
        .create_charge(&body)
        .await
        .expect("200 with no body");
    let request = only_request(&server).await;
    assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
    let sent = String::from_utf8(request.body.clone()).expect("ascii");
    // Pairs follow the field order, or key order when serde_json sorts its maps (a feature
    // another crate in the build may switch on); either is a valid form encoding.
    let mut pairs: Vec<&str> = sent.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "amount=2000",
            "expand=customer",
            "expand=invoice",
            "items[0][price]=p_1",
            "items[0][quantity]=2",
            "metadata[order+id]=6735%26x"
        ]
    );
    assert!(
        sent.find("expand=customer") < sent.find("expand=invoice"),
        "array order is kept: {sent}"
    );
}

#[tokio::test]
async fn path_parameters_follow_their_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let label = ["a".to_owned(), "b c".to_owned()];
    let matrix = ["x".to_owned(), "y".to_owned()];
    client_for(&server)
        .styled(&label, &matrix, &[1, 2], "s/t")
        .await
        .expect("204");
    let request = only_request(&server).await;
    // `{star*}` in the template is the parameter `star` (RFC 6570 explode modifier).
    assert_eq!(
        request.url.path(),
        "/styled/.a,b%20c/;matrix=x;matrix=y/1,2/s%2Ft"
    );
}

/// Many required parameters stay arguments; the optional one is a setter.
#[tokio::test]
async fn many_required_parameters_stay_arguments() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/many"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = specgen_feature_tests::operations::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .many_required("1", "2", "3", "4", "5", "6", "7", 8)
        .extra("x")
        .await
        .expect("204");
    let request = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(
        request.url.query(),
        Some("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&extra=x")
    );
}

/// A cursor the spec marks required is an argument: the first page sends the caller's, each
/// later page the previous page's `next_cursor`, with the other parameters kept.
#[tokio::test]
async fn a_required_query_cursor_is_replaced_on_later_pages() {
    let server = MockServer::start().await;
    for (cursor, entries, next) in [
        ("start", ["a", "b"], Some("c2")),
        ("c2", ["c", "d"], Some("c3")),
        ("c3", ["e", "f"], None),
    ] {
        let mut page = serde_json::json!({"entries": entries});
        if let Some(next) = next {
            page["next_cursor"] = next.into();
        }
        Mock::given(method("GET"))
            .and(path("/feeds/news"))
            .and(wiremock::matchers::query_param("cursor", cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_for(&server);
    let entries = client
        .read_feed("news", "start")
        .limit(2)
        .items()
        .collect_all()
        .await
        .expect("items");
    assert_eq!(entries, ["a", "b", "c", "d", "e", "f"]);
    let queries: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "cursor=start&limit=2",
            "cursor=c2&limit=2",
            "cursor=c3&limit=2"
        ]
    );
}
