//! Times Weir's lineage of every `.sql` file of a directory, in process, and optionally writes
//! each script's direct column edges as JSON lines (for `bench/lineage.sh`'s comparison with
//! sqllineage): `cargo run --release --example corpus DIR [--edges FILE] [--rounds N]`.
use std::io::Write;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let (mut edges_out, mut rounds) = (None, 5usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--edges" => edges_out = args.next(),
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            Some((
                p.file_name()?.to_string_lossy().into_owned(),
                std::fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut best = f64::MAX;
    let mut edges = 0usize;
    for _ in 0..rounds.max(1) {
        let t0 = Instant::now();
        edges = 0;
        for (_, t) in &texts {
            edges += weir_lineage::script_lineage(t).edges.len();
        }
        best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "weir in-process: {} scripts ({} KiB), {edges} column edges: {best:.1} ms (best of {rounds})",
        texts.len(),
        bytes / 1024
    );
    if let Some(path) = edges_out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (name, t) in &texts {
            let l = weir_lineage::script_lineage(t);
            let e: Vec<_> = l
                .edges
                .iter()
                .filter(|e| e.via.is_empty())
                .map(|e| [&e.from.table, &e.from.column, &e.to.table, &e.to.column])
                .collect();
            writeln!(f, "{}", serde_json::json!({"file": name, "edges": e}))?;
        }
    }
    Ok(())
}
