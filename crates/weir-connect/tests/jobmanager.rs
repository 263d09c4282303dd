//! The JobManager client against recorded answers of real Flink 2.3.0 and 1.20.3 clusters
//! (tests/fixtures/jobmanager, `scripts/record-jobmanager.py`), replayed in order, every endpoint;
//! and the bad inputs: a wrong URL, nothing listening, a server that never answers, a body that is
//! not the expected JSON, unknown ids, a savepoint that cannot be written, a deadline.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Action, Replay, TestServer, JOBMANAGER_VERSIONS};
use weir_connect::jobmanager::{
    JobManagerClient, JobManagerConfig, JobManagerError, JobState, SavepointRequest, WaitOptions,
};

fn client(replay: &Replay) -> JobManagerClient {
    let mut config = JobManagerConfig::new(replay.server.url());
    config.request_timeout = Duration::from_secs(10);
    JobManagerClient::new(config).expect("client")
}

/// The job id in the transcript's first `/jobs/<id>` URL (already substituted).
fn first_job(replay: &Replay) -> String {
    replay
        .exchanges
        .iter()
        .find_map(|e| e.path.strip_prefix("/jobs/"))
        .map(|rest| rest.split(['/', '?']).next().unwrap_or("").to_string())
        .expect("a job URL in the transcript")
}

fn flink_version(version: &str) -> &str {
    version.trim_start_matches("flink-")
}

fn fast() -> WaitOptions {
    WaitOptions {
        deadline: Duration::from_secs(20),
        poll_interval: Duration::from_millis(1),
    }
}

fn in_progress_polls(replay: &Replay) -> usize {
    replay
        .exchanges
        .iter()
        .filter(|e| String::from_utf8_lossy(&e.response).contains("IN_PROGRESS"))
        .count()
}

#[tokio::test]
async fn overview_jobs_and_taskmanagers() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "01-").await;
        let c = client(&replay);
        let o = c.overview().await.expect("overview");
        assert_eq!(o.flink_version.as_deref(), Some(flink_version(version)));
        assert_eq!((o.taskmanagers, o.slots_total), (1, 4), "{version}");
        assert_eq!((o.jobs_running, o.jobs_failed), (2, 1), "{version}");

        let jobs = c.jobs().await.expect("jobs");
        let state = |name: &str| {
            jobs.iter()
                .find(|j| j.name == name)
                .map(|j| j.state.clone())
                .unwrap_or_else(|| panic!("{version}: no job {name} in {jobs:?}"))
        };
        assert_eq!(state("weir-rec-running"), JobState::Running);
        assert_eq!(state("weir-rec-cancel"), JobState::Running);
        assert_eq!(state("weir-rec-failing"), JobState::Failed);
        for j in &jobs {
            assert_eq!(j.jid.len(), 32);
            assert!(j.start_time.is_some(), "{j:?}");
            assert_eq!(j.end_time.is_none(), !j.state.is_terminal(), "{j:?}");
        }
        // Flink 2.x adds the job type to the overview; 1.20 has none and that is fine.
        let typed = jobs
            .iter()
            .all(|j| j.job_type.as_deref() == Some("STREAMING"));
        assert_eq!(typed, version == "flink-2.3.0", "{version}");

        let tms = c.taskmanagers().await.expect("taskmanagers");
        assert_eq!(tms.len(), 1);
        assert_eq!((tms[0].slots_number, tms[0].free_slots), (4, 2));
        assert!(tms[0].hardware.as_ref().and_then(|h| h.cpu_cores).is_some());
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_running_job_its_plan_config_checkpoints_vertices_and_metrics() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "02-").await;
        let c = client(&replay);
        let job = first_job(&replay);

        let d = c.job(&job).await.expect("job");
        assert_eq!(d.jid, job);
        assert_eq!(d.name, "weir-rec-running");
        assert_eq!(d.state, JobState::Running);
        assert_eq!(d.job_type.as_deref(), Some("STREAMING"));
        assert!(d.now.is_some() && d.end_time.is_none());
        assert_eq!(d.vertices.len(), 2, "{version}");
        assert!(d.vertices.iter().all(|v| v.status == JobState::Running));

        let plan = c.plan(&job).await.expect("plan");
        assert_eq!(plan.nodes.len(), 2);
        let source = &d.vertices[0].id;
        let sink = &d.vertices[1].id;
        let edge = plan
            .nodes
            .iter()
            .find(|n| &n.id == sink)
            .and_then(|n| n.inputs.first())
            .expect("the aggregation's input");
        assert_eq!(&edge.id, source);
        assert_eq!(edge.ship_strategy.as_deref(), Some("HASH"));

        let config = c.job_config(&job).await.expect("config");
        assert_eq!(config.jid, job);
        assert!(config.execution_config.is_some());

        let cps = c.checkpoints(&job).await.expect("checkpoints");
        assert!(cps.counts.completed >= 1, "{cps:?}");
        let latest = cps
            .latest
            .completed
            .clone()
            .expect("a completed checkpoint");
        assert_eq!(latest.status, "COMPLETED");
        assert!(!cps.history.is_empty());
        let cfg = c.checkpoint_config(&job).await.expect("checkpoint config");
        assert_eq!((cfg.mode.as_str(), cfg.interval), ("exactly_once", 2000));
        let details = c
            .checkpoint_details(&job, latest.id)
            .await
            .expect("checkpoint details");
        assert_eq!(details.id, latest.id);
        assert_eq!(details.tasks.len(), 2, "one entry per vertex");
        assert!(details.tasks.contains_key(source) && details.tasks.contains_key(sink));

        for (i, v) in d.vertices.iter().enumerate() {
            let vd = c.vertex(&job, &v.id).await.expect("vertex");
            assert_eq!((vd.id.as_str(), vd.subtasks.len()), (v.id.as_str(), 1));
            assert_eq!(vd.subtasks[0].status, JobState::Running);
            let stats = c.vertex_stats(&job, &v.id).await.expect("vertex stats");
            if i == 0 {
                // the datagen source: records out, no input, no watermark input, busy time NaN
                assert!(stats.records_out.is_some_and(|n| n > 0), "{stats:?}");
                assert_eq!(stats.records_in, Some(0));
                assert_eq!(stats.input_watermark, None);
                assert_eq!(stats.busy_ms_per_second, None, "NaN is no value");
            } else {
                assert!(stats.records_in.is_some_and(|n| n > 0), "{stats:?}");
                assert!(stats.input_watermark.is_some_and(|w| w > 1_700_000_000_000));
                assert!(stats.busy_ms_per_second.is_some());
                assert_eq!(stats.backpressured_ms_per_second, Some(0.0));
            }
        }
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_failed_job_shows_its_root_cause_and_the_full_trace() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "03-").await;
        let c = client(&replay);
        let job = first_job(&replay);
        let d = c.job(&job).await.expect("job");
        assert_eq!(d.state, JobState::Failed);
        assert!(d.end_time.is_some());
        let ex = c.exceptions(&job).await.expect("exceptions");
        let cause = ex.root_cause().expect("a root cause");
        assert_eq!(
            cause.class.as_deref(),
            Some("java.lang.NumberFormatException"),
            "{version}: {cause:?}"
        );
        assert!(
            cause.message.starts_with("For input string: '"),
            "{cause:?}"
        );
        assert!(cause
            .trace
            .contains("Recovery is suppressed by NoRestartBackoffTimeStrategy"));
        assert!(cause.trace.contains("\tat "), "the full trace is kept");
        replay.assert_done();
    }
}

#[tokio::test]
async fn trigger_a_savepoint_and_poll_it_to_its_location() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "04-").await;
        let c = client(&replay);
        let job = first_job(&replay);
        let dir = format!("file:///var/lib/{version}/savepoints");
        let request = SavepointRequest {
            target_directory: Some(dir),
            ..SavepointRequest::default()
        };
        let trigger = c.trigger_savepoint(&job, &request).await.expect("trigger");
        assert_eq!(trigger.len(), 32);
        let mut seen = Vec::new();
        let location = c
            .wait_for_savepoint(&job, &trigger, fast(), |p| seen.push(p))
            .await
            .expect("savepoint");
        assert!(
            location.starts_with(&format!("file:/var/lib/{version}/savepoints/savepoint-")),
            "{location}"
        );
        assert_eq!(seen.len(), in_progress_polls(&replay));
        for (i, p) in seen.iter().enumerate() {
            assert_eq!(p.polls as usize, i + 1);
        }
        // The statistics are cached by the JobManager for a few seconds: 1.20.3's recording lists
        // the savepoint already, 2.3.0's not yet. Listed, it has the location the poll returned.
        let cps = c.checkpoints(&job).await.expect("checkpoints");
        let listed: Vec<_> = cps.history.iter().filter(|h| h.is_savepoint).collect();
        assert_eq!(
            listed.len(),
            usize::from(version == "flink-1.20.3"),
            "{version}"
        );
        for sp in listed {
            assert_eq!(sp.external_path.as_deref(), Some(location.as_str()));
        }
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_savepoint_into_a_directory_that_cannot_be_written_fails_with_flinks_cause() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "05-").await;
        let c = client(&replay);
        let job = first_job(&replay);
        let request = SavepointRequest {
            target_directory: Some("file:///proc/weir-not-writable/savepoints".into()),
            ..SavepointRequest::default()
        };
        let trigger = c.trigger_savepoint(&job, &request).await.expect("trigger");
        let e = c
            .wait_for_savepoint(&job, &trigger, fast(), |_| {})
            .await
            .expect_err("the savepoint fails");
        match &e {
            JobManagerError::SavepointFailed {
                root_cause,
                root_cause_class,
                trace,
                url,
                ..
            } => {
                assert_eq!(
                    root_cause,
                    "Failed to create savepoint directory at file:/proc/weir-not-writable/savepoints",
                    "{version}"
                );
                assert_eq!(root_cause_class.as_deref(), Some("java.io.IOException"));
                assert!(trace.contains("CheckpointException"));
                assert!(url.ends_with(&format!("/jobs/{job}/savepoints/{trigger}")));
            }
            other => panic!("{version}: {other}"),
        }
        let msg = e.to_string();
        assert!(msg.contains(&job) && msg.contains("writ"), "{msg}");
        replay.assert_done();
    }
}

#[tokio::test]
async fn stop_with_a_savepoint_then_the_job_is_finished() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "06-").await;
        let c = client(&replay);
        let job = first_job(&replay);
        let dir = format!("file:///var/lib/{version}/savepoints");
        let trigger = c
            .stop_with_savepoint(&job, Some(&dir), false)
            .await
            .expect("stop");
        let location = c
            .wait_for_savepoint(&job, &trigger, fast(), |_| {})
            .await
            .expect("savepoint");
        assert!(location.contains("/savepoints/savepoint-"), "{location}");
        let mut states = Vec::new();
        loop {
            let d = c.job(&job).await.expect("job");
            states.push(d.state.clone());
            if d.state.is_terminal() {
                break;
            }
        }
        assert_eq!(states.last(), Some(&JobState::Finished), "{states:?}");
        replay.assert_done();
    }
}

#[tokio::test]
async fn cancel_a_job_until_canceled() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "07-").await;
        let c = client(&replay);
        let job = first_job(&replay);
        c.cancel(&job).await.expect("cancel");
        let mut states = Vec::new();
        loop {
            let d = c.job(&job).await.expect("job");
            states.push(d.state.clone());
            if d.state.is_terminal() {
                break;
            }
        }
        assert_eq!(states.last(), Some(&JobState::Canceled), "{states:?}");
        assert!(states[..states.len() - 1]
            .iter()
            .all(|s| matches!(s, JobState::Running | JobState::Cancelling)));
        replay.assert_done();
    }
}

#[tokio::test]
async fn unknown_jobs_triggers_and_checkpoints_say_so() {
    for version in JOBMANAGER_VERSIONS {
        let replay = Replay::jobmanager(version, "08-").await;
        let c = client(&replay);
        let zero = replay.id(&"0".repeat(32));
        let base = replay.server.url();
        let not_found = |e: JobManagerError| match e {
            JobManagerError::JobNotFound { ref job, .. } => {
                assert_eq!(job, &zero);
                let msg = e.to_string();
                assert!(
                    msg.starts_with(&format!("no job {zero} on {base}")),
                    "{msg}"
                );
            }
            other => panic!("{version}: not JobNotFound: {other}"),
        };
        not_found(c.job(&zero).await.expect_err("unknown job"));
        not_found(c.exceptions(&zero).await.expect_err("unknown job"));
        not_found(c.cancel(&zero).await.expect_err("unknown job"));

        // A savepoint of an unknown job is accepted, and fails in its status.
        let dir = format!("file:///var/lib/{version}/savepoints");
        let request = SavepointRequest {
            target_directory: Some(dir),
            ..SavepointRequest::default()
        };
        let trigger = c
            .trigger_savepoint(&zero, &request)
            .await
            .expect("accepted");
        match c.wait_for_savepoint(&zero, &trigger, fast(), |_| {}).await {
            Err(JobManagerError::SavepointFailed {
                root_cause_class, ..
            }) => assert_eq!(
                root_cause_class.as_deref(),
                Some("org.apache.flink.runtime.messages.FlinkJobNotFoundException")
            ),
            other => panic!("{version}: {other:?}"),
        }

        let job = replay
            .exchanges
            .iter()
            .filter_map(|e| e.path.strip_prefix("/jobs/"))
            .map(|r| r.split('/').next().unwrap_or(""))
            .find(|j| *j != zero && j.len() == 32)
            .expect("a known job")
            .to_string();
        let e = c
            .savepoint_status(&job, &zero)
            .await
            .expect_err("unknown trigger");
        let s = e.server_error().expect("an HTTP error");
        assert_eq!(s.status, 404);
        assert!(
            s.root_cause
                .starts_with("There is no savepoint operation with triggerId="),
            "{e}"
        );
        let e = c
            .checkpoint_details(&job, 999_999)
            .await
            .expect_err("unknown checkpoint");
        assert_eq!(e.server_error().map(|s| s.status), Some(404), "{e}");
        assert!(
            e.to_string()
                .contains("Could not find checkpointing statistics for checkpoint 999999"),
            "{e}"
        );

        // A malformed id never reaches the server (Flink would answer 400, as recorded).
        let e = c.job("not-a-job-id").await.expect_err("malformed id");
        assert!(matches!(e, JobManagerError::InvalidId { .. }), "{e}");
        assert!(c.vertex(&job, "../../overview").await.is_err());
        replay.skip_next();
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_wrong_url_or_nothing_listening_is_a_clear_error() {
    let e = JobManagerClient::new(JobManagerConfig::new("localhost:8081")).expect_err("no scheme");
    assert!(matches!(e, JobManagerError::InvalidUrl { .. }), "{e}");
    assert!(e.to_string().contains("http://localhost:8081"), "{e}");

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let c = JobManagerClient::new(JobManagerConfig::new(&url)).expect("client");
    let e = c.jobs().await.expect_err("nothing listens");
    assert!(
        matches!(e, JobManagerError::ConnectionRefused { .. }),
        "{e}"
    );
    let msg = e.to_string();
    assert!(msg.contains(&format!("GET {url}/jobs/overview")), "{msg}");
    assert!(msg.contains("JobManager running"), "{msg}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = TestServer::start(|_| Action::Hang).await;
    let mut config = JobManagerConfig::new(server.url());
    config.request_timeout = Duration::from_millis(400);
    let c = JobManagerClient::new(config).expect("client");
    let t0 = Instant::now();
    let e = c.overview().await.expect_err("hangs");
    let took = t0.elapsed();
    assert!(matches!(e, JobManagerError::Timeout { .. }), "{e}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let msg = e.to_string();
    assert!(
        msg.contains(&format!("GET {}/overview", server.url())),
        "{msg}"
    );
    assert!(msg.contains("no answer within 400ms"), "{msg}");
}

#[tokio::test]
async fn a_body_that_is_not_the_expected_json_names_the_request() {
    // HTML from a proxy, and a real JobManager answer given to the wrong request.
    let overview = support::load_from(
        &support::jobmanager_fixture_root().join("flink-2.3.0"),
        "01-",
    )
    .0[0]
        .response
        .clone();
    for body in [b"<html>502 Bad Gateway</html>".to_vec(), overview] {
        let b = body.clone();
        let server = TestServer::start(move |_| Action::Respond {
            status: 200,
            body: b.clone(),
        })
        .await;
        let c = JobManagerClient::new(JobManagerConfig::new(server.url())).expect("client");
        let e = c.jobs().await.expect_err("not a job list");
        assert!(
            matches!(e, JobManagerError::MalformedResponse { .. }),
            "{e}"
        );
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("GET {}/jobs/overview", server.url())),
            "{msg}"
        );
        assert!(msg.contains("JobManager"), "{msg}");
    }
}

#[tokio::test]
async fn custom_headers_go_with_every_request() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let overview = support::load_from(
        &support::jobmanager_fixture_root().join("flink-1.20.3"),
        "01-",
    )
    .0[0]
        .response
        .clone();
    let server = TestServer::start(move |r| {
        s.lock().expect("lock").push(r.headers.clone());
        Action::Respond {
            status: 200,
            body: overview.clone(),
        }
    })
    .await;
    let mut config = JobManagerConfig::new(format!("{}/", server.url()));
    config.headers = vec![("X-Api-Key".into(), "k1".into())];
    let c = JobManagerClient::new(config).expect("client");
    assert_eq!(c.base_url(), server.url(), "trailing slash dropped");
    c.overview().await.expect("overview");
    let seen = seen.lock().expect("lock");
    assert!(
        seen[0].iter().any(|(k, v)| k == "x-api-key" && v == "k1"),
        "{seen:?}"
    );
}

#[tokio::test]
async fn waiting_for_a_savepoint_stops_at_the_deadline_with_progress() {
    // The recorded IN_PROGRESS answer, forever.
    let (exchanges, _) = support::load_from(
        &support::jobmanager_fixture_root().join("flink-2.3.0"),
        "04-",
    );
    let pending = exchanges
        .iter()
        .find(|e| String::from_utf8_lossy(&e.response).contains("IN_PROGRESS"))
        .expect("an IN_PROGRESS answer")
        .response
        .clone();
    let server = TestServer::start(move |_| Action::Respond {
        status: 200,
        body: pending.clone(),
    })
    .await;
    let c = JobManagerClient::new(JobManagerConfig::new(server.url())).expect("client");
    let job = "a".repeat(32);
    let trigger = "b".repeat(32);
    let mut polls = 0;
    let t0 = Instant::now();
    let options = WaitOptions {
        deadline: Duration::from_millis(300),
        poll_interval: Duration::from_millis(50),
    };
    let e = c
        .wait_for_savepoint(&job, &trigger, options, |p| polls = p.polls)
        .await
        .expect_err("deadline");
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(e, JobManagerError::SavepointDeadline { .. }),
        "{e}"
    );
    assert!(polls >= 2, "progress after each poll: {polls}");
    assert!(
        e.to_string()
            .contains(&format!("/jobs/{job}/savepoints/{trigger}")),
        "{e}"
    );
}
