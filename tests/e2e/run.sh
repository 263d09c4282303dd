#!/usr/bin/env bash
# Runs the end-to-end tests in a private X server and D-Bus session (no window leaks out, no
# dbus-daemon left behind). Usage: tests/e2e/run.sh [test names…]; WEIR_APP names the app build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${WEIR_APP:?WEIR_APP must name the custom-protocol build of weir-app}"
export WEIR_APP
export WEIR_ARTIFACTS=${WEIR_ARTIFACTS:-$here/../artifacts}
mkdir -p "$WEIR_ARTIFACTS"
# Keep WebKit's caches and any stray app data out of the user's home.
export XDG_DATA_HOME=$(mktemp -d) XDG_CACHE_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d)
export WEIR_HOME=$(mktemp -d)
# The Downloads folder (where exports are offered first), private too.
export WEIR_E2E_DOWNLOADS=$(mktemp -d)
printf 'XDG_DOWNLOAD_DIR="%s"\n' "$WEIR_E2E_DOWNLOADS" > "$XDG_CONFIG_HOME/user-dirs.dirs"
# The app turns WebKit's accelerated compositing off (memory); WebKitWebDriver's sessions hang
# without it, so the tests keep it on (the window renders the same either way: bench/startup.sh
# and `make run` use the default).
export WEIR_WEBKIT_COMPOSITING=1
cleanup() {
  rm -rf "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$WEIR_HOME" "$WEIR_E2E_DOWNLOADS"
  if [ -n "${own_db_dir:-}" ]; then
    WEIR_DB_DIR=$own_db_dir "$here/../../scripts/db-servers.sh" stop >&2 || true
    rm -rf "$own_db_dir"
  fi
}
trap cleanup EXIT
# The databases test needs the real servers: start them here unless the caller did
# (scripts/test.sh keeps its own running, with their env exported).
if [ -z "${WEIR_TEST_MYSQL_URL:-}" ] && { [ $# -eq 0 ] || [[ " $* " == *" databases "* ]]; }; then
  own_db_dir=$(mktemp -d)
  WEIR_DB_DIR=$own_db_dir "$here/../../scripts/db-servers.sh" start >&2
  eval "$(WEIR_DB_DIR=$own_db_dir "$here/../../scripts/db-servers.sh" env)"
fi
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node "$here/run.mjs" "$@"
echo "screenshots in $WEIR_ARTIFACTS"
