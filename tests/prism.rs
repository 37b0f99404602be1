//! Conformance with a real mock server: Prism (`@stoplight/prism-cli` 5) serving
//! `spec/hubspot-orders.yaml` validates every request the generated client sends (it answers
//! 422 with the violations otherwise), and the client decodes what Prism answers: the spec's
//! example (static mode) and responses Prism generates from the schemas (`-d`).
//!
//! These tests need Prism running; `scripts/prism.sh` starts it on 127.0.0.1, sets
//! `PRISM_URL` / `PRISM_DYNAMIC_URL` and runs them (`.ci/run` does so).

use hubspot_orders::responses::BatchUpdateResponse;
use hubspot_orders::types::{BatchInputSimplePublicObjectBatchInput, SimplePublicObjectBatchInput};
use hubspot_orders::{Client, Error};

fn prism_url(variable: &str) -> String {
    std::env::var(variable)
        .unwrap_or_else(|_| panic!("{variable} is not set: run scripts/prism.sh"))
}

fn client(base_url: String) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token("prism-test-token")
        .build()
        .expect("client builds")
}

fn example_request() -> BatchInputSimplePublicObjectBatchInput {
    let path = format!(
        "{}/spec/examples/batch-update.request.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("example fits")
}

fn fuller_request() -> BatchInputSimplePublicObjectBatchInput {
    let input = |id: &str| SimplePublicObjectBatchInput {
        id: id.to_owned(),
        id_property: Some("hs_order_number".to_owned()),
        object_write_trace_id: Some(format!("trace-{id}")),
        properties: [
            ("hs_order_name".to_owned(), format!("Order {id}")),
            ("hs_currency_code".to_owned(), "EUR".to_owned()),
        ]
        .into(),
    };
    BatchInputSimplePublicObjectBatchInput {
        inputs: vec![input("512"), input("513"), input("514")],
    }
}

/// A rejected request shows up as a status error; say what Prism objected to.
fn expect_accepted(result: Result<BatchUpdateResponse, Error>) -> BatchUpdateResponse {
    match result {
        Ok(response) => response,
        Err(Error::Status(e)) => panic!(
            "Prism rejected the request (HTTP {}): {:?}",
            e.status, e.body
        ),
        Err(other) => panic!("the call failed: {other}"),
    }
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism.sh runs it"]
async fn requests_pass_validation_and_the_example_response_decodes() {
    let client = client(prism_url("PRISM_URL"));
    for request in [example_request(), fuller_request()] {
        let response = expect_accepted(client.batch_update(&request).await);
        let BatchUpdateResponse::Ok(body) = &response else {
            panic!("Prism answers the first 2xx: {response:?}")
        };
        assert_eq!(body.results[0].id, "512");
        let context = body
            .errors
            .as_ref()
            .and_then(|e| e[0].errors[0].context.as_ref())
            .expect("context");
        assert_eq!(context["missingScopes"], ["scope1", "scope2"]);
    }
}

#[tokio::test]
#[ignore = "needs Prism: scripts/prism.sh runs it"]
async fn responses_generated_from_the_schema_decode() {
    let client = client(prism_url("PRISM_DYNAMIC_URL"));
    // Prism draws new values on every call; enough calls cover optional fields, enum values
    // and map shapes.
    for round in 0..25 {
        let response = expect_accepted(client.batch_update(&fuller_request()).await);
        // Values drawn from the schema's enum are documented ones: none may land in `Unknown`.
        assert!(
            !matches!(
                response.status(),
                hubspot_orders::types::BatchResponseSimplePublicObjectStatus::Unknown(_)
            ),
            "round {round}: {response:?}"
        );
    }
}
