#!/usr/bin/env bash
# Ingest 1,000,000 rows × 8 columns from a SQL Gateway the way the app does (session, ScriptRun,
# the gateway client's paging, ResultSet::push), from a replay gateway serving real-format pages
# (crates/weir/examples/ingest.rs) in its own process; then the same pages fetched with curl
# (following nextResultUri) into Python's json, for the overhead over the wire format, and once
# more in a single curl with nothing parsed (the transfer alone).
# Reports rows/s of both, the client's peak RSS (VmHWM), ResultSet::heap_bytes() and the CSV size
# of the rows. Target: peak RSS ≤ 2× the CSV size (the script fails above it).
# Usage: bench/ingest.sh [rows]
set -euo pipefail
rows=${1:-1000000}
cd "$(dirname "$0")/.."

cargo build --release --quiet -p weir --example ingest
target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin="$target/release/examples/ingest"

tmp=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

now_ns() { date +%s%N; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }

# The replay gateway: generates its pages, then prints "listening URL ...".
"$bin" serve --rows "$rows" >"$tmp/server.out" 2>"$tmp/server.err" &
server=$!
deadline=$(($(date +%s) + 120))
until grep -q '^listening ' "$tmp/server.out"; do
  kill -0 "$server" 2>/dev/null || { echo "the replay gateway exited:"; cat "$tmp/server.err"; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "the replay gateway did not start within 120 s"; exit 1; }
  sleep 0.05
done
url=$(awk '/^listening /{print $2}' "$tmp/server.out")

# 1. Weir: its own process, so VmHWM is the client's alone.
"$bin" run --url "$url" --rows "$rows" >"$tmp/weir.out"
declare -A weir
while read -r key value; do weir[$key]=$value; done <"$tmp/weir.out"

# 2. curl + a JSON parser: one curl per page, one Python process parsing every page (json.loads)
#    and counting rows; bash follows nextResultUri. Timed from the statement's submit to EOS,
#    like the client.
cat >"$tmp/parse.py" <<'EOF'
import json, sys
rows = wire = 0
for line in sys.stdin.buffer:
    doc = json.loads(line)
    if "operationHandle" in doc:
        print(doc["operationHandle"], flush=True)
        continue
    wire += len(line) - 1
    rows += len((doc.get("results") or {}).get("data") or [])
    print(doc["resultType"], doc.get("nextResultUri", "-"), rows, wire, flush=True)
EOF
session=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"sessionName":"curl-bench"}' \
  "$url/v4/sessions" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sessionHandle"])')
coproc PARSE { python3 "$tmp/parse.py"; }
t0=$(now_ns)
{ curl -sf -X POST -H 'Content-Type: application/json' -d '{"statement":"SELECT * FROM bench_src"}' \
  "$url/v4/sessions/$session/statements"; echo; } >&"${PARSE[1]}"
read -r operation <&"${PARSE[0]}"
uri="/v4/sessions/$session/operations/$operation/result/0?rowFormat=JSON"
uris=()
while :; do
  uris+=("$uri")
  { curl -sf "$url$uri"; echo; } >&"${PARSE[1]}"
  read -r kind next curl_rows wire <&"${PARSE[0]}"
  [ "$kind" != EOS ] || break
  uri=$next
done
t1=$(now_ns)
eval "exec ${PARSE[1]}>&-"
wait "$PARSE_PID" 2>/dev/null || true
curl -sf -X DELETE "$url/v4/sessions/$session/operations/$operation/close" >/dev/null
[ "$curl_rows" -eq "$rows" ] || { echo "curl + parser counted $curl_rows rows, expected $rows"; exit 1; }

# 3. The wire alone: the same page URLs (for a new operation) in one curl on one kept-alive
#    connection, bodies discarded, nothing parsed.
t2=$(now_ns)
submitted=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"statement":"SELECT * FROM bench_src"}' "$url/v4/sessions/$session/statements")
[[ $submitted =~ \"operationHandle\":\"([^\"]+)\" ]] || { echo "no operation handle in: $submitted"; exit 1; }
again=${BASH_REMATCH[1]}
urls=()
for u in "${uris[@]}"; do urls+=("$url${u//$operation/$again}"); done
curl -sf "${urls[@]}" >/dev/null
t3=$(now_ns)
curl -sf -X DELETE "$url/v4/sessions/$session/operations/$again/close" >/dev/null
curl -sf -X DELETE "$url/v4/sessions/$session" >/dev/null

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
per_s() { awk -v r="$rows" -v s="$1" 'BEGIN { printf "%.0f", r / s }'; }
curl_s=$(seconds "$t0" "$t1")
curl_rate=$(per_s "$curl_s")
wire_s=$(seconds "$t2" "$t3")
wire_rate=$(per_s "$wire_s")

rss=${weir[peak_rss_bytes]} csv=${weir[csv_bytes]} heap=${weir[heap_bytes]}
rss_ratio=$(awk -v a="$rss" -v b="$csv" 'BEGIN { printf "%.2f", a / b }')
speed=$(awk -v a="${weir[rows_per_s]}" -v b="$curl_rate" 'BEGIN { printf "%.2f", a / b }')

echo "ingest of $rows rows x 8 columns: ${#uris[@]} pages, $(mb "$wire") of JSON on the wire"
printf '  %-34s %10s %12s\n' "" "seconds" "rows/s"
printf '  %-34s %10.3f %12s\n' "weir (gateway client + ResultSet)" "${weir[seconds]}" "${weir[rows_per_s]}"
printf '  %-34s %10.3f %12s\n' "curl + python json.loads" "$curl_s" "$curl_rate"
printf '  %-34s %10.3f %12s\n' "the wire alone (one curl, no parse)" "$wire_s" "$wire_rate"
printf '  %-34s %22s\n' "weir rows/s / curl+parser rows/s" "${speed}x"
printf '  %-34s %22s\n' "weir peak RSS (VmHWM)" "$(mb "$rss")"
printf '  %-34s %22s\n' "  of which before the statement" "$(mb "${weir[rss_before_bytes]}")"
printf '  %-34s %22s\n' "ResultSet heap_bytes()" "$(mb "$heap")"
printf '  %-34s %22s\n' "CSV size of the rows" "$(mb "$csv")"
printf '  %-34s %22s\n' "peak RSS / CSV size (target <= 2)" "$rss_ratio"
if [ "$rss" -gt $((2 * csv)) ]; then
  echo "FAIL: the client's peak RSS is ${rss_ratio}x the CSV size, above the 2x target"
  exit 1
fi
