//! progenitor 0.15.1 as a build step (BENCHMARKS.md, item 3), as its README shows:
//! OpenAPI document → `Generator::generate_tokens` → `prettyplease` → `OUT_DIR/codegen.rs`.
//!
//! progenitor 0.15 accepts one response type for the success statuses (with `default`) and
//! one for the error statuses (with `default`); on spec/hubspot-orders.yaml as is it panics
//! with `assertion failed: response_types.len() <= 1`. So this drops the 207 and 429
//! responses and turns `default` into `4XX` and `5XX` before generating. The rest of the
//! spec is used as is.

use std::path::PathBuf;

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

const SPEC: &str = "spec/hubspot-orders.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    let text = std::fs::read_to_string(SPEC).expect("read the spec");
    let mut spec: OpenAPI = serde_yaml::from_str(&text).expect("parse the spec");
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            let responses = &mut operation.responses;
            responses.responses.shift_remove(&StatusCode::Code(207));
            responses.responses.shift_remove(&StatusCode::Code(429));
            if let Some(default) = responses.default.take() {
                responses
                    .responses
                    .insert(StatusCode::Range(4), default.clone());
                responses.responses.insert(StatusCode::Range(5), default);
            }
        }
    }

    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .expect("progenitor generates");
    let file: syn::File = syn::parse2(tokens).expect("the generated code parses");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("codegen.rs");
    std::fs::write(out, prettyplease::unparse(&file)).expect("write codegen.rs");
}
