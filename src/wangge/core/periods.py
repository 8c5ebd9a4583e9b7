"""Period texts for the figures pages: a month, a quarter, a year or a range of months.

People type periods the way the business speaks of them (``2026Q3``, ``2026``), while
the analytics layer wants a first and a last month. Parsing is kept here, pure, so the
page, the API and the export refuse the same texts with the same reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from wangge.core.months import add_months, month_end, month_start, months_between, parse_month

PeriodKind = Literal["month", "quarter", "year", "range"]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2})\s*\.\.\s*(\d{4}-\d{1,2})$")

EXAMPLES = "2026-10, 2026Q3, 2026-Q3, 2026 or 2026-07..2026-09"


class PeriodError(ValueError):
    """A period text that cannot be used; ``code`` lets the shell word it in its language.

    ``code`` is ``malformed`` (the text is not a period) or ``missing`` (``missing``
    lists the months the store lacks).
    """

    def __init__(self, message: str, code: str, text: str, missing: list[date] | None = None):
        super().__init__(message)
        self.code = code
        self.text = text
        self.missing = missing or []


@dataclass(frozen=True)
class PeriodSpec:
    """Whole months ``start``..``end`` (first days, inclusive) and how they were named."""

    start: date
    end: date
    kind: PeriodKind
    label: str

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def last_day(self) -> date:
        """The day scope and assignments are read at: the period's last day."""
        return month_end(self.end)


def _month(text: str, whole: str) -> date:
    """A ``YYYY-MM`` part of ``whole`` as its first day (``months.parse_month``); a
    period names whole months only, so the day form parse_month also reads is refused."""
    if _MONTH.match(text):
        try:
            return parse_month(text)
        except ValueError:
            pass
    raise PeriodError(f"{whole!r} is not a period: write {EXAMPLES}", "malformed", whole)


def month_spec(month: date) -> PeriodSpec:
    m = month_start(month)
    return PeriodSpec(m, m, "month", f"{m:%Y-%m}")


def quarter_spec(year: int, quarter: int) -> PeriodSpec:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return PeriodSpec(start, add_months(start, 2), "quarter", f"{year}Q{quarter}")


def year_spec(year: int) -> PeriodSpec:
    return PeriodSpec(date(year, 1, 1), date(year, 12, 1), "year", f"{year}")


def parse_period(text: str | None) -> PeriodSpec:
    """``2026-10`` a month, ``2026Q3``/``2026-Q3`` a quarter, ``2026`` a year,
    ``2026-07..2026-09`` a range; anything else raises ``PeriodError``."""
    raw = (text or "").strip()
    if (m := _QUARTER.match(raw)) and int(m.group(1)) >= 1:
        return quarter_spec(int(m.group(1)), int(m.group(2)))
    if (m := _YEAR.match(raw)) and int(m.group(1)) >= 1:
        return year_spec(int(m.group(1)))
    if m := _RANGE.match(raw):
        start, end = _month(m.group(1), raw), _month(m.group(2), raw)
        if end < start:
            raise PeriodError(f"{raw!r} ends before it starts", "malformed", raw)
        if start == end:
            return month_spec(start)
        return PeriodSpec(start, end, "range", f"{start:%Y-%m}..{end:%Y-%m}")
    if _MONTH.match(raw):
        return month_spec(_month(raw, raw))
    raise PeriodError(f"{raw!r} is not a period: write {EXAMPLES}", "malformed", raw)


def require_months(spec: PeriodSpec, available: Iterable[date]) -> PeriodSpec:
    """The spec itself if every month of it is in ``available``; a partial quarter or year
    would silently read as a smaller one, so it is refused with the missing months named."""
    have = {month_start(m) for m in available}
    missing = [m for m in spec.months if m not in have]
    if missing:
        names = ", ".join(f"{m:%Y-%m}" for m in missing)
        raise PeriodError(
            f"the store has no billing facts for {names}, so {spec.label} cannot be computed",
            "missing",
            spec.label,
            missing,
        )
    return spec


def covered_periods(available: Iterable[date]) -> list[PeriodSpec]:
    """Every month, whole quarter and whole year the months cover, newest first
    (years, then quarters, then months within the same end month)."""
    have = sorted({month_start(m) for m in available})
    found = set(have)
    out: list[PeriodSpec] = [month_spec(m) for m in have]
    for year in sorted({m.year for m in have}):
        for q in range(1, 5):
            spec = quarter_spec(year, q)
            if all(m in found for m in spec.months):
                out.append(spec)
        spec = year_spec(year)
        if all(m in found for m in spec.months):
            out.append(spec)
    order = {"year": 0, "quarter": 1, "range": 2, "month": 3}
    return sorted(out, key=lambda s: (-s.end.toordinal(), order[s.kind]))
