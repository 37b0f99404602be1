//! Method names for operations: the spec's own operationId when it is a real name, and
//! otherwise a name read from the path the way REST APIs are written (`list`, `get`,
//! `create`, `update`, `replace`, `delete`, `search`, `batch_update`, …).
//!
//! Versions (`v4`, `2025-09`) and object types named by id (`0-3`) or by parameter
//! (`{objectType}`) are never words of a name; the last two stand for the module's own
//! objects, so HubSpot's deals spec, whose paths say `0-3`, reads like its orders spec.
//!
//! A derived name depends only on its own operation (method, path, summary, operationId)
//! and on the spec's title, never on the other operations, so adding an operation to a spec
//! does not rename the methods already there. The one exception is two operations that
//! derive the same name: both then take the vendor's verb or fall back to method + path.

use std::collections::HashMap;

use heck::ToSnakeCase;

use super::model::Method;
use super::names::{NameSet, bare, snake_ident};

/// Method names the generated `Client` already uses for itself.
pub const CLIENT_METHODS: &[&str] = &[
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

/// What naming looks at in one operation.
#[derive(Debug, Clone, Copy)]
pub struct NamingKey<'a> {
    /// The HTTP method.
    pub method: Method,
    /// The path template as written in the spec.
    pub path: &'a str,
    /// `operationId`, if any.
    pub operation_id: Option<&'a str>,
    /// `summary`, if any: it may name the verb (`Archive` for a DELETE).
    pub summary: Option<&'a str>,
}

/// Verbs a spec may use instead of "delete"; kept when the summary starts with one.
const DELETE_VERBS: &[&str] = &[
    "archive",
    "remove",
    "cancel",
    "revoke",
    "deactivate",
    "destroy",
    "purge",
    "trash",
    "disable",
    "detach",
    "unlink",
    "unsubscribe",
];

/// One method name per operation, in the same order.
///
/// 1. A meaningful operationId wins: snake_case of it (`listUsers` → `list_users`). An
///    operationId that only restates the method and path (HubSpot's
///    `get-/crm/v3/objects/orders/{orderId}`, FastAPI's `read_item_items__item_id__get`
///    keeps its function name, `read_item`) does not count.
/// 2. Otherwise the name comes from the path, see [`rest_name`]; where the path reads as
///    no REST name, the verb after a path-like operationId (`…_createDefault`), else method
///    + path. A name that would start with `_` or a digit gets the method in front.
/// 3. Names that collide or are reserved fall back to method + path; any collision left
///    after that is numbered in spec order (`_2`, `_3`).
pub fn method_names(title: &str, operations: &[NamingKey<'_>]) -> Vec<String> {
    let home = home_words(title);
    let mut wanted: Vec<String> = operations
        .iter()
        .map(|key| {
            let name = match key.operation_id.and_then(|id| meaningful_id(id, key)) {
                Some(id) => snake_ident(&id, ""),
                // A path that reads as no REST name: the vendor's own verb, when its
                // operationId has one, says more than the method and path would.
                None => rest_name(key, &home)
                    .or_else(|| vendor_verb(key))
                    .unwrap_or_else(|| method_path_name(key.method, key.path)),
            };
            lead_with_a_letter(name, key.method)
        })
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for name in &wanted {
        *counts.entry(name.clone()).or_default() += 1;
    }
    // A name two operations want goes to neither. The vendor's own verb after a path-like
    // operationId (HubSpot's `get-/crm/v3/properties/{objectType}_getAll`, the name its SDKs
    // use) tells them apart when each has one and they differ; else method + path do.
    let colliding: Vec<bool> = wanted
        .iter()
        .map(|name| {
            name.is_empty() || counts[name.as_str()] > 1 || CLIENT_METHODS.contains(&name.as_str())
        })
        .collect();
    let verbs: Vec<Option<String>> = operations
        .iter()
        .zip(&colliding)
        .map(|(key, &collides)| collides.then(|| vendor_verb(key)).flatten())
        .collect();
    let mut verb_counts: HashMap<&str, usize> = HashMap::new();
    for verb in verbs.iter().flatten() {
        *verb_counts.entry(verb.as_str()).or_default() += 1;
    }
    for (((name, key), &collides), verb) in wanted
        .iter_mut()
        .zip(operations)
        .zip(&colliding)
        .zip(&verbs)
    {
        if !collides {
            continue;
        }
        *name = match verb {
            Some(verb)
                if verb_counts[verb.as_str()] == 1
                    && !counts.contains_key(verb)
                    && !CLIENT_METHODS.contains(&verb.as_str()) =>
            {
                verb.clone()
            }
            _ => method_path_name(key.method, key.path),
        };
    }
    let mut taken = NameSet::with_reserved(CLIENT_METHODS.iter().copied());
    wanted.iter().map(|name| taken.claim(name)).collect()
}

/// A method name that starts with `_` or a digit (an operationId such as `2faEnable`)
/// reads as unused or generated; the HTTP method in front makes it a word.
fn lead_with_a_letter(name: String, method: Method) -> String {
    if bare(&name).starts_with(|c: char| c == '_' || c.is_ascii_digit()) {
        snake_ident(
            &format!("{} {}", method.as_str(), bare(&name)),
            method.as_str(),
        )
    } else {
        name
    }
}

/// The verb a path-like operationId ends with after its path (`_getAll` → `get_all`), if any.
fn vendor_verb(key: &NamingKey<'_>) -> Option<String> {
    let id = key.operation_id?.trim();
    let (method, rest) = id.split_once(['-', ' ', ':'])?;
    if !method.eq_ignore_ascii_case(key.method.as_str()) {
        return None;
    }
    let verb = rest.strip_prefix(key.path)?.strip_prefix('_')?;
    let valid = verb.starts_with(|c: char| c.is_ascii_alphabetic())
        && verb.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| snake_ident(verb, ""))
}

/// The operationId as a name, or `None` when it only restates the method and path.
fn meaningful_id(id: &str, key: &NamingKey<'_>) -> Option<String> {
    let trimmed = id.trim();
    if trimmed.is_empty() || trimmed == key.path || trimmed.contains('{') {
        return None;
    }
    if let Some((method, rest)) = trimmed.split_once(['-', ' ', '_', ':'])
        && Method::ALL
            .iter()
            .any(|m| m.as_str().eq_ignore_ascii_case(method))
        && rest.starts_with('/')
    {
        return None;
    }
    // FastAPI's default id: the function name, then the path and the method with every
    // non-word character made `_`.
    let fastapi_tail: String = format!("{}_{}", key.path, key.method.as_str())
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Some(function) = trimmed.strip_suffix(&fastapi_tail) {
        return (!function.is_empty()).then(|| function.to_owned());
    }
    Some(trimmed.to_owned())
}

/// The words of the title in snake_case, singular: a resource named by the title (the
/// orders of an API titled "Orders") is the API's own, and its name is left out of
/// method names (`list`, not `list_orders`).
fn home_words(title: &str) -> Vec<String> {
    title
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect()
}

/// Whether a path segment names the API's own resource: its words (singular) appear in the
/// title in a row, or it is an object type the path names by id or by parameter.
fn is_home(segment: &str, home: &[String]) -> bool {
    if segment == HOME {
        return true;
    }
    let words: Vec<String> = segment
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect();
    !words.is_empty()
        && home
            .windows(words.len())
            .any(|window| window == words.as_slice())
}

/// Stands for a path's objects of a type it names by id or parameter (HubSpot's
/// `/objects/0-3`, `/objects/{objectType}`): the module's own resource, a collection, never
/// a word of a name. No literal segment can equal it (they stop at `{`).
const HOME: &str = "{home}";

/// A path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'a> {
    Literal(&'a str),
    Param,
}

/// The segments that can name something. Versions (`v4`, `2025-09`) are left out, and an
/// object type given by id (`0-3`) or by a parameter (`{objectType}`) becomes [`HOME`],
/// together with a generic collection before it (`/objects/0-3`); after a resource of
/// its own (`/associations/{toObjectType}`) such a parameter only narrows it and is left
/// out too.
fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out: Vec<Segment<'_>> = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let whole_param = raw
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .filter(|s| !s.contains(['{', '}']));
        let object_type = match whole_param {
            Some(param) => is_type_param(param),
            None => is_object_type_id(raw),
        };
        if object_type {
            match out.last() {
                Some(Segment::Literal(before))
                    if GENERIC_COLLECTIONS.contains(&before.to_ascii_lowercase().as_str()) =>
                {
                    out.pop();
                    out.push(Segment::Literal(HOME));
                }
                Some(Segment::Literal(before)) if !is_action(before) => {}
                _ => out.push(Segment::Literal(HOME)),
            }
            continue;
        }
        // `Calls.json`, `Calls.{MediaType}`: the extension is not part of the name.
        match raw.split(['.', '{']).next() {
            Some(name) if is_version(name) => {}
            Some(name) if !name.is_empty() => out.push(Segment::Literal(name)),
            _ => out.push(Segment::Param),
        }
    }
    out
}

/// A path parameter that names a type of object rather than one object
/// (`objectType`, `toObjectType`, `entity_kind`).
fn is_type_param(param: &str) -> bool {
    let snake = param.to_snake_case();
    let last = snake.rsplit('_').next().unwrap_or_default();
    matches!(last, "type" | "kind")
}

/// An object type id such as HubSpot's `0-3` (deals) or `2-12345` (a custom object):
/// digits, a dash, digits, and not a date.
fn is_object_type_id(segment: &str) -> bool {
    let Some((a, b)) = segment.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    digits(a) && digits(b) && !is_date(segment)
}

/// `2025-09`, `2010-04-01`: a version by date.
fn is_date(segment: &str) -> bool {
    let parts: Vec<&str> = segment.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [year, month, rest @ ..] if rest.len() <= 1 => {
            digits(year, 4)
                && digits(month, 2)
                && matches!(month.parse::<u8>(), Ok(1..=12))
                && rest.iter().all(|day| digits(day, 2))
        }
        _ => false,
    }
}

/// An API version in a path: `v3`, `V2`, `v1beta1`, `v2.1`, or a date (`2025-09`).
fn is_version(segment: &str) -> bool {
    if is_date(segment) {
        return true;
    }
    let Some(rest) = segment.strip_prefix(['v', 'V']) else {
        return false;
    };
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(number_end);
    let stage = suffix.trim_end_matches(|c: char| c.is_ascii_digit());
    number.starts_with(|c: char| c.is_ascii_digit())
        && !number.ends_with('.')
        && matches!(stage, "" | "alpha" | "beta" | "preview" | "rc")
}

/// A segment that qualifies rather than names: a number (`/status/200`).
fn is_qualifier(segment: &str) -> bool {
    segment.starts_with(|c: char| c.is_ascii_digit())
}

/// The name a REST API's path suggests.
///
/// The path's tail is what follows its last parameter. Its last segment that is not an
/// action word (`search`, `batch`, `update`, `merge`, …) is the resource, and the action
/// words after it are the action; a tail of action words only acts on the item before the
/// parameter (`/pulls/{n}/merge`). Then:
/// - a collection (`/orders`): `list_orders` (GET), `create_order` (POST), `replace_orders`,
///   `update_orders`, `delete_orders`; a singular one (`/user`, `/status`) is read with
///   `get_user`;
/// - an item (`/orders/{id}`): `get_order`, `update_order` (PATCH, and POST as Stripe
///   uses it), `replace_order` (PUT), `delete_order` (DELETE, or the summary's own verb:
///   `archive_order`);
/// - an action (`/orders/search`, `/orders/batch/update`, `/pulls/{n}/merge`): the action
///   then the resource, `search_orders`, `batch_update_orders`, `merge_pull`; a sub-resource
///   read with GET: `get_repo_readme`; action words before the resource lead the name
///   (`/search/issues` → `search_issues`).
///
/// The resources a resource is nested in are named before it (`/users/{id}/repos` →
/// `list_user_repos`). The API's own resource, the one its title names or an object type
/// stands for, is left out: in an API titled "Orders", `list`, `get`, `create`, `search`,
/// `batch_update`. `None` when the path reads as no REST name (only a parameter, or a POST
/// to a singular name).
pub fn rest_name(key: &NamingKey<'_>, home: &[String]) -> Option<String> {
    let segments = segments(key.path);
    let last_param = segments.iter().rposition(|s| *s == Segment::Param);
    let tail: Vec<&str> = segments[last_param.map_or(0, |i| i + 1)..]
        .iter()
        .filter_map(|s| match s {
            Segment::Literal(text) => Some(*text),
            Segment::Param => None,
        })
        .collect();
    // Literal segments followed by a parameter, outermost first, up to `end`.
    let owners_before = |end: usize| -> Vec<&str> {
        segments[..end]
            .windows(2)
            .filter_map(|pair| match pair {
                [Segment::Literal(text), Segment::Param] => Some(*text),
                _ => None,
            })
            .collect()
    };
    let mention = |word: &str, plural: bool| -> Option<String> {
        if is_home(word, home) {
            None
        } else if plural {
            Some(word.to_owned())
        } else {
            Some(singular(word))
        }
    };
    let join = |words: Vec<String>| snake_ident(&words.join(" "), "");

    let resource_at = tail.iter().rposition(|s| !is_action(s) && !is_qualifier(s));
    let (resource, lead, actions, on_item, owners) = match (resource_at, last_param) {
        (Some(at), _) => {
            let lead_start = tail[..at]
                .iter()
                .rposition(|s| !is_action(s) || is_qualifier(s))
                .map_or(0, |i| i + 1);
            let mut owners = last_param.map_or_else(Vec::new, |end| owners_before(end + 1));
            // A collection right before the resource owns it: `/users/current`,
            // `/IncomingPhoneNumbers/Local`; a generic one (`/objects/orders`) does not.
            if lead_start == at
                && let Some(before) = at.checked_sub(1).map(|i| tail[i])
                && is_plural(before)
                && !GENERIC_COLLECTIONS.contains(&before.to_ascii_lowercase().as_str())
            {
                owners.push(before);
            }
            (
                tail[at],
                &tail[lead_start..at],
                &tail[at + 1..],
                false,
                owners,
            )
        }
        (None, Some(end)) => {
            let mut owners = owners_before(end + 1);
            let resource = owners.pop()?;
            (resource, &tail[..0], &tail[..], true, owners)
        }
        (None, None) => {
            // Only action words: `POST /search`, `POST /login`.
            return (!tail.is_empty())
                .then(|| join(tail.iter().map(|s| (*s).to_owned()).collect()));
        }
    };
    let mut words: Vec<String> = Vec::new();
    let owners = owners.iter().filter_map(|o| mention(o, false));
    let plural = !on_item && is_plural(resource);
    if !lead.is_empty() {
        // `/batch/labels/archive`: the action words on both sides of the resource.
        words.extend(lead.iter().chain(actions).map(|s| (*s).to_owned()));
        words.extend(owners);
        words.extend(mention(resource, true));
    } else if actions.is_empty() {
        let item = on_item || tail.is_empty();
        let verb = match key.method {
            Method::Get if item || !plural => "get".to_owned(),
            Method::Get => "list".to_owned(),
            Method::Post if item => "update".to_owned(),
            // POST to a singular name is a remote procedure (`/cache/info`), not a creation.
            Method::Post if !plural => return None,
            Method::Post => "create".to_owned(),
            Method::Put => "replace".to_owned(),
            Method::Patch => "update".to_owned(),
            Method::Delete => delete_verb(key.summary),
            other => other.as_str().to_owned(),
        };
        // One of a collection is singular (`create_order`); the whole collection plural.
        let whole = !item && !matches!(key.method, Method::Post);
        words.push(verb);
        words.extend(owners);
        words.extend(mention(resource, whole));
    } else if key.method == Method::Get && actions.iter().all(|a| is_qualifier(a)) {
        words.push("get".to_owned());
        words.extend(owners);
        words.extend(mention(resource, !on_item));
        words.extend(actions.iter().map(|s| (*s).to_owned()));
    } else {
        words.extend(actions.iter().map(|s| (*s).to_owned()));
        words.extend(owners);
        words.extend(mention(resource, !on_item));
    }
    Some(join(words))
}

/// The verb of a DELETE: the summary's own ("Archive", "Cancel"), or `delete`.
fn delete_verb(summary: Option<&str>) -> String {
    summary
        .and_then(|s| s.split_whitespace().next())
        .map(str::to_lowercase)
        .filter(|first| DELETE_VERBS.contains(&first.as_str()))
        .unwrap_or_else(|| "delete".to_owned())
}

/// Path segments that group resources without naming one (`/crm/v3/objects/orders`).
const GENERIC_COLLECTIONS: &[&str] = &[
    "objects",
    "resources",
    "apis",
    "services",
    "endpoints",
    "entities",
];

/// Words that name what is done rather than what it is done to.
const ACTION_WORDS: &[&str] = &[
    "search",
    "query",
    "find",
    "lookup",
    "batch",
    "bulk",
    "import",
    "export",
    "merge",
    "upload",
    "download",
    "send",
    "validate",
    "verify",
    "refresh",
    "cancel",
    "approve",
    "reject",
    "publish",
    "unpublish",
    "archive",
    "unarchive",
    "restore",
    "sync",
    "reset",
    "register",
    "login",
    "logout",
    "subscribe",
    "unsubscribe",
    "invite",
    "execute",
    "run",
    "start",
    "stop",
    "pause",
    "resume",
    "test",
    "preview",
    "convert",
    "upsert",
    "update",
    "create",
    "delete",
    "remove",
    "read",
    "get",
    "list",
    "copy",
    "move",
    "clone",
    "close",
    "reopen",
    "lock",
    "unlock",
    "enable",
    "disable",
    "activate",
    "deactivate",
    "confirm",
    "capture",
    "refund",
    "void",
    "complete",
    "submit",
    "retry",
    "count",
    "purge",
    "revoke",
    "transfer",
    "attach",
    "detach",
    "assign",
    "unassign",
    "rename",
    "check",
    "apply",
    "generate",
    "render",
    "clear",
    "invoke",
];

/// Whether a segment is an action (`search`, `batch`, `gdpr-delete`, `purge-cache`): its
/// first or last word is an action word.
fn is_action(segment: &str) -> bool {
    let snake = segment.to_snake_case();
    let mut words = snake.split('_').filter(|w| !w.is_empty());
    let first = words.next();
    let last = words.next_back().or(first);
    [first, last]
        .into_iter()
        .flatten()
        .any(|word| ACTION_WORDS.contains(&word))
}

/// Whether a word reads as an English plural (`orders`, `companies`, `line-items`); the
/// objects of a type are a collection.
fn is_plural(word: &str) -> bool {
    word == HOME || singular(word) != word
}

/// The singular of an English plural; other words unchanged. Only the regular forms:
/// `companies` → `company`, `addresses` → `address`, `orders` → `order`.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix("ies")
        && stem.len() > 1
    {
        return format!("{}y", &word[..stem.len()]);
    }
    for ending in ["sses", "shes", "ches", "xes", "zzes"] {
        if lower.ends_with(ending) {
            return word[..word.len() - 2].to_owned();
        }
    }
    let keeps_s = ["ss", "us", "is"]
        .iter()
        .any(|ending| lower.ends_with(ending))
        || lower.len() < 3;
    match lower.strip_suffix('s') {
        Some(_) if !keeps_s => word[..word.len() - 1].to_owned(),
        _ => word.to_owned(),
    }
}

fn segments_words(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by {param}"),
                None => s.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// Method and whole path: `GET /users/{id}` → `get_users_by_id`. Unique for every
/// operation of a spec, so the fallback for names that collide.
fn method_path_name(method: Method, path: &str) -> String {
    snake_ident(
        &format!("{} {}", method.as_str(), segments_words(path)),
        method.as_str(),
    )
}

#[cfg(test)]
mod tests;
