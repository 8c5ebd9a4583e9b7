"""Name-list campaigns (名单制营销): a list of customers split to the people of each
customer's grid, every name tracked to an outcome.

Splitting respects ownership (a name whose customer has an owner among the grid's
people goes to that owner) and balances the rest by workload: the unowned names of a
grid are shared so that each person's load after the split (what they already carry,
plus the names they own on the list) comes as close to equal as whole names allow,
through the project's one largest-remainder split (``core.money.split_exact``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from wangge.core.money import split_exact

PENDING = "pending"
CONTACTED = "contacted"
INTERESTED = "interested"
CONVERTED = "converted"
REFUSED = "refused"
WRONG_DATA = "wrong_data"

OUTCOMES = (PENDING, CONTACTED, INTERESTED, CONVERTED, REFUSED, WRONG_DATA)
#: a name counts as executed once anything was recorded for it
EXECUTED = frozenset(OUTCOMES) - {PENDING}


@dataclass(frozen=True)
class Name:
    key: int
    grid_id: int | None
    owner_id: int | None = None


def share(total: int, loads: Sequence[int]) -> list[int]:
    """How many of ``total`` new names each person gets so loads end as level as they
    can: weights are each person's shortfall from the level the total allows."""
    if total == 0 or not loads:
        return [0] * len(loads)
    # the level: the lowest L with sum(max(0, L - load)) >= total, as an exact fraction
    ordered = sorted(loads)
    level = Fraction(0)
    for k in range(1, len(ordered) + 1):
        level = Fraction(total + sum(ordered[:k]), k)
        if k == len(ordered) or level <= ordered[k]:
            break
    weights = [max(Fraction(0), level - load) for load in loads]
    return split_exact(total, weights)


@dataclass(frozen=True)
class Split:
    assigned: dict[int, int]  # name key → person id
    unplaced: list[int]  # names of grids with nobody to give them to


def split_names(
    names: Iterable[Name],
    people: Mapping[int, Sequence[int]],
    loads: Mapping[int, int],
) -> Split:
    """Give each name to a person of its grid (``people``: grid → person ids, in the
    order ties go). Owned names go to their owner; the others by ``share``."""
    assigned: dict[int, int] = {}
    unplaced: list[int] = []
    load = defaultdict(int, loads)
    free: dict[int, list[int]] = defaultdict(list)
    for n in sorted(names, key=lambda n: n.key):
        staff = people.get(n.grid_id, ()) if n.grid_id is not None else ()
        if not staff:
            unplaced.append(n.key)
        elif n.owner_id in staff:
            assigned[n.key] = n.owner_id
            load[n.owner_id] += 1
        else:
            free[n.grid_id].append(n.key)
    for grid_id, keys in free.items():
        staff = list(people[grid_id])
        counts = share(len(keys), [load[p] for p in staff])
        it = iter(keys)
        for person, count in zip(staff, counts, strict=True):
            for _ in range(count):
                assigned[next(it)] = person
            load[person] += count
    return Split(assigned, unplaced)


@dataclass(frozen=True)
class Progress:
    names: int
    executed: int
    converted: int

    @property
    def execution_rate(self) -> float | None:
        return self.executed / self.names if self.names else None

    @property
    def conversion_rate(self) -> float | None:
        return self.converted / self.names if self.names else None


def progress(outcomes: Iterable[str]) -> Progress:
    outs = list(outcomes)
    return Progress(
        names=len(outs),
        executed=sum(1 for o in outs if o in EXECUTED),
        converted=sum(1 for o in outs if o == CONVERTED),
    )


def progress_by(rows: Iterable[tuple[object, str]]) -> dict[object, Progress]:
    """(key, outcome) rows → progress per key."""
    groups: dict[object, list[str]] = defaultdict(list)
    for key, outcome in rows:
        groups[key].append(outcome)
    return {k: progress(v) for k, v in groups.items()}


def outcome_problem(outcome: str, order_ref: str) -> str | None:
    """Why an outcome cannot be recorded: an unknown one, or converted without the order."""
    if outcome not in OUTCOMES or outcome == PENDING:
        return "unknown_outcome"
    if outcome == CONVERTED and not order_ref.strip():
        return "order_required"
    return None
