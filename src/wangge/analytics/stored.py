"""A period's figures computed once per state of the store, then read back.

The figures page, its API and the targets' suggestions ask for the same period's
figures again and again, and computing them scans the month's facts (seconds at a
large city). The figures change only when the files they read change (an import, a
re-run of the demo, a corrected month), so they are kept beside the store under
``results/figures/<key>/``, one Parquet file per level, where the key is a hash of the
period, the rate options and the name, size and modification time of every file the
period binds. Any change to those files gives a new key: a stale result is never read.

This is a cache of derived numbers, not state: deleting ``results/`` loses nothing
but time, and the business tables are never written by it. A result is written to a
temporary directory and renamed into place, so a reader sees a whole result or none,
and two requests computing the same key at once both end with the same files. The
newest ``KEEP`` results are kept; older ones are removed when a new one is written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.analytics.run import LEVELS, period_figures
from wangge.core.rates import Period, RateOptions
from wangge.engines import DIMS_USED, default_store, dim_file, marketing_files, month_files

RESULTS = Path("results") / "figures"
KEEP = 32

__all__ = ["KEEP", "figures_key", "stored_period_figures"]


def _bound_files(store: Path, period: Period) -> list[Path]:
    files = [f for m in sorted(set(period.fact_months)) for f in month_files(store, m)]
    files += marketing_files(store, period.months)
    for name in DIMS_USED:
        files += dim_file(store, name)
    return files


def figures_key(store: Path, period: Period) -> str:
    """The hash naming the result of ``period`` on the store as its files are now."""
    parts = [
        f"{period.start:%Y-%m}..{period.end:%Y-%m}",
        json.dumps(dataclasses.asdict(period.options), sort_keys=True, default=str),
    ]
    for f in _bound_files(store, period):
        st = f.stat()
        parts.append(f"{f.relative_to(store)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def stored_period_figures(
    store: Path | None, start: date, end: date | None = None, options: RateOptions | None = None
) -> dict[str, pa.Table]:
    """``period_figures`` of the four levels, computed the first time for this state of
    the store and read from ``results/figures/`` afterwards."""
    store = Path(store or default_store())
    options = options or RateOptions()
    period = Period(start, end or start, options)
    home = store / RESULTS
    done = home / figures_key(store, period)
    if done.is_dir():
        try:
            return {level: pq.read_table(done / f"{level}.parquet") for level in LEVELS}
        except (OSError, pa.ArrowInvalid):
            shutil.rmtree(done, ignore_errors=True)  # damaged or half-removed: compute again
    tables = period_figures(store, period.start, period.end, options=options)
    _write(home, done, {level: tables[level] for level in LEVELS})
    return tables


def _write(home: Path, done: Path, tables: dict[str, pa.Table]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=home, prefix=".tmp-"))
    try:
        for level, table in tables.items():
            pq.write_table(table, tmp / f"{level}.parquet")
        try:
            os.rename(tmp, done)
        except OSError:  # another request wrote the same key first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk costs the cache, not the page
        return
    _prune(home)


def _prune(home: Path) -> None:
    results = sorted(
        (d for d in home.iterdir() if d.is_dir() and not d.name.startswith(".")),
        key=lambda d: d.stat().st_mtime_ns,
        reverse=True,
    )
    for old in results[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
