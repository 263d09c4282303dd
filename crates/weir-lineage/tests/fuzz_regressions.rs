//! The `lineage` fuzz target's body on stable Rust, over every saved input under
//! `fuzz/regressions/lineage/` and the seed corpus `fuzz/corpus/lineage/` (deep and long
//! repeat inputs among it). No panic, no stack overflow.

use std::path::PathBuf;

#[path = "../fuzz/bodies.rs"]
mod bodies;

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for kind in ["regressions", "corpus"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join("lineage")) else {
            continue;
        };
        for e in entries.flatten() {
            let data = std::fs::read(e.path()).expect("read a saved input");
            bodies::lineage(&data);
            ran += 1;
        }
    }
    assert!(ran > 0, "no saved inputs found under {}", root.display());
    println!("lineage fuzz inputs: {ran}");
}
