//! A job stopped with a savepoint and started again from it, on the real local engine: the run
//! that restores it runs the script's set-up and the job's statement only, in a session of its
//! own, and the new job's checkpoint statistics name the savepoint it restored from.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use weir::engine::{Engine, EngineSettings};
use weir::jobs::{restart_script, JobManagerTarget, Jobs, WaitLimits};
use weir::run::{ConnectionProfile, RunRequest, RunScope, RunUpdate, Runs, StatementStatus};

fn engine_installed() -> bool {
    match weir::engine::locate(&EngineSettings::default().config()) {
        Ok(_) => true,
        Err(e) => {
            assert!(
                std::env::var_os("WEIR_REQUIRE_ENGINE").is_none(),
                "WEIR_REQUIRE_ENGINE is set but the engine is not installed: {e}"
            );
            println!("SKIPPED: the local engine is not installed here ({e})");
            false
        }
    }
}

async fn finished(updates: &Arc<Mutex<Vec<RunUpdate>>>, run_id: u64) -> RunUpdate {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(u) = updates
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|u| u.run_id == run_id && u.finished)
        {
            return u.clone();
        }
        assert!(Instant::now() < deadline, "run {run_id} did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The job id the run's last statement started.
fn job_of(u: &RunUpdate) -> String {
    assert!(
        u.statements.iter().all(|s| s.status == StatementStatus::Ok),
        "{u:?}"
    );
    u.statements
        .last()
        .and_then(|s| s.job_id.clone())
        .unwrap_or_else(|| panic!("no job id: {u:?}"))
}

async fn wait_state(jobs: &Jobs, job: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let s = jobs.status(job).await.expect("status");
        if s.state == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "job {job} is {} not {want}",
            s.state
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_stopped_with_a_savepoint_restarts_from_it() {
    if !engine_installed() {
        return;
    }
    let engine = Engine::new(EngineSettings::default());
    let runs = Runs::new(engine.clone());
    let updates: Arc<Mutex<Vec<RunUpdate>>> = Arc::default();
    let sink = {
        let updates = updates.clone();
        Arc::new(move |u: RunUpdate| updates.lock().unwrap().push(u))
    };
    let local = ConnectionProfile::local();
    let request = RunRequest {
        script_id: 7,
        scope: RunScope::Script,
        connection: "local".into(),
        mode: Some("streaming".into()),
        max_rows: None,
    };
    let script = "SET 'execution.checkpointing.interval' = '2s';\n\
        CREATE TABLE src (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');\n\
        CREATE TABLE snk (n BIGINT) WITH ('connector' = 'blackhole');\n\
        SHOW TABLES;\n\
        INSERT INTO snk SELECT n FROM src;\n";
    let first = runs
        .start(&request, &local, script, &Default::default(), sink.clone())
        .await
        .expect("run starts");
    let job = job_of(&finished(&updates, first.run_id).await);

    let jobs = Jobs::new(&JobManagerTarget::local_engine(&engine).await.expect("jm")).unwrap();
    wait_state(&jobs, &job, "RUNNING").await;
    let dir = tempfile::tempdir().unwrap();
    let target = format!("file://{}", dir.path().display());
    let done = jobs
        .stop(&job, Some(&target), false, WaitLimits::default(), |_| {})
        .await
        .expect("stop with savepoint");
    assert!(done.path.contains(dir.path().to_str().unwrap()), "{done:?}");

    // The restart: set-up and the job's INSERT, from the savepoint, in a session of its own.
    let text = restart_script(script, "INSERT INTO snk SELECT n FROM src");
    assert!(!text.contains("SHOW"), "{text}");
    let again = runs
        .restore(&request, &local, &text, &done.path, sink.clone())
        .await
        .expect("restore starts");
    let restarted = job_of(&finished(&updates, again.run_id).await);
    assert_ne!(restarted, job);
    wait_state(&jobs, &restarted, "RUNNING").await;
    // Flink's own statistics name the savepoint the new job restored from.
    let deadline = Instant::now() + Duration::from_secs(60);
    let restored = loop {
        let v = jobs.show(&restarted).await.expect("show");
        if let Some(r) = v.checkpoints.as_ref().and_then(|c| c.restored_from.clone()) {
            break r;
        }
        assert!(
            Instant::now() < deadline,
            "no restore in {:?}",
            v.checkpoints
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(restored.is_savepoint, "{restored:?}");
    assert_eq!(
        restored.path.as_deref().map(|p| p.trim_end_matches('/')),
        Some(done.path.trim_end_matches('/')),
        "{restored:?}"
    );
    jobs.cancel(&restarted, WaitLimits::default(), |_| {})
        .await
        .expect("cancel");
    runs.close_all().await;
    // not what this test is about; the engine is killed when dropped anyway
    if let Err(e) = engine.stop().await {
        eprintln!("the engine did not stop cleanly: {e}");
    }
}
