//! Which operations return one page of a longer list, and how to ask for the next page.
//!
//! Read from the shapes the spec gives, never from an operation's name: a response with a
//! list of items and something that leads to the next page, matched with the request input
//! that takes it. The forms real APIs use:
//! - a cursor in the page matched with a query parameter or body field of the same name:
//!   HubSpot's `paging.next.after` → `after` (a body field its published search specs mark
//!   required), `next_cursor` → `cursor`, `nextPageToken` → `pageToken`;
//! - Stripe's `has_more` with the last item's `id` → `starting_after`;
//! - the next page's URL in the page (`next`, `links.next`, `@odata.nextLink`);
//! - the `Link: <…>; rel="next"` header, when the response declares it (GitHub).
//!
//! Where the shapes cannot tell, the operation's `x-specgen-pagination` extension names
//! the fields (`{items: results, next: paging.next.after, param: after}`, or `{next: …,
//! url: true}` for a URL) or turns detection off (`x-specgen-pagination: false`).

use serde_json::Value;

use super::model::{
    Api, BodyEncoding, Field, Method, Operation, Param, ParamLocation, ResponseBody, StructDef,
    TypeDef, TypeKind, TypeRef,
};
pub use super::model::{CursorTarget, FieldStep, NextPage, Pagination, Wrap};
use crate::diagnostics::{Diagnostic, push_pointer};
use crate::load::Spec;

/// The extension that names or disables an operation's pagination.
pub const EXTENSION: &str = "x-specgen-pagination";

/// Field names of the list of items, most likely first.
const ITEM_FIELDS: &[&str] = &[
    "results", "data", "items", "entries", "records", "values", "elements", "objects", "nodes",
    "list", "content",
];

/// Wire names (snake_case) of a cursor in a page.
const CURSOR_FIELDS: &[&str] = &[
    "after",
    "next_cursor",
    "cursor",
    "next_page_token",
    "next_token",
    "continuation_token",
    "next_page_cursor",
    "end_cursor",
    "next_marker",
    "next_key",
    "starting_after",
];

/// Wire names (snake_case) of request inputs that take a cursor.
const CURSOR_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "page_token",
    "next_token",
    "continuation_token",
    "starting_after",
    "marker",
    "page_cursor",
    "start_cursor",
    "next_key",
];

/// Wire names (snake_case) of the next page's URL.
const URL_FIELDS: &[&str] = &[
    "next",
    "next_url",
    "next_page_url",
    "next_link",
    "odata_next_link",
];

/// Objects a cursor or URL may be nested in (`paging.next.after`, `links.next`). Never
/// `prev`/`previous`: HubSpot's `Paging` has `prev.before` beside `next.after`, and the
/// streams read forward.
const HOLDERS: &[&str] = &[
    "paging",
    "pagination",
    "page",
    "page_info",
    "next",
    "links",
    "link",
    "meta",
    "cursor",
    "response_metadata",
];

/// Detects the pagination of every operation; the extension's mistakes are warnings.
pub fn detect_all(spec: &Spec, api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| {
            let pointer = push_pointer(&push_pointer("/paths", op.path.as_str()), op.method.as_str());
            let extension = spec
                .document
                .pointer(&pointer)
                .and_then(|o| o.get(EXTENSION));
            match extension {
                Some(Value::Bool(false)) => None,
                Some(value @ Value::Object(_)) => {
                    let configured = configured(api, op, value);
                    if configured.is_none() {
                        diagnostics.push(spec.warning(
                            &push_pointer(&pointer, EXTENSION),
                            "names fields this operation does not have (expected `items`, `next` and \
                             `param` or `url: true`); pagination is left out",
                        ));
                    }
                    configured
                }
                _ => detect(spec, api, op, &pointer),
            }
        })
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

/// The one JSON type all of an operation's successes have.
fn page_type(op: &Operation) -> Option<&TypeRef> {
    let mut bodies = op.success.iter().map(|r| match &r.body {
        ResponseBody::Json(ty) => Some(ty),
        _ => None,
    });
    let first = bodies.next()??;
    bodies.all(|b| b == Some(first)).then_some(first)
}

fn type_def<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeDef> {
    match ty {
        TypeRef::Named(name) => {
            let def = api.types.iter().find(|t| &t.name == name)?;
            match &def.kind {
                TypeKind::Alias(inner) => type_def(api, inner),
                _ => Some(def),
            }
        }
        TypeRef::Boxed(inner) => type_def(api, inner),
        _ => None,
    }
}

fn struct_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a StructDef> {
    match &type_def(api, ty)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

fn step(field: &Field) -> FieldStep {
    let wrap = match (field.required, field.nullable) {
        (true, false) => Wrap::Plain,
        (false, true) => Wrap::DoubleOption,
        _ => Wrap::Option,
    };
    FieldStep {
        name: field.name.clone(),
        wire_name: field.wire_name.clone(),
        wrap,
    }
}

fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name.trim_start_matches(['@', '$', '_']))
}

fn unboxed(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Boxed(inner) | TypeRef::Option(inner) => unboxed(inner),
        other => other,
    }
}

/// The list of items in a page: the page itself, or its field named like a list.
fn items(api: &Api, page: &TypeRef) -> Option<(Vec<FieldStep>, TypeRef)> {
    if let TypeRef::Vec(item) = unboxed(page) {
        return Some((Vec::new(), (**item).clone()));
    }
    if let Some(TypeDef {
        kind: TypeKind::Alias(TypeRef::Vec(item)),
        ..
    }) = type_def(api, page)
    {
        return Some((Vec::new(), (**item).clone()));
    }
    let fields = &struct_of(api, page)?.fields;
    let lists: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(unboxed(&f.ty), TypeRef::Vec(_)))
        .collect();
    let chosen = ITEM_FIELDS
        .iter()
        .find_map(|name| lists.iter().find(|f| snake(&f.wire_name) == *name))
        .or_else(|| (lists.len() == 1).then(|| &lists[0]))?;
    let TypeRef::Vec(item) = unboxed(&chosen.ty) else {
        return None;
    };
    Some((vec![step(chosen)], (**item).clone()))
}

/// String fields of a page, up to two holders deep, whose snake_case wire name is in
/// `names`, as paths.
fn string_fields(api: &Api, page: &TypeRef, names: &[&str], depth: usize) -> Vec<Vec<FieldStep>> {
    let Some(s) = struct_of(api, page) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for field in &s.fields {
        let wire = snake(&field.wire_name);
        if unboxed(&field.ty) == &TypeRef::String && names.contains(&wire.as_str()) {
            found.push(vec![step(field)]);
        } else if depth > 0 && HOLDERS.contains(&wire.as_str()) {
            for mut path in string_fields(api, &field.ty, names, depth - 1) {
                path.insert(0, step(field));
                found.push(path);
            }
        }
    }
    found
}

/// Whether a cursor named `cursor` in the page goes into an input named `input`.
fn cursor_matches(cursor: &str, input: &str) -> bool {
    cursor == input
        || cursor.strip_prefix("next_") == Some(input)
        || (cursor == "end_cursor" && input == "after")
        || (cursor == "next_page_token" && input == "page_token")
}

/// The query parameter as a cursor target, if it is a string.
fn query_target(p: &Param) -> Option<CursorTarget> {
    (p.location == ParamLocation::Query && p.ty == TypeRef::String).then(|| CursorTarget::Query {
        name: p.name.clone(),
        wire_name: p.wire_name.clone(),
        required: p.required,
    })
}

/// The body field as a cursor target, if it is a string (`Option` for a nullable one).
fn body_target(field: &Field) -> Option<CursorTarget> {
    (unboxed(&field.ty) == &TypeRef::String).then(|| CursorTarget::Body(step(field)))
}

/// Query parameters and body fields that take a cursor, required or not, with the
/// snake_case wire name.
fn cursor_targets(api: &Api, op: &Operation) -> Vec<(String, CursorTarget)> {
    let mut targets: Vec<(String, CursorTarget)> = op
        .params
        .iter()
        .filter_map(|p| Some((snake(&p.wire_name), query_target(p)?)))
        .filter(|(wire, _)| CURSOR_PARAMS.contains(&wire.as_str()))
        .collect();
    // A body cursor only for reads sent as POST (search), never on a PUT or PATCH, and
    // only in a JSON body the caller must give, which the later pages send changed.
    if let Some(body) = &op.body
        && op.method == Method::Post
        && body.required
        && body.encoding == BodyEncoding::Json
        && let Some(s) = struct_of(api, &body.ty)
    {
        targets.extend(
            s.fields
                .iter()
                .filter_map(|f| Some((snake(&f.wire_name), body_target(f)?)))
                .filter(|(wire, _)| CURSOR_PARAMS.contains(&wire.as_str())),
        );
    }
    targets
}

/// Pagination read from the shapes alone.
fn detect(spec: &Spec, api: &Api, op: &Operation, pointer: &str) -> Option<Pagination> {
    if !matches!(op.method, Method::Get | Method::Post) {
        return None;
    }
    let page = page_type(op)?;
    let (items, item_type) = items(api, page)?;
    let targets = cursor_targets(api, op);
    for cursor in string_fields(api, page, CURSOR_FIELDS, 2) {
        let leaf = snake(&cursor.last()?.wire_name);
        if let Some((_, target)) = targets.iter().find(|(wire, _)| cursor_matches(&leaf, wire)) {
            let next = NextPage::Cursor {
                cursor,
                target: target.clone(),
            };
            return Some(Pagination {
                items,
                item_type,
                next,
            });
        }
    }
    if let Some(next) = after_last_id(api, page, &item_type, &targets) {
        return Some(Pagination {
            items,
            item_type,
            next,
        });
    }
    // A URL only where the list is in a wrapper: a bare `next` beside other data is too
    // often something else.
    if !items.is_empty()
        && let Some(url) = string_fields(api, page, URL_FIELDS, 1).into_iter().next()
    {
        let next = NextPage::NextUrl { url };
        return Some(Pagination {
            items,
            item_type,
            next,
        });
    }
    declares_link_header(spec, pointer).then_some(Pagination {
        items,
        item_type,
        next: NextPage::LinkHeader,
    })
}

/// Stripe: `has_more` in the page, an `id` in each item, `starting_after` in the request.
fn after_last_id(
    api: &Api,
    page: &TypeRef,
    item: &TypeRef,
    targets: &[(String, CursorTarget)],
) -> Option<NextPage> {
    let (_, target) = targets.iter().find(|(wire, _)| wire == "starting_after")?;
    let has_more = struct_of(api, page)?
        .fields
        .iter()
        .find(|f| snake(&f.wire_name) == "has_more" && unboxed(&f.ty) == &TypeRef::Bool)?;
    let id = struct_of(api, item)?
        .fields
        .iter()
        .find(|f| f.wire_name == "id" && f.required && !f.nullable && f.ty == TypeRef::String)?;
    Some(NextPage::AfterLastId {
        has_more: vec![step(has_more)],
        id: step(id),
        target: target.clone(),
    })
}

/// Whether a success response of the operation declares a `Link` header.
fn declares_link_header(spec: &Spec, pointer: &str) -> bool {
    let Some(responses) = spec
        .document
        .pointer(&format!("{pointer}/responses"))
        .and_then(Value::as_object)
    else {
        return false;
    };
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(_, response)| resolve(spec, response)?.get("headers")?.as_object())
        .any(|headers| headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
}

/// A response object, following one `$ref`.
fn resolve<'a>(spec: &'a Spec, value: &'a Value) -> Option<&'a Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec.document.pointer(reference.strip_prefix('#')?),
        None => Some(value),
    }
}

/// Follows a dotted path of wire names through the page's structs.
fn field_path(api: &Api, mut ty: TypeRef, dotted: &str) -> Option<(Vec<FieldStep>, TypeRef)> {
    let mut steps = Vec::new();
    for part in dotted.split('.').filter(|p| !p.is_empty()) {
        let field = struct_of(api, &ty)?
            .fields
            .iter()
            .find(|f| f.wire_name == part)?;
        steps.push(step(field));
        ty = field.ty.clone();
    }
    Some((steps, ty))
}

/// Pagination as the extension names it.
fn configured(api: &Api, op: &Operation, value: &Value) -> Option<Pagination> {
    let page = page_type(op)?;
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let (items, item_type) = match text("items") {
        Some(dotted) => {
            let (steps, ty) = field_path(api, page.clone(), dotted)?;
            match unboxed(&ty) {
                TypeRef::Vec(item) => (steps, (**item).clone()),
                _ => return None,
            }
        }
        None => items(api, page)?,
    };
    let (next_path, next_ty) = field_path(api, page.clone(), text("next")?)?;
    if unboxed(&next_ty) != &TypeRef::String || next_path.is_empty() {
        return None;
    }
    let next = if value.get("url").and_then(Value::as_bool) == Some(true) {
        NextPage::NextUrl { url: next_path }
    } else {
        let param = text("param")?;
        let target = cursor_targets_named(api, op, param)?;
        NextPage::Cursor {
            cursor: next_path,
            target,
        }
    };
    Some(Pagination {
        items,
        item_type,
        next,
    })
}

/// The string query parameter or body field with this wire name, required or not.
fn cursor_targets_named(api: &Api, op: &Operation, wire_name: &str) -> Option<CursorTarget> {
    if let Some(target) = op
        .params
        .iter()
        .filter(|p| p.wire_name == wire_name)
        .find_map(query_target)
    {
        return Some(target);
    }
    let body = op
        .body
        .as_ref()
        .filter(|body| body.required && body.encoding == BodyEncoding::Json)?;
    let body = struct_of(api, &body.ty)?;
    body.fields
        .iter()
        .filter(|f| f.wire_name == wire_name)
        .find_map(body_target)
}

#[cfg(test)]
mod tests;
