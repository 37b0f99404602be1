//! YAML → JSON value, read straight from serde_yaml's deserializer with a seed that knows
//! the JSON pointer of every value. Going through `serde_yaml::Value` would refuse integers
//! beyond 64 bits (real specs have `maximum: 18446744073709552000`) and lose where keys
//! that are not strings (`200:` response codes) stand.

use std::cell::RefCell;
use std::fmt;
use std::path::Path;

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, Error, push_pointer};

/// Flow collections nested deeper than this are refused before parsing: libyaml takes
/// time quadratic in the depth before serde_yaml's own recursion limit (128) would stop it.
const MAX_FLOW_DEPTH: usize = 256;

/// The deepest nesting of `[`/`{` outside quoted scalars and comments, and where it is.
fn flow_depth(text: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    for (offset, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '"' | '\'' if !previous.is_alphanumeric() => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > deepest {
                        deepest = depth;
                        at = offset;
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    (deepest, at)
}

/// Parses YAML text into a JSON value, collecting warnings for what had to be read leniently.
pub fn parse(file: &Path, text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Value, Error> {
    let (depth, at) = flow_depth(text);
    if depth > MAX_FLOW_DEPTH {
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        return Err(Error::spec(
            Diagnostic::error(
                file,
                "",
                format!("values nested {depth} levels deep; at most {MAX_FLOW_DEPTH} are read"),
            )
            .at(line, column),
        ));
    }
    let collected = RefCell::new(Vec::new());
    let seed = JsonSeed {
        file,
        pointer: String::new(),
        warnings: &collected,
    };
    let result = seed.deserialize(serde_yaml::Deserializer::from_str(text));
    warnings.extend(collected.into_inner());
    result.map_err(|e| {
        let diagnostic = Diagnostic::error(file, "", format!("invalid YAML: {e}"));
        Error::spec(match e.location() {
            Some(location) => diagnostic.at(location.line(), location.column()),
            None => diagnostic,
        })
    })
}

struct JsonSeed<'a> {
    file: &'a Path,
    pointer: String,
    warnings: &'a RefCell<Vec<Diagnostic>>,
}

impl JsonSeed<'_> {
    fn warn(&self, pointer: String, message: String) {
        self.warnings
            .borrow_mut()
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    fn big(&self, text: String) -> Value {
        self.warn(
            self.pointer.clone(),
            format!("the number {text} does not fit in 64 bits; read as a floating-point number"),
        );
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

impl<'de> DeserializeSeed<'de> for JsonSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => self.big(v.to_string()),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => self.big(v.to_string()),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // NaN and infinities have no JSON form; null is the faithful "no number" here.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(JsonSeed {
            file: self.file,
            pointer: push_pointer(&self.pointer, &items.len().to_string()),
            warnings: self.warnings,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let pointer = push_pointer(&self.pointer, &key.text);
            if let Some(kind) = key.non_string {
                self.warn(
                    pointer.clone(),
                    format!(
                        "key {} is a {kind}; read as the string \"{}\"",
                        key.text, key.text
                    ),
                );
            }
            let value = map.next_value_seed(JsonSeed {
                file: self.file,
                pointer,
                warnings: self.warnings,
            })?;
            object.insert(key.text, value);
        }
        Ok(Value::Object(object))
    }

    /// A tagged value (`!tag value`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

struct Key {
    text: String,
    non_string: Option<&'static str>,
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key {
            text: v.to_owned(),
            non_string: None,
        })
    }

    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key {
            text: v,
            non_string: None,
        })
    }

    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("number"),
        })
    }

    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("number"),
        })
    }

    fn visit_i128<E>(self, v: i128) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("number"),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("number"),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("number"),
        })
    }

    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key {
            text: v.to_string(),
            non_string: Some("boolean"),
        })
    }

    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key {
            text: "null".to_owned(),
            non_string: Some("null"),
        })
    }

    fn visit_none<E>(self) -> Result<Key, E> {
        Ok(Key {
            text: "null".to_owned(),
            non_string: Some("null"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Value, Vec<Diagnostic>) {
        let mut warnings = Vec::new();
        let value = parse(Path::new("s.yaml"), text, &mut warnings).expect("parses");
        (value, warnings)
    }

    #[test]
    fn integer_keys_become_strings_with_a_warning() {
        let (json, warnings) = read("responses:\n  200:\n    description: ok\n");
        assert_eq!(json["responses"]["200"]["description"], "ok");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/responses/200");
    }

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats() {
        let (json, warnings) = read(
            "a:\n  maximum: 18446744073709552000\n  minimum: -170141183460469231731687303715884105728\n",
        );
        assert!(json["a"]["maximum"].as_f64().is_some_and(|f| f > 1.8e19));
        assert!(json["a"]["minimum"].as_f64().is_some_and(|f| f < -1e38));
        let pointers: Vec<_> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a/maximum", "/a/minimum"]);
    }

    #[test]
    fn tags_are_dropped_and_anchors_expanded() {
        let (json, warnings) = read("a: &x !custom {b: 1}\nc: *x\n");
        assert_eq!(json["a"], serde_json::json!({"b": 1}));
        assert_eq!(json["c"], json["a"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn syntax_errors_are_errors() {
        let mut warnings = Vec::new();
        let Err(Error::Spec(d)) = parse(Path::new("s.yaml"), "a: [\n", &mut warnings) else {
            panic!("expected an error")
        };
        assert!(d[0].position.is_some());
    }
}
