//! The SQL Gateway REST endpoints: version negotiation, info, sessions, statements, operations and
//! result pages. One method per endpoint; [`super::run`] builds the paging loop on top.

use std::collections::BTreeMap;
use std::sync::Arc;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::GatewayError;
use super::http::{malformed, GatewayConfig, Http};
use super::model::{
    ApiVersion, GatewayInfo, OperationHandle, OperationStatus, ResultPage, RowFormat,
    SessionHandle, SessionOptions,
};

/// An async client for one SQL Gateway at one negotiated API version. Cheap to clone.
#[derive(Debug, Clone)]
pub struct GatewayClient {
    http: Arc<Http>,
    version: ApiVersion,
}

#[derive(Deserialize)]
struct Versions {
    versions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenedSession {
    session_handle: String,
}

#[derive(Deserialize)]
struct SessionConfig {
    properties: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Submitted {
    operation_handle: String,
}

#[derive(Deserialize)]
struct Status {
    status: OperationStatus,
}

/// Decodes `body` as every answer this client reads (API versions, session, session
/// configuration, submitted statement, operation status, info, result page with its rows, error
/// answer) and drops the results: the body of the fuzz target `gateway_json`. Never panics.
pub fn decode_every_answer(body: &[u8]) {
    let _ = serde_json::from_slice::<Versions>(body);
    let _ = serde_json::from_slice::<OpenedSession>(body);
    let _ = serde_json::from_slice::<SessionConfig>(body);
    let _ = serde_json::from_slice::<Submitted>(body);
    let _ = serde_json::from_slice::<Status>(body);
    let _ = serde_json::from_slice::<GatewayInfo>(body);
    let _ = ResultPage::from_json(body);
    let _ = super::error::ServerError::from_body("GET", "http://h/v4/x", 500, body);
}

impl GatewayClient {
    /// Connects: asks `/api_versions` and uses the highest version both sides speak
    /// (unless `config.api_version` fixes one, then nothing is sent).
    pub async fn connect(config: GatewayConfig) -> Result<GatewayClient, GatewayError> {
        let http = Arc::new(Http::new(&config)?);
        let version = match config.api_version {
            Some(v) => v,
            None => negotiate(&http).await?,
        };
        Ok(GatewayClient { http, version })
    }

    /// The API version in use.
    pub fn api_version(&self) -> ApiVersion {
        self.version
    }

    /// The gateway's base URL (without a trailing slash).
    pub fn base_url(&self) -> &str {
        self.http.base()
    }

    /// `GET /api_versions`: the versions the gateway offers, as it names them (`V1`, `V2`, ...).
    pub async fn api_versions(&self) -> Result<Vec<String>, GatewayError> {
        let v: Versions = self.http.json(Method::GET, "/api_versions", None).await?;
        Ok(v.versions)
    }

    /// `GET /vN/info`: product name and Flink version.
    pub async fn info(&self) -> Result<GatewayInfo, GatewayError> {
        self.http.json(Method::GET, &self.path("/info"), None).await
    }

    /// `POST /vN/sessions`: opens a session with a name and properties.
    pub async fn open_session(
        &self,
        options: &SessionOptions,
    ) -> Result<SessionHandle, GatewayError> {
        let body = serde_json::to_value(options).unwrap_or_else(|_| json!({}));
        let r: OpenedSession = self
            .http
            .json(Method::POST, &self.path("/sessions"), Some(&body))
            .await?;
        Ok(SessionHandle(r.session_handle))
    }

    /// `GET /vN/sessions/:h`: the session's effective configuration.
    pub async fn session_config(
        &self,
        session: &SessionHandle,
    ) -> Result<BTreeMap<String, String>, GatewayError> {
        let r: SessionConfig = self
            .http
            .json(Method::GET, &self.session_path(session, ""), None)
            .await?;
        Ok(r.properties)
    }

    /// `POST /vN/sessions/:h/configure-session` (V2+): runs SET, CREATE, USE, ... synchronously.
    pub async fn configure_session(
        &self,
        session: &SessionHandle,
        statement: &str,
    ) -> Result<(), GatewayError> {
        self.require(ApiVersion::V2, "configure-session")?;
        let body = json!({ "statement": statement });
        let _: Value = self
            .http
            .json(
                Method::POST,
                &self.session_path(session, "/configure-session"),
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// `POST /vN/sessions/:h/heartbeat`: keeps an idle session from expiring.
    pub async fn heartbeat(&self, session: &SessionHandle) -> Result<(), GatewayError> {
        let _: Value = self
            .http
            .json(
                Method::POST,
                &self.session_path(session, "/heartbeat"),
                None,
            )
            .await?;
        Ok(())
    }

    /// `DELETE /vN/sessions/:h`: closes the session and everything running in it.
    pub async fn close_session(&self, session: &SessionHandle) -> Result<(), GatewayError> {
        let _: Value = self
            .http
            .json(Method::DELETE, &self.session_path(session, ""), None)
            .await?;
        Ok(())
    }

    /// `POST /vN/sessions/:h/statements`: submits a statement with per-statement configuration.
    pub async fn execute_statement(
        &self,
        session: &SessionHandle,
        statement: &str,
        execution_config: &BTreeMap<String, String>,
    ) -> Result<OperationHandle, GatewayError> {
        // The gateway refuses `executionTimeout`, so it is never sent.
        let body = if execution_config.is_empty() {
            json!({ "statement": statement })
        } else {
            json!({ "statement": statement, "executionConfig": execution_config })
        };
        let r: Submitted = self
            .http
            .json(
                Method::POST,
                &self.session_path(session, "/statements"),
                Some(&body),
            )
            .await?;
        Ok(OperationHandle(r.operation_handle))
    }

    /// `GET .../operations/:op/status`.
    pub async fn operation_status(
        &self,
        session: &SessionHandle,
        operation: &OperationHandle,
    ) -> Result<OperationStatus, GatewayError> {
        self.operation_call(Method::GET, session, operation, "/status")
            .await
    }

    /// `POST .../operations/:op/cancel`: stops a RUNNING operation (fails once it is FINISHED).
    pub async fn cancel_operation(
        &self,
        session: &SessionHandle,
        operation: &OperationHandle,
    ) -> Result<OperationStatus, GatewayError> {
        self.operation_call(Method::POST, session, operation, "/cancel")
            .await
    }

    /// `DELETE .../operations/:op/close`: releases the operation; stops a streaming SELECT's job.
    pub async fn close_operation(
        &self,
        session: &SessionHandle,
        operation: &OperationHandle,
    ) -> Result<OperationStatus, GatewayError> {
        self.operation_call(Method::DELETE, session, operation, "/close")
            .await
    }

    /// `GET .../operations/:op/result/:token`: one result page (`rowFormat` is sent on V2+ only).
    pub async fn fetch_results(
        &self,
        session: &SessionHandle,
        operation: &OperationHandle,
        token: u64,
        format: RowFormat,
    ) -> Result<ResultPage, GatewayError> {
        let mut path = self.session_path(
            session,
            &format!("/operations/{}/result/{token}", segment(operation.as_str())),
        );
        if self.version >= ApiVersion::V2 {
            path.push_str("?rowFormat=");
            path.push_str(format.as_param());
        }
        self.page(&self.http.url(&path)).await
    }

    /// Fetches the page a previous page's `nextResultUri` points at.
    pub async fn fetch_next(&self, next_result_uri: &str) -> Result<ResultPage, GatewayError> {
        let ok = next_result_uri.starts_with('/')
            && !next_result_uri.starts_with("//")
            && !next_result_uri.contains(char::is_whitespace);
        if !ok {
            return Err(GatewayError::BadNextUri {
                url: self.http.base().to_string(),
                uri: next_result_uri.to_string(),
            });
        }
        self.page(&self.http.url(next_result_uri)).await
    }

    async fn page(&self, url: &str) -> Result<ResultPage, GatewayError> {
        let bytes = self.http.send(Method::GET, url, None).await?;
        ResultPage::from_json(&bytes).map_err(|e| malformed(&Method::GET, url, &e, &bytes))
    }

    async fn operation_call(
        &self,
        method: Method,
        session: &SessionHandle,
        operation: &OperationHandle,
        action: &str,
    ) -> Result<OperationStatus, GatewayError> {
        let path = self.session_path(
            session,
            &format!("/operations/{}{action}", segment(operation.as_str())),
        );
        let r: Status = self.http.json(method, &path, None).await?;
        Ok(r.status)
    }

    fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.version.prefix())
    }

    fn session_path(&self, session: &SessionHandle, rest: &str) -> String {
        self.path(&format!("/sessions/{}{rest}", segment(session.as_str())))
    }

    fn require(&self, needed: ApiVersion, what: &'static str) -> Result<(), GatewayError> {
        if self.version >= needed {
            Ok(())
        } else {
            Err(GatewayError::Unsupported {
                what,
                needed,
                have: self.version,
                url: self.http.base().to_string(),
            })
        }
    }
}

async fn negotiate(http: &Http) -> Result<ApiVersion, GatewayError> {
    let v: Versions = http.json(Method::GET, "/api_versions", None).await?;
    v.versions
        .iter()
        .filter_map(|s| ApiVersion::parse(s))
        .max()
        .ok_or_else(|| GatewayError::NoCommonVersion {
            url: http.base().to_string(),
            offered: v.versions.clone(),
        })
}

/// Percent-encodes a path segment (handles are UUIDs, but a handle is a plain string to us).
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(
            segment("c5e2a2cb-ca6e-40ba-abc7-b25300100138"),
            "c5e2a2cb-ca6e-40ba-abc7-b25300100138"
        );
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }
}
