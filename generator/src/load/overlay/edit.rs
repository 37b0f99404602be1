//! Changing the document: selecting nodes by JSONPath and merging or removing them, within
//! bounds on depth and growth.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::Version;
use crate::diagnostics::push_pointer;

/// Overlays may make the document at most this deep: every later stage then stays within
/// its recursion limits whatever the overlay adds.
pub(super) const MAX_DEPTH: usize = 256;
/// Values the actions of one overlay may write beyond the document's own size (one per
/// removed node, the size of the value for each update or copy). Real overlays write a few
/// hundred; the bound keeps a `copy` of `$` into itself, repeated, from growing the document
/// exponentially.
pub(super) const MAX_GROWTH: usize = 100_000;

/// One step of a node's location: an object member or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Step {
    Index(usize),
    Key(String),
}

/// What a value is, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// How many values `value` holds (itself included) and how deep it is (1 for a primitive).
pub(super) fn measure(value: &Value) -> (usize, usize) {
    let (mut count, mut deepest) = (0usize, 0usize);
    let mut stack = vec![(value, 1usize)];
    while let Some((value, depth)) = stack.pop() {
        count += 1;
        deepest = deepest.max(depth);
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(members) => stack.extend(members.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    (count, deepest)
}

fn charge(budget: &mut usize, amount: usize) -> Result<(), String> {
    if amount > *budget {
        *budget = 0;
        return Err(format!(
            "the overlay would grow the document by more than {MAX_GROWTH} values beyond its own size; \
             no further actions are applied"
        ));
    }
    *budget -= amount;
    Ok(())
}

/// The locations `path` selects, each once, in the order the query gives them.
pub(super) fn select(path: &JsonPath, document: &Value) -> Vec<Vec<Step>> {
    let mut seen = BTreeSet::new();
    let mut locations = Vec::new();
    for node in path.query_located(document) {
        let location: Vec<Step> = node
            .location()
            .iter()
            .map(|element| match element.as_index() {
                Some(index) => Step::Index(index),
                None => Step::Key(element.as_name().unwrap_or_default().to_owned()),
            })
            .collect();
        if seen.insert(location.clone()) {
            locations.push(location);
        }
    }
    locations
}

fn pointer_of(location: &[Step]) -> String {
    location
        .iter()
        .fold(String::new(), |pointer, step| match step {
            Step::Index(index) => format!("{pointer}/{index}"),
            Step::Key(key) => push_pointer(&pointer, key),
        })
}

/// Removes every selected node. The removals are grouped by parent, and the parents handled
/// in reverse order of their locations (a parent after every location below it), so no
/// removal moves a node still to be removed; each parent is filtered once, so that removing
/// many elements of one long array stays linear.
pub(super) fn remove_all(
    document: &mut Value,
    selected: Vec<Vec<Step>>,
    budget: &mut usize,
) -> Result<(), String> {
    charge(budget, selected.len())?;
    let mut by_parent: BTreeMap<Vec<Step>, (BTreeSet<String>, BTreeSet<usize>)> = BTreeMap::new();
    for mut location in selected {
        let Some(last) = location.pop() else {
            return Err("the root of the document cannot be removed".to_owned());
        };
        let (keys, indices) = by_parent.entry(location).or_default();
        match last {
            Step::Key(key) => {
                keys.insert(key);
            }
            Step::Index(index) => {
                indices.insert(index);
            }
        }
    }
    for (parent, (keys, indices)) in by_parent.into_iter().rev() {
        match document.pointer_mut(&pointer_of(&parent)) {
            Some(Value::Object(members)) => members.retain(|key, _| !keys.contains(key)),
            Some(Value::Array(items)) => {
                let mut index = 0;
                items.retain(|_| {
                    let keep = !indices.contains(&index);
                    index += 1;
                    keep
                });
            }
            // Not reached: only deeper parents have changed so far, so this one is still there.
            _ => {}
        }
    }
    Ok(())
}

/// Merges `value` into the node at `location`, after checking it fits, so that an action
/// that fails leaves that node as it was.
pub(super) fn merge_at(
    document: &mut Value,
    location: &[Step],
    value: &Value,
    version: Version,
    budget: &mut usize,
) -> Result<(), String> {
    let pointer = pointer_of(location);
    let (count, depth) = measure(value);
    if location.len() + depth > MAX_DEPTH {
        return Err(format!(
            "the result at `{pointer}` would be nested more than {MAX_DEPTH} levels deep"
        ));
    }
    charge(budget, count)?;
    let at = if pointer.is_empty() {
        "the root"
    } else {
        &pointer
    };
    let Some(node) = document.pointer_mut(&pointer) else {
        return Ok(());
    };
    match node {
        Value::Object(members) => {
            let Value::Object(update) = value else {
                return Err(format!(
                    "the target selects an object at {at}, so the value must be an object, not {}",
                    kind(value)
                ));
            };
            fits(members, update, &pointer)?;
            merge_objects(members, update);
        }
        Value::Array(items) => match (version, value) {
            (Version::V1_1, Value::Array(more)) => items.extend(more.iter().cloned()),
            _ => items.push(value.clone()),
        },
        primitive => {
            if !is_primitive(value) {
                return Err(format!(
                    "the target selects {} at {at}, which only a primitive value can replace, not {}",
                    kind(primitive),
                    kind(value)
                ));
            }
            *primitive = value.clone();
        }
    }
    Ok(())
}

/// Checks that `update` can be merged into `target`: each property the two share must pair
/// primitives, arrays or objects (or be `null` in the update).
fn fits(target: &Map<String, Value>, update: &Map<String, Value>, at: &str) -> Result<(), String> {
    for (key, new) in update {
        let Some(old) = target.get(key) else { continue };
        let here = push_pointer(at, key);
        match (old, new) {
            (_, Value::Null) => {}
            (Value::Object(old), Value::Object(new)) => fits(old, new, &here)?,
            (Value::Array(_), Value::Array(_)) => {}
            (old, new) if is_primitive(old) && is_primitive(new) => {}
            (old, new) => {
                return Err(format!(
                    "`{here}` is {} in the spec and {} in the update; these do not merge \
                     (remove it first to replace it)",
                    kind(old),
                    kind(new)
                ));
            }
        }
    }
    Ok(())
}

/// Merges `update` into `target` (checked by [`fits`] first).
fn merge_objects(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, new) in update {
        match (target.get_mut(key), new) {
            (None, new) => {
                target.insert(key.clone(), new.clone());
            }
            (Some(Value::Object(_) | Value::Array(_)), Value::Null) => {}
            (Some(Value::Object(old)), Value::Object(new)) => merge_objects(old, new),
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new.iter().cloned()),
            (Some(old), new) => *old = new.clone(),
        }
    }
}
