//! Checks of request bodies against the spec's limits, run before anything is sent. The
//! generated types implement [`Validate`]; the checks here are what the impls call.

use super::error::BuildError;

/// Checks a value against the spec's limits, collecting every problem with its path.
pub trait Validate {
    /// Adds a description of every limit `self` breaks, at `path`, to `problems`.
    fn validate(&self, path: &str, problems: &mut Vec<String>);
}

/// Runs the checks on a request body; the error lists every problem.
pub fn validate<T: Validate + ?Sized>(value: &T) -> Result<(), BuildError> {
    let mut problems = Vec::new();
    value.validate("", &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BuildError::Validation(problems))
    }
}

/// `parent.child`, or `child` at the top.
pub fn join(path: &str, child: &str) -> String {
    if path.is_empty() {
        child.to_owned()
    } else {
        format!("{path}.{child}")
    }
}

/// `minItems`/`maxItems`, `minLength`/`maxLength`: `what` names the counted things.
pub fn check_count(
    path: &str,
    count: usize,
    min: Option<usize>,
    max: Option<usize>,
    what: &str,
    problems: &mut Vec<String>,
) {
    if let Some(min) = min
        && count < min
    {
        problems.push(format!("{path}: {count} {what}, at least {min}"));
    }
    if let Some(max) = max
        && count > max
    {
        problems.push(format!("{path}: {count} {what}, at most {max}"));
    }
}

/// `minimum`/`maximum` and their exclusive forms.
pub fn check_range(
    path: &str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
    problems: &mut Vec<String>,
) {
    if let Some(min) = min
        && (value < min || (exclusive_min && value == min))
    {
        let relation = if exclusive_min { "above" } else { "at least" };
        problems.push(format!("{path}: {value} must be {relation} {min}"));
    }
    if let Some(max) = max
        && (value > max || (exclusive_max && value == max))
    {
        let relation = if exclusive_max { "below" } else { "at most" };
        problems.push(format!("{path}: {value} must be {relation} {max}"));
    }
}
