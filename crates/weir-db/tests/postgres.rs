//! Against a real PostgreSQL (scripts/db-servers.sh): metadata, values, DDL, bad input, 1M rows.

mod common;

use common::*;
use serde_json::json;
use std::time::{Duration, Instant};
use weir_db::{
    create_table, Connector, Db, DbError, DdlOptions, QueryOptions, QueryStatus, TableKind,
};
use weir_results::Cell;

async fn db() -> Option<Db> {
    let p = profile("WEIR_TEST_PG_URL", "pg")?;
    let pw = password()?;
    Some(
        Db::connect(&p, Some(&pw))
            .await
            .expect("connects to the test PostgreSQL"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_matches_the_server() {
    let Some(db) = db().await else { return };
    let schemas = db.schemas().await.unwrap();
    assert_eq!(schemas, vec!["public", "shop"]);
    let t: Vec<(String, TableKind, Option<String>)> = db
        .tables("shop")
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.kind, t.comment))
        .collect();
    assert_eq!(
        t,
        vec![
            (
                "odd names".into(),
                TableKind::Table,
                Some("names that need quoting".into())
            ),
            (
                "order_items".into(),
                TableKind::Table,
                Some("composite key".into())
            ),
            ("v_orders".into(), TableKind::View, None),
        ]
    );
    let cols = db.columns("public", "all_types").await.unwrap();
    assert_eq!(cols.len(), 30);
    let get = |n: &str| cols.iter().find(|c| c.name == n).unwrap();
    let id = get("id");
    assert_eq!(
        (
            id.native_type.as_str(),
            id.nullable,
            id.default.as_deref(),
            id.auto_increment,
            id.ordinal
        ),
        (
            "integer",
            false,
            Some("nextval('all_types_id_seq'::regclass)"),
            true,
            1
        )
    );
    for (name, native, nullable, default) in [
        ("t_int", "integer", false, Some("7")),
        ("t_num", "numeric(12,2)", true, None),
        ("t_num_any", "numeric", true, None),
        ("t_bool", "boolean", true, Some("true")),
        ("t_time3", "time(3) without time zone", true, None),
        ("t_ts3", "timestamp(3) without time zone", true, None),
        ("t_tstz", "timestamp with time zone", true, None),
        ("t_tstz0", "timestamp(0) with time zone", true, None),
        ("t_char", "character(3)", true, None),
        (
            "t_varchar",
            "character varying(20)",
            true,
            Some("'new'::character varying"),
        ),
        ("t_int_arr", "integer[]", true, None),
        ("t_num_arr", "numeric(5,1)[]", true, None),
        ("t_mood", "mood", true, None),
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
    assert!(get("t_bigserial").auto_increment && !get("t_int").auto_increment);
    let idx: Vec<(String, bool, bool, Vec<String>)> = db
        .indexes("shop", "order_items")
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.name, i.unique, i.primary, i.columns))
        .collect();
    assert_eq!(
        idx,
        vec![
            (
                "order_items_pkey".into(),
                true,
                true,
                vec!["order_id".into(), "line_no".into()]
            ),
            (
                "idx_lower_sku".into(),
                false,
                false,
                vec!["lower(sku::text)".into()]
            ),
            (
                "idx_sku_qty".into(),
                false,
                false,
                vec!["sku".into(), "qty".into()]
            ),
            (
                "uk_order_sku".into(),
                true,
                false,
                vec!["order_id".into(), "sku".into()]
            ),
        ]
    );
    assert_eq!(
        db.primary_key("shop", "order_items").await.unwrap(),
        vec!["order_id", "line_no"]
    );
    let odd: Vec<String> = db
        .columns("shop", "odd names")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        odd,
        vec!["select", "my col", "back`tick", "quote\"d", "größe", "日本"]
    );
    assert!(matches!(
        db.columns("shop", "nope").await,
        Err(DbError::NotFound { .. })
    ));
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
    assert_eq!(
        (native("t_int_arr").as_str(), native("t_tstz").as_str()),
        ("INT4[]", "TIMESTAMPTZ")
    );
    let c = |n: &str| cell(&run, 0, col(&run, n));
    assert_eq!(c("t_small"), Cell::Int(-32768));
    assert_eq!(c("t_big"), Cell::Int(i64::MIN));
    assert_eq!(c("t_real"), Cell::Float(1.5));
    assert_eq!(c("t_double"), Cell::Float(std::f64::consts::PI));
    assert_eq!(c("t_num"), Cell::Decimal("-1234567890.12".into()));
    assert_eq!(
        c("t_num_big"),
        Cell::Decimal("1234567890123456789012345678901234567890.0123456789".into())
    );
    assert_eq!(
        c("t_num_any"),
        Cell::Decimal("0.000000000000000000001".into())
    );
    assert_eq!(c("t_bool"), Cell::Bool(false));
    assert_eq!(c("t_time"), Cell::Text("23:59:59.999999".into()));
    assert_eq!(c("t_ts"), Cell::Text("2024-01-02 03:04:05.123456".into()));
    assert_eq!(c("t_tstz"), Cell::Text("2024-01-02 03:04:05.5+00".into()));
    assert_eq!(c("t_char"), Cell::Text("ab ".into()));
    assert_eq!(c("t_varchar"), Cell::Text("héllo wörld".into()));
    assert_eq!(c("t_bytea"), Cell::Text("3q2+7w==".into()));
    assert_eq!(c("t_jsonb"), Cell::Text(r#"{"k": [1, 2]}"#.into()));
    assert_eq!(
        c("t_uuid"),
        Cell::Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".into())
    );
    assert_eq!(c("t_int_arr"), Cell::Nested(json!([1, null, 3])));
    assert_eq!(c("t_text_arr"), Cell::Nested(json!(["a b", "c\"d", "e"])));
    assert_eq!(c("t_num_arr"), Cell::Nested(json!(["1.5", null])));
    assert_eq!(c("t_interval"), Cell::Text("1 day 02:03:04".into()));
    assert_eq!(c("t_mood"), Cell::Text("happy".into()));
    let c1 = |n: &str| cell(&run, 1, col(&run, n));
    assert!(matches!(c1("t_real"), Cell::Float(f) if f.is_nan()));
    assert_eq!(c1("t_double"), Cell::Float(f64::NEG_INFINITY));
    assert_eq!(c1("t_text_arr"), Cell::Null);
    let empty = db.query(
        "SELECT sku, price FROM shop.order_items WHERE false",
        QueryOptions::default(),
    );
    finish(&empty, Duration::from_secs(10)).await;
    let cols: Vec<(String, String)> = empty
        .info()
        .columns
        .into_iter()
        .map(|c| (c.name, c.native_type))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("sku".into(), "VARCHAR".into()),
            ("price".into(), "NUMERIC".into())
        ]
    );
    let bad = db.query("SELECT * FROM missing_table", QueryOptions::default());
    finish(&bad, Duration::from_secs(10)).await;
    let err = bad.info().error.unwrap();
    assert!(
        err.contains("(error 42P01)") && err.contains("missing_table"),
        "{err}"
    );
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ddl_parses_and_maps_types() {
    let Some(db) = db().await else { return };
    let mut opts = DdlOptions::for_profile(db.profile());
    opts.password_key = Some("db/pg".into());
    for schema in ["public", "shop"] {
        for t in db.tables(schema).await.unwrap() {
            let meta = db.table_meta(schema, &t.name).await.unwrap();
            for c in [Connector::Jdbc, Connector::PostgresCdc] {
                let ddl = create_table(&meta, c, &opts).unwrap();
                parses(&ddl);
            }
            assert!(create_table(&meta, Connector::MysqlCdc, &opts).is_err());
        }
    }
    let meta = db.table_meta("public", "all_types").await.unwrap();
    let ddl = create_table(&meta, Connector::PostgresCdc, &opts).unwrap();
    for want in [
        "`id` INT NOT NULL,",
        "`t_bigserial` BIGINT NOT NULL,",
        "`t_real` FLOAT,",
        "`t_num` DECIMAL(12, 2),",
        "`t_num_big` STRING,",
        "`t_num_any` DECIMAL(38, 18),",
        "`t_time3` TIME(3),",
        "`t_ts` TIMESTAMP(6),",
        "`t_ts3` TIMESTAMP(3),",
        "`t_tstz` TIMESTAMP_LTZ(6),",
        "`t_tstz0` TIMESTAMP_LTZ(0),",
        "`t_varchar` STRING COMMENT 'status, it''s text',",
        "`t_bytea` BYTES,",
        "`t_uuid` STRING,",
        "`t_int_arr` ARRAY<INT>,",
        "`t_num_arr` ARRAY<DECIMAL(5, 1)>,",
        "PRIMARY KEY (`id`) NOT ENFORCED",
        "'schema-name' = 'public'",
        "'slot.name' = 'flink_all_types'",
        "'password' = '${secret:db/pg}'",
        "-- t_mood: mood: no Flink mapping is documented",
    ] {
        assert!(ddl.contains(want), "{want} missing from\n{ddl}");
    }
    let odd = db.table_meta("shop", "odd names").await.unwrap();
    let ddl = create_table(&odd, Connector::Jdbc, &opts).unwrap();
    assert!(
        ddl.contains("`quote\"d` INT") && ddl.contains("'table-name' = 'shop.odd names'"),
        "{ddl}"
    );
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_fails_fast_and_clearly() {
    let Some(p) = profile("WEIR_TEST_PG_URL", "pg") else {
        return;
    };
    let Some(pw) = password() else { return };
    let e = Db::connect(&p, Some("wrong")).await.unwrap_err();
    assert!(e.is_auth(), "{e}");
    assert!(
        e.to_string().contains("password authentication failed"),
        "{e}"
    );
    let mut closed = p.clone();
    closed.port = 1;
    let t = Instant::now();
    let e = Db::connect(&closed, Some(&pw)).await.unwrap_err();
    assert!(e.to_string().contains("connection refused"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2));
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
    let mut nodb = p.clone();
    nodb.database = "no_such_db".into();
    let e = Db::connect(&nodb, Some(&pw)).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("the database 'no_such_db' does not exist"),
        "{e}"
    );
}

const MILLION: &str = "SELECT n, n * 2 AS twice, 'row-' || n AS label, n / 7.0 AS frac \
                       FROM generate_series(1, 1000000) AS g(n)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_million_rows_stream_into_the_result_store() {
    let Some(db) = db().await else { return };
    let t = Instant::now();
    let run = db.query(MILLION, QueryOptions::default());
    finish(&run, Duration::from_secs(180)).await;
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
        "PostgreSQL 1,000,000 rows x 4 columns: {:.2} s ({:.0} rows/s), result store {:.1} MB",
        took.as_secs_f64(),
        1e6 / took.as_secs_f64(),
        heap as f64 / 1e6
    );
    assert_eq!(cell(&run, 999_999, 0), Cell::Int(1_000_000));
    assert_eq!(
        cell(&run, 6, 3),
        Cell::Decimal("1.00000000000000000000".into())
    );
    let run = db.query(MILLION, QueryOptions::default());
    until(Duration::from_secs(30), || run.info().rows > 0).await;
    run.cancel();
    finish(&run, Duration::from_secs(5)).await;
    let i = run.info();
    assert_eq!(i.status, QueryStatus::Cancelled);
    assert!(i.rows > 0 && i.rows < 1_000_000);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_killed_mid_query_keeps_rows() {
    let Some(p) = profile("WEIR_TEST_PG_VICTIM_URL", "pg-victim") else {
        return;
    };
    let Some(pid) = env("WEIR_TEST_PG_VICTIM_PID") else {
        return;
    };
    let Some(pw) = password() else { return };
    let db = Db::connect(&p, Some(&pw))
        .await
        .expect("the victim server runs (scripts/db-servers.sh start restarts it)");
    let run = db.query(MILLION, QueryOptions::default());
    until(Duration::from_secs(30), || run.info().rows > 1000).await;
    // SIGQUIT: the postmaster ends its backends at once (immediate shutdown).
    let status = std::process::Command::new("kill")
        .args(["-QUIT", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    finish(&run, Duration::from_secs(15)).await;
    let i = run.info();
    assert_eq!(i.status, QueryStatus::Error);
    assert!(i.rows > 1000, "{}", i.rows);
    let err = i.error.unwrap();
    assert!(err.contains("rows received so far are kept"), "{err}");
}
