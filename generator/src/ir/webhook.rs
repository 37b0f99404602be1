//! `webhooks` (OpenAPI 3.1) → [`Webhook`]: the requests an API sends to its users' servers.
//! openapiv3 2.x does not read the key, so each entry is read from the raw document as a
//! path item; the request body of each of its operations is lowered like an operation's body.
//! The client never sends these requests, so nothing else of them is generated.
//!
//! Names: the payload alias in the `webhooks` module is the webhook's name in UpperCamelCase
//! (`newPet` → `NewPet`), followed by the method (`NewPetPost`) when the webhook has bodies
//! for several methods; an inline payload schema becomes the type `<alias>Payload` in `types`.
//! Both are claimed in spec order, so collisions are numbered deterministically.

use openapiv3::PathItem;
use serde_json::{Map, Value};

use super::model::{BodyEncoding, Method, Webhook};
use super::names::{NameSet, bare, camel_ident};
use super::operation::{lower_body, operation_docs, resolve};
use super::schema::TypeBuilder;
use crate::diagnostics::push_pointer;

/// Lowers every webhook of the spec, in spec order; none when the document has no `webhooks`.
pub fn lower_webhooks(types: &mut TypeBuilder<'_>) -> Vec<Webhook> {
    let spec = types.spec();
    let Some(raw) = spec.document.get("webhooks") else {
        return Vec::new();
    };
    let Value::Object(entries) = raw else {
        let d = spec.error(
            "/webhooks",
            "`webhooks` must be a map from webhook names to path items",
        );
        types.diagnostics.push(d);
        return Vec::new();
    };
    let mut aliases = NameSet::default();
    let mut webhooks = Vec::new();
    for (name, entry) in entries {
        let pointer = push_pointer("/webhooks", name);
        let Some((item, at)) = read_path_item(types, name, entry, &pointer) else {
            continue;
        };
        // The bodies, resolved first: the names depend on how many there are. A body without
        // content has no payload type to name.
        let mut bodies = Vec::new();
        for (method_name, operation) in item.iter() {
            let (Some(method), Some(body)) = (
                Method::ALL.into_iter().find(|m| m.as_str() == method_name),
                &operation.request_body,
            ) else {
                continue;
            };
            let body_pointer = push_pointer(&push_pointer(&at, method_name), "requestBody");
            if let Some((body, body_at)) = resolve(types, body, &body_pointer)
                && !body.content.is_empty()
            {
                bodies.push((method, operation, body, body_at));
            }
        }
        let base = camel_ident(name, "Webhook");
        let several = bodies.len() > 1;
        for (method, operation, body, body_at) in bodies {
            let wanted = if several {
                format!("{}{}", bare(&base), camel_ident(method.as_str(), "Method"))
            } else {
                base.clone()
            };
            let alias = aliases.claim(&wanted);
            let hint = format!("{}Payload", bare(&alias));
            let Some(payload) = lower_body(types, &body, &body_at, &hint) else {
                continue;
            };
            let docs = webhook_docs(name, method, operation, &payload);
            webhooks.push(Webhook {
                name: name.clone(),
                alias,
                method,
                docs: Some(docs),
                payload,
            });
        }
    }
    webhooks
}

/// `$ref`s followed before giving up (a cycle).
const MAX_REF_HOPS: usize = 32;

/// One entry of `webhooks` as a path item, following `$ref`s, with the pointer it was read
/// at; an entry that is not one is an error at the webhook's pointer.
fn read_path_item(
    types: &mut TypeBuilder<'_>,
    name: &str,
    entry: &Value,
    pointer: &str,
) -> Option<(PathItem, String)> {
    let spec = types.spec();
    let mut entry = entry;
    let mut at = pointer.to_owned();
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = entry.get("$ref").and_then(Value::as_str) else {
            return match serde_path_to_error::deserialize::<_, PathItem>(&without_responses(entry))
            {
                Ok(item) => Some((item, at)),
                Err(e) => {
                    let path = e.path().to_string();
                    let inside = if path == "." {
                        String::new()
                    } else {
                        format!(" (at `{path}`)")
                    };
                    let d = spec.error(
                        pointer,
                        format!("webhook `{name}` is not a path item{inside}: {}", e.inner()),
                    );
                    types.diagnostics.push(d);
                    None
                }
            };
        };
        match spec.lookup(reference) {
            Ok((target, target_pointer)) => {
                entry = target;
                at = target_pointer;
            }
            Err(message) => {
                let d = spec.error(pointer, message);
                types.diagnostics.push(d);
                return None;
            }
        }
    }
    let d = spec.error(
        pointer,
        format!("the $ref chain of webhook `{name}` does not end (a cycle)"),
    );
    types.diagnostics.push(d);
    None
}

/// The entry with the `responses` of each operation emptied: they describe what the user's
/// server answers, which nothing is generated from, and openapiv3 insists on their 3.0 shape
/// (OpenAPI 3.1 makes them optional).
fn without_responses(entry: &Value) -> Value {
    let mut entry = entry.clone();
    if let Some(item) = entry.as_object_mut() {
        for method in Method::ALL {
            if let Some(Value::Object(operation)) = item.get_mut(method.as_str()) {
                operation.insert("responses".to_owned(), Value::Object(Map::new()));
            }
        }
    }
    entry
}

/// "Payload of the `newPet` webhook (`POST`)", then the operation's and the body's own text.
fn webhook_docs(
    name: &str,
    method: Method,
    operation: &openapiv3::Operation,
    payload: &super::model::Body,
) -> String {
    let mut text = format!(
        "Payload of the `{}` webhook (`{}`).",
        name.replace('`', "'"),
        method.as_str().to_ascii_uppercase()
    );
    if payload.encoding != BodyEncoding::Json {
        text.push_str(&format!(
            " Sent as `{}`.",
            payload.content_type.replace('`', "'")
        ));
    }
    let own = operation_docs(operation);
    for part in [own.as_deref(), payload.docs.as_deref()]
        .into_iter()
        .flatten()
    {
        if !part.trim().is_empty() {
            text.push_str("\n\n");
            text.push_str(part);
        }
    }
    text
}
