//! `weir engine info|check|set`: where the local engine's Java and jars are, a timed start with
//! `SELECT 1` and a few small batch queries (the numbers the engine benchmark records), and the
//! person's own engine settings. Also [`settings_for`]: the engine settings every command uses,
//! where a Java/Flink home named by the workspace needs `--trust-workspace-engine`.

use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use weir::engine::{choose, Engine, EngineSettings};
use weir::run::{plan, ConnectionProfile, ExecOptions, Scope, ScriptRun, Session, StatementStatus};
use weir::user_settings::UserSettings;
use weir::{Access, Store};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print where Java, Flink's jars and the engine jar are (or what to install)
    Info {
        /// Flink version (default: the workspace's setting, else the newest supported)
        #[arg(long)]
        flink: Option<String>,
    },
    /// Start the engine, time SELECT 1 and small batch queries, print its memory, stop it
    Check {
        /// Flink version (default: the workspace's setting, else the newest supported)
        #[arg(long)]
        flink: Option<String>,
        /// Warm queries to time after the first
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Change your own engine settings (kept per user, in Weir's settings file, not in the workspace)
    Set {
        /// A Java 17+ home (empty: JAVA_HOME, then java on PATH)
        #[arg(long, value_name = "DIR")]
        java_home: Option<String>,
        /// Flink's home, whose lib/ holds the jars (empty: FLINK_HOME, then Weir's cache)
        #[arg(long, value_name = "DIR")]
        flink_home: Option<String>,
        /// Flink version of the engine (empty: the newest supported)
        #[arg(long)]
        flink_version: Option<String>,
        /// Start the engine with the app
        #[arg(long)]
        prewarm: Option<bool>,
    },
}

/// `--trust-workspace-engine` was given: a Java/Flink home the workspace names may be used.
pub static TRUST_WORKSPACE_ENGINE: AtomicBool = AtomicBool::new(false);

/// The engine settings for `workspace`: your own (per-user settings); a Java or Flink home the
/// workspace names only with `--trust-workspace-engine` (or a yes given in the app). Says on
/// stderr when the workspace's path is left out, or used.
pub fn settings_for(workspace: &Path) -> EngineSettings {
    let user = UserSettings::load().unwrap_or_else(|e| {
        eprintln!("weir: warning: {e}; the local engine uses its defaults");
        UserSettings::default()
    });
    let in_workspace = Store::open(workspace, Access::ReadOnly)
        .ok()
        .and_then(|s| EngineSettings::stored_in(&s));
    let asked = choose(&user, workspace, in_workspace.as_ref(), false);
    let Some(paths) = asked.untrusted else {
        return asked.settings;
    };
    if TRUST_WORKSPACE_ENGINE.load(Ordering::Relaxed) {
        eprintln!(
            "weir: using what {} (--trust-workspace-engine)",
            paths.describe()
        );
        return choose(&user, workspace, in_workspace.as_ref(), true).settings;
    }
    eprintln!(
        "weir: warning: not using what {}: a workspace can come from anyone, and that path is a \
         program Weir would start. The engine uses your own settings instead. If you trust this \
         workspace, run again with --trust-workspace-engine; to make the path your own setting, \
         run `weir engine set --java-home DIR` (or --flink-home DIR).",
        paths.describe()
    );
    asked.settings
}

fn settings(workspace: &Path, flink: Option<String>) -> EngineSettings {
    let mut s = settings_for(workspace);
    if flink.is_some() {
        s.flink_version = flink;
    }
    s
}

/// `weir engine set`: changes the given fields of your own settings (empty text clears one).
fn set(
    workspace: &Path,
    java_home: Option<String>,
    flink_home: Option<String>,
    flink_version: Option<String>,
    prewarm: Option<bool>,
) -> anyhow::Result<ExitCode> {
    let mut user = UserSettings::load()?;
    let mut s = match user.engine.clone() {
        Some(s) => s,
        None => {
            let in_workspace = Store::open(workspace, Access::ReadOnly)
                .ok()
                .and_then(|s| EngineSettings::stored_in(&s));
            let own = UserSettings::default();
            choose(&own, workspace, in_workspace.as_ref(), false).settings
        }
    };
    let clear = |v: String| Some(v).filter(|v| !v.trim().is_empty());
    if let Some(v) = java_home {
        s.java_home = clear(v);
    }
    if let Some(v) = flink_home {
        s.flink_home = clear(v);
    }
    if let Some(v) = flink_version {
        s.flink_version = clear(v);
    }
    if let Some(v) = prewarm {
        s.prewarm = v;
    }
    user.engine = Some(s.clone());
    user.save()?;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(default)".into());
    eprintln!(
        "saved in {}: java home {}, flink home {}, flink {}, prewarm {}",
        weir::user_settings::path()?.display(),
        show(&s.java_home),
        show(&s.flink_home),
        s.version(),
        s.prewarm
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run(action: Action, workspace: &Path) -> anyhow::Result<ExitCode> {
    match action {
        Action::Info { flink } => {
            let s = settings(workspace, flink);
            match weir::engine::locate(&s.config()) {
                Ok(p) => {
                    println!("flink version: {}", s.version());
                    println!(
                        "java:          {} (Java {})",
                        p.java.display(),
                        p.java_major
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| "?".into())
                    );
                    println!("flink jars:    {}", p.flink_lib.display());
                    println!("engine jar:    {}", p.engine_jar.display());
                    match &p.cds_archive {
                        Some(a) => println!("cds archive:   {}", a.display()),
                        None => println!("cds archive:   none (engine/build.sh --cds makes one)"),
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("weir: {e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Action::Check { flink, runs } => {
            let s = settings(workspace, flink);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .context("cannot start the async runtime")?;
            rt.block_on(check(s, runs))
        }
        Action::Set {
            java_home,
            flink_home,
            flink_version,
            prewarm,
        } => set(workspace, java_home, flink_home, flink_version, prewarm),
    }
}

/// Runs `sql` in a fresh batch session and returns the seconds until it finished.
async fn timed(engine: &Arc<Engine>, sql: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut profile = ConnectionProfile::local();
    profile
        .properties
        .insert("execution.runtime-mode".into(), "batch".into());
    let client = profile
        .client(engine, &weir::databases::Databases::new())
        .await?;
    let session =
        Arc::new(Session::open(client, "local", "weir engine check", &profile.properties).await?);
    let run = ScriptRun::start(
        session.clone(),
        plan(sql, Scope::Script, &Default::default())?,
        ExecOptions::default(),
    );
    run.wait().await;
    let took = started.elapsed().as_secs_f64();
    let infos = run.infos();
    if let Ok(s) = Arc::try_unwrap(session) {
        s.close().await;
    }
    match infos.iter().find(|i| i.status != StatementStatus::Ok) {
        Some(i) => anyhow::bail!(
            "{sql}: {}",
            i.error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| format!("{:?}", i.status))
        ),
        None => Ok(took),
    }
}

fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

async fn check(settings: EngineSettings, runs: usize) -> anyhow::Result<ExitCode> {
    let version = settings.version();
    let engine = Engine::new(settings);
    let started = Instant::now();
    let result = async {
        engine.start().await?;
        let up = started.elapsed().as_secs_f64();
        let first = timed(&engine, "SELECT 1").await?;
        println!("flink {version}: engine answering after {up:.2} s");
        println!("first SELECT 1 done {:.2} s after start ({first:.2} s for the query)", up + first);
        let mut warm = Vec::new();
        for _ in 0..runs {
            warm.push(
                timed(
                    &engine,
                    "SELECT id, name FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(id, name) WHERE id > 1",
                )
                .await?,
            );
        }
        if !warm.is_empty() {
            warm.sort_by(|a, b| a.total_cmp(b));
            println!(
                "warm small batch SELECT over {} runs: median {:.3} s, max {:.3} s",
                warm.len(),
                warm[warm.len() / 2],
                warm[warm.len() - 1]
            );
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        if let Some(pid) = engine.pid().await {
            if let Some(rss) = rss_mib(pid) {
                println!("engine RSS after the queries (idle): {rss:.0} MiB");
            }
        }
        anyhow::Ok(())
    }
    .await;
    let _ = engine.stop().await;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("weir: engine check failed: {e:#}");
            Ok(ExitCode::FAILURE)
        }
    }
}
