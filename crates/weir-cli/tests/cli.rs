//! The `weir` command run as a user runs it: a real process on a real workspace directory.

use std::path::Path;
use std::process::{Command, Output};

fn weir(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .output()
        .expect("run weir")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn version_is_printed() {
    let out = Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("weir {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn import_list_export_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("jobs/daily")).unwrap();
    std::fs::write(src.join("jobs/daily/orders.sql"), "SELECT 1;\n").unwrap();
    std::fs::write(src.join("top.sql"), "SELECT 2;\n").unwrap();
    std::fs::write(src.join("jobs/bad.sql"), b"\xff\xfe SELECT").unwrap();
    let ws = tmp.path().join("ws");

    let out = weir(&ws, &["workspace", "import", src.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("bad.sql: is not UTF-8 text"), "{err}");
    assert!(
        err.contains("imported 2 scripts and 2 new folders"),
        "{err}"
    );

    let out = weir(&ws, &["workspace", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "jobs/\njobs/daily/\njobs/daily/orders.sql\ntop.sql\n"
    );

    let dest = tmp.path().join("out");
    let out = weir(&ws, &["workspace", "export", dest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dest.join("jobs/daily/orders.sql")).unwrap(),
        "SELECT 1;\n"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("top.sql")).unwrap(),
        "SELECT 2;\n"
    );
}

#[test]
fn a_damaged_workspace_is_reported_and_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("workspace.db");
    std::fs::write(
        &db,
        b"this is not a database, it is a poem about rivers. ".repeat(100),
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    for args in [
        &["workspace", "list"][..],
        &["workspace", "import", "/tmp"][..],
    ] {
        let out = weir(tmp.path(), args);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains("is damaged and was left untouched"), "{err}");
        assert!(err.contains("open a different workspace"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Issue 14 (8): `weir workspace list` on a fresh data directory exited 1 ("no workspace")
/// instead of listing nothing.
#[test]
fn listing_a_fresh_data_directory_lists_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // The default workspace: a fresh WEIR_HOME.
    let out = Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(["workspace", "list"])
        .env("WEIR_HOME", tmp.path().join("home"))
        .env_remove("WEIR_WORKSPACE")
        .output()
        .expect("run weir");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    // A named directory without a workspace: nothing listed, a note on stderr, nothing created.
    let none = tmp.path().join("none");
    let out = weir(&none, &["workspace", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("no workspace at"));
    assert!(!none.exists());
}

#[test]
fn a_workspace_open_in_weir_refuses_a_second_writer_but_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let app = weir::Weir::open(tmp.path()).unwrap();
    app.create_script(None, "a.sql", "SELECT 1").unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let out = weir(tmp.path(), &["workspace", "import", src.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "is open in another Weir (process {})",
            std::process::id()
        )),
        "{err}"
    );
    let out = weir(tmp.path(), &["workspace", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "a.sql\n");
}

/// Issue 14 (8): errors were printed with their cause twice ("X: X"), once in the message and
/// once more from the error's source by `{e:#}`.
#[test]
fn errors_name_each_cause_once() {
    let tmp = tempfile::tempdir().unwrap();
    // The local engine's error.
    let script = tmp.path().join("one.sql");
    std::fs::write(&script, "SELECT 1;\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(tmp.path().join("ws"))
        .arg("run")
        .arg(&script)
        .env("JAVA_HOME", "/nonexistent")
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .output()
        .expect("run weir");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.matches("has no bin/java").count(), 1, "{err}");
    // A file system error under the workspace path.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let out = weir(
        &file.join("ws"),
        &["workspace", "import", tmp.path().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.matches("Not a directory").count(), 1, "{err}");
}
