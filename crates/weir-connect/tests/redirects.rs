//! Redirects and the auth headers: a gateway (or a proxy in front of it) that answers 307 to
//! another origin must not receive the connection's secret headers there. Two real loopback HTTP
//! servers on different ports (different origins); the gateway's own answers are the recorded ones.

mod support;

use std::sync::{Arc, Mutex};

use support::{load, Action, Request, TestServer};
use weir_connect::gateway::{ApiVersion, GatewayClient, GatewayConfig};

/// The recorded answer to `GET /api_versions` of Flink 2.3.0's gateway.
fn recorded_api_versions() -> Vec<u8> {
    let (exchanges, _) = load("flink-2.3.0", "01-");
    exchanges
        .into_iter()
        .find(|e| e.method == "GET" && e.path == "/api_versions")
        .expect("transcript 01 records GET /api_versions")
        .response
}

fn config(url: String) -> GatewayConfig {
    let mut config = GatewayConfig::new(url);
    config
        .headers
        .push(("X-Api-Key".into(), "s3cret-key".into()));
    config
}

fn has_key(r: &Request) -> bool {
    r.headers.iter().any(|(k, _)| k == "x-api-key")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_the_key_stays_home() {
    let elsewhere_saw: Arc<Mutex<Vec<Request>>> = Arc::default();
    let log = elsewhere_saw.clone();
    let body = recorded_api_versions();
    let elsewhere = TestServer::start(move |r| {
        log.lock().expect("log").push(r);
        Action::Respond {
            status: 200,
            body: body.clone(),
        }
    })
    .await;
    let target = format!("{}/api_versions", elsewhere.url());
    let location = target.clone();
    let gateway = TestServer::start(move |_| Action::Redirect {
        status: 307,
        location: location.clone(),
    })
    .await;

    let result = GatewayClient::connect(config(gateway.url())).await;

    let leaked = elsewhere_saw.lock().expect("log").iter().any(has_key);
    assert!(!leaked, "X-Api-Key was sent to {target}, another origin");
    let err = match result {
        Ok(c) => panic!(
            "connected (API {}) through a redirect to another origin",
            c.api_version()
        ),
        Err(e) => e,
    };
    let text = err.to_string();
    assert!(text.contains(&target), "names where it pointed: {text}");
    assert!(
        text.contains("not follow"),
        "says it was not followed: {text}"
    );
    assert!(
        text.contains(&gateway.url()),
        "names the request that was redirected: {text}"
    );
}

#[tokio::test]
async fn a_redirect_within_the_same_origin_is_followed_with_the_headers() {
    let seen: Arc<Mutex<Vec<Request>>> = Arc::default();
    let log = seen.clone();
    let body = recorded_api_versions();
    let gateway = TestServer::start(move |r| {
        let redirect = r.path == "/old/api_versions";
        log.lock().expect("log").push(r);
        if redirect {
            Action::Redirect {
                status: 307,
                location: "/api_versions".into(),
            }
        } else {
            Action::Respond {
                status: 200,
                body: body.clone(),
            }
        }
    })
    .await;
    let client = GatewayClient::connect(config(format!("{}/old", gateway.url())))
        .await
        .expect("a same-origin redirect is followed");
    assert_eq!(client.api_version(), ApiVersion::V4);
    let seen = seen.lock().expect("log");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].path, "/api_versions");
    assert!(has_key(&seen[1]), "the key goes along within the origin");
}
