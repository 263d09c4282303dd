//! The Tauri commands: each one calls a use case of the `weir` crate and turns its error into an
//! [`IpcError`] for the window. Async, so no command ever runs on the UI thread.

use crate::{AppState, ClipboardHandle, DatabasesHandle, EngineHandle, RunsHandle};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::State;
use tauri::{Emitter, Manager};
use weir::databases::{DbTestResult, KeychainStatus};
use weir::engine::{EngineSettings, EngineState};
use weir::ipc::{IpcError, StartState};
use weir::log::LogEntry;
use weir::run::{
    ChartImage, ChartRequest, ConnectionProfile, ConnectionTest, ExportProgress, ExportReport,
    ExportRequest, RunError, RunRequest, RunUpdate,
};
use weir::user_settings::WorkspaceEnginePaths;
use weir::HistoryEntry;
use weir::{
    DocSnapshot, DocStatus, Folder, Layout, ScriptMeta, SearchHit, TabsState, TextChange,
    TrashToken, Tree,
};
use weir_chart::ChartSpec;
use weir_db::{Connector, DbProfile, TableInfo, TableMeta};
use weir_results::{ExportFormat, Selection, Window, WindowQuery};

type Res<T> = Result<T, IpcError>;

fn start_state_of(state: &AppState) -> StartState {
    let workspace = state.weir().ok().map(|w| w.info());
    StartState {
        workspace,
        error: state.error.lock().ok().and_then(|e| e.clone()),
        dir: state
            .dir
            .lock()
            .map(|d| d.to_string_lossy().to_string())
            .unwrap_or_default(),
        recent: weir::paths::recent_workspaces(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The workspace the window starts with, or why it could not be opened.
#[tauri::command]
pub async fn start_state(state: State<'_, AppState>) -> Res<StartState> {
    // The window asks this first, once its script runs: that is when it becomes interactive.
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = crate::STARTED
            .get()
            .map(|s| s.elapsed().as_millis())
            .unwrap_or(0);
        tracing::info!("window interactive {ms} ms after start");
    });
    Ok(start_state_of(&state))
}

/// Opens another workspace directory.
#[tauri::command]
pub async fn open_workspace(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    databases: State<'_, DatabasesHandle>,
    dir: String,
) -> Res<StartState> {
    let dir = dir.trim();
    if dir.is_empty() {
        return Err(IpcError {
            kind: "invalid".into(),
            message: "enter the folder of a workspace".into(),
        });
    }
    state.open(PathBuf::from(dir));
    crate::migrate_legacy_keys(&state, databases.0.clone());
    if let Ok(weir) = state.weir() {
        engine.0.apply(weir.engine_choice()?).await;
    }
    Ok(start_state_of(&state))
}

#[tauri::command]
pub async fn tree(state: State<'_, AppState>) -> Res<Tree> {
    Ok(state.weir()?.tree()?)
}

#[tauri::command]
pub async fn create_folder(
    state: State<'_, AppState>,
    parent_id: Option<i64>,
    name: String,
) -> Res<Folder> {
    Ok(state.weir()?.create_folder(parent_id, &name)?)
}

#[tauri::command]
pub async fn rename_folder(state: State<'_, AppState>, id: i64, name: String) -> Res<Folder> {
    Ok(state.weir()?.rename_folder(id, &name)?)
}

#[tauri::command]
pub async fn move_folder(
    state: State<'_, AppState>,
    id: i64,
    parent_id: Option<i64>,
) -> Res<Folder> {
    Ok(state.weir()?.move_folder(id, parent_id)?)
}

#[tauri::command]
pub async fn delete_folder(state: State<'_, AppState>, id: i64) -> Res<TrashToken> {
    Ok(state.weir()?.delete_folder(id)?)
}

#[tauri::command]
pub async fn create_script(
    state: State<'_, AppState>,
    folder_id: Option<i64>,
    name: String,
    text: String,
) -> Res<ScriptMeta> {
    Ok(state.weir()?.create_script(folder_id, &name, &text)?)
}

#[tauri::command]
pub async fn rename_script(state: State<'_, AppState>, id: i64, name: String) -> Res<ScriptMeta> {
    Ok(state.weir()?.rename_script(id, &name)?)
}

#[tauri::command]
pub async fn move_script(
    state: State<'_, AppState>,
    id: i64,
    folder_id: Option<i64>,
) -> Res<ScriptMeta> {
    Ok(state.weir()?.move_script(id, folder_id)?)
}

#[tauri::command]
pub async fn delete_script(state: State<'_, AppState>, id: i64) -> Res<TrashToken> {
    Ok(state.weir()?.delete_script(id)?)
}

#[tauri::command]
pub async fn restore(state: State<'_, AppState>, token: TrashToken) -> Res<Tree> {
    Ok(state.weir()?.restore(token)?)
}

#[tauri::command]
pub async fn doc_open(state: State<'_, AppState>, id: i64) -> Res<DocSnapshot> {
    Ok(state.weir()?.doc_open(id)?)
}

#[tauri::command]
pub async fn doc_edit(
    state: State<'_, AppState>,
    id: i64,
    changes: Vec<TextChange>,
    len_after: u32,
) -> Res<DocStatus> {
    Ok(state.weir()?.doc_edit(id, &changes, len_after)?)
}

#[tauri::command]
pub async fn doc_replace(state: State<'_, AppState>, id: i64, text: String) -> Res<DocStatus> {
    Ok(state.weir()?.doc_replace(id, &text)?)
}

#[tauri::command]
pub async fn doc_close(
    state: State<'_, AppState>,
    runs: State<'_, RunsHandle>,
    id: i64,
) -> Res<()> {
    // The tab's sessions close with it (their streaming jobs stop).
    let runs = runs.0.clone();
    tauri::async_runtime::spawn(async move { runs.close_script(id).await });
    Ok(state.weir()?.doc_close(id)?)
}

#[tauri::command]
pub async fn save_version(state: State<'_, AppState>, id: i64) -> Res<DocStatus> {
    Ok(state.weir()?.save_version(id)?)
}

#[tauri::command]
pub async fn tabs(state: State<'_, AppState>) -> Res<TabsState> {
    Ok(state.weir()?.tabs()?)
}

#[tauri::command]
pub async fn set_tabs(state: State<'_, AppState>, tabs: TabsState) -> Res<()> {
    Ok(state.weir()?.set_tabs(tabs)?)
}

#[tauri::command]
pub async fn layout(state: State<'_, AppState>) -> Res<Layout> {
    Ok(state.weir()?.layout()?)
}

/// Records panel sizes; the window geometry is Rust's to keep, so it is preserved here.
#[tauri::command]
pub async fn set_layout(state: State<'_, AppState>, layout: Layout) -> Res<()> {
    let weir = state.weir()?;
    let window = weir.layout()?.window;
    Ok(weir.set_layout(Layout { window, ..layout })?)
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: String) -> Res<Vec<SearchHit>> {
    Ok(state.weir()?.search(&query)?)
}

#[tauri::command]
pub async fn log_entries(state: State<'_, AppState>, from: u64) -> Res<Vec<LogEntry>> {
    Ok(state.log.entries(from))
}

/// Lets the window put its own failures into the app log.
#[tauri::command]
pub async fn log_message(level: String, message: String) -> Res<()> {
    match level.as_str() {
        "error" => tracing::error!(target: "weir::ui", "{message}"),
        "warn" => tracing::warn!(target: "weir::ui", "{message}"),
        _ => tracing::info!(target: "weir::ui", "{message}"),
    }
    Ok(())
}

/// The window saved its session after a close request: write everything and close it.
#[tauri::command]
pub async fn close_window(window: tauri::WebviewWindow, state: State<'_, AppState>) -> Res<()> {
    if let Ok(weir) = state.weir() {
        weir.flush()?;
    }
    crate::CLOSE_CONFIRMED.store(true, std::sync::atomic::Ordering::SeqCst);
    window.destroy().map_err(|e| IpcError {
        kind: "internal".into(),
        message: format!("cannot close the window: {e}"),
    })
}

/// Highlight spans of the visible range of a script (UTF-16 offsets).
#[tauri::command]
pub async fn highlights(
    state: State<'_, AppState>,
    id: i64,
    from: u32,
    to: u32,
) -> Res<weir::language::Highlights> {
    Ok(state.weir()?.highlights(id, from, to)?)
}

/// The diagnostics of each statement of a script, read as `connection` reads it (a database's
/// dialect, else Flink SQL).
#[tauri::command]
pub async fn diagnostics(
    state: State<'_, AppState>,
    id: i64,
    connection: Option<String>,
) -> Res<weir::language::DocDiagnostics> {
    Ok(state.weir()?.diagnostics_on(id, connection.as_deref())?)
}

/// Completion candidates at a cursor position (UTF-16 offset).
#[tauri::command]
pub async fn complete(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    id: i64,
    pos: u32,
    connection: Option<String>,
) -> Res<weir::completion::Completions> {
    let weir = state.weir()?;
    Ok(dbs
        .0
        .complete(&weir, id, pos, connection.as_deref())
        .await?)
}

/// Flink's built-in functions with signature and description (completion and hover help).
#[tauri::command]
pub async fn functions() -> Res<Vec<weir::functions::FunctionDoc>> {
    Ok(weir::functions::builtin_functions())
}

/// The local engine's state.
#[tauri::command]
pub async fn engine_state(engine: State<'_, EngineHandle>) -> Res<EngineState> {
    Ok(engine.0.state())
}

/// Starts the local engine (if it is not running) and waits until it answers.
#[tauri::command]
pub async fn engine_start(engine: State<'_, EngineHandle>) -> Res<EngineState> {
    engine.0.start().await?;
    Ok(engine.0.state())
}

/// Stops the local engine.
#[tauri::command]
pub async fn engine_stop(engine: State<'_, EngineHandle>) -> Res<EngineState> {
    engine.0.stop().await?;
    Ok(engine.0.state())
}

/// Stops and starts the local engine.
#[tauri::command]
pub async fn engine_restart(engine: State<'_, EngineHandle>) -> Res<EngineState> {
    engine.0.restart().await?;
    Ok(engine.0.state())
}

/// The person's own local engine settings (per-user, never the workspace's paths).
#[tauri::command]
pub async fn engine_settings(state: State<'_, AppState>) -> Res<EngineSettings> {
    Ok(state.weir()?.engine_settings()?)
}

/// Records the local engine's settings in the per-user settings and applies them.
#[tauri::command]
pub async fn set_engine_settings(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    settings: EngineSettings,
) -> Res<EngineState> {
    let weir = state.weir()?;
    weir.set_engine_settings(&settings)?;
    engine.0.apply(weir.engine_choice()?).await;
    Ok(engine.0.state())
}

/// The person said yes to the Java/Flink homes the open workspace names (exactly those the
/// window showed): remembered per user, and the engine uses them from now on.
#[tauri::command]
pub async fn trust_workspace_engine(
    state: State<'_, AppState>,
    engine: State<'_, EngineHandle>,
    paths: WorkspaceEnginePaths,
) -> Res<EngineState> {
    let weir = state.weir()?;
    weir.trust_engine_paths(&paths)?;
    engine.0.apply(weir.engine_choice()?).await;
    Ok(engine.0.state())
}

/// Where scripts can run: the local engine first, then Flink gateways, then database connections.
#[tauri::command]
pub async fn connections(state: State<'_, AppState>) -> Res<Vec<ConnectionProfile>> {
    Ok(state.weir()?.connections()?)
}

/// Adds or replaces a connection profile (`previous` is its old name when renamed).
#[tauri::command]
pub async fn save_connection(
    state: State<'_, AppState>,
    profile: ConnectionProfile,
    previous: Option<String>,
) -> Res<Vec<ConnectionProfile>> {
    Ok(state
        .weir()?
        .save_connection(profile, previous.as_deref())?)
}

/// Removes a connection profile.
#[tauri::command]
pub async fn delete_connection(
    state: State<'_, AppState>,
    name: String,
) -> Res<Vec<ConnectionProfile>> {
    Ok(state.weir()?.delete_connection(&name)?)
}

/// Connects with a profile and reports the gateway's version and REST API versions.
#[tauri::command]
pub async fn test_connection(
    engine: State<'_, EngineHandle>,
    dbs: State<'_, DatabasesHandle>,
    profile: ConnectionProfile,
) -> Res<ConnectionTest> {
    profile.validate().map_err(|m| IpcError {
        kind: "invalid".into(),
        message: m,
    })?;
    Ok(profile.test(&engine.0, &dbs.0).await?)
}

/// Starts a run of a script (all of it, the statement at the cursor, or a selection).
#[tauri::command]
pub async fn run_start(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    runs: State<'_, RunsHandle>,
    request: RunRequest,
) -> Res<RunUpdate> {
    let weir = state.weir()?;
    let profile = weir
        .connection(&request.connection)?
        .ok_or_else(|| IpcError::from(RunError::UnknownConnection(request.connection.clone())))?;
    let text = weir.doc_open(request.script_id)?.text;
    Ok(runs
        .0
        .start(
            &request,
            &profile,
            &text,
            &Default::default(),
            run_sink(app),
        )
        .await?)
}

/// Where a run's updates go: the window's `weir://run` event, and the history when it ends.
pub(crate) fn run_sink(app: tauri::AppHandle) -> weir::run::runs::UpdateSink {
    Arc::new(move |update: RunUpdate| {
        if update.finished {
            if let Ok(w) = app.state::<AppState>().weir() {
                if let Err(e) = w.record_run(&update) {
                    tracing::warn!("could not record the run in the history: {e}");
                }
            }
        }
        let _ = app.emit("weir://run", update);
    })
}

/// Stops a run.
#[tauri::command]
pub async fn run_cancel(runs: State<'_, RunsHandle>, run_id: u64) -> Res<bool> {
    Ok(runs.0.cancel(run_id))
}

/// The rows of a result that the grid shows (sorted and filtered in Rust).
#[tauri::command]
pub async fn result_window(
    runs: State<'_, RunsHandle>,
    run_id: u64,
    statement: u32,
    query: WindowQuery,
) -> Res<Window> {
    match runs.0.window(run_id, statement as usize, &query) {
        Some(Ok(w)) => Ok(w),
        Some(Err(e)) => Err(IpcError {
            kind: "invalid".into(),
            message: e.to_string(),
        }),
        None => Err(no_result(run_id, statement)),
    }
}

/// A script's run history, newest first.
#[tauri::command]
pub async fn run_history(
    state: State<'_, AppState>,
    script_id: i64,
    filter: String,
) -> Res<Vec<HistoryEntry>> {
    Ok(state.weir()?.history(script_id, &filter)?)
}

fn no_result(run_id: u64, statement: u32) -> IpcError {
    IpcError {
        kind: "notFound".into(),
        message: format!(
            "statement {} of run {run_id} has no result (any more)",
            statement + 1
        ),
    }
}

/// Chosen rows of a result as TSV or Markdown text, for the clipboard.
#[tauri::command]
pub async fn copy_rows(
    runs: State<'_, RunsHandle>,
    clipboard: State<'_, ClipboardHandle>,
    run_id: u64,
    statement: u32,
    selection: Selection,
    indexes: Vec<u64>,
    markdown: bool,
) -> Res<String> {
    let format = if markdown {
        ExportFormat::Markdown
    } else {
        ExportFormat::Tsv
    };
    match runs.0.with_result(run_id, statement as usize, |set| {
        set.copy_rows(&selection, &indexes, format)
    }) {
        Some(Ok(text)) => {
            write_clipboard(&clipboard, &text)?;
            Ok(text)
        }
        Some(Err(e)) => Err(IpcError {
            kind: "invalid".into(),
            message: e.to_string(),
        }),
        None => Err(no_result(run_id, statement)),
    }
}

/// Puts `text` on the system clipboard (a table's name, a generated statement).
#[tauri::command]
pub async fn copy_text(clipboard: State<'_, ClipboardHandle>, text: String) -> Res<()> {
    write_clipboard(&clipboard, &text)
}

/// The text on the system clipboard (the editor menu's Paste; empty when it holds no text).
#[tauri::command]
pub async fn read_clipboard(clipboard: State<'_, ClipboardHandle>) -> Res<String> {
    with_clipboard(&clipboard, |c| match c.get_text() {
        Ok(text) => Ok(text),
        Err(arboard::Error::ContentNotAvailable) => Ok(String::new()),
        Err(e) => Err(e),
    })
}

fn clipboard_failed(e: arboard::Error) -> IpcError {
    IpcError {
        kind: "io".into(),
        message: format!("could not use the clipboard: {e}"),
    }
}

/// Puts `text` on the system clipboard.
fn write_clipboard(handle: &ClipboardHandle, text: &str) -> Res<()> {
    with_clipboard(handle, |c| c.set_text(text))
}

/// Runs `f` on the system clipboard, opened on first use and kept open (on X11 the text stays
/// pasteable only while its owner lives).
fn with_clipboard<T>(
    handle: &ClipboardHandle,
    f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
) -> Res<T> {
    let mut slot = handle.0.lock().unwrap_or_else(|p| p.into_inner());
    let clipboard = match slot.as_mut() {
        Some(c) => c,
        None => slot.insert(arboard::Clipboard::new().map_err(clipboard_failed)?),
    };
    f(clipboard).map_err(clipboard_failed)
}

/// Set to stop the export under way.
pub static EXPORT_CANCEL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes a result (what the grid shows) to a file, reporting `weir://export` progress events.
#[tauri::command]
pub async fn export_result(
    app: tauri::AppHandle,
    runs: State<'_, RunsHandle>,
    request: ExportRequest,
) -> Res<ExportReport> {
    let path = PathBuf::from(request.path.trim());
    if path.as_os_str().is_empty() || path.is_dir() {
        return Err(IpcError {
            kind: "invalid".into(),
            message: "enter the path of the file to write".into(),
        });
    }
    EXPORT_CANCEL.store(false, std::sync::atomic::Ordering::SeqCst);
    let runs = runs.0.clone();
    let task = tauri::async_runtime::spawn_blocking(move || {
        let mut progress = |done: u64, total: u64| {
            let _ = app.emit("weir://export", ExportProgress { done, total });
        };
        let cancel = || EXPORT_CANCEL.load(std::sync::atomic::Ordering::SeqCst);
        runs.export(&request, &mut progress, &cancel)
    });
    match task.await {
        Ok(r) => Ok(r?),
        Err(e) => Err(IpcError {
            kind: "internal".into(),
            message: format!("the export stopped: {e}"),
        }),
    }
}

/// Stops the export under way (its partial file is removed).
#[tauri::command]
pub async fn export_cancel() -> Res<()> {
    EXPORT_CANCEL.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Stores a secret (a gateway token) in the keychain, or for this session only.
#[tauri::command]
pub async fn set_secret(
    dbs: State<'_, DatabasesHandle>,
    key: String,
    value: String,
    session_only: bool,
) -> Res<()> {
    dbs.0
        .store_secret(&key, &value, session_only)
        .await
        .map_err(|e| IpcError {
            kind: "secret".into(),
            message: format!("keychain key '{key}': {e}"),
        })
}

/// The lineage of a script's current text.
#[tauri::command]
pub async fn lineage(state: State<'_, AppState>, id: i64) -> Res<weir::lineage::LineageDoc> {
    Ok(state.weir()?.lineage(id)?)
}

/// The lineage of the whole workspace, joined through the tables its scripts share.
#[tauri::command]
pub async fn workspace_lineage(state: State<'_, AppState>) -> Res<weir::lineage::WorkspaceLineage> {
    let weir = state.weir()?;
    match tauri::async_runtime::spawn_blocking(move || weir.workspace_lineage()).await {
        Ok(r) => Ok(r?),
        Err(e) => Err(IpcError {
            kind: "internal".into(),
            message: format!("the workspace lineage stopped: {e}"),
        }),
    }
}

/// Saves an export made in the window (a lineage image or JSON) in the export folder; `data`
/// is base64 when `base64` is set. Returns the file written.
#[tauri::command]
pub async fn save_export(name: String, data: String, base64: bool) -> Res<String> {
    let bytes = if base64 {
        weir::paths::decode_base64(&data).map_err(|message| IpcError {
            kind: "invalid".into(),
            message,
        })?
    } else {
        data.into_bytes()
    };
    let path = weir::paths::save_export(&name, &bytes).map_err(|e| IpcError {
        kind: "io".into(),
        message: format!(
            "cannot write {name} in {}: {e}",
            weir::paths::export_dir().display()
        ),
    })?;
    Ok(path.to_string_lossy().into_owned())
}

/// The folder exports are offered in first.
#[tauri::command]
pub async fn export_dir() -> Res<String> {
    Ok(weir::paths::export_dir().to_string_lossy().into_owned())
}

/// Draws a result (what the grid shows) as SVG.
#[tauri::command]
pub async fn chart(runs: State<'_, RunsHandle>, request: ChartRequest) -> Res<ChartImage> {
    let runs = runs.0.clone();
    match tauri::async_runtime::spawn_blocking(move || runs.chart(&request)).await {
        Ok(r) => Ok(r?),
        Err(e) => Err(IpcError {
            kind: "internal".into(),
            message: format!("drawing the chart stopped: {e}"),
        }),
    }
}

/// The chart a result's columns suggest (None when nothing numeric is there).
#[tauri::command]
pub async fn suggest_chart(columns: Vec<weir_results::ColumnSpec>) -> Res<Option<ChartSpec>> {
    Ok(weir_chart::suggest(&columns))
}

/// Writes a chart to a PNG or SVG file (by the file's extension).
#[tauri::command]
pub async fn export_chart(
    runs: State<'_, RunsHandle>,
    request: ChartRequest,
    path: String,
) -> Res<ExportReport> {
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() || path.is_dir() {
        return Err(IpcError {
            kind: "invalid".into(),
            message: "enter the path of the .png or .svg file to write".into(),
        });
    }
    let runs = runs.0.clone();
    match tauri::async_runtime::spawn_blocking(move || runs.export_chart(&request, &path)).await {
        Ok(r) => Ok(r?),
        Err(e) => Err(IpcError {
            kind: "internal".into(),
            message: format!("the chart export stopped: {e}"),
        }),
    }
}

/// The workspace's database connections.
#[tauri::command]
pub async fn db_profiles(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
) -> Res<Vec<DbProfile>> {
    let weir = state.weir()?;
    Ok(dbs.0.profiles(&weir)?)
}

/// A JDBC URL read into a profile (a password in it is dropped).
#[tauri::command]
pub async fn db_parse_url(url: String) -> Res<DbProfile> {
    Ok(weir::databases::Databases::parse_url(&url)?)
}

/// Saves a database connection; `password` goes to the keychain (or session memory when
/// `session_only`), never to the workspace.
#[tauri::command]
pub async fn db_save_profile(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: DbProfile,
    password: Option<String>,
    session_only: bool,
) -> Res<DbProfile> {
    let weir = state.weir()?;
    Ok(dbs
        .0
        .save_profile(&weir, profile, password.as_deref(), session_only)
        .await?)
}

/// Removes a database connection and its stored password.
#[tauri::command]
pub async fn db_delete_profile(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    name: String,
) -> Res<()> {
    let weir = state.weir()?;
    Ok(dbs.0.delete_profile(&weir, &name).await?)
}

/// Connects once and reports the server's version (`password` null: the stored one).
#[tauri::command]
pub async fn db_test(
    dbs: State<'_, DatabasesHandle>,
    profile: DbProfile,
    password: Option<String>,
) -> Res<DbTestResult> {
    Ok(dbs.0.test(&profile, password.as_deref()).await?)
}

/// Whether the OS keychain answers.
#[tauri::command]
pub async fn db_keychain_status(dbs: State<'_, DatabasesHandle>) -> Res<KeychainStatus> {
    Ok(dbs.0.keychain_status().await)
}

/// Schemas of a database connection.
#[tauri::command]
pub async fn db_schemas(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: String,
) -> Res<Vec<String>> {
    let weir = state.weir()?;
    Ok(dbs.0.schemas(&weir, &profile).await?)
}

/// Tables and views of a schema.
#[tauri::command]
pub async fn db_tables(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: String,
    schema: String,
) -> Res<Vec<TableInfo>> {
    let weir = state.weir()?;
    Ok(dbs.0.tables(&weir, &profile, &schema).await?)
}

/// Columns, keys and indexes of a table.
#[tauri::command]
pub async fn db_table_meta(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: String,
    schema: String,
    table: String,
) -> Res<TableMeta> {
    let weir = state.weir()?;
    Ok(dbs.0.table_meta(&weir, &profile, &schema, &table).await?)
}

/// Flink `CREATE TABLE` for a table, through the chosen connector.
#[tauri::command]
pub async fn db_generate_ddl(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: String,
    schema: String,
    table: String,
    connector: Connector,
) -> Res<String> {
    let weir = state.weir()?;
    Ok(dbs
        .0
        .generate_ddl(&weir, &profile, &schema, &table, connector)
        .await?)
}

/// A sync job for a table: CDC source, JDBC sink and the aligned INSERT … SELECT.
#[tauri::command]
pub async fn db_generate_pipeline(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    profile: String,
    schema: String,
    table: String,
) -> Res<String> {
    let weir = state.weir()?;
    Ok(dbs
        .0
        .generate_pipeline(&weir, &profile, &schema, &table)
        .await?)
}

/// The table's name when pasted text is a MySQL CREATE TABLE (not Flink SQL already).
#[tauri::command]
pub async fn db_pasted_mysql_table(text: String) -> Res<Option<String>> {
    Ok(weir::databases::pasted_mysql_table(&text))
}

/// Flink DDL for the MySQL CREATE TABLE selected (or at the cursor) in a script, as an edit.
#[tauri::command]
pub async fn db_translate_mysql(
    state: State<'_, AppState>,
    dbs: State<'_, DatabasesHandle>,
    id: i64,
    from: u32,
    to: u32,
    connector: Connector,
    connection: Option<String>,
) -> Res<weir::databases::TextEdit> {
    let weir = state.weir()?;
    Ok(dbs
        .0
        .translate_mysql(&weir, id, from, to, connector, connection.as_deref())?)
}
