#!/usr/bin/env bash
# Command 2 of the README: install what is missing and run the whole suite (lint, unit,
# Spark, browser). On SQLite by default; set WANGGE_DATABASE_URL=postgres://... for PostgreSQL.
# Extra arguments go to pytest (e.g. -m "not slow" for a quick run, or a path).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export WANGGE_DATA_DIR=${WANGGE_DATA_DIR:-$(mktemp -d /tmp/wangge-test.XXXXXX)}
export WANGGE_TASKS=${WANGGE_TASKS:-immediate}
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
exec .venv/bin/python -m pytest "$@"
