//! Path templates (`/users/{id}/{.fmt}`), parsed once during lowering so that parameter
//! order, the check of declared against used parameters, and URL building agree on what a
//! template variable is.

/// An operation's path template, as the spec writes it and split into its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    raw: String,
    segments: Vec<PathSegment>,
    malformed: bool,
}

/// One piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as written.
    Literal(String),
    /// A template variable.
    Param {
        /// The parameter name (`id` in `{.id*}`).
        name: String,
        /// The RFC 6570 operator characters before the name (`.` in `{.id}`, `;` in
        /// `{;id}`), empty for a simple variable.
        prefix: String,
        /// The explode modifier characters after the name (`*` in `{id*}`).
        suffix: String,
    },
}

/// RFC 6570 operators: not part of the variable name.
const OPERATORS: &[char] = &['.', ';', '+', '#', '/', '?', '&'];

impl PathTemplate {
    /// Splits a template. A `{` without a `}` before the next `{`, and a `}` without a `{`,
    /// are literal text; [`PathTemplate::is_malformed`] then says so.
    pub fn parse(raw: &str) -> Self {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut malformed = false;
        let mut rest = raw;
        while let Some(open) = rest.find(['{', '}']) {
            literal.push_str(&rest[..open]);
            let (brace, after) = rest[open..].split_at(1);
            let expression = after
                .find(['{', '}'])
                .filter(|&close| after[close..].starts_with('}'))
                .map(|close| (&after[..close], &after[close + 1..]));
            match (brace, expression) {
                ("{", Some((expression, next))) => {
                    if !literal.is_empty() {
                        segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                    }
                    let unprefixed = expression.trim_start_matches(OPERATORS);
                    let name = unprefixed.trim_end_matches('*');
                    segments.push(PathSegment::Param {
                        name: name.to_owned(),
                        prefix: expression[..expression.len() - unprefixed.len()].to_owned(),
                        suffix: unprefixed[name.len()..].to_owned(),
                    });
                    rest = next;
                }
                _ => {
                    malformed = true;
                    literal.push_str(brace);
                    rest = after;
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(literal));
        }
        Self {
            raw: raw.to_owned(),
            segments,
            malformed,
        }
    }

    /// The template as the spec writes it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The pieces, in order.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Whether a brace had no partner (it is kept as literal text).
    pub fn is_malformed(&self) -> bool {
        self.malformed
    }

    /// The variable names, in template order (`/a/{id}/{.fmt}` → `id`, `fmt`).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param { name, .. } => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// Where the variable `name` first appears among the template's variables.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.params().position(|p| p == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(prefix: &str, name: &str, suffix: &str) -> PathSegment {
        PathSegment::Param {
            name: name.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        }
    }

    fn literal(text: &str) -> PathSegment {
        PathSegment::Literal(text.to_owned())
    }

    #[test]
    fn operators_and_explode_are_not_part_of_the_name() {
        let template = PathTemplate::parse("/a/{.fmt}/b{;id*}/{id}");
        assert_eq!(
            template.segments(),
            [
                literal("/a/"),
                param(".", "fmt", ""),
                literal("/b"),
                param(";", "id", "*"),
                literal("/"),
                param("", "id", ""),
            ]
        );
        assert_eq!(template.params().collect::<Vec<_>>(), ["fmt", "id", "id"]);
        assert_eq!(template.position("id"), Some(1));
        assert_eq!(template.position("other"), None);
        assert!(!template.is_malformed());
        assert_eq!(template.as_str(), "/a/{.fmt}/b{;id*}/{id}");
    }

    #[test]
    fn unmatched_braces_are_literal_and_reported() {
        let template = PathTemplate::parse("/a/{b{c}/d}/{e");
        assert_eq!(
            template.segments(),
            [literal("/a/{b"), param("", "c", ""), literal("/d}/{e")]
        );
        assert!(template.is_malformed());
        assert!(PathTemplate::parse("").segments().is_empty());
        assert_eq!(PathTemplate::parse("{}").params().collect::<Vec<_>>(), [""]);
    }
}
