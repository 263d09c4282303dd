//! Generated Flink DDL checked by Flink itself: for every table and view of the fixture databases
//! (MariaDB and PostgreSQL from scripts/db-servers.sh) and each connector that reads it (`jdbc`
//! for both, `mysql-cdc` for MariaDB, `postgres-cdc` for PostgreSQL), the DDL of weir-db is
//! executed in the real local engine (weir-connect's `LocalEngine`, jars from engine/build.sh),
//! with `${secret:…}` resolved in memory (to a dummy value while no connector jar could connect).
//! `DESCRIBE` must then show exactly the columns, Flink types, nullability, comments and primary
//! key that weir-db's mapping says.
//!
//! The engine ships no `jdbc`/CDC connector jars (they are not in apache-flink-libraries), so a
//! `SELECT` reading the table fails in the planner with "Could not find any factory for
//! identifier …"; the test asserts exactly that (and reads the table for real once a `jdbc` jar
//! appears). The `INSERT … SELECT` skeleton is validated by `EXPLAIN` into a `blackhole` sink
//! with the same schema, from a `datagen` table with the same schema when the real source
//! cannot be planned.
//!
//! Skipped without servers or engine; with `WEIR_REQUIRE_DB=1` (or `WEIR_REQUIRE_ENGINE`) a
//! missing engine fails.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::*;
use serde_json::Value;
use weir_connect::engine::{locate, EngineConfig, LocalEngine};
use weir_connect::gateway::{
    GatewayClient, GatewayError, Row, RunOptions, SessionHandle, SessionOptions, StatementEvent,
};
use weir_db::ddl::{column_types, quote_ident};
use weir_db::secrets::{substitute_with_secrets, SecretStore, SessionSecrets};
use weir_db::{create_table, insert_skeleton, Connector, Db, DdlOptions, TableMeta};
use weir_sql::vars::Values;

const FLINK: &str = "2.3.0";
const PASSWORD_KEY: &str = "db/ddl-engine";
const DUMMY_PASSWORD: &str = "dummy-not-a-password";

/// A statement's answer: its rows (DESCRIBE, EXPLAIN) or the server's root cause.
type Answer = Result<Vec<Row>, String>;

/// The local engine with one open session.
struct Engine {
    engine: LocalEngine,
    client: GatewayClient,
    session: SessionHandle,
    _data: tempfile::TempDir,
}

impl Engine {
    /// Starts the engine, or `None` (skip) when it is not installed; fails when it is required.
    async fn start() -> Option<Engine> {
        let config = EngineConfig::new(FLINK);
        if let Err(e) = locate(&config) {
            assert!(
                !required() && std::env::var_os("WEIR_REQUIRE_ENGINE").is_none(),
                "WEIR_REQUIRE_DB=1 but the local engine is not installed ({e}); build it with \
                 engine/build.sh"
            );
            eprintln!("skipped: the local engine is not installed here ({e})");
            return None;
        }
        let data = tempfile::tempdir().expect("data dir");
        let mut config = config;
        config.data_dir = Some(data.path().to_path_buf());
        let engine = LocalEngine::new(config);
        let client = engine.client().await.expect("the local engine starts");
        let options = SessionOptions {
            session_name: Some("weir-db-ddl-engine".into()),
            properties: BTreeMap::from([(
                "execution.runtime-mode".to_string(),
                "streaming".to_string(),
            )]),
        };
        let session = client.open_session(&options).await.expect("open session");
        Some(Engine {
            engine,
            client,
            session,
            _data: data,
        })
    }

    /// Runs one statement to its end (at most 120 s).
    async fn run_with(&self, sql: &str, options: RunOptions) -> Answer {
        let mut run = self.client.run_statement(&self.session, sql, options);
        let mut rows = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            let ev = tokio::time::timeout_at(deadline, run.next())
                .await
                .unwrap_or_else(|_| panic!("no end within 120 s: {sql}"));
            match ev {
                Some(StatementEvent::Rows(r)) => rows.extend(r),
                Some(StatementEvent::Finished { .. }) | None => return Ok(rows),
                Some(StatementEvent::Failed(e)) => return Err(root_cause(&e)),
                Some(StatementEvent::Cancelled) => panic!("cancelled: {sql}"),
                Some(_) => {}
            }
        }
    }

    async fn run(&self, sql: &str) -> Answer {
        self.run_with(sql, RunOptions::default()).await
    }
}

fn root_cause(e: &GatewayError) -> String {
    match e.server_error() {
        Some(s) => s.root_cause.clone(),
        None => e.to_string(),
    }
}

/// The failure of a table whose connector factory is not on the engine's class path.
fn missing_factory(connector: Connector) -> String {
    format!(
        "Could not find any factory for identifier '{}'",
        connector.name()
    )
}

/// One column as Flink's DESCRIBE shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Described {
    name: String,
    flink_type: String,
    nullable: bool,
    /// `PRI(a, b)` on each primary key column.
    key: Option<String>,
    comment: Option<String>,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The columns of a DESCRIBE answer (`name, type, null, key, extras, watermark, comment`).
fn described(rows: &[Row]) -> Vec<Described> {
    rows.iter()
        .map(|r| {
            let f = |i: usize| r.fields.get(i).and_then(text);
            Described {
                name: f(0).unwrap_or_default(),
                flink_type: f(1).unwrap_or_default(),
                nullable: r.fields.get(2) == Some(&Value::Bool(true)),
                key: f(3),
                comment: f(6).filter(|c| !c.is_empty()),
            }
        })
        .collect()
}

/// What weir-db's mapping says Flink must resolve, column by column.
fn expected(meta: &TableMeta, connector: Connector) -> Vec<Described> {
    let key = format!("PRI({})", meta.primary_key.join(", "));
    meta.columns
        .iter()
        .zip(column_types(meta, connector))
        .map(|(c, (_, m))| {
            let in_key = meta.primary_key.contains(&c.name);
            Described {
                name: c.name.clone(),
                flink_type: m.flink,
                // Flink's primary key columns are NOT NULL whatever the column says.
                nullable: c.nullable && !in_key,
                key: in_key.then(|| key.clone()),
                comment: c.comment.clone(),
            }
        })
        .collect()
}

/// Which of the connectors has a factory in the engine, by planning a probe table.
async fn has_factory(engine: &Engine, connector: Connector) -> bool {
    let probe = format!("probe_{}", connector.name().replace('-', "_"));
    let ddl = format!(
        "CREATE TEMPORARY TABLE {probe} (x INT) WITH ('connector' = '{}')",
        connector.name()
    );
    engine.run(&ddl).await.expect("probe table");
    let answer = engine.run(&format!("EXPLAIN SELECT * FROM {probe}")).await;
    engine
        .run(&format!("DROP TEMPORARY TABLE {probe}"))
        .await
        .expect("drop probe");
    match answer {
        Err(e) if e.contains(&missing_factory(connector)) => false,
        // With the factory there, the probe fails on its missing options (or plans).
        _ => true,
    }
}

/// Outcome of one table × connector, for the summary.
struct Checked {
    line: String,
    problems: Vec<String>,
}

async fn check_table(
    engine: &Engine,
    db: &Db,
    meta: &TableMeta,
    connector: Connector,
    opts: &DdlOptions,
    factory: bool,
    label: &str,
) -> Checked {
    // A dummy password while the connector is missing (nothing connects); the test server's real
    // one once a connector jar is there and the table is read for real.
    let secret = match factory {
        true => password().expect("test password"),
        false => DUMMY_PASSWORD.to_string(),
    };
    let mut problems = Vec::new();
    let what = format!("{label} {} {}.{}", connector.name(), meta.schema, meta.name);
    let ddl = create_table(meta, connector, opts).expect("DDL generated");
    parses(&ddl);

    // `${secret:…}` resolved in memory, as at run time.
    let store = SessionSecrets::default();
    store.set(PASSWORD_KEY, &secret).expect("session secret");
    let resolved = substitute_with_secrets(&ddl, &Values::default(), &store).expect("resolves");
    assert!(resolved.has_secrets && !resolved.text.contains("${secret:"));
    let stmts = weir_sql::split(&resolved.text);
    assert_eq!(stmts.len(), 1, "{what}: one statement");
    if let Err(e) = engine.run(&stmts[0].text).await {
        return Checked {
            line: format!("{what}: CREATE TABLE REJECTED: {e}"),
            problems: vec![format!("{what}: CREATE TABLE rejected: {e}\n{ddl}")],
        };
    }

    let table = quote_ident(&meta.name);
    let rows = engine
        .run(&format!("DESCRIBE {table}"))
        .await
        .unwrap_or_else(|e| panic!("{what}: DESCRIBE: {e}"));
    let got_cols = described(&rows);
    let want_cols = expected(meta, connector);
    for (i, want) in want_cols.iter().enumerate() {
        match got_cols.get(i) {
            Some(got) if got == want => {}
            got => problems.push(format!(
                "{what}: column {i}: want {want:?}, Flink has {got:?}"
            )),
        }
    }
    if got_cols.len() != want_cols.len() {
        problems.push(format!(
            "{what}: {} columns in Flink, {} expected",
            got_cols.len(),
            want_cols.len()
        ));
    }

    // Reading the real table.
    let select = if connector == Connector::Jdbc {
        // A real fetch in batch mode: the jdbc source is bounded.
        let options = RunOptions {
            execution_config: BTreeMap::from([(
                "execution.runtime-mode".to_string(),
                "batch".to_string(),
            )]),
            ..RunOptions::default()
        };
        engine
            .run_with(&format!("SELECT * FROM {table}"), options)
            .await
    } else {
        engine.run(&format!("EXPLAIN SELECT * FROM {table}")).await
    };
    let read = match (&select, factory) {
        (Err(e), false) if e.contains(&missing_factory(connector)) => {
            "factory missing (as expected)".to_string()
        }
        (Ok(rows), true) if connector == Connector::Jdbc => {
            let count = server_count(db, meta).await;
            if rows.len() as u64 != count {
                problems.push(format!(
                    "{what}: SELECT read {} rows, the server holds {count}",
                    rows.len()
                ));
            }
            format!("read {} rows", rows.len())
        }
        (Ok(_), true) => "planned".to_string(),
        (other, _) => {
            problems.push(format!(
                "{what}: SELECT: unexpected answer (factory present: {factory}): {other:?}"
            ));
            "UNEXPECTED".to_string()
        }
    };

    // The INSERT skeleton into a blackhole sink of the same schema.
    let sink = format!("{} sink", meta.name);
    let generated = format!("{} gen", meta.name);
    engine
        .run(&format!(
            "CREATE TEMPORARY TABLE {} WITH ('connector' = 'blackhole') LIKE {table} (EXCLUDING OPTIONS)",
            quote_ident(&sink)
        ))
        .await
        .unwrap_or_else(|e| panic!("{what}: blackhole sink: {e}"));
    let names: Vec<String> = meta.columns.iter().map(|c| c.name.clone()).collect();
    let skeleton = insert_skeleton(&sink, &meta.name, &names);
    let skeleton = weir_sql::split(&skeleton).remove(0).text;
    let insert = match (engine.run(&format!("EXPLAIN {skeleton}")).await, factory) {
        (Ok(_), true) => "EXPLAIN ok from the real source".to_string(),
        (Err(e), false) if e.contains(&missing_factory(connector)) => {
            engine
                .run(&format!(
                    "CREATE TEMPORARY TABLE {} WITH ('connector' = 'datagen') LIKE {table} (EXCLUDING OPTIONS)",
                    quote_ident(&generated)
                ))
                .await
                .unwrap_or_else(|e| panic!("{what}: datagen source: {e}"));
            let skeleton = insert_skeleton(&sink, &generated, &names);
            let skeleton = weir_sql::split(&skeleton).remove(0).text;
            match engine.run(&format!("EXPLAIN {skeleton}")).await {
                Ok(_) => "EXPLAIN ok from a datagen source of the same schema".to_string(),
                Err(e) => {
                    problems.push(format!("{what}: INSERT skeleton rejected: {e}\n{skeleton}"));
                    format!("REJECTED: {e}")
                }
            }
        }
        (other, _) => {
            problems.push(format!(
                "{what}: INSERT skeleton: unexpected answer: {other:?}"
            ));
            "UNEXPECTED".to_string()
        }
    };
    for t in [&sink, &generated] {
        let _ = engine
            .run(&format!(
                "DROP TEMPORARY TABLE IF EXISTS {}",
                quote_ident(t)
            ))
            .await;
    }
    engine
        .run(&format!("DROP TABLE {table}"))
        .await
        .unwrap_or_else(|e| panic!("{what}: DROP TABLE: {e}"));

    let verdict = if problems.is_empty() {
        "ok"
    } else {
        "MISMATCH"
    };
    Checked {
        line: format!(
            "{what}: CREATE TABLE accepted; DESCRIBE {} columns, key {:?}: {verdict}; \
             SELECT: {read}; INSERT skeleton: {insert}",
            got_cols.len(),
            meta.primary_key
        ),
        problems,
    }
}

/// `COUNT(*)` of the table on its server.
async fn server_count(db: &Db, meta: &TableMeta) -> u64 {
    let q = match meta.db {
        weir_db::DbKind::Postgres => format!(
            "SELECT COUNT(*) FROM \"{}\".\"{}\"",
            meta.schema.replace('"', "\"\""),
            meta.name.replace('"', "\"\"")
        ),
        _ => format!("SELECT COUNT(*) FROM `{}`", meta.name.replace('`', "``")),
    };
    let run = db.query(&q, weir_db::QueryOptions::default());
    finish(&run, Duration::from_secs(30)).await;
    match cell(&run, 0, 0) {
        weir_results::Cell::Int(n) => n as u64,
        other => panic!("COUNT(*) answered {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ddl_runs_in_the_local_engine() {
    let servers = [
        (
            "mariadb",
            "WEIR_TEST_MYSQL_URL",
            vec!["weir_test"],
            Connector::MysqlCdc,
        ),
        (
            "postgres",
            "WEIR_TEST_PG_URL",
            vec!["public", "shop"],
            Connector::PostgresCdc,
        ),
    ];
    let mut dbs = Vec::new();
    for (label, var, schemas, cdc) in servers {
        let Some(p) = profile(var, label) else { return };
        let Some(pw) = password() else { return };
        let db = Db::connect(&p, Some(&pw))
            .await
            .expect("connects to the test server");
        dbs.push((label, db, schemas, cdc));
    }
    let Some(engine) = Engine::start().await else {
        return;
    };

    let mut factories = BTreeMap::new();
    for c in [Connector::Jdbc, Connector::MysqlCdc, Connector::PostgresCdc] {
        factories.insert(c.name(), has_factory(&engine, c).await);
    }
    println!("connector factories in the engine: {factories:?}");
    if !factories["jdbc"] {
        println!(
            "jdbc connector jar not available offline: DDL checked by executing CREATE TABLE \
             and DESCRIBE in the planner"
        );
    }
    for cdc in ["mysql-cdc", "postgres-cdc"] {
        if !factories[cdc] {
            println!(
                "{cdc} connector jar not available offline: DDL checked by executing CREATE \
                 TABLE and DESCRIBE in the planner"
            );
        }
    }

    let mut problems = Vec::new();
    let mut checked = 0;
    for (label, db, schemas, cdc) in &dbs {
        let mut opts = DdlOptions::for_profile(db.profile());
        opts.password_key = Some(PASSWORD_KEY.into());
        for schema in schemas {
            let tables = db.tables(schema).await.expect("tables");
            assert!(!tables.is_empty(), "{label}: no tables in {schema}");
            for t in tables {
                let meta = db.table_meta(schema, &t.name).await.expect("table meta");
                for c in [Connector::Jdbc, *cdc] {
                    let r =
                        check_table(&engine, db, &meta, c, &opts, factories[c.name()], label).await;
                    println!("{}", r.line);
                    problems.extend(r.problems);
                    checked += 1;
                }
            }
        }
    }
    for (_, db, _, _) in &dbs {
        db.close().await;
    }
    let _ = engine.client.close_session(&engine.session).await;
    engine.engine.stop().await.expect("engine stops");
    println!("{checked} table × connector pairs checked");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
