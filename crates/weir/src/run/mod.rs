//! Running SQL: connection profiles, gateway sessions, the plan of what a run sends, and the
//! execution that keeps each statement's status and result rows (on Flink, or on a database of
//! the workspace's database connections, into the same result sets).

pub mod connection;
mod db_exec;
pub mod exec;
pub mod plan;
pub mod runs;
pub mod session;

pub use connection::{ConnectionProfile, ConnectionTest, Endpoint};
pub use exec::{
    ExecOptions, ResultColumn, RunState, ScriptRun, StatementError, StatementInfo, StatementStatus,
};
pub use plan::{plan, plan_with_secrets, PlanError, PlannedStatement, Scope};
pub use runs::{
    chart_bytes, ChartImage, ChartRequest, ExportProgress, ExportReport, ExportRequest, RunRequest,
    RunScope, RunUpdate, Runs,
};
pub use session::Session;

impl From<weir_connect::engine::EngineError> for RunError {
    fn from(e: weir_connect::engine::EngineError) -> RunError {
        RunError::Engine(e)
    }
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The script could not be planned.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The local engine could not be started. (The engine's error is part of the message,
    /// which is what the window shows; it is not also a `source()`, so `{:#}` does not print
    /// it twice.)
    #[error("the local engine: {0}")]
    Engine(weir_connect::engine::EngineError),
    /// The connection's gateway could not be reached or refused.
    #[error("connection '{connection}': {message}")]
    Connection {
        /// The profile's name.
        connection: String,
        /// What failed.
        message: String,
    },
    /// An export could not be written.
    #[error("cannot export to {}: {message}", path.display())]
    Export {
        /// The file asked for.
        path: std::path::PathBuf,
        /// What failed.
        message: String,
    },
    /// A chart could not be drawn; the text says why and what to pick.
    #[error("{0}")]
    Chart(String),
    /// The database connection could not be opened (wrong password, unreachable, no secret).
    #[error(transparent)]
    Database(#[from] weir_db::DbError),
    /// No profile of that name.
    #[error(
        "no connection named '{0}': add it in the connections, or use --gateway URL / --local"
    )]
    UnknownConnection(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14 (8): `{:#}` printed the engine's error twice ("the local engine: X: X").
    #[test]
    fn an_engine_error_is_said_once() {
        let e = RunError::from(weir_connect::engine::EngineError::JavaNotFound);
        assert!(std::error::Error::source(&e).is_none());
        let text = e.to_string();
        assert_eq!(text.matches("Java 17+ not found").count(), 1, "{text}");
    }
}
