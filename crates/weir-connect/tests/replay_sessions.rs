//! Version negotiation and session lifecycle, replayed from real gateway transcripts of
//! Flink 2.3.0 and 1.20.3.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::{server_root_cause, Replay, VERSIONS};
use weir_connect::gateway::{
    ApiVersion, GatewayClient, GatewayConfig, GatewayError, SessionHandle, SessionOptions,
};

#[tokio::test]
async fn negotiates_the_highest_common_version_and_reads_info() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "01-", api).await;
        let mut config = GatewayConfig::new(format!("{}/", replay.server.url()));
        config.request_timeout = Duration::from_secs(5);
        let client = GatewayClient::connect(config).await.expect("connect");
        assert_eq!(client.api_version(), api, "{version}");
        let flink = version.trim_start_matches("flink-");
        for v in ApiVersion::ALL.into_iter().filter(|v| *v <= api) {
            let info = replay.client_at(v).await.info().await.expect("info");
            assert_eq!(info.product_name, "Apache Flink");
            assert_eq!(info.version, flink);
        }
        replay.assert_done();
    }
}

#[tokio::test]
async fn opens_a_session_with_properties_and_reads_its_config() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "02-", api).await;
        let client = replay.client().await;
        let sql_body = replay.exchanges[0].body.clone().expect("body");
        let options = SessionOptions {
            session_name: sql_body["sessionName"].as_str().map(str::to_string),
            properties: serde_json::from_value(sql_body["properties"].clone()).expect("props"),
        };
        assert_eq!(options.properties["execution.runtime-mode"], "batch");
        let session = client.open_session(&options).await.expect("open");
        // The handle is the one the server sent (substituted), not the recorded one.
        assert_eq!(session, replay.session());
        let config = client.session_config(&session).await.expect("config");
        assert_eq!(config["table.local-time-zone"], "UTC");
        assert_eq!(
            config["pipeline.name-prefix-test"],
            "ignored-unknown-key-is-kept"
        );
        assert!(config.len() > 10, "{version}: {config:?}");
        replay.assert_done();
    }
}

#[tokio::test]
async fn configures_a_session_and_reports_refused_statements() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "03-", api).await;
        let client = replay.client().await;
        let session = replay.session();
        let statements: Vec<String> = replay
            .exchanges
            .iter()
            .filter(|e| e.path.ends_with("/configure-session"))
            .map(|e| {
                e.body.as_ref().expect("body")["statement"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        client
            .configure_session(&session, &statements[0])
            .await
            .expect("SET");
        client
            .configure_session(&session, &statements[1])
            .await
            .expect("CREATE VIEW");
        // The third request carries executionTimeout, which this client never sends.
        replay.skip_next();
        let err = client
            .configure_session(&session, &statements[3])
            .await
            .expect_err("SELECT is refused");
        let server = err.server_error().expect("a server error");
        assert_eq!(server.status, 500);
        assert_eq!(server.message, "Internal server error.");
        assert_eq!(
            server.root_cause,
            "Unsupported statement for configuring session:SELECT 1"
        );
        assert_eq!(
            server.root_cause_class.as_deref(),
            Some("java.lang.UnsupportedOperationException")
        );
        assert!(server.trace.contains("<Exception on server side:"));
        assert!(err.to_string().contains("/configure-session"), "{err}");
        let config = client.session_config(&session).await.expect("config");
        assert_eq!(config["table.exec.resource.default-parallelism"], "1");
        replay.assert_done();
    }
}

#[tokio::test]
async fn configure_session_needs_v2() {
    let replay = Replay::start("flink-2.3.0", "03-", ApiVersion::V4).await;
    let client = replay.client_at(ApiVersion::V1).await;
    let err = client
        .configure_session(&SessionHandle("s".into()), "SET 'a' = 'b'")
        .await
        .expect_err("V1 has no configure-session");
    assert!(matches!(
        err,
        GatewayError::Unsupported {
            needed: ApiVersion::V2,
            have: ApiVersion::V1,
            ..
        }
    ));
    assert_eq!(replay.position(), 0, "nothing was sent");
}

#[tokio::test]
async fn heartbeats_and_reports_unknown_sessions() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "23-", api).await;
        let client = replay.client().await;
        client
            .heartbeat(&replay.session())
            .await
            .expect("heartbeat");
        let unknown = SessionHandle(replay.id("00000000-0000-0000-0000-000000000000"));
        let err = client
            .heartbeat(&unknown)
            .await
            .expect_err("unknown session");
        assert_eq!(
            server_root_cause(&err),
            format!("Session '{unknown}' does not exist.")
        );
        assert_eq!(
            err.server_error().map(|s| s.message.as_str()),
            Some("Failed to getSessionConfig.")
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn closes_sessions_and_refuses_closed_ones() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "27-", api).await;
        let client = replay.client().await;
        let sessions: Vec<SessionHandle> = replay.exchanges[..2]
            .iter()
            .map(|e| SessionHandle(e.path.rsplit('/').next().unwrap_or("").to_string()))
            .collect();
        client.close_session(&sessions[0]).await.expect("close 1");
        client.close_session(&sessions[1]).await.expect("close 2");
        let again = client
            .close_session(&sessions[1])
            .await
            .expect_err("closed twice");
        assert_eq!(
            server_root_cause(&again),
            format!("Session '{}' does not exist.", sessions[1])
        );
        let config = client
            .session_config(&sessions[1])
            .await
            .expect_err("closed");
        assert_eq!(config.server_error().map(|s| s.status), Some(500));
        replay.assert_done();
    }
}

#[tokio::test]
async fn opens_a_session_with_an_empty_body() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "28-", api).await;
        let client = replay.client().await;
        let session = client
            .open_session(&SessionOptions::default())
            .await
            .expect("open");
        let config: BTreeMap<String, String> =
            client.session_config(&session).await.expect("config");
        assert!(config.contains_key("sql-gateway.endpoint.rest.port"));
        client.close_session(&session).await.expect("close");
        replay.assert_done();
    }
}
