//! Secrets audit: `weir db add` with a real password, queries, DDL and an export through the
//! real `weir` binary and keychain; afterwards no file of the workspace, no export and no
//! output holds the password's bytes.
//!
//! Needs the servers, the keychain (scripts/keyring-env.sh) and the `weir` binary
//! (`cargo build -p weir-cli`; found next to the test executable, or at $WEIR_BIN).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn weir_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WEIR_BIN") {
        return Some(PathBuf::from(p));
    }
    // target/<profile>/deps/audit-… → target/<profile>/weir
    let exe = std::env::current_exe().ok()?;
    let candidate = exe.parent()?.parent()?.join("weir");
    if candidate.exists() {
        return Some(candidate);
    }
    if common::required() {
        panic!("WEIR_REQUIRE_DB=1 but the weir binary was not found at {}: cargo build -p weir-cli (or set WEIR_BIN)", candidate.display());
    }
    eprintln!("skipped: no weir binary at {}", candidate.display());
    None
}

struct Out {
    ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn weir(bin: &Path, ws: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut child = Command::new(bin)
        .arg("--workspace")
        .arg(ws)
        .args(args)
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
    let o = child.wait_with_output().unwrap();
    Out {
        ok: o.status.success(),
        stdout: o.stdout,
        stderr: o.stderr,
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn hits(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn no_password_bytes_anywhere_after_a_full_session() {
    if std::env::var("WEIR_KEYRING_ENV").as_deref() != Ok("1") {
        if common::required() {
            panic!("WEIR_REQUIRE_DB=1 but no Secret Service: run under scripts/keyring-env.sh");
        }
        eprintln!("skipped: not under scripts/keyring-env.sh");
        return;
    }
    let Some(bin) = weir_bin() else { return };
    let Some(mysql) = common::env("WEIR_TEST_MYSQL_URL") else {
        return;
    };
    let Some(pg) = common::env("WEIR_TEST_PG_URL") else {
        return;
    };
    let Some(pw) = common::password() else { return };
    let ws = tempfile::tempdir().unwrap();
    let exports = tempfile::tempdir().unwrap();
    let mut outputs: Vec<Vec<u8>> = Vec::new();
    let mut run = |args: &[&str], stdin: Option<&str>| {
        let o = weir(&bin, ws.path(), args, stdin);
        assert!(
            o.ok,
            "weir {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        outputs.push(o.stdout.clone());
        outputs.push(o.stderr.clone());
        o
    };
    run(
        &[
            "db",
            "add",
            "maria",
            "--url",
            &mysql,
            "--password-from-stdin",
        ],
        Some(&format!("{pw}\n")),
    );
    // A password inside the URL goes to the keychain too, never into the profile.
    let pg_with_pw = format!("{pg}&password={pw}");
    run(&["db", "add", "pg", "--url", &pg_with_pw], None);
    let list = run(&["db", "list"], None);
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        list.contains("maria\tmysql") && list.contains("pg\tpostgres"),
        "{list}"
    );
    let t = run(&["db", "tables", "maria"], None);
    assert!(String::from_utf8_lossy(&t.stdout).contains("order_items\ttable\tcomposite key"));
    let csv = exports.path().join("items.csv");
    run(
        &[
            "db",
            "query",
            "maria",
            "SELECT * FROM order_items ORDER BY order_id, line_no",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
        None,
    );
    let exported = std::fs::read_to_string(&csv).unwrap();
    assert!(
        exported.starts_with("order_id,line_no,sku,qty,price\r\n1,1,A-1,2,9.99\r\n"),
        "{exported}"
    );
    let json = exports.path().join("pg.json");
    run(
        &[
            "db",
            "query",
            "pg",
            "SELECT * FROM shop.order_items ORDER BY 1, 2",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert!(std::fs::read_to_string(&json)
        .unwrap()
        .contains("[1,1,\"A-1\",2,9.99]"));
    run(
        &["db", "query", "pg", "SELECT count(*) AS n FROM all_types"],
        None,
    );
    let ddl = run(
        &[
            "db",
            "ddl",
            "maria",
            "all_types",
            "--connector",
            "mysql-cdc",
        ],
        None,
    );
    let ddl = String::from_utf8_lossy(&ddl.stdout).into_owned();
    // The keys name the workspace (db/<hash>/NAME), as the app's do.
    let key_of = |name: &str| {
        let store = weir_store::Store::open(ws.path(), weir_store::Access::ReadOnly).unwrap();
        let key = weir_db::profiles::find(&store, name)
            .unwrap()
            .and_then(|p| p.password_key)
            .unwrap();
        assert!(
            key.starts_with("db/")
                && key.ends_with(&format!("/{name}"))
                && key.len() > name.len() + 4,
            "{key}"
        );
        key
    };
    let (maria_key, pg_key) = (key_of("maria"), key_of("pg"));
    assert!(
        ddl.contains(&format!("'password' = '${{secret:{maria_key}}}'")),
        "{ddl}"
    );
    let ddl = run(
        &[
            "db",
            "ddl",
            "pg",
            "shop.order_items",
            "--connector",
            "postgres-cdc",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&ddl.stdout)
        .contains(&format!("'password' = '${{secret:{pg_key}}}'")));
    // A wrong password's error names the key, not the value.
    let bad = weir(
        &bin,
        ws.path(),
        &["db", "query", "maria", "SELECT 1", "--password-from-stdin"],
        Some("wrong-pw\n"),
    );
    assert!(!bad.ok);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("refused user 'weir'"));
    outputs.push(bad.stdout);
    outputs.push(bad.stderr);

    let mut all = Vec::new();
    files(ws.path(), &mut all);
    files(exports.path(), &mut all);
    assert!(all.iter().any(|p| p.ends_with("workspace.db")), "{all:?}");
    let needle = pw.as_bytes();
    // The scan would see it: a control with the password inside.
    assert_eq!(hits(format!("x{pw}y").as_bytes(), needle), 1);
    let mut found = Vec::new();
    for f in &all {
        let bytes = std::fs::read(f).unwrap();
        if hits(&bytes, needle) > 0 {
            found.push(f.display().to_string());
        }
    }
    for (i, o) in outputs.iter().enumerate() {
        if hits(o, needle) > 0 {
            found.push(format!("command output #{i}"));
        }
    }
    eprintln!(
        "secrets audit: scanned {} files and {} outputs: {} hits",
        all.len(),
        outputs.len(),
        found.len()
    );
    assert!(found.is_empty(), "the password was found in: {found:?}");
    // The keychain holds it, under the profile's key; removing the connection removes it.
    let k = weir_db::Keychain::new();
    use weir_db::SecretStore;
    assert_eq!(k.get(&maria_key).unwrap(), pw);
    for name in ["maria", "pg"] {
        assert!(weir(&bin, ws.path(), &["db", "remove", name], None).ok);
    }
    assert!(matches!(
        k.get(&maria_key),
        Err(weir_db::SecretError::NotFound { .. })
    ));
}
