//! Identifiers: case conversion, keywords, sanitising and de-duplication.
//!
//! Every name that reaches generated code goes through here, so that whatever a spec
//! calls a schema, property, parameter or enum value, the Rust identifier is valid and
//! the wire name is kept separately for `serde(rename)`.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that are usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that generated code must not shadow in the `types` module because the
/// emitted code (and serde's derive output) refers to them unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &["Self"];

/// Keeps only characters valid inside an identifier, turning everything else into word
/// breaks, so that heck sees the intended words (`foo.bar-baz` → `foo bar baz`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_alphanumeric() || ch == '_' {
            // Non-ASCII letters are valid in Rust identifiers but not everywhere people
            // read the code; transliteration is out of scope, so keep only ASCII and mark
            // the rest as a word break.
            if ch.is_ascii() {
                out.push(ch);
            } else {
                out.push(' ');
            }
        } else {
            out.push(' ');
        }
    }
    out
}

fn escape_keyword(ident: String) -> String {
    if NON_RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// A `snake_case` identifier for a field, method or parameter; `fallback` is used when the
/// name has no ASCII letters or digits at all (e.g. `"$"` or `"名前"`).
pub fn snake_ident(raw: &str, fallback: &str) -> String {
    let mut ident = words(raw).to_snake_case();
    if ident.is_empty() {
        ident = fallback.to_snake_case();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    escape_keyword(ident)
}

/// An `UpperCamelCase` identifier for a type or variant; `fallback` as for [`snake_ident`].
pub fn camel_ident(raw: &str, fallback: &str) -> String {
    let mut ident = words(raw).to_upper_camel_case();
    if ident.is_empty() {
        ident = fallback.to_upper_camel_case();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    if RESERVED_TYPE_NAMES.contains(&ident.as_str()) {
        ident.push('_');
    }
    escape_keyword(ident)
}

/// The identifier text without a raw prefix, for building derived names.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out unique names in the order they are asked for, so that the same spec always
/// gives the same names: the first comer keeps the plain name, later ones get a number.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// A set in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Whether `name` was handed out or reserved.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Frees a reserved name so that the next claim of exactly it succeeds.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, … (with `_2` for snake_case names).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let base = bare(wanted).trim_end_matches('_');
        let base = if base.is_empty() { "name" } else { base };
        let snake = base
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c == '_');
        (2u64..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type", "f"), "r#type");
        assert_eq!(snake_ident("match", "f"), "r#match");
        assert_eq!(snake_ident("self", "f"), "self_");
        assert_eq!(snake_ident("super", "f"), "super_");
        assert_eq!(snake_ident("crate", "f"), "crate_");
        assert_eq!(camel_ident("Self", "T"), "Self_");
    }

    #[test]
    fn odd_characters_become_word_breaks() {
        assert_eq!(snake_ident("foo-bar.baz", "f"), "foo_bar_baz");
        assert_eq!(snake_ident("$ref", "f"), "r#ref");
        assert_eq!(snake_ident("@type", "f"), "r#type");
        assert_eq!(snake_ident("1st place", "f"), "_1st_place");
        assert_eq!(snake_ident("名前", "field"), "field");
        assert_eq!(snake_ident("", "value"), "value");
        assert_eq!(camel_ident("2fa-method", "T"), "V2faMethod");
        assert_eq!(camel_ident("idProperty", "T"), "IdProperty");
        assert_eq!(camel_ident("*", "Star"), "Star");
    }

    #[test]
    fn name_set_numbers_later_claims() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("DuplicateTest"), "DuplicateTest");
        assert_eq!(names.claim("DuplicateTest"), "DuplicateTest2");
        assert_eq!(names.claim("get_user"), "get_user");
        assert_eq!(names.claim("get_user"), "get_user_2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("r#type"), "type_2");
    }
}
