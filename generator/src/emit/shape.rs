//! The Rust types of an operation's success responses, as the client methods, the
//! response enums and the batch helpers write them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust_type::TypeWriter;
use crate::ir::{Operation, ResponseBody, SuccessShape};

/// The return type of an operation: its one body type, or its response enum.
pub fn return_type(op: &Operation, writer: &TypeWriter) -> TokenStream {
    match op.success_shape() {
        SuccessShape::One(body) => body_type(body, writer),
        SuccessShape::Enum => {
            let name = response_enum_name(op);
            quote!(responses::#name)
        }
    }
}

/// The Rust type of a response body.
pub fn body_type(body: &ResponseBody, writer: &TypeWriter) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => writer.write(ty),
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
    }
}

/// The identifier of an operation's response enum.
pub fn response_enum_name(op: &Operation) -> Ident {
    format_ident!("{}", op.response_enum_name())
}
