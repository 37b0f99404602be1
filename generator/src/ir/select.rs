//! Subsets of an API: the operations a user asks for, and only the types they reach.
//!
//! Rules name operations by tag (`tag:Batch`), by operationId or method name
//! (`operation:listUsers`), or by a path pattern (`path:/crm/v3/objects/*/batch/**`, `*`
//! within one segment, `**` across segments). An operation is kept when no include rule
//! is given or one matches, and no exclude rule matches. The types kept are those the
//! kept operations and webhooks reach through fields, variants and aliases (the type-graph
//! closure), so a subset compiles alone.

use std::collections::{BTreeMap, BTreeSet};

use globset::{GlobBuilder, GlobMatcher};

use super::model::{Additional, Api, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};

/// Which operations to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep only operations one of these matches (all when empty).
    pub include: Vec<Rule>,
    /// Leave out operations one of these matches.
    pub exclude: Vec<Rule>,
    /// Types only: no client at all.
    pub types_only: bool,
}

impl Selection {
    /// Whether the selection keeps everything as it is.
    pub fn is_everything(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty() && !self.types_only
    }
}

/// One way of naming operations.
#[derive(Debug, Clone)]
pub enum Rule {
    /// Operations with this tag (case as written).
    Tag(String),
    /// The operation with this operationId, or this generated method name.
    Operation(String),
    /// Operations whose path matches the pattern.
    Path(String, GlobMatcher),
}

impl Rule {
    /// Reads `tag:NAME`, `operation:ID` (or `op:ID`) and `path:PATTERN`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, value) = text.split_once(':').ok_or_else(|| {
            format!("`{text}`: expected `tag:NAME`, `operation:ID` or `path:PATTERN`")
        })?;
        if value.is_empty() {
            return Err(format!("`{text}`: nothing after `{kind}:`"));
        }
        match kind {
            "tag" => Ok(Self::Tag(value.to_owned())),
            "operation" | "op" => Ok(Self::Operation(value.to_owned())),
            "path" => {
                let glob = GlobBuilder::new(value)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| format!("`{text}`: {e}"))?;
                Ok(Self::Path(value.to_owned(), glob.compile_matcher()))
            }
            other => Err(format!(
                "`{text}`: unknown kind `{other}` (expected `tag`, `operation` or `path`)"
            )),
        }
    }

    fn matches(&self, op: &Operation) -> bool {
        match self {
            Self::Tag(tag) => op.tags.iter().any(|t| t == tag),
            Self::Operation(id) => op.operation_id.as_deref() == Some(id) || &op.name == id,
            Self::Path(_, glob) => glob.is_match(op.path.as_str()),
        }
    }
}

/// Applies a selection: drops the operations it leaves out and the types nothing kept
/// reaches any more. Returns the rules that matched no operation, for a warning.
pub fn apply(api: &mut Api, selection: &Selection) -> Vec<String> {
    if selection.is_everything() {
        return Vec::new();
    }
    let unmatched: Vec<String> = selection
        .include
        .iter()
        .chain(&selection.exclude)
        .filter(|rule| !api.operations.iter().any(|op| rule.matches(op)))
        .map(Rule::text)
        .collect();
    let filtered = !selection.include.is_empty() || !selection.exclude.is_empty();
    api.operations.retain(|op| {
        (selection.include.is_empty() || selection.include.iter().any(|r| r.matches(op)))
            && !selection.exclude.iter().any(|r| r.matches(op))
    });
    if filtered {
        let mut roots: Vec<&TypeRef> = api.operations.iter().flat_map(operation_types).collect();
        roots.extend(api.webhooks.iter().map(|w| &w.payload.ty));
        let kept = reachable(&api.types, roots);
        api.types.retain(|t| kept.contains(&t.name));
        api.schema_types.retain(|_, ty| names_only(ty, &kept));
    }
    if selection.types_only {
        api.operations.clear();
    }
    unmatched
}

impl Rule {
    fn text(&self) -> String {
        match self {
            Self::Tag(tag) => format!("tag:{tag}"),
            Self::Operation(id) => format!("operation:{id}"),
            Self::Path(pattern, _) => format!("path:{pattern}"),
        }
    }
}

/// Every type an operation's signature and results name directly.
pub fn operation_types(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    let params = op.params.iter().map(|p| &p.ty);
    let body = op.body.iter().map(|b| &b.ty);
    let responses = op
        .success
        .iter()
        .chain(&op.errors)
        .filter_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        });
    params.chain(body).chain(responses)
}

/// The names of the types reachable from `roots` (the type-graph closure).
pub fn reachable<'a>(
    types: &'a [TypeDef],
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                if seen.insert(name.clone())
                    && let Some(def) = by_name.get(name.as_str())
                {
                    pending.extend(type_refs(def));
                }
            }
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Boxed(inner) => {
                pending.push(inner);
            }
            TypeRef::Tuple(elements) => pending.extend(elements),
            _ => {}
        }
    }
    seen
}

/// The types a type definition refers to.
fn type_refs(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut refs: Vec<&TypeRef> = s.fields.iter().map(|f| &f.ty).collect();
            if let Additional::Kept(ty) = &s.additional {
                refs.push(ty);
            }
            refs
        }
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) | TypeKind::External(_) => Vec::new(),
    }
}

/// Whether every type a type use names is kept.
fn names_only(ty: &TypeRef, kept: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => kept.contains(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner) => names_only(inner, kept),
        TypeRef::Tuple(elements) => elements.iter().all(|e| names_only(e, kept)),
        _ => true,
    }
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

    fn selection(include: &[&str], exclude: &[&str]) -> Selection {
        let rules = |texts: &[&str]| {
            texts
                .iter()
                .map(|t| Rule::parse(t).expect("rule"))
                .collect()
        };
        Selection {
            include: rules(include),
            exclude: rules(exclude),
            types_only: false,
        }
    }

    fn names(api: &Api) -> Vec<&str> {
        api.operations.iter().map(|op| op.name.as_str()).collect()
    }

    fn has_type(api: &Api, name: &str) -> bool {
        api.types.iter().any(|t| t.name == name)
    }

    #[test]
    fn a_path_pattern_keeps_its_operations_and_the_types_they_reach() {
        let mut api = crm();
        let all_types = api.types.len();
        let unmatched = apply(
            &mut api,
            &selection(&["path:/crm/v3/objects/*/batch/**"], &[]),
        );
        assert!(unmatched.is_empty());
        assert_eq!(
            names(&api),
            [
                "batch_archive",
                "batch_create",
                "batch_read",
                "batch_update",
                "batch_upsert"
            ]
        );
        // Reached through a batch input's `inputs` items: kept. Only the search request
        // and the list page name these: pruned.
        assert!(has_type(&api, "SimplePublicObjectBatchInput"));
        assert!(has_type(&api, "StandardError"));
        assert!(has_type(&api, "Error"), "error bodies are reached too");
        assert!(!has_type(&api, "PublicObjectSearchRequest"));
        assert!(!has_type(&api, "Filter"));
        assert!(!has_type(&api, "ForwardPaging"));
        assert!(api.types.len() < all_types);
    }

    #[test]
    fn exclusions_operation_ids_and_unmatched_rules() {
        let mut api = crm();
        let unmatched = apply(
            &mut api,
            &selection(
                &[
                    "operation:get-/crm/v3/objects/orders_getPage",
                    "op:search",
                    "tag:Nope",
                ],
                &["operation:search"],
            ),
        );
        assert_eq!(names(&api), ["list"]);
        assert_eq!(unmatched, ["tag:Nope"]);
        assert!(has_type(&api, "NextPage"));
        assert!(!has_type(&api, "BatchStatus"));
    }

    #[test]
    fn types_only_keeps_every_type_without_a_client() {
        let mut api = crm();
        let all_types = api.types.len();
        apply(
            &mut api,
            &Selection {
                types_only: true,
                ..Selection::default()
            },
        );
        assert!(api.operations.is_empty());
        assert_eq!(api.types.len(), all_types);
    }

    #[test]
    fn malformed_rules_say_what_is_expected() {
        for (text, wanted) in [
            ("Batch", "expected `tag:NAME`"),
            ("tag:", "nothing after `tag:`"),
            ("verb:get", "unknown kind `verb`"),
            ("path:/a/[b", "path:/a/[b"),
        ] {
            let error = Rule::parse(text).expect_err(text);
            assert!(error.contains(wanted), "{text}: {error}");
        }
    }
}
