//! Every error shape the real gateways produced: failed statements (root cause from the Java
//! trace), bad handles, unknown versions, version-only endpoints, for Flink 2.3.0 and 1.20.3.

mod support;

use std::collections::BTreeMap;

use support::{server_root_cause, Action, Replay, TestServer, VERSIONS};
use weir_connect::gateway::{
    ApiVersion, GatewayClient, GatewayConfig, GatewayError, OperationHandle, RowFormat,
    SessionHandle,
};

#[tokio::test]
async fn a_syntax_error_surfaces_its_root_cause_when_fetched() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "17-", api).await;
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        assert!(run.submitted);
        let err = run.error.expect("the statement fails");
        let GatewayError::StatementFailed { statement, error } = &err else {
            panic!("not a statement failure: {err}");
        };
        assert_eq!(statement, "SELECT * FROM typed_src WHERE");
        assert_eq!(error.status, 500);
        assert_eq!(
            error.root_cause,
            "Encountered \"<EOF>\" at line 1, column 29."
        );
        assert_eq!(
            error.root_cause_class.as_deref(),
            Some("org.apache.flink.sql.parser.impl.ParseException")
        );
        assert!(
            error.trace.contains("Was expecting one of:"),
            "full trace kept"
        );
        let shown = err.to_string();
        assert!(
            shown.contains("line 1, column 29") && shown.contains("typed_src WHERE"),
            "{shown}"
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_validation_error_names_the_missing_table() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "18-", api).await;
        let run = replay
            .run(&replay.client().await, &replay.session(), 0)
            .await;
        let err = run.error.expect("the statement fails");
        assert_eq!(server_root_cause(&err), "Object 'no_such_table' not found");
        replay.assert_done();
    }
}

#[tokio::test]
async fn bad_handles_and_unknown_versions() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "19-", api).await;
        let client = replay.client().await;
        let zero = replay.id("00000000-0000-0000-0000-000000000000");
        let unknown = SessionHandle(zero.clone());
        // The transcript's own session is the one its third request names.
        let path = &replay.exchanges[2].path;
        let session = SessionHandle(path.split('/').nth(3).unwrap_or("").to_string());

        let e = client
            .session_config(&unknown)
            .await
            .expect_err("unknown session");
        assert_eq!(
            server_root_cause(&e),
            format!("Session '{zero}' does not exist.")
        );
        let e = client
            .execute_statement(&unknown, "SELECT 1", &BTreeMap::new())
            .await
            .expect_err("statement in an unknown session");
        assert_eq!(
            server_root_cause(&e),
            format!("Session '{zero}' does not exist.")
        );
        assert_eq!(
            e.server_error().map(|s| s.message.as_str()),
            Some("Internal server error.")
        );
        let e = client
            .operation_status(&session, &OperationHandle(zero.clone()))
            .await
            .expect_err("unknown operation");
        assert_eq!(
            server_root_cause(&e),
            format!(
                "Can not find the submitted operation in the OperationManager with the {zero}."
            )
        );
        let e = client
            .session_config(&SessionHandle("not-a-uuid".into()))
            .await
            .expect_err("malformed handle");
        let s = e.server_error().expect("server error");
        assert_eq!(s.status, 400);
        assert_eq!(
            s.root_cause,
            "Cannot resolve path parameter (session_handle) from value \"not-a-uuid\"."
        );
        // A malformed body and an unknown rowFormat: requests this client cannot produce.
        replay.skip_next();
        replay.skip_next();
        // An API version the gateway does not have.
        let e = client.fetch_next("/v9/info").await.expect_err("no V9");
        let s = e.server_error().expect("server error");
        assert_eq!(
            (s.status, s.root_cause.as_str()),
            (404, "Not found: /v9/info")
        );
        replay.assert_done();
    }
}

#[tokio::test]
async fn a_failed_materialized_table_refresh_reports_on_fetch() {
    for (version, api) in VERSIONS {
        let replay = Replay::start(version, "26-", api).await;
        let client = replay.client_at(ApiVersion::V3).await;
        // Script deployment (V4) and refresh requests: endpoints this client does not offer.
        while !replay.exchanges[replay.position()]
            .path
            .ends_with("/status")
        {
            replay.skip_next();
        }
        let refresh = replay.exchanges[replay.position() - 1].clone();
        let op: String = serde_json::from_slice::<serde_json::Value>(&refresh.response)
            .expect("json")["operationHandle"]
            .as_str()
            .expect("handle")
            .to_string();
        let e = client
            .fetch_results(&replay.session(), &OperationHandle(op), 0, RowFormat::Json)
            .await
            .expect_err("failed operation");
        assert_eq!(
            server_root_cause(&e),
            "Cannot find table '`default_catalog`.`default_database`.`nope`' in any of the catalogs [default_catalog], nor as a temporary table."
        );
        replay.assert_done();
    }
}

/// The root cause as the engine's conformance script computes it (tests/engine/conformance.py).
fn expected_root_cause(errors: &[String]) -> String {
    let text = errors.last().cloned().unwrap_or_default();
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with("Caused by: "))
        .map(|l| l["Caused by: ".len()..].to_string())
        .unwrap_or_else(|| text.lines().next().unwrap_or("").to_string());
    let line = line
        .replace("<Exception on server side:", "")
        .trim()
        .to_string();
    match line.split_once(": ") {
        Some((class, msg))
            if class.contains('.')
                && !class.contains(' ')
                && (class.contains("Exception") || class.contains("Error")) =>
        {
            msg.to_string()
        }
        _ => line,
    }
}

/// Every 4xx/5xx body recorded from both gateways, served to the client over HTTP, yields the
/// status, the root cause and the full trace.
#[tokio::test]
async fn every_recorded_error_body_yields_its_root_cause() {
    let mut checked = 0;
    for (version, _) in VERSIONS {
        let dir = support::fixture_root().join(version).join("gateway");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            let prefix = name.split('-').next().unwrap_or("").to_string() + "-";
            let (exchanges, _) = support::load(version, &prefix);
            for ex in exchanges.into_iter().filter(|e| e.status >= 400) {
                let errors: Vec<String> = serde_json::from_slice::<serde_json::Value>(&ex.response)
                    .ok()
                    .and_then(|v| serde_json::from_value(v["errors"].clone()).ok())
                    .expect("an errors array");
                let (status, body) = (ex.status, ex.response.clone());
                let server = TestServer::start(move |_| Action::Respond {
                    status,
                    body: body.clone(),
                })
                .await;
                let mut config = GatewayConfig::new(server.url());
                config.api_version = Some(ApiVersion::V4);
                let client = GatewayClient::connect(config).await.expect("client");
                let err = client.info().await.expect_err("an error answer");
                let s = err
                    .server_error()
                    .unwrap_or_else(|| panic!("{name}: {err}"));
                assert_eq!(s.status, ex.status, "{name}");
                assert_eq!(
                    s.root_cause,
                    expected_root_cause(&errors),
                    "{name} {}",
                    ex.path
                );
                assert_eq!(s.trace, errors.join("\n\n"));
                assert!(!s.message.is_empty());
                assert!(err.to_string().contains(&format!("HTTP {}", ex.status)));
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} error bodies found");
}
