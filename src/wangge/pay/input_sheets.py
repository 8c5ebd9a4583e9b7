"""The sheets of the month's pay inputs: their columns, the templates handed out, and
reading a filled one back cell by cell.

Each input (unit bases, unit revenue, person months) is a workbook whose headers
carry both languages ("基数(元) base (yuan)"); either half is accepted on the way
back in. Every cell is read into its value or refused with the reason, so that
:mod:`wangge.pay.imports` can name the file, the row and the column of each
problem before it writes anything. Money is yuan in the sheet, int cents here.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from wangge.core import formatting
from wangge.core.cells import append_row
from wangge.core.money import MoneyError, to_cents
from wangge.org.models import Unit
from wangge.org.scope import visible_unit_ids
from wangge.pay.config import config
from wangge.pay.models import (
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


def unit_scope(user) -> set[int] | None:
    return None if user is None else visible_unit_ids(user)


def pool_units(user) -> list[Unit]:
    ids = unit_scope(user)
    qs = Unit.objects.filter(kind__in=POOL_KINDS).order_by("code")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def month_people(month: date) -> tuple[Staffing, dict[int, set[int]]]:
    """The month's staffing and, per person, the pool units they served."""
    s = staffing(month)
    return s, {pid: set(days) for pid, days in s.days.items()}


# --- templates ----------------------------------------------------------------------------


def template_rows(kind: str, month: date, user=None) -> list[list[Any]]:
    """The template's rows: the viewer's units or people with the month's current values."""
    if kind == "bases":
        rows = []
        for u in pool_units(user):
            b = UnitPayBase.objects.as_of(month).filter(unit=u).order_by("-valid_from").first()
            rows.append(
                [
                    u.code,
                    u.name,
                    b.tier if b else None,
                    sheet_yuan(b.base_cents) if b else None,
                    sheet_yuan(b.revenue_budget_cents) if b else None,
                ]
            )
        return rows
    if kind == "revenue":
        units = pool_units(user)
        rev = dict(
            UnitRevenue.objects.filter(month=month, unit__in=units).values_list(
                "unit_id", "revenue_cents"
            )
        )
        return [[u.code, u.name, sheet_yuan(rev[u.pk]) if u.pk in rev else None] for u in units]
    if kind == "people":
        ids = unit_scope(user)
        s, units_of = month_people(month)
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
                    plain_decimal(pm.attendance) if pm else None,
                    plain_decimal(pm.training_hours)
                    if pm and pm.training_hours is not None
                    else None,
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


def plain_decimal(d: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form (100, not 1E+2)."""
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def sheet_yuan(cents: int) -> Decimal:
    return formatting.yuan_amount(int(cents))


# --- reading --------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def _aliases(header: str) -> set[str]:
    zh, _sep, en = header.partition(" ")
    return {_norm(header), _norm(zh), _norm(en)}


def read_sheet(source, name: str, kind: str, month: date) -> list[tuple[int, dict[str, Any]]]:
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
        if all(blank(v) for v in cells.values()):
            continue
        out.append((n, cells))
    book.close()
    return out


def blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def cell_text(value: Any) -> str:
    """A code as text, even when Excel stored it as a number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class BadCell(Exception):
    """One bad cell: the reason, already in the reader's language."""


def cell_cents(value: Any, kind: str) -> int:
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, Decimal):
        value = str(value)
    try:
        cents = to_cents(value)
    except (MoneyError, TypeError):
        raise BadCell(
            _('"%(value)s" is not an amount in yuan') % {"value": cell_text(value)}
        ) from None
    if cents < 0:
        raise BadCell(_('"%(value)s": must not be negative') % {"value": cell_text(value)})
    problem = amount_problem(cents, kind)
    if problem:
        raise BadCell(problem)
    return cents


def cell_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        d = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise BadCell(_('"%(value)s" is not a number') % {"value": cell_text(value)}) from None
    if not d.is_finite():
        raise BadCell(_('"%(value)s" is not a number') % {"value": cell_text(value)})
    return d / 100 if percent else d


def cell_attendance(value: Any) -> Decimal:
    if blank(value):
        return Decimal(1)
    d = cell_decimal(value)
    if not (0 <= d <= 1):
        raise BadCell(_('"%(value)s": attendance is between 0 and 1') % {"value": cell_text(value)})
    if d != d.quantize(Decimal("0.0001")):
        raise BadCell(
            _('"%(value)s": attendance has at most four decimals') % {"value": cell_text(value)}
        )
    return d.quantize(Decimal("0.0001"))


def cell_hours(value: Any) -> Decimal | None:
    if blank(value):
        return None
    d = cell_decimal(value)
    if d < 0:
        raise BadCell(
            _('"%(value)s": training hours must not be negative') % {"value": cell_text(value)}
        )
    if d != d.quantize(Decimal("0.01")) or d >= 100000:
        raise BadCell(
            _('"%(value)s": hours below 100,000 with at most two decimals')
            % {"value": cell_text(value)}
        )
    return d.quantize(Decimal("0.01"))


def cell_rural(value: Any) -> bool | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise BadCell(_('"%(value)s" is not 是/否 (yes/no)') % {"value": cell_text(value)})
