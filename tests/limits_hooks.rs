//! The generated `hubspot-orders` client's rate limiter, hooks and token source, end to end against a local wiremock server.
//!
//! Timing is real (wiremock needs a real clock), with windows of a few hundred
//! milliseconds (2 s for the IETF `RateLimit` field, whose reset is in whole seconds); only
//! lower bounds of elapsed time are asserted, never upper ones.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{example_request, example_response};
use hubspot_orders::error::RateLimitScope;
use hubspot_orders::runtime::hooks::{BoxError, BoxFuture, Hooks, ResponseInfo, TokenSource};
use hubspot_orders::{Client, ClientBuilder, Error, RateLimiter, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-LIMITS-HOOKS-SECRET";
const ENDPOINT: &str = "/crm/v3/objects/orders/batch/update";

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(example_response())
}

fn too_many(policy: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({
        "status": "error",
        "message": format!("You have reached your {} limit.", policy.to_lowercase()),
        "errorType": "RATE_LIMIT",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "policyName": policy,
    }))
}

/// A builder for the server, with 10 ms backoff steps.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().with_initial_delay(Duration::from_millis(10)))
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

async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .len()
}

// ---------------------------------------------------------------------------------------
// The rate limiter
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_budget_spaces_calls_across_clones() {
    let server = server_first_then(ok(), ok()).await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .rate_limiter(RateLimiter::budget(3, Duration::from_millis(300)))
        .build()
        .expect("client builds");
    let clone = client.clone();
    let started = Instant::now();
    for i in 0..6 {
        let which = if i % 2 == 0 { &client } else { &clone };
        which
            .batch_update(&example_request())
            .await
            .expect("the call succeeds");
    }
    // Calls 4 to 6 wait for calls 1 to 3 to leave the 300 ms window, on either clone.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(request_count(&server).await, 6);
}

#[tokio::test]
async fn a_ten_secondly_429_is_waited_out_then_succeeds() {
    let server = server_first_then(
        too_many("TEN_SECONDLY_ROLLING")
            .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "200")
            .insert_header("X-HubSpot-RateLimit-Max", "100")
            .insert_header("X-HubSpot-RateLimit-Remaining", "0"),
        ok(),
    )
    .await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .build()
        .expect("builds");
    let started = Instant::now();
    let response = client
        .batch_update(&example_request())
        .await
        .expect("the retry after the window succeeds");
    assert_eq!(response.results()[0].id, "512");
    assert_eq!(request_count(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "the window was waited out, not the 10 ms backoff: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_ietf_ratelimit_field_with_none_left_holds_the_next_call_until_its_reset() {
    let server = server_first_then(
        ok().insert_header("RateLimit", r#""default";r=0;t=2"#)
            .insert_header("RateLimit-Policy", r#""default";q=100;w=10"#),
        ok(),
    )
    .await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .build()
        .expect("builds");
    let started = Instant::now();
    client
        .batch_update(&example_request())
        .await
        .expect("the last call of the window succeeds");
    let seen = client.rate_limit().expect("the IETF fields were read");
    assert_eq!(
        (
            seen.remaining,
            seen.reset_secs,
            seen.limit,
            seen.interval_ms
        ),
        (Some(0), Some(2), Some(100), Some(10_000))
    );
    let clone = client.clone();
    let next = tokio::spawn(async move { clone.batch_update(&example_request()).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        request_count(&server).await,
        1,
        "the next call is held, not sent"
    );
    next.await
        .expect("the task ran")
        .expect("the call after the reset succeeds");
    assert_eq!(request_count(&server).await, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the reset `t=2` was waited out: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_daily_429_fails_fast_with_a_typed_error() {
    let server = server_first_then(too_many("DAILY"), ok()).await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .build()
        .expect("builds");
    let err = client
        .batch_update(&example_request())
        .await
        .expect_err("a daily limit is an error");
    let Error::RateLimited(limited) = &err else {
        panic!("expected Error::RateLimited, got {err:?}");
    };
    assert_eq!(limited.scope, RateLimitScope::Daily);
    assert_eq!(limited.status, Some(429));
    assert_eq!(limited.policy.as_deref(), Some("DAILY"));
    assert_eq!(err.status(), Some(429));
    assert_eq!(request_count(&server).await, 1, "not retried");

    // The next call, on a clone, is refused without being sent.
    let err = client
        .clone()
        .batch_update(&example_request())
        .await
        .expect_err("the day is still spent");
    let Error::RateLimited(limited) = &err else {
        panic!("expected Error::RateLimited, got {err:?}");
    };
    assert_eq!(limited.status, None);
    assert_eq!(err.status(), None);
    assert_eq!(request_count(&server).await, 1, "nothing more was sent");
}

#[tokio::test]
async fn a_response_saying_none_remain_today_stops_later_calls() {
    let server = server_first_then(
        ok().insert_header("X-HubSpot-RateLimit-Daily-Remaining", "0"),
        ok(),
    )
    .await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .build()
        .expect("builds");
    client
        .batch_update(&example_request())
        .await
        .expect("the last call of the day succeeds");
    let err = client
        .batch_update(&example_request())
        .await
        .expect_err("later calls fail fast");
    assert!(matches!(err, Error::RateLimited(_)), "{err:?}");
    assert_eq!(request_count(&server).await, 1);

    // Disabled, the limiter leaves every call to the server.
    let client = builder(&server)
        .bearer_token(TOKEN)
        .rate_limiter(RateLimiter::disabled())
        .build()
        .expect("builds");
    client.batch_update(&example_request()).await.expect("sent");
    client.batch_update(&example_request()).await.expect("sent");
    assert_eq!(request_count(&server).await, 3);
}

// ---------------------------------------------------------------------------------------
// Hooks and the token source
// ---------------------------------------------------------------------------------------

/// Appends `value` to the `x-trail` header and records every response.
struct Trail {
    value: &'static str,
    seen: Arc<Mutex<Vec<ResponseInfo>>>,
}

impl Hooks for Trail {
    fn before_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let trail = match request.headers().get("x-trail") {
            Some(before) => format!("{} then {}", before.to_str()?, self.value),
            None => self.value.to_owned(),
        };
        request.headers_mut().insert("x-trail", trail.parse()?);
        Ok(())
    }

    fn after_response(&self, info: &ResponseInfo) {
        self.seen.lock().expect("lock").push(info.clone());
    }
}

#[tokio::test]
async fn hooks_add_headers_in_order_and_see_every_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header("x-trail", "first then second"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server)
        .bearer_token(TOKEN)
        .hooks(Trail {
            value: "first",
            seen: seen.clone(),
        })
        .hooks(Trail {
            value: "second",
            seen: Arc::new(Mutex::new(Vec::new())),
        })
        .build()
        .expect("builds");
    client
        .batch_update(&example_request())
        .await
        .expect("the hooks' header matched");
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, ENDPOINT);
    assert_eq!(seen[0].status, 200);
    assert_eq!(seen[0].attempt, 1);
}

struct Refuse;

impl Hooks for Refuse {
    fn before_request(&self, _: &mut reqwest::Request) -> Result<(), BoxError> {
        Err("not signed".into())
    }
}

#[tokio::test]
async fn a_hook_error_stops_the_call_before_sending() {
    let server = server_first_then(ok(), ok()).await;
    let client = builder(&server)
        .bearer_token(TOKEN)
        .hooks(Refuse)
        .build()
        .expect("builds");
    let err = client
        .batch_update(&example_request())
        .await
        .expect_err("the hook refuses");
    assert!(matches!(err, Error::Hook(_)), "{err:?}");
    let source = std::error::Error::source(&err).expect("the hook's error is the source");
    assert_eq!(source.to_string(), "not signed");
    assert_eq!(request_count(&server).await, 0);
}

/// Hands out `old` until refreshed, then `new`; counts refreshes.
#[derive(Clone, Default)]
struct Tokens {
    current: Arc<Mutex<&'static str>>,
    refreshes: Arc<AtomicUsize>,
}

impl TokenSource for Tokens {
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(async move { Ok(self.current.lock().expect("lock").to_string()) })
    }

    fn refresh(&self) -> BoxFuture<'_, Result<bool, BoxError>> {
        Box::pin(async move {
            self.refreshes.fetch_add(1, Ordering::SeqCst);
            *self.current.lock().expect("lock") = "new";
            Ok(true)
        })
    }
}

#[tokio::test]
async fn a_token_source_is_refreshed_once_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error",
            "message": "expired",
            "correlationId": "c",
            "category": "EXPIRED_AUTHENTICATION",
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(ENDPOINT))
        .and(header("authorization", "Bearer new"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let tokens = Tokens::default();
    *tokens.current.lock().expect("lock") = "old";
    let client = builder(&server)
        .token_source(tokens.clone())
        .build()
        .expect("builds");
    client
        .batch_update(&example_request())
        .await
        .expect("the request with the new token succeeds");
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(request_count(&server).await, 2);

    // The refreshed token is used from then on, without another refresh.
    client.batch_update(&example_request()).await.expect("ok");
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(request_count(&server).await, 3);
}
