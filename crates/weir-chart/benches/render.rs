//! Performance targets of weir-chart on a 1,000,000-point line (BIGINT x, DOUBLE y) drawn as
//! SVG at 1200×600:
//! - the SVG render of the downsampled data: at most 100 ms (the run fails above it);
//! - the whole pipeline a live chart runs per redraw (read the rows from the result set,
//!   downsample with LTTB, render), reported, also with the selection's order recomputed;
//! - the same render as PNG, reported.
//!
//! Run: `cargo bench -p weir-chart --bench render`.

use criterion::Criterion;
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, Instant};
use weir_chart::{render_png, render_svg, ChartData, ChartKind, ChartSpec};
use weir_results::{ChangeKind, ColumnSpec, ResultSet, Selection};

const ROWS: i64 = 1_000_000;
/// Target for rendering the downsampled data to SVG.
const RENDER_TARGET: Duration = Duration::from_millis(100);

/// A noisy wave with a few isolated spikes, as a metric stream looks.
fn result() -> ResultSet {
    let cols = vec![
        ColumnSpec::new("offset", "BIGINT"),
        ColumnSpec::new("latency_ms", "DOUBLE"),
    ];
    let mut rs = ResultSet::new(cols, ROWS as u64);
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..ROWS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let noise = (x % 1000) as f64 / 100.0;
        let spike = if i % 250_000 == 123_457 { 400.0 } else { 0.0 };
        let y = 50.0 + 30.0 * (i as f64 / 40_000.0).sin() + noise + spike;
        let _ = rs.push(ChangeKind::Insert, &[json!(i), json!(y)]);
    }
    rs
}

fn main() {
    let mut rs = result();
    let sel = Selection::default();
    let spec = ChartSpec {
        width: 1200,
        height: 600,
        ..ChartSpec::new(ChartKind::Line, Some(0), vec![1])
    };
    let data = ChartData::from_result(&mut rs, &sel, &spec).expect("chart data");
    println!(
        "{ROWS} rows downsampled to {} points",
        data.series[0].points.len()
    );

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("line 1M points, SVG 1200x600");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    g.bench_function("render (downsampled data)", |b| {
        b.iter(|| render_svg(black_box(&spec), black_box(&data)).map(|s| s.len()))
    });
    g.bench_function("pipeline: extract + LTTB + render", |b| {
        b.iter(|| {
            let d = ChartData::from_result(&mut rs, &sel, &spec).expect("chart data");
            render_svg(&spec, &d).map(|s| s.len())
        })
    });
    g.bench_function("pipeline, selection order recomputed", |b| {
        b.iter(|| {
            rs.forget_orders();
            let d = ChartData::from_result(&mut rs, &sel, &spec).expect("chart data");
            render_svg(&spec, &d).map(|s| s.len())
        })
    });
    g.bench_function("render PNG (downsampled data)", |b| {
        b.iter(|| render_png(black_box(&spec), black_box(&data)).map(|p| p.len()))
    });
    g.finish();
    c.final_summary();

    // The target, checked on the median of a few plain runs.
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            black_box(render_svg(&spec, &data).expect("svg"));
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!("render target: median {median:?} (target {RENDER_TARGET:?})");
    assert!(
        median <= RENDER_TARGET,
        "rendering the downsampled line took {median:?}, above the {RENDER_TARGET:?} target"
    );
}
