//! End-to-end tests of the generated `hubspot-orders` client against local wiremock servers.
//!
//! Every test starts its own `MockServer` on 127.0.0.1; nothing talks to the real HubSpot API.

mod common;

use chrono::Datelike;
use common::{example, example_request, example_response};
use hubspot_orders::Error;
use hubspot_orders::error::ErrorBody;
use hubspot_orders::responses::BatchUpdateResponse;
use hubspot_orders::types::{
    BatchResponseSimplePublicObject, BatchResponseSimplePublicObjectStatus,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The bearer token every test client uses; it must never show up in any printed output.
const TOKEN: &str = "sekrit-token-123";
const ENDPOINT: &str = "/crm/v3/objects/orders/batch/update";

/// A client for `server` that authenticates with [`TOKEN`].
fn client_for(server: &MockServer) -> hubspot_orders::Client {
    hubspot_orders::Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .build()
        .expect("client builds")
}

/// Starts a server that answers every `POST` to the endpoint with `response`, once.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Sends the example request to a server that answers with `response`.
async fn call_with(response: ResponseTemplate) -> Result<BatchResponseSimplePublicObject, Error> {
    let server = server_answering(response).await;
    client_for(&server)
        .batch_update(&example_request())
        .await
        .map(|answer| match answer {
            BatchUpdateResponse::Ok(body) => body,
            other => panic!("expected the 200 body, got {other:?}"),
        })
}

/// The error for a 400 with a HubSpot error body.
async fn validation_error() -> Error {
    let body = json!({
        "status": "error",
        "message": "Property values were not valid",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "category": "VALIDATION_ERROR",
        "errors": [{"message": "bad", "code": "INVALID"}],
    });
    call_with(ResponseTemplate::new(400).set_body_json(body))
        .await
        .expect_err("a 400 is an error")
}

/// The error for a 200 whose first result has a `createdAt` that is not a date.
async fn bad_date_error() -> Error {
    let mut body = example_response();
    body["results"][0]["createdAt"] = json!("not a date");
    call_with(ResponseTemplate::new(200).set_body_json(body))
        .await
        .expect_err("a bad date does not decode")
}

#[tokio::test]
async fn sends_the_documented_request() {
    let input = example_request();
    let expected_body = serde_json::to_value(&input).expect("request serializes");
    // Serializing the typed request gives back the example exactly: nothing is lost or added.
    assert_eq!(expected_body, example("batch-update.request.json"));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(header_regex("user-agent", "^hubspot-orders/"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(example_response()))
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server)
        .batch_update(&input)
        .await
        .expect("the request matches the mock and the response decodes");
    assert_eq!(response.results()[0].id, "512");
    server.verify().await;
}

#[tokio::test]
async fn decodes_a_success_response() {
    let response = call_with(ResponseTemplate::new(200).set_body_json(example_response()))
        .await
        .expect("the example response decodes");

    assert_eq!(response.results.len(), 1);
    assert_eq!(response.results[0].id, "512");
    assert_eq!(
        response.results[0]
            .properties
            .get("property_number")
            .and_then(Option::as_deref),
        Some("17")
    );
    assert_eq!(response.status.as_str(), "CANCELED");
    assert_eq!(
        response.status,
        BatchResponseSimplePublicObjectStatus::Canceled
    );
    assert_eq!(response.completed_at.year(), 2023);
    assert_eq!(response.num_errors, Some(123));

    let errors = response.errors.as_deref().expect("errors are present");
    let context = errors[0].errors[0]
        .context
        .as_ref()
        .expect("context is present");
    assert_eq!(
        context.get("missingScopes"),
        Some(&vec!["scope1".to_owned(), "scope2".to_owned()])
    );
}

/// The answers HubSpot really sends (`spec/hubspot-crm.overlay.yaml`): `null` for a property
/// without a value, in a 200 and in a 207 whose inputs failed in several ways. Both decode;
/// `null` is `None`, a string stays `Some`.
#[tokio::test]
async fn batch_update_decodes_null_property_values_in_a_200_and_a_207() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(example("batch-update.response.null-properties.json")),
    )
    .await;
    let response = client_for(&server)
        .batch_update(&example_request())
        .await
        .expect("null property values decode");
    let BatchUpdateResponse::Ok(body) = &response else {
        panic!("expected the 200 body, got {response:?}");
    };
    assert_eq!(body.status, BatchResponseSimplePublicObjectStatus::Complete);
    assert_eq!(body.num_errors, None);
    let ids: Vec<&str> = response.results().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["512", "513"]);
    let (first, second) = (&body.results[0].properties, &body.results[1].properties);
    assert_eq!(first.get("hs_currency_code"), Some(&None));
    assert_eq!(first.get("hs_shipping_address_city"), Some(&None));
    assert_eq!(
        first.get("hs_order_name"),
        Some(&Some("Renamed".to_owned()))
    );
    assert_eq!(first["hs_object_id"].as_deref(), Some("512"));
    assert_eq!(first.get("amount"), None, "a property not sent is absent");
    assert_eq!(second["hs_currency_code"].as_deref(), Some("EUR"));
    assert_eq!(second["hs_order_name"], None);
    assert_eq!(second["hs_shipping_address_city"].as_deref(), Some("Lyon"));
    server.verify().await;

    let server = server_answering(
        ResponseTemplate::new(207).set_body_json(example("batch-update.response.207-errors.json")),
    )
    .await;
    let response = client_for(&server)
        .batch_update(&example_request())
        .await
        .expect("a 207 with null property values decodes");
    let BatchUpdateResponse::MultiStatus(body) = &response else {
        panic!("expected the 207 body, got {response:?}");
    };
    assert_eq!(body.num_errors, Some(3));
    assert_eq!(
        response.status(),
        &BatchResponseSimplePublicObjectStatus::Complete
    );
    let updated = &response.results()[0];
    assert_eq!(updated.id, "512");
    assert_eq!(updated.properties["hs_currency_code"], None);
    assert_eq!(
        updated.properties["hs_order_name"].as_deref(),
        Some("Renamed")
    );

    let errors = response.errors();
    let kinds: Vec<_> = errors
        .iter()
        .map(|e| {
            let detail = e.errors.first();
            (
                e.category.as_str(),
                e.id.as_deref(),
                detail.and_then(|d| d.code.as_deref()),
                detail.and_then(|d| d.r#in.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("OBJECT_NOT_FOUND", None, None, None),
            (
                "VALIDATION_ERROR",
                Some("513"),
                Some("INVALID_OPTION"),
                Some("hs_currency_code")
            ),
            (
                "VALIDATION_ERROR",
                Some("514"),
                Some("READ_ONLY_VALUE"),
                Some("hs_object_id")
            ),
        ]
    );
    assert!(errors.iter().all(|e| e.status == "error"));
    assert_eq!(errors[0].context.get("ids"), Some(&vec!["999".to_owned()]));
    assert!(
        errors[0]
            .message
            .starts_with("Could not get some ORDER objects"),
        "{}",
        errors[0].message
    );
    assert_eq!(
        errors[1].context.get("propertyName"),
        Some(&vec!["hs_currency_code".to_owned()])
    );
    assert_eq!(errors[1].sub_category, Some(serde_json::Map::new()));
    assert_eq!(
        errors[2].links.get("knowledge-base").map(String::as_str),
        Some("https://knowledge.hubspot.com/properties/property-field-types-in-hubspot")
    );
    server.verify().await;
}

#[tokio::test]
async fn a_400_carries_the_hubspot_error_body() {
    let err = validation_error().await;

    assert_eq!(err.status(), Some(400));
    let Error::Status(status_error) = &err else {
        panic!("expected Error::Status, got {err:?}");
    };
    assert_eq!(status_error.status, 400);
    let ErrorBody::Error(body) = &status_error.body else {
        panic!("expected a decoded error body, got {:?}", status_error.body);
    };
    assert_eq!(body.category, "VALIDATION_ERROR");
    assert_eq!(body.message, "Property values were not valid");
    assert_eq!(
        body.correlation_id.to_string(),
        "aeb5f871-7f07-4993-9211-075dc63e7cbf"
    );
    let details = body.errors.as_deref().expect("error details are present");
    assert_eq!(details[0].message, "bad");
    assert_eq!(details[0].code.as_deref(), Some("INVALID"));

    let shown = err.to_string();
    assert!(
        shown.contains("Property values were not valid"),
        "Display lacks the message: {shown}"
    );
}

#[tokio::test]
async fn a_500_with_a_text_body_keeps_the_text() {
    let err = call_with(ResponseTemplate::new(500).set_body_string("upstream exploded"))
        .await
        .expect_err("a 500 is an error");

    assert_eq!(err.status(), Some(500));
    match &err {
        Error::Status(status_error) => {
            assert_eq!(status_error.status, 500);
            assert_eq!(
                status_error.body,
                ErrorBody::Raw("upstream exploded".to_owned())
            );
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_body_that_does_not_fit_is_a_decode_error() {
    let err = bad_date_error().await;
    assert_eq!(err.status(), Some(200));
    match &err {
        Error::Decode(decode) => {
            assert_eq!(decode.status, 200);
            assert_eq!(decode.path, "results[0].createdAt");
            assert!(
                decode.body.contains("\"not a date\""),
                "the raw body is kept: {}",
                decode.body
            );
            let body: Value = serde_json::from_str(&decode.body).expect("the raw body is JSON");
            assert_eq!(body["results"][0]["id"], "512");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let truncated = r#"{"completedAt": "2023-11-07T05:31:56Z", "results": [{"archi"#;
    let err = call_with(
        ResponseTemplate::new(200).set_body_raw(truncated.as_bytes(), "application/json"),
    )
    .await
    .expect_err("truncated JSON does not decode");
    match &err {
        Error::Decode(decode) => {
            assert_eq!(decode.status, 200);
            assert_eq!(decode.body, truncated);
            assert!(
                decode.source.is_eof(),
                "unexpected cause: {}",
                decode.source
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn the_token_is_never_printed() {
    let builder = hubspot_orders::Client::builder()
        .base_url("http://127.0.0.1:1")
        .bearer_token(TOKEN);
    let mut printed = vec![format!("{builder:?}")];
    let client = builder.build().expect("client builds");
    printed.push(format!("{client:?}"));

    // A port nobody listens on: bind to an ephemeral port, note it, close it.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local addr").port()
    };
    let refused = hubspot_orders::Client::builder()
        .base_url(format!("http://127.0.0.1:{closed_port}"))
        .bearer_token(TOKEN)
        .retry_policy(hubspot_orders::RetryPolicy::disabled())
        .build()
        .expect("client builds")
        .batch_update(&example_request())
        .await
        .expect_err("nothing listens on the port");
    assert!(
        matches!(refused, Error::Request(_)),
        "expected Error::Request, got {refused:?}"
    );
    assert_eq!(refused.status(), None);

    for err in [validation_error().await, bad_date_error().await, refused] {
        printed.push(format!("{err:?}"));
        printed.push(err.to_string());
    }
    for text in &printed {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
    }
    // The redacted outputs still say something useful.
    assert!(printed[1].contains("127.0.0.1:1"), "{}", printed[1]);
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_accepted() {
    let mut body = example_response();
    body["status"] = json!("FAILED");
    body["someFutureField"] = json!({"nested": [1, 2, 3]});
    let response = call_with(ResponseTemplate::new(200).set_body_json(body))
        .await
        .expect("an unknown status and an unknown field decode");

    assert_eq!(response.status.as_str(), "FAILED");
    assert!(matches!(
        &response.status,
        BatchResponseSimplePublicObjectStatus::Unknown(value) if value == "FAILED"
    ));
    assert_eq!(
        response.status,
        BatchResponseSimplePublicObjectStatus::Unknown("FAILED".to_owned())
    );
    assert_eq!(response.results[0].id, "512");
}

#[tokio::test]
async fn base_url_defaults_and_trailing_slash() {
    let client = hubspot_orders::Client::new(TOKEN).expect("client builds");
    assert_eq!(client.base_url(), "https://api.hubapi.com");
    assert_eq!(client.base_url(), hubspot_orders::client::DEFAULT_BASE_URL);

    let client = hubspot_orders::Client::builder()
        .base_url("http://127.0.0.1:8080/")
        .build()
        .expect("client builds");
    assert_eq!(client.base_url(), "http://127.0.0.1:8080");

    // With a trailing slash, requests still go to the endpoint's path (not `//crm/...`).
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(example_response())).await;
    let client = hubspot_orders::Client::builder()
        .base_url(format!("{}/", server.uri()))
        .bearer_token(TOKEN)
        .build()
        .expect("client builds");
    assert_eq!(client.base_url(), server.uri());
    client
        .batch_update(&example_request())
        .await
        .expect("the request reaches the endpoint");
    server.verify().await;
}

/// Operation methods return plain futures (each method builds its request and shares one
/// `async` sender); they must stay `Send` so that callers can spawn them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_can_be_spawned_on_a_multi_threaded_runtime() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(example_response())).await;
    let client = client_for(&server);
    let body = example_request();
    let answer = tokio::spawn(async move { client.batch_update(&body).await })
        .await
        .expect("the task runs");
    assert!(
        matches!(answer, Ok(BatchUpdateResponse::Ok(_))),
        "{answer:?}"
    );
}

/// A request that cannot be built is an error of the returned future, and nothing is sent.
#[tokio::test]
async fn a_request_that_cannot_be_built_fails_when_awaited() {
    let server = MockServer::start().await;
    let client = client_for(&server);
    let mut body = example_request();
    let first = body.inputs[0].clone();
    body.inputs = vec![first; 101];
    let pending = client.batch_update(&body);
    // The request was built by the call: the future no longer borrows the body.
    drop(body);
    let error = pending.await.expect_err("101 inputs exceed maxItems 100");
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    let received = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert!(received.is_empty(), "sent: {received:?}");
}

/// An application on the current reqwest passes its own client (its proxies, TLS, default
/// headers): this compiles only because the generated crate is on the same reqwest major.
#[tokio::test]
async fn an_application_passes_its_own_reqwest_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header("x-app", "mine"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(example_response()))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-app", reqwest::header::HeaderValue::from_static("mine"));
    let own: reqwest::Client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("the application's client");
    let client = hubspot_orders::Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .http_client(own)
        .build()
        .expect("client builds");
    let response = client
        .batch_update(&example_request())
        .await
        .expect("answered");
    assert!(!response.results().is_empty());
}
