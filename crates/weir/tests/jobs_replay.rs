//! The jobs use case against recorded answers of real Flink 2.3.0 and 1.20.3 JobManagers
//! (tests/fixtures/jobmanager): list, show (running and failed), savepoint, a savepoint Flink
//! could not write, stop, cancel, unknown jobs; and a JobManager that hangs, one that refuses, a
//! savepoint that never completes (each within its bound).
//!
//! The server answers each request with the next recorded answer of its route (method and path)
//! in the transcripts given, the last one again when they run out (a JobManager answers a repeated
//! poll the same way). A route no transcript recorded is answered 418 "not recorded".

#[path = "../../weir-connect/tests/support/mod.rs"]
mod support;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{jobmanager_fixture_root, Action, TestServer};
use weir::jobs::{ActionProgress, JobManagerTarget, Jobs, JobsError, WaitLimits};

const VERSIONS: [&str; 2] = ["flink-2.3.0", "flink-1.20.3"];

type Answers = HashMap<(String, String), VecDeque<(u16, Vec<u8>)>>;

/// The exchanges of a transcript: (method, path, status, body).
fn transcript(version: &str, prefix: &str) -> Vec<(String, String, u16, Vec<u8>)> {
    let dir = jobmanager_fixture_root().join(version);
    let file = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no fixture {prefix}* in {}", dir.display()));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("fixture JSON");
    v["exchanges"]
        .as_array()
        .expect("exchanges")
        .iter()
        .map(|e| {
            let body = match (&e["response"]["body"], &e["response"]["body_raw"]) {
                (Value::Null, Value::String(raw)) => raw.clone().into_bytes(),
                (Value::Null, _) => Vec::new(),
                (b, _) => b.to_string().into_bytes(),
            };
            (
                e["request"]["method"].as_str().unwrap_or("").to_string(),
                e["request"]["path"].as_str().unwrap_or("").to_string(),
                e["response"]["status"].as_u64().unwrap_or(0) as u16,
                body,
            )
        })
        .collect()
}

/// A JobManager answering from the transcripts `prefixes` of `version`, in that order per route.
async fn jobmanager(version: &str, prefixes: &[&str]) -> TestServer {
    let mut answers: Answers = HashMap::new();
    for p in prefixes {
        for (method, path, status, body) in transcript(version, p) {
            answers
                .entry((method, path))
                .or_default()
                .push_back((status, body));
        }
    }
    let answers = Arc::new(Mutex::new(answers));
    TestServer::start(move |req| {
        let mut all = answers.lock().expect("answers");
        match all.get_mut(&(req.method.clone(), req.path.clone())) {
            Some(q) => {
                let (status, body) = if q.len() > 1 {
                    q.pop_front().expect("an answer")
                } else {
                    q.front().cloned().expect("an answer")
                };
                Action::Respond { status, body }
            }
            None => Action::Respond {
                status: 418,
                body: serde_json::json!({ "errors": [format!("not recorded: {} {}", req.method, req.path)] })
                    .to_string()
                    .into_bytes(),
            },
        }
    })
    .await
}

fn jobs(server: &TestServer) -> Jobs {
    let mut t = JobManagerTarget::url(&server.url());
    t.request_timeout = Duration::from_secs(10);
    Jobs::new(&t).expect("jobs")
}

/// The job id in the first `/jobs/<id>` path of a transcript.
fn first_job(version: &str, prefix: &str) -> String {
    transcript(version, prefix)
        .iter()
        .find_map(|(_, p, _, _)| p.strip_prefix("/jobs/"))
        .map(|r| r.split(['/', '?']).next().unwrap_or("").to_string())
        .expect("a job path")
}

fn fast(timeout: Duration) -> WaitLimits {
    WaitLimits {
        timeout,
        poll_interval: Duration::from_millis(1),
    }
}

#[tokio::test]
async fn the_list_has_the_states_flink_reported_and_when() {
    for version in VERSIONS {
        let server = jobmanager(version, &["01-"]).await;
        let before = now_ms();
        let list = jobs(&server).list().await.expect("list");
        let after = now_ms();
        assert!((before..=after).contains(&list.observed_at_ms), "{version}");
        assert_eq!(list.url, server.url());
        let state = |name: &str| {
            list.jobs
                .iter()
                .find(|j| j.name == name)
                .map(|j| j.state.as_str())
                .unwrap_or_else(|| panic!("{version}: no {name}"))
        };
        assert_eq!(state("weir-rec-running"), "RUNNING");
        assert_eq!(state("weir-rec-failing"), "FAILED");
        let starts: Vec<i64> = list.jobs.iter().filter_map(|j| j.start_time).collect();
        assert_eq!(
            starts.len(),
            list.jobs.len(),
            "{version}: every job has a start"
        );
        assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
        let failed = list
            .jobs
            .iter()
            .find(|j| j.state == "FAILED")
            .expect("failed");
        assert!(failed.end_time.is_some() && failed.duration_ms.is_some());
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[tokio::test]
async fn show_a_running_job_with_vertices_records_and_checkpoints() {
    for version in VERSIONS {
        let server = jobmanager(version, &["02-"]).await;
        let job = first_job(version, "02-");
        let v = jobs(&server).show(&job).await.expect("show");
        assert_eq!(
            (v.job.id.as_str(), v.job.state.as_str()),
            (job.as_str(), "RUNNING")
        );
        assert!(
            v.observed_at_ms > v.job.start_time.unwrap_or(i64::MAX),
            "JM clock"
        );
        assert_eq!(v.vertices.len(), 2, "{version}: {:?}", v.vertices);
        assert!(v
            .vertices
            .iter()
            .all(|x| x.parallelism == 1 && x.state == "RUNNING"));
        // The source sends records on; the sink receives them (Flink counts only what flows
        // between vertices).
        assert!(
            v.vertices[0].records_out.unwrap_or(0) > 0,
            "{:?}",
            v.vertices
        );
        assert!(
            v.vertices[1].records_in.unwrap_or(0) > 0,
            "{:?}",
            v.vertices
        );
        let c = v.checkpoints.as_ref().expect("checkpoints");
        assert!(c.completed >= 1, "{version}: {c:?}");
        assert_eq!(
            c.latest_completed.as_ref().map(|l| l.status.as_str()),
            Some("COMPLETED")
        );
        assert!(!c.history.is_empty());
        // The plan's edge: the sink reads from the source; the source reads from nothing.
        assert_eq!(v.plan_unavailable, None, "{version}");
        assert!(v.vertices[0].inputs.is_empty(), "{:?}", v.vertices[0]);
        assert_eq!(
            v.vertices[1]
                .inputs
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>(),
            [v.vertices[0].id.as_str()],
            "{version}"
        );
        assert!(v.vertices[1].inputs[0].ship_strategy.is_some());
        // Each running vertex's live figures, from its subtasks' metrics.
        assert_eq!(v.live_unavailable, None, "{version}");
        let live: Vec<_> = v.vertices.iter().map(|x| x.live.clone()).collect();
        assert!(live.iter().all(Option::is_some), "{version}: {live:?}");
        let source = live[0].as_ref().unwrap();
        assert!(source.records_out_per_second.is_some(), "{source:?}");
        assert!(
            source
                .backpressured_ms_per_second
                .is_some_and(|b| (0.0..=1000.0).contains(&b)),
            "{source:?}"
        );
        // The job's configuration: execution config and checkpointing, from the same recording.
        let config = jobs(&server).config(&job).await.expect("config");
        assert_eq!(config.execution_unavailable, None, "{version}");
        assert!(
            config.execution.iter().any(|e| e.key == "restart strategy"),
            "{version}: {:?}",
            config.execution
        );
        assert!(
            config
                .checkpointing
                .iter()
                .any(|e| e.key == "mode" && !e.value.is_empty()),
            "{version}: {:?}",
            config.checkpointing
        );
        // The checkpoint history charts.
        let charts = weir::jobs::checkpoint_charts(&c.history, 480, 180, true, 0).expect("charts");
        assert!(charts.points >= 1 && charts.duration_svg.starts_with("<svg"));
        // The running job's failures were not recorded: said, not invented.
        assert!(v.failures.is_empty());
        assert!(
            v.failures_unavailable
                .as_deref()
                .is_some_and(|w| w.contains("not recorded")),
            "{:?}",
            v.failures_unavailable
        );
    }
}

#[tokio::test]
async fn show_a_failed_job_root_cause_first_with_the_full_trace() {
    for version in VERSIONS {
        let server = jobmanager(version, &["03-"]).await;
        let job = first_job(version, "03-");
        let v = jobs(&server).show(&job).await.expect("show");
        assert_eq!(v.job.state, "FAILED");
        assert!(v.job.end_time.is_some());
        let f = v.root_cause().expect("a root cause");
        assert_eq!(
            f.root_cause_class.as_deref(),
            Some("java.lang.NumberFormatException"),
            "{version}"
        );
        assert!(
            f.root_cause.starts_with("For input string"),
            "{}",
            f.root_cause
        );
        assert!(f
            .trace
            .contains("Caused by: java.lang.NumberFormatException"));
        assert!(f.timestamp.is_some());
        assert!(v.checkpoints.is_none() && v.checkpoints_unavailable.is_some());
    }
}

#[tokio::test]
async fn a_savepoint_is_polled_to_its_path_with_progress() {
    for version in VERSIONS {
        let server = jobmanager(version, &["02-", "04-"]).await;
        let job = first_job(version, "04-");
        let mut seen = Vec::new();
        let dir = format!("file:///var/lib/{version}/savepoints");
        let done = jobs(&server)
            .savepoint(
                &job,
                Some(&dir),
                false,
                fast(Duration::from_secs(20)),
                |p| seen.push(p),
            )
            .await
            .expect("savepoint");
        assert!(
            done.path
                .starts_with(&format!("file:/var/lib/{version}/savepoints/savepoint-")),
            "{}",
            done.path
        );
        assert_eq!(done.job_status, None, "the job was left running");
        assert!(
            matches!(seen.first(), Some(ActionProgress::Triggered { .. })),
            "{seen:?}"
        );
        assert!(
            seen.iter()
                .any(|p| matches!(p, ActionProgress::SavepointInProgress { .. })),
            "{seen:?}"
        );
    }
}

#[tokio::test]
async fn a_savepoint_flink_cannot_write_fails_with_flinks_cause() {
    for version in VERSIONS {
        let server = jobmanager(version, &["02-", "05-"]).await;
        let job = first_job(version, "05-");
        let e = jobs(&server)
            .savepoint(
                &job,
                Some("file:///proc/x"),
                false,
                fast(Duration::from_secs(20)),
                |_| {},
            )
            .await
            .expect_err("fails");
        let JobsError::SavepointFailed(f) = &e else {
            panic!("{version}: {e:?}")
        };
        let (cause, trace) = (&f.cause, &f.trace);
        assert!(
            !cause.is_empty() && trace.contains("CheckpointException"),
            "{e}"
        );
        let text = e.to_string();
        assert!(
            text.starts_with(&format!(
                "savepoint of job {job} on {} failed: ",
                server.url()
            )),
            "{text}"
        );
    }
}

#[tokio::test]
async fn stop_with_a_savepoint_returns_the_path_and_the_job_finished() {
    for version in VERSIONS {
        let server = jobmanager(version, &["02-", "06-"]).await;
        let job = first_job(version, "06-");
        let mut states = Vec::new();
        let done = jobs(&server)
            .stop(
                &job,
                Some("file:///var/lib/sp"),
                false,
                fast(Duration::from_secs(20)),
                |p| states.push(p),
            )
            .await
            .expect("stop");
        assert!(
            done.path.contains("/savepoints/savepoint-"),
            "{}",
            done.path
        );
        let status = done.job_status.expect("the job ended");
        assert_eq!(status.state, "FINISHED");
        assert!(status.observed_at_ms > 0);
    }
}

#[tokio::test]
async fn cancel_waits_until_the_cluster_says_canceled() {
    for version in VERSIONS {
        let server = jobmanager(version, &["07-"]).await;
        let job = first_job(version, "07-");
        let mut seen = Vec::new();
        let status = jobs(&server)
            .cancel(&job, fast(Duration::from_secs(20)), |p| {
                if let ActionProgress::JobState { status, .. } = p {
                    seen.push(status.state)
                }
            })
            .await
            .expect("cancel");
        assert_eq!(status.state, "CANCELED");
        assert!(seen.iter().all(|s| s == "CANCELLING"), "{seen:?}");
    }
}

#[tokio::test]
async fn an_unknown_job_is_not_found_on_the_url() {
    for version in VERSIONS {
        let server = jobmanager(version, &["08-"]).await;
        let zero = "0".repeat(32);
        let j = jobs(&server);
        let expected = format!("job {zero} not found on {}", server.url());
        let e = j.show(&zero).await.expect_err("unknown");
        assert!(e.to_string().starts_with(&expected), "{e}");
        let e = j
            .cancel(&zero, fast(Duration::from_secs(5)), |_| {})
            .await
            .expect_err("unknown");
        assert!(matches!(e, JobsError::NotFound { .. }), "{e:?}");
        // Checked before triggering: Flink would accept the trigger and fail it later.
        let e = j
            .savepoint(&zero, None, false, fast(Duration::from_secs(5)), |_| {})
            .await
            .expect_err("unknown");
        assert!(e.to_string().starts_with(&expected), "{e}");
        let e = j.show("not-a-job").await.expect_err("malformed");
        assert!(e.to_string().contains("is not a Flink id"), "{e}");
    }
}

#[tokio::test]
async fn a_savepoint_of_an_ended_job_says_its_state() {
    let version = VERSIONS[0];
    let server = jobmanager(version, &["03-"]).await;
    let job = first_job(version, "03-");
    let e = jobs(&server)
        .stop(&job, None, false, fast(Duration::from_secs(5)), |_| {})
        .await
        .expect_err("ended");
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("job {job} on {} is FAILED", server.url()))
            && text.contains("stop with savepoint needs a RUNNING job"),
        "{text}"
    );
}

#[tokio::test]
async fn a_jobmanager_that_hangs_or_refuses_fails_fast_and_names_the_url() {
    let server = TestServer::start(|_| Action::Hang).await;
    let mut t = JobManagerTarget::url(&server.url());
    t.request_timeout = Duration::from_millis(300);
    let started = Instant::now();
    let e = Jobs::new(&t)
        .expect("jobs")
        .list()
        .await
        .expect_err("hangs");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let text = e.to_string();
    assert!(
        text.contains(&format!("{}/jobs/overview: no answer within", server.url())),
        "{text}"
    );

    let started = Instant::now();
    let e = Jobs::new(&JobManagerTarget::url("http://127.0.0.1:1"))
        .expect("jobs")
        .show(&"ab".repeat(16))
        .await
        .expect_err("refused");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(e.to_string().contains("connection refused"), "{e}");
    let e = Jobs::new(&JobManagerTarget::url("localhost:8081")).expect_err("no scheme");
    assert!(e.to_string().contains("invalid JobManager URL"), "{e}");
}

#[tokio::test]
async fn a_savepoint_that_never_completes_stops_at_the_deadline() {
    let version = VERSIONS[0];
    let job = first_job(version, "04-");
    // Transcript 04's trigger and its first status (IN_PROGRESS), answered for ever.
    let mut t = transcript(version, "04-");
    t.retain(|(_, _, _, body)| !String::from_utf8_lossy(body).contains("COMPLETED"));
    let mut answers: Answers = HashMap::new();
    for p in ["02-"] {
        for (m, path, s, b) in transcript(version, p) {
            answers.entry((m, path)).or_default().push_back((s, b));
        }
    }
    for (m, path, s, b) in t {
        answers.entry((m, path)).or_default().push_back((s, b));
    }
    let answers = Arc::new(Mutex::new(answers));
    let server = TestServer::start(move |req| {
        let all = answers.lock().expect("answers");
        match all
            .get(&(req.method.clone(), req.path.clone()))
            .and_then(|q| q.front())
        {
            Some((status, body)) => Action::Respond {
                status: *status,
                body: body.clone(),
            },
            None => Action::Respond {
                status: 418,
                body: b"{\"errors\":[\"not recorded\"]}".to_vec(),
            },
        }
    })
    .await;
    let started = Instant::now();
    let mut polls = 0;
    let e = jobs(&server)
        .savepoint(
            &job,
            Some("file:///var/lib/sp"),
            false,
            WaitLimits {
                timeout: Duration::from_millis(600),
                poll_interval: Duration::from_millis(50),
            },
            |p| {
                if let ActionProgress::SavepointInProgress { .. } = p {
                    polls += 1
                }
            },
        )
        .await
        .expect_err("deadline");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(polls >= 2, "{polls}");
    let text = e.to_string();
    assert!(
        matches!(e, JobsError::Deadline { .. })
            && text.contains("not done after")
            && text.contains("savepoint in progress"),
        "{text}"
    );
}

/// The views the window's Jobs view is tested with (`ui/src/jobs/fixtures/`), produced by the use
/// case from the recorded 2.3.0 answers; regenerate with `WEIR_UPDATE_UI_FIXTURES=1 cargo test
/// -p weir --test jobs_replay ui_fixtures`. The list's observation time (this machine's clock)
/// is fixed to the JobManager's time of the running job's answer, and the URLs to the recordings'.
#[tokio::test]
async fn ui_fixtures_are_the_use_cases_views_of_the_recordings() {
    let version = "flink-2.3.0";
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/jobs/fixtures");
    let server = jobmanager(version, &["01-", "02-", "03-"]).await;
    let j = jobs(&server);
    // The recordings' base URL, not this test server's port.
    let url = "http://127.0.0.1:8081".to_string();
    let mut running = j
        .show(&first_job(version, "02-"))
        .await
        .expect("show running");
    running.url = url.clone();
    let mut failed = j
        .show(&first_job(version, "03-"))
        .await
        .expect("show failed");
    failed.url = url.clone();
    let mut config = j.config(&running.job.id).await.expect("config");
    config.url = url.clone();
    config.observed_at_ms = running.observed_at_ms;
    let charts = weir::jobs::checkpoint_charts(
        &running.checkpoints.as_ref().expect("checkpoints").history,
        520,
        200,
        true,
        0,
    )
    .expect("charts");
    let mut list = j.list().await.expect("list");
    list.observed_at_ms = running.observed_at_ms;
    list.url = url;
    for (name, value) in [
        ("job-list.json", serde_json::to_value(&list).expect("json")),
        (
            "running-job.json",
            serde_json::to_value(&running).expect("json"),
        ),
        (
            "failed-job.json",
            serde_json::to_value(&failed).expect("json"),
        ),
        (
            "job-config.json",
            serde_json::to_value(&config).expect("json"),
        ),
        (
            "checkpoint-charts.json",
            serde_json::to_value(&charts).expect("json"),
        ),
    ] {
        let path = dir.join(name);
        let fresh = serde_json::to_string_pretty(&value).expect("json") + "\n";
        if std::env::var_os("WEIR_UPDATE_UI_FIXTURES").is_some() {
            std::fs::create_dir_all(&dir).expect("fixtures dir");
            std::fs::write(&path, &fresh).expect("write");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `WEIR_UPDATE_UI_FIXTURES=1 cargo test -p weir --test jobs_replay ui_fixtures`",
            path.display()
        );
    }
}
