//! Encoding of parameters and request bodies: path segments (`simple`, `label`, `matrix`),
//! query strings (`form`, `deepObject`), headers and cookies, JSON and form bodies.
//!
//! Every value is percent-encoded so that it can never add a path segment, a query
//! parameter or a cookie; the delimiters the styles define (`,` `.` `;` `[` `]`) are
//! written literally around the encoded values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::error::BuildError;

/// Everything but RFC 3986's unreserved characters is encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Form keys keep their brackets (`items[0][price]`); spaces become `+` afterwards.
const FORM: &AsciiSet = &UNRESERVED.remove(b'[').remove(b']').remove(b' ');

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// `application/x-www-form-urlencoded` encoding: like [`encode`], but spaces as `+` and
/// brackets kept.
pub fn encode_form(text: &str) -> String {
    utf8_percent_encode(text, FORM)
        .to_string()
        .replace(' ', "+")
}

fn invalid(what: &str, error: serde_json::Error) -> BuildError {
    BuildError::Invalid(format!("cannot encode {what}: {error}"))
}

/// A parameter value as text: strings as they are, everything else as JSON text; arrays
/// give one text per item.
pub fn param_text<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, BuildError> {
    let value = serde_json::to_value(value).map_err(|e| invalid("a parameter", e))?;
    Ok(match value {
        Value::Array(items) => items.into_iter().map(scalar_text).collect(),
        other => vec![scalar_text(other)],
    })
}

fn scalar_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value encoded for a path segment, query value or cookie: array items are encoded
/// one by one and joined with a literal comma (the `simple`/`form` style).
pub fn encoded_values<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    Ok(param_text(value)?
        .iter()
        .map(|v| encode(v))
        .collect::<Vec<_>>()
        .join(","))
}

/// A path segment (`style: simple`): the value percent-encoded so it cannot change the
/// path.
pub fn path_param<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    encoded_values(value)
}

/// `style: label`: `.a,b`, or `.a.b` exploded.
pub fn path_label<T: Serialize + ?Sized>(value: &T, explode: bool) -> Result<String, BuildError> {
    let values: Vec<String> = param_text(value)?.iter().map(|v| encode(v)).collect();
    Ok(format!(".{}", values.join(if explode { "." } else { "," })))
}

/// `style: matrix`: `;id=a,b`, or `;id=a;id=b` exploded.
pub fn path_matrix<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Result<String, BuildError> {
    let name = encode(name);
    let values: Vec<String> = param_text(value)?.iter().map(|v| encode(v)).collect();
    Ok(if explode {
        values.iter().map(|v| format!(";{name}={v}")).collect()
    } else {
        format!(";{name}={}", values.join(","))
    })
}

/// Adds a query parameter (`style: form`): arrays as repeated pairs (`explode`) or one
/// comma-joined value.
pub fn push_query<T: Serialize + ?Sized>(
    query: &mut Vec<String>,
    name: &str,
    value: &T,
    explode: bool,
) -> Result<(), BuildError> {
    let name = encode(name);
    if explode {
        query.extend(
            param_text(value)?
                .iter()
                .map(|v| format!("{name}={}", encode(v))),
        );
    } else {
        query.push(format!("{name}={}", encoded_values(value)?));
    }
    Ok(())
}

/// Adds a `deepObject` query parameter: `name[key]=value` for each property.
pub fn push_deep_object<T: Serialize + ?Sized>(
    query: &mut Vec<String>,
    name: &str,
    value: &T,
) -> Result<(), BuildError> {
    let value =
        serde_json::to_value(value).map_err(|e| invalid(&format!("parameter `{name}`"), e))?;
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                for text in param_text(&item)? {
                    query.push(format!(
                        "{}[{}]={}",
                        encode(name),
                        encode(&key),
                        encode(&text)
                    ));
                }
            }
            Ok(())
        }
        other => push_query(query, name, &other, true),
    }
}

/// Appends the query string, if any, to `url`.
pub fn with_query(mut url: String, query: &[String]) -> String {
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// A header value; fails on characters HTTP headers cannot carry.
pub fn header_value<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<HeaderValue, BuildError> {
    let text = param_text(value)?.join(",");
    HeaderValue::from_str(&text).map_err(|_| {
        BuildError::Invalid(format!(
            "the value of header `{name}` is not a valid header value"
        ))
    })
}

/// Adds a cookie (`name=value`, the value encoded) to the cookie list.
pub fn push_cookie<T: Serialize + ?Sized>(
    cookies: &mut Vec<String>,
    name: &str,
    value: &T,
) -> Result<(), BuildError> {
    cookies.push(format!("{name}={}", encoded_values(value)?));
    Ok(())
}

/// Sets the `Cookie` header from the cookie list, if it is not empty.
pub fn cookie_header(
    request: RequestBuilder,
    cookies: &[String],
) -> Result<RequestBuilder, BuildError> {
    if cookies.is_empty() {
        return Ok(request);
    }
    let value = header_value("Cookie", &cookies.join("; "))?;
    Ok(request.header(reqwest::header::COOKIE, value))
}

/// Sets a JSON body with its content type.
pub fn json_body<T: Serialize + ?Sized>(
    request: RequestBuilder,
    content_type: &str,
    body: &T,
) -> Result<RequestBuilder, BuildError> {
    let bytes = serde_json::to_vec(body).map_err(|e| invalid("the body as JSON", e))?;
    Ok(request.header(CONTENT_TYPE, content_type).body(bytes))
}

/// The pairs of an `application/x-www-form-urlencoded` body. Top-level arrays repeat
/// the key (`style: form`, `explode: true`); nested objects and arrays use brackets
/// (`metadata[key]=v`, `items[0][price]=p`), as Stripe-style APIs expect; nulls are left
/// out.
pub fn form_pairs<T: Serialize + ?Sized>(body: &T) -> Result<Vec<String>, BuildError> {
    fn flatten(prefix: &str, value: &Value, top: bool, out: &mut Vec<String>) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (key, item) in map {
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}[{key}]")
                    };
                    flatten(&name, item, prefix.is_empty(), out);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let nested = item.is_object() || item.is_array();
                    let name = if top && !nested {
                        prefix.to_owned()
                    } else {
                        format!("{prefix}[{index}]")
                    };
                    flatten(&name, item, false, out);
                }
            }
            Value::String(text) => {
                out.push(format!("{}={}", encode_form(prefix), encode_form(text)))
            }
            other => out.push(format!(
                "{}={}",
                encode_form(prefix),
                encode_form(&other.to_string())
            )),
        }
    }
    let value = serde_json::to_value(body).map_err(|e| invalid("the body", e))?;
    let mut pairs = Vec::new();
    flatten("", &value, true, &mut pairs);
    Ok(pairs)
}

/// Sets an `application/x-www-form-urlencoded` body (see [`form_pairs`]).
pub fn form_body<T: Serialize + ?Sized>(
    request: RequestBuilder,
    body: &T,
) -> Result<RequestBuilder, BuildError> {
    let pairs = form_pairs(body)?;
    Ok(request
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(pairs.join("&")))
}
