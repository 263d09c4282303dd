//! The window's runs: one gateway session per (script tab, connection), reused by its runs and
//! kept alive by heartbeats (database connections run on the process's pools instead); the
//! latest run of each script with its results; updates reported as the run progresses; sessions
//! closed when the tab closes or the app exits. `${secret:…}` placeholders are resolved in
//! memory from the process's secrets.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use ts_rs::TS;
use weir_results::{Window, WindowQuery};

use super::exec::{ExecOptions, ScriptRun, StatementInfo};
use super::plan::{plan_with_secrets, Scope};
use super::session::Session;
use super::{ConnectionProfile, RunError};
use crate::databases::Databases;
use crate::engine::Engine;

/// What the window asks to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunRequest {
    /// The script (tab) whose text runs.
    #[ts(type = "number")]
    pub script_id: i64,
    /// Which part: the script, the statement at the cursor, or a selection.
    pub scope: RunScope,
    /// The connection profile's name.
    pub connection: String,
    /// `batch` or `streaming`; `None` keeps the session's mode.
    pub mode: Option<String>,
    /// Rows kept per result.
    #[ts(type = "number | null")]
    pub max_rows: Option<u64>,
}

/// Which part of a script runs (offsets in UTF-16 code units, as the editor counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RunScope {
    /// Every statement.
    Script,
    /// The statement at the cursor.
    Cursor {
        /// Cursor offset.
        #[ts(type = "number")]
        at: u64,
    },
    /// The statements a selection touches.
    Selection {
        /// Selection start.
        #[ts(type = "number")]
        from: u64,
        /// Selection end.
        #[ts(type = "number")]
        to: u64,
    },
}

impl RunScope {
    fn scope(self, text: &str) -> Scope {
        let clamp = |o: u64| weir_sql::utf16::utf16_to_byte_floor(text, o as usize);
        match self {
            RunScope::Script => Scope::Script,
            RunScope::Cursor { at } => Scope::AtCursor(clamp(at)),
            RunScope::Selection { from, to } => Scope::Selection(clamp(from), clamp(to)),
        }
    }
}

/// A run's progress, sent to the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunUpdate {
    /// The run.
    #[ts(type = "number")]
    pub run_id: u64,
    /// Its script.
    #[ts(type = "number")]
    pub script_id: i64,
    /// The connection it runs on.
    pub connection: String,
    /// Every statement is done.
    pub finished: bool,
    /// The statements' state.
    pub statements: Vec<StatementInfo>,
}

/// What to export, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The run.
    #[ts(type = "number")]
    pub run_id: u64,
    /// The statement whose result is written.
    pub statement: u32,
    /// The rows: view, sort and filters (what the grid shows).
    pub selection: weir_results::Selection,
    /// CSV or JSON Lines.
    pub format: weir_results::ExportFormat,
    /// The file to write.
    pub path: String,
}

/// A chart of one result: the rows the grid shows, drawn as the spec says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartRequest {
    /// The run.
    #[ts(type = "number")]
    pub run_id: u64,
    /// The statement whose result is drawn.
    pub statement: u32,
    /// The rows: view, sort and filters (what the grid shows).
    pub selection: weir_results::Selection,
    /// Kind, columns, size.
    pub spec: weir_chart::ChartSpec,
}

/// A drawn chart and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartImage {
    /// The SVG document.
    pub svg: String,
    /// Rows read.
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows not drawn (x NULL or unreadable).
    #[ts(type = "number")]
    pub skipped_rows: u64,
    /// Categories folded into "Other" or dropped.
    #[ts(type = "number")]
    pub omitted_categories: u64,
    /// Series beyond the cap.
    #[ts(type = "number")]
    pub omitted_series: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// Rows written.
    #[ts(type = "number")]
    pub rows: u64,
    /// Size of the file.
    #[ts(type = "number")]
    pub bytes: u64,
    /// How long it took.
    #[ts(type = "number")]
    pub millis: u64,
    /// Where it is.
    pub path: String,
}

/// How far the export under way is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    /// Rows written.
    #[ts(type = "number")]
    pub done: u64,
    /// Rows to write.
    #[ts(type = "number")]
    pub total: u64,
}

/// Receives run updates (the app forwards them to the window).
pub type UpdateSink = Arc<dyn Fn(RunUpdate) + Send + Sync>;

struct Entry {
    script_id: i64,
    connection: String,
    run: ScriptRun,
}

/// The runs and sessions of the window.
pub struct Runs {
    engine: Arc<Engine>,
    databases: Arc<Databases>,
    sessions: tokio::sync::Mutex<HashMap<(i64, String), Arc<Session>>>,
    runs: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
}

impl std::fmt::Debug for Runs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runs").finish_non_exhaustive()
    }
}

impl Runs {
    /// No runs yet; database connections and secrets of their own.
    pub fn new(engine: Arc<Engine>) -> Runs {
        Runs::with_databases(engine, Arc::new(Databases::new()))
    }

    /// No runs yet; database runs use `databases`' pools and secrets (the app shares one).
    pub fn with_databases(engine: Arc<Engine>, databases: Arc<Databases>) -> Runs {
        Runs {
            engine,
            databases,
            sessions: tokio::sync::Mutex::new(HashMap::new()),
            runs: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
        }
    }

    fn runs(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.runs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The session of a script on a connection: the open one if it still answers, else a new one.
    async fn session(
        &self,
        script_id: i64,
        profile: &ConnectionProfile,
    ) -> Result<Arc<Session>, RunError> {
        let key = (script_id, profile.name.clone());
        let mut sessions = self.sessions.lock().await;
        if let Some(s) = sessions.get(&key) {
            match s.client.heartbeat(&s.handle).await {
                Ok(()) => return Ok(s.clone()),
                Err(e) => {
                    tracing::warn!(
                        "session {} on '{}' is gone ({e}); opening a new one (its SET/CREATE/USE are lost)",
                        s.handle.as_str(),
                        profile.name
                    );
                    sessions.remove(&key);
                }
            }
        }
        if let Some(w) = profile.plaintext_token_warning() {
            tracing::warn!("{w}");
        }
        let client = profile.client(&self.engine, &self.databases).await?;
        let name = format!("weir script {script_id}");
        let session =
            Arc::new(Session::open(client, &profile.name, &name, &profile.properties).await?);
        sessions.insert(key, session.clone());
        Ok(session)
    }

    /// Plans and starts a run of `text`; the previous run of the script is stopped and dropped.
    pub async fn start(
        &self,
        request: &RunRequest,
        profile: &ConnectionProfile,
        text: &str,
        values: &weir_sql::vars::Values,
        sink: UpdateSink,
    ) -> Result<RunUpdate, RunError> {
        self.start_in(request, profile, text, values, sink, None)
            .await
    }

    /// Starts `text` (a job's set-up and the statement that started it, see
    /// [`crate::jobs::restart_script`]) in a session of its own, with the job's state restored
    /// from the savepoint or retained checkpoint at `path` (`execution.savepoint.path`). The
    /// script's own session is left as it is; the run is the script's latest, as any run.
    pub async fn restore(
        &self,
        request: &RunRequest,
        profile: &ConnectionProfile,
        text: &str,
        path: &str,
        sink: UpdateSink,
    ) -> Result<RunUpdate, RunError> {
        if profile.database_profile().is_some() {
            return Err(RunError::Connection {
                connection: profile.name.clone(),
                message: "a database connection runs no Flink jobs: restore through the Flink connection that started the job".into(),
            });
        }
        self.start_in(
            request,
            profile,
            text,
            &Default::default(),
            sink,
            Some(path),
        )
        .await
    }

    async fn start_in(
        &self,
        request: &RunRequest,
        profile: &ConnectionProfile,
        text: &str,
        values: &weir_sql::vars::Values,
        sink: UpdateSink,
        restore: Option<&str>,
    ) -> Result<RunUpdate, RunError> {
        // Reading secrets may wait for the keychain: off the async threads.
        let (secrets, owned, scope, vals) = (
            self.databases.secrets().clone(),
            text.to_string(),
            request.scope.scope(text),
            values.clone(),
        );
        let planned = tokio::task::spawn_blocking(move || {
            plan_with_secrets(&owned, scope, &vals, secrets.as_ref())
        })
        .await
        .map_err(|e| RunError::Connection {
            connection: profile.name.clone(),
            message: format!("planning the run stopped: {e}"),
        })??;
        let previous: Vec<u64> = self
            .runs()
            .iter()
            .filter(|(_, e)| e.script_id == request.script_id)
            .map(|(id, _)| *id)
            .collect();
        for id in previous {
            if let Some(e) = self.runs().remove(&id) {
                e.run.cancel();
            }
        }
        let mut options = ExecOptions::default();
        if let Some(max) = request.max_rows {
            options.max_rows = (max as usize).clamp(1, 50_000_000);
        }
        let run = match profile.database_profile() {
            // The mode is Flink's; a database runs statements as written.
            Some(db_profile) => {
                let db = self.databases.connect(db_profile).await?;
                ScriptRun::start_on_database(db, planned, options)
            }
            None => {
                let session = match restore {
                    None => self.session(request.script_id, profile).await?,
                    Some(path) => {
                        options
                            .execution_config
                            .insert("execution.savepoint.path".into(), path.to_string());
                        let client = profile.client(&self.engine, &self.databases).await?;
                        let name = format!("weir restore for script {}", request.script_id);
                        Arc::new(
                            Session::open(client, &profile.name, &name, &profile.properties)
                                .await?,
                        )
                    }
                };
                if let Some(mode) = &request.mode {
                    options
                        .execution_config
                        .insert("execution.runtime-mode".into(), mode.clone());
                }
                ScriptRun::start(session, planned, options)
            }
        };
        let run_id = self.next.fetch_add(1, Ordering::SeqCst);
        let update = |run: &ScriptRun| RunUpdate {
            run_id,
            script_id: request.script_id,
            connection: profile.name.clone(),
            finished: run.finished(),
            statements: run.infos(),
        };
        let first = update(&run);
        let watcher = run.clone();
        let (script_id, connection) = (request.script_id, profile.name.clone());
        tokio::spawn(async move {
            let mut changes = watcher.changes();
            loop {
                let u = RunUpdate {
                    run_id,
                    script_id,
                    connection: connection.clone(),
                    finished: watcher.finished(),
                    statements: watcher.infos(),
                };
                let done = u.finished;
                sink(u);
                if done || changes.changed().await.is_err() {
                    return;
                }
            }
        });
        self.runs().insert(
            run_id,
            Entry {
                script_id: request.script_id,
                connection: profile.name.clone(),
                run,
            },
        );
        Ok(first)
    }

    /// Stops a run (a streaming SELECT's operation is closed, which stops its job).
    pub fn cancel(&self, run_id: u64) -> bool {
        match self.runs().get(&run_id) {
            Some(e) => {
                e.run.cancel();
                true
            }
            None => false,
        }
    }

    /// The rows of one statement's result that the grid shows (`None`: no such result).
    pub fn window(
        &self,
        run_id: u64,
        statement: usize,
        query: &WindowQuery,
    ) -> Option<Result<Window, weir_results::ResultError>> {
        self.with_result(run_id, statement, |set| set.window(query))
    }

    /// Calls `f` with one statement's result set (for exports and charts).
    pub fn with_result<R>(
        &self,
        run_id: u64,
        statement: usize,
        f: impl FnOnce(&mut weir_results::ResultSet) -> R,
    ) -> Option<R> {
        let runs = self.runs();
        let entry = runs.get(&run_id)?;
        let mut state = entry.run.state();
        state.statements.get_mut(statement)?.with_result(f)
    }

    /// Writes a result's selection (what the grid shows) to `path` as CSV or JSON Lines,
    /// streaming it through a `.partial` file that replaces `path` only when complete (a failed
    /// or cancelled export leaves an existing file untouched).
    pub fn export(
        &self,
        request: &ExportRequest,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &dyn Fn() -> bool,
    ) -> Result<ExportReport, RunError> {
        let path = std::path::Path::new(request.path.trim());
        let started = std::time::Instant::now();
        let failed = |message: String| RunError::Export {
            path: path.to_path_buf(),
            message,
        };
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let file = std::fs::File::create(&partial).map_err(|e| failed(e.to_string()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let written = self
            .with_result(request.run_id, request.statement as usize, |set| {
                set.export(
                    &request.selection,
                    request.format,
                    &mut out,
                    progress,
                    cancel,
                )
            })
            .ok_or_else(|| failed("the result is no longer there; run the statement again".into()));
        let result = match written {
            Ok(Ok(rows)) => std::io::Write::flush(&mut out)
                .map_err(|e| failed(e.to_string()))
                .map(|()| rows),
            Ok(Err(e)) => Err(failed(e.to_string())),
            Err(e) => Err(e),
        };
        drop(out);
        match result {
            Ok(rows) => {
                std::fs::rename(&partial, path).map_err(|e| failed(e.to_string()))?;
                let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                tracing::info!("exported {rows} rows ({bytes} bytes) to {}", path.display());
                Ok(ExportReport {
                    rows,
                    bytes,
                    millis: started.elapsed().as_millis() as u64,
                    path: path.to_string_lossy().into_owned(),
                })
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    /// Draws a result as SVG (for the window).
    pub fn chart(&self, request: &ChartRequest) -> Result<ChartImage, RunError> {
        let failed = |e: weir_chart::ChartError| RunError::Chart(e.to_string());
        let (svg, data) = self
            .with_result(request.run_id, request.statement as usize, |set| {
                let data =
                    weir_chart::ChartData::from_result(set, &request.selection, &request.spec)
                        .map_err(failed)?;
                let svg = weir_chart::render_svg(&request.spec, &data).map_err(failed)?;
                Ok::<_, RunError>((svg, data))
            })
            .ok_or_else(|| {
                RunError::Chart("the result is no longer there; run the statement again".into())
            })??;
        Ok(ChartImage {
            svg,
            rows: data.rows as u64,
            skipped_rows: data.skipped_rows as u64,
            omitted_categories: data.omitted_categories as u64,
            omitted_series: data.omitted_series as u64,
        })
    }

    /// Writes a chart to `path`: PNG when the name ends in `.png`, else SVG.
    pub fn export_chart(
        &self,
        request: &ChartRequest,
        path: &std::path::Path,
    ) -> Result<ExportReport, RunError> {
        let started = std::time::Instant::now();
        let bytes = self
            .with_result(request.run_id, request.statement as usize, |set| {
                chart_bytes(set, &request.selection, &request.spec, path)
            })
            .ok_or_else(|| {
                RunError::Chart("the result is no longer there; run the statement again".into())
            })??;
        std::fs::write(path, &bytes).map_err(|e| RunError::Export {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(ExportReport {
            rows: 0,
            bytes: bytes.len() as u64,
            millis: started.elapsed().as_millis() as u64,
            path: path.to_string_lossy().into_owned(),
        })
    }

    /// The latest state of a run.
    pub fn update(&self, run_id: u64) -> Option<RunUpdate> {
        let runs = self.runs();
        let e = runs.get(&run_id)?;
        Some(RunUpdate {
            run_id,
            script_id: e.script_id,
            connection: e.connection.clone(),
            finished: e.run.finished(),
            statements: e.run.infos(),
        })
    }

    /// Stops a script's runs, drops their results and closes its sessions (its tab closed).
    pub async fn close_script(&self, script_id: i64) {
        let ids: Vec<u64> = self
            .runs()
            .iter()
            .filter(|(_, e)| e.script_id == script_id)
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            if let Some(e) = self.runs().remove(&id) {
                e.run.cancel();
            }
        }
        let closing: Vec<Arc<Session>> = {
            let mut sessions = self.sessions.lock().await;
            let keys: Vec<(i64, String)> = sessions
                .keys()
                .filter(|(s, _)| *s == script_id)
                .cloned()
                .collect();
            keys.iter().filter_map(|k| sessions.remove(k)).collect()
        };
        for s in closing {
            close(s).await;
        }
    }

    /// The database connections and secrets runs use.
    pub fn databases(&self) -> &Arc<Databases> {
        &self.databases
    }

    /// Stops every run and closes every session and database pool (the app exits).
    pub async fn close_all(&self) {
        for (_, e) in self.runs().drain() {
            e.run.cancel();
        }
        self.databases.close_all().await;
        let all: Vec<Arc<Session>> = self.sessions.lock().await.drain().map(|(_, s)| s).collect();
        for s in all {
            close(s).await;
        }
    }
}

/// Closes a session once no run holds it any more (a cancelled run lets go quickly).
async fn close(mut session: Arc<Session>) {
    for _ in 0..50 {
        match Arc::try_unwrap(session) {
            Ok(s) => return s.close().await,
            Err(s) => session = s,
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tracing::warn!(
        "session {} is still in use; it expires on the gateway by itself",
        session.handle.as_str()
    );
}

/// A chart of `set` as file bytes: PNG when `path` ends in `.png`, else SVG (light theme: files
/// are read outside the app).
pub fn chart_bytes(
    set: &mut weir_results::ResultSet,
    selection: &weir_results::Selection,
    spec: &weir_chart::ChartSpec,
    path: &std::path::Path,
) -> Result<Vec<u8>, RunError> {
    let failed = |e: weir_chart::ChartError| RunError::Chart(e.to_string());
    let data = weir_chart::ChartData::from_result(set, selection, spec).map_err(failed)?;
    let png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if png {
        weir_chart::render_png(spec, &data).map_err(failed)
    } else {
        weir_chart::render_svg(spec, &data)
            .map(String::into_bytes)
            .map_err(failed)
    }
}
