#!/usr/bin/env bash
# Bring up the backing services the test suite talks to, when they are not
# already reachable: MariaDB, a MongoDB wire-protocol server (FerretDB v1 on
# SQLite, built from its Go module) and Redis. Prints the URLs as shell exports.
#
# Service URLs given in the environment always win:
#   GATEWAY_TEST_MYSQL_URL, GATEWAY_TEST_MONGO_URL, GATEWAY_TEST_REDIS_URL
# On a machine with a Docker engine and none of these set, the pytest fixtures
# start MySQL 8 and MongoDB 7 with testcontainers instead (GATEWAY_TEST_DOCKER=1).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${GATEWAY_TEST_STATE:-$ROOT/.services}"
mkdir -p "$STATE"
log() { echo "[services] $*" >&2; }

MYSQL_PORT="${GATEWAY_TEST_MYSQL_PORT:-3306}"
MONGO_PORT="${GATEWAY_TEST_MONGO_PORT:-27017}"
REDIS_PORT="${GATEWAY_TEST_REDIS_PORT:-6379}"
DB_USER=gateway
DB_PASS=gateway

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port=$1 name=$2 tries=${3:-120}
  for _ in $(seq "$tries"); do port_open "$port" && return 0; sleep 0.5; done
  log "$name did not open port $port"; return 1
}

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "need root to install $*"; return 1; fi
  if [ $apt_updated = 0 ]; then apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# --- MariaDB ---------------------------------------------------------------
start_mariadb() {
  if port_open "$MYSQL_PORT"; then
    log "MariaDB/MySQL already listening on $MYSQL_PORT"
  else
    command -v mariadbd >/dev/null || apt_install mariadb-server
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    if [ ! -d /var/lib/mysql/mysql ]; then
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >&2
    fi
    log "starting mariadbd"
    # Its own temporary directory: in the shared /tmp its implicit temporary tables were
    # now and then gone before it deleted them ("Error on delete of '/tmp/#sql-temptable").
    mkdir -p "$STATE/mariadb-tmp" && chown mysql:mysql "$STATE/mariadb-tmp" 2>/dev/null || true
    # Debian's MariaDB refuses to run as root unless told which user to be.
    nohup mariadbd --user=mysql --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
      --innodb-buffer-pool-size=512M --max-connections=500 --tmpdir="$STATE/mariadb-tmp" \
      >"$STATE/mariadb.log" 2>&1 &
    wait_port "$MYSQL_PORT" MariaDB
    for _ in $(seq 60); do mariadb -e 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  # tests/sql/test_offline_script.py applies the reviewed SQL with the command-line client.
  command -v mariadb >/dev/null || apt_install mariadb-client || log "no mariadb client"
  # Debian lets root in only over the Unix socket: make a TCP user for tests.
  if command -v mariadb >/dev/null && mariadb -e 'select 1' >/dev/null 2>&1; then
    mariadb <<SQL
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  fi
  echo "export GATEWAY_TEST_MYSQL_URL=mysql+asyncmy://$DB_USER:$DB_PASS@127.0.0.1:$MYSQL_PORT/"
}

# --- MongoDB wire protocol (FerretDB) --------------------------------------
ferretdb_binary() {
  local bin="$STATE/bin/ferretdb-launcher"
  local src="$ROOT/tools/ferretdb"
  local stamp; stamp=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)
  if [ -x "$bin" ] && [ "$(cat "$bin.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$bin"; return
  fi
  command -v go >/dev/null || { log "Go toolchain missing: cannot build FerretDB"; return 1; }
  log "building the FerretDB launcher (first run only; cached in $STATE/bin)"
  mkdir -p "$STATE/bin"
  (cd "$src" && go build -trimpath -o "$bin" .) >&2
  echo "$stamp" >"$bin.stamp"
  echo "$bin"
}

start_mongo() {
  # Built even when a server already listens: the fault tests start private ones with it.
  local bin; bin=$(ferretdb_binary) || bin=""
  [ -n "$bin" ] && echo "export GATEWAY_TEST_FERRETDB_LAUNCHER=$bin"
  if port_open "$MONGO_PORT"; then
    log "MongoDB protocol already listening on $MONGO_PORT"
  else
    [ -n "$bin" ] || exit 1
    log "starting FerretDB on $MONGO_PORT"
    nohup "$bin" -listen "127.0.0.1:$MONGO_PORT" -data "$STATE/ferretdb" \
      >"$STATE/ferretdb.log" 2>&1 &
    wait_port "$MONGO_PORT" FerretDB
  fi
  echo "export GATEWAY_TEST_MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/"
}

# --- Redis -----------------------------------------------------------------
start_redis() {
  if port_open "$REDIS_PORT"; then
    log "Redis already listening on $REDIS_PORT"
  else
    command -v redis-server >/dev/null || apt_install redis-server
    log "starting redis-server on $REDIS_PORT"
    nohup redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
      >"$STATE/redis.log" 2>&1 &
    wait_port "$REDIS_PORT" Redis
  fi
  echo "export GATEWAY_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

# --- Keycloak (OpenID provider of the tests in tests/keycloak) -------------
# The pinned distribution, fetched from Maven Central by Maven (strict
# checksums) into $STATE/m2, checked against the SHA-512 Maven Central publishes
# for it, and unpacked once into $STATE. The tests start it themselves, once
# per run, and only when Keycloak tests are selected (tests/keycloak/conftest.py).
KEYCLOAK_VERSION=26.5.6
KEYCLOAK_SHA512=c99ce49dc0a8072dae359471bf510fe8594b906297ffd3a9cfdd70226af321557269b7794f1a913495715db63c4fe29004c551e69952beefa7d8f9b2de0e86c5
keycloak_dist() {
  local home="$STATE/keycloak-$KEYCLOAK_VERSION"
  if [ ! -x "$home/bin/kc.sh" ]; then
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    command -v mvn >/dev/null || apt_install maven
    command -v unzip >/dev/null || apt_install unzip
    local zip="$STATE/m2/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
    if [ ! -f "$zip" ]; then
      log "downloading Keycloak $KEYCLOAK_VERSION (first run only; cached in $STATE)"
      mvn -q -B -C -Dstyle.color=never -Dmaven.repo.local="$STATE/m2" dependency:get -Dtransitive=false \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" >&2
    fi
    echo "$KEYCLOAK_SHA512  $zip" | sha512sum --check --status \
      || { log "Keycloak zip: SHA-512 mismatch, refusing it"; rm -f "$zip"; return 1; }
    rm -rf "$home.part" && mkdir -p "$home.part"
    unzip -q "$zip" -d "$home.part"
    mv "$home.part/keycloak-$KEYCLOAK_VERSION" "$home" && rm -rf "$home.part"
  fi
  echo "export GATEWAY_TEST_KEYCLOAK_HOME=$home"
}

# --- Chromium (browser tests, tests/browser) ---------------------------------
# Debian's package, driven by Playwright for Python; Playwright's own browser download
# is never used. GATEWAY_TEST_CHROMIUM points the tests at another binary.
ensure_chromium() {
  if [ -n "${GATEWAY_TEST_CHROMIUM:-}" ] || command -v chromium >/dev/null; then return; fi
  log "installing Debian's chromium for the browser tests"
  apt_install chromium || log "chromium missing: the browser tests will fail"
}
ensure_chromium

# --- wrk (bench.load --client wrk) --------------------------------------------
# Debian's HTTP load generator, in C: drives the gateways without taking their cores.
ensure_wrk() {
  command -v wrk >/dev/null || apt_install wrk || log "wrk missing: bench.load --client wrk will refuse"
}
ensure_wrk

[ -n "${GATEWAY_TEST_MYSQL_URL:-}" ] && echo "export GATEWAY_TEST_MYSQL_URL=$GATEWAY_TEST_MYSQL_URL" || start_mariadb
[ -n "${GATEWAY_TEST_MONGO_URL:-}" ] && echo "export GATEWAY_TEST_MONGO_URL=$GATEWAY_TEST_MONGO_URL" || start_mongo
[ -n "${GATEWAY_TEST_REDIS_URL:-}" ] && echo "export GATEWAY_TEST_REDIS_URL=$GATEWAY_TEST_REDIS_URL" || start_redis
[ -n "${GATEWAY_TEST_KEYCLOAK_HOME:-}" ] && echo "export GATEWAY_TEST_KEYCLOAK_HOME=$GATEWAY_TEST_KEYCLOAK_HOME" || keycloak_dist
