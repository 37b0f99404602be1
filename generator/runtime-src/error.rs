//! The errors of API calls: one `Error<B>` for every generated crate, generic over the
//! enum of error bodies the spec declares (the generated crate's `ErrorBody`).

use std::fmt;
use std::time::Duration;

use super::hooks::BoxError;
use super::rate_limit::RateLimit;

/// What a generated `ErrorBody` enum provides: a variant for bodies the spec does not
/// declare, and the human-readable message of those it does.
pub trait Body: fmt::Debug + Send + Sync + 'static {
    /// A body that is not one the spec declares for its status (or is not JSON), as text.
    fn raw(text: String) -> Self;

    /// The human-readable message of the error, when the body has one.
    fn message(&self) -> Option<&str>;
}

/// Everything a call can fail with. `B` is the generated crate's `ErrorBody`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<B> {
    /// The request could not be built: a bad base URL or header value, a body that
    /// cannot be encoded, or a client that could not be configured.
    InvalidRequest(String),
    /// The request could not be sent, or no complete response arrived; the cause is the
    /// [`source`](std::error::Error::source).
    Request(reqwest::Error),
    /// The server answered with a status the operation does not treat as success.
    Status(Box<StatusError<B>>),
    /// A success response whose body does not match the spec.
    Decode(Box<DecodeError>),
    /// The request body breaks limits the spec sets (`maxItems`, `maxLength`,
    /// `pattern`, `minimum`, …); nothing was sent. One entry per problem, each naming
    /// the field, e.g. ``inputs: 150 items, at most 100``.
    Validation(Vec<String>),
    /// The server's rate limit stops the call and waiting within it would not help (the
    /// daily budget is spent): returned without retrying, or without sending at all.
    RateLimited(Box<RateLimitedError>),
    /// A hook's `before_request` refused the request; nothing was sent. The hook's error
    /// is the [`source`](std::error::Error::source).
    Hook(BoxError),
    /// The token source could not supply or refresh a token; its error is the
    /// [`source`](std::error::Error::source).
    Token(BoxError),
}

impl<B> Error<B> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::Request(e) => e.status().map(|s| s.as_u16()),
            Self::RateLimited(e) => e.status,
            Self::InvalidRequest(_) | Self::Validation(_) | Self::Hook(_) | Self::Token(_) => None,
        }
    }

    /// The rate-limit headers of the error response, when there was one.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Self::Status(e) => e.rate_limit.as_ref(),
            Self::RateLimited(e) => e.rate_limit.as_ref(),
            _ => None,
        }
    }

    /// A transport error, without its URL: the URL may carry a query-string API key.
    pub fn request(error: reqwest::Error) -> Self {
        Self::Request(error.without_url())
    }
}

impl<B: Body> fmt::Display for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            // The cause is the source: printed once by whoever walks the chain.
            Self::Request(_) => f.write_str("the request could not be sent"),
            Self::Status(e) => fmt::Display::fmt(e, f),
            Self::Decode(e) => fmt::Display::fmt(e, f),
            Self::Validation(problems) => {
                write!(
                    f,
                    "the request breaks the spec's limits: {}",
                    problems.join("; ")
                )
            }
            Self::RateLimited(e) => fmt::Display::fmt(e, f),
            Self::Hook(_) => f.write_str("a request hook refused the request"),
            Self::Token(_) => f.write_str("the token source failed"),
        }
    }
}

impl<B: Body> std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(e) => Some(e),
            // `Status` and `Decode` display as their inner error, so the chain goes on
            // from the inner error's source rather than repeating it.
            Self::Status(e) => std::error::Error::source(&**e),
            Self::Decode(e) => std::error::Error::source(&**e),
            Self::Hook(e) | Self::Token(e) => Some(&**e),
            Self::InvalidRequest(_) | Self::Validation(_) | Self::RateLimited(_) => None,
        }
    }
}

/// Why a request could not be built: what the encoders and the checks of request bodies
/// fail with. It becomes an [`Error`] with `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// A value that cannot be encoded; becomes [`Error::InvalidRequest`].
    Invalid(String),
    /// The problems the checks found; becomes [`Error::Validation`].
    Validation(Vec<String>),
}

impl<B> From<BuildError> for Error<B> {
    fn from(error: BuildError) -> Self {
        match error {
            BuildError::Invalid(message) => Self::InvalidRequest(message),
            BuildError::Validation(problems) => Self::Validation(problems),
        }
    }
}

/// A response with a non-success status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusError<B> {
    /// The HTTP status code.
    pub status: u16,
    /// The body, decoded into the type the spec gives for this status when it fits.
    pub body: B,
    /// The rate-limit headers of the response.
    pub rate_limit: Option<RateLimit>,
    /// How long the server asked to wait (`Retry-After`), when it did.
    pub retry_after: Option<Duration>,
}

impl<B: Body> fmt::Display for StatusError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered HTTP {}", self.status)?;
        if let Some(message) = self.body.message() {
            write!(f, ": {message}")?;
        }
        match self.retry_after {
            Some(wait) => write!(f, " (retry after {} s)", wait.as_secs()),
            None => Ok(()),
        }
    }
}

impl<B: Body> std::error::Error for StatusError<B> {}

/// Which limit a [`RateLimitedError`] hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitScope {
    /// The daily budget: a 429 naming a daily policy, or a response saying none remain
    /// today.
    Daily,
}

/// A call stopped by the server's rate limit without retrying.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitedError {
    /// The limit hit.
    pub scope: RateLimitScope,
    /// The status of the response, or `None` when the client refused the call without
    /// sending it (the server had already said the budget is spent).
    pub status: Option<u16>,
    /// The policy the server named (e.g. `DAILY`), when it did.
    pub policy: Option<String>,
    /// How long the server asked to wait (`Retry-After`), when it did.
    pub retry_after: Option<Duration>,
    /// The rate-limit headers of the response, when there was one.
    pub rate_limit: Option<RateLimit>,
}

impl RateLimitedError {
    /// The daily budget is spent.
    pub fn daily(status: Option<u16>) -> Self {
        Self {
            scope: RateLimitScope::Daily,
            status,
            policy: None,
            retry_after: None,
            rate_limit: None,
        }
    }
}

impl fmt::Display for RateLimitedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "the server answered HTTP {status}: ")?,
            None => f.write_str("not sent: ")?,
        }
        f.write_str("the daily rate limit is reached")?;
        match self.retry_after {
            Some(wait) => write!(f, " (retry after {} s)", wait.as_secs()),
            None => Ok(()),
        }
    }
}

impl std::error::Error for RateLimitedError {}

/// A success response whose body could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// Where in the body decoding failed, e.g. `errors[0].errors[0].context`.
    pub path: String,
    /// The body as received (lossily as UTF-8).
    pub body: String,
    /// The decoder's error.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the HTTP {} response at `{}`: {}",
            self.status, self.path, self.source
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
