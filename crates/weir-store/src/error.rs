//! Errors of the workspace store, phrased for the person who has to act on them.

use std::path::{Path, PathBuf};

/// What went wrong with a workspace, and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file cannot be read as a Weir workspace.
    #[error("the workspace database {path} is damaged and was left untouched ({detail}); open a different workspace, or restore the file from a backup")]
    Corrupt { path: PathBuf, detail: String },
    /// Another Weir process holds the workspace.
    #[error("the workspace {path} is open in another Weir{}; close it there, or open a different workspace", pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    Locked { path: PathBuf, pid: Option<u32> },
    /// The database was written by a newer Weir.
    #[error("the workspace database {path} has schema version {found}, but this Weir understands up to {supported}; it was left untouched. Update Weir, or open a different workspace")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A read-only open found a database that still needs migrating.
    #[error("the workspace database {path} has schema version {found} and must be upgraded; open it once in Weir (or any writing `weir` command) first")]
    OlderSchema { path: PathBuf, found: i64 },
    /// There is no workspace database where one was expected.
    #[error("no workspace at {path}")]
    Missing { path: PathBuf },
    /// A folder or script does not exist (or is in the trash).
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    /// A request that the workspace cannot carry out (a name clash, a folder moved into itself…).
    #[error("{0}")]
    Invalid(String),
    /// A file system operation failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("workspace database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub(crate) fn corrupt(path: &Path, e: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
    }
}
