//! Formatter round trip on the shared corpus: for every statement and every script,
//! `parse(format(x)) == parse(x)` (spans aside) and `format(format(x)) == format(x)`.
//!
//! The corpus lives in `../shared/corpus/flink-sql` next to the repository; without it the
//! tests print that they were skipped.

use std::path::PathBuf;

use serde_json::Value;
use weir_sql::{format_script, format_statement, parse, split};

/// Lowest acceptable share of statements that round-trip.
const BAR: f64 = 1.0;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/flink-sql");
    dir.join("statements.jsonl").is_file().then_some(dir)
}

/// Why `sql` does not round-trip, or None when it does.
fn round_trip(sql: &str) -> Option<String> {
    let original = match parse(sql) {
        Ok(p) => p,
        Err(e) => return Some(format!("original does not parse: {e}")),
    };
    let once = match format_statement(sql) {
        Ok(f) => f,
        Err(e) => return Some(format!("format failed: {e}")),
    };
    match parse(&once) {
        Ok(p) if p.same_as(&original) => {}
        Ok(p) => {
            return Some(format!(
                "AST changed\n--- formatted:\n{once}\n--- original: {:?}\n--- got: {:?}",
                original.statement, p.statement
            ))
        }
        Err(e) => return Some(format!("formatted text does not parse: {e}\n{once}")),
    }
    match format_statement(&once) {
        Ok(twice) if twice == once => None,
        Ok(twice) => Some(format!("not idempotent:\n{once}\n--- then:\n{twice}")),
        Err(e) => Some(format!("second format failed: {e}")),
    }
}

#[test]
fn every_corpus_statement_round_trips() {
    let Some(dir) = corpus_dir() else {
        println!(
            "SKIPPED: shared corpus not found next to the repository (../shared/corpus/flink-sql)"
        );
        return;
    };
    let text =
        std::fs::read_to_string(dir.join("statements.jsonl")).expect("read statements.jsonl");
    let (mut ok, mut total) = (0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("valid json line");
        let sql = v["sql"].as_str().unwrap_or_default();
        total += 1;
        match round_trip(sql) {
            None => ok += 1,
            Some(why) => println!("FAIL {}: {sql}\n{why}\n", v["id"]),
        }
    }
    let rate = ok as f64 / total as f64;
    println!(
        "format round trip: {ok}/{total} statements ({:.2}%)",
        rate * 100.0
    );
    assert!(rate >= BAR, "round-trip rate {rate:.4} below {BAR}");
}

#[test]
fn every_corpus_script_round_trips() {
    let Some(dir) = corpus_dir() else {
        println!(
            "SKIPPED: shared corpus not found next to the repository (../shared/corpus/flink-sql)"
        );
        return;
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir.join("scripts"))
        .expect("read scripts dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    entries.sort();
    let (mut ok, mut total) = (0usize, 0usize);
    for path in &entries {
        let script = std::fs::read_to_string(path).expect("read script");
        total += 1;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let once = match format_script(&script) {
            Ok(f) => f,
            Err(e) => {
                println!("FAIL {name}: {e}");
                continue;
            }
        };
        let before: Vec<_> = split(&script).iter().map(|s| parse(&s.text)).collect();
        let after: Vec<_> = split(&once).iter().map(|s| parse(&s.text)).collect();
        let same_asts = before.len() == after.len()
            && before.iter().zip(&after).all(|(a, b)| match (a, b) {
                (Ok(a), Ok(b)) => a.same_as(b),
                _ => false,
            });
        if !same_asts {
            println!(
                "FAIL {name}: statements changed ({} before, {} after)\n{once}",
                before.len(),
                after.len()
            );
            continue;
        }
        match format_script(&once) {
            Ok(twice) if twice == once => ok += 1,
            Ok(twice) => println!("FAIL {name}: not idempotent\n{once}\n--- then:\n{twice}"),
            Err(e) => println!("FAIL {name}: second format failed: {e}"),
        }
    }
    let rate = ok as f64 / total.max(1) as f64;
    println!(
        "format round trip: {ok}/{total} scripts ({:.2}%)",
        rate * 100.0
    );
    assert!(rate >= BAR, "script round-trip rate {rate:.4} below {BAR}");
}
