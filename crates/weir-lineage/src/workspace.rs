//! Lineage across a workspace: every script analysed with the tables the other scripts define,
//! joined through the tables they share (same `catalog.database.table` = same table), and
//! walked downstream ([`impact`]) or upstream ([`upstream`]) from a table or a column.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Catalog;
use crate::model::{ColumnRef, Lineage};
use crate::script::analyse;

/// The lineage of one script of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptLineage {
    /// The script's id or name, as given to [`workspace_lineage`].
    pub script: String,
    /// Its lineage (tables defined in other scripts count as known).
    pub lineage: Lineage,
}

/// The lineage graph of a workspace: one lineage per script, joined by table names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceGraph {
    /// Every script, in the order given.
    pub scripts: Vec<ScriptLineage>,
}

/// What a walk of the graph reaches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Impact {
    /// Columns reached (the start excluded), sorted.
    pub columns: Vec<ColumnRef>,
    /// Tables of those columns, sorted.
    pub tables: Vec<String>,
    /// Scripts whose statements make an edge of the walk, sorted.
    pub scripts: Vec<String>,
}

/// Analyses every `(script id, text)` pair; tables defined in one script are known in the others
/// (the first definition of a name wins there; a script's own definitions come first).
pub fn workspace_lineage<S: AsRef<str>, T: AsRef<str>>(scripts: &[(S, T)]) -> WorkspaceGraph {
    let first: Vec<_> = scripts
        .iter()
        .map(|(_, text)| analyse(text.as_ref(), &[]))
        .collect();
    let seed: Vec<_> = first
        .iter()
        .flat_map(|r| r.definitions.iter().cloned())
        .collect();
    let scripts = scripts
        .iter()
        .map(|(id, text)| ScriptLineage {
            script: id.as_ref().to_string(),
            lineage: analyse(text.as_ref(), &seed).lineage,
        })
        .collect();
    WorkspaceGraph { scripts }
}

/// Fully qualified name of a table name as typed (`t`, `db.t`, `cat.db.t`).
fn qualify(table: &str) -> String {
    let parts: Vec<String> = table
        .split('.')
        .map(|p| p.trim_matches('`').to_string())
        .collect();
    Catalog::default().resolve_parts(&parts)
}

/// Everything downstream of `table` (one column, or all its columns when `column` is `None`):
/// the columns derived from it or filtered by it, transitively, and the scripts involved.
pub fn impact(graph: &WorkspaceGraph, table: &str, column: Option<&str>) -> Impact {
    walk(graph, table, column, true)
}

/// Everything upstream of `table` (or one of its columns): value origins and dependencies,
/// transitively, and the scripts involved.
pub fn upstream(graph: &WorkspaceGraph, table: &str, column: Option<&str>) -> Impact {
    walk(graph, table, column, false)
}

fn walk(graph: &WorkspaceGraph, table: &str, column: Option<&str>, down: bool) -> Impact {
    let table = qualify(table);
    // adjacency: column -> (next column, script)
    let mut next: BTreeMap<&ColumnRef, Vec<(&ColumnRef, &str)>> = BTreeMap::new();
    for s in &graph.scripts {
        for e in s.lineage.edges.iter().chain(&s.lineage.dependencies) {
            let (a, b) = if down {
                (&e.from, &e.to)
            } else {
                (&e.to, &e.from)
            };
            next.entry(a).or_default().push((b, s.script.as_str()));
        }
    }
    let starts: Vec<&ColumnRef> = next
        .keys()
        .copied()
        .filter(|c| {
            *c.table == *table && column.is_none_or(|col| *c.column == *col || &*c.column == "*")
        })
        .collect();
    let mut seen: BTreeSet<&ColumnRef> = starts.iter().copied().collect();
    let mut scripts: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&ColumnRef> = starts.into_iter().collect();
    while let Some(c) = queue.pop_front() {
        for (n, s) in next.get(c).map(Vec::as_slice).unwrap_or_default() {
            scripts.insert(s);
            if seen.insert(n) {
                queue.push_back(n);
            }
        }
    }
    let columns: Vec<ColumnRef> = seen
        .into_iter()
        .filter(|c| !(*c.table == *table && column.is_none_or(|col| *c.column == *col)))
        .cloned()
        .collect();
    let tables: BTreeSet<String> = columns.iter().map(|c| c.table.to_string()).collect();
    Impact {
        columns,
        tables: tables.into_iter().collect(),
        scripts: scripts.into_iter().map(String::from).collect(),
    }
}
