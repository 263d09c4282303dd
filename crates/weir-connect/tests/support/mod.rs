//! Test support: a tiny HTTP/1.1 server on 127.0.0.1:0 that replays recorded SQL Gateway exchanges
//! (tests/fixtures/gateway) in order, or misbehaves on purpose (never answers, cuts the body).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use weir_connect::gateway::{ApiVersion, GatewayClient, GatewayConfig, SessionHandle};

/// Where the recorded transcripts live.
pub fn fixture_root() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/gateway"
    ))
}

/// Both recorded Flink versions and the API version their transcripts use.
pub const VERSIONS: [(&str, ApiVersion); 2] = [
    ("flink-2.3.0", ApiVersion::V4),
    ("flink-1.20.3", ApiVersion::V3),
];

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a server does with a request.
pub enum Action {
    /// Answer with this status and body (JSON content type).
    Respond { status: u16, body: Vec<u8> },
    /// Keep the connection open and never answer.
    Hang,
    /// Announce `declared` body bytes, send `body`, then close the connection.
    Truncate { declared: usize, body: Vec<u8> },
    /// Answer with a redirect (`status` 301/302/307/308) to `location`, without a body.
    Redirect { status: u16, location: String },
}

type Handler = Arc<dyn Fn(Request) -> Action + Send + Sync>;

/// A loopback HTTP server; stops when dropped.
pub struct TestServer {
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start(handler: impl Fn(Request) -> Action + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let handler: Handler = Arc::new(handler);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let h = handler.clone();
                tokio::spawn(serve(stream, h));
            }
        });
        TestServer { port, task }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Handler) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let action = handler(Request {
        method,
        path,
        headers,
        body,
    });
    match action {
        Action::Respond { status, body } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Action::Redirect { status, location } => {
            let head = format!(
                "HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Action::Hang => {
            // Hold the connection until the client gives up (or the test ends).
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        Action::Truncate { declared, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.flush().await;
            drop(stream);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Replay of recorded transcripts

#[derive(Deserialize)]
struct FixtureFile {
    exchanges: Vec<FixtureExchange>,
}

#[derive(Deserialize)]
struct FixtureExchange {
    request: FixtureRequest,
    response: FixtureResponse,
}

#[derive(Deserialize)]
struct FixtureRequest {
    method: String,
    path: String,
    #[serde(default)]
    body: Option<Value>,
}

#[derive(Deserialize)]
struct FixtureResponse {
    status: u16,
    #[serde(default)]
    body: Option<Box<RawValue>>,
    #[serde(default)]
    body_raw: Option<String>,
}

/// One recorded exchange, ids already substituted.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
    pub status: u16,
    pub response: Vec<u8>,
}

impl Exchange {
    /// Status polls and JobManager calls: a client may leave them out.
    fn optional(&self) -> bool {
        self.path.starts_with("http") || (self.method == "GET" && self.path.ends_with("/status"))
    }

    fn matches(&self, r: &Request) -> bool {
        if self.method != r.method || self.path != r.path {
            return false;
        }
        match &self.body {
            None | Some(Value::Null) => true,
            Some(Value::String(raw)) => raw.as_bytes() == r.body.as_slice(),
            Some(expected) => {
                serde_json::from_slice::<Value>(&r.body).ok().as_ref() == Some(expected)
            }
        }
    }
}

/// Loads a transcript (by version folder and file-name prefix such as `06-`) with every handle
/// and job id replaced by a fresh one, so a client that passes recorded ids by mistake fails.
pub fn load(version: &str, prefix: &str) -> (Vec<Exchange>, HashMap<String, String>) {
    load_from(&fixture_root().join(version).join("gateway"), prefix)
}

/// Where the recorded JobManager transcripts live (`scripts/record-jobmanager.py`).
pub fn jobmanager_fixture_root() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/jobmanager"
    ))
}

/// Both recorded Flink versions of the JobManager transcripts.
pub const JOBMANAGER_VERSIONS: [&str; 2] = ["flink-2.3.0", "flink-1.20.3"];

/// Loads the transcript of `dir` whose file name starts with `prefix`, ids substituted as in [`load`].
pub fn load_from(dir: &std::path::Path, prefix: &str) -> (Vec<Exchange>, HashMap<String, String>) {
    let file = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no fixture {prefix}* in {}", dir.display()));
    let text = std::fs::read_to_string(&file).expect("read fixture");
    let (text, ids) = substitute_ids(&text);
    let parsed: FixtureFile = serde_json::from_str(&text).expect("fixture JSON");
    let exchanges = parsed
        .exchanges
        .into_iter()
        .map(|e| Exchange {
            method: e.request.method,
            path: e.request.path,
            body: e.request.body,
            status: e.response.status,
            response: match (e.response.body, e.response.body_raw) {
                (Some(b), _) => b.get().as_bytes().to_vec(),
                (None, Some(raw)) => raw.into_bytes(),
                (None, None) => Vec::new(),
            },
        })
        .collect();
    (exchanges, ids)
}

/// Replaces UUIDs and 32-hex job ids by fresh values; returns the text and the mapping.
fn substitute_ids(text: &str) -> (String, HashMap<String, String>) {
    let salt = std::process::id() as u64 ^ 0x5eed;
    let mut map: HashMap<String, String> = HashMap::new();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let bounded = |start: usize, end: usize| {
        (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
            && (end >= bytes.len() || !bytes[end].is_ascii_alphanumeric())
    };
    while i < bytes.len() {
        let uuid = i + 36 <= bytes.len()
            && bounded(i, i + 36)
            && bytes[i..i + 36].iter().enumerate().all(|(k, &b)| {
                if [8, 13, 18, 23].contains(&k) {
                    b == b'-'
                } else {
                    is_hex(b)
                }
            });
        let job = !uuid
            && i + 32 <= bytes.len()
            && bounded(i, i + 32)
            && bytes[i..i + 32].iter().all(|&b| is_hex(b));
        if uuid || job {
            let len = if uuid { 36 } else { 32 };
            let old = &text[i..i + len];
            let n = map.len() as u64 + 1;
            let new = map.entry(old.to_string()).or_insert_with(|| {
                if uuid {
                    format!("{:08x}-7e57-4000-8000-{:012x}", salt & 0xffff_ffff, n)
                } else {
                    format!("{:016x}{:016x}", salt, n)
                }
            });
            out.push_str(new);
            i += len;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    (out, map)
}

#[derive(Default)]
struct ReplayState {
    next: usize,
    served: usize,
    mismatches: Vec<String>,
}

/// A server answering a transcript's requests in order.
pub struct Replay {
    pub server: TestServer,
    pub exchanges: Arc<Vec<Exchange>>,
    ids: HashMap<String, String>,
    state: Arc<Mutex<ReplayState>>,
    pub api: ApiVersion,
}

impl Replay {
    pub async fn start(version: &str, prefix: &str, api: ApiVersion) -> Replay {
        let (exchanges, ids) = load(version, prefix);
        Replay::serve(exchanges, ids, api).await
    }

    /// Replays a JobManager transcript (`tests/fixtures/jobmanager/<version>/<prefix>*`); `api`
    /// is unused there.
    pub async fn jobmanager(version: &str, prefix: &str) -> Replay {
        let (exchanges, ids) = load_from(&jobmanager_fixture_root().join(version), prefix);
        Replay::serve(exchanges, ids, ApiVersion::V1).await
    }

    async fn serve(
        exchanges: Vec<Exchange>,
        ids: HashMap<String, String>,
        api: ApiVersion,
    ) -> Replay {
        let exchanges = Arc::new(exchanges);
        let state = Arc::new(Mutex::new(ReplayState::default()));
        let (ex, st) = (exchanges.clone(), state.clone());
        let server = TestServer::start(move |req| {
            let mut s = st.lock().expect("replay state");
            let mut j = s.next;
            while j < ex.len() {
                if ex[j].matches(&req) {
                    s.next = j + 1;
                    s.served += 1;
                    return Action::Respond {
                        status: ex[j].status,
                        body: ex[j].response.clone(),
                    };
                }
                if !ex[j].optional() {
                    break;
                }
                j += 1;
            }
            let expected = ex
                .get(s.next)
                .map(|e| format!("{} {}", e.method, e.path))
                .unwrap_or_else(|| "nothing more".to_string());
            let msg = format!(
                "replay mismatch: got {} {} {}, expected {expected}",
                req.method,
                req.path,
                String::from_utf8_lossy(&req.body)
            );
            s.mismatches.push(msg.clone());
            Action::Respond {
                status: 418,
                body: serde_json::json!({ "errors": [msg] })
                    .to_string()
                    .into_bytes(),
            }
        })
        .await;
        Replay {
            server,
            exchanges,
            ids,
            state,
            api,
        }
    }

    /// A client for this replay at the transcript's API version.
    pub async fn client(&self) -> GatewayClient {
        self.client_at(self.api).await
    }

    /// A client at a given API version (no negotiation request).
    pub async fn client_at(&self, api: ApiVersion) -> GatewayClient {
        let mut config = GatewayConfig::new(self.server.url());
        config.api_version = Some(api);
        config.request_timeout = Duration::from_secs(10);
        GatewayClient::connect(config).await.expect("client")
    }

    /// The substituted form of a recorded id.
    pub fn id(&self, recorded: &str) -> String {
        self.ids
            .get(recorded)
            .cloned()
            .unwrap_or_else(|| panic!("{recorded} is not in the transcript"))
    }

    /// The session the transcript's first session URL names.
    pub fn session(&self) -> SessionHandle {
        let path = self
            .exchanges
            .iter()
            .map(|e| e.path.as_str())
            .find(|p| p.contains("/sessions/"))
            .expect("a session URL");
        let rest = &path[path.find("/sessions/").unwrap_or(0) + "/sessions/".len()..];
        SessionHandle(rest.split(['/', '?']).next().unwrap_or("").to_string())
    }

    /// The statement text and executionConfig of the n-th recorded statement submission.
    pub fn statement(&self, n: usize) -> (String, BTreeMap<String, String>) {
        let body = self
            .exchanges
            .iter()
            .filter(|e| e.method == "POST" && e.path.ends_with("/statements"))
            .filter_map(|e| e.body.clone())
            .filter(|b| b.is_object())
            .nth(n)
            .unwrap_or_else(|| panic!("no statement #{n}"));
        let sql = body["statement"].as_str().unwrap_or("").to_string();
        let config = body
            .get("executionConfig")
            .and_then(|c| serde_json::from_value(c.clone()).ok())
            .unwrap_or_default();
        (sql, config)
    }

    /// Marks the next recorded exchange as served without a request (one a client cannot send).
    pub fn skip_next(&self) {
        let mut s = self.state.lock().expect("replay state");
        s.next += 1;
    }

    /// Index of the next exchange the replay waits for.
    pub fn position(&self) -> usize {
        self.state.lock().expect("replay state").next
    }

    /// Fails unless every required exchange was served in order and nothing else was asked.
    pub fn assert_done(&self) {
        let s = self.state.lock().expect("replay state");
        assert!(s.mismatches.is_empty(), "mismatches: {:#?}", s.mismatches);
        let left: Vec<String> = self.exchanges[s.next..]
            .iter()
            .filter(|e| !e.optional())
            .map(|e| format!("{} {}", e.method, e.path))
            .collect();
        assert!(left.is_empty(), "exchanges never requested: {left:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Driving run_statement

use weir_connect::gateway::{
    Column, GatewayError, Row, RowFormat, RunOptions, StatementEvent, StatementRun,
};

/// Everything one run reported.
#[derive(Debug)]
pub struct Outcome {
    pub submitted: bool,
    pub columns: Vec<Column>,
    pub is_query_result: bool,
    pub job_id: Option<String>,
    pub rows: Vec<Row>,
    pub pages: usize,
    pub finished_rows: Option<u64>,
    pub cancelled: bool,
    pub error: Option<GatewayError>,
}

/// Reads a run's events to the end (deadline 30 s), checking their order.
pub async fn collect(mut run: StatementRun) -> Outcome {
    let mut o = Outcome {
        submitted: false,
        columns: Vec::new(),
        is_query_result: false,
        job_id: None,
        rows: Vec::new(),
        pages: 0,
        finished_rows: None,
        cancelled: false,
        error: None,
    };
    let mut ended = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let ev = tokio::time::timeout_at(deadline, run.next())
            .await
            .expect("the run ended within 30 s");
        let Some(ev) = ev else { break };
        assert!(!ended, "an event after the last one: {ev:?}");
        match ev {
            StatementEvent::Submitted(_) => o.submitted = true,
            StatementEvent::Columns {
                columns,
                is_query_result,
                ..
            } => {
                assert!(o.columns.is_empty(), "columns twice");
                o.columns = columns;
                o.is_query_result = is_query_result;
            }
            StatementEvent::JobId(j) => {
                assert!(o.job_id.is_none(), "job id twice");
                o.job_id = Some(j);
            }
            StatementEvent::Rows(r) => {
                assert!(!r.is_empty(), "an empty Rows event");
                o.pages += 1;
                o.rows.extend(r);
            }
            StatementEvent::Finished { rows } => {
                o.finished_rows = Some(rows);
                ended = true;
            }
            StatementEvent::Cancelled => {
                o.cancelled = true;
                ended = true;
            }
            StatementEvent::Failed(e) => {
                o.error = Some(e);
                ended = true;
            }
        }
    }
    assert!(ended, "the run stopped without a final event");
    o
}

/// Fast polling; operations stay open as in the transcripts.
pub fn replay_options(format: RowFormat) -> RunOptions {
    RunOptions {
        row_format: format,
        poll_initial: Duration::from_millis(1),
        poll_max: Duration::from_millis(4),
        close_when_done: false,
        ..RunOptions::default()
    }
}

impl Replay {
    /// The row format the transcript used for the n-th statement's results.
    pub fn row_format(&self, n: usize) -> RowFormat {
        let post = self
            .exchanges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.method == "POST" && e.path.ends_with("/statements"))
            .filter(|(_, e)| e.body.as_ref().is_some_and(|b| b.is_object()))
            .nth(n)
            .map(|(i, _)| i)
            .expect("statement");
        let fetch = self.exchanges[post..]
            .iter()
            .find(|e| e.path.contains("/result/"))
            .map(|e| e.path.clone())
            .unwrap_or_default();
        if fetch.contains("rowFormat=PLAIN_TEXT") {
            RowFormat::PlainText
        } else {
            RowFormat::Json
        }
    }

    /// Runs the n-th recorded statement through `run_statement` and collects its events.
    pub async fn run(&self, client: &GatewayClient, session: &SessionHandle, n: usize) -> Outcome {
        let (sql, config) = self.statement(n);
        let mut opts = replay_options(self.row_format(n));
        opts.execution_config = config;
        collect(client.run_statement(session, &sql, opts)).await
    }
}

/// The first error of a run, or a panic naming what happened instead.
pub fn server_root_cause(e: &GatewayError) -> String {
    e.server_error()
        .unwrap_or_else(|| panic!("not a server error: {e}"))
        .root_cause
        .clone()
}
