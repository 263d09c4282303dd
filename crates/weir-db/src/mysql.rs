//! MySQL and MariaDB: connecting (TLS modes, the server's own time zone and SQL mode kept),
//! metadata from `information_schema`, and queries over the text protocol.

use serde_json::Value;
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlRow, MySqlSslMode};
use sqlx::{ConnectOptions, Connection, MySqlPool, Row};
use tokio_util::sync::CancellationToken;

use crate::driver_error::map_sqlx;
use crate::error::DbError;
use crate::meta::{comment, ColumnInfo, IndexInfo, TableInfo, TableKind};
use crate::profile::{DbProfile, TlsMode};
use crate::query::{to_json, Decode, QueryOptions, Sink};
use crate::stream::{outcome, stream_mysql, End};
use crate::transport::{no_tls_offered, Transport};

fn options(p: &DbProfile, password: Option<&str>, mode: MySqlSslMode) -> MySqlConnectOptions {
    let mut o = MySqlConnectOptions::new()
        .host(&p.host)
        .port(p.port_or_default())
        .username(&p.user)
        .ssl_mode(mode)
        // Keep the server's time zone and SQL mode: results look as in any other client.
        .timezone(None)
        .pipes_as_concat(false)
        .no_engine_substitution(false)
        .statement_cache_capacity(32);
    if !p.database.is_empty() {
        o = o.database(&p.database);
    }
    if let Some(pw) = password {
        o = o.password(pw);
    }
    if let Some(ca) = p.tls.ca_file.as_deref().filter(|c| !c.trim().is_empty()) {
        o = o.ssl_ca(ca);
    }
    o
}

/// The driver's mode for the first try, and whether a server without TLS is then tried in plain.
fn first_mode(mode: TlsMode) -> (MySqlSslMode, bool) {
    match mode {
        TlsMode::Disable => (MySqlSslMode::Disabled, false),
        TlsMode::VerifyIfOffered => (MySqlSslMode::VerifyIdentity, true),
        TlsMode::Prefer => (MySqlSslMode::Required, true),
        TlsMode::Require => (MySqlSslMode::Required, false),
        TlsMode::VerifyCa => (MySqlSslMode::VerifyCa, false),
        TlsMode::VerifyFull => (MySqlSslMode::VerifyIdentity, false),
    }
}

/// Opens one connection (errors surface here), then a lazy pool in the same mode; says whether
/// the connection is encrypted.
pub(crate) async fn connect(
    p: &DbProfile,
    password: Option<&str>,
) -> Result<(MySqlPool, Transport), DbError> {
    let (mode, plain_if_no_tls) = first_mode(p.tls.mode);
    let (opts, first) = match options(p, password, mode).connect().await {
        Ok(c) => (options(p, password, mode), c),
        Err(e) if plain_if_no_tls && no_tls_offered(&e) => {
            let plain = options(p, password, MySqlSslMode::Disabled);
            let c = plain.connect().await.map_err(|e| map_sqlx(p, e))?;
            (plain, c)
        }
        Err(e) => return Err(map_sqlx(p, e)),
    };
    let _ = first.close().await;
    let transport = match opts.get_ssl_mode() {
        MySqlSslMode::Disabled => Transport::Plain,
        MySqlSslMode::VerifyCa | MySqlSslMode::VerifyIdentity => Transport::Tls { verified: true },
        _ => Transport::Tls { verified: false },
    };
    let pool = MySqlPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(p.timeout())
        .idle_timeout(Some(std::time::Duration::from_secs(300)))
        .connect_lazy_with(opts);
    Ok((pool, transport))
}

/// A text cell of a metadata row (every selected value is text).
fn text(row: &MySqlRow, i: usize) -> Option<String> {
    row.try_get_unchecked::<Option<&[u8]>, _>(i)
        .ok()
        .flatten()
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

pub(crate) async fn schemas(p: &DbProfile, pool: &MySqlPool) -> Result<Vec<String>, DbError> {
    let rows = sqlx::query(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA
         WHERE SCHEMA_NAME NOT IN ('information_schema', 'performance_schema', 'mysql', 'sys')
         ORDER BY SCHEMA_NAME",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    Ok(rows.iter().filter_map(|r| text(r, 0)).collect())
}

pub(crate) async fn tables(
    p: &DbProfile,
    pool: &MySqlPool,
    schema: &str,
) -> Result<Vec<TableInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    )
    .bind(schema)
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    Ok(rows
        .iter()
        .map(|r| {
            let kind = match text(r, 1).as_deref() {
                Some("VIEW" | "SYSTEM VIEW") => TableKind::View,
                _ => TableKind::Table,
            };
            let c = comment(text(r, 2));
            TableInfo {
                schema: schema.to_string(),
                name: text(r, 0).unwrap_or_default(),
                kind,
                // MySQL writes "VIEW" as every view's comment.
                comment: c.filter(|c| !(kind == TableKind::View && c == "VIEW")),
            }
        })
        .collect())
}

pub(crate) async fn columns(
    p: &DbProfile,
    pool: &MySqlPool,
    schema: &str,
    table: &str,
) -> Result<Vec<ColumnInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT,
                CAST(ORDINAL_POSITION AS CHAR), EXTRA
         FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
    )
    .bind(schema)
    .bind(table)
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    Ok(rows
        .iter()
        .map(|r| ColumnInfo {
            name: text(r, 0).unwrap_or_default(),
            native_type: text(r, 1).unwrap_or_default(),
            nullable: text(r, 2).as_deref() == Some("YES"),
            default: text(r, 3),
            comment: comment(text(r, 4)),
            ordinal: text(r, 5).and_then(|o| o.parse().ok()).unwrap_or(0),
            auto_increment: text(r, 6)
                .is_some_and(|e| e.to_ascii_lowercase().contains("auto_increment")),
        })
        .collect())
}

pub(crate) async fn indexes(
    p: &DbProfile,
    pool: &MySqlPool,
    schema: &str,
    table: &str,
) -> Result<Vec<IndexInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT INDEX_NAME, CAST(NON_UNIQUE AS CHAR), COLUMN_NAME
         FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
         ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX",
    )
    .bind(schema)
    .bind(table)
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    let mut out: Vec<IndexInfo> = Vec::new();
    for r in &rows {
        let name = text(r, 0).unwrap_or_default();
        let column = text(r, 2).unwrap_or_default();
        match out.last_mut() {
            Some(last) if last.name == name => last.columns.push(column),
            _ => out.push(IndexInfo {
                primary: name == "PRIMARY",
                unique: text(r, 1).as_deref() == Some("0"),
                name,
                columns: vec![column],
            }),
        }
    }
    Ok(out)
}

fn values(row: &MySqlRow, decodes: &[Decode]) -> Vec<Value> {
    decodes
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let raw = row.try_get_unchecked::<Option<&[u8]>, _>(i).ok().flatten();
            to_json(*d, raw)
        })
        .collect()
}

/// Stops the connection's running statement from another connection.
async fn kill(pool: &MySqlPool, id: Option<u64>) {
    if let Some(id) = id {
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            sqlx::Executor::execute(pool, sqlx::raw_sql(&format!("KILL QUERY {id}"))),
        )
        .await;
    }
}

pub(crate) async fn query(
    p: &DbProfile,
    pool: &MySqlPool,
    sql: &str,
    sink: &Sink,
    cancel: &CancellationToken,
    opts: &QueryOptions,
) -> Result<(), DbError> {
    let mut conn = tokio::select! {
        c = pool.acquire() => c.map_err(|e| map_sqlx(p, e))?,
        _ = cancel.cancelled() => return Err(DbError::Cancelled),
    };
    let id: Option<u64> =
        sqlx::Executor::fetch_one(&mut *conn, sqlx::raw_sql("SELECT CONNECTION_ID()"))
            .await
            .ok()
            .and_then(|r| text(&r, 0))
            .and_then(|t| t.parse().ok());
    let result = stream_mysql(
        p,
        &mut conn,
        sql,
        sink,
        cancel,
        opts.idle_timeout,
        values,
        |r| r.rows_affected(),
    )
    .await;
    match &result {
        Ok(End::Done) => {}
        _ => {
            // Unread rows would be drained on the next use: drop this connection instead.
            conn.close_on_drop();
            drop(conn);
            kill(pool, id).await;
        }
    }
    outcome(p, result?, opts.idle_timeout)
}
