#!/usr/bin/env bash
# Real database servers for weir-db's tests: MariaDB and PostgreSQL from Debian packages, bound to
# 127.0.0.1 on free ports, data in a temp dir, loaded from tests/fixtures/db/{mysql,postgres}.sql.
#
#   scripts/db-servers.sh start   install (apt) if missing, start (or restart what died), load schemas
#   scripts/db-servers.sh env     print `export …` lines for the tests (source them: eval "$(… env)")
#   scripts/db-servers.sh stop    stop every server started here, by PID
#
# Six instances: `mysql` and `pg` hold the fixtures; `mysql_victim` and `pg_victim` are empty and
# exist to be killed by the "server gone mid-query" tests; `mysql_tls` and `pg_tls` are empty and
# offer TLS with a certificate for `localhost` signed by a test CA made here (`$dir/tls/ca.pem`),
# for the TLS mode tests (a certificate that does not verify, a name that does not match). A random password for user `weir` is
# made per data dir and kept in the state file (mode 600) next to the PIDs and ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${WEIR_DB_DIR:-/tmp/weir-db-servers}
state="$dir/state.env"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

log() { echo "db-servers: $*" >&2; }

install() {
  local missing=()
  command -v mariadbd >/dev/null || missing+=(mariadb-server mariadb-client)
  [ -n "$pgbin" ] && [ -x "$pgbin/postgres" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # policy-rc.d in containers keeps the packages' own services from starting; ours are separate.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Reads KEY from the state file.
get() { [ -f "$state" ] && sed -n "s/^$1=//p" "$state" | tail -1 || true; }

put() {
  touch "$state"; chmod 600 "$state"
  grep -v "^$1=" "$state" > "$state.tmp" || true
  echo "$1=$2" >> "$state.tmp"
  mv "$state.tmp" "$state"
}

wait_for() { # what, deadline seconds, command…
  local what=$1 secs=$2; shift 2
  local end=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$end" ]; then log "$what did not come up within ${secs}s"; return 1; fi
    sleep 0.2
  done
}

password() {
  local pw; pw=$(get PASSWORD)
  if [ -z "$pw" ]; then
    pw="wt-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
    put PASSWORD "$pw"
  fi
  echo "$pw"
}

# A test CA and a server certificate for DNS:localhost (not for 127.0.0.1), made once.
make_certs() {
  local t="$dir/tls"
  if [ -f "$t/server.pem" ]; then return; fi
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=weir test CA" \
    -keyout "$t/ca.key" -out "$t/ca.pem" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$t/server.key" -out "$t/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > "$t/ext.cnf"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial -days 3650 \
    -extfile "$t/ext.cnf" -out "$t/server.pem" >/dev/null 2>&1
  chmod 644 "$t/ca.pem" "$t/server.pem"; chmod 600 "$t/server.key" "$t/ca.key"
}

start_mysql() { # name, fixture (or empty), extra server options…
  local name=$1 fixture=$2 data="$dir/$1" pid port
  shift 2
  pid=$(get "${name^^}_PID")
  if alive "$pid"; then log "$name already runs (pid $pid)"; return; fi
  port=$(free_port)
  if [ ! -d "$data/mysql" ]; then
    rm -rf "$data"; mkdir -p "$data"
    mariadb-install-db --no-defaults --user=root --datadir="$data" --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/$name-install.log" 2>&1
  fi
  mariadbd --no-defaults --user=root --datadir="$data" --bind-address=127.0.0.1 --port="$port" \
    --socket="$data.sock" --pid-file="$data.pid" --skip-name-resolve --log-error="$dir/$name.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --innodb-buffer-pool-size=64M \
    "$@" >/dev/null 2>&1 &
  wait_for "$name" 60 mariadb-admin --no-defaults --socket="$data.sock" -uroot ping
  pid=$(cat "$data.pid")
  put "${name^^}_PID" "$pid"; put "${name^^}_PORT" "$port"
  if [ ! -f "$data.ready" ]; then
    local pw; pw=$(password)
    mariadb --no-defaults --socket="$data.sock" -uroot <<SQL
DROP DATABASE IF EXISTS weir_test;
DROP USER IF EXISTS 'weir'@'127.0.0.1', 'weir'@'localhost';
CREATE USER 'weir'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER 'weir'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'weir'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'weir'@'localhost';
SQL
    if [ -n "$fixture" ]; then
      mariadb --no-defaults --socket="$data.sock" -uroot --default-character-set=utf8mb4 < "$fixture"
    fi
    touch "$data.ready"
  fi
  log "$name: MariaDB on 127.0.0.1:$port (pid $pid)"
}

start_pg() { # name, fixture (or empty), extra -c settings (default: ssl=off)
  local name=$1 fixture=$2 data="$dir/$1/data" sock="$dir/$1" pid port
  local extra=${3:-"-c ssl=off"}
  pid=$(get "${name^^}_PID")
  if alive "$pid"; then log "$name already runs (pid $pid)"; return; fi
  port=$(free_port)
  # PostgreSQL refuses to run as root: everything of it belongs to the postgres user.
  chmod 755 "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$sock"; mkdir -p "$sock"; chown postgres:postgres "$sock"
    runuser -u postgres -- "$pgbin/initdb" -D "$data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/$name-install.log" 2>&1
  fi
  rm -f "$data/postmaster.pid"
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$data" -l "$sock/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock $extra -c shared_buffers=32MB" >/dev/null
  pid=$(head -1 "$data/postmaster.pid")
  put "${name^^}_PID" "$pid"; put "${name^^}_PORT" "$port"
  if [ ! -f "$dir/$name.ready" ]; then
    local pw; pw=$(password)
    runuser -u postgres -- "$pgbin/psql" -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS weir_test;
DROP ROLE IF EXISTS weir;
CREATE ROLE weir LOGIN SUPERUSER PASSWORD '$pw';
CREATE DATABASE weir_test OWNER weir;
SQL
    if [ -n "$fixture" ]; then
      runuser -u postgres -- "$pgbin/psql" -q -h "$sock" -p "$port" -U weir -d weir_test -v ON_ERROR_STOP=1 \
        -f - < "$fixture"
    fi
    touch "$dir/$name.ready"
  fi
  log "$name: PostgreSQL on 127.0.0.1:$port (pid $pid)"
}

stop_pid() { # name
  local name=$1 pid; pid=$(get "${name^^}_PID")
  if alive "$pid"; then
    kill -TERM "$pid"
    local end=$(( $(date +%s) + 30 ))
    while alive "$pid" && [ "$(date +%s)" -lt "$end" ]; do sleep 0.2; done
    alive "$pid" && kill -KILL "$pid"
    log "$name stopped (pid $pid)"
  fi
}

case "${1:-}" in
  start)
    install
    mkdir -p "$dir"
    start_mysql mysql "$root/tests/fixtures/db/mysql.sql"
    start_mysql mysql_victim ""
    start_pg pg "$root/tests/fixtures/db/postgres.sql"
    start_pg pg_victim ""
    make_certs
    start_mysql mysql_tls "" --ssl-ca="$dir/tls/ca.pem" --ssl-cert="$dir/tls/server.pem" --ssl-key="$dir/tls/server.key"
    # PostgreSQL wants its key owned by its user: a copy in the instance's folder.
    local_certs="$dir/pg_tls-certs"
    mkdir -p "$local_certs"; chown postgres:postgres "$local_certs"
    cp "$dir/tls/server.key" "$dir/tls/server.pem" "$local_certs/"
    chown postgres:postgres "$local_certs"/server.*; chmod 600 "$local_certs/server.key"
    start_pg pg_tls "" "-c ssl=on -c ssl_cert_file=$local_certs/server.pem -c ssl_key_file=$local_certs/server.key"
    ;;
  stop)
    for n in mysql mysql_victim pg pg_victim mysql_tls pg_tls; do stop_pid "$n"; done
    ;;
  env)
    [ -f "$state" ] || { log "not started (no $state); run: $0 start"; exit 1; }
    cat <<EOF
export WEIR_TEST_DB_PASSWORD='$(get PASSWORD)'
export WEIR_TEST_MYSQL_URL='jdbc:mysql://127.0.0.1:$(get MYSQL_PORT)/weir_test?user=weir'
export WEIR_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$(get PG_PORT)/weir_test?user=weir'
export WEIR_TEST_MYSQL_VICTIM_URL='jdbc:mysql://127.0.0.1:$(get MYSQL_VICTIM_PORT)/mysql?user=weir'
export WEIR_TEST_MYSQL_VICTIM_PID='$(get MYSQL_VICTIM_PID)'
export WEIR_TEST_PG_VICTIM_URL='jdbc:postgresql://127.0.0.1:$(get PG_VICTIM_PORT)/postgres?user=weir'
export WEIR_TEST_PG_VICTIM_PID='$(get PG_VICTIM_PID)'
export WEIR_TEST_MYSQL_TLS_URL='jdbc:mysql://127.0.0.1:$(get MYSQL_TLS_PORT)/mysql?user=weir'
export WEIR_TEST_PG_TLS_URL='jdbc:postgresql://127.0.0.1:$(get PG_TLS_PORT)/postgres?user=weir'
export WEIR_TEST_TLS_CA='$dir/tls/ca.pem'
EOF
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
