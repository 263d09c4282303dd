//! Prints the lineage of a script as JSON (a debugging aid): `cargo run --example dump FILE`.
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(path)?;
    let l = weir_lineage::script_lineage(&text);
    for e in &l.edges {
        println!(
            "E {} -> {} {:?} #{}{}",
            e.from,
            e.to,
            e.transform,
            e.statement.index,
            if e.via.is_empty() {
                String::new()
            } else {
                format!(" via {:?}", e.via)
            }
        );
    }
    for e in &l.dependencies {
        println!("D {} -> {} #{}", e.from, e.to, e.statement.index);
    }
    for t in &l.tables {
        let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        println!("T {} {:?} known={} {:?}", t.name, t.role, t.known, cols);
    }
    for s in &l.skipped {
        println!("S {} {}", s.index, s.message);
    }
    Ok(())
}
