//! `weir lineage` run as a user runs it: the real binary on temp files, in the three formats.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn weir(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(args)
        .output()
        .expect("run weir")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write temp file");
    p.to_str().expect("utf-8 temp path").to_string()
}

const D: &str = "default_catalog.default_database.";

/// Two sources, a view, a sink: 4 column edges into the sink (id copy, name copy through the
/// join, total aggregate), a filter and a join key as dependencies.
const SCRIPT: &str = "CREATE TABLE orders (id BIGINT, cust BIGINT, price DECIMAL(10, 2)) WITH ('connector' = 'datagen');\n\
CREATE TABLE customers (cust BIGINT, name STRING) WITH ('connector' = 'datagen');\n\
CREATE VIEW big AS SELECT id, cust, price FROM orders WHERE price > 100;\n\
CREATE TABLE report (cust BIGINT, name STRING, total DECIMAL(38, 2)) WITH ('connector' = 'print');\n\
\n\
INSERT INTO report\n\
SELECT b.cust, c.name, SUM(b.price) FROM big AS b JOIN customers AS c ON b.cust = c.cust GROUP BY b.cust, c.name;\n";

fn lineage(format: &str, script: &str) -> (Output, String) {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "script.sql", script);
    let out = weir(&["lineage", &f, "--format", format]);
    (out, f)
}

fn edge(e: &Value) -> String {
    format!(
        "{}.{} -> {}.{} {}",
        e["from"]["table"].as_str().unwrap(),
        e["from"]["column"].as_str().unwrap(),
        e["to"]["table"].as_str().unwrap(),
        e["to"]["column"].as_str().unwrap(),
        e["transform"].as_str().unwrap()
    )
}

#[test]
fn json_has_tables_edges_and_dependencies_in_the_issue_shape() {
    let (out, _) = lineage("json", SCRIPT);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("{\n  \"tables\": ["), "{stdout}");
    let v: Value = serde_json::from_str(&stdout).expect("valid JSON");
    let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["dependencies", "edges", "tables"], "{v}");

    let tables = v["tables"].as_array().unwrap();
    let role = |name: &str| {
        tables
            .iter()
            .find(|t| t["name"] == format!("{D}{name}"))
            .unwrap_or_else(|| panic!("no table {name} in {v}"))["role"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(role("orders"), "source");
    assert_eq!(role("customers"), "source");
    assert_eq!(role("big"), "view");
    assert_eq!(role("report"), "sink");
    let report = tables
        .iter()
        .find(|t| t["name"] == format!("{D}report"))
        .unwrap();
    let cols: Vec<&str> = report["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cols, ["cust", "name", "total"]);

    let edges: Vec<&Value> = v["edges"].as_array().unwrap().iter().collect();
    for e in &edges {
        let st = &e["statement"];
        assert!(st["index"].is_u64() && st["line"].is_u64(), "{e}");
    }
    // direct edges of the INSERT (statement 4, line 6)
    let insert: Vec<String> = edges
        .iter()
        .filter(|e| e["statement"]["index"] == 4 && e.get("via").is_none())
        .map(|e| {
            assert_eq!(e["statement"]["line"], 6, "{e}");
            edge(e)
        })
        .collect();
    assert_eq!(
        insert,
        [
            format!("{D}big.cust -> {D}report.cust copy"),
            format!("{D}customers.name -> {D}report.name copy"),
            format!("{D}big.price -> {D}report.total aggregate"),
        ]
    );
    // the view's own edges (statement 2, line 3)
    assert!(edges.iter().any(
        |e| edge(e) == format!("{D}orders.price -> {D}big.price copy")
            && e["statement"]["index"] == 2
            && e["statement"]["line"] == 3
    ));

    let deps: Vec<String> = v["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["statement"]["index"].is_u64(), "{e}");
            format!(
                "{}.{} -> {}",
                e["from"]["table"].as_str().unwrap(),
                e["from"]["column"].as_str().unwrap(),
                e["to"]["column"].as_str().unwrap()
            )
        })
        .collect();
    // the view's filter, and the join key of customers, are dependencies, not value origins
    assert!(deps.contains(&format!("{D}orders.price -> id")), "{deps:?}");
    assert!(
        deps.contains(&format!("{D}customers.cust -> total")),
        "{deps:?}"
    );
    assert!(
        !deps.contains(&format!("{D}customers.name -> name")),
        "{deps:?}"
    );
}

/// Direct column edges of the script, as the text formats draw them.
fn direct_edges() -> usize {
    let (out, _) = lineage("json", SCRIPT);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("via").is_none())
        .count()
}

#[test]
fn dot_is_a_digraph_with_one_edge_line_per_column_edge() {
    let (out, _) = lineage("dot", SCRIPT);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("digraph lineage {\n"), "{s}");
    assert!(s.trim_end().ends_with('}'), "{s}");
    assert_eq!(s.matches('{').count(), s.matches('}').count(), "{s}");
    let solid: Vec<&str> = s
        .lines()
        .filter(|l| l.contains(" -> ") && !l.contains("dashed"))
        .collect();
    assert_eq!(solid.len(), direct_edges(), "{s}");
    for l in &solid {
        let l = l.trim();
        assert!(
            l.starts_with('t') && l.ends_with("\"];") && l.contains("[label=\""),
            "{l}"
        );
    }
    assert!(
        s.lines().any(|l| l.contains("dashed")),
        "no dependency in {s}"
    );
    for t in ["orders", "customers", "big", "report"] {
        assert!(s.contains(&format!("{D}{t}</b>")), "{t} missing: {s}");
    }
}

#[test]
fn mermaid_is_a_left_right_flowchart_with_one_edge_line_per_column_edge() {
    let (out, _) = lineage("mermaid", SCRIPT);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let first = s.lines().next().unwrap_or_default();
    assert!(first == "flowchart LR" || first == "graph LR", "{s}");
    assert_eq!(
        s.lines()
            .filter(|l| l.trim_start().starts_with("subgraph "))
            .count(),
        s.lines().filter(|l| l.trim() == "end").count(),
        "{s}"
    );
    let edges: Vec<&str> = s.lines().filter(|l| l.contains(" -->|")).collect();
    assert_eq!(edges.len(), direct_edges(), "{s}");
    for l in &edges {
        let parts: Vec<&str> = l.split_whitespace().collect();
        assert_eq!(parts.len(), 3, "{l}");
        assert!(
            ["-->|copy|", "-->|expression|", "-->|aggregate|"].contains(&parts[1]),
            "{l}"
        );
    }
    assert!(
        s.lines().any(|l| l.contains(" -.-> ")),
        "no dependency in {s}"
    );
}

#[test]
fn a_missing_file_is_named_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.sql");
    let missing = missing.to_str().unwrap();
    let out = weir(&["lineage", missing]);
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert!(stderr.contains(missing), "{stderr}");
}

#[test]
fn a_bad_statement_exits_one_and_is_listed_the_rest_is_still_printed() {
    let script = "CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'datagen');\n\
SELECT a FROM t WHERE;\n\
CREATE TABLE s (a INT) WITH ('connector' = 'print');\n\
INSERT INTO s SELECT a FROM t;\n";
    let (out, f) = lineage("json", script);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("{f}:2: statement 2 skipped: ")),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let edges: Vec<String> = v["edges"].as_array().unwrap().iter().map(edge).collect();
    assert_eq!(edges, [format!("{D}t.a -> {D}s.a copy")]);
    assert_eq!(v["skipped"][0]["index"], 1, "{v}");
}
