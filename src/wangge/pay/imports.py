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

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from wangge.core import formatting
from wangge.core.cells import append_row
from wangge.core.money import MoneyError, to_cents
from wangge.core.months import add_months, month_start
from wangge.org.models import Person, Unit
from wangge.org.scope import may, visible_unit_ids
from wangge.pay.config import config
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayPool,
    PersonMonth,
    UnitPayBase,
    UnitRevenue,
)
from wangge.pay.refusals import amount_problem
from wangge.pay.staffing import POOL_KINDS, Staffing, staffing

KINDS = ("bases", "revenue", "people")

UNIT_CODE = "单位编码 unit code"
UNIT_NAME = "单位名称 unit name"
TIER = "预算档次 tier"
BASE = "基数(元) base (yuan)"
BUDGET = "收入预算(元) revenue budget (yuan)"
REVENUE = "收入(元) revenue (yuan)"
AMOUNT_KIND = {BASE: "base", BUDGET: "budget", REVENUE: "revenue"}
STAFF_NO = "人员编号 staff number"
NAME = "姓名 name"
UNIT = "单位 unit"
ATTENDANCE = "出勤率 attendance"
TRAINING = "培训学时 training hours"
RURAL = "农村驻点 rural posting"

HEADERS = {
    "bases": [UNIT_CODE, UNIT_NAME, TIER, BASE, BUDGET],
    "revenue": [UNIT_CODE, UNIT_NAME, REVENUE],
    "people": [STAFF_NO, NAME, UNIT, ATTENDANCE, TRAINING, RURAL],
}
# The columns an import reads (names are there for the reader only).
REQUIRED = {
    "bases": [UNIT_CODE, TIER, BASE, BUDGET],
    "revenue": [UNIT_CODE, REVENUE],
    "people": [STAFF_NO, ATTENDANCE, TRAINING, RURAL],
}
NOTES = {
    ATTENDANCE: "0–1 (0.95 or 95%); empty: 1",
    TRAINING: "hours this year so far; empty: not tracked",
    RURAL: "是/否 yes/no; empty: from the assigned grid",
    TIER: "A / B / C (the tiers configured in pay)",
}
YES = {"是", "y", "yes", "true", "1"}
NO = {"否", "n", "no", "false", "0"}


class ImportRefused(Exception):
    """A file that cannot be taken: ``errors`` holds one message per bad cell (or file)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


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


def _scope(user) -> set[int] | None:
    return None if user is None else visible_unit_ids(user)


def _pool_units(user) -> list[Unit]:
    ids = _scope(user)
    qs = Unit.objects.filter(kind__in=POOL_KINDS).order_by("code")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _people(month: date) -> tuple[Staffing, dict[int, set[int]]]:
    """The month's staffing and, per person, the pool units they served."""
    s = staffing(month)
    return s, {pid: set(days) for pid, days in s.days.items()}


# --- templates ----------------------------------------------------------------------------


def template_rows(kind: str, month: date, user=None) -> list[list[Any]]:
    """The template's rows: the viewer's units or people with the month's current values."""
    if kind == "bases":
        rows = []
        for u in _pool_units(user):
            b = UnitPayBase.objects.as_of(month).filter(unit=u).order_by("-valid_from").first()
            rows.append(
                [
                    u.code,
                    u.name,
                    b.tier if b else None,
                    _yuan(b.base_cents) if b else None,
                    _yuan(b.revenue_budget_cents) if b else None,
                ]
            )
        return rows
    if kind == "revenue":
        units = _pool_units(user)
        rev = dict(
            UnitRevenue.objects.filter(month=month, unit__in=units).values_list(
                "unit_id", "revenue_cents"
            )
        )
        return [[u.code, u.name, _yuan(rev[u.pk]) if u.pk in rev else None] for u in units]
    if kind == "people":
        ids = _scope(user)
        s, units_of = _people(month)
        excluded = set(config().excluded_posts or [])
        names = {u.pk: u.name for u in Unit.objects.filter(kind__in=POOL_KINDS)}
        extra = {pm.person_id: pm for pm in PersonMonth.objects.filter(month=month)}
        rows = []
        for pid, person in sorted(s.people.items(), key=lambda kv: kv[1].staff_no):
            mine = [u for u in units_of[pid] if ids is None or u in ids]
            if not mine or all(s.post[(pid, u)] in excluded for u in units_of[pid]):
                continue
            pm = extra.get(pid)
            rows.append(
                [
                    person.staff_no,
                    person.name,
                    "、".join(names.get(u, "") for u in sorted(units_of[pid])),
                    _plain(pm.attendance) if pm else None,
                    _plain(pm.training_hours) if pm and pm.training_hours is not None else None,
                    None if pm is None or pm.rural is None else ("是" if pm.rural else "否"),
                ]
            )
        return rows
    raise ValueError(f"unknown input {kind!r}: one of {', '.join(KINDS)}")


def template_bytes(kind: str, month: date, user=None) -> bytes:
    """The template workbook: bilingual headers, codes as text, yuan formatted 0.00."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y-%m}"
    headers = HEADERS[kind]
    append_row(sheet, headers)
    for i, cell in enumerate(sheet[1]):
        cell.font = Font(bold=True)
        if headers[i] in NOTES:
            cell.comment = Comment(NOTES[headers[i]], "wangge")
    for row in template_rows(kind, month, user):
        append_row(sheet, row)
        r = sheet.max_row
        sheet.cell(r, 1).number_format = "@"
        for i, h in enumerate(headers, start=1):
            if "(元)" in h:
                sheet.cell(r, i).number_format = "0.00"
    for i, h in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(14, len(h) + 4)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(kind: str, month: date) -> str:
    return f"{kind}-{month:%Y-%m}.xlsx"


def _plain(d: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form (100, not 1E+2)."""
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _yuan(cents: int) -> Decimal:
    return formatting.yuan_amount(int(cents))


# --- reading --------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def _aliases(header: str) -> set[str]:
    zh, _sep, en = header.partition(" ")
    return {_norm(header), _norm(zh), _norm(en)}


def _read(source, name: str, kind: str, month: date) -> list[tuple[int, dict[str, Any]]]:
    """(Excel row number, {canonical header: value}) for each non-empty row."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise ImportRefused(
            [_("%(file)s: not an Excel workbook (.xlsx)") % {"file": name}]
        ) from exc
    sheet = book.worksheets[0]
    title = sheet.title.strip()
    if re.fullmatch(r"\d{4}-\d{2}", title) and title != f"{month:%Y-%m}":
        book.close()
        raise ImportRefused(
            [
                _("%(file)s: the sheet is for %(sheet)s, not %(month)s")
                % {"file": name, "sheet": title, "month": f"{month:%Y-%m}"}
            ]
        )
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    where: dict[str, int] = {}
    for i, h in enumerate(header):
        for canonical in HEADERS[kind]:
            if _norm(h) and _norm(h) in _aliases(canonical) and canonical not in where:
                where[canonical] = i
    missing = [h for h in REQUIRED[kind] if h not in where]
    if missing:
        book.close()
        raise ImportRefused(
            [
                _("%(file)s, row 1: no column %(column)s") % {"file": name, "column": h}
                for h in missing
            ]
        )
    out = []
    for n, row in enumerate(rows, start=2):
        cells = {
            h: (row[i] if row is not None and i < len(row) else None) for h, i in where.items()
        }
        if all(_blank(v) for v in cells.values()):
            continue
        out.append((n, cells))
    book.close()
    return out


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _text(value: Any) -> str:
    """A code as text, even when Excel stored it as a number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class _Cell(Exception):
    """One bad cell: the reason, already in the reader's language."""


def _money(value: Any, kind: str) -> int:
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, Decimal):
        value = str(value)
    try:
        cents = to_cents(value)
    except (MoneyError, TypeError):
        raise _Cell(_('"%(value)s" is not an amount in yuan') % {"value": _text(value)}) from None
    if cents < 0:
        raise _Cell(_('"%(value)s": must not be negative') % {"value": _text(value)})
    problem = amount_problem(cents, kind)
    if problem:
        raise _Cell(problem)
    return cents


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        d = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise _Cell(_('"%(value)s" is not a number') % {"value": _text(value)}) from None
    if not d.is_finite():
        raise _Cell(_('"%(value)s" is not a number') % {"value": _text(value)})
    return d / 100 if percent else d


def _attendance(value: Any) -> Decimal:
    if _blank(value):
        return Decimal(1)
    d = _decimal(value)
    if not (0 <= d <= 1):
        raise _Cell(_('"%(value)s": attendance is between 0 and 1') % {"value": _text(value)})
    if d != d.quantize(Decimal("0.0001")):
        raise _Cell(
            _('"%(value)s": attendance has at most four decimals') % {"value": _text(value)}
        )
    return d.quantize(Decimal("0.0001"))


def _hours(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    d = _decimal(value)
    if d < 0:
        raise _Cell(_('"%(value)s": training hours must not be negative') % {"value": _text(value)})
    if d != d.quantize(Decimal("0.01")) or d >= 100000:
        raise _Cell(
            _('"%(value)s": hours below 100,000 with at most two decimals')
            % {"value": _text(value)}
        )
    return d.quantize(Decimal("0.01"))


def _rural(value: Any) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise _Cell(_('"%(value)s" is not 是/否 (yes/no)') % {"value": _text(value)})


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
    rows = _read(source, name, kind, month)
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
    ids = _scope(user)
    units = {u.code: u for u in Unit.objects.all()}
    tiers = sorted((config().tier_coefficients or {}).keys())
    seen: dict[str, int] = {}
    parsed = []
    for n, cells in rows:
        code = _text(cells.get(UNIT_CODE))
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
        if all(_blank(cells.get(c)) for c in cols):
            result.rows.append(RowResult(n, code, unit.name, "skipped"))
            continue
        bad = False
        for col in cols:
            raw = cells.get(col)
            try:
                if col == TIER:
                    tier = _text(raw)
                    if tier not in tiers:
                        raise _Cell(
                            _('"%(value)s" is not a tier: %(tiers)s')
                            % {"value": tier, "tiers": ", ".join(tiers)}
                        )
                    values[col] = tier
                elif col == BUDGET and _blank(raw):
                    values[col] = 0
                elif _blank(raw):
                    raise _Cell(_("empty"))
                else:
                    values[col] = _money(raw, AMOUNT_KIND[col])
            except _Cell as exc:
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
    ids = _scope(user)
    _s, units_of = _people(month)
    people = {p.staff_no: p for p in Person.objects.all()}
    units = {u.pk: u for u in Unit.objects.filter(kind__in=POOL_KINDS)}
    existing = {
        pm.person_id: pm for pm in PersonMonth.objects.select_for_update().filter(month=month)
    }
    seen: dict[str, int] = {}
    parsed = []
    for n, cells in rows:
        staff = _text(cells.get(STAFF_NO))
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
        if all(_blank(cells.get(c)) for c in cols):
            result.rows.append(RowResult(n, staff, person.name, "skipped"))
            continue
        values: dict[str, Any] = {}
        bad = False
        for col, parse in ((ATTENDANCE, _attendance), (TRAINING, _hours), (RURAL, _rural)):
            try:
                values[col] = parse(cells.get(col))
            except _Cell as exc:
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
            f"{_plain(attendance)}",
            "—" if hours is None else f"{_plain(hours)} h",
            "—" if rural is None else ("是" if rural else "否"),
        ]
    )


def _save(obj, user) -> None:
    """Save with the importer recorded in the history (a batch run has none)."""
    if user is not None:
        obj._history_user = user
    obj.save()
