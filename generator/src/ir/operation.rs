//! Operation → [`Operation`]: method names, parameters, request bodies and responses.

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
use super::naming::{NamingKey, method_names};
use super::schema::TypeBuilder;
use crate::diagnostics::push_pointer;

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
    let keys: Vec<NamingKey<'_>> = found
        .iter()
        .map(|f| NamingKey {
            method: f.method,
            path: f.path.as_str(),
            operation_id: f.operation.operation_id.as_deref(),
            summary: f.operation.summary.as_deref(),
        })
        .collect();
    let names = method_names(&spec.openapi.info.title, &keys);
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
        tags: found.operation.tags.clone(),
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
        // Read once every type is lowered: see `pagination::detect_all`.
        pagination: None,
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
