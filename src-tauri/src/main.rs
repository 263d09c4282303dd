//! Weir's desktop face: opens the workspace, creates the window where it was last left, and
//! exposes the use cases of the `weir` crate as thin Tauri commands.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod jobs;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::{Emitter, Manager};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use weir::ipc::IpcError;
use weir::log::AppLog;
use weir::{Weir, WindowGeometry};

/// What the commands share: the open workspace (if any), or why it could not be opened.
pub struct AppState {
    pub weir: Mutex<Option<Arc<Weir>>>,
    pub error: Mutex<Option<IpcError>>,
    pub dir: Mutex<PathBuf>,
    pub log: AppLog,
}

impl AppState {
    /// The open workspace, or an error saying there is none.
    pub fn weir(&self) -> Result<Arc<Weir>, IpcError> {
        self.weir
            .lock()
            .ok()
            .and_then(|w| w.clone())
            .ok_or_else(|| IpcError {
                kind: "notFound".into(),
                message: "no workspace is open".into(),
            })
    }

    /// Opens the workspace in `dir`, replacing the current one (which is flushed and released).
    pub fn open(&self, dir: PathBuf) {
        if let Ok(mut w) = self.weir.lock() {
            // Release the old workspace (and its lock) before taking the new one.
            w.take();
        }
        let result = Weir::open(&dir);
        if let Ok(mut d) = self.dir.lock() {
            *d = dir.clone();
        }
        match result {
            Ok(weir) => {
                if let Err(e) = self.log.write_to_dir(&dir) {
                    tracing::warn!("cannot write the log file in {}: {e}", dir.display());
                }
                weir::paths::remember_workspace(&dir);
                if let Ok(mut w) = self.weir.lock() {
                    *w = Some(Arc::new(weir));
                }
                if let Ok(mut e) = self.error.lock() {
                    *e = None;
                }
            }
            Err(e) => {
                tracing::error!("cannot open the workspace {}: {e}", dir.display());
                if let Ok(mut slot) = self.error.lock() {
                    *slot = Some(e.into());
                }
            }
        }
    }
}

/// The window's runs and gateway sessions.
pub struct RunsHandle(pub Arc<weir::run::Runs>);

/// The process's database connection pools and secrets (shared with the runs).
pub struct DatabasesHandle(pub Arc<weir::databases::Databases>);

/// Moves the open workspace's database passwords still under a legacy unscoped keychain key
/// (`db/NAME`, written by older `weir db add`) to the workspace's own key, in the background;
/// what moved or could not is logged (a profile that could not move keeps working on its old key).
pub fn migrate_legacy_keys(state: &AppState, databases: Arc<weir::databases::Databases>) {
    let Ok(weir) = state.weir() else { return };
    tauri::async_runtime::spawn(async move {
        match databases.migrate_legacy_keys(&weir).await {
            Ok(moves) => {
                for m in moves {
                    match m {
                        weir::databases::KeyMigration::Moved { profile, from, to } => {
                            tracing::info!("connection '{profile}': password moved from the keychain key '{from}' to '{to}'")
                        }
                        weir::databases::KeyMigration::Failed {
                            profile,
                            key,
                            reason,
                        } => {
                            tracing::warn!("connection '{profile}' still uses the keychain key '{key}': {reason}")
                        }
                    }
                }
            }
            Err(e) => tracing::warn!("cannot move legacy keychain keys: {e}"),
        }
    });
}

/// The system clipboard, kept open: on X11 the copied text is served by its owner, so dropping
/// the handle right after a copy would lose it.
#[derive(Default)]
pub struct ClipboardHandle(pub std::sync::Mutex<Option<arboard::Clipboard>>);

/// The process's local Flink engine (one for all workspaces; its settings follow the open one).
pub struct EngineHandle(pub Arc<weir::engine::Engine>);

/// Creates the local engine with the open workspace's settings, forwards its state to the window,
/// watches it, and starts it when the settings ask for pre-warming.
fn start_engine(app: &tauri::App) -> EngineHandle {
    let choice = app
        .state::<AppState>()
        .weir()
        .ok()
        .and_then(|w| w.engine_choice().ok());
    let settings = choice
        .as_ref()
        .map(|c| c.settings.clone())
        .unwrap_or_default();
    let prewarm = settings.prewarm;
    let engine = tauri::async_runtime::block_on(async {
        let engine = weir::engine::Engine::new(settings);
        // A Java/Flink home the workspace names waits for the window's question.
        engine.ask(choice.and_then(|c| c.untrusted));
        engine.supervise();
        engine
    });
    let handle = app.handle().clone();
    let mut rx = engine.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let state = rx.borrow_and_update().clone();
            let _ = handle.emit("weir://engine", state);
            if rx.changed().await.is_err() {
                return;
            }
        }
    });
    if prewarm {
        let e = engine.clone();
        tauri::async_runtime::spawn(async move {
            tracing::info!("pre-warming the local engine");
            if let Err(err) = e.start().await {
                tracing::error!("the local engine did not start: {err}");
            }
        });
    }
    EngineHandle(engine)
}

/// The workspace to open: `--workspace DIR` on the command line, else the default.
fn workspace_arg() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = a.strip_prefix("--workspace=") {
            return PathBuf::from(dir);
        }
    }
    weir::paths::default_workspace()
}

/// Set once the window confirmed (or failed to confirm in time) that its session is saved.
pub static CLOSE_CONFIRMED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// When the process started, to report how long the window took to become interactive.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    let log = AppLog::new();
    let _ = tracing_subscriber::registry().with(log.layer()).try_init();
    tracing::info!("Weir {} starting", env!("CARGO_PKG_VERSION"));
    let state = AppState {
        weir: Mutex::new(None),
        error: Mutex::new(None),
        dir: Mutex::new(PathBuf::new()),
        log: log.clone(),
    };
    state.open(workspace_arg());

    let app = tauri::Builder::default()
        .manage(state)
        .manage(ClipboardHandle::default())
        .setup(move |app| {
            let handle = app.handle().clone();
            log.set_listener(move |entry| {
                let _ = handle.emit("weir://log", entry);
            });
            let engine = start_engine(app);
            let databases = Arc::new(weir::databases::Databases::new());
            app.manage(RunsHandle(Arc::new(weir::run::Runs::with_databases(
                engine.0.clone(),
                databases.clone(),
            ))));
            migrate_legacy_keys(&app.state::<AppState>(), databases.clone());
            app.manage(DatabasesHandle(databases));
            app.manage(engine);
            create_window(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::start_state,
            commands::open_workspace,
            commands::tree,
            commands::create_folder,
            commands::rename_folder,
            commands::move_folder,
            commands::delete_folder,
            commands::create_script,
            commands::rename_script,
            commands::move_script,
            commands::delete_script,
            commands::restore,
            commands::doc_open,
            commands::doc_edit,
            commands::doc_replace,
            commands::doc_close,
            commands::save_version,
            commands::tabs,
            commands::set_tabs,
            commands::layout,
            commands::set_layout,
            commands::search,
            commands::log_entries,
            commands::log_message,
            commands::highlights,
            commands::diagnostics,
            commands::complete,
            commands::functions,
            commands::close_window,
            commands::engine_state,
            commands::engine_start,
            commands::engine_stop,
            commands::engine_restart,
            commands::engine_settings,
            commands::set_engine_settings,
            commands::trust_workspace_engine,
            commands::connections,
            commands::save_connection,
            commands::delete_connection,
            commands::test_connection,
            commands::run_start,
            commands::run_cancel,
            commands::result_window,
            commands::run_history,
            commands::copy_rows,
            commands::lineage,
            commands::workspace_lineage,
            commands::save_export,
            commands::set_secret,
            commands::export_result,
            commands::export_cancel,
            commands::export_dir,
            commands::chart,
            commands::suggest_chart,
            commands::export_chart,
            commands::db_profiles,
            commands::db_parse_url,
            commands::db_save_profile,
            commands::db_delete_profile,
            commands::db_test,
            commands::db_keychain_status,
            commands::db_schemas,
            commands::db_tables,
            commands::db_table_meta,
            commands::db_generate_ddl,
            commands::db_generate_pipeline,
            commands::db_pasted_mysql_table,
            commands::db_translate_mysql,
            commands::copy_text,
            commands::read_clipboard,
            jobs::jobs_list,
            jobs::job_show,
            jobs::job_config,
            jobs::job_restore,
            jobs::job_checkpoint_charts,
            jobs::job_cancel,
            jobs::job_savepoint,
            jobs::job_stop,
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Weir could not start its window: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            let state = handle.state::<AppState>();
            // Dropping the workspace writes the last edits and releases its lock.
            let open = state.weir.lock().ok().and_then(|mut w| w.take());
            drop(open);
            // Close the sessions (stopping their streaming jobs), then stop the local engine (it
            // would also exit on its own once we are gone).
            if let Some(runs) = handle.try_state::<RunsHandle>() {
                let runs = runs.0.clone();
                tauri::async_runtime::block_on(async move {
                    let _ =
                        tokio::time::timeout(std::time::Duration::from_secs(5), runs.close_all())
                            .await;
                });
            }
            if let Some(engine) = handle.try_state::<EngineHandle>() {
                let engine = engine.0.clone();
                tauri::async_runtime::block_on(async move {
                    let stop =
                        tokio::time::timeout(std::time::Duration::from_secs(10), engine.stop());
                    if !matches!(stop.await, Ok(Ok(()))) {
                        tracing::warn!("the local engine did not stop cleanly");
                    }
                });
            }
        }
    });
}

/// Creates the main window where the layout says it was, and keeps its geometry up to date.
fn create_window(app: &mut tauri::App) -> tauri::Result<()> {
    let state = app.state::<AppState>();
    let geometry = state
        .weir()
        .ok()
        .and_then(|w| w.layout().ok())
        .and_then(|l| l.window);
    let mut builder =
        tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("index.html".into()))
            .title("Weir")
            .min_inner_size(640.0, 400.0)
            // Tauri's native file-drop handler would swallow HTML5 drag and drop (tree moves,
            // tab reordering) on macOS and Windows.
            .disable_drag_drop_handler();
    builder = match &geometry {
        Some(g) => builder
            .inner_size(g.width.max(640) as f64, g.height.max(400) as f64)
            .position(g.x as f64, g.y as f64)
            .maximized(g.maximized),
        None => builder.inner_size(1280.0, 800.0).center(),
    };
    let window = builder.build()?;
    // WebKitGTK's accelerated compositing costs ~85 MB of PSS (software GL where there is no GPU)
    // and a text-and-grid window gains nothing from it. WEIR_WEBKIT_COMPOSITING=1 keeps it.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEIR_WEBKIT_COMPOSITING").is_none() {
        let _ = window.with_webview(|wv| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&wv.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    let w2 = window.clone();
    window.on_window_event(move |event| match event {
        tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => remember_geometry(&w2),
        tauri::WindowEvent::CloseRequested { api, .. } => {
            remember_geometry(&w2);
            // Let the window send its last cursor positions and edits first; it answers with
            // `close_window`. A window that does not answer in time is closed anyway.
            if !CLOSE_CONFIRMED.load(std::sync::atomic::Ordering::SeqCst)
                && w2.state::<AppState>().weir().is_ok()
            {
                api.prevent_close();
                let _ = w2.emit("weir://closing", ());
                let w3 = w2.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                    if !CLOSE_CONFIRMED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                        tracing::warn!("the window did not confirm closing; closing it anyway");
                        let _ = w3.destroy();
                    }
                });
            }
        }
        tauri::WindowEvent::Destroyed => {
            // Write the last edits now: nothing typed before a close may wait for the timer.
            if let Ok(weir) = w2.state::<AppState>().weir() {
                if let Err(e) = weir.flush() {
                    tracing::error!("could not write the last edits on close: {e}");
                }
            }
            tracing::debug!("window closing: {event:?}");
        }
        _ => {}
    });
    Ok(())
}

fn remember_geometry(window: &tauri::WebviewWindow) {
    let state = window.state::<AppState>();
    let Ok(weir) = state.weir() else { return };
    let scale = window.scale_factor().unwrap_or(1.0);
    let maximized = window.is_maximized().unwrap_or(false);
    let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let Ok(mut layout) = weir.layout() else {
        return;
    };
    let previous = layout.window.clone();
    layout.window = Some(if maximized {
        // Keep the size to return to when un-maximized.
        WindowGeometry {
            maximized: true,
            ..previous.clone().unwrap_or(WindowGeometry {
                x: 0,
                y: 0,
                width: 1280,
                height: 800,
                maximized: true,
            })
        }
    } else {
        let pos = pos.to_logical::<f64>(scale);
        let size = size.to_logical::<f64>(scale);
        WindowGeometry {
            x: pos.x.round() as i32,
            y: pos.y.round() as i32,
            width: size.width.round() as u32,
            height: size.height.round() as u32,
            maximized: false,
        }
    });
    if layout.window != previous {
        let _ = weir.set_layout(layout);
    }
}
