//! Cargo features per tag (opt-in: [`Builder::tag_features`](crate::Builder::tag_features),
//! `--tag-features`, `tag_features = true` in a `[[spec]]` section).
//!
//! Every tag of the spec's operations becomes a cargo feature, and operations without a tag
//! share the feature `untagged`; `default` enables them all. An operation is compiled under
//! `#[cfg(feature = "its-tag")]` (`any(...)` of its tags' features when it has several), and
//! so is everything of the client that belongs to it: its method, its request value (with
//! pagination), its response enum, its batch helper. A type is compiled when an enabled
//! feature's operation reaches it through the type graph (the closure of
//! [`reachable`](crate::ir::select::reachable)), and so is everything that names it: its
//! impls, its `Validate` impl, its `ErrorBody` variant and match arms, the error-body
//! parsers that produce the variant. Types no operation reaches (webhook payloads, unused
//! components), and everything they reach, are always compiled.
//!
//! Feature names: the tag in kebab-case, ASCII letters, digits and `-` only (`Pet Store` →
//! `pet-store`, a tag starting with a digit gets `tag-` in front, an empty one is `tag`);
//! names are claimed in the order the tags first appear among the operations, and a name
//! already taken (or `default`) gets `-2`, `-3`, … . `untagged` is claimed after every tag.
//!
//! Without the option, [`TagFeatures::default`] has no features and every query answers
//! "no `cfg`": the output is exactly what it was.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::select::{operation_types, reachable};
use crate::ir::{Api, Operation, ResponseBody, StatusMatch, TypeRef};

/// The name of the feature of the operations without a tag.
pub const UNTAGGED: &str = "untagged";

/// The cargo features of a crate generated with one feature per tag, and what each compiles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagFeatures {
    /// `(feature, the tag it stands for)`, `None` for [`UNTAGGED`], sorted by feature name.
    features: Vec<(String, Option<String>)>,
    /// The features of each operation, by method name (sorted, at least one).
    ops: BTreeMap<String, Vec<String>>,
    /// The features under which a type is compiled, by type name; a type not listed is
    /// always compiled.
    types: BTreeMap<String, BTreeSet<String>>,
}

/// A tag as a cargo feature name: kebab-case ASCII.
pub fn feature_name(tag: &str) -> String {
    let kebab = heck::ToKebabCase::to_kebab_case(tag);
    let mut name = String::new();
    for c in kebab.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() {
        "tag".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("tag-{name}")
    } else {
        name
    }
}

impl TagFeatures {
    /// The features of `api`: one per tag, `untagged` when an operation has no tag.
    pub fn new(api: &Api) -> Self {
        let mut taken: BTreeSet<String> = BTreeSet::from(["default".to_owned()]);
        let mut claim = |wanted: String| {
            let mut name = wanted.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{wanted}-{n}");
                n += 1;
            }
            taken.insert(name.clone());
            name
        };
        let mut by_tag: BTreeMap<&str, String> = BTreeMap::new();
        let mut features: Vec<(String, Option<String>)> = Vec::new();
        for op in &api.operations {
            for tag in &op.tags {
                if !by_tag.contains_key(tag.as_str()) {
                    let name = claim(feature_name(tag));
                    by_tag.insert(tag, name.clone());
                    features.push((name, Some(tag.clone())));
                }
            }
        }
        let untagged = api.operations.iter().any(|op| op.tags.is_empty()).then(|| {
            let name = claim(UNTAGGED.to_owned());
            features.push((name.clone(), None));
            name
        });
        features.sort();

        let mut ops = BTreeMap::new();
        let mut roots: BTreeMap<String, Vec<&TypeRef>> = BTreeMap::new();
        for op in &api.operations {
            let mut of_op: Vec<String> =
                op.tags.iter().map(|t| by_tag[t.as_str()].clone()).collect();
            if op.tags.is_empty()
                && let Some(untagged) = &untagged
            {
                of_op.push(untagged.clone());
            }
            of_op.sort();
            of_op.dedup();
            for feature in &of_op {
                let entry = roots.entry(feature.clone()).or_default();
                entry.extend(operation_types(op));
                if let Some(pagination) = &op.pagination {
                    entry.push(&pagination.item_type);
                }
            }
            ops.insert(op.name.clone(), of_op);
        }
        let reached: BTreeMap<String, BTreeSet<String>> = roots
            .into_iter()
            .map(|(feature, roots)| (feature, reachable(&api.types, roots)))
            .collect();
        // Always compiled: what no operation reaches, webhook payloads, and all they reach.
        let by_some: BTreeSet<&String> = reached.values().flatten().collect();
        let unreached: Vec<TypeRef> = api
            .types
            .iter()
            .filter(|t| !by_some.contains(&t.name))
            .map(|t| TypeRef::Named(t.name.clone()))
            .collect();
        let always = reachable(
            &api.types,
            unreached
                .iter()
                .chain(api.webhooks.iter().map(|w| &w.payload.ty)),
        );
        let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (feature, names) in &reached {
            for name in names.iter().filter(|name| !always.contains(*name)) {
                types
                    .entry(name.clone())
                    .or_default()
                    .insert(feature.clone());
            }
        }
        Self {
            features,
            ops,
            types,
        }
    }

    /// Whether the crate has features (the option is on and there are operations).
    pub fn is_on(&self) -> bool {
        !self.features.is_empty()
    }

    /// The feature names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.features.iter().map(|(name, _)| name.as_str())
    }

    /// The features an operation is compiled under (none when the option is off).
    pub fn of_op(&self, op: &Operation) -> &[String] {
        self.ops.get(&op.name).map_or(&[], Vec::as_slice)
    }

    /// `#[cfg(...)]` of an operation, or nothing.
    pub fn op_cfg(&self, op: &Operation) -> Option<TokenStream> {
        cfg_of(self.of_op(op))
    }

    /// `#[cfg(...)]` of the operations given together: any of them enabled.
    pub fn ops_cfg<'a>(&self, ops: impl IntoIterator<Item = &'a Operation>) -> Option<TokenStream> {
        let set: BTreeSet<&String> = ops.into_iter().flat_map(|op| self.of_op(op)).collect();
        cfg_of(set)
    }

    /// `#[cfg(...)]` of a named type, or nothing when it is always compiled.
    pub fn type_cfg(&self, name: &str) -> Option<TokenStream> {
        self.types.get(name).and_then(cfg_of)
    }

    /// `#[cfg(...)]` of an `ErrorBody` variant: the operations that declare `ty` as an
    /// error body (or a `default` success read as an error).
    pub fn error_body_cfg(&self, api: &Api, ty: &TypeRef) -> Option<TokenStream> {
        self.ops_cfg(api.operations.iter().filter(|op| {
            let defaults = op
                .success
                .iter()
                .filter(|r| op.default_is_success && r.status == StatusMatch::Default);
            op.errors
                .iter()
                .chain(defaults)
                .any(|r| matches!(&r.body, ResponseBody::Json(body) if body == ty))
        }))
    }

    /// `#[allow(unused_imports)]` for an import that a disabled feature may leave unused.
    pub fn allow_unused_import(&self) -> TokenStream {
        if self.is_on() {
            quote!(#[allow(unused_imports)])
        } else {
            TokenStream::new()
        }
    }

    /// The `[features]` table of Cargo.toml (empty without features).
    pub fn cargo_section(&self) -> String {
        if !self.is_on() {
            return String::new();
        }
        let quoted: Vec<String> = self.names().map(|n| format!("\"{n}\"")).collect();
        let mut text = String::from(
            "\n[features]\n# One feature per tag of the spec's operations (specgen --tag-features); each compiles\n# its operations and the types they reach.\n",
        );
        text.push_str(&format!("default = [{}]\n", quoted.join(", ")));
        for (name, tag) in &self.features {
            match tag {
                Some(tag) => {
                    text.push_str(&format!("# Tag `{}`.\n", tag.replace(['\n', '\r'], " ")))
                }
                None => text.push_str("# The operations without a tag.\n"),
            }
            text.push_str(&format!("{name} = []\n"));
        }
        text
    }

    /// The paragraph of the crate docs that lists the features.
    pub fn docs(&self) -> String {
        if !self.is_on() {
            return String::new();
        }
        let mut text = String::from(
            "\n\n# Features\n\nOne cargo feature per tag of the spec: each compiles the operations with that tag and the types they reach; `default` enables all of them. Types no operation reaches are always compiled.\n",
        );
        for (name, tag) in &self.features {
            match tag {
                Some(tag) => text.push_str(&format!(
                    "\n- `{name}`: the operations tagged `{}`",
                    tag.replace(['`', '\n', '\r'], " ")
                )),
                None => text.push_str(&format!("\n- `{name}`: the operations without a tag")),
            }
        }
        text
    }

    /// The single-file form with a comment after its `@generated` line (which stays first,
    /// for the ownership check): the features its includer defines.
    pub fn with_single_file_note(&self, text: String) -> String {
        if !self.is_on() {
            return text;
        }
        match text.split_once('\n') {
            Some((header, rest)) => format!(
                "{header}\n\n{}{}",
                self.single_file_note(),
                rest.trim_start_matches('\n')
            ),
            None => text,
        }
    }

    fn single_file_note(&self) -> String {
        let mut text = String::from(
            "// Generated with one cargo feature per tag: the crate that includes this file defines\n// them in its Cargo.toml (an operation whose feature is not enabled is left out):\n//\n// [features]\n",
        );
        let quoted: Vec<String> = self.names().map(|n| format!("\"{n}\"")).collect();
        text.push_str(&format!("// default = [{}]\n", quoted.join(", ")));
        for name in self.names() {
            text.push_str(&format!("// {name} = []\n"));
        }
        text.push('\n');
        text
    }
}

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`, or nothing for
/// no features.
pub fn cfg_of<S: AsRef<str>>(features: impl IntoIterator<Item = S>) -> Option<TokenStream> {
    let names: Vec<String> = features
        .into_iter()
        .map(|f| f.as_ref().to_owned())
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// Puts `cfg` on every item of `tokens` (whole items), after the item's docs; `tokens`
/// unchanged without one.
pub fn on_items(tokens: TokenStream, cfg: Option<&TokenStream>) -> TokenStream {
    let Some(cfg) = cfg else {
        return tokens;
    };
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        // Not items: left for the formatter to report.
        return tokens;
    };
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Union(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            _ => continue,
        };
        insert_after_docs(attrs, cfg);
    }
    let items = &file.items;
    quote!(#(#items)*)
}

/// Puts `cfg` on a parsed member of an `impl` block, after its docs.
pub fn on_impl_item(item: &mut syn::ImplItem, cfg: Option<&TokenStream>) {
    let Some(cfg) = cfg else { return };
    let attrs = match item {
        syn::ImplItem::Fn(f) => &mut f.attrs,
        syn::ImplItem::Const(c) => &mut c.attrs,
        syn::ImplItem::Type(t) => &mut t.attrs,
        syn::ImplItem::Macro(m) => &mut m.attrs,
        _ => return,
    };
    insert_after_docs(attrs, cfg);
}

fn insert_after_docs(attrs: &mut Vec<syn::Attribute>, cfg: &TokenStream) {
    let Ok(cfg) = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone()) else {
        return;
    };
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.splice(at..at, cfg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_kebab_case_ascii_feature_names() {
        for (tag, name) in [
            ("Pets", "pets"),
            ("Pet Store", "pet-store"),
            ("PetStore", "pet-store"),
            ("pet_store", "pet-store"),
            ("CRM / Objects", "crm-objects"),
            ("2fa", "tag-2fa"),
            ("", "tag"),
            ("---", "tag"),
            ("Café", "caf"),
        ] {
            assert_eq!(feature_name(tag), name, "{tag:?}");
        }
    }

    #[test]
    fn cfgs_for_one_and_several_features() {
        assert!(cfg_of(Vec::<String>::new()).is_none());
        assert_eq!(
            cfg_of(["a"]).map(|t| t.to_string()),
            Some("# [cfg (feature = \"a\")]".to_owned())
        );
        assert_eq!(
            cfg_of(["a", "b"]).map(|t| t.to_string()),
            Some("# [cfg (any (feature = \"a\" , feature = \"b\"))]".to_owned())
        );
    }
}
