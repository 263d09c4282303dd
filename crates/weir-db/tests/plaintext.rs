//! A connection without TLS is warned about: the default mode falls back to plain TCP only when
//! the server offers no TLS at all, and says so (the app's connection test and `weir db` show it).
//! Against the plain servers of scripts/db-servers.sh (`mysql`, `pg`: TLS off).

mod common;

use common::*;
use weir_db::{Db, TlsMode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_tls_connects_in_plain_with_a_warning() {
    for (var, name) in [("WEIR_TEST_MYSQL_URL", "mysql"), ("WEIR_TEST_PG_URL", "pg")] {
        let (Some(p), Some(pw)) = (profile(var, name), password()) else {
            return;
        };
        assert_eq!(p.tls.mode, TlsMode::VerifyIfOffered, "the default");
        let db = Db::connect(&p, Some(&pw)).await.expect("connects in plain");
        assert!(!db.is_encrypted());
        let w = db.tls_warning().expect("plain TCP is warned about");
        assert!(
            w.contains("offers no TLS") && w.contains(&p.address()),
            "{w}"
        );
        db.close().await;

        let mut off = p.clone();
        off.tls.mode = TlsMode::Disable;
        let db = Db::connect(&off, Some(&pw)).await.expect("connects");
        let w = db.tls_warning().expect("disabled TLS is still plain text");
        assert!(w.contains("TLS is disabled"), "{w}");
        db.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verified_tls_connection_has_no_warning() {
    let (Some(mut p), Some(pw), Some(ca)) = (
        profile("WEIR_TEST_PG_TLS_URL", "pg-tls"),
        password(),
        env("WEIR_TEST_TLS_CA"),
    ) else {
        return;
    };
    p.host = "localhost".into();
    p.tls.ca_file = Some(ca);
    let db = Db::connect(&p, Some(&pw)).await.expect("verified TLS");
    assert!(db.is_encrypted());
    assert_eq!(db.tls_warning(), None);
    db.close().await;
}
