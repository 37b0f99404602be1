//! The public API of a generated crate, read back from its files with `syn`: every public
//! item of every public module, with what a caller can touch of it (public fields, variants,
//! inherent `pub fn`s, implemented traits). Reading the emitted Rust, rather than the IR, makes
//! the comparison exactly about what callers compile against.

use std::collections::{BTreeMap, BTreeSet};

use super::DiffError;
use super::tokens::{Scope, TypeText, compact, use_leaves};

/// Modules nest at most this deep; generated crates use one level.
const MAX_MODULE_DEPTH: usize = 16;

/// The public API of one crate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surface {
    /// The package version in `Cargo.toml`, when there is one.
    pub version: Option<String>,
    /// Every public item, by path from the crate root (`types::Foo`, `client::Client`,
    /// `Client` for a re-export at the root).
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// Traits it implements, derived or written (`Default`, `Display`, `From<&str>`); traits
    /// of private modules are left out.
    pub traits: BTreeSet<String>,
    /// Its inherent `pub fn`s by name; those of an impl for one instance of a generic type
    /// are keyed with that instance (`Chunked<responses::X>::errors`).
    pub methods: BTreeMap<String, Method>,
}

/// The kinds of items, with what matters to a caller of each.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A public module.
    Module,
    /// A struct.
    Struct(Struct),
    /// An enum.
    Enum(Enum),
    /// `pub type X = T;`
    Alias(TypeText),
    /// `pub const X: T = v;`
    Const {
        /// Its type.
        ty: TypeText,
        /// Its value, as written.
        value: String,
    },
    /// A free function.
    Fn(Method),
    /// `pub use path;` (at any level): the path it names.
    Reexport(String),
    /// Anything else public (a trait, a static, a macro): compared by its text.
    Other(String),
}

impl Kind {
    /// A word for the kind: `struct`, `enum`, `type alias`, …
    pub fn word(&self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct(_) => "struct",
            Kind::Enum(_) => "enum",
            Kind::Alias(_) => "type alias",
            Kind::Const { .. } => "const",
            Kind::Fn(_) => "fn",
            Kind::Reexport(_) => "re-export",
            Kind::Other(_) => "item",
        }
    }
}

/// A struct's public shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Public fields in declaration order (`0`, `1`, … for a tuple struct).
    pub fields: Vec<Field>,
    /// Some fields are not public: callers cannot build it with a literal.
    pub private_fields: bool,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
}

/// A public field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its Rust name (`r#in`, `0`).
    pub name: String,
    /// Its type.
    pub ty: TypeText,
    /// Left out of the JSON when `None` (`skip_serializing_if`): the spec does not require
    /// it. Tells "optional" from "required but nullable" when both are `Option<T>`.
    pub omitted_when_none: bool,
}

/// An enum's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Variants in declaration order.
    pub variants: Vec<Variant>,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its name.
    pub name: String,
    /// Its payload as written (`(types::Foo)`, `{ a: T }`, empty for a unit variant).
    pub payload: String,
    /// The types in its payload.
    pub types: Vec<TypeText>,
}

/// A function's signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// `&self`, `&mut self`, `self`, or `None` for an associated function.
    pub receiver: Option<String>,
    /// `async fn`.
    pub is_async: bool,
    /// Generic parameters and where clause as written (empty when none).
    pub generics: String,
    /// Arguments (receiver excluded): name and type.
    pub args: Vec<(String, TypeText)>,
    /// The return type (`()` when none).
    pub output: TypeText,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// The HTTP method and path template an operation method calls (`POST /crm/…`), read
    /// from its `CALL` constant.
    pub endpoint: Option<String>,
}

impl Method {
    /// The signature as a reader would write it: `fn name(&self, body: &T) -> R`.
    pub fn signature(&self, name: &str) -> String {
        let mut args: Vec<String> = self.receiver.iter().cloned().collect();
        args.extend(self.args.iter().map(|(n, t)| format!("{n}: {}", t.text)));
        let asyncness = if self.is_async { "async " } else { "" };
        let output = if self.output.text == "()" {
            String::new()
        } else {
            format!(" -> {}", self.output.text)
        };
        format!(
            "{asyncness}fn {name}{}({}){output}",
            self.generics,
            args.join(", ")
        )
    }
}

impl Surface {
    /// Reads the API of a crate given as `(relative path, contents)` files (`Cargo.toml`,
    /// `src/lib.rs`, `src/types.rs`, …): the modules `src/lib.rs` declares public, followed
    /// into their files. A crate without `src/lib.rs` has an empty API.
    pub fn from_files(files: &[(String, String)]) -> Result<Self, DiffError> {
        let by_path: BTreeMap<&str, &str> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        let mut reader = Reader {
            files: &by_path,
            items: BTreeMap::new(),
            impls: Vec::new(),
            private_modules: BTreeSet::new(),
        };
        if let Some(lib) = by_path.get("src/lib.rs") {
            let file = parse("src/lib.rs", lib)?;
            reader.module(&file.items, "", 0)?;
        }
        reader.apply_impls();
        Ok(Self {
            version: by_path.get("Cargo.toml").and_then(|t| package_version(t)),
            items: reader.items,
        })
    }
}

fn parse(file: &str, text: &str) -> Result<syn::File, DiffError> {
    syn::parse_file(text).map_err(|e| DiffError::Unparsable {
        file: file.to_owned(),
        message: e.to_string(),
    })
}

/// `version = "…"` of the `[package]` table.
fn package_version(toml: &str) -> Option<String> {
    let mut in_package = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(rest) = line.strip_prefix("version") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

/// An `impl` block waiting for every item to be known.
struct PendingImpl {
    scope: Scope,
    block: syn::ItemImpl,
}

struct Reader<'a> {
    files: &'a BTreeMap<&'a str, &'a str>,
    items: BTreeMap<String, Item>,
    impls: Vec<PendingImpl>,
    private_modules: BTreeSet<String>,
}

impl Reader<'_> {
    fn module(&mut self, items: &[syn::Item], module: &str, depth: usize) -> Result<(), DiffError> {
        let mut scope = Scope {
            module: module.to_owned(),
            ..Scope::default()
        };
        for item in items {
            if let syn::Item::Use(u) = item {
                scope.add_use(&u.tree);
            }
        }
        for item in items {
            self.item(item, &scope, depth)?;
        }
        Ok(())
    }

    fn item(&mut self, item: &syn::Item, scope: &Scope, depth: usize) -> Result<(), DiffError> {
        if let syn::Item::Impl(block) = item {
            self.impls.push(PendingImpl {
                scope: scope.clone(),
                block: block.clone(),
            });
            return Ok(());
        }
        if let syn::Item::Mod(m) = item {
            return self.submodule(m, scope, depth);
        }
        let Some(vis) = visibility(item) else {
            return Ok(());
        };
        if !matches!(vis, syn::Visibility::Public(_)) {
            return Ok(());
        }
        let attrs = attributes(item);
        let (name, kind) = match item {
            syn::Item::Struct(s) => (s.ident.to_string(), Kind::Struct(read_struct(s, scope))),
            syn::Item::Enum(e) => (e.ident.to_string(), Kind::Enum(read_enum(e, scope))),
            syn::Item::Type(t) => (t.ident.to_string(), Kind::Alias(TypeText::of(&t.ty, scope))),
            syn::Item::Const(c) => (
                c.ident.to_string(),
                Kind::Const {
                    ty: TypeText::of(&c.ty, scope),
                    value: compact(&c.expr),
                },
            ),
            syn::Item::Fn(f) => (
                f.sig.ident.to_string(),
                Kind::Fn(read_fn(&f.sig, &f.attrs, Some(&f.block), scope)),
            ),
            syn::Item::Use(u) => {
                let mut leaves = Vec::new();
                use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                for (name, target) in leaves {
                    self.insert(scope.key(&name), Kind::Reexport(target), attrs);
                }
                return Ok(());
            }
            syn::Item::Trait(t) => (t.ident.to_string(), Kind::Other(compact(t))),
            syn::Item::Static(s) => (s.ident.to_string(), Kind::Other(compact(s))),
            syn::Item::Union(u) => (u.ident.to_string(), Kind::Other(compact(u))),
            _ => return Ok(()),
        };
        let mut traits = BTreeSet::new();
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            if let Ok(paths) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) {
                traits.extend(
                    paths
                        .iter()
                        .filter_map(|p| p.segments.last().map(|s| s.ident.to_string())),
                );
            }
        }
        self.insert(scope.key(&name), kind, attrs);
        if let Some(entry) = self.items.get_mut(&scope.key(&name)) {
            entry.traits = traits;
        }
        Ok(())
    }

    fn insert(&mut self, key: String, kind: Kind, attrs: &[syn::Attribute]) {
        self.items.insert(
            key,
            Item {
                kind,
                deprecated: has_attr(attrs, "deprecated"),
                traits: BTreeSet::new(),
                methods: BTreeMap::new(),
            },
        );
    }

    fn submodule(
        &mut self,
        m: &syn::ItemMod,
        scope: &Scope,
        depth: usize,
    ) -> Result<(), DiffError> {
        let key = scope.key(&m.ident.to_string());
        if !matches!(m.vis, syn::Visibility::Public(_)) {
            self.private_modules.insert(key);
            return Ok(());
        }
        if depth >= MAX_MODULE_DEPTH {
            return Ok(());
        }
        self.insert(key.clone(), Kind::Module, &m.attrs);
        match &m.content {
            Some((_, items)) => self.module(items, &key, depth + 1),
            None => {
                let base = key.replace("::", "/");
                let candidates = [format!("src/{base}.rs"), format!("src/{base}/mod.rs")];
                let Some((path, text)) = candidates
                    .iter()
                    .find_map(|p| self.files.get(p.as_str()).map(|t| (p.clone(), *t)))
                else {
                    // A module whose file is missing has no items.
                    return Ok(());
                };
                let file = parse(&path, text)?;
                self.module(&file.items, &key, depth + 1)
            }
        }
    }

    /// Attaches inherent `pub fn`s and implemented traits to the items they belong to.
    fn apply_impls(&mut self) {
        for PendingImpl { scope, block } in std::mem::take(&mut self.impls) {
            let syn::Type::Path(self_ty) = &*block.self_ty else {
                continue;
            };
            let key = scope.resolve(&self_ty.path);
            if !self.items.contains_key(&key) {
                // Impls of private types.
                continue;
            }
            match &block.trait_ {
                Some((path, _)) => {
                    let trait_key = scope.resolve(path);
                    if self
                        .private_modules
                        .iter()
                        .any(|m| trait_key.starts_with(&format!("{m}::")))
                    {
                        continue;
                    }
                    if let Some(item) = self.items.get_mut(&key) {
                        item.traits.insert(trait_name(path));
                    }
                }
                None => {
                    let prefix = instance_prefix(&block, self_ty);
                    let methods: Vec<(String, Method)> = block
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                                let name = format!("{prefix}{}", f.sig.ident);
                                Some((name, read_fn(&f.sig, &f.attrs, Some(&f.block), &scope)))
                            }
                            _ => None,
                        })
                        .collect();
                    if let Some(item) = self.items.get_mut(&key) {
                        item.methods.extend(methods);
                    }
                }
            }
        }
    }
}

/// `Chunked<responses::X>::` for an impl of one instance of a generic type, so that the
/// methods of different instances do not collide; empty for `impl<T> Foo<T>` and plain types.
fn instance_prefix(block: &syn::ItemImpl, self_ty: &syn::TypePath) -> String {
    let params: BTreeSet<String> = block
        .generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect();
    let specific = self_ty
        .path
        .segments
        .last()
        .is_some_and(|s| match &s.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                syn::GenericArgument::Type(syn::Type::Path(p)) => !p
                    .path
                    .get_ident()
                    .is_some_and(|i| params.contains(&i.to_string())),
                syn::GenericArgument::Lifetime(_) => false,
                _ => true,
            }),
            _ => false,
        });
    if specific {
        format!("{}::", compact(self_ty))
    } else {
        String::new()
    }
}

/// A trait's last segment with its type arguments (`From<&str>`), lifetimes dropped.
fn trait_name(path: &syn::Path) -> String {
    let Some(last) = path.segments.last() else {
        return String::new();
    };
    let mut name = last.ident.to_string();
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        let kept: Vec<String> = args
            .args
            .iter()
            .filter(|a| !matches!(a, syn::GenericArgument::Lifetime(_)))
            .map(compact)
            .collect();
        if !kept.is_empty() {
            name = format!("{name}<{}>", kept.join(", "));
        }
    }
    name
}

fn read_struct(s: &syn::ItemStruct, scope: &Scope) -> Struct {
    let mut fields = Vec::new();
    let mut private_fields = false;
    for (index, field) in s.fields.iter().enumerate() {
        if !matches!(field.vis, syn::Visibility::Public(_)) {
            private_fields = true;
            continue;
        }
        let name = field
            .ident
            .as_ref()
            .map_or_else(|| index.to_string(), ToString::to_string);
        fields.push(Field {
            name,
            ty: TypeText::of(&field.ty, scope),
            omitted_when_none: field.attrs.iter().any(|a| {
                a.path().is_ident("serde") && compact(&a.meta).contains("skip_serializing_if")
            }),
        });
    }
    Struct {
        fields,
        private_fields,
        non_exhaustive: has_attr(&s.attrs, "non_exhaustive"),
    }
}

fn read_enum(e: &syn::ItemEnum, scope: &Scope) -> Enum {
    let variants = e
        .variants
        .iter()
        .map(|v| {
            let types = v
                .fields
                .iter()
                .map(|f| TypeText::of(&f.ty, scope))
                .collect();
            let payload = match &v.fields {
                syn::Fields::Unit => String::new(),
                fields => compact(&strip_field_attrs(fields)),
            };
            Variant {
                name: v.ident.to_string(),
                payload,
                types,
            }
        })
        .collect();
    Enum {
        variants,
        non_exhaustive: has_attr(&e.attrs, "non_exhaustive"),
    }
}

/// Fields without their attributes (docs, `#[source]`), which are not part of the shape.
fn strip_field_attrs(fields: &syn::Fields) -> syn::Fields {
    let mut fields = fields.clone();
    for field in fields.iter_mut() {
        field.attrs.clear();
    }
    fields
}

fn read_fn(
    sig: &syn::Signature,
    attrs: &[syn::Attribute],
    body: Option<&syn::Block>,
    scope: &Scope,
) -> Method {
    let mut receiver = None;
    let mut args = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => {
                receiver = Some(match &r.kind {
                    syn::ReceiverKind::Reference(_, lifetime, mutability) => {
                        let lifetime = lifetime
                            .as_ref()
                            .map_or_else(String::new, |l| format!("{l} "));
                        let mutable = if mutability.is_some() { "mut " } else { "" };
                        format!("&{lifetime}{mutable}self")
                    }
                    syn::ReceiverKind::Typed(_, ty) => format!("self: {}", compact(&**ty)),
                    _ => "self".to_owned(),
                });
            }
            syn::FnArg::Typed(t) => {
                let name = match &*t.pat {
                    syn::Pat::Ident(i) => i.ident.to_string(),
                    other => compact(other),
                };
                args.push((name, TypeText::of(&t.ty, scope)));
            }
        }
    }
    let mut generics = compact(&sig.generics);
    if let Some(clause) = &sig.generics.where_clause {
        generics = format!("{generics} {}", compact(clause));
    }
    Method {
        receiver,
        is_async: sig.asyncness.is_some(),
        generics,
        args,
        output: match &sig.output {
            syn::ReturnType::Default => TypeText::unit(),
            syn::ReturnType::Type(_, ty) => TypeText::of(ty, scope),
        },
        deprecated: has_attr(attrs, "deprecated"),
        endpoint: body.and_then(endpoint),
    }
}

/// `METHOD /path` from the `const CALL: Call = Call { method: "…", path: "…", … }` every
/// generated operation method starts with.
fn endpoint(body: &syn::Block) -> Option<String> {
    body.stmts.iter().find_map(|stmt| {
        let syn::Stmt::Item(syn::Item::Const(c)) = stmt else {
            return None;
        };
        if c.ident != "CALL" {
            return None;
        }
        let syn::Expr::Struct(call) = &*c.expr else {
            return None;
        };
        let text = |name: &str| {
            call.fields.iter().find_map(|f| match (&f.member, &f.expr) {
                (
                    syn::Member::Named(member),
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }),
                ) if member == name => Some(s.value()),
                _ => None,
            })
        };
        Some(format!("{} {}", text("method")?, text("path")?))
    })
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn visibility(item: &syn::Item) -> Option<&syn::Visibility> {
    Some(match item {
        syn::Item::Struct(i) => &i.vis,
        syn::Item::Enum(i) => &i.vis,
        syn::Item::Type(i) => &i.vis,
        syn::Item::Const(i) => &i.vis,
        syn::Item::Fn(i) => &i.vis,
        syn::Item::Use(i) => &i.vis,
        syn::Item::Trait(i) => &i.vis,
        syn::Item::Static(i) => &i.vis,
        syn::Item::Union(i) => &i.vis,
        _ => return None,
    })
}

fn attributes(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(lib: &str, types: &str) -> Vec<(String, String)> {
        vec![
            (
                "Cargo.toml".to_owned(),
                "[package]\nname = \"x\"\nversion = \"0.3.1\"\n".to_owned(),
            ),
            ("src/lib.rs".to_owned(), lib.to_owned()),
            ("src/types.rs".to_owned(), types.to_owned()),
        ]
    }

    #[test]
    fn reads_public_items_fields_variants_methods_and_traits() {
        let surface = Surface::from_files(&files(
            "pub mod types; mod support; pub use self::types::Foo;",
            r#"
            #[derive(Debug, Clone, Default, ::serde::Serialize)]
            pub struct Foo {
                pub id: String,
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub note: Option<Bar>,
                hidden: u8,
            }
            #[non_exhaustive]
            pub enum Bar { A, B(Foo), Unknown(String) }
            impl Foo {
                #[deprecated]
                pub fn get(&self, key: &str) -> Option<&Bar> { None }
                fn private(&self) {}
            }
            impl ::std::fmt::Display for Foo { fn fmt(&self) {} }
            impl super::support::Validate for Foo {}
            struct Hidden;
            "#,
        ))
        .expect("parses");
        assert_eq!(surface.version.as_deref(), Some("0.3.1"));
        let keys: Vec<&str> = surface.items.keys().map(String::as_str).collect();
        assert_eq!(keys, ["Foo", "types", "types::Bar", "types::Foo"]);
        let foo = &surface.items["types::Foo"];
        let Kind::Struct(shape) = &foo.kind else {
            panic!("a struct")
        };
        assert!(shape.private_fields);
        assert_eq!(shape.fields.len(), 2);
        assert_eq!(shape.fields[1].ty.text, "Option<Bar>");
        // `Option` resolves to `types::Option`, which is no item and so never counts.
        assert!(shape.fields[1].ty.refs.contains(&"types::Bar".to_owned()));
        assert!(shape.fields[1].omitted_when_none && !shape.fields[0].omitted_when_none);
        assert_eq!(
            foo.traits.iter().map(String::as_str).collect::<Vec<_>>(),
            ["Clone", "Debug", "Default", "Display", "Serialize"]
        );
        let get = &foo.methods["get"];
        assert!(get.deprecated);
        assert_eq!(
            get.signature("get"),
            "fn get(&self, key: &str) -> Option<&Bar>"
        );
        assert_eq!(foo.methods.len(), 1);
        let Kind::Enum(bar) = &surface.items["types::Bar"].kind else {
            panic!("an enum")
        };
        assert!(bar.non_exhaustive);
        assert_eq!(bar.variants[1].payload, "(Foo)");
        assert_eq!(
            surface.items["Foo"].kind,
            Kind::Reexport("types::Foo".to_owned())
        );
    }

    #[test]
    fn reads_the_endpoint_of_operation_methods() {
        let surface = Surface::from_files(&files(
            "pub mod types;",
            r#"
            pub struct Client;
            impl Client {
                pub fn list(&self) -> u8 {
                    const CALL: Call = Call { method: "GET", path: "/v1/things", idempotent: true };
                    0
                }
            }
            "#,
        ))
        .expect("parses");
        assert_eq!(
            surface.items["types::Client"].methods["list"]
                .endpoint
                .as_deref(),
            Some("GET /v1/things")
        );
    }

    #[test]
    fn unparsable_files_are_errors_naming_the_file() {
        let error =
            Surface::from_files(&files("pub mod types;", "pub struct {")).expect_err("fails");
        assert!(error.to_string().contains("src/types.rs"), "{error}");
    }
}
