"""The organisation as it was on a given day.

Every link in the product (unit → parent unit, person → unit, place → grid,
customer → grid) carries ``valid_from`` (inclusive) and ``valid_to`` (exclusive,
``None`` while open). These functions answer "as of D" over such links and plan
a reorganisation as one set of closings and openings on one date, so history
stays reportable as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)


class OrgError(ValueError):
    """An organisation change that would leave the history inconsistent."""


@dataclass(frozen=True)
class Link(Generic[K, V]):
    """``child`` belongs to ``parent`` from ``valid_from`` until the day before ``valid_to``."""

    child: K
    parent: V
    valid_from: date
    valid_to: date | None = None

    def active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def as_of(links: Iterable[Link[K, V]], day: date) -> dict[K, V]:
    """Map each child to the parent it had on ``day``.

    A child with two links active on the same day is an inconsistent history,
    refused rather than resolved by a silent pick.
    """
    result: dict[K, V] = {}
    for link in links:
        if link.active_on(day):
            if link.child in result and result[link.child] != link.parent:
                raise OrgError(
                    f"{link.child!r} belongs to both {result[link.child]!r} and "
                    f"{link.parent!r} on {day.isoformat()}"
                )
            result[link.child] = link.parent
    return result


def memberships_as_of(links: Iterable[Link[K, V]], day: date) -> dict[K, set[V]]:
    """Like ``as_of`` but a child may belong to several parents (a person in two units)."""
    result: dict[K, set[V]] = defaultdict(set)
    for link in links:
        if link.active_on(day):
            result[link.child].add(link.parent)
    return dict(result)


def children_of(parent_of: Mapping[K, K]) -> dict[K, list[K]]:
    children: dict[K, list[K]] = defaultdict(list)
    for child, parent in parent_of.items():
        children[parent].append(child)
    return dict(children)


def subtree(parent_of: Mapping[K, K], roots: Iterable[K]) -> set[K]:
    """The roots and everything below them in a tree given as child → parent."""
    children = children_of(parent_of)
    seen: set[K] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


def ancestors(parent_of: Mapping[K, K], node: K) -> list[K]:
    """The chain above ``node``, nearest first; a cycle is refused."""
    chain: list[K] = []
    seen = {node}
    while node in parent_of:
        node = parent_of[node]
        if node in seen:
            raise OrgError(f"the unit tree has a cycle through {node!r}")
        seen.add(node)
        chain.append(node)
    return chain


@dataclass(frozen=True)
class Move(Generic[K, V]):
    """Put ``child`` under ``new_parent`` (for a merger: every member of a team, one move each)."""

    child: K
    new_parent: V


@dataclass(frozen=True)
class ReorgPlan(Generic[K, V]):
    """What a reorganisation does to the links: close these on the day, open those."""

    day: date
    close: list[Link[K, V]]
    open: list[Link[K, V]]


def plan_reorganisation(
    links: Iterable[Link[K, V]], moves: Iterable[Move[K, V]], day: date
) -> ReorgPlan[K, V]:
    """Close each moved child's link active on ``day`` and open a new one from ``day``.

    A move to the parent it already has is dropped, so a reorganisation can be
    re-run safely. A link that starts after ``day`` means a later change is
    already recorded; the plan refuses rather than rewrite the future.
    """
    links = list(links)
    close: list[Link[K, V]] = []
    opened: list[Link[K, V]] = []
    moved: set[K] = set()
    for move in moves:
        if move.child in moved:
            raise OrgError(f"{move.child!r} is moved twice in one reorganisation")
        moved.add(move.child)
        own = [link for link in links if link.child == move.child]
        later = [link for link in own if link.valid_from > day]
        if later:
            raise OrgError(
                f"{move.child!r} already has a change from {later[0].valid_from.isoformat()}, "
                f"after the reorganisation day {day.isoformat()}"
            )
        current = [link for link in own if link.active_on(day)]
        if any(link.parent == move.new_parent for link in current):
            continue
        for link in current:
            if link.valid_from == day:
                raise OrgError(
                    f"{move.child!r} was put under {link.parent!r} on {day.isoformat()} already"
                )
            close.append(link)
        opened.append(Link(move.child, move.new_parent, day, None))
    return ReorgPlan(day=day, close=close, open=opened)
