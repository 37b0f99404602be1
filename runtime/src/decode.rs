//! Decoding of response bodies and of the spec's open enums.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{DeserializeOwned, Visitor};

use super::error::{DecodeError, Error};

/// Decodes a JSON body, naming the path of the first value that does not fit.
pub fn decode_json<T: DeserializeOwned, B>(status: u16, body: &[u8]) -> Result<T, Error<B>> {
    let failure = |path: String, source: serde_json::Error| {
        Error::Decode(Box::new(DecodeError {
            status,
            path,
            body: String::from_utf8_lossy(body).into_owned(),
            source,
        }))
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

/// A text body; invalid UTF-8 is replaced rather than refused.
pub fn decode_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// Reads a present value (even `null`) as `Some`, so that `null` and absent differ.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Open string enums: the wire value is read without allocating for known values.
pub mod enum_str {
    use super::*;

    /// Deserialises a `T` from a string.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: for<'a> From<&'a str>,
    {
        struct Text<T>(PhantomData<T>);

        impl<T: for<'a> From<&'a str>> Visitor<'_> for Text<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                Ok(T::from(value))
            }
        }
        deserializer.deserialize_any(Text(PhantomData))
    }
}

/// Open integer enums.
pub mod enum_int {
    use super::*;

    /// Deserialises a `T` from an integer.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: From<i64>,
    {
        struct Integer<T>(PhantomData<T>);

        impl<T: From<i64>> Visitor<'_> for Integer<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
                Ok(T::from(value))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
                i64::try_from(value)
                    .map(T::from)
                    .map_err(|_| E::custom("integer out of range"))
            }
        }
        deserializer.deserialize_any(Integer(PhantomData))
    }
}

/// Open number (and boolean-as-number) enums.
pub mod enum_num {
    use super::*;

    /// Deserialises a `T` from a number.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: From<f64>,
    {
        struct Number<T>(PhantomData<T>);

        impl<T: From<f64>> Visitor<'_> for Number<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<T, E> {
                Ok(T::from(value))
            }

            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
                Ok(T::from(value as f64))
            }

            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
                Ok(T::from(value as f64))
            }
        }
        deserializer.deserialize_any(Number(PhantomData))
    }
}
