//! One test per construct, with the exact edges expected.

use crate::model::{ColumnKind, Lineage, Role, Transform};
use crate::{impact, script_lineage, upstream, workspace_lineage};

const D: &str = "default_catalog.default_database.";

const ORDERS: &str = "CREATE TABLE orders (id BIGINT, cust BIGINT, product STRING, price INT, qty INT, \
    tags ARRAY<STRING>, buyer ROW<fn STRING>, ts TIMESTAMP(3), amount AS price * qty, \
    part INT METADATA FROM 'partition' VIRTUAL, WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');\n\
    CREATE TABLE cust (cid BIGINT, name STRING, country STRING) WITH ('connector' = 'jdbc');\n";

/// Direct edges as `from -> to transform` with short names (default catalog/database stripped),
/// for statements from `min_index` on.
fn edges(l: &Lineage, min_index: usize) -> Vec<String> {
    l.edges
        .iter()
        .filter(|e| e.via.is_empty() && e.statement.index >= min_index)
        .map(|e| {
            format!(
                "{}.{} -> {}.{} {}",
                e.from.table.trim_start_matches(D),
                e.from.column,
                e.to.table.trim_start_matches(D),
                e.to.column,
                match e.transform {
                    Transform::Copy => "copy",
                    Transform::Expression => "expr",
                    Transform::Aggregate => "agg",
                }
            )
        })
        .collect()
}

fn deps(l: &Lineage, min_index: usize) -> Vec<String> {
    let mut v: Vec<String> = l
        .dependencies
        .iter()
        .filter(|e| e.via.is_empty() && e.statement.index >= min_index)
        .map(|e| {
            format!(
                "{}.{} -> {}.{}",
                e.from.table.trim_start_matches(D),
                e.from.column,
                e.to.table.trim_start_matches(D),
                e.to.column
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn with_orders(rest: &str) -> Lineage {
    script_lineage(&format!("{ORDERS}{rest}"))
}

#[test]
fn computed_and_metadata_columns() {
    let l = script_lineage(ORDERS);
    assert_eq!(
        edges(&l, 0),
        [
            "orders.price -> orders.amount expr",
            "orders.qty -> orders.amount expr"
        ]
    );
    let t = l.table(&format!("{D}orders")).expect("orders");
    assert_eq!(t.role, Role::Source);
    assert!(t.known);
    let kinds: Vec<(&str, ColumnKind)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    assert_eq!(kinds[8], ("amount", ColumnKind::Computed));
    assert_eq!(kinds[9], ("part", ColumnKind::Metadata));
}

#[test]
fn insert_without_column_list_maps_by_position_to_writable_columns() {
    let l = with_orders(
        "CREATE TABLE s (a BIGINT, m INT METADATA VIRTUAL, b STRING, c AS a + 1) WITH ('connector'='print');\n\
         INSERT INTO s SELECT id, product FROM orders WHERE qty > 1;",
    );
    assert_eq!(
        edges(&l, 3),
        ["orders.id -> s.a copy", "orders.product -> s.b copy"]
    );
    assert_eq!(deps(&l, 3), ["orders.qty -> s.a", "orders.qty -> s.b"]);
    assert_eq!(l.table(&format!("{D}s")).map(|t| t.role), Some(Role::Sink));
}

#[test]
fn insert_overwrite_with_column_list_and_static_partition() {
    let l = with_orders(
        "CREATE TABLE s (a BIGINT, b STRING, dt STRING) PARTITIONED BY (dt) WITH ('connector'='filesystem');\n\
         INSERT OVERWRITE s PARTITION (dt = '2024') SELECT id, product FROM orders;\n\
         INSERT INTO s (b, a) SELECT product, id + 1 FROM orders;",
    );
    assert_eq!(
        edges(&l, 3),
        [
            "orders.id -> s.a copy",
            "orders.product -> s.b copy",
            "orders.product -> s.b copy",
            "orders.id -> s.a expr"
        ]
    );
}

#[test]
fn computed_column_read_by_a_query_is_a_copy_of_the_computed_column() {
    let l = with_orders("INSERT INTO s SELECT amount, UPPER(product) AS p FROM orders;");
    assert_eq!(
        edges(&l, 2),
        [
            "orders.amount -> s.amount copy",
            "orders.product -> s.p expr"
        ]
    );
    // a sink the script does not define takes the query's column names
    let s = l.table(&format!("{D}s")).expect("s");
    assert!(!s.known);
}

#[test]
fn aggregation_group_by_and_having() {
    let l = with_orders(
        "INSERT INTO s SELECT cust, COUNT(*) AS n, SUM(price * qty) AS total FROM orders GROUP BY cust HAVING MAX(qty) > 2;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.cust -> s.cust copy",
            "orders.price -> s.total agg",
            "orders.qty -> s.total agg"
        ]
    );
    assert_eq!(
        deps(&l, 2),
        [
            "orders.cust -> s.n",
            "orders.cust -> s.total",
            "orders.qty -> s.cust",
            "orders.qty -> s.n"
        ]
    );
}

#[test]
fn regular_join_values_and_join_keys() {
    let l = with_orders(
        "INSERT INTO s SELECT o.id, c.name FROM orders AS o LEFT JOIN cust AS c ON o.cust = c.cid;",
    );
    assert_eq!(
        edges(&l, 2),
        ["orders.id -> s.id copy", "cust.name -> s.name copy"]
    );
    assert_eq!(
        deps(&l, 2),
        [
            "cust.cid -> s.id",
            "cust.cid -> s.name",
            "orders.cust -> s.id",
            "orders.cust -> s.name"
        ]
    );
}

#[test]
fn interval_join() {
    let l = with_orders(
        "CREATE TABLE ship (sid BIGINT, oid BIGINT, st TIMESTAMP(3)) WITH ('connector'='kafka');\n\
         INSERT INTO s SELECT o.id, s2.sid FROM orders o, ship s2 WHERE o.id = s2.oid AND o.ts BETWEEN s2.st - INTERVAL '1' HOUR AND s2.st;",
    );
    assert_eq!(
        edges(&l, 3),
        ["orders.id -> s.id copy", "ship.sid -> s.sid copy"]
    );
    assert!(deps(&l, 3).contains(&"ship.st -> s.id".to_string()));
    assert!(deps(&l, 3).contains(&"orders.ts -> s.sid".to_string()));
}

#[test]
fn temporal_and_lookup_joins() {
    let l = with_orders(
        "CREATE TABLE rates (cur STRING, rate INT, t TIMESTAMP(3)) WITH ('connector'='upsert-kafka');\n\
         INSERT INTO s SELECT o.id, o.price * r.rate AS v FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.product = r.cur;\n\
         INSERT INTO s2 SELECT o.id, c.name FROM (SELECT *, PROCTIME() AS pt FROM orders) AS o JOIN cust FOR SYSTEM_TIME AS OF o.pt AS c ON o.cust = c.cid;",
    );
    assert_eq!(
        edges(&l, 3),
        [
            "orders.id -> s.id copy",
            "orders.price -> s.v expr",
            "rates.rate -> s.v expr",
            "orders.id -> s2.id copy",
            "cust.name -> s2.name copy"
        ]
    );
    assert!(deps(&l, 3).contains(&"orders.ts -> s.id".to_string()));
    assert!(deps(&l, 3).contains(&"rates.cur -> s.v".to_string()));
}

#[test]
fn window_tvfs_derive_window_columns_from_the_descriptor() {
    for tvf in [
        "TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTES)",
        "HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)",
        "CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)",
        "SESSION(TABLE orders PARTITION BY cust, DESCRIPTOR(ts), INTERVAL '5' MINUTES)",
    ] {
        let l = with_orders(&format!(
            "INSERT INTO s SELECT window_start, window_end, window_time, cust, SUM(price) AS total \
             FROM TABLE({tvf}) GROUP BY window_start, window_end, window_time, cust;"
        ));
        assert_eq!(
            edges(&l, 2),
            [
                "orders.ts -> s.window_start expr",
                "orders.ts -> s.window_end expr",
                "orders.ts -> s.window_time expr",
                "orders.cust -> s.cust copy",
                "orders.price -> s.total agg"
            ],
            "{tvf}"
        );
    }
}

#[test]
fn over_window_partition_and_order_keys_are_dependencies() {
    let l = with_orders(
        "INSERT INTO s SELECT id, SUM(price) OVER (PARTITION BY cust ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS run, \
         COUNT(id) OVER w AS n FROM orders WINDOW w AS (PARTITION BY product ORDER BY ts);",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.id -> s.id copy",
            "orders.price -> s.run agg",
            "orders.id -> s.n agg"
        ]
    );
    assert_eq!(
        deps(&l, 2),
        [
            "orders.cust -> s.run",
            "orders.product -> s.n",
            "orders.ts -> s.n",
            "orders.ts -> s.run"
        ]
    );
}

#[test]
fn union_all_merges_both_sides() {
    let l = with_orders(
        "INSERT INTO s SELECT id, product FROM orders UNION ALL SELECT cid, name FROM cust;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "cust.cid -> s.id copy",
            "orders.id -> s.id copy",
            "cust.name -> s.product copy",
            "orders.product -> s.product copy"
        ]
    );
}

#[test]
fn unnest_and_lateral_table() {
    let l = with_orders(
        "INSERT INTO s SELECT o.id, t.tag FROM orders AS o CROSS JOIN UNNEST(o.tags) AS t (tag);\n\
         INSERT INTO s2 SELECT id, w FROM orders, LATERAL TABLE(split(product, ' ')) AS x (w);\n\
         INSERT INTO s3 SELECT id, w FROM orders LEFT JOIN LATERAL TABLE(split(product)) AS x (w) ON TRUE;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.id -> s.id copy",
            "orders.tags -> s.tag expr",
            "orders.id -> s2.id copy",
            "orders.product -> s2.w expr",
            "orders.id -> s3.id copy",
            "orders.product -> s3.w expr"
        ]
    );
}

#[test]
fn match_recognize_measures_and_partition_by() {
    let l = with_orders(
        "INSERT INTO s SELECT * FROM orders MATCH_RECOGNIZE (PARTITION BY cust ORDER BY ts \
         MEASURES A.price AS start_p, LAST(B.price) AS end_p, SUM(B.qty) AS q ONE ROW PER MATCH \
         AFTER MATCH SKIP PAST LAST ROW PATTERN (A B+) DEFINE B AS B.price > A.price) AS m;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.cust -> s.cust copy",
            "orders.price -> s.start_p copy",
            "orders.price -> s.end_p expr",
            "orders.qty -> s.q agg"
        ]
    );
    assert!(deps(&l, 2).contains(&"orders.ts -> s.q".to_string()));
    assert!(deps(&l, 2).contains(&"orders.price -> s.q".to_string()));
}

#[test]
fn case_cast_and_nested_fields() {
    let l = with_orders(
        "INSERT INTO s SELECT CASE WHEN price > 10 THEN product ELSE 'x' END AS c, CAST(qty AS BIGINT) AS q, buyer.fn, o.buyer.fn AS f2 FROM orders o;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.price -> s.c expr",
            "orders.product -> s.c expr",
            "orders.qty -> s.q expr",
            "orders.buyer -> s.fn expr",
            "orders.buyer -> s.f2 expr"
        ]
    );
}

#[test]
fn ctes_and_subqueries() {
    let l = with_orders(
        "INSERT INTO s WITH big AS (SELECT cust, price * qty AS v FROM orders WHERE qty > 10), \
         agg (c, total) AS (SELECT cust, SUM(v) FROM big GROUP BY cust) \
         SELECT a.c, a.total, (SELECT MAX(name) FROM cust) AS top FROM agg AS a WHERE a.c IN (SELECT cid FROM cust);",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.cust -> s.c copy",
            "orders.price -> s.total agg",
            "orders.qty -> s.total agg",
            "cust.name -> s.top agg"
        ]
    );
    assert!(deps(&l, 2).contains(&"cust.cid -> s.c".to_string()));
    assert!(deps(&l, 2).contains(&"orders.qty -> s.c".to_string()));
}

#[test]
fn select_star_expands_known_schemas_and_falls_back_for_unknown_tables() {
    let l = with_orders(
        "CREATE TABLE s (cid BIGINT, name STRING, country STRING) WITH ('connector'='print');\n\
         INSERT INTO s SELECT * FROM cust;\n\
         INSERT INTO s SELECT * FROM mystery;\n\
         INSERT INTO s SELECT c.* FROM cust c;",
    );
    assert_eq!(
        edges(&l, 3),
        [
            "cust.cid -> s.cid copy",
            "cust.name -> s.name copy",
            "cust.country -> s.country copy",
            "mystery.cid -> s.cid copy",
            "mystery.name -> s.name copy",
            "mystery.country -> s.country copy",
            "cust.cid -> s.cid copy",
            "cust.name -> s.name copy",
            "cust.country -> s.country copy"
        ]
    );
    let m = l.table(&format!("{D}mystery")).expect("mystery");
    assert!(!m.known);
    assert_eq!(m.role, Role::Source);
}

#[test]
fn view_chain_alone_has_view_nodes_and_edges() {
    let l = with_orders(
        "CREATE TEMPORARY VIEW v1 AS SELECT id, cust, price * qty AS val FROM orders WHERE qty > 0;\n\
         CREATE VIEW v2 (c, total) AS SELECT cust, SUM(val) FROM v1 GROUP BY cust;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.id -> v1.id copy",
            "orders.cust -> v1.cust copy",
            "orders.price -> v1.val expr",
            "orders.qty -> v1.val expr",
            "v1.cust -> v2.c copy",
            "v1.val -> v2.total agg"
        ]
    );
    // expanded through v1 to the base table
    let via: Vec<String> = l
        .edges
        .iter()
        .filter(|e| !e.via.is_empty())
        .map(|e| format!("{} -> {} {:?}", e.from.column, e.to.column, e.transform))
        .collect();
    assert_eq!(
        via,
        [
            "cust -> c Copy",
            "price -> total Aggregate",
            "qty -> total Aggregate"
        ]
    );
    assert_eq!(l.table(&format!("{D}v2")).map(|t| t.role), Some(Role::View));
    let cols: Vec<&str> = l
        .table(&format!("{D}v2"))
        .map(|t| t.columns.iter().map(|c| c.name.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(cols, ["c", "total"]);
}

#[test]
fn insert_through_a_view_reaches_base_tables_and_keeps_the_view_edge() {
    let l = with_orders(
        "CREATE VIEW v AS SELECT id, price * qty AS val FROM orders;\n\
         INSERT INTO s SELECT id, val FROM v;",
    );
    let at3: Vec<String> = l
        .edges
        .iter()
        .filter(|e| e.statement.index == 3)
        .map(|e| format!("{} -> {} via {}", e.from, e.to.column, e.via.len()))
        .collect();
    assert_eq!(
        at3,
        [
            format!("{D}v.id -> id via 0"),
            format!("{D}orders.id -> id via 1"),
            format!("{D}v.val -> val via 0"),
            format!("{D}orders.price -> val via 1"),
            format!("{D}orders.qty -> val via 1"),
        ]
    );
}

#[test]
fn ctas_rtas_without_insert() {
    let l = with_orders(
        "CREATE TABLE t1 WITH ('connector'='print') AS SELECT id, price + 1 AS p FROM orders;\n\
         CREATE OR REPLACE TABLE t2 AS SELECT p, COUNT(*) AS n FROM t1 GROUP BY p;\n\
         REPLACE TABLE t3 AS SELECT id FROM t1;",
    );
    assert_eq!(
        edges(&l, 2),
        [
            "orders.id -> t1.id copy",
            "orders.price -> t1.p expr",
            "t1.p -> t2.p copy",
            "t1.id -> t3.id copy"
        ]
    );
    let t1 = l.table(&format!("{D}t1")).expect("t1");
    assert_eq!(t1.role, Role::Sink);
    assert!(t1.known);
}

#[test]
fn statement_sets_both_forms() {
    let l = with_orders(
        "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT id FROM orders;\nINSERT INTO b SELECT name FROM cust;\nEND;\n\
         BEGIN STATEMENT SET;\nINSERT INTO a SELECT cid FROM cust;\nEND;",
    );
    let e: Vec<(String, usize)> = l
        .edges
        .iter()
        .filter(|e| e.statement.index >= 2)
        .map(|e| {
            (
                format!("{} -> {}", e.from.column, e.to.column),
                e.statement.index,
            )
        })
        .collect();
    assert_eq!(
        e,
        [
            ("id -> id".to_string(), 2),
            ("name -> name".to_string(), 2),
            ("cid -> cid".to_string(), 4)
        ]
    );
}

#[test]
fn use_catalog_database_qualified_names_and_case() {
    let l = script_lineage(
        "CREATE CATALOG c2 WITH ('type'='generic_in_memory', 'default-database'='d0');\n\
         CREATE TABLE Src (A INT, a INT) WITH ('connector'='datagen');\n\
         USE CATALOG c2;\n\
         CREATE TABLE t (x INT);\n\
         USE db9;\n\
         INSERT INTO c2.d0.t SELECT `a` FROM default_catalog.default_database.Src;\n\
         INSERT INTO t2 SELECT A FROM default_catalog.default_database.Src;",
    );
    let e: Vec<String> = l
        .edges
        .iter()
        .map(|e| format!("{} -> {}", e.from, e.to))
        .collect();
    assert_eq!(
        e,
        [
            "default_catalog.default_database.Src.a -> c2.d0.t.x",
            "default_catalog.default_database.Src.A -> c2.db9.t2.A"
        ]
    );
}

#[test]
fn statement_positions_and_skipped_statements() {
    let text = "SELECT 1;\nINSERT INTO s SELEC x FROM t;\n  INSERT INTO s SELECT x FROM t;";
    let l = script_lineage(text);
    assert_eq!(l.skipped.len(), 1);
    assert_eq!(l.skipped[0].index, 1);
    assert_eq!(l.skipped[0].line, 2);
    let e = &l.edges[0];
    assert_eq!((e.statement.index, e.statement.line), (2, 3));
    assert_eq!(
        &text[e.statement.start..e.statement.end],
        "INSERT INTO s SELECT x FROM t"
    );
}

#[test]
fn json_shape() {
    let l = with_orders("INSERT INTO s SELECT id FROM orders WHERE qty > 0;");
    let v = serde_json::to_value(&l).expect("json");
    let e = &v["edges"][2];
    assert_eq!(e["from"]["table"], format!("{D}orders"));
    assert_eq!(e["from"]["column"], "id");
    assert_eq!(e["to"]["column"], "id");
    assert_eq!(e["transform"], "copy");
    assert_eq!(e["statement"]["index"], 2);
    assert_eq!(e["statement"]["line"], 3);
    assert!(e["statement"]["start"].is_number());
    assert!(e.get("via").is_none());
    assert_eq!(v["dependencies"][0]["from"]["column"], "qty");
    let roles: Vec<&str> = v["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["role"].as_str())
        .collect();
    assert_eq!(roles, ["source", "source", "sink"]);
    assert!(v.get("skipped").is_none());
}

#[test]
fn garbage_never_panics() {
    for s in [
        "",
        ";;;",
        "INSERT INTO",
        "SELECT * FROM TABLE(TUMBLE())",
        "SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A) DEFINE A AS TRUE)",
        "CREATE VIEW v AS SELECT * FROM v; INSERT INTO x SELECT * FROM v",
        "INSERT INTO x SELECT (SELECT (SELECT a)) FROM (SELECT 1) t",
    ] {
        let _ = script_lineage(s);
    }
}

#[test]
fn workspace_three_scripts_chained_through_tables() {
    let a = "CREATE TABLE raw (id BIGINT, amount INT, note STRING) WITH ('connector'='kafka');\n\
             CREATE TABLE clean (id BIGINT, amount INT) WITH ('connector'='kafka');\n\
             INSERT INTO clean SELECT id, amount * 100 FROM raw WHERE note IS NOT NULL;";
    let b = "CREATE TABLE daily (id BIGINT, total BIGINT) WITH ('connector'='jdbc');\n\
             INSERT INTO daily SELECT id, SUM(amount) FROM clean GROUP BY id;";
    let c = "CREATE TABLE report (k STRING, total BIGINT) WITH ('connector'='print');\n\
             INSERT INTO report SELECT CAST(id AS STRING), total FROM daily;\n\
             INSERT INTO report SELECT 'x', COUNT(*) FROM other;";
    let g = workspace_lineage(&[("a.sql", a), ("b.sql", b), ("c.sql", c)]);
    let i = impact(&g, "raw", Some("amount"));
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| c.to_string().replace(D, ""))
        .collect();
    assert_eq!(cols, ["clean.amount", "daily.total", "report.total"]);
    assert_eq!(i.scripts, ["a.sql", "b.sql", "c.sql"]);
    // a filter-only column still impacts what it filters
    let n = impact(&g, "default_catalog.default_database.raw", Some("note"));
    assert!(n
        .columns
        .iter()
        .any(|c| &*c.column == "total" && c.table.ends_with("report")));
    // upstream of the report's total
    let u = upstream(&g, "report", Some("total"));
    let cols: Vec<String> = u
        .columns
        .iter()
        .map(|c| c.to_string().replace(D, ""))
        .collect();
    assert_eq!(
        cols,
        [
            "clean.amount",
            "clean.id",
            "daily.total",
            "raw.amount",
            "raw.id",
            "raw.note"
        ]
    );
    assert_eq!(u.scripts, ["a.sql", "b.sql", "c.sql"]);
    // `daily` is defined in b.sql and known in c.sql
    let c_lineage = &g.scripts[2].lineage;
    assert!(c_lineage
        .table(&format!("{D}daily"))
        .is_some_and(|t| t.known));
}

#[test]
fn workspace_select_star_uses_schemas_of_other_scripts() {
    let a = "CREATE TABLE src (x INT, y INT) WITH ('connector'='kafka');";
    let b = "INSERT INTO dst SELECT * FROM src;";
    let g = workspace_lineage(&[("a", a), ("b", b)]);
    let e: Vec<String> = g.scripts[1]
        .lineage
        .edges
        .iter()
        .map(|e| format!("{}->{}", e.from.column, e.to.column))
        .collect();
    assert_eq!(e, ["x->x", "y->y"]);
}

#[test]
fn dot_and_mermaid() {
    let l = with_orders("INSERT INTO s SELECT id FROM orders WHERE qty > 0;");
    let dot = crate::render::to_dot(&l);
    assert!(dot.starts_with("digraph lineage {"));
    assert!(dot.contains("label=\"copy\""));
    assert!(dot.contains("style=dashed"));
    let m = crate::render::to_mermaid(&l);
    assert!(m.starts_with("flowchart LR"));
    assert!(m.contains("-->|copy|"));
    assert!(m.contains("-.->"));
}

/// Runs `f` on a thread with a 2 MiB stack (tokio's worker default, where the app's commands
/// run); a stack overflow would abort the test binary.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn long_chains_at_the_nesting_limit_fit_a_small_stack_with_their_edges() {
    let n = weir_sql::limits::MAX_NESTING - 2;
    let head = "CREATE TABLE t (a INT, b INT) WITH ('connector' = 'datagen');\n\
                CREATE TABLE s (x INT) WITH ('connector' = 'blackhole');\n";
    let plus = format!("{head}INSERT INTO s SELECT {}b FROM t;", "a + ".repeat(n));
    let union = format!(
        "{head}INSERT INTO s {};",
        vec!["SELECT a FROM t"; n].join(" UNION ALL ")
    );
    for script in [plus, union] {
        let l = on_small_stack(move || script_lineage(&script));
        assert!(l.skipped.is_empty(), "{:?}", l.skipped);
        assert!(
            edges(&l, 2).iter().any(|e| e.starts_with("t.a -> s.x")),
            "{:?}",
            edges(&l, 2)
        );
    }
}

#[test]
fn past_the_nesting_limit_a_statement_is_skipped_with_the_reason() {
    let head = "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n";
    let cases = [
        format!(
            "{head}INSERT INTO t SELECT {}a FROM t;",
            "a + ".repeat(200_000)
        ),
        format!(
            "{head}INSERT INTO t {};",
            vec!["SELECT a FROM t"; 20_000].join(" UNION ALL ")
        ),
    ];
    for script in cases {
        let l = on_small_stack(move || script_lineage(&script));
        assert_eq!(l.skipped.len(), 1);
        assert_eq!(l.skipped[0].index, 1);
        // over the nesting limit (or, the longest, over the size limit first)
        let m = &l.skipped[0].message;
        assert!(
            m.contains("Weir handles up to") || m.contains("Weir checks statements up to"),
            "{m}"
        );
    }
}

#[test]
fn lineage_of_an_operator_chain_is_linear_in_its_length() {
    // each operand analysed once: 4× the terms is ~4× the work (it was ~16×: every level walked
    // its whole subtree again)
    let visits = |n: usize| {
        let script = format!(
            "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nSELECT {}a FROM t;",
            "a + ".repeat(n)
        );
        crate::query::EXPR_VISITS.with(|c| c.set(0));
        let l = script_lineage(&script);
        assert!(l.skipped.is_empty());
        crate::query::EXPR_VISITS.with(|c| c.get())
    };
    let (small, large) = (visits(240), visits(960));
    assert!(large <= 4 * small + 16, "{small} → {large}");
}
