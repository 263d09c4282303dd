//! The fuzz targets' bodies on stable Rust: every saved input under `fuzz/regressions/<target>/`
//! and `fuzz/corpus/<target>/`
//! plus deterministic pseudo-random mutations of the corpus statements (and of a few built-in
//! statements when the shared corpus is absent). No panic allowed.

use std::path::{Path, PathBuf};

#[path = "../fuzz/bodies.rs"]
mod bodies;

type Body = fn(&[u8]);

const TARGETS: &[(&str, Body)] = &[
    ("split", bodies::split),
    ("check", bodies::check),
    ("highlight", bodies::highlight),
    ("format", bodies::format),
];

/// Mutations per target.
const MUTATIONS: usize = 3000;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let mut ran = 0;
    for (name, body) in TARGETS {
        // the crashes found and fixed, and the seed corpus (deep and long repeat inputs among it)
        for kind in ["regressions", "corpus"] {
            let dir = manifest().join("fuzz").join(kind).join(name);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let data = std::fs::read(e.path()).expect("read regression input");
                let t0 = std::time::Instant::now();
                body(&data);
                println!(
                    "{name} {kind}/{}: {:?}",
                    e.file_name().to_string_lossy(),
                    t0.elapsed()
                );
                ran += 1;
            }
        }
    }
    println!("fuzz regressions: {ran} saved inputs");
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "'",
    "`",
    "\"",
    "(",
    ")",
    "<",
    ">",
    ",",
    ";",
    "/*",
    "*/",
    "/*+ OPTIONS('a'='b') */",
    "--",
    "\n",
    "${v}",
    "${secret:s}",
    " SELECT ",
    " FROM ",
    " WITH ",
    " AS ",
    " TABLE ",
    " ROW<",
    " ARRAY<",
    " MATCH_RECOGNIZE ",
    " WITHIN ",
    " FOR SYSTEM_TIME AS OF ",
    " OVER (",
    " PARTITION BY ",
    " NOT NULL",
    " WATERMARK FOR ",
    " STATEMENT SET BEGIN ",
    " END",
    " INTERVAL '1' SECOND",
    "é",
    "😀",
    "\\",
    "0",
    "1e9",
    " NULL ",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let len = chars.len();
        match rng.below(5) {
            0 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(12)).min(len);
                chars.drain(a..b);
            }
            1 | 2 => {
                let at = rng.below(len + 1);
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            3 if len > 1 => {
                let a = rng.below(len);
                let b = rng.below(len);
                chars.swap(a, b);
            }
            _ if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(40)).min(len);
                let dup: Vec<char> = chars[a..b].to_vec();
                chars.splice(b..b, dup);
            }
            _ => chars.extend(PIECES[rng.below(PIECES.len())].chars()),
        }
    }
    chars.into_iter().collect()
}

fn seeds(corpus: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_to_string(corpus.join("statements.jsonl"))
        .map(|t| {
            t.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["sql"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if out.is_empty() {
        println!("shared corpus not found: mutating built-in statements only");
    }
    out.extend(
        [
            "CREATE TABLE t (a INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');",
            "INSERT INTO s SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;",
            "SELECT * FROM o JOIN d FOR SYSTEM_TIME AS OF o.pt AS x ON o.k = x.k;",
            "SET 'a' = 'b';\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nEND;",
        ]
        .map(String::from),
    );
    out
}

#[test]
fn mutated_corpus_statements_do_not_panic() {
    let corpus = manifest().join("../../../shared/corpus/flink-sql");
    let seeds = seeds(&corpus);
    for (k, (name, body)) in TARGETS.iter().enumerate() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1));
        let runs = if *name == "highlight" {
            MUTATIONS / 3
        } else {
            MUTATIONS
        };
        for _ in 0..runs {
            let seed = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, seed);
            let run = std::panic::catch_unwind(|| body(input.as_bytes()));
            if let Err(panic) = run {
                // keep the input: it belongs in fuzz/regressions/<target>/ once fixed
                let path = std::env::temp_dir().join(format!("weir-fuzz-{name}.sql"));
                let _ = std::fs::write(&path, &input);
                println!("{name} failed on {input:?} (saved to {})", path.display());
                std::panic::resume_unwind(panic);
            }
        }
        println!("{name}: {runs} mutated inputs");
    }
}
