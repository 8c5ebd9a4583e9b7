"""Which engine runs, where the store is, and what happens to missing months."""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest

from wangge.analytics.run import monthly_figures
from wangge.engines import bind_store, default_store, get_engine
from wangge.engines.duckdb import DuckDBEngine


def test_duckdb_is_the_default(monkeypatch):
    monkeypatch.delenv("WANGGE_ENGINE", raising=False)
    assert get_engine().name == "duckdb"
    monkeypatch.setenv("WANGGE_ENGINE", "DuckDB")
    assert get_engine().name == "duckdb"


def test_unknown_engine_is_refused(monkeypatch):
    monkeypatch.setenv("WANGGE_ENGINE", "oracle")
    with pytest.raises(ValueError, match="duckdb, spark"):
        get_engine()


def test_default_engine_does_not_import_spark():
    import subprocess

    code = (
        "import sys; from wangge.engines import get_engine; import wangge.analytics.run;"
        "get_engine('duckdb'); print(any(m.startswith('pyspark') for m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


def test_store_defaults_under_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("WANGGE_DATA_DIR", str(tmp_path))
    assert default_store() == tmp_path / "store"
    monkeypatch.delenv("WANGGE_DATA_DIR")
    assert str(default_store()) == "var/store"


def test_memory_limit_is_checked():
    DuckDBEngine(memory_limit="512MB", threads=1).close()
    with pytest.raises(ValueError):
        DuckDBEngine(memory_limit="512; DROP")


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no analytics store"):
        monthly_figures(tmp_path, date(2026, 10, 1), "duckdb")


def test_months_before_the_history_bind_empty(demo_store, duck_engine):
    # the first month on file: no opening month, no last year; components are 0, rates null
    first = date(2025, 10, 1)
    tables, rows = bind_store(duck_engine, demo_store, [date(2024, 10, 1)], [date(2024, 10, 1)])
    assert rows["subscription_month"] == 0
    assert duck_engine.to_arrow(tables["subscription_month"]).num_rows == 0
    f = monthly_figures(demo_store, first, duck_engine)
    grid = f["grid"].to_pylist()
    assert all(g["billed_base_cents"] == 0 and g["revenue_growth"] is None for g in grid)
    assert all(g["subscribers_open"] == 0 for g in grid)
