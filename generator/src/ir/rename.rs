//! The user's names: a generated type or method renamed (`Builder::rename_type`,
//! `Builder::rename_method`, `[rename]` in `specgen.toml`), every use of it following.

use std::collections::BTreeMap;

use super::model::{Additional, Api, ResponseBody, TypeKind, TypeRef};
use super::names::{camel_ident, snake_ident};
use super::naming::CLIENT_METHODS;

/// Renames, old name → new name, as the user gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// Types, by their generated Rust name.
    pub types: BTreeMap<String, String>,
    /// Client methods, by their generated name.
    pub methods: BTreeMap<String, String>,
}

/// Applies the renames. A new name that is not an identifier of its kind, or that is
/// taken, is an error (the caller's); an old name the API does not have is returned, for
/// a warning.
pub fn apply(api: &mut Api, renames: &Renames) -> Result<Vec<String>, String> {
    let mut unknown = Vec::new();
    for (old, new) in &renames.types {
        if camel_ident(new, "") != *new {
            return Err(format!(
                "`{new}` is not a type name as specgen writes them (UpperCamelCase, e.g. `{}`)",
                camel_ident(new, "Type")
            ));
        }
        if !api.types.iter().any(|t| &t.name == old) {
            unknown.push(format!("type `{old}`"));
            continue;
        }
        if api.types.iter().any(|t| &t.name == new) {
            return Err(format!(
                "cannot rename type `{old}` to `{new}`: `{new}` exists"
            ));
        }
        for def in &mut api.types {
            if &def.name == old {
                def.name.clone_from(new);
            }
        }
        each_type_ref(api, &mut |ty| {
            if let TypeRef::Named(name) = ty
                && name == old
            {
                name.clone_from(new);
            }
        });
    }
    for (old, new) in &renames.methods {
        if snake_ident(new, "") != *new || CLIENT_METHODS.contains(&new.as_str()) {
            return Err(format!(
                "`{new}` is not a method name specgen can give (snake_case, not one of the client's own: {})",
                CLIENT_METHODS.join(", ")
            ));
        }
        if !api.operations.iter().any(|op| &op.name == old) {
            unknown.push(format!("method `{old}`"));
            continue;
        }
        if api.operations.iter().any(|op| &op.name == new) {
            return Err(format!(
                "cannot rename method `{old}` to `{new}`: `{new}` exists"
            ));
        }
        for op in &mut api.operations {
            if &op.name == old {
                op.name.clone_from(new);
            }
        }
    }
    Ok(unknown)
}

/// Calls `f` on every type use of the API.
fn each_type_ref(api: &mut Api, f: &mut dyn FnMut(&mut TypeRef)) {
    fn walk(ty: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
        f(ty);
        match ty {
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Boxed(inner) => walk(inner, f),
            TypeRef::Tuple(elements) => elements.iter_mut().for_each(|e| walk(e, f)),
            _ => {}
        }
    }
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| walk(&mut field.ty, f));
                if let Additional::Kept(ty) = &mut s.additional {
                    walk(ty, f);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| walk(&mut v.ty, f)),
            TypeKind::Alias(ty) => walk(ty, f),
            TypeKind::Enum(_) | TypeKind::External(_) => {}
        }
    }
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| walk(&mut p.ty, f));
        if let Some(body) = &mut op.body {
            walk(&mut body.ty, f);
        }
        for response in op.success.iter_mut().chain(op.errors.iter_mut()) {
            if let ResponseBody::Json(ty) = &mut response.body {
                walk(ty, f);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            walk(&mut pagination.item_type, f);
        }
    }
    for webhook in &mut api.webhooks {
        walk(&mut webhook.payload.ty, f);
    }
    api.schema_types.values_mut().for_each(|ty| walk(ty, f));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn crm() -> Api {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs/crm_objects.yaml");
        let text = std::fs::read_to_string(&path).expect("feature spec");
        let spec = crate::load::load_str(&path, text).expect("loads");
        crate::ir::lower(&spec).expect("lowers").0
    }

    #[test]
    fn a_renamed_type_is_renamed_everywhere_it_is_used() {
        let mut api = crm();
        let renames = Renames {
            types: [("SimplePublicObject".to_owned(), "Order".to_owned())].into(),
            methods: [("batch_update".to_owned(), "update_many".to_owned())].into(),
        };
        assert_eq!(apply(&mut api, &renames), Ok(Vec::new()));
        assert!(api.types.iter().any(|t| t.name == "Order"));
        assert!(!api.types.iter().any(|t| t.name == "SimplePublicObject"));
        let mut uses = 0;
        each_type_ref(&mut api, &mut |ty| {
            if let TypeRef::Named(name) = ty {
                assert_ne!(name, "SimplePublicObject");
                uses += usize::from(name == "Order");
            }
        });
        assert!(
            uses >= 3,
            "the batch responses and create/update use it: {uses}"
        );
        assert!(api.operations.iter().any(|op| op.name == "update_many"));
    }

    #[test]
    fn bad_or_taken_names_are_errors_and_unknown_ones_are_reported() {
        let rename = |types: &[(&str, &str)], methods: &[(&str, &str)]| {
            let mut api = crm();
            let own = |pairs: &[(&str, &str)]| {
                pairs
                    .iter()
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .collect()
            };
            apply(
                &mut api,
                &Renames {
                    types: own(types),
                    methods: own(methods),
                },
            )
        };
        assert!(rename(&[("Filter", "not a name")], &[]).is_err());
        assert!(rename(&[("Filter", "FilterGroup")], &[]).is_err());
        assert!(rename(&[], &[("list", "search")]).is_err());
        assert!(rename(&[], &[("list", "builder")]).is_err());
        assert_eq!(
            rename(&[("Nope", "Yes")], &[("nope", "yes")]),
            Ok(vec!["type `Nope`".to_owned(), "method `nope`".to_owned()])
        );
    }
}
