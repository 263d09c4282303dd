//! Checkpoints and savepoints: statistics, configuration, and the status of a savepoint trigger.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{lenient_f64, RootCause};

/// `GET /jobs/:id/checkpoints`: counts, size/duration summary, the latest ones and the history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckpointingStatistics {
    /// How many checkpoints were triggered, completed, failed, restored.
    pub counts: CheckpointCounts,
    /// Size and duration statistics over the completed checkpoints.
    #[serde(default)]
    pub summary: CheckpointSummary,
    /// The latest completed checkpoint, savepoint, failure and restore.
    #[serde(default)]
    pub latest: LatestCheckpoints,
    /// The recent checkpoints, newest first.
    #[serde(default)]
    pub history: Vec<CheckpointStats>,
}

/// Checkpoint counts of a job.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CheckpointCounts {
    /// Restores from a checkpoint or savepoint.
    pub restored: u64,
    /// Triggered in all.
    pub total: u64,
    /// In progress now.
    pub in_progress: u64,
    /// Completed.
    pub completed: u64,
    /// Failed.
    pub failed: u64,
}

/// Min/avg/max of one checkpoint quantity.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MinMaxAvg {
    /// Smallest value.
    #[serde(deserialize_with = "lenient_f64")]
    pub min: Option<f64>,
    /// Largest value.
    #[serde(deserialize_with = "lenient_f64")]
    pub max: Option<f64>,
    /// Mean.
    #[serde(deserialize_with = "lenient_f64")]
    pub avg: Option<f64>,
}

/// Statistics over the completed checkpoints.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CheckpointSummary {
    /// Bytes persisted per checkpoint (incremental size).
    pub checkpointed_size: MinMaxAvg,
    /// Full state size in bytes.
    pub state_size: MinMaxAvg,
    /// Trigger to last acknowledgement, in ms.
    pub end_to_end_duration: MinMaxAvg,
}

/// The latest checkpoints of each kind.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LatestCheckpoints {
    /// The latest completed checkpoint.
    pub completed: Option<CheckpointStats>,
    /// The latest savepoint.
    pub savepoint: Option<CheckpointStats>,
    /// The latest failed checkpoint.
    pub failed: Option<CheckpointStats>,
    /// The checkpoint or savepoint the job was restored from.
    pub restored: Option<RestoredCheckpoint>,
}

/// The checkpoint or savepoint a job started from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RestoredCheckpoint {
    /// Its checkpoint id.
    pub id: u64,
    /// When it was restored, in ms since the epoch.
    #[serde(default)]
    pub restore_timestamp: Option<i64>,
    /// Whether it was a savepoint.
    #[serde(default)]
    pub is_savepoint: bool,
    /// Its path.
    #[serde(default)]
    pub external_path: Option<String>,
}

/// One checkpoint or savepoint (`history`, `latest`, `/checkpoints/details/:cid`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckpointStats {
    /// Checkpoint id.
    pub id: u64,
    /// IN_PROGRESS, COMPLETED or FAILED.
    pub status: String,
    /// Whether it is a savepoint.
    #[serde(default)]
    pub is_savepoint: bool,
    /// CHECKPOINT, SAVEPOINT, SYNC_SAVEPOINT, ...
    #[serde(default)]
    pub checkpoint_type: Option<String>,
    /// When it was triggered, in ms since the epoch.
    #[serde(default)]
    pub trigger_timestamp: Option<i64>,
    /// The last acknowledgement, in ms since the epoch.
    #[serde(default)]
    pub latest_ack_timestamp: Option<i64>,
    /// Bytes persisted by this checkpoint.
    #[serde(default)]
    pub checkpointed_size: Option<u64>,
    /// Full state size in bytes.
    #[serde(default)]
    pub state_size: Option<u64>,
    /// Trigger to last acknowledgement, in ms.
    #[serde(default)]
    pub end_to_end_duration: Option<i64>,
    /// Subtasks taking part.
    #[serde(default)]
    pub num_subtasks: u64,
    /// Subtasks that acknowledged.
    #[serde(default)]
    pub num_acknowledged_subtasks: u64,
    /// Where it was written (savepoints, externalized checkpoints).
    #[serde(default)]
    pub external_path: Option<String>,
    /// Whether its data was discarded.
    #[serde(default)]
    pub discarded: Option<bool>,
    /// When it failed, in ms since the epoch.
    #[serde(default)]
    pub failure_timestamp: Option<i64>,
    /// Why it failed.
    #[serde(default)]
    pub failure_message: Option<String>,
    /// Per-vertex statistics (filled by `/checkpoints/details/:cid`), by vertex id.
    #[serde(default)]
    pub tasks: BTreeMap<String, TaskCheckpointStats>,
}

/// One vertex's part of a checkpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TaskCheckpointStats {
    /// Status of the vertex's part.
    #[serde(default)]
    pub status: Option<String>,
    /// The last acknowledgement, in ms since the epoch.
    #[serde(default)]
    pub latest_ack_timestamp: Option<i64>,
    /// Bytes persisted.
    #[serde(default)]
    pub checkpointed_size: Option<u64>,
    /// Full state size in bytes.
    #[serde(default)]
    pub state_size: Option<u64>,
    /// Trigger to last acknowledgement, in ms.
    #[serde(default)]
    pub end_to_end_duration: Option<i64>,
    /// Subtasks of the vertex.
    #[serde(default)]
    pub num_subtasks: u64,
    /// Subtasks that acknowledged.
    #[serde(default)]
    pub num_acknowledged_subtasks: u64,
}

/// `GET /jobs/:id/checkpoints/config`: how the job checkpoints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckpointConfig {
    /// `exactly_once` or `at_least_once`.
    pub mode: String,
    /// Interval in ms.
    pub interval: i64,
    /// Timeout in ms.
    pub timeout: i64,
    /// Minimum pause between checkpoints in ms.
    #[serde(default)]
    pub min_pause: Option<i64>,
    /// Concurrent checkpoints allowed.
    #[serde(default)]
    pub max_concurrent: Option<i64>,
    /// Whether checkpoints are kept after the job ends.
    #[serde(default)]
    pub externalization: Option<Externalization>,
    /// The state backend's class name.
    #[serde(default)]
    pub state_backend: Option<String>,
    /// The checkpoint storage's class name.
    #[serde(default)]
    pub checkpoint_storage: Option<String>,
    /// Unaligned checkpoints on.
    #[serde(default)]
    pub unaligned_checkpoints: Option<bool>,
    /// Failed checkpoints tolerated before the job fails.
    #[serde(default)]
    pub tolerable_failed_checkpoints: Option<i64>,
}

/// Retention of checkpoints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Externalization {
    /// Checkpoints are retained.
    pub enabled: bool,
    /// ... and deleted when the job is cancelled.
    #[serde(default)]
    pub delete_on_cancellation: bool,
}

/// The answer to a savepoint or stop request: the trigger id to poll.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Triggered {
    /// The trigger id (32 hex digits).
    #[serde(rename = "request-id")]
    pub request_id: String,
}

/// `GET /jobs/:id/savepoints/:trigger` as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavepointStatusAnswer {
    /// `{"id": "IN_PROGRESS" | "COMPLETED"}`.
    pub status: StatusId,
    /// Filled when completed: the location, or the failure cause.
    #[serde(default)]
    pub operation: Option<SavepointOperation>,
}

/// An asynchronous operation's status id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StatusId {
    /// IN_PROGRESS or COMPLETED.
    pub id: String,
}

/// The result of a completed savepoint operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavepointOperation {
    /// The savepoint's path, on success.
    #[serde(default)]
    pub location: Option<String>,
    /// Why it failed, on failure.
    #[serde(rename = "failure-cause", default)]
    pub failure_cause: Option<FailureCause>,
}

/// A serialized Java exception.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FailureCause {
    /// The exception class.
    #[serde(default)]
    pub class: Option<String>,
    /// Its full trace.
    #[serde(rename = "stack-trace", default)]
    pub stack_trace: Option<String>,
}

/// Where a savepoint operation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavepointStatus {
    /// Still being written.
    InProgress,
    /// Written; the path to restore from.
    Completed {
        /// The savepoint's location, e.g. `file:/savepoints/savepoint-4613ec-6b65afe6f1a5`.
        location: String,
    },
    /// Ended without a savepoint.
    Failed(RootCause),
}

impl SavepointStatusAnswer {
    /// What the answer means: in progress, completed with a location, or failed with Flink's cause.
    pub fn status(&self) -> SavepointStatus {
        if self.status.id != "COMPLETED" {
            return SavepointStatus::InProgress;
        }
        let op = self.operation.as_ref();
        if let Some(location) = op.and_then(|o| o.location.clone()) {
            return SavepointStatus::Completed { location };
        }
        let cause = op.and_then(|o| o.failure_cause.as_ref());
        let trace = cause
            .and_then(|c| c.stack_trace.clone())
            .or_else(|| cause.and_then(|c| c.class.clone()))
            .unwrap_or_else(|| "completed without a location or a failure cause".to_string());
        SavepointStatus::Failed(RootCause::from_trace(&trace))
    }
}

/// The format of a savepoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SavepointFormat {
    /// Flink's canonical format: portable between state backends.
    #[default]
    Canonical,
    /// The state backend's native format: faster, tied to the backend.
    Native,
}

impl SavepointFormat {
    /// The `formatType` value of the request.
    pub fn as_str(self) -> &'static str {
        match self {
            SavepointFormat::Canonical => "CANONICAL",
            SavepointFormat::Native => "NATIVE",
        }
    }
}
