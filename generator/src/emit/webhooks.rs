//! The `webhooks` module: one documented type alias per webhook operation, naming the type
//! of the payload the API sends to its users' servers (`pub type NewPet = types::Pet;`). The
//! payload types themselves live in `types` with every other type; nothing here sends or
//! receives anything.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::rust_type::{Crates, TypeWriter, ident};
use crate::ir::{Api, BodyEncoding};

/// The module, or `None` when the spec has no webhooks with a payload.
pub fn webhooks_module(api: &Api, crates: &Crates) -> Option<TokenStream> {
    if api.webhooks.is_empty() {
        return None;
    }
    // An alias may be called `String` or `Vec`; the others then write the std paths in full.
    let writer = TypeWriter::outside_types_shadowing(api.webhooks.iter().map(|w| w.alias.as_str()))
        .with_crates(crates.clone());
    let aliases: TokenStream = api
        .webhooks
        .iter()
        .map(|webhook| {
            let docs = doc_attrs(webhook.docs.as_deref());
            let name = ident(&webhook.alias);
            // Whole bodies of these encodings are bytes and text, as for request bodies.
            let ty = match webhook.payload.encoding {
                BodyEncoding::Bytes => writer.vec(quote!(u8)),
                BodyEncoding::Text => writer.string(),
                BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                    writer.write(&webhook.payload.ty)
                }
            };
            quote! { #docs pub type #name = #ty; }
        })
        .collect();
    let import_types = super::uses_module(&aliases, "types").then(|| {
        quote!(
            use super::types;
        )
    });
    Some(quote! {
        #import_types
        #aliases
    })
}
