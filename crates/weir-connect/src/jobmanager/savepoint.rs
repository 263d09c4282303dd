//! Waiting for a savepoint: polls `/jobs/:id/savepoints/:trigger` until COMPLETED (the location)
//! or FAILED (Flink's cause), within a deadline, reporting progress after each poll.

use std::time::Duration;

use tokio::time::Instant;

use super::client::{check_id, JobManagerClient};
use super::error::JobManagerError;
use super::model::SavepointStatus;

/// How [`JobManagerClient::wait_for_savepoint`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// Give up after this long (the savepoint may still complete on the cluster).
    pub deadline: Duration,
    /// Pause between polls.
    pub poll_interval: Duration,
}

impl Default for WaitOptions {
    /// Five minutes, polling every 500 ms.
    fn default() -> Self {
        WaitOptions {
            deadline: Duration::from_secs(300),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// Reported after each poll that found the savepoint still in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavepointProgress {
    /// Status requests answered so far.
    pub polls: u32,
    /// Time since waiting began.
    pub elapsed: Duration,
}

impl JobManagerClient {
    /// Polls a savepoint (from [`Self::trigger_savepoint`] or [`Self::stop_with_savepoint`]) until
    /// it completes, and returns its location. A failed savepoint is
    /// [`JobManagerError::SavepointFailed`] with Flink's cause; no answer by `options.deadline` is
    /// [`JobManagerError::SavepointDeadline`]. Dropping the future stops the polling.
    pub async fn wait_for_savepoint(
        &self,
        job: &str,
        trigger: &str,
        options: WaitOptions,
        mut progress: impl FnMut(SavepointProgress),
    ) -> Result<String, JobManagerError> {
        let job = check_id("job id", job)?;
        let trigger = check_id("savepoint trigger id", trigger)?;
        let url = self.savepoint_url(job, trigger);
        let start = Instant::now();
        let deadline = start + options.deadline;
        let late = || JobManagerError::SavepointDeadline {
            job: job.to_string(),
            url: url.clone(),
            waited: start.elapsed(),
        };
        let mut polls = 0u32;
        loop {
            let status = tokio::time::timeout_at(deadline, self.savepoint_status(job, trigger))
                .await
                .map_err(|_| late())??;
            polls = polls.saturating_add(1);
            match status {
                SavepointStatus::Completed { location } => return Ok(location),
                SavepointStatus::Failed(cause) => {
                    return Err(JobManagerError::SavepointFailed {
                        job: job.to_string(),
                        url,
                        root_cause: cause.message,
                        root_cause_class: cause.class,
                        trace: cause.trace,
                    })
                }
                SavepointStatus::InProgress => progress(SavepointProgress {
                    polls,
                    elapsed: start.elapsed(),
                }),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(late());
            }
            tokio::time::sleep_until((now + options.poll_interval).min(deadline)).await;
        }
    }
}
