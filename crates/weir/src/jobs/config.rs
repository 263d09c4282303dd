//! A job's configuration as the JobManager keeps it: the execution config (restart strategy,
//! parallelism, the job parameters) and the checkpointing set-up, as name/value rows.

use serde::Serialize;
use ts_rs::TS;
use weir_connect::jobmanager::{CheckpointConfig, JobConfig, JobManagerError};

use super::view::now_ms;
use super::JobsError;

/// One setting: its name and its value as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfigEntry {
    /// Flink's name for it (a job parameter's own key).
    pub key: String,
    /// Its value as Flink reports it.
    pub value: String,
}

/// The configuration tab of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobConfigView {
    /// The JobManager's URL.
    pub url: String,
    /// The job id.
    pub job: String,
    /// When it was read (this machine's clock, ms).
    #[ts(type = "number")]
    pub observed_at_ms: i64,
    /// Restart strategy, parallelism, object reuse, then the job parameters by name.
    pub execution: Vec<ConfigEntry>,
    /// Why `execution` is empty (the JobManager's answer).
    pub execution_unavailable: Option<String>,
    /// Mode, interval, timeout, pause, concurrency, retention, backend, storage.
    pub checkpointing: Vec<ConfigEntry>,
    /// Why `checkpointing` is empty (checkpointing off, or the JobManager's answer).
    pub checkpointing_unavailable: Option<String>,
}

fn entry(key: &str, value: impl ToString) -> ConfigEntry {
    ConfigEntry {
        key: key.to_string(),
        value: value.to_string(),
    }
}

fn why(e: &JobManagerError) -> String {
    match e.server_error() {
        Some(s) => s.root_cause.clone(),
        None => e.to_string(),
    }
}

impl JobConfigView {
    /// The view of the two answers; an unknown job (either answer) is [`JobsError::NotFound`].
    pub(crate) fn new(
        url: &str,
        job: &str,
        config: Result<JobConfig, JobManagerError>,
        checkpointing: Result<CheckpointConfig, JobManagerError>,
    ) -> Result<JobConfigView, JobsError> {
        let mut view = JobConfigView {
            url: url.to_string(),
            job: job.to_string(),
            observed_at_ms: now_ms(),
            execution: Vec::new(),
            execution_unavailable: None,
            checkpointing: Vec::new(),
            checkpointing_unavailable: None,
        };
        match config {
            Ok(c) => match c.execution_config {
                Some(x) => {
                    if let Some(r) = x.restart_strategy {
                        view.execution.push(entry("restart strategy", r));
                    }
                    if let Some(p) = x.job_parallelism {
                        view.execution.push(entry("parallelism", p));
                    }
                    if let Some(o) = x.object_reuse_mode {
                        view.execution.push(entry("object reuse", o));
                    }
                    for (k, v) in x.user_config {
                        let v = match v {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        };
                        view.execution.push(entry(&k, v));
                    }
                }
                None => {
                    view.execution_unavailable =
                        Some("the JobManager keeps no execution config for this job".into())
                }
            },
            Err(e @ JobManagerError::JobNotFound { .. }) => return Err(e.into()),
            Err(e) => view.execution_unavailable = Some(why(&e)),
        }
        match checkpointing {
            Ok(c) => {
                let ms = |v: i64| format!("{v} ms");
                view.checkpointing.push(entry("mode", c.mode));
                view.checkpointing.push(entry("interval", ms(c.interval)));
                view.checkpointing.push(entry("timeout", ms(c.timeout)));
                if let Some(p) = c.min_pause {
                    view.checkpointing.push(entry("min pause", ms(p)));
                }
                if let Some(m) = c.max_concurrent {
                    view.checkpointing.push(entry("max concurrent", m));
                }
                if let Some(x) = c.externalization {
                    let kept = match (x.enabled, x.delete_on_cancellation) {
                        (false, _) => "not retained",
                        (true, true) => "retained, deleted on cancel",
                        (true, false) => "retained on cancel",
                    };
                    view.checkpointing.push(entry("retention", kept));
                }
                if let Some(b) = c.state_backend {
                    view.checkpointing.push(entry("state backend", b));
                }
                if let Some(s) = c.checkpoint_storage {
                    view.checkpointing.push(entry("checkpoint storage", s));
                }
                if let Some(u) = c.unaligned_checkpoints {
                    view.checkpointing.push(entry("unaligned", u));
                }
                if let Some(t) = c.tolerable_failed_checkpoints {
                    view.checkpointing.push(entry("tolerable failures", t));
                }
            }
            Err(e @ JobManagerError::JobNotFound { .. }) => return Err(e.into()),
            Err(e) => view.checkpointing_unavailable = Some(why(&e)),
        }
        Ok(view)
    }
}
