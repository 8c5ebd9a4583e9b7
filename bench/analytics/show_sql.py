"""Print the SQL Ibis generates for each computation, per dialect, and count what matters:
scans of the fact table and aggregate calls. A portable expression can silently scan a
table twice or compute one aggregate twice; this makes that visible.

    .venv/bin/python bench/analytics/show_sql.py /work/bench-data/city [--dialect pyspark] [--print]
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

import ibis

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.core import rates
from wangge.engines import bind_store
from wangge.engines.duckdb import DuckDBEngine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", type=Path)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--dialect", default="duckdb", choices=("duckdb", "pyspark"))
    ap.add_argument("--print", action="store_true")
    a = ap.parse_args()
    if a.dialect == "pyspark":
        ibis.pyspark  # noqa: B018  (loading the backend registers its dialect and options)
    y, m = map(int, a.month.split("-"))
    for name, opts in {
        "defaults": rates.RateOptions(),
        "suspended-over-90": rates.RateOptions(churn_suspended_over_90=True),
    }.items():
        p = rates.Period.month(date(y, m, 1), opts)
        t, _ = bind_store(DuckDBEngine(), a.store, p.fact_months, p.months)
        exprs = {
            "grid": rates.grid_figures(
                rates.grid_components(t, p), rates.grid_places(t, p.as_of), opts
            ),
            "subscription": rates.subscription_components(t, p),
        }
        for what, e in exprs.items():
            sql = ibis.to_sql(e, dialect=a.dialect)
            scans = len(re.findall(r'FROM [`"]?subscription_month', sql))
            aggs = len(re.findall(r"\b(SUM|COUNT|MAX|MIN)\(", sql, re.IGNORECASE))
            print(f"{name:18} {what:13} {len(sql):6} chars, fact scans {scans}, aggregates {aggs}")
            if a.print:
                print(sql)


if __name__ == "__main__":
    main()
