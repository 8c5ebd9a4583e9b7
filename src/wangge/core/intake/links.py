"""A customer's or a place's dated grid history as a file gives it, checked whole.

Each row of a link-history file is one period: from ``start`` (inclusive) to ``end``
(exclusive, None while in force) in one grid. A subject's periods must each end
after they start and must not overlap; at most the last one is open. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    row: int  # the file's row, for the problem
    grid: int
    start: date
    end: date | None


def period_problems(periods: list[Period]) -> list[tuple[int, str, dict]]:
    """(row, rule, params) for every period out of order or overlapping another."""
    found: list[tuple[int, str, dict]] = []
    ordered = sorted(periods, key=lambda p: (p.start, p.row))
    previous: Period | None = None
    for p in ordered:
        if p.end is not None and p.end <= p.start:
            found.append((p.row, "link_order", {"start": p.start.isoformat()}))
            continue
        if previous is not None and (previous.end is None or previous.end > p.start):
            found.append((p.row, "link_overlap", {"other": previous.row}))
            continue
        previous = p
    return found


def same_history(stored: list[tuple[int, date, date | None]], given: list[Period]) -> bool:
    """Whether the stored (grid, from, to) periods are exactly the file's."""
    return sorted(stored) == sorted((p.grid, p.start, p.end) for p in given)
