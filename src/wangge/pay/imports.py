"""Excel in and out for the month's pay inputs: unit bases, unit revenue, person months.

A city's pay clerk passes these around as spreadsheets, so each input has a
template (one row per unit or person the viewer may see, filled with the values
in force for the month) and an import that is all or nothing: every cell is
checked first, one bad cell refuses the whole file with a message naming the
file, the row and the column header, and nothing is written. Money is yuan in
the sheet and int cents in the database. Importing the same file twice changes
nothing the second time (update or create; unchanged rows are left alone).

Who: pool inputs (bases, revenue) are the marketing department's, because a
director's pool would otherwise rest on figures they typed themselves; person
months (attendance, training, rural posting) are also a director's, for the
people of their own center. A month whose distribution is submitted or approved
refuses changes: the inputs it rests on cannot move under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.core import formatting
from wangge.core.months import add_months, month_start
from wangge.org.models import Person, Unit
from wangge.org.scope import may
from wangge.pay.config import config
from wangge.pay.input_sheets import (
    AMOUNT_KIND,
    ATTENDANCE,
    BASE,
    BUDGET,
    KINDS,
    REVENUE,
    RURAL,
    STAFF_NO,
    TIER,
    TRAINING,
    UNIT_CODE,
    BadCell,
    ImportRefused,
    blank,
    cell_attendance,
    cell_cents,
    cell_hours,
    cell_rural,
    cell_text,
    month_people,
    plain_decimal,
    read_sheet,
    unit_scope,
)
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayPool,
    PersonMonth,
    UnitPayBase,
    UnitRevenue,
)
from wangge.pay.staffing import POOL_KINDS


@dataclass
class RowResult:
    row: int
    key: str
    name: str
    action: str  # created / updated / unchanged / skipped
    values: str = ""


@dataclass
class ImportResult:
    kind: str
    file: str
    month: date
    rows: list[RowResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self) -> str:
        return (
            f"{self.file}: {len(self.rows)} rows, {self.count('created')} created, "
            f"{self.count('updated')} updated, {self.count('unchanged')} unchanged, "
            f"{self.count('skipped')} skipped"
        )


# --- who --------------------------------------------------------------------------------


def may_import(user, kind: str) -> bool:
    """Bases and revenue: ``pay.import``; person months: also ``pay.import_people``."""
    return may(user, "pay.import") or (kind == "people" and may(user, "pay.import_people"))


def _locked(unit_ids: set[int], months: tuple[date, date | None]) -> dict[int, Distribution]:
    """unit id → a submitted or approved distribution in [from, to) resting on the inputs."""
    lo, hi = months
    qs = Distribution.objects.filter(
        unit_id__in=unit_ids,
        month__gte=lo,
        status__in=[DistributionStatus.SUBMITTED, DistributionStatus.APPROVED],
    ).order_by("month")
    if hi is not None:
        qs = qs.filter(month__lt=hi)
    out: dict[int, Distribution] = {}
    for d in qs:
        out.setdefault(d.unit_id, d)
    return out


def _locked_message(unit: Unit, d: Distribution) -> str:
    return _(
        "%(unit)s: the distribution of %(month)s is %(status)s;"
        " the inputs it rests on cannot change"
    ) % {"unit": unit.name, "month": f"{d.month:%Y-%m}", "status": d.get_status_display()}


# --- importing ---------------------------------------------------------------------------------


def import_file(kind: str, source, month: date, *, user=None, name: str | None = None):
    """Check every row of ``source`` and write them all, or refuse them all.

    ``user`` None is a batch run for the company (the whole city); otherwise the
    user's role and scope apply. Returns an :class:`ImportResult`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown input {kind!r}: one of {', '.join(KINDS)}")
    name = name or str(getattr(source, "name", source)).rsplit("/", 1)[-1]
    month = month_start(month)
    if user is not None and not may_import(user, kind):
        raise ImportRefused(
            [
                _("%(file)s: only the marketing department imports %(what)s")
                % {"file": name, "what": _(KIND_LABELS[kind])}
            ]
        )
    rows = read_sheet(source, name, kind, month)
    with transaction.atomic():
        result = ImportResult(kind, name, month)
        errors: list[str] = []
        if kind == "people":
            _people_rows(rows, month, user, name, errors, result)
        else:
            _unit_rows(kind, rows, month, user, name, errors, result)
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(errors)
        changed = result.count("created") + result.count("updated")
        if changed and PayPool.objects.filter(month=month).exists():
            result.notices.append(
                _("The pools of %(month)s were computed before this import: compute them again.")
                % {"month": f"{month:%Y-%m}"}
            )
    return result


KIND_LABELS = {
    "bases": gettext_noop("pay bases"),
    "revenue": gettext_noop("revenue"),
    "people": gettext_noop("attendance and training"),
}


def _err(errors: list[str], name: str, row: int, column: str, why: str) -> None:
    errors.append(
        _("%(file)s, row %(row)s, column %(column)s: %(why)s")
        % {"file": name, "row": row, "column": column, "why": why}
    )


def _unit_rows(kind, rows, month, user, name, errors, result) -> None:
    ids = unit_scope(user)
    units = {u.code: u for u in Unit.objects.all()}
    tiers = sorted((config().tier_coefficients or {}).keys())
    seen: dict[str, int] = {}
    parsed = []
    for n, cells in rows:
        code = cell_text(cells.get(UNIT_CODE))
        unit = units.get(code)
        if not code:
            _err(errors, name, n, UNIT_CODE, _("empty"))
            continue
        if unit is None:
            _err(errors, name, n, UNIT_CODE, _('"%(value)s" is not a unit code') % {"value": code})
            continue
        if unit.kind not in POOL_KINDS:
            _err(
                errors,
                name,
                n,
                UNIT_CODE,
                _('"%(value)s" (%(unit)s) is not a center or county branch')
                % {"value": code, "unit": unit.name},
            )
            continue
        if ids is not None and unit.pk not in ids:
            _err(
                errors,
                name,
                n,
                UNIT_CODE,
                _('"%(value)s" (%(unit)s) is outside your scope')
                % {"value": code, "unit": unit.name},
            )
            continue
        if code in seen:
            _err(
                errors,
                name,
                n,
                UNIT_CODE,
                _('"%(value)s" is already in row %(row)s') % {"value": code, "row": seen[code]},
            )
            continue
        seen[code] = n
        values: dict[str, Any] = {}
        cols = [TIER, BASE, BUDGET] if kind == "bases" else [REVENUE]
        if all(blank(cells.get(c)) for c in cols):
            result.rows.append(RowResult(n, code, unit.name, "skipped"))
            continue
        bad = False
        for col in cols:
            raw = cells.get(col)
            try:
                if col == TIER:
                    tier = cell_text(raw)
                    if tier not in tiers:
                        raise BadCell(
                            _('"%(value)s" is not a tier: %(tiers)s')
                            % {"value": tier, "tiers": ", ".join(tiers)}
                        )
                    values[col] = tier
                elif col == BUDGET and blank(raw):
                    values[col] = 0
                elif blank(raw):
                    raise BadCell(_("empty"))
                else:
                    values[col] = cell_cents(raw, AMOUNT_KIND[col])
            except BadCell as exc:
                _err(errors, name, n, col, str(exc))
                bad = True
        if not bad:
            parsed.append((n, unit, values))
    if errors:
        return
    for n, unit, values in parsed:
        if kind == "bases":
            action, shown = _write_base(unit, month, values, user, name, n, errors)
        else:
            action, shown = _write_revenue(unit, month, values[REVENUE], user, name, n, errors)
        if action:
            result.rows.append(RowResult(n, unit.code, unit.name, action, shown))
    result.rows.sort(key=lambda r: r.row)


def _write_base(unit, month, values, user, name, n, errors) -> tuple[str | None, str]:
    """The base from ``month`` on: the row in force is updated when it starts that month,
    otherwise closed at the month and followed by a new row until its old end."""
    tier, base, budget = values[TIER], values[BASE], values[BUDGET]
    shown = f"{tier} · {formatting.yuan(base)} · {formatting.yuan(budget)}"
    current = (
        UnitPayBase.objects.as_of(month)
        .filter(unit=unit)
        .order_by("-valid_from")
        .select_for_update()
        .first()
    )
    if current is not None and (current.tier, current.base_cents, current.revenue_budget_cents) == (
        tier,
        base,
        budget,
    ):
        return "unchanged", shown
    if current is not None:
        until = current.valid_to
    else:
        later = (
            UnitPayBase.objects.filter(unit=unit, valid_from__gt=month)
            .order_by("valid_from")
            .first()
        )
        until = later.valid_from if later else None
    locked = _locked({unit.pk}, (month, until)).get(unit.pk)
    if locked is not None:
        _err(errors, name, n, UNIT_CODE, _locked_message(unit, locked))
        return None, shown
    if current is not None and current.valid_from == month:
        current.tier, current.base_cents, current.revenue_budget_cents = tier, base, budget
        _save(current, user)
        return "updated", shown
    if current is not None:
        current.valid_to = month
        _save(current, user)
    row = UnitPayBase(
        unit=unit,
        tier=tier,
        base_cents=base,
        revenue_budget_cents=budget,
        valid_from=month,
        valid_to=until,
    )
    _save(row, user)
    return "created", shown


def _write_revenue(unit, month, cents, user, name, n, errors) -> tuple[str | None, str]:
    shown = formatting.yuan(cents)
    row = UnitRevenue.objects.select_for_update().filter(unit=unit, month=month).first()
    if row is not None and row.revenue_cents == cents:
        return "unchanged", shown
    locked = _locked({unit.pk}, (month, add_months(month, 1))).get(unit.pk)
    if locked is not None:
        _err(errors, name, n, UNIT_CODE, _locked_message(unit, locked))
        return None, shown
    action = "updated" if row is not None else "created"
    row = row or UnitRevenue(unit=unit, month=month)
    row.revenue_cents = cents
    _save(row, user)
    return action, shown


def _people_rows(rows, month, user, name, errors, result) -> None:
    ids = unit_scope(user)
    _s, units_of = month_people(month)
    people = {p.staff_no: p for p in Person.objects.all()}
    units = {u.pk: u for u in Unit.objects.filter(kind__in=POOL_KINDS)}
    existing = {
        pm.person_id: pm for pm in PersonMonth.objects.select_for_update().filter(month=month)
    }
    seen: dict[str, int] = {}
    parsed = []
    for n, cells in rows:
        staff = cell_text(cells.get(STAFF_NO))
        person = people.get(staff)
        if not staff:
            _err(errors, name, n, STAFF_NO, _("empty"))
            continue
        if person is None:
            _err(
                errors, name, n, STAFF_NO, _('"%(value)s" is not a staff number') % {"value": staff}
            )
            continue
        served = units_of.get(person.pk, set())
        if ids is not None and not (served & ids):
            # not named: who is outside the importer's scope is not theirs to learn
            _err(
                errors,
                name,
                n,
                STAFF_NO,
                _('"%(value)s" is outside your scope') % {"value": staff},
            )
            continue
        if not served:
            _err(
                errors,
                name,
                n,
                STAFF_NO,
                _(
                    '"%(value)s" (%(person)s) is not assigned to a center'
                    " or county branch in %(month)s"
                )
                % {"value": staff, "person": person.name, "month": f"{month:%Y-%m}"},
            )
            continue
        if staff in seen:
            _err(
                errors,
                name,
                n,
                STAFF_NO,
                _('"%(value)s" is already in row %(row)s') % {"value": staff, "row": seen[staff]},
            )
            continue
        seen[staff] = n
        cols = [ATTENDANCE, TRAINING, RURAL]
        if all(blank(cells.get(c)) for c in cols):
            result.rows.append(RowResult(n, staff, person.name, "skipped"))
            continue
        values: dict[str, Any] = {}
        bad = False
        for col, parse in (
            (ATTENDANCE, cell_attendance),
            (TRAINING, cell_hours),
            (RURAL, cell_rural),
        ):
            try:
                values[col] = parse(cells.get(col))
            except BadCell as exc:
                _err(errors, name, n, col, str(exc))
                bad = True
        if bad:
            continue
        new = (values[ATTENDANCE], values[TRAINING], values[RURAL])
        pm = existing.get(person.pk)
        shown = _person_values(*new)
        if pm is not None and (pm.attendance, pm.training_hours, pm.rural) == new:
            result.rows.append(RowResult(n, staff, person.name, "unchanged", shown))
            continue
        locked = _locked(served, (month, add_months(month, 1)))
        if locked:
            for uid, d in sorted(locked.items()):
                _err(errors, name, n, STAFF_NO, _locked_message(units[uid], d))
            continue
        parsed.append((n, person, pm, new, shown))
    if errors:
        return
    for n, person, pm, (attendance, hours, rural), shown in parsed:
        action = "updated" if pm is not None else "created"
        pm = pm or PersonMonth(month=month, person=person)
        pm.attendance, pm.training_hours, pm.rural = attendance, hours, rural
        _save(pm, user)
        result.rows.append(RowResult(n, person.staff_no, person.name, action, shown))
    result.rows.sort(key=lambda r: r.row)


def _person_values(attendance: Decimal, hours: Decimal | None, rural: bool | None) -> str:
    return " · ".join(
        [
            f"{plain_decimal(attendance)}",
            "—" if hours is None else f"{plain_decimal(hours)} h",
            "—" if rural is None else ("是" if rural else "否"),
        ]
    )


def _save(obj, user) -> None:
    """Save with the importer recorded in the history (a batch run has none)."""
    if user is not None:
        obj._history_user = user
    obj.save()
