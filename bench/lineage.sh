#!/usr/bin/env bash
# Lineage speed and agreement, in one run, over the shared corpus scripts
# (../shared/corpus/flink-sql/scripts, read in place):
#   1. Weir in process (`cargo run --release --example corpus`: script_lineage over every script,
#      best of 5 rounds) and as the CLI (`weir lineage --format json`, one process per script, when
#      the release binary is already built or WEIR_BENCH_CLI=1);
#   2. the local engine's planner endpoint (POST /weir/lineage, Calcite's column origins) on every
#      INSERT of the same scripts, each after its script's CREATE statements, engine warm;
#   3. sqllineage from PyPI (sqlfluff, dialect flink), in one Python process (LineageRunner), on
#      the same scripts; then its column edges are compared with Weir's.
# Prints the total wall time of each, the Weir-vs-planner and Weir-vs-sqllineage ratios, and the
# agreement of the column edges with sqllineage. Then the criterion bench (1,000 statements).
# Usage: bench/lineage.sh   (needs java + the engine jars; sqllineage: pip or a venv in the cache)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(cd ../shared/corpus/flink-sql/scripts 2>/dev/null && pwd) || { echo "SKIPPED: ../shared/corpus/flink-sql/scripts is absent"; exit 0; }
cache=${WEIR_CACHE:-$HOME/.cache/weir}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target-bench}
tmp=$(mktemp -d)
engine_pid=
cleanup() {
  if [ -n "$engine_pid" ]; then kill "$engine_pid" 2>/dev/null || true; wait "$engine_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
now_ns() { date +%s%N; }
files=("$corpus"/*.sql)

# sqllineage: on PATH (pip install sqllineage), else a venv kept in the cache
py=python3
if ! python3 -c 'import sqllineage' 2>/dev/null; then
  venv=$cache/sqllineage-venv
  [ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet sqllineage; }
  py=$venv/bin/python
fi

# 1. Weir
cargo build --release --quiet -p weir-lineage --example corpus
"$CARGO_TARGET_DIR/release/examples/corpus" "$corpus" --edges "$tmp/weir_edges.jsonl" | tee "$tmp/weir.txt"
weir_ms=$(sed -n 's/.*: \([0-9.]*\) ms (best.*/\1/p' "$tmp/weir.txt")
weir_bin="$CARGO_TARGET_DIR/release/weir"
if [ "${WEIR_BENCH_CLI:-0}" = 1 ]; then cargo build --release --quiet -p weir-cli; fi
if [ -x "$weir_bin" ]; then
  t0=$(now_ns)
  for f in "${files[@]}"; do "$weir_bin" lineage --format json "$f" >/dev/null 2>&1 || true; done
  t1=$(now_ns)
  awk -v a="$t0" -v b="$t1" -v n="${#files[@]}" 'BEGIN { printf "weir lineage CLI: %d scripts, one process each: %.1f ms\n", n, (b - a) / 1e6 }'
fi

# 2. The planner endpoint: the engine, then each script's CREATE statements + each INSERT
engine/run.sh --port 0 --no-warmup >"$tmp/engine.out" 2>"$tmp/engine.err" &
engine_pid=$!
deadline=$(($(date +%s) + 180))
until grep -q '^WEIR_ENGINE_LISTENING' "$tmp/engine.out"; do
  kill -0 "$engine_pid" 2>/dev/null || { echo "the engine exited:"; tail "$tmp/engine.err"; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "the engine did not start within 180 s"; exit 1; }
  sleep 0.2
done
port=$(sed -n 's/^WEIR_ENGINE_LISTENING port=//p' "$tmp/engine.out")
python3 - "$port" "$weir_ms" "${files[@]}" <<'PY' | tee "$tmp/planner.txt"
import json, re, sys, time, urllib.request
port, weir_ms, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
def post(body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/weir/lineage", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    try:
        return json.load(urllib.request.urlopen(req, timeout=120))
    except urllib.error.HTTPError as e:
        return {"error": e.code}
    except Exception as e:
        return {"error": str(e)}
# warm-up: the first planning loads the planner's classes
for _ in range(3):
    post({"statement": "SELECT 1"})
lead = r"(?is)^(\s*--[^\n]*\n)*\s*"
n = ok = 0
t0 = time.perf_counter()
for f in files:
    stmts = [s.strip() for s in re.split(r";\s*\n", open(f).read()) if s.strip()]
    ddl = [s for s in stmts if re.match(lead + r"create\s+(temporary\s+)?(table|view)\b", s)]
    for s in stmts:
        if re.match(lead + r"insert\s", s):
            n += 1
            r = post({"script": ";\n".join(ddl), "statement": s})
            ok += "columns" in r
dt = (time.perf_counter() - t0) * 1000
print(f"planner endpoint: {n} INSERTs ({ok} answered, the others unplannable offline): {dt:.1f} ms")
print(f"weir in-process vs planner: {dt / max(weir_ms, 1e-3):.0f}x faster (all {len(files)} scripts vs their INSERTs)")
PY
kill "$engine_pid" 2>/dev/null || true
wait "$engine_pid" 2>/dev/null || true
engine_pid=

# 3. sqllineage, then the agreement of column edges
"$py" - "$weir_ms" "$tmp/weir_edges.jsonl" "${files[@]}" <<'PY'
import json, os, sys, time, warnings, logging
warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)
from sqllineage.runner import LineageRunner
weir_ms, weir_edges, files = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
def short(table, column):
    return (table.split(".")[-1].strip("`").lower(), column.strip("`").lower())
ours = {}
for line in open(weir_edges):
    r = json.loads(line)
    ours[r["file"]] = {(short(a, b), short(c, d)) for a, b, c, d in r["edges"] if b != "*" and d != "*"}
theirs, failed = {}, 0
t0 = time.perf_counter()
for f in files:
    try:
        paths = LineageRunner(open(f).read(), dialect="flink", silent_mode=True).get_column_lineage(exclude_subquery_columns=True)
    except Exception:
        failed += 1
        continue
    edges = set()
    for p in paths:
        cols = [str(c) for c in p]
        for src, dst in zip(cols, cols[1:]):
            s, d = src.rsplit(".", 1), dst.rsplit(".", 1)
            if len(s) == 2 and len(d) == 2 and "*" not in (s[1], d[1]):
                edges.add((short(*s), short(*d)))
    theirs[os.path.basename(f)] = edges
dt = (time.perf_counter() - t0) * 1000
print(f"sqllineage (dialect flink, in process): {len(files)} scripts, {len(files) - failed} analysed, {failed} failed: {dt:.1f} ms; weir is {dt / max(weir_ms, 1e-3):.0f}x faster")
# per target column of the scripts sqllineage analysed: same set of origin columns?
both = same = only_weir = only_sl = 0
for name, sl in theirs.items():
    we = ours.get(name, set())
    targets_w = {d for _, d in we}
    targets_s = {d for _, d in sl}
    for t in targets_w | targets_s:
        if t not in targets_s:
            only_weir += 1
            continue
        if t not in targets_w:
            only_sl += 1
            continue
        both += 1
        same += {s for s, d in we if d == t} == {s for s, d in sl if d == t}
print(f"agreement with sqllineage on the {len(theirs)} scripts it analysed: {both} target columns both report, "
      f"{same} with the same origins ({100.0 * same / max(both, 1):.1f}%); only weir: {only_weir}, only sqllineage: {only_sl}")
PY

# 4. Weir in process on a 1,000-statement script (criterion)
cargo bench --quiet -p weir-lineage --bench lineage -- --warm-up-time 1 --measurement-time 3 2>/dev/null |
  grep -E '^lineage|time:' || true
