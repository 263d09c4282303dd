//! What the metadata browser shows: schemas, tables and views, columns with their native types,
//! primary keys and indexes. Loaded lazily, one call per level (see [`crate::Db`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::profile::DbKind;

/// A table or a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// A base table.
    Table,
    /// A view (or materialized view).
    View,
}

/// One table of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableInfo {
    /// Schema (MySQL: database) it lives in.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// Table or view.
    pub kind: TableKind,
    /// The table's comment, when it has one.
    pub comment: Option<String>,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// The type exactly as the server reports it (`int(10) unsigned`, `numeric(12,2)`,
    /// `timestamp(3) with time zone`, `integer[]`).
    pub native_type: String,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The default as the server reports it (an expression text), when there is one.
    pub default: Option<String>,
    /// The column's comment, when it has one.
    pub comment: Option<String>,
    /// 1-based position in the table.
    pub ordinal: u32,
    /// Filled by the server (AUTO_INCREMENT, SERIAL/identity).
    pub auto_increment: bool,
}

/// One index of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndexInfo {
    /// Index name.
    pub name: String,
    /// Whether values must be unique.
    pub unique: bool,
    /// Whether it is the primary key's index.
    pub primary: bool,
    /// Its columns (or expressions), in index order.
    pub columns: Vec<String>,
}

/// Everything about one table, as needed to generate Flink DDL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableMeta {
    /// The database kind the types belong to.
    pub db: DbKind,
    /// Schema (MySQL: database).
    pub schema: String,
    /// Table name.
    pub name: String,
    /// Table or view.
    pub kind: TableKind,
    /// The table's comment.
    pub comment: Option<String>,
    /// Columns in order.
    pub columns: Vec<ColumnInfo>,
    /// Primary key columns in key order (empty when none).
    pub primary_key: Vec<String>,
    /// Indexes, primary first, then by name.
    pub indexes: Vec<IndexInfo>,
}

/// Empty comments count as none.
pub(crate) fn comment(c: Option<String>) -> Option<String> {
    c.filter(|c| !c.is_empty())
}
