//! What can go wrong talking to a JobManager: every message says what failed, which URL, and what
//! to do next.

use std::time::Duration;

use crate::gateway::{GatewayError, ServerError};

/// An error from the JobManager REST client.
#[derive(Debug, thiserror::Error)]
pub enum JobManagerError {
    /// The configured base URL cannot be used.
    #[error("invalid JobManager URL {url:?}: {reason}; use the JobManager's REST address, like http://localhost:8081")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// An id that is not of the form Flink gives (job, vertex and trigger ids are 32 hex digits).
    #[error("{what} {id:?} is not a Flink id (32 hexadecimal digits); copy it from the job list")]
    InvalidId {
        /// Which id: `job id`, `vertex id`, `savepoint trigger id`.
        what: &'static str,
        /// The id as given.
        id: String,
    },
    /// The HTTP client could not be built (bad header, unreadable CA certificate, TLS set-up).
    #[error("cannot set up the connection to {url}: {reason}")]
    Setup {
        /// The JobManager's base URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// Nothing listens at the address.
    #[error("{method} {url}: connection refused; is the Flink JobManager running at that address, and is the port its REST port (rest.port, 8081 by default)?")]
    ConnectionRefused {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
    },
    /// The connection could not be opened (DNS, TLS handshake, unreachable network).
    #[error("{method} {url}: cannot connect: {reason}")]
    Connect {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// The underlying cause.
        reason: String,
    },
    /// No complete answer arrived within the request timeout.
    #[error("{method} {url}: no answer within {timeout:?}; the JobManager is unreachable or overloaded (check it is running, or raise the request timeout)")]
    Timeout {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// The timeout that expired.
        timeout: Duration,
    },
    /// The connection broke before the answer was complete.
    #[error("{method} {url}: the connection was closed before the answer was complete ({reason}); the JobManager may have stopped or a proxy cut the connection")]
    ConnectionClosed {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// The underlying cause.
        reason: String,
    },
    /// The answer was not the JSON this endpoint returns.
    #[error("{method} {url}: the answer is not the expected JSON ({reason}); is this address a Flink JobManager's REST API? Body starts: {body_start:?}")]
    MalformedResponse {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// What did not parse.
        reason: String,
        /// The first characters of the body.
        body_start: String,
    },
    /// The JobManager does not know the job (HTTP 404 on a job URL).
    #[error("no job {job} on {base_url}; it may belong to another cluster, or it ended and the JobManager no longer keeps it (jobstore.expiration-time)")]
    JobNotFound {
        /// The job id asked for.
        job: String,
        /// The JobManager's base URL.
        base_url: String,
        /// The answer, with Flink's trace.
        error: Box<ServerError>,
    },
    /// The JobManager answered with another HTTP 4xx/5xx (unknown trigger or checkpoint id, ...).
    #[error("{}", .0)]
    Server(Box<ServerError>),
    /// A savepoint (or stop-with-savepoint) ended without a savepoint: Flink's cause.
    #[error("savepoint of job {job} failed: {root_cause}; check that the target directory exists and that the JobManager and every TaskManager can write to it ({url})")]
    SavepointFailed {
        /// The job id.
        job: String,
        /// The status URL that reported the failure.
        url: String,
        /// The most specific message of Flink's trace (its last `Caused by:` line, without the class).
        root_cause: String,
        /// The Java exception class of the root cause, when the trace names one.
        root_cause_class: Option<String>,
        /// The full Java trace.
        trace: String,
    },
    /// A savepoint did not complete before the caller's deadline (it may still complete later).
    #[error("savepoint of job {job} not completed after {waited:?}; it may still complete: poll {url} again, or wait longer")]
    SavepointDeadline {
        /// The job id.
        job: String,
        /// The status URL that was polled.
        url: String,
        /// How long the client waited.
        waited: Duration,
    },
    /// Another failure of the HTTP layer (not expected from a JobManager request).
    #[error("{0}")]
    Other(String),
}

impl JobManagerError {
    /// The JobManager's error answer, for HTTP errors (incl. an unknown job).
    pub fn server_error(&self) -> Option<&ServerError> {
        match self {
            JobManagerError::Server(e) => Some(e),
            JobManagerError::JobNotFound { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Rewords an error of the shared HTTP layer for a JobManager request.
    pub(crate) fn from_transport(e: GatewayError) -> JobManagerError {
        match e {
            GatewayError::InvalidUrl { url, reason } => JobManagerError::InvalidUrl { url, reason },
            GatewayError::Setup { url, reason } => JobManagerError::Setup { url, reason },
            GatewayError::ConnectionRefused { method, url } => {
                JobManagerError::ConnectionRefused { method, url }
            }
            GatewayError::Connect {
                method,
                url,
                reason,
            } => JobManagerError::Connect {
                method,
                url,
                reason,
            },
            GatewayError::Timeout {
                method,
                url,
                timeout,
            } => JobManagerError::Timeout {
                method,
                url,
                timeout,
            },
            GatewayError::ConnectionClosed {
                method,
                url,
                reason,
            } => JobManagerError::ConnectionClosed {
                method,
                url,
                reason,
            },
            GatewayError::MalformedResponse {
                method,
                url,
                reason,
                body_start,
            } => JobManagerError::MalformedResponse {
                method,
                url,
                reason,
                body_start,
            },
            GatewayError::Server(e) => JobManagerError::Server(e),
            other => JobManagerError::Other(other.to_string()),
        }
    }
}
