//! A SQL Gateway for `weir run --gateway` tests that answers with recorded real exchanges
//! (tests/fixtures/gateway): each request is routed by method and path (handles normalised), and
//! answered with the first recorded response of that route in the transcripts given. The real
//! gateway answers a re-fetch of a NOT_READY token with the same page, so repeating a recorded
//! page is what it does too. Every request is recorded, for the test to check what the client
//! sent (the session closed, the operation closed, the statement text).
//!
//! A route can also be told to hang (never answer), to reproduce an unresponsive gateway.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A request as the gateway saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body: String,
}

struct State {
    routes: HashMap<(String, String), (u16, String)>,
    hang: Vec<(String, String)>,
    seen: Vec<Seen>,
}

/// The gateway; it stops serving when the test process ends.
pub struct Gateway {
    pub url: String,
    state: Arc<Mutex<State>>,
}

fn fixture(version: &str, prefix: &str) -> Value {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/gateway"
    ))
    .join(version)
    .join("gateway");
    let file = std::fs::read_dir(&dir)
        .expect("the fixture folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no fixture {prefix}* in {}", dir.display()));
    serde_json::from_str(&std::fs::read_to_string(file).expect("read the fixture"))
        .expect("fixture JSON")
}

/// `path` with every UUID (session and operation handles) replaced by `{id}`.
fn route(path: &str) -> String {
    let b = path.as_bytes();
    let is_uuid = |s: &[u8]| {
        s.len() == 36
            && s.iter().enumerate().all(|(k, c)| {
                if [8, 13, 18, 23].contains(&k) {
                    *c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                }
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if i + 36 <= b.len() && is_uuid(&b[i..i + 36]) {
            out.push_str("{id}");
            i += 36;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

impl Gateway {
    /// Serves the first recorded answer of each route of the transcripts `files` (version
    /// folder, file-name prefix); an earlier file wins over a later one.
    pub fn start(files: &[(&str, &str)]) -> Gateway {
        let mut routes = HashMap::new();
        for (version, prefix) in files {
            let doc = fixture(version, prefix);
            for e in doc["exchanges"].as_array().expect("exchanges") {
                let method = e["request"]["method"].as_str().unwrap_or("").to_string();
                let path = e["request"]["path"].as_str().unwrap_or("").to_string();
                if path.starts_with("http") {
                    continue; // JobManager calls
                }
                let status = e["response"]["status"].as_u64().unwrap_or(0) as u16;
                let body = match (&e["response"]["body"], &e["response"]["body_raw"]) {
                    (Value::Null, Value::String(raw)) => raw.clone(),
                    (Value::Null, _) => String::new(),
                    (b, _) => b.to_string(),
                };
                routes
                    .entry((method, route(&path)))
                    .or_insert((status, body));
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("local address").port()
        );
        let state = Arc::new(Mutex::new(State {
            routes,
            hang: Vec::new(),
            seen: Vec::new(),
        }));
        let st = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = st.clone();
                std::thread::spawn(move || serve(stream, st));
            }
        });
        Gateway { url, state }
    }

    /// Requests to `method path` (handles normalised) are never answered from now on.
    pub fn hang(&self, method: &str, path: &str) {
        self.state
            .lock()
            .unwrap()
            .hang
            .push((method.to_string(), route(path)));
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// Whether a request matching `method` and a path ending with `suffix` was seen.
    pub fn saw(&self, method: &str, suffix: &str) -> bool {
        self.seen()
            .iter()
            .any(|s| s.method == method && route(&s.path).ends_with(suffix))
    }

    /// Waits (up to `limit`) until [`Gateway::saw`] holds.
    pub fn wait_for(&self, method: &str, suffix: &str, limit: Duration) -> bool {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if self.saw(method, suffix) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    loop {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_string();
        let path = first.next().unwrap_or("").to_string();
        let len: usize = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < len {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        let key = (method.clone(), route(&path));
        let (hang, answer) = {
            let mut s = state.lock().unwrap();
            s.seen.push(Seen {
                method,
                path: path.clone(),
                body: String::from_utf8_lossy(&body).to_string(),
            });
            (s.hang.contains(&key), s.routes.get(&key).cloned())
        };
        if hang {
            std::thread::sleep(Duration::from_secs(120));
            return;
        }
        let (status, body) = answer.unwrap_or_else(|| {
            (
                404,
                serde_json::json!({ "errors": [format!("no recorded answer for {} {path}", key.0)] })
                    .to_string(),
            )
        });
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(body.as_bytes()).is_err()
        {
            return;
        }
    }
}
