//! The workspace tree: folders and scripts, their names and places, their text, saved versions,
//! and the trash that makes deletes undoable.

use crate::{no_rows_none, now_ms, Result, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Id of a folder.
pub type FolderId = i64;
/// Id of a script.
pub type ScriptId = i64;

/// A folder of the workspace tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    #[ts(type = "number")]
    pub id: FolderId,
    /// `None` for a top-level folder.
    #[ts(type = "number | null")]
    pub parent_id: Option<FolderId>,
    pub name: String,
}

/// A script without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScriptMeta {
    #[ts(type = "number")]
    pub id: ScriptId,
    /// `None` for a script at the top level.
    #[ts(type = "number | null")]
    pub folder_id: Option<FolderId>,
    pub name: String,
    /// Last change of the text, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// All live folders and scripts, each list sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tree {
    pub folders: Vec<Folder>,
    pub scripts: Vec<ScriptMeta>,
}

/// What a delete moved to the trash; give it back to [`Store::restore`] to undo the delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashToken {
    #[ts(type = "number")]
    pub batch: i64,
}

/// Checks a folder or script name a person typed.
fn valid_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("a name cannot be empty".into()));
    }
    if name == "." || name == ".." {
        return Err(StoreError::Invalid(format!(
            "'{name}' is not a usable name"
        )));
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\' | '\0')) {
        return Err(StoreError::Invalid(format!(
            "a name cannot contain '{}'",
            c.escape_default()
        )));
    }
    if name.chars().count() > 255 {
        return Err(StoreError::Invalid(
            "a name can be at most 255 characters long".into(),
        ));
    }
    Ok(name)
}

impl Store {
    /// All live folders and scripts.
    pub fn tree(&self) -> Result<Tree> {
        let mut folders = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, parent_id, name FROM folders WHERE deleted_batch IS NULL
             ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Folder {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                name: r.get(2)?,
            })
        })?;
        for f in rows {
            folders.push(f?);
        }
        let mut scripts = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, folder_id, name, updated_at FROM scripts WHERE deleted_batch IS NULL
             ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ScriptMeta {
                id: r.get(0)?,
                folder_id: r.get(1)?,
                name: r.get(2)?,
                updated_at: r.get(3)?,
            })
        })?;
        for s in rows {
            scripts.push(s?);
        }
        Ok(Tree { folders, scripts })
    }

    fn live_folder(&self, id: FolderId) -> Result<Folder> {
        self.conn
            .query_row(
                "SELECT id, parent_id, name FROM folders WHERE id = ?1 AND deleted_batch IS NULL",
                [id],
                |r| {
                    Ok(Folder {
                        id: r.get(0)?,
                        parent_id: r.get(1)?,
                        name: r.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "folder", id })
    }

    /// A live script's metadata.
    pub fn script(&self, id: ScriptId) -> Result<ScriptMeta> {
        self.conn
            .query_row(
                "SELECT id, folder_id, name, updated_at FROM scripts
                 WHERE id = ?1 AND deleted_batch IS NULL",
                [id],
                |r| {
                    Ok(ScriptMeta {
                        id: r.get(0)?,
                        folder_id: r.get(1)?,
                        name: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "script", id })
    }

    fn check_parent(&self, parent: Option<FolderId>) -> Result<()> {
        if let Some(p) = parent {
            self.live_folder(p)?;
        }
        Ok(())
    }

    /// Whether a live sibling (other than `except`) already has this name.
    fn name_taken(
        &self,
        table: &str,
        parent_col: &str,
        parent: Option<FolderId>,
        name: &str,
        except: Option<i64>,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT 1 FROM {table} WHERE {parent_col} IS ?1 AND name = ?2 COLLATE NOCASE
             AND deleted_batch IS NULL AND id IS NOT ?3 LIMIT 1"
        );
        Ok(self
            .conn
            .query_row(&sql, params![parent, name, except], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// `name`, or `name (2)`, `name (3)`… — the first that no live sibling uses.
    fn free_name(
        &self,
        table: &str,
        parent_col: &str,
        parent: Option<FolderId>,
        name: &str,
        except: Option<i64>,
    ) -> Result<String> {
        if !self.name_taken(table, parent_col, parent, name, except)? {
            return Ok(name.to_string());
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() && table == "scripts" => (s, format!(".{e}")),
            _ => (name, String::new()),
        };
        for n in 2.. {
            let candidate = format!("{stem} ({n}){ext}");
            if !self.name_taken(table, parent_col, parent, &candidate, except)? {
                return Ok(candidate);
            }
        }
        unreachable!("the loop above returns")
    }

    /// Creates a folder; a clashing name gets a " (2)" suffix.
    pub fn create_folder(&self, parent: Option<FolderId>, name: &str) -> Result<Folder> {
        let name = valid_name(name)?;
        self.check_parent(parent)?;
        let name = self.free_name("folders", "parent_id", parent, name, None)?;
        self.conn.execute(
            "INSERT INTO folders(parent_id, name, created_at) VALUES (?1, ?2, ?3)",
            params![parent, name, now_ms()],
        )?;
        Ok(Folder {
            id: self.conn.last_insert_rowid(),
            parent_id: parent,
            name,
        })
    }

    /// Renames a folder; refuses a name a sibling already has.
    pub fn rename_folder(&self, id: FolderId, name: &str) -> Result<Folder> {
        let name = valid_name(name)?;
        let folder = self.live_folder(id)?;
        if self.name_taken("folders", "parent_id", folder.parent_id, name, Some(id))? {
            return Err(StoreError::Invalid(format!(
                "there is already a folder named '{name}' here"
            )));
        }
        self.conn.execute(
            "UPDATE folders SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        Ok(Folder {
            name: name.to_string(),
            ..folder
        })
    }

    /// Moves a folder under another one (or to the top level); refuses to move it into itself.
    pub fn move_folder(&self, id: FolderId, parent: Option<FolderId>) -> Result<Folder> {
        let folder = self.live_folder(id)?;
        let mut cursor = parent;
        while let Some(p) = cursor {
            if p == id {
                return Err(StoreError::Invalid(format!(
                    "the folder '{}' cannot be moved into itself",
                    folder.name
                )));
            }
            cursor = self.live_folder(p)?.parent_id;
        }
        if self.name_taken("folders", "parent_id", parent, &folder.name, Some(id))? {
            return Err(StoreError::Invalid(format!(
                "the destination already has a folder named '{}'",
                folder.name
            )));
        }
        self.conn.execute(
            "UPDATE folders SET parent_id = ?2 WHERE id = ?1",
            params![id, parent],
        )?;
        Ok(Folder {
            parent_id: parent,
            ..folder
        })
    }

    /// Creates a script; a clashing name gets a " (2)" suffix.
    pub fn create_script(
        &self,
        folder: Option<FolderId>,
        name: &str,
        text: &str,
    ) -> Result<ScriptMeta> {
        let name = valid_name(name)?;
        self.check_parent(folder)?;
        let name = self.free_name("scripts", "folder_id", folder, name, None)?;
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO scripts(folder_id, name, text, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![folder, name, text, now],
        )?;
        Ok(ScriptMeta {
            id: self.conn.last_insert_rowid(),
            folder_id: folder,
            name,
            updated_at: now,
        })
    }

    /// Renames a script; refuses a name a sibling already has.
    pub fn rename_script(&self, id: ScriptId, name: &str) -> Result<ScriptMeta> {
        let name = valid_name(name)?;
        let script = self.script(id)?;
        if self.name_taken("scripts", "folder_id", script.folder_id, name, Some(id))? {
            return Err(StoreError::Invalid(format!(
                "there is already a script named '{name}' here"
            )));
        }
        self.conn.execute(
            "UPDATE scripts SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        Ok(ScriptMeta {
            name: name.to_string(),
            ..script
        })
    }

    /// Moves a script into a folder (or to the top level).
    pub fn move_script(&self, id: ScriptId, folder: Option<FolderId>) -> Result<ScriptMeta> {
        let script = self.script(id)?;
        self.check_parent(folder)?;
        if self.name_taken("scripts", "folder_id", folder, &script.name, Some(id))? {
            return Err(StoreError::Invalid(format!(
                "the destination already has a script named '{}'",
                script.name
            )));
        }
        self.conn.execute(
            "UPDATE scripts SET folder_id = ?2 WHERE id = ?1",
            params![id, folder],
        )?;
        Ok(ScriptMeta {
            folder_id: folder,
            ..script
        })
    }

    /// The text of a live script.
    pub fn script_text(&self, id: ScriptId) -> Result<String> {
        self.conn
            .query_row(
                "SELECT text FROM scripts WHERE id = ?1 AND deleted_batch IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "script", id })
    }

    /// Writes the texts of several scripts in one transaction (the autosave path). Scripts that
    /// were deleted meanwhile still get their text, so an undo brings back the latest words.
    pub fn save_texts(&mut self, texts: &[(ScriptId, &str)]) -> Result<()> {
        if texts.is_empty() {
            return Ok(());
        }
        self.transaction(|s| {
            let now = now_ms();
            let mut stmt = s.conn.prepare_cached(
                "UPDATE scripts SET text = ?2, updated_at = ?3 WHERE id = ?1 AND text IS NOT ?2",
            )?;
            for (id, text) in texts {
                stmt.execute(params![id, text, now])?;
            }
            Ok(())
        })
    }

    /// Saves the script's current text as a new version; returns the version id.
    pub fn save_version(&self, id: ScriptId) -> Result<i64> {
        let text = self.script_text(id)?;
        self.conn.execute(
            "INSERT INTO script_versions(script_id, text, created_at) VALUES (?1, ?2, ?3)",
            params![id, text, now_ms()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The newest saved version's text, if any version was saved.
    pub fn last_version_text(&self, id: ScriptId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM script_versions WHERE script_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(no_rows_none)?)
    }

    /// The slash-separated folder path of a script, e.g. `jobs/daily/orders.sql`.
    pub fn script_path(&self, id: ScriptId) -> Result<String> {
        let script = self.script(id)?;
        let mut parts = vec![script.name];
        let mut cursor = script.folder_id;
        while let Some(f) = cursor {
            let (parent, name): (Option<i64>, String) = self.conn.query_row(
                "SELECT parent_id, name FROM folders WHERE id = ?1",
                [f],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            parts.push(name);
            cursor = parent;
        }
        parts.reverse();
        Ok(parts.join("/"))
    }

    fn new_batch(&self, label: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO trash_batches(created_at, label) VALUES (?1, ?2)",
            params![now_ms(), label],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Moves a script to the trash (closing its tab); undo with [`Store::restore`].
    pub fn delete_script(&mut self, id: ScriptId) -> Result<TrashToken> {
        self.transaction(|s| {
            let script = s.script(id)?;
            let batch = s.new_batch(&format!("script {}", script.name))?;
            s.conn.execute(
                "UPDATE scripts SET deleted_batch = ?2 WHERE id = ?1",
                params![id, batch],
            )?;
            s.conn
                .execute("DELETE FROM tabs WHERE script_id = ?1", [id])?;
            Ok(TrashToken { batch })
        })
    }

    /// Moves a folder with everything under it to the trash; undo with [`Store::restore`].
    pub fn delete_folder(&mut self, id: FolderId) -> Result<TrashToken> {
        self.transaction(|s| {
            let folder = s.live_folder(id)?;
            let batch = s.new_batch(&format!("folder {}", folder.name))?;
            s.conn.execute(
                "WITH RECURSIVE sub(id) AS (
                     SELECT ?1 UNION SELECT f.id FROM folders f JOIN sub ON f.parent_id = sub.id
                     WHERE f.deleted_batch IS NULL)
                 UPDATE folders SET deleted_batch = ?2 WHERE id IN sub",
                params![id, batch],
            )?;
            s.conn.execute(
                "UPDATE scripts SET deleted_batch = ?1
                 WHERE deleted_batch IS NULL AND folder_id IN
                     (SELECT id FROM folders WHERE deleted_batch = ?1)",
                [batch],
            )?;
            s.conn.execute(
                "DELETE FROM tabs WHERE script_id IN (SELECT id FROM scripts WHERE deleted_batch = ?1)",
                [batch],
            )?;
            Ok(TrashToken { batch })
        })
    }

    /// Brings back what a delete moved to the trash. Items whose folder is gone meanwhile come
    /// back at the top level; clashing names get a " (2)" suffix.
    pub fn restore(&mut self, token: TrashToken) -> Result<Tree> {
        self.transaction(|s| {
            let batch = token.batch;
            let exists: Option<i64> = s
                .conn
                .query_row("SELECT id FROM trash_batches WHERE id = ?1", [batch], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::Invalid(
                    "that delete can no longer be undone (the trash was emptied)".into(),
                ));
            }
            // Folders first, so scripts find their restored folders alive.
            s.restore_rows("folders", "parent_id", batch)?;
            s.restore_rows("scripts", "folder_id", batch)?;
            s.conn
                .execute("DELETE FROM trash_batches WHERE id = ?1", [batch])?;
            s.tree()
        })
    }

    /// Brings the rows of one table back from a trash batch: an item whose parent folder is not
    /// alive moves to the top level, a clashing name gets a suffix.
    fn restore_rows(&self, table: &str, parent_col: &str, batch: i64) -> Result<()> {
        let rows = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, {parent_col}, name FROM {table} WHERE deleted_batch = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([batch], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            rows.collect::<std::result::Result<Vec<_>, _>>()?
        };
        self.conn.execute(
            &format!("UPDATE {table} SET deleted_batch = NULL WHERE deleted_batch = ?1"),
            [batch],
        )?;
        for (id, parent, name) in rows {
            let parent = parent.filter(|p| self.live_folder(*p).is_ok());
            let name = self.free_name(table, parent_col, parent, &name, Some(id))?;
            self.conn.execute(
                &format!("UPDATE {table} SET {parent_col} = ?2, name = ?3 WHERE id = ?1"),
                params![id, parent, name],
            )?;
        }
        Ok(())
    }

    /// Deletes for good what went to the trash before `before_ms`.
    pub fn purge_trash(&mut self, before_ms: i64) -> Result<usize> {
        self.transaction(|s| {
            let batches = "SELECT id FROM trash_batches WHERE created_at < ?1";
            for table in ["script_versions", "run_history"] {
                s.conn.execute(
                    &format!("DELETE FROM {table} WHERE script_id IN (SELECT id FROM scripts WHERE deleted_batch IN ({batches}))"),
                    [before_ms],
                )?;
            }
            let n = s.conn.execute(
                &format!("DELETE FROM scripts WHERE deleted_batch IN ({batches})"),
                [before_ms],
            )?;
            // Children first: a folder row may be the parent of another in the same batch.
            s.conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            s.conn.execute(
                &format!("DELETE FROM folders WHERE deleted_batch IN ({batches})"),
                [before_ms],
            )?;
            s.conn
                .execute("DELETE FROM trash_batches WHERE created_at < ?1", [before_ms])?;
            Ok(n)
        })
    }
}
