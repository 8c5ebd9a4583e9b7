"""Rankings a name list can be built from. A ranking belongs to an app above this one
(the churn alerts' risk list): it registers here in its ``ready()``, so the campaign
flow can ask it for customers without importing it.

A ranking answers ``customers(user, month=None, level="")`` with the month it used
(``None``: nothing ranked yet) and the customer ids in ``user``'s scope, best first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

#: the churn-alert ranking's code
ALERTS = "alerts"


@dataclass(frozen=True)
class Ranking:
    code: str
    may_read: Callable[[object], bool]
    customers: Callable[..., tuple[date | None, list[int]]]
    levels: Callable[[], list[tuple[str, str]]]


_RANKINGS: dict[str, Ranking] = {}


def register(ranking: Ranking) -> None:
    _RANKINGS[ranking.code] = ranking


def get(code: str) -> Ranking | None:
    return _RANKINGS.get(code)


def levels(code: str = ALERTS) -> list[tuple[str, str]]:
    ranking = get(code)
    return ranking.levels() if ranking is not None else []
