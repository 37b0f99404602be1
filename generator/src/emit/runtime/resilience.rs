//! Retries, rate-limit information and request execution for the generated client: the
//! part of the runtime a careful engineer writes once and every operation shares.
//!
//! The rules the generated code follows:
//! - 429 and 503 are retried for every method (the server answered before processing);
//!   502 and 504 (and 500 when `retry_server_errors`) only for idempotent methods, unless
//!   `retry_non_idempotent` opts in (e.g. for batch POSTs known to be safe);
//! - connection failures (nothing reached the server) are retried for every method,
//!   timeouts only where a repeat is safe;
//! - the delay is an exponential backoff with jitter (the `backon` crate's schedule), or the
//!   server's `Retry-After` (seconds or HTTP-date) when that is longer, capped by
//!   `max_delay`; a `Retry-After` beyond `max_delay` is not waited for: the error is returned
//!   at once, with the advice in it;
//! - bodies that cannot be replayed (streams) are sent once.

use proc_macro2::TokenStream;
use quote::quote;

use super::Needs;

/// `RetryPolicy` and the `execute` machinery, for the `client` module.
pub fn client_items(crate_target: &str, needs: &Needs) -> TokenStream {
    let reply_methods = reply_methods(needs);
    quote! {
        /// When and how often a failed request is sent again. The default retries up to 3
        /// times (4 attempts) on 429, 503 and connection failures for every method, and on
        /// 502/504 and timeouts for idempotent methods, waiting 0.5 s, 1 s, 2 s … (with
        /// jitter, at most 30 s) or as long as `Retry-After` asks.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct RetryPolicy {
            /// Attempts in all, the first included (1 disables retries).
            pub max_attempts: u32,
            /// The first backoff delay; each later one doubles, plus jitter.
            pub initial_delay: Duration,
            /// The longest wait between attempts, `Retry-After` included.
            pub max_delay: Duration,
            /// Also retry 500 Internal Server Error (idempotent methods, or all with
            /// `retry_non_idempotent`).
            pub retry_server_errors: bool,
            /// Allow retrying POST and PATCH on 5xx and timeouts, where the server may have
            /// processed the first attempt. Only for calls known to be safe to repeat.
            pub retry_non_idempotent: bool,
        }

        impl Default for RetryPolicy {
            fn default() -> Self {
                Self {
                    max_attempts: 4,
                    initial_delay: Duration::from_millis(500),
                    max_delay: Duration::from_secs(30),
                    retry_server_errors: false,
                    retry_non_idempotent: false,
                }
            }
        }

        impl RetryPolicy {
            /// Never retry.
            pub fn disabled() -> Self {
                Self { max_attempts: 1, ..Self::default() }
            }

            /// Sets the number of attempts in all (at least 1).
            pub fn with_max_attempts(mut self, attempts: u32) -> Self {
                self.max_attempts = attempts.max(1);
                self
            }

            /// Sets the first backoff delay.
            pub fn with_initial_delay(mut self, delay: Duration) -> Self {
                self.initial_delay = delay;
                self
            }

            /// Sets the longest wait between attempts.
            pub fn with_max_delay(mut self, delay: Duration) -> Self {
                self.max_delay = delay;
                self
            }

            /// Also retries 500 Internal Server Error.
            pub fn with_retry_server_errors(mut self, retry: bool) -> Self {
                self.retry_server_errors = retry;
                self
            }

            /// Allows retrying non-idempotent methods (POST, PATCH) on 5xx and timeouts.
            pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
                self.retry_non_idempotent = retry;
                self
            }

            fn retries_status(&self, status: u16, idempotent: bool) -> bool {
                let repeat_is_safe = idempotent || self.retry_non_idempotent;
                match status {
                    429 | 503 => true,
                    502 | 504 => repeat_is_safe,
                    500 => self.retry_server_errors && repeat_is_safe,
                    _ => false,
                }
            }

            fn retries_error(&self, error: &reqwest::Error, idempotent: bool) -> bool {
                error.is_connect() || ((error.is_timeout() || error.is_request()) && (idempotent || self.retry_non_idempotent))
            }

            fn schedule(&self) -> impl Iterator<Item = Duration> {
                use backon::BackoffBuilder as _;
                backon::ExponentialBuilder::default()
                    .with_min_delay(self.initial_delay)
                    .with_max_delay(self.max_delay)
                    .with_max_times(self.max_attempts.saturating_sub(1) as usize)
                    .with_jitter()
                    .build()
            }
        }

        /// What an operation tells `execute` about itself.
        struct Call {
            method: &'static str,
            path: &'static str,
            idempotent: bool,
            authenticated: bool,
        }

        /// A response, read to the end.
        struct Reply {
            status: u16,
            headers: reqwest::header::HeaderMap,
            body: Vec<u8>,
        }

        /// Decodes the error body of a status, if the operation declares a type for it.
        type ParseErrorBody = fn(u16, &[u8]) -> Option<ErrorBody>;

        #reply_methods

        /// A request on its way: what every operation method returns. Await it for the
        /// operation's result. The request was built when the method was called (so the
        /// arguments are no longer borrowed); it is sent when this future is first polled.
        #[must_use = "the request is sent only when this future is awaited"]
        pub struct ResponseFuture<'a, T> {
            reply: ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Result<Reply, Error>> + Send + 'a>>,
            decode: fn(Reply, ParseErrorBody) -> Result<T, Error>,
            errors: ParseErrorBody,
        }

        impl<T> ::std::future::Future for ResponseFuture<'_, T> {
            type Output = Result<T, Error>;

            fn poll(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Self::Output> {
                let this = self.get_mut();
                match this.reply.as_mut().poll(cx) {
                    ::std::task::Poll::Ready(Ok(reply)) => ::std::task::Poll::Ready((this.decode)(reply, this.errors)),
                    ::std::task::Poll::Ready(Err(error)) => ::std::task::Poll::Ready(Err(error)),
                    ::std::task::Poll::Pending => ::std::task::Poll::Pending,
                }
            }
        }

        impl<T> ::std::fmt::Debug for ResponseFuture<'_, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ResponseFuture").finish_non_exhaustive()
            }
        }

        impl Client {
            /// The future every operation method returns. The sending is one boxed future
            /// shared by all operations, and the decoding a plain function: no operation has
            /// an `async` body of its own, which keeps large clients quick to compile.
            fn send<T>(
                &self,
                request: Result<reqwest::RequestBuilder, Error>,
                call: &'static Call,
                decode: fn(Reply, ParseErrorBody) -> Result<T, Error>,
                errors: ParseErrorBody,
            ) -> ResponseFuture<'_, T> {
                ResponseFuture {
                    reply: Box::pin(async move { self.execute(request?, call).await }),
                    decode,
                    errors,
                }
            }

            /// Sends a request with credentials, retries and tracing, and reads the reply.
            async fn execute(&self, request: reqwest::RequestBuilder, call: &Call) -> Result<Reply, Error> {
                use tracing::Instrument as _;
                let span = tracing::debug_span!(target: #crate_target, "request", method = call.method, path = call.path);
                async {
                    let request = if call.authenticated { self.credentials.apply(request) } else { request };
                    let mut delays = self.retry.schedule();
                    let mut attempt: u32 = 1;
                    let mut next = Some(request);
                    while let Some(current) = next.take() {
                        let started = ::std::time::Instant::now();
                        // A body that cannot be replayed (a stream) is sent once.
                        let sending = match current.try_clone() {
                            Some(copy) => {
                                next = Some(current);
                                copy
                            }
                            None => current,
                        };
                        let replayable = next.is_some();
                        match sending.send().await {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                let headers = response.headers().clone();
                                self.remember_rate_limit(&headers);
                                tracing::debug!(target: #crate_target, status, attempt, elapsed_ms = started.elapsed().as_millis() as u64, "response");
                                if replayable && self.retry.retries_status(status, call.idempotent) {
                                    let advised = support::retry_after(&headers);
                                    if let Some(delay) = next_delay(&mut delays, advised, self.retry.max_delay) {
                                        tracing::warn!(target: #crate_target, status, attempt, delay_ms = delay.as_millis() as u64, "retrying");
                                        tokio::time::sleep(delay).await;
                                        attempt += 1;
                                        continue;
                                    }
                                }
                                let body = response.bytes().await.map_err(support::request_error)?;
                                return Ok(Reply { status, headers, body: body.into() });
                            }
                            Err(error) => {
                                // The URL may carry a query-string API key: never log it.
                                let error = error.without_url();
                                tracing::debug!(target: #crate_target, attempt, elapsed_ms = started.elapsed().as_millis() as u64, error = %error, "no response");
                                if replayable && self.retry.retries_error(&error, call.idempotent)
                                    && let Some(delay) = next_delay(&mut delays, None, self.retry.max_delay)
                                {
                                    tracing::warn!(target: #crate_target, attempt, delay_ms = delay.as_millis() as u64, "retrying");
                                    tokio::time::sleep(delay).await;
                                    attempt += 1;
                                    continue;
                                }
                                return Err(support::request_error(error));
                            }
                        }
                    }
                    Err(Error::InvalidRequest("the request could not be sent again".to_owned()))
                }
                .instrument(span)
                .await
            }

            fn remember_rate_limit(&self, headers: &reqwest::header::HeaderMap) {
                if let Some(limit) = support::rate_limit(headers)
                    && let Ok(mut last) = self.rate_limit.lock()
                {
                    *last = Some(limit);
                }
            }

            /// The rate-limit headers of the latest response any clone of this client received
            /// (success or error), e.g. HubSpot's `X-HubSpot-RateLimit-Remaining`.
            pub fn rate_limit(&self) -> Option<RateLimit> {
                self.rate_limit.lock().ok().and_then(|last| last.clone())
            }
        }

        /// The next wait: the backoff step, or the server's advice when longer; `None` when
        /// attempts are used up or the advice exceeds the longest wait allowed.
        fn next_delay(schedule: &mut impl Iterator<Item = Duration>, advised: Option<Duration>, max_delay: Duration) -> Option<Duration> {
            let backoff = schedule.next()?;
            match advised {
                Some(advised) if advised > max_delay => None,
                Some(advised) => Some(advised.max(backoff).min(max_delay)),
                None => Some(backoff.min(max_delay)),
            }
        }
    }
}

/// The `Reply` methods the operations use, for operations whose successes all decode alike:
/// any 2xx status is a success, any other an error.
fn reply_methods(needs: &Needs) -> TokenStream {
    // (wanted, signature after `fn`, the value of a success)
    let kinds = [
        (
            needs.reply_json,
            quote!(json<T: ::serde::de::DeserializeOwned>(self, errors: ParseErrorBody) -> Result<T, Error>),
            quote!(support::decode_json(self.status, &self.body)),
        ),
        (
            needs.reply_empty,
            quote!(empty(self, errors: ParseErrorBody) -> Result<(), Error>),
            quote!(Ok(())),
        ),
        (
            needs.reply_text,
            quote!(text(self, errors: ParseErrorBody) -> Result<String, Error>),
            quote!(Ok(support::decode_text(&self.body))),
        ),
        (
            needs.reply_bytes,
            quote!(bytes(self, errors: ParseErrorBody) -> Result<Vec<u8>, Error>),
            quote!(Ok(self.body)),
        ),
    ];
    let methods: Vec<TokenStream> = kinds
        .into_iter()
        .filter(|(wanted, _, _)| *wanted)
        .map(|(_, signature, success)| {
            quote! {
                fn #signature {
                    if !self.is_success() {
                        return Err(self.into_error(errors));
                    }
                    #success
                }
            }
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl Reply {
            fn is_success(&self) -> bool {
                (200..=299).contains(&self.status)
            }

            fn into_error(self, errors: ParseErrorBody) -> Error {
                support::status_error(self.status, &self.headers, &self.body, errors)
            }

            #(#methods)*
        }
    }
}
