//! `weir jobs` without a cluster: a JobManager answering with recorded real answers
//! (tests/fixtures/jobmanager, first answer of each route), reached through a workspace
//! connection's JobManager URL or `--jobmanager`; a JobManager that never answers
//! (`--request-timeout`); connections that name no JobManager.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Serves the first recorded answer of each (method, path) of the transcripts; `None`: accepts
/// connections and never answers.
fn jobmanager(transcripts: Option<&[&str]>) -> String {
    let mut routes: HashMap<(String, String), (u16, String)> = HashMap::new();
    for prefix in transcripts.unwrap_or_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/jobmanager/flink-2.3.0");
        let file = std::fs::read_dir(&dir)
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
            })
            .expect("the transcript");
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
        for e in doc["exchanges"].as_array().expect("exchanges") {
            let key = (
                e["request"]["method"].as_str().unwrap_or("").to_string(),
                e["request"]["path"].as_str().unwrap_or("").to_string(),
            );
            let status = e["response"]["status"].as_u64().unwrap_or(0) as u16;
            routes
                .entry(key)
                .or_insert((status, e["response"]["body"].to_string()));
        }
    }
    let hang = transcripts.is_none();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("addr").port()
    );
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            if hang {
                held.push(stream);
                continue;
            }
            let mut stream = stream;
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let head = String::from_utf8_lossy(&buf).to_string();
            let mut first = head.lines().next().unwrap_or("").split(' ');
            let key = (
                first.next().unwrap_or("").to_string(),
                first.next().unwrap_or("").to_string(),
            );
            let (status, body) = routes.get(&key).cloned().unwrap_or((
                418,
                format!("{{\"errors\":[\"not recorded: {} {}\"]}}", key.0, key.1),
            ));
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

fn weir(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .stdin(Stdio::null())
        .output()
        .expect("weir runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A workspace with a connection `prod` whose JobManager is `jobmanager_url`.
fn workspace(dir: &Path, jobmanager_url: Option<&str>) {
    let w = weir::Weir::open(dir).expect("workspace");
    let mut p = weir::run::ConnectionProfile::gateway("http://gateway.invalid:8083");
    p.name = "prod".into();
    p.jobmanager_url = jobmanager_url.map(str::to_string);
    w.save_connection(p, None).expect("saved");
}

#[test]
fn list_and_show_through_a_workspace_connection() {
    let url = jobmanager(Some(&["01-", "03-"]));
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    workspace(&ws, Some(&url));

    let out = weir(&ws, &["jobs", "list", "--connection", "prod"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID ") && lines[0].ends_with("NAME"),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" RUNNING ") && l.ends_with("weir-rec-running")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" FAILED ") && l.ends_with("weir-rec-failing")),
        "{stdout}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains(&format!("job(s) on {url} at "))),
        "{stdout}"
    );

    let out = weir(
        &ws,
        &["jobs", "list", "--connection", "prod", "--format", "json"],
    );
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    let failed = list["jobs"]
        .as_array()
        .and_then(|a| a.iter().find(|j| j["state"] == "FAILED"))
        .expect("the failed job");
    let id = failed["id"].as_str().expect("id").to_string();

    let out = weir(
        &ws,
        &["jobs", "show", &id, "--connection", "prod", "--trace"],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("\nstate     FAILED (observed at "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nroot cause  For input string")
            && stdout.contains("(java.lang.NumberFormatException)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("      Caused by: java.lang.NumberFormatException"),
        "the trace: {stdout}"
    );
    // No checkpoint statistics were recorded for it: said, not invented.
    assert!(
        stdout.contains("checkpoints\n  unavailable: not recorded"),
        "{stdout}"
    );
}

#[test]
fn connections_without_a_jobmanager_and_bad_input_say_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    workspace(&ws, None);
    let out = weir(&ws, &["jobs", "list", "--connection", "prod"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("weir: connection 'prod': no JobManager REST URL is set"),
        "{err}"
    );
    let out = weir(&ws, &["jobs", "list", "--connection", "local"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("weir: connection 'local': the local engine's JobManager")
            && err.contains("--jobmanager"),
        "{err}"
    );
    let out = weir(&ws, &["jobs", "list", "--connection", "nope"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("weir: connection 'nope': no connection of that name"),
        "{err}"
    );
    let out = weir(
        &ws,
        &["jobs", "show", "1234", "--jobmanager", "http://127.0.0.1:1"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("job id \"1234\" is not a Flink id"), "{err}");
    let out = weir(&ws, &["jobs", "list"]);
    assert_eq!(out.status.code(), Some(2), "clap: a cluster is required");
}

#[test]
fn a_jobmanager_that_never_answers_ends_at_the_request_timeout() {
    let url = jobmanager(None);
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = weir(
        &tmp.path().join("ws"),
        &[
            "jobs",
            "list",
            "--jobmanager",
            &url,
            "--request-timeout",
            "500ms",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains(&format!("GET {url}/jobs/overview: no answer within 500ms")),
        "{err}"
    );
}
