"""The demo city's pay through the database: pools, what-if checks, drafts with lines.

Needs a loaded demo city whose month is published (``wangge demo`` then the
appraisal's demo preparation). Everything runs inside one transaction that is
rolled back, so the database is left as it was; each phase is timed, and every
unit's lines out of the pool must add back to its pool to the cent.

    WANGGE_DATA_DIR=/tmp/wg-paydemo .venv/bin/python \
        bench/pay/bench_db_distribution.py --month 2026-10
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    from wangge.core.months import parse_month
    from wangge.demo.pay import _configure
    from wangge.org.models import Unit
    from wangge.pay.models import Distribution, PayLine
    from wangge.pay.pools import compute_pools
    from wangge.pay.staffing import POOL_KINDS, load_team
    from wangge.pay.workflow import evaluate, start_draft

    month = parse_month(args.month)
    out: dict[str, float] = {}
    try:
        with transaction.atomic():
            # start from no distribution (even approved ones go: this is rolled back)
            Distribution.objects.filter(month=month).delete()
            _configure(month)
            t = time.perf_counter()
            pools = compute_pools(month)
            out["pools"] = time.perf_counter() - t
            units = list(Unit.objects.filter(kind__in=POOL_KINDS).order_by("code"))
            t = time.perf_counter()
            staff = 0
            for u in units:
                ti = load_team(u, month)
                staff += len(ti.people)
                evaluate(u, month, {}, ti=ti)
            out["check"] = time.perf_counter() - t
            t = time.perf_counter()
            dists = [start_draft(None, u, month) for u in units]
            out["draft"] = time.perf_counter() - t
            lines = PayLine.objects.filter(distribution__in=dists)
            for d in dists:
                paid = sum(
                    int(x.amount_cents)
                    for x in lines.filter(distribution=d).exclude(
                        component__in=["allowance", "points", "clawback"]
                    )
                )
                assert paid + d.returned_cents == d.pool_cents, (d, paid, d.pool_cents)
            n_lines = lines.count()
            raise _Rollback
    except _Rollback:
        pass
    print(
        f"units={len(pools)} staff={staff} lines={n_lines} exact=yes"
        f" pools={out['pools']:.2f}s check={out['check']:.2f}s draft={out['draft']:.2f}s"
        f" total={sum(out.values()):.2f}s"
    )


if __name__ == "__main__":
    main()
