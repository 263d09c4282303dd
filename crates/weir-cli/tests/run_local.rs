//! `weir run` against the real local engine (Flink from PyPI's jars, started by the command):
//! typed batch results as JSON, a streaming GROUP BY's materialized result, failures with exit
//! code 1 and positions, and the table and CSV formats.

use std::process::{Command, Output};

fn engine_installed() -> bool {
    let ok = Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(["engine", "info"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("WEIR_REQUIRE_ENGINE").is_none(),
            "WEIR_REQUIRE_ENGINE is set but `weir engine info` fails"
        );
        println!("SKIPPED: the local engine is not installed here");
    }
    ok
}

fn weir_run(script: &str, args: &[&str]) -> (Output, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("script.sql");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(dir.path().join("ws"))
        .arg("run")
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    let json = if args.contains(&"json") {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    } else {
        serde_json::Value::Null
    };
    (out, json)
}

const TYPED: &str = r#"
-- every column type, and NULLs
SELECT * FROM (VALUES
  (CAST(7 AS INT), CAST(10000000000 AS BIGINT), CAST(2.5 AS DOUBLE), CAST(12.34 AS DECIMAL(10, 2)), 'text "q" äö',
   TRUE, DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789', X'CAFE', ARRAY[1, 2, 3],
   CAST(ROW(1, 'x') AS ROW<id INT, name STRING>)),
  (CAST(NULL AS INT), CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(10, 2)), CAST(NULL AS STRING),
   CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS BYTES), CAST(NULL AS ARRAY<INT>),
   CAST(NULL AS ROW<id INT, name STRING>))
) AS t(c_int, c_bigint, c_double, c_decimal, c_string, c_boolean, c_date, c_ts, c_bytes, c_array, c_row)
ORDER BY c_int NULLS LAST;
CREATE TEMPORARY TABLE gen (id INT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '50',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '50', 'fields.name.length' = '5');
SELECT COUNT(*) AS n, SUM(id) AS total FROM gen;
"#;

#[test]
fn a_batch_script_prints_typed_rows_as_json() {
    if !engine_installed() {
        return;
    }
    let (out, json) = weir_run(TYPED, &["--local", "--mode", "batch", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let st = json["statements"].as_array().unwrap();
    assert_eq!(st.len(), 3);
    let q = &st[0];
    assert_eq!(q["index"], 0);
    assert_eq!(q["kind"], "query");
    assert_eq!(q["status"], "ok");
    assert_eq!(q["error"], serde_json::Value::Null);
    let types: Vec<&str> = q["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "INT",
            "BIGINT",
            "DOUBLE",
            "DECIMAL(10, 2)",
            "STRING",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP(3)",
            "BYTES",
            "ARRAY<INT>",
            "ROW<`id` INT, `name` STRING>"
        ]
    );
    assert_eq!(q["columns"][0]["name"], "c_int");
    assert_eq!(
        q["rows"],
        serde_json::json!([
            [7, 10000000000i64, 2.5, 12.34, "text \"q\" äö", true, "2024-02-29", "2024-02-29T12:34:56.789",
             "yv4=", [1, 2, 3], {"id": 1, "name": "x"}],
            [null, null, null, null, null, null, null, null, null, null, null]
        ])
    );
    // the decimal keeps its digits on the wire
    assert!(String::from_utf8_lossy(&out.stdout).contains("12.34,"));
    assert_eq!(st[1]["kind"], "create_table");
    assert_eq!(st[2]["rows"], serde_json::json!([[50, 1275]]));
}

#[test]
fn a_streaming_group_by_prints_its_final_state_and_failures_exit_1() {
    if !engine_installed() {
        return;
    }
    let script = r#"
SET 'table.exec.mini-batch.enabled' = 'false';
CREATE TEMPORARY TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',
  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '12');
SELECT n % 3 AS k, COUNT(*) AS cnt, SUM(n) AS total FROM seq GROUP BY n % 3;
SELECT nope FROM seq;
SELECT 1;
"#;
    let (out, json) = weir_run(script, &["--mode", "streaming", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "a failed statement exits 1");
    let st = json["statements"].as_array().unwrap();
    assert_eq!(st.len(), 5);
    assert_eq!(st[0]["kind"], "set");
    assert_eq!(st[0]["status"], "ok");
    let mut rows: Vec<Vec<i64>> = st[2]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect()
        })
        .collect();
    rows.sort();
    assert_eq!(rows, vec![vec![0, 4, 30], vec![1, 4, 22], vec![2, 4, 26]]);
    assert!(st[2]["job_id"].as_str().is_some_and(|j| j.len() == 32));
    assert_eq!(st[3]["status"], "error");
    let err = st[3]["error"].as_str().unwrap();
    assert!(err.contains("nope"), "{err}");
    assert_eq!(st[4]["status"], "skipped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // the error's place is mapped into the script: `nope` is on line 6, column 8
    assert!(stderr.contains("script.sql:6:8:"), "{stderr}");
}

#[test]
fn table_and_csv_formats() {
    if !engine_installed() {
        return;
    }
    let script =
        "SELECT * FROM (VALUES (1, 'a,b'), (22, CAST(NULL AS STRING))) AS t(id, s) ORDER BY id;";
    let (out, _) = weir_run(script, &["--mode", "batch", "--format", "csv"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "id,s\r\n1,\"a,b\"\r\n22,\r\n"
    );
    let (out, _) = weir_run(script, &["--mode", "batch", "--format", "table"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text,
        "+----+------+\n| id | s    |\n+----+------+\n|  1 | a,b  |\n| 22 | NULL |\n+----+------+\n2 rows in set\n\n"
    );
}

#[test]
fn chart_draws_the_last_query_as_svg_and_png() {
    if !engine_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chart.sql");
    std::fs::write(
        &file,
        "SELECT x, x * x AS sq FROM (VALUES (1), (2), (3), (4), (5)) AS t(x);\n",
    )
    .unwrap();
    for out in ["c.svg", "c.png"] {
        let path = dir.path().join(out);
        let o = Command::new(env!("CARGO_BIN_EXE_weir"))
            .arg("--workspace")
            .arg(dir.path().join("ws"))
            .args(["chart"])
            .arg(&file)
            .args([
                "--mode", "batch", "--x", "x", "--y", "sq", "--kind", "line", "--out",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&path).unwrap();
        if out.ends_with(".svg") {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
            assert!(svg.contains("<polyline"), "a line is drawn");
            assert!(
                svg.contains(">\nsq\n</text>") && svg.contains(">\nx\n</text>"),
                "axes are titled"
            );
        } else {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        }
    }
    // a y column that is not a number is refused with a clear message
    let o = Command::new(env!("CARGO_BIN_EXE_weir"))
        .arg("--workspace")
        .arg(dir.path().join("ws"))
        .args(["chart"])
        .arg(&file)
        .args(["--mode", "batch", "--x", "x", "--y", "nope", "--out"])
        .arg(dir.path().join("bad.svg"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--y nope: the last query has no such column; its columns are x, sq"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
