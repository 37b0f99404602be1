//! The `responses` module: one enum per operation whose success statuses carry different
//! bodies (HubSpot's batch endpoints: 200 and 207), with accessors for what the variants
//! share, so that the common path stays short (`response.results()`, `response.errors()`).

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::rust_type::{TypeWriter, ident};
use super::shape::{body_type, response_enum_name};
use crate::ir::{
    Api, Field, Operation, ResponseBody, SuccessShape, TypeRef, struct_fields, variant_structs,
};

/// The module, or `None` when no operation needs an enum.
pub fn responses_module(
    api: &Api,
    writer: &TypeWriter,
    features: &super::features::TagFeatures,
) -> Option<TokenStream> {
    let structs = struct_fields(api);
    let enums: Vec<TokenStream> = api
        .operations
        .iter()
        .filter(|op| matches!(op.success_shape(), SuccessShape::Enum))
        .map(|op| {
            super::features::on_items(
                response_enum(op, writer, &structs),
                features.op_cfg(op).as_ref(),
            )
        })
        .collect();
    if enums.is_empty() {
        return None;
    }
    let enums = quote!(#(#enums)*);
    let import_types = super::uses_module(&enums, "types").then(|| {
        let allow = features.allow_unused_import();
        quote!(
            #allow
            use super::types;
        )
    });
    Some(quote! {
        #import_types
        #enums
    })
}

fn response_enum(
    op: &Operation,
    writer: &TypeWriter,
    structs: &HashMap<&str, &[Field]>,
) -> TokenStream {
    let name = response_enum_name(op);
    let method = op.name.trim_start_matches("r#");
    let doc = format!(" The success responses of [`Client::{method}`](super::Client::{method}).");
    let variants = op.success.iter().map(|r| {
        let variant = format_ident!("{}", r.status.variant_name());
        let text = format!(
            "{}{}",
            r.status.label(),
            r.docs
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        let docs = doc_attrs(Some(&text));
        match &r.body {
            ResponseBody::Empty => quote!(#docs #variant,),
            body => {
                let ty = body_type(body, writer);
                quote!(#docs #variant(#ty),)
            }
        }
    });
    let accessors = accessors(op, writer, structs);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #accessors
    }
}

/// Accessors for what the variants share:
/// - a list present in some variants (required or not) with one item type → `&[T]`, empty
///   where a variant lacks it;
/// - a required field present in every variant with one type → `&T`.
fn accessors(
    op: &Operation,
    writer: &TypeWriter,
    structs: &HashMap<&str, &[Field]>,
) -> TokenStream {
    let Some(variants) = variant_structs(op, structs) else {
        return TokenStream::new();
    };
    let mut names: Vec<&str> = Vec::new();
    for (_, fields) in &variants {
        for f in *fields {
            if !names.contains(&f.name.as_str()) {
                names.push(&f.name);
            }
        }
    }
    let mut methods = Vec::new();
    for field_name in names {
        let present: Vec<Option<&Field>> = variants
            .iter()
            .map(|(_, fields)| fields.iter().find(|f| f.name == field_name))
            .collect();
        let method = ident(field_name);
        let docs = present.iter().flatten().find_map(|f| f.docs.clone());
        let doc_attrs = doc_attrs(docs.as_deref());
        let item_types: Vec<&TypeRef> = present
            .iter()
            .flatten()
            .filter_map(|f| match &f.ty {
                TypeRef::Vec(item) => Some(&**item),
                _ => None,
            })
            .collect();
        let all_lists = present.iter().flatten().count() == item_types.len();
        if all_lists && !item_types.is_empty() && item_types.iter().all(|t| *t == item_types[0]) {
            let item = writer.write(item_types[0]);
            let arms = variants.iter().zip(&present).map(|((variant, _), field)| {
                let variant = format_ident!("{}", variant);
                match field {
                    Some(f) if f.required && !f.nullable => quote!(Self::#variant(body) => &body.#method,),
                    Some(f) if f.required || !f.nullable => quote!(Self::#variant(body) => body.#method.as_deref().unwrap_or_default(),),
                    // Optional and nullable: `Option<Option<Vec<T>>>`.
                    Some(_) => quote!(Self::#variant(body) => body.#method.as_ref().and_then(|v| v.as_deref()).unwrap_or_default(),),
                    None => quote!(Self::#variant(_) => &[],),
                }
            });
            methods.push(quote! {
                #doc_attrs
                pub fn #method(&self) -> &[#item] {
                    match self { #(#arms)* }
                }
            });
            continue;
        }
        let shared = present.iter().all(|f| {
            f.is_some_and(|f| {
                f.required
                    && !f.nullable
                    && f.ty == present[0].map_or(TypeRef::Any, |p| p.ty.clone())
            })
        });
        if shared && let Some(Some(first)) = present.first() {
            let ty = writer.write(&first.ty);
            let arms = variants.iter().map(|(variant, _)| {
                let variant = format_ident!("{}", variant);
                quote!(Self::#variant(body) => &body.#method,)
            });
            methods.push(quote! {
                #doc_attrs
                pub fn #method(&self) -> &#ty {
                    match self { #(#arms)* }
                }
            });
        }
    }
    if methods.is_empty() {
        return TokenStream::new();
    }
    let name = response_enum_name(op);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}
