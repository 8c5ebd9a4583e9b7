"""The dated grid history of customers and places (网格归属历史), from an operator's file.

One row is one period of one customer (客户编码) or place (场所编码) in one grid,
from its valid-from day to its valid-to day (blank while in force). The file is the
truth for every customer and place it names: their stored periods are replaced by
the file's, whole (a subject whose stored history equals the file's is left alone);
those it does not name keep theirs. Periods are checked per subject (each ends after
it starts, none overlaps another: ``wangge.core.intake.links``) and every problem is
named by row and column before anything is written.

The rows are written in bulk (a city's history is hundreds of thousands of rows),
with their history rows (``import #ID``): "-" for each period replaced, "+" for each
written. A rollback puts the replaced periods back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wangge.core.intake.links import Period, period_problems, same_history
from wangge.intake import history
from wangge.intake.staging import codes
from wangge.intake.writes import insert_rows

CHUNK = 5_000


def _models():
    from wangge.customers.models import Customer, CustomerGrid
    from wangge.territory.models import Place, PlaceGrid

    return {"customer": (Customer, CustomerGrid), "place": (Place, PlaceGrid)}


@dataclass
class Subject:
    what: str  # "customer" or "place"
    pk: int
    periods: list[Period]


def stage(records, resolve) -> list[Subject]:
    from wangge.org.models import Unit

    models = _models()
    known = {what: codes(model) for what, (model, _link) in models.items()}
    grids = codes(Unit, kind__in=("grid", "virtual"))
    subjects: dict[tuple[str, int], Subject] = {}
    for r in records:
        row = resolve.tracked.number
        given = [w for w in ("customer", "place") if r[f"{w}_code"] is not None]
        if len(given) != 1:
            resolve.checker._problem(
                row, resolve.position.get("customer_code"), r["customer_code"], "one_subject"
            )
            continue
        what = given[0]
        pk = resolve(r, f"{what}_code", known[what], what)
        grid = resolve(r, "grid_code", grids, "grid")
        if pk is None or grid is None:
            continue
        subject = subjects.setdefault((what, pk), Subject(what, pk, []))
        subject.periods.append(Period(row, grid, r["valid_from"], r["valid_to"]))
    at = resolve.position.get("valid_from")
    for subject in subjects.values():
        for row, rule, params in period_problems(subject.periods):
            value = next(p.start for p in subject.periods if p.row == row)
            resolve.checker._problem(row, at, value.isoformat(), rule, **params)
    return list(subjects.values())


def _stored(what: str, pks: list[int]) -> dict[int, list[tuple[int, int, date, date | None]]]:
    """child id → [(link id, grid, from, to)] as stored."""
    _model, link = _models()[what]
    child = f"{what}_id"
    out: dict[int, list] = {}
    for start in range(0, len(pks), CHUNK):
        for pk, owner, grid, since, until in link.objects.filter(
            **{f"{child}__in": pks[start : start + CHUNK]}
        ).values_list("pk", child, "grid_id", "valid_from", "valid_to"):
            out.setdefault(owner, []).append((pk, grid, since, until))
    return out


def _compare(subjects: list[Subject]):
    """Per kind of subject: (stored links, the subjects whose history changes)."""
    for what in ("customer", "place"):
        mine = [s for s in subjects if s.what == what]
        if not mine:
            continue
        stored = _stored(what, [s.pk for s in mine])
        changing = [
            s
            for s in mine
            if not same_history([row[1:] for row in stored.get(s.pk, [])], s.periods)
        ]
        yield what, stored, mine, changing


def dry(subjects: list[Subject], resolve, outcome) -> None:
    for _what, stored, mine, changing in _compare(subjects):
        outcome.added += sum(1 for s in changing if s.pk not in stored)
        outcome.changed += sum(1 for s in changing if s.pk in stored)
        outcome.unchanged += len(mine) - len(changing)


def write(subjects: list[Subject], resolve, run, user, outcome, undo, today: date) -> None:
    replaced: dict[str, list[list[Any]]] = undo.setdefault("replaced", {})
    named: dict[str, list[int]] = undo.setdefault("subjects", {})
    tops: dict[str, int] = undo.setdefault("top", {})
    for what, stored, mine, changing in _compare(subjects):
        _model, link = _models()[what]
        child = f"{what}_id"
        outcome.added += sum(1 for s in changing if s.pk not in stored)
        outcome.changed += sum(1 for s in changing if s.pk in stored)
        outcome.unchanged += len(mine) - len(changing)
        if not changing:
            continue
        old = [row for s in changing for row in stored.get(s.pk, [])]
        gone = [row[0] for row in old]
        replaced[what] = [
            [s.pk, grid, since.isoformat(), until.isoformat() if until else None]
            for s in changing
            for _pk, grid, since, until in stored.get(s.pk, [])
        ]
        named[what] = [s.pk for s in changing]
        history.record(link, run, user, above=None, changed=[], gone=gone)
        for start in range(0, len(gone), CHUNK):
            link.objects.filter(pk__in=gone[start : start + CHUNK])._raw_delete(link.objects.db)
        tops[what] = history.top_id(link)
        rows = [(s.pk, p.grid, p.start, p.end) for s in changing for p in s.periods]
        for start in range(0, len(rows), CHUNK):
            insert_rows(
                link, [child, "grid_id", "valid_from", "valid_to"], rows[start : start + CHUNK]
            )
        history.record(link, run, user, above=tops[what], changed=[])


def rollback(undo: dict, run, user) -> None:
    reason = f"rollback of import #{run.pk}"
    for what, pks in (undo.get("subjects") or {}).items():
        _model, link = _models()[what]
        child = f"{what}_id"
        made = list(
            link.objects.filter(pk__gt=undo["top"][what], **{f"{child}__in": pks}).values_list(
                "pk", flat=True
            )
        )
        history.record(link, run, user, above=None, changed=[], gone=made, reason=reason)
        for start in range(0, len(made), CHUNK):
            link.objects.filter(pk__in=made[start : start + CHUNK])._raw_delete(link.objects.db)
        top = history.top_id(link)
        rows = [
            (owner, grid, date.fromisoformat(since), date.fromisoformat(until) if until else None)
            for owner, grid, since, until in undo["replaced"].get(what, [])
        ]
        insert_rows(link, [child, "grid_id", "valid_from", "valid_to"], rows)
        history.record(link, run, user, above=top, changed=[], reason=reason)
