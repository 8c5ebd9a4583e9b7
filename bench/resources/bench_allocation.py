"""Allocation of eight resource kinds across a province's grids: fit, solve, compare.

A deterministic synthetic province (``--grids`` grids, seed ``--seed``): each grid has a
monthly revenue (log-normal), and for every kind × purpose (base / growth) a true
saturating response R(x) = a·(1 − e^(−x/s)) whose return and saturation vary by grid.
Twelve months of history are drawn around each grid's usual spend (±40 %), the revenue
observed with ±20 % noise. Each grid asks for up to 3× its usual monthly spend; one grid
in ten must get at least half of its usual spend. The budget of each kind is the
province's usual monthly spend of that kind.

Timed: fitting every line's curve from its history (``core.resources.response.fit``),
then ``core.resources.allocate.allocate`` (building the linear program, HiGHS, whole
cents, the integer check). Compared, by the fitted curves and by the true responses:
the optimiser against last period's allocation (the last history month's spend, scaled
to the budget with ``split_exact``) and against a split in proportion to revenue
(``allocate.proportional``), each as a ratio of expected attributable revenue.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from wangge.core.money import split_exact
from wangge.core.resources.allocate import (
    Line,
    Problem,
    allocate,
    check,
    expected_revenue,
    proportional,
)
from wangge.core.resources.kinds import BASE, GROWTH, KINDS, PURPOSES
from wangge.core.resources.response import fit, pooled_rate


def province(grids: int, seed: int):
    rng = random.Random(seed)
    revenue = {g: int(rng.lognormvariate(math.log(300_000_00), 0.6)) for g in range(grids)}
    truth, history, usual = {}, {}, {}
    for g in range(grids):
        size = revenue[g] / 300_000_00
        for k_i, kind in enumerate(KINDS):
            for purpose in PURPOSES:
                m = max(int(size * (20_000_00 / (1 + k_i)) * rng.uniform(0.5, 1.5)), 100)
                rate = rng.uniform(0.8, 4.0) * (1.2 if purpose == GROWTH else 1.0)
                s = m * rng.uniform(1.0, 4.0)
                a = rate * m / (1 - math.exp(-m / s))
                truth[(g, kind, purpose)] = (a, s)
                months = []
                for _ in range(12):
                    x = int(m * rng.uniform(0.6, 1.4))
                    months.append((x, int(a * (1 - math.exp(-x / s)) * rng.uniform(0.8, 1.2))))
                history[(g, kind, purpose)] = months
                usual[(g, kind, purpose)] = m
    return revenue, truth, history, usual


def true_value(truth, cents) -> float:
    total = 0.0
    for key, c in cents.items():
        a, s = truth[key]
        total += a * (1 - math.exp(-c / s))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grids", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()

    revenue, truth, history, usual = province(args.grids, args.seed)
    grids = range(args.grids)
    budgets = {k: sum(usual[(g, k, p)] for g in grids for p in PURPOSES) for k in KINDS}

    started = time.perf_counter()
    pooled = {(k, p): pooled_rate([history[(g, k, p)] for g in grids]) for k in KINDS
              for p in PURPOSES}  # fmt: skip
    lines = []
    for g in grids:
        for kind in KINDS:
            ask = 3 * sum(usual[(g, kind, p)] for p in PURPOSES)
            floor = sum(usual[(g, kind, p)] for p in PURPOSES) // 2 if g % 10 == 0 else 0
            curves = {
                p: fit(history[(g, kind, p)], capacity=ask, pooled=pooled[(kind, p)],
                       default_input=usual[(g, kind, p)]).curve
                for p in PURPOSES
            }  # fmt: skip
            lines.append(Line(g, kind, base=curves[BASE], growth=curves[GROWTH],
                              min_cents=floor, max_cents=ask))  # fmt: skip
    problem = Problem(budgets, lines)
    fitted = time.perf_counter() - started

    result = allocate(problem)
    assert check(problem, result.cents, exact=True) == []
    assert all(result.total(k) == budgets[k] for k in KINDS)

    last = {}
    for kind in KINDS:
        keys = [(g, kind, p) for g in grids for p in PURPOSES]
        parts = split_exact(budgets[kind], [history[key][-1][0] for key in keys])
        last.update(zip(keys, parts, strict=True))
    prop = proportional(problem, revenue)

    compared = (("optimised", result.cents), ("last", last), ("proportional", prop))
    fitted_obj = {name: expected_revenue(problem, c) for name, c in compared}
    true_obj = {name: true_value(truth, c) for name, c in compared}
    columns = sum(len(x.base.segments) + len(x.growth.segments) for x in lines)
    print(
        f"grids={args.grids} kinds={len(KINDS)} lines={len(lines)} columns={columns} "
        f"fit={fitted:.2f}s solve={result.seconds:.2f}s exact=yes"
    )
    for label, obj in (("fitted", fitted_obj), ("true", true_obj)):
        print(
            f"{label}: optimised/last={obj['optimised'] / obj['last']:.3f} "
            f"optimised/proportional={obj['optimised'] / obj['proportional']:.3f}"
        )


if __name__ == "__main__":
    main()
