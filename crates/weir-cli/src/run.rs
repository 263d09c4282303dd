//! `weir run FILE`: runs a script on the local engine or a SQL Gateway and prints each
//! statement's result as a table, CSV or JSON; exit code 1 when a statement fails.
//!
//! While a statement runs, progress goes to stderr (a line rewritten every second on a terminal,
//! a line every 30 s otherwise), so a streaming query that waits for rows is never silent.
//! `--timeout` ends the run cleanly (exit 124), and so do Ctrl+C (exit 130) and SIGTERM
//! (exit 143): the running statement's operation and the gateway session are closed first.

use anyhow::Context;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use weir::databases::Databases;
use weir::engine::{Engine, EngineSettings};
use weir::run::{
    plan_with_secrets, ConnectionProfile, Endpoint, ExecOptions, RunState, Scope, ScriptRun,
    Session, StatementStatus,
};
use weir::{Access, Store};
use weir_results::{ExportFormat, Selection, View};

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Boxed tables, one per result, and a status line per statement.
    Table,
    /// CSV with a header row per result (results separated by a blank line).
    Csv,
    /// One JSON document with every statement, its columns and its final rows.
    Json,
}

/// Where to run.
pub struct Target {
    /// A saved connection profile's name.
    pub connection: Option<String>,
    /// A gateway URL.
    pub gateway: Option<String>,
}

/// The options of `weir run`.
pub struct Options {
    pub file: PathBuf,
    pub target: Target,
    pub format: Format,
    pub max_rows: usize,
    pub vars: Vec<String>,
    pub mode: Option<String>,
    pub workspace: PathBuf,
    /// End the run after this long (exit 124).
    pub timeout: Option<Duration>,
    /// The gateway's request timeout (instead of the profile's, or 30 s).
    pub request_timeout: Option<Duration>,
    /// How often progress is reported on stderr (`None`: 1 s on a terminal, 30 s otherwise;
    /// zero: never).
    pub progress_every: Option<Duration>,
}

/// Exit code when `--timeout` ended the run (as coreutils' `timeout` does).
pub const TIMED_OUT: u8 = 124;

/// How long the session's close may take before `weir` stops waiting for the gateway's answer.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every statement ran (`ok`: none failed).
    Done { ok: bool },
    /// `--timeout` stopped it.
    TimedOut(Duration),
    /// A signal stopped it (its name and the exit code for it).
    Signal(&'static str, u8),
}

impl Ending {
    /// Whether every statement ran without error.
    pub fn ok(self) -> bool {
        self == Ending::Done { ok: true }
    }

    /// The process exit code for this ending.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Ending::Done { ok: true } => ExitCode::SUCCESS,
            Ending::Done { ok: false } => ExitCode::FAILURE,
            Ending::TimedOut(_) => ExitCode::from(TIMED_OUT),
            Ending::Signal(_, code) => ExitCode::from(code),
        }
    }
}

/// Reads `30s`, `500ms`, `2m`, `1h` or a number of seconds (`1.5`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write 30s, 500ms, 2m or 1h"))?;
    let scale = match unit.trim() {
        "" | "s" | "sec" | "secs" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => {
            return Err(format!(
                "{text:?}: unknown unit {other:?}; write 30s, 500ms, 2m or 1h"
            ))
        }
    };
    Duration::try_from_secs_f64(n * scale).map_err(|e| format!("{text:?}: {e}"))
}

fn values(vars: &[String]) -> anyhow::Result<weir_sql::vars::Values> {
    let mut values = weir_sql::vars::Values::default();
    for v in vars {
        let (k, val) = v
            .split_once('=')
            .with_context(|| format!("--var {v:?}: write --var name=value"))?;
        values.vars.insert(k.trim().to_string(), val.to_string());
    }
    Ok(values)
}

fn profile(target: &Target, workspace: &Path) -> anyhow::Result<ConnectionProfile> {
    if let Some(url) = &target.gateway {
        let p = ConnectionProfile::gateway(url);
        p.validate().map_err(anyhow::Error::msg)?;
        return Ok(p);
    }
    let Some(name) = &target.connection else {
        return Ok(ConnectionProfile::local());
    };
    let store = Store::open(workspace, Access::ReadOnly)
        .with_context(|| format!("reading the connections of {}", workspace.display()))?;
    let all = weir::run::connection::stored_in(&store)?;
    all.into_iter()
        .find(|c| &c.name == name)
        .ok_or_else(|| weir::run::RunError::UnknownConnection(name.clone()).into())
}

fn engine_settings(workspace: &Path) -> EngineSettings {
    crate::engine::settings_for(workspace)
}

/// The request timeout a gateway profile uses, in seconds (as the connection applies it).
fn request_timeout_secs(profile: &ConnectionProfile) -> u64 {
    profile.request_timeout_secs.unwrap_or(30).clamp(1, 3600)
}

/// `message` with the gateway client's "raise the request timeout" pointing at the flag that
/// does it.
fn timeout_hint(message: &str, secs: u64) -> String {
    message.replace(
        "raise the request timeout",
        &format!("raise the request timeout with --request-timeout (now {secs} s)"),
    )
}

/// Runs the script of `opts` to its end (progress and errors on stderr); how it ended, and the
/// run.
pub fn run_script(opts: &Options) -> anyhow::Result<(Ending, ScriptRun)> {
    let script = std::fs::read_to_string(&opts.file)
        .with_context(|| format!("cannot read {}", opts.file.display()))?;
    let mut profile = profile(&opts.target, &opts.workspace)?;
    if let Some(w) = profile.plaintext_token_warning() {
        eprintln!("weir: warning: {w}");
    }
    if let Some(t) = opts.request_timeout {
        if !matches!(profile.endpoint, Endpoint::Gateway { .. }) {
            anyhow::bail!(
                "--request-timeout applies to runs on a SQL Gateway (--gateway URL, or a \
                 --connection to one); the local engine answers on this machine"
            );
        }
        profile.request_timeout_secs = Some(t.as_secs_f64().ceil().max(1.0) as u64);
    }
    // `${secret:…}` placeholders (as in the DDL `weir db ddl` writes) are read from the OS
    // keychain, the same secrets the app uses.
    let databases = Databases::new();
    let planned = plan_with_secrets(
        &script,
        Scope::Script,
        &values(&opts.vars)?,
        databases.secrets().as_ref(),
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", opts.file.display()))?;
    if let Some(mode) = &opts.mode {
        profile
            .properties
            .insert("execution.runtime-mode".into(), mode.clone());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let engine = Engine::new(engine_settings(&opts.workspace));
        let result = execute(&engine, &databases, &profile, planned, opts).await;
        let _ = engine.stop().await;
        result
    })
}

/// `weir run`: prints results on stdout and progress/errors on stderr.
pub fn run(opts: Options) -> anyhow::Result<ExitCode> {
    let (ending, run) = run_script(&opts)?;
    let out = render(&mut run.state(), opts.format);
    std::io::stdout()
        .write_all(out.as_bytes())
        .context("cannot write the results")?;
    Ok(ending.exit_code())
}

/// What stopped a run before its end.
#[derive(Clone, Copy)]
enum Stop {
    Timeout(Duration),
    Signal(&'static str, u8),
}

/// Waits for Ctrl+C, SIGTERM or the timeout; the first one cancels `run` (its operation and,
/// afterwards, the session are closed), a second signal ends the process at once.
async fn stopper(run: ScriptRun, timeout: Option<Duration>, stopped: Arc<Mutex<Option<Stop>>>) {
    let mut first = true;
    loop {
        let stop = tokio::select! {
            Some(s) = signal() => s,
            _ = sleep_or_never(timeout), if first => Stop::Timeout(timeout.unwrap_or_default()),
            else => return,
        };
        if !first {
            if let Stop::Signal(name, code) = stop {
                eprintln!("weir: {name} again: exiting without waiting for the gateway");
                std::process::exit(i32::from(code));
            }
            continue;
        }
        first = false;
        match stop {
            Stop::Timeout(t) => eprintln!(
                "weir: --timeout {}: stopping (closing the running statement and the session)…",
                human(t)
            ),
            Stop::Signal(name, _) => {
                eprintln!("weir: stopping ({name}): closing the running statement and the session…")
            }
        }
        *stopped.lock().unwrap_or_else(|p| p.into_inner()) = Some(stop);
        run.cancel();
    }
}

async fn sleep_or_never(t: Option<Duration>) {
    match t {
        Some(t) => tokio::time::sleep(t).await,
        None => std::future::pending().await,
    }
}

/// The next Ctrl+C or SIGTERM (`None` when signals cannot be watched).
#[cfg(unix)]
async fn signal() -> Option<Stop> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).ok()?;
    let mut int = signal(SignalKind::interrupt()).ok()?;
    tokio::select! {
        _ = int.recv() => Some(Stop::Signal("Ctrl+C", 130)),
        _ = term.recv() => Some(Stop::Signal("SIGTERM", 143)),
    }
}

/// The next Ctrl+C (`None` when it cannot be watched).
#[cfg(not(unix))]
async fn signal() -> Option<Stop> {
    tokio::signal::ctrl_c().await.ok()?;
    Some(Stop::Signal("Ctrl+C", 130))
}

/// `1.5 s`, `30 s`, `2 min`.
fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 120.0 && s % 60.0 == 0.0 {
        format!("{} min", s / 60.0)
    } else if s.fract() == 0.0 {
        format!("{s} s")
    } else {
        format!("{s:.1} s")
    }
}

/// Reports the running statement on stderr: on a terminal one line rewritten every `every`,
/// otherwise a line every `every`; `drawn` says a terminal line is left to clear.
async fn progress(run: ScriptRun, every: Duration, tty: bool, drawn: Arc<Mutex<bool>>) {
    let mut poll = tokio::time::interval(Duration::from_millis(100).min(every));
    let mut current: Option<(u32, Instant)> = None;
    let (mut last_report, mut last_changes) = (Instant::now(), 0u64);
    loop {
        poll.tick().await;
        let infos = run.infos();
        let Some(s) = infos.iter().find(|s| s.status == StatementStatus::Running) else {
            continue;
        };
        let now = Instant::now();
        match current {
            Some((i, _)) if i == s.index => {}
            _ => {
                current = Some((s.index, now));
                last_report = now;
                last_changes = s.changes;
                continue;
            }
        }
        if now.duration_since(last_report) < every {
            continue;
        }
        let since = current
            .map(|(_, t)| now.duration_since(t))
            .unwrap_or_default();
        let what = if !s.is_query {
            format!("{} running", s.kind)
        } else if s.changes == last_changes {
            format!("{} waiting for rows", s.kind)
        } else {
            format!("{} receiving rows", s.kind)
        };
        let rows = if s.is_query {
            format!(", {} row{}", s.rows, if s.rows == 1 { "" } else { "s" })
        } else {
            String::new()
        };
        let line = format!(
            "[{}] line {}: {what}, {} s{rows}",
            s.index + 1,
            s.line,
            since.as_secs()
        );
        if tty {
            eprint!("\r\x1b[2K{line}");
            *drawn.lock().unwrap_or_else(|p| p.into_inner()) = true;
        } else {
            eprintln!("weir: {line}");
        }
        last_report = now;
        last_changes = s.changes;
    }
}

async fn execute(
    engine: &Arc<Engine>,
    databases: &Databases,
    profile: &ConnectionProfile,
    planned: Vec<weir::run::PlannedStatement>,
    opts: &Options,
) -> anyhow::Result<(Ending, ScriptRun)> {
    let file = &opts.file;
    let timeout_secs = request_timeout_secs(profile);
    if matches!(profile.endpoint, Endpoint::Local) && engine.pid().await.is_none() {
        eprintln!(
            "weir: starting the local Flink {} engine…",
            engine.state().flink_version
        );
    }
    // auth headers' secrets come from the OS keychain
    let client = profile
        .client(engine, databases)
        .await
        .map_err(|e| anyhow::anyhow!(timeout_hint(&e.to_string(), timeout_secs)))?;
    let name = format!(
        "weir run {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    let session = Session::open(client, &profile.name, &name, &profile.properties)
        .await
        .map_err(|e| anyhow::anyhow!(timeout_hint(&e.to_string(), timeout_secs)))?;
    let (client, handle) = (session.client.clone(), session.handle.clone());
    let session = Arc::new(session);
    let options = ExecOptions {
        max_rows: opts.max_rows,
        execution_config: BTreeMap::new(),
    };
    let run = ScriptRun::start(session.clone(), planned, options);
    drop(session);
    let stopped = Arc::new(Mutex::new(None));
    let stopper = tokio::spawn(stopper(run.clone(), opts.timeout, stopped.clone()));
    let tty = std::io::stderr().is_terminal();
    let every = opts.progress_every.unwrap_or(if tty {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(30)
    });
    let drawn = Arc::new(Mutex::new(false));
    let progress =
        (!every.is_zero()).then(|| tokio::spawn(progress(run.clone(), every, tty, drawn.clone())));
    run.wait().await;
    if let Some(p) = progress {
        p.abort();
    }
    if *drawn.lock().unwrap_or_else(|p| p.into_inner()) {
        eprint!("\r\x1b[2K");
    }
    for s in run.infos() {
        eprintln!(
            "[{}] line {}: {} {} in {:.2} s{}",
            s.index + 1,
            s.line,
            s.kind,
            status_word(s.status),
            s.duration_ms as f64 / 1000.0,
            if s.is_query {
                format!(", {} rows", s.rows)
            } else {
                String::new()
            }
        );
        if let Some(job) = &s.job_id {
            eprintln!("    job {job}");
        }
        if let Some(t) = s.truncated_at {
            eprintln!("    truncated at {t} rows (--max-rows)");
        }
        if let Some(e) = &s.error {
            let message = timeout_hint(&e.message, timeout_secs);
            match (e.line, e.column) {
                (Some(l), Some(c)) => {
                    eprintln!("    error at {}:{l}:{c}: {message}", file.display())
                }
                _ => eprintln!("    error: {message}"),
            }
        }
    }
    // Close the session (its heartbeat stops with the last reference), waiting at most
    // CLOSE_WAIT for the gateway to confirm: an unresponsive gateway must not hold the command
    // for another request timeout. The request is sent either way; a session left open expires
    // after the gateway's idle timeout (`sql-gateway.session.idle-timeout`, 10 min by default).
    match tokio::time::timeout(CLOSE_WAIT, client.close_session(&handle)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!(
            "weir: closing session {}: {}",
            handle.as_str(),
            timeout_hint(&e.to_string(), timeout_secs)
        ),
        Err(_) => eprintln!(
            "weir: the gateway did not confirm closing session {} within {}; not waiting \
             longer (a session left open expires after the gateway's idle timeout, \
             sql-gateway.session.idle-timeout, 10 min by default)",
            handle.as_str(),
            human(CLOSE_WAIT)
        ),
    }
    stopper.abort();
    let stop = *stopped.lock().unwrap_or_else(|p| p.into_inner());
    let ending = match stop {
        Some(Stop::Timeout(t)) => {
            eprintln!(
                "weir: stopped after --timeout {}; the running statement's operation and the session were closed",
                human(t)
            );
            Ending::TimedOut(t)
        }
        Some(Stop::Signal(name, code)) => {
            eprintln!("weir: stopped ({name}); the running statement's operation and the session were closed");
            Ending::Signal(name, code)
        }
        None => Ending::Done {
            ok: run.infos().iter().all(|s| s.status == StatementStatus::Ok),
        },
    };
    Ok((ending, run))
}

/// The status as `--format json` and the progress lines write it.
fn status_word(status: StatementStatus) -> &'static str {
    match status {
        StatementStatus::Ok => "ok",
        StatementStatus::Error => "error",
        StatementStatus::Cancelled => "cancelled",
        StatementStatus::Skipped => "skipped",
        StatementStatus::Pending | StatementStatus::Running => "incomplete",
    }
}

/// Prints the run in the requested format.
pub fn render(state: &mut RunState, format: Format) -> String {
    match format {
        Format::Json => render_json(state),
        Format::Csv => render_csv(state),
        Format::Table => render_tables(state),
    }
}

fn render_json(state: &mut RunState) -> String {
    let mut out = String::from("{\"statements\":[");
    for (n, s) in state.statements.iter_mut().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let i = &s.info;
        let status = status_word(i.status);
        let columns: Vec<serde_json::Value> = i
            .columns
            .iter()
            .map(|c| serde_json::json!({ "name": c.name, "type": c.type_name }))
            .collect();
        let head = serde_json::json!({
            "index": i.index,
            "kind": i.kind,
            "status": status,
            "job_id": i.job_id,
            "error": i.error.as_ref().map(|e| e.message.clone()),
            "columns": columns,
        })
        .to_string();
        // `head` ends with `}`: append the rows (written by the result store, decimals exact).
        out.push_str(&head[..head.len() - 1]);
        out.push_str(",\"rows\":[");
        if let Some(set) = s.results.as_mut() {
            let ids = set
                .row_ids(&Selection::of(View::Materialized))
                .unwrap_or_default();
            for (r, &id) in ids.iter().enumerate() {
                if r > 0 {
                    out.push(',');
                }
                out.push_str(&set.row_json(id).unwrap_or_default());
            }
        }
        out.push_str("]}");
    }
    out.push_str("]}\n");
    out
}

fn render_csv(state: &mut RunState) -> String {
    let mut out = Vec::new();
    let mut first = true;
    for s in &mut state.statements {
        let (Some(set), true) = (s.results.as_mut(), s.info.is_query) else {
            continue;
        };
        if !first {
            out.extend_from_slice(b"\r\n");
        }
        first = false;
        let all = Selection::of(View::Materialized);
        if let Err(e) = set.export(&all, ExportFormat::Csv, &mut out, &mut |_, _| {}, &|| false) {
            out.extend_from_slice(format!("(export failed: {e})\r\n").as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn render_tables(state: &mut RunState) -> String {
    let mut out = String::new();
    for s in &mut state.statements {
        let Some(set) = s.results.as_mut() else {
            continue;
        };
        let cols = &s.info.columns;
        if cols.is_empty() {
            continue;
        }
        let ids = set
            .row_ids(&Selection::of(View::Materialized))
            .unwrap_or_default();
        let n = ids.len();
        let cells: Vec<Vec<String>> = ids
            .iter()
            .map(|&id| {
                (0..cols.len())
                    .map(|c| match set.cell(id, c) {
                        Some(weir_results::Cell::Null) | None => "NULL".to_string(),
                        Some(_) => set.cell_text(id, c).unwrap_or_default(),
                    })
                    .collect()
            })
            .collect();
        let mut widths: Vec<usize> = cols.iter().map(|c| c.name.chars().count()).collect();
        for row in &cells {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count()).min(60);
            }
        }
        let rule = || {
            let mut l = String::from("+");
            for w in &widths {
                l.push_str(&"-".repeat(w + 2));
                l.push('+');
            }
            l.push('\n');
            l
        };
        let fit = |s: &str, w: usize| -> String {
            let count = s.chars().count();
            if count <= w {
                s.to_string()
            } else {
                let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
                t.push('…');
                t
            }
        };
        out.push_str(&rule());
        out.push('|');
        for (c, w) in cols.iter().zip(&widths) {
            out.push_str(&format!(" {:<w$} |", fit(&c.name, *w), w = w));
        }
        out.push('\n');
        out.push_str(&rule());
        for row in &cells {
            out.push('|');
            for ((cell, w), col) in row.iter().zip(&widths).zip(cols) {
                let text = fit(cell, *w);
                if col.class.is_numeric() {
                    out.push_str(&format!(" {text:>w$} |", w = w));
                } else {
                    out.push_str(&format!(" {text:<w$} |", w = w));
                }
            }
            out.push('\n');
        }
        out.push_str(&rule());
        let truncated = s
            .info
            .truncated_at
            .map(|t| format!(" (truncated at {t} rows)"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{n} row{} in set{truncated}\n\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    out
}
