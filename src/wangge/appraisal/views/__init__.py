"""Appraisal pages: dashboard, scorecard, derivation and runs (:mod:`.runs`), targets
and judgement scores (:mod:`.targets`), the what-if of a scheme (:mod:`.whatif`).

Each view loads through ``wangge.appraisal.queries`` (scope, drafts), calls a
service, renders. Rules live in the core and the services.
"""

from __future__ import annotations

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
