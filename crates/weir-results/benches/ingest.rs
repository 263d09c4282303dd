//! Performance targets of weir-results on 1,000,000 rows × 8 columns:
//! ingest rate, a sorted window (first call and cached), and memory held against the same rows
//! as CSV (target: at most 2×; the run fails above it).
//!
//! Run: `cargo bench -p weir-results --bench ingest`.

use criterion::{Criterion, Throughput};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use weir_results::{
    ChangeKind, ColumnSpec, ExportFormat, ResultSet, Selection, SortKey, View, WindowQuery,
};

/// Counts live heap bytes, to check `heap_bytes()` against what was really allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const ROWS: usize = 1_000_000;

fn columns() -> Vec<ColumnSpec> {
    [
        ("id", "INT"),
        ("account", "BIGINT"),
        ("score", "DOUBLE"),
        ("amount", "DECIMAL(10, 2)"),
        ("user_name", "STRING"),
        ("active", "BOOLEAN"),
        ("event_time", "TIMESTAMP(3)"),
        ("note", "STRING"),
    ]
    .into_iter()
    .map(|(n, t)| ColumnSpec::new(n, t))
    .collect()
}

/// Deterministic rows shaped like a typical streaming result.
fn rows() -> Vec<Vec<Value>> {
    const WORDS: [&str; 8] = [
        "checkout",
        "page view",
        "refund",
        "login",
        "signup, trial",
        "search",
        "cart",
        "logout",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..ROWS)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let r = x % 1_000_000;
            vec![
                json!(i as i64),
                json!(4_000_000_000_i64 + (x % 1_000_000_000) as i64),
                json!((r as f64) / 7.0),
                json!(format!("{}.{:02}", r % 100_000, r % 100)),
                json!(format!("user_{}", r % 50_000)),
                json!(r.is_multiple_of(3)),
                json!(format!(
                    "2024-05-{:02} {:02}:{:02}:{:02}.{:03}",
                    1 + r % 28,
                    r % 24,
                    r % 60,
                    (r / 60) % 60,
                    r % 1000
                )),
                if r.is_multiple_of(10) {
                    Value::Null
                } else {
                    json!(format!("{} #{}", WORDS[(r % 8) as usize], r % 1000))
                },
            ]
        })
        .collect()
}

fn ingest(rows: &[Vec<Value>]) -> ResultSet {
    let mut rs = ResultSet::new(columns(), ROWS as u64);
    for r in rows {
        let _ = rs.push(ChangeKind::Insert, r);
    }
    rs
}

/// Counts bytes written.
struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Prints memory held against CSV size and fails above 2×.
fn memory_report(rows: &[Vec<Value>]) {
    let before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let mut rs = ingest(rows);
    let took = t.elapsed();
    let allocated = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    let heap = rs.heap_bytes();
    let mut csv = Count(0);
    rs.export(
        &Selection::of(View::Materialized),
        ExportFormat::Csv,
        &mut csv,
        &mut |_, _| {},
        &|| false,
    )
    .expect("export to a counter");
    let ratio = heap as f64 / csv.0 as f64;
    println!(
        "memory: {ROWS} rows x 8 columns: heap_bytes {heap} (allocator counted {allocated}), \
         CSV {} bytes, ratio {ratio:.3}; one ingest took {took:?}",
        csv.0
    );
    assert!(
        ratio <= 2.0,
        "memory {ratio:.3}x the CSV size, above the 2x target"
    );
}

fn benches(c: &mut Criterion, rows: &[Vec<Value>]) {
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("1M rows x 8 columns", |b| {
        b.iter_with_large_drop(|| ingest(black_box(rows)))
    });
    g.finish();

    // A streaming GROUP BY: 100,000 keys inserted, then 450,000 updates (-U old, +U new).
    let keys = 100_000usize;
    let changes: Vec<(ChangeKind, Vec<Value>)> = (0..keys)
        .map(|k| {
            (
                ChangeKind::Insert,
                vec![json!(format!("key-{k}")), json!(0)],
            )
        })
        .chain((0..450_000usize).flat_map(|i| {
            let (k, n) = (i * 7919 % keys, (i / keys) as i64);
            [
                (
                    ChangeKind::UpdateBefore,
                    vec![json!(format!("key-{k}")), json!(n)],
                ),
                (
                    ChangeKind::UpdateAfter,
                    vec![json!(format!("key-{k}")), json!(n + 1)],
                ),
            ]
        }))
        .collect();
    let group_by = vec![
        ColumnSpec::new("k", "STRING"),
        ColumnSpec::new("n", "BIGINT"),
    ];
    let mut g = c.benchmark_group("changelog");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(changes.len() as u64));
    g.bench_function("GROUP BY: 1M changes, 100k keys", |b| {
        b.iter_with_large_drop(|| {
            let mut rs = ResultSet::new(group_by.clone(), ROWS as u64);
            for (kind, r) in &changes {
                let _ = rs.push(*kind, r);
            }
            assert_eq!(rs.len(View::Materialized), keys as u64);
            rs
        })
    });
    g.finish();

    let mut rs = ingest(rows);
    let mut g = c.benchmark_group("window");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, column) in [("int", 1), ("text", 4), ("decimal", 3)] {
        let q = WindowQuery {
            selection: Selection {
                view: View::Materialized,
                sort: vec![SortKey {
                    column,
                    descending: true,
                }],
                filters: vec![],
            },
            offset: 500_000,
            limit: 100,
        };
        g.bench_function(format!("sorted by {name}, first call"), |b| {
            b.iter(|| {
                rs.forget_orders();
                rs.window(&q).map(|w| w.rows.len())
            })
        });
        rs.window(&q).expect("window");
        g.bench_function(format!("sorted by {name}, cached"), |b| {
            b.iter(|| rs.window(&q).map(|w| w.rows.len()))
        });
    }
    g.finish();

    // Streaming: rows keep arriving while the grid shows a sorted view.
    let (head, tail) = rows.split_at(ROWS - 200_000);
    let mut rs = ResultSet::new(columns(), u64::from(u32::MAX));
    for r in head {
        let _ = rs.push(ChangeKind::Insert, r);
    }
    let q = WindowQuery {
        selection: Selection {
            view: View::Materialized,
            sort: vec![SortKey {
                column: 4,
                descending: false,
            }],
            filters: vec![],
        },
        offset: 0,
        limit: 100,
    };
    rs.window(&q).expect("window");
    let mut chunks = tail.chunks(1_000).cycle();
    let mut g = c.benchmark_group("streaming");
    g.sample_size(10).warm_up_time(Duration::from_millis(200));
    g.bench_function("push 1,000 rows + sorted window of 800k", |b| {
        b.iter(|| {
            for r in chunks.next().unwrap_or_default() {
                let _ = rs.push(ChangeKind::Insert, r);
            }
            rs.window(&q).map(|w| w.total)
        })
    });
    g.finish();
}

fn main() {
    let rows = rows();
    memory_report(&rows);
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &rows);
    c.final_summary();
}
