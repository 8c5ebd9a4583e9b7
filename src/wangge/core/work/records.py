"""How complete and how fresh the customer records of a grid are.

A record's *completeness* is the weighted share of the facts a seller needs that it
holds; which facts count depends on the kind of customer (a business has a credit code
and an industry, a person or household does not need them). A record's *freshness* is
the days since someone of the grid last saw the customer (a visit or a survey); a
record never seen, or not seen for ``days``, is on the "not visited in N days" list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

#: fact → weight, per customer kind
FACTS: Mapping[str, Mapping[str, int]] = {
    "individual": {"name": 1, "phone": 3, "address": 2, "place": 2, "services": 2},
    "household": {"name": 1, "phone": 3, "address": 2, "place": 2, "services": 2},
    "business": {
        "name": 1,
        "phone": 2,
        "id_number": 2,
        "industry": 1,
        "address": 2,
        "place": 1,
        "services": 1,
        "contact_role": 1,
    },
}

#: how long a record may go unvisited before it is stale, by default
DEFAULT_STALE_DAYS = 90


def completeness(kind: str, present: Iterable[str]) -> float:
    """The weighted share (0..1) of the facts of ``kind`` that a record holds."""
    facts = FACTS.get(kind, FACTS["individual"])
    have = set(present)
    total = sum(facts.values())
    return sum(w for f, w in facts.items() if f in have) / total


def missing(kind: str, present: Iterable[str]) -> list[str]:
    """The facts of ``kind`` the record lacks, heaviest first."""
    facts = FACTS.get(kind, FACTS["individual"])
    have = set(present)
    return [f for f, _w in sorted(facts.items(), key=lambda kv: -kv[1]) if f not in have]


def days_since(last: datetime | None, now: datetime) -> int | None:
    return None if last is None else max(0, (now - last).days)


def is_stale(last: datetime | None, now: datetime, days: int) -> bool:
    if days < 1:
        raise ValueError("the freshness window is at least one day")
    return last is None or (now - last).days >= days


@dataclass(frozen=True)
class GridRecords:
    customers: int
    average: float | None  # mean completeness
    complete: int  # records holding every fact
    stale: int  # not visited in the window

    @property
    def complete_rate(self) -> float | None:
        return self.complete / self.customers if self.customers else None

    @property
    def stale_rate(self) -> float | None:
        return self.stale / self.customers if self.customers else None


def summarise(scores: Iterable[float], stale_flags: Iterable[bool]) -> GridRecords:
    s, st = list(scores), list(stale_flags)
    return GridRecords(
        customers=len(s),
        average=sum(s) / len(s) if s else None,
        complete=sum(1 for x in s if x >= 1.0),
        stale=sum(1 for x in st if x),
    )
