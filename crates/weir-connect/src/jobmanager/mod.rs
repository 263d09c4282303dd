//! The Flink JobManager REST client (Flink 1.20 and 2.x): what runs on a cluster, and the actions
//! on it. One client for a standalone or session cluster and for the local engine's MiniCluster.
//!
//! [`JobManagerClient::new`] only checks the configuration; its methods map one-to-one onto the
//! endpoints (`jobs` is `/jobs/overview`, `exceptions` is `/jobs/:id/exceptions`, ...), except:
//! [`JobManagerClient::vertex_stats`] folds a vertex's metric names, values and watermarks into
//! one summary, and [`JobManagerClient::wait_for_savepoint`] hides the polling of a savepoint
//! trigger until it completes or fails, within a deadline. [`JobExceptions::root_cause`] reduces a
//! failure's Java trace to its last `Caused by:` line and keeps the full trace.
//!
//! The transport is the SQL Gateway client's (same TLS, headers, timeouts and redirect policy);
//! errors say which URL failed and what to do, and an unknown job is
//! [`JobManagerError::JobNotFound`].

mod client;
mod error;
mod http;
pub mod model;
mod savepoint;

pub use client::{JobManagerClient, SavepointRequest};
pub use error::JobManagerError;
pub use http::JobManagerConfig;
pub use model::{
    CheckpointConfig, CheckpointStats, CheckpointingStatistics, ClusterOverview, JobConfig,
    JobDetails, JobExceptions, JobPlan, JobState, JobSummary, Metric, RootCause, SavepointFormat,
    SavepointStatus, TaskManager, VertexDetails, VertexStats,
};
pub use savepoint::{SavepointProgress, WaitOptions};
