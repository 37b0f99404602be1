//! Batch helpers: for an operation whose JSON body is a batch (exactly one required list
//! with `maxItems`, like HubSpot's `inputs`), a `*_chunked` method that sends any number of
//! inputs in calls of at most the limit and gathers the answers in a `Chunked`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::context::ClientContext;
use super::rust_type::ident;
use super::shape::return_type;
use crate::ir::{
    Api, BodyEncoding, Field, Operation, ResponseBody, SharedList, SuccessShape, TypeKind, TypeRef,
    shared_lists,
};

/// The batch list of an operation's body and its limit, when the operation is a batch call.
pub fn batch_field<'a>(api: &'a Api, op: &Operation) -> Option<(&'a Field, usize)> {
    let body = op.body.as_ref()?;
    if body.encoding != BodyEncoding::Json || !body.required || !op.params.is_empty() {
        return None;
    }
    let TypeRef::Named(name) = &body.ty else {
        return None;
    };
    let TypeKind::Struct(s) = &api.types.iter().find(|t| &t.name == name)?.kind else {
        return None;
    };
    let mut lists = s.fields.iter().filter(|f| {
        f.required
            && !f.nullable
            && matches!(f.ty, TypeRef::Vec(_))
            && f.constraints.max_items.is_some()
    });
    let field = lists.next()?;
    if lists.next().is_some() {
        return None;
    }
    Some((field, field.constraints.max_items?))
}

/// Whether any operation gets a chunked helper.
pub fn has_batches(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| batch_field(api, op).is_some())
}

/// `Chunked`, `ChunkFailure`, the `*_chunked` methods and the merged accessors.
pub fn chunked_items(ctx: &ClientContext<'_>) -> TokenStream {
    let api = ctx.api;
    let mut methods = Vec::new();
    let mut accessor_impls = Vec::new();
    // One accessor impl per response type, compiled with any of the operations it serves.
    let mut seen_responses: Vec<String> = Vec::new();
    let mut response_ops: Vec<Vec<&Operation>> = Vec::new();
    for op in &api.operations {
        let Some((field, limit)) = batch_field(api, op) else {
            continue;
        };
        let Some(body) = &op.body else { continue };
        let body_ty = ctx.writer.write(&body.ty);
        let response = return_type(op, ctx.writer);
        let call = ident(&op.name);
        let method = format_ident!("{}_chunked", op.name.trim_start_matches("r#"));
        let list = ident(&field.name);
        let limit_lit = Literal::usize_unsuffixed(limit);
        let doc = format!(
            " Calls [`Client::{call}`] once per chunk of at most {limit} `{wire}` (the spec's `maxItems`, or [`ClientBuilder::max_batch_size`]) and gathers the answers. It stops at the first chunk that fails: the error and the inputs not sent are in [`Chunked::failure`], the answers before it are kept.",
            call = op.name.trim_start_matches("r#"),
            wire = field.wire_name,
        );
        let cfg = ctx.features.op_cfg(op);
        methods.push(quote! {
            #[doc = #doc]
            #cfg
            pub async fn #method(&self, body: &#body_ty) -> Chunked<#response> {
                let size = self.max_batch_size.unwrap_or(#limit_lit);
                let mut template = body.clone();
                let inputs = ::std::mem::take(&mut template.#list);
                let (responses, failure) = runtime::chunked::in_chunks(&inputs, size, |chunk| {
                    let mut part = template.clone();
                    part.#list = chunk;
                    async move { self.#call(&part).await }
                })
                .await;
                Chunked { responses, failure }
            }
        });
        let key = response.to_string();
        match seen_responses.iter().position(|seen| *seen == key) {
            Some(index) => response_ops[index].push(op),
            None => {
                seen_responses.push(key);
                response_ops.push(vec![op]);
                accessor_impls.push(merged_accessors(api, op, ctx, &response));
            }
        }
    }
    let accessor_impls = accessor_impls
        .into_iter()
        .zip(&response_ops)
        .map(|(tokens, ops)| {
            let cfg = ctx.features.ops_cfg(ops.iter().copied());
            super::features::on_items(tokens, cfg.as_ref())
        });
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The answers to a batch sent in chunks.
        #[derive(Debug)]
        #[must_use = "a chunk may have failed; check `failure`"]
        pub struct Chunked<R> {
            /// The answer to each chunk that was sent, in order.
            pub responses: Vec<R>,
            /// The chunk that failed, if one did; the chunks after it were not sent.
            pub failure: Option<ChunkFailure>,
        }

        /// Where a chunked batch stopped.
        pub type ChunkFailure = runtime::chunked::ChunkFailure<ErrorBody>;

        impl<R> Chunked<R> {
            /// The answers, or the error of the chunk that failed.
            pub fn into_result(self) -> Result<Vec<R>, Error> {
                match self.failure {
                    Some(failure) => Err(failure.error),
                    None => Ok(self.responses),
                }
            }
        }

        impl Client {
            #(#methods)*
        }

        #(#accessor_impls)*
    }
}

/// `results()`, `errors()`, … over every chunk's answer.
fn merged_accessors(
    api: &Api,
    op: &Operation,
    ctx: &ClientContext<'_>,
    response: &TokenStream,
) -> TokenStream {
    let mut methods = Vec::new();
    match op.success_shape() {
        SuccessShape::Enum => {
            for SharedList { name, item, docs } in shared_lists(api, op) {
                let method = ident(&name);
                let item = ctx.writer.write(&item);
                let doc = format!(
                    " `{}` of every chunk's answer, in order.{}",
                    name.trim_start_matches("r#"),
                    docs.map(|d| format!(" {d}")).unwrap_or_default()
                );
                methods.push(quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> impl Iterator<Item = &#item> {
                        self.responses.iter().flat_map(|response| response.#method())
                    }
                });
            }
        }
        SuccessShape::One(ResponseBody::Json(TypeRef::Named(name))) => {
            let Some(TypeKind::Struct(s)) =
                api.types.iter().find(|t| &t.name == name).map(|t| &t.kind)
            else {
                return TokenStream::new();
            };
            for f in &s.fields {
                let TypeRef::Vec(item) = &f.ty else { continue };
                let method = ident(&f.name);
                let item = ctx.writer.write(item);
                let doc = format!(" `{}` of every chunk's answer, in order.", f.wire_name);
                let iter = if f.required && !f.nullable {
                    quote!(self.responses.iter().flat_map(|response| response.#method.iter()))
                } else if f.required || !f.nullable {
                    quote!(self.responses.iter().flat_map(|response| response.#method.iter().flatten()))
                } else {
                    quote!(self.responses.iter().flat_map(|response| response.#method.iter().flatten().flatten()))
                };
                methods.push(quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> impl Iterator<Item = &#item> {
                        #iter
                    }
                });
            }
        }
        _ => {}
    }
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl Chunked<#response> {
            #(#methods)*
        }
    }
}
