//! SQLite files through the workspace's rusqlite (sqlx's SQLite driver would link a second
//! libsqlite3): one connection on blocking threads, interrupted on cancel or timeout.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::error::DbError;
use crate::meta::{ColumnInfo, IndexInfo, TableInfo, TableKind};
use crate::profile::DbProfile;
use crate::query::{Flow, QueryOptions, Sink};

/// An open SQLite database.
pub(crate) struct SqliteDb {
    conn: Arc<Mutex<Connection>>,
    profile: DbProfile,
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl SqliteDb {
    fn err(&self, e: impl std::fmt::Display) -> DbError {
        DbError::Sqlite {
            profile: self.profile.name.clone(),
            path: self.profile.database.clone(),
            message: e.to_string(),
        }
    }

    pub(crate) async fn open(p: &DbProfile) -> Result<SqliteDb, DbError> {
        let path = p.database.clone();
        let fail = |m: String| DbError::Sqlite {
            profile: p.name.clone(),
            path: path.clone(),
            message: m,
        };
        if path != ":memory:" && !std::path::Path::new(&path).exists() {
            return Err(fail("the file does not exist; check the path".into()));
        }
        let timeout = p.timeout();
        let open_path = path.clone();
        let conn = tokio::task::spawn_blocking(move || {
            let c = Connection::open_with_flags(
                &open_path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            c.busy_timeout(timeout)?;
            // Fails here (not later) when the file is not a database.
            c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok::<_, rusqlite::Error>(c)
        })
        .await
        .map_err(|e| fail(e.to_string()))?
        .map_err(|e| fail(e.to_string()))?;
        Ok(SqliteDb {
            conn: Arc::new(Mutex::new(conn)),
            profile: p.clone(),
        })
    }

    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, DbError> {
        let conn = self.conn.clone();
        let r = tokio::task::spawn_blocking(move || {
            let c = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&c)
        })
        .await
        .map_err(|e| self.err(e))?;
        r.map_err(|e| self.err(e))
    }

    pub(crate) async fn schemas(&self) -> Result<Vec<String>, DbError> {
        self.with(|c| {
            let mut st = c.prepare("PRAGMA database_list")?;
            let names = st
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(names.into_iter().filter(|n| n != "temp").collect())
        })
        .await
    }

    pub(crate) async fn tables(&self, schema: &str) -> Result<Vec<TableInfo>, DbError> {
        let schema = schema.to_string();
        self.with(move |c| {
            let sql = format!(
                "SELECT name, type FROM {}.sqlite_schema WHERE type IN ('table', 'view') \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                quote(&schema)
            );
            let mut st = c.prepare(&sql)?;
            let rows = st
                .query_map([], |r| {
                    Ok(TableInfo {
                        schema: schema.clone(),
                        name: r.get(0)?,
                        kind: if r.get::<_, String>(1)? == "view" {
                            TableKind::View
                        } else {
                            TableKind::Table
                        },
                        comment: None,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    /// (column, pk position) pairs and the columns.
    async fn xinfo(&self, schema: &str, table: &str) -> Result<Vec<(ColumnInfo, i64)>, DbError> {
        let sql = format!("PRAGMA {}.table_xinfo({})", quote(schema), quote(table));
        self.with(move |c| {
            let mut st = c.prepare(&sql)?;
            let rows = st
                .query_map([], |r| {
                    let hidden: i64 = r.get(6)?;
                    Ok((
                        hidden,
                        ColumnInfo {
                            name: r.get(1)?,
                            native_type: r.get(2)?,
                            nullable: r.get::<_, i64>(3)? == 0,
                            default: r.get(4)?,
                            comment: None,
                            ordinal: 0,
                            auto_increment: false,
                        },
                        r.get::<_, i64>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let pk_count = rows.iter().filter(|(_, _, pk)| *pk > 0).count();
            Ok(rows
                .into_iter()
                .filter(|(hidden, _, _)| *hidden != 1)
                .enumerate()
                .map(|(i, (_, mut col, pk))| {
                    col.ordinal = i as u32 + 1;
                    // INTEGER PRIMARY KEY is the rowid: filled by SQLite.
                    col.auto_increment =
                        pk == 1 && pk_count == 1 && col.native_type.eq_ignore_ascii_case("INTEGER");
                    (col, pk)
                })
                .collect())
        })
        .await
    }

    pub(crate) async fn columns(
        &self,
        schema: &str,
        table: &str,
    ) -> Result<Vec<ColumnInfo>, DbError> {
        Ok(self
            .xinfo(schema, table)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    }

    pub(crate) async fn primary_key(
        &self,
        schema: &str,
        table: &str,
    ) -> Result<Vec<String>, DbError> {
        let mut cols: Vec<(ColumnInfo, i64)> = self
            .xinfo(schema, table)
            .await?
            .into_iter()
            .filter(|(_, pk)| *pk > 0)
            .collect();
        cols.sort_by_key(|(_, pk)| *pk);
        Ok(cols.into_iter().map(|(c, _)| c.name).collect())
    }

    pub(crate) async fn indexes(
        &self,
        schema: &str,
        table: &str,
    ) -> Result<Vec<IndexInfo>, DbError> {
        let list = format!("PRAGMA {}.index_list({})", quote(schema), quote(table));
        let schema = schema.to_string();
        self.with(move |c| {
            let mut st = c.prepare(&list)?;
            let idx = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)? == 1,
                        r.get::<_, String>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out = Vec::new();
            for (name, unique, origin) in idx {
                let info = format!("PRAGMA {}.index_info({})", quote(&schema), quote(&name));
                let mut st = c.prepare(&info)?;
                let mut cols = st
                    .query_map([], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(2)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                cols.sort_by_key(|(seq, _)| *seq);
                out.push(IndexInfo {
                    name,
                    unique,
                    primary: origin == "pk",
                    columns: cols
                        .into_iter()
                        .map(|(_, n)| n.unwrap_or_else(|| "<expression>".into()))
                        .collect(),
                });
            }
            out.sort_by(|a, b| b.primary.cmp(&a.primary).then(a.name.cmp(&b.name)));
            Ok(out)
        })
        .await
    }

    pub(crate) async fn query(
        &self,
        p: &DbProfile,
        sql: String,
        sink: &Sink,
        cancel: &CancellationToken,
        _opts: &QueryOptions,
    ) -> Result<(), DbError> {
        let conn = self.conn.clone();
        let interrupt = {
            let c = conn.lock().unwrap_or_else(|p| p.into_inner());
            c.get_interrupt_handle()
        };
        let done = CancellationToken::new();
        let watcher = {
            let cancel = cancel.clone();
            let done = done.clone();
            tokio::spawn(async move {
                tokio::select! {
                    _ = cancel.cancelled() => interrupt.interrupt(),
                    _ = done.cancelled() => {}
                }
            })
        };
        let sink2 = sink.clone();
        let kind = p.kind;
        let r = tokio::task::spawn_blocking(move || {
            let c = conn.lock().unwrap_or_else(|p| p.into_inner());
            let mut st = c.prepare(&sql)?;
            let n = st.column_count();
            let names: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
            let decl: Vec<Option<String>> = st
                .columns()
                .map(|c| c.decl_type().map(str::to_string))
                .collect();
            if n == 0 {
                let changed = st.raw_execute()?;
                sink2.affected(changed as u64);
                return Ok(());
            }
            let mut rows = st.raw_query();
            let mut first = true;
            while let Some(row) = rows.next()? {
                if first {
                    first = false;
                    let cols: Vec<(String, String)> = (0..n)
                        .map(|i| {
                            let t = decl[i].clone().unwrap_or_else(|| match row.get_ref(i) {
                                Ok(ValueRef::Integer(_)) => "INTEGER".into(),
                                Ok(ValueRef::Real(_)) => "REAL".into(),
                                Ok(ValueRef::Blob(_)) => "BLOB".into(),
                                _ => "TEXT".into(),
                            });
                            (names[i].clone(), t)
                        })
                        .collect();
                    sink2.columns(kind, &cols);
                }
                let fields: Vec<Value> = (0..n)
                    .map(|i| match row.get_ref(i) {
                        Ok(ValueRef::Null) | Err(_) => Value::Null,
                        Ok(ValueRef::Integer(v)) => Value::from(v),
                        Ok(ValueRef::Real(v)) => serde_json::Number::from_f64(v)
                            .map(Value::Number)
                            .unwrap_or_else(|| Value::String(v.to_string())),
                        Ok(ValueRef::Text(t)) => {
                            Value::String(String::from_utf8_lossy(t).into_owned())
                        }
                        Ok(ValueRef::Blob(b)) => {
                            Value::String(base64::engine::general_purpose::STANDARD.encode(b))
                        }
                    })
                    .collect();
                if sink2.row(&fields) == Flow::Full {
                    break;
                }
            }
            if first {
                let cols: Vec<(String, String)> = (0..n)
                    .map(|i| (names[i].clone(), decl[i].clone().unwrap_or_default()))
                    .collect();
                sink2.columns(kind, &cols);
            }
            Ok::<_, rusqlite::Error>(())
        })
        .await;
        done.cancel();
        let _ = watcher.await;
        match r {
            Err(e) => Err(self.err(e)),
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) if cancel.is_cancelled() => Err(DbError::Cancelled),
            Ok(Err(e)) => Err(self.err(e)),
        }
    }
}
