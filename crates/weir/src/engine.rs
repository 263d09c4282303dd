//! The local Flink engine as the app and the `weir` command use it: its settings (per user, see
//! [`crate::user_settings`]), its state for the status bar, start on first use (or at app start
//! when pre-warm is on), a supervisor that starts it again when it dies, and stop with the app.
//!
//! A workspace may still name a Java or Flink home (older Weir kept the engine settings in
//! `workspace.db`, and a shared workspace can say anything). Such a path is a program Weir would
//! start, so [`choose`] never uses it without the person's yes: the app asks
//! ([`EngineState::workspace_paths`]), the command line needs `--trust-workspace-engine`.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Mutex};
use ts_rs::TS;
pub use weir_connect::engine::{locate, EngineError, EnginePaths};
use weir_connect::engine::{EngineStatus, LocalEngine};
use weir_connect::gateway::GatewayClient;

pub use crate::engine_settings::{EngineSettings, DEFAULT_FLINK_VERSION};
use crate::user_settings::{UserSettings, WorkspaceEnginePaths};

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

/// The engine settings to use for a workspace, and the workspace's own engine paths when they
/// wait for the person's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineChoice {
    /// What the engine runs with: the person's settings, plus workspace paths they agreed to.
    pub settings: EngineSettings,
    /// Java/Flink homes the workspace names that differ from the person's and were not agreed
    /// to; not used. The app asks about them; the command line says how to allow them.
    pub untrusted: Option<WorkspaceEnginePaths>,
}

/// Decides the engine settings for the workspace at `workspace_dir`: the person's own settings
/// (`user`); a Java or Flink home the workspace names (`in_workspace`) only when `user` records
/// a yes for exactly that workspace and those paths, or `trust_workspace` says yes now (the
/// command line's flag). The workspace's harmless values (Flink version, pre-warm) are used only
/// while the person has saved no engine settings of their own (older workspaces kept them there).
pub fn choose(
    user: &UserSettings,
    workspace_dir: &Path,
    in_workspace: Option<&EngineSettings>,
    trust_workspace: bool,
) -> EngineChoice {
    let mut settings = match (&user.engine, in_workspace) {
        (Some(own), _) => own.clone(),
        (None, Some(ws)) => EngineSettings {
            prewarm: ws.prewarm,
            flink_version: ws.flink_version.clone(),
            flink_home: None,
            java_home: None,
        },
        (None, None) => EngineSettings::default(),
    };
    let Some(ws) = in_workspace else {
        return EngineChoice {
            settings,
            untrusted: None,
        };
    };
    // Only what differs from the person's own settings needs a yes.
    let differs = |theirs: &Option<String>, own: &Option<String>| {
        trimmed(theirs).filter(|t| Some(t) != trimmed(own).as_ref())
    };
    let java_home = differs(&ws.java_home, &settings.java_home);
    let flink_home = differs(&ws.flink_home, &settings.flink_home);
    if java_home.is_none() && flink_home.is_none() {
        return EngineChoice {
            settings,
            untrusted: None,
        };
    }
    let paths = WorkspaceEnginePaths {
        workspace: workspace_key(workspace_dir),
        java_home,
        flink_home,
    };
    if trust_workspace || user.trusts(&paths) {
        if paths.java_home.is_some() {
            settings.java_home = paths.java_home.clone();
        }
        if paths.flink_home.is_some() {
            settings.flink_home = paths.flink_home.clone();
        }
        return EngineChoice {
            settings,
            untrusted: None,
        };
    }
    EngineChoice {
        settings,
        untrusted: Some(paths),
    }
}

/// How a workspace is named in the trust list: its canonical path when it has one.
pub fn workspace_key(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string()
}

impl WorkspaceEnginePaths {
    /// One line for people: which workspace names which program or folder.
    pub fn describe(&self) -> String {
        let mut named = Vec::new();
        if let Some(j) = &self.java_home {
            named.push(format!("Java home {j} (Weir would run {j}/bin/java)"));
        }
        if let Some(f) = &self.flink_home {
            named.push(format!("Flink home {f}"));
        }
        format!(
            "the workspace {} names {} for the local engine",
            self.workspace,
            named.join(" and ")
        )
    }
}

/// Where the local engine is, as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "phase", rename_all = "camelCase")]
pub enum EnginePhase {
    /// Not running (it starts on the first run).
    Stopped,
    /// Starting; `step` says which part.
    Starting {
        /// What is being waited for, e.g. "starting Java".
        step: String,
    },
    /// Answering at `url`.
    Ready {
        /// The engine's SQL Gateway base URL on loopback.
        url: String,
    },
    /// The last start failed, or the engine died; `message` says what to do.
    Failed {
        /// What went wrong and what to install or set.
        message: String,
    },
}

/// The local engine's state for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EngineState {
    /// Flink version of the engine.
    pub flink_version: String,
    /// Its phase.
    pub phase: EnginePhase,
    /// Whether it starts with the window.
    pub prewarm: bool,
    /// Java/Flink homes the open workspace names that are not used until the person agrees
    /// (the window asks, naming them and the workspace).
    pub workspace_paths: Option<WorkspaceEnginePaths>,
}

fn phase_of(status: &EngineStatus) -> EnginePhase {
    match status {
        EngineStatus::Stopped => EnginePhase::Stopped,
        EngineStatus::Locating => EnginePhase::Starting {
            step: "looking for Java and the Flink jars".into(),
        },
        EngineStatus::StartingJvm => EnginePhase::Starting {
            step: "starting Java".into(),
        },
        EngineStatus::Listening { .. } => EnginePhase::Starting {
            step: "starting Flink".into(),
        },
        EngineStatus::Ready { url } => EnginePhase::Ready { url: url.clone() },
        EngineStatus::Failed { message } => EnginePhase::Failed {
            message: message.clone(),
        },
    }
}

/// The process's one local engine; its settings can change while it lives.
#[derive(Debug)]
pub struct Engine {
    current: Mutex<Arc<LocalEngine>>,
    settings: std::sync::Mutex<EngineSettings>,
    state: watch::Sender<EngineState>,
    /// Bumped when the engine is replaced, so the old forwarder stops.
    generation: std::sync::atomic::AtomicU64,
}

/// How often the supervisor looks whether the engine still runs.
const SUPERVISE_EVERY: Duration = Duration::from_secs(2);
/// The supervisor gives up restarting after this many deaths within [`RESTART_WINDOW`].
const MAX_RESTARTS: usize = 3;
const RESTART_WINDOW: Duration = Duration::from_secs(120);

impl Engine {
    /// An engine that is not started yet. Call from inside a tokio runtime.
    pub fn new(settings: EngineSettings) -> Arc<Engine> {
        let local = Arc::new(LocalEngine::new(settings.config()));
        let engine = Arc::new(Engine {
            state: watch::Sender::new(EngineState {
                flink_version: settings.version(),
                phase: EnginePhase::Stopped,
                prewarm: settings.prewarm,
                workspace_paths: None,
            }),
            current: Mutex::new(local.clone()),
            settings: std::sync::Mutex::new(settings),
            generation: std::sync::atomic::AtomicU64::new(0),
        });
        engine.forward(local, 0);
        engine
    }

    /// Copies the launcher's progress into [`Engine::state`] until the launcher is replaced.
    fn forward(self: &Arc<Self>, local: Arc<LocalEngine>, generation: u64) {
        let weak = Arc::downgrade(self);
        let mut rx = local.status();
        tokio::spawn(async move {
            loop {
                let phase = phase_of(&rx.borrow_and_update());
                let Some(engine) = weak.upgrade() else { return };
                if engine.generation.load(std::sync::atomic::Ordering::SeqCst) != generation {
                    return;
                }
                engine.state.send_modify(|s| s.phase = phase);
                drop(engine);
                if rx.changed().await.is_err() {
                    return;
                }
            }
        });
    }

    /// The current state.
    pub fn state(&self) -> EngineState {
        self.state.borrow().clone()
    }

    /// State changes, for the window's status bar.
    pub fn subscribe(&self) -> watch::Receiver<EngineState> {
        self.state.subscribe()
    }

    /// Records the workspace engine paths that wait for the person's yes (shown by the window).
    pub fn ask(&self, untrusted: Option<WorkspaceEnginePaths>) {
        self.state.send_if_modified(|s| {
            let changed = s.workspace_paths != untrusted;
            s.workspace_paths = untrusted;
            changed
        });
    }

    /// Applies a [`choose`] result: its settings, and its question for the window.
    pub async fn apply(self: &Arc<Self>, choice: EngineChoice) {
        self.ask(choice.untrusted);
        self.configure(choice.settings).await;
    }

    /// The settings in force.
    pub fn settings(&self) -> EngineSettings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Applies new settings; a running engine whose version or paths changed is stopped (it
    /// starts again, as configured, on next use).
    pub async fn configure(self: &Arc<Self>, settings: EngineSettings) {
        let old = self.settings();
        if let Ok(mut s) = self.settings.lock() {
            *s = settings.clone();
        }
        self.state.send_modify(|s| {
            s.prewarm = settings.prewarm;
            s.flink_version = settings.version();
        });
        if old.config_key() == settings.config_key() {
            return;
        }
        let local = Arc::new(LocalEngine::new(settings.config()));
        let generation = self
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let previous = std::mem::replace(&mut *self.current.lock().await, local.clone());
        if let Err(e) = previous.stop().await {
            tracing::warn!("could not stop the previous local engine: {e}");
        }
        self.forward(local, generation);
    }

    async fn local(&self) -> Arc<LocalEngine> {
        self.current.lock().await.clone()
    }

    /// Starts the engine unless it runs; returns its base URL.
    pub async fn start(&self) -> Result<String, EngineError> {
        let started = Instant::now();
        let local = self.local().await;
        let was_ready = matches!(self.state().phase, EnginePhase::Ready { .. });
        let url = local.ensure_running().await?;
        if !was_ready {
            tracing::info!(
                "local Flink {} engine ready at {url} after {:.1} s",
                self.state().flink_version,
                started.elapsed().as_secs_f64()
            );
        }
        Ok(url)
    }

    /// A gateway client for the engine, starting it first when needed.
    pub async fn client(&self) -> Result<GatewayClient, EngineError> {
        self.local().await.client().await
    }

    /// Stops the engine and waits until it is gone.
    pub async fn stop(&self) -> Result<(), EngineError> {
        let local = self.local().await;
        let result = local.stop().await;
        tracing::info!("local engine stopped");
        result
    }

    /// Stops and starts the engine.
    pub async fn restart(&self) -> Result<String, EngineError> {
        self.stop().await?;
        self.start().await
    }

    /// The engine's process id while it runs.
    pub async fn pid(&self) -> Option<u32> {
        self.local().await.pid().await
    }

    /// The JobManager REST URL of the engine's MiniCluster, once it has reported it.
    pub async fn cluster_rest_url(&self) -> Option<String> {
        self.local().await.cluster_rest_url().await
    }

    /// Watches the engine while the process lives: when it dies it is started again, at most
    /// [`MAX_RESTARTS`] times in [`RESTART_WINDOW`]; after that it waits for the next run.
    pub fn supervise(self: &Arc<Self>) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut deaths: Vec<Instant> = Vec::new();
            loop {
                tokio::time::sleep(SUPERVISE_EVERY).await;
                let Some(engine) = weak.upgrade() else { return };
                let local = engine.local().await;
                if local.check().await.is_none() {
                    continue;
                }
                deaths.retain(|t| t.elapsed() < RESTART_WINDOW);
                deaths.push(Instant::now());
                if deaths.len() > MAX_RESTARTS {
                    tracing::error!(
                        "the local engine died {} times in {} s; it starts again on the next run",
                        deaths.len(),
                        RESTART_WINDOW.as_secs()
                    );
                    continue;
                }
                if let Err(e) = engine.start().await {
                    tracing::error!("could not start the local engine again: {e}");
                }
            }
        });
    }
}

impl EngineSettings {
    /// What decides which engine runs (pre-warm aside).
    fn config_key(&self) -> (String, Option<String>, Option<String>) {
        (
            self.version(),
            self.flink_home.clone(),
            self.java_home.clone(),
        )
    }
}
