//! The HTTP transport under the JobManager client: the gateway client's (`gateway::http`: TLS with
//! extra CAs, custom headers, a timeout on every request, its redirect policy), with its errors
//! reworded for a JobManager and an unknown job turned into [`JobManagerError::JobNotFound`].

use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::JobManagerError;
use crate::gateway::http::Http;
use crate::gateway::{GatewayConfig, GatewayError};

/// How to reach a JobManager's REST API.
#[derive(Debug, Clone)]
pub struct JobManagerConfig {
    /// Base URL, e.g. `http://localhost:8081` (a path prefix such as `https://proxy/flink` is kept).
    pub base_url: String,
    /// Extra headers sent with every request, e.g. `("Authorization", "Bearer ...")`.
    pub headers: Vec<(String, String)>,
    /// Limit for one request, from connecting until the whole answer is read.
    pub request_timeout: Duration,
    /// PEM certificates trusted in addition to the system's (for a JobManager behind a private CA).
    pub ca_pem: Option<Vec<u8>>,
}

impl JobManagerConfig {
    /// A configuration with a 30 s request timeout, no extra headers and system certificates.
    pub fn new(base_url: impl Into<String>) -> Self {
        JobManagerConfig {
            base_url: base_url.into(),
            headers: Vec::new(),
            request_timeout: Duration::from_secs(30),
            ca_pem: None,
        }
    }
}

/// The shared transport, speaking in [`JobManagerError`]s.
#[derive(Debug)]
pub(crate) struct Transport {
    http: Http,
}

impl Transport {
    pub(crate) fn new(config: &JobManagerConfig) -> Result<Transport, JobManagerError> {
        let mut shared = GatewayConfig::new(config.base_url.clone());
        shared.headers = config.headers.clone();
        shared.request_timeout = config.request_timeout;
        shared.ca_pem = config.ca_pem.clone();
        let http = Http::new(&shared).map_err(JobManagerError::from_transport)?;
        Ok(Transport { http })
    }

    /// The base URL without a trailing slash.
    pub(crate) fn base(&self) -> &str {
        self.http.base()
    }

    /// Full URL of a path that starts with `/`.
    pub(crate) fn url(&self, path: &str) -> String {
        self.http.url(path)
    }

    /// Sends a request about `job` (if any) and decodes a 2xx JSON answer as `T`.
    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        job: Option<&str>,
    ) -> Result<T, JobManagerError> {
        let url = self.url(path);
        let bytes = self.send(method.clone(), path, body, job).await?;
        super::model::decode(&bytes).map_err(|e| {
            let text = String::from_utf8_lossy(&bytes);
            JobManagerError::MalformedResponse {
                method: method.to_string(),
                url,
                reason: e.to_string(),
                body_start: text.chars().take(200).collect(),
            }
        })
    }

    /// Sends a request; the body of a 2xx answer, or the error that explains the failure.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        job: Option<&str>,
    ) -> Result<Vec<u8>, JobManagerError> {
        let url = self.url(path);
        self.http
            .send(method, &url, body)
            .await
            .map_err(|e| match (e, job) {
                (GatewayError::Server(s), Some(job)) if is_job_not_found(&s.trace, s.status) => {
                    JobManagerError::JobNotFound {
                        job: job.to_string(),
                        base_url: self.base().to_string(),
                        error: s,
                    }
                }
                (e, _) => JobManagerError::from_transport(e),
            })
    }
}

/// A 404 saying the job is unknown (`NotFoundException: Job … not found`, `Job could not be found.`),
/// as opposed to an unknown trigger, checkpoint or vertex of a known job.
fn is_job_not_found(trace: &str, status: u16) -> bool {
    status == 404
        && trace.lines().take(1).any(|l| {
            l.contains("NotFoundException: Job ")
                || l.contains("Job could not be found")
                || l.contains("FlinkJobNotFoundException")
        })
}
