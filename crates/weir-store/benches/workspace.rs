//! Benchmarks of the workspace store: opening a workspace of 10,000 scripts (tree and tabs ready
//! for the window: target ≤ 200 ms) and full-text search over them (target ≤ 20 ms).

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use weir_store::{Access, Store, TabState, TabsState};

const SCRIPTS: usize = 10_000;

/// A plausible Flink script of ~40 lines whose identifiers vary with `i`.
fn script_text(i: usize) -> String {
    format!(
        "-- job {i}: orders enrichment\nCREATE TABLE orders_{i} (\n  order_id BIGINT,\n  customer_id BIGINT,\n  amount DECIMAL(10, 2),\n  order_time TIMESTAMP(3),\n  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND\n) WITH (\n  'connector' = 'kafka',\n  'topic' = 'orders_{i}',\n  'properties.bootstrap.servers' = 'kafka:9092',\n  'format' = 'json'\n);\n\nCREATE TABLE customers_{i} (\n  id BIGINT,\n  name STRING,\n  region STRING,\n  PRIMARY KEY (id) NOT ENFORCED\n) WITH (\n  'connector' = 'jdbc',\n  'url' = 'jdbc:mysql://db:3306/shop',\n  'table-name' = 'customers'\n);\n\nINSERT INTO revenue_{i}\nSELECT c.region, window_start, SUM(o.amount) AS revenue\nFROM TABLE(TUMBLE(TABLE orders_{i}, DESCRIPTOR(order_time), INTERVAL '1' MINUTE)) o\nJOIN customers_{i} FOR SYSTEM_TIME AS OF o.order_time AS c ON o.customer_id = c.id\nGROUP BY c.region, window_start, window_end;\n"
    )
}

fn build(dir: &Path) {
    let mut store = Store::open(dir, Access::ReadWrite).expect("create workspace");
    store
        .transaction(|s| {
            let mut folders = Vec::new();
            for f in 0..100 {
                folders.push(s.create_folder(None, &format!("team_{f}"))?.id);
            }
            let mut tabs = Vec::new();
            for i in 0..SCRIPTS {
                let meta = s.create_script(
                    Some(folders[i % 100]),
                    &format!("job_{i}.sql"),
                    &script_text(i),
                )?;
                if i % 1000 == 0 {
                    tabs.push(TabState {
                        script_id: meta.id,
                        anchor: 10,
                        head: 10,
                        scroll_top: 0.0,
                    });
                }
            }
            s.set_setting("bench.tabs", &serde_json::json!(tabs.len()))?;
            Ok(tabs)
        })
        .and_then(|tabs| {
            store.set_tabs_state(&TabsState {
                active: tabs.first().map(|t| t.script_id),
                tabs,
                closed: vec![],
            })
        })
        .expect("fill workspace");
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    build(dir.path());
    let mut g = c.benchmark_group("workspace_10k");
    g.sample_size(20);
    g.bench_function("open_tree_tabs", |b| {
        b.iter(|| {
            let store = Store::open(dir.path(), Access::ReadWrite).expect("open");
            let tree = store.tree().expect("tree");
            assert_eq!(tree.scripts.len(), SCRIPTS);
            let tabs = store.tabs_state().expect("tabs");
            assert_eq!(tabs.tabs.len(), 10);
            for t in &tabs.tabs {
                store.script_text(t.script_id).expect("text");
            }
        })
    });
    let store = Store::open(dir.path(), Access::ReadOnly).expect("open");
    g.bench_function("search_rare", |b| {
        b.iter(|| {
            assert_eq!(
                store
                    .search("orders_4242 (", 200, 500)
                    .expect("search")
                    .len(),
                1
            )
        })
    });
    g.bench_function("search_common", |b| {
        b.iter(|| {
            assert_eq!(
                store
                    .search("for system_time", 200, 500)
                    .expect("search")
                    .len(),
                200
            )
        })
    });
    g.bench_function("search_short", |b| {
        b.iter(|| assert_eq!(store.search("4;", 200, 500).expect("search").len(), 0))
    });
    g.finish();
}

criterion_group!(workspace, benches);
criterion_main!(workspace);
