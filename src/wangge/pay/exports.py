"""Payroll files: the approved pay of a month in the layout a payroll clerk expects.

One row per person and unit: staff number, name, unit, each component in yuan
with two decimals, total. Headers are fixed (Chinese and English) whatever the
page language, because a payroll import matches them by text.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

from wangge.core.cells import csv_row
from wangge.core.formatting import plain_yuan
from wangge.core.sheets import Column, write_list
from wangge.org.models import Unit
from wangge.pay.models import PayLine
from wangge.pay.presentation import COLUMNS
from wangge.pay.versions import latest_approved

HEADERS = [
    "人员编号 staff number",
    "姓名 name",
    "单位 unit",
    "绩效公式 formula",
    "自主分配 discretionary",
    "培训扣减 training deduction",
    "培训返还 training redistribution",
    "补贴 allowance",
    "积分 points",
    "积分追回 clawback",
    "合计 total",
]


def payroll_rows(month: date, unit: Unit | None = None) -> list[list]:
    """Rows of cents: [staff number, name, unit, *components, total], by unit then staff."""
    dists = latest_approved(month, unit)
    sums: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lines = PayLine.objects.filter(distribution__in=dists).select_related(
        "person", "distribution__unit"
    )
    for ln in lines:
        key = (
            ln.distribution.unit.code,
            ln.person.staff_no,
            ln.person.name,
            ln.distribution.unit.name,
        )
        sums[key][ln.component] += int(ln.amount_cents)
    rows = []
    for (_code, staff_no, name, unit_name), comps in sorted(sums.items()):
        cents = [comps.get(c, 0) for c in COLUMNS]
        rows.append([staff_no, name, unit_name, *cents, sum(cents)])
    return rows


def xlsx_bytes(month: date, unit: Unit | None = None) -> bytes:
    """The payroll sheet (the list-sheet writer): staff numbers and names as text,
    amounts as real numbers of yuan with a yuan format, the header frozen and filterable."""
    widths = [16, 12, 16] + [14] * (len(HEADERS) - 3)
    columns = [
        Column(h, "text" if i < 3 else "yuan", width=w)
        for i, (h, w) in enumerate(zip(HEADERS, widths, strict=True))
    ]
    return write_list(f"{month:%Y-%m}", columns, payroll_rows(month, unit))


def csv_text(month: date, unit: Unit | None = None) -> str:
    """The same rows as CSV, yuan as text with two decimals (no thousands separator)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(csv_row(HEADERS))
    for row in payroll_rows(month, unit):
        w.writerow(csv_row([*row[:3], *(plain_yuan(c) for c in row[3:])]))
    return out.getvalue()


def file_name(month: date, unit: Unit | None, fmt: str) -> str:
    return f"payroll-{month:%Y-%m}-{unit.code if unit else 'all'}.{fmt}"
