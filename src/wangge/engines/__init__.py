"""Engines run the portable expressions of ``wangge.core.rates`` on real files.

An engine binds the analytics store's table names to exactly the Parquet files a
run needs, executes Ibis expressions and hands back Arrow tables. DuckDB is the
default (in-process, no Java); Spark is an optional extra for stores beyond one
machine, imported only when asked for so the default install never needs it.

Selection, in order: the ``engine`` argument, then ``WANGGE_ENGINE``
(``duckdb`` or ``spark``); Spark's master comes from ``WANGGE_SPARK_MASTER``
(default ``local[*]``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

ENGINES = ("duckdb", "spark")


class Engine(Protocol):
    """What the analytics layer needs from an engine, and nothing more."""

    name: str

    def bind(self, name: str, files: list[Path], arrow_schema: pa.Schema) -> ir.Table:
        """Register ``files`` (possibly none: an empty table) under ``name``."""
        ...

    def memtable(self, table: pa.Table, name: str) -> ir.Table:
        """Register an Arrow table computed earlier, to build the next stage on it."""
        ...

    def to_arrow(self, expr: ir.Table) -> pa.Table: ...

    def close(self) -> None: ...


def get_engine(
    name: str | None = None,
    *,
    master: str | None = None,
    memory_limit: str | None = None,
    threads: int | None = None,
) -> Engine:
    """The engine named by the argument or ``WANGGE_ENGINE`` (default duckdb)."""
    name = (name or os.environ.get("WANGGE_ENGINE") or "duckdb").strip().lower()
    if name == "duckdb":
        from wangge.engines.duckdb import DuckDBEngine

        return DuckDBEngine(memory_limit=memory_limit, threads=threads)
    if name == "spark":
        try:
            from wangge.engines.spark import SparkEngine
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "the Spark engine needs the optional extra: pip install 'wangge[spark]'"
            ) from exc
        return SparkEngine(master=master or os.environ.get("WANGGE_SPARK_MASTER") or "local[*]")
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


# --- the store on disk (layout defined in wangge.core.schema) -----------------


def default_store() -> Path:
    """``$WANGGE_DATA_DIR/store``, the data directory defaulting to ``./var`` (as in settings)."""
    return Path(os.environ.get("WANGGE_DATA_DIR", "./var")) / "store"


def month_files(store: Path, month: date) -> list[Path]:
    d = Path(store) / "facts" / "subscription_month" / f"{month:%Y-%m}"
    return sorted(d.glob("*.parquet")) if d.is_dir() else []


def marketing_files(store: Path, months: Iterable[date]) -> list[Path]:
    files = [Path(store) / "facts" / "marketing_input" / f"{m:%Y-%m}.parquet" for m in months]
    return [f for f in files if f.exists()]


def dim_file(store: Path, name: str) -> list[Path]:
    f = Path(store) / "dims" / f"{name}.parquet"
    return [f] if f.exists() else []


def count_rows(files: Iterable[Path]) -> int:
    """Rows in Parquet files from their footers (no data read)."""
    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


DIMS_USED = ("unit", "unit_link", "person", "person_unit", "customer", "customer_grid")


def bind_store(
    engine: Engine, store: Path, fact_months: Iterable[date], input_months: Iterable[date]
) -> tuple[dict[str, ir.Table], dict[str, int]]:
    """Bind every table name the rates use; returns the tables and rows per table.

    A month with no directory binds nothing (e.g. last year before the history
    starts): its components are simply zero, and the rates say why they are empty.
    """
    store = Path(store)
    if not (store / "dims").is_dir():
        raise FileNotFoundError(f"no analytics store at {store} (expected {store}/dims/)")
    fact_months = sorted(set(fact_months))
    plan: dict[str, tuple[list[Path], pa.Schema]] = {
        "subscription_month": (
            [f for m in fact_months for f in month_files(store, m)],
            schema.SUBSCRIPTION_MONTH,
        ),
        "marketing_input": (marketing_files(store, input_months), schema.MARKETING_INPUT),
    }
    for name in DIMS_USED:
        plan[name] = (dim_file(store, name), schema.DIMS[name])
    tables = {name: engine.bind(name, files, s) for name, (files, s) in plan.items()}
    rows = {name: count_rows(files) for name, (files, _) in plan.items()}
    return tables, rows


__all__ = [
    "ENGINES",
    "Engine",
    "bind_store",
    "count_rows",
    "default_store",
    "get_engine",
    "month_files",
]
