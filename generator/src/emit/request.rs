//! Calls with optional parameters, and calls whose results continue on later pages: the
//! method takes the required parameters and returns a request value; optional parameters
//! are chained setters, `.await` sends it (`IntoFuture`), and a paginated call also offers
//! `pages()` and `items()` streams.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type::{TypeWriter, ident, is_copy_scalar};
use crate::ir::names::{NameSet, camel_ident};
use crate::ir::pagination::{CursorTarget, FieldStep, NextPage, Pagination, Wrap};
use crate::ir::{BodyEncoding, Method, Operation, Param, TypeRef};

/// Methods of std traits that clippy's `should_implement_trait` matches by name and shape.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// `reqwest::Method::GET`, …, with `reqwest` as the module names it.
pub(super) fn method_tokens(method: Method, reqwest: &TokenStream) -> TokenStream {
    let name = match method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    };
    quote!(#reqwest::Method::#name)
}

/// Whether the operation's method returns a request value rather than the future itself.
pub fn is_builder_style(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required) || op.pagination.is_some()
}

/// How an argument is held: the kinds of [`Param`] types, each with its own owned form.
pub(super) enum Kind {
    /// `&str` → `String`.
    Text,
    /// A `Copy` scalar.
    Copy,
    /// `&[T]` → `Vec<T>`.
    List(TypeRef),
    /// `&T` → `T`.
    Other,
}

/// The kind of a parameter type.
pub(super) fn kind(ty: &TypeRef) -> Kind {
    match ty {
        TypeRef::String | TypeRef::Base64 | TypeRef::Binary => Kind::Text,
        ty if is_copy_scalar(ty) => Kind::Copy,
        TypeRef::Vec(item) => Kind::List((**item).clone()),
        _ => Kind::Other,
    }
}

/// The type of a required parameter's field: borrowed for `'a`, as the method takes it.
fn borrowed_type(p: &Param, writer: &TypeWriter) -> TokenStream {
    match kind(&p.ty) {
        Kind::Text => quote!(&'a str),
        Kind::Copy => writer.write(&p.ty),
        Kind::List(item) => {
            let item = writer.write(&item);
            quote!(&'a [#item])
        }
        Kind::Other => {
            let ty = writer.write(&p.ty);
            quote!(&'a #ty)
        }
    }
}

/// What the request value and its methods are made of.
pub struct RequestParts<'a> {
    /// The operation.
    pub op: &'a Operation,
    /// Writes types as `types::X`.
    pub writer: &'a TypeWriter,
    /// The type of `body`, as the method takes it (`&T`, `Option<&T>`, `Vec<u8>`, …),
    /// with `'a` for the borrow.
    pub body_type: Option<TokenStream>,
    /// The operation's result type.
    pub return_ty: TokenStream,
    /// `fn(Reply, errors) -> Result<T, Error>` of the operation.
    pub decode: TokenStream,
    /// The operation's error-body parser.
    pub errors: TokenStream,
    /// `const CALL: Call = …;` of the operation.
    pub call: TokenStream,
    /// The statements of `build_request(self)`, given the argument expressions (from the
    /// value's fields), in parameter order then `body`.
    pub request: &'a dyn Fn(Vec<TokenStream>) -> TokenStream,
    /// The method's doc and attribute tokens.
    pub attrs: TokenStream,
}

/// The client method, and the module items (the request struct and its impls).
pub fn builder_items(parts: &RequestParts<'_>) -> (TokenStream, TokenStream) {
    let op = parts.op;
    let writer = parts.writer;
    let reqwest = writer.crates().reqwest();
    let name = ident(&op.name);
    let struct_name = format_ident!(
        "{}Request",
        camel_ident(op.name.trim_start_matches("r#"), "Operation")
    );
    let mut reserved = vec!["client"];
    if op.pagination.is_some() {
        reserved.extend(["pages", "items"]);
    }
    let mut fields = NameSet::with_reserved(reserved.iter().copied());
    let mut args = Vec::new();
    let mut field_defs = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut forwarded = Vec::new();
    let mut borrows = false;
    let mut setter_names_taken: Vec<String> = Vec::new();
    // The field each parameter is kept in, by parameter name (a field may be renamed).
    let mut field_of = std::collections::HashMap::new();
    let mut setter_names = NameSet::with_reserved(reserved.iter().copied().chain([
        "into_future",
        "build_request",
        "send_with",
    ]));
    // Where the later pages put their cursor.
    let cursor_target = match op.pagination.as_ref().map(|p| &p.next) {
        Some(NextPage::Cursor { target, .. } | NextPage::AfterLastId { target, .. }) => {
            Some(target)
        }
        _ => None,
    };
    // A required query parameter the later pages replace (a cursor the spec marks
    // required) is held as a `Cow`: the caller's text on the first page, the page's
    // cursor after it.
    let paged_param = match cursor_target {
        Some(CursorTarget::Query {
            name,
            required: true,
            ..
        }) => Some(name.as_str()),
        _ => None,
    };
    for p in &op.params {
        let field = ident(&fields.claim(&p.name));
        field_of.insert(p.name.clone(), field.clone());
        let arg = ident(&p.name);
        if p.required && paged_param == Some(p.name.as_str()) {
            borrows = true;
            args.push(quote!(#arg: &'a str));
            field_defs.push(quote!(#field: ::std::borrow::Cow<'a, str>));
            inits.push(quote!(#field: ::std::borrow::Cow::Borrowed(#arg)));
            forwarded.push(quote!(&self.#field));
            continue;
        }
        if p.required {
            let ty = borrowed_type(p, writer);
            borrows |= !matches!(kind(&p.ty), Kind::Copy);
            args.push(quote!(#arg: #ty));
            field_defs.push(quote!(#field: #ty));
            inits.push(if field == arg {
                quote!(#field)
            } else {
                quote!(#field: #arg)
            });
            forwarded.push(quote!(self.#field));
            continue;
        }
        let setter_name = setter_names.claim(&p.name);
        setter_names_taken.push(setter_name.clone());
        let setter = ident(&setter_name);
        let doc = super::docs::doc_attrs(p.docs.as_deref());
        let (owned, setter_fn, forward) = match kind(&p.ty) {
            Kind::Text => (
                quote!(String),
                quote!(pub fn #setter(mut self, value: impl Into<String>) -> Self { self.#field = Some(value.into()); self }),
                quote!(self.#field.as_deref()),
            ),
            Kind::Copy => {
                let ty = writer.write(&p.ty);
                (
                    ty.clone(),
                    quote!(pub fn #setter(mut self, value: #ty) -> Self { self.#field = Some(value); self }),
                    quote!(self.#field),
                )
            }
            Kind::List(item) => {
                let (item_ty, setter_fn) = if item == TypeRef::String {
                    (
                        quote!(String),
                        quote!(pub fn #setter<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
                            self.#field = Some(values.into_iter().map(Into::into).collect());
                            self
                        }),
                    )
                } else {
                    let item_ty = writer.write(&item);
                    (
                        item_ty.clone(),
                        quote!(pub fn #setter(mut self, values: impl IntoIterator<Item = #item_ty>) -> Self {
                            self.#field = Some(values.into_iter().collect());
                            self
                        }),
                    )
                };
                (
                    quote!(Vec<#item_ty>),
                    setter_fn,
                    quote!(self.#field.as_deref()),
                )
            }
            Kind::Other => {
                let ty = writer.write(&p.ty);
                (
                    ty.clone(),
                    quote!(pub fn #setter(mut self, value: #ty) -> Self { self.#field = Some(value); self }),
                    quote!(self.#field.as_ref()),
                )
            }
        };
        field_defs.push(quote!(#field: Option<#owned>));
        inits.push(quote!(#field: None));
        setters.push(quote!(#doc #setter_fn));
        forwarded.push(forward);
    }
    let body_cursor = matches!(cursor_target, Some(CursorTarget::Body(_)));
    if let (Some(body), Some(body_type)) = (&op.body, &parts.body_type) {
        // A body the pages change (a search's cursor) is held as a `Cow`, so that the
        // later pages send a changed copy and the first page borrows the caller's.
        if body_cursor && body.required && body.encoding == BodyEncoding::Json {
            let ty = writer.write(&body.ty);
            args.push(quote!(body: &'a #ty));
            borrows = true;
            field_defs.push(quote!(body: ::std::borrow::Cow<'a, #ty>));
            inits.push(quote!(body: ::std::borrow::Cow::Borrowed(body)));
            forwarded.push(quote!(&self.body));
        } else {
            borrows |= body_type.to_string().contains("'a");
            args.push(quote!(body: #body_type));
            field_defs.push(quote!(body: #body_type));
            inits.push(quote!(body));
            forwarded.push(quote!(self.body));
        }
    }
    // A setter named like a std trait's method (`add`, `next`, …) has its shape; it is a
    // setter all the same.
    let std_names = setter_names_taken
        .iter()
        .any(|name| STD_TRAIT_METHODS.contains(&name.trim_start_matches("r#")))
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    let request = (parts.request)(forwarded);
    let return_ty = &parts.return_ty;
    let decode = &parts.decode;
    let errors = &parts.errors;
    let call = &parts.call;
    let attrs = &parts.attrs;
    let struct_doc = format!(
        " The call of [`Client::{}`]: chain its optional parameters, then `.await` it.",
        op.name.trim_start_matches("r#")
    );
    let paging = op
        .pagination
        .as_ref()
        .map(|pagination| paging_methods(pagination, parts, &struct_name, &field_of));
    // Required parameters stay arguments, however many the spec has.
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Without borrowed arguments the lifetime is elided, as clippy wants.
    let method = if borrows {
        quote! {
            #attrs
            #too_many
            pub fn #name<'a>(&'a self, #(#args),*) -> #struct_name<'a> {
                #struct_name { client: self, #(#inits),* }
            }
        }
    } else {
        quote! {
            #attrs
            #too_many
            pub fn #name(&self, #(#args),*) -> #struct_name<'_> {
                #struct_name { client: self, #(#inits),* }
            }
        }
    };
    let items = quote! {
        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        #[must_use = "the request is sent only when awaited"]
        pub struct #struct_name<'a> {
            client: &'a Client,
            #(#field_defs,)*
        }

        #std_names
        impl<'a> #struct_name<'a> {
            #call

            #(#setters)*

            /// Builds the request from the parameters set so far.
            fn build_request(self) -> Result<#reqwest::RequestBuilder, Error> {
                #request
            }

            /// Builds the request and its future; `decode` reads the reply.
            fn send_with<T>(self, decode: runtime::client::Decode<T, ErrorBody>) -> ResponseFuture<'a, T> {
                let client = self.client;
                client.core.send(self.build_request(), &Self::CALL, decode, #errors)
            }

            #paging
        }

        impl<'a> ::std::future::IntoFuture for #struct_name<'a> {
            type Output = Result<#return_ty, Error>;
            type IntoFuture = ResponseFuture<'a, #return_ty>;

            fn into_future(self) -> Self::IntoFuture {
                const DECODE: runtime::client::Decode<#return_ty, ErrorBody> = #decode;
                self.send_with(DECODE)
            }
        }
    };
    (method, items)
}

/// Statements that walk `steps` from `root` (a reference), ending with `value` bound to a
/// reference to the last field; `None` is returned where an optional field is absent.
fn walk(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let mut statements = vec![quote!(let value = #root;)];
    for step in steps {
        let field = ident(&step.name);
        statements.push(match step.wrap {
            Wrap::Plain => quote!(let value = &value.#field;),
            Wrap::Option => quote!(let value = value.#field.as_ref()?;),
            Wrap::DoubleOption => quote!(let value = value.#field.as_ref()?.as_ref()?;),
        });
    }
    quote!(#(#statements)*)
}

/// `pages()` and `items()` of a paginated call.
fn paging_methods(
    pagination: &Pagination,
    parts: &RequestParts<'_>,
    struct_name: &proc_macro2::Ident,
    field_of: &std::collections::HashMap<String, proc_macro2::Ident>,
) -> TokenStream {
    let page = &parts.return_ty;
    let item = parts.writer.write(&pagination.item_type);
    let get = method_tokens(Method::Get, &parts.writer.crates().reqwest());
    let decode = &parts.decode;
    let errors = &parts.errors;
    // The token of the page after `page`, read from the page itself.
    let next_of_page = |body: TokenStream| {
        quote! {
            fn next_token(page: &#page) -> Option<String> { #body }
        }
    };
    let (next_fn, from_headers) = match &pagination.next {
        NextPage::Cursor { cursor, .. } => {
            let walk = walk(quote!(page), cursor);
            (next_of_page(quote!(#walk Some(value.clone()))), false)
        }
        NextPage::NextUrl { url } => {
            let walk = walk(quote!(page), url);
            (next_of_page(quote!(#walk Some(value.clone()))), false)
        }
        NextPage::AfterLastId { has_more, id, .. } => {
            let more = walk(quote!(page), has_more);
            let items = walk(quote!(page), &pagination.items);
            let id = ident(&id.name);
            let items_ref = if pagination.items.is_empty() {
                quote!(page)
            } else {
                quote!(value)
            };
            (
                next_of_page(quote! {
                    let more = { #more *value };
                    if !more {
                        return None;
                    }
                    #items
                    #items_ref.last().map(|item| item.#id.clone())
                }),
                false,
            )
        }
        NextPage::LinkHeader => (TokenStream::new(), true),
    };
    let paged_decode = if from_headers {
        quote! {
            |reply, errors| {
                let next = runtime::paging::link_next(&reply.headers);
                DECODE(reply, errors).map(|page| (page, next))
            }
        }
    } else {
        quote! {
            |reply, errors| DECODE(reply, errors).map(|page| {
                let next = next_token(&page);
                (page, next)
            })
        }
    };
    let cursor_into_request = |target: &CursorTarget| match target {
        CursorTarget::Query { name, required, .. } => match (field_of.get(name), required) {
            (Some(field), true) => quote!(call.#field = ::std::borrow::Cow::Owned(token);),
            (Some(field), false) => quote!(call.#field = Some(token);),
            (None, _) => TokenStream::new(),
        },
        CursorTarget::Body(step) => {
            let field = ident(&step.name);
            let value = match step.wrap {
                Wrap::Plain => quote!(token),
                Wrap::Option => quote!(Some(token)),
                Wrap::DoubleOption => quote!(Some(Some(token))),
            };
            quote!(call.body.to_mut().#field = #value;)
        }
    };
    let fetch = match &pagination.next {
        NextPage::Cursor { target, .. } | NextPage::AfterLastId { target, .. } => {
            let set = cursor_into_request(target);
            quote! {
                move |token: Option<String>| {
                    let mut call = first.clone();
                    if let Some(token) = token {
                        #set
                    }
                    call.send_with(PAGED)
                }
            }
        }
        NextPage::NextUrl { .. } | NextPage::LinkHeader => quote! {
            move |token: Option<String>| match token {
                None => first.clone().send_with(PAGED),
                Some(url) => {
                    let core = &first.client.core;
                    let request = runtime::paging::next_page_url(core.base_url(), &url)
                        .map(|url| core.request(#get, url));
                    core.send(request, &#struct_name::CALL, PAGED, #errors)
                }
            }
        },
    };
    let items_of = if let Some((last, inner)) = pagination.items.split_last() {
        let mut statements = Vec::new();
        let mut current = quote!(page);
        for step in inner {
            let field = ident(&step.name);
            match step.wrap {
                Wrap::Plain => current = quote!(#current.#field),
                Wrap::Option => {
                    statements.push(
                        quote!(let Some(value) = #current.#field else { return Vec::new(); };),
                    );
                    current = quote!(value);
                }
                Wrap::DoubleOption => {
                    statements.push(quote!(let Some(Some(value)) = #current.#field else { return Vec::new(); };));
                    current = quote!(value);
                }
            }
        }
        let field = ident(&last.name);
        let value = match last.wrap {
            Wrap::Plain => quote!(#current.#field),
            Wrap::Option => quote!(#current.#field.unwrap_or_default()),
            Wrap::DoubleOption => quote!(#current.#field.flatten().unwrap_or_default()),
        };
        quote! {{
            fn items_of(page: #page) -> Vec<#item> {
                #(#statements)*
                #value
            }
            items_of
        }}
    } else {
        quote!(|page| page)
    };
    quote! {
        /// Every page, one call per page, until a page names no next one; retries and
        /// rate limits apply to each call.
        pub fn pages(self) -> runtime::paging::Pages<'a, #page, ErrorBody> {
            const DECODE: runtime::client::Decode<#page, ErrorBody> = #decode;
            #next_fn
            const PAGED: runtime::client::Decode<(#page, Option<String>), ErrorBody> = #paged_decode;
            let first = self;
            runtime::paging::Pages::new(Box::new(#fetch))
        }

        /// Every item of every page, in order, asking for a page only when the items before
        /// it are used up; `.max_items(n)` stops after `n`.
        pub fn items(self) -> runtime::paging::Items<'a, #page, #item, ErrorBody> {
            self.pages().items(#items_of)
        }
    }
}
