"""Competitions (劳动竞赛): weekly blitzes and monthly contests over a period and one
indicator of the product's own figures, the participants (grids or people) ranked by it
and the prizes given by place.

Ranking: the highest figure first; equal figures share a rank, the average of the
places they hold (two tied for first are both 1.5), as ranks are shown everywhere.
Prizes: ``prizes_cents[k]`` is the prize of place ``k + 1``; participants tied over
several places share the prizes of those places exactly (``split_exact``), a
participant with nothing to show (figure 0) wins nothing, and the prizes beyond the
participants are not given.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from wangge.core.money import split_exact

WEEKLY = "weekly"
MONTHLY = "monthly"
KINDS = (WEEKLY, MONTHLY)

GRID = "grid"
PERSON = "person"
PARTICIPANTS = (GRID, PERSON)

VISITS = "visits"
SURVEYS = "surveys"
OPPORTUNITIES = "opportunities"
REALISED_VALUE = "realised_value"
NAMES_CONVERTED = "names_converted"
ORDERS_DONE = "orders_done"
#: indicator → whether its figure is money (cents)
INDICATORS = {
    VISITS: False,
    SURVEYS: False,
    OPPORTUNITIES: False,
    REALISED_VALUE: True,
    NAMES_CONVERTED: False,
    ORDERS_DONE: False,
}

#: the most prizes (places) a competition gives
MAX_PRIZES = 10
#: the longest period a competition runs, in days
MAX_DAYS = 366


@dataclass(frozen=True)
class Standing:
    key: Hashable
    figure: int
    rank: Fraction
    prize_cents: int


def period_problem(start: date | None, end: date | None) -> str | None:
    """A rule key when the period cannot be run: missing, backwards, too long."""
    if start is None or end is None:
        return "period_missing"
    if end < start:
        return "period_backwards"
    if (end - start).days + 1 > MAX_DAYS:
        return "period_too_long"
    return None


def prizes_problem(prizes_cents: Sequence[int]) -> str | None:
    if len(prizes_cents) > MAX_PRIZES:
        return "too_many_prizes"
    if any((not isinstance(p, int)) or isinstance(p, bool) or p < 0 for p in prizes_cents):
        return "prize_negative"
    return None


def end_exclusive(end: date) -> date:
    """The day after the period's last day (periods are inclusive of both ends)."""
    return end + timedelta(days=1)


def standings(
    figures: Iterable[tuple[Hashable, int]], prizes_cents: Sequence[int]
) -> list[Standing]:
    """Rank ``(participant, figure)`` pairs, highest first (ties: in the order given),
    and give the prizes by place."""
    rows = sorted(enumerate(figures), key=lambda r: (-r[1][1], r[0]))
    out: list[Standing] = []
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][1][1] == rows[i][1][1]:
            j += 1
        places = range(i, j + 1)  # 0-based places held by the tie
        rank = Fraction(i + 1 + j + 1, 2)
        figure = rows[i][1][1]
        pot = sum(prizes_cents[k] for k in places if k < len(prizes_cents)) if figure > 0 else 0
        shares = split_exact(pot, [1] * len(places))
        for (_pos, (key, fig)), share in zip(rows[i : j + 1], shares, strict=True):
            out.append(Standing(key=key, figure=fig, rank=rank, prize_cents=share))
        i = j + 1
    return out
