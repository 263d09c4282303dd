//! Databases around Flink, for both faces: the saved database profiles of the workspace, the
//! process's open connection pools (one per profile name, opened on first use, reused, dropped
//! when the profile is saved or deleted), the process's secrets (OS keychain plus values entered
//! for this session only), metadata, connection tests and Flink DDL from a table.
//!
//! Passwords go to the keychain (or, when chosen, session memory) under the profile's
//! `password_key`; the workspace keeps only the key.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use ts_rs::TS;
use weir_db::secrets::{SecretError, SecretStore};
use weir_db::{
    profiles, Connector, Db, DbError, DbKind, DbProfile, DdlOptions, JdbcUrl, QueryOptions,
    QueryStatus, Secrets, TableInfo, TableMeta,
};

use crate::completion::{Catalog, CatalogTable, Completions};
use crate::{Weir, WeirError};
use weir_store::ScriptId;

/// What "Test connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DbTestResult {
    /// The server's version string (`10.11.6-MariaDB`, `PostgreSQL 16.2 …`, `3.45.1`).
    pub server_version: String,
    /// How long connecting and asking took.
    #[ts(type = "number")]
    pub millis: u64,
    /// What works but is not safe (an unencrypted connection), for the person to see.
    pub warnings: Vec<String>,
}

/// Whether passwords can be stored in the OS keychain, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    /// The Secret Service (Keychain, Credential Manager) answered.
    pub available: bool,
    /// Why it is not available (what to do), when it is not.
    pub message: Option<String>,
}

/// Why a database use case failed; the message says what, on which connection, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The database (or its driver, or reading its password) failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A password could not be stored or removed. (The cause is part of the message, which is
    /// what the window shows; it is not also a `source()`, so `{:#}` does not print it twice.)
    #[error("connection '{profile}': the password could not be stored: {cause}")]
    Secret {
        /// The profile's name.
        profile: String,
        /// Why.
        cause: SecretError,
    },
    /// What was asked for does not make sense (a bad URL, a name in use, an unknown connector).
    #[error("{0}")]
    Invalid(String),
    /// No saved database connection of that name.
    #[error("there is no database connection named '{0}'; add it in the Databases view (or `weir db add`)")]
    NotFound(String),
    /// The workspace failed.
    #[error(transparent)]
    Workspace(#[from] WeirError),
}

impl From<weir_store::StoreError> for DatabaseError {
    fn from(e: weir_store::StoreError) -> DatabaseError {
        match e {
            weir_store::StoreError::Invalid(m) => DatabaseError::Invalid(m),
            other => DatabaseError::Workspace(WeirError::Store(other)),
        }
    }
}

impl DatabaseError {
    /// The kind the window branches on: `auth` (wrong password), `secret` (keychain problems),
    /// `connection` (unreachable, TLS, timeouts, lost), `invalid` (bad input), `notFound`,
    /// `server` (the server rejected a statement), `cancelled`.
    pub fn kind(&self) -> &'static str {
        match self {
            DatabaseError::Db(e) => db_error_kind(e),
            DatabaseError::Secret { .. } => "secret",
            DatabaseError::Invalid(_) => "invalid",
            DatabaseError::NotFound(_) => "notFound",
            DatabaseError::Workspace(_) => "workspace",
        }
    }
}

/// The window's error kind of a [`DbError`] (see [`DatabaseError::kind`]).
pub fn db_error_kind(e: &DbError) -> &'static str {
    match e {
        DbError::Auth { .. } => "auth",
        DbError::Secret { .. } => "secret",
        DbError::Connect { .. }
        | DbError::Tls { .. }
        | DbError::Timeout { .. }
        | DbError::Lost { .. }
        | DbError::Sqlite { .. }
        | DbError::Other { .. } => "connection",
        DbError::Profile { .. } => "invalid",
        DbError::NotFound { .. } => "notFound",
        DbError::Server { .. } => "server",
        DbError::Cancelled => "cancelled",
    }
}

/// Result of the database use cases.
pub type Result<T> = std::result::Result<T, DatabaseError>;

/// The process's database connections and secrets (one for the app, shared with [`crate::run::Runs`]).
pub struct Databases {
    secrets: Arc<Secrets>,
    pools: tokio::sync::Mutex<HashMap<String, Db>>,
    /// Metadata read so far, per profile name (completion reads it; browsing refreshes it).
    meta: std::sync::Mutex<HashMap<String, MetaCache>>,
}

/// The metadata of one connection read so far.
#[derive(Default)]
struct MetaCache {
    /// The profile it was read with.
    profile: Option<DbProfile>,
    schemas: Option<Vec<String>>,
    tables: HashMap<String, Vec<TableInfo>>,
    /// Name and native type of the columns of `(schema, table)`.
    columns: HashMap<(String, String), Vec<(String, String)>>,
}

/// How long completion waits for a database's metadata before answering without it.
const COMPLETION_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// At most this many tables' columns are read for one completion.
const COMPLETION_TABLES: usize = 16;

impl std::fmt::Debug for Databases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Databases").finish_non_exhaustive()
    }
}

impl Default for Databases {
    fn default() -> Self {
        Databases::new()
    }
}

/// Key used to ask the keychain whether it answers (never stored).
const PROBE_KEY: &str = "weir/keychain-probe";

impl Databases {
    /// Weir's keychain service and an empty session store.
    pub fn new() -> Databases {
        Databases::with_secrets(Secrets::new())
    }

    /// With other secrets (tests use their own keychain service name).
    pub fn with_secrets(secrets: Secrets) -> Databases {
        Databases {
            secrets: Arc::new(secrets),
            pools: tokio::sync::Mutex::new(HashMap::new()),
            meta: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The process's secrets.
    pub fn secrets(&self) -> &Arc<Secrets> {
        &self.secrets
    }

    /// Stores a secret (e.g. a gateway token) under `key` in the keychain, or, when
    /// `session_only`, in memory for this session; never anywhere else.
    pub async fn store_secret(
        &self,
        key: &str,
        value: &str,
        session_only: bool,
    ) -> std::result::Result<(), SecretError> {
        if key.trim().is_empty() {
            return Err(SecretError::Invalid {
                key: key.to_string(),
                detail: "the keychain key is empty".into(),
            });
        }
        if session_only {
            self.secrets.set_for_session(key.trim(), value);
            return Ok(());
        }
        let (secrets, k, v) = (
            self.secrets.clone(),
            key.trim().to_string(),
            value.to_string(),
        );
        tokio::task::spawn_blocking(move || secrets.set(&k, &v))
            .await
            .unwrap_or_else(|e| {
                Err(SecretError::Unavailable {
                    detail: format!("the keychain call stopped: {e}"),
                })
            })
    }

    /// Reads a secret off the async threads (a keychain call may wait for the Secret Service).
    pub(crate) async fn secret(&self, key: &str) -> std::result::Result<String, SecretError> {
        let (secrets, key) = (self.secrets.clone(), key.to_string());
        match tokio::task::spawn_blocking(move || secrets.get(&key)).await {
            Ok(r) => r,
            Err(e) => Err(SecretError::Unavailable {
                detail: format!("the keychain call stopped: {e}"),
            }),
        }
    }

    /// The password of `profile` (none when it has no key).
    async fn password(&self, profile: &DbProfile) -> std::result::Result<Option<String>, DbError> {
        match &profile.password_key {
            None => Ok(None),
            Some(key) => self
                .secret(key)
                .await
                .map(Some)
                .map_err(|cause| DbError::Secret {
                    profile: profile.name.clone(),
                    cause,
                }),
        }
    }

    /// The open pool of `profile` (opened now when there is none, or when the profile changed).
    pub async fn connect(&self, profile: &DbProfile) -> std::result::Result<Db, DbError> {
        if let Some(db) = self.pools.lock().await.get(&profile.name) {
            if db.profile() == profile {
                return Ok(db.clone());
            }
        }
        let password = self.password(profile).await?;
        let db = Db::connect(profile, password.as_deref()).await?;
        tracing::info!(
            "connected to database '{}' ({} at {})",
            profile.name,
            profile.kind.name(),
            profile.address()
        );
        let old = self
            .pools
            .lock()
            .await
            .insert(profile.name.clone(), db.clone());
        if let Some(old) = old {
            old.close().await;
        }
        Ok(db)
    }

    /// Closes and forgets the pool of `name` (its profile was saved or deleted).
    pub async fn forget(&self, name: &str) {
        self.meta
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(name);
        let old = self.pools.lock().await.remove(name);
        if let Some(db) = old {
            db.close().await;
        }
    }

    /// Closes every pool (the app exits).
    pub async fn close_all(&self) {
        let all: Vec<Db> = self.pools.lock().await.drain().map(|(_, d)| d).collect();
        for db in all {
            db.close().await;
        }
    }

    /// The saved database profiles of the workspace, by name.
    pub fn profiles(&self, weir: &Weir) -> Result<Vec<DbProfile>> {
        Ok(profiles::stored_in(&*weir.store()?)?)
    }

    /// The saved profile `name`.
    pub fn profile(&self, weir: &Weir, name: &str) -> Result<DbProfile> {
        profiles::find(&*weir.store()?, name)?.ok_or_else(|| DatabaseError::NotFound(name.into()))
    }

    /// Reads a JDBC URL as people paste it (a password in it is dropped: it never reaches a
    /// profile).
    pub fn parse_url(url: &str) -> Result<DbProfile> {
        JdbcUrl::parse(url)
            .map(|u| u.profile)
            .map_err(|e| DatabaseError::Invalid(e.to_string()))
    }

    /// Saves `profile` (adding or replacing by name). A `password` goes to the keychain under the
    /// profile's key (one is assigned when it has none), or to session memory when
    /// `session_only`; never to the workspace. `None` keeps the stored one.
    pub async fn save_profile(
        &self,
        weir: &Weir,
        mut profile: DbProfile,
        password: Option<&str>,
        session_only: bool,
    ) -> Result<DbProfile> {
        profile.name = profile.name.trim().to_string();
        profile.validate().map_err(DatabaseError::Invalid)?;
        if profile.name == crate::run::connection::LOCAL
            || weir
                .flink_connections()?
                .iter()
                .any(|c| c.name == profile.name)
        {
            return Err(DatabaseError::Invalid(format!(
                "a Flink connection is named '{}' already; choose another name",
                profile.name
            )));
        }
        if let Some(password) = password {
            // A legacy unscoped key (`db/NAME`, written by older `weir db add`) may be another
            // workspace's password too: a new password goes under this workspace's own key.
            let key = profile
                .password_key
                .clone()
                .filter(|k| !k.trim().is_empty() && !is_legacy_key(&profile.name, k))
                .unwrap_or_else(|| password_key(weir.dir(), &profile.name));
            self.store_secret(&key, password, session_only)
                .await
                .map_err(|cause| DatabaseError::Secret {
                    profile: profile.name.clone(),
                    cause,
                })?;
            if session_only {
                tracing::info!(
                    "the password of '{}' is kept in memory for this session only",
                    profile.name
                );
            } else {
                tracing::info!(
                    "stored the password of '{}' in the keychain under '{key}'",
                    profile.name
                );
            }
            profile.password_key = Some(key);
        }
        profiles::save(&*weir.store()?, &profile)?;
        self.forget(&profile.name).await;
        tracing::info!("saved database connection '{}'", profile.name);
        Ok(profile)
    }

    /// Removes a saved profile, its pool and its password (keychain and session).
    pub async fn delete_profile(&self, weir: &Weir, name: &str) -> Result<()> {
        self.remove_profile(weir, name).await.map(|_| ())
    }

    /// [`Databases::delete_profile`], saying what became of the password. A legacy unscoped
    /// key (`db/NAME`) is left in the keychain: another workspace may still use it.
    pub async fn remove_profile(&self, weir: &Weir, name: &str) -> Result<PasswordRemoval> {
        let profile = self.profile(weir, name)?;
        profiles::remove(&*weir.store()?, name)?;
        self.forget(name).await;
        let outcome = match profile.password_key {
            None => PasswordRemoval::NoPassword,
            Some(key) if is_legacy_key(name, &key) => {
                self.secrets.session.delete(&key).ok();
                PasswordRemoval::KeptShared { key }
            }
            Some(key) => {
                let (secrets, k) = (self.secrets.clone(), key.clone());
                match tokio::task::spawn_blocking(move || secrets.delete(&k)).await {
                    Ok(Ok(())) | Ok(Err(SecretError::NotFound { .. })) => {
                        PasswordRemoval::Removed { key }
                    }
                    Ok(Err(e)) => PasswordRemoval::Failed {
                        key,
                        error: e.to_string(),
                    },
                    Err(e) => PasswordRemoval::Failed {
                        key,
                        error: format!("the keychain call stopped: {e}"),
                    },
                }
            }
        };
        if let PasswordRemoval::Failed { key, error } = &outcome {
            tracing::warn!(
                "the password of '{name}' (keychain key '{key}') was not removed: {error}"
            );
        }
        tracing::info!("deleted database connection '{name}'");
        Ok(outcome)
    }

    /// Moves the passwords of this workspace's profiles that still use a legacy unscoped key
    /// (`db/NAME`, written by `weir db add` before keys named the workspace) to the
    /// workspace's own key. Per profile, in this order: the secret is read, written under the
    /// new key, read back and compared, and only then does the profile name the new key. The
    /// legacy entry itself is left in the keychain, never deleted: every workspace shared that
    /// key, and another one may still name it (it moves on its own when that workspace is next
    /// written by `weir db`). A failure leaves that profile as it was (still working with the
    /// legacy key) and is reported; the next run tries again. Call it with the workspace open
    /// for writing ([`Weir`] holds its lock), so no other process changes the profiles meanwhile.
    pub async fn migrate_legacy_keys(&self, weir: &Weir) -> Result<Vec<KeyMigration>> {
        let mut done = Vec::new();
        for mut profile in self.profiles(weir)? {
            let Some(old) = profile
                .password_key
                .clone()
                .filter(|k| is_legacy_key(&profile.name, k))
            else {
                continue;
            };
            let new = password_key(weir.dir(), &profile.name);
            let failed = |reason: String| KeyMigration::Failed {
                profile: profile.name.clone(),
                key: old.clone(),
                reason,
            };
            let value = match self.secret_from_keychain(&old).await {
                Ok(v) => v,
                Err(e) => {
                    done.push(failed(e.to_string()));
                    continue;
                }
            };
            if let Err(e) = self.store_secret(&new, &value, false).await {
                done.push(failed(format!("cannot write the new key '{new}': {e}")));
                continue;
            }
            match self.secret_from_keychain(&new).await {
                Ok(v) if v == value => {}
                Ok(_) => {
                    done.push(failed(format!(
                        "the new key '{new}' did not read back the same password"
                    )));
                    continue;
                }
                Err(e) => {
                    done.push(failed(format!("cannot read back the new key '{new}': {e}")));
                    continue;
                }
            }
            profile.password_key = Some(new.clone());
            profiles::save(&*weir.store()?, &profile)?;
            self.forget(&profile.name).await;
            tracing::info!(
                "moved the password of '{}' from keychain key '{old}' to '{new}'",
                profile.name
            );
            done.push(KeyMigration::Moved {
                profile: profile.name,
                from: old,
                to: new,
            });
        }
        Ok(done)
    }

    /// Connects once with `profile` (not pooled) and asks the server's version; `password`
    /// `None` uses the stored one.
    pub async fn test(&self, profile: &DbProfile, password: Option<&str>) -> Result<DbTestResult> {
        profile.validate().map_err(DatabaseError::Invalid)?;
        let started = Instant::now();
        let password = match password {
            Some(p) => Some(p.to_string()),
            None => self.password(profile).await?,
        };
        let db = Db::connect(profile, password.as_deref()).await?;
        let sql = match profile.kind {
            DbKind::Sqlite => "SELECT sqlite_version()",
            DbKind::Mysql | DbKind::Postgres => "SELECT version()",
        };
        let run = db.query(
            sql,
            QueryOptions {
                max_rows: 1,
                idle_timeout: profile.timeout(),
            },
        );
        run.wait().await;
        let info = run.info();
        let version = run
            .state()
            .results
            .as_ref()
            .and_then(|s| s.cell_text(0, 0))
            .unwrap_or_default();
        let warnings: Vec<String> = db.tls_warning().into_iter().collect();
        db.close().await;
        if info.status != QueryStatus::Ok {
            return Err(DbError::Other {
                profile: profile.name.clone(),
                message: info
                    .error
                    .unwrap_or_else(|| "the server did not say its version".into()),
            }
            .into());
        }
        Ok(DbTestResult {
            server_version: version,
            millis: started.elapsed().as_millis() as u64,
            warnings,
        })
    }

    /// Whether the OS keychain answers (a read of a key that is never stored).
    pub async fn keychain_status(&self) -> KeychainStatus {
        let (available, message) = match self.secret_from_keychain(PROBE_KEY).await {
            Ok(_) | Err(SecretError::NotFound { .. }) => (true, None),
            Err(e @ SecretError::Unavailable { .. }) => (false, Some(e.to_string())),
            // a stored probe value that is not text still means the keychain answers
            Err(SecretError::Invalid { .. }) => (true, None),
        };
        KeychainStatus { available, message }
    }

    async fn secret_from_keychain(&self, key: &str) -> std::result::Result<String, SecretError> {
        let (secrets, key) = (self.secrets.clone(), key.to_string());
        tokio::task::spawn_blocking(move || secrets.keychain.get(&key))
            .await
            .unwrap_or_else(|e| {
                Err(SecretError::Unavailable {
                    detail: format!("the keychain call stopped: {e}"),
                })
            })
    }

    /// The pool of the saved profile `name`.
    pub async fn db(&self, weir: &Weir, name: &str) -> Result<Db> {
        let profile = self.profile(weir, name)?;
        Ok(self.connect(&profile).await?)
    }

    /// Schemas (MySQL: databases) of a saved connection, read now (completion sees them too).
    pub async fn schemas(&self, weir: &Weir, name: &str) -> Result<Vec<String>> {
        let db = self.db(weir, name).await?;
        let schemas = db.schemas().await?;
        self.with_meta(db.profile(), |m| m.schemas = Some(schemas.clone()));
        Ok(schemas)
    }

    /// Tables and views of a schema, read now.
    pub async fn tables(&self, weir: &Weir, name: &str, schema: &str) -> Result<Vec<TableInfo>> {
        let db = self.db(weir, name).await?;
        let tables = db.tables(schema).await?;
        self.with_meta(db.profile(), |m| {
            m.tables.insert(schema.to_string(), tables.clone());
        });
        Ok(tables)
    }

    /// Columns, keys and indexes of a table, read now.
    pub async fn table_meta(
        &self,
        weir: &Weir,
        name: &str,
        schema: &str,
        table: &str,
    ) -> Result<TableMeta> {
        let db = self.db(weir, name).await?;
        let meta = db.table_meta(schema, table).await?;
        self.with_meta(db.profile(), |m| {
            m.columns.insert(
                (schema.to_string(), table.to_string()),
                column_pairs(&meta.columns),
            );
        });
        Ok(meta)
    }

    /// [`translate_mysql_at`] in script `id`; the table is read from `connection` when that
    /// is a saved MySQL connection (its host, user and password key), else from placeholders.
    pub fn translate_mysql(
        &self,
        weir: &Weir,
        id: ScriptId,
        from: u32,
        to: u32,
        connector: Connector,
        connection: Option<&str>,
    ) -> Result<TextEdit> {
        let text = weir.doc_text(id)?;
        let server = match connection {
            Some(name) => profiles::find(&*weir.store()?, name)?
                .filter(|p| p.kind == DbKind::Mysql)
                .map(|p| DdlOptions::for_profile(&p)),
            None => None,
        };
        translate_mysql_at(&text, from, to, connector, server.as_ref())
    }

    /// A sync job for one table: its CDC source (`mysql-cdc` or `postgres-cdc`; `jdbc` for
    /// SQLite), a `jdbc` sink on the same server to point elsewhere, and the aligned
    /// `INSERT INTO sink (…) SELECT … FROM source`.
    pub async fn generate_pipeline(
        &self,
        weir: &Weir,
        name: &str,
        schema: &str,
        table: &str,
    ) -> Result<String> {
        let db = self.db(weir, name).await?;
        let meta = db.table_meta(schema, table).await?;
        let source_connector = match meta.db {
            DbKind::Mysql => Connector::MysqlCdc,
            DbKind::Postgres => Connector::PostgresCdc,
            DbKind::Sqlite => Connector::Jdbc,
        };
        let invalid =
            |e: weir_db::DdlError| DatabaseError::Invalid(format!("connection '{name}': {e}"));
        let (source, sink) = (format!("{table}_source"), format!("{table}_sink"));
        let mut options = DdlOptions::for_profile(db.profile());
        options.flink_table = Some(source.clone());
        let source_ddl =
            weir_db::create_table(&meta, source_connector, &options).map_err(invalid)?;
        options.flink_table = Some(sink.clone());
        let sink_ddl = weir_db::create_table(&meta, Connector::Jdbc, &options).map_err(invalid)?;
        let columns: Vec<String> = meta.columns.iter().map(|c| c.name.clone()).collect();
        Ok(format!(
            "-- Source: every change of {schema}.{table}\n{source_ddl}\n\
             -- Sink: point 'url' and 'table-name' at the table to fill\n{sink_ddl}\n\
             {}",
            weir_db::insert_skeleton(&sink, &source, &columns)
        ))
    }

    /// Runs `f` on what was read of `profile` (forgotten when the profile behind the name
    /// changed: another workspace's "shop", or an edit).
    fn with_meta<T>(&self, profile: &DbProfile, f: impl FnOnce(&mut MetaCache) -> T) -> T {
        let mut all = self.meta.lock().unwrap_or_else(|e| e.into_inner());
        let entry = all.entry(profile.name.clone()).or_default();
        if entry.profile.as_ref() != Some(profile) {
            *entry = MetaCache {
                profile: Some(profile.clone()),
                ..MetaCache::default()
            };
        }
        f(entry)
    }

    /// Completion in script `id` at UTF-16 offset `pos`, in a tab that runs on `connection`:
    /// when that is a database, its schemas, tables and the columns of the tables the statement
    /// names come too (read once and kept until the profile changes or the browser refreshes
    /// them). A database that does not answer within two seconds is left out, with a log line.
    pub async fn complete(
        &self,
        weir: &Weir,
        id: ScriptId,
        pos: u32,
        connection: Option<&str>,
    ) -> Result<Completions> {
        let text = weir.doc_text(id)?;
        let mut catalog = None;
        if let Some(name) = connection {
            if profiles::find(&*weir.store()?, name)?.is_some() {
                let byte = weir_sql::utf16::utf16_to_byte_floor(&text, pos as usize);
                match tokio::time::timeout(COMPLETION_WAIT, self.catalog(weir, name, &text, byte))
                    .await
                {
                    Ok(Ok(c)) => catalog = Some(c),
                    Ok(Err(e)) => tracing::warn!("completion without '{name}' metadata: {e}"),
                    Err(_) => tracing::warn!(
                        "completion without '{name}' metadata: no answer within {}s",
                        COMPLETION_WAIT.as_secs()
                    ),
                }
            }
        }
        Ok(crate::completion::complete_utf16(
            &text,
            pos,
            catalog.as_ref(),
        ))
    }

    /// What connection `name` holds that completion at byte `pos` of `text` needs.
    async fn catalog(&self, weir: &Weir, name: &str, text: &str, pos: usize) -> Result<Catalog> {
        let db = self.db(weir, name).await?;
        let schemas = match self.with_meta(db.profile(), |m| m.schemas.clone()) {
            Some(s) => s,
            None => self.schemas(weir, name).await?,
        };
        let default_schema = db.default_schema();
        let (names, qualifier) = crate::completion::names_near(text, pos);
        let find_schema = |s: &str| schemas.iter().find(|x| x.eq_ignore_ascii_case(s)).cloned();
        let mut wanted: Vec<String> = vec![default_schema.clone()];
        for s in qualifier
            .iter()
            .chain(names.iter().filter_map(|n| n.schema.as_ref()))
        {
            if let Some(s) = find_schema(s) {
                if !wanted.contains(&s) {
                    wanted.push(s);
                }
            }
        }
        let mut tables: Vec<CatalogTable> = Vec::new();
        for schema in &wanted {
            let listed = match self.with_meta(db.profile(), |m| m.tables.get(schema).cloned()) {
                Some(t) => t,
                None => self.tables(weir, name, schema).await?,
            };
            tables.extend(listed.into_iter().map(|t| CatalogTable {
                view: t.kind != weir_db::TableKind::Table,
                schema: t.schema,
                name: t.name,
                columns: None,
            }));
        }
        // The columns of the tables the statement names.
        let mut read = 0;
        for n in &names {
            let schema = n
                .schema
                .as_deref()
                .and_then(find_schema)
                .unwrap_or_else(|| default_schema.clone());
            let Some(t) = tables.iter_mut().find(|t| {
                t.schema == schema && (t.name == n.name || t.name.eq_ignore_ascii_case(&n.name))
            }) else {
                continue;
            };
            if t.columns.is_some() || read == COMPLETION_TABLES {
                continue;
            }
            let key = (t.schema.clone(), t.name.clone());
            let columns = match self.with_meta(db.profile(), |m| m.columns.get(&key).cloned()) {
                Some(c) => c,
                None => {
                    read += 1;
                    let columns = column_pairs(&db.columns(&key.0, &key.1).await?);
                    self.with_meta(db.profile(), |m| m.columns.insert(key, columns.clone()));
                    columns
                }
            };
            t.columns = Some(columns);
        }
        Ok(Catalog {
            default_schema,
            schemas,
            tables,
            quote: if db.profile().kind == DbKind::Mysql {
                '`'
            } else {
                '"'
            },
        })
    }

    /// Flink `CREATE TABLE` reading `schema.table` of a saved connection through `connector`
    /// (the password written as `${secret:key}`).
    pub async fn generate_ddl(
        &self,
        weir: &Weir,
        name: &str,
        schema: &str,
        table: &str,
        connector: Connector,
    ) -> Result<String> {
        let db = self.db(weir, name).await?;
        let meta = db.table_meta(schema, table).await?;
        weir_db::create_table(&meta, connector, &DdlOptions::for_profile(db.profile()))
            .map_err(|e| DatabaseError::Invalid(format!("connection '{name}': {e}")))
    }
}

fn column_pairs(columns: &[weir_db::ColumnInfo]) -> Vec<(String, String)> {
    columns
        .iter()
        .map(|c| (c.name.clone(), c.native_type.clone()))
        .collect()
}

/// A replacement of part of a script (UTF-16 offsets) for the editor to apply, undoably.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub from: u32,
    pub to: u32,
    pub text: String,
}

/// The table name when `text` is a MySQL `CREATE TABLE` that is not Flink SQL already (the
/// editor then offers to translate a paste).
pub fn pasted_mysql_table(text: &str) -> Option<String> {
    let meta = weir_db::translate::mysql_create_table_meta(text).ok()?;
    let statements = weir_sql::split(text);
    let flink = !statements.is_empty()
        && statements
            .iter()
            .all(|st| weir_sql::parse(&st.text).is_ok());
    (!flink).then_some(meta.name)
}

/// Flink DDL for the MySQL `CREATE TABLE` at `text[from..to]`, or at the statement around the
/// cursor when `from == to` (UTF-16 offsets), as an edit replacing it. A following `;` of the
/// script is kept, not doubled.
pub fn translate_mysql_at(
    text: &str,
    from: u32,
    to: u32,
    connector: Connector,
    server: Option<&DdlOptions>,
) -> Result<TextEdit> {
    let (a, b) = (
        weir_sql::utf16::utf16_to_byte_floor(text, from.min(to) as usize),
        weir_sql::utf16::utf16_to_byte_floor(text, from.max(to) as usize),
    );
    let (start, end) = if a == b {
        let all = weir_sql::split(text);
        let st = crate::run::plan::at_cursor(&all, a).ok_or_else(|| {
            DatabaseError::Invalid("there is no statement at the cursor to translate".into())
        })?;
        (st.span.start.offset, st.span.end.offset)
    } else {
        // A selection, without the blank space around it.
        let sel = &text[a..b];
        let lead = sel.len() - sel.trim_start().len();
        (a + lead, a + sel.trim_end().len())
    };
    let source = &text[start..end];
    let ddl = weir_db::translate::translate_pasted(source, connector, server).map_err(|e| {
        let line = text[..start].matches('\n').count() + 1;
        DatabaseError::Invalid(format!("line {line}: {e}"))
    })?;
    let ddl = ddl.trim_end().trim_end_matches(';');
    let source_has_semicolon = source.trim_end().ends_with(';');
    let followed_by_semicolon = text[end..].trim_start().starts_with(';');
    let text_out = if followed_by_semicolon && !source_has_semicolon {
        ddl.to_string()
    } else {
        format!("{ddl};")
    };
    let units = weir_sql::utf16::bytes_to_utf16(text, &[start, end]);
    Ok(TextEdit {
        from: units[0],
        to: units[1],
        text: text_out,
    })
}

/// Whether `key` is the unscoped keychain key older `weir db add` gave profile `name`
/// (`db/NAME`): shared by every workspace with a profile of that name.
pub fn is_legacy_key(name: &str, key: &str) -> bool {
    key.strip_prefix("db/") == Some(name)
}

/// What [`Databases::remove_profile`] did with the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordRemoval {
    /// The profile had no password key.
    NoPassword,
    /// The keychain entry (and any session value) is gone.
    Removed { key: String },
    /// A legacy unscoped key, left in the keychain: another workspace may use it.
    KeptShared { key: String },
    /// The keychain refused; the entry may still be there.
    Failed { key: String, error: String },
}

/// What [`Databases::migrate_legacy_keys`] did for one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMigration {
    /// The password was copied to the workspace's key and the profile names it now; the legacy
    /// entry is still in the keychain.
    Moved {
        profile: String,
        from: String,
        to: String,
    },
    /// Nothing changed for this profile (it still uses `key`); why.
    Failed {
        profile: String,
        key: String,
        reason: String,
    },
}

/// The keychain key for the password of profile `name` in the workspace at `dir`:
/// `db/<hash of the directory>/<name>`, so two workspaces' "shop" do not share a password.
pub fn password_key(dir: &Path, name: &str) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // FNV-1a: stable across Rust versions (the key is stored in the profile anyway).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.to_string_lossy().as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("db/{:08x}/{name}", h >> 32)
}

/// How the run toolbar names a database connection: `shop (MySQL)`.
pub fn label(profile: &DbProfile) -> String {
    let kind = match profile.kind {
        DbKind::Mysql => "MySQL",
        DbKind::Postgres => "PostgreSQL",
        DbKind::Sqlite => "SQLite",
    };
    format!("{} ({kind})", profile.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MYSQL: &str = "CREATE TABLE `shop`.`orders` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  \
        `total` decimal(10,2) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    #[test]
    fn a_pasted_mysql_table_is_recognised_and_flink_ddl_is_not() {
        assert_eq!(pasted_mysql_table(MYSQL).as_deref(), Some("orders"));
        assert_eq!(
            pasted_mysql_table(&format!("{MYSQL};\n")).as_deref(),
            Some("orders")
        );
        let flink = "CREATE TABLE t (id INT) WITH ('connector' = 'datagen')";
        assert_eq!(pasted_mysql_table(flink), None);
        assert_eq!(pasted_mysql_table("SELECT 1"), None);
        assert_eq!(pasted_mysql_table("CREATE TABLE (oops"), None);
    }

    #[test]
    fn translating_replaces_the_statement_at_the_cursor() {
        let script = format!("SELECT 1;\n-- pasted\n{MYSQL};\nSELECT 2;\n");
        let at = script.find("AUTO_INCREMENT").unwrap() as u32;
        let edit = translate_mysql_at(&script, at, at, Connector::Jdbc, None).unwrap();
        let start = script.find("CREATE").unwrap() as u32;
        assert_eq!(edit.from, start);
        assert_eq!(&script[edit.to as usize..edit.to as usize + 1], ";");
        assert!(
            !edit.text.ends_with(';'),
            "the script's own ; stays: {}",
            edit.text
        );
        let mut out = script.clone();
        out.replace_range(edit.from as usize..edit.to as usize, &edit.text);
        let statements = weir_sql::split(&out);
        assert_eq!(statements.len(), 3, "{out}");
        let ddl = weir_sql::parse(&statements[1].text).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(ddl.kind(), "create_table");
        assert!(out.contains("`id` BIGINT NOT NULL"), "{out}");
        assert!(out.contains("'password' = '${secret:mysql}'"), "{out}");
        // A selection (blank space around it kept), against a saved server, another connector.
        let server = DdlOptions {
            hostname: "db.internal".into(),
            port: 3307,
            database: "shop".into(),
            username: "etl".into(),
            password_key: Some("db/x/shop".into()),
            ..DdlOptions::default()
        };
        let text = format!("\n  {MYSQL}  \n");
        let edit = translate_mysql_at(
            &text,
            0,
            text.len() as u32,
            Connector::MysqlCdc,
            Some(&server),
        )
        .unwrap();
        assert_eq!((edit.from, edit.to), (3, 3 + MYSQL.len() as u32));
        assert!(edit.text.ends_with(';'));
        for want in [
            "'hostname' = 'db.internal'",
            "'port' = '3307'",
            "'username' = 'etl'",
            "'${secret:db/x/shop}'",
        ] {
            assert!(edit.text.contains(want), "{want}: {}", edit.text);
        }
        // Not MySQL DDL: the message says where.
        let e =
            translate_mysql_at("SELECT 1;\nSELECT 2", 12, 12, Connector::Jdbc, None).unwrap_err();
        assert!(e.to_string().starts_with("line 2: "), "{e}");
        // Offsets are UTF-16.
        let text = format!("-- café ☕\n{MYSQL}");
        let edit = translate_mysql_at(&text, 30, 30, Connector::Jdbc, None).unwrap();
        assert_eq!(edit.from as usize, "-- café ☕\n".encode_utf16().count());
    }

    #[test]
    fn metadata_of_another_profile_with_the_same_name_is_not_reused() {
        let dbs = Databases::new();
        let mut a = Databases::parse_url("jdbc:mysql://h1:3306/shop").unwrap();
        a.name = "shop".into();
        let mut b = a.clone();
        b.host = "h2".into();
        dbs.with_meta(&a, |m| m.schemas = Some(vec!["shop".into()]));
        assert_eq!(
            dbs.with_meta(&a, |m| m.schemas.clone()),
            Some(vec!["shop".into()])
        );
        assert_eq!(dbs.with_meta(&b, |m| m.schemas.clone()), None);
        assert_eq!(dbs.with_meta(&a, |m| m.schemas.clone()), None);
    }

    #[test]
    fn password_keys_name_the_workspace_and_profile() {
        let a = password_key(Path::new("/tmp/ws-a"), "shop");
        let b = password_key(Path::new("/tmp/ws-b"), "shop");
        assert!(a.starts_with("db/") && a.ends_with("/shop"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, password_key(Path::new("/tmp/ws-a"), "shop"));
    }

    #[test]
    fn error_kinds_tell_the_window_what_to_offer() {
        let auth = DatabaseError::Db(DbError::Auth {
            profile: "p".into(),
            address: "h:1".into(),
            user: "u".into(),
            password_key: None,
            detail: "denied".into(),
        });
        assert_eq!(auth.kind(), "auth");
        let secret = DatabaseError::Db(DbError::Secret {
            profile: "p".into(),
            cause: SecretError::NotFound { key: "k".into() },
        });
        assert_eq!(secret.kind(), "secret");
        assert_eq!(DatabaseError::Invalid("bad".into()).kind(), "invalid");
        let down = DatabaseError::Db(DbError::Connect {
            profile: "p".into(),
            address: "h:1".into(),
            detail: "refused".into(),
        });
        assert_eq!(down.kind(), "connection");
    }

    /// A database connection needs no server when it is an SQLite file: the whole path from
    /// profile to run toolbar to grid, without a keychain (no password).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_sqlite_connection_runs_scripts_into_result_sets() {
        use crate::run::{ConnectionProfile, RunRequest, RunScope, Runs, StatementStatus};
        let files = tempfile::tempdir().unwrap();
        let file = files.path().join("local.db");
        // An empty file is an empty SQLite database.
        std::fs::write(&file, b"").unwrap();
        let ws = tempfile::tempdir().unwrap();
        let weir = Weir::open(ws.path()).unwrap();
        let dbs = Arc::new(Databases::with_secrets(Secrets {
            keychain: weir_db::Keychain::with_service("weir-test-never-stored"),
            session: weir_db::SessionSecrets::default(),
        }));
        let mut p = Databases::parse_url(&format!("jdbc:sqlite:{}", file.display())).unwrap();
        p.name = "lite".into();
        let saved = dbs.save_profile(&weir, p, None, false).await.unwrap();
        assert_eq!(saved.password_key, None);

        // Listed for the run toolbar after the Flink connections; names stay unique.
        weir.save_connection(ConnectionProfile::gateway("http://gw:8083"), None)
            .unwrap();
        let names: Vec<String> = weir
            .connections()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["local", "http://gw:8083", "lite"]);
        let mut clash = ConnectionProfile::gateway("http://gw:8083");
        clash.name = "lite".into();
        assert!(weir.save_connection(clash, None).is_err());
        let e = dbs
            .save_profile(
                &weir,
                DbProfile {
                    name: "local".into(),
                    ..saved.clone()
                },
                None,
                false,
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "invalid");
        assert_eq!(weir.flink_connections().unwrap().len(), 2);

        // A script of three statements (a `;` in a string and a comment does not split).
        let script = "CREATE TABLE t (a INTEGER, b TEXT);\n\
                      INSERT INTO t VALUES (2, 'y;z'), (1, '${v}');\n\
                      -- a comment; with a semicolon\n\
                      SELECT a, b FROM t ORDER BY a";
        let id = weir.create_script(None, "lite.sql", script).unwrap().id;
        let target = weir.connection("lite").unwrap().unwrap();
        let runs =
            Runs::with_databases(crate::engine::Engine::new(Default::default()), dbs.clone());
        let mut values = weir_sql::vars::Values::default();
        values.vars.insert("v".into(), "x".into());
        let request = |scope| RunRequest {
            script_id: id,
            scope,
            connection: "lite".into(),
            mode: None,
            max_rows: None,
        };
        let first = runs
            .start(
                &request(RunScope::Script),
                &target,
                script,
                &values,
                Arc::new(|_| {}),
            )
            .await
            .unwrap();
        let end = Instant::now() + std::time::Duration::from_secs(20);
        let done = loop {
            let u = runs.update(first.run_id).unwrap();
            if u.finished {
                break u;
            }
            assert!(Instant::now() < end, "{u:?}");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        };
        let statuses: Vec<StatementStatus> = done.statements.iter().map(|s| s.status).collect();
        assert_eq!(statuses, [StatementStatus::Ok; 3], "{done:?}");
        assert!(!done.statements[1].is_query);
        assert_eq!(done.statements[1].rows, 2, "rows affected");
        assert!(done.statements[1].sql.contains("'${v}'"));
        let q = &done.statements[2];
        assert!(q.is_query);
        assert_eq!(q.rows, 2);
        let query = weir_results::WindowQuery {
            selection: weir_results::Selection::of(weir_results::View::Materialized),
            offset: 0,
            limit: 10,
        };
        let w = runs.window(first.run_id, 2, &query).unwrap().unwrap();
        assert_eq!(w.rows[0].cells[1], weir_results::Cell::Text("x".into()));
        assert_eq!(w.rows[1].cells[1], weir_results::Cell::Text("y;z".into()));

        // The statement at the cursor only; a failure shows SQLite's message.
        let at = script.find("SELECT").unwrap() as u64;
        let again = runs
            .start(
                &request(RunScope::Cursor { at }),
                &target,
                script,
                &values,
                Arc::new(|_| {}),
            )
            .await
            .unwrap();
        assert_eq!(again.statements.len(), 1);
        let bad = runs
            .start(
                &request(RunScope::Script),
                &target,
                "SELECT * FROM missing_table",
                &values,
                Arc::new(|_| {}),
            )
            .await
            .unwrap();
        let end = Instant::now() + std::time::Duration::from_secs(20);
        let u = loop {
            let u = runs.update(bad.run_id).unwrap();
            if u.finished {
                break u;
            }
            assert!(Instant::now() < end);
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        };
        assert_eq!(u.statements[0].status, StatementStatus::Error);
        let msg = &u.statements[0].error.as_ref().unwrap().message;
        assert!(
            msg.contains("missing_table") && msg.contains("'lite'"),
            "{msg}"
        );

        // Metadata through the pool; deleting forgets the target.
        let tables = dbs.tables(&weir, "lite", "main").await.unwrap();
        assert_eq!(
            tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["t"]
        );
        dbs.delete_profile(&weir, "lite").await.unwrap();
        assert!(weir.connection("lite").unwrap().is_none());
        assert_eq!(
            dbs.schemas(&weir, "lite").await.unwrap_err().kind(),
            "notFound"
        );
        runs.close_all().await;
    }

    #[test]
    fn urls_lose_their_password() {
        let p = Databases::parse_url("jdbc:mysql://h:3307/shop?user=ana&password=Sup3r").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("h", 3307));
        assert!(!serde_json::to_string(&p).unwrap().contains("Sup3r"));
        let e = Databases::parse_url("mysql://h").unwrap_err();
        assert_eq!(e.kind(), "invalid");
    }
}
