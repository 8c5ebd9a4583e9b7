"""A period's figures read from the analytics store, cut to what the viewer may see.

The monthly close scores one month; managers also ask how a grid did over a quarter or
a year. The analytics layer already computes any run of months, so this module only
reads a period text, checks the store holds its months, reads its figures (computed
once per state of the store, ``wangge.analytics.stored``) and cuts the result to
what the viewer may see. The page, its workbook (``wangge.appraisal.figures``) and the
API (``wangge.appraisal.api``) all read through ``load_rows``, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from wangge.appraisal.close import rate_options, store_dir
from wangge.core import rates
from wangge.core.periods import PeriodError, PeriodSpec, parse_period, require_months
from wangge.org.models import Person
from wangge.org.scope import visible_unit_ids

LEVELS = ("grid", "center", "city", "person")
ID = {"grid": "grid_id", "center": "unit_id", "city": "unit_id", "person": "person_id"}


class FiguresRefused(ValueError):
    """A period or level the figures cannot be computed for; the message is for people."""


@dataclass
class Figures:
    spec: PeriodSpec
    level: str
    rows: list[dict[str, Any]]


def store_months(store: Path) -> list[date]:
    """The months whose billing facts the store holds (one directory each)."""
    root = Path(store) / "facts" / "subscription_month"
    out = []
    for d in root.iterdir() if root.is_dir() else []:
        try:
            year, month = (int(p) for p in d.name.split("-"))
            out.append(date(year, month, 1))
        except ValueError:
            continue
    return sorted(out)


def read_period(text: str | None, store: Path) -> PeriodSpec:
    """The period named by ``text`` with all its months in the store, or ``FiguresRefused``."""
    try:
        return require_months(parse_period(text), store_months(store))
    except PeriodError as e:
        if e.code == "missing":
            raise FiguresRefused(
                _("The store has no billing facts for %(months)s, so %(period)s cannot be shown.")
                % {"months": ", ".join(f"{m:%Y-%m}" for m in e.missing), "period": e.text}
            ) from e
        raise FiguresRefused(
            _("“%(text)s” is not a period: write 2026-10, 2026Q3, 2026 or 2026-07..2026-09.")
            % {"text": e.text}
        ) from e


def read_level(text: str | None) -> str:
    level = text or "grid"
    if level not in LEVELS:
        raise FiguresRefused(
            _("“%(level)s” is not a level: use grid, center, city or person.") % {"level": level}
        )
    return level


def _visible(table: pa.Table, level: str, user, day: date) -> pa.Table:
    ids = visible_unit_ids(user)
    if ids is None:
        return table
    if level == "person":
        keep = sorted(Person.objects.visible_to(user, day).values_list("pk", flat=True))
    else:
        keep = sorted(ids)
    column = table[ID[level]]
    return table.filter(pc.fill_null(pc.is_in(column, pa.array(keep, column.type)), False))


def _row(level: str, r: dict[str, Any]) -> dict[str, Any]:
    r = dict(r)
    r["id"] = r[ID[level]]
    r["churned"] = (
        (r.get("churned_disconnected") or 0)
        + (r.get("churned_cancelled") or 0)
        + (r.get("churned_suspended") or 0)
    )
    if level == "grid" and r["id"] is None:
        r["code"], r["name"] = "", _("(customers without a grid)")
    if level == "center" and r.get("kind") == rates.UNASSIGNED_KIND:
        r["code"], r["name"] = "", _("Unassigned (no grid)")
    r["not_available"] = {
        rate: {"key": "month_missing", "month": month}
        for rate, month in rates.parse_unavailable(r.get(rates.UNAVAILABLE)).items()
    }
    if level == "person":
        r["code"], r["kind"] = r.get("staff_no"), r.get("post")
    if level == "grid":
        r["kind"], r["grids"] = "grid", 1
    return r


def load_rows(user, period_text: str | None, level_text: str | None) -> Figures:
    """The viewer's rows of one level for one period (scope read on the period's last day)."""
    from wangge.analytics.stored import stored_period_figures

    store = store_dir()
    level = read_level(level_text)
    spec = read_period(period_text, store)
    tables = stored_period_figures(store, spec.start, spec.end, options=rate_options())
    table = _visible(tables[level], level, user, spec.last_day)
    return Figures(spec, level, [_row(level, r) for r in table.to_pylist()])
