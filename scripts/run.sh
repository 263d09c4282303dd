#!/usr/bin/env bash
# Opens the Weir window (the release build). Without a display, it runs under Xvfb and says so.
set -euo pipefail
app=${CARGO_TARGET_DIR:-$HOME/.cache/weir/target}/release/weir-app
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
echo "run: no display found (DISPLAY/WAYLAND_DISPLAY unset); starting Weir in a virtual X server."
echo "run: a screenshot of the window is written to ./weir-window.png after 5 s; Ctrl+C stops it."
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  "$0" "$@" & pid=$!
  xdotool search --sync --onlyvisible --name "^Weir$" >/dev/null
  sleep 5; import -window root weir-window.png && echo "run: wrote weir-window.png"
  wait $pid' "$app" "$@"
