//! Running planned statements in a session, in order: each statement's status, job id, error
//! (root cause, full trace, position in the script) and result (a [`ResultSet`], changelog
//! applied) are kept as they arrive; a change is reported at most every [`REPORT_EVERY`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;
use weir_connect::gateway::{Column, GatewayError, RowFormat, RowKind, RunOptions, StatementEvent};
pub use weir_results::View;
use weir_results::{ChangeKind, ColumnSpec, PushOutcome, ResultSet, ValueClass};
use weir_sql::span::Position;

use super::plan::PlannedStatement;
use super::session::Session;

/// Longest time between two progress reports while rows arrive.
pub const REPORT_EVERY: Duration = Duration::from_millis(150);

/// Rows kept per result unless the run says otherwise.
pub const DEFAULT_MAX_ROWS: usize = 1_000_000;

/// How a run executes.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// Rows (changes) kept per statement; the statement stops (its operation is closed) at the cap.
    pub max_rows: usize,
    /// Per-statement Flink configuration, e.g. `execution.runtime-mode`.
    pub execution_config: BTreeMap<String, String>,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            max_rows: DEFAULT_MAX_ROWS,
            execution_config: BTreeMap::new(),
        }
    }
}

/// Where a statement is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StatementStatus {
    /// Waiting for the statements before it.
    Pending,
    /// Sent; results may be arriving.
    Running,
    /// Finished without error.
    Ok,
    /// Failed; see its error.
    Error,
    /// Stopped by the user (or not run because the run was stopped).
    Cancelled,
    /// Not run because a statement before it failed.
    Skipped,
}

/// A failed statement's error, reduced to what a person needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementError {
    /// The root cause (the last `Caused by:` of Flink's trace), or the connection problem.
    pub message: String,
    /// Flink's full trace (empty when the failure was not the server's).
    pub trace: String,
    /// Where in the script Flink says the problem is, when it says.
    pub line: Option<u32>,
    /// Column (1-based, in characters) of that place.
    pub column: Option<u32>,
}

/// A result column as the grid shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultColumn {
    /// Column name.
    pub name: String,
    /// Flink's type string (`DECIMAL(10, 2)`, `TIMESTAMP(3)`, `ARRAY<INT>`…).
    #[serde(rename = "type")]
    pub type_name: String,
    /// How values are stored and shown (numbers right-aligned, nested expandable…).
    pub class: ValueClass,
}

/// One statement of a run, as the run log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementInfo {
    /// Position in the run (0-based).
    pub index: u32,
    /// The statement's kind (`query`, `insert`, `create_table`, …; `statement` when unknown).
    pub kind: String,
    /// The statement as written (placeholders kept).
    pub sql: String,
    /// First line of the statement in the script.
    pub line: u32,
    /// Its first column.
    pub column: u32,
    /// Where it is.
    pub status: StatementStatus,
    /// The Flink job it started.
    pub job_id: Option<String>,
    /// Why it failed.
    pub error: Option<StatementError>,
    /// Whether its result is a query's (rows to show) rather than an acknowledgement.
    pub is_query: bool,
    /// Result columns, once known.
    pub columns: Vec<ResultColumn>,
    /// Rows in the current (materialized) result.
    #[ts(type = "number")]
    pub rows: u64,
    /// Changes received (every +I, -U, +U, -D).
    #[ts(type = "number")]
    pub changes: u64,
    /// Set when the result stopped at the row cap.
    #[ts(type = "number | null")]
    pub truncated_at: Option<u64>,
    /// Milliseconds since the statement was sent (until it ended).
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// A statement's info and its rows.
#[derive(Debug)]
pub struct StatementState {
    /// What the run log shows.
    pub info: StatementInfo,
    /// The result rows, once columns are known (a database query's once it ended).
    pub results: Option<ResultSet>,
    /// A database query still under way: its rows are in its own result set until it ends.
    pub live: Option<weir_db::QueryRun>,
}

impl StatementState {
    /// Calls `f` with the statement's result set (the running database query's, if any).
    pub fn with_result<R>(&mut self, f: impl FnOnce(&mut ResultSet) -> R) -> Option<R> {
        if let Some(set) = self.results.as_mut() {
            return Some(f(set));
        }
        let live = self.live.as_ref()?;
        let mut q = live.state();
        q.results.as_mut().map(f)
    }
}

/// The statements of a run.
#[derive(Debug)]
pub struct RunState {
    /// One per planned statement, in order.
    pub statements: Vec<StatementState>,
    /// The run ended (every statement finished, failed, or was cancelled or skipped).
    pub finished: bool,
}

/// A run under way: watch it, read its results, cancel it.
#[derive(Debug, Clone)]
pub struct ScriptRun {
    state: Arc<Mutex<RunState>>,
    cancel: CancellationToken,
    changes: watch::Receiver<u64>,
}

fn position_in(message: &str) -> Option<(usize, usize)> {
    // Calcite and Flink say "at line 1, column 8" or "From line 1, column 15 to line …".
    let at = message.find("line ")?;
    let rest = &message[at + 5..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let line: usize = digits.parse().ok()?;
    let rest = rest[digits.len()..].strip_prefix(", column ")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some((line, digits.parse().ok()?))
}

/// Turns a failure into what the run log shows, with the position mapped into the script.
pub(crate) fn statement_error(e: &GatewayError, statement: &PlannedStatement) -> StatementError {
    let (message, trace) = match e {
        GatewayError::StatementFailed { error, .. } | GatewayError::Server(error) => {
            (error.root_cause.clone(), error.trace.clone())
        }
        other => (other.to_string(), String::new()),
    };
    let place = position_in(&message).or_else(|| position_in(&trace));
    let mapped = place.map(|(l, c)| statement.span.start.locate(&statement.sql, l, c));
    StatementError {
        message,
        trace,
        line: mapped.map(|p: Position| p.line as u32),
        column: mapped.map(|p| p.column as u32),
    }
}

fn change_kind(kind: RowKind) -> ChangeKind {
    match kind {
        RowKind::Insert => ChangeKind::Insert,
        RowKind::UpdateBefore => ChangeKind::UpdateBefore,
        RowKind::UpdateAfter => ChangeKind::UpdateAfter,
        RowKind::Delete => ChangeKind::Delete,
    }
}

fn specs(columns: &[Column]) -> Vec<ColumnSpec> {
    columns
        .iter()
        .map(|c| ColumnSpec::new(c.name.clone(), c.logical_type.to_string()))
        .collect()
}

impl ScriptRun {
    /// Starts running `plan` in `session`; returns at once.
    pub fn start(
        session: Arc<Session>,
        plan: Vec<PlannedStatement>,
        options: ExecOptions,
    ) -> ScriptRun {
        let (run, parts) = ScriptRun::prepare(&plan);
        let worker = Worker {
            session,
            state: parts.state,
            cancel: parts.cancel,
            tx: parts.tx,
            options,
        };
        tokio::spawn(worker.run(plan));
        run
    }

    /// Starts running `plan` on a database, statement after statement; returns at once. Each
    /// query's rows stream into a result set kept like a Flink query's.
    pub fn start_on_database(
        db: weir_db::Db,
        plan: Vec<PlannedStatement>,
        options: ExecOptions,
    ) -> ScriptRun {
        let (run, parts) = ScriptRun::prepare(&plan);
        tokio::spawn(super::db_exec::run(db, parts, options, plan));
        run
    }

    /// A run of `plan` with every statement pending, and the worker's side of it.
    fn prepare(plan: &[PlannedStatement]) -> (ScriptRun, Parts) {
        let statements = plan
            .iter()
            .map(|p| StatementState {
                info: StatementInfo {
                    index: p.index as u32,
                    kind: p.kind.unwrap_or("statement").to_string(),
                    sql: p.written.clone(),
                    line: p.span.start.line as u32,
                    column: p.span.start.column as u32,
                    status: StatementStatus::Pending,
                    job_id: None,
                    error: None,
                    is_query: false,
                    columns: Vec::new(),
                    rows: 0,
                    changes: 0,
                    truncated_at: None,
                    duration_ms: 0,
                },
                results: None,
                live: None,
            })
            .collect();
        let state = Arc::new(Mutex::new(RunState {
            statements,
            finished: false,
        }));
        let cancel = CancellationToken::new();
        let (tx, rx) = watch::channel(0u64);
        let run = ScriptRun {
            state: state.clone(),
            cancel: cancel.clone(),
            changes: rx,
        };
        (run, Parts { state, cancel, tx })
    }

    /// The statements' state (lock briefly: the run writes to it as rows arrive).
    pub fn state(&self) -> MutexGuard<'_, RunState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The statements' infos.
    pub fn infos(&self) -> Vec<StatementInfo> {
        self.state()
            .statements
            .iter()
            .map(|s| s.info.clone())
            .collect()
    }

    /// Whether every statement is done.
    pub fn finished(&self) -> bool {
        self.state().finished
    }

    /// Stops the run: the running statement's operation is closed (its job stops), the rest are
    /// not sent.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// A receiver that changes whenever the run's state changes (throttled).
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.clone()
    }

    /// Waits until the run has finished.
    pub async fn wait(&self) {
        let mut rx = self.changes.clone();
        while !self.finished() {
            if rx.changed().await.is_err() {
                return;
            }
        }
    }
}

/// The writing side of a [`ScriptRun`], for the worker that executes it.
pub(crate) struct Parts {
    pub state: Arc<Mutex<RunState>>,
    pub cancel: CancellationToken,
    pub tx: watch::Sender<u64>,
}

struct Worker {
    session: Arc<Session>,
    state: Arc<Mutex<RunState>>,
    cancel: CancellationToken,
    tx: watch::Sender<u64>,
    options: ExecOptions,
}

impl Worker {
    fn with<R>(&self, f: impl FnOnce(&mut RunState) -> R) -> R {
        let mut g = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    fn report(&self) {
        self.tx.send_modify(|v| *v += 1);
    }

    async fn run(self, plan: Vec<PlannedStatement>) {
        let mut failed = false;
        for statement in &plan {
            let i = statement.index;
            if failed || self.cancel.is_cancelled() {
                let status = if failed {
                    StatementStatus::Skipped
                } else {
                    StatementStatus::Cancelled
                };
                self.with(|s| s.statements[i].info.status = status);
                continue;
            }
            let ok = self.run_one(statement).await;
            failed = !ok;
        }
        self.with(|s| s.finished = true);
        self.report();
    }

    /// Runs one statement to its end; false when it failed or was cancelled.
    async fn run_one(&self, statement: &PlannedStatement) -> bool {
        let i = statement.index;
        let started = Instant::now();
        self.with(|s| s.statements[i].info.status = StatementStatus::Running);
        self.report();
        if statement.has_secrets {
            tracing::info!(
                "running statement {} (text hidden: it holds a secret)",
                i + 1
            );
        } else {
            tracing::info!("running statement {}: {}", i + 1, one_line(&statement.sql));
        }
        let options = RunOptions {
            execution_config: self.options.execution_config.clone(),
            row_format: RowFormat::Json,
            ..RunOptions::default()
        };
        let mut run =
            self.session
                .client
                .run_statement(&self.session.handle, &statement.sql, options);
        let mut last_report = Instant::now();
        let mut capped = false;
        let outcome = loop {
            let event = tokio::select! {
                e = run.next() => e,
                _ = self.cancel.cancelled() => {
                    run.cancel();
                    // drain until the runner says it closed the operation
                    let mut e = run.next().await;
                    while let Some(StatementEvent::Rows(_) | StatementEvent::JobId(_) | StatementEvent::Columns { .. }) = e {
                        e = run.next().await;
                    }
                    e.or(Some(StatementEvent::Cancelled))
                }
            };
            let Some(event) = event else {
                break StatementStatus::Error;
            };
            let elapsed = started.elapsed().as_millis() as u64;
            match event {
                StatementEvent::Submitted(_) => {}
                StatementEvent::Columns {
                    columns,
                    is_query_result,
                    ..
                } => {
                    let set = ResultSet::new(specs(&columns), self.options.max_rows as u64);
                    let cols = columns
                        .iter()
                        .zip(set.classes().iter().copied())
                        .map(|(c, class)| ResultColumn {
                            name: c.name.clone(),
                            type_name: c.logical_type.to_string(),
                            class,
                        })
                        .collect();
                    self.with(|s| {
                        let st = &mut s.statements[i];
                        st.info.columns = cols;
                        st.info.is_query = is_query_result;
                        st.results = Some(set);
                    });
                    self.report();
                }
                StatementEvent::JobId(job) => {
                    tracing::info!("statement {} started Flink job {job}", i + 1);
                    self.with(|s| s.statements[i].info.job_id = Some(job));
                    self.report();
                }
                StatementEvent::Rows(rows) => {
                    let hit_cap = self.with(|s| {
                        let st = &mut s.statements[i];
                        let Some(set) = st.results.as_mut() else {
                            return false;
                        };
                        let mut hit = false;
                        for row in &rows {
                            match set.push(change_kind(row.kind), &row.fields) {
                                Ok(PushOutcome::Stored) => {}
                                Ok(PushOutcome::Full | PushOutcome::Dropped) => {
                                    hit = true;
                                    break;
                                }
                                Err(e) => {
                                    tracing::warn!("statement {}: a row was dropped: {e}", i + 1);
                                }
                            }
                        }
                        st.info.rows = set.len(View::Materialized);
                        st.info.changes = set.len(View::Changelog);
                        st.info.duration_ms = elapsed;
                        if hit {
                            st.info.truncated_at = Some(self.options.max_rows as u64);
                        }
                        hit
                    });
                    if hit_cap && !capped {
                        capped = true;
                        tracing::info!(
                            "statement {}: stopped at the row cap of {}",
                            i + 1,
                            self.options.max_rows
                        );
                        run.cancel();
                    }
                    if last_report.elapsed() >= REPORT_EVERY {
                        last_report = Instant::now();
                        self.report();
                    }
                }
                StatementEvent::Finished { .. } => break StatementStatus::Ok,
                StatementEvent::Cancelled if capped => break StatementStatus::Ok,
                StatementEvent::Cancelled => break StatementStatus::Cancelled,
                StatementEvent::Failed(e) => {
                    let err = statement_error(&e, statement);
                    tracing::error!("statement {} failed: {}", i + 1, err.message);
                    self.with(|s| s.statements[i].info.error = Some(err));
                    break StatementStatus::Error;
                }
            }
        };
        let elapsed = started.elapsed().as_millis() as u64;
        self.with(|s| {
            let info = &mut s.statements[i].info;
            info.status = outcome;
            info.duration_ms = elapsed;
            if outcome == StatementStatus::Error && info.error.is_none() {
                info.error = Some(StatementError {
                    message: "the statement's run ended without a result".into(),
                    trace: String::new(),
                    line: None,
                    column: None,
                });
            }
        });
        self.report();
        outcome == StatementStatus::Ok
    }
}

pub(crate) fn one_line(sql: &str) -> String {
    let flat: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_read_from_flink_messages() {
        assert_eq!(
            position_in("SQL parse failed. Encountered \"FRM\" at line 2, column 10."),
            Some((2, 10))
        );
        assert_eq!(
            position_in("From line 1, column 15 to line 1, column 17: Object 'x' not found"),
            Some((1, 15))
        );
        assert_eq!(position_in("Table not found"), None);
        assert_eq!(position_in("line x, column 2"), None);
    }

    #[test]
    fn long_statements_are_logged_on_one_short_line() {
        assert_eq!(one_line("SELECT\n  1,\n  2"), "SELECT 1, 2");
        let long = "x ".repeat(200);
        assert!(one_line(&long).ends_with('…'));
    }
}
