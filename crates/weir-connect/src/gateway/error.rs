//! What can go wrong talking to a SQL Gateway, and how Flink's Java traces become one readable line.

use std::time::Duration;

use super::model::ApiVersion;

/// An error from the SQL Gateway client: what failed, where (method and URL) and what to do.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The configured base URL cannot be used.
    #[error("invalid SQL Gateway URL {url:?}: {reason}; use a URL like http://localhost:8083")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The HTTP client could not be built (bad header, unreadable CA certificate, TLS set-up).
    #[error("cannot set up the connection to {url}: {reason}")]
    Setup {
        /// The gateway's base URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// Nothing listens at the address.
    #[error(
        "{method} {url}: connection refused; is the SQL Gateway running at that address and port?"
    )]
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
    #[error("{method} {url}: no answer within {timeout:?}; the gateway is unreachable or overloaded (check it is running, or raise the request timeout)")]
    Timeout {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// The timeout that expired.
        timeout: Duration,
    },
    /// The connection broke before the answer was complete.
    #[error("{method} {url}: the connection was closed before the answer was complete ({reason}); the gateway may have stopped or a proxy cut the connection")]
    ConnectionClosed {
        /// HTTP method.
        method: String,
        /// Full request URL.
        url: String,
        /// The underlying cause.
        reason: String,
    },
    /// The answer was not the JSON this endpoint returns.
    #[error("{method} {url}: the answer is not the expected JSON ({reason}); is this address a Flink SQL Gateway? Body starts: {body_start:?}")]
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
    /// The gateway answered with HTTP 4xx/5xx.
    #[error("{}", .0)]
    Server(Box<ServerError>),
    /// A statement failed on the server (its result fetch answered with an error).
    #[error("statement failed: {}\n  statement: {statement}", .error.root_cause)]
    StatementFailed {
        /// The first line of the statement (shortened).
        statement: String,
        /// What the gateway said.
        error: Box<ServerError>,
    },
    /// The gateway and this client share no REST API version.
    #[error("{url} offers SQL Gateway REST API versions {offered:?}; Weir speaks V1..V4: use a Flink 1.16 or newer SQL Gateway")]
    NoCommonVersion {
        /// The gateway's base URL.
        url: String,
        /// What the gateway offered.
        offered: Vec<String>,
    },
    /// The negotiated API version lacks the endpoint.
    #[error("{what} needs SQL Gateway REST API {needed} or newer; {url} speaks {have} (upgrade the gateway)")]
    Unsupported {
        /// The operation.
        what: &'static str,
        /// The lowest version that has it.
        needed: ApiVersion,
        /// The version in use.
        have: ApiVersion,
        /// The gateway's base URL.
        url: String,
    },
    /// The gateway (or a proxy) redirected to another origin; not followed, because the
    /// connection's headers (API keys, tokens) would go to that server.
    #[error("{method} {url}: HTTP {status} redirect to {location}, another origin (scheme, host or port); Weir did not follow it, so the connection's headers (API key, token) were not sent there. If that server is the gateway, use its URL as the connection's URL")]
    Redirect {
        /// HTTP method.
        method: String,
        /// The URL that answered with the redirect.
        url: String,
        /// The redirect's status (301, 302, 303, 307, 308).
        status: u16,
        /// Where it pointed (absolute).
        location: String,
    },
    /// A result page pointed somewhere this client will not follow.
    #[error("{url}: the gateway sent a next-result link this client cannot follow: {uri:?}")]
    BadNextUri {
        /// The page's URL.
        url: String,
        /// The nextResultUri as sent.
        uri: String,
    },
}

impl GatewayError {
    /// The server's error details, for HTTP errors and failed statements.
    pub fn server_error(&self) -> Option<&ServerError> {
        match self {
            GatewayError::Server(e) => Some(e),
            GatewayError::StatementFailed { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// An HTTP 4xx/5xx answer of the gateway, reduced to what a person needs, with the full trace kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// HTTP method of the request.
    pub method: String,
    /// Full request URL.
    pub url: String,
    /// HTTP status code.
    pub status: u16,
    /// The gateway's short message: `Internal server error.`, `Failed to getSessionConfig.`, `Not found: /v9/info`.
    pub message: String,
    /// The most specific message: the last `Caused by:` line of the trace without its exception class.
    pub root_cause: String,
    /// The Java exception class of the root cause, when the trace names one.
    pub root_cause_class: Option<String>,
    /// Every error string of the answer, joined by blank lines (the full Java trace).
    pub trace: String,
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: HTTP {}: {}",
            self.method, self.url, self.status, self.root_cause
        )
    }
}

impl ServerError {
    /// Builds the error from an answer's status and body (`{"errors": [...]}` or anything else).
    pub(crate) fn from_body(method: &str, url: &str, status: u16, body: &[u8]) -> Self {
        let errors: Vec<String> = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("errors").cloned())
            .and_then(|e| e.as_array().cloned())
            .map(|a| {
                a.iter()
                    .map(|x| match x.as_str() {
                        Some(s) => s.to_string(),
                        None => x.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_else(|| {
                let text = String::from_utf8_lossy(body).trim().to_string();
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![text]
                }
            });
        let message = errors
            .first()
            .map(|e| strip_class(first_line(e)).1.to_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| format!("HTTP {status} without a message"));
        let trace = errors.join("\n\n");
        let (root_cause_class, root_cause) = match root_cause(&trace) {
            Some((class, msg)) => (class, msg),
            None => (None, message.clone()),
        };
        ServerError {
            method: method.to_string(),
            url: url.to_string(),
            status,
            message,
            root_cause,
            root_cause_class,
            trace,
        }
    }
}

pub(crate) fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

/// Splits `com.example.SomeException: message` into the class and the message.
pub(crate) fn strip_class(line: &str) -> (Option<&str>, &str) {
    let line = line.trim();
    if let Some((head, rest)) = line.split_once(": ") {
        let is_class = head.contains('.')
            && !head.contains(' ')
            && head
                .rsplit('.')
                .next()
                .is_some_and(|simple| simple.ends_with("Exception") || simple.ends_with("Error"));
        if is_class {
            return (Some(head), rest.trim());
        }
    } else if line.contains('.')
        && !line.contains(' ')
        && (line.ends_with("Exception") || line.ends_with("Error"))
    {
        // A bare class name, e.g. "java.lang.NullPointerException".
        return (Some(line), line);
    }
    (None, line)
}

/// The last `Caused by:` line of a Java trace as (exception class, message), if there is one.
pub(crate) fn root_cause(trace: &str) -> Option<(Option<String>, String)> {
    let line = trace
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("Caused by: "))?;
    let (class, msg) = strip_class(line);
    Some((class.map(str::to_string), msg.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_cause_is_the_last_caused_by_line_without_its_class() {
        let trace = "org.apache.flink.runtime.rest.handler.RestHandlerException: Failed to getSessionConfig.\n\tat a.b(C.java:1)\nCaused by: org.x.SqlGatewayException: Failed to getSessionConfig.\n\tat x\nCaused by: org.x.SqlGatewayException: Session 'abc' does not exist.\n\tat y\n\t... 41 more\n";
        let body = serde_json::json!({ "errors": [trace] }).to_string();
        let e = ServerError::from_body("GET", "http://h/v4/sessions/abc", 500, body.as_bytes());
        assert_eq!(e.message, "Failed to getSessionConfig.");
        assert_eq!(e.root_cause, "Session 'abc' does not exist.");
        assert_eq!(
            e.root_cause_class.as_deref(),
            Some("org.x.SqlGatewayException")
        );
        assert_eq!(e.trace, trace);
    }

    #[test]
    fn bodies_without_trace_or_json_still_explain() {
        let e = ServerError::from_body("GET", "u", 404, br#"{"errors":["Not found: /v9/info"]}"#);
        assert_eq!(e.message, "Not found: /v9/info");
        assert_eq!(e.root_cause, "Not found: /v9/info");
        let e = ServerError::from_body("GET", "u", 502, b"<html>Bad Gateway</html>");
        assert_eq!(e.root_cause, "<html>Bad Gateway</html>");
        let e = ServerError::from_body("GET", "u", 503, b"");
        assert_eq!(e.root_cause, "HTTP 503 without a message");
    }
}
