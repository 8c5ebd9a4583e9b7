#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build the demo city into an embedded
# SQLite database and start the server. Extra arguments go to `wangge demo`
# (e.g. --scale 10, --addr 0.0.0.0:8000, --no-serve; `wangge demo --help` lists them all).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export WANGGE_DATA_DIR=${WANGGE_DATA_DIR:-$PWD/var}
export WANGGE_DEBUG=${WANGGE_DEBUG:-1}
exec .venv/bin/wangge demo "$@"
