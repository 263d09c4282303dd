//! No input makes `split`, `parse` or `check` panic: truncated corpus statements, deep nesting,
//! unterminated quotes and odd characters.

use std::path::PathBuf;

fn exercise(sql: &str) {
    let _ = weir_sql::split(sql);
    let _ = weir_sql::parse(sql);
    let _ = weir_sql::check(sql);
    let _ = weir_sql::vars::find_vars(sql, weir_sql::Position::START);
}

#[test]
fn nasty_inputs_do_not_panic() {
    let deep_types = format!(
        "CREATE TABLE t (a {}INT{})",
        "ARRAY<".repeat(5000),
        ">".repeat(5000)
    );
    let deep_rows = format!(
        "CREATE TABLE t (a {}INT{})",
        "ROW<x ".repeat(3000),
        ">".repeat(3000)
    );
    let deep_parens = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
    let many_sets = "BEGIN STATEMENT SET; ".repeat(5000);
    let inputs = [
        "",
        ";",
        ";;;",
        "'",
        "\"",
        "`",
        "/*",
        "/*+",
        "/*+ */",
        "/*+*/",
        "--",
        "${",
        "${}",
        "${secret:}",
        "$",
        "é",
        "\u{0}",
        "SELECT '\u{0}'",
        "SET",
        "SET =",
        "SET 'a",
        "RESET '",
        "SET a = 'b",
        "CREATE TABLE t (a ARRAY<ARRAY<INT>>)",
        "CREATE TABLE t (a ARRAY<INT>>)",
        "CREATE TABLE t (a MAP<",
        "SELECT /*+ OPTIONS('a'= */ 1",
        "EXECUTE STATEMENT SET BEGIN",
        "STATEMENT SET BEGIN END",
        "EXPLAIN",
        "EXPLAIN EXPLAIN SELECT 1",
        "SHOW CREATE",
        "ALTER TABLE t DROP (",
        "INSERT INTO t (a",
        "SELECT * FROM TABLE(TUMBLE(TABLE",
        "SELECT MAP[1",
        "SELECT KEY",
        "CAST(x AS ROW<",
        "SELECT CAST(x AS TIMESTAMP(",
        "SELECT CAST(x AS TIMESTAMP(3) WITH LOCAL",
        deep_types.as_str(),
        deep_rows.as_str(),
        deep_parens.as_str(),
        many_sets.as_str(),
    ];
    for sql in inputs {
        exercise(sql);
    }
}

#[test]
fn truncated_corpus_statements_do_not_panic() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/flink-sql/statements.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: shared corpus not found at {}", path.display());
        return;
    };
    for (n, line) in text.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let sql = v["sql"].as_str().unwrap_or_default();
        let bounds: Vec<usize> = sql.char_indices().map(|(i, _)| i).collect();
        let step = 1 + bounds.len() / 12;
        for (k, &i) in bounds.iter().enumerate().skip(n % step).step_by(step) {
            exercise(&sql[..i]);
            // drop one character in the middle as well
            if let Some(&j) = bounds.get(k + 1) {
                exercise(&format!("{}{}", &sql[..i], &sql[j..]));
            }
        }
    }
}

#[test]
fn long_scripts_and_statements_are_handled() {
    let script = "INSERT INTO t SELECT a FROM s WHERE b = 'x;y';\n".repeat(5000);
    let reports = weir_sql::check(&script);
    assert_eq!(reports.len(), 5000);
    assert!(reports.iter().all(|r| r.diagnostics.is_empty()));
    assert_eq!(reports[4999].start.line, 5000);
    // ~200 KiB, under the 256 KiB statement limit
    let rows: Vec<String> = (0..12000).map(|i| format!("({i}, 'v{i}')")).collect();
    let big = format!("INSERT INTO t VALUES {}", rows.join(", "));
    assert_eq!(weir_sql::split(&big).len(), 1);
    assert_eq!(weir_sql::parse(&big).map(|p| p.kind()), Ok("insert"));
    // over it: refused with the reason, not parsed
    let rows: Vec<String> = (0..25000).map(|i| format!("({i}, 'v{i}')")).collect();
    let bigger = format!("INSERT INTO t VALUES {}", rows.join(", "));
    let e = weir_sql::parse(&bigger).map(|p| p.kind()).unwrap_err();
    assert!(
        e.message.contains("Weir checks statements up to 256 KiB"),
        "{}",
        e.message
    );
}
