#!/usr/bin/env bash
# Install into .venv and start the self-contained demo gateway.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install.sh"
exec "$ROOT/.venv/bin/ispyb-gateway" demo "$@"
