"""The five rates and the other indicators for any period: page, drill-down and export.

The rows come from ``wangge.appraisal.period_figures`` (read from the store, cut to
the viewer's scope); this module words them: the table's columns and number formats,
the pages and the workbook. The API (``wangge.appraisal.api``) reads the same rows,
so the page, the JSON and the workbook always agree.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.appraisal.close import rate_options, store_dir
from wangge.appraisal.evidence import present
from wangge.appraisal.period_figures import (
    LEVELS,
    Figures,
    FiguresRefused,
    load_rows,
    read_period,
    store_months,
)
from wangge.base.params import query_code
from wangge.core import formatting, rates
from wangge.core.periods import covered_periods
from wangge.core.sheets import Column, write_list
from wangge.org.scope import visible_unit_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_NAMES = {
    "grid": gettext_lazy("Grids"),
    "center": gettext_lazy("Centers and counties"),
    "city": gettext_lazy("City"),
    "person": gettext_lazy("People"),
}

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
    period = query_code(request, "period")
    level = query_code(request, "level") or "grid"
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
    kind = query_code(request, "kind") or "churned"
    if kind not in EVIDENCE_KINDS:
        kind = "churned"
    ctx: dict[str, Any] = {"kinds": list(EVIDENCE_KINDS.items()), "kind": kind}
    try:
        spec = read_period(query_code(request, "period"), store)
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
        figs = load_rows(request.user, query_code(request, "period"), query_code(request, "level"))
    except FiguresRefused as e:
        return HttpResponse(str(e), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(workbook(figs), content_type=XLSX)
    name = f"figures-{figs.level}-{figs.spec.label.replace('..', '_')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
