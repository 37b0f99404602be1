//! OpenAPI Overlays (1.0 and 1.1): a separate document of ordered actions — each a JSONPath
//! (RFC 9535) `target` with an `update`, a `copy` (1.1) or `remove: true` — applied to the
//! spec's JSON value right after its text is parsed. Users keep fixes to a vendor's spec in
//! their own file, so the vendor's file stays untouched and the fixes are re-applied to each
//! new release of it.
//!
//! Semantics (Overlay 1.1 § Action Object, which clarifies 1.0):
//! - actions are applied in order, each to the result of the previous one;
//! - `update` on an object merges recursively: new properties are added, primitives replace
//!   primitives, arrays are concatenated, objects merge; any other pairing is an error;
//! - `update` on an array appends the value to it; with `overlay: 1.1.x` an array value is
//!   concatenated instead (1.0 says the value is "an entry to append", whatever it is);
//! - `update` on a primitive replaces it with the (primitive) value;
//! - `remove: true` removes every selected node from its object or array (array elements
//!   from the highest index down, so that several elements of one array can go at once);
//! - `copy` (1.1) is an `update` whose value is the one node another JSONPath selects.
//!
//! Where the specification leaves room: a `null` inside an update leaves an object or array
//! it meets unchanged (the specification's own "structured overlay" example writes
//! `components:` and `tags:` meaning "nothing here"); the 1.1 behaviours that 1.0 does not
//! define (primitive targets, `copy`) are accepted in 1.0 documents too; `remove: true` with
//! an `update` removes (the update "has no impact"); `update` together with `copy` is refused.
//!
//! A target that selects nothing is a warning (the vendor changed the spec and the fix may
//! no longer be needed, or needs a new target). An overlay without `extends` is written for
//! many documents (`spec/hubspot-crm.overlay.yaml` fixes every HubSpot CRM object spec), so
//! one of its actions may have nothing to do in one of them: only an application in which
//! no action selects anything is a warning then. Malformed overlays are errors naming the
//! overlay file, the action's pointer and its target; every malformed action is reported.

mod edit;

use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_json_path::JsonPath;

use super::position::Positions;
use crate::diagnostics::{Diagnostic, Error, Severity, push_pointer};
use edit::{MAX_GROWTH, kind, measure, merge_at, remove_all, select};

/// Longest JSONPath read (real targets are a few hundred characters at most).
const MAX_PATH_LENGTH: usize = 4096;
/// Deepest nesting of brackets and parentheses in a JSONPath: the parser recurses on them.
const MAX_PATH_NESTING: usize = 32;

/// The Overlay versions read: the feature sets 1.0 and 1.1 (the patch number is ignored, as
/// the specification asks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `overlay: 1.0.x`.
    V1_0,
    /// `overlay: 1.1.x`: adds `copy`, concatenates array updates into arrays.
    V1_1,
}

/// A parsed, valid overlay, ready to be applied to documents.
#[derive(Debug, Clone)]
pub struct Overlay {
    file: PathBuf,
    text: String,
    version: Version,
    actions: Vec<Action>,
    /// No `extends`: written for many documents, not one.
    generic: bool,
    /// What was read leniently (missing `info`, unknown fields, no actions).
    warnings: Vec<Diagnostic>,
    positions: Positions,
}

#[derive(Debug, Clone)]
struct Action {
    index: usize,
    target: Query,
    change: Change,
}

#[derive(Debug, Clone)]
struct Query {
    text: String,
    path: JsonPath,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Copy(Query),
    Remove,
}

impl Overlay {
    /// Reads and parses the overlay at `path`.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, text)
    }

    /// Parses overlay text (YAML or JSON); `file` names it in diagnostics. Every malformed
    /// action is reported, each with its pointer (`/actions/<i>/…`) and its target.
    pub fn parse(file: &Path, text: String) -> Result<Self, Error> {
        let mut warnings = Vec::new();
        let document = super::parse_text(file, &text, &mut warnings)?;
        let mut reader = Reader {
            file,
            text: &text,
            positions: Positions::default(),
            errors: Vec::new(),
            warnings,
        };
        let parsed = reader.overlay(&document);
        let Reader {
            positions,
            errors,
            warnings,
            ..
        } = reader;
        match parsed {
            Some((version, actions)) if errors.is_empty() => Ok(Self {
                file: file.to_owned(),
                text,
                version,
                actions,
                generic: document.get("extends").is_none(),
                warnings,
                positions,
            }),
            _ => Err(Error::Spec(errors)),
        }
    }

    /// The Overlay version the document declares.
    #[cfg(test)]
    pub fn version(&self) -> Version {
        self.version
    }

    /// Applies the actions in order to `document`. Targets that select nothing, and what the
    /// overlay itself had to be read leniently for, are added to `warnings`; an action that
    /// cannot be applied (an update that does not fit the node it selects, a `copy` source
    /// that is not one node, too much growth) is an error, and every such action is reported.
    pub fn apply(&self, document: &mut Value, warnings: &mut Vec<Diagnostic>) -> Result<(), Error> {
        warnings.extend(self.warnings.iter().cloned());
        let mut budget = measure(document).0.saturating_add(MAX_GROWTH);
        let mut errors = Vec::new();
        let mut applied = 0;
        for action in &self.actions {
            match self.apply_action(action, document, &mut budget) {
                Ok(true) => applied += 1,
                Ok(false) if self.generic => {}
                Ok(false) => warnings.push(self.diagnostic(
                    Severity::Warning,
                    action.pointer("target"),
                    format!(
                        "{}: the target selects nothing in the spec, so the action changed nothing",
                        action.label()
                    ),
                )),
                Err(Failure { field, message }) => {
                    let exhausted = budget == 0;
                    errors.push(self.diagnostic(
                        Severity::Error,
                        action.pointer(field),
                        format!("{}: {message}", action.label()),
                    ));
                    if exhausted {
                        break;
                    }
                }
            }
        }
        if self.generic && applied == 0 && !self.actions.is_empty() && errors.is_empty() {
            warnings.push(self.diagnostic(
                Severity::Warning,
                "/actions".to_owned(),
                "no action's target selects anything in the spec, so the overlay changed nothing \
                 (an overlay without `extends` may leave some actions unused in one spec, not all)"
                    .to_owned(),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Spec(errors))
        }
    }

    /// Applies one action; `false` when its target selects nothing.
    fn apply_action(
        &self,
        action: &Action,
        document: &mut Value,
        budget: &mut usize,
    ) -> Result<bool, Failure> {
        let selected = select(&action.target.path, document);
        if selected.is_empty() {
            return Ok(false);
        }
        match &action.change {
            Change::Remove => remove_all(document, selected, budget)
                .map_err(|message| Failure::at("", message))?,
            Change::Update(value) => {
                for location in &selected {
                    merge_at(document, location, value, self.version, budget)
                        .map_err(|message| Failure::at("update", message))?;
                }
            }
            Change::Copy(source) => {
                let value = copied(source, document)?;
                for location in &selected {
                    merge_at(document, location, &value, self.version, budget)
                        .map_err(|message| Failure::at("copy", message))?;
                }
            }
        }
        Ok(true)
    }

    fn diagnostic(&self, severity: Severity, pointer: String, message: String) -> Diagnostic {
        let diagnostic = match severity {
            Severity::Error => Diagnostic::error(&self.file, pointer, message),
            Severity::Warning => Diagnostic::warning(&self.file, pointer, message),
        };
        place(&self.positions, &self.text, diagnostic)
    }
}

/// Applies `overlays` in order to `document` (see [`Overlay::apply`]); the errors of every
/// overlay are reported together.
pub fn apply_all(
    overlays: &[Overlay],
    document: &mut Value,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let mut errors = Vec::new();
    for overlay in overlays {
        match overlay.apply(document, warnings) {
            Ok(()) => {}
            Err(Error::Spec(diagnostics)) => errors.extend(diagnostics),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Spec(errors))
    }
}

/// Reads the overlays at `paths`, reporting the problems of all of them at once.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<Overlay>, Error> {
    let mut overlays = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match Overlay::read(path) {
            Ok(overlay) => overlays.push(overlay),
            Err(Error::Spec(diagnostics)) => errors.extend(diagnostics),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(overlays)
    } else {
        Err(Error::Spec(errors))
    }
}

impl Action {
    fn label(&self) -> String {
        label(self.index, Some(&self.target.text))
    }

    fn pointer(&self, field: &str) -> String {
        action_pointer(self.index, field)
    }
}

/// Why an action could not be applied, and which of its fields says so.
struct Failure {
    field: &'static str,
    message: String,
}

impl Failure {
    fn at(field: &'static str, message: String) -> Self {
        Self { field, message }
    }
}

fn action_pointer(index: usize, field: &str) -> String {
    let action = format!("/actions/{index}");
    if field.is_empty() {
        action
    } else {
        push_pointer(&action, field)
    }
}

/// `actions[2] (target `$.paths`)`: the index as in the pointer, the target as written
/// (cut when long, so that one message stays one readable line).
fn label(index: usize, target: Option<&str>) -> String {
    match target {
        Some(target) => {
            let mut shown: String = target.chars().take(120).collect();
            if shown.len() < target.len() {
                shown.push('…');
            }
            format!("actions[{index}] (target `{shown}`)")
        }
        None => format!("actions[{index}]"),
    }
}

fn place(positions: &Positions, text: &str, diagnostic: Diagnostic) -> Diagnostic {
    match positions.locate(text, &diagnostic.pointer) {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    }
}

/// Validates the overlay document, collecting every problem.
struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
    positions: Positions,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, pointer: String, message: String) {
        let d = place(
            &self.positions,
            self.text,
            Diagnostic::error(self.file, pointer, message),
        );
        self.errors.push(d);
    }

    fn warning(&mut self, pointer: String, message: String) {
        let d = place(
            &self.positions,
            self.text,
            Diagnostic::warning(self.file, pointer, message),
        );
        self.warnings.push(d);
    }

    fn overlay(&mut self, document: &Value) -> Option<(Version, Vec<Action>)> {
        let Some(object) = document.as_object() else {
            self.error(
                String::new(),
                "the overlay is not an object (an Overlay document has `overlay`, `info` and `actions`)"
                    .to_owned(),
            );
            return None;
        };
        let version = self.version(object.get("overlay"));
        match object.get("info") {
            Some(Value::Object(info))
                if info.get("title").is_some_and(Value::is_string)
                    && info.get("version").is_some_and(Value::is_string) => {}
            _ => self.warning(
                String::new(),
                "the overlay has no `info` with a `title` and a `version`, which the Overlay specification requires"
                    .to_owned(),
            ),
        }
        let actions = match object.get("actions") {
            None => {
                self.error(
                    String::new(),
                    "the overlay has no `actions` (a list of `target`s with an `update`, a `copy` or `remove: true`)"
                        .to_owned(),
                );
                None
            }
            Some(Value::Array(actions)) => {
                if actions.is_empty() {
                    self.warning(
                        "/actions".to_owned(),
                        "the overlay has no actions: it changes nothing".to_owned(),
                    );
                }
                let actions: Vec<Option<Action>> = actions
                    .iter()
                    .enumerate()
                    .map(|(index, action)| self.action(index, action))
                    .collect();
                actions.into_iter().collect()
            }
            Some(other) => {
                self.error(
                    "/actions".to_owned(),
                    format!("`actions` must be a list, not {}", kind(other)),
                );
                None
            }
        };
        Some((version?, actions?))
    }

    fn version(&mut self, value: Option<&Value>) -> Option<Version> {
        let version = match value {
            None => {
                self.error(
                    String::new(),
                    "missing `overlay` version field; not an Overlay document".to_owned(),
                );
                return None;
            }
            Some(Value::String(version)) => version,
            Some(other) => {
                self.error(
                    "/overlay".to_owned(),
                    format!(
                        "the `overlay` version must be a string such as '1.0.0', not {}",
                        kind(other)
                    ),
                );
                return None;
            }
        };
        let patch = |rest: Option<&str>| {
            rest.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
        if patch(version.strip_prefix("1.0.")) {
            Some(Version::V1_0)
        } else if patch(version.strip_prefix("1.1.")) {
            Some(Version::V1_1)
        } else {
            self.error(
                "/overlay".to_owned(),
                format!(
                    "Overlay version {version} is not supported; specgen reads 1.0.x and 1.1.x"
                ),
            );
            None
        }
    }

    fn action(&mut self, index: usize, value: &Value) -> Option<Action> {
        let pointer = |field: &str| action_pointer(index, field);
        let Some(object) = value.as_object() else {
            self.error(
                pointer(""),
                format!(
                    "{}: an action must be an object with a `target`, not {}",
                    label(index, None),
                    kind(value)
                ),
            );
            return None;
        };
        let target_text = object.get("target").and_then(Value::as_str);
        let name = label(index, target_text);
        let errors_before = self.errors.len();
        let target = match object.get("target") {
            None => {
                self.error(
                    pointer(""),
                    format!("{name}: the action has no `target` (a JSONPath such as `$.paths`)"),
                );
                None
            }
            Some(Value::String(text)) => self.query(&name, pointer("target"), text),
            Some(other) => {
                self.error(
                    pointer("target"),
                    format!(
                        "{name}: `target` must be a JSONPath string, not {}",
                        kind(other)
                    ),
                );
                None
            }
        };
        // `None`: written wrongly (already reported, so "does nothing" is not).
        let remove_field = match object.get("remove") {
            None => Some(false),
            Some(Value::Bool(remove)) => Some(*remove),
            Some(other) => {
                self.error(
                    pointer("remove"),
                    format!(
                        "{name}: `remove` must be true or false, not {}",
                        kind(other)
                    ),
                );
                None
            }
        };
        let remove = remove_field == Some(true);
        let copy = match object.get("copy") {
            None => None,
            Some(Value::String(text)) => self.query(&name, pointer("copy"), text),
            Some(other) => {
                self.error(
                    pointer("copy"),
                    format!(
                        "{name}: `copy` must be a JSONPath string, not {}",
                        kind(other)
                    ),
                );
                None
            }
        };
        let update = object.get("update");
        if update.is_some() && object.contains_key("copy") && !remove {
            self.error(
                pointer("copy"),
                format!("{name}: an action has either `update` or `copy`, not both"),
            );
        }
        if update.is_none() && !object.contains_key("copy") && remove_field == Some(false) {
            self.error(
                pointer(""),
                format!("{name}: the action does nothing: it needs an `update`, a `copy` or `remove: true`"),
            );
        }
        if remove
            && let Some(target) = &target
            && target
                .path
                .query_located(&Value::Null)
                .iter()
                .any(|node| node.location().is_empty())
        {
            // Only a query with no segments selects the root (whatever the document).
            self.error(
                pointer("target"),
                format!("{name}: the root of the document cannot be removed"),
            );
        }
        for key in object.keys() {
            let known =
                ["target", "description", "update", "remove", "copy"].contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                self.warning(
                    pointer(key),
                    format!("{name}: unknown field `{key}` is ignored"),
                );
            }
        }
        if self.errors.len() > errors_before {
            return None;
        }
        let change = if remove {
            Change::Remove
        } else if let Some(copy) = copy {
            Change::Copy(copy)
        } else {
            Change::Update(update.cloned().unwrap_or(Value::Null))
        };
        Some(Action {
            index,
            target: target?,
            change,
        })
    }

    /// Parses a JSONPath, refusing first what could exhaust the parser's stack.
    fn query(&mut self, name: &str, pointer: String, text: &str) -> Option<Query> {
        if text.len() > MAX_PATH_LENGTH {
            self.error(
                pointer,
                format!(
                    "{name}: the JSONPath is {} characters long; at most {MAX_PATH_LENGTH} are read",
                    text.len()
                ),
            );
            return None;
        }
        let nesting = path_nesting(text);
        if nesting > MAX_PATH_NESTING {
            self.error(
                pointer,
                format!("{name}: the JSONPath nests brackets {nesting} deep; at most {MAX_PATH_NESTING} are read"),
            );
            return None;
        }
        match JsonPath::parse(text) {
            Ok(path) => Some(Query {
                text: text.to_owned(),
                path,
            }),
            Err(e) => {
                self.error(
                    pointer,
                    format!("{name}: not a valid JSONPath (RFC 9535): {e}"),
                );
                None
            }
        }
    }
}

/// The deepest nesting of `[`/`(` outside string literals.
fn path_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The one node a `copy` source selects.
fn copied(source: &Query, document: &Value) -> Result<Value, Failure> {
    let nodes = source.path.query(document);
    match nodes.len() {
        1 => Ok(nodes.first().cloned().unwrap_or(Value::Null)),
        0 => Err(Failure::at(
            "copy",
            format!("`copy` `{}` selects nothing to copy", source.text),
        )),
        n => Err(Failure::at(
            "copy",
            format!(
                "`copy` `{}` selects {n} nodes; it must select exactly one",
                source.text
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
