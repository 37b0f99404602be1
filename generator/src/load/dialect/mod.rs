//! Dialects as written, not as declared: every document is rewritten into the one shape the
//! rest of the pipeline reads (OpenAPI 3.0 as openapiv3 deserialises it), whatever version it
//! declares and whichever habits it mixes.
//!
//! - OpenAPI 3.1 / JSON Schema 2020-12 constructs (type arrays, `const`, numeric exclusive
//!   bounds, `$ref` with siblings, `$defs`, `patternProperties`, `contentEncoding`, `$ref`'d
//!   path items, boolean schemas, …) become their 3.0 equivalents, so a 3.1 schema turns into
//!   the same Rust type as its 3.0 twin. `prefixItems` and `webhooks` have no 3.0 twin: they
//!   stay in the document, tidied, for the IR to read.
//! - A construct of the *other* dialect than the one declared (a 3.1 habit in a 3.0 document,
//!   `nullable` in a 3.1 one) is read all the same, with one warning per habit.
//! - Faults real specs ship (a `$ref` to nothing, `required: true` on a property, `null` where
//!   text belongs, a keyword of the wrong JSON type) are repaired with a warning where a
//!   sensible reading exists.
//!
//! The walk follows the document's structure (paths → operations → parameters → schemas …),
//! so that a property *named* `const` or `type` is never mistaken for a keyword.

mod schema;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::lenient::{self, METHODS};
use crate::diagnostics::{Diagnostic, push_pointer};

/// The OpenAPI version a document declares, as far as reading it is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x: schemas are the 3.0 subset of JSON Schema draft 5.
    V30,
    /// OpenAPI 3.1.x (and later 3.x): schemas are JSON Schema 2020-12.
    V31,
}

impl Dialect {
    fn name(self) -> &'static str {
        match self {
            Dialect::V30 => "3.0",
            Dialect::V31 => "3.1",
        }
    }
}

/// Decides how to read the document from its `openapi` field. Only documents that are not
/// OpenAPI 3 at all are refused: Swagger 2.0, and text that is not an object.
pub fn detect(
    file: &Path,
    document: &Value,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Dialect, Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(Diagnostic::error(file, "", "the document is not an object"));
    };
    if object.contains_key("swagger") && !object.contains_key("openapi") {
        return Err(Diagnostic::error(
            file,
            "/swagger",
            "this is a Swagger 2.0 document, which specgen does not read; convert it to OpenAPI 3 \
             first (e.g. `npx swagger2openapi spec.yaml -o openapi.yaml`, or converter.swagger.io)",
        ));
    }
    let declared = match object.get("openapi") {
        Some(Value::String(v)) => v.trim().to_owned(),
        Some(Value::Number(n)) => {
            warnings.push(Diagnostic::warning(
                file,
                "/openapi",
                format!("`openapi: {n}` is a number; read as the version \"{n}\""),
            ));
            n.to_string()
        }
        Some(_) | None => {
            if !object.contains_key("paths")
                && !object.contains_key("components")
                && !object.contains_key("webhooks")
            {
                return Err(Diagnostic::error(
                    file,
                    "",
                    "missing `openapi` version field, and no `paths`, `components` or \
                     `webhooks`: not an OpenAPI document",
                ));
            }
            warnings.push(Diagnostic::warning(
                file,
                "/openapi",
                "missing or non-text `openapi` version field; read as OpenAPI 3.0",
            ));
            return Ok(Dialect::V30);
        }
    };
    let mut parts = declared.split('.');
    let major = parts.next().unwrap_or_default();
    let minor = parts.next().unwrap_or_default();
    match (major, minor) {
        ("3", "0") => Ok(Dialect::V30),
        ("3", "1") => Ok(Dialect::V31),
        ("3", _) => {
            warnings.push(Diagnostic::warning(
                file,
                "/openapi",
                format!("OpenAPI {declared} is newer than 3.1; read as 3.1"),
            ));
            Ok(Dialect::V31)
        }
        ("2", _) => Err(Diagnostic::error(
            file,
            "/openapi",
            format!(
                "OpenAPI {declared} is Swagger 2.0, which specgen does not read; convert it to \
                 OpenAPI 3 first (e.g. `npx swagger2openapi spec.yaml -o openapi.yaml`)"
            ),
        )),
        _ => {
            warnings.push(Diagnostic::warning(
                file,
                "/openapi",
                format!("unknown OpenAPI version `{declared}`; read as 3.0"),
            ));
            Ok(Dialect::V30)
        }
    }
}

/// Rewrites `document` in place into the shape the pipeline reads.
pub fn normalize(
    file: &Path,
    dialect: Dialect,
    document: &mut Value,
    warnings: &mut Vec<Diagnostic>,
) {
    // `$ref`s are checked and path items inlined from the document as written: the rewrite
    // must not see half-rewritten targets (and rewrite them twice). Which local `$ref`s
    // point at nothing is read before the walk; a copy of the whole document (as large as
    // the document) is kept only when some path item is a `$ref` to be inlined from it.
    let mut refs = Refs::default();
    refs.scan(document, document, [None, None, None], 0);
    let original = refs.path_item_refs.then(|| document.clone());
    let mut walker = Walker {
        file,
        dialect,
        original: original.as_ref(),
        dangling: refs.dangling,
        warnings: Vec::new(),
        habits: BTreeMap::new(),
        depth: 0,
    };
    walker.document(document);
    warnings.append(&mut walker.warnings);
    for (_, habit) in walker.habits {
        let message = if habit.count > 1 {
            format!(
                "{} ({} places; the first is here)",
                habit.message, habit.count
            )
        } else {
            habit.message
        };
        warnings.push(Diagnostic::warning(file, habit.first, message));
    }
}

/// A kind of habit or fault met in many places: reported once, with a count.
struct Habit {
    message: String,
    first: String,
    count: usize,
}

/// The local `$ref`s of a document as written.
#[derive(Default)]
struct Refs {
    /// Those that point at nothing.
    dangling: std::collections::HashSet<String>,
    /// Whether a `$ref` stands where a path item may (under `paths`, `webhooks`,
    /// `pathItems`, or a callback's expression) or a media type may (under `content`), so
    /// that it may be inlined.
    path_item_refs: bool,
}

impl Refs {
    /// Every `$ref` in `value` (a part of `document`) whose key path ends in `keys` (the
    /// last three keys, nearest first: `value` is at `…/keys[2]/keys[1]/keys[0]`).
    fn scan(&mut self, document: &Value, value: &Value, keys: [Option<&str>; 3], depth: usize) {
        if depth > 4 * MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    // `/paths/{p}`, `/components/pathItems/{p}`, `…/callbacks/{name}/{expr}`,
                    // and media types: `…/content/{media type}`.
                    let [_, container, callbacks] = keys;
                    if matches!(
                        container,
                        Some("paths" | "webhooks" | "pathItems" | "content")
                    ) || callbacks == Some("callbacks")
                    {
                        self.path_item_refs = true;
                    }
                    if let Some(fragment) = reference.strip_prefix('#')
                        && !self.dangling.contains(reference)
                        && document.pointer(&super::percent_decode(fragment)).is_none()
                    {
                        self.dangling.insert(reference.clone());
                    }
                }
                for (key, inner) in object {
                    self.scan(document, inner, [Some(key), keys[0], keys[1]], depth + 1);
                }
            }
            Value::Array(items) => {
                for inner in items {
                    self.scan(document, inner, [None, keys[0], keys[1]], depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The structural walk over one document.
struct Walker<'a> {
    file: &'a Path,
    dialect: Dialect,
    /// The document as written, when a path item `$ref` is to be inlined from it.
    original: Option<&'a Value>,
    /// The local `$ref`s of the document as written that point at nothing.
    dangling: std::collections::HashSet<String>,
    warnings: Vec<Diagnostic>,
    /// Reported once per kind, keyed by a short stable kind name.
    habits: BTreeMap<String, Habit>,
    /// Nesting of schemas and path items (callbacks hold path items) being walked.
    depth: usize,
}

/// Deeper than this, nothing is rewritten: later stages refuse such nesting with an error
/// of their own, and the walk must not exhaust the stack first (nor loop through callbacks
/// whose path items refer back to themselves).
const MAX_DEPTH: usize = 128;

/// Hops through `$ref` chains before calling it a cycle.
const MAX_REF_HOPS: usize = 32;

impl Walker<'_> {
    /// A warning for this one place.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// A warning for a kind of thing that may occur in many places: counted, reported once.
    fn habit(&mut self, kind: &str, pointer: &str, message: impl FnOnce() -> String) {
        match self.habits.get_mut(kind) {
            Some(habit) => habit.count += 1,
            None => {
                self.habits.insert(
                    kind.to_owned(),
                    Habit {
                        message: message(),
                        first: pointer.to_owned(),
                        count: 1,
                    },
                );
            }
        }
    }

    /// A construct that belongs to 3.1 met in a 3.0 document: read, with one warning.
    fn v31_habit(&mut self, kind: &str, pointer: &str, reading: &str) {
        if self.dialect == Dialect::V30 {
            self.habit(&format!("3.1 {kind}"), pointer, || {
                format!("OpenAPI 3.1 `{kind}` in a 3.0 document; {reading}")
            });
        }
    }

    /// A construct that belongs to 3.0 met in a 3.1 document: read, with one warning.
    fn v30_habit(&mut self, kind: &str, pointer: &str, reading: &str) {
        if self.dialect == Dialect::V31 {
            self.habit(&format!("3.0 {kind}"), pointer, || {
                format!("OpenAPI 3.0 `{kind}` in a 3.1 document; {reading}")
            });
        }
    }

    /// What a path item's or media type's local `$ref` points at in the document as written;
    /// `None` for external refs.
    fn target(&self, reference: &str) -> Option<Option<&Value>> {
        let fragment = reference.strip_prefix('#')?;
        // `original` is kept whenever a path item is a `$ref` (see `Refs::scan`).
        Some(
            self.original
                .and_then(|original| original.pointer(&super::percent_decode(fragment))),
        )
    }

    /// Whether a local `$ref` points at nothing in the document as written.
    fn points_at_nothing(&self, reference: &str) -> bool {
        self.dangling.contains(reference)
    }

    /// Warns when a `$ref` leads into a part of `components` that the declared version does
    /// not define (it is followed all the same).
    fn check_section(&mut self, reference: &str, pointer: &str) {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            return;
        };
        let section = rest.split('/').next().unwrap_or_default();
        let known_30 = [
            "schemas",
            "responses",
            "parameters",
            "examples",
            "requestBodies",
            "headers",
            "securitySchemes",
            "links",
            "callbacks",
        ];
        let known =
            known_30.contains(&section) || (self.dialect == Dialect::V31 && section == "pathItems");
        if !known {
            let version = self.dialect.name();
            self.habit(&format!("section {section}"), pointer, || {
                format!(
                    "$ref into `components/{section}`, which OpenAPI {version} does not define; \
                     followed"
                )
            });
        }
    }

    fn document(&mut self, document: &mut Value) {
        let Some(root) = document.as_object_mut() else {
            return;
        };
        // The version was read by `detect`; what it wrote (a number, nothing) is text now.
        if !root.get("openapi").is_some_and(Value::is_string) {
            let version = match root.get("openapi") {
                Some(Value::Number(n)) => n.to_string(),
                _ => "3.0.3".to_owned(),
            };
            root.insert("openapi".to_owned(), Value::String(version));
        }
        if root.contains_key("webhooks") {
            self.v31_habit("webhooks", "/webhooks", "their payload types are generated");
        }
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            self.text_fields(info, "/info", &["description", "summary", "termsOfService"]);
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                if license.contains_key("identifier") {
                    self.v31_habit("license.identifier", "/info/license/identifier", "read");
                }
                if !license.get("name").is_some_and(Value::is_string) {
                    self.warn(
                        "/info/license",
                        "license without a `name`; the license is ignored",
                    );
                    info.remove("license");
                }
            }
            if info.contains_key("summary") {
                self.v31_habit("info.summary", "/info/summary", "read");
            }
        }
        if let Some(Value::Array(tags)) = root.get_mut("tags") {
            for (index, tag) in tags.iter_mut().enumerate() {
                if let Some(tag) = tag.as_object_mut() {
                    let pointer = format!("/tags/{index}");
                    self.text_fields(tag, &pointer, &["description"]);
                }
            }
        }
        self.servers(root.get_mut("servers"), "/servers");
        for section in ["paths", "webhooks"] {
            let Some(Value::Object(items)) = root.get_mut(section) else {
                continue;
            };
            let base = format!("/{section}");
            let mut dangling = Vec::new();
            for (key, item) in items.iter_mut() {
                let pointer = push_pointer(&base, key);
                if !self.path_item(item, &pointer) {
                    dangling.push(key.clone());
                }
            }
            for key in dangling {
                items.shift_remove(&key);
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        type Visit<'w> = fn(&mut Walker<'w>, &mut Value, &str);
        let sections: [(&str, Visit<'_>); 5] = [
            ("schemas", |w, v, p| w.schema(v, p)),
            ("parameters", |w, v, p| w.parameter(v, p)),
            ("requestBodies", |w, v, p| w.request_body(v, p)),
            ("headers", |w, v, p| w.header(v, p)),
            ("responses", |w, v, p| w.response(v, p)),
        ];
        for (section, visit) in sections {
            let Some(Value::Object(entries)) = components.get_mut(section) else {
                continue;
            };
            let base = push_pointer("/components", section);
            for (key, entry) in entries.iter_mut() {
                visit(self, entry, &push_pointer(&base, key));
            }
        }
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            self.v31_habit("components/pathItems", "/components/pathItems", "read");
            for (key, item) in items.iter_mut() {
                let pointer = push_pointer("/components/pathItems", key);
                self.path_item(item, &pointer);
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let unusable: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(k, _)| k.clone())
                .collect();
            for key in unusable {
                let pointer = push_pointer("/components/securitySchemes", &key);
                self.warn(
                    &pointer,
                    "`mutualTLS` security is configured on the HTTP client (bring your own \
                     `reqwest::Client` with its identity); no setter is generated",
                );
                schemes.shift_remove(&key);
            }
        }
    }

    fn servers(&mut self, servers: Option<&mut Value>, pointer: &str) {
        let Some(Value::Array(servers)) = servers else {
            return;
        };
        for (index, server) in servers.iter_mut().enumerate() {
            if let Some(server) = server.as_object_mut() {
                let at = push_pointer(pointer, &index.to_string());
                self.text_fields(server, &at, &["description"]);
            }
        }
    }

    /// Descriptive text fields that hold something else (`null`, a number, a list): ignored.
    fn text_fields(&mut self, object: &mut Map<String, Value>, pointer: &str, keys: &[&str]) {
        for key in keys {
            if let Some(value) = object.get(*key)
                && !value.is_string()
            {
                let kind = json_kind(value);
                let at = push_pointer(pointer, key);
                self.habit(&format!("text {key} {kind}"), &at, || {
                    format!("`{key}` is {kind}, not text; ignored")
                });
                object.remove(*key);
            }
        }
    }

    /// Returns false when the path item is a `$ref` to nothing (the caller drops it).
    fn path_item(&mut self, item: &mut Value, pointer: &str) -> bool {
        if self.depth >= MAX_DEPTH {
            return true;
        }
        self.depth += 1;
        let kept = self.path_item_inner(item, pointer);
        self.depth -= 1;
        kept
    }

    fn path_item_inner(&mut self, item: &mut Value, pointer: &str) -> bool {
        // Path items inside callbacks are not generated from; a `$ref` there stays as it is
        // (and cannot lead the walk round a callback that refers back to its own item).
        let in_callback = self.depth > 1;
        if !in_callback && !self.inline_path_item_ref(item, pointer) {
            return false;
        }
        let Some(object) = item.as_object_mut() else {
            return true;
        };
        self.text_fields(object, pointer, &["summary", "description"]);
        self.servers(object.get_mut("servers"), &push_pointer(pointer, "servers"));
        self.parameters(object, pointer);
        for method in METHODS {
            if let Some(operation) = object.get_mut(method) {
                self.operation(operation, &push_pointer(pointer, method));
            }
        }
        true
    }

    /// A path item that is a `$ref` becomes a copy of its target (with the referring
    /// object's own summary and description), so later stages see one kind of path item.
    fn inline_path_item_ref(&mut self, item: &mut Value, pointer: &str) -> bool {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = item.get("$ref").and_then(Value::as_str).map(str::to_owned)
            else {
                return true;
            };
            self.check_section(&reference, pointer);
            let target = match self.target(&reference) {
                None => return true, // external: refused later with its own message
                Some(None) => {
                    self.warn(
                        pointer,
                        format!(
                            "path item $ref `{reference}` points at nothing; the path is left out"
                        ),
                    );
                    return false;
                }
                Some(Some(target)) => target.clone(),
            };
            let Value::Object(mut target) = target else {
                self.warn(
                    pointer,
                    format!("path item $ref `{reference}` does not point at a path item; the path is left out"),
                );
                return false;
            };
            if let Some(object) = item.as_object() {
                for (key, value) in object {
                    if key != "$ref" {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
            *item = Value::Object(target);
        }
        self.warn(
            pointer,
            "path item $ref chain does not end (a cycle); the path is left out",
        );
        false
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str) {
        let Some(object) = operation.as_object_mut() else {
            return;
        };
        self.text_fields(object, pointer, &["summary", "description", "operationId"]);
        lenient::operation_responses(self.file, self.dialect, object, pointer, &mut self.warnings);
        self.servers(object.get_mut("servers"), &push_pointer(pointer, "servers"));
        self.parameters(object, pointer);
        if let Some(body) = object.get_mut("requestBody") {
            self.request_body(body, &push_pointer(pointer, "requestBody"));
        }
        if let Some(Value::Object(responses)) = object.get_mut("responses") {
            let base = push_pointer(pointer, "responses");
            let mut dangling = Vec::new();
            for (code, response) in responses.iter_mut() {
                let at = push_pointer(&base, code);
                if self.dangling_ref(response, &at, "the response is left out") {
                    dangling.push(code.clone());
                } else {
                    self.response(response, &at);
                }
            }
            for code in dangling {
                responses.shift_remove(&code);
            }
        }
        if let Some(Value::Object(callbacks)) = object.get_mut("callbacks") {
            let base = push_pointer(pointer, "callbacks");
            for (name, callback) in callbacks.iter_mut() {
                let Some(callback) = callback.as_object_mut() else {
                    continue;
                };
                let at = push_pointer(&base, name);
                for (expression, item) in callback.iter_mut() {
                    self.path_item(item, &push_pointer(&at, expression));
                }
            }
        }
    }

    /// Whether `value` is a local `$ref` to nothing; warns with `consequence` if so.
    fn dangling_ref(&mut self, value: &Value, pointer: &str, consequence: &str) -> bool {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return false;
        };
        self.check_section(reference, pointer);
        if self.points_at_nothing(reference) {
            let message = format!("$ref `{reference}` points at nothing; {consequence}");
            self.warn(pointer, message);
            return true;
        }
        false
    }

    fn parameters(&mut self, owner: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(parameters)) = owner.get_mut("parameters") else {
            return;
        };
        let base = push_pointer(pointer, "parameters");
        let mut kept = Vec::with_capacity(parameters.len());
        for (index, mut parameter) in std::mem::take(parameters).into_iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            if self.dangling_ref(&parameter, &at, "the parameter is left out") {
                continue;
            }
            self.parameter(&mut parameter, &at);
            kept.push(parameter);
        }
        *parameters = kept;
    }

    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        let Some(object) = parameter.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") {
            return;
        }
        self.text_fields(object, pointer, &["description"]);
        if let Some(required) = object.get("required")
            && !required.is_boolean()
        {
            let at = push_pointer(pointer, "required");
            let reading = required
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("true"));
            self.habit("parameter required", &at, || {
                format!("parameter `required` is not a boolean; read as {reading}")
            });
            object.insert("required".to_owned(), Value::Bool(reading));
        }
        self.examples_map(object, pointer);
        if let Some(schema) = object.get_mut("schema") {
            self.schema(schema, &push_pointer(pointer, "schema"));
        }
        self.content(object, pointer);
    }

    fn header(&mut self, header: &mut Value, pointer: &str) {
        self.parameter(header, pointer);
    }

    fn request_body(&mut self, body: &mut Value, pointer: &str) {
        if self.dangling_ref(body, pointer, "the body is read as any JSON value") {
            *body = serde_json::json!({"content": {"application/json": {"schema": {}}}});
            return;
        }
        let Some(object) = body.as_object_mut() else {
            return;
        };
        self.text_fields(object, pointer, &["description"]);
        self.content(object, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        let Some(object) = response.as_object_mut() else {
            return;
        };
        if object.contains_key("$ref") {
            return;
        }
        lenient::response_description(self.file, object, pointer, &mut self.warnings);
        if let Some(description) = object.get("description")
            && !description.is_string()
        {
            let kind = json_kind(description);
            let at = push_pointer(pointer, "description");
            self.habit("text response description", &at, || {
                format!("response `description` is {kind}, not text; read as empty")
            });
            object.insert("description".to_owned(), Value::String(String::new()));
        }
        if let Some(Value::Object(headers)) = object.get_mut("headers") {
            let base = push_pointer(pointer, "headers");
            let mut dangling = Vec::new();
            for (name, header) in headers.iter_mut() {
                let at = push_pointer(&base, name);
                if self.dangling_ref(header, &at, "the header is left out") {
                    dangling.push(name.clone());
                } else {
                    self.header(header, &at);
                }
            }
            for name in dangling {
                headers.shift_remove(&name);
            }
        }
        self.content(object, pointer);
    }

    fn content(&mut self, owner: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(content)) = owner.get_mut("content") else {
            return;
        };
        let base = push_pointer(pointer, "content");
        let mut unresolved = Vec::new();
        for (media, entry) in content.iter_mut() {
            let at = push_pointer(&base, media);
            if !self.inline_media_type_ref(entry, &at) {
                unresolved.push(media.clone());
                continue;
            }
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            self.examples_map(entry, &at);
            if let Some(schema) = entry.get_mut("schema") {
                self.schema(schema, &push_pointer(&at, "schema"));
            }
            if let Some(Value::Object(encodings)) = entry.get_mut("encoding") {
                let encodings_at = push_pointer(&at, "encoding");
                for (property, encoding) in encodings.iter_mut() {
                    let headers_at =
                        push_pointer(&push_pointer(&encodings_at, property), "headers");
                    if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                        for (name, header) in headers.iter_mut() {
                            self.header(header, &push_pointer(&headers_at, name));
                        }
                    }
                }
            }
        }
        for media in unresolved {
            content.remove(&media);
        }
    }

    /// A media type that is a `$ref` (OpenAPI 3.2's reusable Media Type Objects,
    /// `#/components/mediaTypes/…`, already met in documents that declare 3.0) becomes a copy
    /// of its target, so later stages see its schema. `false` when it leads nowhere: the
    /// media type is then left out, with a warning.
    fn inline_media_type_ref(&mut self, entry: &mut Value, pointer: &str) -> bool {
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = entry.get("$ref").and_then(Value::as_str).map(str::to_owned)
            else {
                return true;
            };
            self.habit("media type ref", pointer, || {
                "OpenAPI 3.2 `$ref` to a reusable media type (`components/mediaTypes`); read as \
                 a copy of its target"
                    .to_owned()
            });
            let target = match self.target(&reference) {
                Some(Some(Value::Object(target))) => target.clone(),
                Some(Some(_)) => {
                    self.warn(pointer, format!("media type $ref `{reference}` does not point at a media type; it is left out"));
                    return false;
                }
                Some(None) => {
                    self.warn(
                        pointer,
                        format!("media type $ref `{reference}` points at nothing; it is left out"),
                    );
                    return false;
                }
                None => {
                    self.warn(pointer, format!("external media type $ref `{reference}` is not supported; bundle the spec into one file first; it is left out"));
                    return false;
                }
            };
            *entry = Value::Object(target);
        }
        self.warn(
            pointer,
            "media type $refs lead round in a cycle; it is left out".to_owned(),
        );
        false
    }

    /// `examples` of a parameter or media type is a map of Example objects; a list (the
    /// schema habit) is read as `example` (its first value).
    fn examples_map(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        match object.get("examples") {
            None | Some(Value::Object(_)) => {}
            Some(other) => {
                let at = push_pointer(pointer, "examples");
                let kind = json_kind(other);
                self.habit("examples not a map", &at, || {
                    format!(
                        "`examples` here is a map of Example objects, not {kind}; its first value \
                         is read as `example`"
                    )
                });
                first_example_as_example(object);
            }
        }
    }
}

/// Moves the first value of an `examples` list to `example` (unless there is one already);
/// the list itself goes.
fn first_example_as_example(object: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = object.remove("examples")
        && let Some(first) = values.into_iter().next()
        && !object.contains_key("example")
    {
        object.insert("example".to_owned(), first);
    }
}

/// "a number", "null", … for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
