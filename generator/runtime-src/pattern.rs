//! `pattern` checks of request bodies (the `regex` crate).

pub use regex::Regex;

/// Adds a problem when `value` does not match `regex`; a pattern the `regex` crate cannot
/// compile (`regex` is `None`) checks nothing rather than refusing every value.
pub fn check_pattern(
    path: &str,
    value: &str,
    pattern: &str,
    regex: Option<&Regex>,
    problems: &mut Vec<String>,
) {
    if let Some(regex) = regex
        && !regex.is_match(value)
    {
        problems.push(format!("{path}: does not match the pattern `{pattern}`"));
    }
}
