//! Resilience tests of the generated `hubspot-orders` client: retries and `Retry-After`,
//! timeouts and refused connections, malformed bodies, 207 multi-status answers, rate-limit
//! headers, request validation, the chunked batch helper, and that the token is never
//! printed.
//!
//! Every test talks to a local server (wiremock, or a raw `TcpListener` where wiremock cannot
//! misbehave the way a test needs); nothing reaches the real HubSpot API. Retry policies use
//! 10 ms delays so the suite runs in a few seconds; waits the server asks for are checked
//! through the client's `retrying` tracing events, not through timing.

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{example_request, example_response};
use hubspot_orders::error::ErrorBody;
use hubspot_orders::responses::BatchUpdateResponse;
use hubspot_orders::types::{
    BatchInputSimplePublicObjectBatchInput, BatchResponseSimplePublicObjectStatus,
    SimplePublicObjectBatchInput,
};
use hubspot_orders::{Client, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// The bearer token of every test client; it must never show up in printed output.
const TOKEN: &str = "pat-na1-7f3c9e2a-RESILIENCE-SECRET";
const ENDPOINT: &str = "/crm/v3/objects/orders/batch/update";
const CORRELATION_ID: &str = "aeb5f871-7f07-4993-9211-075dc63e7cbf";

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

/// A request with `count` inputs, copies of the example's input with ids `order-0`, `order-1`, ….
fn request_with(count: usize) -> BatchInputSimplePublicObjectBatchInput {
    let template: SimplePublicObjectBatchInput = example_request().inputs.remove(0);
    BatchInputSimplePublicObjectBatchInput {
        inputs: (0..count)
            .map(|i| SimplePublicObjectBatchInput {
                id: format!("order-{i}"),
                ..template.clone()
            })
            .collect(),
    }
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(example_response())
}

/// HubSpot's 429 body.
fn rate_limit_body() -> Value {
    json!({
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": CORRELATION_ID,
        "policyName": "TEN_SECONDLY_ROLLING",
    })
}

/// HubSpot's generic error body.
fn hubspot_error_body(message: &str) -> Value {
    json!({
        "status": "error",
        "message": message,
        "correlationId": CORRELATION_ID,
        "category": "VALIDATION_ERROR",
    })
}

/// The default policy with 10 ms backoff steps instead of 0.5 s.
fn fast_policy() -> RetryPolicy {
    RetryPolicy::default().with_initial_delay(Duration::from_millis(10))
}

fn client(base_url: impl Into<String>, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

/// A server that answers every POST to the endpoint with `response`.
async fn server_always(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers the first POST with `first` and every later one with `then`.
async fn server_first_then(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

async fn request_count(server: &MockServer) -> usize {
    requests(server).await.len()
}

/// Answers with the attempt number in the body, so an error shows which attempt it came from.
struct NumberedStatus {
    status: u16,
    calls: AtomicUsize,
}

impl Respond for NumberedStatus {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let attempt = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(self.status).set_body_string(format!("attempt {attempt}"))
    }
}

/// Answers each batch with one result per input, with the input's id; the call numbered
/// `fail_call` (0-based), if any, gets a 400 with a HubSpot error body instead.
struct EchoBatch {
    calls: AtomicUsize,
    fail_call: Option<usize>,
}

impl Respond for EchoBatch {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        if Some(call) == self.fail_call {
            return ResponseTemplate::new(400).set_body_json(hubspot_error_body("bad"));
        }
        let body: Value = request.body_json().expect("the client sends JSON");
        let mut response = example_response();
        let template = response["results"][0].clone();
        response["results"] = body["inputs"]
            .as_array()
            .expect("inputs is an array")
            .iter()
            .map(|input| {
                let mut result = template.clone();
                result["id"] = input["id"].clone();
                result
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(response)
    }
}

// ---------------------------------------------------------------------------------------
// Tracing capture
// ---------------------------------------------------------------------------------------

/// A `tracing-subscriber` writer into a shared buffer; events are written as JSON lines.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("buffer lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Captures the WARN (and more severe) events of the current thread until the guard drops.
    /// Use in a current-thread runtime, so the client's events are emitted on this thread.
    fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let captured = Self::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .with_writer(move || writer.clone())
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

    /// The fields of every `retrying` event the client emitted.
    fn retries(&self) -> Vec<Value> {
        let bytes = self.0.lock().expect("buffer lock").clone();
        String::from_utf8(bytes)
            .expect("tracing output is UTF-8")
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).expect("a JSON event per line"))
            .filter(|event| {
                // The runtime's module path, inside the generated crate.
                event["target"]
                    .as_str()
                    .is_some_and(|target| target.starts_with("hubspot_orders::runtime"))
                    && event["level"] == "WARN"
                    && event["fields"]["message"] == "retrying"
            })
            .map(|event| event["fields"].clone())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// Raw TCP servers
// ---------------------------------------------------------------------------------------

/// A port nothing listens on: bind an ephemeral port, note it, close it.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("local addr").port()
}

/// A server that accepts connections and never answers, counting the connections.
struct SilentServer {
    port: u16,
    accepted: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SilentServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let port = listener.local_addr().expect("local addr").port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let accepted = Arc::clone(&accepted);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut held = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            accepted.fetch_add(1, Ordering::SeqCst);
                            held.push(stream);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(e) => panic!("accept failed: {e}"),
                    }
                }
            })
        };
        Self {
            port,
            accepted,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Connections accepted so far, after letting late ones arrive.
    async fn settled_count(&self) -> usize {
        tokio::time::sleep(Duration::from_millis(150)).await;
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Scenarios shared by their own tests and the token test
// ---------------------------------------------------------------------------------------

/// Test 2's scenario: 503 on every attempt, 3 attempts.
async fn always_503() -> (Error, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(NumberedStatus {
            status: 503,
            calls: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    let err = client(server.uri(), fast_policy().with_max_attempts(3))
        .batch_update(&example_request())
        .await
        .expect_err("503 on every attempt is an error");
    (err, server)
}

/// Test 5's scenario: a 429 asking to wait an hour, with a 30 s `max_delay`.
async fn rate_limited_for_an_hour() -> (Error, MockServer, Duration) {
    let server = server_always(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "3600")
            .set_body_json(rate_limit_body()),
    )
    .await;
    let started = Instant::now();
    let err = client(
        server.uri(),
        fast_policy().with_max_delay(Duration::from_secs(30)),
    )
    .batch_update(&example_request())
    .await
    .expect_err("a 429 is an error");
    (err, server, started.elapsed())
}

/// Test 7's scenario: a refused connection, with `policy`.
async fn refused(policy: RetryPolicy) -> Error {
    client(format!("http://127.0.0.1:{}", closed_port()), policy)
        .batch_update(&example_request())
        .await
        .expect_err("nothing listens on the port")
}

/// Test 8's scenario: a server that never answers, a 300 ms timeout and `policy`.
async fn timed_out(policy: RetryPolicy) -> (Error, usize) {
    let server = SilentServer::start();
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .retry_policy(policy)
        .build()
        .expect("client builds");
    let err = client
        .batch_update(&example_request())
        .await
        .expect_err("a server that never answers times out");
    (err, server.settled_count().await)
}

fn request_error(err: &Error) -> &reqwest::Error {
    match err {
        Error::Request(e) => e,
        other => panic!("expected Error::Request, got {other:?}"),
    }
}

fn status_error(err: &Error) -> &hubspot_orders::error::StatusError {
    match err {
        Error::Status(e) => e,
        other => panic!("expected Error::Status, got {other:?}"),
    }
}

fn decode_error(err: &Error) -> &hubspot_orders::error::DecodeError {
    match err {
        Error::Decode(e) => e,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// 1. 429 with Retry-After: 1, then 200
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "current_thread")]
async fn retry_after_seconds_is_waited_for() {
    let (captured, _guard) = Captured::start();
    let server = server_first_then(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "1")
            .set_body_json(rate_limit_body()),
        ok(),
    )
    .await;

    let started = Instant::now();
    let response = client(server.uri(), fast_policy())
        .batch_update(&example_request())
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.results()[0].id, "512");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "one 429, one retry");
    for request in &received {
        assert_eq!(
            request.headers.get("authorization").map(|v| v.as_bytes()),
            Some(format!("Bearer {TOKEN}").as_bytes()),
            "every attempt carries the credentials"
        );
    }

    let retries = captured.retries();
    assert_eq!(retries.len(), 1, "one retry event: {retries:?}");
    assert_eq!(retries[0]["http.response.status_code"], 429);
    assert_eq!(retries[0]["http.request.resend_count"], 1);
    assert_eq!(
        retries[0]["delay_ms"], 1000,
        "the wait is the Retry-After, not the 10 ms backoff"
    );
    assert!(
        elapsed >= Duration::from_millis(900),
        "the client slept for the Retry-After: {elapsed:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 2. 503 on every attempt
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "current_thread")]
async fn persistent_503_uses_every_attempt() {
    let (captured, _guard) = Captured::start();
    let (err, server) = always_503().await;

    assert_eq!(request_count(&server).await, 3);
    assert_eq!(err.status(), Some(503));
    let status = status_error(&err);
    assert_eq!(status.status, 503);
    assert_eq!(
        status.body,
        ErrorBody::Raw("attempt 3".to_owned()),
        "the error is the last attempt's answer"
    );
    assert_eq!(status.retry_after, None);

    let retries = captured.retries();
    assert_eq!(retries.len(), 2, "{retries:?}");
    for (i, retry) in retries.iter().enumerate() {
        assert_eq!(retry["http.response.status_code"], 503);
        assert_eq!(retry["http.request.resend_count"], i + 1);
        let delay = retry["delay_ms"].as_u64().expect("delay_ms is a number");
        assert!(delay < 1000, "a 10 ms backoff step, got {delay} ms");
    }
}

// ---------------------------------------------------------------------------------------
// 3. 500
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_500_is_retried_only_with_both_opt_ins() {
    let policies = [
        (fast_policy(), 1),
        (fast_policy().with_retry_server_errors(true), 1),
        (fast_policy().with_retry_non_idempotent(true), 1),
        (
            fast_policy()
                .with_max_attempts(3)
                .with_retry_server_errors(true)
                .with_retry_non_idempotent(true),
            3,
        ),
    ];
    for (policy, expected) in policies {
        let server = server_always(ResponseTemplate::new(500).set_body_string("boom")).await;
        let err = client(server.uri(), policy.clone())
            .batch_update(&example_request())
            .await
            .expect_err("a 500 is an error");
        assert_eq!(status_error(&err).status, 500);
        assert_eq!(
            request_count(&server).await,
            expected,
            "requests with {policy:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 4. 502 on POST
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_502_on_post_is_retried_only_when_non_idempotent_retries_are_allowed() {
    let server = server_first_then(ResponseTemplate::new(502), ok()).await;
    let err = client(server.uri(), fast_policy())
        .batch_update(&example_request())
        .await
        .expect_err("the 502 is returned, not retried");
    assert_eq!(err.status(), Some(502));
    assert_eq!(request_count(&server).await, 1);

    let server = server_first_then(ResponseTemplate::new(502), ok()).await;
    let response = client(server.uri(), fast_policy().with_retry_non_idempotent(true))
        .batch_update(&example_request())
        .await
        .expect("the retry succeeds");
    assert!(matches!(response, BatchUpdateResponse::Ok(_)));
    assert_eq!(request_count(&server).await, 2);
}

// ---------------------------------------------------------------------------------------
// 5. Retry-After beyond max_delay
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn retry_after_beyond_max_delay_returns_at_once() {
    let (err, server, elapsed) = rate_limited_for_an_hour().await;

    assert_eq!(request_count(&server).await, 1);
    assert!(
        elapsed < Duration::from_secs(5),
        "nothing was waited for: {elapsed:?}"
    );
    assert_eq!(err.status(), Some(429));
    let status = status_error(&err);
    assert_eq!(status.status, 429);
    assert_eq!(status.retry_after, Some(Duration::from_secs(3600)));
    let ErrorBody::RateLimitError(body) = &status.body else {
        panic!("expected a RateLimitError body, got {:?}", status.body);
    };
    assert_eq!(body.policy_name.as_deref(), Some("TEN_SECONDLY_ROLLING"));
    assert_eq!(body.error_type, "RATE_LIMIT");
    assert_eq!(body.status, "error");
    assert_eq!(
        body.message,
        "You have reached your ten_secondly_rolling limit."
    );
    assert_eq!(body.correlation_id.to_string(), CORRELATION_ID);

    let shown = err.to_string();
    assert!(shown.contains("429"), "{shown}");
    assert!(shown.contains("retry after 3600 s"), "{shown}");
}

// ---------------------------------------------------------------------------------------
// 6. Retry-After as an HTTP-date
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "current_thread")]
async fn retry_after_http_date() {
    let (captured, _guard) = Captured::start();

    // A date in the past: retry without waiting beyond the backoff.
    let server = server_first_then(
        ResponseTemplate::new(429).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        ok(),
    )
    .await;
    client(server.uri(), fast_policy())
        .batch_update(&example_request())
        .await
        .expect("the retry succeeds");
    assert_eq!(request_count(&server).await, 2);
    let retries = captured.retries();
    assert_eq!(retries.len(), 1, "{retries:?}");
    let delay = retries[0]["delay_ms"]
        .as_u64()
        .expect("delay_ms is a number");
    assert!(delay < 1000, "a past date asks for no wait, got {delay} ms");

    // A date an hour ahead is parsed too: beyond max_delay, so the error comes back at once
    // with the wait in it.
    let in_an_hour = (chrono::Utc::now() + chrono::Duration::hours(1))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let server =
        server_always(ResponseTemplate::new(429).insert_header("Retry-After", in_an_hour)).await;
    let err = client(server.uri(), fast_policy())
        .batch_update(&example_request())
        .await
        .expect_err("an hour is beyond max_delay");
    assert_eq!(request_count(&server).await, 1);
    let wait = status_error(&err)
        .retry_after
        .expect("the HTTP-date is parsed");
    assert!(
        (Duration::from_secs(3590)..=Duration::from_secs(3600)).contains(&wait),
        "{wait:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 7. Connection refused
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "current_thread")]
async fn connection_refused_is_a_request_error() {
    let err = refused(RetryPolicy::disabled()).await;
    let source = request_error(&err);
    assert!(source.is_connect(), "{source:?}");
    assert_eq!(err.status(), None);
    let cause = std::error::Error::source(&err).expect("the reqwest error is the source");
    let cause = cause
        .downcast_ref::<reqwest::Error>()
        .expect("the source is a reqwest::Error");
    assert!(cause.is_connect());

    // Connection failures are retried even for POST; the last failure is returned.
    let (captured, _guard) = Captured::start();
    let err = refused(
        RetryPolicy::default()
            .with_max_attempts(3)
            .with_initial_delay(Duration::from_millis(10))
            .with_max_delay(Duration::from_millis(10)),
    )
    .await;
    assert!(request_error(&err).is_connect(), "{err:?}");
    let retries = captured.retries();
    assert_eq!(
        retries.len(),
        2,
        "two retries before giving up: {retries:?}"
    );
    for retry in &retries {
        assert_eq!(retry["delay_ms"], 10);
    }
}

// ---------------------------------------------------------------------------------------
// 8. A server that never answers
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_timed_out_post_is_not_retried() {
    let started = Instant::now();
    let (err, connections) = timed_out(fast_policy()).await;
    let source = request_error(&err);
    assert!(source.is_timeout(), "{source:?}");
    assert!(!source.is_connect(), "{source:?}");
    assert_eq!(connections, 1, "the POST was sent once");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // The count does see retries when they are allowed.
    let (err, connections) = timed_out(
        fast_policy()
            .with_max_attempts(2)
            .with_retry_non_idempotent(true),
    )
    .await;
    assert!(request_error(&err).is_timeout(), "{err:?}");
    assert_eq!(connections, 2, "retried once with retry_non_idempotent");
}

// ---------------------------------------------------------------------------------------
// 9. Bodies that do not decode
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_success_bodies_are_decode_errors() {
    let call = |response: ResponseTemplate| async move {
        let server = server_always(response).await;
        let result = client(server.uri(), fast_policy())
            .batch_update(&example_request())
            .await;
        assert_eq!(
            request_count(&server).await,
            1,
            "decode errors are not retried"
        );
        result.expect_err("the body does not decode")
    };

    let malformed = r#"{"results": [}"#;
    let err = call(ResponseTemplate::new(200).set_body_raw(malformed, "application/json")).await;
    let decode = decode_error(&err);
    assert_eq!(decode.status, 200);
    assert_eq!(decode.body, malformed);
    assert!(decode.source.is_syntax(), "{}", decode.source);

    let full = serde_json::to_string(&example_response()).expect("serializes");
    let truncated = &full[..full.len() / 2];
    let err = call(ResponseTemplate::new(200).set_body_raw(truncated, "application/json")).await;
    let decode = decode_error(&err);
    assert_eq!(decode.status, 200);
    assert_eq!(decode.body, truncated);
    assert!(decode.source.is_eof(), "{}", decode.source);

    let mut missing = example_response();
    missing["results"][0]
        .as_object_mut()
        .expect("a result is an object")
        .remove("updatedAt");
    let err = call(ResponseTemplate::new(200).set_body_json(missing)).await;
    let decode = decode_error(&err);
    assert_eq!(decode.status, 200);
    assert_eq!(decode.path, "results[0]");
    assert!(
        decode.source.to_string().contains("updatedAt"),
        "{}",
        decode.source
    );
    assert!(err.to_string().contains("updatedAt"), "{err}");
}

// ---------------------------------------------------------------------------------------
// 10. 207 multi-status
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn multi_status_keeps_results_and_errors() {
    let mut body = example_response();
    body["numErrors"] = json!(2);
    body["status"] = json!("COMPLETE");
    body["errors"] = json!([
        {
            "status": "error",
            "category": "OBJECT_NOT_FOUND",
            "message": "Order order-9 does not exist",
            "context": {"id": ["order-9"]},
            "errors": [],
            "links": {},
            "id": "order-9",
        },
        {
            "status": "error",
            "category": "VALIDATION_ERROR",
            "message": "Property values were not valid",
            "context": {"propertyName": ["amount", "currency"]},
            "errors": [{
                "message": "amount is not a number",
                "code": "INVALID_DECIMAL",
                "context": {"missingScopes": ["scope1", "scope2"]},
            }],
            "links": {"docs": "https://developers.hubspot.com/docs"},
            "subCategory": {"reason": "INVALID_PROPERTY"},
        },
    ]);
    let server = server_always(ResponseTemplate::new(207).set_body_json(body)).await;

    let response = client(server.uri(), fast_policy())
        .batch_update(&example_request())
        .await
        .expect("a 207 is a success");
    assert_eq!(request_count(&server).await, 1);
    let BatchUpdateResponse::MultiStatus(multi) = &response else {
        panic!("expected MultiStatus, got {response:?}");
    };
    assert_eq!(multi.num_errors, Some(2));
    assert_eq!(
        response.status(),
        &BatchResponseSimplePublicObjectStatus::Complete
    );
    assert_eq!(response.results().len(), 1);
    assert_eq!(response.results()[0].id, "512");

    let errors = response.errors();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].message, "Order order-9 does not exist");
    assert_eq!(errors[0].category, "OBJECT_NOT_FOUND");
    assert_eq!(errors[0].id.as_deref(), Some("order-9"));
    assert_eq!(
        errors[0].context.get("id"),
        Some(&vec!["order-9".to_owned()])
    );
    assert_eq!(errors[1].message, "Property values were not valid");
    assert_eq!(errors[1].category, "VALIDATION_ERROR");
    assert_eq!(
        errors[1].context.get("propertyName"),
        Some(&vec!["amount".to_owned(), "currency".to_owned()])
    );
    assert_eq!(errors[1].errors[0].code.as_deref(), Some("INVALID_DECIMAL"));
    assert_eq!(
        errors[1].errors[0]
            .context
            .as_ref()
            .and_then(|c| c.get("missingScopes")),
        Some(&vec!["scope1".to_owned(), "scope2".to_owned()])
    );
    assert_eq!(
        errors[1].links.get("docs").map(String::as_str),
        Some("https://developers.hubspot.com/docs")
    );
    assert_eq!(
        errors[1]
            .sub_category
            .as_ref()
            .and_then(|s| s.get("reason")),
        Some(&json!("INVALID_PROPERTY"))
    );
}

// ---------------------------------------------------------------------------------------
// 11. Rate-limit headers
// ---------------------------------------------------------------------------------------

fn with_rate_limit_headers(response: ResponseTemplate, remaining: u64) -> ResponseTemplate {
    response
        .insert_header("X-HubSpot-RateLimit-Max", "190")
        .insert_header("X-HubSpot-RateLimit-Remaining", remaining.to_string())
        .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
        .insert_header("X-HubSpot-RateLimit-Daily", "500000")
        .insert_header("X-HubSpot-RateLimit-Daily-Remaining", "499000")
}

fn assert_rate_limit(limit: Option<&hubspot_orders::RateLimit>, remaining: u64) {
    let limit = limit.expect("rate-limit headers were seen");
    assert_eq!(limit.limit, Some(190));
    assert_eq!(limit.remaining, Some(remaining));
    assert_eq!(limit.interval_ms, Some(10000));
    assert_eq!(limit.daily, Some(500_000));
    assert_eq!(limit.daily_remaining, Some(499_000));
}

#[tokio::test]
async fn rate_limit_headers_are_exposed() {
    let server = server_always(with_rate_limit_headers(ok(), 187)).await;
    let client = client(server.uri(), RetryPolicy::disabled());
    assert_eq!(client.rate_limit(), None, "nothing seen yet");
    client
        .batch_update(&example_request())
        .await
        .expect("the call succeeds");
    assert_rate_limit(client.rate_limit().as_ref(), 187);
    // Clones share what was seen.
    assert_rate_limit(client.clone().rate_limit().as_ref(), 187);

    let server = server_always(with_rate_limit_headers(
        ResponseTemplate::new(429).set_body_json(rate_limit_body()),
        0,
    ))
    .await;
    let client = self::client(server.uri(), RetryPolicy::disabled());
    let err = client
        .batch_update(&example_request())
        .await
        .expect_err("a 429 is an error");
    assert_eq!(err.status(), Some(429));
    assert_rate_limit(err.rate_limit(), 0);
    assert_rate_limit(status_error(&err).rate_limit.as_ref(), 0);
    assert_rate_limit(client.rate_limit().as_ref(), 0);
}

// ---------------------------------------------------------------------------------------
// 12. Validation before sending
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn too_many_inputs_are_rejected_before_sending() {
    let server = server_always(ok()).await;
    let client = client(server.uri(), fast_policy());

    let err = client
        .batch_update(&request_with(101))
        .await
        .expect_err("101 inputs break maxItems");
    let Error::Validation(problems) = &err else {
        panic!("expected Error::Validation, got {err:?}");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.contains("inputs") && p.contains("at most 100")),
        "{problems:?}"
    );
    assert_eq!(err.status(), None);
    assert_eq!(request_count(&server).await, 0, "nothing was sent");

    // The limit itself is allowed.
    client
        .batch_update(&request_with(100))
        .await
        .expect("100 inputs are allowed");
    assert_eq!(request_count(&server).await, 1);
}

// ---------------------------------------------------------------------------------------
// 13. Chunked batches
// ---------------------------------------------------------------------------------------

async fn echo_server(fail_call: Option<usize>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .respond_with(EchoBatch {
            calls: AtomicUsize::new(0),
            fail_call,
        })
        .mount(&server)
        .await;
    server
}

/// The ids of the inputs of each request the server received, in order.
async fn sent_ids(server: &MockServer) -> Vec<Vec<String>> {
    requests(server)
        .await
        .iter()
        .map(|request| {
            let body: BatchInputSimplePublicObjectBatchInput =
                request.body_json().expect("a batch body");
            body.inputs.into_iter().map(|input| input.id).collect()
        })
        .collect()
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("order-{i}")).collect()
}

#[tokio::test]
async fn chunked_batches_split_merge_and_stop_at_a_failure() {
    let body = request_with(250);

    // The spec's limit: 100 + 100 + 50, answers merged in order.
    let server = echo_server(None).await;
    let chunked = client(server.uri(), fast_policy())
        .batch_update_chunked(&body)
        .await;
    assert!(chunked.failure.is_none(), "{:?}", chunked.failure);
    assert_eq!(
        sent_ids(&server).await,
        vec![ids(0..100), ids(100..200), ids(200..250)]
    );
    assert_eq!(chunked.responses.len(), 3);
    let merged: Vec<String> = chunked.results().map(|r| r.id.clone()).collect();
    assert_eq!(merged, ids(0..250));
    // Each echoed answer carries the example's one error.
    assert_eq!(chunked.errors().count(), 3);
    let responses = chunked.into_result().expect("every chunk succeeded");
    assert_eq!(responses.len(), 3);

    // The second call fails: the first answer is kept, nothing after it is sent.
    let server = echo_server(Some(1)).await;
    let chunked = client(server.uri(), fast_policy())
        .batch_update_chunked(&body)
        .await;
    assert_eq!(sent_ids(&server).await, vec![ids(0..100), ids(100..200)]);
    assert_eq!(chunked.responses.len(), 1);
    assert_eq!(chunked.results().count(), 100);
    let failure = chunked.failure.as_ref().expect("the second chunk failed");
    assert_eq!(failure.chunk, 1);
    assert_eq!(failure.first_input, 100);
    assert_eq!(failure.unsent_inputs, 150);
    let status = status_error(&failure.error);
    assert_eq!(status.status, 400);
    let ErrorBody::Error(error_body) = &status.body else {
        panic!("expected a HubSpot error body, got {:?}", status.body);
    };
    assert_eq!(error_body.message, "bad");
    assert_eq!(error_body.category, "VALIDATION_ERROR");
    assert_eq!(error_body.correlation_id.to_string(), CORRELATION_ID);
    let err = chunked.into_result().expect_err("a chunk failed");
    assert_eq!(err.status(), Some(400));

    // A smaller chunk size from the builder.
    let server = echo_server(None).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry_policy(fast_policy())
        .max_batch_size(50)
        .build()
        .expect("client builds");
    let chunked = client.batch_update_chunked(&body).await;
    assert!(chunked.failure.is_none(), "{:?}", chunked.failure);
    assert_eq!(
        sent_ids(&server).await,
        (0..5)
            .map(|i| ids(i * 50..(i + 1) * 50))
            .collect::<Vec<_>>()
    );
    assert_eq!(chunked.responses.len(), 5);
    assert_eq!(chunked.results().count(), 250);
}

// ---------------------------------------------------------------------------------------
// 14. The token is never printed
// ---------------------------------------------------------------------------------------

/// Debug (plain and pretty) and Display of an error and of every error in its source chain.
fn printed_error(err: &Error) -> Vec<String> {
    let mut printed = vec![format!("{err:?}"), format!("{err:#?}"), err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        printed.push(format!("{cause:?}"));
        printed.push(cause.to_string());
        source = cause.source();
    }
    printed
}

fn assert_no_token(texts: &[String]) {
    for text in texts {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
        assert!(
            !text.contains("RESILIENCE-SECRET"),
            "part of the token leaked: {text}"
        );
    }
}

#[tokio::test]
async fn the_token_is_never_printed() {
    let policy = fast_policy()
        .with_max_attempts(3)
        .with_retry_non_idempotent(true);
    let builder = Client::builder()
        .base_url("http://127.0.0.1:1")
        .bearer_token(TOKEN)
        .retry_policy(policy.clone());
    let mut printed = vec![
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{policy:?}"),
        format!("{policy:#?}"),
    ];
    let client = builder.build().expect("client builds");
    printed.push(format!("{client:?}"));
    printed.push(format!("{client:#?}"));
    // The redacted output still says what is configured.
    assert!(printed[0].contains("authorization"), "{}", printed[0]);
    assert!(printed[4].contains("127.0.0.1:1"), "{}", printed[4]);

    let (err_503, server) = always_503().await;
    // The token was really sent, so its absence below means something.
    assert!(requests(&server).await.iter().all(|r| {
        r.headers.get("authorization").map(|v| v.as_bytes())
            == Some(format!("Bearer {TOKEN}").as_bytes())
    }));
    let (err_429, _server, _) = rate_limited_for_an_hour().await;
    let err_refused = refused(fast_policy().with_max_attempts(3)).await;
    let (err_timeout, _) = timed_out(fast_policy()).await;
    for err in [&err_503, &err_429, &err_refused, &err_timeout] {
        printed.extend(printed_error(err));
    }
    assert_no_token(&printed);
}
