//! Against a real MariaDB (scripts/db-servers.sh): metadata, values, DDL, bad input, 1M rows.

mod common;

use common::*;
use std::time::{Duration, Instant};
use weir_db::{
    create_table, Connector, Db, DbError, DdlOptions, QueryOptions, QueryStatus, TableKind,
};
use weir_results::Cell;

async fn db() -> Option<Db> {
    let p = profile("WEIR_TEST_MYSQL_URL", "maria")?;
    let pw = password()?;
    Some(
        Db::connect(&p, Some(&pw))
            .await
            .expect("connects to the test MariaDB"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_matches_the_server() {
    let Some(db) = db().await else { return };
    assert!(db
        .schemas()
        .await
        .unwrap()
        .contains(&"weir_test".to_string()));
    let tables = db.tables("weir_test").await.unwrap();
    let names: Vec<(&str, TableKind, Option<&str>)> = tables
        .iter()
        .map(|t| (t.name.as_str(), t.kind, t.comment.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            (
                "all_types",
                TableKind::Table,
                Some("one column per type family")
            ),
            ("no_pk", TableKind::Table, None),
            (
                "odd names",
                TableKind::Table,
                Some("names that need quoting")
            ),
            ("order_items", TableKind::Table, Some("composite key")),
            ("v_orders", TableKind::View, None),
        ]
    );
    let cols = db.columns("weir_test", "all_types").await.unwrap();
    assert_eq!(cols.len(), 34);
    let get = |n: &str| cols.iter().find(|c| c.name == n).unwrap();
    let id = get("id");
    assert_eq!(
        (
            id.native_type.as_str(),
            id.nullable,
            id.default.as_deref(),
            id.comment.as_deref(),
            id.ordinal,
            id.auto_increment
        ),
        ("bigint(20) unsigned", false, None, Some("row id"), 1, true)
    );
    for (name, native, nullable, default) in [
        ("t_tiny_u", "tinyint(3) unsigned", true, Some("NULL")),
        ("t_bool", "tinyint(1)", false, Some("0")),
        ("t_int", "int(11)", false, Some("7")),
        ("t_dec", "decimal(12,2)", true, Some("NULL")),
        ("t_dec_big", "decimal(65,30)", true, Some("NULL")),
        ("t_bit12", "bit(12)", true, Some("NULL")),
        ("t_time3", "time(3)", true, Some("NULL")),
        ("t_datetime6", "datetime(6)", true, Some("NULL")),
        ("t_ts", "timestamp(3)", true, Some("NULL")),
        ("t_varchar", "varchar(20)", true, Some("'new'")),
        ("t_enum", "enum('a','b','c')", true, Some("'a'")),
        ("t_set", "set('x','y','z')", true, Some("NULL")),
        ("t_json", "longtext", true, Some("NULL")),
        ("t_varbinary", "varbinary(16)", true, Some("NULL")),
    ] {
        let c = get(name);
        assert_eq!(
            (c.native_type.as_str(), c.nullable, c.default.as_deref()),
            (native, nullable, default),
            "{name}"
        );
    }
    assert_eq!(
        get("t_varchar").comment.as_deref(),
        Some("status, it's text")
    );
    let idx = db.indexes("weir_test", "order_items").await.unwrap();
    let idx: Vec<(&str, bool, bool, Vec<&str>)> = idx
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.unique,
                i.primary,
                i.columns.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        idx,
        vec![
            ("PRIMARY", true, true, vec!["order_id", "line_no"]),
            ("idx_sku_qty", false, false, vec!["sku", "qty"]),
            ("uk_order_sku", true, false, vec!["order_id", "sku"]),
        ]
    );
    assert_eq!(
        db.primary_key("weir_test", "order_items").await.unwrap(),
        vec!["order_id", "line_no"]
    );
    assert!(db
        .primary_key("weir_test", "no_pk")
        .await
        .unwrap()
        .is_empty());
    let odd = db.columns("weir_test", "odd names").await.unwrap();
    let odd: Vec<&str> = odd.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        odd,
        vec!["select", "my col", "back`tick", "quote\"d", "größe", "日本"]
    );
    let e = db.columns("weir_test", "nope").await.unwrap_err();
    assert!(matches!(e, DbError::NotFound { .. }), "{e}");
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_values_are_exact() {
    let Some(db) = db().await else { return };
    let run = db.query(
        "SELECT * FROM all_types ORDER BY id",
        QueryOptions::default(),
    );
    finish(&run, Duration::from_secs(20)).await;
    let info = run.info();
    assert_eq!(info.status, QueryStatus::Ok, "{:?}", info.error);
    assert_eq!(info.rows, 2);
    let native = |n: &str| {
        info.columns
            .iter()
            .find(|c| c.name == n)
            .unwrap()
            .native_type
            .clone()
    };
    assert_eq!(native("id"), "BIGINT UNSIGNED");
    assert_eq!(native("t_bool"), "BOOLEAN");
    let c = |n: &str| cell(&run, 0, col(&run, n));
    assert_eq!(c("id"), Cell::Decimal("1".into()));
    assert_eq!(c("t_tiny"), Cell::Int(-128));
    assert_eq!(c("t_tiny_u"), Cell::Int(255));
    assert_eq!(c("t_bool"), Cell::Bool(true));
    assert_eq!(c("t_int_u"), Cell::Int(4_294_967_295));
    assert_eq!(c("t_big"), Cell::Int(i64::MIN));
    assert_eq!(c("t_big_u"), Cell::Decimal("18446744073709551615".into()));
    assert_eq!(c("t_double"), Cell::Float(std::f64::consts::PI));
    assert_eq!(c("t_dec"), Cell::Decimal("-1234567890.12".into()));
    assert_eq!(
        c("t_dec_big"),
        Cell::Decimal("12345678901234567890123456789012345.123456789012345678901234567890".into())
    );
    assert_eq!(c("t_bit1"), Cell::Int(1));
    assert_eq!(c("t_bit12"), Cell::Int(0b1010_0000_0001));
    assert_eq!(c("t_date"), Cell::Text("2024-02-29".into()));
    assert_eq!(c("t_time"), Cell::Text("-838:59:59".into()));
    assert_eq!(c("t_time3"), Cell::Text("12:34:56.789".into()));
    assert_eq!(
        c("t_datetime6"),
        Cell::Text("2024-01-02 03:04:05.123456".into())
    );
    assert_eq!(c("t_varchar"), Cell::Text("héllo wörld".into()));
    assert_eq!(c("t_binary"), Cell::Text("3q2+7w==".into()));
    assert_eq!(c("t_varbinary"), Cell::Text("AP8=".into()));
    assert_eq!(c("t_set"), Cell::Text("x,z".into()));
    assert_eq!(c("t_json"), Cell::Text(r#"{"k": [1, 2]}"#.into()));
    for i in 1..34 {
        if info.columns[i].name != "t_bool" && info.columns[i].name != "t_int" {
            assert_eq!(cell(&run, 1, i), Cell::Null, "{}", info.columns[i].name);
        }
    }
    // A query without rows still has its columns; a statement without a result counts rows.
    let empty = db.query(
        "SELECT sku, price FROM order_items WHERE 1 = 0",
        QueryOptions::default(),
    );
    finish(&empty, Duration::from_secs(10)).await;
    let names: Vec<String> = empty
        .info()
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, vec!["sku", "price"]);
    let upd = db.query(
        "UPDATE no_pk SET a = 1 WHERE a = 42",
        QueryOptions::default(),
    );
    finish(&upd, Duration::from_secs(10)).await;
    assert_eq!(upd.info().rows_affected, Some(0));
    let bad = db.query("SELEC 1", QueryOptions::default());
    finish(&bad, Duration::from_secs(10)).await;
    let err = bad.info().error.unwrap();
    assert!(err.contains("rejected the statement (error 1064)"), "{err}");
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ddl_parses_and_maps_types() {
    let Some(db) = db().await else { return };
    let mut opts = DdlOptions::for_profile(db.profile());
    opts.password_key = Some("db/maria".into());
    for t in db.tables("weir_test").await.unwrap() {
        let meta = db.table_meta("weir_test", &t.name).await.unwrap();
        for c in [Connector::Jdbc, Connector::MysqlCdc] {
            let ddl = create_table(&meta, c, &opts).unwrap();
            parses(&ddl);
            assert!(ddl.contains("'password' = '${secret:db/maria}'"), "{ddl}");
        }
    }
    let meta = db.table_meta("weir_test", "all_types").await.unwrap();
    let ddl = create_table(&meta, Connector::Jdbc, &opts).unwrap();
    for want in [
        "`id` DECIMAL(20, 0) NOT NULL COMMENT 'row id',",
        "`t_tiny_u` SMALLINT,",
        "`t_bool` BOOLEAN NOT NULL,",
        "`t_small_u` INT,",
        "`t_int_u` BIGINT,",
        "`t_dec` DECIMAL(12, 2),",
        "`t_dec_big` STRING,",
        "`t_time3` TIME(3),",
        "`t_datetime` TIMESTAMP(0),",
        "`t_datetime6` TIMESTAMP(6),",
        "`t_ts` TIMESTAMP(3),",
        "`t_varchar` STRING COMMENT 'status, it''s text',",
        "`t_blob` BYTES,",
        "PRIMARY KEY (`id`) NOT ENFORCED\n) COMMENT 'one column per type family'",
        "'table-name' = 'all_types'",
    ] {
        assert!(ddl.contains(want), "{want} missing from\n{ddl}");
    }
    let cdc = create_table(&meta, Connector::MysqlCdc, &opts).unwrap();
    for want in [
        "`t_varchar` VARCHAR(20)",
        "`t_char` CHAR(3)",
        "`t_bit12` BINARY(2)",
        "`t_set` ARRAY<STRING>",
        "'database-name' = 'weir_test'",
    ] {
        assert!(cdc.contains(want), "{want} missing from\n{cdc}");
    }
    let odd = db.table_meta("weir_test", "odd names").await.unwrap();
    let ddl = create_table(&odd, Connector::Jdbc, &opts).unwrap();
    for want in [
        "CREATE TABLE `odd names` (",
        "`select` INT NOT NULL",
        "`back``tick` INT",
        "`quote\"d` INT",
        "`größe` DECIMAL(5, 1)",
        "`日本` STRING",
        "PRIMARY KEY (`select`) NOT ENFORCED",
    ] {
        assert!(ddl.contains(want), "{want} missing from\n{ddl}");
    }
    let items = db.table_meta("weir_test", "order_items").await.unwrap();
    let cols: Vec<String> = items.columns.iter().map(|c| c.name.clone()).collect();
    let ins = weir_db::insert_skeleton("sink", "order_items", &cols);
    parses(&ins);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_fails_fast_and_clearly() {
    let Some(p) = profile("WEIR_TEST_MYSQL_URL", "maria") else {
        return;
    };
    let Some(pw) = password() else { return };
    // Wrong password.
    let e = Db::connect(&p, Some("not-the-password")).await.unwrap_err();
    assert!(e.is_auth(), "{e}");
    let m = e.to_string();
    assert!(
        m.contains("refused user 'weir'") && !m.contains("not-the-password"),
        "{m}"
    );
    // Nothing listens on the port.
    let mut closed = p.clone();
    closed.port = 1;
    let t = Instant::now();
    let e = Db::connect(&closed, Some(&pw)).await.unwrap_err();
    assert!(e.to_string().contains("connection refused"), "{e}");
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "refusal took {:?}",
        t.elapsed()
    );
    // An address that never answers (TEST-NET-2): the profile's timeout, then a clear message.
    // A host that accepts the connection and then says nothing (a listener nobody serves):
    // the profile's timeout, then a message naming the address.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut far = p.clone();
    far.port = silent.local_addr().unwrap().port();
    far.timeout_secs = Some(2);
    let t = Instant::now();
    let e = Db::connect(&far, Some(&pw)).await.unwrap_err();
    let took = t.elapsed();
    eprintln!("silent host: {e} (after {took:?})");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(4),
        "took {took:?}"
    );
    assert!(matches!(e, DbError::Timeout { .. }), "{e}");
    let m = e.to_string();
    assert!(
        m.contains(&format!("connecting (127.0.0.1:{})", far.port)) && m.contains("within 2 s"),
        "{m}"
    );
    let mut tls = p.clone();
    tls.tls.mode = weir_db::TlsMode::Require;
    let e = Db::connect(&tls, Some(&pw)).await.unwrap_err();
    assert!(matches!(e, DbError::Tls { .. }), "{e}");
    assert!(e.to_string().contains("does not offer TLS"), "{e}");
}

/// MariaDB stops recursive CTEs after `max_recursive_iterations` (1000 by default).
const MILLION: &str = "SET SESSION max_recursive_iterations = 2000000; WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000000) \
                       SELECT n, n * 2 AS twice, CONCAT('row-', n) AS label, n / 7 AS frac FROM seq";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_million_rows_stream_into_the_result_store() {
    let Some(db) = db().await else { return };
    let t = Instant::now();
    let run = db.query(MILLION, QueryOptions::default());
    let mut reports = 0u32;
    let mut rx = run.changes();
    let deadline = Duration::from_secs(180);
    tokio::time::timeout(deadline, async {
        while !run.finished() {
            if rx.changed().await.is_err() {
                break;
            }
            reports += 1;
        }
    })
    .await
    .expect("1M rows within 180 s");
    let took = t.elapsed();
    let info = run.info();
    assert_eq!(info.status, QueryStatus::Ok, "{:?}", info.error);
    assert_eq!(info.rows, 1_000_000);
    let heap = run
        .state()
        .results
        .as_ref()
        .map(|s| s.heap_bytes())
        .unwrap_or(0);
    eprintln!(
        "MariaDB 1,000,000 rows x 4 columns: {:.2} s ({:.0} rows/s), {reports} progress reports, result store {:.1} MB",
        took.as_secs_f64(),
        1e6 / took.as_secs_f64(),
        heap as f64 / 1e6
    );
    assert_eq!(cell(&run, 999_999, 0), Cell::Int(1_000_000));
    assert_eq!(cell(&run, 999_999, 2), Cell::Text("row-1000000".into()));
    assert_eq!(cell(&run, 6, 3), Cell::Decimal("1.0000".into()));
    assert!(reports > 2, "progress was reported while rows arrived");
    // The cap stops the query on the server and keeps what arrived.
    let capped = db.query(
        MILLION,
        QueryOptions {
            max_rows: 1000,
            ..Default::default()
        },
    );
    finish(&capped, Duration::from_secs(30)).await;
    let i = capped.info();
    assert_eq!(
        (i.status, i.rows, i.truncated_at),
        (QueryStatus::Ok, 1000, Some(1000))
    );
    // Cancel mid-stream: rows so far are kept, the run ends promptly.
    let run = db.query(MILLION, QueryOptions::default());
    until(Duration::from_secs(30), || run.info().rows > 0).await;
    let t = Instant::now();
    run.cancel();
    finish(&run, Duration::from_secs(5)).await;
    let i = run.info();
    assert_eq!(i.status, QueryStatus::Cancelled);
    assert!(i.rows > 0 && i.rows < 1_000_000, "{}", i.rows);
    assert!(t.elapsed() < Duration::from_secs(3));
    // The pool still works.
    let again = db.query("SELECT 1", QueryOptions::default());
    finish(&again, Duration::from_secs(10)).await;
    assert_eq!(again.info().rows, 1);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_mid_query_keeps_rows() {
    let Some(p) = profile("WEIR_TEST_MYSQL_VICTIM_URL", "maria-victim") else {
        return;
    };
    let Some(pid) = env("WEIR_TEST_MYSQL_VICTIM_PID") else {
        return;
    };
    let Some(pw) = password() else { return };
    let db = Db::connect(&p, Some(&pw))
        .await
        .expect("the victim server runs (scripts/db-servers.sh start restarts it)");
    let run = db.query(MILLION, QueryOptions::default());
    until(Duration::from_secs(30), || run.info().rows > 1000).await;
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    finish(&run, Duration::from_secs(15)).await;
    let i = run.info();
    assert_eq!(i.status, QueryStatus::Error);
    assert!(i.rows > 1000 && i.rows < 1_000_000, "{}", i.rows);
    let err = i.error.unwrap();
    assert!(
        err.contains("connection to the server was lost")
            && err.contains("rows received so far are kept"),
        "{err}"
    );
    assert_eq!(
        run.state()
            .results
            .as_ref()
            .map(|s| s.len(weir_results::View::Materialized)),
        Some(i.rows)
    );
}
