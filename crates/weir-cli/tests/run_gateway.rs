//! `weir run --gateway` against a gateway that answers with recorded real exchanges
//! (tests/support/gateway.rs): progress while a statement waits, `--timeout`, SIGTERM, and an
//! unresponsive gateway (`--request-timeout`, the bounded session close).

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::gateway::Gateway;

/// The recorded statement of transcript 22 (a sync INSERT whose result stays NOT_READY: the
/// gateway answers every fetch of token 0 with the same NOT_READY page while the job runs).
const WAITING: &str = "INSERT INTO sink_bh SELECT * FROM gen_unbounded;\n";

/// A gateway on which a statement waits for ever: session from transcript 10, the statement
/// and its NOT_READY result and operation close from 22, session close from 27.
fn waiting_gateway() -> Gateway {
    Gateway::start(&[
        ("flink-2.3.0", "22-"),
        ("flink-2.3.0", "10-"),
        ("flink-2.3.0", "27-"),
        ("flink-2.3.0", "23-"),
        ("flink-2.3.0", "01-"),
    ])
}

fn script(dir: &Path, text: &str) -> String {
    let p = dir.join("script.sql");
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn weir(ws: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_weir"));
    c.arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

const OPERATION_CLOSE: &str = "/operations/{id}/close";

/// Issue 14 (7): a statement that gets no rows polled silently for ever. Now progress shows on
/// stderr and `--timeout` ends the run cleanly: operation and session closed, exit 124.
#[test]
fn a_waiting_statement_shows_progress_and_stops_at_the_timeout() {
    let gw = waiting_gateway();
    let tmp = tempfile::tempdir().unwrap();
    let file = script(tmp.path(), WAITING);
    let started = Instant::now();
    let out: Output = weir(
        &tmp.path().join("ws"),
        &[
            "run",
            &file,
            "--gateway",
            &gw.url,
            "--timeout",
            "2s",
            "--progress-every",
            "500ms",
        ],
    )
    .output()
    .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(124), "{err}");
    assert!(started.elapsed() < Duration::from_secs(15), "{err}");
    assert!(err.contains("weir: [1] line 1: insert running, "), "{err}");
    assert!(err.contains("stopped after --timeout 2 s"), "{err}");
    assert!(gw.saw("DELETE", OPERATION_CLOSE), "{:#?}", gw.seen());
    assert!(gw.saw("DELETE", "/v4/sessions/{id}"), "{:#?}", gw.seen());
}

/// Issue 14 (7): SIGTERM left the gateway's operation and session open (only Ctrl+C closed
/// them).
#[cfg(unix)]
#[test]
fn sigterm_closes_the_operation_and_the_session() {
    let gw = waiting_gateway();
    let tmp = tempfile::tempdir().unwrap();
    let file = script(tmp.path(), WAITING);
    let child = weir(
        &tmp.path().join("ws"),
        &["run", &file, "--gateway", &gw.url],
    )
    .spawn()
    .unwrap();
    assert!(
        gw.wait_for("GET", "/result/0?rowFormat=JSON", Duration::from_secs(20)),
        "the statement never fetched its result: {:#?}",
        gw.seen()
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let end = Instant::now() + Duration::from_secs(15);
    let out = child.wait_with_output().unwrap();
    assert!(Instant::now() < end);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{err}");
    assert!(err.contains("stopped (SIGTERM)"), "{err}");
    assert!(gw.saw("DELETE", OPERATION_CLOSE), "{:#?}", gw.seen());
    assert!(gw.saw("DELETE", "/v4/sessions/{id}"), "{:#?}", gw.seen());
}

/// Issue 14 (7): after a request timeout the message said "raise the request timeout" with no
/// flag to do it, and closing the session waited another full request timeout, silently.
#[test]
fn a_request_timeout_names_its_flag_and_the_close_is_bounded() {
    // A DDL statement (transcript 05) whose result never comes, on a gateway that never
    // answers the session close either.
    let gw = Gateway::start(&[
        ("flink-2.3.0", "05-"),
        ("flink-2.3.0", "22-"),
        ("flink-2.3.0", "10-"),
        ("flink-2.3.0", "01-"),
    ]);
    gw.hang(
        "GET",
        "/v4/sessions/{id}/operations/{id}/result/0?rowFormat=JSON",
    );
    gw.hang("DELETE", "/v4/sessions/{id}");
    let tmp = tempfile::tempdir().unwrap();
    let file = script(
        tmp.path(),
        "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n",
    );
    let started = Instant::now();
    let out = weir(
        &tmp.path().join("ws"),
        &[
            "run",
            &file,
            "--gateway",
            &gw.url,
            "--request-timeout",
            "5s",
        ],
    )
    .output()
    .unwrap();
    let took = started.elapsed();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("raise the request timeout with --request-timeout (now 5 s)"),
        "{err}"
    );
    assert!(
        err.contains("did not confirm closing session"),
        "the bounded close says so: {err}"
    );
    // 5 s for the result, the operation close answered at once, at most 2 s for the session
    // close (it used to wait another 5).
    assert!(took < Duration::from_secs(9), "{took:?}\n{err}");
    assert!(gw.saw("DELETE", "/v4/sessions/{id}"), "{:#?}", gw.seen());
}
