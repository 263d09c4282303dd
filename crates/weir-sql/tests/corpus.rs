//! Corpus test: statements Flink's own parser accepts must parse here with the right kind, and
//! the shared scripts must split into the statements listed for them.
//!
//! The corpus lives in `../shared/corpus/flink-sql` next to the repository; without it the test
//! prints that it was skipped.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// Lowest acceptable share of corpus statements parsed with the right kind.
const KIND_BAR: f64 = 1.0;
/// Lowest acceptable share of scripts split exactly into their listed statements.
const SPLIT_BAR: f64 = 1.0;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/flink-sql");
    dir.join("statements.jsonl").is_file().then_some(dir)
}

/// The statement kind Weir should give to a statement Flink parses into `node`.
fn expected_kind(node: &str) -> Option<&'static str> {
    Some(match node {
        "SqlCreateTable" => "create_table",
        "SqlCreateTableLike" => "create_table_like",
        "SqlCreateTableAs" => "create_table_as",
        "SqlReplaceTableAs" => "replace_table_as",
        "SqlCreateView" => "create_view",
        "SqlCreateFunction" => "create_function",
        "SqlCreateCatalog" => "create_catalog",
        "SqlCreateDatabase" => "create_database",
        "SqlCreateMaterializedTable" => "create_materialized_table",
        "SqlCreateModel" | "SqlCreateModelAs" => "create_model",
        "SqlAlterViewRename" | "SqlAlterViewAs" | "SqlAlterViewProperties" => "alter_view",
        "SqlAlterFunction" => "alter_function",
        "SqlAlterDatabase" => "alter_database",
        "SqlAlterModel" | "SqlAlterModelRename" | "SqlAlterModelSet" | "SqlAlterModelReset" => {
            "alter_model"
        }
        "SqlDropTable" => "drop_table",
        "SqlDropView" => "drop_view",
        "SqlDropFunction" => "drop_function",
        "SqlDropCatalog" => "drop_catalog",
        "SqlDropDatabase" => "drop_database",
        "SqlDropMaterializedTable" => "drop_materialized_table",
        "SqlDropModel" => "drop_model",
        "RichSqlInsert" => "insert",
        "SqlSelect" | "SqlWith" | "SqlOrderBy" | "SqlBasicCall:UNION" => "query",
        "SqlBasicCall" => "call",
        "SqlSet" | "ExtendedParser:SetOperation" => "set",
        "SqlReset" | "ExtendedParser:ResetOperation" => "reset",
        "ExtendedParser:HelpOperation" => "help",
        "ExtendedParser:QuitOperation" => "quit",
        "ExtendedParser:ClearOperation" => "clear",
        "SqlShowTables" => "show_tables",
        "SqlShowColumns" => "show_columns",
        "SqlShowCatalogs" => "show_catalogs",
        "SqlShowCurrentCatalog" => "show_current_catalog",
        "SqlShowDatabases" => "show_databases",
        "SqlShowCurrentDatabase" => "show_current_database",
        "SqlShowFunctions" => "show_functions",
        "SqlShowProcedures" => "show_procedures",
        "SqlShowViews" => "show_views",
        "SqlShowModules" => "show_modules",
        "SqlShowJars" => "show_jars",
        "SqlShowJobs" => "show_jobs",
        "SqlShowModels" => "show_models",
        "SqlShowPartitions" => "show_partitions",
        "SqlShowMaterializedTables" => "show_materialized_tables",
        "SqlShowCreateTable" => "show_create_table",
        "SqlShowCreateView" => "show_create_view",
        "SqlShowCreateCatalog" => "show_create_catalog",
        "SqlShowCreateModel" => "show_create_model",
        "SqlShowCreateMaterializedTable" => "show_create_materialized_table",
        "SqlRichDescribeTable"
        | "SqlDescribeCatalog"
        | "SqlDescribeDatabase"
        | "SqlRichDescribeModel"
        | "SqlDescribeJob"
        | "SqlDescribeFunction" => "describe",
        "SqlRichExplain" => "explain",
        "SqlUseCatalog" => "use_catalog",
        "SqlUseDatabase" => "use_database",
        "SqlUseModules" => "use_modules",
        "SqlLoadModule" => "load_module",
        "SqlUnloadModule" => "unload_module",
        "SqlAddJar" => "add_jar",
        "SqlRemoveJar" => "remove_jar",
        "SqlBeginStatementSet" | "SqlEndStatementSet" | "SqlStatementSet" => "statement_set",
        "SqlExecute" => "execute",
        "SqlCompilePlan" | "SqlCompileAndExecutePlan" => "compile_plan",
        "SqlExecutePlan" => "execute_plan",
        "SqlAnalyzeTable" => "analyze_table",
        "SqlTruncateTable" => "truncate_table",
        "SqlDelete" => "delete",
        "SqlUpdate" => "update",
        "SqlStopJob" => "stop_job",
        n if n.starts_with("SqlAlterTable")
            || n == "SqlAddPartitions"
            || n == "SqlDropPartitions" =>
        {
            "alter_table"
        }
        n if n.starts_with("SqlAlterMaterializedTable") => "alter_materialized_table",
        n if n.starts_with("SqlAlterCatalog") => "alter_catalog",
        _ => return None,
    })
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn corpus_statements_parse_with_the_right_kind() {
    let Some(dir) = corpus_dir() else {
        println!(
            "SKIPPED: shared corpus not found next to the repository (../shared/corpus/flink-sql)"
        );
        return;
    };
    let text =
        std::fs::read_to_string(dir.join("statements.jsonl")).expect("read statements.jsonl");
    let (mut ok, mut total) = (0usize, 0usize);
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("valid json line");
        let node = v["flink_node"].as_str().unwrap_or_default();
        let sql = v["sql"].as_str().unwrap_or_default();
        total += 1;
        let expected = expected_kind(node);
        let got = weir_sql::parse(sql);
        match (&got, expected) {
            (Ok(p), Some(k)) if p.statement.kind() == k => ok += 1,
            (Ok(p), _) => failures.entry(node.to_string()).or_default().push(format!(
                "kind {} for: {}",
                p.statement.kind(),
                normalize(sql)
            )),
            (Err(e), _) => failures
                .entry(node.to_string())
                .or_default()
                .push(format!("{e}: {}", normalize(sql))),
        }
    }
    for (node, list) in &failures {
        for f in list {
            println!("FAIL [{node}] {}", f.chars().take(400).collect::<String>());
        }
    }
    let rate = ok as f64 / total as f64;
    println!(
        "corpus: {ok}/{total} statements parsed with the right kind ({:.2}%)",
        rate * 100.0
    );
    assert!(
        rate >= KIND_BAR,
        "right-kind rate {rate:.4} below {KIND_BAR}"
    );
}

#[test]
fn corpus_scripts_split_into_their_statements() {
    let Some(dir) = corpus_dir() else {
        println!(
            "SKIPPED: shared corpus not found next to the repository (../shared/corpus/flink-sql)"
        );
        return;
    };
    let statements: BTreeMap<String, String> =
        std::fs::read_to_string(dir.join("statements.jsonl"))
            .expect("read statements.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|v| {
                (
                    v["id"].as_str().unwrap_or_default().to_string(),
                    v["sql"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
    let index =
        std::fs::read_to_string(dir.join("scripts/index.jsonl")).expect("read scripts/index.jsonl");
    let (mut ok, mut total) = (0usize, 0usize);
    for line in index.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("valid json line");
        let file = v["file"].as_str().unwrap_or_default();
        let Ok(script) = std::fs::read_to_string(dir.join("scripts").join(file)) else {
            continue;
        };
        total += 1;
        let expected: Vec<String> = v["statement_ids"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| statements.get(i.as_str().unwrap_or_default()))
                    .map(|s| normalize(s))
                    .collect()
            })
            .unwrap_or_default();
        let got: Vec<String> = weir_sql::split(&script)
            .iter()
            .map(|s| normalize(&s.text))
            .collect();
        if got == expected {
            ok += 1;
        } else {
            println!(
                "SPLIT MISMATCH {file}: expected {} statements, got {}",
                expected.len(),
                got.len()
            );
            for (i, (a, b)) in expected.iter().zip(&got).enumerate() {
                if a != b {
                    println!(
                        "  #{i}\n    expected: {}\n    got:      {}",
                        a.chars().take(200).collect::<String>(),
                        b.chars().take(200).collect::<String>()
                    );
                    break;
                }
            }
        }
    }
    let rate = ok as f64 / total.max(1) as f64;
    println!(
        "scripts: {ok}/{total} split exactly into their listed statements ({:.2}%)",
        rate * 100.0
    );
    assert!(rate >= SPLIT_BAR, "split rate {rate:.4} below {SPLIT_BAR}");
}
