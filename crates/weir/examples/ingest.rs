//! Benchmark: a large result arriving from a SQL Gateway, taken in the way the app takes it (a
//! session, [`ScriptRun`], the gateway client's paging, [`ResultSet::push`] per row).
//!
//! Two processes, so the client's peak RSS is the client's alone:
//! - `ingest serve [--rows N] [--page-rows N]` replays a gateway on 127.0.0.1 (a free port): the
//!   endpoints one statement uses, and a result of N rows × 8 columns (INT, BIGINT, DOUBLE,
//!   DECIMAL(10, 2), STRING, BOOLEAN, TIMESTAMP(3), STRING) in pages shaped like the recorded ones
//!   (`tests/fixtures/gateway/flink-2.3.0`): NOT_READY, an empty PAYLOAD, full PAYLOAD pages, EOS.
//!   Pages are generated before it prints `listening http://127.0.0.1:PORT`, so serving is copying.
//! - `ingest run --url URL [--rows N]` opens a session, runs `SELECT * FROM bench_src` to EOS and
//!   prints `key value` lines: rows, seconds (submit to EOS), rows/s, peak RSS (VmHWM), the result
//!   set's `heap_bytes()`, and the size of the same rows as CSV (the app's CSV export).
//!
//! `bench/ingest.sh` runs both, and curl + a JSON parser on the same pages for comparison.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Context};
use weir::run::{plan, ExecOptions, Scope, ScriptRun, Session, StatementStatus};
use weir_connect::gateway::{GatewayClient, GatewayConfig};
use weir_results::{ExportFormat, Selection, View};
use weir_sql::vars::Values;

/// Rows of the result unless `--rows` says otherwise.
const ROWS: u64 = 1_000_000;
/// Rows per page: a real gateway hands out at most what its result buffer holds, 5,000 rows
/// (`ResultFetcher.TABLE_RESULT_MAX_INITIAL_CAPACITY`).
const PAGE_ROWS: u64 = 5_000;
/// The statement the client sends (the replay answers any statement with the same result).
const STATEMENT: &str = "SELECT * FROM bench_src";
/// The job id every page names.
const JOB_ID: &str = "5f0a6c1e9b2d4e7f8a3c1b2d4e6f8a0c";

/// The result's columns exactly as a Flink 2.3 gateway describes them (STRING is VARCHAR of the
/// largest length, INT is INTEGER, TIMESTAMP(3) is TIMESTAMP_WITHOUT_TIME_ZONE).
const COLUMNS: &str = concat!(
    r#"[{"name":"id","logicalType":{"type":"INTEGER","nullable":true},"comment":null},"#,
    r#"{"name":"account","logicalType":{"type":"BIGINT","nullable":true},"comment":null},"#,
    r#"{"name":"score","logicalType":{"type":"DOUBLE","nullable":true},"comment":null},"#,
    r#"{"name":"amount","logicalType":{"type":"DECIMAL","nullable":true,"precision":10,"scale":2},"comment":null},"#,
    r#"{"name":"user_name","logicalType":{"type":"VARCHAR","nullable":true,"length":2147483647},"comment":null},"#,
    r#"{"name":"active","logicalType":{"type":"BOOLEAN","nullable":true},"comment":null},"#,
    r#"{"name":"event_time","logicalType":{"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3},"comment":null},"#,
    r#"{"name":"note","logicalType":{"type":"VARCHAR","nullable":true,"length":2147483647},"comment":null}]"#
);

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows = match flag(&args, "--rows")? {
        Some(n) => n.parse().context("--rows takes a number of rows")?,
        None => ROWS,
    };
    match args.first().map(String::as_str) {
        Some("serve") => {
            let page_rows = match flag(&args, "--page-rows")? {
                Some(n) => n.parse().context("--page-rows takes a number of rows")?,
                None => PAGE_ROWS,
            };
            serve(rows, page_rows.max(1))
        }
        Some("run") => {
            let url = flag(&args, "--url")?.context("run needs --url http://127.0.0.1:PORT")?;
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("cannot start the Tokio runtime")?;
            rt.block_on(measure(&url, rows))
        }
        _ => bail!(
            "usage: ingest serve [--rows N] [--page-rows N] | ingest run --url URL [--rows N]"
        ),
    }
}

/// The value after `name`, if `name` is given.
fn flag(args: &[String], name: &str) -> anyhow::Result<Option<String>> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => match args.get(i + 1) {
            Some(v) => Ok(Some(v.clone())),
            None => bail!("{name} needs a value"),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// The client: the app's path from submit to EOS.

async fn measure(url: &str, rows: u64) -> anyhow::Result<()> {
    let client = GatewayClient::connect(GatewayConfig::new(url))
        .await
        .with_context(|| format!("cannot reach the replay gateway at {url}"))?;
    let session = Arc::new(
        Session::open(client, "bench", "weir-ingest-bench", &BTreeMap::new())
            .await
            .context("cannot open a session")?,
    );
    let planned = plan(STATEMENT, Scope::Script, &Values::default())?;
    let rss_before = proc_status_bytes("VmRSS")?;
    let options = ExecOptions {
        // Above the result's size: the cap must not be what ends the run.
        max_rows: usize::try_from(rows.saturating_mul(2)).unwrap_or(usize::MAX),
        ..ExecOptions::default()
    };

    let started = Instant::now();
    let run = ScriptRun::start(session.clone(), planned, options);
    run.wait().await;
    let seconds = started.elapsed().as_secs_f64();
    let peak_rss = proc_status_bytes("VmHWM")?;

    let (got, heap, mismatches, duration_ms, csv) = {
        let mut state = run.state();
        let Some(st) = state.statements.first_mut() else {
            bail!("the run has no statement");
        };
        if st.info.status != StatementStatus::Ok {
            bail!(
                "the statement ended {:?}: {}",
                st.info.status,
                st.info.error.as_ref().map_or("", |e| e.message.as_str())
            );
        }
        let duration_ms = st.info.duration_ms;
        let Some(set) = st.results.as_mut() else {
            bail!("the statement has no result set");
        };
        let (got, heap, mismatches) = (
            set.len(View::Materialized),
            set.heap_bytes(),
            set.mismatches(),
        );
        let mut csv = CountingSink(0);
        set.export(
            &Selection::of(View::Materialized),
            ExportFormat::Csv,
            &mut csv,
            &mut |_, _| {},
            &|| false,
        )
        .context("CSV export")?;
        (got, heap, mismatches, duration_ms, csv.0)
    };
    if let Err(e) = session.client.close_session(&session.handle).await {
        eprintln!("closing the session failed: {e}");
    }
    if got != rows {
        bail!("received {got} rows, expected {rows}");
    }
    if mismatches != 0 {
        bail!("{mismatches} cells did not fit their column's type");
    }

    println!("rows {got}");
    println!("seconds {seconds:.3}");
    println!("statement_ms {duration_ms}");
    println!("rows_per_s {:.0}", got as f64 / seconds);
    println!("rss_before_bytes {rss_before}");
    println!("peak_rss_bytes {peak_rss}");
    println!("heap_bytes {heap}");
    println!("csv_bytes {csv}");
    Ok(())
}

/// A line of /proc/self/status (`VmHWM`, `VmRSS`) in bytes.
fn proc_status_bytes(key: &str) -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("cannot read /proc/self/status")?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
        .with_context(|| format!("/proc/self/status has no {key} line in kB"))?;
    Ok(kb * 1024)
}

/// Counts the bytes written to it.
struct CountingSink(u64);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The replay gateway.

/// Pre-generated page bodies and the little state one statement needs.
struct Gateway {
    /// Token t's PAYLOAD body up to the value of `nextResultUri` (token 0 has no rows).
    pages: Vec<Vec<u8>>,
    /// The body of the EOS page.
    eos: Vec<u8>,
    /// Operations that were already answered NOT_READY once.
    not_ready_served: Mutex<HashSet<String>>,
    /// Numbers the session and operation handles.
    next_handle: AtomicU64,
}

fn serve(rows: u64, page_rows: u64) -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot bind 127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let gateway = Arc::new(Gateway::generate(rows, page_rows)?);
    let wire: usize = gateway.pages.iter().map(Vec::len).sum();
    println!(
        "listening http://127.0.0.1:{port} ({rows} rows in {} pages, {wire} bytes of page bodies)",
        gateway.pages.len() - 1
    );
    io::stdout().flush()?;
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        let gateway = gateway.clone();
        std::thread::spawn(move || {
            match gateway.connection(stream) {
                // A client may drop a kept-alive connection at any time.
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {}
                Err(e) => eprintln!("connection ended: {e}"),
                Ok(()) => {}
            }
        });
    }
    Ok(())
}

impl Gateway {
    fn generate(rows: u64, page_rows: u64) -> io::Result<Gateway> {
        let head = |result_type: &str| {
            format!(
                r#"{{"resultType":"{result_type}","isQueryResult":true,"jobID":"{JOB_ID}","resultKind":"SUCCESS_WITH_CONTENT","results":{{"columns":{COLUMNS},"rowFormat":"JSON","data":["#
            )
        };
        let mut generator = RowGen::new();
        let mut pages = Vec::new();
        let mut left = rows;
        // Token 0: the job is submitted but no rows are buffered yet.
        let mut first = head("PAYLOAD").into_bytes();
        first.extend_from_slice(br#"]},"nextResultUri":""#);
        pages.push(first);
        while left > 0 {
            let n = left.min(page_rows);
            let mut page = head("PAYLOAD").into_bytes();
            page.reserve(n as usize * 140);
            for i in 0..n {
                if i > 0 {
                    page.push(b',');
                }
                generator.write_row(&mut page)?;
            }
            page.extend_from_slice(br#"]},"nextResultUri":""#);
            pages.push(page);
            left -= n;
        }
        let mut eos = head("EOS").into_bytes();
        eos.extend_from_slice(b"]}}");
        Ok(Gateway {
            pages,
            eos,
            not_ready_served: Mutex::new(HashSet::new()),
            next_handle: AtomicU64::new(1),
        })
    }

    /// Serves one keep-alive connection until the client closes it.
    fn connection(&self, stream: TcpStream) -> io::Result<()> {
        stream.set_nodelay(true)?;
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_string();
            let target = parts.next().unwrap_or("").to_string();
            let mut length = 0usize;
            let mut close = false;
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                let header = line.trim_end();
                if header.is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    let (name, value) = (name.trim(), value.trim());
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.parse().map_err(|_| {
                            io::Error::new(io::ErrorKind::InvalidData, "bad content-length")
                        })?;
                    } else if name.eq_ignore_ascii_case("connection") {
                        close = value.eq_ignore_ascii_case("close");
                    }
                }
            }
            // Request bodies (session options, the statement) are read and not needed.
            io::copy(&mut (&mut reader).take(length as u64), &mut io::sink())?;
            let (status, body) = self.answer(&method, &target);
            let mut response = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json; charset=UTF-8\r\n\
                 access-control-allow-origin: *\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&body);
            reader.get_mut().write_all(&response)?;
            if close {
                return Ok(());
            }
        }
    }

    /// The status line's code and reason, and the body, for one request.
    fn answer(&self, method: &str, target: &str) -> (&'static str, Vec<u8>) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let ok = |body: String| ("200 OK", body.into_bytes());
        match (method, parts.as_slice()) {
            ("GET", ["api_versions"]) => ok(r#"{"versions":["V1","V2","V3","V4"]}"#.into()),
            (_, [version, rest @ ..]) if matches!(*version, "v1" | "v2" | "v3" | "v4") => {
                match (method, rest) {
                    ("POST", ["sessions"]) => {
                        ok(format!(r#"{{"sessionHandle":"{}"}}"#, self.handle()))
                    }
                    ("POST", ["sessions", _, "heartbeat"]) => ok("{}".into()),
                    ("DELETE", ["sessions", _]) => ok(r#"{"status":"CLOSED"}"#.into()),
                    ("POST", ["sessions", _, "statements"]) => {
                        ok(format!(r#"{{"operationHandle":"{}"}}"#, self.handle()))
                    }
                    ("GET", ["sessions", _, "operations", _, "status"]) => {
                        ok(r#"{"status":"FINISHED"}"#.into())
                    }
                    ("DELETE", ["sessions", _, "operations", _, "close"]) => {
                        ok(r#"{"status":"CLOSED"}"#.into())
                    }
                    ("GET", ["sessions", session, "operations", operation, "result", token]) => {
                        match token.parse::<usize>() {
                            Ok(t) => self.page(version, session, operation, t, query),
                            Err(_) => not_found(method, target),
                        }
                    }
                    _ => not_found(method, target),
                }
            }
            _ => not_found(method, target),
        }
    }

    /// Token 0 is NOT_READY on the first fetch, then an empty PAYLOAD; then a page per token;
    /// then EOS.
    fn page(
        &self,
        version: &str,
        session: &str,
        operation: &str,
        token: usize,
        query: &str,
    ) -> (&'static str, Vec<u8>) {
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        let uri = |t: usize| {
            format!("/{version}/sessions/{session}/operations/{operation}/result/{t}{query}")
        };
        if token == 0 {
            let first = self
                .not_ready_served
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(operation.to_string());
            if first {
                let body = format!(
                    r#"{{"resultType":"NOT_READY","nextResultUri":"{}"}}"#,
                    uri(0)
                );
                return ("200 OK", body.into_bytes());
            }
        }
        match self.pages.get(token) {
            Some(prefix) => {
                let next = uri(token + 1);
                let mut body = Vec::with_capacity(prefix.len() + next.len() + 2);
                body.extend_from_slice(prefix);
                body.extend_from_slice(next.as_bytes());
                body.extend_from_slice(b"\"}");
                ("200 OK", body)
            }
            None if token == self.pages.len() => ("200 OK", self.eos.clone()),
            None => (
                "500 Internal Server Error",
                format!(
                    r#"{{"errors":["Internal server error.","Expecting token to be {} or {}, but found {token}."]}}"#,
                    self.pages.len(),
                    self.pages.len() - 1
                )
                .into_bytes(),
            ),
        }
    }

    /// A fresh handle shaped like the gateway's UUIDs.
    fn handle(&self) -> String {
        let n = self.next_handle.fetch_add(1, Ordering::Relaxed);
        format!("00000000-0000-4000-8000-{n:012x}")
    }
}

fn not_found(method: &str, target: &str) -> (&'static str, Vec<u8>) {
    (
        "404 Not Found",
        format!(r#"{{"errors":["Not found: {method} {target}"]}}"#).into_bytes(),
    )
}

/// Deterministic rows (the generator of weir-results' `ingest` bench), written as a Flink
/// gateway writes them with `rowFormat=JSON`: DECIMAL as a JSON number with its scale, TIMESTAMP
/// as ISO text with `T` and the fraction's trailing zeros dropped, NULL as `null`.
struct RowGen {
    i: u64,
    x: u64,
}

impl RowGen {
    const WORDS: [&'static str; 8] = [
        "checkout",
        "page view",
        "refund",
        "login",
        "signup, trial",
        "search",
        "cart",
        "logout",
    ];

    fn new() -> RowGen {
        RowGen {
            i: 0,
            x: 0x2545_F491_4F6C_DD1D,
        }
    }

    fn write_row(&mut self, out: &mut Vec<u8>) -> io::Result<()> {
        let (i, x) = (self.i, &mut self.x);
        self.i += 1;
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        let r = *x % 1_000_000;
        write!(
            out,
            r#"{{"kind":"INSERT","fields":[{i},{},"#,
            4_000_000_000_u64 + *x % 1_000_000_000
        )?;
        serde_json::to_writer(&mut *out, &(r as f64 / 7.0))?;
        write!(
            out,
            r#",{}.{:02},"user_{}",{},"2024-05-{:02}T{:02}:{:02}:{:02}"#,
            r % 100_000,
            r % 100,
            r % 50_000,
            r.is_multiple_of(3),
            1 + r % 28,
            r % 24,
            r % 60,
            (r / 60) % 60,
        )?;
        let ms = r % 1000;
        if ms != 0 {
            let fraction = format!(".{ms:03}");
            out.extend_from_slice(fraction.trim_end_matches('0').as_bytes());
        }
        if r.is_multiple_of(10) {
            out.extend_from_slice(br#"",null]}"#);
        } else {
            write!(
                out,
                r#"","{} #{}"]}}"#,
                Self::WORDS[(r % 8) as usize],
                r % 1000
            )?;
        }
        Ok(())
    }
}
