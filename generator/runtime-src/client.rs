//! The core every generated `Client` wraps: the HTTP client, the base URL, credentials,
//! the retry policy, the rate limiter, hooks and the latest rate-limit headers, and the one
//! `execute` loop that sends every operation's request.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder};
use tracing::Instrument as _;

use super::auth::{Credentials, Secret, set_secret};
use super::decode::{decode_json, decode_text};
use super::error::{Body, Error, RateLimitedError, StatusError};
use super::hooks::{Hooks, ResponseInfo, TokenSource};
use super::limiter::{Observed, Policy, RateLimiter};
use super::rate_limit::RateLimit;
use super::retry::{RetryPolicy, next_delay, retry_after};

/// What an operation tells `execute` about itself.
#[derive(Debug)]
pub struct Call {
    /// The HTTP method, upper-case, for tracing.
    pub method: &'static str,
    /// The path template, for tracing.
    pub path: &'static str,
    /// Whether repeating the request is safe (not POST or PATCH).
    pub idempotent: bool,
    /// Whether the credentials are sent.
    pub authenticated: bool,
}

/// A response, read to the end.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

/// Decodes the error body of a status, if the operation declares a type for it.
pub type ParseErrorBody<B> = fn(u16, &[u8]) -> Option<B>;

/// Turns a reply into an operation's result.
pub type Decode<T, B> = fn(Reply, ParseErrorBody<B>) -> Result<T, Error<B>>;

/// Builds the error for a non-success response; `parse` decodes the body into the type
/// the spec declares for the status, if it fits.
pub fn status_error<B: Body>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    parse: ParseErrorBody<B>,
) -> Error<B> {
    let body =
        parse(status, body).unwrap_or_else(|| B::raw(String::from_utf8_lossy(body).into_owned()));
    Error::Status(Box::new(StatusError {
        status,
        body,
        rate_limit: RateLimit::from_headers(headers),
        retry_after: retry_after(headers),
    }))
}

/// The decoders of operations whose successes all decode alike: any 2xx status is a
/// success, any other an error.
impl Reply {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    /// The error for a non-success reply.
    pub fn into_error<B: Body>(self, errors: ParseErrorBody<B>) -> Error<B> {
        status_error(self.status, &self.headers, &self.body, errors)
    }

    /// A JSON body.
    pub fn json<T: serde::de::DeserializeOwned, B: Body>(
        self,
        errors: ParseErrorBody<B>,
    ) -> Result<T, Error<B>> {
        if !self.is_success() {
            return Err(self.into_error(errors));
        }
        decode_json(self.status, &self.body)
    }

    /// No body (any body sent is ignored).
    pub fn empty<B: Body>(self, errors: ParseErrorBody<B>) -> Result<(), Error<B>> {
        if !self.is_success() {
            return Err(self.into_error(errors));
        }
        Ok(())
    }

    /// A text body.
    pub fn text<B: Body>(self, errors: ParseErrorBody<B>) -> Result<String, Error<B>> {
        if !self.is_success() {
            return Err(self.into_error(errors));
        }
        Ok(decode_text(&self.body))
    }

    /// The body as bytes.
    pub fn bytes<B: Body>(self, errors: ParseErrorBody<B>) -> Result<Vec<u8>, Error<B>> {
        if !self.is_success() {
            return Err(self.into_error(errors));
        }
        Ok(self.body)
    }
}

/// A request on its way: what every operation method returns. Await it for the
/// operation's result. The request was built when the method was called (so the
/// arguments are no longer borrowed); it is sent when this future is first polled.
#[must_use = "the request is sent only when this future is awaited"]
pub struct ResponseFuture<'a, T, B> {
    reply: Pin<Box<dyn Future<Output = Result<Reply, Error<B>>> + Send + 'a>>,
    decode: Decode<T, B>,
    errors: ParseErrorBody<B>,
}

impl<T, B> Future for ResponseFuture<'_, T, B> {
    type Output = Result<T, Error<B>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match this.reply.as_mut().poll(cx) {
            Poll::Ready(Ok(reply)) => Poll::Ready((this.decode)(reply, this.errors)),
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T, B> std::fmt::Debug for ResponseFuture<'_, T, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// The settings of a client being configured: what a generated `ClientBuilder` holds
/// besides the spec's own settings.
#[derive(Default)]
pub struct Builder {
    base_url: Option<String>,
    secrets: Vec<Secret>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    limiter: Option<RateLimiter>,
    hooks: Vec<Arc<dyn Hooks>>,
    token: Option<Arc<dyn TokenSource>>,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.secrets)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("rate_limiter", &self.limiter)
            .field("hooks", &self.hooks.len())
            .field("token_source", &self.token.is_some())
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// Sets the base URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a credential, replacing an earlier one sent the same way.
    pub fn secret(mut self, secret: Secret) -> Self {
        set_secret(&mut self.secrets, secret);
        self
    }

    /// Uses this `reqwest::Client` (the timeouts are then ignored).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The time limit for one attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// When to send a failed request again.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// How calls are held back to respect the server's rate limits (default:
    /// [`RateLimiter::from_headers`]).
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Adds hooks run around every attempt, after those added before.
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks.push(Arc::new(hooks));
        self
    }

    /// Sends `Authorization: Bearer <token>` with the token `source` gives for each
    /// request, and asks it to refresh after a 401.
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.token = Some(Arc::new(source));
        self
    }

    /// Builds the core. `user_agent` is the generated crate's `name/version`; without a
    /// base URL set, `default_base_url` is used, and without either building fails.
    pub fn build<B>(
        self,
        user_agent: &'static str,
        default_base_url: Option<&str>,
    ) -> Result<Core, Error<B>> {
        let credentials = Credentials::new(self.secrets)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(user_agent)
                .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                .build()
                .map_err(Error::request)?,
        };
        let base_url_chosen = self.base_url.is_some();
        let base_url = match (self.base_url, default_base_url) {
            (Some(url), _) => url,
            (None, Some(url)) => url.to_owned(),
            (None, None) => {
                return Err(Error::InvalidRequest(
                    "the spec names no server; set a base URL".to_owned(),
                ));
            }
        };
        Ok(Core {
            http,
            host: host_of(&base_url),
            limiter: self.limiter.unwrap_or_default(),
            hooks: self.hooks.into(),
            token: self.token,
            base_url: base_url.trim_end_matches('/').to_owned(),
            base_url_chosen,
            credentials,
            retry: self.retry.unwrap_or_default(),
            client: user_agent,
            rate_limit: Arc::new(Mutex::new(None)),
        })
    }
}

/// The base URL's host, for tracing only: an unparsable base URL fails when a request is
/// built.
fn host_of(base_url: &str) -> Arc<str> {
    reqwest::Url::parse(base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default()
        .into()
}

/// The shared part of a generated `Client`. Cheap to clone: clones share one connection
/// pool, the rate limiter and the latest rate-limit information.
#[derive(Clone)]
pub struct Core {
    http: reqwest::Client,
    /// The base URL's host: the `server.address` of tracing.
    host: Arc<str>,
    limiter: RateLimiter,
    hooks: Arc<[Arc<dyn Hooks>]>,
    token: Option<Arc<dyn TokenSource>>,
    base_url: String,
    /// The user set the base URL (rather than the spec's default applying).
    base_url_chosen: bool,
    credentials: Credentials,
    retry: RetryPolicy,
    client: &'static str,
    rate_limit: Arc<Mutex<Option<RateLimit>>>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("rate_limiter", &self.limiter)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The same client (sharing its connection pool, credentials, hooks, rate limiter and
    /// rate-limit information) for an API whose own default server is `default_base_url`:
    /// in a crate built from several specs, an API keeps its spec's server unless the user
    /// chose a base URL for all.
    pub fn for_default_server(&self, default_base_url: &str) -> Core {
        if self.base_url_chosen {
            return self.clone();
        }
        Core {
            host: host_of(default_base_url),
            base_url: default_base_url.trim_end_matches('/').to_owned(),
            ..self.clone()
        }
    }

    /// A request to `url` (the base URL and the operation's path), not yet authenticated.
    pub fn request(&self, method: Method, url: String) -> RequestBuilder {
        self.http.request(method, url)
    }

    /// The rate-limit headers of the latest response any clone of this client received
    /// (success or error).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit.lock().ok().and_then(|last| last.clone())
    }

    /// The future every operation method returns. The sending is one boxed future shared
    /// by all operations, and the decoding a plain function: no operation has an `async`
    /// body of its own, which keeps large clients quick to compile.
    pub fn send<T, B: Body>(
        &self,
        request: Result<RequestBuilder, Error<B>>,
        call: &'static Call,
        decode: Decode<T, B>,
        errors: ParseErrorBody<B>,
    ) -> ResponseFuture<'_, T, B> {
        ResponseFuture {
            reply: Box::pin(async move { self.execute(request?, call).await }),
            decode,
            errors,
        }
    }

    /// Sends a request with credentials, hooks, rate limiting, retries and tracing, and
    /// reads the reply.
    async fn execute<B: Body>(
        &self,
        request: RequestBuilder,
        call: &Call,
    ) -> Result<Reply, Error<B>> {
        // Field names follow OpenTelemetry's HTTP semantic conventions; never credentials
        // or bodies.
        let span = tracing::debug_span!(
            "request",
            client = self.client,
            http.request.method = call.method,
            url.template = call.path,
            server.address = &*self.host,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
        );
        async {
            let request = if call.authenticated {
                self.credentials.apply(request)
            } else {
                request
            };
            let mut delays = self.retry.schedule();
            let mut attempt: u32 = 1;
            let mut refreshed = false;
            let mut next = Some(request);
            while let Some(current) = next.take() {
                // A body that cannot be replayed (a stream) is sent once.
                let sending = match current.try_clone() {
                    Some(copy) => {
                        next = Some(current);
                        copy
                    }
                    None => current,
                };
                let replayable = next.is_some();
                // Held until the reply is read, or dropped before waiting to retry. Taken
                // before the hooks run, so that a signature or token is fresh when sent.
                let permit = self.limiter.acquire().await.map_err(|_| {
                    tracing::debug!("the daily rate limit is reached; not sent");
                    Error::RateLimited(Box::new(RateLimitedError {
                        rate_limit: self.rate_limit(),
                        ..RateLimitedError::daily(None)
                    }))
                })?;
                let (http, request) = self.prepare(sending, call).await?;
                let started = Instant::now();
                match http.execute(request).await {
                    Ok(mut response) => {
                        let status = response.status().as_u16();
                        // Taken rather than copied: reading the body does not need them.
                        let headers = std::mem::take(response.headers_mut());
                        let rate_limit = self.remember_rate_limit(&headers);
                        let observed = rate_limit.as_ref().map(Observed::from).unwrap_or_default();
                        self.limiter.observe(status, observed);
                        let elapsed = started.elapsed();
                        tracing::debug!(http.response.status_code = status, http.request.resend_count = attempt - 1, elapsed_ms = elapsed.as_millis() as u64, "response");
                        self.after_response(call, status, attempt, elapsed);
                        if status == 401
                            && replayable
                            && !refreshed
                            && call.authenticated
                            && let Some(source) = &self.token
                        {
                            // Once per call: a second 401 is the answer.
                            refreshed = true;
                            if source.refresh().await.map_err(Error::Token)? {
                                tracing::debug!("token refreshed; sending again");
                                attempt += 1;
                                continue;
                            }
                        }
                        let mut advised = retry_after(&headers);
                        // A 429's body names the policy hit; other bodies are read only when
                        // returned.
                        let (mut unread, mut body) = (Some(response), None);
                        if status == 429
                            && let Some(response) = unread.take()
                        {
                            let bytes = response.bytes().await.map_err(Error::request)?;
                            let named = Policy::from_body(&bytes);
                            let policy = named.as_ref().map(|(_, policy)| *policy);
                            match self.limiter.too_many_requests(policy, observed, advised) {
                                Some(Policy::Window(wait)) => advised = Some(wait),
                                Some(Policy::Daily) => {
                                    tracing::Span::current().record("http.response.status_code", status);
                                    tracing::warn!(http.response.status_code = status, "the daily rate limit is reached");
                                    return Err(Error::RateLimited(Box::new(RateLimitedError {
                                        policy: named.map(|(name, _)| name),
                                        retry_after: advised,
                                        rate_limit,
                                        ..RateLimitedError::daily(Some(status))
                                    })));
                                }
                                _ => {}
                            }
                            body = Some(bytes);
                        }
                        if replayable
                            && self.retry.retries_status(status, call.idempotent)
                            && let Some(delay) = next_delay(&mut delays, advised, self.retry.max_delay)
                        {
                            drop(permit);
                            tracing::warn!(http.response.status_code = status, http.request.resend_count = attempt, delay_ms = delay.as_millis() as u64, "retrying");
                            tokio::time::sleep(delay).await;
                            attempt += 1;
                            continue;
                        }
                        let body = match (body, unread) {
                            (Some(body), _) => body,
                            (None, Some(response)) => {
                                response.bytes().await.map_err(Error::request)?
                            }
                            (None, None) => Default::default(),
                        };
                        let span = tracing::Span::current();
                        span.record("http.response.status_code", status);
                        span.record("http.request.resend_count", attempt - 1);
                        return Ok(Reply {
                            status,
                            headers,
                            body: body.into(),
                        });
                    }
                    Err(error) => {
                        drop(permit);
                        // The URL may carry a query-string API key: never log it.
                        let error = error.without_url();
                        tracing::debug!(http.request.resend_count = attempt - 1, elapsed_ms = started.elapsed().as_millis() as u64, error = %error, "no response");
                        if replayable
                            && self.retry.retries_error(&error, call.idempotent)
                            && let Some(delay) = next_delay(&mut delays, None, self.retry.max_delay)
                        {
                            tracing::warn!(http.request.resend_count = attempt, delay_ms = delay.as_millis() as u64, "retrying");
                            tokio::time::sleep(delay).await;
                            attempt += 1;
                            continue;
                        }
                        return Err(Error::Request(error));
                    }
                }
            }
            Err(Error::InvalidRequest(
                "the request could not be sent again".to_owned(),
            ))
        }
        .instrument(span)
        .await
    }

    /// One attempt's final request: the token source's token, then the hooks in order.
    async fn prepare<B>(
        &self,
        request: RequestBuilder,
        call: &Call,
    ) -> Result<(reqwest::Client, reqwest::Request), Error<B>> {
        let (http, request) = request.build_split();
        let mut request = request.map_err(Error::request)?;
        if call.authenticated
            && let Some(source) = &self.token
        {
            let token = source.token().await.map_err(Error::Token)?;
            let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
                Error::InvalidRequest("the token source gave an invalid header value".to_owned())
            })?;
            // Kept out of `Debug` output and HTTP/2 header compression tables.
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        for hook in self.hooks.iter() {
            hook.before_request(&mut request).map_err(Error::Hook)?;
        }
        Ok((http, request))
    }

    fn after_response(&self, call: &Call, status: u16, attempt: u32, elapsed: Duration) {
        if self.hooks.is_empty() {
            return;
        }
        let info = ResponseInfo {
            method: call.method,
            path: call.path,
            status,
            attempt,
            elapsed,
        };
        for hook in self.hooks.iter() {
            hook.after_response(&info);
        }
    }

    /// Keeps the rate-limit headers of a response for [`Core::rate_limit`], and returns them.
    fn remember_rate_limit(&self, headers: &HeaderMap) -> Option<RateLimit> {
        let limit = RateLimit::from_headers(headers)?;
        if let Ok(mut last) = self.rate_limit.lock() {
            *last = Some(limit.clone());
        }
        Some(limit)
    }
}
