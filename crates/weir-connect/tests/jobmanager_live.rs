//! The JobManager client against real standalone Flink 2.3.0 and 1.20.3 clusters (scripts/flink-cluster.sh),
//! jobs submitted through Weir's local engine with `execution.target=remote`: a running job listed
//! RUNNING, a savepoint COMPLETED with its path, stop-with-savepoint to FINISHED, cancel to
//! CANCELED, and a job failing at runtime FAILED with its root cause. Skipped (with a message) when
//! the engine or Flink's jars are not installed, unless `WEIR_REQUIRE_ENGINE` is set.
//!
//! Each cluster is started when none is running, and then stopped at the end; one version after
//! the other (about 45 s each).

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use support::collect;
use weir_connect::engine::{locate, EngineConfig, LocalEngine};
use weir_connect::gateway::{GatewayClient, RunOptions, SessionHandle, SessionOptions};
use weir_connect::jobmanager::{
    JobManagerClient, JobManagerConfig, JobManagerError, JobState, SavepointRequest, WaitOptions,
};

const VERSIONS: [&str; 2] = ["2.3.0", "1.20.3"];

fn cluster_script() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/flink-cluster.sh"
    ))
}

/// Stops the cluster when dropped, if this test started it.
struct Cluster {
    version: &'static str,
    url: String,
    started_here: bool,
}

impl Cluster {
    fn start(version: &'static str) -> Result<Cluster, String> {
        let status = Command::new(cluster_script())
            .args(["status", "--flink", version])
            .output()
            .map_err(|e| e.to_string())?;
        let out = Command::new(cluster_script())
            .args(["start", "--flink", version])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let url = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_string();
        Ok(Cluster {
            version,
            url,
            started_here: !status.status.success(),
        })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.started_here {
            let _ = Command::new(cluster_script())
                .args(["stop", "--flink", self.version])
                .output();
        }
    }
}

fn skip_or_fail(why: &str) {
    assert!(
        std::env::var_os("WEIR_REQUIRE_ENGINE").is_none(),
        "WEIR_REQUIRE_ENGINE is set but {why}"
    );
    eprintln!("SKIPPED jobmanager_live: {why}");
    println!("SKIPPED: {why}");
}

/// Runs one statement; the job id it started, if any.
async fn run(client: &GatewayClient, session: &SessionHandle, sql: &str) -> Option<String> {
    let o = collect(client.run_statement(session, sql, RunOptions::default())).await;
    if let Some(e) = o.error {
        panic!("{sql}: {e}");
    }
    o.job_id
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
async fn jobs_on_a_real_cluster_run_savepoint_stop_cancel_and_fail() {
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
    let port = cluster.url.rsplit(':').next().unwrap_or("").to_string();
    let data = tempfile::tempdir().expect("data dir");
    let savepoints = tempfile::tempdir().expect("savepoint dir");
    let mut config = config;
    config.data_dir = Some(data.path().to_path_buf());
    let engine = LocalEngine::new(config);
    let client = engine.client().await.expect("engine starts");
    let session = client
        .open_session(&SessionOptions {
            session_name: Some("weir-jobmanager-live".into()),
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
        "SET 'pipeline.name' = 'weir-live-running'",
    ] {
        run(&client, &session, sql).await;
    }
    let running = run(&client, &session, "INSERT INTO sink SELECT k, v FROM gen")
        .await
        .expect("a job id");
    run(
        &client,
        &session,
        "SET 'pipeline.name' = 'weir-live-cancel'",
    )
    .await;
    let to_cancel = run(&client, &session, "INSERT INTO sink SELECT k, v FROM gen")
        .await
        .expect("a job id");
    run(
        &client,
        &session,
        "SET 'pipeline.name' = 'weir-live-failing'",
    )
    .await;
    let failing = run(
        &client,
        &session,
        "INSERT INTO ints SELECT CAST(s AS INT) FROM strs",
    )
    .await
    .expect("a job id");

    let jm = JobManagerClient::new(JobManagerConfig::new(&cluster.url)).expect("client");
    let overview = jm.overview().await.expect("overview");
    assert_eq!(overview.flink_version.as_deref(), Some(flink));

    // The list shows the job RUNNING (once its tasks are deployed).
    wait_state(&jm, &running, |s| *s == JobState::Running).await;
    let jobs = jm.jobs().await.expect("jobs");
    let listed = jobs.iter().find(|j| j.jid == running).expect("listed");
    assert_eq!(
        (listed.name.as_str(), &listed.state),
        ("weir-live-running", &JobState::Running)
    );

    // A savepoint while it runs.
    let dir = format!("file://{}", savepoints.path().display());
    let request = SavepointRequest {
        target_directory: Some(dir.clone()),
        ..SavepointRequest::default()
    };
    let trigger = jm
        .trigger_savepoint(&running, &request)
        .await
        .expect("trigger");
    let options = WaitOptions {
        deadline: Duration::from_secs(60),
        poll_interval: Duration::from_millis(200),
    };
    let location = jm
        .wait_for_savepoint(&running, &trigger, options, |_| {})
        .await
        .expect("savepoint");
    let local = location.trim_start_matches("file:");
    assert!(
        local.starts_with(&savepoints.path().display().to_string()),
        "{location}"
    );
    assert!(
        std::path::Path::new(local).join("_metadata").is_file(),
        "{location}"
    );

    // Into a directory that cannot be created: Flink's cause.
    let bad = SavepointRequest {
        target_directory: Some("file:///proc/weir-not-writable/savepoints".into()),
        ..SavepointRequest::default()
    };
    let trigger = jm.trigger_savepoint(&running, &bad).await.expect("trigger");
    match jm
        .wait_for_savepoint(&running, &trigger, options, |_| {})
        .await
    {
        Err(JobManagerError::SavepointFailed { root_cause, .. }) => {
            assert!(
                root_cause.contains("Failed to create savepoint directory"),
                "{root_cause}"
            )
        }
        other => panic!("{other:?}"),
    }

    // Stop with a savepoint: the job ends FINISHED.
    let trigger = jm
        .stop_with_savepoint(&running, Some(&dir), false)
        .await
        .expect("stop");
    let stopped_at = jm
        .wait_for_savepoint(&running, &trigger, options, |_| {})
        .await
        .expect("stop-with-savepoint");
    assert_ne!(stopped_at, location);
    let states = wait_state(&jm, &running, JobState::is_terminal).await;
    assert_eq!(states.last(), Some(&JobState::Finished), "{states:?}");

    // Cancel.
    wait_state(&jm, &to_cancel, |s| *s == JobState::Running).await;
    jm.cancel(&to_cancel).await.expect("cancel");
    let states = wait_state(&jm, &to_cancel, JobState::is_terminal).await;
    assert_eq!(states.last(), Some(&JobState::Canceled), "{states:?}");

    // The failing job: FAILED with its root cause.
    let states = wait_state(&jm, &failing, JobState::is_terminal).await;
    assert_eq!(states.last(), Some(&JobState::Failed), "{states:?}");
    let cause = jm
        .exceptions(&failing)
        .await
        .expect("exceptions")
        .root_cause()
        .expect("a root cause");
    assert_eq!(
        cause.class.as_deref(),
        Some("java.lang.NumberFormatException"),
        "{cause:?}"
    );
    assert!(cause.message.starts_with("For input string"), "{cause:?}");

    // A job this cluster never ran.
    let e = jm.job(&"0".repeat(32)).await.expect_err("unknown job");
    assert!(
        e.to_string()
            .starts_with(&format!("no job {} on {}", "0".repeat(32), cluster.url)),
        "{e}"
    );

    let _ = client.close_session(&session).await;
    engine.stop().await.expect("engine stops");
    drop(cluster);
    println!(
        "jobmanager_live {flink}: {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}
