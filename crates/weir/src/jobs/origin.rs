//! Which Weir script started a job (from the run history, by job id), and the text that starts
//! it again: the script's set-up statements and the statement that started it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The run that started a job, as the history recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobOrigin {
    /// The script.
    #[ts(type = "number")]
    pub script_id: i64,
    /// The script's path in the workspace (`folder/name`), when it still exists.
    pub script: Option<String>,
    /// The statement that started the job, as written.
    pub statement: String,
    /// The connection it ran on.
    pub connection: String,
    /// When it started (ms since the epoch).
    #[ts(type = "number")]
    pub started_at: i64,
}

/// The origins of the jobs `ids` that Weir started (by the history's job ids).
pub fn origins(
    store: &weir_store::Store,
    ids: &[String],
) -> weir_store::Result<HashMap<String, JobOrigin>> {
    let mut out = HashMap::new();
    for e in store.history_of_jobs(ids)? {
        let Some(job) = e.job_id else { continue };
        out.insert(
            job,
            JobOrigin {
                script_id: e.script_id,
                script: store.script_path(e.script_id).ok(),
                statement: e.statement,
                connection: e.connection,
                started_at: e.started_at,
            },
        );
    }
    Ok(out)
}

/// Statements that start a job or only read or show: left out when a job is started again.
const NOT_SETUP: [&str; 12] = [
    "insert",
    "query",
    "statement_set",
    "execute",
    "create_table_as",
    "replace_table_as",
    "execute_plan",
    "explain",
    "describe",
    "delete",
    "update",
    "call",
];

/// The text that starts a job again: every statement of `script` that sets up the session
/// (SET, USE, CREATE/ALTER/DROP of tables, views, functions, catalogs; ADD JAR, LOAD MODULE) in
/// its order, then `statement` — the one that started the job, as the history kept it. SHOW
/// statements, queries and the script's other INSERTs are left out, so restarting one job
/// starts no other. A statement that does not parse is kept (Flink decides).
pub fn restart_script(script: &str, statement: &str) -> String {
    let mut out = String::new();
    for st in weir_sql::split(script) {
        let kind = weir_sql::parse_at(&st.text, st.span.start)
            .ok()
            .map(|p| p.kind());
        if kind.is_some_and(|k| NOT_SETUP.contains(&k) || k.starts_with("show")) {
            continue;
        }
        out.push_str(st.text.trim().trim_end_matches(';').trim_end());
        out.push_str(";\n");
    }
    out.push_str(statement.trim().trim_end_matches(';').trim_end());
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_keeps_the_set_up_and_only_the_jobs_statement() {
        let script = "SET 'parallelism.default' = '2';\n\
            CREATE TABLE src (a INT) WITH ('connector' = 'datagen');\n\
            CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\n\
            SHOW TABLES;\n\
            SELECT * FROM src;\n\
            INSERT INTO snk SELECT a FROM src;\n\
            INSERT INTO snk SELECT a + 1 FROM src;\n\
            CREATE TABLE copy AS SELECT * FROM src;\n\
            USE CATALOG default_catalog;";
        let text = restart_script(script, "INSERT INTO snk SELECT a + 1 FROM src;");
        assert_eq!(
            text,
            "SET 'parallelism.default' = '2';\n\
             CREATE TABLE src (a INT) WITH ('connector' = 'datagen');\n\
             CREATE TABLE snk (a INT) WITH ('connector' = 'blackhole');\n\
             USE CATALOG default_catalog;\n\
             INSERT INTO snk SELECT a + 1 FROM src;\n"
        );
    }
}
