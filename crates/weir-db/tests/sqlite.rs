//! SQLite files through rusqlite: metadata, values, DDL, cancel (no server needed).

mod common;

use common::*;
use std::time::Duration;
use weir_db::{
    create_table, Connector, Db, DbKind, DbProfile, DdlOptions, QueryOptions, QueryStatus,
    TableKind,
};
use weir_results::Cell;

fn fixture() -> (tempfile::TempDir, DbProfile) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        r#"CREATE TABLE items (id INTEGER PRIMARY KEY, "my name" VARCHAR(20) NOT NULL DEFAULT 'x',
                                price DECIMAL(8,2), data BLOB, ratio REAL);
           CREATE UNIQUE INDEX items_name ON items ("my name", price);
           CREATE TABLE pairs (a TEXT, b INT, PRIMARY KEY (b, a));
           CREATE VIEW v AS SELECT id FROM items;
           INSERT INTO items VALUES (1, 'één', 12.5, X'DEAD', 0.25), (2, 'b', NULL, NULL, NULL);"#,
    )
    .unwrap();
    let p = DbProfile::from_jdbc_url(&format!("jdbc:sqlite:{}", path.display())).unwrap();
    (dir, p)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_metadata_query_and_ddl() {
    let (_dir, p) = fixture();
    assert_eq!(p.kind, DbKind::Sqlite);
    let db = Db::connect(&p, None).await.unwrap();
    assert_eq!(db.schemas().await.unwrap(), vec!["main"]);
    let t: Vec<(String, TableKind)> = db
        .tables("main")
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.kind))
        .collect();
    assert_eq!(
        t,
        vec![
            ("items".into(), TableKind::Table),
            ("pairs".into(), TableKind::Table),
            ("v".into(), TableKind::View)
        ]
    );
    let cols = db.columns("main", "items").await.unwrap();
    let c1 = &cols[1];
    assert_eq!(
        (
            c1.name.as_str(),
            c1.native_type.as_str(),
            c1.nullable,
            c1.default.as_deref()
        ),
        ("my name", "VARCHAR(20)", false, Some("'x'"))
    );
    assert!(cols[0].auto_increment);
    assert_eq!(
        db.primary_key("main", "pairs").await.unwrap(),
        vec!["b", "a"]
    );
    let idx = db.indexes("main", "items").await.unwrap();
    assert_eq!(
        (idx[0].name.as_str(), idx[0].unique, idx[0].columns.clone()),
        (
            "items_name",
            true,
            vec!["my name".to_string(), "price".to_string()]
        )
    );
    let run = db.query("SELECT * FROM items ORDER BY id", QueryOptions::default());
    finish(&run, Duration::from_secs(10)).await;
    assert_eq!(run.info().status, QueryStatus::Ok);
    assert_eq!(cell(&run, 0, 1), Cell::Text("één".into()));
    assert_eq!(cell(&run, 0, 2), Cell::Decimal("12.5".into()));
    assert_eq!(cell(&run, 0, 3), Cell::Text("3q0=".into()));
    assert_eq!(cell(&run, 0, 4), Cell::Float(0.25));
    assert_eq!(cell(&run, 1, 2), Cell::Null);
    let meta = db.table_meta("main", "items").await.unwrap();
    let ddl = create_table(&meta, Connector::Jdbc, &DdlOptions::for_profile(&p)).unwrap();
    parses(&ddl);
    assert!(
        ddl.contains("`my name` STRING NOT NULL")
            && ddl.contains("PRIMARY KEY (`id`) NOT ENFORCED"),
        "{ddl}"
    );
    // A long query is interrupted by cancel.
    let run = db.query(
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000000) SELECT sum(n) FROM s",
        QueryOptions::default(),
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    run.cancel();
    finish(&run, Duration::from_secs(5)).await;
    assert_eq!(run.info().status, QueryStatus::Cancelled);
    let missing = DbProfile::from_jdbc_url("jdbc:sqlite:/nonexistent/x.db").unwrap();
    let e = Db::connect(&missing, None).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("/nonexistent/x.db: the file does not exist"),
        "{e}"
    );
}
