//! One client method per operation: the URL from the path template and parameters, the
//! request body, and the mapping of response statuses to results and typed errors.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::context::ClientContext;
use super::docs::doc_attrs;
use super::rust_type::{TypeWriter, ident};
use super::shape::{response_enum_name, return_type};
use crate::ir::{
    BodyEncoding, Method, Operation, Param, ParamLocation, PathSegment, PathStyle, Response,
    ResponseBody, StatusMatch, SuccessShape, TypeRef,
};

/// The argument type for a parameter: scalars by value, strings as `&str`, the rest by reference.
fn param_arg_type(p: &Param, writer: &TypeWriter) -> TokenStream {
    // The same classification the request values hold their fields by.
    let inner = match super::request::kind(&p.ty) {
        super::request::Kind::Text => quote!(&str),
        super::request::Kind::Copy => writer.write(&p.ty),
        super::request::Kind::List(item) => {
            let item = writer.write(&item);
            quote!(&[#item])
        }
        super::request::Kind::Other => {
            let ty = writer.write(&p.ty);
            quote!(&#ty)
        }
    };
    if p.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let lit = Literal::u16_unsuffixed(code);
            quote!(#lit)
        }
        // Ranges are written as guards: they follow exact codes that they contain, and a
        // guard arm does not count as an overlapping pattern.
        StatusMatch::Range(r) => range_guard(r),
        StatusMatch::Default => quote!(_),
    }
}

/// `s if (200..=299).contains(&s)` for the hundreds digit `r`.
fn range_guard(r: u16) -> TokenStream {
    let low = Literal::u16_unsuffixed(r * 100);
    let high = Literal::u16_unsuffixed(r * 100 + 99);
    quote!(s if (#low..=#high).contains(&s))
}

/// Sorts responses so that exact codes match before ranges, and ranges before `default`.
fn match_order(responses: &[Response]) -> Vec<&Response> {
    let mut sorted: Vec<&Response> = responses.iter().collect();
    sorted.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    sorted
}

/// The response enum's variant for one success response, decoded from `status` and `body`.
fn enum_value(op: &Operation, response: &Response) -> TokenStream {
    let enum_name = response_enum_name(op);
    let variant = format_ident!("{}", response.status.variant_name());
    let variant = quote!(responses::#enum_name::#variant);
    match &response.body {
        ResponseBody::Empty => quote!(Ok(#variant)),
        ResponseBody::Json(_) => {
            quote!(runtime::decode::decode_json(status, &body).map(#variant))
        }
        ResponseBody::Text => quote!(Ok(#variant(runtime::decode::decode_text(&body)))),
        ResponseBody::Bytes => quote!(Ok(#variant(body))),
    }
}

/// Whether the operation sends a body whose limits are checked before sending.
pub fn sends_validated_body(op: &Operation, validated: &dyn Fn(&TypeRef) -> bool) -> bool {
    op.body.as_ref().is_some_and(|body| {
        matches!(
            body.encoding,
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
        ) && validated(&body.ty)
    })
}

/// The methods for one operation: the public one, which returns the future of its reply
/// (or, with optional parameters or pages, a request value: see `request.rs`), and, unless
/// the request is a plain URL, the private one that builds the request. Also the module
/// items of a request value. `errors` is the operation's error-body parser, from
/// [`error_parser`].
pub fn operation_methods(
    op: &Operation,
    ctx: &ClientContext<'_>,
    errors: TokenStream,
) -> (Vec<TokenStream>, TokenStream) {
    let writer = ctx.writer;
    let reqwest = writer.crates().reqwest();
    let name = ident(&op.name);
    let mut doc_text = op.docs.clone().unwrap_or_default();
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!(
        "`{} {}`",
        op.method.as_str().to_ascii_uppercase(),
        op.path.as_str().replace('`', "'")
    ));
    let docs = doc_attrs(Some(&doc_text));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };

    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    // An optional parameter of a request value is documented on its setter.
    let setters = super::request::is_builder_style(op);
    for p in &op.params {
        let arg = ident(&p.name);
        let ty = param_arg_type(p, writer);
        args.push(quote!(#arg: #ty));
        if let Some(d) = &p.docs
            && (p.required || !setters)
        {
            arg_docs.push(format!(
                "- `{}`: {}",
                p.name.trim_start_matches("r#"),
                d.lines().next().unwrap_or_default()
            ));
        }
    }
    if let Some(body) = &op.body {
        let ty = match (&body.ty, body.encoding) {
            (_, BodyEncoding::Bytes) => quote!(Vec<u8>),
            (_, BodyEncoding::Text) => quote!(String),
            (ty, _) => writer.write(ty),
        };
        let ty = match body.encoding {
            BodyEncoding::Bytes | BodyEncoding::Text => ty,
            _ => quote!(&#ty),
        };
        if body.required {
            args.push(quote!(body: #ty));
        } else {
            args.push(quote!(body: Option<#ty>));
        }
    }
    let arg_doc = if arg_docs.is_empty() {
        TokenStream::new()
    } else {
        let mut text = String::from("Arguments:\n");
        text.push_str(&arg_docs.join("\n"));
        let lines = super::docs::doc_lines(&text);
        quote!( #[doc = ""] #( #[doc = #lines] )* )
    };
    let too_many = if args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };

    // URL: the template with each `{name}` replaced by the encoded argument, joined from
    // its pieces (cheaper to compile than `format!`, which matters for 1,000-operation APIs).
    // After the base URL, which comes from the client (`self`, or `self.client` in a request
    // value).
    let mut url_parts: Vec<TokenStream> = Vec::new();
    let mut literal = String::new();
    let mut path_args = 0usize;
    for segment in op.path.segments() {
        let (name, prefix, suffix) = match segment {
            PathSegment::Literal(text) => {
                literal.push_str(text);
                continue;
            }
            PathSegment::Param {
                name,
                prefix,
                suffix,
            } => (name, prefix, suffix),
        };
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && &p.wire_name == name)
        {
            Some(p) => {
                path_args += 1;
                if !literal.is_empty() {
                    url_parts.push(quote!(#literal));
                    literal.clear();
                }
                let arg = ident(&p.name);
                let explode = p.explode;
                url_parts.push(match p.path_style {
                    PathStyle::Simple => quote!(&runtime::encode::path_param(&#arg)?),
                    PathStyle::Label => quote!(&runtime::encode::path_label(&#arg, #explode)?),
                    PathStyle::Matrix => {
                        let wire = &p.wire_name;
                        quote!(&runtime::encode::path_matrix(#wire, &#arg, #explode)?)
                    }
                });
            }
            None => literal.push_str(&format!("{{{prefix}{name}{suffix}}}")),
        }
    }
    if !literal.is_empty() {
        url_parts.push(quote!(#literal));
    }

    let mut setup = Vec::new();
    // The query string is built by hand so that delimiters (`,` of non-exploded arrays,
    // `[` `]` of deepObject) stay literal while every value is percent-encoded.
    let mut query_setup = Vec::new();
    let query_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if !query_params.is_empty() {
        query_setup.push(quote!(let mut query: Vec<String> = Vec::new();));
        for p in &query_params {
            let arg = ident(&p.name);
            let wire = &p.wire_name;
            let explode = p.explode;
            let push = if p.deep_object {
                quote!(runtime::encode::push_deep_object(&mut query, #wire, &value)?;)
            } else {
                quote!(runtime::encode::push_query(&mut query, #wire, &value, #explode)?;)
            };
            query_setup.push(if p.required {
                quote!({ let value = #arg; #push })
            } else {
                quote!(if let Some(value) = #arg { #push })
            });
        }
        query_setup.push(quote!(let url = runtime::encode::with_query(url, &query);));
    }
    let mut cookies = Vec::new();
    let mut pre_checks = Vec::new();
    // A required parameter that can never be sent makes the call impossible.
    let mut impossible: Option<String> = None;
    for p in op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
    {
        let arg = ident(&p.name);
        let wire = &p.wire_name;
        if p.location == ParamLocation::Cookie {
            cookies.push((p.required, arg, wire.clone()));
            continue;
        }
        // A name that is not an HTTP token cannot be sent; say so when the caller tries.
        let valid_name = !wire.is_empty()
            && wire
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid_name {
            let message = format!(
                "`{wire}` is not a valid HTTP header name, so this parameter cannot be sent"
            );
            let refuse = quote!(return Err(Error::InvalidRequest(#message.to_owned())););
            if p.required {
                impossible = Some(message);
            } else {
                pre_checks.push(quote!(if #arg.is_some() { #refuse }));
            }
            continue;
        }
        let set =
            quote!(request = request.header(#wire, runtime::encode::header_value(#wire, &value)?););
        setup.push(if p.required {
            quote!({ let value = #arg; #set })
        } else {
            quote!(if let Some(value) = #arg { #set })
        });
    }
    if !cookies.is_empty() {
        setup.push(quote!(let mut cookies: Vec<String> = Vec::new();));
        for (required, arg, wire) in cookies {
            let push = quote!(runtime::encode::push_cookie(&mut cookies, #wire, &value)?;);
            setup.push(if required {
                quote!({ let value = #arg; #push })
            } else {
                quote!(if let Some(value) = #arg { #push })
            });
        }
        setup.push(quote!(request = runtime::encode::cookie_header(request, &cookies)?;));
    }
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        let set = match body.encoding {
            BodyEncoding::Json => {
                quote!(request = runtime::encode::json_body(request, #content_type, &body)?;)
            }
            BodyEncoding::Form => quote!(request = runtime::encode::form_body(request, &body)?;),
            BodyEncoding::Multipart => {
                quote!(request = request.multipart(runtime::multipart::multipart_form(&body)?);)
            }
            BodyEncoding::Bytes | BodyEncoding::Text => {
                quote!(request = request.header(#reqwest::header::CONTENT_TYPE, #content_type).body(body);)
            }
        };
        // Limits are checked before anything is sent.
        let check = if sends_validated_body(op, ctx.validated) {
            quote!(runtime::validate::validate(body)?;)
        } else {
            TokenStream::new()
        };
        setup.push(if body.required {
            quote!(#check #set)
        } else {
            quote!(if let Some(body) = body { #check #set })
        });
    }
    let method = super::request::method_tokens(op.method, &reqwest);
    let method_name = op.method.as_str().to_ascii_uppercase();
    let path_template = op.path.as_str();
    let idempotent = !matches!(op.method, Method::Post | Method::Patch);
    let authenticated = op.authenticated;
    let request_binding = if setup.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };

    let return_ty = return_type(op, writer);
    let decode = decoder(op);
    let call = quote! {
        const CALL: Call = Call { method: #method_name, path: #path_template, idempotent: #idempotent, authenticated: #authenticated };
    };
    // The request is built before the returned future is first polled; a failure to build
    // it (an argument that cannot be encoded, a body over its limits) comes out of the
    // future, so callers see every error in one place.
    let mut items = Vec::new();
    let plain =
        pre_checks.is_empty() && query_setup.is_empty() && setup.is_empty() && path_args == 0;
    // The statements that build the request from the arguments, on `client`.
    let build = |client: TokenStream| {
        quote! {
            #(#pre_checks)*
            let url: String = [#client.core.base_url(), #(#url_parts),*].concat();
            #(#query_setup)*
            #request_binding = #client.core.request(#method, url);
            #(#setup)*
            Ok(request)
        }
    };
    let builder_style = impossible.is_none() && super::request::is_builder_style(op);
    // A request value builds its own request (see `request.rs`); a plain call has a private
    // method for it, unless the request is a plain URL.
    let builder =
        (impossible.is_none() && !plain && !builder_style).then(|| request_fn_name(op, ctx));
    if let Some(builder) = &builder {
        let doc = format!(
            " Builds the request of [`Client::{}`].",
            op.name.trim_start_matches("r#")
        );
        let body = build(quote!(self));
        items.push(quote! {
            #[doc = #doc]
            #too_many
            fn #builder(&self, #(#args),*) -> Result<#reqwest::RequestBuilder, Error> {
                #body
            }
        });
    }
    // A request that is its URL alone, on `client`.
    let plain_request = |client: TokenStream| quote!(Ok(#client.core.request(#method, [#client.core.base_url(), #(#url_parts),*].concat())));
    // The request from the client expression and the argument expressions.
    let request_from =
        |client: TokenStream, forwarded: Vec<TokenStream>| match (&impossible, &builder) {
            (Some(message), _) => quote!(Err(Error::InvalidRequest(#message.to_owned()))),
            (None, Some(builder)) => quote!(#client.#builder(#(#forwarded),*)),
            (None, None) => plain_request(client),
        };
    // The arguments by name, in parameter order then `body`.
    let arg_names: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let arg = ident(&p.name);
            quote!(#arg)
        })
        .chain(op.body.as_ref().map(|_| quote!(body)))
        .collect();
    let attrs = quote!(#docs #arg_doc #deprecated);
    if builder_style {
        let body_type = op.body.as_ref().map(|body| {
            let ty = match (&body.ty, body.encoding) {
                (_, BodyEncoding::Bytes) => quote!(Vec<u8>),
                (_, BodyEncoding::Text) => quote!(String),
                (ty, _) => {
                    let ty = writer.write(ty);
                    quote!(&'a #ty)
                }
            };
            if body.required {
                ty
            } else {
                quote!(Option<#ty>)
            }
        });
        // The request value's `build_request(self)`: each argument bound from the value's
        // field as the argument type, then the same statements as a plain call's.
        let body = if plain {
            plain_request(quote!(self.client))
        } else {
            build(quote!(self.client))
        };
        let request = |forwarded: Vec<TokenStream>| {
            let bindings = arg_names
                .iter()
                .zip(&forwarded)
                .map(|(name, value)| quote!(let #name = #value;));
            quote!(#(#bindings)* #body)
        };
        let parts = super::request::RequestParts {
            op,
            writer,
            body_type,
            return_ty: return_ty.clone(),
            decode: decode.clone(),
            errors: errors.clone(),
            call: call.clone(),
            request: &request,
            attrs,
        };
        let (method, module_items) = super::request::builder_items(&parts);
        items.insert(0, method);
        return (items, module_items);
    }
    let allow_unused = if impossible.is_some() {
        quote!(#[allow(unused_variables)])
    } else {
        TokenStream::new()
    };
    let request = request_from(quote!(self), arg_names);
    items.insert(
        0,
        quote! {
            #attrs
            #too_many
            #allow_unused
            pub fn #name(&self, #(#args),*) -> ResponseFuture<'_, #return_ty> {
                #call
                self.core.send(#request, &CALL, #decode, #errors)
            }
        },
    );
    (items, TokenStream::new())
}

/// `<operation>_request`, or with more `_` while that names an operation.
fn request_fn_name(op: &Operation, ctx: &ClientContext<'_>) -> proc_macro2::Ident {
    let mut name = format!("{}_request", op.name.trim_start_matches("r#"));
    while ctx
        .api
        .operations
        .iter()
        .any(|other| other.name.trim_start_matches("r#") == name)
    {
        name.push('_');
    }
    format_ident!("{}", name)
}

/// How a reply becomes the method's result: a `Reply` method when every success has one
/// body kind, else a closure matching the status to the response enum's variants.
fn decoder(op: &Operation) -> TokenStream {
    if let SuccessShape::One(body) = op.success_shape() {
        // One body for every success: any 2xx decodes as it, declared or not.
        return match body {
            ResponseBody::Empty => quote!(Reply::empty),
            ResponseBody::Json(_) => quote!(Reply::json),
            ResponseBody::Text => quote!(Reply::text),
            ResponseBody::Bytes => quote!(Reply::bytes),
        };
    }
    let arms = success_arms(op);
    quote! {
        |Reply { status, headers, body }, errors| match status {
            #arms
            _ => Err(runtime::client::status_error(status, &headers, &body, errors)),
        }
    }
}

/// The `match` arms from success statuses to the response enum's variants.
fn success_arms(op: &Operation) -> TokenStream {
    let ordered = match_order(&op.success);
    let mut arms = Vec::new();
    let mut has_catch_all_2xx = false;
    for r in &ordered {
        let pattern = match r.status {
            StatusMatch::Default => {
                has_catch_all_2xx = true;
                range_guard(2)
            }
            StatusMatch::Range(2) => {
                has_catch_all_2xx = true;
                status_pattern(r.status)
            }
            other => status_pattern(other),
        };
        let value = enum_value(op, r);
        arms.push(quote!(#pattern => #value,));
    }
    // An undeclared 2xx is read as the first declared success, rather than refused.
    if !has_catch_all_2xx {
        let fallback = match ordered.first() {
            Some(first) => enum_value(op, first),
            None => quote!(Ok(())),
        };
        let guard = range_guard(2);
        arms.push(quote!(#guard => #fallback,));
    }
    quote!(#(#arms)*)
}

/// The parser of the operation's error bodies, shared with every operation that maps
/// statuses to error types the same way.
pub fn error_parser(
    op: &Operation,
    ctx: &ClientContext<'_>,
    parsers: &mut ErrorParsers,
) -> TokenStream {
    let mut arms = Vec::new();
    let mut default_parse = None;
    let mut described = Vec::new();
    let serde_json = ctx.writer.crates().serde_json();
    let defaults_from_success = op
        .default_is_success
        .then(|| op.success.iter().find(|r| r.status == StatusMatch::Default))
        .flatten();
    for r in match_order(&op.errors)
        .into_iter()
        .chain(defaults_from_success)
    {
        let ResponseBody::Json(ty) = &r.body else {
            continue;
        };
        let Some(variant) = (ctx.error_variant)(ty) else {
            continue;
        };
        described.push(format!(
            "{} as [`ErrorBody::{variant}`]",
            error_status_label(r.status)
        ));
        let variant = ident(&variant);
        let parse = quote!(#serde_json::from_slice(body).ok().map(ErrorBody::#variant));
        match r.status {
            StatusMatch::Default => default_parse = Some(parse),
            other => {
                let pattern = status_pattern(other);
                arms.push(quote!(#pattern => #parse,));
            }
        }
    }
    let (status, body, parse) = match (arms.is_empty(), default_parse) {
        (true, None) => (quote!(_status), quote!(_body), quote!(None)),
        (true, Some(parse)) => (quote!(_status), quote!(body), parse),
        (false, parse) => {
            let fallback = parse.unwrap_or_else(|| quote!(None));
            (
                quote!(status),
                quote!(body),
                quote!(match status { #(#arms)* _ => #fallback, }),
            )
        }
    };
    let doc = if described.is_empty() {
        " For operations that declare no JSON error body: every error body is kept raw.".to_owned()
    } else {
        format!(" Decodes an error body: {}.", described.join(", "))
    };
    let name = parsers.name_for(
        quote!((#status: u16, #body: &[u8]) -> Option<ErrorBody> { #parse }),
        &doc,
        ctx.features.of_op(op),
    );
    quote!(#name)
}

/// The error-body parsers of the client module: one private fn per distinct mapping of
/// statuses to `ErrorBody` variants (most APIs have a handful), numbered in order of first
/// use, so that a method names its parser instead of repeating it.
///
/// With tag features, a parser is compiled when a feature of an operation using it is.
#[derive(Default)]
pub struct ErrorParsers {
    names: HashMap<String, (proc_macro2::Ident, usize)>,
    items: Vec<TokenStream>,
    features: Vec<std::collections::BTreeSet<String>>,
}

impl ErrorParsers {
    fn name_for(
        &mut self,
        signature_and_body: TokenStream,
        doc: &str,
        features: &[String],
    ) -> proc_macro2::Ident {
        let key = signature_and_body.to_string();
        if let Some((name, index)) = self.names.get(&key) {
            self.features[*index].extend(features.iter().cloned());
            return name.clone();
        }
        let name = format_ident!("parse_error_body_{}", self.names.len() + 1);
        self.items.push(quote! {
            #[doc = #doc]
            fn #name #signature_and_body
        });
        self.names.insert(key, (name.clone(), self.items.len() - 1));
        self.features.push(features.iter().cloned().collect());
        name
    }

    /// The parser fns, in order of first use.
    pub fn into_items(self) -> Vec<TokenStream> {
        self.items
            .into_iter()
            .zip(self.features)
            .map(|(item, features)| {
                let cfg = super::features::cfg_of(features);
                super::features::on_items(item, cfg.as_ref())
            })
            .collect()
    }
}

fn error_status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "any other status".into(),
        other => other.label(),
    }
}
