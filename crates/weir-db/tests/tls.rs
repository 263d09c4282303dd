//! TLS modes against real servers that offer TLS (scripts/db-servers.sh: `mysql_tls`, `pg_tls`,
//! with a certificate for `localhost` signed by a test CA this machine does not trust).
//!
//! The default mode checks the certificate of every server that offers TLS: a certificate that
//! does not verify fails the connection, and the message names what would accept it. Before,
//! the default was `prefer`: TLS without any certificate check.

mod common;

use common::*;
use weir_db::{Db, DbError, DbKind, DbProfile, TlsMode};

fn servers() -> Vec<(DbProfile, String)> {
    let mut out = Vec::new();
    for (var, name) in [
        ("WEIR_TEST_MYSQL_TLS_URL", "mysql-tls"),
        ("WEIR_TEST_PG_TLS_URL", "pg-tls"),
    ] {
        let (Some(p), Some(pw)) = (profile(var, name), password()) else {
            return Vec::new();
        };
        out.push((p, pw));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_a_certificate_that_does_not_verify_is_refused_and_explained() {
    for (p, pw) in servers() {
        assert_ne!(
            p.tls.mode,
            TlsMode::Prefer,
            "{}: a URL without sslmode",
            p.name
        );
        match Db::connect(&p, Some(&pw)).await {
            Ok(db) => {
                db.close().await;
                panic!(
                    "{}: connected to {} over TLS whose certificate no one checked",
                    p.name,
                    p.address()
                );
            }
            Err(e @ DbError::Tls { .. }) => {
                let m = e.to_string();
                assert!(m.contains("offers TLS"), "{m}");
                assert!(
                    m.contains("CA file") && m.contains("require"),
                    "names what would accept it: {m}"
                );
            }
            Err(e) => panic!("{}: expected a TLS error, got: {e}", p.name),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trusted_ca_with_another_host_name_is_refused_and_says_which_name() {
    let Some(ca) = (if servers().is_empty() {
        None
    } else {
        env("WEIR_TEST_TLS_CA")
    }) else {
        return;
    };
    for (mut p, pw) in servers() {
        p.tls.ca_file = Some(ca.clone());
        // The certificate names localhost, not 127.0.0.1.
        let e = Db::connect(&p, Some(&pw))
            .await
            .err()
            .unwrap_or_else(|| panic!("{}: the name 127.0.0.1 is not in the certificate", p.name));
        let m = e.to_string();
        assert!(matches!(e, DbError::Tls { .. }), "{m}");
        assert!(
            m.contains("does not name the host '127.0.0.1'") && m.contains("localhost"),
            "{m}"
        );
        assert!(m.contains("require"), "{m}");

        let mut by_name = p.clone();
        by_name.host = "localhost".into();
        let db = Db::connect(&by_name, Some(&pw))
            .await
            .expect("verified by name and CA");
        db.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_profiles_that_say_prefer_or_require_keep_working() {
    for (p, pw) in servers() {
        for mode in [TlsMode::Prefer, TlsMode::Require] {
            let mut q = p.clone();
            q.tls.mode = mode;
            let db = Db::connect(&q, Some(&pw))
                .await
                .unwrap_or_else(|e| panic!("{} in {}: {e}", p.name, mode.name()));
            db.close().await;
        }
        // A profile saved by older Weir reads as it was written.
        let saved =
            r#"{"name":"old","kind":"postgres","host":"h","tls":{"mode":"prefer","caFile":null}}"#;
        let old: DbProfile = serde_json::from_str(saved).unwrap();
        assert_eq!(
            (old.kind, old.tls.mode),
            (DbKind::Postgres, TlsMode::Prefer)
        );
    }
}
