//! HTTPS to a gateway behind a private CA: refused by default (verification is on), accepted
//! when the CA's PEM is configured.

use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use weir_connect::gateway::{ApiVersion, GatewayClient, GatewayConfig, GatewayError};

/// A TLS server on 127.0.0.1 with a certificate for `localhost` signed by a fresh CA; it answers
/// every request with the recorded `/api_versions` body of Flink 2.3.0. Returns (port, CA PEM).
async fn tls_gateway() -> (u16, String) {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA cert");
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().expect("key");
    let cert = CertificateParams::new(vec!["localhost".to_string()])
        .expect("params")
        .signed_by(&key, &issuer)
        .expect("cert");

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let body = br#"{"versions": ["V1", "V2", "V3", "V4"]}"#;
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, ca_cert.pem())
}

#[tokio::test]
async fn a_private_ca_is_refused_by_default_and_trusted_when_configured() {
    let (port, ca_pem) = tls_gateway().await;
    let url = format!("https://localhost:{port}");

    let mut config = GatewayConfig::new(&url);
    config.request_timeout = Duration::from_secs(5);
    let err = GatewayClient::connect(config.clone())
        .await
        .expect_err("unknown CA");
    match &err {
        GatewayError::Connect { reason, .. } => {
            assert!(reason.to_lowercase().contains("certificate"), "{reason}")
        }
        other => panic!("unexpected: {other}"),
    }

    config.ca_pem = Some(ca_pem.into_bytes());
    let client = GatewayClient::connect(config).await.expect("trusted CA");
    assert_eq!(client.api_version(), ApiVersion::V4);
}
