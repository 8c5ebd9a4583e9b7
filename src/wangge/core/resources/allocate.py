"""Spread each resource kind's budget over units: the most expected attributable revenue,
within the budget, each unit's minimum and maximum, and the guard rail for the base.

The linear program (solved by HiGHS' simplex through ``highspy``), per kind k:

* a column per segment of every line's two curves (base and growth), bounded by the
  segment's width, its objective the segment's rate: concave curves are filled from
  their best segment without integer variables;
* the budget row: every column of k adds to exactly the budget of k (the department
  places the whole budget; what it keeps back is a line of its own);
* the guard row: the growth columns of k add to at most budget − ⌈share·budget⌉:
  with the whole budget placed, the existing base and traditional services receive
  at least their share; when the units asked for less than the budget
  (``place_all=False``, the budget row then only an upper bound), new business still
  takes no more than its part of the budget, and the rest stays unallocated;
* a row per unit: its columns of k lie between the unit's minimum and maximum.

Whole cents: every column is in the kind's budget row and in one unit row (a laminar
family) and, for growth columns, in the guard row (a second laminar family), so the
matrix is totally unimodular and every vertex of the program is integral when the
budgets, bounds and widths are. The simplex answers a vertex; its values are rounded
to the nearest cent, any residual cent (from floating point) is placed by
``core.money.split_exact`` over the lines' fractional parts, and the result is
checked in integers (``check``) before it is returned: it adds back to each budget
exactly or the function raises.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from wangge.core.money import split_exact
from wangge.core.resources.kinds import BASE, DEFAULT_BASE_SHARE, GROWTH, PURPOSES
from wangge.core.resources.response import Curve

Key = tuple[Hashable, str, str]  # (unit, kind, purpose)


class AllocationRefused(ValueError):
    """A problem or an allocation the rules refuse; ``code`` and ``figures`` name it."""

    def __init__(self, code: str, message: str, **figures) -> None:
        super().__init__(message)
        self.code = code
        self.figures = figures


@dataclass(frozen=True)
class Line:
    """One unit's claim on one kind: bounds on its total and a curve per purpose."""

    unit: Hashable
    kind: str
    base: Curve = field(default_factory=Curve)
    growth: Curve = field(default_factory=Curve)
    min_cents: int = 0
    max_cents: int | None = None  # None: as much as its curves take


@dataclass(frozen=True)
class Problem:
    budgets: Mapping[str, int]  # kind → cents
    lines: Sequence[Line]
    #: kind → the least share of its budget for the base (default for a kind not named)
    base_share: Mapping[str, Fraction] = field(default_factory=dict)
    default_base_share: Fraction = DEFAULT_BASE_SHARE
    #: place the whole budget (the budget row is an equality); False when the units
    #: asked for less than the budget: what is left stays with the department
    place_all: bool | frozenset[str] = True

    def places_all(self, kind: str) -> bool:
        return kind in self.place_all if isinstance(self.place_all, frozenset) else self.place_all

    def share(self, kind: str) -> Fraction:
        return Fraction(self.base_share.get(kind, self.default_base_share))

    def guard_cents(self, kind: str) -> int:
        """The least the base receives of ``kind``: the share of the budget, rounded up."""
        return math.ceil(self.share(kind) * self.budgets[kind])

    def upper(self, line: Line) -> int:
        room = line.base.capacity + line.growth.capacity
        return room if line.max_cents is None else min(room, line.max_cents)


@dataclass
class Allocation:
    cents: dict[Key, int]
    objective: float  # expected attributable revenue, cents
    seconds: float = 0.0

    def total(self, kind: str) -> int:
        return sum(c for (_, k, _), c in self.cents.items() if k == kind)


def expected_revenue(problem: Problem, cents: Mapping[Key, int | float]) -> float:
    """The objective of any allocation (the optimiser's, last period's, a proportional one)."""
    total = 0.0
    for line in problem.lines:
        total += line.base.value(cents.get((line.unit, line.kind, BASE), 0))
        total += line.growth.value(cents.get((line.unit, line.kind, GROWTH), 0))
    return total


def validate(problem: Problem) -> None:
    """Refuse a problem no allocation can satisfy, naming the unit, kind and figures."""
    seen = set()
    for kind, budget in problem.budgets.items():
        if not isinstance(budget, int) or isinstance(budget, bool) or budget < 0:
            raise AllocationRefused(
                "bad_budget", f"the budget of {kind} must be whole cents ≥ 0", kind=kind
            )
        share = problem.share(kind)
        if not 0 <= share <= 1:
            raise AllocationRefused(
                "bad_share", f"the base share of {kind} must lie in 0..1", kind=kind
            )
    by_kind: dict[str, list[Line]] = defaultdict(list)
    for line in problem.lines:
        if line.kind not in problem.budgets:
            raise AllocationRefused(
                "no_budget", f"{line.unit}: {line.kind} has no budget", unit=line.unit,
                kind=line.kind,
            )  # fmt: skip
        if (line.unit, line.kind) in seen:
            raise AllocationRefused(
                "duplicate_line", f"{line.unit}: {line.kind} appears twice", unit=line.unit,
                kind=line.kind,
            )  # fmt: skip
        seen.add((line.unit, line.kind))
        for name in ("min_cents", "max_cents"):
            v = getattr(line, name)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise AllocationRefused(
                    "bad_bound", f"{line.unit}: {line.kind} {name} must be whole cents ≥ 0",
                    unit=line.unit, kind=line.kind,
                )  # fmt: skip
        if line.max_cents is not None and line.min_cents > line.max_cents:
            raise AllocationRefused(
                "min_above_max",
                f"{line.unit}: {line.kind} minimum {line.min_cents} is above its maximum "
                f"{line.max_cents}",
                unit=line.unit, kind=line.kind, min=line.min_cents, max=line.max_cents,
            )  # fmt: skip
        if line.min_cents > problem.upper(line):
            raise AllocationRefused(
                "min_above_capacity",
                f"{line.unit}: {line.kind} minimum {line.min_cents} is more than it can take "
                f"({problem.upper(line)})",
                unit=line.unit, kind=line.kind, min=line.min_cents, max=problem.upper(line),
            )  # fmt: skip
        by_kind[line.kind].append(line)
    for kind, budget in problem.budgets.items():
        lines = by_kind.get(kind, [])
        floor = sum(x.min_cents for x in lines)
        if floor > budget:
            raise AllocationRefused(
                "over_budget",
                f"the minimums of {kind} add to {floor}, over its budget {budget}",
                kind=kind, total=floor, budget=budget,
            )  # fmt: skip
        room = sum(problem.upper(x) for x in lines)
        if problem.places_all(kind) and room < budget:
            raise AllocationRefused(
                "under_capacity",
                f"the units can take {room} of {kind} at most, less than its budget {budget}",
                kind=kind, total=room, budget=budget,
            )  # fmt: skip
        guard = problem.guard_cents(kind) if problem.places_all(kind) else 0
        base_room = sum(min(x.base.capacity, problem.upper(x)) for x in lines)
        if base_room < guard:
            raise AllocationRefused(
                "guard_unreachable",
                f"the base can take {base_room} of {kind}, less than its guard rail {guard}",
                kind=kind, total=base_room, budget=guard,
            )  # fmt: skip


def allocate(problem: Problem) -> Allocation:
    """The allocation of most expected revenue; refuses a problem that has none."""
    import highspy
    import numpy as np

    validate(problem)
    started = time.perf_counter()
    kinds = list(problem.budgets)
    kind_row = {k: i for i, k in enumerate(kinds)}
    guard_row = {k: len(kinds) + i for i, k in enumerate(kinds)}
    row_lo = [float(problem.budgets[k]) if problem.places_all(k) else 0.0 for k in kinds]
    row_lo += [-math.inf] * len(kinds)
    row_hi = [float(problem.budgets[k]) for k in kinds] + [
        float(problem.budgets[k] - problem.guard_cents(k)) for k in kinds
    ]
    cost, upper, starts, index, owner = [], [], [], [], []
    for li, line in enumerate(problem.lines):
        unit_row = len(row_lo)
        row_lo.append(float(line.min_cents))
        row_hi.append(float(problem.upper(line)))
        for purpose, curve in ((BASE, line.base), (GROWTH, line.growth)):
            for seg in curve.segments:
                starts.append(len(index))
                rows = [kind_row[line.kind], unit_row]
                if purpose == GROWTH:
                    rows.insert(1, guard_row[line.kind])
                index.extend(rows)
                cost.append(seg.rate)
                upper.append(float(seg.width_cents))
                owner.append((li, purpose))
    starts.append(len(index))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(row_lo)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array(cost, dtype=float)
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = np.array(upper, dtype=float)
    lp.row_lower_ = np.array(row_lo, dtype=float)
    lp.row_upper_ = np.array(row_hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    h = _solver(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise AllocationRefused(
            "infeasible",
            f"no allocation meets every budget, bound and guard rail ({h.modelStatusToString(h.getModelStatus())})",  # noqa: E501
        )
    values = h.getSolution().col_value
    raw: dict[Key, float] = defaultdict(float)
    for (li, purpose), v in zip(owner, values, strict=True):
        line = problem.lines[li]
        raw[(line.unit, line.kind, purpose)] += v
    cents = _whole_cents(problem, raw)
    problems = [
        b for b in check(problem, cents, exact=True)
        if b.code != "not_budget" or problem.places_all(b.kind)
    ]  # fmt: skip
    if problems:
        raise AllocationRefused("rounding", f"the rounded allocation breaks: {problems[0]}")
    seconds = time.perf_counter() - started
    return Allocation(cents, expected_revenue(problem, cents), seconds)


_BANNER_SHOWN = False


def _solver(highspy):
    """A HiGHS instance; the library prints its banner on stdout the first time, which
    would land in a command's output, so that first construction writes to /dev/null."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        return highspy.Highs()
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _BANNER_SHOWN = True
    return h


def _whole_cents(problem: Problem, raw: Mapping[Key, float]) -> dict[Key, int]:
    """Nearest cents (the vertex is integral); a residual goes by ``split_exact``."""
    cents = {key: max(0, math.floor(v + 1e-6)) for key, v in raw.items()}
    for kind, budget in problem.budgets.items():
        keys = [k for k in cents if k[1] == kind]
        target = budget if problem.places_all(kind) else round(sum(raw[k] for k in keys))
        left = target - sum(cents[k] for k in keys)
        if left <= 0 or not keys:
            continue
        fractions = [max(raw[k] - cents[k], 0.0) for k in keys]
        if sum(fractions) == 0:
            fractions = [1.0] * len(keys)
        for key, extra in zip(keys, split_exact(left, fractions), strict=True):
            cents[key] += extra
    for line in problem.lines:  # every line appears, at zero if it receives nothing
        for purpose in PURPOSES:
            cents.setdefault((line.unit, line.kind, purpose), 0)
    return cents


@dataclass(frozen=True)
class Breach:
    """One rule an allocation breaks: ``code`` (over_budget, not_budget, below_min,
    above_max, guard_rail, not_cents, unknown_line) with the unit, kind and figures."""

    code: str
    kind: str
    unit: Hashable = None
    total: int = 0
    limit: int = 0

    def __str__(self) -> str:
        where = f"{self.unit}: {self.kind}" if self.unit is not None else self.kind
        what = {
            "over_budget": "is over its budget",
            "not_budget": "does not add to its budget",
            "below_min": "is below its minimum",
            "above_max": "is above its maximum",
            "guard_rail": "of growth is more than its guard rail leaves",
            "not_cents": "must be whole cents ≥ 0",
            "unknown_line": "is not a line of this allocation",
        }[self.code]
        return f"{where} {self.total} {what} {self.limit}"


def check(problem: Problem, cents: Mapping[Key, int], *, exact: bool = False) -> list[Breach]:
    """What an allocation breaks, in integers: budgets (exceeded, or not met when
    ``exact``), minimums, maximums, the guard rail (growth at most budget − guard).
    Empty when it keeps every rule."""
    out = []
    lines = {(x.unit, x.kind): x for x in problem.lines}
    for (unit, kind, _purpose), c in cents.items():
        if not isinstance(c, int) or isinstance(c, bool) or c < 0:
            out.append(Breach("not_cents", kind, unit, c if isinstance(c, int) else 0))
        if (unit, kind) not in lines:
            out.append(Breach("unknown_line", kind, unit))
    for (unit, kind), line in lines.items():
        total = cents.get((unit, kind, BASE), 0) + cents.get((unit, kind, GROWTH), 0)
        if total < line.min_cents:
            out.append(Breach("below_min", kind, unit, total, line.min_cents))
        if line.max_cents is not None and total > line.max_cents:
            out.append(Breach("above_max", kind, unit, total, line.max_cents))
    for kind, budget in problem.budgets.items():
        total = sum(c for (_, k, _), c in cents.items() if k == kind)
        if total > budget:
            out.append(Breach("over_budget", kind, None, total, budget))
        elif exact and total != budget:
            out.append(Breach("not_budget", kind, None, total, budget))
        growth = sum(c for (_, k, p), c in cents.items() if k == kind and p == GROWTH)
        cap = budget - problem.guard_cents(kind)
        if growth > cap:
            out.append(Breach("guard_rail", kind, None, growth, cap))
    return out


def proportional(problem: Problem, weights: Mapping[Hashable, int]) -> dict[Key, int]:
    """The naive comparison: each kind split by unit weight (e.g. revenue), the base
    taking its guard-rail share of every unit's part (``split_exact`` throughout)."""
    cents: dict[Key, int] = {}
    for kind, budget in problem.budgets.items():
        lines = [x for x in problem.lines if x.kind == kind]
        parts = split_exact(budget, [weights.get(x.unit, 0) for x in lines])
        share = problem.share(kind)
        for line, part in zip(lines, parts, strict=True):
            base, growth = split_exact(part, [share, 1 - share]) if part else (0, 0)
            cents[(line.unit, kind, BASE)] = base
            cents[(line.unit, kind, GROWTH)] = growth
    return cents


def by_line(cents: Mapping[Key, int]) -> dict[tuple[Hashable, str], int]:
    """Totals per unit × kind (both purposes)."""
    out: dict[tuple[Hashable, str], int] = defaultdict(int)
    for (unit, kind, _), c in cents.items():
        out[(unit, kind)] += c
    return dict(out)
