//! Streaming a query's rows from a MySQL or PostgreSQL connection into a [`Sink`], with the
//! text protocol (every value arrives as the server writes it, so decimals stay exact).

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use sqlx::{Column, Either, Row, Statement, TypeInfo};
use tokio_util::sync::CancellationToken;

use crate::driver_error::map_stream_error;
use crate::error::DbError;
use crate::profile::DbProfile;
use crate::query::{Decode, Flow, Sink};

/// How streaming stopped (other than by an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// Every row was read.
    Done,
    /// The row cap was reached.
    Full,
    /// The user cancelled.
    Cancelled,
    /// No row arrived within the idle timeout.
    Idle,
}

/// The (name, type name) of each column of a row.
pub(crate) fn columns_of<R: Row>(row: &R) -> Vec<(String, String)> {
    row.columns()
        .iter()
        .map(|c| (c.name().to_string(), c.type_info().name().to_string()))
        .collect()
}

// One copy per driver: a generic version cannot be spawned (the HRTB on `Executor` is not
// provably `Send`).
macro_rules! stream_fn {
    ($name:ident, $conn:ty, $row:ty, $result:ty) => {
        /// Runs `sql` on `conn` and pushes the first result set's rows into `sink`.
        #[allow(clippy::too_many_arguments)]
        pub(crate) async fn $name(
            profile: &DbProfile,
            conn: &mut $conn,
            sql: &str,
            sink: &Sink,
            cancel: &CancellationToken,
            idle: Duration,
            values_of: fn(&$row, &[Decode]) -> Vec<Value>,
            affected_of: fn(&$result) -> u64,
        ) -> Result<End, DbError> {
            let end = {
                let mut rows = sqlx::Executor::fetch_many(&mut *conn, sqlx::raw_sql(sql));
                let mut set_done = false;
                let mut had_rows = false;
                let mut decodes = Vec::new();
                let mut count = 0u64;
                loop {
                    let next = tokio::select! {
                        biased;
                        _ = cancel.cancelled() => break End::Cancelled,
                        n = tokio::time::timeout(idle, rows.next()) => n,
                    };
                    let Ok(next) = next else {
                        break End::Idle;
                    };
                    match next {
                        // A complete result ends with the statement's summary; without it the
                        // connection closed midway (some servers close without an error).
                        None if had_rows && !set_done => return Err(DbError::Lost {
                            profile: profile.name.clone(),
                            rows: sink.rows(),
                            detail:
                                "the server closed the connection before the result was complete"
                                    .into(),
                        }),
                        None => break End::Done,
                        Some(Err(e)) => return Err(map_stream_error(profile, e, sink.rows())),
                        Some(Ok(Either::Left(result))) => {
                            if had_rows {
                                set_done = true;
                            } else {
                                sink.affected(affected_of(&result));
                            }
                        }
                        Some(Ok(Either::Right(row))) => {
                            if set_done {
                                continue;
                            }
                            if !had_rows {
                                had_rows = true;
                                if !sink.has_columns() {
                                    sink.columns(profile.kind, &columns_of(&row));
                                }
                                decodes = sink.decodes();
                            }
                            if sink.row(&values_of(&row, &decodes)) == Flow::Full {
                                break End::Full;
                            }
                            // Buffered rows are always ready: give the runtime its turn now and then, or
                            // timers (and the caller's progress and cancel) wait for the whole result.
                            count += 1;
                            if count % 256 == 0 {
                                tokio::task::yield_now().await;
                            }
                        }
                    }
                }
            };
            if end == End::Done && !sink.has_columns() {
                // No rows: the columns of a query still belong in the grid.
                let prepared = tokio::time::timeout(
                    profile.timeout(),
                    sqlx::Executor::prepare(&mut *conn, sql),
                )
                .await;
                if let Ok(Ok(st)) = prepared {
                    let cols: Vec<(String, String)> = st
                        .columns()
                        .iter()
                        .map(|c| (c.name().to_string(), c.type_info().name().to_string()))
                        .collect();
                    if !cols.is_empty() {
                        sink.columns(profile.kind, &cols);
                    }
                }
            }
            Ok(end)
        }
    };
}

stream_fn!(
    stream_mysql,
    sqlx::MySqlConnection,
    sqlx::mysql::MySqlRow,
    sqlx::mysql::MySqlQueryResult
);
stream_fn!(
    stream_pg,
    sqlx::PgConnection,
    sqlx::postgres::PgRow,
    sqlx::postgres::PgQueryResult
);

/// Turns how streaming ended into the run's outcome.
pub(crate) fn outcome(profile: &DbProfile, end: End, idle: Duration) -> Result<(), DbError> {
    match end {
        End::Done | End::Full => Ok(()),
        End::Cancelled => Err(DbError::Cancelled),
        End::Idle => Err(DbError::Timeout {
            profile: profile.name.clone(),
            what: "waiting for the next row".into(),
            secs: idle.as_secs().max(1),
            hint: "the server went quiet; the rows received so far are kept",
        }),
    }
}
