//! The JobManager's answers as typed values, for Flink 1.20 and 2.x alike: fields this client does
//! not use are ignored, optional ones may be missing (2.x adds `job-type`, `application-id`; 1.20's
//! `/exceptions` still has `root-exception`), and the numbers Flink writes as `"NaN"` strings are read
//! as "no value". [`decode`] is the one entry point for bodies, also used by the fuzz targets.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::gateway::error::{first_line, root_cause, strip_class};

mod checkpoints;
mod vertices;

pub use checkpoints::{
    CheckpointConfig, CheckpointCounts, CheckpointStats, CheckpointSummary,
    CheckpointingStatistics, Externalization, FailureCause, LatestCheckpoints, MinMaxAvg,
    RestoredCheckpoint, SavepointFormat, SavepointOperation, SavepointStatus,
    SavepointStatusAnswer, StatusId, TaskCheckpointStats, Triggered,
};
pub(crate) use vertices::{subtask_metric, STAT_METRICS};
pub use vertices::{Metric, Subtask, VertexDetails, VertexStats};

/// Decodes a JobManager answer body as `T` (any of this module's response types).
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// A job's (or a vertex's) state, as the JobManager names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "String")]
pub enum JobState {
    /// INITIALIZING: submitted, the JobMaster is starting.
    Initializing,
    /// CREATED: waiting for resources.
    Created,
    /// RUNNING.
    Running,
    /// FAILING: failed, tasks are being cancelled.
    Failing,
    /// FAILED: terminal; `/exceptions` says why.
    Failed,
    /// CANCELLING.
    Cancelling,
    /// CANCELED: terminal.
    Canceled,
    /// FINISHED: terminal (bounded input consumed, or stopped with a savepoint).
    Finished,
    /// RESTARTING: failed and restarting under its restart strategy.
    Restarting,
    /// SUSPENDED: the JobManager lost leadership.
    Suspended,
    /// RECONCILING: a restarted JobManager is recovering the job.
    Reconciling,
    /// Any other state, kept as Flink wrote it, never guessed: a newer Flink's, or a vertex's or
    /// subtask's execution state (SCHEDULED, DEPLOYING, CANCELING).
    Other(String),
}

impl From<String> for JobState {
    fn from(s: String) -> Self {
        match s.as_str() {
            "INITIALIZING" => JobState::Initializing,
            "CREATED" => JobState::Created,
            "RUNNING" => JobState::Running,
            "FAILING" => JobState::Failing,
            "FAILED" => JobState::Failed,
            "CANCELLING" => JobState::Cancelling,
            "CANCELED" => JobState::Canceled,
            "FINISHED" => JobState::Finished,
            "RESTARTING" => JobState::Restarting,
            "SUSPENDED" => JobState::Suspended,
            "RECONCILING" => JobState::Reconciling,
            _ => JobState::Other(s),
        }
    }
}

impl JobState {
    /// Flink's name of the state.
    pub fn as_str(&self) -> &str {
        match self {
            JobState::Initializing => "INITIALIZING",
            JobState::Created => "CREATED",
            JobState::Running => "RUNNING",
            JobState::Failing => "FAILING",
            JobState::Failed => "FAILED",
            JobState::Cancelling => "CANCELLING",
            JobState::Canceled => "CANCELED",
            JobState::Finished => "FINISHED",
            JobState::Restarting => "RESTARTING",
            JobState::Suspended => "SUSPENDED",
            JobState::Reconciling => "RECONCILING",
            JobState::Other(s) => s,
        }
    }

    /// Whether the job can no longer change state (FAILED, CANCELED, FINISHED).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            JobState::Failed | JobState::Canceled | JobState::Finished
        )
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `-1` (Flink's "not yet") and absent values as `None`.
pub(crate) fn ms_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Option::<i64>::deserialize(d)?;
    Ok(v.filter(|x| *x >= 0))
}

/// A number that Flink may write as a string (`"NaN"`, `"Infinity"`, `"12.5"`): finite values only.
pub(crate) fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|x| x.is_finite()))
}

/// `GET /overview`: the cluster at a glance.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ClusterOverview {
    /// Registered TaskManagers.
    pub taskmanagers: u32,
    /// Task slots in the cluster.
    pub slots_total: u32,
    /// Free task slots.
    pub slots_available: u32,
    /// Jobs running now.
    pub jobs_running: u32,
    /// Jobs finished (kept by the JobManager).
    pub jobs_finished: u32,
    /// Jobs cancelled.
    pub jobs_cancelled: u32,
    /// Jobs failed.
    pub jobs_failed: u32,
    /// Flink version, e.g. `2.3.0`.
    #[serde(default)]
    pub flink_version: Option<String>,
    /// Flink's commit id.
    #[serde(default)]
    pub flink_commit: Option<String>,
}

/// `GET /jobs/overview` as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobsOverview {
    /// The jobs.
    pub jobs: Vec<JobSummary>,
}

/// One job of `GET /jobs/overview`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobSummary {
    /// The job id (32 hex digits).
    pub jid: String,
    /// The job name (`pipeline.name`, or the statement for SQL).
    pub name: String,
    /// Its state when the JobManager answered.
    pub state: JobState,
    /// Start, in ms since the epoch.
    #[serde(rename = "start-time", default, deserialize_with = "ms_or_none")]
    pub start_time: Option<i64>,
    /// End, in ms since the epoch (`None` while running).
    #[serde(rename = "end-time", default, deserialize_with = "ms_or_none")]
    pub end_time: Option<i64>,
    /// Run time in ms.
    #[serde(default, deserialize_with = "ms_or_none")]
    pub duration: Option<i64>,
    /// Last state change, in ms since the epoch.
    #[serde(rename = "last-modification", default, deserialize_with = "ms_or_none")]
    pub last_modification: Option<i64>,
    /// STREAMING or BATCH (Flink 2.x only).
    #[serde(rename = "jobType", default)]
    pub job_type: Option<String>,
    /// Task counts by state (`running`, `finished`, ...).
    #[serde(default)]
    pub tasks: BTreeMap<String, u32>,
}

/// `GET /jobs/:id`: a job with its vertices.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobDetails {
    /// The job id.
    pub jid: String,
    /// The job name.
    pub name: String,
    /// Its state when the JobManager answered.
    pub state: JobState,
    /// STREAMING or BATCH (`job-type`; absent before Flink 1.20).
    #[serde(rename = "job-type", default)]
    pub job_type: Option<String>,
    /// Whether `stop` applies (sources that support stopping).
    #[serde(rename = "isStoppable", default)]
    pub is_stoppable: bool,
    /// Start, in ms since the epoch.
    #[serde(rename = "start-time", default, deserialize_with = "ms_or_none")]
    pub start_time: Option<i64>,
    /// End, in ms since the epoch (`None` while running).
    #[serde(rename = "end-time", default, deserialize_with = "ms_or_none")]
    pub end_time: Option<i64>,
    /// Run time in ms.
    #[serde(default, deserialize_with = "ms_or_none")]
    pub duration: Option<i64>,
    /// The JobManager's clock when it answered (ms since the epoch): the time the state was observed.
    #[serde(default, deserialize_with = "ms_or_none")]
    pub now: Option<i64>,
    /// When the job entered each state (0: never).
    #[serde(default)]
    pub timestamps: BTreeMap<String, i64>,
    /// The job's vertices (operator chains).
    #[serde(default)]
    pub vertices: Vec<VertexSummary>,
}

/// A vertex as listed in the job details.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VertexSummary {
    /// The vertex id (32 hex digits).
    pub id: String,
    /// Its name: the chained operators.
    pub name: String,
    /// Parallelism.
    pub parallelism: u32,
    /// Maximum parallelism.
    #[serde(rename = "maxParallelism", default)]
    pub max_parallelism: Option<i64>,
    /// The vertex's state (RUNNING, FINISHED, FAILED, ...).
    pub status: JobState,
    /// Start, in ms since the epoch.
    #[serde(rename = "start-time", default, deserialize_with = "ms_or_none")]
    pub start_time: Option<i64>,
    /// End, in ms since the epoch.
    #[serde(rename = "end-time", default, deserialize_with = "ms_or_none")]
    pub end_time: Option<i64>,
    /// Run time in ms.
    #[serde(default, deserialize_with = "ms_or_none")]
    pub duration: Option<i64>,
    /// Subtask counts by state.
    #[serde(default)]
    pub tasks: BTreeMap<String, u32>,
    /// Records and bytes in and out, busy/backpressured/idle time.
    #[serde(default)]
    pub metrics: IoMetrics,
}

/// The I/O counters the JobManager keeps per vertex and subtask.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct IoMetrics {
    /// Bytes read.
    pub read_bytes: Option<u64>,
    /// Bytes written.
    pub write_bytes: Option<u64>,
    /// Records read.
    pub read_records: Option<u64>,
    /// Records written.
    pub write_records: Option<u64>,
    /// Accumulated backpressured time in ms.
    #[serde(deserialize_with = "lenient_f64")]
    pub accumulated_backpressured_time: Option<f64>,
    /// Accumulated idle time in ms.
    #[serde(deserialize_with = "lenient_f64")]
    pub accumulated_idle_time: Option<f64>,
    /// Accumulated busy time in ms (`None` when Flink reports NaN, e.g. for legacy sources).
    #[serde(deserialize_with = "lenient_f64")]
    pub accumulated_busy_time: Option<f64>,
}

/// `GET /jobs/:id/plan` as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlanAnswer {
    /// The plan.
    pub plan: JobPlan,
}

/// `GET /jobs/:id/plan`: the job graph.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobPlan {
    /// The job id.
    pub jid: String,
    /// The job name.
    #[serde(default)]
    pub name: String,
    /// STREAMING or BATCH.
    #[serde(rename = "type", default)]
    pub job_type: Option<String>,
    /// The vertices with their inputs (the edges).
    #[serde(default)]
    pub nodes: Vec<PlanNode>,
}

/// One vertex of the plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlanNode {
    /// The vertex id.
    pub id: String,
    /// Parallelism.
    #[serde(default)]
    pub parallelism: u32,
    /// The chained operators, in Flink's words (`<br/>`-separated lines).
    #[serde(default)]
    pub description: String,
    /// The edges into this vertex.
    #[serde(default)]
    pub inputs: Vec<PlanInput>,
}

/// An edge of the plan: where a vertex reads from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlanInput {
    /// The upstream vertex id.
    pub id: String,
    /// The input's index.
    #[serde(default)]
    pub num: u32,
    /// How records are distributed: FORWARD, HASH, REBALANCE, ...
    #[serde(default)]
    pub ship_strategy: Option<String>,
    /// The exchange mode (`pipelined_bounded`, `blocking`, ...).
    #[serde(default)]
    pub exchange: Option<String>,
}

/// `GET /jobs/:id/config`: the job's execution configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobConfig {
    /// The job id.
    pub jid: String,
    /// The job name.
    #[serde(default)]
    pub name: String,
    /// The execution configuration (absent for jobs archived without one).
    #[serde(rename = "execution-config", default)]
    pub execution_config: Option<ExecutionConfig>,
}

/// The execution configuration of a job.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ExecutionConfig {
    /// The restart strategy, in Flink's words.
    #[serde(default)]
    pub restart_strategy: Option<String>,
    /// The job's default parallelism.
    #[serde(default)]
    pub job_parallelism: Option<i64>,
    /// Whether objects are reused between operators.
    #[serde(default)]
    pub object_reuse_mode: Option<bool>,
    /// The global job parameters.
    #[serde(default)]
    pub user_config: BTreeMap<String, Value>,
}

/// `GET /jobs/:id/exceptions`: why a job failed or restarted.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JobExceptions {
    /// The failures, newest first (Flink 1.13+; the only form in 2.x).
    #[serde(rename = "exceptionHistory", default)]
    pub history: ExceptionHistory,
    /// The latest failure's trace (Flink 1.x only).
    #[serde(rename = "root-exception", default)]
    pub root_exception: Option<String>,
    /// When the latest failure happened (Flink 1.x only).
    #[serde(default)]
    pub timestamp: Option<i64>,
}

/// The exception history of a job.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ExceptionHistory {
    /// The failures, newest first.
    pub entries: Vec<ExceptionEntry>,
    /// Whether older failures were left out.
    pub truncated: bool,
}

/// One failure of a job.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionEntry {
    /// The Java exception class at the top of the trace.
    #[serde(default)]
    pub exception_name: String,
    /// The full Java trace.
    #[serde(default)]
    pub stacktrace: String,
    /// When it happened, in ms since the epoch.
    #[serde(default)]
    pub timestamp: Option<i64>,
    /// The task that failed, if one did.
    #[serde(default)]
    pub task_name: Option<String>,
    /// Where the task ran (`host:port`).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The TaskManager it ran on.
    #[serde(default)]
    pub task_manager_id: Option<String>,
    /// Failures of other tasks at the same time (where the actual cause often is).
    #[serde(default)]
    pub concurrent_exceptions: Vec<ExceptionEntry>,
}

/// A Java failure reduced to what a person needs, with the full trace kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootCause {
    /// The most specific message: the last `Caused by:` line (or the first line), without its class.
    pub message: String,
    /// The Java exception class of that line, when it names one.
    pub class: Option<String>,
    /// The full Java trace.
    pub trace: String,
}

impl RootCause {
    /// Reduces a Java trace to its last `Caused by:` line (the first line when there is none).
    pub fn from_trace(trace: &str) -> RootCause {
        // The same reduction as the gateway's error answers: one rule for every Flink trace.
        let (class, message) = match root_cause(trace) {
            Some(found) => found,
            None => {
                let (class, message) = strip_class(first_line(trace));
                (class.map(str::to_string), message.to_string())
            }
        };
        RootCause {
            message,
            class,
            trace: trace.to_string(),
        }
    }
}

impl JobExceptions {
    /// Why the job last failed: the newest entry's last `Caused by:` line (falling back to 1.x's
    /// `root-exception`), with the full trace. `None` when the job never failed.
    pub fn root_cause(&self) -> Option<RootCause> {
        match self.history.entries.first() {
            Some(e) if !e.stacktrace.trim().is_empty() => {
                Some(RootCause::from_trace(&e.stacktrace))
            }
            _ => self
                .root_exception
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(RootCause::from_trace),
        }
    }
}

/// `GET /taskmanagers` as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TaskManagers {
    /// The TaskManagers.
    pub taskmanagers: Vec<TaskManager>,
}

/// One TaskManager of `GET /taskmanagers`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskManager {
    /// Its id, e.g. `127.0.0.1:38787-38001a`.
    pub id: String,
    /// Its RPC address.
    #[serde(default)]
    pub path: Option<String>,
    /// Its data port.
    #[serde(default)]
    pub data_port: Option<u32>,
    /// Time of the last heartbeat, in ms since the epoch.
    #[serde(default)]
    pub time_since_last_heartbeat: Option<i64>,
    /// Task slots.
    #[serde(default)]
    pub slots_number: u32,
    /// Free task slots.
    #[serde(default)]
    pub free_slots: u32,
    /// The machine it runs on.
    #[serde(default)]
    pub hardware: Option<Hardware>,
}

/// A TaskManager's machine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Hardware {
    /// CPU cores.
    pub cpu_cores: Option<u32>,
    /// Physical memory in bytes.
    pub physical_memory: Option<u64>,
    /// Free JVM heap in bytes.
    pub free_memory: Option<u64>,
    /// Managed memory in bytes.
    pub managed_memory: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_states_are_kept_not_guessed() {
        let s: JobState = serde_json::from_str("\"RUNNING\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s, JobState::Running);
        let s: JobState = serde_json::from_str("\"WARPING\"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s, JobState::Other("WARPING".into()));
        assert_eq!(s.to_string(), "WARPING");
        assert!(!s.is_terminal());
    }

    #[test]
    fn root_cause_is_the_last_caused_by_or_the_first_line() {
        let trace = "org.x.JobException: Recovery is suppressed\n\tat a.b(C.java:1)\nCaused by: java.lang.NumberFormatException: For input string: 'ab'\n\tat x\n";
        let r = RootCause::from_trace(trace);
        assert_eq!(r.message, "For input string: 'ab'");
        assert_eq!(r.class.as_deref(), Some("java.lang.NumberFormatException"));
        assert_eq!(r.trace, trace);
        let r = RootCause::from_trace("java.io.IOException: disk full\n\tat y\n");
        assert_eq!(r.message, "disk full");
    }

    #[test]
    fn vertex_stats_sum_records_and_take_the_worst_subtask() {
        let m = |id: &str, v: &str| Metric {
            id: id.into(),
            value: Some(v.into()),
        };
        let metrics = [
            m("0.numRecordsIn", "10"),
            m("1.numRecordsIn", "5"),
            m("0.busyTimeMsPerSecond", "NaN"),
            m("1.busyTimeMsPerSecond", "250.5"),
            m("0.backPressuredTimeMsPerSecond", "0"),
            m("0.Calc[2].numRecordsIn", "99"),
        ];
        let wm = [
            m("0.currentInputWatermark", "1700"),
            m("1.currentInputWatermark", "-9223372036854775808"),
            m("2.currentInputWatermark", "1600"),
        ];
        let s = VertexStats::from_metrics(&metrics, &wm);
        assert_eq!(s.records_in, Some(15));
        assert_eq!(s.records_out, None);
        assert_eq!(s.busy_ms_per_second, Some(250.5));
        assert_eq!(s.backpressured_ms_per_second, Some(0.0));
        assert_eq!(s.input_watermark, Some(1600));
    }
}
