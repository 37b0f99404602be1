//! Token text for people and for comparison: a type or expression written compactly and the
//! same way whatever its spans (`Vec<types::Foo>`, `&'a str`, `impl Into<String>`), and the
//! items a type names, resolved against the module it is written in.

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// A type as written in the generated code, with the items it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeText {
    /// The type, compactly: `Option<Vec<types::StandardError>>`.
    pub text: String,
    /// Crate items the type names (`types::StandardError`), resolved from where it is
    /// written; paths outside the crate (`chrono::DateTime`) are kept too and simply never
    /// match an item.
    pub refs: Vec<String>,
}

impl TypeText {
    /// `ty` as written in `scope`.
    pub fn of(ty: &syn::Type, scope: &Scope) -> Self {
        let mut refs = Vec::new();
        collect_refs(ty, scope, &mut refs);
        refs.sort();
        refs.dedup();
        Self {
            text: compact(ty),
            refs,
        }
    }

    /// The unit type, for functions without a return type.
    pub fn unit() -> Self {
        Self {
            text: "()".to_owned(),
            refs: Vec::new(),
        }
    }
}

/// Where code is written: its module, and the names its `use` items bring in.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The module path, `""` for the crate root, `types`, `client`, …
    pub module: String,
    /// Imported name → the item key it stands for (`Error` → `error::Error`,
    /// `types` → `types`).
    pub imports: BTreeMap<String, String>,
}

impl Scope {
    /// The key of `name` defined in this module.
    pub fn key(&self, name: &str) -> String {
        if self.module.is_empty() {
            name.to_owned()
        } else {
            format!("{}::{name}", self.module)
        }
    }

    /// The item key a path names from this module: imports are followed, `self`, `super`
    /// and `crate` dropped (generated modules are all one level below the root, so each of
    /// them means "from the root"), and a single name is the module's own item.
    pub fn resolve(&self, path: &syn::Path) -> String {
        let mut segments: Vec<String> = path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .skip_while(|s| matches!(s.as_str(), "self" | "super" | "crate"))
            .collect();
        if path.leading_colon.is_some() {
            // `::std::…`, `::serde::…`: outside the crate.
            return format!("::{}", segments.join("::"));
        }
        let Some(first) = segments.first().cloned() else {
            return String::new();
        };
        if let Some(target) = self.imports.get(&first) {
            segments[0] = target.clone();
            return segments.join("::");
        }
        if segments.len() == 1 {
            return self.key(&first);
        }
        segments.join("::")
    }

    /// Records the names a `use` item brings into scope.
    pub fn add_use(&mut self, tree: &syn::UseTree) {
        let mut found = Vec::new();
        use_leaves(tree, &mut Vec::new(), &mut found);
        for (name, target) in found {
            self.imports.insert(name, target);
        }
    }
}

/// Every `(name, target path)` a use tree introduces; a glob gives `("*", "path::*")`.
pub fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    let join = |prefix: &[String], last: &str| {
        prefix
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(last))
            .filter(|s| !matches!(*s, "self" | "super" | "crate"))
            .collect::<Vec<_>>()
            .join("::")
    };
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_leaves(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let name = name.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push((last.clone(), join(&prefix[..prefix.len() - 1], last)));
                }
            } else {
                out.push((name.clone(), join(prefix, &name)));
            }
        }
        syn::UseTree::Rename(rename) => {
            out.push((
                rename.rename.to_string(),
                join(prefix, &rename.ident.to_string()),
            ));
        }
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), join(prefix, "*"))),
        syn::UseTree::Group(group) => {
            for item in &group.items {
                use_leaves(item, prefix, out);
            }
        }
    }
}

fn collect_refs(ty: &syn::Type, scope: &Scope, out: &mut Vec<String>) {
    match ty {
        syn::Type::Path(path) => {
            if let Some(qself) = &path.qself {
                collect_refs(&qself.ty, scope, out);
            }
            out.push(scope.resolve(&path.path));
            path_args_refs(&path.path, scope, out);
        }
        syn::Type::Reference(r) => collect_refs(&r.elem, scope, out),
        syn::Type::Slice(s) => collect_refs(&s.elem, scope, out),
        syn::Type::Array(a) => collect_refs(&a.elem, scope, out),
        syn::Type::Ptr(p) => collect_refs(&p.elem, scope, out),
        syn::Type::Paren(p) => collect_refs(&p.elem, scope, out),
        syn::Type::Group(g) => collect_refs(&g.elem, scope, out),
        syn::Type::Tuple(t) => {
            for elem in &t.elems {
                collect_refs(elem, scope, out);
            }
        }
        syn::Type::ImplTrait(t) => bounds_refs(t.bounds.iter(), scope, out),
        syn::Type::TraitObject(t) => bounds_refs(t.bounds.iter(), scope, out),
        _ => {}
    }
}

fn bounds_refs<'a>(
    bounds: impl Iterator<Item = &'a syn::TypeParamBound>,
    scope: &Scope,
    out: &mut Vec<String>,
) {
    for bound in bounds {
        if let syn::TypeParamBound::Trait(t) = bound {
            path_args_refs(&t.path, scope, out);
        }
    }
}

/// The types inside the generic arguments of every segment (`Vec<T>`, `Iterator<Item = T>`).
fn path_args_refs(path: &syn::Path, scope: &Scope, out: &mut Vec<String>) {
    for segment in &path.segments {
        match &segment.arguments {
            syn::PathArguments::AngleBracketed(args) => {
                for arg in &args.args {
                    match arg {
                        syn::GenericArgument::Type(t) => collect_refs(t, scope, out),
                        syn::GenericArgument::AssocType(a) => collect_refs(&a.ty, scope, out),
                        _ => {}
                    }
                }
            }
            syn::PathArguments::Parenthesized(args) => {
                for input in &args.inputs {
                    collect_refs(&input.ty, scope, out);
                }
                if let syn::ReturnType::Type(_, t) = &args.output {
                    collect_refs(t, scope, out);
                }
            }
            syn::PathArguments::None => {}
        }
    }
}

/// Anything printable as tokens, compactly.
pub fn compact(node: &impl ToTokens) -> String {
    let mut out = String::new();
    write_stream(node.to_token_stream(), &mut out);
    out
}

/// Writes tokens with spaces only where Rust readers expect them: between words, after
/// commas and single colons, around `=`, `+`, `->` and `=>`.
fn write_stream(stream: TokenStream, out: &mut String) {
    let mut word_before = false;
    let mut op = String::new();
    let flush = |op: &mut String, out: &mut String, word_before: &mut bool| {
        if op.is_empty() {
            return;
        }
        match op.as_str() {
            "," | ";" | ":" => {
                out.push_str(op);
                out.push(' ');
            }
            "=" | "+" | "->" | "=>" | "|" => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(op);
                out.push(' ');
            }
            _ => out.push_str(op),
        }
        op.clear();
        *word_before = false;
    };
    for tree in stream {
        match tree {
            TokenTree::Punct(p) => {
                op.push(p.as_char());
                if p.spacing() == Spacing::Alone {
                    flush(&mut op, out, &mut word_before);
                }
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                flush(&mut op, out, &mut word_before);
                if word_before {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
                word_before = true;
            }
            TokenTree::Group(group) => {
                flush(&mut op, out, &mut word_before);
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if word_before && group.delimiter() == Delimiter::Brace {
                    out.push(' ');
                }
                out.push_str(open);
                let start = out.len();
                write_stream(group.stream(), out);
                // A trailing comma says nothing about the shape: `{ a: T, }` is `{ a: T }`.
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                // (In parentheses it may make a one-element tuple, so it stays there.)
                if group.delimiter() == Delimiter::Brace && out.len() > start && out.ends_with(',')
                {
                    out.pop();
                }
                out.push_str(close);
                word_before = false;
            }
        }
    }
    flush(&mut op, out, &mut word_before);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> syn::Type {
        syn::parse_str(text).expect("a type")
    }

    #[test]
    fn types_are_written_compactly() {
        for (input, expected) in [
            ("Option < Vec < types :: Foo > >", "Option<Vec<types::Foo>>"),
            ("& 'a str", "&'a str"),
            ("&mut T", "&mut T"),
            ("impl Into<String>", "impl Into<String>"),
            (
                "::std::collections::BTreeMap<String, Vec<String>>",
                "::std::collections::BTreeMap<String, Vec<String>>",
            ),
            (
                "impl Iterator<Item = &types::X> + Send",
                "impl Iterator<Item = &types::X> + Send",
            ),
            ("fn(u16, &[u8]) -> Option<E>", "fn(u16, &[u8]) -> Option<E>"),
            ("(A, B)", "(A, B)"),
            ("(A,)", "(A,)"),
            ("ResponseFuture<'_, T>", "ResponseFuture<'_, T>"),
        ] {
            assert_eq!(compact(&ty(input)), expected, "{input}");
        }
    }

    #[test]
    fn named_fields_drop_their_trailing_comma() {
        let item: syn::ItemStruct = syn::parse_str("struct S { a: T, }").expect("a struct");
        assert_eq!(compact(&item.fields), "{ a: T }");
    }

    #[test]
    fn references_resolve_through_imports_and_the_module() {
        let mut scope = Scope {
            module: "client".to_owned(),
            ..Scope::default()
        };
        let tree: syn::ItemUse =
            syn::parse_str("use super::error::{Error, ErrorBody};").expect("use");
        scope.add_use(&tree.tree);
        let types: syn::ItemUse = syn::parse_str("use super::types;").expect("use");
        scope.add_use(&types.tree);
        let text = TypeText::of(&ty("Result<Vec<types::Foo>, Error>"), &scope);
        // Single names are the module's own items (`Result`, `Vec` match none and are
        // ignored later); imports and module paths are followed.
        assert_eq!(
            text.refs,
            [
                "client::Result",
                "client::Vec",
                "error::Error",
                "types::Foo"
            ]
        );
        let inner = TypeText::of(
            &ty("SimplePublicObject"),
            &Scope {
                module: "types".to_owned(),
                ..Scope::default()
            },
        );
        assert_eq!(inner.refs, vec!["types::SimplePublicObject".to_owned()]);
    }
}
