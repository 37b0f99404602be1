//! Types shared by the modules of a crate built from several specs.
//!
//! Vendors that publish one spec per API repeat the same schemas in each (HubSpot's CRM
//! specs all define `SimplePublicObject`, `Error`, `Paging`, …). A schema defined under the
//! same name with the same shape in several specs becomes one type of the crate's `shared`
//! module, so that values pass between the modules without conversion. Docs do not count
//! as shape: the first module's docs are kept. A type is shared only when every type it
//! names is shared by the same modules (or more), so a shared type never names a type that
//! differs between them; a name whose shapes differ stays apart, one type per module (the
//! largest group of modules that agree on its shape shares it).

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, TypeDef, TypeKind, TypeRef};
use super::select::reachable;

/// The shared types: by name, the indexes of the modules that use the shared type (at
/// least two, ascending).
pub type Shared = BTreeMap<String, Vec<usize>>;

/// Which types of `apis` (one per module, in module order) become shared types.
pub fn shared_types(apis: &[&Api]) -> Shared {
    let mut candidates = Shared::new();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for api in apis {
        names.extend(api.types.iter().map(|t| t.name.as_str()));
    }
    for name in names {
        // Modules grouped by the shape they give the name; the largest group (the first
        // such on a tie) shares it.
        let mut groups: Vec<(TypeDef, Vec<usize>)> = Vec::new();
        for (index, api) in apis.iter().enumerate() {
            let Some(def) = api.types.iter().find(|t| t.name == name) else {
                continue;
            };
            let shape = without_docs(def);
            match groups.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, modules)) => modules.push(index),
                None => groups.push((shape, vec![index])),
            }
        }
        let best =
            groups
                .into_iter()
                .map(|(_, modules)| modules)
                .fold(Vec::new(), |best, modules| {
                    if modules.len() > best.len() {
                        modules
                    } else {
                        best
                    }
                });
        if best.len() >= 2 {
            candidates.insert(name.to_owned(), best);
        }
    }
    // A module keeps a candidate only when every type the candidate names is shared by
    // that module too; narrowing one candidate may narrow those that name it, so repeat
    // until nothing changes.
    // What each candidate names, per module: the type graph does not change in the loop.
    let names_of: BTreeMap<(String, usize), BTreeSet<String>> = candidates
        .iter()
        .flat_map(|(name, modules)| {
            let root = TypeRef::Named(name.clone());
            modules.iter().map(move |&index| {
                let named = reachable(&apis[index].types, [&root]);
                ((name.clone(), index), named)
            })
        })
        .collect();
    loop {
        let mut changed = false;
        let names: Vec<String> = candidates.keys().cloned().collect();
        for name in names {
            let modules = &candidates[&name];
            let kept: Vec<usize> = modules
                .iter()
                .copied()
                .filter(|&index| {
                    names_of[&(name.clone(), index)].iter().all(|other| {
                        candidates
                            .get(other)
                            .is_some_and(|others| others.contains(&index))
                    })
                })
                .collect();
            if kept.len() == modules.len() {
                continue;
            }
            changed = true;
            if kept.len() >= 2 {
                candidates.insert(name, kept);
            } else {
                candidates.remove(&name);
            }
        }
        if !changed {
            return candidates;
        }
    }
}

/// The definition with its docs (and its fields' docs) removed: its shape.
fn without_docs(def: &TypeDef) -> TypeDef {
    let mut shape = def.clone();
    shape.docs = None;
    if let TypeKind::Struct(s) = &mut shape.kind {
        for field in &mut s.fields {
            field.docs = None;
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::model::{Additional, Constraints, EnumDef, EnumRepr, Field, StructDef};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.to_owned(),
            wire_name: name.to_owned(),
            ty,
            required: true,
            nullable: false,
            docs: Some(format!("The {name}.")),
            default: None,
            constraints: Constraints::default(),
        }
    }

    fn object(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: None,
            kind: TypeKind::Struct(StructDef {
                fields,
                additional: Additional::Ignored,
            }),
        }
    }

    fn status(values: &[&str]) -> TypeDef {
        TypeDef {
            name: "Status".to_owned(),
            docs: None,
            kind: TypeKind::Enum(EnumDef {
                variants: values
                    .iter()
                    .map(|v| crate::ir::model::EnumVariant {
                        name: (*v).to_owned(),
                        value: serde_json::Value::String((*v).to_owned()),
                    })
                    .collect(),
                repr: EnumRepr::String,
                default: None,
            }),
        }
    }

    fn api(types: Vec<TypeDef>) -> Api {
        Api {
            title: "t".to_owned(),
            version: "1".to_owned(),
            description: None,
            summary: None,
            base_url: None,
            types,
            operations: Vec::new(),
            auth: Vec::new(),
            webhooks: Vec::new(),
            schema_types: BTreeMap::new(),
        }
    }

    fn paging() -> TypeDef {
        object("Paging", vec![field("after", TypeRef::String)])
    }

    fn holder(status_field: bool) -> TypeDef {
        let mut fields = vec![field("paging", TypeRef::Named("Paging".to_owned()))];
        if status_field {
            fields.push(field("status", TypeRef::Named("Status".to_owned())));
        }
        object("Page", fields)
    }

    #[test]
    fn same_shape_is_shared_whatever_the_docs() {
        let mut documented = paging();
        documented.docs = Some("Paging of the orders API.".to_owned());
        let a = api(vec![paging(), holder(false)]);
        let b = api(vec![documented, holder(false)]);
        let c = api(vec![object("Paging", vec![field("next", TypeRef::String)])]);
        let shared = shared_types(&[&a, &b, &c]);
        assert_eq!(shared.get("Paging"), Some(&vec![0, 1]));
        assert_eq!(shared.get("Page"), Some(&vec![0, 1]));
    }

    #[test]
    fn a_type_naming_a_differing_type_stays_apart() {
        let a = api(vec![paging(), status(&["open"]), holder(true)]);
        let b = api(vec![paging(), status(&["open", "closed"]), holder(true)]);
        let shared = shared_types(&[&a, &b]);
        assert_eq!(shared.keys().collect::<Vec<_>>(), ["Paging"]);
    }

    #[test]
    fn the_largest_group_shares_a_name() {
        let a = api(vec![status(&["x"])]);
        let b = api(vec![status(&["y"])]);
        let c = api(vec![status(&["y"])]);
        assert_eq!(shared_types(&[&a, &b, &c]).get("Status"), Some(&vec![1, 2]));
        assert!(shared_types(&[&a, &b]).is_empty());
    }

    #[test]
    fn a_type_is_shared_only_by_the_modules_that_share_what_it_names() {
        // Page is identical in all three, but Paging only in the first two.
        let a = api(vec![paging(), holder(false)]);
        let b = api(vec![paging(), holder(false)]);
        let c = api(vec![
            object("Paging", vec![field("cursor", TypeRef::I64)]),
            holder(false),
        ]);
        let shared = shared_types(&[&a, &b, &c]);
        assert_eq!(shared.get("Paging"), Some(&vec![0, 1]));
        assert_eq!(shared.get("Page"), Some(&vec![0, 1]));
    }
}
