"""The portable path as the product runs it: ``monthly_figures`` for one month, every
level, same-month-last-year and the roll-up through the assignments included.

    .venv/bin/python bench/analytics/portable.py /work/bench-data/city --month 2026-10
    .venv/bin/python bench/analytics/portable.py /work/bench-data/province --memory-limit 6GB
    .venv/bin/python bench/analytics/portable.py /work/bench-data/city --engine spark \
        --master 'local[2]' --check-against-duckdb
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.analytics.run import RunReport, monthly_figures
from wangge.core.rates import Period
from wangge.engines import get_engine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", type=Path)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--engine", default="duckdb")
    ap.add_argument("--master", default=None)
    ap.add_argument("--memory-limit", default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--check-against-duckdb", action="store_true")
    a = ap.parse_args()
    y, m = map(int, a.month.split("-"))
    month = date(y, m, 1)
    eng = get_engine(a.engine, master=a.master, memory_limit=a.memory_limit, threads=a.threads)
    report = RunReport(eng.name, Period.month(month))
    t0 = time.perf_counter()
    figures = monthly_figures(a.store, month, eng, report=report)
    took = time.perf_counter() - t0
    stages = " ".join(f"{k}={v:.2f}s" for k, v in report.seconds.items())
    rows = sum(report.rows_read.values())
    print(f"{eng.name}: {took:.2f}s, {rows:,} rows read; {stages}")
    if a.check_against_duckdb:
        other = monthly_figures(a.store, month, "duckdb")
        for level, t in figures.items():
            same = t.equals(other[level])
            print(f"{level}: {t.num_rows} rows, identical to DuckDB: {same}")
            if not same:
                raise SystemExit(1)
    if eng.name == "spark":
        # stop the JVM so that it ends with this process and its time and memory are counted
        eng.spark.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
