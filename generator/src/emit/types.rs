//! The `types` module: structs, enums with a catch-all, unions and aliases, with serde
//! attributes that keep every wire name.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::docs::doc_attrs;
use super::rust_type::{TypeWriter, ident};
use crate::ir::decode::{JsonShape, Presence, TypeIndex, UnionDecoding};
use crate::ir::{
    Additional, EnumDef, EnumRepr, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef,
};

/// The items of the `types` module, one chunk per type, generated as they are consumed: of
/// the types `emitted` keeps, the others being defined elsewhere and imported (they still
/// decide how these decode).
pub fn types_module_except<'a>(
    types: &'a [TypeDef],
    writer: &'a TypeWriter,
    derives: &'a Derives,
    emitted: impl Fn(&TypeDef) -> bool + 'a,
) -> impl Iterator<Item = TokenStream> + 'a {
    let kinds = Kinds {
        index: TypeIndex::new(types),
        derives,
    };
    types
        .iter()
        .filter(move |t| emitted(t))
        .map(move |t| type_def(t, writer, &kinds))
}

fn type_def(def: &TypeDef, writer: &TypeWriter, kinds: &Kinds<'_>) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    const STRUCT: &[&str] = &[
        "Debug",
        "Clone",
        "PartialEq",
        "Default",
        "Serialize",
        "Deserialize",
    ];
    const ORDERED_ENUM: &[&str] = &[
        "Debug",
        "Clone",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ];
    const ENUM: &[&str] = &["Debug", "Clone", "PartialEq"];
    const UNION: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];
    let with = |written: &[&str]| {
        let extra = kinds.derives.attribute(&def.name, written);
        quote!(#docs #extra)
    };
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&with(STRUCT), &name, s, writer, kinds),
        TypeKind::Enum(e) => {
            let written = match e.repr {
                EnumRepr::String | EnumRepr::Integer => ORDERED_ENUM,
                _ => ENUM,
            };
            enum_def(&with(written), &name, e, writer)
        }
        TypeKind::Union(u) => union_def(&with(UNION), &name, u, writer, kinds),
        TypeKind::Alias(ty) => {
            let ty = writer.write(ty);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::External(path) => match syn::parse_str::<syn::Path>(path) {
            Ok(path) => quote! { #docs pub type #name = #path; },
            // Checked when the replacement is read; never reached.
            Err(_) => {
                let ty = writer.write(&TypeRef::Any);
                quote! { #docs pub type #name = #ty; }
            }
        },
    }
}

const SKIP_NONE: &str = "::std::option::Option::is_none";

fn struct_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    s: &StructDef,
    writer: &TypeWriter,
    kinds: &Kinds<'_>,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| field(f, writer));
    let extra = match &s.additional {
        Additional::Kept(value) => {
            let field_name = additional_field_name(&s.fields);
            let map = writer.write(&TypeRef::Map(Box::new(value.clone())));
            quote! {
                /// Properties not listed in the schema, kept as sent.
                #[serde(flatten)]
                pub #field_name: #map,
            }
        }
        _ => TokenStream::new(),
    };
    // `Default` where it means "nothing set": every field optional or a collection. A
    // required tuple is not a collection here: its elements must all be sent.
    let default = if s.fields.iter().all(|f| {
        !f.required
            || f.nullable
            || matches!(
                f.ty,
                TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::JsonObject | TypeRef::Any
            )
            || matches!(&f.ty, TypeRef::Named(n) if kinds.has_default(n))
    }) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let serde = writer.crates().serde();
    let serde_attribute = writer.crates().serde_attribute();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #serde::Serialize, #serde::Deserialize)]
        #serde_attribute
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

fn additional_field_name(fields: &[Field]) -> proc_macro2::Ident {
    let mut candidate = "additional_properties".to_owned();
    let mut n = 2;
    while fields.iter().any(|f| f.name == candidate) {
        candidate = format!("additional_properties_{n}");
        n += 1;
    }
    format_ident!("{}", candidate)
}

/// One field. The rule for optionality:
/// - required, not nullable: `T`;
/// - required and nullable: `Option<T>`, always written (`null` when `None`);
/// - not required, not nullable: `Option<T>`, left out when `None` (a `null` from the server
///   reads as `None`);
/// - not required and nullable: `Option<Option<T>>`: `None` absent, `Some(None)` null.
fn field(f: &Field, writer: &TypeWriter) -> TokenStream {
    let text = match (&f.docs, &f.default) {
        (docs, Some(default)) => {
            let mut text = docs.clone().unwrap_or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!(
                "Default (applied by the server when absent): `{}`",
                default.to_string().replace('`', "'")
            ));
            Some(text)
        }
        (docs, None) => docs.clone(),
    };
    let docs = doc_attrs(text.as_deref());
    let name = ident(&f.name);
    let bare_name = f.name.strip_prefix("r#").unwrap_or(&f.name);
    let rename = (bare_name != f.wire_name).then(|| {
        let wire = &f.wire_name;
        quote!(rename = #wire,)
    });
    let inner = writer.write(&f.ty);
    let (ty, extra) = match f.presence() {
        Presence::Required => (inner, TokenStream::new()),
        Presence::RequiredNullable => (writer.option(inner), quote!(default,)),
        // Absent and `null` mean different things here (e.g. "leave alone" and "clear" in
        // a PATCH), so both are kept: `None` absent, `Some(None)` null.
        Presence::OptionalNullable => (
            writer.option(writer.option(inner)),
            quote!(default, skip_serializing_if = #SKIP_NONE, deserialize_with = "super::runtime::deserialize::double_option",),
        ),
        Presence::Optional => (
            writer.option(inner),
            quote!(default, skip_serializing_if = #SKIP_NONE,),
        ),
    };
    let attrs = if rename.is_some() || !extra.is_empty() {
        quote!(#[serde(#rename #extra)])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #attrs
        pub #name: #ty,
    }
}

fn enum_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    e: &EnumDef,
    writer: &TypeWriter,
) -> TokenStream {
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let serde = writer.crates().serde();
    let (value_ty, value_ref, literals, helper): (
        TokenStream,
        TokenStream,
        Vec<TokenStream>,
        TokenStream,
    ) = match e.repr {
        EnumRepr::String => (
            writer.string(),
            quote!(&str),
            e.variants
                .iter()
                .map(|v| {
                    let s = v.value.as_str().unwrap_or_default();
                    quote!(#s)
                })
                .collect(),
            quote!(enum_str),
        ),
        EnumRepr::Integer => (
            quote!(i64),
            quote!(i64),
            e.variants
                .iter()
                .map(|v| {
                    let lit = Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default());
                    quote!(#lit)
                })
                .collect(),
            quote!(enum_int),
        ),
        EnumRepr::Number => (
            quote!(f64),
            quote!(f64),
            e.variants
                .iter()
                .map(|v| {
                    let lit = Literal::f64_unsuffixed(v.value.as_f64().unwrap_or_default());
                    quote!(#lit)
                })
                .collect(),
            quote!(enum_num),
        ),
    };
    let variant_docs = e.variants.iter().map(|v| {
        let text = match &v.value {
            Value::String(s) => format!(
                " `{}`",
                super::docs::visible(
                    &s.replace('`', "'")
                        .replace('\r', "\\r")
                        .replace('\n', "\\n")
                )
            ),
            other => format!(" `{other}`"),
        };
        quote!(#[doc = #text])
    });
    let catch_all_doc = " A value this version of the spec does not list, kept as received.";
    let default_impl = e.default.as_ref().map(|variant| {
        let variant = ident(variant);
        quote! {
            impl ::std::default::Default for #name {
                /// The spec's default value.
                fn default() -> Self {
                    Self::#variant
                }
            }
        }
    });
    let derives = match e.repr {
        EnumRepr::String | EnumRepr::Integer => {
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)])
        }
        _ => quote!(#[derive(Debug, Clone, PartialEq)]),
    };
    let value_list: Vec<_> = literals.clone();
    match e.repr {
        EnumRepr::String => quote! {
            #docs
            #derives
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
                #[doc = #catch_all_doc]
                Unknown(#value_ty),
            }

            impl #name {
                /// Every value the spec lists.
                pub const KNOWN: &'static [&'static str] = &[#(#value_list),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #literals, )*
                        Self::Unknown(value) => value,
                    }
                }
            }

            #default_impl

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(::std::convert::From::from(value))
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: #value_ref) -> Self {
                    match value {
                        #( #literals => Self::#variants, )*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            impl #serde::Serialize for #name {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    super::runtime::deserialize::#helper::deserialize(deserializer)
                }
            }
        },
        _ => {
            let value_fn = if e.repr == EnumRepr::Integer {
                quote!(serialize_i64)
            } else {
                quote!(serialize_f64)
            };
            let matches_value = quote!( #( #literals => Self::#variants, )* );
            quote! {
                #docs
                #derives
                #[non_exhaustive]
                pub enum #name {
                    #( #variant_docs #variants, )*
                    #[doc = #catch_all_doc]
                    Unknown(#value_ty),
                }

                impl #name {
                    /// The value as sent on the wire.
                    pub fn value(&self) -> #value_ty {
                        match self {
                            #( Self::#variants => #literals, )*
                            Self::Unknown(value) => *value,
                        }
                    }
                }

                #default_impl

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.value(), f)
                    }
                }

                impl ::std::convert::From<#value_ty> for #name {
                    fn from(value: #value_ty) -> Self {
                        match value {
                            #matches_value
                            other => Self::Unknown(other),
                        }
                    }
                }

                impl #serde::Serialize for #name {
                    fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.#value_fn(self.value())
                    }
                }

                impl<'de> #serde::Deserialize<'de> for #name {
                    fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        super::runtime::deserialize::#helper::deserialize(deserializer)
                    }
                }
            }
        }
    }
}

/// The named types: whether a field's type has a `Default`, and the JSON shape each type
/// reads from, for the guards of untagged unions.
struct Kinds<'a> {
    index: TypeIndex<'a>,
    derives: &'a Derives,
}

/// Derives the user adds to generated types (`Builder::derive`, `Builder::derive_for`),
/// beyond those specgen writes itself. Each is a Rust path, checked when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derives {
    /// On every struct, enum and union.
    pub all: Vec<String>,
    /// On one type, by its Rust name.
    pub by_type: std::collections::BTreeMap<String, Vec<String>>,
}

impl Derives {
    /// `#[derive(…)]` of the user's derives for `name` that specgen does not already write
    /// (`written`, by last path segment), or nothing.
    fn attribute(&self, name: &str, written: &[&str]) -> TokenStream {
        let wanted = self
            .all
            .iter()
            .chain(self.by_type.get(name).into_iter().flatten());
        let mut seen: Vec<&str> = Vec::new();
        let mut paths = Vec::new();
        for text in wanted {
            let last = text.rsplit("::").next().unwrap_or(text).trim();
            if written.contains(&last) || seen.contains(&last) {
                continue;
            }
            seen.push(last);
            if let Ok(path) = syn::parse_str::<syn::Path>(text) {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            TokenStream::new()
        } else {
            quote!(#[derive(#(#paths),*)])
        }
    }
}

impl Kinds<'_> {
    /// Whether the named type is an enum with a spec default (so it implements `Default`).
    fn has_default(&self, name: &str) -> bool {
        matches!(self.index.get(name).map(|d| &d.kind), Some(TypeKind::Enum(e)) if e.default.is_some())
    }

    /// A boolean expression on `value` that is true for JSON this type may decode, or
    /// `None` when any JSON may fit.
    fn guard(&self, ty: &TypeRef) -> Option<TokenStream> {
        self.index.shape(ty).map(|shape| shape_guard(&shape))
    }
}

fn shape_guard(shape: &JsonShape) -> TokenStream {
    match shape {
        JsonShape::String => quote!(value.is_string()),
        JsonShape::Integer => quote!((value.is_i64() || value.is_u64())),
        JsonShape::Number => quote!(value.is_number()),
        JsonShape::Boolean => quote!(value.is_boolean()),
        JsonShape::Array => quote!(value.is_array()),
        JsonShape::Object => quote!(value.is_object()),
        JsonShape::NullOr(inner) => {
            let inner = shape_guard(inner);
            quote!((value.is_null() || #inner))
        }
    }
}

fn union_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    u: &UnionDef,
    writer: &TypeWriter,
    kinds: &Kinds<'_>,
) -> TokenStream {
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let payloads: Vec<_> = u.variants.iter().map(|v| writer.write(&v.ty)).collect();
    let serde = writer.crates().serde();
    let serde_json = writer.crates().serde_json();
    let serde_attribute = writer.crates().serde_attribute();
    let tag_patterns = || {
        u.variants.iter().map(|v| {
            let values = &v.tag_values;
            quote!( #(#values)|* )
        })
    };
    let decode = match u.decoding() {
        // Internally tagged, but decoded by hand: serde's `tag` would consume the property
        // that the variant structs themselves declare as required.
        UnionDecoding::Tagged(tag) => {
            let tag_patterns = tag_patterns();
            let all_tags: Vec<&String> = u.variants.iter().flat_map(|v| &v.tag_values).collect();
            quote! {
                let tag = value.get(#tag).and_then(#serde_json::Value::as_str).ok_or_else(|| D::Error::missing_field(#tag))?;
                match tag {
                    #( #tag_patterns => #serde_json::from_value(value).map(Self::#variants).map_err(D::Error::custom), )*
                    other => ::std::result::Result::Err(D::Error::unknown_variant(other, &[#(#all_tags),*])),
                }
            }
        }
        // Untagged, or tagged by inference: an inferred tag picks the variant, and a tag no
        // variant pins (or no tag) falls back to trying each variant in turn.
        decoding => {
            let inferred = match decoding {
                UnionDecoding::InferredTag(tag) => Some(tag),
                _ => None,
            };
            let by_tag = inferred.map(|tag| {
                let tag_patterns = tag_patterns();
                quote! {
                    match value.get(#tag).and_then(#serde_json::Value::as_str) {
                        #( ::std::option::Option::Some(#tag_patterns) => return #serde_json::from_value(value).map(Self::#variants).map_err(D::Error::custom), )*
                        _ => {}
                    }
                }
            });
            let attempts: Vec<TokenStream> = u.variants.iter().zip(&variants).zip(&payloads).map(|((v, variant), payload)| {
                let guard = kinds.guard(&v.ty).map(|g| quote!(#g &&));
                quote! {
                    if #guard let ::std::result::Result::Ok(inner) = <#payload as #serde::Deserialize>::deserialize(&value) {
                        return ::std::result::Result::Ok(Self::#variant(inner));
                    }
                }
            }).collect();
            let attempts = match kinds.index.ranked_variants(u) {
                // Struct variants are tried by how many of the object's keys each knows.
                Some(known) => {
                    let lists = known.iter().map(|fields| quote!(&[#(#fields),*]));
                    let indexes = (0..attempts.len()).map(proc_macro2::Literal::usize_unsuffixed);
                    quote! {
                        for variant in super::runtime::deserialize::by_known_fields(&value, [#(#lists),*]) {
                            match variant {
                                #( #indexes => { #attempts } )*
                                _ => {}
                            }
                        }
                    }
                }
                None => quote!(#(#attempts)*),
            };
            let message = format!("the value fits none of the variants of `{name}`");
            quote! {
                #by_tag
                #attempts
                ::std::result::Result::Err(D::Error::custom(#message))
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #serde::Serialize)]
        #serde_attribute
        #[serde(untagged)]
        pub enum #name {
            #( #variants(#payloads), )*
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use #serde::de::Error as _;
                let value = <#serde_json::Value as #serde::Deserialize>::deserialize(deserializer)?;
                #decode
            }
        }
    }
}
