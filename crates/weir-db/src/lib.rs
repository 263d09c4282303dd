//! Weir's databases around Flink: MySQL/MariaDB, PostgreSQL and SQLite.
//!
//! - [`DbProfile`] says where a database is (from fields or a pasted JDBC URL); profiles are kept
//!   in the workspace ([`profiles`]) with the keychain key of the password, never the password;
//! - [`Db`] is an open, pooled connection: lazy metadata (schemas, tables, columns, keys,
//!   indexes) and queries streamed into a [`weir_results::ResultSet`] ([`QueryRun`]);
//! - [`ddl`] generates Flink `CREATE TABLE` (jdbc, mysql-cdc, postgres-cdc) and `INSERT … SELECT`
//!   skeletons; [`translate`] turns a pasted MySQL `CREATE TABLE` into Flink DDL;
//! - [`secrets`] keeps passwords in the OS keychain (or, when chosen, in memory for the session)
//!   and resolves `${secret:name}` placeholders.
//!
//! Every network call has a timeout; queries can be cancelled and keep the rows received before
//! a failure.

#![warn(missing_docs)]

mod client;
pub mod ddl;
pub mod dialect;
mod driver_error;
mod error;
pub mod meta;
mod mysql;
mod postgres;
pub mod profile;
pub mod profiles;
pub mod query;
pub mod secrets;
mod sqlite;
mod stream;
pub mod translate;
mod transport;
pub mod types;

pub use client::{needs_session_password, Db};
pub use ddl::{create_table, insert_skeleton, DdlError, DdlOptions};
pub use error::DbError;
pub use meta::{ColumnInfo, IndexInfo, TableInfo, TableKind, TableMeta};
pub use profile::{DbKind, DbProfile, JdbcUrl, JdbcUrlError, TlsMode, TlsOptions};
pub use query::{QueryColumn, QueryInfo, QueryOptions, QueryRun, QueryState, QueryStatus};
pub use secrets::{Keychain, SecretError, SecretStore, Secrets, SessionSecrets};
pub use translate::{from_mysql_create_table, TranslateError};
pub use types::{Connector, Mapped};
