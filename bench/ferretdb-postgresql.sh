#!/usr/bin/env bash
# A MongoDB wire-protocol server for the benchmarks at 100,000 jobs: FerretDB 1.24 on
# its PostgreSQL backend, which pushes an equality filter down to SQL where the SQLite
# backend (the tests' server, scripts/services.sh) reads every document.
#
# A private PostgreSQL cluster (Debian's postgresql package; installed when missing,
# as root) and the launcher scripts/services.sh builds, both under $STATE. Prints the
# URL as a shell export for the benchmarks:
#   eval "$(bench/ferretdb-postgresql.sh)"   # then: python -m bench.claims ...
#   bench/ferretdb-postgresql.sh stop
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${GATEWAY_BENCH_STATE:-$ROOT/.services/ferretdb-postgresql}"
PG_PORT="${GATEWAY_BENCH_PG_PORT:-5433}"
MONGO_PORT="${GATEWAY_BENCH_MONGO_PORT:-27217}"
log() { echo "[ferretdb-postgresql] $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$dir" ]; then
    [ "$(id -u)" = 0 ] || { log "need root to install postgresql"; exit 1; }
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$dir"
}

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  pkill -f "ferretdb-launcher -listen 127.0.0.1:$MONGO_PORT" || true
  [ -d "$STATE/pgdata" ] && as_owner "$(pg_bin)/pg_ctl" -D "$STATE/pgdata" -m fast stop >&2 || true
  exit 0
fi

BIN=$(pg_bin)
mkdir -p "$STATE/sock"
[ "$(id -u)" = 0 ] && chown -R postgres "$STATE"
if [ ! -f "$STATE/pgdata/PG_VERSION" ]; then
  log "creating a PostgreSQL cluster in $STATE/pgdata"
  as_owner "$BIN/initdb" -D "$STATE/pgdata" -U postgres --auth=trust >"$STATE/initdb.log"
fi
if ! port_open "$PG_PORT"; then
  # A benchmark's store, not a bank's: no waiting for the disk at each commit.
  as_owner "$BIN/pg_ctl" -D "$STATE/pgdata" -l "$STATE/postgresql.log" -w start -o \
    "-p $PG_PORT -k $STATE/sock -c listen_addresses=127.0.0.1 -c synchronous_commit=off" >&2
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ferretdb 2>/dev/null || true
fi

if ! port_open "$MONGO_PORT"; then
  launcher=$(eval "$("$ROOT/scripts/services.sh" 2>/dev/null)"; echo "${GATEWAY_TEST_FERRETDB_LAUNCHER:-}")
  [ -x "$launcher" ] || { log "no FerretDB launcher (scripts/services.sh builds it)"; exit 1; }
  log "starting FerretDB on PostgreSQL, port $MONGO_PORT"
  nohup "$launcher" -listen "127.0.0.1:$MONGO_PORT" \
    -postgresql-url "postgres://postgres@127.0.0.1:$PG_PORT/ferretdb" >"$STATE/ferretdb.log" 2>&1 &
  for _ in $(seq 60); do port_open "$MONGO_PORT" && break; sleep 0.5; done
  port_open "$MONGO_PORT" || { log "FerretDB did not start: $STATE/ferretdb.log"; exit 1; }
fi
echo "export GATEWAY_TEST_MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT/"
