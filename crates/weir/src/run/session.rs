//! A gateway session a tab (or a `weir run`) works in: opened with its profile's properties, kept
//! alive by heartbeats, closed when it is no longer needed.

use std::collections::BTreeMap;
use std::time::Duration;
use tokio::task::JoinHandle;
use weir_connect::gateway::{GatewayClient, SessionHandle, SessionOptions};

use super::RunError;

/// How often an open session is sent a heartbeat (Flink expires idle sessions after 10 min).
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(30);

/// An open session and its heartbeat task.
#[derive(Debug)]
pub struct Session {
    /// The client the session belongs to.
    pub client: GatewayClient,
    /// The session's handle.
    pub handle: SessionHandle,
    /// The connection profile's name (for messages).
    pub connection: String,
    heartbeat: JoinHandle<()>,
}

impl Session {
    /// Opens a session named `name` with `properties` and starts its heartbeats.
    pub async fn open(
        client: GatewayClient,
        connection: &str,
        name: &str,
        properties: &BTreeMap<String, String>,
    ) -> Result<Session, RunError> {
        let options = SessionOptions {
            session_name: Some(name.to_string()),
            properties: properties.clone(),
        };
        let handle = client
            .open_session(&options)
            .await
            .map_err(|e| RunError::Connection {
                connection: connection.to_string(),
                message: format!("cannot open a session: {e}"),
            })?;
        tracing::info!("opened session {} on '{connection}'", handle.as_str());
        let heartbeat = {
            let (client, handle, connection) =
                (client.clone(), handle.clone(), connection.to_string());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(HEARTBEAT_EVERY).await;
                    if let Err(e) = client.heartbeat(&handle).await {
                        tracing::warn!(
                            "heartbeat of session {} on '{connection}' failed: {e}",
                            handle.as_str()
                        );
                    }
                }
            })
        };
        Ok(Session {
            client,
            handle,
            connection: connection.to_string(),
            heartbeat,
        })
    }

    /// Closes the session on the gateway (its running statements stop).
    pub async fn close(self) {
        self.heartbeat.abort();
        match self.client.close_session(&self.handle).await {
            Ok(()) => tracing::info!(
                "closed session {} on '{}'",
                self.handle.as_str(),
                self.connection
            ),
            Err(e) => tracing::warn!(
                "could not close session {} on '{}': {e}",
                self.handle.as_str(),
                self.connection
            ),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}
