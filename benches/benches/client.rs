//! Client overhead (BENCHMARKS.md, item 5): `batch_update` calls per second with the
//! generated client against a local HTTP server on 127.0.0.1, and the same request made
//! with plain `reqwest` + `serde_json` against the same server in the same run.
//!
//! Both send the same body and decode the same answer into the same generated types, so
//! the difference is the client: the generated one adds request validation, credentials,
//! the retry loop, tracing, rate-limit headers and path-tracking decoding. Two sizes:
//! `client_batch_100` (100 inputs, 100 results of 20 properties) and `client_batch_1`
//! (one input, one result: the fixed per-call cost).
//!
//! `cargo bench -p specgen-benches --bench client`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hubspot_orders::{Client, RetryPolicy, responses::BatchUpdateResponse, types};
use specgen_benches::{payload, server::Server};

const TOKEN: &str = "bench-token";
const PATH: &str = "/crm/v3/objects/orders/batch/update";

type Request = types::BatchInputSimplePublicObjectBatchInput;
type Response = types::BatchResponseSimplePublicObject;

async fn with_generated(client: &Client, body: &Request) -> Response {
    match client.batch_update(body).await.expect("batch_update") {
        BatchUpdateResponse::Ok(response) => response,
        other => panic!("unexpected answer: {other:?}"),
    }
}

async fn with_reqwest(http: &reqwest::Client, url: &str, body: &Request) -> Response {
    let response = http
        .post(url)
        .bearer_auth(TOKEN)
        .json(body)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    response.json::<Response>().await.expect("decode")
}

fn calls(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    for objects in [payload::OBJECTS, 1] {
        let server = Server::start(payload::batch_response_with(objects)).expect("server");
        let body: Request =
            serde_json::from_slice(&payload::batch_request_with(objects)).expect("request");
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token(TOKEN)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        let url = format!("{}{PATH}", server.url());

        // Same answer both ways before timing.
        let (a, b) = runtime.block_on(async {
            (
                with_generated(&client, &body).await,
                with_reqwest(&http, &url, &body).await,
            )
        });
        assert_eq!(a, b);
        assert_eq!(a.results.len(), objects);

        let mut group = c.benchmark_group(format!("client_batch_{objects}"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("specgen", |bench| {
            bench.iter(|| runtime.block_on(with_generated(&client, black_box(&body))))
        });
        group.bench_function("reqwest", |bench| {
            bench.iter(|| runtime.block_on(with_reqwest(&http, &url, black_box(&body))))
        });
        group.finish();
    }
}

criterion_group!(benches, calls);
criterion_main!(benches);
