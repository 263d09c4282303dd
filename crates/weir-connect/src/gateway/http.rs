//! The HTTP transport under the gateway client: configuration, TLS, timeouts, redirects, and
//! turning every failure (refused, timed out, cut off, not JSON, HTTP error) into a
//! [`GatewayError`].
//!
//! Redirects are followed only within the gateway's origin (scheme, host and port): the custom
//! headers (`X-Api-Key`, `Authorization`…) go with every request, and a redirect elsewhere would
//! hand them to another server. A redirect to another origin is an error naming where it pointed.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{GatewayError, ServerError};
use super::model::ApiVersion;

/// How to reach a SQL Gateway.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Base URL, e.g. `http://localhost:8083` (a path prefix such as `https://proxy/flink` is kept).
    pub base_url: String,
    /// Extra headers sent with every request, e.g. `("Authorization", "Bearer ...")`.
    pub headers: Vec<(String, String)>,
    /// Limit for one request, from connecting until the whole answer is read.
    pub request_timeout: Duration,
    /// PEM certificates trusted in addition to the system's (for a gateway behind a private CA).
    pub ca_pem: Option<Vec<u8>>,
    /// Use this API version instead of asking `/api_versions` (e.g. to force V1).
    pub api_version: Option<ApiVersion>,
}

impl GatewayConfig {
    /// A configuration with a 30 s request timeout, no extra headers and system certificates.
    pub fn new(base_url: impl Into<String>) -> Self {
        GatewayConfig {
            base_url: base_url.into(),
            headers: Vec::new(),
            request_timeout: Duration::from_secs(30),
            ca_pem: None,
            api_version: None,
        }
    }
}

/// The request machinery shared by all clones of a `GatewayClient`.
#[derive(Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: String,
    timeout: Duration,
}

impl Http {
    pub(crate) fn new(config: &GatewayConfig) -> Result<Http, GatewayError> {
        let base = config.base_url.trim().trim_end_matches('/').to_string();
        let invalid = |reason: &str| GatewayError::InvalidUrl {
            url: config.base_url.clone(),
            reason: reason.to_string(),
        };
        let url = reqwest::Url::parse(&base).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.host_str().is_none() {
            return Err(invalid("it names no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not have a query or fragment"));
        }
        let setup = |reason: String| GatewayError::Setup {
            url: base.clone(),
            reason,
        };
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        for (name, value) in &config.headers {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| setup(format!("header name {name:?} is not valid: {e}")))?;
            let mut v = HeaderValue::from_str(value)
                .map_err(|e| setup(format!("the value of header {name} is not valid: {e}")))?;
            v.set_sensitive(true);
            headers.insert(n, v);
        }
        let tls = tls_config(config.ca_pem.as_deref(), url.scheme() == "https").map_err(setup)?;
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(same_origin_redirects())
            .connect_timeout(config.request_timeout.min(Duration::from_secs(10)))
            .timeout(config.request_timeout)
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|e| setup(error_chain(&e)))?;
        Ok(Http {
            client,
            base,
            timeout: config.request_timeout,
        })
    }

    /// The gateway's base URL without a trailing slash.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// Full URL of a path that starts with `/`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request and decodes a 2xx JSON answer as `T`.
    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, GatewayError> {
        let url = self.url(path);
        let bytes = self.send(method.clone(), &url, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| malformed(&method, &url, &e, &bytes))
    }

    /// Sends a request; returns the body of a 2xx answer, or the error that explains the failure.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Vec<u8>, GatewayError> {
        let mut req = self.client.request(method.clone(), url);
        if let Some(b) = body {
            req = req.json(b);
        }
        let exchange = async {
            let resp = req.send().await?;
            let status = resp.status();
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
            let at = resp.url().to_string();
            let bytes = resp.bytes().await?;
            Ok::<_, reqwest::Error>((status, bytes, location, at))
        };
        // reqwest's timeout covers connect + body; the outer one also bounds anything reqwest misses.
        let (status, bytes, location, at) = match tokio::time::timeout(self.timeout, exchange).await
        {
            Err(_) => return Err(self.timeout_error(&method, url)),
            Ok(Err(e)) => return Err(self.transport_error(&method, url, &e)),
            Ok(Ok(r)) => r,
        };
        if status.is_redirection() {
            // Only a redirect the policy stopped arrives here: one to another origin.
            let location = location.unwrap_or_default();
            let target = reqwest::Url::parse(&at)
                .and_then(|base| base.join(&location))
                .map(|u| u.to_string())
                .unwrap_or(location);
            return Err(GatewayError::Redirect {
                method: method.to_string(),
                url: at,
                status: status.as_u16(),
                location: target,
            });
        }
        if status.is_success() {
            Ok(bytes.to_vec())
        } else {
            Err(GatewayError::Server(Box::new(ServerError::from_body(
                method.as_str(),
                url,
                status.as_u16(),
                &bytes,
            ))))
        }
    }

    fn timeout_error(&self, method: &Method, url: &str) -> GatewayError {
        GatewayError::Timeout {
            method: method.to_string(),
            url: url.to_string(),
            timeout: self.timeout,
        }
    }

    fn transport_error(&self, method: &Method, url: &str, e: &reqwest::Error) -> GatewayError {
        let method_s = method.to_string();
        let url_s = url.to_string();
        if e.is_timeout() {
            return self.timeout_error(method, url);
        }
        if e.is_redirect() {
            return GatewayError::Connect {
                method: method_s,
                url: url_s,
                reason: error_chain(e),
            };
        }
        if e.is_connect() {
            if has_io_kind(e, std::io::ErrorKind::ConnectionRefused) {
                return GatewayError::ConnectionRefused {
                    method: method_s,
                    url: url_s,
                };
            }
            return GatewayError::Connect {
                method: method_s,
                url: url_s,
                reason: error_chain(e),
            };
        }
        if e.is_builder() {
            return GatewayError::InvalidUrl {
                url: url_s,
                reason: error_chain(e),
            };
        }
        // Body, decode and request errors after connecting: the answer was cut off.
        GatewayError::ConnectionClosed {
            method: method_s,
            url: url_s,
            reason: error_chain(e),
        }
    }
}

/// At most this many redirects are followed for one request.
const MAX_REDIRECTS: usize = 5;

/// Follows redirects within the origin of the request (scheme, host, port); a redirect elsewhere
/// is not followed and its 3xx answer reaches [`Http::send`], which turns it into
/// [`GatewayError::Redirect`].
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if first.as_ref() != Some(&attempt.url().origin()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!(
                "more than {MAX_REDIRECTS} redirects; is the gateway's URL complete (path prefix)?"
            ))
        } else {
            attempt.follow()
        }
    })
}

/// The error for a body that is not the JSON an endpoint returns.
pub(crate) fn malformed(
    method: &Method,
    url: &str,
    e: &serde_json::Error,
    body: &[u8],
) -> GatewayError {
    let text = String::from_utf8_lossy(body);
    GatewayError::MalformedResponse {
        method: method.to_string(),
        url: url.to_string(),
        reason: e.to_string(),
        body_start: text.chars().take(200).collect(),
    }
}

fn has_io_kind(e: &(dyn std::error::Error + 'static), kind: std::io::ErrorKind) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == kind {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// An error's causes on one line (`client error (Connect): dns error: ...`); reqwest's own top
/// line only repeats the URL, which the caller's message already names.
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = e.source();
    while let Some(err) = cur {
        let s = err.to_string();
        if parts.last() != Some(&s) {
            parts.push(s);
        }
        cur = err.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.join(": ")
}

/// rustls with the ring provider, verifying against the platform's roots plus the given PEM CAs.
fn tls_config(ca_pem: Option<&[u8]>, https: bool) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))?;
    let extra: Vec<CertificateDer<'static>> = match ca_pem {
        None => Vec::new(),
        Some(pem) => {
            let certs = CertificateDer::pem_slice_iter(pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("the CA certificate is not valid PEM: {e}"))?;
            if certs.is_empty() {
                return Err(
                    "the CA certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
                        .to_string(),
                );
            }
            certs
        }
    };
    let verifier = if extra.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
    };
    match verifier {
        Ok(v) => Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(v))
            .with_no_client_auth()),
        Err(e) if https => Err(format!("cannot load the system's TLS certificates: {e}")),
        // Plain HTTP never uses TLS: an empty trust store is enough to build the client.
        Err(_) => Ok(builder
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth()),
    }
}
