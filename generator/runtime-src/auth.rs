//! Credentials: secrets set on a client builder and sent with every authenticated request.
//! No `Debug` output and no error message ever contains a secret.

use std::fmt;

use reqwest::RequestBuilder;
use reqwest::header::{HeaderName, HeaderValue};

use super::error::BuildError;

/// How a credential is sent.
#[derive(Clone, PartialEq, Eq)]
enum Place {
    /// In the header of this (lower-case) name.
    Header(&'static str),
    /// As this query parameter.
    Query(&'static str),
    /// As HTTP basic credentials: the secret is the password.
    Basic {
        /// The user name, which is no secret.
        username: String,
    },
}

/// A credential as configured on a builder. Never printed.
#[derive(Clone)]
pub struct Secret {
    place: Place,
    value: String,
}

impl Secret {
    /// A header carrying a secret, e.g. `authorization: Bearer <token>`.
    pub fn header(name: &'static str, value: impl Into<String>) -> Self {
        Self {
            place: Place::Header(name),
            value: value.into(),
        }
    }

    /// A query parameter carrying a secret (an API key in the URL).
    pub fn query(name: &'static str, value: impl Into<String>) -> Self {
        Self {
            place: Place::Query(name),
            value: value.into(),
        }
    }

    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            place: Place::Basic {
                username: username.into(),
            },
            value: password.into(),
        }
    }

    /// Whether the two are sent the same way, so that the later one replaces the earlier.
    fn same_slot(&self, other: &Self) -> bool {
        match (&self.place, &other.place) {
            (Place::Basic { .. }, Place::Basic { .. }) => true,
            // Basic credentials travel in `authorization` too.
            (Place::Basic { .. }, Place::Header(name))
            | (Place::Header(name), Place::Basic { .. }) => *name == "authorization",
            (a, b) => a == b,
        }
    }

    fn name(&self) -> &str {
        match &self.place {
            Place::Header(name) | Place::Query(name) => name,
            Place::Basic { .. } => "authorization",
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: <redacted>", self.name())
    }
}

/// Adds `secret` to `secrets`, replacing an earlier one sent the same way.
pub fn set_secret(secrets: &mut Vec<Secret>, secret: Secret) {
    secrets.retain(|s| !s.same_slot(&secret));
    secrets.push(secret);
}

/// Credentials ready to send: header values marked sensitive, query parameters, basic
/// credentials.
#[derive(Clone, Default)]
pub struct Credentials {
    headers: Vec<(HeaderName, HeaderValue)>,
    query: Vec<(&'static str, String)>,
    basic: Option<(String, String)>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .chain(self.query.iter().map(|(name, _)| *name))
            .chain(self.basic.as_ref().map(|_| "authorization (basic)"))
            .collect();
        write!(f, "Credentials({names:?}, values redacted)")
    }
}

impl Credentials {
    /// Checks every secret can be sent; the error never repeats the secret.
    pub fn new(secrets: Vec<Secret>) -> Result<Self, BuildError> {
        let mut credentials = Self::default();
        for secret in secrets {
            match secret.place {
                Place::Query(name) => credentials.query.push((name, secret.value)),
                Place::Basic { username } => credentials.basic = Some((username, secret.value)),
                Place::Header(name) => {
                    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        BuildError::Invalid(format!("`{name}` is not a valid header name"))
                    })?;
                    let mut value = HeaderValue::from_str(&secret.value).map_err(|_| {
                        BuildError::Invalid(format!(
                            "the credential for `{name}` contains characters that cannot be sent in a header"
                        ))
                    })?;
                    value.set_sensitive(true);
                    credentials.headers.push((header, value));
                }
            }
        }
        Ok(credentials)
    }

    /// Adds the credentials to a request.
    pub fn apply(&self, mut request: RequestBuilder) -> RequestBuilder {
        for (name, value) in &self.headers {
            request = request.header(name.clone(), value.clone());
        }
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        if let Some((username, password)) = &self.basic {
            // reqwest base64-encodes the pair and marks the header sensitive.
            request = request.basic_auth(username, Some(password));
        }
        request
    }
}
