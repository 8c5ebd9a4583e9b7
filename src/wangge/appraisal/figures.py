"""The five rates and the other indicators for any period: page, drill-down and export.

The monthly close scores one month; managers also ask how a grid did over a quarter or
a year. The analytics layer already computes any run of months, so this module only
reads a period text, checks the store holds its months, reads its figures (computed
once per state of the store, ``wangge.analytics.stored``) and cuts the result to
what the viewer may see. The API (``wangge.appraisal.api``) shares
``load_rows`` so the page, the JSON and the workbook always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.appraisal.close import rate_options, store_dir
from wangge.appraisal.evidence import present
from wangge.core import formatting, rates
from wangge.core.periods import (
    PeriodError,
    PeriodSpec,
    covered_periods,
    parse_period,
    require_months,
)
from wangge.core.sheets import Column, write_list
from wangge.org.models import Person
from wangge.org.scope import visible_unit_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVELS = ("grid", "center", "city", "person")
LEVEL_NAMES = {
    "grid": gettext_lazy("Grids"),
    "center": gettext_lazy("Centers and counties"),
    "city": gettext_lazy("City"),
    "person": gettext_lazy("People"),
}
ID = {"grid": "grid_id", "center": "unit_id", "city": "unit_id", "person": "person_id"}

# (column, heading, format): "count", "money" (cents), "pct" (a share), "ratio" (times)
COLUMNS: tuple[tuple[str, Any, str], ...] = (
    ("subscribers_open", gettext_lazy("Opening subscribers"), "count"),
    ("subscribers_close", gettext_lazy("Closing subscribers"), "count"),
    ("new_adds", gettext_lazy("New adds"), "count"),
    ("judged_new_adds", gettext_lazy("Adds judged"), "count"),
    ("valid_new_adds", gettext_lazy("Valid adds"), "count"),
    ("churned", gettext_lazy("Churned"), "count"),
    ("billed_cents", gettext_lazy("Billed"), "money"),
    ("billed_base_cents", gettext_lazy("Billed, growth base"), "money"),
    ("arrears_cents", gettext_lazy("Arrears"), "money"),
    ("marketing_input_cents", gettext_lazy("Marketing input"), "money"),
    ("revenue_growth", gettext_lazy("Revenue growth"), "pct"),
    ("valid_add_share", gettext_lazy("Valid add share"), "pct"),
    ("churn_rate", gettext_lazy("Churn rate"), "pct"),
    ("arrears_rate", gettext_lazy("Arrears rate"), "pct"),
    ("arrears_over_90_share", gettext_lazy("Arrears over 90 days"), "pct"),
    ("collection_rate", gettext_lazy("Collection rate"), "pct"),
    ("input_output", gettext_lazy("Input-output"), "ratio"),
    ("arpu_cents", gettext_lazy("ARPU"), "money"),
    ("broadband_penetration", gettext_lazy("Broadband penetration"), "pct"),
    ("market_share", gettext_lazy("Market share"), "pct"),
)
RATE_COLUMNS = tuple(c for c, _h, _f in COLUMNS if c in rates.RATES)
EVIDENCE_PAGE = 50


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


def cell(value: Any, fmt: str) -> dict[str, Any]:
    """What the page shows for one value (the product's number formats) and what the sort uses."""
    if value is None:
        return {"text": formatting.MISSING, "sort": "", "empty": True}
    if fmt == "money":
        return {"text": formatting.yuan(int(value)), "sort": value}
    if fmt == "pct":
        return {"text": formatting.percent(value), "sort": value}
    if fmt == "ratio":
        return {"text": formatting.number(value), "sort": value}
    if fmt == "count":
        return {"text": formatting.count(value), "sort": value}
    return {"text": str(value), "sort": value}


def _page_rows(figures: Figures, period: str) -> list[dict[str, Any]]:
    options = rate_options()
    out = []
    for r in figures.rows:
        cells = []
        for col, _heading, fmt in COLUMNS:
            c = cell(r.get(col), fmt)
            missing = r["not_available"].get(col)
            if missing is not None:
                c["text"] = _("n/a")
                c["why"] = _("Not available: month %(month)s is not in the store.") % {
                    "month": missing["month"]
                }
            elif c.get("empty") and col in rates.RATES:
                c["why"] = _("No rate: %(why)s") % {"why": rates.explain(r, col, options)}
            cells.append(c)
        link = None
        if figures.level in ("grid", "center", "city") and r["id"] is not None:
            link = reverse("appraisal:figures-unit", args=[r["id"]]) + f"?period={period}"
        out.append(
            {
                "id": r["id"],
                "code": r.get("code") or "",
                "name": r.get("name") or "",
                "cells": cells,
                "link": link,
            }
        )
    return out


@login_required
def figures(request):
    """The rates of a quarter, year, month or range for the viewer's grids, centers, people."""
    period = (request.GET.get("period") or "").strip()
    level = request.GET.get("level") or "grid"
    store = store_dir()
    periods = [p.label for p in covered_periods(store_months(store))]
    if not period and periods:
        period = periods[0]
    ctx: dict[str, Any] = {
        "period": period,
        "level": level,
        "periods": periods,
        "levels": [(k, LEVEL_NAMES[k]) for k in LEVELS],
        "columns": [(c, h, f) for c, h, f in COLUMNS],
        "rate_columns": [(c, h) for c, h, f in COLUMNS if c in RATE_COLUMNS],
    }
    if not period:
        ctx["error"] = _("The store holds no billing months yet.")
        return render(request, "appraisal/figures.html", ctx)
    try:
        figs = load_rows(request.user, period, level)
    except FiguresRefused as e:
        ctx["error"] = str(e)
        return render(request, "appraisal/figures.html", ctx, status=400)
    rows = _page_rows(figs, figs.spec.label)
    chart = [
        {"name": r["name"], **{c: figs.rows[i].get(c) for c in RATE_COLUMNS}}
        for i, r in enumerate(rows)
    ]
    ctx.update(spec=figs.spec, rows=rows, chart=chart, period=figs.spec.label)
    return render(request, "appraisal/figures.html", ctx)


EVIDENCE_KINDS = {
    "churned": gettext_lazy("Churned subscriptions"),
    "new_adds": gettext_lazy("New adds judged (valid and invalid)"),
    "arrears": gettext_lazy("Arrears at period end"),
    "revenue": gettext_lazy("Billing against the growth base"),
    "inputs": gettext_lazy("Marketing inputs"),
}


@login_required
def unit_figures(request, unit_id: int):
    """The subscriptions behind one unit's numbers over the period, one kind at a time."""
    from wangge.analytics.run import unit_evidence
    from wangge.org.models import Unit

    store = store_dir()
    kind = request.GET.get("kind") or "churned"
    if kind not in EVIDENCE_KINDS:
        kind = "churned"
    ctx: dict[str, Any] = {"kinds": list(EVIDENCE_KINDS.items()), "kind": kind}
    try:
        spec = read_period(request.GET.get("period"), store)
    except FiguresRefused as e:
        ctx["error"] = str(e)
        return render(request, "appraisal/figures_unit.html", ctx, status=400)
    ids = visible_unit_ids(request.user)
    if ids is not None and unit_id not in ids:
        raise Http404
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    tables = unit_evidence(
        store, spec.start, unit_id, options=rate_options(), end=spec.end, kinds=(kind,)
    )
    table = tables[kind]
    page = Paginator(table.to_pylist(), EVIDENCE_PAGE).get_page(request.GET.get("page"))
    extra = ("grid", "month") if "month" in table.column_names else ("grid",)
    if kind == "revenue":
        extra = ("grid",)
    shown = present(kind, list(page.object_list), request.user, extra=extra)
    ctx.update(unit=unit, spec=spec, period=spec.label, table=shown, page=page)
    return render(request, "appraisal/figures_unit.html", ctx)


#: how each kind of figure is written in a sheet (``wangge.core.sheets`` kinds)
SHEET_KINDS = {"money": "yuan", "pct": "percent", "ratio": "number", "count": "count"}


def workbook(figs: Figures) -> bytes:
    """The table as a sheet: yuan and percentages as real numbers with their formats."""
    columns = [
        Column(_("period"), width=16),
        Column(_("code"), width=14),
        Column(_("name"), width=20),
        *[Column(str(h), SHEET_KINDS[f], width=14) for _c, h, f in COLUMNS],
    ]
    rows = (
        [figs.spec.label, r.get("code") or "", r.get("name") or ""]
        + [r.get(col) for col, _h, _f in COLUMNS]
        for r in figs.rows
    )
    return write_list(f"{figs.level} {figs.spec.label}", columns, rows, freeze_columns=3)


@login_required
def figures_export(request):
    """The same rows as the page, as an Excel workbook."""
    try:
        figs = load_rows(request.user, request.GET.get("period"), request.GET.get("level"))
    except FiguresRefused as e:
        return HttpResponse(str(e), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(workbook(figs), content_type=XLSX)
    name = f"figures-{figs.level}-{figs.spec.label.replace('..', '_')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
