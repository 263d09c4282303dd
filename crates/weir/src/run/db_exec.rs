//! Running planned statements on a database (MySQL, PostgreSQL, SQLite) instead of Flink: each
//! statement is one [`weir_db::QueryRun`] whose rows stream into its own result set; the run log
//! follows it, and when it ends its result set moves into the run's state, where the grid,
//! charts, exports and copy read Flink results. Cancel stops the query on the server and keeps
//! the rows received; a failure keeps them too and shows the server's message.

use std::time::{Duration, Instant};
use weir_db::{Db, QueryInfo, QueryOptions, QueryRun, QueryStatus};

use super::exec::{
    one_line, ExecOptions, Parts, ResultColumn, RunState, StatementError, StatementStatus,
};
use super::plan::PlannedStatement;

/// Longest wait for a cancelled query to stop before the run gives up on it.
const CANCEL_WAIT: Duration = Duration::from_secs(10);

struct DbWorker {
    db: Db,
    parts: Parts,
    options: ExecOptions,
}

/// Runs `plan` on `db`, in order; a failed statement skips the rest.
pub(crate) async fn run(db: Db, parts: Parts, options: ExecOptions, plan: Vec<PlannedStatement>) {
    let worker = DbWorker { db, parts, options };
    let mut failed = false;
    for statement in &plan {
        let i = statement.index;
        if failed || worker.parts.cancel.is_cancelled() {
            let status = if failed {
                StatementStatus::Skipped
            } else {
                StatementStatus::Cancelled
            };
            worker.with(|s| s.statements[i].info.status = status);
            continue;
        }
        failed = !worker.run_one(statement).await;
    }
    worker.with(|s| s.finished = true);
    worker.report();
}

impl DbWorker {
    fn with<R>(&self, f: impl FnOnce(&mut RunState) -> R) -> R {
        let mut g = self.parts.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    fn report(&self) {
        self.parts.tx.send_modify(|v| *v += 1);
    }

    /// Copies what the query reports into the statement's run log entry.
    fn mirror(&self, i: usize, q: &QueryInfo) {
        self.with(|s| {
            let info = &mut s.statements[i].info;
            if info.columns.len() != q.columns.len() {
                info.columns = q
                    .columns
                    .iter()
                    .map(|c| ResultColumn {
                        name: c.name.clone(),
                        type_name: c.type_name.clone(),
                        class: c.class,
                    })
                    .collect();
            }
            info.is_query = !q.columns.is_empty();
            info.rows = if info.is_query {
                q.rows
            } else {
                q.rows_affected.unwrap_or(0)
            };
            info.changes = q.rows;
            info.truncated_at = q.truncated_at;
            info.duration_ms = q.duration_ms;
        });
    }

    /// Runs one statement to its end; false when it failed or was cancelled.
    async fn run_one(&self, statement: &PlannedStatement) -> bool {
        let i = statement.index;
        let started = Instant::now();
        let name = self.db.profile().name.clone();
        if statement.has_secrets {
            tracing::info!(
                "running statement {} on database '{name}' (text hidden: it holds a secret)",
                i + 1
            );
        } else {
            tracing::info!(
                "running statement {} on database '{name}': {}",
                i + 1,
                one_line(&statement.sql)
            );
        }
        let query = self.db.query(
            &statement.sql,
            QueryOptions {
                max_rows: self.options.max_rows as u64,
                ..QueryOptions::default()
            },
        );
        self.with(|s| {
            let st = &mut s.statements[i];
            st.info.status = StatementStatus::Running;
            st.live = Some(query.clone());
        });
        self.report();
        let mut changes = query.changes();
        let mut cancelled = false;
        loop {
            self.mirror(i, &query.info());
            self.report();
            if query.finished() {
                break;
            }
            tokio::select! {
                changed = changes.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
                _ = self.parts.cancel.cancelled(), if !cancelled => {
                    cancelled = true;
                    query.cancel();
                    if tokio::time::timeout(CANCEL_WAIT, query.wait()).await.is_err() {
                        tracing::warn!(
                            "statement {} on '{name}' did not stop within {} s of the cancel",
                            i + 1,
                            CANCEL_WAIT.as_secs()
                        );
                        break;
                    }
                }
            }
        }
        self.finish(i, &query, cancelled, started)
    }

    /// Moves the query's rows into the run and records how it ended.
    fn finish(&self, i: usize, query: &QueryRun, cancelled: bool, started: Instant) -> bool {
        let q = query.info();
        self.mirror(i, &q);
        let status = match q.status {
            QueryStatus::Ok => StatementStatus::Ok,
            QueryStatus::Error => StatementStatus::Error,
            QueryStatus::Cancelled => StatementStatus::Cancelled,
            QueryStatus::Running if cancelled => StatementStatus::Cancelled,
            QueryStatus::Running => StatementStatus::Error,
        };
        if let Some(e) = &q.error {
            tracing::error!("statement {} failed: {e}", i + 1);
        }
        self.with(|s| {
            let st = &mut s.statements[i];
            // Run state, then query state: the order `StatementState::with_result` locks in.
            if let Some(live) = st.live.take() {
                st.results = live.state().results.take();
            }
            st.info.status = status;
            st.info.duration_ms = started.elapsed().as_millis() as u64;
            if status == StatementStatus::Error {
                st.info.error = Some(StatementError {
                    message: q
                        .error
                        .clone()
                        .unwrap_or_else(|| "the query ended without a result".into()),
                    trace: String::new(),
                    line: None,
                    column: None,
                });
            }
        });
        self.report();
        status == StatementStatus::Ok
    }
}
