#!/usr/bin/env bash
# The test command: creates the virtual environment, installs the project,
# brings up MariaDB, FerretDB (MongoDB protocol) and Redis when absent, and
# runs pytest against them. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/install.sh" test

if [ "${GATEWAY_TEST_DOCKER:-0}" != 1 ]; then
  eval "$("$ROOT/scripts/services.sh")"
fi
echo "[test] MySQL: ${GATEWAY_TEST_MYSQL_URL:-testcontainers}"
echo "[test] Mongo: ${GATEWAY_TEST_MONGO_URL:-testcontainers}"
echo "[test] Redis: ${GATEWAY_TEST_REDIS_URL:-none}"

exec "$ROOT/.venv/bin/python" -m pytest "$@"
