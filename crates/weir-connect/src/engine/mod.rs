//! The launcher of Weir's local Flink engine (engine/): finds Java and the jars, starts
//! `java … dev.weir.engine.Main --port 0 --parent-pid <ours> --watch-stdin`, reads the
//! `WEIR_ENGINE_LISTENING port=N` handshake, waits until `/api_versions` answers, reports its
//! progress, restarts a dead engine on next use, and stops it on [`LocalEngine::stop`] or drop.

mod locate;
mod process;

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::{watch, Mutex};

use crate::gateway::{GatewayClient, GatewayConfig, GatewayError};
pub use locate::{locate, EnginePaths};
use process::EngineProcess;

/// JVM options of engine/run.sh, used unless `WEIR_ENGINE_JAVA_OPTS` or the config says otherwise.
pub const DEFAULT_JAVA_OPTIONS: &str =
    "-XX:+UseSerialGC -Xss1m -Xmx1g -XX:ReservedCodeCacheSize=128m";

/// How to find and start the local engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Flink version of the jars and of the engine build, e.g. `2.3.0`.
    pub flink_version: String,
    /// Flink's home (its `lib/` holds the jars); default: `FLINK_HOME`, then the cache.
    pub flink_home: Option<PathBuf>,
    /// The engine jar; default: `<cache>/engine/<version>/weir-engine.jar`.
    pub engine_jar: Option<PathBuf>,
    /// A JDK/JRE home; default: `JAVA_HOME`, then `java` on `PATH`.
    pub java_home: Option<PathBuf>,
    /// Weir's cache; default: `WEIR_CACHE`, then `~/.cache/weir`.
    pub cache_dir: Option<PathBuf>,
    /// Where the engine keeps its data (`--data-dir`); default: a temporary directory the engine
    /// deletes when it stops cleanly.
    pub data_dir: Option<PathBuf>,
    /// JVM options (heap, GC); default: `WEIR_ENGINE_JAVA_OPTS` or [`DEFAULT_JAVA_OPTIONS`].
    pub java_options: Vec<String>,
    /// Use the class-data-sharing archive beside the jar when there is one (faster start).
    pub use_cds: bool,
    /// Longest wait from spawning the JVM until its API answers.
    pub startup_timeout: Duration,
    /// Request timeout of the clients handed out by [`LocalEngine::client`].
    pub request_timeout: Duration,
}

impl EngineConfig {
    /// Defaults for a Flink version, taking JVM options from `WEIR_ENGINE_JAVA_OPTS` when set.
    pub fn new(flink_version: impl Into<String>) -> Self {
        let opts = std::env::var("WEIR_ENGINE_JAVA_OPTS")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_JAVA_OPTIONS.to_string());
        EngineConfig {
            flink_version: flink_version.into(),
            flink_home: None,
            engine_jar: None,
            java_home: None,
            cache_dir: None,
            data_dir: None,
            java_options: opts.split_whitespace().map(String::from).collect(),
            use_cds: true,
            startup_timeout: Duration::from_secs(120),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Where the engine is in its life (watch it with [`LocalEngine::status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineStatus {
    /// Not running.
    Stopped,
    /// Looking for Java and the jars.
    Locating,
    /// The JVM was spawned; waiting for its handshake.
    StartingJvm,
    /// The engine listens on this port; waiting for its API to answer.
    Listening {
        /// The loopback port.
        port: u16,
    },
    /// The engine answers at this base URL.
    Ready {
        /// `http://127.0.0.1:<port>`.
        url: String,
    },
    /// The last start failed with this message.
    Failed {
        /// What went wrong and what to do.
        message: String,
    },
}

/// Why the local engine could not be found, started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No `java` on PATH and no JAVA_HOME.
    #[error(
        "Java 17+ not found: install openjdk-17-jre (or any Java 17 or newer) or set JAVA_HOME"
    )]
    JavaNotFound,
    /// JAVA_HOME does not hold `bin/java`.
    #[error("JAVA_HOME is {java_home:?} but it has no bin/java: point JAVA_HOME at a Java 17+ installation or unset it")]
    JavaHomeInvalid {
        /// The configured home.
        java_home: PathBuf,
    },
    /// The Java found is older than 17.
    #[error("{java:?} is Java {major}; the engine needs Java 17+: install openjdk-17-jre or set JAVA_HOME to a newer Java")]
    JavaTooOld {
        /// The executable found.
        java: PathBuf,
        /// Its major version.
        major: u32,
    },
    /// Flink's jars are not where they were looked for.
    #[error("Flink {version} jars not found under {lib:?}: run scripts/flink-jars.sh {version} or set FLINK_HOME")]
    FlinkNotFound {
        /// The Flink version wanted.
        version: String,
        /// The `lib/` directory searched.
        lib: PathBuf,
    },
    /// The jars found belong to another Flink version.
    #[error("{lib:?} holds {found}, not Flink {version}: run scripts/flink-jars.sh {version} or point FLINK_HOME at Flink {version}")]
    FlinkVersionMismatch {
        /// The Flink version wanted.
        version: String,
        /// The `lib/` directory searched.
        lib: PathBuf,
        /// The flink-dist jar(s) found.
        found: String,
    },
    /// The engine jar was not built.
    #[error("Weir's engine for Flink {version} is not built ({jar:?} is missing): run engine/build.sh {version}")]
    EngineJarNotFound {
        /// The Flink version wanted.
        version: String,
        /// The jar looked for.
        jar: PathBuf,
    },
    /// The JVM could not be spawned.
    #[error("cannot start {java:?}: {reason}")]
    Spawn {
        /// The Java executable.
        java: PathBuf,
        /// The OS error.
        reason: String,
    },
    /// The JVM exited before it was ready.
    #[error("the engine exited while starting ({status}); its last messages:\n{stderr_tail}")]
    ExitedAtStart {
        /// Exit status.
        status: String,
        /// The end of its stderr.
        stderr_tail: String,
    },
    /// The engine did not get ready in time.
    #[error("the engine did not start within {waited:?} (waiting for {stage}); the machine may be overloaded; its last messages:\n{stderr_tail}")]
    StartTimeout {
        /// The startup timeout.
        waited: Duration,
        /// What was awaited.
        stage: &'static str,
        /// The end of its stderr.
        stderr_tail: String,
    },
    /// The first stdout line was not the handshake.
    #[error("the engine's first line was {line:?}, not `WEIR_ENGINE_LISTENING port=N`: the engine jar does not match this Weir; rebuild it with engine/build.sh")]
    BadHandshake {
        /// The line received.
        line: String,
    },
    /// The engine could not be stopped.
    #[error("cannot stop the engine (pid {pid:?}): {reason}")]
    Stop {
        /// Its process id.
        pid: Option<u32>,
        /// The OS error.
        reason: String,
    },
    /// Talking to the started engine failed.
    #[error(transparent)]
    Gateway(#[from] GatewayError),
}

/// Weir's local engine: started on first use, restarted when it died, stopped on drop.
#[derive(Debug)]
pub struct LocalEngine {
    config: EngineConfig,
    status: watch::Sender<EngineStatus>,
    process: Mutex<Option<EngineProcess>>,
}

impl LocalEngine {
    /// An engine that is not started yet.
    pub fn new(config: EngineConfig) -> Self {
        LocalEngine {
            config,
            status: watch::Sender::new(EngineStatus::Stopped),
            process: Mutex::new(None),
        }
    }

    /// Progress and state changes (Locating → StartingJvm → Listening → Ready, or Failed).
    pub fn status(&self) -> watch::Receiver<EngineStatus> {
        self.status.subscribe()
    }

    /// Starts the engine unless it runs (restarting it when it died); returns its base URL.
    pub async fn ensure_running(&self) -> Result<String, EngineError> {
        let mut guard = self.process.lock().await;
        if let Some(p) = guard.as_mut() {
            if p.alive() {
                return Ok(p.url.clone());
            }
            tracing::warn!("the local engine (pid {:?}) died; starting it again", p.pid);
            *guard = None;
        }
        self.status.send_replace(EngineStatus::Locating);
        let started = async {
            let paths = locate(&self.config)?;
            self.status.send_replace(EngineStatus::StartingJvm);
            process::start(&self.config, &paths, |port| {
                self.status.send_replace(EngineStatus::Listening { port });
            })
            .await
        }
        .await;
        match started {
            Ok(p) => {
                let url = p.url.clone();
                *guard = Some(p);
                self.status
                    .send_replace(EngineStatus::Ready { url: url.clone() });
                Ok(url)
            }
            Err(e) => {
                self.status.send_replace(EngineStatus::Failed {
                    message: e.to_string(),
                });
                Err(e)
            }
        }
    }

    /// Notices an engine that died since it was started: marks it Failed (it is started again on
    /// next use) and returns how it ended. `None` while it runs or when it is not started.
    pub async fn check(&self) -> Option<String> {
        let mut guard = self.process.lock().await;
        let ended = guard.as_mut()?.exited()?;
        let pid = guard.take().and_then(|p| p.pid);
        let message = format!("the local engine (pid {pid:?}) stopped unexpectedly: {ended}");
        tracing::warn!("{message}");
        self.status.send_replace(EngineStatus::Failed {
            message: message.clone(),
        });
        Some(message)
    }

    /// A gateway client for the engine, starting the engine first when needed.
    pub async fn client(&self) -> Result<GatewayClient, EngineError> {
        let url = self.ensure_running().await?;
        let mut config = GatewayConfig::new(url);
        config.request_timeout = self.config.request_timeout;
        Ok(GatewayClient::connect(config).await?)
    }

    /// The engine's process id while it runs.
    pub async fn pid(&self) -> Option<u32> {
        self.process.lock().await.as_ref().and_then(|p| p.pid)
    }

    /// The JobManager REST URL of the engine's MiniCluster, once the engine has reported it.
    pub async fn cluster_rest_url(&self) -> Option<String> {
        let guard = self.process.lock().await;
        let p = guard.as_ref()?;
        p.cluster_rest.lock().ok().and_then(|c| c.clone())
    }

    /// Stops the engine (clean shutdown within 8 s, then killed) and waits until it is gone.
    pub async fn stop(&self) -> Result<(), EngineError> {
        let taken = self.process.lock().await.take();
        let result = match taken {
            Some(p) => p.stop(Duration::from_secs(8)).await,
            None => Ok(()),
        };
        self.status.send_replace(EngineStatus::Stopped);
        result
    }
}

impl Drop for LocalEngine {
    fn drop(&mut self) {
        let Some(p) = self.process.get_mut().take() else {
            return;
        };
        // Stop cleanly in the background when a runtime is there; otherwise the child is killed
        // on drop (and an engine whose parent is gone exits by itself).
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let _ = p.stop(Duration::from_secs(8)).await;
            });
        }
    }
}
