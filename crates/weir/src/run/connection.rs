//! Connection profiles: where statements run (the local engine, a SQL Gateway URL, or a database
//! of the workspace's database connections), with the session properties, TLS and timeout to use;
//! kept in the workspace, tested on demand.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use ts_rs::TS;
use weir_connect::gateway::{GatewayClient, GatewayConfig};

use super::RunError;
use crate::databases::Databases;
use crate::engine::Engine;

/// Settings key of the saved profiles.
pub(crate) const SETTINGS_KEY: &str = "connections";

/// Name of the built-in profile that runs on the local engine.
pub const LOCAL: &str = "local";

/// Where a profile's statements run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Endpoint {
    /// Weir's embedded engine (started on first use).
    Local,
    /// A Flink SQL Gateway.
    Gateway {
        /// Its base URL, e.g. `http://flink-gateway:8083`.
        url: String,
    },
    /// A database of the workspace's database connections (MySQL, PostgreSQL, SQLite): each
    /// statement runs on it as written. Saved with the database connections, never here.
    Database {
        /// The database connection (its password stays in the keychain).
        profile: weir_db::DbProfile,
    },
}

/// A saved way to run Flink SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionProfile {
    /// Unique name, shown in the toolbar and used by `weir run --connection`.
    pub name: String,
    /// Where statements run.
    pub endpoint: Endpoint,
    /// The cluster's JobManager REST URL (job links, cancel); for the local engine it is found
    /// by itself.
    #[serde(default)]
    pub jobmanager_url: Option<String>,
    /// Session properties sent when a session opens (`execution.runtime-mode`, `parallelism.default`,
    /// `execution.target`, any `SET` key).
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// A PEM file with extra CA certificates to trust (TLS to a gateway behind a private CA).
    #[serde(default)]
    pub ca_file: Option<String>,
    /// Limit for one request to the gateway, in seconds (default 30).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub request_timeout_secs: Option<u64>,
    /// HTTP headers sent with every gateway request, by name (e.g. `Authorization`), each valued
    /// by the keychain secret under the key given here (e.g. `flink/prod-token` holding
    /// `Bearer …`). The workspace keeps only the keys; the values are read when connecting.
    #[serde(default)]
    pub auth_headers: BTreeMap<String, String>,
}

impl ConnectionProfile {
    /// The built-in local engine profile.
    pub fn local() -> ConnectionProfile {
        ConnectionProfile {
            name: LOCAL.into(),
            endpoint: Endpoint::Local,
            jobmanager_url: None,
            properties: BTreeMap::new(),
            ca_file: None,
            request_timeout_secs: None,
            auth_headers: BTreeMap::new(),
        }
    }

    /// A profile for a gateway URL given on the command line.
    pub fn gateway(url: &str) -> ConnectionProfile {
        ConnectionProfile {
            name: url.to_string(),
            endpoint: Endpoint::Gateway {
                url: url.to_string(),
            },
            ..ConnectionProfile::local()
        }
    }

    /// A run target for a database connection (named like it).
    pub fn database(profile: weir_db::DbProfile) -> ConnectionProfile {
        ConnectionProfile {
            name: profile.name.clone(),
            endpoint: Endpoint::Database { profile },
            ..ConnectionProfile::local()
        }
    }

    /// The database connection this profile runs on, when it is one.
    pub fn database_profile(&self) -> Option<&weir_db::DbProfile> {
        match &self.endpoint {
            Endpoint::Database { profile } => Some(profile),
            _ => None,
        }
    }

    /// Checks what a person typed; the message says which field is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the connection needs a name".into());
        }
        if let Endpoint::Database { profile } = &self.endpoint {
            return profile.validate();
        }
        if let Endpoint::Gateway { url } = &self.endpoint {
            let u = url.trim();
            if !(u.starts_with("http://") || u.starts_with("https://")) || u.len() < 10 {
                return Err(format!(
                    "connection '{}': the gateway URL {u:?} must look like http://host:8083",
                    self.name
                ));
            }
        }
        if let Some(k) = self.properties.keys().find(|k| k.trim().is_empty()) {
            return Err(format!(
                "connection '{}': a session property has an empty key ({k:?})",
                self.name
            ));
        }
        if let Some((h, k)) = self
            .auth_headers
            .iter()
            .find(|(h, k)| h.trim().is_empty() || k.trim().is_empty())
        {
            return Err(format!(
                "connection '{}': an auth header needs a name and a keychain key ({h:?} = {k:?})",
                self.name
            ));
        }
        Ok(())
    }

    fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.unwrap_or(30).clamp(1, 3600))
    }

    /// A client for this profile (starting the local engine when it is the target); the auth
    /// headers' values are read from `databases`' secrets (the keychain).
    pub async fn client(
        &self,
        engine: &Engine,
        databases: &Databases,
    ) -> Result<GatewayClient, RunError> {
        match &self.endpoint {
            Endpoint::Local => Ok(engine.client().await?),
            Endpoint::Gateway { url } => {
                let mut config = GatewayConfig::new(url.trim());
                config.request_timeout = self.request_timeout();
                for (header, key) in &self.auth_headers {
                    let value = databases
                        .secret(key.trim())
                        .await
                        .map_err(|e| RunError::Connection {
                            connection: self.name.clone(),
                            message: format!("the {header} header's secret '{key}': {e}"),
                        })?;
                    config.headers.push((header.trim().to_string(), value));
                }
                if let Some(ca) = self.ca_file.as_deref().filter(|c| !c.trim().is_empty()) {
                    let path = PathBuf::from(ca.trim());
                    let pem = std::fs::read(&path).map_err(|e| RunError::Connection {
                        connection: self.name.clone(),
                        message: format!("cannot read the CA file {}: {e}", path.display()),
                    })?;
                    config.ca_pem = Some(pem);
                }
                GatewayClient::connect(config)
                    .await
                    .map_err(|e| RunError::Connection {
                        connection: self.name.clone(),
                        message: e.to_string(),
                    })
            }
            Endpoint::Database { profile } => Err(RunError::Connection {
                connection: self.name.clone(),
                message: format!(
                    "this is a {} database connection, not a Flink SQL Gateway; test it in the Databases view",
                    profile.kind.name()
                ),
            }),
        }
    }

    /// A warning when this profile sends auth headers (tokens, API keys) over plain `http://` to
    /// a host other than this machine (anyone on the way can read and reuse them); `None` for
    /// https, loopback (`localhost`, 127.0.0.0/8, ::1) and profiles without auth headers.
    pub fn plaintext_token_warning(&self) -> Option<String> {
        let Endpoint::Gateway { url } = &self.endpoint else {
            return None;
        };
        if self.auth_headers.is_empty() {
            return None;
        }
        let parsed = url::Url::parse(url.trim()).ok()?;
        if parsed.scheme() != "http" {
            return None;
        }
        let host = parsed.host()?;
        let loopback = match host {
            url::Host::Domain(d) => {
                d.eq_ignore_ascii_case("localhost")
                    || d.to_ascii_lowercase().ends_with(".localhost")
            }
            url::Host::Ipv4(ip) => ip.is_loopback(),
            url::Host::Ipv6(ip) => ip.is_loopback(),
        };
        if loopback {
            return None;
        }
        let headers: Vec<&str> = self.auth_headers.keys().map(|h| h.trim()).collect();
        Some(format!(
            "connection '{}': the {} header{} {} sent over plain http:// to {host}, unencrypted; anyone on the network path can read and reuse {}. Use an https:// URL for this gateway",
            self.name,
            headers.join(", "),
            if headers.len() == 1 { "" } else { "s" },
            if headers.len() == 1 { "is" } else { "are" },
            if headers.len() == 1 { "it" } else { "them" },
        ))
    }

    /// Connects and reports the gateway's product, version and API versions.
    pub async fn test(
        &self,
        engine: &Engine,
        databases: &Databases,
    ) -> Result<ConnectionTest, RunError> {
        let started = std::time::Instant::now();
        let client = self.client(engine, databases).await?;
        let failed = |e: weir_connect::gateway::GatewayError| RunError::Connection {
            connection: self.name.clone(),
            message: e.to_string(),
        };
        let info = client.info().await.map_err(failed)?;
        let offered = client.api_versions().await.map_err(failed)?;
        Ok(ConnectionTest {
            product: info.product_name,
            version: info.version,
            api_versions: offered,
            using: client.api_version().to_string(),
            millis: started.elapsed().as_millis() as u64,
            warnings: self.plaintext_token_warning().into_iter().collect(),
        })
    }
}

/// What "Test connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    /// The gateway's product name (`Apache Flink`).
    pub product: String,
    /// The Flink version it runs.
    pub version: String,
    /// The REST API versions it offers (`/api_versions`).
    pub api_versions: Vec<String>,
    /// The version Weir uses (the highest both speak).
    pub using: String,
    /// How long the test took.
    #[ts(type = "number")]
    pub millis: u64,
    /// What works but is not safe (a token sent over plain http://), for the person to see.
    pub warnings: Vec<String>,
}

/// The profiles of a workspace: the built-in local one first, then the saved ones (the command
/// line reads them without opening the workspace for writing).
pub fn stored_in(
    store: &weir_store::Store,
) -> Result<Vec<ConnectionProfile>, weir_store::StoreError> {
    let saved: Vec<ConnectionProfile> = match store.setting(SETTINGS_KEY)? {
        None => Vec::new(),
        Some(v) => serde_json::from_value(v).unwrap_or_else(|e| {
            tracing::warn!("the saved connections are unreadable ({e}); showing none");
            Vec::new()
        }),
    };
    Ok(with_local(saved))
}

/// The saved profiles plus the built-in local one (first).
pub(crate) fn with_local(saved: Vec<ConnectionProfile>) -> Vec<ConnectionProfile> {
    let mut all = vec![ConnectionProfile::local()];
    all.extend(
        saved
            .into_iter()
            .filter(|p| p.name != LOCAL && !matches!(p.endpoint, Endpoint::Database { .. })),
    );
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_over_plain_http_to_another_host_is_warned_about() {
        let with_token = |url: &str| {
            let mut p = ConnectionProfile::gateway(url);
            p.name = "prod".into();
            p.auth_headers
                .insert("X-Api-Key".into(), "gateway-key".into());
            p
        };
        let w = with_token("http://flink.example.com:8083")
            .plaintext_token_warning()
            .expect("a warning for a token over http to another host");
        assert!(
            w.contains("X-Api-Key") && w.contains("flink.example.com"),
            "{w}"
        );
        assert!(w.contains("https://"), "says what to do: {w}");
        assert!(with_token("http://10.1.2.3:8083")
            .plaintext_token_warning()
            .is_some());
        for quiet in [
            "https://flink.example.com",
            "http://127.0.0.1:8083",
            "http://localhost:8083",
            "http://[::1]:8083",
        ] {
            assert_eq!(with_token(quiet).plaintext_token_warning(), None, "{quiet}");
        }
        assert_eq!(
            ConnectionProfile::gateway("http://flink.example.com").plaintext_token_warning(),
            None,
            "no token, nothing to leak"
        );
    }

    #[test]
    fn validation_names_the_field() {
        let mut p = ConnectionProfile::gateway("localhost:8083");
        assert!(p.validate().unwrap_err().contains("http://host:8083"));
        p.endpoint = Endpoint::Gateway {
            url: "http://localhost:8083".into(),
        };
        assert!(p.validate().is_ok());
        p.name = " ".into();
        assert_eq!(p.validate().unwrap_err(), "the connection needs a name");
    }

    #[test]
    fn profiles_round_trip_as_json() {
        let mut p = ConnectionProfile::gateway("https://gw:8083");
        p.properties
            .insert("execution.runtime-mode".into(), "batch".into());
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains(r#""endpoint":{"type":"gateway","url":"https://gw:8083"}"#),
            "{json}"
        );
        let back: ConnectionProfile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let local: ConnectionProfile =
            serde_json::from_str(r#"{"name":"l","endpoint":{"type":"local"}}"#).unwrap();
        assert_eq!(local.endpoint, Endpoint::Local);
    }

    #[test]
    fn the_local_profile_is_always_first() {
        let all = with_local(vec![
            ConnectionProfile::gateway("http://a:1"),
            ConnectionProfile::local(),
        ]);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].name, LOCAL);
    }
}
