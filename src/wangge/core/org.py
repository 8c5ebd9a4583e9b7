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
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class TreeProblem(Generic[K]):
    """Bad data met in a tree: ``nodes`` has two parents on one day, or lies on a cycle."""

    kind: str  # "two parents" or "cycle"
    nodes: tuple[K, ...]


def tolerant_as_of(
    links: Iterable[Link[K, K]], day: date
) -> tuple[dict[K, K], list[TreeProblem[K]]]:
    """The tree on ``day`` without its inconsistent branches, and what was left out.

    For a page that must still be served when the stored history is wrong: a child
    with two parents on the day loses its parent link (so its branch hangs under
    nobody), and every unit on a cycle loses its link too. The caller logs the problems.
    """
    tree, problems = _single_parents(links, day)
    for cycle in cycles(tree):
        problems.append(TreeProblem("cycle", cycle))
        for node in cycle:
            tree.pop(node, None)
    return tree, problems


def _single_parents(
    links: Iterable[Link[K, K]], day: date
) -> tuple[dict[K, K], list[TreeProblem[K]]]:
    parents: dict[K, set[K]] = defaultdict(set)
    for link in links:
        if link.active_on(day):
            parents[link.child].add(link.parent)
    problems: list[TreeProblem[K]] = []
    tree: dict[K, K] = {}
    for child, found in parents.items():
        if len(found) > 1:
            problems.append(TreeProblem("two parents", (child, *sorted(found, key=repr))))
        else:
            tree[child] = next(iter(found))
    return tree, problems


def cycles(parent_of: Mapping[K, K]) -> list[tuple[K, ...]]:
    """Every cycle in a child → parent map, each once, from its smallest node up."""
    found: list[tuple[K, ...]] = []
    state: dict[K, int] = {}  # 1 on the current walk, 2 done
    for start in parent_of:
        walk: list[K] = []
        node = start
        while node in parent_of and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        if state.get(node) == 1:
            loop = walk[walk.index(node) :]
            first = loop.index(min(loop, key=repr))
            found.append(tuple(loop[first:] + loop[:first]))
        for visited in walk:
            state[visited] = 2
    return found


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


def cycles_made(
    links: Iterable[Link[K, K]], plan: ReorgPlan[K, K]
) -> list[tuple[date, tuple[K, ...]]]:
    """The cycles the tree would have after ``plan``, with the first day each appears.

    Checked on the plan's day and on every later day where a stored link starts or ends,
    since a move that is harmless today can close a loop with a change already recorded.
    """
    closing = set(plan.close)
    after = [link for link in links if link not in closing]
    after += [replace(link, valid_to=plan.day) for link in plan.close] + list(plan.open)
    days = {plan.day} | {
        d for link in after for d in (link.valid_from, link.valid_to) if d and d > plan.day
    }
    found: dict[frozenset[K], tuple[date, tuple[K, ...]]] = {}
    for day in sorted(days):
        tree, _ = _single_parents(after, day)
        for cycle in cycles(tree):
            found.setdefault(frozenset(cycle), (day, cycle))
    return list(found.values())


PARENT_KINDS: dict[str, tuple[str, ...]] = {
    "center": ("city",),
    "county": ("city",),
    "area": ("center", "county"),
    "grid": ("center", "county", "area"),
    "virtual": ("city", "center", "county", "area"),
}
"""Under which kinds of unit a new unit of each kind may be opened. A city is the root
and is never opened by a reorganisation; nothing hangs under a grid, the leaf that
places, customers and people are linked to."""


def parent_kind_problem(code: str, kind: str, parent_code: str, parent_kind: str) -> str | None:
    """Why ``code`` (a ``kind``) may not be opened under ``parent_code``, or None."""
    allowed = PARENT_KINDS.get(kind)
    if allowed is None:
        return f"unit {code}: a {kind} cannot be opened (use one of {', '.join(PARENT_KINDS)})"
    if parent_kind not in allowed:
        return (
            f"unit {code}: a {kind} cannot hang under {parent_code}, a {parent_kind} "
            f"(allowed: {', '.join(allowed)})"
        )
    return None
