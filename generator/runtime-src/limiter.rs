//! A client-side rate limiter, shared by clones of a client: it holds calls back when the
//! server has said its budget is spent (or a budget the user sets is), rather than sending
//! them only to collect 429s.
//!
//! It follows what the server says in every response, read through the table in
//! `rate_limit`: HubSpot's `X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds/
//! -Daily-Remaining`, the IETF `RateLimit` (`r` left, reset in `t` seconds) and
//! `RateLimit-Policy` (`q` per `w` seconds) fields, the common `X-RateLimit-*` and the older
//! IETF `RateLimit-Limit/-Remaining/-Reset`; all of them the same way: none remaining holds
//! calls until the reset (else for the interval), and a limit with an interval tightens a
//! user's budget. It also follows, optionally, a budget the user sets (requests per rolling
//! interval). A 429 whose body names a rolling-window policy
//! holds calls for that window; a daily limit fails calls fast, since waiting within a call
//! would not help.
//!
//! The default follows the server only, and so never delays a call unless the server said
//! its budget is spent: a client that talks to a server without rate-limit headers behaves
//! exactly as without a limiter.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::rate_limit::RateLimit;

/// How long, after the server said the daily budget is spent, calls fail without being
/// sent; then one call goes out to learn whether the day has turned.
pub const DAILY_PROBE_INTERVAL: Duration = Duration::from_secs(60);

/// Rate-limit policies servers name in a 429 body, and what each means. A new API's
/// policy is one more row.
const POLICIES: &[(&str, Policy)] = &[
    (
        "TEN_SECONDLY_ROLLING",
        Policy::Window(Duration::from_secs(10)),
    ),
    ("SECONDLY", Policy::Window(Duration::from_secs(1))),
    ("SECONDLY_ROLLING", Policy::Window(Duration::from_secs(1))),
    ("MINUTELY", Policy::Window(Duration::from_secs(60))),
    ("DAILY", Policy::Daily),
];

/// The keys of a 429's JSON body that name the policy hit (HubSpot: `policyName`); a new
/// API's key is one more row.
const POLICY_KEYS: &[&str] = &["policyName", "policy_name", "policy"];

/// What a named rate-limit policy asks of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Policy {
    /// Wait this long: the window the limit is counted over.
    Window(Duration),
    /// The day's budget is spent: waiting within a call would not help.
    Daily,
}

impl Policy {
    /// The policy a server names (`TEN_SECONDLY_ROLLING`, `DAILY`, …), case-insensitively.
    pub fn named(name: &str) -> Option<Self> {
        POLICIES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name.trim()))
            .map(|(_, policy)| *policy)
    }

    /// The policy a 429's JSON body names under one of the known keys, with the name.
    pub fn from_body(body: &[u8]) -> Option<(String, Self)> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        POLICY_KEYS.iter().find_map(|key| {
            let name = value.get(*key)?.as_str()?;
            Some((name.to_owned(), Self::named(name)?))
        })
    }
}

/// The limiter refuses a call without sending it: the daily budget is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyLimitReached;

/// What the server said about its limits in one response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observed {
    /// Requests allowed per interval.
    pub limit: Option<u64>,
    /// Requests left in the current interval.
    pub remaining: Option<u64>,
    /// The interval.
    pub interval: Option<Duration>,
    /// Requests left today.
    pub daily_remaining: Option<u64>,
    /// The time until the current window resets.
    pub reset: Option<Duration>,
}

impl From<&RateLimit> for Observed {
    fn from(headers: &RateLimit) -> Self {
        Self {
            limit: headers.limit,
            remaining: headers.remaining,
            interval: headers.interval_ms.map(Duration::from_millis),
            daily_remaining: headers.daily_remaining,
            reset: headers.reset_secs.map(Duration::from_secs),
        }
    }
}

/// Client-side rate limiting. Clones share one state, so every clone of a client counts
/// against one budget.
///
/// The default ([`RateLimiter::from_headers`]) follows the server's headers only: it never
/// delays a call unless the server said its budget is spent. [`RateLimiter::budget`] also
/// spaces calls to a fixed budget; [`RateLimiter::disabled`] turns it off.
#[derive(Clone)]
pub struct RateLimiter {
    shared: Arc<Shared>,
}

struct Shared {
    enabled: bool,
    budget: Option<(u64, Duration)>,
    concurrency: Option<(usize, Arc<Semaphore>)>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The window calls are counted against: the user's budget, tightened by the server's
    /// when a budget is set. `None` in header-following mode, where nothing is counted.
    window: Option<(u64, Duration)>,
    /// When calls in the current window were let through, oldest first.
    sent: VecDeque<Instant>,
    /// No call goes out before this (the server said the window's budget is spent).
    blocked_until: Option<Instant>,
    /// Until when calls fail fast because the day's budget is spent.
    daily_until: Option<Instant>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("enabled", &self.shared.enabled)
            .field("budget", &self.shared.budget)
            .field(
                "max_concurrent",
                &self.shared.concurrency.as_ref().map(|(n, _)| n),
            )
            .finish_non_exhaustive()
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::build(true, None, None)
    }
}

impl RateLimiter {
    fn build(
        enabled: bool,
        budget: Option<(u64, Duration)>,
        max_concurrent: Option<usize>,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                enabled,
                budget,
                concurrency: max_concurrent.map(|n| (n, Arc::new(Semaphore::new(n)))),
                state: Mutex::new(State {
                    window: budget,
                    ..State::default()
                }),
            }),
        }
    }

    /// Follows the server's rate-limit headers and 429s only (the default): never delays a
    /// call unless the server said its budget is spent.
    pub fn from_headers() -> Self {
        Self::default()
    }

    /// At most `requests` calls in any `interval` (a rolling window), and fewer when the
    /// server's headers say so.
    pub fn budget(requests: u32, interval: Duration) -> Self {
        let requests = u64::from(requests.max(1));
        Self::build(true, Some((requests, interval)), None)
    }

    /// No client-side limiting: calls go out at once, and a 429 (daily or not) is left to
    /// the retry policy.
    pub fn disabled() -> Self {
        Self::build(false, None, None)
    }

    /// Also allows at most `calls` requests in flight at once (each holds its slot until
    /// its response is read). Configure before cloning: this starts a fresh shared state.
    pub fn with_max_concurrent(self, calls: usize) -> Self {
        Self::build(self.shared.enabled, self.shared.budget, Some(calls.max(1)))
    }

    /// Whether the limiter acts on headers and 429s at all.
    pub fn is_enabled(&self) -> bool {
        self.shared.enabled
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every step leaves the state consistent, so a panic elsewhere does not spoil it.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a call may go out, and counts it. The permit holds a concurrency slot
    /// until dropped.
    pub async fn acquire(&self) -> Result<Permit, DailyLimitReached> {
        let slot = match &self.shared.concurrency {
            // The semaphore is never closed, so acquiring fails never.
            Some((_, semaphore)) => semaphore.clone().acquire_owned().await.ok(),
            None => None,
        };
        if !self.shared.enabled {
            return Ok(Permit { _slot: slot });
        }
        loop {
            let wait = {
                let mut state = self.state();
                let now = Instant::now();
                if let Some(until) = state.daily_until {
                    if now < until {
                        return Err(DailyLimitReached);
                    }
                    // One probe per interval: later calls keep failing fast until a response
                    // shows the day has turned.
                    state.daily_until = Some(now + DAILY_PROBE_INTERVAL);
                }
                match state.wait(now) {
                    None => {
                        if state.window.is_some() {
                            state.sent.push_back(now);
                        }
                        return Ok(Permit { _slot: slot });
                    }
                    Some(wait) => wait,
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes in what a response (of any status) said about the server's limits.
    pub fn observe(&self, status: u16, observed: Observed) {
        if !self.shared.enabled {
            return;
        }
        let mut state = self.state();
        let now = Instant::now();
        if let (Some(budget), Some(limit), Some(interval)) =
            (self.shared.budget, observed.limit, observed.interval)
        {
            let server = (limit.max(1), interval);
            // The tighter of the two rates wins; the server never loosens the user's budget.
            state.window = Some(if rate(budget) <= rate(server) {
                budget
            } else {
                server
            });
        }
        if observed.remaining == Some(0) {
            // The reset time when sent; else the whole interval, which is what a rolling
            // window (HubSpot's) may need.
            let wait = observed
                .reset
                .or(observed.interval)
                .or(state.window.map(|(_, interval)| interval))
                .unwrap_or(Duration::from_secs(1));
            state.block(now, wait);
        }
        match observed.daily_remaining {
            Some(0) => state.daily_until = Some(now + DAILY_PROBE_INTERVAL),
            // A success, or a count left, means the day has turned (or never ran out).
            Some(_) => state.daily_until = None,
            None if (200..300).contains(&status) => state.daily_until = None,
            None => {}
        }
    }

    /// Takes in a 429: holds calls until `retry_after` (when the server sent it), else the
    /// server's reset or interval header, else the window the policy names; or marks the day spent.
    /// Returns what the caller should do: `Window(wait)` to wait before retrying, `Daily`
    /// to fail fast; `None` when nothing is known (or the limiter is disabled), leaving the
    /// 429 to the retry policy.
    pub fn too_many_requests(
        &self,
        policy: Option<Policy>,
        observed: Observed,
        retry_after: Option<Duration>,
    ) -> Option<Policy> {
        if !self.shared.enabled {
            return None;
        }
        let policy = match policy {
            Some(policy) => policy,
            None if observed.daily_remaining == Some(0) => Policy::Daily,
            None => Policy::Window(retry_after.or(observed.reset).or(observed.interval)?),
        };
        let mut state = self.state();
        let now = Instant::now();
        let policy = match policy {
            Policy::Window(window) => {
                let wait = retry_after
                    .or(observed.reset)
                    .or(observed.interval)
                    .unwrap_or(window);
                state.block(now, wait);
                Policy::Window(wait)
            }
            Policy::Daily => {
                state.daily_until = Some(now + DAILY_PROBE_INTERVAL);
                Policy::Daily
            }
        };
        Some(policy)
    }
}

/// Requests per second of a window, for comparing two.
fn rate((requests, interval): (u64, Duration)) -> f64 {
    requests as f64 / interval.as_secs_f64().max(f64::EPSILON)
}

/// The longest a server can hold calls (about 136 years): longer waits, which a hostile or
/// broken header can ask for (`Retry-After: 18446744073709551615`), are cut to this, so that
/// adding them to the clock cannot overflow.
const LONGEST_WAIT: Duration = Duration::from_secs(u32::MAX as u64);

impl State {
    /// Holds calls for `wait` from `now` (at most [`LONGEST_WAIT`]), unless already held longer.
    fn block(&mut self, now: Instant, wait: Duration) {
        let until = now + wait.min(LONGEST_WAIT);
        self.blocked_until = Some(self.blocked_until.map_or(until, |at| at.max(until)));
    }

    /// How long the next call must wait, if at all.
    fn wait(&mut self, now: Instant) -> Option<Duration> {
        if let Some(until) = self.blocked_until {
            if now < until {
                return Some(until - now);
            }
            self.blocked_until = None;
        }
        let (limit, interval) = self.window?;
        while self
            .sent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= interval)
        {
            self.sent.pop_front();
        }
        let full = self.sent.len() as u64 >= limit;
        full.then(|| {
            self.sent
                .front()
                .map_or(interval, |oldest| *oldest + interval - now)
        })
    }
}

/// Leave to send one call; holds a concurrency slot, if there is a cap, until dropped.
#[derive(Debug)]
pub struct Permit {
    _slot: Option<OwnedSemaphorePermit>,
}
