//! When a failed request is sent again, and how long to wait first.
//!
//! - 429 and 503 are retried for every method (the server answered before processing);
//!   502 and 504 (and 500 when `retry_server_errors`) only for idempotent methods, unless
//!   `retry_non_idempotent` opts in (e.g. for batch POSTs known to be safe);
//! - connection failures (nothing reached the server) are retried for every method,
//!   timeouts only where a repeat is safe;
//! - the delay is an exponential backoff with jitter (the `backon` crate's schedule), or the
//!   server's `Retry-After` (seconds or HTTP-date) when that is longer, capped by
//!   `max_delay`; a `Retry-After` beyond `max_delay` is not waited for: the error is returned
//!   at once, with the advice in it.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

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
        Self {
            max_attempts: 1,
            ..Self::default()
        }
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

    /// Whether a response with this status is worth sending again.
    pub fn retries_status(&self, status: u16, idempotent: bool) -> bool {
        let repeat_is_safe = idempotent || self.retry_non_idempotent;
        match status {
            429 | 503 => true,
            502 | 504 => repeat_is_safe,
            500 => self.retry_server_errors && repeat_is_safe,
            _ => false,
        }
    }

    /// Whether a request that got no response is worth sending again.
    pub fn retries_error(&self, error: &reqwest::Error, idempotent: bool) -> bool {
        error.is_connect()
            || ((error.is_timeout() || error.is_request())
                && (idempotent || self.retry_non_idempotent))
    }

    /// The backoff delays, one per retry allowed.
    pub fn schedule(&self) -> impl Iterator<Item = Duration> + use<> {
        use backon::BackoffBuilder as _;
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .with_jitter()
            .build()
    }
}

/// The next wait: the backoff step, or the server's advice when longer; `None` when
/// attempts are used up or the advice exceeds the longest wait allowed.
pub fn next_delay(
    schedule: &mut impl Iterator<Item = Duration>,
    advised: Option<Duration>,
    max_delay: Duration,
) -> Option<Duration> {
    let backoff = schedule.next()?;
    match advised {
        Some(advised) if advised > max_delay => None,
        Some(advised) => Some(advised.max(backoff).min(max_delay)),
        None => Some(backoff.min(max_delay)),
    }
}

/// `Retry-After` as a wait: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); a date in
/// the past is no wait.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// [`retry_after`] as seen at `now`.
pub fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = SystemTime::from(chrono::DateTime::parse_from_rfc2822(text).ok()?);
    Some(at.duration_since(now).unwrap_or_default())
}
