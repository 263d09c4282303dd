//! Weir's local workspace on disk: one SQLite database (WAL) per workspace directory, holding
//! folders, scripts, open tabs, saved versions and settings, upgraded by numbered migrations.
//!
//! A workspace directory contains `workspace.db` and `workspace.lock`. Opening it for writing takes
//! an exclusive OS lock on the lock file, so two Weir processes never write the same workspace.
//! A database that is damaged, locked, or from a newer Weir is refused with a [`StoreError`] and
//! left exactly as it was.

mod db_profiles;
mod error;
mod history;
mod lock;
mod migrations;
mod search;
mod session;
mod tree;

pub use error::StoreError;
pub use history::{HistoryEntry, HISTORY_KEEP};
pub use migrations::{MIGRATIONS, SCHEMA_VERSION};
pub use search::SearchHit;
pub use session::{TabState, TabsState};
pub use tree::{Folder, FolderId, ScriptId, ScriptMeta, TrashToken, Tree};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Result type of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// File name of the database inside a workspace directory.
pub const DB_FILE: &str = "workspace.db";

/// How a workspace is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Take the workspace lock, create and migrate the database as needed.
    ReadWrite,
    /// Read an existing workspace without locking or changing it (safe while a Weir window has it
    /// open: SQLite's WAL lets readers run beside the writer).
    ReadOnly,
}

/// An open workspace database.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    _lock: Option<lock::WorkspaceLock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl Store {
    /// Opens (and, for [`Access::ReadWrite`], creates and migrates) the workspace in `dir`.
    pub fn open(dir: &Path, access: Access) -> Result<Store> {
        let db_path = dir.join(DB_FILE);
        let lock = match access {
            Access::ReadWrite => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
                Some(lock::WorkspaceLock::acquire(dir)?)
            }
            Access::ReadOnly => {
                if !db_path.exists() {
                    return Err(StoreError::Missing { path: db_path });
                }
                None
            }
        };
        let existed = db_path.exists();
        let flags = match access {
            Access::ReadWrite => {
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        };
        let conn = Connection::open_with_flags(&db_path, flags)
            .map_err(|e| StoreError::corrupt(&db_path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| StoreError::corrupt(&db_path, e))?;
        if existed {
            // Read before writing anything: a damaged or newer database must stay untouched.
            migrations::inspect(&conn, &db_path)?;
        }
        if access == Access::ReadWrite {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| StoreError::corrupt(&db_path, e))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            migrations::migrate(&conn, &db_path)?;
        } else {
            let version = migrations::inspect(&conn, &db_path)?;
            if version < SCHEMA_VERSION {
                return Err(StoreError::OlderSchema {
                    path: db_path,
                    found: version,
                });
            }
        }
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database file.
    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    /// Runs SQLite's integrity check and returns its verdict ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Reads a setting's JSON value.
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let raw: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .map(Some)
            .or_else(no_rows_none)?;
        Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Writes a setting's JSON value.
    pub fn set_setting(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            rusqlite::params![key, value.to_string()],
        )?;
        Ok(())
    }

    /// Runs `f` in one transaction (committed when it returns Ok).
    pub fn transaction<T>(&mut self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub(crate) fn no_rows_none<T>(
    e: rusqlite::Error,
) -> std::result::Result<Option<T>, rusqlite::Error> {
    match e {
        rusqlite::Error::QueryReturnedNoRows => Ok(None),
        other => Err(other),
    }
}

#[cfg(test)]
mod tests;
