//! The body of the `lineage` fuzz target, shared by the libFuzzer binary (`fuzz_targets/`) and
//! the stable regression test (`../tests/fuzz_regressions.rs`): the lineage of any script is
//! computed without a panic, and what it reports points into the script. Inputs are read the
//! way weir-sql's targets read them (repeat inputs reach deep and long statements; those run on
//! a 2 MiB stack).

#![allow(dead_code)]

#[path = "../../weir-sql/fuzz/bodies.rs"]
mod sql;

/// `lineage`: skipped statements and edges name statements of the script; rendering works.
pub fn lineage(data: &[u8]) {
    let Some(s) = sql::text(data) else { return };
    sql::run(s, lineage_text);
}

fn lineage_text(s: &str) {
    let l = weir_lineage::script_lineage(s);
    let statements = weir_sql::split(s).len();
    for sk in &l.skipped {
        assert!(sk.index < statements, "skipped statement out of range");
        assert!(!sk.message.is_empty(), "skipped without a reason");
    }
    for e in &l.edges {
        assert!(
            e.statement.index < statements,
            "edge of an unknown statement"
        );
    }
    let _ = weir_lineage::render::to_dot(&l);
    let _ = weir_lineage::render::to_mermaid(&l);
}
