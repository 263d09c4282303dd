//! The Tauri commands: each one calls a use case of the `weir` crate and turns its error into an
//! [`IpcError`] for the window. Async, so no command ever runs on the UI thread.

use crate::AppState;
use std::path::PathBuf;
use tauri::State;
use weir::ipc::{IpcError, StartState};
use weir::log::LogEntry;
use weir::{
    DocSnapshot, DocStatus, Folder, Layout, ScriptMeta, SearchHit, TabsState, TextChange,
    TrashToken, Tree,
};

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
pub async fn open_workspace(state: State<'_, AppState>, dir: String) -> Res<StartState> {
    let dir = dir.trim();
    if dir.is_empty() {
        return Err(IpcError {
            kind: "invalid".into(),
            message: "enter the folder of a workspace".into(),
        });
    }
    state.open(PathBuf::from(dir));
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
pub async fn doc_close(state: State<'_, AppState>, id: i64) -> Res<()> {
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

/// The diagnostics of each statement of a script.
#[tauri::command]
pub async fn diagnostics(
    state: State<'_, AppState>,
    id: i64,
) -> Res<weir::language::DocDiagnostics> {
    Ok(state.weir()?.diagnostics(id)?)
}

/// Completion candidates at a cursor position (UTF-16 offset).
#[tauri::command]
pub async fn complete(
    state: State<'_, AppState>,
    id: i64,
    pos: u32,
) -> Res<weir::completion::Completions> {
    Ok(state.weir()?.complete(id, pos)?)
}

/// Flink's built-in functions with signature and description (completion and hover help).
#[tauri::command]
pub async fn functions() -> Res<Vec<weir::functions::FunctionDoc>> {
    Ok(weir::functions::builtin_functions())
}
