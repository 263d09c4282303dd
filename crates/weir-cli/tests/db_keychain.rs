//! `weir db` and `weir run` with a real Secret Service (run under scripts/keyring-env.sh, which
//! gives them a throwaway keyring): passwords scoped to the workspace, a refused add that
//! changes nothing, legacy `db/NAME` entries moved without loss, and `${secret:…}` resolved by
//! `weir run`. Skipped outside keyring-env.sh unless WEIR_REQUIRE_DB=1.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::gateway::Gateway;
use weir::databases::password_key;
use weir::{Access, Store};
use weir_db::secrets::{Keychain, SecretError, SecretStore};

fn keychain() -> Option<Keychain> {
    if std::env::var("WEIR_KEYRING_ENV").as_deref() == Ok("1") {
        return Some(Keychain::new());
    }
    assert!(
        std::env::var("WEIR_REQUIRE_DB").as_deref() != Ok("1"),
        "WEIR_REQUIRE_DB=1 but no Secret Service: run the tests under scripts/keyring-env.sh"
    );
    eprintln!("skipped: not under scripts/keyring-env.sh (no Secret Service)");
    None
}

fn weir(ws: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("weir starts");
    {
        let mut i = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            i.write_all(s.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// The keychain key the saved profile `name` of workspace `ws` names.
fn key_of(ws: &Path, name: &str) -> Option<String> {
    let store = Store::open(ws, Access::ReadOnly).unwrap();
    weir_db::profiles::find(&store, name)
        .unwrap()
        .unwrap_or_else(|| panic!("no profile {name}"))
        .password_key
}

fn add(ws: &Path, name: &str, password: &str) -> Output {
    weir(
        ws,
        &[
            "db",
            "add",
            name,
            "--url",
            "jdbc:mysql://db.example:3306/shop?user=etl",
            "--password-from-stdin",
        ],
        Some(&format!("{password}\n")),
    )
}

/// Issue 14 (3): `weir db add shop` in a second workspace overwrote the first one's password
/// (both under `db/shop`), and `weir db remove shop` there deleted it.
#[test]
fn two_workspaces_keep_their_own_password() {
    let Some(k) = keychain() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let name = "shop2ws";
    for (ws, pw) in [(&a, "pw-of-a"), (&b, "pw-of-b")] {
        let out = add(ws, name, pw);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let (ka, kb) = (key_of(&a, name).unwrap(), key_of(&b, name).unwrap());
    assert_ne!(ka, kb);
    assert_eq!(ka, password_key(&a, name), "the app's key");
    assert_eq!(k.get(&ka).unwrap(), "pw-of-a");
    assert_eq!(k.get(&kb).unwrap(), "pw-of-b");
    let out = weir(&b, &["db", "remove", name], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(matches!(k.get(&kb), Err(SecretError::NotFound { .. })));
    assert_eq!(k.get(&ka).unwrap(), "pw-of-a");
}

/// Issue 14 (3): `weir db add` wrote the keychain before taking the workspace lock, so a
/// refused add still replaced the password; and it accepted names the app refuses.
#[test]
fn a_refused_add_changes_nothing() {
    let Some(k) = keychain() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let name = "shoplocked";
    let legacy = format!("db/{name}");
    {
        // The app holds the workspace.
        let app = weir::Weir::open(&ws).unwrap();
        let scoped = password_key(&ws, name);
        for key in [&scoped, &legacy] {
            k.set(key, "original").unwrap();
        }
        let out = add(&ws, name, "replacement");
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("is open in another Weir"),
            "{}",
            text(&out.stderr)
        );
        for key in [&scoped, &legacy] {
            assert_eq!(k.get(key).unwrap(), "original", "{key}");
            k.delete(key).unwrap();
        }
        drop(app);
    }
    // A name the app refuses: nothing saved, nothing in the keychain.
    let out = add(&ws, "local", "pw");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("a Flink connection is named 'local'"),
        "{}",
        text(&out.stderr)
    );
    for key in ["db/local".to_string(), password_key(&ws, "local")] {
        assert!(
            matches!(k.get(&key), Err(SecretError::NotFound { .. })),
            "{key}"
        );
    }
}

/// Saves profile `name` in `ws` as older `weir db add` did: password key `db/NAME`.
fn legacy_profile(ws: &Path, name: &str) {
    let store = Store::open(ws, Access::ReadWrite).unwrap();
    let mut p = weir_db::JdbcUrl::parse("jdbc:mysql://db.example:3306/shop?user=etl")
        .unwrap()
        .profile;
    p.name = name.into();
    p.password_key = Some(format!("db/{name}"));
    weir_db::profiles::save(&store, &p).unwrap();
}

/// Issue 14 (3): entries older `weir db add` made (`db/NAME`, shared by every workspace) are
/// moved to the workspace's own key, never lost: copied, read back, then the profile updated;
/// the legacy entry stays for the other workspaces that name it.
#[test]
fn legacy_keys_are_moved_not_lost() {
    let Some(k) = keychain() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let (name, gone) = ("shoplegacy", "shopnokey");
    legacy_profile(&a, name);
    legacy_profile(&a, gone); // its legacy entry is missing from the keychain
    legacy_profile(&b, name);
    let legacy = format!("db/{name}");
    k.set(&legacy, "legacy-pw").unwrap();

    // Any writing `weir db` command of workspace a moves its entries.
    let lite = tmp.path().join("x.db");
    let out = weir(
        &a,
        &[
            "db",
            "add",
            "lite",
            "--url",
            &format!("jdbc:sqlite:{}", lite.display()),
        ],
        None,
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let moved = key_of(&a, name).unwrap();
    assert_eq!(moved, password_key(&a, name));
    assert_eq!(k.get(&moved).unwrap(), "legacy-pw");
    assert!(
        err.contains(&format!(
            "moved its password from the shared keychain key '{legacy}'"
        )),
        "{err}"
    );
    // Kept: workspace b still names it.
    assert_eq!(k.get(&legacy).unwrap(), "legacy-pw");
    assert_eq!(key_of(&b, name).unwrap(), legacy);
    // Not movable: left as it was, and said.
    assert_eq!(key_of(&a, gone).unwrap(), format!("db/{gone}"));
    assert!(
        err.contains(&format!(
            "connection '{gone}' still uses the shared keychain key"
        )),
        "{err}"
    );

    // Removing b's profile (after b's own move) keeps the shared entry; a is unaffected.
    let out = weir(&b, &["db", "remove", name], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(k.get(&legacy).unwrap(), "legacy-pw");
    assert_eq!(k.get(&moved).unwrap(), "legacy-pw");
    let _ = k.delete(&legacy);
}

/// Issue 14 (6): `weir run` planned without secrets, so the DDL `weir db ddl` writes
/// (`'password' = '${secret:<key>}'`) failed to run from the CLI.
#[test]
fn weir_run_resolves_secrets_of_generated_ddl() {
    if keychain().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let out = add(&ws, "shopddl", "ddl-s3cret");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let key = key_of(&ws, "shopddl").unwrap();
    // The shape `weir db ddl shopddl orders` prints for a JDBC table.
    let ddl = format!(
        "CREATE TABLE `orders` (\n  `id` BIGINT NOT NULL,\n  PRIMARY KEY (`id`) NOT ENFORCED\n) WITH (\n  \
         'connector' = 'jdbc',\n  'url' = 'jdbc:mysql://db.example:3306/shop',\n  \
         'table-name' = 'orders',\n  'username' = 'etl',\n  'password' = '${{secret:{key}}}'\n);\n"
    );
    let file = tmp.path().join("orders.sql");
    std::fs::write(&file, &ddl).unwrap();
    // A gateway answering with the recorded exchanges of a CREATE TABLE (transcript 05).
    let gw = Gateway::start(&[
        ("flink-2.3.0", "05-"),
        ("flink-2.3.0", "22-"),
        ("flink-2.3.0", "10-"),
        ("flink-2.3.0", "27-"),
        ("flink-2.3.0", "01-"),
    ]);
    let out = weir(
        &ws,
        &["run", file.to_str().unwrap(), "--gateway", &gw.url],
        None,
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let sent: Vec<String> = gw
        .seen()
        .into_iter()
        .filter(|s| s.method == "POST" && s.path.ends_with("/statements"))
        .map(|s| s.body)
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("'password' = 'ddl-s3cret'"), "{}", sent[0]);
    // Never on screen.
    assert!(!err.contains("ddl-s3cret") && !text(&out.stdout).contains("ddl-s3cret"));
}
