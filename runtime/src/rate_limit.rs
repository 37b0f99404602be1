//! Rate-limit headers: which response headers tell how many requests are left, read
//! through one table so that another API's names are one more row.

use reqwest::header::HeaderMap;

/// Rate-limit headers of a response: HubSpot's `X-HubSpot-RateLimit-*` or the common
/// `X-RateLimit-*` / IETF `RateLimit-*` names. Fields the response did not send are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per interval (`X-HubSpot-RateLimit-Max`, `X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in the current interval (`…-Remaining`).
    pub remaining: Option<u64>,
    /// The interval in milliseconds (`X-HubSpot-RateLimit-Interval-Milliseconds`).
    pub interval_ms: Option<u64>,
    /// Requests allowed per day (`X-HubSpot-RateLimit-Daily`).
    pub daily: Option<u64>,
    /// Requests left today (`X-HubSpot-RateLimit-Daily-Remaining`).
    pub daily_remaining: Option<u64>,
    /// Seconds until the current window resets (the IETF `RateLimit-Reset`).
    pub reset_secs: Option<u64>,
}

/// A field of [`RateLimit`].
#[derive(Debug, Clone, Copy)]
enum Field {
    Limit,
    Remaining,
    IntervalMs,
    Daily,
    DailyRemaining,
    ResetSecs,
}

/// The headers read, lower-case, and the field each fills. For a field several headers
/// fill, the first one a response sends wins, so vendor names come before generic ones.
const HEADERS: &[(&str, Field)] = &[
    ("x-hubspot-ratelimit-max", Field::Limit),
    ("x-ratelimit-limit", Field::Limit),
    ("ratelimit-limit", Field::Limit),
    ("x-hubspot-ratelimit-remaining", Field::Remaining),
    ("x-ratelimit-remaining", Field::Remaining),
    ("ratelimit-remaining", Field::Remaining),
    (
        "x-hubspot-ratelimit-interval-milliseconds",
        Field::IntervalMs,
    ),
    ("x-hubspot-ratelimit-daily", Field::Daily),
    ("x-hubspot-ratelimit-daily-remaining", Field::DailyRemaining),
    // Delta seconds in the IETF draft; `X-RateLimit-Reset` is left out, since some APIs send
    // an epoch timestamp under that name.
    ("ratelimit-reset", Field::ResetSecs),
];

impl RateLimit {
    /// The rate-limit headers of a response, if it sent any; values that are not whole
    /// numbers are ignored.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let mut limit = Self::default();
        for (name, field) in HEADERS {
            let slot = limit.slot(*field);
            if slot.is_none() {
                *slot = headers
                    .get(*name)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|text| text.trim().parse().ok());
            }
        }
        (limit != Self::default()).then_some(limit)
    }

    fn slot(&mut self, field: Field) -> &mut Option<u64> {
        match field {
            Field::Limit => &mut self.limit,
            Field::Remaining => &mut self.remaining,
            Field::IntervalMs => &mut self.interval_ms,
            Field::Daily => &mut self.daily,
            Field::DailyRemaining => &mut self.daily_remaining,
            Field::ResetSecs => &mut self.reset_secs,
        }
    }
}
