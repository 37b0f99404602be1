//! Credentials for every security scheme kind (`specs/auth.yaml`): where each goes on the
//! wire, that `security: []` sends none, and that no secret is ever printed.

use specgen_feature_tests::auth::{Client, Error, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const QUERY_KEY: &str = "query-secret-1";
const HEADER_KEY: &str = "header-secret-2";
const COOKIE_KEY: &str = "cookie-secret-3";
const TOKEN: &str = "bearer-secret-4";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn keyed_client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key_hapikey(QUERY_KEY)
        .api_key_header_key(HEADER_KEY)
        .api_key_cookie_key(COOKIE_KEY)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn api_keys_go_in_query_header_and_cookie() {
    let server = server().await;
    keyed_client(&server.uri())
        .secure()
        .page(2)
        .await
        .expect("204");
    let sent = &requests(&server).await[0];
    let query: Vec<(String, String)> = sent
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(
        query.contains(&("page".to_owned(), "2".to_owned())),
        "{query:?}"
    );
    assert!(
        query.contains(&("hapikey".to_owned(), QUERY_KEY.to_owned())),
        "{query:?}"
    );
    assert_eq!(header(sent, "x-api-key"), Some(HEADER_KEY));
    assert_eq!(
        header(sent, "cookie"),
        Some(format!("session={COOKIE_KEY}").as_str())
    );
}

#[tokio::test]
async fn bearer_and_basic_set_authorization_the_later_wins() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth("user", "p@ss:word")
        .bearer_token(TOKEN)
        .build()
        .expect("builds");
    client.secure().await.expect("204");
    let basic = Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .basic_auth("user", "p@ss:word")
        .build()
        .expect("builds");
    basic.secure().await.expect("204");
    let sent = requests(&server).await;
    assert_eq!(
        header(&sent[0], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    // base64("user:p@ss:word")
    assert_eq!(
        header(&sent[1], "authorization"),
        Some("Basic dXNlcjpwQHNzOndvcmQ=")
    );
}

#[tokio::test]
async fn operations_with_empty_security_send_no_credentials() {
    let server = server().await;
    keyed_client(&server.uri()).public().await.expect("204");
    let sent = &requests(&server).await[0];
    assert_eq!(sent.url.query(), None);
    assert_eq!(header(sent, "x-api-key"), None);
    assert_eq!(header(sent, "cookie"), None);
}

#[tokio::test]
async fn secrets_are_never_printed() {
    let builder = Client::builder()
        .api_key_hapikey(QUERY_KEY)
        .api_key_header_key(HEADER_KEY)
        .api_key_cookie_key(COOKIE_KEY)
        .bearer_token(TOKEN);
    let builder_debug = format!("{builder:?}");
    // A closed port: the connection is refused, and reqwest's error would name the URL,
    // which carries the query key.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let client = builder
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("builds");
    let error = client.secure().await.expect_err("refused");
    assert!(
        matches!(&error, Error::Request(e) if e.is_connect()),
        "{error:?}"
    );
    let printed = [
        builder_debug,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ];
    for text in &printed {
        for secret in [QUERY_KEY, HEADER_KEY, COOKIE_KEY, TOKEN] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
    assert!(
        printed[1].contains("x-api-key") && printed[1].contains("redacted"),
        "credentials are named, values hidden: {}",
        printed[1]
    );
}

#[tokio::test]
async fn unsendable_credentials_are_refused_without_echoing_them() {
    let error = Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key_header_key("bad\nvalue-secret")
        .build()
        .expect_err("newline");
    assert!(matches!(error, Error::InvalidRequest(_)));
    assert!(!error.to_string().contains("value-secret"), "{error}");
}
