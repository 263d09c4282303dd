//! Lineage speed: all corpus scripts (`../shared/corpus/flink-sql/scripts/`, skipped with a
//! message when absent) and a generated 1,000-statement script (target ≤ 100 ms).

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

/// 1,000 statements: 200 tables, 200 views, 600 INSERTs with joins, aggregates and windows.
pub fn generated_script() -> String {
    let mut s = String::new();
    for i in 0..200 {
        s.push_str(&format!(
            "CREATE TABLE t{i} (id BIGINT, k STRING, v INT, ts TIMESTAMP(3), c AS v * 2, \
             WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');\n"
        ));
    }
    for i in 0..200 {
        s.push_str(&format!(
            "CREATE VIEW v{i} AS SELECT id, k, v + 1 AS v, ts FROM t{i} WHERE v > 0;\n"
        ));
    }
    for i in 0..600 {
        let (a, b) = (i % 200, (i + 1) % 200);
        let q = match i % 3 {
            0 => format!(
                "INSERT INTO t{b} SELECT x.id, y.k, x.v + y.v, x.ts FROM v{a} AS x JOIN t{b} AS y ON x.id = y.id"
            ),
            1 => format!(
                "INSERT INTO t{b} SELECT id, k, CAST(SUM(v) AS INT), window_start FROM TABLE(TUMBLE(TABLE t{a}, \
                 DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY id, k, window_start, window_end"
            ),
            _ => format!(
                "INSERT INTO t{b} WITH w AS (SELECT * FROM t{a}) SELECT id, CASE WHEN v > 1 THEN k ELSE 'x' END, \
                 v, ts FROM w UNION ALL SELECT id, k, c, ts FROM t{b}"
            ),
        };
        s.push_str(&q);
        s.push_str(";\n");
    }
    s
}

fn corpus() -> Vec<String> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/flink-sql/scripts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "sql"));
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let scripts = corpus();
    if scripts.is_empty() {
        eprintln!("SKIPPED corpus benchmark: ../shared/corpus/flink-sql/scripts is absent");
    } else {
        c.bench_function(
            &format!("lineage of all {} corpus scripts", scripts.len()),
            |b| {
                b.iter(|| {
                    for s in &scripts {
                        black_box(weir_lineage::script_lineage(black_box(s)));
                    }
                })
            },
        );
    }
    let big = generated_script();
    c.bench_function("lineage of a 1,000-statement script", |b| {
        b.iter(|| black_box(weir_lineage::script_lineage(black_box(&big))))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
