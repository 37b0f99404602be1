//! The tracing fields of the generated `hubspot-orders` client's requests (OpenTelemetry's
//! HTTP semantic conventions), against a local wiremock server.
//!
//! A test binary of its own: `tracing` caches which callsites a subscriber wants, and a
//! thread-local subscriber set while other tests hit the same callsites on other threads
//! may miss events.

mod common;

use std::sync::{Arc, Mutex};

use common::{example_request, example_response};
use hubspot_orders::Client;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-TRACING-SECRET";
const ENDPOINT: &str = "/crm/v3/objects/orders/batch/update";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_request_span_carries_opentelemetry_http_fields() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(ResponseTemplate::new(200).set_body_json(example_response()))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry_policy(
            hubspot_orders::RetryPolicy::default()
                .with_initial_delay(std::time::Duration::from_millis(10)),
        )
        .build()
        .expect("builds");
    client.batch_update(&example_request()).await.expect("ok");

    let text = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("UTF-8");
    assert!(!text.contains(TOKEN), "the token is never traced");
    let events: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .filter(|event: &Value| {
            event["target"]
                .as_str()
                .is_some_and(|t| t.starts_with("hubspot_orders::runtime"))
        })
        .collect();
    let responses: Vec<&Value> = events
        .iter()
        .filter(|e| e["fields"]["message"] == "response")
        .collect();
    assert_eq!(responses.len(), 2, "{events:#?}");
    for (resend, event) in responses.iter().enumerate() {
        let span = &event["span"];
        assert_eq!(span["name"], "request");
        assert_eq!(span["client"], "hubspot-orders/0.1.0");
        assert_eq!(span["http.request.method"], "POST");
        assert_eq!(span["url.template"], ENDPOINT);
        assert_eq!(span["server.address"], "127.0.0.1");
        assert_eq!(event["fields"]["http.request.resend_count"], resend);
    }
    assert_eq!(responses[0]["fields"]["http.response.status_code"], 503);
    assert_eq!(responses[1]["fields"]["http.response.status_code"], 200);
    let retrying = events
        .iter()
        .find(|e| e["fields"]["message"] == "retrying")
        .expect("a retrying event");
    assert_eq!(retrying["fields"]["http.request.resend_count"], 1);
}
