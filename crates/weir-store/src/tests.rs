//! Unit tests of the store: migrations, refusal of bad databases, tree, tabs, search.

use super::*;
use std::fs;

fn ws() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
    (dir, store)
}

fn version(store: &Store) -> i64 {
    store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_workspace_is_created_at_the_latest_schema_in_wal_mode() {
    let (_d, store) = ws();
    assert_eq!(version(&store), SCHEMA_VERSION);
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(store.tree().unwrap(), Tree::default());
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn every_previous_schema_version_migrates_with_its_data_intact() {
    for from in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(DB_FILE);
        {
            let conn = migrations::open_at_version(&db, from);
            if from >= 1 {
                conn.execute(
                    "INSERT INTO folders(id, parent_id, name, created_at) VALUES (1, NULL, 'jobs', 0)",
                    [],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO scripts(id, folder_id, name, text, created_at, updated_at)
                     VALUES (7, 1, 'orders.sql', 'SELECT amount FROM Orders', 0, 0)",
                    [],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO tabs(script_id, position, anchor, head, scroll_top) VALUES (7, 0, 3, 5, 12.5)",
                    [],
                )
                .unwrap();
            }
        }
        let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        assert_eq!(version(&store), SCHEMA_VERSION, "from version {from}");
        if from >= 1 {
            let tree = store.tree().unwrap();
            assert_eq!(tree.folders.len(), 1, "from version {from}");
            assert_eq!(store.script_text(7).unwrap(), "SELECT amount FROM Orders");
            assert_eq!(store.script_path(7).unwrap(), "jobs/orders.sql");
            let tabs = store.tabs_state().unwrap();
            assert_eq!(tabs.tabs[0].head, 5, "from version {from}");
            // Rows written before the search index existed are found by it.
            let hits = store.search("amount", 10, 10).unwrap();
            assert_eq!(hits.len(), 1, "from version {from}");
            assert!(store.last_version_text(7).unwrap().is_none());
        }
    }
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = fs::read(&db).unwrap();
    let err = Store::open(dir.path(), Access::ReadWrite).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 999, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("Update Weir"), "{err}");
    assert_eq!(fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("workspace.db-wal").exists());
}

#[test]
fn a_damaged_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&db, &garbage).unwrap();
    let err = Store::open(dir.path(), Access::ReadWrite).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(fs::read(&db).unwrap(), garbage);
    let err = Store::open(dir.path(), Access::ReadOnly).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}

#[test]
fn a_truncated_workspace_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        let big = "SELECT 1;\n".repeat(2000);
        for i in 0..50 {
            store.create_script(None, &format!("s{i}"), &big).unwrap();
        }
        store.save_texts(&[]).unwrap();
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let db = dir.path().join(DB_FILE);
    let bytes = fs::read(&db).unwrap();
    fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let err = Store::open(dir.path(), Access::ReadWrite).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE mine(x); INSERT INTO mine VALUES (1);")
            .unwrap();
    }
    let err = Store::open(dir.path(), Access::ReadWrite).unwrap_err();
    assert!(err.to_string().contains("not a Weir workspace"), "{err}");
}

#[test]
fn a_second_writer_is_refused_but_readers_are_welcome() {
    let (dir, mut store) = ws();
    let s = store.create_script(None, "a.sql", "SELECT 1").unwrap();
    store.save_texts(&[(s.id, "SELECT 2")]).unwrap();
    let err = Store::open(dir.path(), Access::ReadWrite).unwrap_err();
    match &err {
        StoreError::Locked { pid, .. } => assert_eq!(*pid, Some(std::process::id())),
        other => panic!("expected Locked, got {other}"),
    }
    assert!(err.to_string().contains("open in another Weir"));
    let reader = Store::open(dir.path(), Access::ReadOnly).unwrap();
    assert_eq!(reader.script_text(s.id).unwrap(), "SELECT 2");
    drop(store);
    Store::open(dir.path(), Access::ReadWrite).unwrap();
}

#[test]
fn read_only_open_of_a_missing_workspace_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(&dir.path().join("nope"), Access::ReadOnly).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(!dir.path().join("nope").exists());
}

#[test]
fn folders_and_scripts_are_created_renamed_and_moved() {
    let (_d, store) = ws();
    let jobs = store.create_folder(None, "jobs").unwrap();
    let daily = store.create_folder(Some(jobs.id), "daily").unwrap();
    let s = store
        .create_script(Some(daily.id), "orders.sql", "")
        .unwrap();
    assert_eq!(store.script_path(s.id).unwrap(), "jobs/daily/orders.sql");
    // Clashing names on create get a suffix; on rename they are refused.
    let s2 = store
        .create_script(Some(daily.id), "Orders.sql", "")
        .unwrap();
    assert_eq!(s2.name, "Orders (2).sql");
    let err = store.rename_script(s2.id, "ORDERS.SQL").unwrap_err();
    assert!(err.to_string().contains("already a script named"), "{err}");
    store.rename_script(s2.id, "payments.sql").unwrap();
    // A folder cannot move into itself or its descendants.
    let err = store.move_folder(jobs.id, Some(daily.id)).unwrap_err();
    assert!(err.to_string().contains("into itself"), "{err}");
    store.move_folder(daily.id, None).unwrap();
    assert_eq!(store.script_path(s.id).unwrap(), "daily/orders.sql");
    store.move_script(s.id, None).unwrap();
    assert_eq!(store.script_path(s.id).unwrap(), "orders.sql");
    // Names are checked.
    assert!(store.create_folder(None, "  ").is_err());
    assert!(store.create_script(None, "a/b", "").is_err());
    assert!(store.create_script(Some(9999), "x", "").is_err());
}

#[test]
fn deleting_a_folder_is_undone_with_everything_in_it() {
    let (_d, mut store) = ws();
    let jobs = store.create_folder(None, "jobs").unwrap();
    let sub = store.create_folder(Some(jobs.id), "sub").unwrap();
    let a = store.create_script(Some(jobs.id), "a.sql", "A").unwrap();
    let b = store.create_script(Some(sub.id), "b.sql", "B").unwrap();
    store
        .set_tabs_state(&TabsState {
            tabs: vec![TabState {
                script_id: b.id,
                anchor: 0,
                head: 1,
                scroll_top: 0.0,
            }],
            active: Some(b.id),
            closed: vec![],
        })
        .unwrap();
    let token = store.delete_folder(jobs.id).unwrap();
    let tree = store.tree().unwrap();
    assert!(tree.folders.is_empty() && tree.scripts.is_empty());
    assert!(store.tabs_state().unwrap().tabs.is_empty());
    assert!(store.search("B", 10, 10).unwrap().is_empty());
    // A new folder takes the old name meanwhile; the restored one gets a suffix.
    store.create_folder(None, "jobs").unwrap();
    let tree = store.restore(token).unwrap();
    assert_eq!(tree.folders.len(), 3);
    assert_eq!(store.script_path(b.id).unwrap(), "jobs (2)/sub/b.sql");
    assert_eq!(store.script_text(a.id).unwrap(), "A");
    assert!(store.restore(token).is_err(), "an undo is done once");
}

#[test]
fn a_script_restored_after_its_folder_went_comes_back_at_the_top() {
    let (_d, mut store) = ws();
    let f = store.create_folder(None, "f").unwrap();
    let s = store.create_script(Some(f.id), "s.sql", "x").unwrap();
    let t1 = store.delete_script(s.id).unwrap();
    store.delete_folder(f.id).unwrap();
    store.restore(t1).unwrap();
    assert_eq!(store.script_path(s.id).unwrap(), "s.sql");
}

#[test]
fn purging_the_trash_deletes_for_good() {
    let (_d, mut store) = ws();
    let f = store.create_folder(None, "f").unwrap();
    let g = store.create_folder(Some(f.id), "g").unwrap();
    let s = store.create_script(Some(g.id), "s.sql", "x").unwrap();
    store.save_version(s.id).unwrap();
    let t = store.delete_folder(f.id).unwrap();
    assert_eq!(store.purge_trash(now_ms() + 1).unwrap(), 1);
    assert!(store.restore(t).is_err());
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let fk: Vec<String> = store
        .conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    assert!(fk.is_empty(), "{fk:?}");
}

#[test]
fn tabs_cursors_and_closed_tabs_are_restored_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let ids;
    {
        let mut store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        let a = store.create_script(None, "a", "aaaa").unwrap();
        let b = store.create_script(None, "b", "bbbb").unwrap();
        let c = store.create_script(None, "c", "cccc").unwrap();
        ids = (a.id, b.id, c.id);
        let state = TabsState {
            tabs: vec![
                TabState {
                    script_id: c.id,
                    anchor: 1,
                    head: 3,
                    scroll_top: 40.0,
                },
                TabState {
                    script_id: a.id,
                    anchor: 2,
                    head: 2,
                    scroll_top: 0.0,
                },
            ],
            active: Some(a.id),
            closed: vec![b.id],
        };
        store.set_tabs_state(&state).unwrap();
    }
    let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
    let state = store.tabs_state().unwrap();
    assert_eq!(
        state.tabs.iter().map(|t| t.script_id).collect::<Vec<_>>(),
        vec![ids.2, ids.0]
    );
    assert_eq!((state.tabs[0].anchor, state.tabs[0].head), (1, 3));
    assert_eq!(state.tabs[0].scroll_top, 40.0);
    assert_eq!(state.active, Some(ids.0));
    assert_eq!(state.closed, vec![ids.1]);
}

#[test]
fn autosaved_text_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let mut store = Store::open(dir.path(), Access::ReadWrite).unwrap();
        id = store.create_script(None, "a", "").unwrap().id;
        store
            .save_texts(&[(id, "SELECT 'héllo' -- ünïcode")])
            .unwrap();
    }
    let store = Store::open(dir.path(), Access::ReadWrite).unwrap();
    assert_eq!(store.script_text(id).unwrap(), "SELECT 'héllo' -- ünïcode");
}

#[test]
fn versions_record_what_was_saved() {
    let (_d, mut store) = ws();
    let s = store.create_script(None, "a", "v1").unwrap();
    store.save_version(s.id).unwrap();
    store.save_texts(&[(s.id, "v2")]).unwrap();
    assert_eq!(
        store.last_version_text(s.id).unwrap().as_deref(),
        Some("v1")
    );
    store.save_version(s.id).unwrap();
    assert_eq!(
        store.last_version_text(s.id).unwrap().as_deref(),
        Some("v2")
    );
}

#[test]
fn search_finds_substrings_with_line_and_column() {
    let (_d, store) = ws();
    let f = store.create_folder(None, "jobs").unwrap();
    store
        .create_script(
            Some(f.id),
            "orders.sql",
            "CREATE TABLE orders (\n  order_id BIGINT,\n  Amount DECIMAL(10, 2)\n);",
        )
        .unwrap();
    store.create_script(None, "other.sql", "SELECT 1;").unwrap();
    let hits = store.search("amount dec", 10, 10).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(
        (h.path.as_str(), h.line, h.column),
        ("jobs/orders.sql", 3, 3)
    );
    assert_eq!(
        &h.preview[h.preview_start as usize..(h.preview_start + h.preview_len) as usize],
        "Amount DEC"
    );
    // Short queries and quotes work too; LIKE's wildcards and non-ASCII letters are plain text.
    assert_eq!(store.search("1;", 10, 10).unwrap().len(), 1);
    assert!(store.search("%", 10, 10).unwrap().is_empty());
    assert!(store.search("x_", 10, 10).unwrap().is_empty());
    assert_eq!(store.search("R_", 10, 10).unwrap().len(), 1, "order_id");
    store
        .create_script(None, "ü.sql", "-- Ärger\nSELECT 2;")
        .unwrap();
    assert_eq!(store.search("är", 10, 10).unwrap().len(), 1);
    assert!(store.search("\"x", 10, 10).unwrap().is_empty());
    assert!(store.search("  ", 10, 10).unwrap().is_empty());
    // Limits hold.
    assert_eq!(store.search("order", 10, 1).unwrap().len(), 1);
}

#[test]
fn settings_round_trip_json() {
    let (_d, store) = ws();
    assert_eq!(store.setting("x").unwrap(), None);
    store
        .set_setting("x", &serde_json::json!({"a": [1, 2]}))
        .unwrap();
    assert_eq!(
        store.setting("x").unwrap(),
        Some(serde_json::json!({"a": [1, 2]}))
    );
}
