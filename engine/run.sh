#!/usr/bin/env bash
# Start Weir's local engine: engine/run.sh [--flink VERSION] [--no-cds] [engine args: --port 0 --parent-pid PID --watch-stdin ...]
# Builds first when needed. The first stdout line is "WEIR_ENGINE_LISTENING port=N".
# The engine exits when the process that ran this script dies (exec keeps the JVM's parent = the caller).
set -euo pipefail
VERSION="${WEIR_FLINK_VERSION:-2.3.0}"
if [[ "${1:-}" == "--flink" ]]; then VERSION="$2"; shift 2; fi
USE_CDS=1
if [[ "${1:-}" == "--no-cds" ]]; then USE_CDS=0; shift; fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$("$HERE/build.sh" "$VERSION")"
FLINK_HOME="$(cat "$(dirname "$JAR")/flink-home")"
JAVA="${JAVA:-java}"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; fi
CDS_OPTS=()
JSA="$(dirname "$JAR")/weir-engine.jsa"
if [[ "$USE_CDS" == "1" && -f "$JSA" ]]; then CDS_OPTS=(-XX:SharedArchiveFile="$JSA" -Xshare:auto); fi
PARENT=()
if [[ " $* " != *" --parent-pid "* ]]; then PARENT=(--parent-pid "$PPID"); fi
# shellcheck disable=SC2086
# JVM logging goes to stderr: stdout carries only the engine's handshake lines.
exec "$JAVA" ${WEIR_ENGINE_JAVA_OPTS:--XX:+UseSerialGC -Xss1m -Xmx1g -XX:ReservedCodeCacheSize=128m} ${WEIR_ENGINE_JAVA_EXTRA:-} \
  -Xlog:disable -Xlog:all=warning:stderr "${CDS_OPTS[@]}" \
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED \
  -cp "$FLINK_HOME/lib/*:$JAR" dev.weir.engine.Main "${PARENT[@]}" "$@"
