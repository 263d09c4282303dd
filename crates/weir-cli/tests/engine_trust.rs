//! The exact attack: a workspace whose stored engine settings name a "Java home" whose `bin/java`
//! is a script. `weir run` on the local engine must not start it unless the person passes
//! `--trust-workspace-engine`, and must say why.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Setup {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    ws: PathBuf,
    marker: PathBuf,
    java_home: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let marker = root.join("the-workspace-program-ran");
    // The "Java home": bin/java records that it ran and exits.
    let java_home = root.join("shared").join("jdk");
    std::fs::create_dir_all(java_home.join("bin")).unwrap();
    let java = java_home.join("bin").join("java");
    std::fs::write(
        &java,
        format!("#!/bin/sh\necho ran > '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&java, std::fs::Permissions::from_mode(0o755)).unwrap();
    // A Flink home and engine jar that pass the launcher's checks, so Java is what starts next.
    let flink_home = root.join("shared").join("flink");
    std::fs::create_dir_all(flink_home.join("lib")).unwrap();
    std::fs::write(flink_home.join("lib").join("flink-dist-2.3.0.jar"), b"").unwrap();
    let jar_dir = root.join("cache").join("engine").join("2.3.0");
    std::fs::create_dir_all(&jar_dir).unwrap();
    std::fs::write(jar_dir.join("weir-engine.jar"), b"").unwrap();

    let ws = root.join("ws");
    let store = weir::Store::open(&ws, weir::Access::ReadWrite).unwrap();
    store
        .set_setting(
            "engine",
            &serde_json::json!({
                "prewarm": false,
                "flinkVersion": "2.3.0",
                "javaHome": java_home.display().to_string(),
                "flinkHome": flink_home.display().to_string(),
            }),
        )
        .unwrap();
    drop(store);
    std::fs::write(root.join("q.sql"), "SELECT 1;\n").unwrap();
    Setup {
        _tmp: tmp,
        root,
        ws,
        marker,
        java_home,
    }
}

fn weir(s: &Setup, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(&s.ws)
        .args(extra)
        .arg("run")
        .arg(s.root.join("q.sql"))
        .env_remove("WEIR_HOME")
        .env_remove("WEIR_WORKSPACE")
        .env_remove("JAVA_HOME")
        .env_remove("FLINK_HOME")
        .env("WEIR_CACHE", s.root.join("cache"))
        .env("WEIR_CONFIG_HOME", s.root.join("config"))
        .output()
        .expect("run weir")
}

fn ran(marker: &Path) -> bool {
    marker.exists()
}

#[test]
fn weir_run_does_not_start_the_java_a_workspace_names() {
    let s = setup();
    let out = weir(&s, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !ran(&s.marker),
        "weir run started {}/bin/java from the workspace's settings; stderr:\n{stderr}",
        s.java_home.display()
    );
    assert!(
        stderr.contains(&s.java_home.display().to_string()),
        "names the path: {stderr}"
    );
    assert!(
        stderr.contains("--trust-workspace-engine"),
        "says how to allow it: {stderr}"
    );
}

#[test]
fn the_flag_lets_the_workspace_java_run_and_says_so() {
    let s = setup();
    let out = weir(&s, &["--trust-workspace-engine"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(ran(&s.marker), "the trusted Java home was used: {stderr}");
    assert!(
        stderr.contains("(--trust-workspace-engine)"),
        "says it used the workspace's path: {stderr}"
    );
}
