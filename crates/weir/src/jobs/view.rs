//! What the Jobs view and `weir jobs` show: the JobManager's answers reduced to rows, each with
//! the time it was observed; states as Flink names them.

use serde::Serialize;
use ts_rs::TS;
use weir_connect::jobmanager::model::{CheckpointStats, ExceptionEntry};
use weir_connect::jobmanager::{
    CheckpointingStatistics, JobDetails, JobExceptions, JobManagerError, JobPlan, JobSummary,
    RootCause,
};

/// This machine's clock in ms since the epoch (when an answer carries no time of its own).
pub(crate) fn now_ms() -> i64 {
    weir_store::now_ms()
}

/// One job of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobRow {
    /// The job id (32 hex digits).
    pub id: String,
    /// The job name (`pipeline.name`, or Flink's name for the statement).
    pub name: String,
    /// The state the cluster reported (RUNNING, FAILED, ...), exactly as Flink names it.
    pub state: String,
    /// Start, in ms since the epoch.
    #[ts(type = "number | null")]
    pub start_time: Option<i64>,
    /// End, in ms since the epoch (`None` while it runs).
    #[ts(type = "number | null")]
    pub end_time: Option<i64>,
    /// Run time in ms, as the cluster computed it.
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    /// When the job last changed state, in ms since the epoch.
    #[ts(type = "number | null")]
    pub last_modification: Option<i64>,
    /// The Weir script and statement that started it, when Weir did (from the run history).
    pub origin: Option<super::JobOrigin>,
}

impl From<JobSummary> for JobRow {
    fn from(j: JobSummary) -> JobRow {
        JobRow {
            id: j.jid,
            name: j.name,
            state: j.state.to_string(),
            start_time: j.start_time,
            end_time: j.end_time,
            duration_ms: j.duration,
            last_modification: j.last_modification,
            origin: None,
        }
    }
}

/// The jobs of a JobManager, as observed at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobList {
    /// The JobManager's URL.
    pub url: String,
    /// When the answer arrived (this machine's clock, ms since the epoch).
    #[ts(type = "number")]
    pub observed_at_ms: i64,
    /// The jobs, newest start first.
    pub jobs: Vec<JobRow>,
}

impl JobList {
    /// The list a `GET /jobs/overview` body gives (what [`super::Jobs::list`] reads), observed
    /// at `observed_at_ms`.
    pub fn from_overview(
        url: &str,
        observed_at_ms: i64,
        body: &[u8],
    ) -> Result<JobList, serde_json::Error> {
        let o: weir_connect::jobmanager::model::JobsOverview =
            weir_connect::jobmanager::model::decode(body)?;
        Ok(JobList::new(url, observed_at_ms, o.jobs))
    }

    pub(crate) fn new(url: &str, observed_at_ms: i64, jobs: Vec<JobSummary>) -> JobList {
        let mut jobs: Vec<JobRow> = jobs.into_iter().map(JobRow::from).collect();
        jobs.sort_by(|a, b| b.start_time.cmp(&a.start_time).then(a.id.cmp(&b.id)));
        JobList {
            url: url.to_string(),
            observed_at_ms,
            jobs,
        }
    }
}

impl JobList {
    /// The list with the origin of each job Weir started, read from `store`'s run history.
    pub fn with_origins(mut self, store: &weir_store::Store) -> weir_store::Result<JobList> {
        let ids: Vec<String> = self.jobs.iter().map(|j| j.id.clone()).collect();
        let mut found = super::origins(store, &ids)?;
        for j in &mut self.jobs {
            j.origin = found.remove(&j.id);
        }
        Ok(self)
    }
}

/// A job's state and when the cluster reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// The job id.
    pub id: String,
    /// The state, as Flink names it.
    pub state: String,
    /// The JobManager's clock when it answered (else this machine's), ms since the epoch.
    #[ts(type = "number")]
    pub observed_at_ms: i64,
}

impl JobStatus {
    pub(crate) fn of(d: &JobDetails) -> JobStatus {
        JobStatus {
            id: d.jid.clone(),
            state: d.state.to_string(),
            observed_at_ms: d.now.unwrap_or_else(now_ms),
        }
    }

    /// Whether the job can no longer change state (FAILED, CANCELED, FINISHED).
    pub fn is_terminal(&self) -> bool {
        matches!(self.state.as_str(), "FAILED" | "CANCELED" | "FINISHED")
    }
}

/// A vertex (chain of operators) of a job.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VertexRow {
    /// The vertex id.
    pub id: String,
    /// Its operators, as Flink names them.
    pub name: String,
    /// Parallelism.
    pub parallelism: u32,
    /// Its state, as Flink names it.
    pub state: String,
    /// Records it read from other vertices (a source's external reads are not counted by Flink).
    #[ts(type = "number | null")]
    pub records_in: Option<u64>,
    /// Records it sent to other vertices (a sink's writes are not counted by Flink).
    #[ts(type = "number | null")]
    pub records_out: Option<u64>,
    /// Run time in ms.
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    /// Live figures of a running vertex (records/s, busy and backpressured time, watermark);
    /// `None` when the job is not running or the JobManager did not give them.
    pub live: Option<VertexLive>,
    /// The edges into this vertex, from the job's plan (empty for a source, or when the plan
    /// could not be read: see [`JobView::plan_unavailable`]).
    pub inputs: Vec<VertexInput>,
}

/// What a running vertex does now, from its subtasks' metrics (the busiest subtask for busy and
/// backpressured time, the lowest input watermark).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VertexLive {
    /// Records received per second, all subtasks.
    pub records_in_per_second: Option<f64>,
    /// Records sent per second, all subtasks.
    pub records_out_per_second: Option<f64>,
    /// The busiest subtask's busy time, ms per second (0..1000).
    pub busy_ms_per_second: Option<f64>,
    /// The most backpressured subtask's backpressured time, ms per second (0..1000).
    pub backpressured_ms_per_second: Option<f64>,
    /// The lowest input watermark of its subtasks (ms since the epoch); `None` before the first.
    #[ts(type = "number | null")]
    pub input_watermark: Option<i64>,
    /// How far the watermark is behind the JobManager's clock when it was observed (ms).
    #[ts(type = "number | null")]
    pub watermark_lag_ms: Option<i64>,
}

impl VertexLive {
    pub(crate) fn new(
        s: &weir_connect::jobmanager::VertexStats,
        observed_at_ms: i64,
    ) -> VertexLive {
        // Flink reports Long.MIN_VALUE (no watermark yet) as a very old time: not a lag
        let watermark = s.input_watermark.filter(|w| *w > 0);
        VertexLive {
            records_in_per_second: s.records_in_per_second,
            records_out_per_second: s.records_out_per_second,
            busy_ms_per_second: s.busy_ms_per_second,
            backpressured_ms_per_second: s.backpressured_ms_per_second,
            input_watermark: watermark,
            watermark_lag_ms: watermark.map(|w| (observed_at_ms - w).max(0)),
        }
    }
}

/// An edge of a job's plan: the vertex a vertex reads from, and how records are shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VertexInput {
    /// The upstream vertex id.
    pub id: String,
    /// FORWARD, HASH, REBALANCE, ... as Flink names it.
    pub ship_strategy: Option<String>,
}

/// A failure of a job, root cause first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// The most specific message: the last `Caused by:` line of the trace, without its class.
    pub root_cause: String,
    /// The Java class of the root cause.
    pub root_cause_class: Option<String>,
    /// The exception at the top of the trace.
    pub exception: String,
    /// When it happened, in ms since the epoch.
    #[ts(type = "number | null")]
    pub timestamp: Option<i64>,
    /// The task that failed, if one did.
    pub task: Option<String>,
    /// Where it ran (`host:port`).
    pub endpoint: Option<String>,
    /// The full Java trace.
    pub trace: String,
}

impl Failure {
    /// A failure from its Java trace (root cause: the last `Caused by:` line, else the first).
    pub fn from_trace(trace: &str, timestamp: Option<i64>) -> Failure {
        let cause = RootCause::from_trace(trace);
        Failure {
            root_cause: cause.message,
            root_cause_class: cause.class,
            exception: trace.lines().next().unwrap_or("").trim().to_string(),
            timestamp,
            task: None,
            endpoint: None,
            trace: cause.trace,
        }
    }

    fn from_entry(e: &ExceptionEntry) -> Failure {
        Failure {
            task: e.task_name.clone(),
            endpoint: e.endpoint.clone(),
            ..Failure::from_trace(&e.stacktrace, e.timestamp)
        }
    }
}

/// The failures in `/jobs/:id/exceptions`, newest first (1.x's lone `root-exception` when the
/// history is empty).
pub(crate) fn failures(x: &JobExceptions) -> Vec<Failure> {
    let mut out: Vec<Failure> = x
        .history
        .entries
        .iter()
        .filter(|e| !e.stacktrace.trim().is_empty())
        .map(Failure::from_entry)
        .collect();
    if out.is_empty() {
        if let Some(t) = x.root_exception.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push(Failure::from_trace(t, x.timestamp));
        }
    }
    out
}

/// One checkpoint or savepoint (read back from the window to chart the history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointRow {
    /// Its id.
    #[ts(type = "number")]
    pub id: u64,
    /// COMPLETED, IN_PROGRESS or FAILED, as Flink says.
    pub status: String,
    /// A savepoint rather than a checkpoint.
    pub is_savepoint: bool,
    /// When it was triggered, ms since the epoch.
    #[ts(type = "number | null")]
    pub trigger_time: Option<i64>,
    /// End-to-end duration in ms.
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    /// Checkpointed size in bytes.
    #[ts(type = "number | null")]
    pub size_bytes: Option<u64>,
    /// Where it was written (completed ones).
    pub path: Option<String>,
    /// Why it failed (failed ones).
    pub failure: Option<String>,
}

impl From<&CheckpointStats> for CheckpointRow {
    fn from(c: &CheckpointStats) -> CheckpointRow {
        CheckpointRow {
            id: c.id,
            status: c.status.clone(),
            is_savepoint: c.is_savepoint,
            trigger_time: c.trigger_timestamp,
            duration_ms: c.end_to_end_duration,
            size_bytes: c.checkpointed_size,
            path: c.external_path.clone(),
            failure: c.failure_message.clone(),
        }
    }
}

/// The checkpoint or savepoint a job was restored from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredFrom {
    /// Its id.
    #[ts(type = "number")]
    pub id: u64,
    /// A savepoint rather than a checkpoint.
    pub is_savepoint: bool,
    /// Its path.
    pub path: Option<String>,
    /// When the job was restored, ms since the epoch.
    #[ts(type = "number | null")]
    pub restored_at: Option<i64>,
}

/// A job's checkpoints: counts, the latest ones, history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoints {
    /// Completed checkpoints and savepoints.
    #[ts(type = "number")]
    pub completed: u64,
    /// Failed ones.
    #[ts(type = "number")]
    pub failed: u64,
    /// In progress now.
    #[ts(type = "number")]
    pub in_progress: u64,
    /// Restores.
    #[ts(type = "number")]
    pub restored: u64,
    /// The latest completed checkpoint.
    pub latest_completed: Option<CheckpointRow>,
    /// The latest savepoint.
    pub latest_savepoint: Option<CheckpointRow>,
    /// The latest failed one.
    pub latest_failed: Option<CheckpointRow>,
    /// What the job was restored from.
    pub restored_from: Option<RestoredFrom>,
    /// The recent ones, newest first.
    pub history: Vec<CheckpointRow>,
}

impl From<&CheckpointingStatistics> for Checkpoints {
    fn from(s: &CheckpointingStatistics) -> Checkpoints {
        Checkpoints {
            completed: s.counts.completed,
            failed: s.counts.failed,
            in_progress: s.counts.in_progress,
            restored: s.counts.restored,
            latest_completed: s.latest.completed.as_ref().map(CheckpointRow::from),
            latest_savepoint: s.latest.savepoint.as_ref().map(CheckpointRow::from),
            latest_failed: s.latest.failed.as_ref().map(CheckpointRow::from),
            restored_from: s.latest.restored.as_ref().map(|r| RestoredFrom {
                id: r.id,
                is_savepoint: r.is_savepoint,
                path: r.external_path.clone(),
                restored_at: r.restore_timestamp,
            }),
            history: s.history.iter().map(CheckpointRow::from).collect(),
        }
    }
}

/// Why a part of `show` is missing: Flink's root cause for an HTTP error, else the whole message.
fn unavailable(e: &JobManagerError) -> String {
    match e.server_error() {
        Some(s) => s.root_cause.clone(),
        None => e.to_string(),
    }
}

/// One job in full.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    /// The JobManager's URL.
    pub url: String,
    /// The job as in the list.
    pub job: JobRow,
    /// The JobManager's clock when it answered with the details (else this machine's).
    #[ts(type = "number")]
    pub observed_at_ms: i64,
    /// STREAMING or BATCH, when Flink says.
    pub job_type: Option<String>,
    /// Whether `stop` applies (sources that can stop).
    pub is_stoppable: bool,
    /// The vertices.
    pub vertices: Vec<VertexRow>,
    /// The failures, newest first, each root cause first.
    pub failures: Vec<Failure>,
    /// Why `failures` could not be read (the JobManager's answer); `None` when they were.
    pub failures_unavailable: Option<String>,
    /// The checkpoints, when the JobManager has statistics for the job.
    pub checkpoints: Option<Checkpoints>,
    /// Why `checkpoints` is empty (the JobManager's answer).
    pub checkpoints_unavailable: Option<String>,
    /// Why the vertices have no `inputs` (the plan could not be read); `None` when it was.
    pub plan_unavailable: Option<String>,
    /// Why running vertices have no `live` figures (the first failure); `None` when they have.
    pub live_unavailable: Option<String>,
}

impl JobView {
    pub(crate) fn new(
        url: &str,
        d: JobDetails,
        exceptions: Result<JobExceptions, JobManagerError>,
        checkpoints: Result<CheckpointingStatistics, JobManagerError>,
    ) -> JobView {
        let observed_at_ms = d.now.unwrap_or_else(now_ms);
        let vertices = d
            .vertices
            .iter()
            .map(|v| VertexRow {
                id: v.id.clone(),
                name: v.name.clone(),
                parallelism: v.parallelism,
                state: v.status.to_string(),
                records_in: v.metrics.read_records,
                records_out: v.metrics.write_records,
                duration_ms: v.duration,
                live: None,
                inputs: Vec::new(),
            })
            .collect();
        let (checkpoints, checkpoints_unavailable) = match checkpoints {
            Ok(s) => (Some(Checkpoints::from(&s)), None),
            Err(e) => (None, Some(unavailable(&e))),
        };
        let (failures, failures_unavailable) = match exceptions {
            Ok(x) => (failures(&x), None),
            Err(e) => (Vec::new(), Some(unavailable(&e))),
        };
        JobView {
            url: url.to_string(),
            job: JobRow {
                id: d.jid,
                name: d.name,
                state: d.state.to_string(),
                start_time: d.start_time,
                end_time: d.end_time,
                duration_ms: d.duration,
                last_modification: d.timestamps.values().copied().filter(|t| *t > 0).max(),
                origin: None,
            },
            observed_at_ms,
            job_type: d.job_type,
            is_stoppable: d.is_stoppable,
            vertices,
            failures,
            failures_unavailable,
            checkpoints,
            checkpoints_unavailable,
            plan_unavailable: None,
            live_unavailable: None,
        }
    }

    /// The view with each vertex's inputs taken from the job's plan (`GET /jobs/:id/plan`); a
    /// plan that could not be read leaves them empty with `plan_unavailable` saying why.
    pub(crate) fn with_plan(mut self, plan: Result<JobPlan, JobManagerError>) -> JobView {
        match plan {
            Ok(plan) => {
                for v in &mut self.vertices {
                    if let Some(node) = plan.nodes.iter().find(|n| n.id == v.id) {
                        v.inputs = node
                            .inputs
                            .iter()
                            .map(|i| VertexInput {
                                id: i.id.clone(),
                                ship_strategy: i.ship_strategy.clone(),
                            })
                            .collect();
                    }
                }
            }
            Err(e) => self.plan_unavailable = Some(unavailable(&e)),
        }
        self
    }

    /// The view with each vertex's live figures (in vertex order; an `Err` leaves that vertex
    /// without and says why in `live_unavailable`).
    pub(crate) fn with_live(
        mut self,
        stats: Vec<Result<weir_connect::jobmanager::VertexStats, JobManagerError>>,
    ) -> JobView {
        for (v, s) in self.vertices.iter_mut().zip(stats) {
            match s {
                Ok(s) => v.live = Some(VertexLive::new(&s, self.observed_at_ms)),
                Err(e) => {
                    self.live_unavailable.get_or_insert_with(|| unavailable(&e));
                }
            }
        }
        self
    }

    /// The view with the job's origin, read from `store`'s run history.
    pub fn with_origin(mut self, store: &weir_store::Store) -> weir_store::Result<JobView> {
        self.job.origin =
            super::origins(store, std::slice::from_ref(&self.job.id))?.remove(&self.job.id);
        Ok(self)
    }

    /// Why the job last failed: the newest failure (root cause and trace).
    pub fn root_cause(&self) -> Option<&Failure> {
        self.failures.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACE: &str = "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\n\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:180)\nCaused by: org.apache.flink.table.api.TableRuntimeException: Error while casting\n\tat x\nCaused by: java.lang.NumberFormatException: For input string: 'ab3x'\n\tat java.lang.Integer.parseInt(Integer.java:652)\n\t... 23 more\n";

    #[test]
    fn the_root_cause_is_the_last_caused_by_line_and_the_trace_is_kept() {
        let f = Failure::from_trace(TRACE, Some(7));
        assert_eq!(f.root_cause, "For input string: 'ab3x'");
        assert_eq!(
            f.root_cause_class.as_deref(),
            Some("java.lang.NumberFormatException")
        );
        assert_eq!(
            f.exception,
            "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy"
        );
        assert_eq!(f.trace, TRACE);
        assert_eq!(f.timestamp, Some(7));
    }

    #[test]
    fn a_trace_without_caused_by_gives_its_first_line() {
        let f = Failure::from_trace("java.io.IOException: disk full\n\tat y\n", None);
        assert_eq!(f.root_cause, "disk full");
        assert_eq!(f.root_cause_class.as_deref(), Some("java.io.IOException"));
    }

    #[test]
    fn failures_are_newest_first_with_the_1x_root_exception_as_fallback() {
        let x: JobExceptions = serde_json::from_value(serde_json::json!({
            "exceptionHistory": {"entries": [
                {"exceptionName": "a", "stacktrace": "x.AException: newest\nCaused by: y.BException: inner", "timestamp": 2, "taskName": "Sink"},
                {"exceptionName": "c", "stacktrace": "x.CException: older", "timestamp": 1}
            ], "truncated": false}
        }))
        .unwrap();
        let f = failures(&x);
        assert_eq!(
            f.iter().map(|f| f.root_cause.as_str()).collect::<Vec<_>>(),
            ["inner", "older"]
        );
        assert_eq!(f[0].task.as_deref(), Some("Sink"));
        let old: JobExceptions = serde_json::from_value(serde_json::json!({
            "root-exception": "x.DException: only one", "timestamp": 5,
            "exceptionHistory": {"entries": [], "truncated": false}
        }))
        .unwrap();
        assert_eq!(failures(&old)[0].root_cause, "only one");
        let none: JobExceptions = serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(failures(&none).is_empty());
    }
}
