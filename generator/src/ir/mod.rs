//! The intermediate representation and the lowering from a loaded spec into it.

mod constraints;
pub mod decode;
pub mod model;
pub mod names;
mod naming;
mod operation;
pub mod pagination;
mod path;
mod recursion;
pub mod rename;
mod schema;
pub mod select;
mod shape;
pub mod share;
mod webhook;

use openapiv3::{ReferenceOr, SecurityScheme};

pub use model::*;
pub use shape::{SharedList, SuccessShape, shared_lists, struct_fields, variant_structs};

use crate::diagnostics::{Diagnostic, Error, Severity};
use crate::load::Spec;

/// Lowers a loaded spec into the IR. Warnings come back with the result; errors, all of
/// them, in the `Err`.
pub fn lower(spec: &Spec) -> Result<(Api, Vec<Diagnostic>), Error> {
    let mut types = schema::TypeBuilder::new(spec);
    types.lower_components();
    let mut operations = operation::lower_operations(&mut types);
    for op in &mut operations {
        operation::complete_path_params(op);
    }
    // After the operations, so that webhook payloads never take a name an operation's
    // types would have had.
    let webhooks = webhook::lower_webhooks(&mut types);
    let (mut type_defs, schema_types, mut diagnostics) = types.finish();
    recursion::break_cycles(&mut type_defs, &mut diagnostics, spec);
    schema::infer_union_tags(&mut type_defs);
    let mut all = spec.warnings.clone();
    all.append(&mut diagnostics);
    if all.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Spec(all));
    }
    let info = &spec.openapi.info;
    let mut api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        // OpenAPI 3.1 only; openapiv3 2.x does not read it.
        summary: spec
            .document
            .pointer("/info/summary")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        base_url: spec
            .openapi
            .servers
            .first()
            .map(|s| server_url(&s.url, &s.variables)),
        types: type_defs,
        operations,
        auth: auth_schemes(spec),
        webhooks,
        schema_types,
    };
    pagination::detect_all(spec, &mut api, &mut all);
    user_types(spec, &mut api, &mut all);
    Ok((api, all))
}

/// The extension that replaces a component schema by the user's own Rust type.
const RUST_TYPE: &str = "x-rust-type";

/// Component schemas with `x-rust-type: some::Path` become that type (`type X = some::Path;`):
/// the user's `Money` or id newtype instead of the generated one.
fn user_types(spec: &Spec, api: &mut Api, diagnostics: &mut Vec<Diagnostic>) {
    let Some(schemas) = spec
        .document
        .pointer("/components/schemas")
        .and_then(serde_json::Value::as_object)
    else {
        return;
    };
    for (key, schema) in schemas {
        let Some(path) = schema.get(RUST_TYPE) else {
            continue;
        };
        let pointer = crate::diagnostics::push_pointer(
            &crate::diagnostics::push_pointer("/components/schemas", key),
            RUST_TYPE,
        );
        let valid = path
            .as_str()
            .filter(|text| syn::parse_str::<syn::Path>(text).is_ok());
        let Some(path) = valid else {
            diagnostics.push(spec.warning(
                &pointer,
                "is not a Rust type path (e.g. `rust_decimal::Decimal`); the schema is generated",
            ));
            continue;
        };
        let schema_pointer = crate::diagnostics::push_pointer("/components/schemas", key);
        let name = match api.schema_types.get(&schema_pointer) {
            Some(TypeRef::Named(name)) => name.clone(),
            Some(TypeRef::Option(inner)) => match &**inner {
                TypeRef::Named(name) => name.clone(),
                _ => continue,
            },
            _ => continue,
        };
        if let Some(def) = api.types.iter_mut().find(|t| t.name == name) {
            def.kind = TypeKind::External(path.to_owned());
        }
    }
}

/// The server URL with `{variables}` replaced by their defaults.
fn server_url(
    url: &str,
    variables: &Option<indexmap::IndexMap<String, openapiv3::ServerVariable>>,
) -> String {
    let mut url = url.to_owned();
    if let Some(variables) = variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    url.trim_end_matches('/').to_owned()
}

fn auth_schemes(spec: &Spec) -> Vec<AuthScheme> {
    let mut schemes = Vec::new();
    let Some(components) = &spec.openapi.components else {
        return schemes;
    };
    let mut bearer_names = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let ReferenceOr::Item(scheme) = scheme else {
            continue;
        };
        match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                schemes.push(AuthScheme::Basic { name: name.clone() });
            }
            SecurityScheme::HTTP { .. }
            | SecurityScheme::OAuth2 { .. }
            | SecurityScheme::OpenIDConnect { .. } => {
                bearer_names.push(name.clone());
            }
            SecurityScheme::APIKey {
                location,
                name: param,
                ..
            } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                schemes.push(AuthScheme::ApiKey {
                    name: name.clone(),
                    param: param.clone(),
                    location,
                });
            }
        }
    }
    if !bearer_names.is_empty() {
        schemes.insert(
            0,
            AuthScheme::Bearer {
                names: bearer_names,
            },
        );
    }
    schemes
}
