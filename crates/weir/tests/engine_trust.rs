//! A workspace cannot choose the program Weir starts: a Java (or Flink) home stored in
//! `workspace.db` (older Weir saved the engine settings there; a shared workspace can say anything)
//! is not used until the person agrees, and saving engine settings writes the per-user settings.
//!
//! Each test runs in its own process (nextest), so `WEIR_CONFIG_HOME` points at a temp folder.

use std::path::Path;

use weir::{Access, Store, Weir};

/// A workspace whose stored engine settings name `java_home` (as an old or shared one does).
fn workspace_naming(dir: &Path, java_home: &str) {
    let store = Store::open(dir, Access::ReadWrite).expect("create workspace");
    store
        .set_setting(
            "engine",
            &serde_json::json!({
                "prewarm": true,
                "flinkVersion": "1.20.3",
                "javaHome": java_home,
                "flinkHome": null,
            }),
        )
        .expect("store engine setting");
}

fn isolate_user_settings(tmp: &Path) -> std::path::PathBuf {
    let config = tmp.join("config");
    std::env::set_var("WEIR_CONFIG_HOME", &config);
    config.join("settings.json")
}

#[test]
fn a_java_home_named_by_the_workspace_is_not_used_without_a_yes() {
    let tmp = tempfile::tempdir().unwrap();
    let settings_file = isolate_user_settings(tmp.path());
    let ws = tmp.path().join("shared-workspace");
    let evil = tmp.path().join("evil-jdk").display().to_string();
    workspace_naming(&ws, &evil);

    let weir = Weir::open(&ws).expect("open workspace");
    let own = weir.engine_settings().expect("engine settings");
    assert_ne!(
        own.config().java_home.as_deref(),
        Some(Path::new(&evil)),
        "the workspace's javaHome became the java Weir starts"
    );
    assert_eq!(own.java_home, None);
    // Harmless values of an old workspace are kept until the person saves their own.
    assert_eq!(own.version(), "1.20.3");
    assert!(own.prewarm);

    let choice = weir.engine_choice().expect("choice");
    assert_eq!(choice.settings.java_home, None, "not run before the yes");
    let asked = choice
        .untrusted
        .expect("the window is asked about the path");
    assert_eq!(asked.java_home.as_deref(), Some(evil.as_str()));
    assert_eq!(asked.workspace, weir::engine::workspace_key(&ws));
    let line = asked.describe();
    assert!(
        line.contains(&evil) && line.contains(&asked.workspace),
        "{line}"
    );

    // The yes is remembered per user, for exactly this workspace and path.
    weir.trust_engine_paths(&asked).expect("trust");
    assert!(
        settings_file.is_file(),
        "trust is kept in the per-user settings"
    );
    let choice = weir.engine_choice().expect("choice");
    assert_eq!(choice.untrusted, None);
    assert_eq!(choice.settings.java_home.as_deref(), Some(evil.as_str()));
    drop(weir);

    // Another path in the same workspace asks again.
    let other = tmp.path().join("other-jdk").display().to_string();
    workspace_naming(&ws, &other);
    let weir = Weir::open(&ws).expect("open workspace");
    let choice = weir.engine_choice().expect("choice");
    assert_eq!(choice.settings.java_home, None);
    assert_eq!(
        choice.untrusted.and_then(|p| p.java_home).as_deref(),
        Some(other.as_str())
    );
    // Trusting what the window did not show is refused.
    let err = weir.trust_engine_paths(&asked).expect_err("stale yes");
    assert!(err.to_string().contains("no longer"), "{err}");
}

#[test]
fn saving_engine_settings_writes_the_user_settings_not_the_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    let settings_file = isolate_user_settings(tmp.path());
    let ws = tmp.path().join("ws");
    workspace_naming(&ws, "/opt/somewhere/jdk");
    let weir = Weir::open(&ws).expect("open workspace");
    let mut mine = weir.engine_settings().unwrap();
    mine.java_home = Some("/usr/lib/jvm/my-jdk".into());
    mine.prewarm = false;
    weir.set_engine_settings(&mine).expect("save");
    assert!(settings_file.is_file());
    let stored = std::fs::read_to_string(&settings_file).unwrap();
    assert!(stored.contains("/usr/lib/jvm/my-jdk"), "{stored}");
    drop(weir);

    let store = Store::open(&ws, Access::ReadOnly).unwrap();
    let in_ws = store.setting("engine").unwrap().expect("left as it was");
    assert_eq!(
        in_ws["javaHome"], "/opt/somewhere/jdk",
        "workspace untouched"
    );
    drop(store);

    let weir = Weir::open(&ws).expect("open workspace");
    assert_eq!(weir.engine_settings().unwrap(), mine);
    let choice = weir.engine_choice().unwrap();
    assert_eq!(
        choice.settings.java_home.as_deref(),
        Some("/usr/lib/jvm/my-jdk")
    );
    assert!(
        choice.untrusted.is_some(),
        "the workspace's other path still asks"
    );
}
