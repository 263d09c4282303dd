//! The actions on a job that wait for the cluster: cancel (until the job ends), savepoint and
//! stop with savepoint (until the savepoint is COMPLETED with its path or FAILED with Flink's
//! cause, then until the job ends when it was asked to). One overall deadline each; progress
//! after each poll.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use ts_rs::TS;
use weir_connect::jobmanager::{JobManagerError, SavepointProgress, SavepointRequest, WaitOptions};

use super::view::JobStatus;
use super::{Jobs, JobsError, SavepointFailure};

/// How long an action may wait for the cluster, and how often it asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitLimits {
    /// The overall deadline, from the first request to the last answer.
    pub timeout: Duration,
    /// Pause between polls.
    pub poll_interval: Duration,
}

impl Default for WaitLimits {
    /// Five minutes, polling every 500 ms.
    fn default() -> Self {
        WaitLimits {
            timeout: Duration::from_secs(300),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// Reported while an action waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "step",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ActionProgress {
    /// Flink accepted the savepoint (or stop) request; `trigger` is its id.
    Triggered {
        /// The trigger id Flink returned.
        trigger: String,
    },
    /// The savepoint is still being written.
    SavepointInProgress {
        /// Status requests answered so far.
        polls: u32,
        /// Time since the action started, in ms.
        #[ts(type = "number")]
        elapsed_ms: u64,
    },
    /// Waiting for the job to end; the state the cluster reported.
    JobState {
        /// The state and when it was observed.
        status: JobStatus,
        /// Time since the action started, in ms.
        #[ts(type = "number")]
        elapsed_ms: u64,
    },
}

/// A savepoint that Flink completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavepointDone {
    /// The job id.
    pub job: String,
    /// Where Flink wrote it (as Flink reports it, e.g. `file:/tmp/sp/savepoint-…`).
    pub path: String,
    /// The job's state once it ended, for a stop or a savepoint with cancel (`None`: the job
    /// was left running).
    pub job_status: Option<JobStatus>,
}

impl Jobs {
    /// Asks the job to cancel and waits (within `limits`) until the cluster reports it ended;
    /// returns the last state observed, which is CANCELED unless the job ended otherwise
    /// meanwhile. A job still not ended at the deadline is [`JobsError::Deadline`].
    pub async fn cancel(
        &self,
        job: &str,
        limits: WaitLimits,
        mut progress: impl FnMut(ActionProgress),
    ) -> Result<JobStatus, JobsError> {
        let start = Instant::now();
        let deadline = start + limits.timeout;
        self.bounded(
            "cancel",
            job,
            deadline,
            "no answer",
            self.client.cancel(job),
        )
        .await??;
        self.until_ended("cancel", job, start, limits, &mut progress)
            .await
    }

    /// Takes a savepoint of a running job into `dir` (`None`: the cluster's default directory),
    /// cancelling the job afterwards when `cancel_job`; waits within `limits` and returns the
    /// savepoint's path. Flink's failure (an unwritable directory, ...) is
    /// [`JobsError::SavepointFailed`] with its cause.
    pub async fn savepoint(
        &self,
        job: &str,
        dir: Option<&str>,
        cancel_job: bool,
        limits: WaitLimits,
        mut progress: impl FnMut(ActionProgress),
    ) -> Result<SavepointDone, JobsError> {
        const ACTION: &str = "savepoint";
        let start = Instant::now();
        let deadline = start + limits.timeout;
        self.expect_running(ACTION, job, deadline).await?;
        let request = SavepointRequest {
            target_directory: dir.map(str::to_string),
            cancel_job,
            ..SavepointRequest::default()
        };
        let trigger = self
            .bounded(
                ACTION,
                job,
                deadline,
                "no answer",
                self.client.trigger_savepoint(job, &request),
            )
            .await??;
        self.finish_savepoint(
            ACTION,
            job,
            &trigger,
            cancel_job,
            start,
            limits,
            &mut progress,
        )
        .await
    }

    /// Stops a running job with a savepoint into `dir` (`None`: the cluster's default
    /// directory); `drain` first advances event time to the end so windows fire. Waits within
    /// `limits` for the savepoint's path and for the job to end (FINISHED).
    pub async fn stop(
        &self,
        job: &str,
        dir: Option<&str>,
        drain: bool,
        limits: WaitLimits,
        mut progress: impl FnMut(ActionProgress),
    ) -> Result<SavepointDone, JobsError> {
        const ACTION: &str = "stop with savepoint";
        let start = Instant::now();
        let deadline = start + limits.timeout;
        self.expect_running(ACTION, job, deadline).await?;
        let trigger = self
            .bounded(
                ACTION,
                job,
                deadline,
                "no answer",
                self.client.stop_with_savepoint(job, dir, drain),
            )
            .await??;
        self.finish_savepoint(ACTION, job, &trigger, true, start, limits, &mut progress)
            .await
    }

    /// Runs `fut` until `deadline`; past it, [`JobsError::Deadline`].
    async fn bounded<T>(
        &self,
        action: &'static str,
        job: &str,
        deadline: Instant,
        last: &str,
        fut: impl std::future::Future<Output = T>,
    ) -> Result<T, JobsError> {
        let started = Instant::now();
        tokio::time::timeout_at(deadline, fut)
            .await
            .map_err(|_| JobsError::Deadline {
                action,
                job: job.to_string(),
                url: self.url().to_string(),
                waited: started.elapsed(),
                last: last.to_string(),
            })
    }

    /// The job's state, refused unless RUNNING (Flink's own answer to a savepoint of an ended
    /// job is a trace; this says which state it is in).
    async fn expect_running(
        &self,
        action: &'static str,
        job: &str,
        deadline: Instant,
    ) -> Result<(), JobsError> {
        let status = self
            .bounded(action, job, deadline, "no answer", self.status(job))
            .await??;
        if status.state == "RUNNING" {
            Ok(())
        } else {
            Err(JobsError::NotRunning {
                job: job.to_string(),
                url: self.url().to_string(),
                state: status.state,
                observed_at_ms: status.observed_at_ms,
                action,
            })
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish_savepoint(
        &self,
        action: &'static str,
        job: &str,
        trigger: &str,
        job_ends: bool,
        start: Instant,
        limits: WaitLimits,
        progress: &mut impl FnMut(ActionProgress),
    ) -> Result<SavepointDone, JobsError> {
        progress(ActionProgress::Triggered {
            trigger: trigger.to_string(),
        });
        let options = WaitOptions {
            deadline: limits.timeout.saturating_sub(start.elapsed()),
            poll_interval: limits.poll_interval,
        };
        let waited = self
            .client
            .wait_for_savepoint(job, trigger, options, |p: SavepointProgress| {
                progress(ActionProgress::SavepointInProgress {
                    polls: p.polls,
                    elapsed_ms: millis(start.elapsed()),
                })
            })
            .await;
        let path = match waited {
            Ok(path) => path,
            Err(JobManagerError::SavepointFailed {
                root_cause,
                root_cause_class,
                trace,
                ..
            }) => {
                // A job that vanished between the check and the trigger: Flink says so in a trace.
                if trace.contains("FlinkJobNotFoundException") {
                    return Err(JobsError::NotFound {
                        job: job.to_string(),
                        url: self.url().to_string(),
                    });
                }
                return Err(JobsError::SavepointFailed(Box::new(SavepointFailure {
                    action,
                    job: job.to_string(),
                    url: self.url().to_string(),
                    cause: root_cause,
                    cause_class: root_cause_class,
                    trace,
                })));
            }
            Err(JobManagerError::SavepointDeadline { waited, .. }) => {
                return Err(JobsError::Deadline {
                    action,
                    job: job.to_string(),
                    url: self.url().to_string(),
                    waited: start.elapsed().max(waited),
                    last: "savepoint in progress".into(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let job_status = if job_ends {
            Some(
                self.until_ended(action, job, start, limits, progress)
                    .await?,
            )
        } else {
            None
        };
        Ok(SavepointDone {
            job: job.to_string(),
            path,
            job_status,
        })
    }

    /// Polls the job's state until it is terminal or the overall deadline passes.
    async fn until_ended(
        &self,
        action: &'static str,
        job: &str,
        start: Instant,
        limits: WaitLimits,
        progress: &mut impl FnMut(ActionProgress),
    ) -> Result<JobStatus, JobsError> {
        let deadline = start + limits.timeout;
        let mut last = "no answer".to_string();
        loop {
            let status = self
                .bounded(action, job, deadline, &last, self.status(job))
                .await??;
            if status.is_terminal() {
                return Ok(status);
            }
            last = format!("{} at {} ms", status.state, status.observed_at_ms);
            progress(ActionProgress::JobState {
                status,
                elapsed_ms: millis(start.elapsed()),
            });
            let now = Instant::now();
            if now >= deadline {
                return Err(JobsError::Deadline {
                    action,
                    job: job.to_string(),
                    url: self.url().to_string(),
                    waited: start.elapsed(),
                    last,
                });
            }
            tokio::time::sleep_until((now + limits.poll_interval).min(deadline)).await;
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
