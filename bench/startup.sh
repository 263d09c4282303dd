#!/usr/bin/env bash
# Cold start to interactive window, and idle memory summed over the app's processes (WebKit's
# included), under Xvfb. Targets: ≤ 1 s and ≤ 300 MB PSS. Usage: bench/startup.sh [runs]
# WEIR_APP names the custom-protocol build (make bench builds it).
set -euo pipefail
: "${WEIR_APP:?WEIR_APP must name the custom-protocol build of weir-app}"
runs=${1:-5}
if [ -z "${WEIR_BENCH_INNER:-}" ]; then
  export WEIR_BENCH_INNER=1 WEIR_APP
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi

now_ms() { date +%s%3N; }
tree_pids() { # the process and all its descendants
  local p=$1; echo "$p"
  for c in $(pgrep -P "$p"); do tree_pids "$c"; done
}
sum_mem() { # prints "pss_kb rss_kb" summed over the given pids
  local pss=0 rss=0
  for p in "$@"; do
    [ -r /proc/$p/smaps_rollup ] || continue
    pss=$((pss + $(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup)))
    rss=$((rss + $(awk '/^Rss:/{print $2}' /proc/$p/smaps_rollup)))
  done
  echo "$pss $rss"
}

starts=()
for i in $(seq 1 "$runs"); do
  ws=$(mktemp -d)
  export XDG_DATA_HOME=$(mktemp -d) XDG_CACHE_HOME=$(mktemp -d)
  t0=$(now_ms)
  "$WEIR_APP" --workspace "$ws" >/dev/null 2>&1 &
  pid=$!
  deadline=$((t0 + 20000))
  until grep -q "window interactive" "$ws/weir.log" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "run $i: no interactive window within 20 s"; kill -9 $pid; exit 1; }
    sleep 0.01
  done
  t1=$(now_ms)
  starts+=($((t1 - t0)))
  if [ "$i" -eq "$runs" ]; then
    sleep 5   # idle
    read -r pss rss < <(sum_mem $(tree_pids $pid))
    procs=$(tree_pids $pid | xargs -I{} cat /proc/{}/comm 2>/dev/null | tr '\n' ' ')
  fi
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$ws" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
done
sorted=$(printf '%s\n' "${starts[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
echo "cold start to interactive window (ms), $runs runs: $sorted(median $median; first run on a fresh X server)"
echo "idle memory after 5 s: PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB over: $procs"
