"""Spark: the same expressions on a cluster (or ``local[N]``), for stores beyond one
machine. Imported only when chosen; needs ``pip install 'wangge[spark]'`` and Java."""

from __future__ import annotations

import os
from pathlib import Path

import ibis
import ibis.backends.pyspark  # registers the dialect before any to_sql
import ibis.expr.types as ir
import pyarrow as pa
from pyspark.sql import SparkSession
from pyspark.sql.pandas.types import from_arrow_schema

_SESSION: SparkSession | None = None
# Knobs for a local session; on a cluster the spark-submit configuration wins.
PARTITIONS_ENV = "WANGGE_SPARK_SHUFFLE_PARTITIONS"
DRIVER_MEMORY_ENV = "WANGGE_SPARK_DRIVER_MEMORY"


def session(master: str = "local[*]") -> SparkSession:
    """One session per process: starting a JVM costs seconds, so every engine reuses it."""
    global _SESSION
    if _SESSION is None or _SESSION.sparkContext._jsc is None:
        _SESSION = (
            SparkSession.builder.master(master)
            .appName("wangge-analytics")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", os.environ.get(PARTITIONS_ENV, "8"))
            .config("spark.driver.memory", os.environ.get(DRIVER_MEMORY_ENV, "2g"))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


class SparkEngine:
    """Binds names to temporary views over ``spark.read.parquet`` of exactly the files."""

    name = "spark"

    def __init__(self, *, master: str = "local[*]", spark: SparkSession | None = None) -> None:
        self.spark = spark or session(master)
        self.con = ibis.pyspark.connect(self.spark)

    def bind(self, name: str, files: list[Path], arrow_schema: pa.Schema) -> ir.Table:
        if files:
            df = self.spark.read.parquet(*[str(f) for f in files])
        else:
            df = self.spark.createDataFrame([], schema=from_arrow_schema(arrow_schema))
        df.createOrReplaceTempView(name)
        return self.con.table(name)

    def memtable(self, table: pa.Table, name: str) -> ir.Table:
        df = self.spark.createDataFrame(table)  # Arrow in, no pandas round trip
        df.createOrReplaceTempView(name)
        return self.con.table(name)

    def to_arrow(self, expr: ir.Table) -> pa.Table:
        return self.con.to_pyarrow(expr)

    def sql(self, expr: ir.Expr) -> str:
        return ibis.to_sql(expr, dialect="pyspark")

    def close(self) -> None:
        """The shared session stays up for the next run; ``session().stop()`` ends it."""
