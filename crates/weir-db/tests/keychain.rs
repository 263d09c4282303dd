//! The keychain against a real Secret Service (gnome-keyring under `scripts/keyring-env.sh`).

mod common;

use weir_db::secrets::{Keychain, SecretError, SecretStore};

fn in_keyring_env() -> bool {
    if std::env::var("WEIR_KEYRING_ENV").as_deref() == Ok("1") {
        return true;
    }
    if common::required() {
        panic!(
            "WEIR_REQUIRE_DB=1 but no Secret Service: run the tests under scripts/keyring-env.sh"
        );
    }
    eprintln!("skipped: not under scripts/keyring-env.sh");
    false
}

#[test]
fn secrets_round_trip_through_the_secret_service() {
    if !in_keyring_env() {
        return;
    }
    let k = Keychain::with_service(&format!("weir-test-{}", std::process::id()));
    let key = "db/round trip";
    assert!(matches!(k.get(key), Err(SecretError::NotFound { .. })));
    k.set(key, "pä$$ 'w0rd'").unwrap();
    assert_eq!(k.get(key).unwrap(), "pä$$ 'w0rd'");
    k.set(key, "second").unwrap();
    assert_eq!(k.get(key).unwrap(), "second");
    k.delete(key).unwrap();
    assert!(matches!(k.get(key), Err(SecretError::NotFound { .. })));
    assert!(matches!(k.delete(key), Err(SecretError::NotFound { .. })));
    // Inside a tokio runtime too (the backend blocks on its own runtime).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        k.set("in-async", "v").unwrap();
        assert_eq!(k.get("in-async").unwrap(), "v");
        k.delete("in-async").unwrap();
    });
    // Last (the process's bus address is changed): without a Secret Service the error says so.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let k = Keychain::with_service("weir-test-nobus");
    let e = k.get("x").unwrap_err();
    assert!(matches!(e, SecretError::Unavailable { .. }), "{e:?}");
    let m = e.to_string();
    assert!(
        m.contains("keychain is not available") && m.contains("for this session only"),
        "{m}"
    );
}
