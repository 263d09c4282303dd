//! The fuzz targets' bodies on stable Rust: every saved input under `fuzz/regressions/<target>/`,
//! every seed of `fuzz/corpus/<target>/` (real answers recorded from Flink 2.3.0 and 1.20.3), and
//! deterministic pseudo-random mutations of the seeds. No panic allowed.

use std::path::PathBuf;

#[path = "../fuzz/bodies.rs"]
mod bodies;

type Body = fn(&[u8]);

const TARGETS: &[(&str, Body)] = &[
    ("gateway_json", bodies::gateway_json),
    ("jobmanager_json", bodies::jobmanager_json),
];

/// Mutations per target.
const MUTATIONS: usize = 2000;

fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .map(|p| {
                    let data = std::fs::read(&p).expect("read fuzz input");
                    (p, data)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn saved_inputs_and_seeds_do_not_panic() {
    for (name, body) in TARGETS {
        let saved = inputs("regressions", name);
        let seeds = inputs("corpus", name);
        assert!(!seeds.is_empty(), "no seeds in fuzz/corpus/{name}");
        for (_, data) in saved.iter().chain(&seeds) {
            body(data);
        }
        println!(
            "{name}: {} saved inputs, {} seeds",
            saved.len(),
            seeds.len()
        );
    }
}

#[test]
fn real_answers_decode() {
    // The seeds are real answers: each one decodes as what the client reads, so the bodies
    // exercise the decoders, not only their error paths.
    use weir_connect::jobmanager::model::{decode, JobDetails};
    let seeds = inputs("corpus", "jobmanager_json");
    let jobs = seeds
        .iter()
        .filter(|(_, d)| decode::<JobDetails>(d).is_ok())
        .count();
    assert!(jobs >= 4, "job details among the seeds: {jobs}");
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
    "\"NaN\"",
    "null",
    "-1",
    "1e400",
    "-9223372036854775808",
    "18446744073709551616",
    "0.1",
    "\"\"",
    "[]",
    "{}",
    "[[[[[[[[",
    "\"\\u0000\"",
    "\"é😀\"",
    "\"DECIMAL\"",
    "\"ARRAY\"",
    "\"UPDATE_BEFORE\"",
    "\"COMPLETED\"",
    "\"Caused by: \"",
    "\"\\nCaused by: java.lang.X: y\\n\"",
    ",",
    ":",
    "\"",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = b.len();
        match rng.below(4) {
            0 if len > 0 => {
                let a = rng.below(len);
                let e = (a + 1 + rng.below(16)).min(len);
                b.drain(a..e);
            }
            1 if len > 0 => {
                let a = rng.below(len);
                b[a] = (rng.next() & 0xff) as u8;
            }
            2 => b.truncate(rng.below(len + 1)),
            _ => {
                let at = rng.below(len + 1);
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                b.splice(at..at, piece.iter().copied());
            }
        }
    }
    b
}

#[test]
fn mutated_seeds_do_not_panic() {
    for (k, (name, body)) in TARGETS.iter().enumerate() {
        let seeds = inputs("corpus", name);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1));
        for _ in 0..MUTATIONS {
            let (_, seed) = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, seed);
            if let Err(panic) = std::panic::catch_unwind(|| body(&input)) {
                // keep the input: it belongs in fuzz/regressions/<target>/ once fixed
                let path = std::env::temp_dir().join(format!("weir-connect-fuzz-{name}.json"));
                let _ = std::fs::write(&path, &input);
                println!("{name} failed (input saved to {})", path.display());
                std::panic::resume_unwind(panic);
            }
        }
        println!("{name}: {MUTATIONS} mutated inputs");
    }
}
