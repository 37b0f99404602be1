//! Unit tests of the runtime's parts.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};

use crate::auth::{Credentials, Secret, set_secret};
use crate::encode::{
    encode, form_pairs, header_value, path_label, path_matrix, path_param, push_deep_object,
    push_query, with_query,
};
use crate::error::{Body, BuildError, Error, StatusError};
use crate::rate_limit::RateLimit;
use crate::retry::{RetryPolicy, next_delay, retry_after_at};
use crate::validate::{Validate, check_count, check_range, join, validate};

#[derive(Debug, PartialEq)]
enum TestBody {
    Message(String),
    Raw(String),
}

impl Body for TestBody {
    fn raw(text: String) -> Self {
        Self::Raw(text)
    }

    fn message(&self) -> Option<&str> {
        match self {
            Self::Message(m) => Some(m),
            Self::Raw(text) if !text.is_empty() => Some(text),
            Self::Raw(_) => None,
        }
    }
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_str(value).expect("test header"));
    }
    map
}

#[test]
fn path_values_cannot_add_segments() {
    assert_eq!(path_param("a/b c").unwrap(), "a%2Fb%20c");
    assert_eq!(path_param(&["x,y", "z"]).unwrap(), "x%2Cy,z");
    assert_eq!(path_param(&42).unwrap(), "42");
    assert_eq!(encode("é~-._"), "%C3%A9~-._");
}

#[test]
fn label_and_matrix_styles() {
    assert_eq!(path_label(&["a", "b"], false).unwrap(), ".a,b");
    assert_eq!(path_label(&["a", "b"], true).unwrap(), ".a.b");
    assert_eq!(path_matrix("id", &["a", "b"], false).unwrap(), ";id=a,b");
    assert_eq!(path_matrix("id", &["a", "b"], true).unwrap(), ";id=a;id=b");
}

#[test]
fn query_form_and_deep_object() {
    let mut query = Vec::new();
    push_query(&mut query, "tag", &["a&b", "c"], true).unwrap();
    push_query(&mut query, "ids", &[1, 2], false).unwrap();
    push_deep_object(&mut query, "filter", &serde_json::json!({"name": "x y"})).unwrap();
    assert_eq!(
        with_query("/things".to_owned(), &query),
        "/things?tag=a%26b&tag=c&ids=1,2&filter[name]=x%20y"
    );
    assert_eq!(with_query("/things".to_owned(), &[]), "/things");
}

#[test]
fn form_bodies_use_brackets_and_plus() {
    let body = serde_json::json!({
        "name": "a b+c",
        "tags": ["x", "y"],
        "metadata": {"k": "v"},
        "items": [{"price": 5}],
        "gone": null,
    });
    // Key order follows serde_json's map, which another crate's feature may change.
    let mut pairs = form_pairs(&body).unwrap();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            "items[0][price]=5",
            "metadata[k]=v",
            "name=a+b%2Bc",
            "tags=x",
            "tags=y"
        ]
    );
}

#[test]
fn header_values_refuse_line_breaks() {
    assert_eq!(header_value("x", &["a", "b"]).unwrap(), "a,b");
    assert!(matches!(header_value("x", "a\nb"), Err(BuildError::Invalid(m)) if m.contains("`x`")));
}

#[test]
fn retry_decisions_follow_idempotency() {
    let policy = RetryPolicy::default();
    assert!(policy.retries_status(429, false));
    assert!(policy.retries_status(503, false));
    assert!(policy.retries_status(502, true));
    assert!(!policy.retries_status(502, false));
    assert!(!policy.retries_status(500, true));
    assert!(!policy.retries_status(404, true));
    let opted_in = policy
        .with_retry_server_errors(true)
        .with_retry_non_idempotent(true);
    assert!(opted_in.retries_status(500, false));
    assert!(opted_in.retries_status(504, false));
}

#[test]
fn schedule_has_one_delay_per_retry() {
    assert_eq!(RetryPolicy::default().schedule().count(), 3);
    assert_eq!(RetryPolicy::disabled().schedule().count(), 0);
    assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
}

#[test]
fn advice_longer_than_backoff_wins_until_the_cap() {
    let max = Duration::from_secs(30);
    let mut schedule = [Duration::from_millis(500)].into_iter();
    assert_eq!(
        next_delay(&mut schedule, Some(Duration::from_secs(2)), max),
        Some(Duration::from_secs(2))
    );
    let mut schedule = [Duration::from_millis(500)].into_iter();
    assert_eq!(
        next_delay(&mut schedule, None, max),
        Some(Duration::from_millis(500))
    );
    let mut schedule = [Duration::from_millis(500)].into_iter();
    assert_eq!(
        next_delay(&mut schedule, Some(Duration::from_secs(60)), max),
        None
    );
    let mut schedule = std::iter::empty();
    assert_eq!(next_delay(&mut schedule, None, max), None);
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
    assert_eq!(
        retry_after_at(&headers(&[("retry-after", " 7 ")]), now),
        Some(Duration::from_secs(7))
    );
    // 2015-10-21 07:28:10 GMT is 10 s after `now`.
    let date = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:10 GMT")]);
    assert_eq!(retry_after_at(&date, now), Some(Duration::from_secs(10)));
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_500);
    assert_eq!(retry_after_at(&date, past), Some(Duration::ZERO));
    assert_eq!(
        retry_after_at(&headers(&[("retry-after", "soon")]), now),
        None
    );
    assert_eq!(retry_after_at(&HeaderMap::new(), now), None);
}

#[test]
fn rate_limit_headers_prefer_vendor_names() {
    let limit = RateLimit::from_headers(&headers(&[
        ("x-hubspot-ratelimit-max", "100"),
        ("x-ratelimit-limit", "5"),
        ("x-hubspot-ratelimit-remaining", "99"),
        ("x-hubspot-ratelimit-interval-milliseconds", "10000"),
        ("x-hubspot-ratelimit-daily", "250000"),
        ("x-hubspot-ratelimit-daily-remaining", "not a number"),
    ]))
    .expect("rate-limit headers");
    assert_eq!(limit.limit, Some(100));
    assert_eq!(limit.remaining, Some(99));
    assert_eq!(limit.interval_ms, Some(10_000));
    assert_eq!(limit.daily, Some(250_000));
    assert_eq!(limit.daily_remaining, None);
    let ietf =
        RateLimit::from_headers(&headers(&[("ratelimit-remaining", "3")])).expect("IETF names");
    assert_eq!(ietf.remaining, Some(3));
    assert_eq!(RateLimit::from_headers(&HeaderMap::new()), None);
}

/// The IETF fields only: `RateLimit` and `RateLimit-Policy` lines, in order.
fn ietf(limits: &[&str], policies: &[&str]) -> Option<RateLimit> {
    let mut map = HeaderMap::new();
    for line in limits {
        map.append(
            "ratelimit",
            HeaderValue::from_str(line).expect("test header"),
        );
    }
    for line in policies {
        map.append(
            "ratelimit-policy",
            HeaderValue::from_str(line).expect("test header"),
        );
    }
    RateLimit::from_headers(&map)
}

/// `(limit, remaining, interval_ms, reset_secs)` of what the IETF fields say.
fn ietf_fields(limits: &[&str], policies: &[&str]) -> Option<[Option<u64>; 4]> {
    ietf(limits, policies).map(|l| [l.limit, l.remaining, l.interval_ms, l.reset_secs])
}

#[test]
fn ietf_fields_read_one_item_and_its_policy() {
    let limit =
        ietf(&[r#""default";r=50;t=30"#], &[r#""default";q=100;w=10"#]).expect("rate-limit fields");
    assert_eq!(limit.limit, Some(100));
    assert_eq!(limit.remaining, Some(50));
    assert_eq!(limit.interval_ms, Some(10_000));
    assert_eq!(limit.reset_secs, Some(30));
    assert_eq!(limit.daily, None);
    assert_eq!(limit.daily_remaining, None);
    // `t` is optional; a `RateLimit` without a policy gives no limit.
    assert_eq!(
        ietf_fields(&[r#""default";r=999"#], &[]),
        Some([None, Some(999), None, None])
    );
}

#[test]
fn ietf_fields_take_the_most_constraining_item() {
    let policies = [r#""daily";q=1000;w=86400, "burst";q=10;w=1"#];
    assert_eq!(
        ietf_fields(&[r#""burst";r=5;t=1, "daily";r=900;t=3600"#], &policies),
        Some([Some(10), Some(5), Some(1000), Some(1)])
    );
    assert_eq!(
        ietf_fields(&[r#""burst";r=5;t=1, "daily";r=0;t=3600"#], &policies),
        Some([Some(1000), Some(0), Some(86_400_000), Some(3600)])
    );
    // Of items with as little left, the one with the longest reset; lines are one list.
    assert_eq!(
        ietf_fields(&[r#""burst";r=0;t=1"#, r#""daily";r=0;t=3600"#], &policies),
        Some([Some(1000), Some(0), Some(86_400_000), Some(3600)])
    );
    // A policy line split in two, as RFC 9651 allows.
    assert_eq!(
        ietf_fields(
            &[r#""burst";r=5;t=1"#],
            &[r#""daily";q=1000;w=86400"#, r#""burst";q=10;w=1"#]
        ),
        Some([Some(10), Some(5), Some(1000), Some(1)])
    );
    // No `RateLimit` field: the policy allowing the fewest requests per second.
    assert_eq!(
        ietf_fields(&[], &[r#""a";q=100;w=1, "b";q=1000;w=60, "c";q=1"#]),
        Some([Some(1000), None, Some(60_000), None])
    );
    // Many items and policies: the lowest is found, with its policy.
    let many: Vec<String> = (0..20_000)
        .map(|i| format!(r#""p{i}";r={};t=1"#, 30_000 - i))
        .collect();
    let many = many.join(", ");
    let policies: Vec<String> = (0..20_000)
        .map(|i| format!(r#""p{i}";q={};w=1"#, 40_000 + i))
        .collect();
    let policies = policies.join(", ");
    assert_eq!(
        ietf_fields(&[&many], &[&policies]),
        Some([Some(59_999), Some(10_001), Some(1000), Some(1)])
    );
}

#[test]
fn ietf_fields_take_params_in_any_order_and_tokens_or_strings() {
    let expected = Some([Some(100), Some(50), Some(10_000), Some(30)]);
    assert_eq!(
        ietf_fields(&[r#""default";t=30;r=50"#], &[r#""default";w=10;q=100"#]),
        expected
    );
    // Token names, spaces after `;` and around `,`, and parameters nothing reads: a partition
    // key, the quota unit `requests`, booleans, decimals, dates, display strings, vendor ones.
    assert_eq!(
        ietf_fields(
            &[r#"other;r=70 ,  default; pk=:dHJpYWw=:;t=30;acme-x;r=50;z=1.5;d=@1700000000"#],
            &[
                r#""default";qu="requests";q=100;w=10;pk=:cHsdsRa894==:;acme-note=%"caf%c3%a9";b=?0"#
            ]
        ),
        expected
    );
    // A repeated parameter: the last counts.
    assert_eq!(
        ietf_fields(&[r#""default";r=1;t=30;r=50"#], &[r#"default;q=100;w=10"#]),
        expected
    );
    // Escapes in a String name.
    assert_eq!(
        ietf_fields(&[r#""a\"b\\c";r=50;t=30"#], &[r#""a\"b\\c";q=100;w=10"#]),
        expected
    );
    // Policies in other units than requests, and their items, are not read.
    assert_eq!(
        ietf_fields(
            &[r#""bytes";r=0;t=60, "default";r=50;t=30"#],
            &[r#""bytes";q=65535;qu="content-bytes";w=60, "default";q=100;w=10"#]
        ),
        expected
    );
}

#[test]
fn ietf_fields_ignore_what_does_not_parse() {
    // A field value that is not a well-formed list is ignored whole (RFC 9651).
    for bad in [
        "garbage here",
        r#""default";r=0;t=2,"#,
        r#""default";r=0;t=2,,"other";r=1"#,
        r#""default;r=0;t=2"#,
        r#""default";R=0;t=2"#,
        r#""default";r=1234567890123456;t=2"#,
        r#""default";r=0;t=2.1234"#,
        r#""default";r=0;t=2 "other";r=1"#,
        r#""default";r=0;t=2;pk=:not base64!:"#,
        r#""default";r=0;t=2;b=?2"#,
        r#""default";r=0;t=2;s="bad \escape""#,
        r#""default";r=-;t=2"#,
        "\"default\";r=0;t=2\t;x",
        "(\"a\" \"b\";r=0",
        ";r=0",
        ",",
        "",
    ] {
        assert_eq!(ietf_fields(&[bad], &[]), None, "{bad}");
        assert_eq!(ietf_fields(&[], &[bad]), None, "{bad}");
    }
    // Bytes that are not ASCII.
    let mut map = HeaderMap::new();
    map.insert(
        "ratelimit",
        HeaderValue::from_bytes(b"\"d\xc3\xa9\";r=0;t=2").expect("opaque bytes"),
    );
    assert_eq!(RateLimit::from_headers(&map), None);
    // Items lacking what they need are skipped; the others are read.
    assert_eq!(
        ietf_fields(
            &[r#""a";r=-1;t=5, "b";t=5, "c";r=1.5, "d";r="0", 7;r=0, ("x" "y");r=0, "e";r=9;t=-3"#],
            &[r#""e";q=-1;w=10, "e";q=10;w=0"#]
        ),
        Some([Some(10), Some(9), None, None])
    );
    // The largest Integer fits.
    assert_eq!(
        ietf_fields(
            &[r#""a";r=999999999999999;t=999999999999999"#],
            &[r#""a";q=999999999999999;w=999999999999999"#]
        ),
        Some([
            Some(999_999_999_999_999),
            Some(999_999_999_999_999),
            Some(999_999_999_999_999_000),
            Some(999_999_999_999_999)
        ])
    );
    // A bad `RateLimit` leaves a good `RateLimit-Policy` read, and the other way round.
    assert_eq!(
        ietf_fields(&["}{"], &[r#""a";q=5;w=2"#]),
        Some([Some(5), None, Some(2000), None])
    );
    assert_eq!(
        ietf_fields(&[r#""a";r=0;t=2"#], &["}{"]),
        Some([None, Some(0), None, Some(2)])
    );
}

#[test]
fn ietf_fields_rank_between_vendor_and_generic_names() {
    let limit = RateLimit::from_headers(&headers(&[
        ("x-hubspot-ratelimit-remaining", "7"),
        ("x-ratelimit-limit", "5"),
        ("x-ratelimit-remaining", "4"),
        ("ratelimit-reset", "60"),
        ("ratelimit", r#""default";r=0;t=2"#),
        ("ratelimit-policy", r#""default";q=100;w=10"#),
    ]))
    .expect("rate-limit headers");
    assert_eq!(limit.remaining, Some(7));
    assert_eq!(limit.limit, Some(100));
    assert_eq!(limit.interval_ms, Some(10_000));
    assert_eq!(limit.reset_secs, Some(2));
    // The older IETF names still fill what the new fields do not say.
    let limit = RateLimit::from_headers(&headers(&[
        ("ratelimit-limit", "10"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", "5"),
        ("ratelimit", "not a list;"),
    ]))
    .expect("older IETF names");
    assert_eq!(limit.limit, Some(10));
    assert_eq!(limit.remaining, Some(0));
    assert_eq!(limit.reset_secs, Some(5));
}

#[test]
fn secrets_are_never_printed() {
    let mut secrets = Vec::new();
    set_secret(
        &mut secrets,
        Secret::header("authorization", "Bearer old-token"),
    );
    set_secret(
        &mut secrets,
        Secret::header("authorization", "Bearer s3cr3t"),
    );
    set_secret(&mut secrets, Secret::query("hapikey", "k3y"));
    assert_eq!(
        secrets.len(),
        2,
        "a later credential sent the same way replaces the earlier"
    );
    let printed = format!("{secrets:?}");
    assert!(
        !printed.contains("s3cr3t") && !printed.contains("k3y"),
        "{printed}"
    );
    let credentials = Credentials::new(secrets).expect("valid credentials");
    let printed = format!("{credentials:?}");
    assert!(
        printed.contains("authorization") && !printed.contains("s3cr3t"),
        "{printed}"
    );
    let basic = Secret::basic("user", "pa55");
    assert!(!format!("{basic:?}").contains("pa55"));
}

#[test]
fn a_credential_that_cannot_be_sent_is_refused_without_repeating_it() {
    let error = Credentials::new(vec![Secret::header("x-key", "bad\nsecret")]).unwrap_err();
    let BuildError::Invalid(message) = error else {
        panic!("expected an invalid request");
    };
    assert!(
        message.contains("x-key") && !message.contains("secret\""),
        "{message}"
    );
}

#[test]
fn basic_credentials_are_sent_base64_encoded() {
    let credentials = Credentials::new(vec![Secret::basic("Aladdin", "open sesame")]).unwrap();
    let request = credentials
        .apply(reqwest::Client::new().get("http://localhost/"))
        .build()
        .unwrap();
    let value = &request.headers()["authorization"];
    assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert!(value.is_sensitive());
}

struct Order {
    inputs: Vec<u8>,
    name: String,
}

impl Validate for Order {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        check_count(
            &join(path, "inputs"),
            self.inputs.len(),
            Some(1),
            Some(2),
            "items",
            problems,
        );
        check_count(
            &join(path, "name"),
            self.name.chars().count(),
            None,
            Some(3),
            "characters",
            problems,
        );
    }
}

#[test]
fn validation_lists_every_problem_with_its_path() {
    let order = Order {
        inputs: vec![1, 2, 3],
        name: "toolong".into(),
    };
    let error: Error<TestBody> = validate(&order).unwrap_err().into();
    assert_eq!(
        error.to_string(),
        "the request breaks the spec's limits: inputs: 3 items, at most 2; name: 7 characters, at most 3"
    );
    assert!(
        validate(&Order {
            inputs: vec![1],
            name: "ok".into()
        })
        .is_ok()
    );
    let mut problems = Vec::new();
    check_range("n", 5.0, Some(5.0), Some(10.0), true, false, &mut problems);
    check_range("m", 10.0, None, Some(10.0), false, true, &mut problems);
    assert_eq!(problems, ["n: 5 must be above 5", "m: 10 must be below 10"]);
}

#[test]
fn status_errors_print_the_message_and_the_advice() {
    let error: Error<TestBody> = Error::Status(Box::new(StatusError {
        status: 429,
        body: TestBody::Message("slow down".into()),
        rate_limit: None,
        retry_after: Some(Duration::from_secs(3)),
    }));
    assert_eq!(
        error.to_string(),
        "the server answered HTTP 429: slow down (retry after 3 s)"
    );
    assert_eq!(error.status(), Some(429));
    let raw = crate::client::status_error::<TestBody>(500, &HeaderMap::new(), b"oops", |_, _| None);
    assert!(matches!(&raw, Error::Status(e) if e.body == TestBody::Raw("oops".into())));
}

#[test]
fn json_decode_errors_name_the_path() {
    #[derive(Debug, serde::Deserialize)]
    struct Thing {
        #[allow(dead_code)]
        items: Vec<u32>,
    }
    let error =
        crate::decode::decode_json::<Thing, TestBody>(200, br#"{"items":[1,"x"]}"#).unwrap_err();
    let Error::Decode(decode) = error else {
        panic!("expected a decode error");
    };
    assert_eq!(decode.path, "items[1]");
    assert_eq!(decode.status, 200);
}

#[tokio::test]
async fn request_errors_print_their_cause_once() {
    // Nothing listens on port 9 of the loopback address.
    let error = reqwest::Client::new()
        .get("http://127.0.0.1:9/")
        .send()
        .await
        .unwrap_err();
    let error: Error<TestBody> = Error::request(error);
    assert_eq!(error.to_string(), "the request could not be sent");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn chunks_stop_at_the_first_failure() {
    let inputs: Vec<u32> = (0..7).collect();
    let (answers, failure) = crate::chunked::in_chunks(&inputs, 3, |chunk| async move {
        if chunk.contains(&6) {
            Err(Error::<TestBody>::InvalidRequest("no".into()))
        } else {
            Ok(chunk.len())
        }
    })
    .await;
    assert_eq!(answers, [3, 3]);
    let failure = failure.expect("the last chunk fails");
    assert_eq!(
        (failure.chunk, failure.first_input, failure.unsent_inputs),
        (2, 6, 1)
    );
}

mod limiter {
    use std::time::Duration;

    use tokio::time::Instant;

    use crate::limiter::{DAILY_PROBE_INTERVAL, DailyLimitReached, Observed, Policy, RateLimiter};

    async fn timed(limiter: &RateLimiter) -> Duration {
        let start = Instant::now();
        limiter.acquire().await.expect("permit");
        start.elapsed()
    }

    fn observed(limit: Option<u64>, remaining: Option<u64>, interval_s: Option<u64>) -> Observed {
        Observed {
            limit,
            remaining,
            interval: interval_s.map(Duration::from_secs),
            daily_remaining: None,
            reset: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_budget_spaces_calls_over_a_rolling_window_shared_by_clones() {
        let limiter = RateLimiter::budget(2, Duration::from_secs(1));
        let clone = limiter.clone();
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        assert_eq!(timed(&clone).await, Duration::ZERO);
        // The third call waits for the first to leave the window, on either clone.
        assert_eq!(timed(&clone).await, Duration::from_secs(1));
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        assert_eq!(timed(&limiter).await, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn the_default_never_waits_until_the_server_says_none_remain() {
        let limiter = RateLimiter::default();
        for _ in 0..1000 {
            assert_eq!(timed(&limiter).await, Duration::ZERO);
        }
        // Headers with requests left do not make the default count calls.
        limiter.observe(200, observed(Some(2), Some(1), Some(10)));
        for _ in 0..10 {
            assert_eq!(timed(&limiter).await, Duration::ZERO);
        }
        limiter.observe(200, observed(Some(100), Some(0), Some(10)));
        assert_eq!(timed(&limiter).await, Duration::from_secs(10));
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        // The IETF reset time is more precise than the interval.
        let reset = Observed {
            reset: Some(Duration::from_secs(3)),
            ..observed(Some(100), Some(0), Some(10))
        };
        limiter.observe(200, reset);
        assert_eq!(timed(&limiter).await, Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn headers_tighten_a_looser_budget_but_never_loosen_it() {
        let limiter = RateLimiter::budget(1000, Duration::from_secs(1));
        limiter.observe(200, observed(Some(2), Some(2), Some(10)));
        timed(&limiter).await;
        timed(&limiter).await;
        assert_eq!(timed(&limiter).await, Duration::from_secs(10));
        let strict = RateLimiter::budget(1, Duration::from_secs(1));
        strict.observe(200, observed(Some(1000), None, Some(1)));
        timed(&strict).await;
        assert_eq!(timed(&strict).await, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_rolling_window_429_is_waited_out_preferring_the_servers_advice() {
        let limiter = RateLimiter::default();
        let policy = Policy::named("TEN_SECONDLY_ROLLING");
        assert_eq!(policy, Some(Policy::Window(Duration::from_secs(10))));
        let wait = limiter.too_many_requests(policy, Observed::default(), None);
        assert_eq!(wait, Some(Policy::Window(Duration::from_secs(10))));
        assert_eq!(timed(&limiter).await, Duration::from_secs(10));
        // The interval header is more precise than the policy's name …
        let wait = limiter.too_many_requests(policy, observed(None, None, Some(2)), None);
        assert_eq!(wait, Some(Policy::Window(Duration::from_secs(2))));
        // … and `Retry-After` wins over both.
        let advised = Some(Duration::from_secs(3));
        let wait = limiter.too_many_requests(policy, observed(None, None, Some(2)), advised);
        assert_eq!(wait, Some(Policy::Window(Duration::from_secs(3))));
        assert_eq!(timed(&limiter).await, Duration::from_secs(3));
        // Nothing known: the 429 is left to the retry policy.
        assert_eq!(
            limiter.too_many_requests(None, Observed::default(), None),
            None
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_daily_limit_fails_fast_with_one_probe_a_minute() {
        let limiter = RateLimiter::default();
        let policy = Policy::named("daily");
        assert_eq!(
            limiter.too_many_requests(policy, Observed::default(), None),
            Some(Policy::Daily)
        );
        assert_eq!(limiter.acquire().await.err(), Some(DailyLimitReached));
        tokio::time::advance(DAILY_PROBE_INTERVAL).await;
        // One call goes out to learn whether the day has turned; the others still fail.
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        assert_eq!(limiter.acquire().await.err(), Some(DailyLimitReached));
        // A success shows it has.
        limiter.observe(200, Observed::default());
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        // A response saying none remain today marks the day spent too.
        let spent = Observed {
            daily_remaining: Some(0),
            ..Observed::default()
        };
        limiter.observe(200, spent);
        assert_eq!(limiter.acquire().await.err(), Some(DailyLimitReached));
    }

    #[tokio::test(start_paused = true)]
    async fn the_ietf_ratelimit_field_holds_calls_until_its_reset() {
        let limiter = RateLimiter::default();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "ratelimit",
            reqwest::header::HeaderValue::from_static(r#""default";r=0;t=2"#),
        );
        let limit = crate::rate_limit::RateLimit::from_headers(&headers).expect("read");
        limiter.observe(200, Observed::from(&limit));
        assert_eq!(timed(&limiter).await, Duration::from_secs(2));
        assert_eq!(timed(&limiter).await, Duration::ZERO);
        // Without `t`, the policy's window `w`, as HubSpot's interval.
        headers.insert(
            "ratelimit",
            reqwest::header::HeaderValue::from_static(r#""default";r=0"#),
        );
        headers.insert(
            "ratelimit-policy",
            reqwest::header::HeaderValue::from_static(r#""default";q=100;w=10"#),
        );
        let limit = crate::rate_limit::RateLimit::from_headers(&headers).expect("read");
        limiter.observe(200, Observed::from(&limit));
        assert_eq!(timed(&limiter).await, Duration::from_secs(10));
        // A policy tighter than the user's budget tightens it.
        let budget = RateLimiter::budget(1000, Duration::from_secs(1));
        headers.insert(
            "ratelimit",
            reqwest::header::HeaderValue::from_static(r#""default";r=2;t=10"#),
        );
        headers.insert(
            "ratelimit-policy",
            reqwest::header::HeaderValue::from_static(r#""default";q=2;w=10"#),
        );
        let limit = crate::rate_limit::RateLimit::from_headers(&headers).expect("read");
        budget.observe(200, Observed::from(&limit));
        timed(&budget).await;
        timed(&budget).await;
        assert_eq!(timed(&budget).await, Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn absurdly_long_waits_hold_calls_without_overflowing_the_clock() {
        let forever = Duration::from_secs(u64::MAX);
        let limiter = RateLimiter::default();
        let spent = Observed {
            reset: Some(forever),
            ..observed(None, Some(0), None)
        };
        limiter.observe(200, spent);
        let held = tokio::time::timeout(Duration::from_secs(86_400), limiter.acquire()).await;
        assert!(held.is_err(), "the call is held");
        let limiter = RateLimiter::default();
        let wait = limiter.too_many_requests(None, Observed::default(), Some(forever));
        assert_eq!(wait, Some(Policy::Window(forever)));
        let held = tokio::time::timeout(Duration::from_secs(86_400), limiter.acquire()).await;
        assert!(held.is_err(), "the call is held");
    }

    #[test]
    fn the_policy_is_read_from_a_429_body() {
        let body = br#"{"status":"error","policyName":"TEN_SECONDLY_ROLLING"}"#;
        assert_eq!(
            Policy::from_body(body),
            Some((
                "TEN_SECONDLY_ROLLING".to_owned(),
                Policy::Window(Duration::from_secs(10))
            ))
        );
        assert_eq!(Policy::from_body(br#"{"policyName":"UNKNOWN"}"#), None);
        assert_eq!(Policy::from_body(b"not json"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_never_waits_and_a_concurrency_cap_holds_slots() {
        let off = RateLimiter::disabled();
        assert_eq!(
            off.too_many_requests(Policy::named("SECONDLY"), Observed::default(), None),
            None
        );
        off.observe(200, observed(Some(1), Some(0), Some(60)));
        assert_eq!(timed(&off).await, Duration::ZERO);
        let capped = RateLimiter::default().with_max_concurrent(1);
        let held = capped.acquire().await.expect("first");
        let waiting = tokio::time::timeout(Duration::from_secs(5), capped.acquire()).await;
        assert!(waiting.is_err(), "the second call waits for the slot");
        drop(held);
        assert!(capped.acquire().await.is_ok());
    }
}

#[test]
fn an_api_with_its_own_server_keeps_it_unless_the_user_chose_one() {
    let build = |builder: crate::client::Builder| {
        builder
            .build::<TestBody>("test/0", Some("https://api.example.com/"))
            .expect("a default base URL")
    };
    let default = build(crate::client::Builder::default());
    let files = default.for_default_server("https://files.example.com/v2/");
    assert_eq!(default.base_url(), "https://api.example.com");
    assert_eq!(files.base_url(), "https://files.example.com/v2");
    assert_eq!(format!("{:?}", files.rate_limit()), "None");

    let chosen = build(crate::client::Builder::default().base_url("http://127.0.0.1:9/"));
    let files = chosen.for_default_server("https://files.example.com/v2/");
    assert_eq!(files.base_url(), "http://127.0.0.1:9");
}

mod union_order {
    use serde_json::json;

    use crate::deserialize::by_known_fields;

    const PRIVATE: &[&str] = &["login", "id", "private_gists", "plan"];
    const PUBLIC: &[&str] = &["login", "id"];

    #[test]
    fn the_variant_that_knows_most_keys_goes_first() {
        let private = json!({"login": "a", "id": 1, "private_gists": 2, "added": true});
        assert_eq!(by_known_fields(&private, [PUBLIC, PRIVATE]), [1, 0]);
        assert_eq!(by_known_fields(&private, [PRIVATE, PUBLIC]), [0, 1]);
    }

    #[test]
    fn keys_no_variant_knows_count_for_none_and_ties_keep_the_spec_order() {
        let public = json!({"login": "a", "id": 1, "user_view_type": "public"});
        assert_eq!(by_known_fields(&public, [PUBLIC, PRIVATE]), [0, 1]);
        assert_eq!(by_known_fields(&public, [PRIVATE, PUBLIC]), [0, 1]);
        assert_eq!(
            by_known_fields(&json!("text"), [PRIVATE, PUBLIC, &[]]),
            [0, 1, 2]
        );
    }
}
