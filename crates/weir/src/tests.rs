//! Tests of the use cases: autosave timing, edits, session restore, import and export.

use super::*;
use std::time::{Duration, Instant};

fn edit(w: &Weir, id: ScriptId, from: u32, to: u32, insert: &str, len_after: u32) -> DocStatus {
    w.doc_edit(
        id,
        &[TextChange {
            from,
            to,
            insert: insert.into(),
        }],
        len_after,
    )
    .unwrap()
}

#[test]
fn edits_reach_the_disk_within_a_second_without_closing() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let s = w.create_script(None, "a.sql", "").unwrap();
    w.doc_open(s.id).unwrap();
    edit(&w, s.id, 0, 0, "SELECT 1", 8);
    let start = Instant::now();
    // Another reader sees the text once the autosave ran, without any flush from us.
    loop {
        let reader = Store::open(dir.path(), Access::ReadOnly).unwrap();
        if reader.script_text(s.id).unwrap() == "SELECT 1" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "not saved within 1 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn text_tabs_and_layout_are_restored_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let w = Weir::open(dir.path()).unwrap();
        id = w.create_script(None, "a.sql", "").unwrap().id;
        w.doc_open(id).unwrap();
        edit(&w, id, 0, 0, "SELECT 'é'", 10);
        edit(&w, id, 10, 10, ";", 11);
        w.set_tabs(TabsState {
            tabs: vec![TabState {
                script_id: id,
                anchor: 4,
                head: 9,
                scroll_top: 3.0,
            }],
            active: Some(id),
            closed: vec![],
        })
        .unwrap();
        w.set_layout(Layout {
            sidebar_width: 333.0,
            bottom_open: false,
            ..Layout::default()
        })
        .unwrap();
    }
    let w = Weir::open(dir.path()).unwrap();
    assert_eq!(w.doc_open(id).unwrap().text, "SELECT 'é';");
    let tabs = w.tabs().unwrap();
    assert_eq!((tabs.tabs[0].anchor, tabs.tabs[0].head), (4, 9));
    let layout = w.layout().unwrap();
    assert_eq!(layout.sidebar_width, 333.0);
    assert!(!layout.bottom_open);
}

#[test]
fn a_desynced_edit_is_refused_and_a_replace_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let id = w.create_script(None, "a.sql", "abc").unwrap().id;
    let err = w
        .doc_edit(
            id,
            &[TextChange {
                from: 5,
                to: 6,
                insert: "x".into(),
            }],
            3,
        )
        .unwrap_err();
    assert!(matches!(err, WeirError::Desync(_)), "{err}");
    w.doc_replace(id, "xyz").unwrap();
    w.flush().unwrap();
    assert_eq!(w.with_store(|s| Ok(s.script_text(id)?)).unwrap(), "xyz");
}

#[test]
fn saving_a_version_clears_dirty_until_the_next_edit() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let id = w.create_script(None, "a.sql", "").unwrap().id;
    assert!(!w.doc_open(id).unwrap().dirty);
    assert!(edit(&w, id, 0, 0, "x", 1).dirty);
    assert!(!w.save_version(id).unwrap().dirty);
    assert!(edit(&w, id, 1, 1, "y", 2).dirty);
    assert!(!edit(&w, id, 1, 2, "", 1).dirty);
}

#[test]
fn deleting_an_open_script_keeps_its_last_words_for_undo() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let id = w.create_script(None, "a.sql", "").unwrap().id;
    w.doc_open(id).unwrap();
    edit(&w, id, 0, 0, "keep me", 7);
    let token = w.delete_script(id).unwrap();
    assert!(w.tree().unwrap().scripts.is_empty());
    w.restore(token).unwrap();
    assert_eq!(w.doc_open(id).unwrap().text, "keep me");
}

#[test]
fn search_sees_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let id = w.create_script(None, "a.sql", "").unwrap().id;
    edit(&w, id, 0, 0, "SELECT needle FROM t", 20);
    let hits = w.search("NEEDLE").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].line, hits[0].column), (1, 8));
}

#[test]
fn export_then_import_round_trips_and_skips_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(&dir.path().join("ws")).unwrap();
    let jobs = w.create_folder(None, "jobs").unwrap();
    let sub = w.create_folder(Some(jobs.id), "da:ily").unwrap();
    w.create_script(Some(sub.id), "orders.sql", "SELECT 1;")
        .unwrap();
    w.create_script(None, "no extension", "SELECT 2;").unwrap();
    w.create_script(None, "no extension.sql", "SELECT 3;")
        .unwrap();
    let out = dir.path().join("out");
    let report = w.with_store(|s| transfer::export(s, &out)).unwrap();
    assert_eq!((report.folders, report.scripts), (2, 3));
    assert_eq!(
        std::fs::read_to_string(out.join("jobs/da_ily/orders.sql")).unwrap(),
        "SELECT 1;"
    );
    assert!(out.join("no extension.sql").exists());
    assert!(out.join("no extension (2).sql").exists());
    // Bad files beside good ones.
    std::fs::write(out.join("jobs/latin1.sql"), b"SELECT '\xe9t\xe9';").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/target.sql", out.join("jobs/broken.sql")).unwrap();
    std::fs::write(out.join("notes.txt"), "not sql").unwrap();

    let w2 = Weir::open(&dir.path().join("ws2")).unwrap();
    let report = w2.with_store(|s| transfer::import(s, &out)).unwrap();
    assert_eq!(report.scripts, 3);
    assert_eq!(report.folders, 2);
    let reasons: Vec<String> = report
        .skipped
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.path.file_name().unwrap().to_string_lossy(),
                s.reason
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("latin1.sql is not UTF-8 text (invalid byte at offset 8)")),
        "{reasons:?}"
    );
    #[cfg(unix)]
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("broken.sql cannot be read")),
        "{reasons:?}"
    );
    // Importing again never overwrites: clashes get suffixes.
    let again = w2.with_store(|s| transfer::import(s, &out)).unwrap();
    assert_eq!((again.scripts, again.folders), (3, 0));
    let tree = w2.tree().unwrap();
    assert_eq!(tree.scripts.len(), 6);
    assert!(tree.scripts.iter().any(|s| s.name == "orders (2).sql"));
}

#[test]
fn the_language_services_follow_the_editors_edits() {
    let dir = tempfile::tempdir().unwrap();
    let w = Weir::open(dir.path()).unwrap();
    let s = w
        .create_script(None, "a.sql", "CREATE TABLE t (a INT);\n")
        .unwrap();
    w.doc_open(s.id).unwrap();
    // A transaction of two changes, in original coordinates; then a refused (desynced) edit,
    // which must leave the tree on the text Rust keeps.
    w.doc_edit(
        s.id,
        &[
            TextChange {
                from: 0,
                to: 0,
                insert: "-- é😀\n".into(),
            },
            TextChange {
                from: 24,
                to: 24,
                insert: "SELECT a FROM t".into(),
            },
        ],
        46,
    )
    .unwrap();
    assert!(w.doc_edit(s.id, &[], 999).is_err());
    let text = w.doc_open(s.id).unwrap().text;
    assert_eq!(text, "-- é😀\nCREATE TABLE t (a INT);\nSELECT a FROM t");
    let mut fresh = language::Syntax::new_with(s.id, &text);
    assert_eq!(
        w.highlights(s.id, 0, 1000).unwrap(),
        fresh.highlights(s.id, 0, 1000, 46)
    );
    // The completion sees the table created earlier; the diagnostics see the missing WITH.
    let c = w.complete(s.id, 39).unwrap();
    assert_eq!((c.from, c.to), (38, 39));
    assert!(c.items.iter().any(|i| i.label == "a"), "{:?}", c.items);
    let c = w.complete(s.id, 46).unwrap();
    assert!(c.items.iter().any(|i| i.label == "t"), "{:?}", c.items);
    let d = w.diagnostics(s.id).unwrap();
    assert_eq!(d.len, 46);
    assert_eq!(d.statements.len(), 2);
    // A replace re-parses; closing forgets the tree, asking again reopens it.
    w.doc_replace(s.id, "SELECT 1").unwrap();
    assert_eq!(w.highlights(s.id, 0, 99).unwrap().spans, [0, 6, 0, 7, 8, 4]);
    w.doc_close(s.id).unwrap();
    assert_eq!(w.highlights(s.id, 0, 99).unwrap().len, 8);
}
