"""A reorganisation as one operation: close the old links and open the new ones on one day.

Units move between parents, people between units, places and customers between
grids; new units open under a parent and emptied units close; all of one
reorganisation lands together or not at all, and the audit history records each
closed and opened link with who did it.

Order inside one run: units are opened first (so moves can go into them), then the
moves, then the closings (so a unit can be emptied and closed in the same run).

The organisation knows its own links (units, people); an app whose things hang on
grids registers them with ``register_kind`` when Django starts (territory its
places, customers its customers), so org imports no app above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from wangge.core.org import (
    Link,
    Move,
    OrgError,
    cycles_made,
    parent_kind_problem,
    plan_reorganisation,
)
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
class NewUnit:
    """A unit to open on the day, under ``parent`` (a unit code)."""

    code: str
    kind: str  # a UnitKind value other than city
    parent: str
    name: str = ""


@dataclass(frozen=True)
class ReorganisationResult:
    closed: int
    opened: int
    record: Reorganisation | None = None  # None when nothing had to change (a re-run)


def reorganise(
    moves: Iterable[CodedMove],
    day: date,
    user=None,
    *,
    create: Iterable[NewUnit] = (),
    close: Iterable[str] = (),
) -> ReorganisationResult:
    """Apply every change on ``day`` inside one transaction; refuse the whole set on any error.

    ``create`` opens new units, ``close`` ends the parent link of units (by code) that
    have nothing left under them on and after ``day``. ``user`` is who ran it (None:
    the system); it and one ``Reorganisation`` record are written on every history
    row, so the audit trail shows one entry for the run.
    """
    moves, create, close = list(moves), list(create), list(close)
    closed = opened = 0
    with transaction.atomic():
        unknown = {m.kind for m in moves} - set(KINDS)
        if unknown:
            raise OrgError(
                f"unknown kind of move: {', '.join(sorted(unknown))} (use {', '.join(KINDS)})"
            )
        record = Reorganisation.objects.create(ran_by=user, day=day)
        opened += _open_units(create, day, record)
        for kind_name in KINDS:
            mine = [m for m in moves if m.kind == kind_name]
            if mine:
                c, o = _apply(KINDS[kind_name], mine, day, record)
                closed, opened = closed + c, opened + o
        closed += _close_units(close, day, record)
        if closed + opened == 0:
            record.delete()
            return ReorganisationResult(closed=0, opened=0)
        record.closed, record.opened = closed, opened
        record.summary = "; ".join(
            [f"+ {n.kind} {n.code} → {n.parent}" for n in create]
            + [f"{m.kind} {m.code} → {m.new_parent}" for m in moves]
            + [f"− unit {code}" for code in close]
        )
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


def _open_units(new: list[NewUnit], day: date, record) -> int:
    """Create each new unit and its parent link from ``day``; a unit that already
    stands exactly so (a re-run) is left alone; any other unit of that code is refused."""
    codes = [n.code for n in new]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise OrgError(f"unit {', '.join(twice)} is opened twice in one reorganisation")
    new_codes = set(codes)
    existing = {u.code: u for u in Unit.objects.filter(code__in=new_codes)}
    parents = _by_code(Unit, "code", {n.parent for n in new} - new_codes)
    kinds = {n.code: n.kind for n in new}
    opened = 0
    for n in new:
        parent_kind = kinds.get(n.parent) or parents[n.parent].kind
        problem = parent_kind_problem(n.code, n.kind, n.parent, parent_kind)
        if problem:
            raise OrgError(problem)
        unit = existing.get(n.code)
        if unit is not None:
            if (
                unit.kind == n.kind
                and UnitLink.objects.filter(
                    unit=unit, parent__code=n.parent, valid_from=day
                ).exists()
            ):
                continue
            raise OrgError(f"unit {n.code} already exists ({unit.name}, a {unit.kind})")
    for n in _parents_first(new):
        if n.code in existing:
            continue
        unit = _audited(Unit(code=n.code, name=n.name or n.code, kind=n.kind), record)
        unit.save()
        parent = parents.get(n.parent) or Unit.objects.get(code=n.parent)
        _audited(UnitLink(unit=unit, parent=parent, valid_from=day), record).save()
        opened += 1
    return opened


def _parents_first(new: list[NewUnit]) -> list[NewUnit]:
    """New units ordered so that a new parent is created before its new children."""
    by_code = {n.code: n for n in new}
    done: list[NewUnit] = []
    seen: set[str] = set()

    def visit(n: NewUnit, path: tuple[str, ...]) -> None:
        if n.code in seen:
            return
        if n.code in path:
            raise OrgError("new units would make a loop: " + " → ".join((*path, n.code)))
        if n.parent in by_code:
            visit(by_code[n.parent], (*path, n.code))
        seen.add(n.code)
        done.append(n)

    for n in new:
        visit(n, ())
    return done


def _close_units(codes: list[str], day: date, record) -> int:
    """End each unit's parent link on ``day``; refuse while anything is still under it.

    A closed unit drops out of the tree from ``day`` (the close, the figures and every
    scope read the tree as of a day), and its history stays as it was before.
    """
    if not codes:
        return 0
    units = _by_code(Unit, "code", set(codes))
    closed = 0
    for code in codes:
        unit = units[code]
        remaining = _still_under(unit, day)
        if remaining:
            raise OrgError(
                f"unit {code} cannot close on {day.isoformat()}: still holds "
                + "; ".join(remaining)
                + " (move them in the same reorganisation)"
            )
        links = list(UnitLink.objects.filter(unit=unit).select_related("parent"))
        if any(link.valid_from > day for link in links):
            raise OrgError(f"unit {code} has a change after {day.isoformat()} already")
        current = [
            link
            for link in links
            if link.valid_from <= day and (link.valid_to is None or link.valid_to > day)
        ]
        if not current:
            if any(link.valid_to == day for link in links):
                continue  # closed on this day already: a re-run
            raise OrgError(f"unit {code} is not open on {day.isoformat()}")
        for link in current:
            if link.valid_from == day:
                raise OrgError(f"unit {code} was opened on {day.isoformat()}; it cannot close then")
            link = _audited(link, record)
            link.valid_to = day
            link.save(update_fields=["valid_to"])
            closed += 1
    return closed


def _still_under(unit: Unit, day: date) -> list[str]:
    """What is linked to ``unit`` on or after ``day``, as "3 customers (K1, K2, …)"."""
    from django.db.models import Q

    live = Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    found = []
    for kind in KINDS.values():
        rows = kind.link_model.objects.filter(live, **{kind.parent_field: unit})
        codes = list(
            rows.order_by(f"{kind.child_field}__{kind.child_code}")
            .values_list(f"{kind.child_field}__{kind.child_code}", flat=True)
            .distinct()
        )
        if codes:
            shown = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
            found.append(f"{len(codes)} {kind.child_model._meta.verbose_name_plural} ({shown})")
    return found


def _by_code(model, field: str, codes: set[str]) -> dict:
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": codes})}
    missing = sorted(codes - set(found))
    if missing:
        raise OrgError(f"no {model._meta.verbose_name} with {field} {', '.join(missing)}")
    return found
