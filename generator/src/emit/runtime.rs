//! The support code every generated crate carries: its `Error` type and the small helpers
//! the client methods share. Only the helpers a spec needs are emitted, so generated crates
//! have no dead code.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;

/// Which helpers the client needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Needs {
    /// String enums exist.
    pub enum_str: bool,
    /// Integer enums exist.
    pub enum_int: bool,
    /// Number enums exist.
    pub enum_num: bool,
    /// Some operation has path parameters.
    pub path_params: bool,
    /// Some operation has query parameters (or a query API key).
    pub query: bool,
    /// Some path parameter has `style: label`.
    pub path_label: bool,
    /// Some path parameter has `style: matrix`.
    pub path_matrix: bool,
    /// Some operation has cookie parameters.
    pub cookies: bool,
    /// Some query parameter has `style: deepObject`.
    pub deep_object: bool,
    /// The spec has operations (so there is a client at all).
    pub client: bool,
    /// Some operation has header or cookie parameters.
    pub headers: bool,
    /// Some operation decodes a JSON body.
    pub decode_json: bool,
    /// Some operation sends a JSON body.
    pub json_body: bool,
    /// Some operation sends a form-encoded body.
    pub form: bool,
    /// Some operation sends a multipart body.
    pub multipart: bool,
    /// Some operation decodes a text body.
    pub text: bool,
    /// Some field is optional and nullable.
    pub double_option: bool,
}

/// One variant of the generated `ErrorBody` enum.
pub struct ErrorVariant {
    /// Variant name.
    pub name: String,
    /// Payload type, written from the `error` module.
    pub ty: TokenStream,
    /// The payload is a struct with a required `message: String`.
    pub has_message: bool,
    /// The payload names a type of the `types` module.
    pub uses_types: bool,
}

/// The `error` module.
pub fn error_module(variants: &[ErrorVariant], raw_name: &str) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = variants.iter().map(|v| &v.ty).collect();
    let raw = ident(raw_name);
    let docs = variants.iter().map(|v| {
        format!(
            " A `{}` body, as the spec declares for this status.",
            v.name
        )
    });
    let message_arms = variants
        .iter()
        .zip(&names)
        .filter(|(v, _)| v.has_message)
        .map(|(_, n)| quote!(Self::#n(body) => Some(&body.message),));
    let import_types = if !variants.iter().any(|v| v.uses_types) {
        TokenStream::new()
    } else {
        quote!(
            use super::types;
        )
    };
    quote! {
        #import_types

        /// Everything a call can fail with.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            /// The request could not be built: a bad base URL or header value, a body that
            /// cannot be encoded, or a client that could not be configured.
            #[error("invalid request: {0}")]
            InvalidRequest(String),
            /// The request could not be sent, or no complete response arrived.
            #[error("request failed: {0}")]
            Request(#[source] reqwest::Error),
            /// The server answered with a status the operation does not treat as success.
            #[error(transparent)]
            Status(Box<StatusError>),
            /// A success response whose body does not match the spec.
            #[error(transparent)]
            Decode(Box<DecodeError>),
        }

        impl Error {
            /// The HTTP status of the response, when there was one.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Self::Status(e) => Some(e.status),
                    Self::Decode(e) => Some(e.status),
                    Self::Request(e) => e.status().map(|s| s.as_u16()),
                    Self::InvalidRequest(_) => None,
                }
            }
        }

        /// A response with a non-success status.
        #[derive(Debug, Clone, PartialEq)]
        pub struct StatusError {
            /// The HTTP status code.
            pub status: u16,
            /// The body, decoded into the type the spec gives for this status when it fits.
            pub body: ErrorBody,
        }

        impl ::std::fmt::Display for StatusError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "the server answered HTTP {}", self.status)?;
                match self.body.message() {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
        }

        impl ::std::error::Error for StatusError {}

        /// The body of an error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #( #[doc = #docs] #names(#types), )*
            /// A body that is not one the spec declares for this status (or is not JSON),
            /// as text.
            #raw(String),
        }

        impl ErrorBody {
            /// The human-readable message of the error, when the body has one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    #(#message_arms)*
                    Self::#raw(text) if !text.is_empty() => Some(text.as_str()),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }

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

        impl ::std::fmt::Display for DecodeError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "could not decode the HTTP {} response at `{}`: {}", self.status, self.path, self.source)
            }
        }

        impl ::std::error::Error for DecodeError {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                Some(&self.source)
            }
        }
    }
}

/// The private `support` module.
pub fn support_module(needs: Needs, raw_error_variant: &str) -> TokenStream {
    let raw = ident(raw_error_variant);
    let mut items = Vec::new();
    if needs.client {
        items.push(quote! {
        use super::error::{Error, ErrorBody, StatusError};

        /// Builds the error for a non-success response; `parse` decodes the body into the
        /// type the spec declares for the status, if it fits.
        pub(crate) fn status_error(status: u16, body: &[u8], parse: impl FnOnce(&[u8]) -> Option<ErrorBody>) -> Error {
            let body = parse(body).unwrap_or_else(|| ErrorBody::#raw(String::from_utf8_lossy(body).into_owned()));
            Error::Status(Box::new(StatusError { status, body }))
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
                let mut deserializer = serde_json::Deserializer::from_slice(body);
                let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                    let path = e.path().to_string();
                    failure(path, e.into_inner())
                })?;
                deserializer.end().map_err(|e| failure(".".to_owned(), e))?;
                Ok(value)
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
