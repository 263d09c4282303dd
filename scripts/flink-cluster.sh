#!/usr/bin/env bash
# A real standalone Flink session cluster (one JobManager, one TaskManager) from the cached jars of
# scripts/flink-jars.sh, started with plain java (the PyPI jars ship no bin scripts and no conf/):
#
#   scripts/flink-cluster.sh start|stop|status [--flink VERSION]     (default ${WEIR_FLINK_VERSION:-2.3.0})
#
# start   writes conf/config.yaml and conf/log4j.properties (127.0.0.1 only, free ports chosen now), starts
#         the JobManager (StandaloneSessionClusterEntrypoint) and the TaskManager (TaskManagerRunner), waits
#         until the REST API lists a registered TaskManager and prints http://127.0.0.1:PORT as the last
#         stdout line. Already running: prints the URL and exits 0.
# stop    TERM, then KILL after WEIR_CLUSTER_STOP_TIMEOUT (default 30 s); removes the pid files. Idempotent.
# status  "running http://127.0.0.1:PORT" (exit 0) or "stopped" (exit 3).
#
# State: ${WEIR_CACHE:-$HOME/.cache/weir}/cluster/<version>/{conf,logs,tmp,*.pid}; logs are kept (rolled over
# at each start, 5 old files). JobManager process memory 1g, TaskManager 1536m with 4 slots. The JVM memory
# flags come from Flink's BashJavaUtils, as in Flink's bin/jobmanager.sh and bin/taskmanager.sh.
# Env: JAVA_HOME / JAVA, WEIR_CLUSTER_START_TIMEOUT (default 120 s), WEIR_CLUSTER_SLOTS (default 4).
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; }
die() { echo "flink-cluster: error: $*" >&2; exit 1; }

VERSION="${WEIR_FLINK_VERSION:-2.3.0}"
CMD=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    start|stop|status) CMD="$1" ;;
    --flink) [[ $# -ge 2 ]] || die "--flink needs a version"; VERSION="$2"; shift ;;
    --flink=*) VERSION="${1#--flink=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "unknown argument: $1" ;;
  esac
  shift
done
[[ -n "$CMD" ]] || { usage; exit 2; }

CACHE="${WEIR_CACHE:-$HOME/.cache/weir}"
FLINK_HOME="$CACHE/flink/$VERSION"
STATE="$CACHE/cluster/$VERSION"
CONF="$STATE/conf"
LOGS="$STATE/logs"
JM_PID="$STATE/jobmanager.pid"
TM_PID="$STATE/taskmanager.pid"
JM_CLASS=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_CLASS=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
START_TIMEOUT="${WEIR_CLUSTER_START_TIMEOUT:-120}"
STOP_TIMEOUT="${WEIR_CLUSTER_STOP_TIMEOUT:-30}"
SLOTS="${WEIR_CLUSTER_SLOTS:-4}"

# --- processes ------------------------------------------------------------------------------------------
# pid_of FILE CLASS: prints the pid when FILE names a live process running CLASS (not a reused pid).
pid_of() {
  local file="$1" cls="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -qF "$cls" || return 1
  echo "$pid"
}

rest_url() {
  local port
  port="$(sed -n 's/^rest\.port: *\([0-9][0-9]*\).*/\1/p' "$CONF/config.yaml" 2>/dev/null | tail -n1)"
  [[ -n "$port" ]] || return 1
  echo "http://127.0.0.1:$port"
}

http_get() { # URL -> body on stdout; fails when unreachable
  if command -v curl >/dev/null 2>&1; then
    curl -sf --noproxy '*' --max-time 5 "$1"
  else
    python3 - "$1" <<'EOF'
import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
sys.stdout.write(opener.open(sys.argv[1], timeout=5).read().decode())
EOF
  fi
}

# stop_pid FILE CLASS NAME: TERM, wait up to STOP_TIMEOUT, then KILL; removes FILE.
stop_pid() {
  local file="$1" cls="$2" name="$3" pid deadline
  if pid="$(pid_of "$file" "$cls")"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "flink-cluster: $name (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 10))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    fi
  fi
  rm -f "$file"
}

stop_all() {
  # the TaskManager first (as bin/stop-cluster.sh does), so it does not log a lost JobManager
  stop_pid "$TM_PID" "$TM_CLASS" taskmanager
  stop_pid "$JM_PID" "$JM_CLASS" jobmanager
}

lock() { # serialise start/stop of the same version (flock is Linux-only; skipped elsewhere)
  mkdir -p "$STATE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STATE/.lock"
    flock -w "$((START_TIMEOUT + 60))" 9 || die "another flink-cluster.sh holds $STATE/.lock"
  fi
}

# --- commands -------------------------------------------------------------------------------------------
cmd_status() {
  local jm tm url
  jm="$(pid_of "$JM_PID" "$JM_CLASS" || true)"
  tm="$(pid_of "$TM_PID" "$TM_CLASS" || true)"
  url="$(rest_url || true)"
  if [[ -n "$jm" && -n "$tm" && -n "$url" ]]; then
    echo "running $url"
    exit 0
  fi
  echo "stopped"
  [[ -z "$jm" && -z "$tm" ]] || echo "flink-cluster: partly running (jobmanager pid ${jm:-none}, taskmanager pid ${tm:-none}); run stop" >&2
  exit 3
}

cmd_stop() {
  [[ -d "$STATE" ]] || { echo "stopped"; exit 0; }
  lock
  stop_all
  echo "stopped"
}

find_java() {
  if [[ -n "${JAVA:-}" ]]; then
    local given="$JAVA"
    JAVA="$(command -v "$given" || true)"; [[ -n "$JAVA" ]] || die "java not found: JAVA=$given is not an executable"
  elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then JAVA="$(command -v java)"
  else die "java not found: install a JDK 17 (11 or newer) or set JAVA_HOME"
  fi
  local ver major
  ver="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)" || true
  [[ -n "$ver" ]] || die "$JAVA -version failed; is it a JDK/JRE?"
  major="${ver%%.*}"; [[ "$major" == 1 ]] && major="$(echo "$ver" | cut -d. -f2)"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 11 ]] || die "Java $ver at $JAVA is too old: Flink needs Java 11 or newer (17 recommended)"
  JAVA_MAJOR="$major"
}

free_ports() { # N free TCP ports on 127.0.0.1, one a line
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
EOF
  else
    local n=0 p
    while ((n < $1)); do
      p=$((20000 + RANDOM % 40000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; n=$((n + 1)); fi
    done
  fi
}

yaml_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# Flink's default env.java.opts.all (its config.yaml; needed on Java 17), as bin/config.sh uses it.
JAVA_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

write_conf() { # RPC_PORT REST_PORT
  mkdir -p "$CONF" "$LOGS" "$STATE/tmp"
  cat >"$CONF/config.yaml" <<EOF
# Written by scripts/flink-cluster.sh at $(date '+%Y-%m-%d %H:%M:%S') (rewritten at every start).
# Flink $VERSION standalone session cluster bound to 127.0.0.1 only.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $1
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1g
jobmanager.execution.failover-strategy: region
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $SLOTS
taskmanager.memory.process.size: 1536m
parallelism.default: 1
# the TaskManager starts together with the JobManager: retry its first registration after 1 s, not 10 s
cluster.registration.error-delay: 1000
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $2
io.tmp.dirs: $(yaml_quote "$STATE/tmp")
web.tmpdir: $(yaml_quote "$STATE/tmp")
env.java.opts.all: $JAVA_OPENS
EOF
  cat >"$CONF/log4j.properties" <<'EOF'
# Written by scripts/flink-cluster.sh: Flink's default file logging (log.file is set per process).
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.akka.name = akka
logger.akka.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = INFO
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = INFO
logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3
logger.shaded_zookeeper.level = INFO
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
logger.shaded_netty.name = org.apache.flink.shaded.netty4.io.netty.channel.DefaultChannelPipeline
logger.shaded_netty.level = OFF

appender.main.name = MainAppender
appender.main.type = RollingFile
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.filePattern = ${sys:log.file}.%i
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.main.policies.type = Policies
appender.main.policies.size.type = SizeBasedTriggeringPolicy
appender.main.policies.size.size = 100MB
appender.main.policies.startup.type = OnStartupTriggeringPolicy
appender.main.strategy.type = DefaultRolloverStrategy
appender.main.strategy.max = 5
EOF
}

rotate() { # keep 5 old copies of a .out file (the .log files roll over through log4j)
  local f="$1" i
  [[ -f "$f" ]] || return 0
  for i in 4 3 2 1; do [[ -f "$f.$i" ]] && mv -f "$f.$i" "$f.$((i + 1))"; done
  mv -f "$f" "$f.1"
}

# resource_params CMD OUT: BashJavaUtils' two result lines (JVM flags, then "-D key=value" dynamic configs)
resource_params() {
  local out
  if ! out="$("$JAVA" -cp "$FLINK_HOME/bin/bash-java-utils.jar:$FLINK_HOME/lib/*" \
        org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" 2>&1)"; then
    printf '%s\n' "$out" >"$LOGS/bash-java-utils.log"
    die "BashJavaUtils $1 failed (see $LOGS/bash-java-utils.log)"
  fi
  printf '%s\n' "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' >"$2"
  [[ "$(wc -l <"$2")" -eq 2 ]] || { printf '%s\n' "$out" >"$LOGS/bash-java-utils.log"; die "unexpected BashJavaUtils $1 output (see $LOGS/bash-java-utils.log)"; }
}

# launch NAME CLASS JVM_FLAGS DYNAMIC_CONFIGS: starts a detached JVM, writes STATE/NAME.pid
launch() {
  local name="$1" cls="$2" jvm_flags="$3" dyn="$4" cp="" jar dist="" pid
  for jar in "$FLINK_HOME"/lib/*.jar; do   # lib/*.jar in order, flink-dist last (bin/config.sh)
    case "$(basename "$jar")" in flink-dist*) dist="$jar" ;; *) cp="${cp:+$cp:}$jar" ;; esac
  done
  cp="$cp:$dist"
  local opts="-XX:+IgnoreUnrecognizedVMOptions $JAVA_OPENS"
  ((JAVA_MAJOR > 17)) && opts="$opts -Djava.security.manager=allow"
  rotate "$LOGS/$name.out"
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)   # own session: no signals from the caller's terminal
  # the environment bin/config.sh exports; started from STATE so relative paths stay out of the caller's cwd
  # shellcheck disable=SC2086  # flag strings are word-split on purpose, as bin/flink-daemon.sh does
  (cd "$STATE" && FLINK_HOME="$FLINK_HOME" FLINK_CONF_DIR="$CONF" FLINK_LOG_DIR="$LOGS" FLINK_BIN_DIR="$FLINK_HOME/bin" \
    FLINK_LIB_DIR="$FLINK_HOME/lib" FLINK_OPT_DIR="$FLINK_HOME/opt" FLINK_PLUGINS_DIR="$FLINK_HOME/plugins" \
    exec ${detach[@]+"${detach[@]}"} "$JAVA" $jvm_flags $opts \
    "-Dlog.file=$LOGS/$name.log" \
    "-Dlog4j.configuration=file:$CONF/log4j.properties" "-Dlog4j.configurationFile=file:$CONF/log4j.properties" \
    -classpath "$cp" "$cls" $dyn --configDir "$CONF" \
    >"$LOGS/$name.out" 2>&1 </dev/null 9>&-) &
  pid=$!
  echo "$pid" >"$STATE/$name.pid"
}

fail_start() {
  local f
  echo "flink-cluster: error: $*" >&2
  for f in jobmanager taskmanager; do
    if [[ -s "$LOGS/$f.out" ]]; then echo "--- $LOGS/$f.out (tail)" >&2; tail -n 20 "$LOGS/$f.out" >&2; fi
    if [[ -f "$LOGS/$f.log" ]]; then echo "--- $LOGS/$f.log (errors)" >&2; grep -E ' (ERROR|WARN) ' "$LOGS/$f.log" | tail -n 10 >&2 || true; fi
  done
  stop_all
  exit 1
}

cmd_start() {
  [[ -f "$FLINK_HOME/.complete" ]] && compgen -G "$FLINK_HOME/lib/flink-dist*.jar" >/dev/null \
    || die "Flink $VERSION jars not found in $FLINK_HOME; run: scripts/flink-jars.sh $VERSION"
  [[ -f "$FLINK_HOME/bin/bash-java-utils.jar" ]] || die "$FLINK_HOME/bin/bash-java-utils.jar is missing; run: rm -rf $FLINK_HOME && scripts/flink-jars.sh $VERSION"
  find_java
  lock
  local jm tm url
  jm="$(pid_of "$JM_PID" "$JM_CLASS" || true)"
  tm="$(pid_of "$TM_PID" "$TM_CLASS" || true)"
  if [[ -n "$jm" && -n "$tm" ]] && url="$(rest_url)" && http_get "$url/overview" >/dev/null; then
    echo "flink-cluster: Flink $VERSION already running (jobmanager pid $jm, taskmanager pid $tm)" >&2
    echo "$url"
    exit 0
  fi
  if [[ -n "$jm" || -n "$tm" ]]; then
    echo "flink-cluster: restarting a partly running cluster (jobmanager pid ${jm:-none}, taskmanager pid ${tm:-none})" >&2
    stop_all
  fi
  rm -f "$JM_PID" "$TM_PID"


  local t0=$SECONDS ports rpc_port rest_port
  ports="$(free_ports 2)"
  rpc_port="$(sed -n 1p <<<"$ports")"; rest_port="$(sed -n 2p <<<"$ports")"
  rm -rf "$STATE/tmp"
  write_conf "$rpc_port" "$rest_port"
  url="http://127.0.0.1:$rest_port"

  # both BashJavaUtils calls at once (about 1 s of JVM start each)
  resource_params GET_JM_RESOURCE_PARAMS "$STATE/.jm-params" &
  local jp=$!
  resource_params GET_TM_RESOURCE_PARAMS "$STATE/.tm-params"
  wait "$jp" || exit 1
  launch jobmanager "$JM_CLASS" "$(sed -n 1p "$STATE/.jm-params")" "$(sed -n 2p "$STATE/.jm-params")"
  launch taskmanager "$TM_CLASS" "$(sed -n 1p "$STATE/.tm-params")" "$(sed -n 2p "$STATE/.tm-params")"
  rm -f "$STATE/.jm-params" "$STATE/.tm-params"
  echo "flink-cluster: starting Flink $VERSION (jobmanager pid $(cat "$JM_PID"), taskmanager pid $(cat "$TM_PID")); logs in $LOGS" >&2

  # wait until the JobManager's REST API lists a registered TaskManager
  trap 'fail_start "interrupted"' INT TERM
  local deadline=$((SECONDS + START_TIMEOUT)) body
  while :; do
    pid_of "$JM_PID" "$JM_CLASS" >/dev/null || fail_start "the JobManager exited during start"
    pid_of "$TM_PID" "$TM_CLASS" >/dev/null || fail_start "the TaskManager exited during start"
    if body="$(http_get "$url/taskmanagers" 2>/dev/null)" && [[ "$body" == *'"id"'* ]]; then break; fi
    ((SECONDS < deadline)) || fail_start "no TaskManager registered at $url within ${START_TIMEOUT}s"
    sleep 0.2
  done
  echo "flink-cluster: Flink $VERSION ready in $((SECONDS - t0))s: $SLOTS slots, REST $url" >&2
  echo "$url"
}

case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
esac
