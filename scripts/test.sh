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

step "Rust unit and integration tests (incl. stale TypeScript bindings)"
cargo nextest run --workspace --exclude weir-app --no-fail-fast

step "UI unit tests"
npm --prefix ui test

step "release build of the app (custom-protocol) and the CLI"
make --no-print-directory app

step "end-to-end tests in the real window (Xvfb + WebDriver)"
WEIR_APP="$CARGO_TARGET_DIR/release/weir-app" tests/e2e/run.sh

echo; echo "all checks passed in $(( $(date +%s) - t0 )) s"
