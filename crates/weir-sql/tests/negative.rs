//! Statements Flink rejects: each must produce an error diagnostic at the right place.

use weir_sql::{check, Severity};

/// (script, line, column, part of the message)
const CASES: &[(&str, usize, usize, &str)] = &[
    // grammar synopses copied from the docs, with their [ ] and |
    ("CREATE TABLE [IF NOT EXISTS] t (a INT)", 1, 14, "expected a table name"),
    ("DROP [TEMPORARY] TABLE t", 1, 6, "expected TABLE"),
    ("SHOW TABLES [ ( FROM | IN ) db ]", 1, 13, "expected end of statement"),
    ("INSERT { INTO | OVERWRITE } t SELECT 1", 1, 8, "expected INTO or OVERWRITE"),
    // missing / extra parentheses
    ("CREATE TABLE t (\n  a INT,\n  b STRING\nWITH ('connector' = 'datagen')", 4, 1, "expected ',' or ')' after column list, found 'WITH'"),
    ("CREATE TABLE t (a INT) WITH 'connector' = 'x'", 1, 29, "expected '(' to open the WITH options"),
    ("CREATE TABLE t (a INT) WITH ('connector' = 'x'", 1, 47, "expected ',' or ')' in the WITH options"),
    ("SELECT a FROM t WHERE (a > 1", 1, 29, "expected ')'"),
    ("CREATE TABLE t (a DECIMAL(10, 2 ) WITH ()", 1, 35, "expected ',' or ')' after column list"),
    // misplaced WATERMARK and other clause-order mistakes
    ("CREATE TABLE t (a INT, ts TIMESTAMP(3))\nWATERMARK FOR ts AS ts - INTERVAL '5' SECOND\nWITH ('connector' = 'x')", 2, 1, "found 'WATERMARK'"),
    ("CREATE TABLE t (a INT WATERMARK FOR a AS a)", 1, 23, "found 'WATERMARK'"),
    ("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK ts AS ts)", 1, 44, "expected FOR after WATERMARK"),
    ("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)", 1, 58, "only one WATERMARK"),
    ("CREATE TABLE t (a INT) WITH ('a' = 'b') PARTITIONED BY (a)", 1, 41, "expected end of statement, found 'PARTITIONED'"),
    ("CREATE TABLE t (a INT) WITH ('a' = 'b') COMMENT 'x'", 1, 41, "found 'COMMENT'"),
    // primary keys
    ("CREATE TABLE t (a INT, PRIMARY KEY (a)) WITH ('a' = 'b')", 1, 24, "NOT ENFORCED"),
    ("CREATE TABLE t (a INT PRIMARY KEY ENFORCED)", 1, 23, "NOT ENFORCED"),
    ("CREATE TABLE t (a INT, PRIMARY KEY a NOT ENFORCED)", 1, 36, "expected '(' to open the key columns"),
    // options and types
    ("CREATE TABLE t (a INT) WITH ('connector' = kafka)", 1, 44, "expected a quoted value for option 'connector'"),
    ("CREATE TABLE t (a INT) WITH ('connector' 'kafka')", 1, 42, "expected '=' after option key 'connector'"),
    ("CREATE TABLE t (a MAP<STRING>)", 1, 29, "expected ',' between the key and value types of MAP"),
    ("CREATE TABLE t (a ARRAY<INT)", 1, 28, "expected '>' to close ARRAY"),
    ("CREATE TABLE t (a VARCHAR(x))", 1, 27, "expected a length or precision for VARCHAR"),
    ("CREATE TABLE t (a INT METADATA FROM offset)", 1, 37, "expected a quoted metadata key"),
    // DML and others
    ("INSERT INTO t", 1, 14, "expected a query"),
    ("INSERT t SELECT 1", 1, 8, "expected INTO or OVERWRITE"),
    ("SELECT * FROM", 1, 14, "found end of statement"),
    ("SELECT a b c FROM t", 1, 12, "found 'c'"),
    ("EXECUTE STATEMENT SET BEGIN SELECT 1; END", 1, 29, "only INSERT statements"),
    ("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1 END", 1, 52, "expected ';' after the INSERT"),
    ("EXPLAIN FOO SELECT 1", 1, 9, "expected a query, INSERT"),
    ("SHOW TABLE", 1, 6, "expected CATALOGS, DATABASES"),
    ("SHOW COLUMNS t", 1, 14, "expected FROM or IN after SHOW COLUMNS"),
    ("LOAD hive", 1, 6, "expected MODULE after LOAD"),
    ("ADD JAR /tmp/x.jar", 1, 9, "expected a quoted jar path"),
    ("CREATE FUNCTION f AS com.x.F", 1, 22, "expected the quoted class name"),
    ("CREATE FUNCTION f AS 'x' LANGUAGE RUST", 1, 35, "expected JAVA, SCALA or PYTHON"),
    ("ALTER TABLE t FROB", 1, 15, "expected RENAME, SET, RESET, ADD, MODIFY, DROP or COMPACT"),
    ("ALTER TABLE t ADD PARTITION (p)", 1, 31, "expected '=' and a value"),
    ("DROP TABLE IF t", 1, 15, "expected EXISTS after IF"),
    ("SET 'a' 'b'", 1, 9, "expected '='"),
    ("SET a = ", 1, 8, "expected a value"),
    ("RESET 'a' 'b'", 1, 11, "expected end of statement"),
    ("SELECT 'abc", 1, 8, "unterminated string literal"),
    ("SELECT 1 /* never closed", 1, 10, "unterminated comment"),
    ("CREATE VIEW v SELECT 1", 1, 15, "expected AS before the view's query"),
    ("REPLACE TABLE t WITH ('a' = 'b')", 1, 33, "AS"),
    ("STOP JOB 'x' WITH NOTHING", 1, 19, "expected SAVEPOINT or DRAIN"),
    ("ANALYZE TABLE t COMPUTE", 1, 24, "expected STATISTICS"),
    ("CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) INTO BUCKETS", 1, 52, "expected a bucket count after INTO"),
    ("CREATE TABLE t (a INT) WITH ('a'='b') LIKE s (INCLUDING EVERYTHING)", 1, 57, "expected ALL, CONSTRAINTS"),
    ("SELECT /*+ OPTIONS('a' 'b') */ * FROM t", 1, 24, "in hint"),
    ("CREATE TABLE t (a INT) WITH (connector = 'kafka')", 1, 30, "expected a quoted option key"),
    ("BEGIN STATEMENT SET; BEGIN STATEMENT SET; END", 1, 22, "cannot be nested"),
    ("SELECT \"a\" FROM t", 1, 8, "backticks"),
    ("SHOW CREATE DATABASE db", 1, 13, "expected TABLE, VIEW"),
    ("ALTER TABLE t ADD PRIMARY KEY (id)", 1, 19, "NOT ENFORCED"),
    // reserved words used as names
    ("CREATE TABLE t (user STRING, cnt INT) WITH ('connector' = 'x')", 1, 17, "reserved word 'user'"),
    ("CREATE TABLE t (a INT) PARTITIONED BY (date) WITH ('connector' = 'x')", 1, 40, "reserved word 'date'"),
    ("DROP TABLE order", 1, 12, "reserved word 'order'"),
    ("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nSELECT 2;\nEND;", 3, 1, "only INSERT statements can be in a statement set"),
    ("END;", 1, 1, "END without BEGIN STATEMENT SET"),
    ("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;", 1, 1, "never closed"),
];

#[test]
fn rejected_statements_get_diagnostics_at_the_right_place() {
    let mut bad = Vec::new();
    for (sql, line, column, msg) in CASES {
        let reports = check(sql);
        let diags: Vec<_> = reports.iter().flat_map(|r| r.diagnostics.iter()).collect();
        let hit = diags
            .iter()
            .find(|d| d.severity == Severity::Error && d.message.contains(msg));
        match hit {
            Some(d) if d.line == *line && d.column == *column => {}
            _ => bad.push(format!(
                "{sql:?}: wanted {line}:{column} '{msg}', got {:?}",
                diags.iter().map(|d| &d.message).collect::<Vec<_>>()
            )),
        }
    }
    assert!(bad.is_empty(), "{} wrong:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn empty_statement_set_is_a_warning() {
    let reports = check("BEGIN STATEMENT SET;\nEND;");
    let d = &reports[1].diagnostics;
    assert_eq!(d.len(), 1, "{reports:#?}");
    assert_eq!(
        (d[0].severity, d[0].line, d[0].column),
        (Severity::Warning, 2, 1)
    );
}

#[test]
fn one_bad_statement_does_not_hide_the_others() {
    let script = "SELECT 1;\nCREATE TABLE t (a INT;\nSELECT FROM;\nSHOW TABLES;\nDROP x y;";
    let reports = check(script);
    assert_eq!(reports.len(), 5);
    let errs: Vec<(usize, usize)> = reports
        .iter()
        .filter_map(|r| r.diagnostics.first().map(|d| (d.line, d.column)))
        .collect();
    assert_eq!(errs.len(), 3, "{reports:#?}");
    assert_eq!(reports[0].kind, Some("query"));
    assert_eq!(reports[3].kind, Some("show_tables"));
    assert!(
        reports[1].diagnostics[0]
            .message
            .starts_with("expected ',' or ')' after column list, found end of statement at 2:22"),
        "{:?}",
        reports[1].diagnostics
    );
    assert_eq!(errs[2], (5, 6));
}

#[test]
fn accepted_script_has_no_diagnostics() {
    let script = "-- a job\nSET 'pipeline.name' = 'x';\nCREATE TEMPORARY TABLE src (\n  id BIGINT,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH ('connector' = 'datagen', 'password' = '${secret:pw}');\nBEGIN STATEMENT SET;\nINSERT INTO ${sink} SELECT * FROM src;\nEND;\n";
    let reports = check(script);
    let kinds: Vec<_> = reports.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Some("set"),
            Some("create_table"),
            Some("statement_set"),
            Some("insert"),
            Some("statement_set")
        ]
    );
    assert!(
        reports.iter().all(|r| r.diagnostics.is_empty()),
        "{reports:#?}"
    );
}
