#!/usr/bin/env bash
# Fetch Apache Flink's jars from PyPI (apache-flink-libraries) into a cache outside the repo and
# print a FLINK_HOME-like directory holding lib/, opt/ and bin/.
#   scripts/flink-jars.sh [VERSION]        (default 2.3.0, the newest 2.x at the time of writing)
# Cache: ${WEIR_CACHE:-$HOME/.cache/weir}/flink/<version>/  — idempotent: a second run is instant.
set -euo pipefail
VERSION="${1:-${WEIR_FLINK_VERSION:-2.3.0}}"
CACHE="${WEIR_CACHE:-$HOME/.cache/weir}"
HOME_DIR="$CACHE/flink/$VERSION"
PY="${PYTHON:-python3}"

if [[ -f "$HOME_DIR/.complete" ]]; then
  echo "$HOME_DIR"
  exit 0
fi

mkdir -p "$HOME_DIR"
DL="$HOME_DIR/.download"
mkdir -p "$DL"
find_archive() { find "$DL" -maxdepth 1 -type f \( -name 'apache_flink_libraries-*' -o -name 'apache-flink-libraries-*' \) | head -n1; }
if [[ -z "$(find_archive)" ]]; then
  echo "downloading apache-flink-libraries==$VERSION from PyPI (this can take a few minutes)..." >&2
  "$PY" -m pip download --quiet --no-deps \
      -d "$DL" "apache-flink-libraries==$VERSION" >&2
fi
ARCHIVE="$(find_archive)"
[[ -n "$ARCHIVE" ]] || { echo "error: download of apache-flink-libraries==$VERSION produced no file" >&2; exit 1; }

TMP="$HOME_DIR/.unpack"
rm -rf "$TMP"; mkdir -p "$TMP"
echo "unpacking $(basename "$ARCHIVE")..." >&2
"$PY" - "$ARCHIVE" "$TMP" <<'PYEOF'
import sys, zipfile, tarfile
arc, dest = sys.argv[1], sys.argv[2]
if arc.endswith(".whl") or arc.endswith(".zip"):
    zipfile.ZipFile(arc).extractall(dest)
else:
    with tarfile.open(arc) as t:
        t.extractall(dest)
PYEOF

# Locate lib/ (wheel: pyflink/lib; sdist: deps/lib) and move lib/, opt/, bin/ next to each other.
LIBDIR="$(find "$TMP" -type f -name 'flink-dist*.jar' -printf '%h\n' | head -n1)"
[[ -n "$LIBDIR" ]] || { echo "error: no flink-dist jar inside $ARCHIVE" >&2; exit 1; }
ROOT="$(dirname "$LIBDIR")"
for d in lib opt bin plugins; do
  if [[ -d "$ROOT/$d" ]]; then rm -rf "${HOME_DIR:?}/$d"; mv "$ROOT/$d" "$HOME_DIR/$d"; fi
done
rm -rf "$TMP" "$DL"   # the archive is no longer needed once lib/ opt/ bin/ are in place
touch "$HOME_DIR/.complete"
echo "$HOME_DIR"
