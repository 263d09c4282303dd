//! Operating the jobs of a Flink cluster through its JobManager REST API: list them, show one
//! (vertices, failures with their root cause, checkpoints), cancel, savepoint, stop with a
//! savepoint. Both faces (the window's Jobs view, `weir jobs`) call only this module.
//!
//! Decisions a caller relies on:
//! - **A state is what the cluster said, with when it said it.** Every answer carries
//!   `observed_at_ms` (the JobManager's clock when it reports one, else this machine's clock when
//!   the answer arrived); states are Flink's own names, never derived or guessed.
//! - **A failure's root cause comes first**: the last `Caused by:` line of the trace, without the
//!   Java class (kept apart), and the full trace beside it.
//! - **Errors say what failed and where** (the JobManager URL, the job id): an unknown job is
//!   [`JobsError::NotFound`]; a refused connection or a JobManager that does not answer within the
//!   request timeout is a [`JobsError::JobManager`] naming the URL; a savepoint that Flink could
//!   not write is [`JobsError::SavepointFailed`] with Flink's cause.
//! - **Nothing waits for ever**: every request has the target's request timeout, and the actions
//!   that wait (cancel, savepoint, stop) have an overall deadline ([`WaitLimits`]) and report
//!   progress after each poll.
//!
//! [`diff`] compares two job lists (the window polls and alerts on FAILED and RESTARTING).

mod actions;
mod chart;
mod config;
mod diff;
mod origin;
mod view;

use std::time::Duration;

use weir_connect::jobmanager::{JobManagerClient, JobManagerConfig, JobManagerError};

use crate::databases::Databases;
use crate::run::ConnectionProfile;

pub use actions::{ActionProgress, SavepointDone, WaitLimits};
pub use chart::{checkpoint_charts, CheckpointCharts};
pub use config::{ConfigEntry, JobConfigView};
pub use diff::{diff, JobsDiff, StateChange, ALERT_STATES};
pub use origin::{origins, restart_script, JobOrigin};
pub use view::{
    CheckpointRow, Checkpoints, Failure, JobList, JobRow, JobStatus, JobView, RestoredFrom,
    VertexInput, VertexLive, VertexRow,
};

/// The default limit for one request to a JobManager.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a jobs action failed; each message names the JobManager URL (and the job).
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    /// The connection cannot be used to reach a JobManager (no REST URL, a secret or CA file
    /// that cannot be read).
    #[error("connection '{connection}': {message}")]
    Connection {
        /// The connection's name.
        connection: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// The JobManager does not know the job.
    #[error("job {job} not found on {url}; it may belong to another cluster, or it ended and the JobManager no longer keeps it (jobstore.expiration-time)")]
    NotFound {
        /// The job id asked for.
        job: String,
        /// The JobManager's URL.
        url: String,
    },
    /// The action needs a running job and the cluster reports another state.
    #[error("job {job} on {url} is {state} (observed at {observed_at_ms} ms); {action} needs a RUNNING job")]
    NotRunning {
        /// The job id.
        job: String,
        /// The JobManager's URL.
        url: String,
        /// The state the cluster reported.
        state: String,
        /// When it reported it (ms since the epoch).
        observed_at_ms: i64,
        /// What was asked (`savepoint`, `stop with savepoint`).
        action: &'static str,
    },
    /// Flink could not take the savepoint (or stop the job with one); its cause, and the trace.
    #[error("{0}")]
    SavepointFailed(Box<SavepointFailure>),
    /// The overall deadline of a waiting action passed (the cluster may still complete it).
    #[error("{action} of job {job} on {url}: not done after {waited:?} (last observed: {last}); it may still complete on the cluster, check the job again or allow more time")]
    Deadline {
        /// `cancel`, `savepoint`, `stop with savepoint`.
        action: &'static str,
        /// The job id.
        job: String,
        /// The JobManager's URL.
        url: String,
        /// How long it waited.
        waited: Duration,
        /// What the cluster last said (a state, or `savepoint in progress`).
        last: String,
    },
    /// A request to the JobManager failed (refused, timed out, not a JobManager, HTTP error);
    /// the message names the URL.
    #[error(transparent)]
    JobManager(JobManagerError),
}

impl From<JobManagerError> for JobsError {
    fn from(e: JobManagerError) -> JobsError {
        match e {
            JobManagerError::JobNotFound { job, base_url, .. } => {
                JobsError::NotFound { job, url: base_url }
            }
            other => JobsError::JobManager(other),
        }
    }
}

/// A savepoint Flink could not take: where, and Flink's cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{action} of job {job} on {url} failed: {cause}")]
pub struct SavepointFailure {
    /// `savepoint` or `stop with savepoint`.
    pub action: &'static str,
    /// The job id.
    pub job: String,
    /// The JobManager's URL.
    pub url: String,
    /// Flink's root cause (the last `Caused by:` line, without its class).
    pub cause: String,
    /// The Java class of the root cause.
    pub cause_class: Option<String>,
    /// The full Java trace.
    pub trace: String,
}

/// Where a JobManager's REST API is and how to talk to it.
#[derive(Debug, Clone)]
pub struct JobManagerTarget {
    /// The connection it comes from, for messages (`None`: a bare URL).
    pub connection: Option<String>,
    /// Base URL, e.g. `http://localhost:8081`.
    pub url: String,
    /// Headers sent with every request, values already read from the keychain.
    pub headers: Vec<(String, String)>,
    /// Extra CA certificates (PEM).
    pub ca_pem: Option<Vec<u8>>,
    /// Limit for one request.
    pub request_timeout: Duration,
}

impl JobManagerTarget {
    /// A bare URL: no headers, system certificates, the default request timeout.
    pub fn url(url: &str) -> JobManagerTarget {
        JobManagerTarget {
            connection: None,
            url: url.trim().to_string(),
            headers: Vec::new(),
            ca_pem: None,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }

    /// The JobManager of a connection profile: its `jobmanager_url`, its CA file, its request
    /// timeout, and its auth headers with their values read from the keychain (`databases`'
    /// secrets, as for the gateway).
    pub async fn from_connection(
        profile: &ConnectionProfile,
        databases: &Databases,
    ) -> Result<JobManagerTarget, JobsError> {
        let failed = |message: String| JobsError::Connection {
            connection: profile.name.clone(),
            message,
        };
        let url = profile
            .jobmanager_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| {
                failed(if matches!(profile.endpoint, crate::run::Endpoint::Local) {
                    "the local engine's JobManager is known only to the process running it (the app: JobManagerTarget::local_engine); give its URL with --jobmanager".into()
                } else {
                    "no JobManager REST URL is set; add it to the connection (like http://jobmanager:8081), or pass the URL with --jobmanager".into()
                })
            })?;
        let mut target = JobManagerTarget::url(url);
        target.connection = Some(profile.name.clone());
        target.request_timeout = Duration::from_secs(
            profile
                .request_timeout_secs
                .unwrap_or(DEFAULT_REQUEST_TIMEOUT.as_secs())
                .clamp(1, 3600),
        );
        for (header, key) in &profile.auth_headers {
            let value = databases
                .secret(key.trim())
                .await
                .map_err(|e| failed(format!("the {header} header's secret '{key}': {e}")))?;
            target.headers.push((header.trim().to_string(), value));
        }
        if let Some(ca) = profile.ca_file.as_deref().filter(|c| !c.trim().is_empty()) {
            let path = std::path::PathBuf::from(ca.trim());
            let pem = std::fs::read(&path)
                .map_err(|e| failed(format!("cannot read the CA file {}: {e}", path.display())))?;
            target.ca_pem = Some(pem);
        }
        Ok(target)
    }

    /// The JobManager of the local engine's MiniCluster, while the engine runs.
    pub async fn local_engine(
        engine: &crate::engine::Engine,
    ) -> Result<JobManagerTarget, JobsError> {
        match engine.cluster_rest_url().await {
            Some(url) => {
                let mut t = JobManagerTarget::url(&url);
                t.connection = Some(crate::run::connection::LOCAL.to_string());
                Ok(t)
            }
            None => Err(JobsError::Connection {
                connection: crate::run::connection::LOCAL.to_string(),
                message: "the local engine is not running (or has not reported its JobManager yet); its jobs exist only while it runs".into(),
            }),
        }
    }

    /// The connection profile named `name` of the workspace in `store` (the built-in `local`
    /// included), resolved with [`Self::from_connection`].
    pub async fn named(
        store: &weir_store::Store,
        name: &str,
        databases: &Databases,
    ) -> Result<JobManagerTarget, JobsError> {
        let unknown = |message: String| JobsError::Connection {
            connection: name.to_string(),
            message,
        };
        let all = crate::run::connection::stored_in(store)
            .map_err(|e| unknown(format!("cannot read the workspace's connections: {e}")))?;
        let profile = all.into_iter().find(|p| p.name == name).ok_or_else(|| {
            unknown("no connection of that name in this workspace; add it in the connections, or use --jobmanager URL".into())
        })?;
        JobManagerTarget::from_connection(&profile, databases).await
    }
}

/// A JobManager to operate on. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Jobs {
    client: JobManagerClient,
}

impl Jobs {
    /// A handle on the target's JobManager; checks the URL and TLS set-up, sends nothing.
    pub fn new(target: &JobManagerTarget) -> Result<Jobs, JobsError> {
        let mut config = JobManagerConfig::new(target.url.clone());
        config.headers = target.headers.clone();
        config.ca_pem = target.ca_pem.clone();
        config.request_timeout = target.request_timeout;
        let client = JobManagerClient::new(config).map_err(|e| match &target.connection {
            Some(c) => JobsError::Connection {
                connection: c.clone(),
                message: e.to_string(),
            },
            None => JobsError::JobManager(e),
        })?;
        Ok(Jobs { client })
    }

    /// The JobManager's base URL.
    pub fn url(&self) -> &str {
        self.client.base_url()
    }

    /// Every job the JobManager keeps, newest first, with when the list was observed.
    pub async fn list(&self) -> Result<JobList, JobsError> {
        let jobs = self.client.jobs().await?;
        Ok(JobList::new(self.url(), crate::jobs::view::now_ms(), jobs))
    }

    /// One job: details, vertices (parallelism, records in and out, their inputs from the
    /// plan), failures (root cause first) and checkpoints. An unknown job is [`JobsError::NotFound`]. When the JobManager
    /// cannot give the failures or the checkpoint statistics (checkpointing off, an archived
    /// job, a request that failed), that part is empty with `failures_unavailable` or
    /// `checkpoints_unavailable` saying why, and the rest is still shown.
    pub async fn show(&self, job: &str) -> Result<JobView, JobsError> {
        let details = self.client.job(job).await?;
        let (exceptions, checkpoints, plan) = tokio::join!(
            self.client.exceptions(job),
            self.client.checkpoints(job),
            self.client.plan(job)
        );
        let running = details.state.to_string() == "RUNNING";
        let vertices: Vec<String> = details.vertices.iter().map(|v| v.id.clone()).collect();
        let view = JobView::new(self.url(), details, exceptions, checkpoints).with_plan(plan);
        if !running {
            return Ok(view);
        }
        // every vertex's figures at once: a job of ten vertices costs one round trip, not ten
        let mut tasks = tokio::task::JoinSet::new();
        for (i, v) in vertices.into_iter().enumerate() {
            let (client, job) = (self.client.clone(), job.to_string());
            tasks.spawn(async move { (i, client.vertex_stats(&job, &v).await) });
        }
        let mut stats: Vec<Option<Result<_, _>>> = (0..tasks.len()).map(|_| None).collect();
        while let Some(done) = tasks.join_next().await {
            if let Ok((i, s)) = done {
                stats[i] = Some(s);
            }
        }
        let stats = stats
            .into_iter()
            .map(|s| {
                s.unwrap_or_else(|| {
                    Err(JobManagerError::Other(format!(
                        "reading the vertex's metrics from {} stopped",
                        self.url()
                    )))
                })
            })
            .collect();
        Ok(view.with_live(stats))
    }

    /// The job's configuration: its execution config (restart strategy, parallelism, the job
    /// parameters Flink keeps) and its checkpointing set-up. Either part that the JobManager
    /// cannot give is `None` with the reason beside it.
    pub async fn config(&self, job: &str) -> Result<JobConfigView, JobsError> {
        let (config, checkpointing) = tokio::join!(
            self.client.job_config(job),
            self.client.checkpoint_config(job)
        );
        JobConfigView::new(self.url(), job, config, checkpointing)
    }

    /// The job's state as the cluster reports it now.
    pub async fn status(&self, job: &str) -> Result<JobStatus, JobsError> {
        let details = self.client.job(job).await?;
        Ok(JobStatus::of(&details))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_job_names_the_job_and_the_url() {
        let e = JobsError::NotFound {
            job: "1234".repeat(8),
            url: "http://127.0.0.1:8081".into(),
        };
        assert!(e.to_string().starts_with(&format!(
            "job {} not found on http://127.0.0.1:8081",
            "1234".repeat(8)
        )));
    }

    #[test]
    fn a_connection_without_a_jobmanager_url_says_what_to_set() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut p = ConnectionProfile::gateway("http://gw:8083");
        p.name = "prod".into();
        let e = rt
            .block_on(JobManagerTarget::from_connection(&p, &Databases::new()))
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("connection 'prod': no JobManager REST URL"),
            "{text}"
        );
        p.jobmanager_url = Some(" http://jm:8081 ".into());
        p.request_timeout_secs = Some(5);
        let t = rt
            .block_on(JobManagerTarget::from_connection(&p, &Databases::new()))
            .unwrap();
        assert_eq!(t.url, "http://jm:8081");
        assert_eq!(t.request_timeout, Duration::from_secs(5));
        assert_eq!(t.connection.as_deref(), Some("prod"));
    }
}
