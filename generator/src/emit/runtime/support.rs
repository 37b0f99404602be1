//! The generated private `support` module: encoding of parameters and bodies, decoding of
//! responses, open-enum deserialisation.

use proc_macro2::TokenStream;
use quote::quote;

use super::Needs;
use crate::emit::rust_type::ident;

/// The private `support` module.
pub fn support_module(needs: Needs, raw_error_variant: &str) -> TokenStream {
    let raw = ident(raw_error_variant);
    let mut items = Vec::new();
    if needs.client {
        items.push(quote! {
        use super::error::{Error, ErrorBody, RateLimit, StatusError};

        /// Builds the error for a non-success response; `parse` decodes the body into the
        /// type the spec declares for the status, if it fits.
        pub(crate) fn status_error(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8], parse: fn(u16, &[u8]) -> Option<ErrorBody>) -> Error {
            let body = parse(status, body).unwrap_or_else(|| ErrorBody::#raw(String::from_utf8_lossy(body).into_owned()));
            Error::Status(Box::new(StatusError { status, body, rate_limit: rate_limit(headers), retry_after: retry_after(headers) }))
        }

        /// A transport error without its URL, which may carry a query-string API key.
        pub(crate) fn request_error(error: reqwest::Error) -> Error {
            Error::Request(error.without_url())
        }

        /// `Retry-After` as a wait: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
        pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<::std::time::Duration> {
            let text = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
            if let Ok(seconds) = text.parse::<u64>() {
                return Some(::std::time::Duration::from_secs(seconds));
            }
            let at = chrono::DateTime::parse_from_rfc2822(text).ok()?;
            let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
            Some(wait.to_std().unwrap_or_default())
        }

        /// The rate-limit headers of a response, if it sent any.
        pub(crate) fn rate_limit(headers: &reqwest::header::HeaderMap) -> Option<RateLimit> {
            let number = |names: &[&str]| {
                names.iter().find_map(|name| headers.get(*name)?.to_str().ok()?.trim().parse::<u64>().ok())
            };
            let limit = RateLimit {
                limit: number(&["x-hubspot-ratelimit-max", "x-ratelimit-limit", "ratelimit-limit"]),
                remaining: number(&["x-hubspot-ratelimit-remaining", "x-ratelimit-remaining", "ratelimit-remaining"]),
                interval_ms: number(&["x-hubspot-ratelimit-interval-milliseconds"]),
                daily: number(&["x-hubspot-ratelimit-daily"]),
                daily_remaining: number(&["x-hubspot-ratelimit-daily-remaining"]),
            };
            (limit != RateLimit::default()).then_some(limit)
        }
        });
    }
    if needs.client {
        items.push(quote! {
            /// A credential as configured on the builder: a header (or a query parameter)
            /// carrying a secret. Never printed.
            #[derive(Clone)]
            pub(crate) struct Secret {
                pub(crate) name: &'static str,
                pub(crate) value: String,
                pub(crate) in_query: bool,
            }

            impl ::std::fmt::Debug for Secret {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    write!(f, "{}: <redacted>", self.name)
                }
            }

            /// Credentials ready to send: header values marked sensitive, query parameters.
            #[derive(Clone, Default)]
            pub(crate) struct Credentials {
                headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
                query: Vec<(&'static str, String)>,
            }

            impl ::std::fmt::Debug for Credentials {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).chain(self.query.iter().map(|(name, _)| *name)).collect();
                    write!(f, "Credentials({names:?}, values redacted)")
                }
            }

            impl Credentials {
                /// Checks every secret can be sent; the error never repeats the secret.
                pub(crate) fn new(secrets: Vec<Secret>) -> Result<Self, Error> {
                    let mut credentials = Self::default();
                    for secret in secrets {
                        if secret.in_query {
                            credentials.query.push((secret.name, secret.value));
                            continue;
                        }
                        let name = reqwest::header::HeaderName::from_bytes(secret.name.as_bytes())
                            .map_err(|_| Error::InvalidRequest(format!("`{}` is not a valid header name", secret.name)))?;
                        let mut value = reqwest::header::HeaderValue::from_str(&secret.value)
                            .map_err(|_| Error::InvalidRequest(format!("the credential for `{}` contains characters that cannot be sent in a header", secret.name)))?;
                        value.set_sensitive(true);
                        credentials.headers.push((name, value));
                    }
                    Ok(credentials)
                }

                pub(crate) fn apply(&self, mut request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
                    for (name, value) in &self.headers {
                        request = request.header(name.clone(), value.clone());
                    }
                    if !self.query.is_empty() {
                        request = request.query(&self.query);
                    }
                    request
                }
            }
        });
    }
    if needs.basic_auth {
        items.push(quote! {
            /// Standard base64 with padding (RFC 4648), for HTTP basic credentials.
            pub(crate) fn base64(input: &str) -> String {
                const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let bytes = input.as_bytes();
                let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
                for chunk in bytes.chunks(3) {
                    let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
                    let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                    for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
                        if i <= chunk.len() {
                            out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
                        } else {
                            out.push('=');
                        }
                    }
                }
                out
            }
        });
    }
    if needs.decode_json {
        items.push(quote! {
            /// Decodes a JSON body, naming the path of the first value that does not fit.
            pub(crate) fn decode_json<T: ::serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
                use super::error::DecodeError;
                let failure = |path: String, source: serde_json::Error| {
                    Error::Decode(Box::new(DecodeError { status, path, body: String::from_utf8_lossy(body).into_owned(), source }))
                };
                // The fast path decodes without tracking where it is; only a body that fails is
                // decoded again to name the path of the failure.
                let error = match serde_json::from_slice(body) {
                    Ok(value) => return Ok(value),
                    Err(error) => error,
                };
                let mut deserializer = serde_json::Deserializer::from_slice(body);
                match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                    Err(e) => {
                        let path = e.path().to_string();
                        Err(failure(path, e.into_inner()))
                    }
                    // Trailing characters after a valid value.
                    Ok(_) => Err(failure(".".to_owned(), error)),
                }
            }
        });
    }
    if needs.text {
        items.push(quote! {
            /// A text body; invalid UTF-8 is replaced rather than refused.
            pub(crate) fn decode_text(body: &[u8]) -> String {
                String::from_utf8_lossy(body).into_owned()
            }
        });
    }
    if needs.json_body {
        items.push(quote! {
            /// Sets a JSON body with its content type.
            pub(crate) fn json_body<T: ::serde::Serialize + ?Sized>(request: reqwest::RequestBuilder, content_type: &str, body: &T) -> Result<reqwest::RequestBuilder, Error> {
                let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidRequest(format!("cannot encode the body as JSON: {e}")))?;
                Ok(request.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes))
            }
        });
    }
    if needs.path_params || needs.query || needs.headers || needs.multipart {
        items.push(quote! {
            /// A parameter value as text: strings as they are, everything else as JSON text.
            pub(crate) fn param_text<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Vec<String>, Error> {
                let value = serde_json::to_value(value).map_err(|e| Error::InvalidRequest(format!("cannot encode a parameter: {e}")))?;
                Ok(match value {
                    serde_json::Value::Array(items) => items.into_iter().map(scalar_text).collect(),
                    other => vec![scalar_text(other)],
                })
            }

            fn scalar_text(value: serde_json::Value) -> String {
                match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                }
            }
        });
    }
    if needs.path_params || needs.query || needs.cookies {
        items.push(quote! {
            /// Percent-encodes everything but RFC 3986's unreserved characters, so a value can
            /// never add a path segment, a query parameter or a cookie.
            pub(crate) fn encode(text: &str) -> String {
                let mut out = String::with_capacity(text.len());
                for byte in text.bytes() {
                    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                        out.push(char::from(byte));
                    } else {
                        out.push_str(&format!("%{byte:02X}"));
                    }
                }
                out
            }

            /// A value encoded for a path segment, query value or cookie: array items are
            /// encoded one by one and joined with a literal comma (the `simple`/`form` style).
            pub(crate) fn encoded_values<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
                Ok(param_text(value)?.iter().map(|v| encode(v)).collect::<Vec<_>>().join(","))
            }
        });
    }
    if needs.path_params {
        items.push(quote! {
            /// A path segment: the value percent-encoded so it cannot change the path.
            pub(crate) fn path_param<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
                encoded_values(value)
            }
        });
    }
    if needs.path_label {
        items.push(quote! {
            /// `style: label`: `.a,b`, or `.a.b` exploded.
            pub(crate) fn path_label<T: ::serde::Serialize + ?Sized>(value: &T, explode: bool) -> Result<String, Error> {
                let values: Vec<String> = param_text(value)?.iter().map(|v| encode(v)).collect();
                Ok(format!(".{}", values.join(if explode { "." } else { "," })))
            }
        });
    }
    if needs.path_matrix {
        items.push(quote! {
            /// `style: matrix`: `;id=a,b`, or `;id=a;id=b` exploded.
            pub(crate) fn path_matrix<T: ::serde::Serialize + ?Sized>(name: &str, value: &T, explode: bool) -> Result<String, Error> {
                let name = encode(name);
                let values: Vec<String> = param_text(value)?.iter().map(|v| encode(v)).collect();
                Ok(if explode {
                    values.iter().map(|v| format!(";{name}={v}")).collect()
                } else {
                    format!(";{name}={}", values.join(","))
                })
            }
        });
    }
    if needs.query {
        items.push(quote! {
            /// Adds a query parameter: arrays as repeated pairs (`explode`) or one comma-joined value.
            pub(crate) fn push_query<T: ::serde::Serialize + ?Sized>(query: &mut Vec<String>, name: &str, value: &T, explode: bool) -> Result<(), Error> {
                let name = encode(name);
                if explode {
                    query.extend(param_text(value)?.iter().map(|v| format!("{name}={}", encode(v))));
                } else {
                    query.push(format!("{name}={}", encoded_values(value)?));
                }
                Ok(())
            }
        });
    }
    if needs.deep_object {
        items.push(quote! {
            /// Adds a `deepObject` query parameter: `name[key]=value` for each property.
            pub(crate) fn push_deep_object<T: ::serde::Serialize + ?Sized>(query: &mut Vec<String>, name: &str, value: &T) -> Result<(), Error> {
                let value = serde_json::to_value(value).map_err(|e| Error::InvalidRequest(format!("cannot encode parameter `{name}`: {e}")))?;
                match value {
                    serde_json::Value::Object(map) => {
                        for (key, item) in map {
                            for text in param_text(&item)? {
                                query.push(format!("{}[{}]={}", encode(name), encode(&key), encode(&text)));
                            }
                        }
                        Ok(())
                    }
                    other => push_query(query, name, &other, true),
                }
            }
        });
    }
    if needs.headers {
        items.push(quote! {
            /// A header value; fails on characters HTTP headers cannot carry.
            pub(crate) fn header_value<T: ::serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<reqwest::header::HeaderValue, Error> {
                let text = param_text(value)?.join(",");
                reqwest::header::HeaderValue::from_str(&text).map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` is not a valid header value")))
            }
        });
    }
    if needs.form {
        items.push(quote! {
            /// An `application/x-www-form-urlencoded` body. Top-level arrays repeat the key
            /// (`style: form`, `explode: true`); nested objects and arrays use brackets
            /// (`metadata[key]=v`, `items[0][price]=p`), as Stripe-style APIs expect; nulls
            /// are left out.
            pub(crate) fn form_body<T: ::serde::Serialize + ?Sized>(request: reqwest::RequestBuilder, body: &T) -> Result<reqwest::RequestBuilder, Error> {
                fn flatten(prefix: &str, value: &serde_json::Value, top: bool, out: &mut Vec<String>) {
                    match value {
                        serde_json::Value::Null => {}
                        serde_json::Value::Object(map) => {
                            for (key, item) in map {
                                let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}[{key}]") };
                                flatten(&name, item, prefix.is_empty(), out);
                            }
                        }
                        serde_json::Value::Array(items) => {
                            for (index, item) in items.iter().enumerate() {
                                let nested = item.is_object() || item.is_array();
                                let name = if top && !nested { prefix.to_owned() } else { format!("{prefix}[{index}]") };
                                flatten(&name, item, false, out);
                            }
                        }
                        serde_json::Value::String(text) => out.push(format!("{}={}", encode_form(prefix), encode_form(text))),
                        other => out.push(format!("{}={}", encode_form(prefix), encode_form(&other.to_string()))),
                    }
                }
                fn encode_form(text: &str) -> String {
                    let mut out = String::with_capacity(text.len());
                    for byte in text.bytes() {
                        match byte {
                            b' ' => out.push('+'),
                            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'[' | b']') => out.push(char::from(b)),
                            b => out.push_str(&format!("%{b:02X}")),
                        }
                    }
                    out
                }
                let value = serde_json::to_value(body).map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
                let mut pairs = Vec::new();
                flatten("", &value, true, &mut pairs);
                Ok(request.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(pairs.join("&")))
            }
        });
    }
    if needs.multipart {
        items.push(quote! {
            /// A multipart form with one text part per top-level property.
            pub(crate) fn multipart_form<T: ::serde::Serialize + ?Sized>(body: &T) -> Result<reqwest::multipart::Form, Error> {
                let value = serde_json::to_value(body).map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
                let mut form = reqwest::multipart::Form::new();
                if let serde_json::Value::Object(map) = value {
                    for (key, item) in map {
                        for text in param_text(&item)? {
                            form = form.text(key.clone(), text);
                        }
                    }
                }
                Ok(form)
            }
        });
    }
    let enum_helper = |module: TokenStream,
                       ty: TokenStream,
                       expecting: &str,
                       visit: TokenStream| {
        quote! {
            /// Deserialises an open enum from its wire value without allocating for known values.
            pub(crate) mod #module {
                use ::std::marker::PhantomData;

                pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                    T: for<'a> From<#ty>,
                {
                    struct Visitor<T>(PhantomData<T>);
                    impl<'de, T: for<'a> From<#ty>> ::serde::de::Visitor<'de> for Visitor<T> {
                        type Value = T;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        #visit
                    }
                    deserializer.deserialize_any(Visitor(PhantomData))
                }
            }
        }
    };
    if needs.double_option {
        items.push(quote! {
            /// Reads a present value (even `null`) as `Some`, so that `null` and absent differ.
            pub(crate) fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
            where
                D: ::serde::Deserializer<'de>,
                T: ::serde::Deserialize<'de>,
            {
                <Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        });
    }
    if needs.enum_str {
        items.push(enum_helper(
            quote!(enum_str),
            quote!(&'a str),
            "a string",
            quote! {
                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
                    Ok(T::from(value))
                }
            },
        ));
    }
    if needs.enum_int {
        items.push(enum_helper(
            quote!(enum_int),
            quote!(i64),
            "an integer",
            quote! {
                fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> Result<T, E> {
                    Ok(T::from(value))
                }
                fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<T, E> {
                    i64::try_from(value).map(T::from).map_err(|_| E::custom("integer out of range"))
                }
            },
        ));
    }
    if needs.enum_num {
        items.push(enum_helper(
            quote!(enum_num),
            quote!(f64),
            "a number",
            quote! {
                fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> Result<T, E> {
                    Ok(T::from(value))
                }
                #[allow(clippy::cast_precision_loss)]
                fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> Result<T, E> {
                    Ok(T::from(value as f64))
                }
                #[allow(clippy::cast_precision_loss)]
                fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<T, E> {
                    Ok(T::from(value as f64))
                }
            },
        ));
    }
    quote! { #(#items)* }
}
