"""DuckDB: the default engine, in-process, out-of-core when given a memory limit."""

from __future__ import annotations

import re
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa


class DuckDBEngine:
    """Binds names to ``read_parquet`` views; DuckDB pushes column and month filters
    into the scan, so a run reads only the columns and row groups it uses."""

    name = "duckdb"

    def __init__(self, *, memory_limit: str | None = None, threads: int | None = None) -> None:
        self.con = ibis.duckdb.connect()
        self._keep: dict[str, pa.Table] = {}
        raw = self.con.con
        raw.execute("SET preserve_insertion_order = false")
        if memory_limit:
            if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit, re.IGNORECASE):
                raise ValueError(f"memory limit like '4GB', not {memory_limit!r}")
            raw.execute(f"SET memory_limit = '{memory_limit}'")
        if threads:
            raw.execute(f"SET threads = {int(threads)}")

    def bind(self, name: str, files: list[Path], arrow_schema: pa.Schema) -> ir.Table:
        if not files:
            return self.memtable(arrow_schema.empty_table(), name)
        return self.con.read_parquet([str(f) for f in files], table_name=name)

    def memtable(self, table: pa.Table, name: str) -> ir.Table:
        # registered as an Arrow view: zero copy, and the table lives as long as the run
        self._keep[name] = table
        self.con.con.register(name, table)
        return self.con.table(name)

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.con.to_pyarrow(expr)

    def sql(self, expr: ir.Expr) -> str:
        return ibis.to_sql(expr, dialect="duckdb")

    def close(self) -> None:
        self.con.disconnect()
