#!/usr/bin/env bash
# Create .venv and install the project into it (editable). `install.sh test`
# adds the test extras. Re-running is cheap: pip skips what is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "[install] creating .venv with $($PY --version)" >&2
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >&2
fi
extras=""
[ "${1:-}" = test ] && extras="[test]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "[install] installing ispyb-gateway$extras" >&2
  .venv/bin/python -m pip install -q -e ".$extras" >&2
  touch "$stamp"
fi
