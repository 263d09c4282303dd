//! Long and deep input never aborts: every reading of a statement (check, parse, compare,
//! print, format, and dropping the parsed tree) at the nesting limit fits a 2 MiB stack — tokio's
//! worker default, where the app runs its commands — and past the limit it is a diagnostic.
//! Run in the test profile (debug frames are the largest).

use weir_sql::limits::{MAX_NESTING, MAX_STATEMENT_BYTES};
use weir_sql::Severity;

/// Runs `f` on a thread with a 2 MiB stack; a stack overflow aborts the test binary.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// The deepest statements of each shape that still pass the limit.
fn at_the_limit() -> Vec<(&'static str, String)> {
    let n = MAX_NESTING - 1; // operators in one chain: the level itself counts one
    let terms = |op: &str, k: usize| vec!["a"; k + 1].join(op);
    vec![
        ("+ chain", format!("SELECT {} FROM t", terms(" + ", n))),
        (
            "AND chain",
            format!("SELECT a FROM t WHERE {}", terms(" AND ", n)),
        ),
        ("|| chain", format!("SELECT {} FROM t", terms(" || ", n))),
        (
            "OR of comparisons",
            format!(
                "SELECT a FROM t WHERE {}",
                vec!["a = 1"; n / 2].join(" OR ")
            ),
        ),
        (
            "UNION ALL chain",
            vec!["SELECT a FROM t"; n + 1].join(" UNION ALL "),
        ),
        (
            "INSERT of a UNION ALL chain",
            format!(
                "INSERT INTO s {}",
                vec!["SELECT a FROM t"; n - 1].join(" UNION ALL ")
            ),
        ),
        ("nested parentheses with chains", {
            // 20 levels (sqlparser has a recursion limit of its own), each with a chain
            let per = MAX_NESTING / 20 - 2;
            let mut e = "a".to_string();
            for _ in 0..20 {
                e = format!("({} + {e})", terms(" + ", per - 1));
            }
            format!("SELECT {e} FROM t")
        }),
    ]
}

#[test]
fn statements_at_the_limit_are_read_on_a_2_mib_stack() {
    for (shape, sql) in at_the_limit() {
        eprintln!("shape: {shape}");
        let reports = {
            let sql = sql.clone();
            on_small_stack(move || weir_sql::check(&sql))
        };
        let problems: Vec<_> = reports.iter().flat_map(|r| &r.diagnostics).collect();
        assert!(problems.is_empty(), "{shape}: {problems:?}");
        let sql2 = sql.clone();
        let formatted = on_small_stack(move || weir_sql::format_script(&sql2));
        let formatted = formatted.unwrap_or_else(|e| panic!("{shape}: {e}"));
        on_small_stack(move || {
            let a = weir_sql::parse(&sql).expect("parses");
            let b = a.clone();
            assert!(a.same_as(&b));
            let _ = format!("{:?}", a.statement.kind());
            drop(a);
            drop(b);
            let again = weir_sql::parse(formatted.trim_end().trim_end_matches(';'));
            assert!(again.is_ok(), "formatted text parses again");
        });
    }
}

#[test]
fn past_the_limit_is_a_warning_not_a_crash() {
    // the inputs of the audit: 200k-term chains, 20k UNION ALL branches
    let cases = [
        format!("SELECT {} FROM t", vec!["a"; 200_000].join("+")),
        format!("SELECT a FROM t WHERE {}", vec!["a"; 200_000].join(" AND ")),
        format!("SELECT {} FROM t", vec!["a"; 200_000].join(" || ")),
        vec!["SELECT a FROM t"; 20_000].join(" UNION ALL "),
        format!(
            "SELECT {}a{} FROM t",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
        format!("SELECT {}a FROM t", "NOT ".repeat(200_000)),
        format!("SELECT {}1 FROM t", "- ".repeat(200_000)),
    ];
    for sql in cases {
        let head: String = sql.chars().take(40).collect();
        let sql2 = sql.clone();
        let reports = on_small_stack(move || weir_sql::check(&sql2));
        let d = &reports[0].diagnostics;
        assert_eq!(d.len(), 1, "{head}: {d:?}");
        assert_eq!(d[0].severity, Severity::Warning, "{head}");
        // over the nesting limit, or (the longest of them) over the size limit first
        assert!(
            d[0].message
                .contains(&format!("Weir handles up to {MAX_NESTING}"))
                || d[0].message.contains("Weir checks statements up to"),
            "{head}: {}",
            d[0].message
        );
        let sql2 = sql.clone();
        let formatted =
            on_small_stack(move || weir_sql::format_script(&sql2).map_err(|e| e.to_string()));
        let e = formatted.expect_err("not formatted");
        assert!(
            e.contains("Weir handles") || e.contains("Weir checks"),
            "{head}: {e}"
        );
        let parsed = on_small_stack(move || weir_sql::parse(&sql).map(|_| ()));
        assert!(parsed.is_err(), "{head}");
    }
}

#[test]
fn a_statement_over_the_size_limit_is_a_warning_and_the_rest_is_checked() {
    let big = format!(
        "INSERT INTO t VALUES {};\nSELECT FROM WHERE;",
        vec!["(1, 'x')"; MAX_STATEMENT_BYTES / 8 + 1].join(",")
    );
    let reports = weir_sql::check(&big);
    assert_eq!(reports.len(), 2);
    let d = &reports[0].diagnostics;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(
        d[0].message
            .contains("Weir checks statements up to 256 KiB"),
        "{}",
        d[0].message
    );
    // the next statement is still checked
    assert_eq!(reports[1].diagnostics[0].severity, Severity::Error);
    assert_eq!(reports[1].diagnostics[0].line, 2);
}
