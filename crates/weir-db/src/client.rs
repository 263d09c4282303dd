//! [`Db`]: an open, pooled connection to one profile's database, with lazy metadata calls (each
//! under the profile's timeout; drop the future to cancel) and queries streamed into result sets.

use std::sync::Arc;
use std::time::Duration;

use crate::error::DbError;
use crate::meta::{ColumnInfo, IndexInfo, TableInfo, TableMeta};
use crate::profile::{DbKind, DbProfile, TlsMode};
use crate::query::{self, QueryOptions, QueryRun};
use crate::secrets::{SecretError, SecretStore};
use crate::transport::Transport;
use crate::{mysql, postgres, sqlite};

/// The driver side of an open connection.
#[derive(Clone)]
pub(crate) enum Inner {
    Mysql(sqlx::MySqlPool),
    Postgres(sqlx::PgPool),
    Sqlite(Arc<sqlite::SqliteDb>),
}

/// An open connection (a pool for servers, one handle for SQLite) to a profile's database.
#[derive(Clone)]
pub struct Db {
    profile: Arc<DbProfile>,
    inner: Inner,
    transport: Transport,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("profile", &self.profile.name)
            .finish()
    }
}

impl Db {
    /// Connects with the password from `secrets` (under the profile's `password_key`).
    pub async fn connect_with_secrets(
        profile: &DbProfile,
        secrets: &dyn SecretStore,
    ) -> Result<Db, DbError> {
        let password = match &profile.password_key {
            Some(key) => Some(secrets.get(key).map_err(|cause| DbError::Secret {
                profile: profile.name.clone(),
                cause,
            })?),
            None => None,
        };
        Db::connect(profile, password.as_deref()).await
    }

    /// Connects (one connection is opened at once, so a wrong password or an unreachable host
    /// fails here, within the profile's timeout).
    pub async fn connect(profile: &DbProfile, password: Option<&str>) -> Result<Db, DbError> {
        profile.validate().map_err(|message| DbError::Profile {
            profile: profile.name.clone(),
            message,
        })?;
        let limit = profile.timeout();
        let (inner, transport) = match profile.kind {
            DbKind::Mysql => {
                let (pool, t) = within(
                    profile,
                    "connecting",
                    limit,
                    mysql::connect(profile, password),
                )
                .await?;
                (Inner::Mysql(pool), t)
            }
            DbKind::Postgres => {
                let (pool, t) = within(
                    profile,
                    "connecting",
                    limit,
                    postgres::connect(profile, password),
                )
                .await?;
                (Inner::Postgres(pool), t)
            }
            DbKind::Sqlite => (
                Inner::Sqlite(Arc::new(sqlite::SqliteDb::open(profile).await?)),
                Transport::File,
            ),
        };
        let db = Db {
            profile: Arc::new(profile.clone()),
            inner,
            transport,
        };
        if let Some(w) = db.tls_warning() {
            tracing::warn!("{w}");
        }
        Ok(db)
    }

    /// Whether the connection is encrypted with TLS (always false for SQLite, a local file).
    pub fn is_encrypted(&self) -> bool {
        matches!(self.transport, Transport::Tls { .. })
    }

    /// A warning for the person when this connection to a server is not encrypted: the
    /// password (when the server asks for it in clear) and every row travel as plain text.
    pub fn tls_warning(&self) -> Option<String> {
        if self.transport != Transport::Plain {
            return None;
        }
        let p = &self.profile;
        Some(if p.tls.mode == TlsMode::Disable {
            format!(
                "connection '{}': TLS is disabled, so data to and from {} travels unencrypted; set the TLS mode to verify-if-offered or verify-full unless the network is trusted",
                p.name,
                p.address()
            )
        } else {
            format!(
                "connection '{}': the server at {} offers no TLS, so data travels unencrypted; enable TLS on the server (then Weir verifies its certificate), or set the TLS mode to disable to make plain TCP explicit",
                p.name,
                p.address()
            )
        })
    }

    /// The profile this connection was opened with.
    pub fn profile(&self) -> &DbProfile {
        &self.profile
    }

    /// The schema to show first: MySQL's database, PostgreSQL's `public`, SQLite's `main`.
    pub fn default_schema(&self) -> String {
        match self.profile.kind {
            DbKind::Mysql => self.profile.database.clone(),
            DbKind::Postgres => "public".into(),
            DbKind::Sqlite => "main".into(),
        }
    }

    /// Schemas (MySQL: databases) without the system ones.
    pub async fn schemas(&self) -> Result<Vec<String>, DbError> {
        let p = &self.profile;
        let f = async {
            match &self.inner {
                Inner::Mysql(pool) => mysql::schemas(p, pool).await,
                Inner::Postgres(pool) => postgres::schemas(p, pool).await,
                Inner::Sqlite(db) => db.schemas().await,
            }
        };
        within(p, "listing schemas", p.timeout(), f).await
    }

    /// Tables and views of a schema, by name.
    pub async fn tables(&self, schema: &str) -> Result<Vec<TableInfo>, DbError> {
        let p = &self.profile;
        let f = async {
            match &self.inner {
                Inner::Mysql(pool) => mysql::tables(p, pool, schema).await,
                Inner::Postgres(pool) => postgres::tables(p, pool, schema).await,
                Inner::Sqlite(db) => db.tables(schema).await,
            }
        };
        within(p, "listing tables", p.timeout(), f).await
    }

    /// Columns of a table, in order; [`DbError::NotFound`] when there is no such table.
    pub async fn columns(&self, schema: &str, table: &str) -> Result<Vec<ColumnInfo>, DbError> {
        let p = &self.profile;
        let f = async {
            match &self.inner {
                Inner::Mysql(pool) => mysql::columns(p, pool, schema, table).await,
                Inner::Postgres(pool) => postgres::columns(p, pool, schema, table).await,
                Inner::Sqlite(db) => db.columns(schema, table).await,
            }
        };
        let cols = within(p, "reading columns", p.timeout(), f).await?;
        if cols.is_empty() {
            return Err(DbError::NotFound {
                profile: p.name.clone(),
                what: "table",
                name: format!("{schema}.{table}"),
            });
        }
        Ok(cols)
    }

    /// Indexes of a table (the primary key's first), columns in index order.
    pub async fn indexes(&self, schema: &str, table: &str) -> Result<Vec<IndexInfo>, DbError> {
        let p = &self.profile;
        let f = async {
            match &self.inner {
                Inner::Mysql(pool) => mysql::indexes(p, pool, schema, table).await,
                Inner::Postgres(pool) => postgres::indexes(p, pool, schema, table).await,
                Inner::Sqlite(db) => db.indexes(schema, table).await,
            }
        };
        within(p, "reading indexes", p.timeout(), f).await
    }

    /// Primary key columns in key order (empty when the table has none).
    pub async fn primary_key(&self, schema: &str, table: &str) -> Result<Vec<String>, DbError> {
        if let Inner::Sqlite(db) = &self.inner {
            let p = &self.profile;
            return within(
                p,
                "reading the primary key",
                p.timeout(),
                db.primary_key(schema, table),
            )
            .await;
        }
        Ok(self
            .indexes(schema, table)
            .await?
            .into_iter()
            .find(|i| i.primary)
            .map(|i| i.columns)
            .unwrap_or_default())
    }

    /// Everything about one table (for DDL generation).
    pub async fn table_meta(&self, schema: &str, table: &str) -> Result<TableMeta, DbError> {
        let info = self
            .tables(schema)
            .await?
            .into_iter()
            .find(|t| t.name == table)
            .ok_or_else(|| DbError::NotFound {
                profile: self.profile.name.clone(),
                what: "table",
                name: format!("{schema}.{table}"),
            })?;
        let columns = self.columns(schema, table).await?;
        let indexes = self.indexes(schema, table).await?;
        let primary_key = self.primary_key(schema, table).await?;
        Ok(TableMeta {
            db: self.profile.kind,
            schema: schema.to_string(),
            name: table.to_string(),
            kind: info.kind,
            comment: info.comment,
            columns,
            primary_key,
            indexes,
        })
    }

    /// Starts running `sql` (returns at once); rows stream into the run's result set.
    /// Must be called inside a tokio runtime.
    pub fn query(&self, sql: &str, options: QueryOptions) -> QueryRun {
        let (run, sink, cancel) = query::start(&options);
        let sql = sql.to_string();
        let profile = self.profile.clone();
        match self.inner.clone() {
            Inner::Mysql(pool) => {
                tokio::spawn(async move {
                    let r = mysql::query(&profile, &pool, &sql, &sink, &cancel, &options).await;
                    sink.finish(r);
                });
            }
            Inner::Postgres(pool) => {
                tokio::spawn(async move {
                    let r = postgres::query(&profile, &pool, &sql, &sink, &cancel, &options).await;
                    sink.finish(r);
                });
            }
            Inner::Sqlite(db) => {
                tokio::spawn(async move {
                    let r = db.query(&profile, sql, &sink, &cancel, &options).await;
                    sink.finish(r);
                });
            }
        }
        run
    }

    /// Closes the connections.
    pub async fn close(&self) {
        match &self.inner {
            Inner::Mysql(p) => p.close().await,
            Inner::Postgres(p) => p.close().await,
            Inner::Sqlite(_) => {}
        }
    }
}

/// Runs `f` under `limit`, failing with [`DbError::Timeout`].
pub(crate) async fn within<T>(
    profile: &DbProfile,
    what: &str,
    limit: Duration,
    f: impl std::future::Future<Output = Result<T, DbError>>,
) -> Result<T, DbError> {
    match tokio::time::timeout(limit, f).await {
        Ok(r) => r,
        Err(_) => Err(DbError::Timeout {
            profile: profile.name.clone(),
            what: format!("{what} ({})", profile.address()),
            secs: limit.as_secs().max(1),
            hint: "check the host, port and firewall, or raise the connection's timeout",
        }),
    }
}

/// Whether `e` says the keychain is unavailable: offer to enter the password for this session
/// only ([`crate::Secrets::set_for_session`]), never to store it elsewhere.
pub fn needs_session_password(e: &DbError) -> bool {
    matches!(
        e,
        DbError::Secret {
            cause: SecretError::Unavailable { .. },
            ..
        }
    )
}
