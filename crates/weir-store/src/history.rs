//! Run history: each statement a script ran, on which connection, when, how long, how many rows,
//! how it ended; searchable.

use crate::{Result, ScriptId, Store};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One statement run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// Row id (newest is highest).
    #[ts(type = "number")]
    pub id: i64,
    /// The script that ran it.
    #[ts(type = "number")]
    pub script_id: ScriptId,
    /// The statement as written.
    pub statement: String,
    /// The connection profile's name.
    pub connection: String,
    /// When it started (ms since the epoch).
    #[ts(type = "number")]
    pub started_at: i64,
    /// How long it ran.
    #[ts(type = "number")]
    pub duration_ms: i64,
    /// Rows in its result.
    #[ts(type = "number")]
    pub row_count: i64,
    /// `ok`, `error`, `cancelled`.
    pub status: String,
    /// The Flink job it started.
    pub job_id: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
}

/// Entries kept per script; older ones are dropped as new ones arrive.
pub const HISTORY_KEEP: i64 = 500;

impl Store {
    /// Records a statement run (its `id` is assigned).
    pub fn add_history(&self, e: &HistoryEntry) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO run_history(script_id, statement, connection, started_at, duration_ms, row_count, status, job_id, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![e.script_id, e.statement, e.connection, e.started_at, e.duration_ms, e.row_count, e.status, e.job_id, e.error],
        )?;
        let id = self.conn.last_insert_rowid();
        self.conn.execute(
            "DELETE FROM run_history WHERE script_id = ?1 AND id NOT IN
               (SELECT id FROM run_history WHERE script_id = ?1 ORDER BY id DESC LIMIT ?2)",
            params![e.script_id, HISTORY_KEEP],
        )?;
        Ok(id)
    }

    /// A script's runs, newest first, optionally only those whose statement, connection, status
    /// or error contains `filter` (case-insensitive).
    pub fn history(
        &self,
        script: ScriptId,
        filter: &str,
        limit: usize,
    ) -> Result<Vec<HistoryEntry>> {
        let pattern = format!(
            "%{}%",
            filter
                .trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare(
            "SELECT id, script_id, statement, connection, started_at, duration_ms, row_count, status, job_id, error
             FROM run_history
             WHERE script_id = ?1
               AND (statement LIKE ?2 ESCAPE '\\' OR connection LIKE ?2 ESCAPE '\\'
                    OR status LIKE ?2 ESCAPE '\\' OR coalesce(error, '') LIKE ?2 ESCAPE '\\')
             ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![script, pattern, limit as i64], entry_of)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The newest run that started each of the Flink jobs `jobs` (ids Weir never started are
    /// left out), in no particular order.
    pub fn history_of_jobs(&self, jobs: &[String]) -> Result<Vec<HistoryEntry>> {
        let mut out = Vec::new();
        // SQLite limits the parameters of one statement
        for chunk in jobs.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, script_id, statement, connection, started_at, duration_ms, row_count, status, job_id, error
                 FROM run_history
                 WHERE id IN (SELECT max(id) FROM run_history WHERE job_id IN ({marks}) GROUP BY job_id)"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), entry_of)?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }
}

fn entry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        id: r.get(0)?,
        script_id: r.get(1)?,
        statement: r.get(2)?,
        connection: r.get(3)?,
        started_at: r.get(4)?,
        duration_ms: r.get(5)?,
        row_count: r.get(6)?,
        status: r.get(7)?,
        job_id: r.get(8)?,
        error: r.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Access;

    fn entry(script: ScriptId, statement: &str, status: &str) -> HistoryEntry {
        HistoryEntry {
            id: 0,
            script_id: script,
            statement: statement.into(),
            connection: "local".into(),
            started_at: 1,
            duration_ms: 20,
            row_count: 3,
            status: status.into(),
            job_id: None,
            error: (status == "error").then(|| "Object 'nope' not found".to_string()),
        }
    }

    #[test]
    fn history_is_newest_first_filtered_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        let s = store.create_script(None, "a", "").unwrap().id;
        let other = store.create_script(None, "b", "").unwrap().id;
        store.add_history(&entry(s, "SELECT 1", "ok")).unwrap();
        store
            .add_history(&entry(s, "SELECT * FROM nope", "error"))
            .unwrap();
        store.add_history(&entry(other, "SELECT 2", "ok")).unwrap();
        let all = store.history(s, "", 10).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].statement, "SELECT * FROM nope");
        assert_eq!(store.history(s, "NOT FOUND", 10).unwrap().len(), 1);
        assert_eq!(store.history(s, "select 1", 10).unwrap().len(), 1);
        assert_eq!(store.history(s, "100%", 10).unwrap().len(), 0);
        for i in 0..HISTORY_KEEP + 5 {
            store
                .add_history(&entry(s, &format!("SELECT {i}"), "ok"))
                .unwrap();
        }
        assert_eq!(
            store.history(s, "", 10_000).unwrap().len() as i64,
            HISTORY_KEEP
        );
        assert_eq!(store.history(other, "", 10).unwrap().len(), 1);
    }

    #[test]
    fn the_run_that_started_a_job_is_found_by_its_id_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        let s = store.create_script(None, "a", "").unwrap().id;
        let job = |sql: &str, id: &str| HistoryEntry {
            job_id: Some(id.into()),
            ..entry(s, sql, "ok")
        };
        store
            .add_history(&job("INSERT INTO a SELECT 1", "j1"))
            .unwrap();
        store.add_history(&entry(s, "SELECT 1", "ok")).unwrap();
        store
            .add_history(&job("INSERT INTO b SELECT 2", "j2"))
            .unwrap();
        store
            .add_history(&job("INSERT INTO a SELECT 3", "j1"))
            .unwrap();
        let ids: Vec<String> = (0..1200)
            .map(|i| format!("x{i}"))
            .chain(["j1".into(), "j2".into()])
            .collect();
        let mut found = store.history_of_jobs(&ids).unwrap();
        found.sort_by(|a, b| a.job_id.cmp(&b.job_id));
        assert_eq!(
            found
                .iter()
                .map(|e| (e.job_id.as_deref().unwrap(), e.statement.as_str()))
                .collect::<Vec<_>>(),
            [
                ("j1", "INSERT INTO a SELECT 3"),
                ("j2", "INSERT INTO b SELECT 2")
            ]
        );
        assert!(store.history_of_jobs(&[]).unwrap().is_empty());
    }
}
