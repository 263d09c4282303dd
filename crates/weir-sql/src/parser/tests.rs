use super::*;

fn kind(s: &str) -> String {
    match parse(s) {
        Ok(p) => p.statement.kind().to_string(),
        Err(e) => format!("ERR {e}"),
    }
}

#[test]
fn kinds_of_common_statements() {
    let cases = [
        ("CREATE TABLE t (a INT, b AS a + 1, c TIMESTAMP(3) METADATA FROM 'timestamp' VIRTUAL, WATERMARK FOR c AS c - INTERVAL '5' SECOND, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'kafka')", "create_table"),
        ("CREATE TABLE t WITH ('a' = 'b') LIKE s (EXCLUDING ALL INCLUDING GENERATED)", "create_table_like"),
        ("CREATE TABLE t AS SELECT 1", "create_table_as"),
        ("CREATE OR REPLACE TABLE t AS SELECT 1", "replace_table_as"),
        ("SELECT * FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))", "query"),
        ("SET 'a' = 'b'", "set"),
        ("SET table.sql-dialect=hive", "set"),
        ("RESET", "reset"),
        ("SHOW TABLES", "show_tables"),
        ("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END", "execute"),
    ];
    for (sql, k) in cases {
        assert_eq!(kind(sql), k, "{sql}");
    }
}

#[test]
fn hints_and_within_are_kept() {
    let p = parse("INSERT INTO t /*+ OPTIONS('sink.parallelism'='4') */ SELECT /*+ BROADCAST(d), LOOKUP('table'='d') */ * FROM s")
        .unwrap();
    let names: Vec<&str> = p.hints.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, vec!["OPTIONS", "BROADCAST", "LOOKUP"]);
    assert_eq!(p.hints[0].options[0].key, "sink.parallelism");
    assert_eq!(p.hints[1].args, vec!["d".to_string()]);
    assert_eq!(p.hints[0].span.start.column, 15);
    let q = parse("SELECT * FROM t MATCH_RECOGNIZE (ORDER BY ts MEASURES A.x AS x PATTERN (A B) WITHIN INTERVAL '5' SECOND DEFINE A AS A.x > 0)").unwrap();
    assert_eq!(q.pattern_within.len(), 1);
}

#[test]
fn positions_are_script_positions() {
    let origin = Position {
        offset: 20,
        line: 3,
        column: 5,
    };
    let e = parse_at("CREATE TABLE t (\n  a INT\nWITH ('x' = 'y')", origin).unwrap_err();
    assert_eq!((e.span.start.line, e.span.start.column), (5, 1));
    assert_eq!(
        e.to_string(),
        "expected ',' or ')' after column list, found 'WITH' at 5:1"
    );
}
