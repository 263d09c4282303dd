use super::*;

#[test]
fn ddl_gets_one_column_and_option_per_line() {
    let out = format_statement(
        "create table t (a int not null, ts timestamp(3), watermark for ts as ts - interval '5' second) with ('connector'='datagen','rows-per-second'='5')",
    )
    .unwrap();
    assert_eq!(
        out,
        "CREATE TABLE t (\n  a INT NOT NULL,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n)\nWITH (\n  'connector' = 'datagen',\n  'rows-per-second' = '5'\n)"
    );
}

#[test]
fn comments_between_statements_stay() {
    let script = "-- first\nset 'a'='b'; -- trailing\n\n/* block */\nselect 1;\n-- end\n";
    let out = format_script(script).unwrap();
    assert_eq!(
        out,
        "-- first\nSET 'a' = 'b'; -- trailing\n\n/* block */\nSELECT\n  1;\n\n-- end\n"
    );
    assert_eq!(format_script(&out).unwrap(), out);
}

#[test]
fn table_hints_and_placeholders_are_kept() {
    let out = format_statement("select * from t /*+ OPTIONS('a'='b') */ where x = ${v}").unwrap();
    assert!(out.contains("t /*+ OPTIONS('a'='b') */"), "{out}");
    assert!(out.contains("${v}"), "{out}");
    // query hints after SELECT sit in sqlparser's AST; comments around them do not matter
    let out = format_statement("select /* why */ /*+ STATE_TTL('o' = '1d') */ -- note\n a from o")
        .unwrap();
    assert!(out.contains("SELECT /*+ STATE_TTL('o' = '1d') */"), "{out}");
}

#[test]
fn a_statement_that_does_not_parse_is_an_error() {
    let err = format_script("SELECT 1;\nSELECT FROM WHERE;").unwrap_err();
    assert!(matches!(err, FormatError::Parse { index: 1, .. }), "{err}");
}

#[test]
fn statement_sets_and_temporal_joins_keep_their_form() {
    let out = format_script(
        "BEGIN STATEMENT SET;\nINSERT INTO a SELECT * FROM o JOIN d FOR SYSTEM_TIME AS OF o.pt AS x ON o.k = x.k;\nEND;",
    )
    .unwrap();
    assert!(
        out.starts_with("BEGIN STATEMENT SET;\n\nINSERT INTO a\n"),
        "{out}"
    );
    assert!(
        out.contains("d FOR SYSTEM_TIME AS OF o.pt AS x ON"),
        "{out}"
    );
    assert!(out.ends_with("\nEND;\n"), "{out}");
}

#[test]
fn window_table_arguments_keep_flink_syntax() {
    let out = format_statement(
        "SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY supplier_id, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES))",
    )
    .unwrap();
    assert!(
        out.contains("SESSION(TABLE Bid PARTITION BY (supplier_id), DESCRIPTOR(bidtime)"),
        "{out}"
    );
}
