"""Check a benchmark competitor's long result (level, id, components, rates) against
the portable path, so the timings compare programs that compute the same thing."""

from __future__ import annotations

import math
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.analytics.run import monthly_figures

KEYS = {"grid": "grid_id", "center": "unit_id", "city": "unit_id", "person": "person_id"}


def compare_long(other: pa.Table, store: Path, month: date) -> None:
    ours = monthly_figures(store, month, "duckdb")
    cols = [c for c in other.column_names if c not in ("level", "id")]
    bad = 0
    for level, key in KEYS.items():
        mine = {r[key]: r for r in ours[level].to_pylist()}
        theirs = {r["id"]: r for r in other.to_pylist() if r["level"] == level}
        if set(mine) != set(theirs):
            print(f"{level}: keys differ ({len(mine)} vs {len(theirs)})")
            bad += 1
            continue
        for k, row in theirs.items():
            for c in cols:
                a, b = mine[k][c], row[c]
                if isinstance(a, float) or isinstance(b, float):
                    same = (a is None and (b is None or math.isnan(b))) or (
                        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
                    )
                else:
                    same = a == b
                if not same:
                    bad += 1
                    if bad < 10:
                        print(f"{level} {k} {c}: ours {a!r} theirs {b!r}")
    print("identical to the portable path" if bad == 0 else f"{bad} differences")
    if bad:
        raise SystemExit(1)
