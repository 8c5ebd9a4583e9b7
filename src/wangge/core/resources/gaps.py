"""Resource gaps: what each unit asked for in a month against what the allocation gave
it and what reached it, per resource kind.

* **asked** and **least needed** are the unit's request; **allocated** is the sum of
  its lines (both purposes) in the month's accepted plan, or of the latest proposal
  when none is accepted yet (the row says which); **delivered** is the value of the
  delivery orders the grid confirmed (gifts and materials only).
* **gap** = asked − allocated, never below 0: what the unit still lacks against its
  need; **below the least needed** when allocated < least needed (the optimiser keeps
  minimums, so this shows a person's edit or a request made after the proposal);
  **undelivered** = allocated − delivered for the kinds that are delivered.
* Rows are ordered by gap, largest first, then unit and kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wangge.core.resources.kinds import PHYSICAL


@dataclass(frozen=True)
class Asked:
    unit: int
    kind: str
    amount_cents: int
    min_cents: int = 0


@dataclass(frozen=True)
class Gap:
    unit: int
    kind: str
    asked_cents: int
    min_cents: int
    allocated_cents: int
    delivered_cents: int | None  # None: a kind that is not delivered

    @property
    def gap_cents(self) -> int:
        return max(0, self.asked_cents - self.allocated_cents)

    @property
    def below_minimum(self) -> bool:
        return self.allocated_cents < self.min_cents

    @property
    def undelivered_cents(self) -> int | None:
        if self.delivered_cents is None:
            return None
        return max(0, self.allocated_cents - self.delivered_cents)


def gaps(asked: Iterable[Asked], allocated: Mapping[tuple[int, str], int],
         delivered: Mapping[tuple[int, str], int]) -> list[Gap]:  # fmt: skip
    """One row per request; ``allocated`` and ``delivered`` keyed by (unit, kind)."""
    rows = [
        Gap(a.unit, a.kind, a.amount_cents, a.min_cents, allocated.get((a.unit, a.kind), 0),
            delivered.get((a.unit, a.kind), 0) if a.kind in PHYSICAL else None)
        for a in asked
    ]  # fmt: skip
    return sorted(rows, key=lambda g: (-g.gap_cents, g.unit, g.kind))


@dataclass(frozen=True)
class Totals:
    asked_cents: int
    allocated_cents: int
    gap_cents: int
    short_units: int
    below_minimum: int


def totals(rows: Iterable[Gap]) -> Totals:
    rows = list(rows)
    return Totals(
        sum(r.asked_cents for r in rows), sum(r.allocated_cents for r in rows),
        sum(r.gap_cents for r in rows), len({r.unit for r in rows if r.gap_cents}),
        sum(1 for r in rows if r.below_minimum),
    )  # fmt: skip
