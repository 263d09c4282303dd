//! Lineage for the app's Lineage tab: of one script (its live text), or of the whole workspace,
//! every script's lineage joined through the tables they share. Offsets are UTF-16 code units,
//! as the editor counts; edges expanded through views are left out (the view nodes and their own
//! edges carry the path).

use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;
use weir_lineage::{ColumnEdge, Lineage, Role, StatementRef, TableNode};

/// The lineage of one script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineageDoc {
    /// The script.
    #[ts(type = "number")]
    pub script_id: i64,
    /// Its name.
    pub name: String,
    /// Its tables, column edges and dependencies; statement offsets in UTF-16 units.
    pub graph: Lineage,
}

/// Where a statement of the workspace graph is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceStatement {
    /// The script holding it.
    #[ts(type = "number")]
    pub script_id: i64,
    /// That script's name.
    pub script: String,
    /// Its 0-based index in the script.
    #[ts(type = "number")]
    pub index: usize,
    /// Its first line (1-based).
    #[ts(type = "number")]
    pub line: usize,
    /// Its span in the script, UTF-16 units.
    #[ts(type = "number")]
    pub start: usize,
    /// End of the span (exclusive).
    #[ts(type = "number")]
    pub end: usize,
    /// The Flink job its latest run submitted (from the run history), if any.
    pub job: Option<StatementJob>,
}

/// A Flink job a statement submitted when it last ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementJob {
    /// The job id.
    pub id: String,
    /// The connection it ran on.
    pub connection: String,
    /// When (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: i64,
}

/// The lineage of every script of the workspace in one graph: a table written by one script and
/// read by another is one node. An edge's `statement.index` points into `statements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceLineage {
    /// The joined graph.
    pub graph: Lineage,
    /// The statements the edges come from.
    pub statements: Vec<WorkspaceStatement>,
    /// How many scripts were analysed.
    pub scripts: u32,
}

/// The lineage of `text` for the app (UTF-16 offsets, no edges through views).
pub fn of_text(text: &str) -> Lineage {
    let mut lineage = weir_lineage::script_lineage(text);
    for_display(&mut lineage, text);
    lineage
}

/// Drops the edges expanded through views and turns byte offsets into UTF-16 units.
fn for_display(lineage: &mut Lineage, text: &str) {
    lineage.edges.retain(|e| e.via.is_empty());
    lineage.dependencies.retain(|e| e.via.is_empty());
    let mut refs: Vec<&mut StatementRef> = lineage
        .edges
        .iter_mut()
        .chain(lineage.dependencies.iter_mut())
        .map(|e| &mut e.statement)
        .chain(lineage.tables.iter_mut().filter_map(|t| t.defined.as_mut()))
        .collect();
    let bytes: Vec<usize> = refs.iter().flat_map(|r| [r.start, r.end]).collect();
    let units = weir_sql::utf16::bytes_to_utf16(text, &bytes);
    for (r, pair) in refs.iter_mut().zip(units.chunks(2)) {
        r.start = pair[0] as usize;
        r.end = pair[1] as usize;
    }
}

/// Joins the lineage of every `(id, name, text)` script into one graph.
pub fn of_workspace(scripts: &[(i64, String, String)]) -> WorkspaceLineage {
    let pairs: Vec<(String, &str)> = scripts
        .iter()
        .map(|(id, _, text)| (id.to_string(), text.as_str()))
        .collect();
    let graph = weir_lineage::workspace_lineage(&pairs);
    let mut tables: BTreeMap<String, TableNode> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut edges: Vec<ColumnEdge> = Vec::new();
    let mut dependencies: Vec<ColumnEdge> = Vec::new();
    let mut statements: Vec<WorkspaceStatement> = Vec::new();
    let mut index_of: BTreeMap<(i64, usize), usize> = BTreeMap::new();
    for ((id, name, text), script) in scripts.iter().zip(graph.scripts) {
        let mut lineage = script.lineage;
        for_display(&mut lineage, text);
        for t in lineage.tables {
            match tables.get_mut(&t.name) {
                None => {
                    order.push(t.name.clone());
                    tables.insert(t.name.clone(), t);
                }
                Some(seen) => merge_table(seen, t),
            }
        }
        let mut global = |st: &StatementRef| -> StatementRef {
            let next = statements.len();
            let i = *index_of.entry((*id, st.index)).or_insert_with(|| {
                statements.push(WorkspaceStatement {
                    script_id: *id,
                    script: name.clone(),
                    index: st.index,
                    line: st.line,
                    start: st.start,
                    end: st.end,
                    job: None,
                });
                next
            });
            StatementRef { index: i, ..*st }
        };
        for mut e in lineage.edges {
            e.statement = global(&e.statement);
            edges.push(e);
        }
        for mut e in lineage.dependencies {
            e.statement = global(&e.statement);
            dependencies.push(e);
        }
    }
    WorkspaceLineage {
        graph: Lineage {
            tables: order.iter().filter_map(|n| tables.remove(n)).collect(),
            edges,
            dependencies,
            skipped: Vec::new(),
        },
        statements,
        scripts: scripts.len() as u32,
    }
}

/// Fills each statement's latest job from `history(script id)` (newest first): the newest entry
/// with a job id whose statement text is the statement's current text.
pub fn attach_jobs(
    lineage: &mut WorkspaceLineage,
    scripts: &[(i64, String, String)],
    mut history: impl FnMut(i64) -> Vec<weir_store::HistoryEntry>,
) {
    let mut by_script: BTreeMap<i64, Vec<weir_store::HistoryEntry>> = BTreeMap::new();
    for st in &mut lineage.statements {
        let Some((_, _, text)) = scripts.iter().find(|(id, _, _)| *id == st.script_id) else {
            continue;
        };
        let from = weir_sql::utf16::utf16_to_byte_floor(text, st.start);
        let to = weir_sql::utf16::utf16_to_byte_floor(text, st.end);
        let sql = text
            .get(from..to)
            .unwrap_or_default()
            .trim()
            .trim_end_matches(';')
            .trim();
        let entries = by_script
            .entry(st.script_id)
            .or_insert_with(|| history(st.script_id));
        st.job = entries
            .iter()
            .find(|e| e.job_id.is_some() && e.statement.trim().trim_end_matches(';').trim() == sql)
            .map(|e| StatementJob {
                id: e.job_id.clone().unwrap_or_default(),
                connection: e.connection.clone(),
                started_at: e.started_at,
            });
    }
}

/// One node for a table seen by two scripts: written anywhere makes it a sink (a view stays a
/// view), its columns are the union in first-seen order, a definition is kept.
fn merge_table(seen: &mut TableNode, other: TableNode) {
    if other.role == Role::View || (other.role == Role::Sink && seen.role == Role::Source) {
        seen.role = other.role;
    }
    for c in other.columns {
        if !seen.columns.iter().any(|s| s.name == c.name) {
            seen.columns.push(c);
        }
    }
    if seen.defined.is_none() && other.defined.is_some() {
        seen.defined = other.defined;
        seen.known = other.known;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_utf16_and_view_expansions_are_left_out() {
        let text = "-- é\nCREATE TABLE s (a INT) WITH ('connector' = 'datagen');\nCREATE VIEW v AS SELECT a FROM s;\nCREATE TABLE k (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO k SELECT a FROM v;";
        let l = of_text(text);
        assert!(l.edges.iter().all(|e| e.via.is_empty()));
        let insert = l
            .edges
            .iter()
            .find(|e| e.to.table.ends_with(".k"))
            .expect("an edge into k");
        let start = text.find("INSERT").unwrap();
        // "é" is two bytes but one UTF-16 unit
        assert_eq!(insert.statement.start, start - 1);
        assert!(insert.from.table.ends_with(".v"), "{insert:?}");
    }

    #[test]
    fn scripts_join_through_their_tables() {
        let ddl = "CREATE TABLE a (x INT) WITH ('connector' = 'datagen');\nCREATE TABLE b (x INT) WITH ('connector' = 'blackhole');\nCREATE TABLE c (y INT) WITH ('connector' = 'blackhole');";
        let scripts = vec![
            (1, "ddl.sql".to_string(), ddl.to_string()),
            (
                2,
                "ab.sql".to_string(),
                "INSERT INTO b SELECT x FROM a;".to_string(),
            ),
            (
                3,
                "bc.sql".to_string(),
                "INSERT INTO c SELECT x + 1 FROM b;".to_string(),
            ),
        ];
        let w = of_workspace(&scripts);
        assert_eq!(w.scripts, 3);
        let names: Vec<&str> = w.graph.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names.iter().filter(|n| n.ends_with(".b")).count(),
            1,
            "one node for b: {names:?}"
        );
        let into_c = w
            .graph
            .edges
            .iter()
            .find(|e| e.to.table.ends_with(".c"))
            .expect("b -> c");
        assert_eq!(w.statements[into_c.statement.index].script, "bc.sql");
        assert_eq!(w.statements[into_c.statement.index].script_id, 3);
        let b = w
            .graph
            .tables
            .iter()
            .find(|t| t.name.ends_with(".b"))
            .unwrap();
        assert_eq!(b.role, Role::Sink, "written by ab.sql");

        // the job of the statement's last run, from the history (other statements' jobs not)
        let c_index = into_c.statement.index;
        let mut w = w;
        let entry = |statement: &str, job: Option<&str>| weir_store::HistoryEntry {
            id: 0,
            script_id: 3,
            statement: statement.into(),
            connection: "local".into(),
            started_at: 7,
            duration_ms: 1,
            row_count: 0,
            status: "ok".into(),
            job_id: job.map(str::to_string),
            error: None,
        };
        attach_jobs(&mut w, &scripts, |id| {
            if id == 3 {
                vec![
                    entry("SELECT 1", Some("0000aaaa")),
                    entry("INSERT INTO c SELECT x + 1 FROM b", Some("feedbeef")),
                    entry("INSERT INTO c SELECT x + 1 FROM b", Some("older")),
                ]
            } else {
                vec![]
            }
        });
        let job = w.statements[c_index].job.clone().expect("a job");
        assert_eq!(
            (job.id.as_str(), job.connection.as_str()),
            ("feedbeef", "local")
        );
        assert!(w.statements.iter().filter(|s| s.job.is_some()).count() == 1);
    }
}
