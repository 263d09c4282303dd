//! A vertex with its subtasks, its metrics and watermarks, and the summary drawn from them.

use serde::Deserialize;

use super::{ms_or_none, IoMetrics, JobState};

/// `GET /jobs/:id/vertices/:vid`: one vertex with its subtasks.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VertexDetails {
    /// The vertex id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Parallelism.
    pub parallelism: u32,
    /// Maximum parallelism.
    #[serde(rename = "maxParallelism", default)]
    pub max_parallelism: Option<i64>,
    /// The JobManager's clock when it answered (ms since the epoch).
    #[serde(default)]
    pub now: Option<i64>,
    /// The subtasks.
    #[serde(default)]
    pub subtasks: Vec<Subtask>,
}

/// One parallel instance of a vertex.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Subtask {
    /// Its index.
    pub subtask: u32,
    /// Its state.
    pub status: JobState,
    /// Execution attempt.
    #[serde(default)]
    pub attempt: u32,
    /// Where it runs (`host:port`).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The TaskManager it runs on.
    #[serde(rename = "taskmanager-id", default)]
    pub taskmanager_id: Option<String>,
    /// Start, in ms since the epoch.
    #[serde(rename = "start-time", default, deserialize_with = "ms_or_none")]
    pub start_time: Option<i64>,
    /// Run time in ms.
    #[serde(default, deserialize_with = "ms_or_none")]
    pub duration: Option<i64>,
    /// Its I/O counters.
    #[serde(default)]
    pub metrics: IoMetrics,
}

/// One metric of `/metrics?get=…` or `/watermarks`: its id and value (as Flink sends it, a string).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Metric {
    /// Metric id, e.g. `0.numRecordsIn` (subtask index, then the name).
    pub id: String,
    /// Its value; absent in a listing of names.
    #[serde(default)]
    pub value: Option<String>,
}

/// What a vertex is doing now, summed (records) or maxed (busy, backpressure) over its subtasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VertexStats {
    /// Records received.
    pub records_in: Option<u64>,
    /// Records sent.
    pub records_out: Option<u64>,
    /// Records received per second.
    pub records_in_per_second: Option<f64>,
    /// Records sent per second.
    pub records_out_per_second: Option<f64>,
    /// The busiest subtask's busy time, ms per second (0..1000).
    pub busy_ms_per_second: Option<f64>,
    /// The most backpressured subtask's backpressured time, ms per second (0..1000).
    pub backpressured_ms_per_second: Option<f64>,
    /// The lowest input watermark of the subtasks (ms since the epoch); `None` before the first.
    pub input_watermark: Option<i64>,
}

/// The per-subtask metric names [`VertexStats`] reads.
pub(crate) const STAT_METRICS: [&str; 6] = [
    "numRecordsIn",
    "numRecordsOut",
    "numRecordsInPerSecond",
    "numRecordsOutPerSecond",
    "busyTimeMsPerSecond",
    "backPressuredTimeMsPerSecond",
];

/// The name of a subtask-level metric (`3.numRecordsIn` → `numRecordsIn`); `None` for operator
/// metrics such as `0.Calc[2].numRecordsIn`.
pub(crate) fn subtask_metric(id: &str) -> Option<&str> {
    let (index, name) = id.split_once('.')?;
    (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) && !name.contains('.'))
        .then_some(name)
}

impl VertexStats {
    /// Combines the values of `/metrics?get=` and `/watermarks` (unknown or unparsable values are
    /// left out, never guessed).
    pub fn from_metrics(metrics: &[Metric], watermarks: &[Metric]) -> VertexStats {
        let mut s = VertexStats::default();
        for m in metrics {
            let (Some(name), Some(value)) = (subtask_metric(&m.id), m.value.as_deref()) else {
                continue;
            };
            let Some(v) = value.trim().parse::<f64>().ok().filter(|v| v.is_finite()) else {
                continue;
            };
            let count = || value.trim().parse::<u64>().ok();
            match name {
                "numRecordsIn" => add(&mut s.records_in, count()),
                "numRecordsOut" => add(&mut s.records_out, count()),
                "numRecordsInPerSecond" => {
                    s.records_in_per_second = Some(s.records_in_per_second.unwrap_or(0.0) + v)
                }
                "numRecordsOutPerSecond" => {
                    s.records_out_per_second = Some(s.records_out_per_second.unwrap_or(0.0) + v)
                }
                "busyTimeMsPerSecond" => {
                    s.busy_ms_per_second = Some(s.busy_ms_per_second.map_or(v, |b| b.max(v)))
                }
                "backPressuredTimeMsPerSecond" => {
                    s.backpressured_ms_per_second =
                        Some(s.backpressured_ms_per_second.map_or(v, |b| b.max(v)))
                }
                _ => {}
            }
        }
        for w in watermarks {
            if subtask_metric(&w.id) != Some("currentInputWatermark") {
                continue;
            }
            // Long.MIN_VALUE: no watermark yet; the vertex's watermark is its slowest subtask's.
            let Some(v) = w
                .value
                .as_deref()
                .and_then(|v| v.trim().parse::<i64>().ok())
            else {
                continue;
            };
            if v > i64::MIN {
                s.input_watermark = Some(s.input_watermark.map_or(v, |m| m.min(v)));
            }
        }
        s
    }
}

fn add(total: &mut Option<u64>, v: Option<u64>) {
    if let Some(v) = v {
        *total = Some(total.unwrap_or(0).saturating_add(v));
    }
}
