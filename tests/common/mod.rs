//! The sample JSON of `spec/examples/`, shared by the end-to-end tests.
// Each test file uses a different part of this module.
#![allow(dead_code)]

use hubspot_orders::types::BatchInputSimplePublicObjectBatchInput;
use serde_json::{Value, json};

/// Reads a JSON example from `spec/examples/` at run time.
pub fn example(name: &str) -> Value {
    let file = format!("{}/spec/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {file}: {e}"))
}

/// The request body from `spec/examples/batch-update.request.json`, as the typed input.
pub fn example_request() -> BatchInputSimplePublicObjectBatchInput {
    serde_json::from_value(example("batch-update.request.json")).expect("request example fits")
}

/// The response from `spec/examples/batch-update.response.json`, with the one value the
/// documentation page renders as a string (`errors[0].errors[0].context`) written as the
/// object of string arrays that the schema (and the live API) use.
pub fn example_response() -> Value {
    let mut response = example("batch-update.response.json");
    response["errors"][0]["errors"][0]["context"] = json!({"missingScopes": ["scope1", "scope2"]});
    response
}
