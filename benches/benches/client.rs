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
//! The two clients are timed in alternating rounds (A B, B A, A B, ...) of the same number
//! of calls, rather than one after the other as criterion does, so that load from other
//! processes on a shared machine hits both alike; the figures are medians over the rounds
//! and the ratio is the median of the per-round ratios. Each round also records the CPU
//! time of the calling thread (`/proc/thread-self/schedstat`), which waiting for a core
//! does not inflate: the client's own work per call (the server runs on other threads).
//!
//! `cargo bench -p specgen-benches --bench client [-- --rounds N --round-ms MS --out FILE
//! --objects 100|1]`
//! (defaults: 20 rounds of about 100 ms per client; `--out` writes the samples as JSON,
//! also taken from `BENCH_CLIENT_OUT`).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hubspot_orders::{Client, RetryPolicy, responses::BatchUpdateResponse, types};
use specgen_benches::{payload, server::Server};
use tokio::runtime::Runtime;

const TOKEN: &str = "bench-token";
const PATH: &str = "/crm/v3/objects/orders/batch/update";

type Request = types::BatchInputSimplePublicObjectBatchInput;
type Response = types::BatchResponseSimplePublicObject;

struct Settings {
    rounds: usize,
    round: Duration,
    out: Option<PathBuf>,
    only: Option<usize>,
}

impl Settings {
    /// `--rounds N`, `--round-ms MS`, `--out FILE`, `--objects N` (only that payload size,
    /// e.g. for a profiler); anything else (cargo's `--bench`, a filter) is ignored.
    fn from_args() -> Settings {
        let mut settings = Settings {
            rounds: 20,
            round: Duration::from_millis(100),
            out: std::env::var_os("BENCH_CLIENT_OUT").map(PathBuf::from),
            only: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--rounds" => {
                    let value: Option<usize> = args.next().and_then(|v| v.parse().ok());
                    settings.rounds = value.expect("--rounds needs a number").max(1);
                }
                "--round-ms" => {
                    let value: Option<u64> = args.next().and_then(|v| v.parse().ok());
                    settings.round =
                        Duration::from_millis(value.expect("--round-ms needs a number"));
                }
                "--out" => settings.out = Some(args.next().expect("--out needs a file").into()),
                "--objects" => {
                    let value: Option<usize> = args.next().and_then(|v| v.parse().ok());
                    settings.only = Some(value.expect("--objects needs a number"));
                }
                _ => {}
            }
        }
        settings
    }
}

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

/// The two contenders for one payload size.
struct Contenders {
    client: Client,
    http: reqwest::Client,
    url: String,
    body: Request,
}

impl Contenders {
    /// Wall-clock and calling-thread CPU nanoseconds per call over `calls` calls with the
    /// generated client (`generated`) or plain reqwest.
    fn time(&self, runtime: &Runtime, generated: bool, calls: u32) -> (f64, f64) {
        let cpu = thread_cpu_ns();
        let started = Instant::now();
        runtime.block_on(async {
            for _ in 0..calls {
                let response = if generated {
                    with_generated(&self.client, black_box(&self.body)).await
                } else {
                    with_reqwest(&self.http, &self.url, black_box(&self.body)).await
                };
                black_box(response);
            }
        });
        let wall = started.elapsed().as_nanos() as f64;
        let cpu = thread_cpu_ns().saturating_sub(cpu) as f64;
        (wall / f64::from(calls), cpu / f64::from(calls))
    }
}

/// Time this thread has run on a CPU, in nanoseconds (0 where the kernel does not say).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

fn main() {
    let settings = Settings::from_args();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut report = serde_json::Map::new();
    for objects in [payload::OBJECTS, 1] {
        if settings.only.is_some_and(|only| only != objects) {
            continue;
        }
        let server = Server::start(payload::batch_response_with(objects)).expect("server");
        let body: Request =
            serde_json::from_slice(&payload::batch_request_with(objects)).expect("request");
        let contenders = Contenders {
            client: Client::builder()
                .base_url(server.url())
                .bearer_token(TOKEN)
                .retry_policy(RetryPolicy::disabled())
                .build()
                .expect("client"),
            http: reqwest::Client::new(),
            url: format!("{}{PATH}", server.url()),
            body,
        };

        // Same answer both ways before timing.
        let (a, b) = runtime.block_on(async {
            (
                with_generated(&contenders.client, &contenders.body).await,
                with_reqwest(&contenders.http, &contenders.url, &contenders.body).await,
            )
        });
        assert_eq!(a, b);
        assert_eq!(a.results.len(), objects);

        // Warm up both, then size the rounds from the generated client's speed.
        let warm_up = Instant::now();
        while warm_up.elapsed() < Duration::from_millis(500) {
            contenders.time(&runtime, true, 5);
            contenders.time(&runtime, false, 5);
        }
        let (per_call, _) = contenders.time(&runtime, true, 20);
        let calls = ((settings.round.as_nanos() as f64 / per_call) as u32).max(10);

        let (mut generated, mut generated_cpu) = (Vec::new(), Vec::new());
        let (mut plain, mut plain_cpu) = (Vec::new(), Vec::new());
        for round in 0..settings.rounds {
            for generated_first in [round % 2 == 0, round % 2 != 0] {
                let (wall, cpu) = contenders.time(&runtime, generated_first, calls);
                if generated_first {
                    generated.push(wall);
                    generated_cpu.push(cpu);
                } else {
                    plain.push(wall);
                    plain_cpu.push(cpu);
                }
            }
        }
        let ratios: Vec<f64> = generated.iter().zip(&plain).map(|(g, p)| p / g).collect();
        let name = format!("client_batch_{objects}");
        println!(
            "{name}: specgen {:.0} calls/s, reqwest {:.0} calls/s, specgen/reqwest {:.3} \
             (median of {} rounds of {calls} calls each; per-round ratios {:.3}–{:.3}); \
             client CPU per call: specgen {:.1} µs, reqwest {:.1} µs",
            1e9 / median(&generated),
            1e9 / median(&plain),
            median(&ratios),
            settings.rounds,
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
            median(&generated_cpu) / 1e3,
            median(&plain_cpu) / 1e3,
        );
        report.insert(
            name,
            serde_json::json!({
                "objects": objects,
                "calls_per_round": calls,
                "specgen_ns_per_call": generated,
                "reqwest_ns_per_call": plain,
                "specgen_cpu_ns_per_call": generated_cpu,
                "reqwest_cpu_ns_per_call": plain_cpu,
            }),
        );
    }
    if let Some(out) = settings.out {
        let text = serde_json::to_string_pretty(&report).expect("JSON");
        std::fs::write(&out, text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    }
}
