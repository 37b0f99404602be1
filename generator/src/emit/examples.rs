//! The example lint as a generated test: `tests/examples.rs` decodes every example of the
//! spec through the generated types, so the check runs with `cargo test` wherever the crate
//! is built.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::CrateOptions;
use super::format::format_tokens;
use super::rust_type::{Crates, TypeWriter};
use crate::diagnostics::Error;
use crate::lint::Example;

/// The test file, or `None` when the spec has no examples.
pub fn example_tests(
    examples: &[Example],
    options: &CrateOptions,
) -> Result<Option<String>, Error> {
    if examples.is_empty() {
        return Ok(None);
    }
    let through_runtime = options.runtime_crate.is_some();
    let writer = TypeWriter::outside_types().with_crates(if through_runtime {
        Crates::Through("runtime".to_owned())
    } else {
        Crates::Direct
    });
    let krate = format_ident!("{}", options.name.replace('-', "_"));
    let tests: Vec<TokenStream> = examples
        .iter()
        .enumerate()
        .map(|(index, example)| {
            let name = format_ident!("example_{}", index + 1);
            let ty = writer.write(&example.ty);
            let pointer = &example.pointer;
            let json = serde_json::to_string_pretty(&example.value).unwrap_or_default();
            let doc = format!(" The example at `{pointer}`.");
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    decodes::<#ty>(#pointer, #json);
                }
            }
        })
        .collect();
    // Through the runtime crate, the crate's one dependency, its decoder names the path.
    let decodes = if through_runtime {
        quote! {
            use #krate::runtime;

            fn decodes<T: runtime::serde::de::DeserializeOwned>(pointer: &str, json: &str) {
                if let Err(runtime::error::Error::<()>::Decode(error)) = runtime::decode::decode_json::<T, ()>(200, json.as_bytes()) {
                    panic!("the example at {pointer} does not fit its type at `{}`: {}", error.path, error.source);
                }
            }
        }
    } else {
        quote! {
            fn decodes<T: serde::de::DeserializeOwned>(pointer: &str, json: &str) {
                let mut deserializer = serde_json::Deserializer::from_str(json);
                if let Err(error) = serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                    panic!("the example at {pointer} does not fit its type at `{}`: {}", error.path(), error.inner());
                }
            }
        }
    };
    let tokens = quote! {
        #![doc = " Every example in the spec, decoded through the generated types (`specgen lint` runs"]
        #![doc = " the same check without compiling)."]
        #![allow(unused_imports)]

        use #krate::types;

        #decodes

        #(#tests)*
    };
    format_tokens(tokens, "example tests").map(Some)
}
