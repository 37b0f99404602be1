//! [`TypeRef`] → Rust type tokens. Standard-library names are written short unless the
//! spec defines a type of the same name, in which case the full path is used.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// Names that, when a spec defines them, force qualified paths for the std type.
const PRELUDE_NAMES: &[&str] = &[
    "String", "Vec", "Option", "Box", "Result", "Some", "None", "Ok", "Err", "BTreeMap",
];

/// How generated code names the crates it uses besides std (`serde`, `serde_json`,
/// `chrono`, `uuid`, `reqwest`): as dependencies of its own, or through the runtime
/// crate's re-exports, so that a crate generated with `--runtime-crate` (or a crate
/// including the build step's output) needs `specgen-runtime` as its one dependency and
/// the versions cannot disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Crates {
    /// `::serde`, `serde_json`, `chrono`, …: the crate lists them as dependencies.
    #[default]
    Direct,
    /// `<path>::serde`, …, with `path` the runtime module seen from the module written,
    /// e.g. the sibling module `runtime`.
    Through(String),
}

impl Crates {
    fn path(&self, krate: &str, direct: TokenStream) -> TokenStream {
        match self {
            Self::Direct => direct,
            // The runtime's path is always a Rust path (the sibling module `runtime`, or
            // `<crate>::runtime`), so this parses; the fallback is never taken.
            Self::Through(runtime) => format!("{runtime}::{krate}").parse().unwrap_or(direct),
        }
    }

    /// `::serde`.
    pub fn serde(&self) -> TokenStream {
        self.path("serde", quote!(::serde))
    }

    /// `serde_json`.
    pub fn serde_json(&self) -> TokenStream {
        self.path("serde_json", quote!(serde_json))
    }

    /// `chrono`.
    pub fn chrono(&self) -> TokenStream {
        self.path("chrono", quote!(chrono))
    }

    /// `uuid`.
    pub fn uuid(&self) -> TokenStream {
        self.path("uuid", quote!(uuid))
    }

    /// `reqwest`.
    pub fn reqwest(&self) -> TokenStream {
        self.path("reqwest", quote!(reqwest))
    }

    /// The attribute that points serde's derives at the runtime's serde (they name
    /// `serde` as a crate otherwise); nothing for direct dependencies.
    pub fn serde_attribute(&self) -> TokenStream {
        match self {
            Self::Direct => TokenStream::new(),
            Self::Through(runtime) => {
                let path = format!("{runtime}::serde");
                quote!(#[serde(crate = #path)])
            }
        }
    }
}

/// How to write type names in one module of the generated crate.
#[derive(Debug, Clone)]
pub struct TypeWriter {
    /// Path to the `types` module from here (`None` inside it).
    types_path: Option<TokenStream>,
    /// Prelude names that generated types shadow.
    shadowed: HashSet<String>,
    /// How the module names the crates it uses.
    crates: Crates,
}

impl TypeWriter {
    /// A writer for code inside the `types` module.
    pub fn in_types<'a>(type_names: impl IntoIterator<Item = &'a str>) -> Self {
        let shadowed = type_names
            .into_iter()
            .filter(|n| PRELUDE_NAMES.contains(n))
            .map(str::to_owned)
            .collect();
        Self {
            types_path: None,
            shadowed,
            crates: Crates::Direct,
        }
    }

    /// A writer for a sibling module that refers to types as `types::X` (the prefix makes
    /// prelude shadowing irrelevant there).
    pub fn outside_types() -> Self {
        Self {
            types_path: Some(quote!(types::)),
            shadowed: HashSet::new(),
            crates: Crates::Direct,
        }
    }

    /// A writer for a module that refers to types through `path` (e.g. `super::shared::`).
    pub fn at(path: TokenStream) -> Self {
        Self {
            types_path: Some(path),
            shadowed: HashSet::new(),
            crates: Crates::Direct,
        }
    }

    /// A writer for a sibling module that refers to types as `types::X` and itself defines
    /// `names` (which may shadow prelude names).
    pub fn outside_types_shadowing<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            shadowed: Self::in_types(names).shadowed,
            ..Self::outside_types()
        }
    }

    /// The same writer, naming the crates it uses as `crates` says.
    pub fn with_crates(mut self, crates: Crates) -> Self {
        self.crates = crates;
        self
    }

    /// How the module names the crates it uses.
    pub fn crates(&self) -> &Crates {
        &self.crates
    }

    fn is_shadowed(&self, name: &str) -> bool {
        self.shadowed.contains(name)
    }

    /// `String`, or `::std::string::String` when shadowed.
    pub fn string(&self) -> TokenStream {
        if self.is_shadowed("String") {
            quote!(::std::string::String)
        } else {
            quote!(String)
        }
    }

    /// `Vec<T>`.
    pub fn vec(&self, inner: TokenStream) -> TokenStream {
        if self.is_shadowed("Vec") {
            quote!(::std::vec::Vec<#inner>)
        } else {
            quote!(Vec<#inner>)
        }
    }

    /// `Option<T>`.
    pub fn option(&self, inner: TokenStream) -> TokenStream {
        if self.is_shadowed("Option") {
            quote!(::std::option::Option<#inner>)
        } else {
            quote!(Option<#inner>)
        }
    }

    /// `Box<T>`.
    pub fn boxed(&self, inner: TokenStream) -> TokenStream {
        if self.is_shadowed("Box") {
            quote!(::std::boxed::Box<#inner>)
        } else {
            quote!(Box<#inner>)
        }
    }

    /// The type a field, argument or variant holds.
    pub fn write(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(name) => {
                let ident = ident(name);
                match &self.types_path {
                    Some(path) => quote!(#path #ident),
                    None => quote!(#ident),
                }
            }
            TypeRef::String | TypeRef::Base64 => self.string(),
            // Inside JSON a binary field is a string; whole binary bodies are handled by
            // the client as bytes.
            TypeRef::Binary => self.string(),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F32 => quote!(f32),
            TypeRef::F64 => quote!(f64),
            TypeRef::DateTime => {
                let chrono = self.crates.chrono();
                quote!(#chrono::DateTime<#chrono::Utc>)
            }
            TypeRef::Date => {
                let chrono = self.crates.chrono();
                quote!(#chrono::NaiveDate)
            }
            TypeRef::Uuid => {
                let uuid = self.crates.uuid();
                quote!(#uuid::Uuid)
            }
            TypeRef::Any => {
                let serde_json = self.crates.serde_json();
                quote!(#serde_json::Value)
            }
            TypeRef::JsonObject => {
                let string = self.string();
                let serde_json = self.crates.serde_json();
                quote!(#serde_json::Map<#string, #serde_json::Value>)
            }
            TypeRef::Vec(inner) => self.vec(self.write(inner)),
            // The trailing comma keeps a one-element tuple a tuple: `(T,)`.
            TypeRef::Tuple(elements) => {
                let elements = elements.iter().map(|e| self.write(e));
                quote!((#(#elements,)*))
            }
            TypeRef::Map(inner) => {
                let string = self.string();
                let value = self.write(inner);
                quote!(::std::collections::BTreeMap<#string, #value>)
            }
            TypeRef::Option(inner) => self.option(self.write(inner)),
            TypeRef::Boxed(inner) => self.boxed(self.write(inner)),
        }
    }
}

/// An identifier token from an IR name (raw identifiers included).
///
/// Names come from [`crate::ir::names`], which only produces valid identifiers; this still
/// refuses to panic on a bad one (proc-macro2 would) and writes a placeholder instead, which
/// the compile check of generated code would then show.
pub fn ident(name: &str) -> Ident {
    let (raw, text) = match name.strip_prefix("r#") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let valid = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        return Ident::new("__invalid_identifier", Span::call_site());
    }
    let non_raw = ["self", "Self", "super", "crate", "_"].contains(&text);
    if raw && !non_raw {
        Ident::new_raw(text, Span::call_site())
    } else {
        Ident::new(text, Span::call_site())
    }
}

/// Whether values of the type are `Copy` scalars (passed by value in method arguments).
pub fn is_copy_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Uuid
            | TypeRef::Date
    )
}
