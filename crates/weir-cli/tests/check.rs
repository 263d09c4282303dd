//! `weir check` and `weir format` run as a user runs them: the real binary on temp files.

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

const GOOD: &str = "SET 'parallelism.default' = '2';\n\
CREATE TABLE orders (\n  id BIGINT,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH ('connector' = 'datagen');\n\
INSERT INTO sink SELECT id FROM orders;\n";

const BAD: &str = "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n\
SELECT a FROM t WHERE;\n\
INSERT INTO s SELECT a FROM t;\n\
CREATE TABLE u (a INT, PRIMARY KEY (a) ENFORCED);\n\
SELECT 1;\n";

#[test]
fn good_script_exits_zero_with_a_clean_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "good.sql", GOOD);
    let out = weir(&["check", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout,
        "1 file checked, 3 statements with 0 errors and 0 warnings\n"
    );
}

#[test]
fn bad_statements_are_reported_with_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "bad.sql", BAD);
    let out = weir(&["check", &f]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{f}:2:22: error: ")),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{f}:4:")) && lines[1].contains(": error: "),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("NOT ENFORCED"), "{}", lines[1]);
    assert_eq!(
        lines[2],
        "1 file checked, 5 statements with 2 errors and 0 warnings"
    );
}

#[test]
fn unreadable_file_is_named_and_exits_two() {
    let tmp = tempfile::tempdir().unwrap();
    let good = write(tmp.path(), "good.sql", GOOD);
    let missing = tmp.path().join("missing.sql");
    let missing = missing.to_str().unwrap();
    let out = weir(&["check", missing, &good]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(missing), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
}

/// Issue 14 (8): `weir check` on an unreadable file printed "1 file checked" and exited 2.
#[test]
fn an_unreadable_file_is_not_counted_as_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.sql");
    let missing = missing.to_str().unwrap();
    let out = weir(&["check", missing]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stdout).trim_end(),
        "0 files checked, 0 statements with 0 errors and 0 warnings; 1 file could not be read"
    );
    // A directory given as a file: named, not counted, the good file still checked.
    let good = write(tmp.path(), "good.sql", GOOD);
    let dir = tmp.path().to_str().unwrap();
    let out = weir(&["check", &good, dir]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stdout).trim_end(),
        "1 file checked, 3 statements with 0 errors and 0 warnings; 1 file could not be read"
    );
    assert!(text(&out.stderr).contains(&format!("cannot read {dir}")));
    // JSON names the unreadable file and why.
    let out = weir(&["check", "--format", "json", &good, missing]);
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["unreadable"][0]["file"], missing, "{doc}");
    assert!(
        doc["unreadable"][0]["error"]
            .as_str()
            .unwrap()
            .contains("No such file"),
        "{doc}"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "bad.sql", BAD);
    let out = weir(&["check", "--format", "json", &f]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // field order as documented
    assert!(
        stdout.starts_with(&format!(
            "{{\"files\":[{{\"file\":{},\"statements\":[{{\"index\":0,\"start\":{{\"line\":1,\"column\":1}},\"end\":{{\"line\":1,",
            serde_json::to_string(&f).unwrap()
        )),
        "{stdout}"
    );
    let v: Value = serde_json::from_str(&stdout).expect("valid JSON");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let sts = files[0]["statements"].as_array().unwrap();
    assert_eq!(sts.len(), 5);
    assert_eq!(sts[0]["kind"], "create_table");
    assert_eq!(sts[0]["ok"], true);
    assert_eq!(sts[0]["diagnostics"], Value::Array(vec![]));
    assert_eq!(sts[1]["kind"], Value::Null);
    assert_eq!(sts[1]["ok"], false);
    assert_eq!(sts[1]["start"]["line"], 2);
    let d = &sts[1]["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 22);
    assert!(
        d["message"].as_str().unwrap().starts_with("expected"),
        "{d}"
    );
    assert_eq!(sts[2]["kind"], "insert");
    assert_eq!(sts[3]["kind"], "create_table");
    assert_eq!(sts[3]["ok"], false);
    assert_eq!(sts[4]["kind"], "query");
    for s in sts {
        let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 6, "{s}");
    }
}

#[test]
fn format_prints_the_canonical_script() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(
        tmp.path(),
        "f.sql",
        "-- orders\ncreate table t (a int) with ('connector'='datagen');\nselect a from t where a > 1;\n",
    );
    let out = weir(&["format", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "-- orders\nCREATE TABLE t (\n  a INT\n)\nWITH (\n  'connector' = 'datagen'\n);\n\nSELECT\n  a\nFROM\n  t\nWHERE\n  a > 1;\n"
    );
}

#[test]
fn format_refuses_a_script_that_does_not_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "bad.sql", BAD);
    let out = weir(&["format", &f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).is_empty());
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("{f}:2:22: error: ")), "{stderr}");
}
