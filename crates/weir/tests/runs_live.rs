//! The window's run machinery against the real local engine: a tab's session keeps its SET and
//! CREATE between runs, the statement at the cursor runs alone, a streaming GROUP BY's changelog
//! is applied, and Stop cancels the Flink job (checked in the JobManager's `/jobs/overview`).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use weir::engine::{Engine, EngineSettings};
use weir::run::{ConnectionProfile, RunRequest, RunScope, RunUpdate, Runs, StatementStatus};
use weir_results::{Selection, SortKey, View, WindowQuery};

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

/// GET on the JobManager REST API (plain HTTP on loopback).
fn http_get(base: &str, path: &str) -> String {
    let hostport = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(hostport).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {hostport}\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body.split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

async fn finished(
    updates: &Arc<Mutex<Vec<RunUpdate>>>,
    run_id: u64,
    timeout: Duration,
) -> RunUpdate {
    let deadline = Instant::now() + timeout;
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
        assert!(
            Instant::now() < deadline,
            "run {run_id} did not finish in {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_keep_their_session_apply_changelogs_and_stop_jobs() {
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
    let request = |scope, mode: &str| RunRequest {
        script_id: 1,
        scope,
        connection: "local".into(),
        mode: Some(mode.into()),
        max_rows: None,
    };

    // 1. The whole script: a table, then a streaming GROUP BY whose changelog is applied.
    let script = "CREATE TEMPORARY TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',\n  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '12');\nSELECT n % 3 AS k, COUNT(*) AS cnt, SUM(n) AS total FROM seq GROUP BY n % 3;\n";
    let first = runs
        .start(
            &request(RunScope::Script, "streaming"),
            &local,
            script,
            &Default::default(),
            sink.clone(),
        )
        .await
        .expect("run starts");
    let done = finished(&updates, first.run_id, Duration::from_secs(120)).await;
    assert!(
        done.statements
            .iter()
            .all(|s| s.status == StatementStatus::Ok),
        "{done:?}"
    );
    let group_by = &done.statements[1];
    assert!(group_by.is_query);
    assert_eq!(group_by.rows, 3);
    assert!(
        group_by.changes > 3,
        "the changelog has updates: {}",
        group_by.changes
    );
    let window = runs
        .window(
            first.run_id,
            1,
            &WindowQuery {
                selection: Selection {
                    view: View::Materialized,
                    sort: vec![SortKey {
                        column: 0,
                        descending: false,
                    }],
                    filters: vec![],
                },
                offset: 0,
                limit: 10,
            },
        )
        .unwrap()
        .unwrap();
    let cells: Vec<String> = window
        .rows
        .iter()
        .map(|r| serde_json::to_string(&r.cells).unwrap())
        .collect();
    assert_eq!(
        cells,
        [
            r#"[{"t":"int","v":0},{"t":"int","v":4},{"t":"int","v":30}]"#,
            r#"[{"t":"int","v":1},{"t":"int","v":4},{"t":"int","v":22}]"#,
            r#"[{"t":"int","v":2},{"t":"int","v":4},{"t":"int","v":26}]"#
        ]
    );
    let changelog = runs
        .window(
            first.run_id,
            1,
            &WindowQuery {
                selection: Selection::of(View::Changelog),
                offset: 0,
                limit: 100,
            },
        )
        .unwrap()
        .unwrap();
    let kinds: std::collections::BTreeSet<String> = changelog
        .rows
        .iter()
        .map(|r| serde_json::to_string(&r.kind).unwrap())
        .collect();
    assert!(
        kinds.contains("\"-U\"") && kinds.contains("\"+U\""),
        "{kinds:?}"
    );

    // 2. The statement at the cursor alone, in the same session: the table still exists.
    let text = "SELECT 1;\nSELECT COUNT(*) FROM seq;\n";
    let at = text.find("COUNT").unwrap() as u64;
    let second = runs
        .start(
            &request(RunScope::Cursor { at }, "streaming"),
            &local,
            text,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    assert_eq!(second.statements.len(), 1);
    let done = finished(&updates, second.run_id, Duration::from_secs(60)).await;
    assert_eq!(done.statements[0].status, StatementStatus::Ok, "{done:?}");
    assert_eq!(
        done.statements[0].rows, 1,
        "COUNT(*) materializes to one row"
    );
    assert_eq!(done.statements[0].sql, "SELECT COUNT(*) FROM seq");

    // 3. An endless streaming SELECT, stopped: its job is cancelled on the cluster.
    let endless = "CREATE TEMPORARY TABLE unb (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');\nSELECT * FROM unb;";
    let third = runs
        .start(
            &request(RunScope::Script, "streaming"),
            &local,
            endless,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let job = loop {
        let u = runs.update(third.run_id).unwrap();
        if let Some(j) = u.statements.get(1).and_then(|s| s.job_id.clone()) {
            if u.statements[1].rows > 0 {
                break j;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the streaming SELECT produced no rows: {u:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let rest = engine
        .cluster_rest_url()
        .await
        .expect("the engine reports its cluster's REST URL");
    assert!(http_get(&rest, "/jobs/overview").contains(&job));
    assert!(runs.cancel(third.run_id));
    let done = finished(&updates, third.run_id, Duration::from_secs(30)).await;
    assert_eq!(done.statements[1].status, StatementStatus::Cancelled);
    job_reaches(&rest, &job, &["CANCELED", "FINISHED"]).await;

    // 4. An error keeps its place in the script; the statements after it are skipped.
    let bad = "SELECT 1;\nSELECT nope\n  FROM seq;\nSELECT 2;";
    let fourth = runs
        .start(
            &request(RunScope::Script, "batch"),
            &local,
            bad,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let done = finished(&updates, fourth.run_id, Duration::from_secs(60)).await;
    let statuses: Vec<StatementStatus> = done.statements.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            StatementStatus::Ok,
            StatementStatus::Error,
            StatementStatus::Skipped
        ]
    );
    let err = done.statements[1].error.clone().unwrap();
    assert!(err.message.contains("nope"), "{err:?}");
    assert_eq!((err.line, err.column), (Some(2), Some(8)));
    assert!(err.trace.contains("Caused by"), "the full trace is kept");

    runs.close_all().await;
    engine.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_engine_is_started_again_by_the_supervisor() {
    if !engine_installed() {
        return;
    }
    let engine = Engine::new(EngineSettings::default());
    engine.supervise();
    engine.start().await.expect("engine starts");
    let first = engine.pid().await.expect("a pid");
    std::process::Command::new("kill")
        .args(["-9", &first.to_string()])
        .status()
        .unwrap();
    // The supervisor notices (the JVM's death is logged and the state goes Failed, briefly), then
    // starts a new JVM: Ready again, with another pid.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let ready = matches!(
            engine.state().phase,
            weir::engine::EnginePhase::Ready { .. }
        );
        if ready && engine.pid().await.is_some_and(|p| p != first) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the engine was not started again: {:?}",
            engine.state()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let second = engine.pid().await.expect("a new pid");
    assert_ne!(first, second);
    engine.stop().await.unwrap();
}

/// A real standalone session cluster (scripts/flink-cluster.sh), stopped on drop when this test
/// started it.
struct Cluster {
    url: String,
    version: String,
    started_here: bool,
}

impl Cluster {
    fn script() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/flink-cluster.sh")
    }

    fn start(version: &str) -> Cluster {
        let status = std::process::Command::new(Self::script())
            .args(["status", "--flink", version])
            .output()
            .expect("scripts/flink-cluster.sh runs");
        let started_here = !status.status.success();
        let out = std::process::Command::new(Self::script())
            .args(["start", "--flink", version])
            .output()
            .expect("scripts/flink-cluster.sh runs");
        assert!(
            out.status.success(),
            "the standalone cluster did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Cluster {
            url,
            version: version.into(),
            started_here,
        }
    }

    fn port(&self) -> String {
        self.url.rsplit(':').next().unwrap().to_string()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.started_here {
            let _ = std::process::Command::new(Self::script())
                .args(["stop", "--flink", &self.version])
                .output();
        }
    }
}

/// Polls `/jobs/overview` of `rest` until `job` is in one of `states`.
async fn job_reaches(rest: &str, job: &str, states: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let overview: serde_json::Value =
            serde_json::from_str(&http_get(rest, "/jobs/overview")).unwrap_or_default();
        let state = overview["jobs"].as_array().and_then(|jobs| {
            jobs.iter()
                .find(|j| j["jid"] == job)
                .map(|j| j["state"].as_str().unwrap_or("").to_string())
        });
        if state.as_deref().is_some_and(|s| states.contains(&s)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "job {job} is {state:?} on {rest}, expected one of {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every cell of a finished query's materialized result, sorted by all columns.
fn grid(runs: &Runs, run_id: u64, statement: usize) -> Vec<String> {
    let window = runs
        .window(
            run_id,
            statement,
            &WindowQuery {
                selection: Selection::of(View::Materialized),
                offset: 0,
                limit: 1000,
            },
        )
        .unwrap()
        .unwrap();
    let mut rows: Vec<String> = window
        .rows
        .iter()
        .map(|r| serde_json::to_string(&r.cells).unwrap())
        .collect();
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_cluster_gives_the_same_grids_and_stop_cancels_its_job() {
    if !engine_installed() {
        return;
    }
    let settings = EngineSettings::default();
    let cluster = Cluster::start(&settings.version());
    let engine = Engine::new(settings);
    let runs = Runs::new(engine.clone());
    let updates: Arc<Mutex<Vec<RunUpdate>>> = Arc::default();
    let sink = {
        let updates = updates.clone();
        Arc::new(move |u: RunUpdate| updates.lock().unwrap().push(u))
    };
    let local = ConnectionProfile::local();
    let mut remote = ConnectionProfile::local();
    remote.name = "standalone".into();
    for (k, v) in [
        ("execution.target", "remote".to_string()),
        ("rest.address", "127.0.0.1".to_string()),
        ("rest.port", cluster.port()),
    ] {
        remote.properties.insert(k.into(), v);
    }
    let request = |script_id, connection: &str, mode: &str| RunRequest {
        script_id,
        scope: RunScope::Script,
        connection: connection.into(),
        mode: Some(mode.into()),
        max_rows: None,
    };

    // 1. The same scripts give the same grids: typed batch values, and a streaming GROUP BY
    //    whose updates arrive as a changelog.
    let typed = "SELECT k, CAST(SUM(v) AS DECIMAL(10, 2)) AS total, MAX(ts) AS last_ts, COUNT(*) AS n, LISTAGG(tag) AS tags\nFROM (VALUES (1, 1.5, TIMESTAMP '2024-01-01 10:00:00.123', 'a'), (1, 2.25, TIMESTAMP '2024-01-02 00:00:00', 'b'), (2, 10.0, TIMESTAMP '2023-12-31 23:59:59.999', 'c'))\n  AS t(k, v, ts, tag)\nGROUP BY k;";
    let streaming = "CREATE TEMPORARY TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',\n  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '12');\nSELECT n % 3 AS k, COUNT(*) AS cnt, SUM(n) AS total FROM seq GROUP BY n % 3;";
    let mut grids = Vec::new();
    for (script_id, profile) in [(10, &local), (11, &remote)] {
        let mut per_profile = Vec::new();
        for (text, mode, query_at) in [(typed, "batch", 0), (streaming, "streaming", 1)] {
            let run = runs
                .start(
                    &request(script_id, &profile.name, mode),
                    profile,
                    text,
                    &Default::default(),
                    sink.clone(),
                )
                .await
                .expect("run starts");
            let done = finished(&updates, run.run_id, Duration::from_secs(180)).await;
            assert!(
                done.statements
                    .iter()
                    .all(|s| s.status == StatementStatus::Ok),
                "{}: {done:?}",
                profile.name
            );
            if mode == "streaming" {
                assert!(
                    done.statements[query_at].changes > 3,
                    "{}: the streaming GROUP BY shows its updates ({} changes)",
                    profile.name,
                    done.statements[query_at].changes
                );
            }
            per_profile.push(grid(&runs, run.run_id, query_at));
        }
        grids.push(per_profile);
    }
    assert_eq!(grids[0], grids[1], "local engine vs standalone cluster");
    assert_eq!(grids[0][1].len(), 3);
    assert!(grids[0][0][0].contains(r#""3.75""#), "{:?}", grids[0][0]);

    // 2. The job of a statement on the remote target runs on the standalone cluster, and Stop
    //    cancels it there.
    let endless = "CREATE TEMPORARY TABLE unb (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');\nSELECT * FROM unb;";
    let run = runs
        .start(
            &request(12, &remote.name, "streaming"),
            &remote,
            endless,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let job = loop {
        let u = runs.update(run.run_id).unwrap();
        if let Some(j) = u.statements.get(1).and_then(|s| s.job_id.clone()) {
            if u.statements[1].rows > 0 {
                break j;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the streaming SELECT produced no rows on the cluster: {u:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    job_reaches(&cluster.url, &job, &["RUNNING"]).await;
    assert!(runs.cancel(run.run_id));
    let done = finished(&updates, run.run_id, Duration::from_secs(30)).await;
    assert_eq!(done.statements[1].status, StatementStatus::Cancelled);
    job_reaches(&cluster.url, &job, &["CANCELED"]).await;

    runs.close_all().await;
    engine.stop().await.unwrap();
}
