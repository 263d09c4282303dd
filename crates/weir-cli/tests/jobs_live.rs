//! `weir jobs` against real standalone Flink 2.3.0 and 1.20.3 clusters (scripts/flink-cluster.sh),
//! jobs submitted through Weir's local engine with `execution.target=remote`: a running job listed
//! RUNNING, a job failing at runtime shown FAILED with its root cause, a savepoint's path that
//! exists, a savepoint into an unwritable directory failing with Flink's cause, stop with a
//! savepoint ending the job FINISHED, a job restored from that savepoint, cancel to CANCELED, an
//! unknown job and a refused connection as clear errors. Skipped (with a message) when the engine
//! or Flink's jars are not installed, unless `WEIR_REQUIRE_ENGINE` is set.
//!
//! One cluster per version, reused by every case, started by this test in its own state directory
//! and stopped at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use weir_connect::engine::{locate, EngineConfig, LocalEngine};
use weir_connect::gateway::{
    GatewayClient, RunOptions, SessionHandle, SessionOptions, StatementEvent,
};
use weir_connect::jobmanager::{JobManagerClient, JobManagerConfig, JobState};

const VERSIONS: [&str; 2] = ["2.3.0", "1.20.3"];

fn cluster_script() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/flink-cluster.sh"
    ))
}

/// A cluster of this test's own (state under a temporary WEIR_CACHE whose `flink` links to the
/// cached jars), so other live tests that start and stop the shared cluster cannot stop it under
/// this one; stopped when dropped.
struct Cluster {
    version: &'static str,
    url: String,
    cache: tempfile::TempDir,
}

/// The cache the jars are in (as scripts/flink-jars.sh and flink-cluster.sh find it).
fn shared_cache() -> PathBuf {
    std::env::var_os("WEIR_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/weir")))
        .unwrap_or_default()
}

impl Cluster {
    fn start(version: &'static str) -> Result<Cluster, String> {
        let cache = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::os::unix::fs::symlink(shared_cache().join("flink"), cache.path().join("flink"))
            .map_err(|e| e.to_string())?;
        let out = Command::new(cluster_script())
            .args(["start", "--flink", version])
            .env("WEIR_CACHE", cache.path())
            .output()
            .map_err(|e| e.to_string())?;
        let cluster = Cluster {
            version,
            url: String::from_utf8_lossy(&out.stdout)
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string(),
            cache,
        };
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(cluster_script())
            .args(["stop", "--flink", self.version])
            .env("WEIR_CACHE", self.cache.path())
            .output();
    }
}

fn skip_or_fail(why: &str) {
    assert!(
        std::env::var_os("WEIR_REQUIRE_ENGINE").is_none(),
        "WEIR_REQUIRE_ENGINE is set but {why}"
    );
    eprintln!("SKIPPED jobs_live: {why}");
    println!("SKIPPED: {why}");
}

/// `weir jobs ARGS…` with an empty workspace; its output.
fn weir_jobs(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(ws)
        .arg("jobs")
        .args(args)
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .stdin(Stdio::null())
        .output()
        .expect("weir runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs one statement to its end; the job id it started, if any.
async fn run(client: &GatewayClient, session: &SessionHandle, sql: &str) -> Option<String> {
    let mut run = client.run_statement(session, sql, RunOptions::default());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut job = None;
    loop {
        let ev = tokio::time::timeout_at(deadline, run.next())
            .await
            .unwrap_or_else(|_| panic!("{sql}: no end within 60 s"));
        match ev {
            None | Some(StatementEvent::Finished { .. }) | Some(StatementEvent::Cancelled) => {
                return job
            }
            Some(StatementEvent::JobId(j)) => job = Some(j),
            Some(StatementEvent::Failed(e)) => panic!("{sql}: {e}"),
            Some(_) => {}
        }
    }
}

/// Submits `sql` as a job named `name`; its id.
async fn submit(client: &GatewayClient, session: &SessionHandle, name: &str, sql: &str) -> String {
    run(client, session, &format!("SET 'pipeline.name' = '{name}'")).await;
    run(client, session, sql).await.expect("a job id")
}

/// Polls the job until `done` holds for its state (deadline 60 s); returns the states seen.
async fn wait_state(
    jm: &JobManagerClient,
    job: &str,
    done: impl Fn(&JobState) -> bool,
) -> Vec<JobState> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen: Vec<JobState> = Vec::new();
    loop {
        let s = jm.job(job).await.expect("job details").state;
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if done(&s) {
            return seen;
        }
        assert!(Instant::now() < deadline, "job {job}: states {seen:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weir_jobs_on_a_real_cluster_list_show_savepoint_stop_restore_cancel_and_fail() {
    for version in VERSIONS {
        live(version).await;
    }
}

async fn live(flink: &'static str) {
    let config = EngineConfig::new(flink);
    if let Err(e) = locate(&config) {
        return skip_or_fail(&format!(
            "the engine for Flink {flink} is not installed: {e}"
        ));
    }
    let t0 = Instant::now();
    let cluster = match Cluster::start(flink) {
        Ok(c) => c,
        Err(e) => return skip_or_fail(&format!("the Flink {flink} cluster does not start: {e}")),
    };
    let url = cluster.url.clone();
    let port = url.rsplit(':').next().unwrap_or("").to_string();
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path().join("ws");
    let savepoints = tmp.path().join("savepoints");
    std::fs::create_dir_all(&savepoints).expect("savepoint dir");
    let sp_dir = format!("file://{}", savepoints.display());
    let mut config = config;
    config.data_dir = Some(tmp.path().join("engine"));
    let engine = LocalEngine::new(config);
    let client = engine.client().await.expect("engine starts");
    let session = client
        .open_session(&SessionOptions {
            session_name: Some("weir-jobs-live".into()),
            properties: BTreeMap::from([
                ("execution.target".to_string(), "remote".to_string()),
                ("rest.address".to_string(), "127.0.0.1".to_string()),
                ("rest.port".to_string(), port),
                (
                    "execution.runtime-mode".to_string(),
                    "streaming".to_string(),
                ),
            ]),
        })
        .await
        .expect("session");
    for sql in [
        "CREATE TABLE gen (k INT, v BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50')",
        "CREATE TABLE sink (k INT, v BIGINT) WITH ('connector' = 'blackhole')",
        "CREATE TABLE strs (s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5', 'fields.s.length' = '6')",
        "CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole')",
        "SET 'restart-strategy.type' = 'none'",
    ] {
        run(&client, &session, sql).await;
    }
    let running = submit(
        &client,
        &session,
        "weir-jobs-running",
        "INSERT INTO sink SELECT k, v FROM gen",
    )
    .await;
    let to_cancel = submit(
        &client,
        &session,
        "weir-jobs-cancel",
        "INSERT INTO sink SELECT k, v FROM gen",
    )
    .await;
    let failing = submit(
        &client,
        &session,
        "weir-jobs-failing",
        "INSERT INTO ints SELECT CAST(s AS INT) FROM strs",
    )
    .await;
    let jm = JobManagerClient::new(JobManagerConfig::new(&url)).expect("client");
    wait_state(&jm, &running, |s| *s == JobState::Running).await;
    wait_state(&jm, &to_cancel, |s| *s == JobState::Running).await;

    // list: the running job with RUNNING and its start time.
    let t = Instant::now();
    let out = weir_jobs(&ws, &["list", "--jobmanager", &url]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&running))
        .unwrap_or_else(|| panic!("{running} not listed:\n{stdout}"));
    assert!(
        line.contains(" RUNNING ") && line.ends_with("weir-jobs-running"),
        "{line}"
    );
    let start = line.split_whitespace().nth(2).unwrap_or("");
    assert!(
        start.starts_with("20") && start.ends_with('Z'),
        "a start time: {line}"
    );
    let out = weir_jobs(&ws, &["list", "--jobmanager", &url, "--format", "json"]);
    let list: Value = serde_json::from_slice(&out.stdout).expect("list JSON");
    let row = list["jobs"]
        .as_array()
        .and_then(|a| a.iter().find(|j| j["id"] == running.as_str()))
        .expect("listed in JSON");
    assert_eq!(row["state"], "RUNNING");
    assert!(row["startTime"].as_i64().is_some() && list["observedAtMs"].as_i64().is_some());
    println!("{flink} list: {:.2} s", t.elapsed().as_secs_f64());

    // savepoint: a path that exists.
    let t = Instant::now();
    let out = weir_jobs(
        &ws,
        &[
            "savepoint",
            &running,
            "--jobmanager",
            &url,
            "--dir",
            &sp_dir,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = text(&out.stdout).trim().to_string();
    let local = PathBuf::from(path.trim_start_matches("file:"));
    assert!(local.starts_with(&savepoints), "{path}");
    assert!(local.join("_metadata").is_file(), "{path}");
    println!("{flink} savepoint: {:.2} s", t.elapsed().as_secs_f64());

    // savepoint into a directory that cannot be created: exit 1 with Flink's cause.
    let t = Instant::now();
    let out = weir_jobs(
        &ws,
        &[
            "savepoint",
            &running,
            "--jobmanager",
            &url,
            "--dir",
            "file:///proc/weir-not-writable/savepoints",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "weir: savepoint of job {running} on {url} failed: "
        )) && err.contains("Failed to create savepoint directory"),
        "{err}"
    );
    assert!(text(&out.stdout).is_empty());
    println!(
        "{flink} savepoint unwritable: {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // A job failing at runtime: FAILED with its root cause first.
    wait_state(&jm, &failing, JobState::is_terminal).await;
    let t = Instant::now();
    let out = weir_jobs(&ws, &["show", &failing, "--jobmanager", &url]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("\nstate     FAILED (observed at "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nroot cause  For input string")
            && stdout.contains("(java.lang.NumberFormatException)"),
        "{stdout}"
    );
    let out = weir_jobs(
        &ws,
        &["show", &failing, "--jobmanager", &url, "--format", "json"],
    );
    let view: Value = serde_json::from_slice(&out.stdout).expect("show JSON");
    assert_eq!(view["job"]["state"], "FAILED");
    assert_eq!(
        view["failures"][0]["rootCauseClass"],
        "java.lang.NumberFormatException"
    );
    assert!(
        view["failures"][0]["trace"]
            .as_str()
            .is_some_and(|t| t.contains("Caused by: java.lang.NumberFormatException")),
        "the full trace is kept"
    );
    println!("{flink} show failed: {:.2} s", t.elapsed().as_secs_f64());

    // show of the running job: vertices with parallelism and records, checkpoints.
    let out = weir_jobs(
        &ws,
        &["show", &running, "--jobmanager", &url, "--format", "json"],
    );
    let view: Value = serde_json::from_slice(&out.stdout).expect("show JSON");
    assert_eq!(view["job"]["state"], "RUNNING");
    let vertices = view["vertices"].as_array().expect("vertices");
    assert!(!vertices.is_empty());
    assert!(vertices
        .iter()
        .all(|v| v["parallelism"].as_u64() >= Some(1)));
    assert!(
        view["checkpoints"]["completed"].as_u64() >= Some(1),
        "{view}"
    );
    assert!(view["checkpoints"]["latestSavepoint"]["path"]
        .as_str()
        .is_some_and(|p| p == path));

    // Unknown job; nothing listening.
    let none = "0".repeat(32);
    let out = weir_jobs(&ws, &["show", &none, "--jobmanager", &url]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!("weir: job {none} not found on {url}")),
        "{err}"
    );
    let t = Instant::now();
    let out = weir_jobs(&ws, &["list", "--jobmanager", "http://127.0.0.1:1"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert!(
        err.contains("http://127.0.0.1:1/jobs/overview: connection refused"),
        "{err}"
    );

    // cancel: CANCELED.
    let t = Instant::now();
    let out = weir_jobs(&ws, &["cancel", &to_cancel, "--jobmanager", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with(&format!("job {to_cancel} CANCELED (observed at ")),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        jm.job(&to_cancel).await.expect("job").state,
        JobState::Canceled
    );
    println!("{flink} cancel: {:.2} s", t.elapsed().as_secs_f64());

    // stop with a savepoint: FINISHED, and the path exists.
    let t = Instant::now();
    let out = weir_jobs(
        &ws,
        &[
            "stop",
            &running,
            "--jobmanager",
            &url,
            "--savepoint-dir",
            &sp_dir,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let done: Value = serde_json::from_slice(&out.stdout).expect("stop JSON");
    assert_eq!(done["jobStatus"]["state"], "FINISHED", "{done}");
    let stopped_at = done["path"].as_str().expect("a path").to_string();
    assert_ne!(stopped_at, path);
    assert!(
        PathBuf::from(stopped_at.trim_start_matches("file:"))
            .join("_metadata")
            .is_file(),
        "{stopped_at}"
    );
    println!("{flink} stop: {:.2} s", t.elapsed().as_secs_f64());

    // Restored from that savepoint (SET 'execution.savepoint.path'): `show` says so.
    let t = Instant::now();
    run(
        &client,
        &session,
        &format!("SET 'execution.savepoint.path' = '{stopped_at}'"),
    )
    .await;
    let restored = submit(
        &client,
        &session,
        "weir-jobs-restored",
        "INSERT INTO sink SELECT k, v FROM gen",
    )
    .await;
    run(&client, &session, "RESET 'execution.savepoint.path'").await;
    wait_state(&jm, &restored, |s| *s == JobState::Running).await;
    let out = weir_jobs(
        &ws,
        &["show", &restored, "--jobmanager", &url, "--format", "json"],
    );
    let view: Value = serde_json::from_slice(&out.stdout).expect("show JSON");
    assert_eq!(
        view["checkpoints"]["restoredFrom"]["path"], stopped_at,
        "{view}"
    );
    assert_eq!(view["checkpoints"]["restoredFrom"]["isSavepoint"], true);
    let out = weir_jobs(&ws, &["cancel", &restored, "--jobmanager", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    println!("{flink} restore: {:.2} s", t.elapsed().as_secs_f64());

    let _ = client.close_session(&session).await;
    engine.stop().await.expect("engine stops");
    drop(cluster);
    println!("jobs_live {flink}: {:.1} s", t0.elapsed().as_secs_f64());
}
