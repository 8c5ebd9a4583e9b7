"""A reorganisation as one operation: close the old links and open the new ones on one day.

Units move between parents, people between units, places and customers between
grids; all moves of one reorganisation land together or not at all, and the
audit history records each closed and opened link with who did it.

The organisation knows its own links (units, people); an app whose things hang on
grids registers them with ``register_kind`` when Django starts (territory its
places, customers its customers), so org imports no app above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from wangge.core.org import Link, Move, OrgError, cycles_made, plan_reorganisation
from wangge.org.models import Assignment, Person, Reorganisation, Unit, UnitKind, UnitLink


@dataclass(frozen=True)
class Kind:
    """How one kind of thing is linked: its link model, its two foreign keys, its code."""

    link_model: type
    child_field: str
    parent_field: str
    child_model: type
    child_code: str
    parent_kinds: tuple[str, ...] | None


#: Every kind a reorganisation moves, applied in this order: org's own, then those the
#: apps register in ``INSTALLED_APPS`` order (territory's places, then customers).
KINDS: dict[str, Kind] = {
    "unit": Kind(UnitLink, "unit", "parent", Unit, "code", None),
    "person": Kind(Assignment, "person", "unit", Person, "staff_no", None),
}


def register_kind(name: str, link_model: type, child_model: type, child_field: str) -> None:
    """Make ``child_model`` (linked to its grid by ``link_model``'s ``child_field`` and
    ``grid`` keys, named by its ``code``) movable by a reorganisation, to grids only.

    Called from the owning app's ``AppConfig.ready``; registering again is harmless.
    """
    KINDS[name] = Kind(link_model, child_field, "grid", child_model, "code", (UnitKind.GRID,))


@dataclass(frozen=True)
class CodedMove:
    kind: str  # unit, person, place, customer
    code: str  # the child's code (staff number for people)
    new_parent: str  # the unit's code


@dataclass(frozen=True)
class ReorganisationResult:
    closed: int
    opened: int
    record: Reorganisation | None = None  # None when nothing had to change (a re-run)


def reorganise(moves: Iterable[CodedMove], day: date, user=None) -> ReorganisationResult:
    """Apply every move on ``day`` inside one transaction; refuse the whole set on any error.

    ``user`` is who ran it (None: the system); it and one ``Reorganisation`` record are
    written on every history row, so the audit trail shows one entry for the run.
    """
    moves = list(moves)
    closed = opened = 0
    with transaction.atomic():
        unknown = {m.kind for m in moves} - set(KINDS)
        if unknown:
            raise OrgError(
                f"unknown kind of move: {', '.join(sorted(unknown))} (use {', '.join(KINDS)})"
            )
        record = Reorganisation.objects.create(ran_by=user, day=day)
        for kind_name in KINDS:
            mine = [m for m in moves if m.kind == kind_name]
            if mine:
                c, o = _apply(KINDS[kind_name], mine, day, record)
                closed, opened = closed + c, opened + o
        if closed + opened == 0:
            record.delete()
            return ReorganisationResult(closed=0, opened=0)
        record.closed, record.opened = closed, opened
        record.summary = "; ".join(f"{m.kind} {m.code} → {m.new_parent}" for m in moves)
        record.save()
    return ReorganisationResult(closed=closed, opened=opened, record=record)


def _audited(row, record: Reorganisation):
    row._history_user = record.ran_by
    row._change_reason = record.reason
    return row


def _apply(kind: Kind, moves: list[CodedMove], day: date, record) -> tuple[int, int]:
    """Plan on codes (so every refusal names them), then write by primary key."""
    children = _by_code(kind.child_model, kind.child_code, {m.code for m in moves})
    parents = _by_code(Unit, "code", {m.new_parent for m in moves})
    for m in moves:
        parent = parents[m.new_parent]
        if kind.parent_kinds and parent.kind not in kind.parent_kinds:
            raise OrgError(f"{m.kind} {m.code}: {m.new_parent} is a {parent.kind}, not a grid")
        if kind.child_model is Unit and children[m.code].pk == parent.pk:
            raise OrgError(f"unit {m.code} cannot be its own parent")
    rows = kind.link_model.objects.select_related(kind.child_field, kind.parent_field)
    if kind.child_model is not Unit:  # a unit's move is checked against the whole tree
        rows = rows.filter(**{f"{kind.child_field}_id__in": [c.pk for c in children.values()]})
    by_key = {}
    for row in rows:
        link = Link(
            getattr(getattr(row, kind.child_field), kind.child_code),
            getattr(row, kind.parent_field).code,
            row.valid_from,
            row.valid_to,
        )
        by_key[link] = row
    plan = plan_reorganisation(by_key, [Move(m.code, m.new_parent) for m in moves], day)
    if kind.child_model is Unit:
        made = cycles_made(by_key, plan)
        if made:
            first, cycle = min(made)
            raise OrgError(
                f"the move would make a loop in the unit tree from {first.isoformat()}: "
                + " → ".join((*cycle, cycle[0]))
            )
    for link in plan.close:
        row = _audited(by_key[link], record)
        row.valid_to = day
        row.save(update_fields=["valid_to"])
    for link in plan.open:
        extra = {}
        if kind.link_model is Assignment:
            old = next((by_key[c] for c in plan.close if c.child == link.child), None)
            extra["post"] = old.post if old else children[link.child].post
        row = kind.link_model(
            **{
                kind.child_field: children[link.child],
                kind.parent_field: parents[link.parent],
            },
            valid_from=day,
            **extra,
        )
        _audited(row, record).save()
    return len(plan.close), len(plan.open)


def _by_code(model, field: str, codes: set[str]) -> dict:
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": codes})}
    missing = sorted(codes - set(found))
    if missing:
        raise OrgError(f"no {model._meta.verbose_name} with {field} {', '.join(missing)}")
    return found
