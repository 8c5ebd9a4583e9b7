"""Time the demo generator and record its peak memory.

    .venv/bin/python bench/demo/generate.py --scale 10 --months 13 --out /tmp/wangge-demo

Prints one JSON line per run: scale, months, seconds, peak RSS in MB and row counts.
The end month is fixed so that runs are comparable across days.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from wangge.core.demo import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=20261)
    parser.add_argument("--end-month", default="2026-10", help="YYYY-MM")
    parser.add_argument("--out", type=Path, default=Path("/tmp/wangge-demo-bench"))
    parser.add_argument("--keep", action="store_true", help="leave the generated store in place")
    args = parser.parse_args()

    year, month = (int(x) for x in args.end_month.split("-"))
    stage_seen: dict[str, float] = {}
    began = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        stage_seen.setdefault(stage, time.perf_counter() - began)
        if stage == "subscriptions" and done % max(1, total // 10) == 0:
            at = time.perf_counter() - began
            print(f"  {stage} {done}/{total} at {at:.0f}s", file=sys.stderr)

    summary = generate(
        args.out,
        scale=args.scale,
        months=args.months,
        seed=args.seed,
        end_month=date(year, month, 1),
        progress=progress,
        overwrite=True,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = sum(p.stat().st_size for p in args.out.rglob("*.parquet")) / 2**20
    print(
        json.dumps(
            {
                "scale": args.scale,
                "months": args.months,
                "seconds": round(summary.seconds, 1),
                "peak_rss_mb": round(peak_mb),
                "disk_mb": round(size_mb),
                "batches": summary.batches,
                "stage_started_at_s": {k: round(v, 1) for k, v in stage_seen.items()},
                "rows": summary.rows,
            },
            ensure_ascii=False,
        )
    )
    if not args.keep:
        shutil.rmtree(args.out)


if __name__ == "__main__":
    main()
