//! The run machinery against gateways that misbehave half-way through a result: one that stops
//! answering, one that cuts the connection mid-page, one that sends malformed JSON. Each run ends
//! within the request timeout with a clear error, and the rows already fetched stay in the grid.
//!
//! The server answers with the real recorded exchanges of Flink 2.3.0 (handshake, session, the
//! pages of an unbounded SELECT) until the page where it misbehaves.

#[path = "../../weir-connect/tests/support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{load, Action, Exchange, TestServer};
use weir::engine::{Engine, EngineSettings};
use weir::run::{ConnectionProfile, RunRequest, RunScope, RunUpdate, Runs, StatementStatus};
use weir_results::{Selection, View, WindowQuery};

#[derive(Clone, Copy, Debug)]
enum Failure {
    Hang,
    DropMidPage,
    MalformedJson,
}

fn body(exchanges: &[Exchange], method: &str, path_has: &str) -> Vec<u8> {
    exchanges
        .iter()
        .find(|e| e.method == method && e.path.contains(path_has) && e.status == 200)
        .unwrap_or_else(|| panic!("no recorded {method} {path_has}"))
        .response
        .clone()
}

/// A gateway that serves recorded answers and misbehaves on the third result page.
async fn gateway(failure: Failure) -> TestServer {
    gateway_logging(failure, Arc::default()).await
}

/// [`gateway`], keeping every request it sees in `log`.
async fn gateway_logging(failure: Failure, log: Arc<Mutex<Vec<support::Request>>>) -> TestServer {
    let (handshake, _) = load("flink-2.3.0", "01-");
    let (open, _) = load("flink-2.3.0", "02-");
    let (streaming, _) = load("flink-2.3.0", "21-");
    let (closing, _) = load("flink-2.3.0", "27-");
    let versions = body(&handshake, "GET", "/api_versions");
    let info = body(&handshake, "GET", "/v4/info");
    let session = body(&open, "POST", "/v4/sessions");
    let submit = body(&streaming, "POST", "/statements");
    let finished = br#"{"status":"FINISHED"}"#.to_vec();
    let page0 = body(&streaming, "GET", "/result/0");
    let page1 = body(&streaming, "GET", "/result/1");
    let close_op = body(&streaming, "DELETE", "/close");
    let close_session = body(&closing, "DELETE", "/v4/sessions/");
    TestServer::start(move |r| {
        log.lock().unwrap().push(r.clone());
        let ok = |body: &Vec<u8>| Action::Respond {
            status: 200,
            body: body.clone(),
        };
        let p = r.path.as_str();
        match r.method.as_str() {
            "GET" if p == "/api_versions" => ok(&versions),
            "GET" if p.ends_with("/info") => ok(&info),
            "POST" if p.ends_with("/sessions") => ok(&session),
            "POST" if p.ends_with("/statements") => ok(&submit),
            "POST" if p.ends_with("/heartbeat") || p.ends_with("/configure-session") => {
                ok(&b"{}".to_vec())
            }
            "GET" if p.ends_with("/status") => ok(&finished),
            "GET" if p.contains("/result/0") => ok(&page0),
            "GET" if p.contains("/result/1") => ok(&page1),
            "GET" if p.contains("/result/") => match failure {
                Failure::Hang => Action::Hang,
                Failure::DropMidPage => Action::Truncate {
                    declared: page1.len(),
                    body: page1[..page1.len() / 2].to_vec(),
                },
                Failure::MalformedJson => {
                    ok(&br#"{"resultType": "PAYLOAD", "results": {"columns": [}"#.to_vec())
                }
            },
            "DELETE" if p.ends_with("/close") => ok(&close_op),
            "DELETE" => ok(&close_session),
            _ => Action::Respond {
                status: 404,
                body: br#"{"errors":["Not found"]}"#.to_vec(),
            },
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_gateway_ends_the_run_with_a_clear_error_and_keeps_the_rows() {
    for failure in [Failure::Hang, Failure::DropMidPage, Failure::MalformedJson] {
        let server = gateway(failure).await;
        let runs = Runs::new(Engine::new(EngineSettings::default()));
        let mut profile = ConnectionProfile::gateway(&server.url());
        profile.request_timeout_secs = Some(2);
        let updates: Arc<Mutex<Vec<RunUpdate>>> = Arc::default();
        let sink = {
            let updates = updates.clone();
            Arc::new(move |u: RunUpdate| updates.lock().unwrap().push(u))
        };
        let request = RunRequest {
            script_id: 1,
            scope: RunScope::Script,
            connection: profile.name.clone(),
            mode: Some("streaming".into()),
            max_rows: None,
        };
        let started = Instant::now();
        let run = runs
            .start(
                &request,
                &profile,
                "SELECT * FROM gen_unbounded",
                &Default::default(),
                sink,
            )
            .await
            .unwrap_or_else(|e| panic!("{failure:?}: the run did not start: {e}"));
        let done = loop {
            let last = updates
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|u| u.run_id == run.run_id && u.finished)
                .cloned();
            if let Some(u) = last {
                break u;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{failure:?}: the run did not end within the request timeout"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let took = started.elapsed();
        let st = &done.statements[0];
        assert_eq!(st.status, StatementStatus::Error, "{failure:?}: {st:?}");
        let message = st.error.as_ref().expect("an error").message.clone();
        let expected = match failure {
            Failure::Hang => "no answer within 2s",
            Failure::DropMidPage => "connection",
            Failure::MalformedJson => "JSON",
        };
        assert!(
            message.contains(expected) && message.contains("/result/2"),
            "{failure:?}: the message says what and where: {message}"
        );
        assert!(took < Duration::from_secs(6), "{failure:?}: took {took:?}");
        // the five rows of the pages that did arrive are kept
        assert_eq!(st.rows, 5, "{failure:?}: {st:?}");
        let window = runs
            .window(
                run.run_id,
                0,
                &WindowQuery {
                    selection: Selection::of(View::Materialized),
                    offset: 0,
                    limit: 100,
                },
            )
            .unwrap()
            .expect("the result is kept");
        assert_eq!(window.rows.len(), 5, "{failure:?}");
        println!("{failure:?}: ended after {took:?} with: {message}");
        runs.close_all().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_headers_are_read_from_the_secret_store_and_sent_with_every_request() {
    let log: Arc<Mutex<Vec<support::Request>>> = Arc::default();
    let server = gateway_logging(Failure::MalformedJson, log.clone()).await;
    let databases = Arc::new(weir::databases::Databases::new());
    let runs = Runs::with_databases(Engine::new(EngineSettings::default()), databases.clone());
    let mut profile = ConnectionProfile::gateway(&server.url());
    profile.request_timeout_secs = Some(2);
    profile
        .auth_headers
        .insert("Authorization".into(), "test/gateway-token".into());
    let request = RunRequest {
        script_id: 1,
        scope: RunScope::Script,
        connection: profile.name.clone(),
        mode: None,
        max_rows: None,
    };
    // not stored yet: the run does not start, and says which secret is missing
    let err = runs
        .start(
            &request,
            &profile,
            "SELECT 1",
            &Default::default(),
            Arc::new(|_| {}),
        )
        .await
        .expect_err("no secret, no connection");
    assert!(
        err.to_string().contains("Authorization") && err.to_string().contains("test/gateway-token"),
        "{err}"
    );
    // held for this session only (no keychain involved): sent with every request
    databases
        .store_secret("test/gateway-token", "Bearer s3cr3t-t0ken", true)
        .await
        .unwrap();
    let run = runs
        .start(
            &request,
            &profile,
            "SELECT * FROM gen_unbounded",
            &Default::default(),
            Arc::new(|_| {}),
        )
        .await
        .expect("the run starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !runs.update(run.run_id).is_some_and(|u| u.finished) {
        assert!(Instant::now() < deadline, "the run did not end");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seen = log.lock().unwrap().clone();
    assert!(seen.len() >= 4, "{} requests", seen.len());
    for r in &seen {
        let auth = r
            .headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .map(|(_, v)| v.as_str());
        assert_eq!(auth, Some("Bearer s3cr3t-t0ken"), "{} {}", r.method, r.path);
    }
    runs.close_all().await;
}
