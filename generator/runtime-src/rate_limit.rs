//! Rate-limit headers: which response headers tell how many requests are left, read
//! through one table so that another API's names are one more row.
//!
//! Most names hold one whole number each. The current IETF draft
//! (draft-ietf-httpapi-ratelimit-headers, 07 and later) instead sends two Structured Fields
//! (RFC 9651 lists of items with parameters):
//!
//! - `RateLimit-Policy: "burst";q=100;w=60, "daily";q=1000;w=86400`: each policy's quota
//!   `q` per window of `w` seconds (and a quota unit `qu`, a partition key `pk`, …);
//! - `RateLimit: "burst";r=50;t=30`: the quota left `r` under a policy, and `t`, the
//!   seconds within which no more than that may be used.
//!
//! These are read by the small parser at the end of this file, which knows just the part of
//! RFC 9651 these fields use (lists, items, parameters; every bare item type is recognised,
//! only integers, strings and tokens are kept), and never panics: a field value that is not
//! a well-formed list is ignored whole, as RFC 9651 asks, and an item that lacks what it
//! needs (a name, a non-negative whole `r` or `q`) is skipped.

use std::cmp::Reverse;
use std::collections::HashMap;

use reqwest::header::HeaderMap;

/// Rate-limit headers of a response: HubSpot's `X-HubSpot-RateLimit-*`, the common
/// `X-RateLimit-*`, the IETF `RateLimit` / `RateLimit-Policy` fields, or the older IETF
/// draft's `RateLimit-Limit/-Remaining/-Reset`. Fields the response did not send are `None`.
///
/// From the IETF `RateLimit` field, the item with the least quota left is read (the most
/// constraining one; of equals, the one with the longest reset), with the `RateLimit-Policy`
/// item of the same name; without a `RateLimit` field, the policy allowing the fewest
/// requests per second. Policies counting other units than requests (`qu="content-bytes"`,
/// …), and the items naming them, are not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per interval (`X-HubSpot-RateLimit-Max`, the IETF policy's `q`,
    /// `X-RateLimit-Limit`, `RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Requests left in the current interval (`…-Remaining`, the IETF `RateLimit`'s `r`).
    pub remaining: Option<u64>,
    /// The interval in milliseconds (`X-HubSpot-RateLimit-Interval-Milliseconds`, the IETF
    /// policy's `w`).
    pub interval_ms: Option<u64>,
    /// Requests allowed per day (`X-HubSpot-RateLimit-Daily`).
    pub daily: Option<u64>,
    /// Requests left today (`X-HubSpot-RateLimit-Daily-Remaining`).
    pub daily_remaining: Option<u64>,
    /// Seconds until the current window resets (the IETF `RateLimit`'s `t`, or the older
    /// `RateLimit-Reset`).
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

/// Where a field's value is read from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A header holding one whole number; the name is lower-case.
    Number(&'static str),
    /// The IETF `RateLimit` and `RateLimit-Policy` structured fields.
    Structured,
}

use Source::{Number, Structured};

/// The sources read, and the field each fills. For a field several sources fill, the first
/// one a response sends wins, so vendor names come before standard ones, and those before
/// the older generic ones.
const HEADERS: &[(Source, Field)] = &[
    (Number("x-hubspot-ratelimit-max"), Field::Limit),
    (Structured, Field::Limit),
    (Number("x-ratelimit-limit"), Field::Limit),
    (Number("ratelimit-limit"), Field::Limit),
    (Number("x-hubspot-ratelimit-remaining"), Field::Remaining),
    (Structured, Field::Remaining),
    (Number("x-ratelimit-remaining"), Field::Remaining),
    (Number("ratelimit-remaining"), Field::Remaining),
    (
        Number("x-hubspot-ratelimit-interval-milliseconds"),
        Field::IntervalMs,
    ),
    (Structured, Field::IntervalMs),
    (Number("x-hubspot-ratelimit-daily"), Field::Daily),
    (
        Number("x-hubspot-ratelimit-daily-remaining"),
        Field::DailyRemaining,
    ),
    (Structured, Field::ResetSecs),
    // Delta seconds in the older IETF draft; `X-RateLimit-Reset` is left out, since some
    // APIs send an epoch timestamp under that name.
    (Number("ratelimit-reset"), Field::ResetSecs),
];

impl RateLimit {
    /// The rate-limit headers of a response, if it sent any; values that are not whole
    /// numbers (or, for the IETF structured fields, not well-formed) are ignored.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let mut structured = structured(headers);
        let mut limit = Self::default();
        for (source, field) in HEADERS {
            let slot = limit.slot(*field);
            if slot.is_none() {
                *slot = match source {
                    Number(name) => headers
                        .get(*name)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|text| text.trim().parse().ok()),
                    Structured => *structured.slot(*field),
                };
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

/// An item of the IETF `RateLimit` field: the quota left under a policy.
struct ServiceLimit {
    policy: String,
    /// `r`.
    remaining: u64,
    /// `t`, in seconds.
    reset: Option<u64>,
}

/// An item of the IETF `RateLimit-Policy` field.
struct QuotaPolicy {
    name: String,
    /// `q`.
    quota: u64,
    /// `w`, in seconds; never zero.
    window: Option<u64>,
    /// Whether the quota counts requests (`qu` absent or `"requests"`).
    requests: bool,
}

/// What the IETF `RateLimit` and `RateLimit-Policy` fields say, as the fields of a
/// [`RateLimit`] (limit, remaining, interval and reset only).
fn structured(headers: &HeaderMap) -> RateLimit {
    let policies: Vec<QuotaPolicy> = list(headers, "ratelimit-policy")
        .iter()
        .filter_map(QuotaPolicy::from_item)
        .collect();
    // By name, the first of a repeated name counting; a map, so that a hostile field with
    // thousands of items and policies costs no more than reading them.
    let mut by_name = HashMap::new();
    for policy in &policies {
        by_name.entry(policy.name.as_str()).or_insert(policy);
    }
    let named = |name: &str| by_name.get(name).copied();
    let current = list(headers, "ratelimit")
        .iter()
        .filter_map(ServiceLimit::from_item)
        .filter(|item| named(&item.policy).is_none_or(|policy| policy.requests))
        .min_by_key(|item| (item.remaining, Reverse(item.reset)));
    let policy = match &current {
        Some(current) => named(&current.policy),
        // No current limit: the policy allowing the fewest requests per second. Quotas
        // without a window only give a limit, so any windowed one comes first.
        None => policies
            .iter()
            .filter(|policy| policy.requests)
            .min_by(|a, b| match (a.window, b.window) {
                (Some(wa), Some(wb)) => (u128::from(a.quota) * u128::from(wb))
                    .cmp(&(u128::from(b.quota) * u128::from(wa))),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }),
    };
    RateLimit {
        limit: policy.map(|policy| policy.quota),
        remaining: current.as_ref().map(|current| current.remaining),
        interval_ms: policy
            .and_then(|policy| policy.window)
            .map(|seconds| seconds.saturating_mul(1000)),
        reset_secs: current.and_then(|current| current.reset),
        ..RateLimit::default()
    }
}

impl ServiceLimit {
    fn from_item(item: &Item) -> Option<Self> {
        Some(Self {
            policy: item.value.text()?.to_owned(),
            remaining: item.param("r")?.non_negative()?,
            reset: item.param("t").and_then(Bare::non_negative),
        })
    }
}

impl QuotaPolicy {
    fn from_item(item: &Item) -> Option<Self> {
        Some(Self {
            name: item.value.text()?.to_owned(),
            quota: item.param("q")?.non_negative()?,
            window: item
                .param("w")
                .and_then(Bare::non_negative)
                .filter(|seconds| *seconds > 0),
            requests: item
                .param("qu")
                .and_then(Bare::text)
                .is_none_or(|unit| unit == "requests"),
        })
    }
}

/// The members of a List field, over all the field's lines; empty when it is absent or
/// not a well-formed list.
fn list(headers: &HeaderMap, name: &str) -> Vec<Item> {
    let mut input = Vec::new();
    for line in headers.get_all(name) {
        let line = line.as_bytes().trim_ascii();
        if !line.is_empty() {
            if !input.is_empty() {
                input.extend_from_slice(b", ");
            }
            input.extend_from_slice(line);
        }
    }
    Parser {
        input: &input,
        at: 0,
    }
    .list()
    .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Structured Field Values (RFC 9651), as far as List fields go
// ---------------------------------------------------------------------------------------

/// A bare item, as far as the rate-limit fields need it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bare {
    /// An Integer (at most 15 digits, so it always fits).
    Integer(i64),
    /// A String (unescaped) or a Token: the IETF draft names policies with Strings; tokens
    /// are read the same way, so that `default` and `"default"` name one policy.
    Text(String),
    /// A well-formed Decimal, Byte Sequence, Boolean, Date or Display String, or an inner
    /// list in place of an item; nothing here reads them.
    Other,
}

impl Bare {
    fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }

    fn non_negative(&self) -> Option<u64> {
        match self {
            Self::Integer(n) => u64::try_from(*n).ok(),
            _ => None,
        }
    }
}

/// A list member with its parameters.
#[derive(Debug)]
struct Item {
    value: Bare,
    params: Vec<(String, Bare)>,
}

impl Item {
    /// The parameter's value; of repeated keys the last counts, as in RFC 9651.
    fn param(&self, key: &str) -> Option<&Bare> {
        self.params
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

/// A parser of a List field value (RFC 9651, section 4.2); every method returns `None`
/// where the input is not well-formed.
struct Parser<'a> {
    input: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip(&mut self, space: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&space) {
            self.at += 1;
        }
    }

    fn list(mut self) -> Option<Vec<Item>> {
        let mut members = Vec::new();
        self.skip(|b| b == b' ');
        while self.peek().is_some() {
            members.push(self.member()?);
            self.skip(|b| b == b' ' || b == b'\t');
            if self.peek().is_none() {
                break;
            }
            if !self.eat(b',') {
                return None;
            }
            self.skip(|b| b == b' ' || b == b'\t');
            // A trailing comma.
            self.peek()?;
        }
        Some(members)
    }

    fn member(&mut self) -> Option<Item> {
        let value = if self.eat(b'(') {
            self.inner_list()?;
            Bare::Other
        } else {
            self.bare_item()?
        };
        let params = self.parameters()?;
        Some(Item { value, params })
    }

    /// The rest of an inner list after its `(`, parameters of its items included.
    fn inner_list(&mut self) -> Option<()> {
        loop {
            self.skip(|b| b == b' ');
            if self.eat(b')') {
                return Some(());
            }
            self.bare_item()?;
            self.parameters()?;
            if !matches!(self.peek()?, b' ' | b')') {
                return None;
            }
        }
    }

    fn parameters(&mut self) -> Option<Vec<(String, Bare)>> {
        let mut params = Vec::new();
        while self.eat(b';') {
            self.skip(|b| b == b' ');
            let key = self.key()?;
            // A key without a value is Boolean true.
            let value = if self.eat(b'=') {
                self.bare_item()?
            } else {
                Bare::Other
            };
            params.push((key, value));
        }
        Some(params)
    }

    fn key(&mut self) -> Option<String> {
        let start = self.at;
        if !matches!(self.next()?, b'a'..=b'z' | b'*') {
            return None;
        }
        self.skip(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*'));
        Some(String::from_utf8_lossy(&self.input[start..self.at]).into_owned())
    }

    fn bare_item(&mut self) -> Option<Bare> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.at += 1;
                self.string().map(Bare::Text)
            }
            b'*' | b'A'..=b'Z' | b'a'..=b'z' => Some(Bare::Text(self.token())),
            b':' => {
                self.at += 1;
                self.skip(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
                self.eat(b':').then_some(Bare::Other)
            }
            b'?' => {
                self.at += 1;
                matches!(self.next()?, b'0' | b'1').then_some(Bare::Other)
            }
            b'@' => {
                self.at += 1;
                matches!(self.number()?, Bare::Integer(_)).then_some(Bare::Other)
            }
            b'%' => {
                self.at += 1;
                self.display_string().then_some(Bare::Other)
            }
            _ => None,
        }
    }

    /// An Integer, or a Decimal (as [`Bare::Other`]).
    fn number(&mut self) -> Option<Bare> {
        let negative = self.eat(b'-');
        let start = self.at;
        self.skip(|b| b.is_ascii_digit());
        let whole = &self.input[start..self.at];
        if whole.is_empty() {
            return None;
        }
        if self.eat(b'.') {
            let start = self.at;
            self.skip(|b| b.is_ascii_digit());
            let fraction = self.at - start;
            return (whole.len() <= 12 && (1..=3).contains(&fraction)).then_some(Bare::Other);
        }
        if whole.len() > 15 {
            return None;
        }
        // At most 15 digits: no overflow.
        let value = whole
            .iter()
            .fold(0_i64, |n, digit| n * 10 + i64::from(digit - b'0'));
        Some(Bare::Integer(if negative { -value } else { value }))
    }

    /// The rest of a String after its opening quote, unescaped.
    fn string(&mut self) -> Option<String> {
        let mut text = String::new();
        loop {
            match self.next()? {
                b'"' => return Some(text),
                b'\\' => match self.next()? {
                    byte @ (b'"' | b'\\') => text.push(char::from(byte)),
                    _ => return None,
                },
                byte @ 0x20..=0x7e => text.push(char::from(byte)),
                _ => return None,
            }
        }
    }

    fn token(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        self.skip(is_token_char);
        String::from_utf8_lossy(&self.input[start..self.at]).into_owned()
    }

    /// Whether the rest of a Display String after its `%` is well-formed (the UTF-8 of its
    /// percent-encoded bytes is not checked: nothing reads it).
    fn display_string(&mut self) -> bool {
        if !self.eat(b'"') {
            return false;
        }
        loop {
            match self.next() {
                Some(b'"') => return true,
                Some(b'%') => {
                    let hex = |b: Option<u8>| matches!(b, Some(b'0'..=b'9' | b'a'..=b'f'));
                    if !(hex(self.next()) && hex(self.next())) {
                        return false;
                    }
                }
                Some(0x20..=0x7e) => {}
                _ => return false,
            }
        }
    }
}

/// Whether a byte may follow the first of a Token (RFC 9651's `tchar`, `:` and `/`).
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&b)
}
