//! Table and column lineage of Flink SQL, computed offline from weir-sql's statement model:
//! pure functions, no I/O.
//!
//! - [`script_lineage`] gives the lineage of one script: its tables (sources, sinks, views)
//!   with their columns, the column edges (copy, expression, aggregate) of every statement, and
//!   the columns that only filter, join, group or partition (dependencies);
//! - [`workspace_lineage`] joins the scripts of a workspace through the tables they share, and
//!   [`impact`] / [`upstream`] walk that graph from a table or column;
//! - [`render`] writes a lineage as Graphviz DOT or Mermaid.
//!
//! Names are resolved as Flink resolves them: `catalog.database.table`, with
//! `default_catalog.default_database` unless `USE CATALOG` / `USE` or a qualified name says
//! otherwise; identifiers are case-sensitive (Flink does not fold unquoted names).

mod catalog;
mod derive;
mod model;
mod query;
pub mod render;
mod script;
mod workspace;

pub use catalog::{DEFAULT_CATALOG, DEFAULT_DATABASE};
pub use model::{
    ColumnEdge, ColumnKind, ColumnRef, Lineage, Role, Skipped, StatementRef, TableColumn,
    TableNode, Transform,
};
pub use workspace::{impact, upstream, workspace_lineage, Impact, ScriptLineage, WorkspaceGraph};

/// The lineage of one script. Statements that do not parse are skipped and listed in
/// [`Lineage::skipped`]; never panics.
pub fn script_lineage(text: &str) -> Lineage {
    script::analyse(text, &[]).lineage
}

#[cfg(test)]
mod tests;
