//! The JobManager REST endpoints: one method per endpoint, plus [`JobManagerClient::vertex_stats`]
//! (three requests folded into one summary). Ids are checked before they go into a URL.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};

use super::error::JobManagerError;
use super::http::{JobManagerConfig, Transport};
use super::model::{
    subtask_metric, CheckpointConfig, CheckpointStats, CheckpointingStatistics, ClusterOverview,
    JobConfig, JobDetails, JobExceptions, JobPlan, JobSummary, JobsOverview, Metric, PlanAnswer,
    SavepointFormat, SavepointStatus, SavepointStatusAnswer, TaskManager, TaskManagers, Triggered,
    VertexDetails, VertexStats, STAT_METRICS,
};

/// An async client for one JobManager's REST API. Cheap to clone.
#[derive(Debug, Clone)]
pub struct JobManagerClient {
    http: Arc<Transport>,
}

/// What `trigger_savepoint` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavepointRequest {
    /// Where to write it (`file:///…`, `s3://…`); `None`: the cluster's
    /// `execution.checkpointing.savepoint-dir`.
    pub target_directory: Option<String>,
    /// Cancel the job once the savepoint is written.
    pub cancel_job: bool,
    /// Canonical (portable) or native format.
    pub format: SavepointFormat,
}

impl JobManagerClient {
    /// A client for the JobManager at `config.base_url`; sends nothing yet.
    pub fn new(config: JobManagerConfig) -> Result<JobManagerClient, JobManagerError> {
        Ok(JobManagerClient {
            http: Arc::new(Transport::new(&config)?),
        })
    }

    /// The JobManager's base URL (without a trailing slash).
    pub fn base_url(&self) -> &str {
        self.http.base()
    }

    /// `GET /overview`: TaskManagers, slots, job counts, Flink version.
    pub async fn overview(&self) -> Result<ClusterOverview, JobManagerError> {
        self.http.json(Method::GET, "/overview", None, None).await
    }

    /// `GET /jobs/overview`: every job the JobManager knows, with its state.
    pub async fn jobs(&self) -> Result<Vec<JobSummary>, JobManagerError> {
        let r: JobsOverview = self
            .http
            .json(Method::GET, "/jobs/overview", None, None)
            .await?;
        Ok(r.jobs)
    }

    /// `GET /jobs/:id`: the job with its vertices.
    pub async fn job(&self, job: &str) -> Result<JobDetails, JobManagerError> {
        self.get_job(job, "").await
    }

    /// `GET /jobs/:id/plan`: the job graph (vertices and edges).
    pub async fn plan(&self, job: &str) -> Result<JobPlan, JobManagerError> {
        let r: PlanAnswer = self.get_job(job, "/plan").await?;
        Ok(r.plan)
    }

    /// `GET /jobs/:id/config`: the execution configuration.
    pub async fn job_config(&self, job: &str) -> Result<JobConfig, JobManagerError> {
        self.get_job(job, "/config").await
    }

    /// `GET /jobs/:id/exceptions`: failures, newest first; see [`JobExceptions::root_cause`].
    pub async fn exceptions(&self, job: &str) -> Result<JobExceptions, JobManagerError> {
        self.get_job(job, "/exceptions").await
    }

    /// `GET /jobs/:id/checkpoints`: counts, summary, latest and history.
    pub async fn checkpoints(&self, job: &str) -> Result<CheckpointingStatistics, JobManagerError> {
        self.get_job(job, "/checkpoints").await
    }

    /// `GET /jobs/:id/checkpoints/config`: interval, mode, storage.
    pub async fn checkpoint_config(&self, job: &str) -> Result<CheckpointConfig, JobManagerError> {
        self.get_job(job, "/checkpoints/config").await
    }

    /// `GET /jobs/:id/checkpoints/details/:cid`: one checkpoint with its per-vertex statistics.
    pub async fn checkpoint_details(
        &self,
        job: &str,
        checkpoint: u64,
    ) -> Result<CheckpointStats, JobManagerError> {
        self.get_job(job, &format!("/checkpoints/details/{checkpoint}"))
            .await
    }

    /// `GET /jobs/:id/vertices/:vid`: one vertex with its subtasks.
    pub async fn vertex(&self, job: &str, vertex: &str) -> Result<VertexDetails, JobManagerError> {
        let vertex = check_id("vertex id", vertex)?;
        self.get_job(job, &format!("/vertices/{vertex}")).await
    }

    /// `GET /jobs/:id/vertices/:vid/metrics`: the names of the vertex's metrics.
    pub async fn vertex_metric_names(
        &self,
        job: &str,
        vertex: &str,
    ) -> Result<Vec<String>, JobManagerError> {
        let vertex = check_id("vertex id", vertex)?;
        let names: Vec<Metric> = self
            .get_job(job, &format!("/vertices/{vertex}/metrics"))
            .await?;
        Ok(names.into_iter().map(|m| m.id).collect())
    }

    /// `GET /jobs/:id/vertices/:vid/metrics?get=a,b`: the values of the named metrics (names the
    /// vertex does not have are left out by Flink).
    pub async fn vertex_metrics(
        &self,
        job: &str,
        vertex: &str,
        names: &[String],
    ) -> Result<Vec<Metric>, JobManagerError> {
        let vertex = check_id("vertex id", vertex)?;
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let get: Vec<String> = names.iter().map(|n| encode(n)).collect();
        self.get_job(
            job,
            &format!("/vertices/{vertex}/metrics?get={}", get.join(",")),
        )
        .await
    }

    /// `GET /jobs/:id/vertices/:vid/watermarks`: each subtask's current input watermark.
    pub async fn watermarks(
        &self,
        job: &str,
        vertex: &str,
    ) -> Result<Vec<Metric>, JobManagerError> {
        let vertex = check_id("vertex id", vertex)?;
        self.get_job(job, &format!("/vertices/{vertex}/watermarks"))
            .await
    }

    /// Records in/out (and per second), busy and backpressured time, and the input watermark of a
    /// vertex: its metric names, their values, and its watermarks (three requests).
    pub async fn vertex_stats(
        &self,
        job: &str,
        vertex: &str,
    ) -> Result<VertexStats, JobManagerError> {
        let names: Vec<String> = self
            .vertex_metric_names(job, vertex)
            .await?
            .into_iter()
            .filter(|n| subtask_metric(n).is_some_and(|m| STAT_METRICS.contains(&m)))
            .collect();
        let metrics = self.vertex_metrics(job, vertex, &names).await?;
        let watermarks = self.watermarks(job, vertex).await?;
        Ok(VertexStats::from_metrics(&metrics, &watermarks))
    }

    /// `GET /taskmanagers`: the registered TaskManagers.
    pub async fn taskmanagers(&self) -> Result<Vec<TaskManager>, JobManagerError> {
        let r: TaskManagers = self
            .http
            .json(Method::GET, "/taskmanagers", None, None)
            .await?;
        Ok(r.taskmanagers)
    }

    /// `PATCH /jobs/:id?mode=cancel`: asks the job to cancel (it goes CANCELLING, then CANCELED).
    pub async fn cancel(&self, job: &str) -> Result<(), JobManagerError> {
        let job = check_id("job id", job)?;
        self.http
            .send(
                Method::PATCH,
                &format!("/jobs/{job}?mode=cancel"),
                None,
                Some(job),
            )
            .await
            .map(|_| ())
    }

    /// `POST /jobs/:id/savepoints`: starts a savepoint; returns the trigger id to poll
    /// ([`Self::savepoint_status`], [`Self::wait_for_savepoint`]).
    pub async fn trigger_savepoint(
        &self,
        job: &str,
        request: &SavepointRequest,
    ) -> Result<String, JobManagerError> {
        let job = check_id("job id", job)?;
        let mut body = json!({
            "cancel-job": request.cancel_job,
            "formatType": request.format.as_str(),
        });
        if let (Some(dir), Some(map)) = (&request.target_directory, body.as_object_mut()) {
            map.insert("target-directory".into(), Value::from(dir.as_str()));
        }
        self.trigger(job, "savepoints", &body).await
    }

    /// `POST /jobs/:id/stop`: a savepoint, then the job stops (FINISHED); `drain` first sends
    /// MAX_WATERMARK so event-time windows fire. Returns the trigger id to poll.
    pub async fn stop_with_savepoint(
        &self,
        job: &str,
        target_directory: Option<&str>,
        drain: bool,
    ) -> Result<String, JobManagerError> {
        let job = check_id("job id", job)?;
        let mut body = json!({ "drain": drain });
        if let (Some(dir), Some(map)) = (target_directory, body.as_object_mut()) {
            map.insert("targetDirectory".into(), Value::from(dir));
        }
        self.trigger(job, "stop", &body).await
    }

    /// `GET /jobs/:id/savepoints/:trigger`: in progress, completed with a location, or failed.
    pub async fn savepoint_status(
        &self,
        job: &str,
        trigger: &str,
    ) -> Result<SavepointStatus, JobManagerError> {
        let trigger = check_id("savepoint trigger id", trigger)?;
        let r: SavepointStatusAnswer = self.get_job(job, &format!("/savepoints/{trigger}")).await?;
        Ok(r.status())
    }

    /// The status URL of a savepoint trigger (for messages).
    pub(crate) fn savepoint_url(&self, job: &str, trigger: &str) -> String {
        self.http.url(&format!("/jobs/{job}/savepoints/{trigger}"))
    }

    async fn trigger(
        &self,
        job: &str,
        what: &str,
        body: &Value,
    ) -> Result<String, JobManagerError> {
        let r: Triggered = self
            .http
            .json(
                Method::POST,
                &format!("/jobs/{job}/{what}"),
                Some(body),
                Some(job),
            )
            .await?;
        Ok(r.request_id)
    }

    async fn get_job<T: serde::de::DeserializeOwned>(
        &self,
        job: &str,
        rest: &str,
    ) -> Result<T, JobManagerError> {
        let job = check_id("job id", job)?;
        self.http
            .json(Method::GET, &format!("/jobs/{job}{rest}"), None, Some(job))
            .await
    }
}

/// Accepts Flink's 32-hex-digit ids only: anything else would change the URL's meaning.
pub(crate) fn check_id<'a>(what: &'static str, id: &'a str) -> Result<&'a str, JobManagerError> {
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(JobManagerError::InvalidId {
            what,
            id: id.to_string(),
        })
    }
}

/// Percent-encodes a metric name for the `get` parameter (`,` separates names, so it is encoded too).
fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'[' | b']') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
