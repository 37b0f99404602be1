//! Two surfaces compared item by item, each change classified for a caller. The rules, in
//! short (the README has them in full):
//!
//! - added items, methods, trait impls: compatible; removed ones: breaking;
//! - a changed method signature (receiver, arguments, their types, the return type,
//!   generics, `async`): breaking; a moved endpoint with the same signature: compatible;
//! - a field added to a struct callers build (reachable from a method argument): breaking,
//!   since generated structs are built with struct literals that name every field, and are
//!   not `#[non_exhaustive]`; added to a struct callers only read: compatible;
//! - a field removed or retyped (optionality and nullability included, and the values of a
//!   map or list field turned nullable or no longer): breaking;
//! - a variant added to a `#[non_exhaustive]` enum (the open enums of spec values, error
//!   bodies): compatible; to an exhaustive one (response enums, unions) callers read:
//!   breaking, as exhaustive `match`es stop compiling; a variant removed: breaking, since
//!   code naming it stops compiling (the open enums still decode the value, as `Unknown`);
//! - `#[deprecated]` added or dropped, a constant's value: compatible.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{ApiDiff, Change, ChangeKind, Impact, ItemChanges};
use super::roles::{Role, Roles};
use super::surface::{Enum, Field, Item, Kind, Method, Struct, Surface};
use super::tokens::compact;

/// The changes from `old` to `new`.
pub fn compare(old: &Surface, new: &Surface) -> ApiDiff {
    let roles = Roles::of(old).union(Roles::of(new));
    let keys: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    let mut items = Vec::new();
    for key in keys {
        let (before, after) = (old.items.get(key), new.items.get(key));
        let Some(shown) = after.or(before) else {
            continue;
        };
        let role = matches!(shown.kind, Kind::Struct(_) | Kind::Enum(_) | Kind::Alias(_))
            .then(|| roles.role(key));
        let mut changes = Changes::default();
        match (before, after) {
            (Some(item), None) => changes.push(
                Impact::Breaking,
                ChangeKind::Removed,
                None,
                (Some(describe(key, item)), None),
                format!("{} `{key}` removed", item.kind.word()),
                "code that names it no longer compiles",
            ),
            (None, Some(item)) => changes.push(
                Impact::Compatible,
                ChangeKind::Added,
                None,
                (None, Some(describe(key, item))),
                format!("{} `{key}` added", item.kind.word()),
                "a new item breaks no existing code",
            ),
            (Some(before), Some(after)) => {
                compare_item(key, before, after, role.unwrap_or(Role::Both), &mut changes);
            }
            (None, None) => {}
        }
        if changes.0.is_empty() {
            continue;
        }
        let mut changes = changes.0;
        changes.sort_by(|a, b| (&a.member, a.kind).cmp(&(&b.member, b.kind)));
        items.push(ItemChanges {
            item: key.clone(),
            kind: shown.kind.word().to_owned(),
            role,
            changes,
        });
    }
    items.sort_by(|a, b| (module_rank(&a.item), &a.item).cmp(&(module_rank(&b.item), &b.item)));
    ApiDiff::new(old.version.clone(), items)
}

/// The order of items in the output: what callers call first, then what they pass and get.
fn module_rank(key: &str) -> usize {
    let module = key.split("::").next().unwrap_or_default();
    ["client", "types", "responses", "webhooks", "error"]
        .iter()
        .position(|m| *m == module)
        .unwrap_or(5)
}

/// A short description of an item for the `old`/`new` of an added or removed one.
fn describe(key: &str, item: &Item) -> String {
    match &item.kind {
        Kind::Alias(ty) => ty.text.clone(),
        Kind::Const { ty, value } => format!("{}: {value}", ty.text),
        Kind::Reexport(target) => target.clone(),
        Kind::Fn(f) => f.signature(short(key)),
        other => other.word().to_owned(),
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        member: Option<&str>,
        (old, new): (Option<String>, Option<String>),
        message: String,
        reason: &str,
    ) {
        self.0.push(Change {
            impact,
            kind,
            member: member.map(str::to_owned),
            old,
            new,
            message,
            reason: reason.to_owned(),
        });
    }
}

fn compare_item(key: &str, before: &Item, after: &Item, role: Role, out: &mut Changes) {
    match (before.deprecated, after.deprecated) {
        (false, true) => out.push(
            Impact::Compatible,
            ChangeKind::Deprecated,
            None,
            (None, None),
            "now deprecated".to_owned(),
            "using it is a warning, not an error",
        ),
        (true, false) => out.push(
            Impact::Compatible,
            ChangeKind::Undeprecated,
            None,
            (None, None),
            "no longer deprecated".to_owned(),
            "nothing that compiled stops compiling",
        ),
        _ => {}
    }
    for gone in before.traits.difference(&after.traits) {
        out.push(
            Impact::Breaking,
            ChangeKind::TraitRemoved,
            Some(gone),
            (Some(gone.clone()), None),
            format!("no longer implements `{gone}`"),
            "code that relies on the trait (e.g. `..Default::default()`) no longer compiles",
        );
    }
    for added in after.traits.difference(&before.traits) {
        out.push(
            Impact::Compatible,
            ChangeKind::TraitAdded,
            Some(added),
            (None, Some(added.clone())),
            format!("now implements `{added}`"),
            "a new trait implementation breaks no existing code",
        );
    }
    compare_methods(before, after, out);
    match (&before.kind, &after.kind) {
        (Kind::Struct(a), Kind::Struct(b)) => compare_structs(a, b, before, after, role, out),
        (Kind::Enum(a), Kind::Enum(b)) => compare_enums(a, b, role, out),
        (Kind::Alias(a), Kind::Alias(b)) if a.text != b.text => out.push(
            Impact::Breaking,
            ChangeKind::AliasChanged,
            None,
            (Some(a.text.clone()), Some(b.text.clone())),
            format!("now stands for `{}` instead of `{}`", b.text, a.text),
            "code that uses it as the old type no longer compiles",
        ),
        (Kind::Const { ty: a, value: va }, Kind::Const { ty: b, value: vb }) => {
            if a.text != b.text {
                out.push(
                    Impact::Breaking,
                    ChangeKind::ConstTypeChanged,
                    None,
                    (Some(a.text.clone()), Some(b.text.clone())),
                    format!("type `{}` → `{}`", a.text, b.text),
                    "code that uses it as the old type no longer compiles",
                );
            } else if va != vb {
                out.push(
                    Impact::Compatible,
                    ChangeKind::ConstValueChanged,
                    None,
                    (Some(va.clone()), Some(vb.clone())),
                    format!("value `{va}` → `{vb}`"),
                    "the type is the same, so callers still compile",
                );
            }
        }
        (Kind::Fn(a), Kind::Fn(b)) => {
            compare_signatures("signature", a, b, (None, short(key)), out)
        }
        (Kind::Reexport(a), Kind::Reexport(b)) if a != b => out.push(
            Impact::Breaking,
            ChangeKind::ReexportChanged,
            None,
            (Some(a.clone()), Some(b.clone())),
            format!("re-exports `{b}` instead of `{a}`"),
            "code that uses it as the old item no longer compiles",
        ),
        (Kind::Other(a), Kind::Other(b)) if a != b => out.push(
            Impact::Breaking,
            ChangeKind::ItemChanged,
            None,
            (Some(a.clone()), Some(b.clone())),
            "its definition changed".to_owned(),
            "any change to a public trait or static may break its users",
        ),
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => out.push(
            Impact::Breaking,
            ChangeKind::KindChanged,
            None,
            (Some(a.word().to_owned()), Some(b.word().to_owned())),
            format!("was a {}, is now a {}", a.word(), b.word()),
            "code that uses it as the old kind of item no longer compiles",
        ),
        _ => {}
    }
}

fn compare_methods(before: &Item, after: &Item, out: &mut Changes) {
    let renamed = renames(before, after);
    for (name, method) in &before.methods {
        if let Some((new_name, new)) = renamed
            .get(name.as_str())
            .and_then(|n| after.methods.get_key_value(*n))
        {
            renamed_method(name, method, new_name, new, out);
            continue;
        }
        match after.methods.get(name) {
            None => out.push(
                Impact::Breaking,
                ChangeKind::MethodRemoved,
                Some(name),
                (Some(method.signature(short(name))), None),
                format!("method `{name}` removed"),
                "calls to it no longer compile",
            ),
            Some(new) => compare_signatures("method", method, new, (Some(name), short(name)), out),
        }
    }
    let renamed_to: BTreeSet<&str> = renamed.values().copied().collect();
    for (name, method) in &after.methods {
        if !before.methods.contains_key(name) && !renamed_to.contains(name.as_str()) {
            out.push(
                Impact::Compatible,
                ChangeKind::MethodAdded,
                Some(name),
                (None, Some(method.signature(short(name)))),
                format!("method `{name}` added"),
                "a new method breaks no existing code",
            );
        }
    }
}

/// Removed methods paired with added ones that call the same endpoint: the operation kept
/// its HTTP method and path but its method got another name (e.g. moving one path shrinks
/// the prefix all HubSpot-style operation ids share, which renames every method). Their
/// `_chunked` helpers are paired along. Only one-to-one pairs count.
fn renames<'a>(before: &'a Item, after: &'a Item) -> BTreeMap<&'a str, &'a str> {
    let by_endpoint = |item: &'a Item, other: &'a Item| {
        let mut found: BTreeMap<&'a str, Vec<&'a str>> = BTreeMap::new();
        for (name, method) in &item.methods {
            if let Some(endpoint) = &method.endpoint
                && !other.methods.contains_key(name)
            {
                found
                    .entry(endpoint.as_str())
                    .or_default()
                    .push(name.as_str());
            }
        }
        found
    };
    let removed = by_endpoint(before, after);
    let added = by_endpoint(after, before);
    let mut pairs = BTreeMap::new();
    for (endpoint, old) in &removed {
        if let (&[old], Some(&[new])) = (old.as_slice(), added.get(endpoint).map(Vec::as_slice)) {
            pairs.insert(old, new);
            let (old_chunked, new_chunked) = (format!("{old}_chunked"), format!("{new}_chunked"));
            if let (Some((old_key, _)), Some((new_key, _))) = (
                before.methods.get_key_value(&old_chunked),
                after.methods.get_key_value(&new_chunked),
            ) && !after.methods.contains_key(&old_chunked)
                && !before.methods.contains_key(&new_chunked)
            {
                pairs.insert(old_key.as_str(), new_key.as_str());
            }
        }
    }
    pairs
}

fn renamed_method(old_name: &str, old: &Method, new_name: &str, new: &Method, out: &mut Changes) {
    let details = signature_details(old, new);
    let same_endpoint = old
        .endpoint
        .as_deref()
        .map(|e| format!(", same endpoint `{e}`"))
        .unwrap_or_default();
    let signature = if details.is_empty() {
        String::new()
    } else {
        format!("; {}", details.join("; "))
    };
    out.push(
        Impact::Breaking,
        ChangeKind::MethodRenamed,
        Some(old_name),
        (
            Some(old.signature(short(old_name))),
            Some(new.signature(short(new_name))),
        ),
        format!("method `{old_name}` renamed to `{new_name}`{same_endpoint}{signature}"),
        "calls to the old name no longer compile",
    );
}

/// The method's own name, without the `Type<Args>::` of a specialised impl.
fn short(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// Compares two signatures of one function: `member` is the method's key in its item (`None`
/// for a free function), `fn_name` the name to write the signatures with.
fn compare_signatures(
    what: &str,
    a: &Method,
    b: &Method,
    (member, fn_name): (Option<&str>, &str),
    out: &mut Changes,
) {
    let name = member.map_or_else(String::new, |m| format!(" `{m}`"));
    let details = signature_details(a, b);
    if !details.is_empty() {
        out.push(
            Impact::Breaking,
            ChangeKind::MethodSignatureChanged,
            member,
            (Some(a.signature(fn_name)), Some(b.signature(fn_name))),
            format!("{what}{name}: {}", details.join("; ")),
            "calls written for the old signature no longer compile",
        );
    }
    if a.endpoint != b.endpoint
        && let (Some(old), Some(new)) = (&a.endpoint, &b.endpoint)
    {
        out.push(
            Impact::Compatible,
            ChangeKind::EndpointChanged,
            member,
            (Some(old.clone()), Some(new.clone())),
            format!("{what}{name} now calls `{new}` instead of `{old}`"),
            "the Rust signature is unchanged; only the request it sends differs",
        );
    }
    if !a.deprecated && b.deprecated {
        out.push(
            Impact::Compatible,
            ChangeKind::Deprecated,
            member,
            (None, None),
            format!("{what}{name} is now deprecated"),
            "calling it is a warning, not an error",
        );
    } else if a.deprecated && !b.deprecated {
        out.push(
            Impact::Compatible,
            ChangeKind::Undeprecated,
            member,
            (None, None),
            format!("{what}{name} is no longer deprecated"),
            "nothing that compiled stops compiling",
        );
    }
}

/// What differs between two signatures, in words; empty when they are the same.
fn signature_details(a: &Method, b: &Method) -> Vec<String> {
    let mut details = Vec::new();
    if a.receiver != b.receiver {
        let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "no receiver".to_owned());
        details.push(format!(
            "receiver `{}` → `{}`",
            show(&a.receiver),
            show(&b.receiver)
        ));
    }
    if a.is_async != b.is_async {
        details.push(if b.is_async {
            "now `async`".to_owned()
        } else {
            "no longer `async`".to_owned()
        });
    }
    if a.generics != b.generics {
        details.push(format!("generics `{}` → `{}`", a.generics, b.generics));
    }
    for (name, ty) in &a.args {
        match b.args.iter().find(|(n, _)| n == name) {
            None => details.push(format!("argument `{name}: {}` removed", ty.text)),
            Some((_, new)) if new.text != ty.text => {
                details.push(format!("argument `{name}`: `{}` → `{}`", ty.text, new.text));
            }
            Some(_) => {}
        }
    }
    for (name, ty) in &b.args {
        if !a.args.iter().any(|(n, _)| n == name) {
            details.push(format!("argument `{name}: {}` added", ty.text));
        }
    }
    let order = |args: &[(String, _)], other: &[(String, _)]| -> Vec<String> {
        args.iter()
            .map(|(n, _)| n.clone())
            .filter(|n| other.iter().any(|(m, _)| m == n))
            .collect()
    };
    if order(&a.args, &b.args) != order(&b.args, &a.args) {
        details.push("arguments in another order".to_owned());
    }
    if a.output.text != b.output.text {
        details.push(format!(
            "returns `{}` instead of `{}`",
            b.output.text, a.output.text
        ));
    }
    details
}

fn compare_structs(
    a: &Struct,
    b: &Struct,
    before: &Item,
    after: &Item,
    role: Role,
    out: &mut Changes,
) {
    if !a.non_exhaustive && b.non_exhaustive {
        out.push(
            Impact::Breaking,
            ChangeKind::NonExhaustiveAdded,
            None,
            (None, None),
            "now `#[non_exhaustive]`".to_owned(),
            "struct literals and exhaustive patterns of it no longer compile outside the crate",
        );
    } else if a.non_exhaustive && !b.non_exhaustive {
        out.push(
            Impact::Compatible,
            ChangeKind::NonExhaustiveRemoved,
            None,
            (None, None),
            "no longer `#[non_exhaustive]`".to_owned(),
            "it may now be built with literals; nothing that compiled stops compiling",
        );
    }
    if a.private_fields != b.private_fields {
        let (impact, message, reason) = if b.private_fields {
            (
                Impact::Breaking,
                "now has private fields",
                "struct literals of it no longer compile",
            )
        } else {
            (
                Impact::Compatible,
                "no longer has private fields",
                "nothing that compiled stops compiling",
            )
        };
        out.push(
            impact,
            ChangeKind::PrivateFieldsChanged,
            None,
            (None, None),
            message.to_owned(),
            reason,
        );
    }
    for field in &a.fields {
        match b.fields.iter().find(|f| f.name == field.name) {
            None => out.push(
                Impact::Breaking,
                ChangeKind::FieldRemoved,
                Some(&field.name),
                (Some(field.ty.text.clone()), None),
                format!("field `{}: {}` removed", field.name, field.ty.text),
                "code that reads or sets it no longer compiles",
            ),
            Some(new) if new.ty.text != field.ty.text => field_retyped(field, new, role, out),
            Some(_) => {}
        }
    }
    let literal_proof = b.non_exhaustive || b.private_fields;
    for field in b
        .fields
        .iter()
        .filter(|f| !a.fields.iter().any(|o| o.name == f.name))
    {
        let optional = strip_option(&field.ty.text).is_some();
        let required = if optional { "optional" } else { "required" };
        let message = format!(
            "field `{}: {}` added ({required})",
            field.name, field.ty.text
        );
        let (impact, reason) = if literal_proof {
            (
                Impact::Compatible,
                "callers cannot build it with a struct literal (`#[non_exhaustive]` or private fields)",
            )
        } else if role.built() {
            let keeps_default =
                optional && before.traits.contains("Default") && after.traits.contains("Default");
            (
                Impact::Breaking,
                if keeps_default {
                    "callers build this type with struct literals, which must name every field \
                     (literals ending in `..Default::default()` keep compiling)"
                } else {
                    "callers build this type with struct literals, which must name every field"
                },
            )
        } else {
            (
                Impact::Compatible,
                "callers only read this type (no method argument reaches it), and reading code is unaffected",
            )
        };
        out.push(
            impact,
            ChangeKind::FieldAdded,
            Some(&field.name),
            (None, Some(field.ty.text.clone())),
            message,
            reason,
        );
    }
}

/// `T` of `Option<T>`, textually (the text is canonical).
fn strip_option(text: &str) -> Option<&str> {
    ["Option<", "::std::option::Option<"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix)?.strip_suffix('>'))
}

/// A field's type without its `Option` layers, and what they mean: (inner, required,
/// nullable) per the generator's rule — `T` required; `Option<T>` optional, or required
/// and nullable when written even as `None`; `Option<Option<T>>` optional and nullable.
fn optionality(field: &Field) -> (&str, bool, bool) {
    let text = field.ty.text.as_str();
    match strip_option(text) {
        None => (text, true, false),
        Some(inner) => match strip_option(inner) {
            Some(innermost) => (innermost, false, true),
            None if field.omitted_when_none => (inner, false, false),
            None => (inner, true, true),
        },
    }
}

fn field_retyped(old: &Field, new: &Field, role: Role, out: &mut Changes) {
    let (old_inner, old_required, old_nullable) = optionality(old);
    let (new_inner, new_required, new_nullable) = optionality(new);
    if (old_required, old_nullable) == (new_required, new_nullable)
        && let Some(elements) = element_nullability(old_inner, new_inner)
    {
        elements_retyped(old, new, &elements, role, out);
        return;
    }
    let kind = if old_inner != new_inner {
        ChangeKind::FieldRetyped
    } else if !old_nullable && new_nullable {
        ChangeKind::FieldNowNullable
    } else if old_nullable && !new_nullable {
        ChangeKind::FieldNoLongerNullable
    } else if old_required && !new_required {
        ChangeKind::FieldNowOptional
    } else if !old_required && new_required {
        ChangeKind::FieldNowRequired
    } else {
        ChangeKind::FieldRetyped
    };
    let what = match kind {
        ChangeKind::FieldNowNullable => "may now be null",
        ChangeKind::FieldNoLongerNullable => "may no longer be null",
        ChangeKind::FieldNowOptional => "is now optional",
        ChangeKind::FieldNowRequired => "is now required",
        _ => "changed type",
    };
    let reason = no_longer_compiles(role, "code that reads it");
    out.push(
        Impact::Breaking,
        kind,
        Some(&new.name),
        (Some(old.ty.text.clone()), Some(new.ty.text.clone())),
        format!(
            "field `{}` {what}: `{}` → `{}`",
            new.name, old.ty.text, new.ty.text
        ),
        &reason,
    );
}

/// Why a retyped field breaks callers: `read` is the code that reads it.
fn no_longer_compiles(role: Role, read: &str) -> String {
    let mut reasons = Vec::new();
    if role.built() {
        reasons.push("a struct literal that sets it");
    }
    if role.read() {
        reasons.push(read);
    }
    let verb = if reasons.len() > 1 {
        "compile"
    } else {
        "compiles"
    };
    format!("{} no longer {verb}", reasons.join(" and "))
}

/// The elements of a map or list field whose nullability changed, the field otherwise the
/// same: `BTreeMap<String, String>` → `BTreeMap<String, Option<String>>` (a map value HubSpot
/// may send as `null`), `Vec<T>` → `Vec<Option<T>>`, or back.
struct Elements {
    /// What holds them and what one is called: (`map`, `value`) or (`list`, `item`).
    container: &'static str,
    element: &'static str,
    /// The element type before and after: `String`, `Option<String>`.
    old: String,
    new: String,
    /// `T` → `Option<T>` (else `Option<T>` → `T`).
    now_nullable: bool,
}

/// [`Elements`] when `old` and `new` (field types without their own `Option`s) are the same
/// map or `Vec` type whose element type differs by one `Option` layer alone.
fn element_nullability(old: &str, new: &str) -> Option<Elements> {
    let (old_ty, new_ty) = (
        syn::parse_str::<syn::Type>(old).ok()?,
        syn::parse_str::<syn::Type>(new).ok()?,
    );
    let (syn::Type::Path(a), syn::Type::Path(b)) = (&old_ty, &new_ty) else {
        return None;
    };
    let (a_last, b_last) = (a.path.segments.last()?, b.path.segments.last()?);
    let (container_kind, element) = match a_last.ident.to_string().as_str() {
        "BTreeMap" | "HashMap" | "IndexMap" => ("map", "value"),
        "Vec" => ("list", "item"),
        _ => return None,
    };
    let container = |p: &syn::TypePath| {
        let mut path = p.path.clone();
        if let Some(last) = path.segments.last_mut() {
            last.arguments = syn::PathArguments::None;
        }
        (p.qself.is_some(), compact(&path))
    };
    if container(a) != container(b) {
        return None;
    }
    let arguments = |segment: &syn::PathSegment| match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => {
            Some(args.args.iter().map(compact).collect::<Vec<_>>())
        }
        _ => None,
    };
    let (a_args, b_args) = (arguments(a_last)?, arguments(b_last)?);
    let (Some((a_element, a_keys)), Some((b_element, b_keys))) =
        (a_args.split_last(), b_args.split_last())
    else {
        return None;
    };
    if a_keys != b_keys {
        return None;
    }
    let now_nullable = if strip_option(b_element) == Some(a_element.as_str()) {
        true
    } else if strip_option(a_element) == Some(b_element.as_str()) {
        false
    } else {
        return None;
    };
    Some(Elements {
        container: container_kind,
        element,
        old: a_element.clone(),
        new: b_element.clone(),
        now_nullable,
    })
}

/// A map's values or a list's items turned nullable, or no longer: the field keeps its
/// container, each element gains or loses its `Option`.
fn elements_retyped(old: &Field, new: &Field, elements: &Elements, role: Role, out: &mut Changes) {
    let (kind, what) = if elements.now_nullable {
        (ChangeKind::FieldValuesNowNullable, "may now be null")
    } else {
        (
            ChangeKind::FieldValuesNoLongerNullable,
            "may no longer be null",
        )
    };
    let read = format!("code that reads its {}s", elements.element);
    let reason = format!(
        "{}: each {} is `{}` now, not `{}`",
        no_longer_compiles(role, &read),
        elements.element,
        elements.new,
        elements.old
    );
    out.push(
        Impact::Breaking,
        kind,
        Some(&new.name),
        (Some(old.ty.text.clone()), Some(new.ty.text.clone())),
        format!(
            "field `{}`: its {} {}s {what}, `{}` → `{}`",
            new.name, elements.container, elements.element, elements.old, elements.new
        ),
        &reason,
    );
}

fn compare_enums(a: &Enum, b: &Enum, role: Role, out: &mut Changes) {
    if !a.non_exhaustive && b.non_exhaustive {
        out.push(
            Impact::Breaking,
            ChangeKind::NonExhaustiveAdded,
            None,
            (None, None),
            "now `#[non_exhaustive]`".to_owned(),
            "exhaustive `match`es on it need a wildcard arm now",
        );
    } else if a.non_exhaustive && !b.non_exhaustive {
        out.push(
            Impact::Compatible,
            ChangeKind::NonExhaustiveRemoved,
            None,
            (None, None),
            "no longer `#[non_exhaustive]`".to_owned(),
            "`match`es with a wildcard arm still compile",
        );
    }
    let keeps_unknown = b.variants.iter().any(|v| v.name == "Unknown");
    for variant in &a.variants {
        match b.variants.iter().find(|v| v.name == variant.name) {
            None => out.push(
                Impact::Breaking,
                ChangeKind::VariantRemoved,
                Some(&variant.name),
                (Some(format!("{}{}", variant.name, variant.payload)), None),
                format!("variant `{}{}` removed", variant.name, variant.payload),
                if keeps_unknown && b.non_exhaustive {
                    "code that names the variant no longer compiles; the value itself still \
                     decodes, as `Unknown(..)`"
                } else {
                    "code that names or matches the variant no longer compiles"
                },
            ),
            Some(new) if new.payload != variant.payload => out.push(
                Impact::Breaking,
                ChangeKind::VariantChanged,
                Some(&variant.name),
                (
                    Some(format!("{}{}", variant.name, variant.payload)),
                    Some(format!("{}{}", new.name, new.payload)),
                ),
                format!(
                    "variant `{}` now holds `{}` instead of `{}`",
                    variant.name, new.payload, variant.payload
                ),
                "code that builds or matches the variant no longer compiles",
            ),
            Some(_) => {}
        }
    }
    for variant in b
        .variants
        .iter()
        .filter(|v| !a.variants.iter().any(|o| o.name == v.name))
    {
        let (impact, reason) = if b.non_exhaustive {
            (
                Impact::Compatible,
                "the enum is `#[non_exhaustive]`: `match`es on it already have a wildcard arm",
            )
        } else if role.read() {
            (
                Impact::Breaking,
                "the enum is exhaustive: `match`es on it without a wildcard arm no longer compile",
            )
        } else {
            (
                Impact::Compatible,
                "callers only build this enum (no return type reaches it), so they never match on it",
            )
        };
        out.push(
            impact,
            ChangeKind::VariantAdded,
            Some(&variant.name),
            (None, Some(format!("{}{}", variant.name, variant.payload))),
            format!("variant `{}{}` added", variant.name, variant.payload),
            reason,
        );
    }
}
