//! `check` (split + parse + diagnostics) of a generated 10,000-line Flink SQL script.
//!
//! Target: at most 30 ms for the whole script. Besides criterion's estimate, the run prints the
//! median and max of a plain timing loop.
//!
//! `cargo bench -p weir-sql --bench check`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;

const LINES: usize = 10_000;
const TARGET: Duration = Duration::from_millis(30);

/// One block of a realistic job script, varied by `i`: SET, source and sink DDL with
/// WATERMARK and WITH options, a view, INSERT … SELECT with window TVFs, temporal and interval
/// joins, a statement set.
fn block(i: usize) -> String {
    let topic = ["orders", "payments", "clicks", "shipments", "refunds"][i % 5];
    let tvf = match i % 3 {
        0 => format!("TUMBLE(TABLE src_{topic}_{i}, DESCRIPTOR(ts), INTERVAL '{}' MINUTES)", 1 + i % 15),
        1 => format!(
            "HOP(TABLE src_{topic}_{i}, DESCRIPTOR(ts), INTERVAL '1' MINUTES, INTERVAL '{}' MINUTES)",
            5 + i % 10
        ),
        _ => format!(
            "CUMULATE(TABLE src_{topic}_{i}, DESCRIPTOR(ts), INTERVAL '1' MINUTES, INTERVAL '{}' HOURS)",
            1 + i % 4
        ),
    };
    format!(
        "-- job {i}: {topic}\n\
         SET 'pipeline.name' = '{topic}-{i}';\n\
         SET 'table.exec.state.ttl' = '{ttl} h';\n\n\
         CREATE TABLE IF NOT EXISTS src_{topic}_{i} (\n\
         \x20 id BIGINT NOT NULL COMMENT 'primary id',\n\
         \x20 user_id BIGINT,\n\
         \x20 amount DECIMAL(12, {scale}),\n\
         \x20 tags ARRAY<STRING>,\n\
         \x20 attrs MAP<STRING, STRING>,\n\
         \x20 payload ROW<kind STRING, version INT>,\n\
         \x20 ts TIMESTAMP(3),\n\
         \x20 `offset` BIGINT METADATA VIRTUAL,\n\
         \x20 proc_time AS PROCTIME(),\n\
         \x20 WATERMARK FOR ts AS ts - INTERVAL '{delay}' SECOND,\n\
         \x20 PRIMARY KEY (id) NOT ENFORCED\n\
         ) WITH (\n\
         \x20 'connector' = 'kafka',\n\
         \x20 'topic' = '{topic}_{i}',\n\
         \x20 'properties.bootstrap.servers' = '${{kafka_servers}}',\n\
         \x20 'scan.startup.mode' = 'earliest-offset',\n\
         \x20 'format' = 'json'\n\
         );\n\n\
         CREATE TABLE sink_{topic}_{i} (\n\
         \x20 window_start TIMESTAMP(3),\n\
         \x20 window_end TIMESTAMP(3),\n\
         \x20 user_id BIGINT,\n\
         \x20 cnt BIGINT,\n\
         \x20 total DECIMAL(18, 2),\n\
         \x20 PRIMARY KEY (window_start, user_id) NOT ENFORCED\n\
         ) WITH ('connector' = 'upsert-kafka', 'topic' = 'agg_{topic}_{i}', 'key.format' = 'json', 'value.format' = 'json');\n\n\
         CREATE TEMPORARY VIEW big_{topic}_{i} AS\n\
         SELECT id, user_id, amount, ts FROM src_{topic}_{i} WHERE amount > {min};\n\n\
         INSERT INTO sink_{topic}_{i} /*+ OPTIONS('sink.parallelism' = '{par}') */\n\
         SELECT window_start, window_end, s.user_id, COUNT(*) AS cnt,\n\
         \x20 SUM(s.amount) AS total\n\
         FROM TABLE(\n\
         \x20 {tvf}) AS s\n\
         LEFT JOIN dim_users FOR SYSTEM_TIME AS OF s.proc_time AS u ON s.user_id = u.id\n\
         WHERE s.amount > {min} AND u.region IN ('eu', 'us') AND s.tags[1] IS NOT NULL\n\
         GROUP BY window_start, window_end, s.user_id\n\
         HAVING SUM(s.amount) >= 10;\n\n\
         BEGIN STATEMENT SET;\n\
         INSERT INTO audit_{i}\n\
         SELECT o.id, p.id, o.ts\n\
         FROM src_{topic}_{i} o, payments p\n\
         WHERE o.id = p.order_id AND o.ts BETWEEN p.ts - INTERVAL '4' HOUR AND p.ts;\n\
         INSERT INTO top_{i}\n\
         SELECT * FROM (\n\
         \x20 SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn\n\
         \x20 FROM big_{topic}_{i}\n\
         ) WHERE rn <= 3;\n\
         END;\n\n",
        ttl = 1 + i % 24,
        scale = 2 + i % 3,
        delay = 1 + i % 10,
        par = 1 + i % 8,
        min = i % 100,
    )
}

fn script() -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.lines().count() < LINES {
        out.push_str(&block(i));
        i += 1;
    }
    out
}

fn main() {
    let script = script();
    let reports = weir_sql::check(&script);
    let errors: Vec<_> = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity == weir_sql::Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "the generated script has errors: {errors:?}"
    );
    println!(
        "script: {} lines, {} bytes, {} statements",
        script.lines().count(),
        script.len(),
        reports.len()
    );

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("check 10k-line script", |b| {
        b.iter(|| weir_sql::check(black_box(&script)))
    });

    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            black_box(weir_sql::check(black_box(&script)));
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "check 10k lines: median {:.2} ms, max {:.2} ms (target {} ms){}",
        median.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        TARGET.as_millis(),
        if median <= TARGET {
            ""
        } else {
            "  ABOVE TARGET"
        }
    );
    c.final_summary();
}
