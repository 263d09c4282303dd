//! Incremental highlighting of a 10,000-line Flink SQL script.
//!
//! Target: a one-character edit followed by re-highlighting the ~60 visible lines (edit, reparse
//! and spans) takes at most 2 ms at p99. Besides criterion's estimates, the run prints p50, p99 and
//! max of a plain timing loop, since criterion reports means and medians, not percentiles.
//!
//! `cargo bench -p weir-sql --bench highlight`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use weir_sql::highlight::Highlighter;

const LINES: usize = 10_000;
const VISIBLE_LINES: usize = 60;

/// A realistic script: varied DDL and INSERT … SELECT (windows, joins, hints, placeholders).
fn script() -> String {
    let mut out = String::new();
    let mut i = 0usize;
    while out.lines().count() < LINES {
        let topic = ["orders", "payments", "clicks", "shipments"][i % 4];
        out.push_str(&format!(
            "-- source {i}: {topic} from Kafka\n\
             CREATE TABLE IF NOT EXISTS src_{topic}_{i} (\n\
             \x20 id BIGINT NOT NULL COMMENT 'primary id',\n\
             \x20 user_id BIGINT,\n\
             \x20 amount DECIMAL(12, {scale}),\n\
             \x20 tags ARRAY<STRING>,\n\
             \x20 attrs MAP<STRING, STRING>,\n\
             \x20 payload ROW<kind STRING, version INT>,\n\
             \x20 ts TIMESTAMP(3),\n\
             \x20 `partition` INT METADATA VIRTUAL,\n\
             \x20 proc_time AS PROCTIME(),\n\
             \x20 WATERMARK FOR ts AS ts - INTERVAL '{delay}' SECOND,\n\
             \x20 PRIMARY KEY (id) NOT ENFORCED\n\
             ) WITH (\n\
             \x20 'connector' = 'kafka',\n\
             \x20 'topic' = '{topic}_{i}',\n\
             \x20 'properties.bootstrap.servers' = '${{kafka_servers}}',\n\
             \x20 'properties.sasl.jaas.config' = '${{secret:kafka_jaas}}',\n\
             \x20 'scan.startup.mode' = 'earliest-offset',\n\
             \x20 'format' = 'json'\n\
             );\n\n\
             INSERT INTO sink_{topic}_{i} /*+ OPTIONS('sink.parallelism' = '{par}') */\n\
             SELECT window_start, window_end, s.user_id, COUNT(*) AS cnt,\n\
             \x20 SUM(s.amount) AS total, MAX(CAST(s.payload.version AS BIGINT)) AS v\n\
             FROM TABLE(\n\
             \x20 TUMBLE(TABLE src_{topic}_{i}, DESCRIPTOR(ts), INTERVAL '{win}' MINUTES)) AS s\n\
             LEFT JOIN dim_users FOR SYSTEM_TIME AS OF s.proc_time AS u ON s.user_id = u.id\n\
             WHERE s.amount > {min} AND u.region IN ('eu', 'us') AND s.tags[1] IS NOT NULL\n\
             GROUP BY window_start, window_end, s.user_id\n\
             HAVING SUM(s.amount) >= 10;\n\n",
            scale = 2 + i % 3,
            delay = 1 + i % 10,
            par = 1 + i % 8,
            win = 1 + i % 15,
            min = i % 100,
        ));
        i += 1;
    }
    out
}

/// Byte offset of the start of line `line`.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n').take(line).map(str::len).sum()
}

struct Scenario {
    name: &'static str,
    /// Where to type, relative to the start of the edited line.
    column: usize,
    typed: &'static str,
}

/// One edit cycle: type, re-highlight the window, undo, re-highlight (two measured edits).
fn cycle(h: &mut Highlighter, at: usize, typed: &str, window: std::ops::Range<usize>) -> usize {
    h.edit(1, at, at, typed).expect("valid edit");
    let spans = h.highlights(1, window.clone()).expect("open").len();
    h.edit(1, at, at + typed.len(), "").expect("valid undo");
    spans + h.highlights(1, window).expect("open").len()
}

fn percentiles(name: &str, text: &str, scenario: &Scenario) {
    let mut h = Highlighter::new().expect("grammar loads");
    h.open(1, text).expect("opens");
    // Mid-document: line 5,002 is an INSERT's `SELECT …` line in every 27-line block or close to it.
    let line = LINES / 2 + 2;
    let at = line_start(text, line) + scenario.column;
    let window =
        line_start(text, line - VISIBLE_LINES / 2)..line_start(text, line + VISIBLE_LINES / 2);
    let mut samples = Vec::with_capacity(2000);
    for _ in 0..1000 {
        let t0 = Instant::now();
        h.edit(1, at, at, scenario.typed).expect("valid edit");
        black_box(h.highlights(1, window.clone()).expect("open"));
        samples.push(t0.elapsed());
        let t0 = Instant::now();
        h.edit(1, at, at + scenario.typed.len(), "")
            .expect("valid undo");
        black_box(h.highlights(1, window.clone()).expect("open"));
        samples.push(t0.elapsed());
    }
    samples.sort_unstable();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "{name} / {}: n={} p50={:?} p99={:?} max={:?}",
        scenario.name,
        samples.len(),
        pick(0.50),
        pick(0.99),
        samples[samples.len() - 1]
    );
}

/// Mean cost of the parts: the edit (text splice, tree edit, incremental reparse, changed ranges)
/// and the spans of the window.
fn breakdown(text: &str) {
    let mut h = Highlighter::new().expect("grammar loads");
    h.open(1, text).expect("opens");
    let line = LINES / 2 + 2;
    let at = line_start(text, line) + 14;
    let window =
        line_start(text, line - VISIBLE_LINES / 2)..line_start(text, line + VISIBLE_LINES / 2);
    let rounds = 500u32;
    let (mut edit, mut spans) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        let t0 = Instant::now();
        h.edit(1, at, at, "x").expect("valid edit");
        edit += t0.elapsed();
        let t0 = Instant::now();
        black_box(h.highlights(1, window.clone()).expect("open"));
        spans += t0.elapsed();
        h.edit(1, at, at + 1, "").expect("valid undo");
    }
    println!(
        "breakdown: edit+reparse mean={:?}, 60-line spans mean={:?}",
        edit / rounds,
        spans / rounds
    );
}

fn main() {
    let text = script();
    println!(
        "script: {} lines, {} bytes; window: {VISIBLE_LINES} lines",
        text.lines().count(),
        text.len()
    );
    let scenarios = [
        Scenario {
            name: "type a letter in an identifier",
            column: 14,
            typed: "x",
        },
        Scenario {
            name: "type a space (splits a token)",
            column: 9,
            typed: " ",
        },
        Scenario {
            name: "type a quote (opens a string to the end)",
            column: 0,
            typed: "'",
        },
    ];
    breakdown(&text);
    for scenario in &scenarios {
        percentiles("edit + reparse + highlight", &text, scenario);
    }
    if std::env::args().any(|a| a == "--percentiles-only") {
        return;
    }

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut h = Highlighter::new().expect("grammar loads");
    h.open(1, text.as_str()).expect("opens");
    let line = LINES / 2 + 2;
    let window =
        line_start(&text, line - VISIBLE_LINES / 2)..line_start(&text, line + VISIBLE_LINES / 2);
    let at = line_start(&text, line) + scenarios[0].column;
    c.bench_function(
        "10k lines: 1-char edit + reparse + 60-line spans (x2: type, undo)",
        |b| b.iter(|| black_box(cycle(&mut h, at, "x", window.clone()))),
    );

    let mut group = c.benchmark_group("10k lines: full parse");
    group.sample_size(10);
    group.bench_function("open (parse from scratch)", |b| {
        b.iter(|| {
            let mut fresh = Highlighter::new().expect("grammar loads");
            fresh.open(2, text.as_str()).expect("opens");
            black_box(fresh.tree(2).map(|t| t.root_node().child_count()))
        })
    });
    group.finish();

    c.final_summary();
}
