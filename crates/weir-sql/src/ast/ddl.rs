//! Table-shaped DDL pieces: columns, watermarks, constraints, distribution, `LIKE` options.

use super::{DataType, Expr, Ident, ObjectName, Property, Query};

/// A column of a table definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name.
    pub name: Ident,
    /// Enclosing ROW fields when ALTER TABLE adds/modifies a nested field (`r.f1`), else empty.
    pub path: Vec<Ident>,
    /// Physical, computed or metadata.
    pub kind: ColumnKind,
    /// Inline `[CONSTRAINT n] PRIMARY KEY|UNIQUE [NOT] ENFORCED`.
    pub constraint: Option<InlineConstraint>,
    /// `COMMENT '…'`.
    pub comment: Option<String>,
    /// `FIRST` / `AFTER col` (ALTER TABLE ADD/MODIFY only).
    pub position: Option<ColumnPosition>,
}

/// The three kinds of Flink columns.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// `name type`.
    Physical(DataType),
    /// `name AS expr`.
    Computed(Box<Expr>),
    /// `name type METADATA [FROM 'key'] [VIRTUAL]`.
    Metadata {
        /// The column type.
        data_type: DataType,
        /// `FROM 'key'`.
        from: Option<String>,
        /// `VIRTUAL`: read-only, excluded from sinks.
        is_virtual: bool,
    },
}

/// Inline column constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineConstraint {
    /// `CONSTRAINT name`.
    pub name: Option<Ident>,
    /// True for `UNIQUE`, false for `PRIMARY KEY`.
    pub unique: bool,
    /// `Some(false)` for `NOT ENFORCED` (the only mode Flink runs), `Some(true)` for `ENFORCED`.
    pub enforced: Option<bool>,
}

/// Where ALTER TABLE puts a column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnPosition {
    /// `FIRST`.
    First,
    /// `AFTER col`.
    After(ObjectName),
}

/// `WATERMARK FOR rowtime AS expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Watermark {
    /// The rowtime column (possibly a nested path).
    pub column: ObjectName,
    /// The watermark strategy expression.
    pub expr: Expr,
}

/// `[CONSTRAINT name] PRIMARY KEY (cols) NOT ENFORCED` or `UNIQUE (cols)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableConstraint {
    /// `CONSTRAINT name`.
    pub name: Option<Ident>,
    /// True for `UNIQUE`, false for `PRIMARY KEY`.
    pub unique: bool,
    /// Key columns.
    pub columns: Vec<Ident>,
    /// `Some(false)` for `NOT ENFORCED` (the only mode Flink runs), `Some(true)` for `ENFORCED`.
    pub enforced: Option<bool>,
}

/// An element of a table schema list.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaElement {
    /// A column.
    Column(Column),
    /// A watermark.
    Watermark(Watermark),
    /// A table constraint.
    Constraint(TableConstraint),
}

/// `DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS]` or `DISTRIBUTED INTO n BUCKETS`.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// `HASH` or `RANGE` when written.
    pub algorithm: Option<String>,
    /// Bucket key columns.
    pub columns: Vec<Ident>,
    /// `INTO n BUCKETS`.
    pub buckets: Option<u64>,
}

/// `LIKE source [( options )]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LikeClause {
    /// The source table.
    pub source: ObjectName,
    /// `INCLUDING ALL`, `EXCLUDING OPTIONS`, `OVERWRITING WATERMARKS` …
    pub options: Vec<LikeOption>,
}

/// One `LIKE` option: strategy and feature, both upper case.
#[derive(Debug, Clone, PartialEq)]
pub struct LikeOption {
    /// `INCLUDING`, `EXCLUDING` or `OVERWRITING`.
    pub strategy: String,
    /// `ALL`, `CONSTRAINTS`, `DISTRIBUTION`, `GENERATED`, `METADATA`, `OPTIONS`, `PARTITIONS`, `WATERMARKS`.
    pub feature: String,
}

/// Whether a CREATE TABLE replaces an existing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Plain `CREATE TABLE`.
    No,
    /// `CREATE OR REPLACE TABLE`.
    CreateOrReplace,
    /// `REPLACE TABLE`.
    Replace,
}

/// `CREATE [OR REPLACE] [TEMPORARY] TABLE …` and `REPLACE TABLE … AS`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    /// Replacement mode.
    pub replace: Replace,
    /// `TEMPORARY`.
    pub temporary: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// Table name.
    pub name: ObjectName,
    /// Columns, watermarks and constraints in written order.
    pub schema: Vec<SchemaElement>,
    /// `COMMENT '…'`.
    pub comment: Option<String>,
    /// `DISTRIBUTED …`.
    pub distribution: Option<Distribution>,
    /// `PARTITIONED BY (…)`.
    pub partitioned_by: Vec<Ident>,
    /// `WITH (…)`.
    pub options: Vec<Property>,
    /// `LIKE …`.
    pub like: Option<LikeClause>,
    /// `AS query`.
    pub query: Option<Box<Query>>,
}

/// `CREATE [OR ALTER] MATERIALIZED TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateMaterializedTable {
    /// `OR ALTER`.
    pub or_alter: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
    /// Table name.
    pub name: ObjectName,
    /// Column list / constraints in parentheses.
    pub schema: Vec<SchemaElement>,
    /// `COMMENT '…'`.
    pub comment: Option<String>,
    /// `DISTRIBUTED …`.
    pub distribution: Option<Distribution>,
    /// `PARTITIONED BY (…)`.
    pub partitioned_by: Vec<Ident>,
    /// `WITH (…)`.
    pub options: Vec<Property>,
    /// `FRESHNESS = INTERVAL …`.
    pub freshness: Option<Expr>,
    /// `REFRESH_MODE = FULL|CONTINUOUS`.
    pub refresh_mode: Option<String>,
    /// `AS query`.
    pub query: Box<Query>,
}
