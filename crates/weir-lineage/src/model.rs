//! The lineage document: tables with their columns, column edges and dependencies, in the JSON
//! shape of `weir lineage --format json` and of the app's lineage view.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The lineage of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lineage {
    /// Every table and view the script defines, reads or writes.
    pub tables: Vec<TableNode>,
    /// Value origins: a column of `to` is computed from the column `from`.
    pub edges: Vec<ColumnEdge>,
    /// Columns that only filter, join, group or partition the rows of `to` (not value origins).
    pub dependencies: Vec<ColumnEdge>,
    /// Statements that could not be analysed (syntax errors), in script order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A table (or view) of the lineage graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableNode {
    /// Fully qualified name, `catalog.database.table`.
    pub name: String,
    /// What the script does with it.
    pub role: Role,
    /// Its columns: the schema when the script (or workspace) defines it, else the columns used.
    pub columns: Vec<TableColumn>,
    /// False when no CREATE statement of the script (or workspace) gives its schema.
    pub known: bool,
    /// The statement that creates it, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined: Option<StatementRef>,
}

/// The part a table plays in a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Only read (or only defined).
    Source,
    /// Written by an INSERT or created from a query (CTAS/RTAS, materialized table).
    Sink,
    /// A view.
    View,
}

/// A column of a [`TableNode`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableColumn {
    /// Column name (case as written: Flink names are case-sensitive).
    pub name: String,
    /// How the table gets the column.
    pub kind: ColumnKind,
}

/// Kinds of columns, as Flink's CREATE TABLE knows them (plus view and unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// A physical column.
    Physical,
    /// `name AS expr`.
    Computed,
    /// `name type METADATA [VIRTUAL]`.
    Metadata,
    /// A column of a view.
    View,
    /// A column of a table whose schema the script does not give.
    Unknown,
}

/// A column of a table. The names are shared: a script's hundreds of thousands of edges name
/// the same few tables and columns, and each edge holds two of these.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct ColumnRef {
    /// Fully qualified table name.
    #[ts(type = "string")]
    pub table: Arc<str>,
    /// Column name (`*` for all columns of a table whose schema is unknown).
    #[ts(type = "string")]
    pub column: Arc<str>,
}

impl ColumnRef {
    /// A column reference.
    pub fn new(table: impl Into<Arc<str>>, column: impl Into<Arc<str>>) -> Self {
        ColumnRef {
            table: table.into(),
            column: column.into(),
        }
    }
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.table, self.column)
    }
}

/// How a value is derived from its origin; ordered from the most direct to the least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Transform {
    /// The value is passed through unchanged.
    Copy,
    /// The value is computed by an expression (function, CASE, CAST, arithmetic …).
    Expression,
    /// The value aggregates rows (GROUP BY, window or OVER aggregates).
    Aggregate,
}

/// An edge between two columns, made by one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnEdge {
    /// The origin column.
    pub from: ColumnRef,
    /// The derived column.
    pub to: ColumnRef,
    /// How `to` is derived from `from` (for dependencies: how the dependency column is used,
    /// always [`Transform::Copy`]).
    pub transform: Transform,
    /// The statement that makes the edge.
    pub statement: StatementRef,
    /// Views the edge was expanded through (empty for a direct edge): an INSERT reading a view
    /// gets both the direct edge from the view and these edges from the view's base tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
}

/// Where a statement is in its script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub struct StatementRef {
    /// 0-based index of the statement in the script (as weir-sql's splitter counts).
    #[ts(type = "number")]
    pub index: usize,
    /// 1-based line of its first character.
    #[ts(type = "number")]
    pub line: usize,
    /// Byte offset of its first character.
    #[ts(type = "number")]
    pub start: usize,
    /// Byte offset just after its last character.
    #[ts(type = "number")]
    pub end: usize,
}

/// A statement left out of the lineage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skipped {
    /// 0-based statement index.
    #[ts(type = "number")]
    pub index: usize,
    /// 1-based line of the problem.
    #[ts(type = "number")]
    pub line: usize,
    /// Why (the parser's message).
    pub message: String,
}

impl Lineage {
    /// The table node of a fully qualified name.
    pub fn table(&self, name: &str) -> Option<&TableNode> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Direct edges (not expanded through views) into `table.column`.
    pub fn edges_into<'a>(
        &'a self,
        table: &'a str,
        column: &'a str,
    ) -> impl Iterator<Item = &'a ColumnEdge> + 'a {
        self.edges
            .iter()
            .filter(move |e| e.via.is_empty() && *e.to.table == *table && *e.to.column == *column)
    }
}
