"""Appraisal pages: dashboard, scorecard, derivation and runs (:mod:`.runs`), targets
and judgement scores (:mod:`.targets`), the what-if of a scheme (:mod:`.whatif`).

Each view loads through ``wangge.appraisal.queries`` (scope, drafts), calls a
service, renders. Rules live in the core and the services.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse

from wangge.base.params import BadParameter, to_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_or_none(text: str | None) -> date | None:
    """The month of a page's ``?month=``; None when absent or not a month (the page
    then shows its latest)."""
    if not text:
        return None
    try:
        return to_month("month", text)
    except BadParameter:
        return None


def xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
