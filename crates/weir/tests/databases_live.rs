//! Databases end to end through the use cases both faces call: profiles saved with a password in
//! a real keychain, metadata, Flink DDL, and scripts run on a database through `Runs` into the
//! same result sets as Flink's.
//!
//! Needs the real servers (`scripts/db-servers.sh start`, `eval "$(scripts/db-servers.sh env)"`)
//! and a real Secret Service (run under `scripts/keyring-env.sh`). Skipped without them, unless
//! `WEIR_REQUIRE_DB=1`, which makes a missing part a failure.

use std::sync::Arc;
use std::time::{Duration, Instant};
use weir::databases::{DatabaseError, Databases};
use weir::engine::{Engine, EngineSettings};
use weir::ipc::IpcError;
use weir::run::{RunRequest, RunScope, RunUpdate, Runs, StatementStatus};
use weir::Weir;
use weir_db::secrets::{Keychain, SecretError, SecretStore};
use weir_db::{Connector, DbProfile, Secrets, SessionSecrets};
use weir_results::{Cell, Selection, View, WindowQuery};

fn required() -> bool {
    std::env::var("WEIR_REQUIRE_DB").as_deref() == Ok("1")
}

/// The servers' URLs and password, and a real keychain; `None` = skip.
fn setup(url_var: &str) -> Option<(String, String)> {
    let get = |name: &str| match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if required() => panic!(
            "WEIR_REQUIRE_DB=1 but {name} is not set: run scripts/db-servers.sh start and \
             eval \"$(scripts/db-servers.sh env)\""
        ),
        _ => {
            eprintln!("skipped: {name} is not set (scripts/db-servers.sh start; eval \"$(scripts/db-servers.sh env)\")");
            None
        }
    };
    let url = get(url_var)?;
    let password = get("WEIR_TEST_DB_PASSWORD")?;
    if std::env::var("WEIR_KEYRING_ENV").as_deref() != Ok("1") {
        assert!(
            !required(),
            "WEIR_REQUIRE_DB=1 but no Secret Service: run the tests under scripts/keyring-env.sh"
        );
        eprintln!("skipped: not under scripts/keyring-env.sh (no Secret Service)");
        return None;
    }
    Some((url, password))
}

/// Databases on a keychain service of this test only.
fn databases(tag: &str) -> Arc<Databases> {
    Arc::new(Databases::with_secrets(Secrets {
        keychain: Keychain::with_service(&format!("weir-test-{tag}-{}", std::process::id())),
        session: SessionSecrets::default(),
    }))
}

fn profile(url: &str, name: &str) -> DbProfile {
    let mut p = Databases::parse_url(url).expect("the test URL parses");
    p.name = name.into();
    p.timeout_secs = Some(5);
    p
}

async fn until_finished(runs: &Runs, run_id: u64, limit: Duration) -> RunUpdate {
    let end = Instant::now() + limit;
    loop {
        let u = runs.update(run_id).expect("the run is known");
        if u.finished {
            return u;
        }
        assert!(
            Instant::now() < end,
            "the run did not finish within {limit:?}: {u:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn request(script_id: i64, connection: &str) -> RunRequest {
    RunRequest {
        script_id,
        scope: RunScope::Script,
        connection: connection.into(),
        // ignored on a database
        mode: Some("streaming".into()),
        max_rows: None,
    }
}

fn all_rows() -> WindowQuery {
    WindowQuery {
        selection: Selection::of(View::Materialized),
        offset: 0,
        limit: 100,
    }
}

/// Whether `needle` occurs in the workspace's SQLite files (database and WAL).
fn workspace_holds(dir: &std::path::Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir)
        .expect("the workspace directory")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(weir_store::DB_FILE)
        })
        .any(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
}

async fn full_round(url_var: &str, tag: &str, schema_of: fn(&DbProfile) -> String) {
    let Some((url, password)) = setup(url_var) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let weir = Weir::open(dir.path()).unwrap();
    let dbs = databases(tag);

    // Saved with its password in the keychain, under a key the profile names.
    let saved = dbs
        .save_profile(&weir, profile(&url, "shop"), Some(&password), false)
        .await
        .unwrap();
    let key = saved
        .password_key
        .clone()
        .expect("a password key was assigned");
    assert!(key.starts_with("db/") && key.ends_with("/shop"), "{key}");
    assert_eq!(dbs.secrets().keychain.get(&key).unwrap(), password);
    assert_eq!(dbs.profiles(&weir).unwrap(), vec![saved.clone()]);
    assert!(dbs.keychain_status().await.available);
    let test = dbs.test(&saved, None).await.unwrap();
    assert!(!test.server_version.is_empty());

    // The run toolbar lists it after the local engine.
    let targets = weir.connections().unwrap();
    assert_eq!(targets[0].name, "local");
    let target = targets.iter().find(|c| c.name == "shop").expect("listed");
    assert_eq!(target.database_profile(), Some(&saved));

    // Metadata, lazily, through the pool.
    let schema = schema_of(&saved);
    let schemas = dbs.schemas(&weir, "shop").await.unwrap();
    assert!(schemas.contains(&schema), "{schemas:?}");
    let tables = dbs.tables(&weir, "shop", &schema).await.unwrap();
    assert!(tables.iter().any(|t| t.name == "order_items"), "{tables:?}");
    let meta = dbs
        .table_meta(&weir, "shop", &schema, "order_items")
        .await
        .unwrap();
    assert_eq!(meta.primary_key, vec!["order_id", "line_no"]);
    let names: Vec<&str> = meta.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["order_id", "line_no", "sku", "qty", "price"]);

    // Completion in a tab bound to the database: its schemas, tables (names quoted the server's
    // way) and the columns of the table the statement reads.
    let quote = match saved.kind {
        weir_db::DbKind::Mysql => '`',
        _ => '"',
    };
    let at_end = |text: &str| text.encode_utf16().count() as u32;
    let labels = |c: &weir::completion::Completions| -> Vec<String> {
        c.items.iter().map(|i| i.label.clone()).collect()
    };
    let typing = weir
        .create_script(None, "complete.sql", &format!("SELECT * FROM {schema}."))
        .unwrap()
        .id;
    let text = format!("SELECT * FROM {schema}.");
    let c = dbs
        .complete(&weir, typing, at_end(&text), Some("shop"))
        .await
        .unwrap();
    let odd = c
        .items
        .iter()
        .find(|i| i.label == "odd names")
        .unwrap_or_else(|| panic!("{:?}", labels(&c)));
    assert_eq!(odd.apply, Some(format!("{quote}odd names{quote}")));
    let view = c.items.iter().find(|i| i.label == "v_orders").unwrap();
    assert_eq!(view.kind, weir::completion::CompletionKind::View);
    assert!(labels(&c).contains(&"order_items".to_string()));
    let text = format!("SELECT  FROM {schema}.order_items");
    weir.doc_replace(typing, &text).unwrap();
    let c = dbs.complete(&weir, typing, 7, Some("shop")).await.unwrap();
    let l = labels(&c);
    for col in ["order_id", "line_no", "sku", "qty", "price"] {
        assert!(l.contains(&col.to_string()), "{col}: {l:?}");
    }
    let price = c.items.iter().find(|i| i.label == "price").unwrap();
    assert!(
        price
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with(if quote == '`' {
                "decimal(10,2)"
            } else {
                "numeric(10,2)"
            })),
        "{price:?}"
    );
    let text = "SELECT * FROM ";
    weir.doc_replace(typing, text).unwrap();
    let c = dbs
        .complete(&weir, typing, at_end(text), Some("shop"))
        .await
        .unwrap();
    assert!(
        c.items
            .iter()
            .any(|i| i.label == schema && i.kind == weir::completion::CompletionKind::Schema),
        "{:?}",
        labels(&c)
    );
    // Not on the local engine.
    let c = dbs
        .complete(&weir, typing, at_end(text), Some("local"))
        .await
        .unwrap();
    assert!(!labels(&c).contains(&schema), "{:?}", labels(&c));

    // Flink DDL, the password as a placeholder.
    let ddl = dbs
        .generate_ddl(&weir, "shop", &schema, "order_items", Connector::Jdbc)
        .await
        .unwrap();
    assert!(
        ddl.contains("PRIMARY KEY (`order_id`, `line_no`) NOT ENFORCED"),
        "{ddl}"
    );
    assert!(ddl.contains(&format!("'${{secret:{key}}}'")), "{ddl}");
    assert!(!ddl.contains(&password));
    let stmts = weir_sql::split(&ddl);
    assert_eq!(stmts.len(), 1, "{ddl}");
    weir_sql::parse(&stmts[0].text).unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    let mismatch = match saved.kind {
        weir_db::DbKind::Mysql => Connector::PostgresCdc,
        _ => Connector::MysqlCdc,
    };
    let e = dbs
        .generate_ddl(&weir, "shop", &schema, "order_items", mismatch)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "invalid", "{e}");

    // A sync job for the table: CDC source, JDBC sink, aligned INSERT.
    let job = dbs
        .generate_pipeline(&weir, "shop", &schema, "order_items")
        .await
        .unwrap();
    let stmts = weir_sql::split(&job);
    assert_eq!(stmts.len(), 3, "{job}");
    let kinds: Vec<&str> = stmts
        .iter()
        .map(|s| {
            weir_sql::parse(&s.text)
                .unwrap_or_else(|e| panic!("{e}\n{job}"))
                .kind()
        })
        .collect();
    assert_eq!(kinds, ["create_table", "create_table", "insert"], "{job}");
    let cdc = match saved.kind {
        weir_db::DbKind::Mysql => "'connector' = 'mysql-cdc'",
        _ => "'connector' = 'postgres-cdc'",
    };
    assert!(stmts[0].text.contains("`order_items_source`") && stmts[0].text.contains(cdc));
    assert!(stmts[1].text.contains("`order_items_sink`") && stmts[1].text.contains("'jdbc'"));
    assert!(
        stmts[2].text.contains(
            "INSERT INTO `order_items_sink` (\n  `order_id`,\n  `line_no`,\n  `sku`,\n  `qty`,\n  `price`\n)\n\
             SELECT\n  `order_id`,\n  `line_no`,\n  `sku`,\n  `qty`,\n  `price`\nFROM `order_items_source`"
        ),
        "{job}"
    );
    assert!(!job.contains(&password));
    for line_start in [
        "\n-- Sink: ",
        "\nINSERT INTO ",
        "\nCREATE TABLE `order_items_sink`",
    ] {
        assert!(
            job.contains(line_start),
            "{line_start:?} starts a line: {job}"
        );
    }

    // A two-statement script on the database, into result sets like Flink's; a secret resolved
    // in memory, its placeholder kept in the run log.
    let runs = Runs::with_databases(Engine::new(EngineSettings::default()), dbs.clone());
    let table = match saved.kind {
        weir_db::DbKind::Postgres => format!("{schema}.order_items"),
        _ => "order_items".into(),
    };
    let script = format!(
        "-- two statements\nSELECT order_id, sku, qty, price FROM {table} ORDER BY order_id, line_no;\n\
         SELECT LENGTH('${{secret:{key}}}') AS n, 'a;b' AS \"semi;colon\""
    );
    let script_id = weir.create_script(None, "shop.sql", &script).unwrap().id;
    let sink: weir::run::runs::UpdateSink = Arc::new(|_| {});
    let first = runs
        .start(
            &request(script_id, "shop"),
            target,
            &script,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let done = until_finished(&runs, first.run_id, Duration::from_secs(30)).await;
    assert_eq!(done.statements.len(), 2, "{done:?}");
    for s in &done.statements {
        assert_eq!(s.status, StatementStatus::Ok, "{s:?}");
        assert!(s.is_query);
    }
    assert_eq!(done.statements[0].rows, 3);
    let cols: Vec<&str> = done.statements[0]
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(cols, ["order_id", "sku", "qty", "price"]);
    assert!(done.statements[1].sql.contains("${secret:"));
    assert!(!done.statements[1].sql.contains(&password));
    let w = runs.window(first.run_id, 0, &all_rows()).unwrap().unwrap();
    assert_eq!(w.total, 3);
    assert_eq!(w.rows[0].cells[1], Cell::Text("A-1".into()));
    assert_eq!(w.rows[2].cells[2], Cell::Int(5));
    assert_eq!(w.rows[1].cells[3], Cell::Decimal("100.00".into()));
    // sorted in Rust, like a Flink result
    let sorted = runs
        .window(
            first.run_id,
            0,
            &WindowQuery {
                selection: Selection {
                    view: View::Materialized,
                    sort: vec![weir_results::SortKey {
                        column: 2,
                        descending: true,
                    }],
                    filters: Vec::new(),
                },
                offset: 0,
                limit: 1,
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!(sorted.rows[0].cells[2], Cell::Int(5));
    let w = runs.window(first.run_id, 1, &all_rows()).unwrap().unwrap();
    assert_eq!(w.rows[0].cells[0], Cell::Int(password.len() as i64));
    assert_eq!(w.rows[0].cells[1], Cell::Text("a;b".into()));
    // exported like a Flink result
    let csv = dir.path().join("out.csv");
    let report = runs
        .export(
            &weir::run::ExportRequest {
                run_id: first.run_id,
                statement: 0,
                selection: Selection::of(View::Materialized),
                format: weir_results::ExportFormat::Csv,
                path: csv.to_string_lossy().into_owned(),
            },
            &mut |_, _| {},
            &|| false,
        )
        .unwrap();
    assert_eq!(report.rows, 3);
    assert!(std::fs::read_to_string(&csv).unwrap().contains("A-1"));
    weir.record_run(&done).unwrap();

    // A server error shows the server's message; the statements after it are skipped.
    let bad = runs
        .start(
            &request(2, "shop"),
            target,
            "SELECT * FROM no_such_table_here;\nSELECT 1",
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let u = until_finished(&runs, bad.run_id, Duration::from_secs(30)).await;
    assert_eq!(u.statements[0].status, StatementStatus::Error);
    let msg = &u.statements[0].error.as_ref().unwrap().message;
    assert!(
        msg.contains("no_such_table_here") && msg.contains("'shop'"),
        "{msg}"
    );
    assert_eq!(u.statements[1].status, StatementStatus::Skipped);

    // Cancel stops a long query on the server.
    let sleep = match saved.kind {
        weir_db::DbKind::Postgres => "SELECT pg_sleep(60)",
        _ => "SELECT SLEEP(60)",
    };
    let long = runs
        .start(
            &request(3, "shop"),
            target,
            sleep,
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    while runs.update(long.run_id).unwrap().statements[0].status != StatementStatus::Running {
        assert!(Instant::now() < end, "the query did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cancelled_at = Instant::now();
    assert!(runs.cancel(long.run_id));
    let u = until_finished(&runs, long.run_id, Duration::from_secs(15)).await;
    assert_eq!(u.statements[0].status, StatementStatus::Cancelled, "{u:?}");
    assert!(cancelled_at.elapsed() < Duration::from_secs(15));

    // A wrong password: "auth", for the metadata calls and for runs.
    let wrong = dbs
        .save_profile(
            &weir,
            profile(&url, "wrong"),
            Some("not-the-password"),
            false,
        )
        .await
        .unwrap();
    let e = dbs.schemas(&weir, "wrong").await.unwrap_err();
    assert_eq!(e.kind(), "auth", "{e}");
    // Completion still answers, without the database's names.
    let asked = Instant::now();
    let c = dbs
        .complete(&weir, typing, at_end(text), Some("wrong"))
        .await
        .unwrap();
    assert!(asked.elapsed() < Duration::from_secs(3));
    assert!(
        labels(&c).contains(&"LATERAL TABLE".to_string()),
        "{:?}",
        labels(&c)
    );
    assert!(!labels(&c).contains(&schema));
    assert_eq!(IpcError::from(e).kind, "auth");
    let wrong_target = weir.connection("wrong").unwrap().unwrap();
    let e = runs
        .start(
            &request(4, "wrong"),
            &wrong_target,
            "SELECT 1",
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap_err();
    let e = IpcError::from(e);
    assert_eq!(e.kind, "auth", "{}", e.message);
    assert!(e.message.contains("'wrong'"), "{}", e.message);
    // A missing secret: "secret" (the window offers to edit the connection).
    dbs.secrets()
        .keychain
        .delete(wrong.password_key.as_deref().unwrap())
        .unwrap();
    dbs.forget("wrong").await;
    let e = dbs.tables(&weir, "wrong", &schema).await.unwrap_err();
    assert!(
        matches!(e, DatabaseError::Db(_)) && e.kind() == "secret",
        "{e}"
    );
    let e = runs
        .start(
            &request(5, "shop"),
            target,
            "SELECT '${secret:db/never-stored}'",
            &Default::default(),
            sink.clone(),
        )
        .await
        .unwrap_err();
    assert_eq!(IpcError::from(e).kind, "secret");

    // Session-only passwords stay in memory.
    let session = dbs
        .save_profile(&weir, profile(&url, "session"), Some(&password), true)
        .await
        .unwrap();
    let skey = session.password_key.clone().unwrap();
    assert!(matches!(
        dbs.secrets().keychain.get(&skey),
        Err(SecretError::NotFound { .. })
    ));
    assert!(dbs
        .schemas(&weir, "session")
        .await
        .unwrap()
        .contains(&schema));

    // Names are unique across Flink and database connections.
    let e = weir
        .save_connection(
            weir::run::ConnectionProfile::gateway("http://gw:8083"),
            None,
        )
        .map(|_| ());
    assert!(e.is_ok());
    let mut clash = weir::run::ConnectionProfile::gateway("http://gw:8083");
    clash.name = "shop".into();
    assert!(weir.save_connection(clash, None).is_err());

    // Deleting removes the profile, its pool and its keychain entry.
    dbs.delete_profile(&weir, "shop").await.unwrap();
    assert!(matches!(
        dbs.secrets().keychain.get(&key),
        Err(SecretError::NotFound { .. })
    ));
    assert!(weir.connection("shop").unwrap().is_none());
    dbs.delete_profile(&weir, "wrong").await.unwrap();
    dbs.delete_profile(&weir, "session").await.unwrap();
    runs.close_all().await;

    // The password is in no workspace file, the history keeps the placeholder.
    let history = weir.history(script_id, "").unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().any(|h| h.statement.contains("${secret:")));
    weir.flush().unwrap();
    drop(weir);
    assert!(!workspace_holds(dir.path(), password.as_bytes()));
    assert!(!std::fs::read_to_string(&csv).unwrap().contains(&password));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_from_profile_to_grid() {
    full_round("WEIR_TEST_MYSQL_URL", "mysql", |p| p.database.clone()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_from_profile_to_grid() {
    full_round("WEIR_TEST_PG_URL", "pg", |_| "shop".into()).await;
}

/// A million-row query streams into the grid's result set while the window keeps answering:
/// the update and a 100-row window are read every 20 ms during the run, as the grid does.
async fn million_rows_stay_responsive(url_var: &str, tag: &str, million: &str) {
    let Some((url, password)) = setup(url_var) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let weir = Weir::open(dir.path()).unwrap();
    let dbs = databases(tag);
    dbs.save_profile(&weir, profile(&url, "big"), Some(&password), true)
        .await
        .unwrap();
    let target = weir.connection("big").unwrap().unwrap();
    let runs = Runs::with_databases(Engine::new(EngineSettings::default()), dbs.clone());
    let script_id = weir.create_script(None, "big.sql", million).unwrap().id;
    let sink: weir::run::runs::UpdateSink = Arc::new(|_| {});
    let t = Instant::now();
    let started = runs
        .start(
            &request(script_id, "big"),
            &target,
            million,
            &Default::default(),
            sink,
        )
        .await
        .unwrap();
    let first_page = WindowQuery {
        selection: Selection::of(View::Materialized),
        offset: 0,
        limit: 100,
    };
    let (mut worst, mut polls, mut partial) = (Duration::ZERO, 0u32, 0u64);
    loop {
        let asked = Instant::now();
        let u = runs.update(started.run_id).expect("the run is known");
        // None until the statement's result set exists
        let w = runs.window(started.run_id, 0, &first_page);
        worst = worst.max(asked.elapsed());
        polls += 1;
        if !u.finished {
            if let Some(Ok(w)) = &w {
                partial = partial.max(w.total);
            }
        }
        if u.finished {
            assert_eq!(u.statements[0].status, StatementStatus::Ok, "{u:?}");
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "1M rows within 120 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = t.elapsed();
    let w = runs
        .window(started.run_id, 0, &first_page)
        .unwrap()
        .unwrap();
    assert_eq!(w.total, 1_000_000);
    assert_eq!(w.rows[0].cells[2], Cell::Text("row-1".into()));
    eprintln!(
        "{tag}: 1,000,000 rows into the grid's result set in {:.2} s; {polls} update+window reads \
         while it streamed, slowest {:.1} ms; {partial} rows visible before the end",
        took.as_secs_f64(),
        worst.as_secs_f64() * 1e3
    );
    assert!(partial > 0, "rows showed before the query ended");
    assert!(
        worst < Duration::from_millis(250),
        "a window read took {worst:?} while rows streamed"
    );
    runs.close_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_million_rows_stay_responsive() {
    million_rows_stay_responsive(
        "WEIR_TEST_MYSQL_URL",
        "mysql-1m",
        "SELECT seq AS n, seq * 2 AS twice, CONCAT('row-', seq) AS label, seq / 7 AS frac \
         FROM seq_1_to_1000000",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_million_rows_stay_responsive() {
    million_rows_stay_responsive(
        "WEIR_TEST_PG_URL",
        "pg-1m",
        "SELECT n, n * 2 AS twice, 'row-' || n AS label, n / 7.0 AS frac \
         FROM generate_series(1, 1000000) AS n",
    )
    .await;
}
