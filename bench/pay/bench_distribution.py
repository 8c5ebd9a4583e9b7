"""Pools and second distribution for a whole province, exact to the cent.

Generates a deterministic organisation (units × people per unit), appraisal
scores and attendance, computes every unit's pool under the company ceiling,
proposes each unit's discretionary split, runs the second distribution with
every rule checked, builds every payslip line with its derivation, and asserts
that every cent adds up. Prints the time of the pay computation (generation
excluded): pools + proposal + distribution with checks, then the payslip lines.

    .venv/bin/python bench/pay/bench_distribution.py --units 500 --per-unit 100
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.core.pay import (
    DistributionConfig,
    Member,
    PoolConfig,
    Team,
    UnitAppraisal,
    compute_pools,
    distribute,
    propose_discretionary,
)

POSTS = ["grid_manager", "business_manager", "community_manager", "customer_manager", "back_office"]


def generate(units: int, per_unit: int, seed: int = 20260101):
    """Appraisals and teams, the same every run for the same arguments."""
    rng = random.Random(seed)
    appraisals = []
    teams_members = []
    pid = 0
    for u in range(units):
        base = per_unit * rng.randint(600_000, 900_000)  # 6,000-9,000 yuan a head
        budget = rng.randint(5_000_000, 50_000_000) * 100
        revenue = int(budget * Decimal(rng.randint(85, 115)) / 100)
        score = Decimal(rng.randint(5500, 12500)) / 100
        appraisals.append(UnitAppraisal(u, base, "ABC"[u % 3], score, revenue, budget))
        members = []
        for j in range(per_unit):
            pid += 1
            post = "grid_manager" if j == 0 else POSTS[1 + rng.randrange(4)]
            members.append(
                Member(
                    pid,
                    post,
                    Decimal(rng.randint(6000, 11000)) / 100,
                    attendance=1 if rng.random() < 0.9 else Decimal(rng.randint(15, 21)) / 22,
                    rural=rng.random() < 0.3,
                    training_hours=Decimal(rng.randint(0, 60)),
                )
            )
        teams_members.append(members)
    return appraisals, teams_members


def run(appraisals, teams_members, company_total: int, config: DistributionConfig):
    pools = compute_pools(appraisals, company_total, PoolConfig())
    assert pools.total_cents <= company_total
    month = date(2026, 6, 1)
    results = []
    for pool, members in zip(pools.pools, teams_members, strict=True):
        team = Team(pool.unit_id, pool.pool_cents, members, month)
        allocations = propose_discretionary(team, config)
        results.append(distribute(team, allocations, config))
    return pools, results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--per-unit", type=int, default=100)
    args = ap.parse_args(argv)
    appraisals, teams_members = generate(args.units, args.per_unit)
    # a company total a little below what the pools ask for, so the ceiling bites
    company_total = args.units * args.per_unit * 750_000
    config = DistributionConfig(
        floor_cents=220_000,
        rural_allowances={"food": 30_000, "housing": 50_000, "transport": 20_000},
    )
    t0, c0 = time.perf_counter(), time.process_time()
    pools, results = run(appraisals, teams_members, company_total, config)
    t1, c1 = time.perf_counter(), time.process_time()
    lines = sum(len(d.lines) for d in results)  # payslip lines with their workings
    t2, c2 = time.perf_counter(), time.process_time()

    staff = sum(len(m) for m in teams_members)
    assert pools.total_cents == min(company_total, pools.unscaled_total_cents)
    paid = 0
    for pool, d in zip(pools.pools, results, strict=True):
        assert d.formula_part_cents + d.discretionary_part_cents == pool.pool_cents
        assert d.paid_from_pool_cents + d.returned_cents == pool.pool_cents
        from_lines = sum(ln.cents for ln in d.lines if ln.component != "allowance")
        assert from_lines + d.returned_cents == pool.pool_cents
        paid += d.paid_from_pool_cents + d.returned_cents
    assert paid == pools.total_cents
    print(
        f"staff={staff} units={args.units} scaled_down={pools.scaled_down}"
        f" pools_total_cents={pools.total_cents} payslip_lines={lines} exact=yes"
        f" distribute_s={t1 - t0:.3f} lines_s={t2 - t1:.3f} total_s={t2 - t0:.3f}"
        f" distribute_cpu_s={c1 - c0:.3f} lines_cpu_s={c2 - c1:.3f} total_cpu_s={c2 - c0:.3f}"
    )


if __name__ == "__main__":
    main()
