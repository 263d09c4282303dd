//! `weir run FILE`: runs a script on the local engine or a SQL Gateway and prints each
//! statement's result as a table, CSV or JSON; exit code 1 when a statement fails.

use anyhow::Context;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use weir::engine::{Engine, EngineSettings};
use weir::run::{
    plan, ConnectionProfile, ExecOptions, RunState, Scope, ScriptRun, Session, StatementStatus,
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

/// Runs the script of `opts` to its end (progress and errors on stderr); true when every
/// statement succeeded.
pub fn run_script(opts: &Options) -> anyhow::Result<(bool, ScriptRun)> {
    let script = std::fs::read_to_string(&opts.file)
        .with_context(|| format!("cannot read {}", opts.file.display()))?;
    let planned = plan(&script, Scope::Script, &values(&opts.vars)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", opts.file.display()))?;
    let mut profile = profile(&opts.target, &opts.workspace)?;
    if let Some(w) = profile.plaintext_token_warning() {
        eprintln!("weir: warning: {w}");
    }
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
    let run = runtime.block_on(async {
        let engine = Engine::new(engine_settings(&opts.workspace));
        let result = execute(&engine, &profile, planned, opts.max_rows, &opts.file).await;
        let _ = engine.stop().await;
        result
    })?;
    let ok = run
        .state()
        .statements
        .iter()
        .all(|s| s.info.status == StatementStatus::Ok);
    Ok((ok, run))
}

/// `weir run`: prints results on stdout and progress/errors on stderr.
pub fn run(opts: Options) -> anyhow::Result<ExitCode> {
    let (ok, run) = run_script(&opts)?;
    let out = render(&mut run.state(), opts.format);
    std::io::stdout()
        .write_all(out.as_bytes())
        .context("cannot write the results")?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn execute(
    engine: &Arc<Engine>,
    profile: &ConnectionProfile,
    planned: Vec<weir::run::PlannedStatement>,
    max_rows: usize,
    file: &Path,
) -> anyhow::Result<ScriptRun> {
    if matches!(profile.endpoint, weir::run::Endpoint::Local) && engine.pid().await.is_none() {
        eprintln!(
            "weir: starting the local Flink {} engine…",
            engine.state().flink_version
        );
    }
    // auth headers' secrets come from the OS keychain
    let client = profile
        .client(engine, &weir::databases::Databases::new())
        .await?;
    let name = format!(
        "weir run {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    let session = Arc::new(Session::open(client, &profile.name, &name, &profile.properties).await?);
    let options = ExecOptions {
        max_rows,
        execution_config: BTreeMap::new(),
    };
    let run = ScriptRun::start(session.clone(), planned, options);
    let cancel = run.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("weir: stopping (Ctrl+C)…");
            cancel.cancel();
        }
    });
    run.wait().await;
    ctrl_c.abort();
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
            match (e.line, e.column) {
                (Some(l), Some(c)) => {
                    eprintln!("    error at {}:{l}:{c}: {}", file.display(), e.message)
                }
                _ => eprintln!("    error: {}", e.message),
            }
        }
    }
    if let Ok(session) = Arc::try_unwrap(session) {
        session.close().await;
    }
    Ok(run)
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
