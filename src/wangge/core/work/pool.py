"""The ownership pool (公海): every customer and place has an owner within its grid; a
prospect nobody follows up for a while goes back to the grid's pool, where the grid
manager gives it to someone else.

The rules are plain: a row is *owned* when its owner's grid is the row's grid today
(a customer that moved grid is in its new grid's pool until someone there takes it);
a *prospect* is a customer not in network (a competitor's or potential one: an
in-network customer is kept by the base-keeping work, not by chasing); a prospect is
*due* for the pool when the last follow-up (or, if none since, the day it was given to
its owner) is ``days`` or more ago.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

#: how long a prospect may go without a follow-up before it returns to the pool
DEFAULT_POOL_DAYS = 30

#: the customers' ownership codes that make a prospect (``customers.Ownership``)
PROSPECT_OWNERSHIPS = frozenset({"competitor", "potential"})


def is_prospect(ownership: str) -> bool:
    return ownership in PROSPECT_OWNERSHIPS


def is_owned(owner_grid_id: int | None, person_id: int | None, grid_id: int | None) -> bool:
    """Whether a row has an owner within its grid today."""
    return person_id is not None and grid_id is not None and owner_grid_id == grid_id


def last_touch(since: datetime, follow_ups: Iterable[datetime | None]) -> datetime:
    """The later of the day the row was given to its owner and its last follow-up."""
    return max([since, *(t for t in follow_ups if t is not None)])


def is_due(
    since: datetime, follow_ups: Iterable[datetime | None], now: datetime, days: int
) -> bool:
    """Whether an owned prospect returns to the pool at ``now``."""
    if days < 1:
        raise ValueError("the pool's follow-up time is at least one day")
    return now - last_touch(since, follow_ups) >= timedelta(days=days)


@dataclass(frozen=True)
class Holder:
    """A row as the pool sees it: its grid and ownership, its owner and their grid."""

    key: int
    ownership: str
    grid_id: int | None
    owner_id: int | None
    owner_grid_id: int | None
    since: datetime
    follow_ups: tuple[datetime | None, ...] = ()


def due_for_pool(rows: Iterable[Holder], now: datetime, days: int) -> list[int]:
    """The keys of the owned prospects whose owner let them lie ``days`` or more."""
    return [
        r.key
        for r in rows
        if is_prospect(r.ownership)
        and is_owned(r.owner_grid_id, r.owner_id, r.grid_id)
        and is_due(r.since, r.follow_ups, now, days)
    ]
