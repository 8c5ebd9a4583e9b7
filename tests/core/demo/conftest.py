"""Shared small demo stores, generated once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wangge.core.demo import DemoSummary, generate

END = date(2026, 6, 1)


def read_store(path: Path) -> pa.Table:
    """One Parquet file, or every part under a directory, as one table."""
    if path.is_dir():
        return pa.concat_tables(pq.read_table(p) for p in sorted(path.rglob("*.parquet")))
    return pq.read_table(path)


@pytest.fixture(scope="session")
def read():
    return read_store


@pytest.fixture(scope="session")
def end_month() -> date:
    return END


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return generate(tmp_path_factory.mktemp("small"), scale=0.05, months=6, end_month=END)


@pytest.fixture(scope="session")
def medium(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """Large enough for churn and fake-add statistics to be clear of noise."""
    return generate(tmp_path_factory.mktemp("medium"), scale=0.2, months=12, end_month=END)
