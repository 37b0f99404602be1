//! Decode and encode throughput of the batch-update bodies (BENCHMARKS.md, item 4):
//! the generated `hubspot_orders::types` vs hand-written serde types of the same shape
//! (`specgen_benches::hand`) vs `serde_json::Value`.
//!
//! Groups `decode_response`, `encode_response`, `decode_request`, `encode_request`; each
//! reports bytes/s of the JSON text. `decode_response/generated_path_to_error` is the
//! generated type decoded the way the generated client does it (through
//! `serde_path_to_error`, so a failure names its JSON path).
//!
//! `cargo bench -p specgen-benches --bench serde`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hubspot_orders::types;
use specgen_benches::{hand, payload};

type GeneratedResponse = types::BatchResponseSimplePublicObject;
type GeneratedRequest = types::BatchInputSimplePublicObjectBatchInput;

/// Decodes with every contender and checks each re-encodes to the same JSON value, so the
/// contenders are known to do the same work before they are timed.
fn check_same_shape(response: &[u8], request: &[u8]) {
    let original: serde_json::Value = serde_json::from_slice(response).expect("response JSON");
    let generated: GeneratedResponse = serde_json::from_slice(response).expect("generated");
    let handwritten: hand::BatchResponse = serde_json::from_slice(response).expect("hand");
    assert_eq!(generated.results.len(), payload::OBJECTS);
    assert_eq!(generated.results[0].properties.len(), payload::PROPERTIES);
    same(&generated, &original, "generated response");
    same(&handwritten, &original, "hand-written response");

    let original: serde_json::Value = serde_json::from_slice(request).expect("request JSON");
    let generated: GeneratedRequest = serde_json::from_slice(request).expect("generated");
    let handwritten: hand::BatchInput = serde_json::from_slice(request).expect("hand");
    assert_eq!(generated.inputs.len(), payload::OBJECTS);
    same(&generated, &original, "generated request");
    same(&handwritten, &original, "hand-written request");
}

fn same<T: serde::Serialize>(decoded: &T, original: &serde_json::Value, what: &str) {
    let encoded = serde_json::to_value(decoded).expect("encode");
    assert!(
        encoded == *original,
        "{what} does not re-encode to the payload"
    );
}

fn decode_path_to_error(bytes: &[u8]) -> GeneratedResponse {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).expect("decodes");
    deserializer.end().expect("nothing after the value");
    value
}

fn bodies(c: &mut Criterion) {
    let response = payload::batch_response();
    let request = payload::batch_request();
    check_same_shape(&response, &request);

    let mut group = c.benchmark_group("decode_response");
    group.throughput(Throughput::Bytes(response.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<GeneratedResponse>(black_box(&response)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::from_slice::<hand::BatchResponse>(black_box(&response)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&response)).unwrap())
    });
    group.bench_function("generated_path_to_error", |b| {
        b.iter(|| decode_path_to_error(black_box(&response)))
    });
    group.finish();

    let generated: GeneratedResponse = serde_json::from_slice(&response).unwrap();
    let handwritten: hand::BatchResponse = serde_json::from_slice(&response).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&response).unwrap();
    let mut group = c.benchmark_group("encode_response");
    group.throughput(Throughput::Bytes(response.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::to_vec(black_box(&handwritten)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("decode_request");
    group.throughput(Throughput::Bytes(request.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<GeneratedRequest>(black_box(&request)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::from_slice::<hand::BatchInput>(black_box(&request)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&request)).unwrap())
    });
    group.finish();

    let generated: GeneratedRequest = serde_json::from_slice(&request).unwrap();
    let handwritten: hand::BatchInput = serde_json::from_slice(&request).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&request).unwrap();
    let mut group = c.benchmark_group("encode_request");
    group.throughput(Throughput::Bytes(request.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::to_vec(black_box(&handwritten)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bodies);
criterion_main!(benches);
