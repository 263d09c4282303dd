#!/usr/bin/env bash
# Build Weir's local engine against Flink's jars (no Maven): engine/build.sh [--cds] [FLINK_VERSION]
# Prints the path of weir-engine.jar. Idempotent: skips javac when sources and jars are unchanged.
# The same sources compile against Flink 2.x and 1.20.x.
# --cds (or WEIR_ENGINE_CDS=1) also records a class-data-sharing archive with a training run
# (engine --self-test: SELECT 1); run.sh uses it when present. It shortens the engine's cold start.
set -euo pipefail
CDS="${WEIR_ENGINE_CDS:-0}"
if [[ "${1:-}" == "--cds" ]]; then CDS=1; shift; fi
VERSION="${1:-${WEIR_FLINK_VERSION:-2.3.0}}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
FLINK_HOME="$("$ROOT/scripts/flink-jars.sh" "$VERSION")"
CACHE="${WEIR_CACHE:-$HOME/.cache/weir}"
OUT="$CACHE/engine/$VERSION"
JAR="$OUT/weir-engine.jar"
mkdir -p "$OUT"

HASH="$( { echo "$VERSION"; cat "$HERE/build.sh"; find "$HERE/src/main" -type f | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done; ls -l "$FLINK_HOME/lib"; } | sha256sum | cut -d' ' -f1)"
JSA="$OUT/weir-engine.jsa"
make_cds() {
  [[ "$CDS" == "1" && ! -f "$JSA" ]] || return 0
  echo "recording the class-data-sharing archive (training run: SELECT 1)..." >&2
  rm -f "$JSA.tmp"
  if WEIR_ENGINE_JAVA_EXTRA="-XX:ArchiveClassesAtExit=$JSA.tmp" timeout 300 "$HERE/run.sh" --flink "$VERSION" --no-cds --port 0 --self-test >/dev/null 2>"$OUT/cds-training.log" \
     && [[ -s "$JSA.tmp" ]]; then
    mv "$JSA.tmp" "$JSA"
  else
    echo "warning: CDS training run failed (see $OUT/cds-training.log); the engine runs without it" >&2
    rm -f "$JSA.tmp"
  fi
}

if [[ -f "$JAR" && -f "$OUT/.hash" && "$(cat "$OUT/.hash")" == "$HASH" ]]; then
  make_cds
  echo "$JAR"
  exit 0
fi

TMP="$(mktemp -d "$OUT/.build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/classes"
find "$HERE/src/main/java" -name '*.java' > "$TMP/sources.txt"
javac --release 17 -encoding UTF-8 -nowarn -Xlint:none -cp "$FLINK_HOME/lib/*" -d "$TMP/classes" @"$TMP/sources.txt" >&2
if [[ -d "$HERE/src/main/resources" ]]; then cp -r "$HERE/src/main/resources/." "$TMP/classes/"; fi
jar --create --file "$TMP/weir-engine.jar" --main-class dev.weir.engine.Main -C "$TMP/classes" . >&2
rm -f "$JSA"   # an archive is only valid for the exact jars it was recorded with
mv "$TMP/weir-engine.jar" "$JAR"
echo "$HASH" > "$OUT/.hash"
echo "$FLINK_HOME" > "$OUT/flink-home"
make_cds
echo "$JAR"
