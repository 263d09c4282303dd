//! Benchmarks of the Jobs view's Rust side, from the recorded Flink 2.3.0 `/jobs/overview`
//! (tests/fixtures/jobmanager) with its jobs repeated under new ids:
//! - `overview_1000`: a 1,000-job answer parsed into the list, diffed against the previous poll
//!   (where 1 in 10 jobs changed state) and serialised for the window. Target, with the window's
//!   render of the same list (ui: `npm run bench`): ≤ 50 ms.
//! - `poll_100_over_http`: one poll of a 100-job cluster through [`Jobs::list`] over loopback
//!   HTTP (request, parse, list), the work the view repeats every 2 s while open. Target: ≤ 1% of
//!   one core, i.e. ≤ 20 ms of CPU per poll.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;
use weir::jobs::{diff, JobList, JobManagerTarget, Jobs};

/// The recorded `/jobs/overview` jobs, repeated to `n` with distinct ids; every `failed_every`th
/// job FAILED, the others RUNNING.
fn overview(n: usize, failed_every: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/jobmanager/flink-2.3.0/01-overview.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture"))
        .expect("fixture JSON");
    let recorded: Vec<Value> = v["exchanges"]
        .as_array()
        .expect("exchanges")
        .iter()
        .find(|e| e["request"]["path"] == "/jobs/overview")
        .expect("a /jobs/overview exchange")["response"]["body"]["jobs"]
        .as_array()
        .expect("jobs")
        .clone();
    let jobs: Vec<Value> = (0..n)
        .map(|i| {
            let mut j = recorded[i % recorded.len()].clone();
            j["jid"] = Value::String(format!("{i:032x}"));
            j["name"] = Value::String(format!("job-{i}"));
            j["state"] = Value::String(
                if i % failed_every == 0 {
                    "FAILED"
                } else {
                    "RUNNING"
                }
                .into(),
            );
            j
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "jobs": jobs })).expect("json")
}

/// A loopback server answering every request with `body` (as a JobManager answers
/// `/jobs/overview`), keeping connections open as the client expects.
fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut out = stream;
                loop {
                    let mut line = String::new();
                    // the request line and headers, up to the blank line
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => {}
                        }
                    }
                    // one write: a head and a body sent apart wait on Nagle and delayed ACKs
                    let mut answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    answer.extend_from_slice(&body);
                    if out.write_all(&answer).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn benches(c: &mut Criterion) {
    let before = overview(1000, 1000);
    let after = overview(1000, 10);
    let prev = JobList::from_overview("http://jm:8081", 1, &before).expect("parse");
    c.bench_function("overview_1000_parse_diff_ipc", |b| {
        b.iter(|| {
            let list = JobList::from_overview("http://jm:8081", 2, &after).expect("parse");
            let d = diff(&prev.jobs, &list.jobs);
            assert_eq!(d.alerts().count(), 99);
            serde_json::to_vec(&list).expect("ipc")
        })
    });

    let url = serve(overview(100, 10));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut target = JobManagerTarget::url(&url);
    target.request_timeout = Duration::from_secs(5);
    let jobs = Jobs::new(&target).expect("jobs");
    c.bench_function("poll_100_over_http", |b| {
        b.iter(|| {
            let list = rt.block_on(jobs.list()).expect("list");
            assert_eq!(list.jobs.len(), 100);
            serde_json::to_vec(&list).expect("ipc")
        })
    });
}

criterion_group!(jobs_benches, benches);
criterion_main!(jobs_benches);
