"""The figures page's read of a period: computed from the store against read back stored.

Times ``wangge.analytics.stored.stored_period_figures`` on a demo store: the first call
(no stored result: computes the period and writes it) and the following calls (reads
the four levels back), each in the same process, after one warm-up of the engine.
Prints one line per measurement and checks the read-back tables equal the computed ones.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from datetime import date
from pathlib import Path

from wangge.analytics.run import period_figures
from wangge.analytics.stored import RESULTS, stored_period_figures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--reads", type=int, default=20)
    args = ap.parse_args()
    month = date.fromisoformat(args.month + "-01")
    shutil.rmtree(args.store / RESULTS, ignore_errors=True)
    period_figures(args.store, month)  # engine and imports warm, as in a running server
    t0 = time.perf_counter()
    computed = stored_period_figures(args.store, month)
    first = time.perf_counter() - t0
    reads = []
    for _ in range(args.reads):
        t0 = time.perf_counter()
        again = stored_period_figures(args.store, month)
        reads.append(time.perf_counter() - t0)
    assert all(again[k].equals(computed[k]) for k in computed), "read back differs"
    print(f"grids {computed['grid'].num_rows}, people {computed['person'].num_rows}")
    print(f"first (compute and store) {first * 1000:.0f} ms")
    median = statistics.median(reads)
    print(f"stored read median {median * 1000:.1f} ms, max {max(reads) * 1000:.1f} ms")
    print(f"ratio first / stored {first / statistics.median(reads):.0f}x")


if __name__ == "__main__":
    main()
