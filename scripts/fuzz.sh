#!/usr/bin/env bash
# Coverage-guided fuzzing on stable Rust: builds every fuzz crate (crates/*/fuzz, each its own cargo
# workspace with libfuzzer-sys) with libFuzzer's instrumentation flags — no nightly, no cargo-fuzz —
# and runs each of its targets for a time budget.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]      (default 15 s, every target)
#
# Corpus: each target starts from its committed seeds (crates/<crate>/fuzz/corpus/<target>/) and fixed
# regressions; runs of 120 s or more per target also from the Flink statements of ../shared/corpus
# (when present) and what earlier runs found. What a run finds is saved in
# ${WEIR_CACHE:-$HOME/.cache/weir}/fuzz/corpus/<target>/ and grows run after run.
# A crash, a leak of memory past 4 GiB or an input that runs over 60 s fails the run; the input is kept in
# tests/artifacts/fuzz/ — fix the bug, then commit the input to crates/<crate>/fuzz/regressions/<target>/,
# where the crate's fuzz_regressions test replays it on every `make test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-15}
# runs of at least this many seconds per target start from the whole saved corpus and the shared
# corpus's statements; shorter slices (make test) from the committed seeds only
full_corpus_from=${WEIR_FUZZ_FULL_CORPUS_FROM:-120}
shift || true
only=("$@")
cache=${WEIR_CACHE:-$HOME/.cache/weir}
# a target directory of its own: the instrumentation flags would otherwise rebuild the main one
export CARGO_TARGET_DIR="$cache/fuzz/target"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# an explicit --target keeps the flags off build scripts and proc macros (they run on the host
# without libFuzzer's runtime), as cargo-fuzz does
host=$(rustc -vV | sed -n 's/^host: //p')
artifacts="$root/tests/artifacts/fuzz"
mkdir -p "$artifacts"

# the shared corpus's statements, one file each, as extra seeds for the SQL targets
seeds_sql="$cache/fuzz/seeds-sql"
if [ -f ../shared/corpus/flink-sql/statements.jsonl ] && [ ! -d "$seeds_sql" ]; then
  mkdir -p "$seeds_sql.tmp"
  python3 - "$seeds_sql.tmp" ../shared/corpus/flink-sql/statements.jsonl ../shared/corpus/flink-sql-2x/*.jsonl <<'EOF'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1]); n = 0
for f in sys.argv[2:]:
    for line in open(f, encoding="utf-8"):
        try:
            sql = json.loads(line).get("sql")
        except ValueError:
            continue
        if isinstance(sql, str):
            (out / f"s{n:05}.sql").write_text(sql, encoding="utf-8"); n += 1
EOF
  mv "$seeds_sql.tmp" "$seeds_sql"
fi

failed=()
ran=0
for crate in crates/*/fuzz; do
  targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$crate/Cargo.toml" | tail -n +2)
  want=()
  for t in $targets; do
    if [ ${#only[@]} -eq 0 ] || printf '%s\n' "${only[@]}" | grep -qx "$t"; then want+=("$t"); fi
  done
  [ ${#want[@]} -gt 0 ] || continue
  echo "fuzz: building $crate (${want[*]})"
  cargo build -q --release --target "$host" --manifest-path "$crate/Cargo.toml" --bins
  for t in "${want[@]}"; do
    corpus="$cache/fuzz/corpus/$t"
    mkdir -p "$corpus"
    if [ "$secs" -ge "$full_corpus_from" ]; then
      dirs=("$corpus")
    else
      # a short slice: libFuzzer runs every input it is given before its clock starts, and the
      # saved corpus grows run after run (thousands of inputs, some of them megabytes): a slice
      # starts from the committed seeds alone, and what it finds is saved to the corpus after
      dirs=("$(mktemp -d)")
    fi
    [ -d "$crate/corpus/$t" ] && dirs+=("$crate/corpus/$t")
    [ -d "$crate/regressions/$t" ] && dirs+=("$crate/regressions/$t")
    if [ "$secs" -ge "$full_corpus_from" ]; then
      case "$t" in split|check|format|highlight|lineage) [ -d "$seeds_sql" ] && dirs+=("$seeds_sql") ;; esac
    fi
    log="$artifacts/$t.log"
    echo "fuzz: $t for ${secs}s"
    if "$CARGO_TARGET_DIR/$host/release/$t" -max_total_time="$secs" -timeout=60 -rss_limit_mb=4096 \
        -max_len=65536 -artifact_prefix="$artifacts/$t-" -print_final_stats=1 "${dirs[@]}" >"$log" 2>&1; then
      if [ "${dirs[0]}" != "$corpus" ]; then
        cp -n "${dirs[0]}"/* "$corpus"/ 2>/dev/null || true
        rm -rf "${dirs[0]}"
      fi
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
      echo "fuzz: $t ok, ${runs:-?} runs, corpus $(ls "$corpus" | wc -l) inputs"
      ran=$((ran + 1))
    else
      echo "fuzz: $t FAILED — the last lines of $log:" >&2
      tail -n 30 "$log" >&2
      failed+=("$t")
    fi
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $artifacts)" >&2
  exit 1
fi
[ "$ran" -gt 0 ] || { echo "fuzz: no target matched ${only[*]}" >&2; exit 1; }
echo "fuzz: $ran targets, 0 crashes"
