//! Deserialisation helpers of the generated types: fields where `null` and absent differ,
//! and open enums that keep values added after generation. Used by the `types` module,
//! so a crate of types alone needs nothing else of the runtime.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::Visitor;

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

/// The order in which an untagged union tries its struct variants on `value`: by how many of
/// the object's keys each variant lists (`known`, one list per variant in spec order), most
/// first, ties in spec order. A key no variant lists (a field the server added after the
/// spec was written) counts for none, so it never decides the variant.
pub fn by_known_fields<const N: usize>(
    value: &serde_json::Value,
    known: [&[&str]; N],
) -> [usize; N] {
    let mut order: [usize; N] = std::array::from_fn(|index| index);
    if let Some(object) = value.as_object() {
        let matched = known.map(|fields| {
            object
                .keys()
                .filter(|key| fields.contains(&key.as_str()))
                .count()
        });
        // Stable: variants that know as many keys keep the spec's order.
        order.sort_by_key(|&index| std::cmp::Reverse(matched[index]));
    }
    order
}
