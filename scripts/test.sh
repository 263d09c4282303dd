#!/usr/bin/env bash
# Every check of the project, in the order that fails fastest. Called by `make test` (and CI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/weir/target}
step() { echo; echo "== $* ($(date +%T))"; }
t0=$(date +%s)

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
npm --prefix ui run typecheck

step "Flink jars (PyPI) and the local engine, Flink 2.3.0 and 1.20.3"
for v in 2.3.0 1.20.3; do
  scripts/flink-jars.sh "$v" >/dev/null
  engine/build.sh "$v"
done
engine/build.sh --cds 2.3.0 >/dev/null

step "Rust unit and integration tests (incl. stale TypeScript bindings; the live engine tests must run)"
WEIR_REQUIRE_ENGINE=1 cargo nextest run --workspace --exclude weir-app --no-fail-fast

step "fuzzing: every fuzz target (split, check, highlight, format, lineage, gateway and JobManager JSON) for ${WEIR_FUZZ_SECONDS:-15} s, on stable"
scripts/fuzz.sh "${WEIR_FUZZ_SECONDS:-15}"

step "databases: weir-db and the app's database use cases against real MariaDB and PostgreSQL, with a real Secret Service"
cargo build -q -p weir-cli    # the secrets audit drives the real `weir` binary
scripts/db-servers.sh start
trap 'scripts/db-servers.sh stop' EXIT
eval "$(scripts/db-servers.sh env)"
WEIR_REQUIRE_DB=1 scripts/keyring-env.sh cargo nextest run -p weir-db -p weir -p weir-cli \
  -E 'package(weir-db) | binary(databases_live) | binary(db_keychain)' --no-fail-fast
# The servers keep running for the databases e2e test (stopped by the trap at the end).

step "UI unit tests"
npm --prefix ui test

step "release build of the app (custom-protocol) and the CLI"
make --no-print-directory app

step "10 MB inputs: weir check / format / lineage in bounded memory (≤ 10× the input), no crash"
python3 bench/large-input.py --weir "$CARGO_TARGET_DIR/release/weir"

step "end-to-end tests in the real window (Xvfb + WebDriver)"
WEIR_APP="$CARGO_TARGET_DIR/release/weir-app" tests/e2e/run.sh
scripts/db-servers.sh stop
trap - EXIT

step "local Flink engine: SQL Gateway conformance (replayed fixtures) and end-to-end, Flink 2.3.0 and 1.20.3"
python3 tests/engine/conformance.py --versions 2.3.0,1.20.3
for v in 2.3.0 1.20.3; do python3 tests/engine/e2e.py --flink "$v"; done
# the engine against a real standalone session cluster (scripts/flink-cluster.sh; stopped at the end)
for v in 2.3.0 1.20.3; do python3 tests/engine/cluster_e2e.py --flink "$v"; done

echo; echo "all checks passed in $(( $(date +%s) - t0 )) s"
