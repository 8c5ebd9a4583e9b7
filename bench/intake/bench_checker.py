"""The row checker alone: N operator-style customers (GB18030 CSV, as ``bench_intake.py``
writes them) read and checked, nothing written.

    PYTHONPATH=src .venv/bin/python bench/intake/bench_checker.py --rows 200000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import generate

from wangge.core.intake.check import Checker
from wangge.core.intake.kinds import KINDS
from wangge.core.intake.mapping import header_score, propose
from wangge.core.intake.sources import open_table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=2)
    ns = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wangge-bench-checker-"))
    path = generate(folder, ns.rows)["customer"]
    kind = KINDS["customer"]
    for _ in range(ns.runs):
        table = open_table(path, score=header_score(kind))
        checker = Checker(kind, propose(kind, table.header), table)
        start = time.perf_counter()
        rows = sum(1 for _record in checker.records())
        print(f"{rows:,} rows read and checked in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
