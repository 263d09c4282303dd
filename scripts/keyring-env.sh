#!/usr/bin/env bash
# Runs CMD… with a real Secret Service: a private D-Bus session (dbus-run-session) and
# gnome-keyring-daemon unlocked non-interactively, its keyrings in a temp XDG_DATA_HOME that is
# removed afterwards. HOME is left alone (rustup needs it).
#   scripts/keyring-env.sh cargo nextest run -p weir-db
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 CMD [ARG…]" >&2; exit 2; }
for c in dbus-run-session gnome-keyring-daemon; do
  command -v "$c" >/dev/null || { echo "keyring-env: $c is missing (apt install dbus gnome-keyring)" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/weir-keyring.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
# The keyring's own password only protects this throwaway keyring.
dbus-run-session -- bash -c '
  set -e
  eval "$(printf %s weir-test-keyring | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  export WEIR_KEYRING_ENV=1
  "$@"
' keyring-env "$@"
