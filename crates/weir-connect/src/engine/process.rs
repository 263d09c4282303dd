//! The engine's JVM process: the java command line (as engine/run.sh builds it), the stdout
//! handshake, draining stderr, the readiness probe, and a graceful stop.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::time::Instant;

use super::locate::EnginePaths;
use super::{EngineConfig, EngineError};
use crate::gateway::{GatewayClient, GatewayConfig};

/// Lines of stderr kept to explain a failed start.
const STDERR_LINES: usize = 40;

/// A started engine JVM.
#[derive(Debug)]
pub(crate) struct EngineProcess {
    pub(crate) child: Child,
    pub(crate) pid: Option<u32>,
    pub(crate) url: String,
    /// Closing stdin makes the engine (started with --watch-stdin) shut down cleanly.
    pub(crate) stdin: Option<ChildStdin>,
    pub(crate) cluster_rest: Arc<Mutex<Option<String>>>,
    pub(crate) stderr_tail: Arc<Mutex<VecDeque<String>>>,
    /// The JVM's own temp directory, removed after it (declared last: dropped after the child).
    pub(crate) _tmp: EngineTmp,
}

/// A private `java.io.tmpdir` for one engine JVM. Flink unpacks its 45 MB planner jar into the
/// temp directory and deletes it only when the JVM exits cleanly; a killed engine left one behind
/// at every start. The directory is locked while its engine runs, removed when the engine is
/// dropped, and the ones a crashed Weir left are removed at the next start.
#[derive(Debug)]
pub(crate) struct EngineTmp {
    dir: std::path::PathBuf,
    _lock: std::fs::File,
}

const LOCK_FILE: &str = ".weir-engine.lock";

impl EngineTmp {
    /// A new directory under `root` (created), after removing the unlocked ones there.
    pub(crate) fn create(root: &std::path::Path) -> std::io::Result<EngineTmp> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        std::fs::create_dir_all(root)?;
        Self::sweep(root);
        let dir = root.join(format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        let lock = std::fs::File::create(dir.join(LOCK_FILE))?;
        lock.try_lock().map_err(|e| match e {
            std::fs::TryLockError::Error(e) => e,
            std::fs::TryLockError::WouldBlock => std::io::Error::other("locked by another engine"),
        })?;
        Ok(EngineTmp { dir, _lock: lock })
    }

    /// Removes the directories under `root` whose engine is gone (their lock is free). One
    /// without a lock file is being created, or is not ours: it stays.
    fn sweep(root: &std::path::Path) {
        let Ok(entries) = std::fs::read_dir(root) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(lock) = std::fs::File::open(path.join(LOCK_FILE)) else {
                continue;
            };
            if lock.try_lock().is_ok() {
                drop(lock);
                match std::fs::remove_dir_all(&path) {
                    Ok(()) => {
                        tracing::info!("removed a stopped engine's temp files {}", path.display())
                    }
                    Err(e) => tracing::warn!("could not remove {}: {e}", path.display()),
                }
            }
        }
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        &self.dir
    }
}

impl Drop for EngineTmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The JVM's arguments, in engine/run.sh's order.
pub(crate) fn java_args(
    config: &EngineConfig,
    paths: &EnginePaths,
    parent_pid: u32,
    tmp: &std::path::Path,
) -> Vec<String> {
    let mut args: Vec<String> = config.java_options.clone();
    args.push(format!("-Djava.io.tmpdir={}", tmp.display()));
    args.push("-Xlog:disable".into());
    args.push("-Xlog:all=warning:stderr".into());
    if let Some(jsa) = &paths.cds_archive {
        args.push(format!("-XX:SharedArchiveFile={}", jsa.display()));
        args.push("-Xshare:auto".into());
    }
    for export in [
        "java.rmi/sun.rmi.registry",
        "java.security.jgss/sun.security.krb5",
    ] {
        args.push(format!("--add-exports={export}=ALL-UNNAMED"));
    }
    for open in [
        "java.lang",
        "java.net",
        "java.io",
        "java.nio",
        "sun.nio.ch",
        "java.lang.reflect",
        "java.text",
        "java.time",
        "java.util",
        "java.util.concurrent",
        "java.util.concurrent.atomic",
        "java.util.concurrent.locks",
    ] {
        args.push(format!("--add-opens=java.base/{open}=ALL-UNNAMED"));
    }
    let sep = if cfg!(windows) { ";" } else { ":" };
    // `lib/*` is expanded by the java launcher itself, not by a shell.
    args.push("-cp".into());
    args.push(format!(
        "{}{sep}{}",
        paths.flink_lib.join("*").display(),
        paths.engine_jar.display()
    ));
    args.push("dev.weir.engine.Main".into());
    args.extend(
        [
            "--port",
            "0",
            "--parent-pid",
            &parent_pid.to_string(),
            "--watch-stdin",
        ]
        .map(String::from),
    );
    if let Some(dir) = &config.data_dir {
        args.push("--data-dir".into());
        args.push(dir.display().to_string());
    }
    args
}

fn tail(lines: &Mutex<VecDeque<String>>) -> String {
    match lines.lock() {
        Ok(l) => l.iter().cloned().collect::<Vec<_>>().join("\n"),
        Err(_) => String::new(),
    }
}

/// Starts the JVM, waits for `WEIR_ENGINE_LISTENING port=N` and for `/api_versions` to answer.
pub(crate) async fn start(
    config: &EngineConfig,
    paths: &EnginePaths,
    on_listening: impl FnOnce(u16),
) -> Result<EngineProcess, EngineError> {
    let deadline = Instant::now() + config.startup_timeout;
    let tmp_root = std::env::temp_dir().join("weir-engine");
    let tmp = EngineTmp::create(&tmp_root).map_err(|e| EngineError::Spawn {
        java: paths.java.clone(),
        reason: format!(
            "cannot make its temp directory in {}: {e}",
            tmp_root.display()
        ),
    })?;
    let mut child = Command::new(&paths.java)
        .args(java_args(config, paths, std::process::id(), tmp.path()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| EngineError::Spawn {
            java: paths.java.clone(),
            reason: e.to_string(),
        })?;
    let pid = child.id();
    let stderr_tail: Arc<Mutex<VecDeque<String>>> = Arc::default();
    if let Some(err) = child.stderr.take() {
        let keep = stderr_tail.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(err).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                tracing::debug!(target: "weir_engine", "{line}");
                if let Ok(mut t) = keep.lock() {
                    if t.len() == STDERR_LINES {
                        t.pop_front();
                    }
                    t.push_back(line);
                }
            }
        });
    }
    let stdout = child.stdout.take();
    let Some(stdout) = stdout else {
        return Err(EngineError::Spawn {
            java: paths.java.clone(),
            reason: "no stdout pipe".into(),
        });
    };
    let mut lines = BufReader::new(stdout).lines();
    let first = match tokio::time::timeout_at(deadline, lines.next_line()).await {
        Err(_) => {
            return Err(EngineError::StartTimeout {
                waited: config.startup_timeout,
                stage: "the engine's first output line",
                stderr_tail: tail(&stderr_tail),
            })
        }
        Ok(Ok(Some(line))) => line,
        Ok(_) => {
            // stdout closed: the JVM exited. Give stderr a moment to be drained.
            let status = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            return Err(EngineError::ExitedAtStart {
                status: match status {
                    Ok(Ok(s)) => s.to_string(),
                    _ => "unknown".into(),
                },
                stderr_tail: tail(&stderr_tail),
            });
        }
    };
    let port: u16 = first
        .trim()
        .strip_prefix("WEIR_ENGINE_LISTENING port=")
        .and_then(|p| p.trim().parse().ok())
        .ok_or_else(|| EngineError::BadHandshake {
            line: first.clone(),
        })?;
    on_listening(port);
    let cluster_rest: Arc<Mutex<Option<String>>> = Arc::default();
    let keep = cluster_rest.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.trim().strip_prefix("WEIR_ENGINE_CLUSTER rest=") {
                if let Ok(mut c) = keep.lock() {
                    *c = Some(url.to_string());
                }
            }
        }
    });
    let url = format!("http://127.0.0.1:{port}");
    let mut process = EngineProcess {
        child,
        pid,
        url,
        stdin: None,
        cluster_rest,
        stderr_tail,
        _tmp: tmp,
    };
    process.stdin = process.child.stdin.take();
    wait_ready(config, &mut process, deadline).await?;
    Ok(process)
}

/// Polls `/api_versions` until it answers, the JVM dies, or the deadline passes.
async fn wait_ready(
    config: &EngineConfig,
    process: &mut EngineProcess,
    deadline: Instant,
) -> Result<(), EngineError> {
    let mut delay = Duration::from_millis(20);
    loop {
        let mut gw = GatewayConfig::new(process.url.clone());
        gw.request_timeout = config.request_timeout.min(Duration::from_secs(5));
        let last_error = match GatewayClient::connect(gw).await {
            Ok(_) => return Ok(()),
            Err(e) => e.to_string(),
        };
        if let Ok(Some(status)) = process.child.try_wait() {
            tokio::time::sleep(Duration::from_millis(100)).await;
            return Err(EngineError::ExitedAtStart {
                status: status.to_string(),
                stderr_tail: tail(&process.stderr_tail),
            });
        }
        if Instant::now() + delay > deadline {
            return Err(EngineError::StartTimeout {
                waited: config.startup_timeout,
                stage: "the engine's SQL Gateway API to answer",
                stderr_tail: format!("{}\nlast probe: {last_error}", tail(&process.stderr_tail)),
            });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_millis(250));
    }
}

impl EngineProcess {
    /// Whether the JVM is still running.
    pub(crate) fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// How the JVM ended, with the end of its stderr, once it has exited.
    pub(crate) fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(format!(
                "{status}; its last messages:\n{}",
                tail(&self.stderr_tail)
            )),
            _ => None,
        }
    }

    /// Closes stdin (the engine then runs its shutdown hooks, 5 s at most), waits, kills if needed.
    pub(crate) async fn stop(mut self, grace: Duration) -> Result<(), EngineError> {
        drop(self.stdin.take());
        match tokio::time::timeout(grace, self.child.wait()).await {
            Ok(Ok(_)) => Ok(()),
            _ => {
                self.child.kill().await.map_err(|e| EngineError::Stop {
                    pid: self.pid,
                    reason: e.to_string(),
                })?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn engine_temp_dirs_are_private_and_swept_once_their_engine_is_gone() {
        let root = tempfile::tempdir().unwrap();
        let a = EngineTmp::create(root.path()).unwrap();
        std::fs::write(a.path().join("flink-table-planner_x.jar"), b"jar").unwrap();
        // A second engine's start leaves the running one's alone.
        let b = EngineTmp::create(root.path()).unwrap();
        assert_ne!(a.path(), b.path());
        assert!(a.path().join("flink-table-planner_x.jar").exists());
        // Dropped: removed.
        let b_path = b.path().to_path_buf();
        drop(b);
        assert!(!b_path.exists());
        // Left behind by a crash (the lock is free, the directory still there): swept at the
        // next start; a directory without a lock file is not ours and stays.
        let stale = root.path().join("999-7");
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::write(stale.join(LOCK_FILE), b"").unwrap();
        std::fs::write(stale.join("flink-table-planner_y.jar"), b"jar").unwrap();
        let foreign = root.path().join("other");
        std::fs::create_dir_all(&foreign).unwrap();
        let c = EngineTmp::create(root.path()).unwrap();
        assert!(!stale.exists());
        assert!(foreign.exists());
        assert!(a.path().exists() && c.path().exists());
    }

    #[test]
    fn the_command_line_follows_run_sh() {
        let mut config = EngineConfig::new("2.3.0");
        config.java_options = vec!["-Xmx1g".into()];
        config.data_dir = Some(PathBuf::from("/d"));
        let paths = EnginePaths {
            java: PathBuf::from("/jdk/bin/java"),
            java_major: Some(17),
            flink_lib: PathBuf::from("/flink/lib"),
            engine_jar: PathBuf::from("/cache/weir-engine.jar"),
            cds_archive: Some(PathBuf::from("/cache/weir-engine.jsa")),
        };
        let args = java_args(
            &config,
            &paths,
            42,
            std::path::Path::new("/tmp/weir-engine/1-0"),
        );
        assert_eq!(args[0], "-Xmx1g");
        assert_eq!(args[1], "-Djava.io.tmpdir=/tmp/weir-engine/1-0");
        assert_eq!(args[2..4], ["-Xlog:disable", "-Xlog:all=warning:stderr"]);
        assert_eq!(
            args[4..6],
            [
                "-XX:SharedArchiveFile=/cache/weir-engine.jsa",
                "-Xshare:auto"
            ]
        );
        assert!(
            args.contains(&"--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED".into())
        );
        let cp = args
            .iter()
            .position(|a| a == "-cp")
            .map(|i| args[i + 1].clone());
        if cfg!(unix) {
            assert_eq!(cp.as_deref(), Some("/flink/lib/*:/cache/weir-engine.jar"));
        }
        let main = args
            .iter()
            .position(|a| a == "dev.weir.engine.Main")
            .unwrap_or(0);
        assert_eq!(
            args[main + 1..],
            [
                "--port",
                "0",
                "--parent-pid",
                "42",
                "--watch-stdin",
                "--data-dir",
                "/d"
            ]
        );
    }
}
