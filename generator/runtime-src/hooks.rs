//! Hooks around every request, and tokens fetched per request.
//!
//! [`Hooks`] see each attempt's final request (after credentials are applied) and may change
//! it (add headers, sign it), and are told about each response; [`TokenSource`] supplies the
//! bearer token per request, so a token refreshed elsewhere is used without rebuilding the
//! client, and is asked to refresh it after a 401.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Any error a hook or token source fails with; the call's `Error` carries it as its source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A boxed future, so that [`TokenSource`] stays object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What [`Hooks::after_response`] learns about a response. Never the credentials or the
/// bodies.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseInfo {
    /// The HTTP method, upper-case.
    pub method: &'static str,
    /// The operation's path template, e.g. `/crm/v3/objects/orders/{orderId}`.
    pub path: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The time from sending the request to receiving the response headers.
    pub elapsed: Duration,
}

/// Code run around every attempt of every call. Both methods do nothing by default.
pub trait Hooks: Send + Sync + 'static {
    /// Called with the final request of each attempt, just before it is sent: add headers,
    /// sign it, observe it. An error stops the call (nothing is sent) with the client's
    /// `Error::Hook`.
    fn before_request(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let _ = request;
        Ok(())
    }

    /// Called after each response's headers arrive, retried ones included.
    fn after_response(&self, info: &ResponseInfo) {
        let _ = info;
    }
}

/// A source of bearer tokens (e.g. OAuth access tokens), asked once per request.
pub trait TokenSource: Send + Sync + 'static {
    /// The token to send now. An error stops the call with the client's `Error::Token`.
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>>;

    /// Called after a 401: obtain a new token if possible. `Ok(true)` means a new token is
    /// available, and the request is sent once more with it; `Ok(false)` returns the 401.
    fn refresh(&self) -> BoxFuture<'_, Result<bool, BoxError>>;
}
