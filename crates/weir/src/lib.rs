//! Weir's use cases, shared by the desktop app and the `weir` command: open a workspace, manage
//! its tree, edit scripts (Rust owns the text and autosaves it within a second), restore the
//! editor session and layout, search, import and export, and the app log.

mod autosave;
pub mod databases;
pub mod docs;
pub mod engine;
mod engine_settings;
pub mod ipc;
pub mod jobs;
pub mod language;
pub mod lineage;
pub mod log;
pub mod paths;
pub mod run;
pub mod transfer;
pub mod user_settings;

pub use docs::{Desync, TextChange};
pub use ipc::{DocSnapshot, DocStatus, Layout, WindowGeometry, WorkspaceInfo};
/// Completion and Flink's built-in functions live in weir-sql; the faces reach them here.
pub use weir_sql::{complete as completion, functions};
pub use weir_store::{
    Access, Folder, FolderId, HistoryEntry, ScriptId, ScriptMeta, SearchHit, Store, StoreError,
    TabState, TabsState, TrashToken, Tree,
};

use docs::{Doc, Docs};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum WeirError {
    /// The workspace refused an operation or could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The editor's text and Rust's disagree.
    #[error(transparent)]
    Desync(#[from] Desync),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Weir itself failed (a bug); the message says where.
    #[error("internal error: {0}")]
    Internal(String),
    /// The per-user settings file could not be read or written.
    #[error(transparent)]
    Settings(#[from] user_settings::UserSettingsError),
}

/// Result type of the use cases.
pub type Result<T> = std::result::Result<T, WeirError>;

/// How long edits are gathered before they are written (well inside the one-second promise).
pub const AUTOSAVE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// What waits to be written, guarded by one lock so the autosave thread can sleep on it.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    pub docs: Docs,
    pub tabs: Option<TabsState>,
    pub layout: Option<Layout>,
    /// When the oldest unwritten tabs/layout change happened.
    pub session_since: Option<Instant>,
    pub stop: bool,
}

impl Pending {
    fn oldest(&self) -> Option<Instant> {
        [self.docs.oldest_unflushed(), self.session_since]
            .into_iter()
            .flatten()
            .min()
    }
}

pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub pending: Mutex<Pending>,
    pub wake: Condvar,
}

/// An open workspace, ready for the window or the command line.
pub struct Weir {
    shared: Arc<Shared>,
    /// Syntax trees of the open scripts; locked after `pending` when both are needed.
    syntax: Mutex<language::Syntax>,
    autosave: Option<std::thread::JoinHandle<()>>,
    dir: PathBuf,
}

impl std::fmt::Debug for Weir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Weir").field("dir", &self.dir).finish()
    }
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> WeirError {
    WeirError::Internal("a workspace lock was poisoned by an earlier failure".into())
}

impl Weir {
    /// Opens (creating if needed) the workspace in `dir` for writing and starts autosaving.
    pub fn open(dir: &Path) -> Result<Weir> {
        let started = Instant::now();
        let mut store = Store::open(dir, Access::ReadWrite)?;
        let month_ago = weir_store::now_ms() - 30 * 24 * 3600 * 1000;
        if let Err(e) = store.purge_trash(month_ago) {
            tracing::warn!("could not empty the trash of old deletes: {e}");
        }
        tracing::info!(
            "opened workspace {} in {} ms",
            dir.display(),
            started.elapsed().as_millis()
        );
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            pending: Mutex::new(Pending::default()),
            wake: Condvar::new(),
        });
        let autosave = autosave::spawn(shared.clone())
            .map_err(|e| WeirError::Internal(format!("cannot start the autosave thread: {e}")))?;
        Ok(Weir {
            shared,
            syntax: Mutex::new(language::Syntax::new()),
            autosave: Some(autosave),
            dir: dir.to_path_buf(),
        })
    }

    fn store(&self) -> Result<MutexGuard<'_, Store>> {
        self.shared.store.lock().map_err(poisoned)
    }

    fn pending(&self) -> Result<MutexGuard<'_, Pending>> {
        self.shared.pending.lock().map_err(poisoned)
    }

    fn syntax(&self) -> Result<MutexGuard<'_, language::Syntax>> {
        self.syntax.lock().map_err(poisoned)
    }

    /// What the window shows about this workspace.
    pub fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo::of(&self.dir)
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All live folders and scripts.
    pub fn tree(&self) -> Result<Tree> {
        Ok(self.store()?.tree()?)
    }

    /// Creates a folder.
    pub fn create_folder(&self, parent: Option<FolderId>, name: &str) -> Result<Folder> {
        let f = self.store()?.create_folder(parent, name)?;
        tracing::info!("created folder '{}'", f.name);
        Ok(f)
    }

    /// Renames a folder.
    pub fn rename_folder(&self, id: FolderId, name: &str) -> Result<Folder> {
        Ok(self.store()?.rename_folder(id, name)?)
    }

    /// Moves a folder.
    pub fn move_folder(&self, id: FolderId, parent: Option<FolderId>) -> Result<Folder> {
        Ok(self.store()?.move_folder(id, parent)?)
    }

    /// Creates a script.
    pub fn create_script(
        &self,
        folder: Option<FolderId>,
        name: &str,
        text: &str,
    ) -> Result<ScriptMeta> {
        let s = self.store()?.create_script(folder, name, text)?;
        tracing::info!("created script '{}'", s.name);
        Ok(s)
    }

    /// Renames a script.
    pub fn rename_script(&self, id: ScriptId, name: &str) -> Result<ScriptMeta> {
        Ok(self.store()?.rename_script(id, name)?)
    }

    /// Moves a script.
    pub fn move_script(&self, id: ScriptId, folder: Option<FolderId>) -> Result<ScriptMeta> {
        Ok(self.store()?.move_script(id, folder)?)
    }

    /// Moves a script to the trash, after writing its latest text.
    pub fn delete_script(&self, id: ScriptId) -> Result<TrashToken> {
        self.flush()?;
        let token = self.store()?.delete_script(id)?;
        self.pending()?.docs.open.remove(&id);
        self.syntax()?.close(id);
        tracing::info!("deleted script {id} (undo is possible)");
        Ok(token)
    }

    /// Moves a folder and its contents to the trash, after writing their latest texts.
    pub fn delete_folder(&self, id: FolderId) -> Result<TrashToken> {
        self.flush()?;
        let token = self.store()?.delete_folder(id)?;
        let live: std::collections::HashSet<ScriptId> =
            self.tree()?.scripts.iter().map(|s| s.id).collect();
        let mut gone = Vec::new();
        self.pending()?.docs.open.retain(|id, _| {
            let keep = live.contains(id);
            if !keep {
                gone.push(*id);
            }
            keep
        });
        let mut syntax = self.syntax()?;
        for id in gone {
            syntax.close(id);
        }
        drop(syntax);
        tracing::info!("deleted folder {id} (undo is possible)");
        Ok(token)
    }

    /// Undoes a delete.
    pub fn restore(&self, token: TrashToken) -> Result<Tree> {
        let tree = self.store()?.restore(token)?;
        tracing::info!("restored deleted items");
        Ok(tree)
    }

    /// Opens a script in the editor: its current text and whether it differs from its saved
    /// version.
    pub fn doc_open(&self, id: ScriptId) -> Result<DocSnapshot> {
        let mut pending = self.pending()?;
        if let Some(doc) = pending.docs.open.get(&id) {
            let mut syntax = self.syntax()?;
            if !syntax.is_open(id) {
                syntax.open(id, &doc.text);
            }
            return Ok(DocSnapshot::of(id, doc));
        }
        let (text, saved) = {
            let store = self.store()?;
            (store.script_text(id)?, store.last_version_text(id)?)
        };
        let doc = Doc::new(text, saved);
        self.syntax()?.open(id, &doc.text);
        let snapshot = DocSnapshot::of(id, &doc);
        pending.docs.open.insert(id, doc);
        Ok(snapshot)
    }

    fn with_doc<T>(&self, id: ScriptId, f: impl FnOnce(&mut Doc) -> Result<T>) -> Result<T> {
        if !self.pending()?.docs.open.contains_key(&id) {
            self.doc_open(id)?;
        }
        let mut pending = self.pending()?;
        let doc = pending
            .docs
            .open
            .get_mut(&id)
            .ok_or(WeirError::Store(StoreError::NotFound {
                what: "script",
                id,
            }))?;
        let out = f(doc)?;
        if doc.unflushed_since.is_none() {
            doc.unflushed_since = Some(Instant::now());
        }
        drop(pending);
        self.shared.wake.notify_all();
        Ok(out)
    }

    /// Applies one editor transaction to a script's text; it is written to disk within
    /// [`AUTOSAVE_DELAY`].
    pub fn doc_edit(
        &self,
        id: ScriptId,
        changes: &[TextChange],
        len_after: u32,
    ) -> Result<DocStatus> {
        self.with_doc(id, |doc| {
            doc.apply(id, changes, len_after)?;
            self.syntax()?.edit(id, changes, &doc.text);
            Ok(DocStatus { dirty: doc.dirty() })
        })
    }

    /// Replaces a script's whole text (after a [`Desync`], or for programmatic changes).
    pub fn doc_replace(&self, id: ScriptId, text: &str) -> Result<DocStatus> {
        self.with_doc(id, |doc| {
            *doc = Doc::new(text.to_string(), doc.saved.take());
            self.syntax()?.open(id, &doc.text);
            Ok(DocStatus { dirty: doc.dirty() })
        })
    }

    /// Writes a script's text and forgets it (its tab was closed).
    pub fn doc_close(&self, id: ScriptId) -> Result<()> {
        self.flush()?;
        self.pending()?.docs.open.remove(&id);
        self.syntax()?.close(id);
        Ok(())
    }

    /// The current text of an open script (opening it if needed).
    pub(crate) fn doc_text(&self, id: ScriptId) -> Result<String> {
        if let Some(doc) = self.pending()?.docs.open.get(&id) {
            return Ok(doc.text.clone());
        }
        Ok(self.doc_open(id)?.text)
    }

    /// The lineage of a script's current text.
    pub fn lineage(&self, id: ScriptId) -> Result<lineage::LineageDoc> {
        let text = self.doc_text(id)?;
        let name = self.store()?.script(id)?.name;
        Ok(lineage::LineageDoc {
            script_id: id,
            name,
            graph: lineage::of_text(&text),
        })
    }

    /// The lineage of every script of the workspace (open ones as edited), joined by tables.
    pub fn workspace_lineage(&self) -> Result<lineage::WorkspaceLineage> {
        let tree = self.tree()?;
        let open: std::collections::HashMap<ScriptId, String> = {
            let pending = self.pending()?;
            tree.scripts
                .iter()
                .filter_map(|s| pending.docs.open.get(&s.id).map(|d| (s.id, d.text.clone())))
                .collect()
        };
        let mut scripts = Vec::with_capacity(tree.scripts.len());
        for s in tree.scripts {
            let text = match open.get(&s.id) {
                Some(t) => t.clone(),
                None => self.store()?.script_text(s.id)?,
            };
            scripts.push((s.id, s.name, text));
        }
        let mut out = lineage::of_workspace(&scripts);
        let store = self.store()?;
        lineage::attach_jobs(&mut out, &scripts, |id| {
            store
                .history(id, "", weir_store::HISTORY_KEEP as usize)
                .unwrap_or_default()
        });
        Ok(out)
    }

    /// Highlight spans of UTF-16 range `from..to` of a script, from its incrementally kept tree.
    pub fn highlights(&self, id: ScriptId, from: u32, to: u32) -> Result<language::Highlights> {
        if !self.pending()?.docs.open.contains_key(&id) || !self.syntax()?.is_open(id) {
            self.doc_open(id)?;
        }
        // Both locks (in their order), so the length is the one of the text the tree holds.
        let pending = self.pending()?;
        let len = pending.docs.open.get(&id).map_or(0, |d| d.utf16_len as u32);
        let out = self.syntax()?.highlights(id, from, to, len);
        drop(pending);
        Ok(out)
    }

    /// The diagnostics of each statement of a script, in UTF-16 offsets.
    pub fn diagnostics(&self, id: ScriptId) -> Result<language::DocDiagnostics> {
        self.diagnostics_on(id, None)
    }

    /// [`Weir::diagnostics`] of a tab that runs on `connection`: a database connection's
    /// scripts are read with that server's dialect, every other one with Flink's grammar.
    pub fn diagnostics_on(
        &self,
        id: ScriptId,
        connection: Option<&str>,
    ) -> Result<language::DocDiagnostics> {
        let text = self.doc_text(id)?;
        let database = match connection {
            Some(name) => weir_db::profiles::find(&*self.store()?, name)?,
            None => None,
        };
        Ok(match database {
            Some(profile) => language::dialect_diagnostics(&text, profile.kind),
            None => weir_sql::doc_diagnostics::check_doc(&text),
        })
    }

    /// Completion candidates at UTF-16 offset `pos` of a script.
    pub fn complete(&self, id: ScriptId, pos: u32) -> Result<completion::Completions> {
        Ok(completion::complete_utf16(&self.doc_text(id)?, pos, None))
    }

    /// Saves the script's current text as a version (Ctrl/Cmd+S); it is no longer dirty.
    pub fn save_version(&self, id: ScriptId) -> Result<DocStatus> {
        self.flush()?;
        let store = self.store()?;
        store.save_version(id)?;
        let text = store.script_text(id)?;
        drop(store);
        if let Some(doc) = self.pending()?.docs.open.get_mut(&id) {
            doc.saved = Some(text);
        }
        tracing::info!("saved a version of script {id}");
        Ok(DocStatus { dirty: false })
    }

    /// The saved editor session (the pending one, if it was not written yet).
    pub fn tabs(&self) -> Result<TabsState> {
        if let Some(t) = &self.pending()?.tabs {
            return Ok(t.clone());
        }
        Ok(self.store()?.tabs_state()?)
    }

    /// Records the editor session (tabs, order, cursors); written with the next autosave.
    pub fn set_tabs(&self, tabs: TabsState) -> Result<()> {
        let mut p = self.pending()?;
        p.tabs = Some(tabs);
        p.session_since.get_or_insert_with(Instant::now);
        drop(p);
        self.shared.wake.notify_all();
        Ok(())
    }

    /// The window layout.
    pub fn layout(&self) -> Result<Layout> {
        if let Some(l) = &self.pending()?.layout {
            return Ok(l.clone());
        }
        let stored = self.store()?.setting(ipc::LAYOUT_KEY)?;
        Ok(stored
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default())
    }

    /// Records the window layout; written with the next autosave.
    pub fn set_layout(&self, layout: Layout) -> Result<()> {
        let mut p = self.pending()?;
        p.layout = Some(layout);
        p.session_since.get_or_insert_with(Instant::now);
        drop(p);
        self.shared.wake.notify_all();
        Ok(())
    }

    /// What this workspace says about the local engine (older Weir saved it there).
    fn engine_in_workspace(&self) -> Result<Option<engine::EngineSettings>> {
        Ok(engine::EngineSettings::stored_in(&*self.store()?))
    }

    /// The person's own engine settings (per-user; never a Java or Flink home the workspace
    /// names): what the settings menus show and change.
    pub fn engine_settings(&self) -> Result<engine::EngineSettings> {
        let user = user_settings::UserSettings {
            engine: user_settings::UserSettings::load()?.engine,
            trusted_engine_paths: Vec::new(),
        };
        let ws = self.engine_in_workspace()?;
        Ok(engine::choose(&user, &self.dir, ws.as_ref(), false).settings)
    }

    /// What the local engine runs with in this workspace, and the workspace's own Java/Flink
    /// homes when they wait for the person's yes (see [`engine::choose`]). An unreadable
    /// per-user settings file counts as empty here (logged), so the engine can still start.
    pub fn engine_choice(&self) -> Result<engine::EngineChoice> {
        let user = user_settings::UserSettings::load().unwrap_or_else(|e| {
            tracing::warn!("{e}; the local engine uses its defaults");
            user_settings::UserSettings::default()
        });
        let ws = self.engine_in_workspace()?;
        Ok(engine::choose(&user, &self.dir, ws.as_ref(), false))
    }

    /// Records how the local engine is found and started, in the per-user settings (never in
    /// the workspace, which may be shared).
    pub fn set_engine_settings(&self, settings: &engine::EngineSettings) -> Result<()> {
        let mut user = user_settings::UserSettings::load()?;
        user.engine = Some(settings.clone());
        user.save()?;
        tracing::info!("saved the local engine settings in the per-user settings");
        Ok(())
    }

    /// Remembers the person's yes to the Java/Flink homes this workspace names, exactly as the
    /// window showed them; refused when the workspace names other paths now.
    pub fn trust_engine_paths(&self, paths: &user_settings::WorkspaceEnginePaths) -> Result<()> {
        let pending = self.engine_choice()?.untrusted;
        if pending.as_ref() != Some(paths) {
            return Err(WeirError::Store(StoreError::Invalid(format!(
                "{} no longer; nothing was changed",
                paths.describe()
            ))));
        }
        let mut user = user_settings::UserSettings::load()?;
        user.trust(paths.clone());
        user.save()?;
        tracing::warn!("using what {} (allowed by the user)", paths.describe());
        Ok(())
    }

    /// Where scripts can run: the built-in local engine first, then the saved Flink connections,
    /// then the workspace's database connections.
    pub fn connections(&self) -> Result<Vec<run::ConnectionProfile>> {
        let store = self.store()?;
        let mut all = run::connection::stored_in(&store)?;
        let databases: Vec<run::ConnectionProfile> = weir_db::profiles::stored_in(&store)?
            .into_iter()
            .filter(|p| !all.iter().any(|c| c.name == p.name))
            .map(run::ConnectionProfile::database)
            .collect();
        all.extend(databases);
        Ok(all)
    }

    /// The Flink connection profiles only: the local engine first, then the saved ones.
    pub(crate) fn flink_connections(&self) -> Result<Vec<run::ConnectionProfile>> {
        let store = self.store()?;
        Ok(run::connection::stored_in(&store)?)
    }

    /// The profile called `name`.
    pub fn connection(&self, name: &str) -> Result<Option<run::ConnectionProfile>> {
        Ok(self.connections()?.into_iter().find(|c| c.name == name))
    }

    /// Adds or replaces (by name; `previous` renames) a connection profile.
    pub fn save_connection(
        &self,
        profile: run::ConnectionProfile,
        previous: Option<&str>,
    ) -> Result<Vec<run::ConnectionProfile>> {
        profile
            .validate()
            .map_err(|m| WeirError::Store(StoreError::Invalid(m)))?;
        if profile.name == run::connection::LOCAL {
            return Err(WeirError::Store(StoreError::Invalid(
                "'local' is the built-in local engine; choose another name".into(),
            )));
        }
        if matches!(profile.endpoint, run::Endpoint::Database { .. }) {
            return Err(WeirError::Store(StoreError::Invalid(
                "database connections are saved in the Databases view".into(),
            )));
        }
        if weir_db::profiles::find(&*self.store()?, &profile.name)?.is_some() {
            return Err(WeirError::Store(StoreError::Invalid(format!(
                "a database connection is named '{}' already; choose another name",
                profile.name
            ))));
        }
        let mut saved: Vec<run::ConnectionProfile> =
            self.flink_connections()?.into_iter().skip(1).collect();
        let old = previous.unwrap_or(&profile.name).to_string();
        if old != profile.name && saved.iter().any(|c| c.name == profile.name) {
            return Err(WeirError::Store(StoreError::Invalid(format!(
                "a connection named '{}' exists already",
                profile.name
            ))));
        }
        match saved.iter_mut().find(|c| c.name == old) {
            Some(slot) => *slot = profile,
            None => saved.push(profile),
        }
        self.write_connections(&saved)?;
        self.connections()
    }

    /// Removes a connection profile.
    pub fn delete_connection(&self, name: &str) -> Result<Vec<run::ConnectionProfile>> {
        let saved: Vec<run::ConnectionProfile> = self
            .flink_connections()?
            .into_iter()
            .skip(1)
            .filter(|c| c.name != name)
            .collect();
        self.write_connections(&saved)?;
        self.connections()
    }

    fn write_connections(&self, saved: &[run::ConnectionProfile]) -> Result<()> {
        let value = serde_json::to_value(saved)
            .map_err(|e| WeirError::Internal(format!("cannot encode the connections: {e}")))?;
        Ok(self
            .store()?
            .set_setting(run::connection::SETTINGS_KEY, &value)?)
    }

    /// Records the statements of a finished run in the script's history.
    pub fn record_run(&self, update: &run::RunUpdate) -> Result<()> {
        let now = weir_store::now_ms();
        let store = self.store()?;
        for s in &update.statements {
            let status = match s.status {
                run::StatementStatus::Ok => "ok",
                run::StatementStatus::Error => "error",
                run::StatementStatus::Cancelled => "cancelled",
                // never sent: nothing to remember
                run::StatementStatus::Skipped
                | run::StatementStatus::Pending
                | run::StatementStatus::Running => continue,
            };
            store.add_history(&HistoryEntry {
                id: 0,
                script_id: update.script_id,
                statement: s.sql.clone(),
                connection: update.connection.clone(),
                started_at: now - s.duration_ms as i64,
                duration_ms: s.duration_ms as i64,
                row_count: s.rows as i64,
                status: status.into(),
                job_id: s.job_id.clone(),
                error: s.error.as_ref().map(|e| e.message.clone()),
            })?;
        }
        Ok(())
    }

    /// `list` with the script and statement that started each job Weir started.
    pub fn jobs_with_origins(&self, list: jobs::JobList) -> Result<jobs::JobList> {
        Ok(list.with_origins(&*self.store()?)?)
    }

    /// `view` with the script and statement that started the job, when Weir started it.
    pub fn job_with_origin(&self, view: jobs::JobView) -> Result<jobs::JobView> {
        Ok(view.with_origin(&*self.store()?)?)
    }

    /// The script and statement that started `job`, when Weir started it.
    pub fn job_origin(&self, job: &str) -> Result<Option<jobs::JobOrigin>> {
        Ok(jobs::origins(&*self.store()?, &[job.to_string()])?.remove(job))
    }

    /// A script's run history, newest first, filtered by a substring.
    pub fn history(&self, script: ScriptId, filter: &str) -> Result<Vec<HistoryEntry>> {
        Ok(self.store()?.history(script, filter, 500)?)
    }

    /// Scripts containing `query` (case-insensitive substring), by line.
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>> {
        self.flush()?;
        Ok(self.store()?.search(query, 200, 1000)?)
    }

    /// Writes everything pending now.
    pub fn flush(&self) -> Result<()> {
        autosave::flush_now(&self.shared)
    }

    /// Runs `f` with the store (for import/export and tests).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.flush()?;
        let mut store = self.store()?;
        f(&mut store)
    }
}

impl Drop for Weir {
    fn drop(&mut self) {
        if let Ok(mut p) = self.shared.pending.lock() {
            p.stop = true;
        }
        self.shared.wake.notify_all();
        if let Some(h) = self.autosave.take() {
            let _ = h.join();
        }
        if let Err(e) = autosave::flush_now(&self.shared) {
            tracing::error!("could not write the last edits: {e}");
        }
    }
}

#[cfg(test)]
mod tests;
