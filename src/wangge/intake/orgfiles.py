"""The organisation from an operator's staff and unit lists: units and their links,
people and their assignments.

These tables are small (thousands of rows) and every change to them is kept in the
audit history, so they are written through the ORM, one row at a time, each history
row carrying the run (``import #ID``) and who started it. A unit names its parent by
code (in the same file or already stored); the file's tree must be a tree (no unit
under itself). A person names the unit they serve; a new post or unit closes the
assignment in force and opens the new one from the row's valid-from day (today when
blank). Columns the file does not have are left as they are: a staff list without
phone numbers does not erase them.

A new person's role follows their post (``ROLE_OF_POST``); a known person's role is
not changed by a file (roles of people with a log-in are granted in the admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import ProtectedError

from wangge.core.access import ROLE_OF_POST
from wangge.intake.writes import EPOCH, from_json, jsonable

REASON = "import #"

UNIT_FIELDS = (
    "name",
    "kind",
    "grid_class",
    "grid_type",
    "urban",
    "lon",
    "lat",
    "households",
    "population",
    "enterprises",
)
PERSON_FIELDS = ("name", "post", "level", "phone", "id_number", "hired_on")
_BLANK = {
    "grid_class": "",
    "grid_type": "",
    "urban": True,
    "households": 0,
    "population": 0,
    "enterprises": 0,
    "phone": "",
    "id_number": "",
    "level": "junior",
}


@dataclass
class Row:
    number: int  # the file's row, for a problem found after reading all of them
    record: dict[str, Any]


def _value(name: str, value):
    if name == "urban" and value is not None:
        return value == "true"
    return _BLANK.get(name) if value is None else value


def _given(resolve, fields) -> list[str]:
    present = {name for name, _p, _h in resolve.checker.columns}
    return [f for f in fields if f in present]


def _problem(resolve, row: Row, name: str, rule: str, **params) -> None:
    resolve.checker._problem(
        row.number, resolve.position.get(name), row.record.get(name), rule, **params
    )


def _audited(obj, run, user):
    obj._change_reason = f"{REASON}{run.pk}"
    obj._history_user = user if getattr(user, "pk", None) else None
    return obj


def _start(since: date | None, today: date, current_from: date | None, new: bool) -> date:
    start = since or (EPOCH if new else today)
    if current_from is not None and start <= current_from:
        start = max(today, current_from + timedelta(days=1))
    return start


# --- units ---------------------------------------------------------------------------


def stage_units(records, resolve) -> list[Row]:
    from wangge.org.models import Unit, UnitLink

    rows = [Row(resolve.tracked.number, r) for r in records]
    stored = dict(Unit.objects.values_list("code", "pk"))
    by_pk = {pk: code for code, pk in stored.items()}
    parent = {
        by_pk[u]: by_pk[p]
        for u, p in UnitLink.objects.filter(valid_to__isnull=True).values_list(
            "unit_id", "parent_id"
        )
    }
    in_file = {row.record["code"] for row in rows}
    for row in rows:
        up = row.record["parent_code"]
        if up is None:
            continue
        if up not in in_file and up not in stored:
            _problem(resolve, row, "parent_code", "unknown_code", what="unit")
        else:
            parent[row.record["code"]] = up
    for row in rows:
        seen, at = {row.record["code"]}, parent.get(row.record["code"])
        while at is not None:
            if at in seen:
                _problem(resolve, row, "parent_code", "unit_cycle")
                break
            seen.add(at)
            at = parent.get(at)
    return rows


def write_units(rows: list[Row], resolve, run, user, outcome, undo, today: date) -> None:
    from wangge.org.models import Unit, UnitLink

    fields = _given(resolve, UNIT_FIELDS)
    units = {u.code: u for u in Unit.objects.filter(code__in=[r.record["code"] for r in rows])}
    created, changed = undo.setdefault("created", []), undo.setdefault("changed", {})
    new_codes: set[str] = set()
    touched: set[str] = set()
    for row in rows:
        r, unit = row.record, units.get(row.record["code"])
        values = {f: _value(f, r[f]) for f in fields}
        if unit is None:
            unit = Unit(code=r["code"], **{f: v for f, v in values.items() if v is not None})
            _audited(unit, run, user).save()
            units[unit.code] = unit
            created.append(unit.pk)
            new_codes.add(unit.code)
            continue
        diff = {f: getattr(unit, f) for f, v in values.items() if getattr(unit, f) != v}
        if diff:
            changed[str(unit.pk)] = {f: jsonable(v) for f, v in diff.items()}
            for f in diff:
                setattr(unit, f, values[f])
            _audited(unit, run, user).save()
            touched.add(unit.code)
    opened, closed = undo.setdefault("links_opened", []), undo.setdefault("links_closed", [])
    current = {
        link.unit_id: link
        for link in UnitLink.objects.filter(
            valid_to__isnull=True, unit_id__in=[u.pk for u in units.values()]
        )
    }
    parents = {u.code: u for u in Unit.objects.filter(code__in=_parent_codes(rows))}
    parents.update(units)
    for row in rows:
        r = row.record
        if r["parent_code"] is None:
            continue
        unit, up = units[r["code"]], parents[r["parent_code"]]
        link = current.get(unit.pk)
        if link is not None and link.parent_id == up.pk:
            continue
        start = _start(
            r["valid_from"], today, link.valid_from if link else None, r["code"] in new_codes
        )
        if link is not None:
            link.valid_to = start
            _audited(link, run, user).save()
            closed.append(link.pk)
        fresh = UnitLink(unit=unit, parent=up, valid_from=start)
        _audited(fresh, run, user).save()
        opened.append(fresh.pk)
        touched.add(unit.code)
    outcome.added += len(new_codes)
    outcome.changed += len(touched - new_codes)
    outcome.unchanged += len(rows) - len(new_codes) - len(touched - new_codes)


def _parent_codes(rows: list[Row]) -> set[str]:
    return {r.record["parent_code"] for r in rows if r.record["parent_code"]}


def dry_units(rows: list[Row], resolve, outcome) -> None:
    from wangge.org.models import Unit

    fields = _given(resolve, UNIT_FIELDS)
    units = {u.code: u for u in Unit.objects.filter(code__in=[r.record["code"] for r in rows])}
    for row in rows:
        unit = units.get(row.record["code"])
        if unit is None:
            outcome.added += 1
        elif any(getattr(unit, f) != _value(f, row.record[f]) for f in fields):
            outcome.changed += 1
        else:
            outcome.unchanged += 1


def rollback_units(undo: dict, run, user) -> None:
    from wangge.org.models import Unit, UnitLink

    _rollback(Unit, UnitLink, "unit", undo, run, user)


# --- people ----------------------------------------------------------------------------


def stage_people(records, resolve) -> list[Row]:
    from wangge.intake.staging import codes
    from wangge.org.models import Unit

    units = codes(Unit)
    rows = []
    for r in records:
        number = resolve.tracked.number
        if resolve(r, "unit_code", units, "unit") is None and r["unit_code"] is not None:
            continue
        r["unit_id"] = units.get(r["unit_code"]) if r["unit_code"] else None
        rows.append(Row(number, r))
    return rows


def write_people(rows: list[Row], resolve, run, user, outcome, undo, today: date) -> None:
    from wangge.org.models import Assignment, Person

    fields = _given(resolve, PERSON_FIELDS)
    people = {
        p.staff_no: p
        for p in Person.objects.filter(staff_no__in=[r.record["staff_no"] for r in rows])
    }
    created, changed = undo.setdefault("created", []), undo.setdefault("changed", {})
    opened, closed = undo.setdefault("links_opened", []), undo.setdefault("links_closed", [])
    current: dict[int, list] = {}
    for a in Assignment.objects.filter(
        valid_to__isnull=True, person_id__in=[p.pk for p in people.values()]
    ):
        current.setdefault(a.person_id, []).append(a)
    for row in rows:
        r = row.record
        person = people.get(r["staff_no"])
        values = {f: _value(f, r[f]) for f in fields}
        is_new = person is None
        touched = False
        if is_new:
            person = Person(
                staff_no=r["staff_no"],
                role=ROLE_OF_POST.get(r["post"], "frontline"),
                **{f: v for f, v in values.items() if v is not None},
            )
            _audited(person, run, user).save()
            created.append(person.pk)
            outcome.added += 1
        else:
            diff = {f: getattr(person, f) for f, v in values.items() if getattr(person, f) != v}
            if diff:
                changed[str(person.pk)] = {f: jsonable(v) for f, v in diff.items()}
                for f in diff:
                    setattr(person, f, values[f])
                _audited(person, run, user).save()
                touched = True
        if r["unit_id"] is not None:
            mine = current.get(person.pk, [])
            if not any(a.unit_id == r["unit_id"] and a.post == r["post"] for a in mine):
                latest = max((a.valid_from for a in mine), default=None)
                start = _start(r["valid_from"], today, latest, is_new)
                for a in mine:
                    a.valid_to = start
                    _audited(a, run, user).save()
                    closed.append(a.pk)
                fresh = Assignment(
                    person=person, unit_id=r["unit_id"], post=r["post"], valid_from=start
                )
                _audited(fresh, run, user).save()
                opened.append(fresh.pk)
                touched = True
        if not is_new:
            if touched:
                outcome.changed += 1
            else:
                outcome.unchanged += 1


def dry_people(rows: list[Row], resolve, outcome) -> None:
    from wangge.org.models import Assignment, Person

    fields = _given(resolve, PERSON_FIELDS)
    people = {
        p.staff_no: p
        for p in Person.objects.filter(staff_no__in=[r.record["staff_no"] for r in rows])
    }
    serving = set(
        Assignment.objects.filter(valid_to__isnull=True).values_list("person_id", "unit_id", "post")
    )
    for row in rows:
        r, person = row.record, people.get(row.record["staff_no"])
        if person is None:
            outcome.added += 1
        elif any(getattr(person, f) != _value(f, r[f]) for f in fields) or (
            r["unit_id"] is not None and (person.pk, r["unit_id"], r["post"]) not in serving
        ):
            outcome.changed += 1
        else:
            outcome.unchanged += 1


def rollback_people(undo: dict, run, user) -> None:
    from wangge.org.models import Assignment, Person

    _rollback(Person, Assignment, "person", undo, run, user)


# --- shared ---------------------------------------------------------------------------


class OrgRollbackRefused(ValueError):
    pass


def _rollback(model, link_model, child: str, undo: dict, run, user) -> None:
    """Links opened go, links closed reopen, rows made go, values changed come back;
    every step through the ORM, so the history shows the rollback too."""
    for link in link_model.objects.filter(pk__in=undo.get("links_opened", [])):
        _audited(link, run, user).delete()
    for link in link_model.objects.filter(pk__in=undo.get("links_closed", [])):
        link.valid_to = None
        _audited(link, run, user).save()
    for pk, values in (undo.get("changed") or {}).items():
        obj = model.objects.get(pk=int(pk))
        for f, v in values.items():
            setattr(obj, f, from_json(model, f, v))
        _audited(obj, run, user).save()
    try:
        for obj in model.objects.filter(pk__in=undo.get("created", [])):
            _audited(obj, run, user).delete()
    except ProtectedError as exc:
        names = ", ".join(sorted(str(o) for o in list(exc.protected_objects)[:3]))
        raise OrgRollbackRefused(
            f"rows made by import run #{run.pk} are in use since ({names}); undo those first"
        ) from exc


@dataclass(frozen=True)
class OrgKind:
    stage: Any
    write: Any
    dry: Any
    rollback: Any


ORG_KINDS = {
    "unit": OrgKind(stage_units, write_units, dry_units, rollback_units),
    "person": OrgKind(stage_people, write_people, dry_people, rollback_people),
}
