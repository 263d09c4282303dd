//! PostgreSQL: connecting (TLS modes, a private CA), metadata from the catalogs (types as
//! `format_type` writes them), and queries over the simple (text) protocol.

use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow, PgSslMode};
use sqlx::{ConnectOptions, Connection, PgPool, Row};
use tokio_util::sync::CancellationToken;

use crate::driver_error::map_sqlx;
use crate::error::DbError;
use crate::meta::{comment, ColumnInfo, IndexInfo, TableInfo, TableKind};
use crate::profile::{DbProfile, TlsMode};
use crate::query::{to_json, Decode, QueryOptions, Sink};
use crate::stream::{outcome, stream_pg, End};
use crate::transport::{no_tls_offered, Transport};

fn options(p: &DbProfile, password: Option<&str>, mode: PgSslMode) -> PgConnectOptions {
    let mut o = PgConnectOptions::new_without_pgpass()
        .host(&p.host)
        .port(p.port_or_default())
        .username(&p.user)
        .database(&p.database)
        .application_name("weir")
        .ssl_mode(mode)
        .statement_cache_capacity(32);
    if let Some(pw) = password {
        o = o.password(pw);
    }
    if let Some(ca) = p.tls.ca_file.as_deref().filter(|c| !c.trim().is_empty()) {
        o = o.ssl_root_cert(ca);
    }
    o
}

/// The driver's mode for the first try, and whether a server without TLS is then tried in plain.
fn first_mode(mode: TlsMode) -> (PgSslMode, bool) {
    match mode {
        TlsMode::Disable => (PgSslMode::Disable, false),
        TlsMode::VerifyIfOffered => (PgSslMode::VerifyFull, true),
        TlsMode::Prefer => (PgSslMode::Require, true),
        TlsMode::Require => (PgSslMode::Require, false),
        TlsMode::VerifyCa => (PgSslMode::VerifyCa, false),
        TlsMode::VerifyFull => (PgSslMode::VerifyFull, false),
    }
}

/// Opens one connection (errors surface here), then a lazy pool in the same mode; says whether
/// the connection is encrypted.
pub(crate) async fn connect(
    p: &DbProfile,
    password: Option<&str>,
) -> Result<(PgPool, Transport), DbError> {
    let (mode, plain_if_no_tls) = first_mode(p.tls.mode);
    let (opts, first) = match options(p, password, mode).connect().await {
        Ok(c) => (options(p, password, mode), c),
        Err(e) if plain_if_no_tls && no_tls_offered(&e) => {
            let plain = options(p, password, PgSslMode::Disable);
            let c = plain.connect().await.map_err(|e| map_sqlx(p, e))?;
            (plain, c)
        }
        Err(e) => return Err(map_sqlx(p, e)),
    };
    let _ = first.close().await;
    let transport = match opts.get_ssl_mode() {
        PgSslMode::Disable => Transport::Plain,
        PgSslMode::VerifyCa | PgSslMode::VerifyFull => Transport::Tls { verified: true },
        _ => Transport::Tls { verified: false },
    };
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(p.timeout())
        .idle_timeout(Some(std::time::Duration::from_secs(300)))
        .connect_lazy_with(opts);
    Ok((pool, transport))
}

/// A text cell (every selected value is cast to text).
fn text(row: &PgRow, i: usize) -> Option<String> {
    row.try_get_unchecked::<Option<&str>, _>(i)
        .ok()
        .flatten()
        .map(str::to_string)
}

pub(crate) async fn schemas(p: &DbProfile, pool: &PgPool) -> Result<Vec<String>, DbError> {
    let rows = sqlx::query(
        r"SELECT nspname::text FROM pg_namespace
          WHERE nspname NOT IN ('pg_catalog', 'information_schema')
            AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
          ORDER BY nspname",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    Ok(rows.iter().filter_map(|r| text(r, 0)).collect())
}

pub(crate) async fn tables(
    p: &DbProfile,
    pool: &PgPool,
    schema: &str,
) -> Result<Vec<TableInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT c.relname::text, c.relkind::text, obj_description(c.oid, 'pg_class')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY c.relname",
    )
    .bind(schema)
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    Ok(rows
        .iter()
        .map(|r| TableInfo {
            schema: schema.to_string(),
            name: text(r, 0).unwrap_or_default(),
            kind: match text(r, 1).as_deref() {
                Some("v" | "m") => TableKind::View,
                _ => TableKind::Table,
            },
            comment: comment(text(r, 2)),
        })
        .collect())
}

pub(crate) async fn columns(
    p: &DbProfile,
    pool: &PgPool,
    schema: &str,
    table: &str,
) -> Result<Vec<ColumnInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), (NOT a.attnotnull)::text,
                pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum),
                (row_number() OVER (ORDER BY a.attnum))::text,
                (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%')::text
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum",
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
            nullable: text(r, 2).as_deref() == Some("true"),
            default: text(r, 3),
            comment: comment(text(r, 4)),
            ordinal: text(r, 5).and_then(|o| o.parse().ok()).unwrap_or(0),
            auto_increment: text(r, 6).as_deref() == Some("true"),
        })
        .collect())
}

pub(crate) async fn indexes(
    p: &DbProfile,
    pool: &PgPool,
    schema: &str,
    table: &str,
) -> Result<Vec<IndexInfo>, DbError> {
    let rows = sqlx::query(
        "SELECT i.relname::text, ix.indisunique::text, ix.indisprimary::text,
                CASE WHEN ix.indkey[k.n - 1] = 0 THEN pg_get_indexdef(ix.indexrelid, k.n, true)
                     ELSE (SELECT attname::text FROM pg_attribute
                           WHERE attrelid = t.oid AND attnum = ix.indkey[k.n - 1]) END
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL generate_series(1, ix.indnkeyatts::int) AS k(n)
         WHERE n.nspname = $1 AND t.relname = $2
         ORDER BY ix.indisprimary DESC, i.relname, k.n",
    )
    .bind(schema)
    .bind(table)
    .fetch_all(pool)
    .await
    .map_err(|e| map_sqlx(p, e))?;
    let mut out: Vec<IndexInfo> = Vec::new();
    for r in &rows {
        let name = text(r, 0).unwrap_or_default();
        let column = text(r, 3).unwrap_or_default();
        match out.last_mut() {
            Some(last) if last.name == name => last.columns.push(column),
            _ => out.push(IndexInfo {
                unique: text(r, 1).as_deref() == Some("true"),
                primary: text(r, 2).as_deref() == Some("true"),
                name,
                columns: vec![column],
            }),
        }
    }
    Ok(out)
}

fn values(row: &PgRow, decodes: &[Decode]) -> Vec<Value> {
    decodes
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let raw = row.try_get_unchecked::<Option<&str>, _>(i).ok().flatten();
            to_json(*d, raw.map(str::as_bytes))
        })
        .collect()
}

async fn cancel_backend(pool: &PgPool, pid: Option<i32>) {
    if let Some(pid) = pid {
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            sqlx::Executor::execute(pool, sqlx::query("SELECT pg_cancel_backend($1)").bind(pid)),
        )
        .await;
    }
}

pub(crate) async fn query(
    p: &DbProfile,
    pool: &PgPool,
    sql: &str,
    sink: &Sink,
    cancel: &CancellationToken,
    opts: &QueryOptions,
) -> Result<(), DbError> {
    let mut conn = tokio::select! {
        c = pool.acquire() => c.map_err(|e| map_sqlx(p, e))?,
        _ = cancel.cancelled() => return Err(DbError::Cancelled),
    };
    let pid: Option<i32> =
        sqlx::Executor::fetch_one(&mut *conn, sqlx::raw_sql("SELECT pg_backend_pid()"))
            .await
            .ok()
            .and_then(|r| text(&r, 0))
            .and_then(|t| t.parse().ok());
    let result = stream_pg(
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
            conn.close_on_drop();
            drop(conn);
            cancel_backend(pool, pid).await;
        }
    }
    outcome(p, result?, opts.idle_timeout)
}
