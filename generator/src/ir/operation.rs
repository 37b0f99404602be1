//! Operation → [`Operation`]: method names, parameters, request bodies and responses.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, StatusCode,
};
use serde::de::DeserializeOwned;

use super::model::{
    Body, BodyEncoding, Method, Operation, Param, ParamLocation, PathStyle, PathTemplate, Response,
    ResponseBody, StatusMatch, TypeRef,
};
use super::names::{NameSet, camel_ident, snake_ident};
use super::schema::TypeBuilder;
use crate::diagnostics::push_pointer;

/// Method names the generated `Client` already uses for itself.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "http_client",
    "clone",
    "fmt",
    "execute",
    "send",
    "rate_limit",
    "remember_rate_limit",
];

/// Names the generated method bodies use for locals; arguments never take them.
const LOCAL_NAMES: &[&str] = &[
    "body", "self_", "request", "response", "url", "query", "cookies", "status", "value",
];

/// One operation as found in the spec, before lowering.
struct Found<'a> {
    method: Method,
    path: PathTemplate,
    item: &'a openapiv3::PathItem,
    operation: &'a openapiv3::Operation,
    pointer: String,
}

/// Lowers every operation of the spec in spec order.
pub fn lower_operations(types: &mut TypeBuilder<'_>) -> Vec<Operation> {
    let spec = types.spec();
    let mut found = Vec::new();
    for (path, item) in spec.openapi.paths.iter() {
        let path_pointer = push_pointer("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                let d = spec.error(
                    &path_pointer,
                    format!("path item $ref `{reference}` is not supported"),
                );
                types.diagnostics.push(d);
                continue;
            }
        };
        for (method_name, operation) in item.iter() {
            let Some(method) = Method::ALL.into_iter().find(|m| m.as_str() == method_name) else {
                continue;
            };
            found.push(Found {
                method,
                path: PathTemplate::parse(path),
                item,
                operation,
                pointer: push_pointer(&path_pointer, method_name),
            });
        }
    }
    let keys: Vec<(Method, &str, Option<&str>)> = found
        .iter()
        .map(|f| {
            (
                f.method,
                f.path.as_str(),
                f.operation.operation_id.as_deref(),
            )
        })
        .collect();
    let names = method_names(&keys);
    found
        .iter()
        .zip(names)
        .map(|(f, name)| lower_operation(types, f, name))
        .collect()
}

fn lower_operation(types: &mut TypeBuilder<'_>, found: &Found<'_>, name: String) -> Operation {
    let type_prefix = camel_ident(&name, "Operation");
    let params = lower_params(types, found, &type_prefix);
    let body = found.operation.request_body.as_ref().and_then(|body| {
        let pointer = push_pointer(&found.pointer, "requestBody");
        let (body, pointer) = resolve(types, body, &pointer)?;
        lower_body(types, &body, &pointer, &format!("{type_prefix}Body"))
    });
    let (success, errors, default_is_success) = lower_responses(types, found, &type_prefix);
    let docs = operation_docs(found.operation);
    Operation {
        name,
        operation_id: found.operation.operation_id.clone(),
        method: found.method,
        path: found.path.clone(),
        docs,
        deprecated: found.operation.deprecated,
        params,
        body,
        success,
        errors,
        default_is_success,
        // `security: []` opts an operation out of authentication; otherwise configured
        // credentials are sent.
        authenticated: found
            .operation
            .security
            .as_ref()
            .is_none_or(|list| !list.is_empty()),
    }
}

/// Doc text of an operation: its summary and description, the summary left out when the
/// description starts with it.
pub(super) fn operation_docs(operation: &openapiv3::Operation) -> Option<String> {
    match (&operation.summary, &operation.description) {
        (Some(summary), Some(description)) if !description.starts_with(summary.as_str()) => {
            Some(format!("{summary}\n\n{description}"))
        }
        (_, Some(description)) => Some(description.clone()),
        (Some(summary), None) => Some(summary.clone()),
        (None, None) => None,
    }
}

/// Resolves a `ReferenceOr<T>` through refs to refs anywhere in the document.
pub(super) fn resolve<T: DeserializeOwned + Clone>(
    types: &mut TypeBuilder<'_>,
    item: &ReferenceOr<T>,
    pointer: &str,
) -> Option<(T, String)> {
    let mut reference = match item {
        ReferenceOr::Item(item) => return Some((item.clone(), pointer.to_owned())),
        ReferenceOr::Reference { reference } => reference.clone(),
    };
    let spec = types.spec();
    for _ in 0..32 {
        let (value, target) = match spec.lookup(&reference) {
            Ok(found) => found,
            Err(message) => {
                let d = spec.error(pointer, message);
                types.diagnostics.push(d);
                return None;
            }
        };
        let target = target.as_str();
        match serde_json::from_value::<ReferenceOr<T>>(value.clone()) {
            Ok(ReferenceOr::Item(item)) => return Some((item, target.to_owned())),
            Ok(ReferenceOr::Reference { reference: next }) => reference = next,
            Err(e) => {
                let d = spec.error(
                    target,
                    format!("$ref target is not what is expected here: {e}"),
                );
                types.diagnostics.push(d);
                return None;
            }
        }
    }
    let d = spec.error(
        pointer,
        format!("$ref chain through `{reference}` does not end (a cycle)"),
    );
    types.diagnostics.push(d);
    None
}

fn lower_params(types: &mut TypeBuilder<'_>, found: &Found<'_>, type_prefix: &str) -> Vec<Param> {
    // Operation parameters override path-item ones with the same name and location.
    let mut merged: IndexMap<(String, &'static str), (Parameter, String)> = IndexMap::new();
    let item_pointer = found
        .pointer
        .rsplit_once('/')
        .map_or("", |(p, _)| p)
        .to_owned();
    let sources = [
        (
            &found.item.parameters,
            push_pointer(&item_pointer, "parameters"),
        ),
        (
            &found.operation.parameters,
            push_pointer(&found.pointer, "parameters"),
        ),
    ];
    for (list, list_pointer) in sources {
        for (index, param) in list.iter().enumerate() {
            let pointer = push_pointer(&list_pointer, &index.to_string());
            if let Some((param, at)) = resolve(types, param, &pointer) {
                let location = match &param {
                    Parameter::Path { .. } => "path",
                    Parameter::Query { .. } => "query",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                merged.insert(
                    (param.parameter_data_ref().name.clone(), location),
                    (param, at),
                );
            }
        }
    }
    let mut arg_names = NameSet::with_reserved(LOCAL_NAMES.iter().copied());
    let mut params: Vec<Param> = Vec::with_capacity(merged.len());
    for ((wire_name, _), (param, pointer)) in merged {
        let path_style = match &param {
            Parameter::Path {
                style: openapiv3::PathStyle::Label,
                ..
            } => PathStyle::Label,
            Parameter::Path {
                style: openapiv3::PathStyle::Matrix,
                ..
            } => PathStyle::Matrix,
            _ => PathStyle::Simple,
        };
        let (location, explode_default, deep_object) = match &param {
            Parameter::Path { .. } => (ParamLocation::Path, false, false),
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                true,
                matches!(style, QueryStyle::DeepObject),
            ),
            Parameter::Header { .. } => (ParamLocation::Header, false, false),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, true, false),
        };
        let data = param.parameter_data_ref();
        let hint = format!("{type_prefix}{}", camel_ident(&wire_name, "Param"));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                types.type_of(schema, &push_pointer(&pointer, "schema"), &hint)
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    media,
                    MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) => {
                    let at = push_pointer(&push_pointer(&pointer, "content"), media);
                    types.type_of(schema, &push_pointer(&at, "schema"), &hint)
                }
                _ => TypeRef::String,
            },
        };
        let ty = match ty {
            TypeRef::Option(inner) => *inner,
            other => other,
        };
        params.push(Param {
            name: arg_names.claim(&snake_ident(&wire_name, "param")),
            wire_name,
            location,
            ty,
            // Path parameters are always required, whatever the spec says.
            required: data.required || location == ParamLocation::Path,
            explode: data.explode.unwrap_or(explode_default),
            deep_object,
            path_style,
            docs: data.description.clone(),
        });
    }
    // Path parameters first, in the order they appear in the template.
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => (0, found.path.position(&p.wire_name).unwrap_or(usize::MAX)),
        _ => (1, 0),
    });
    reconcile_path_params(types, found, &mut params);
    params
}

/// Warns about template variables without a declared parameter (they are added as strings
/// by [`complete_path_params`]), and leaves out declared path parameters the template never
/// mentions: they have nowhere to go.
fn reconcile_path_params(types: &mut TypeBuilder<'_>, found: &Found<'_>, params: &mut Vec<Param>) {
    let is_path_param =
        |p: &Param, name: &str| p.location == ParamLocation::Path && p.wire_name == name;
    if found.path.is_malformed() {
        types.warn(
            &found.pointer,
            format!(
                "the path `{}` has an unmatched brace; it is sent as written",
                found.path.as_str()
            ),
        );
    }
    for name in found.path.params() {
        if !params.iter().any(|p| is_path_param(p, name)) {
            types.warn(
                &found.pointer,
                format!(
                    "path parameter `{name}` is not declared; it is taken as a required string"
                ),
            );
        }
    }
    params.retain(|p| {
        let unused = p.location == ParamLocation::Path
            && !found.path.params().any(|name| is_path_param(p, name));
        if unused {
            types.warn(
                &found.pointer,
                format!(
                    "path parameter `{}` does not appear in the path `{}`; it is left out",
                    p.wire_name,
                    found.path.as_str()
                ),
            );
        }
        !unused
    });
}

/// Declares missing path parameters as strings so every template variable gets an argument.
pub fn complete_path_params(operation: &mut Operation) {
    let mut names = NameSet::with_reserved(LOCAL_NAMES.iter().copied());
    for p in &operation.params {
        names.claim(&p.name);
    }
    let mut missing = Vec::new();
    for name in operation.path.params() {
        if !operation
            .params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            missing.push(Param {
                name: names.claim(&snake_ident(name, "param")),
                wire_name: name.to_owned(),
                location: ParamLocation::Path,
                ty: TypeRef::String,
                required: true,
                explode: false,
                deep_object: false,
                path_style: PathStyle::Simple,
                docs: None,
            });
        }
    }
    let insert_at = operation
        .params
        .iter()
        .take_while(|p| p.location == ParamLocation::Path)
        .count();
    operation.params.splice(insert_at..insert_at, missing);
}

/// The media type without parameters, lower-cased (`application/json; charset=utf-8` →
/// `application/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

fn encoding_of(media: &str) -> BodyEncoding {
    let essence = essence(media);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

/// A request body: the preferred media type it offers and the type of its schema; `hint`
/// names an inline schema's type.
pub(super) fn lower_body(
    types: &mut TypeBuilder<'_>,
    body: &openapiv3::RequestBody,
    pointer: &str,
    hint: &str,
) -> Option<Body> {
    let preference = [
        BodyEncoding::Json,
        BodyEncoding::Form,
        BodyEncoding::Multipart,
        BodyEncoding::Bytes,
        BodyEncoding::Text,
    ];
    let (media, content) = preference.iter().find_map(|wanted| {
        body.content
            .iter()
            .find(|(media, _)| encoding_of(media) == *wanted)
    })?;
    let encoding = encoding_of(media);
    let content_pointer = push_pointer(&push_pointer(pointer, "content"), media);
    let ty = match (encoding, &content.schema) {
        (BodyEncoding::Bytes, _) => TypeRef::Binary,
        (BodyEncoding::Text, _) => TypeRef::String,
        (_, Some(schema)) => types.type_of(schema, &push_pointer(&content_pointer, "schema"), hint),
        (_, None) => TypeRef::Any,
    };
    let content_type = if media.contains('*') {
        match encoding {
            BodyEncoding::Json => "application/json".to_owned(),
            BodyEncoding::Text => "text/plain".to_owned(),
            _ => "application/octet-stream".to_owned(),
        }
    } else {
        media.clone()
    };
    Some(Body {
        content_type,
        encoding,
        ty,
        required: body.required,
        docs: body.description.clone(),
    })
}

fn lower_responses(
    types: &mut TypeBuilder<'_>,
    found: &Found<'_>,
    type_prefix: &str,
) -> (Vec<Response>, Vec<Response>, bool) {
    let responses_pointer = push_pointer(&found.pointer, "responses");
    let mut all: Vec<(StatusMatch, openapiv3::Response, String)> = Vec::new();
    for (code, response) in &found.operation.responses.responses {
        let (status, key) = match code {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
            StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
        };
        let pointer = push_pointer(&responses_pointer, &key);
        if let Some((response, at)) = resolve(types, response, &pointer) {
            all.push((status, response, at));
        }
    }
    if let Some(default) = &found.operation.responses.default {
        let pointer = push_pointer(&responses_pointer, "default");
        if let Some((response, at)) = resolve(types, default, &pointer) {
            all.push((StatusMatch::Default, response, at));
        }
    }
    let is_success = |s: &StatusMatch| match s {
        StatusMatch::Code(c) => (200..300).contains(c),
        StatusMatch::Range(r) => *r == 2,
        StatusMatch::Default => false,
    };
    let default_is_success = !all.iter().any(|(s, _, _)| is_success(s));
    let success_count = all
        .iter()
        .filter(|(s, _, _)| is_success(s) || (default_is_success && *s == StatusMatch::Default))
        .count();
    let mut success = Vec::new();
    let mut errors = Vec::new();
    for (status, response, at) in all {
        let successful =
            is_success(&status) || (default_is_success && status == StatusMatch::Default);
        let suffix = match status {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(r) => format!("{r}XX"),
            StatusMatch::Default => "Default".into(),
        };
        let hint = if successful && success_count == 1 {
            format!("{type_prefix}Response")
        } else if successful {
            format!("{type_prefix}Response{suffix}")
        } else {
            format!("{type_prefix}Error{suffix}")
        };
        let body = response_body(types, &response, &at, &hint);
        let lowered = Response {
            status,
            body,
            docs: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
        };
        if successful {
            success.push(lowered);
        } else {
            errors.push(lowered);
        }
    }
    (success, errors, default_is_success)
}

fn response_body(
    types: &mut TypeBuilder<'_>,
    response: &openapiv3::Response,
    pointer: &str,
    hint: &str,
) -> ResponseBody {
    if response.content.is_empty() {
        return ResponseBody::Empty;
    }
    let content_pointer = push_pointer(pointer, "content");
    // JSON first; `*/*` with a schema is read as JSON (HubSpot's error responses).
    let json = response
        .content
        .iter()
        .find(|(media, _)| is_json(media))
        .or_else(|| {
            response
                .content
                .iter()
                .find(|(media, content)| media.contains('*') && content.schema.is_some())
        });
    if let Some((media, content)) = json {
        return match &content.schema {
            Some(schema) => {
                let at = push_pointer(&push_pointer(&content_pointer, media), "schema");
                ResponseBody::Json(types.type_of(schema, &at, hint))
            }
            None => ResponseBody::Json(TypeRef::Any),
        };
    }
    if response
        .content
        .keys()
        .any(|media| encoding_of(media) == BodyEncoding::Text)
    {
        ResponseBody::Text
    } else {
        ResponseBody::Bytes
    }
}

/// Client method names for every operation (same order as `operations`).
///
/// The rule:
/// 1. HubSpot-style path IDs (`post-/crm/v3/objects/orders/batch/update`): the method and
///    the path prefix shared by all such IDs are dropped, keeping at least the last two
///    segments (an action and what it acts on): `batch_update`.
/// 2. Other IDs: snake_case of the ID (`listUsers` → `list_users`).
/// 3. No ID: method + path (`GET /users/{id}` → `get_users_by_id`).
/// 4. Names that collide, or come out empty, fall back to method + path; any collision
///    left after that is numbered in spec order (`_2`, `_3`).
pub fn method_names(operations: &[(Method, &str, Option<&str>)]) -> Vec<String> {
    let path_style: Vec<Option<Vec<&str>>> = operations
        .iter()
        .map(|(_, _, id)| {
            id.and_then(path_style_id)
                .map(|p| p.split('/').filter(|s| !s.is_empty()).collect())
        })
        .collect();
    let shared = path_style
        .iter()
        .flatten()
        .fold(None::<Vec<&str>>, |acc, segments| match acc {
            None => Some(segments.clone()),
            Some(prefix) => Some(
                prefix
                    .iter()
                    .zip(segments)
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| *a)
                    .collect(),
            ),
        });
    let shared_len = shared.map_or(0, |s| s.len());
    let mut wanted: Vec<String> = operations
        .iter()
        .zip(&path_style)
        .map(|((method, path, id), style)| match (style, id) {
            (Some(segments), _) => {
                let keep_from = shared_len.min(segments.len().saturating_sub(2));
                snake_ident(&segments_words(&segments[keep_from..]), "")
            }
            (None, Some(id)) => snake_ident(id, ""),
            (None, None) => method_path_name(*method, path),
        })
        .collect();
    // Empty names and collisions fall back to method + path.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for name in &wanted {
        *counts.entry(name.clone()).or_default() += 1;
    }
    for (name, (method, path, _)) in wanted.iter_mut().zip(operations) {
        if name.is_empty() || counts[name.as_str()] > 1 || CLIENT_METHODS.contains(&name.as_str()) {
            *name = method_path_name(*method, path);
        }
    }
    let mut taken = NameSet::with_reserved(CLIENT_METHODS.iter().copied());
    wanted.iter().map(|name| taken.claim(name)).collect()
}

/// The path part of a HubSpot-style ID, e.g. `post-/crm/v3/x` → `/crm/v3/x`.
fn path_style_id(id: &str) -> Option<&str> {
    let (method, rest) = id.split_once('-')?;
    let known = Method::ALL
        .iter()
        .any(|m| m.as_str().eq_ignore_ascii_case(method));
    (known && rest.starts_with('/')).then_some(rest)
}

fn segments_words(segments: &[&str]) -> String {
    segments
        .iter()
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by {param}"),
                None => (*s).to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

fn method_path_name(method: Method, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    snake_ident(
        &format!("{} {}", method.as_str(), segments_words(&segments)),
        method.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered_params(path: &str, declared: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
        let params: String = declared
            .iter()
            .map(|(name, style)| {
                format!("        - {{name: {name}, in: path, required: true, style: {style}, schema: {{type: string}}}}\n")
            })
            .collect();
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  '{path}':\n    get:\n      parameters:\n{params}      responses: {{'204': {{description: ok}}}}\n"
        );
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), yaml).expect("loads");
        let (api, warnings) = crate::ir::lower(&spec).expect("lowers");
        let names = api.operations[0]
            .params
            .iter()
            .map(|p| p.wire_name.clone())
            .collect();
        (names, warnings.into_iter().map(|w| w.message).collect())
    }

    #[test]
    fn label_and_matrix_variables_keep_template_order() {
        let (names, warnings) = lowered_params(
            "/a/{;second}/{.first*}/{third}",
            &[
                ("first", "label"),
                ("third", "simple"),
                ("second", "matrix"),
            ],
        );
        assert_eq!(names, ["second", "first", "third"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn unmatched_braces_are_reported_not_fatal() {
        let (names, warnings) = lowered_params("/a/{id}/b}", &[("id", "simple")]);
        assert_eq!(names, ["id"]);
        assert!(
            warnings.iter().any(|w| w.contains("unmatched brace")),
            "{warnings:?}"
        );
    }

    #[test]
    fn hubspot_path_style_ids_become_short_names() {
        let names = method_names(&[(
            Method::Post,
            "/crm/v3/objects/orders/batch/update",
            Some("post-/crm/v3/objects/orders/batch/update"),
        )]);
        assert_eq!(names, ["batch_update"]);
        let names = method_names(&[
            (
                Method::Post,
                "/crm/v3/objects/orders/batch/update",
                Some("post-/crm/v3/objects/orders/batch/update"),
            ),
            (
                Method::Post,
                "/crm/v3/objects/orders/batch/read",
                Some("post-/crm/v3/objects/orders/batch/read"),
            ),
            (
                Method::Get,
                "/crm/v3/objects/orders/{orderId}",
                Some("get-/crm/v3/objects/orders/{orderId}"),
            ),
        ]);
        assert_eq!(names, ["batch_update", "batch_read", "orders_by_order_id"]);
    }

    #[test]
    fn plain_ids_missing_ids_and_collisions() {
        let names = method_names(&[
            (Method::Get, "/users", Some("listUsers")),
            (Method::Get, "/users/{id}", None),
            (Method::Post, "/a", Some("doThing")),
            (Method::Post, "/b", Some("do_thing")),
            (Method::Get, "/new", Some("new")),
        ]);
        assert_eq!(
            names,
            [
                "list_users",
                "get_users_by_id",
                "post_a",
                "post_b",
                "get_new"
            ]
        );
    }

    #[test]
    fn leftover_collisions_are_numbered() {
        let names = method_names(&[
            (Method::Get, "/a", Some("get_a")),
            (Method::Get, "/a", None),
        ]);
        assert_eq!(names, ["get_a", "get_a_2"]);
    }
}
