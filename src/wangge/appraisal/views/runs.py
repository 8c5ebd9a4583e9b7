"""The month's dashboard, a scorecard, an item's derivation with its evidence, the
runs of a month and their close, publication and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.appraisal import queries as q
from wangge.appraisal.close import CloseRefused, publish_month
from wangge.appraisal.evidence import present
from wangge.appraisal.excel import (
    export_appraisal,
)
from wangge.appraisal.explain import evidence_for, explanation, translated
from wangge.appraisal.forms import CloseForm, month_or_none
from wangge.appraisal.models import (
    AppraisalRun,
    Scheme,
)
from wangge.appraisal.names import NameBook
from wangge.appraisal.views import xlsx_response
from wangge.base.forms import form_problem
from wangge.base.params import query_page
from wangge.core import appraisal as core
from wangge.jobs.models import Job
from wangge.org.scope import visible_unit_ids


def _my_subjects(user, run: AppraisalRun) -> tuple[set[int], int | None]:
    person = getattr(user, "person", None)
    if person is None:
        return set(), None
    on = core.month_end(run.month)
    units = set(person.assignments.as_of(on).values_list("unit_id", flat=True))
    return units, person.pk


@login_required
def home(request):
    """The month's dashboard: my cards, then the leaderboards of my schemes, with trends."""
    user = request.user
    run = q.month_run(user, month_or_none(request.GET))
    months = sorted({r.month for r in q.runs_for(user)}, reverse=True)
    if run is None:
        return render(
            request,
            "appraisal/home.html",
            {"run": None, "months": months, "can_manage": q.can_manage(user)},
        )
    visible = q.cards_for(user, run)
    visible_ids = set(visible.values_list("pk", flat=True))
    units, person_id = _my_subjects(user, run)
    mine = [
        c
        for c in visible.select_related("unit", "person").order_by("subject_kind", "label")
        if c.person_id == person_id or c.unit_id in units
    ]
    city_wide = visible_unit_ids(user) is None
    if city_wide or not mine:
        schemes = sorted(set(visible.values_list("scheme_code", flat=True)))
    else:
        schemes = sorted({c.scheme_code for c in mine})
    names = dict(Scheme.objects.filter(code__in=schemes).values_list("code", "name"))
    own_schemes = {c.scheme_code for c in mine}
    tables = []
    for code in schemes:
        rows = q.ranking(run, code, visible_ids)
        trend = q.trends(run, [r["subject"] for r in rows[:60]])
        for r in rows:
            r["trend"] = trend.get(r["subject"])
        # the viewer's own leagues and the grid leagues open; the rest fold away
        unfolded = code in own_schemes or code.startswith("grid-")
        tables.append(
            {"scheme": code, "name": names.get(code, code), "rows": rows, "open": unfolded}
        )
    return render(
        request,
        "appraisal/home.html",
        {
            "run": run,
            "months": months,
            "mine": mine,
            "tables": tables,
            "can_manage": q.can_manage(user),
            "can_adjust": q.can_adjust(user),
        },
    )


@login_required
def card(request, pk: int):
    c = q.card_for(request.user, pk)
    if c is None:
        raise Http404
    items = list(c.items.order_by("pk"))
    return render(
        request,
        "appraisal/card.html",
        {
            "card": c,
            "items": items,
            "run": c.run,
            "derivation": translated(c.derivation),
            "scheme_name": NameBook().scheme(c.scheme_code),
        },
    )


@login_required
def item(request, pk: int):
    it = q.item_for(request.user, pk)
    if it is None:
        raise Http404
    page = query_page(request)
    size = 20
    evidence = evidence_for(it, offset=(page - 1) * size, limit=size, viewer=request.user)
    pages = None
    if evidence is not None:
        pages = max((evidence.total + size - 1) // size, 1)
    return render(
        request,
        "appraisal/item.html",
        {
            "item": it,
            "card": it.card,
            "explain": explanation(it),
            "derivation": translated(it.derivation),
            "evidence": evidence,
            "table": present(evidence.kind, evidence.raw, request.user) if evidence else None,
            "page": page,
            "pages": pages,
        },
    )


@login_required
def run_detail(request, pk: int):
    run = get_object_or_404(q.runs_for(request.user), pk=pk)
    versions = AppraisalRun.objects.filter(month=run.month).order_by("-version")
    return render(
        request,
        "appraisal/run.html",
        {
            "run": run,
            "versions": versions,
            "diff": (run.diff or {}).get("changes", []),
            "against": (run.diff or {}).get("against_version"),
            "can_manage": q.can_manage(request.user),
        },
    )


@login_required
@require_POST
def close(request):
    """Start the month-end close as a background task and follow it on the job page."""
    if not q.can_manage(request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("appraisal:home")
    month = form.cleaned_data["month"]
    from wangge.appraisal.tasks import close_month_task

    job = Job.objects.create(
        kind="appraisal_close",
        title=_("Month-end close %(month)s") % {"month": f"{month:%Y-%m}"},
        started_by=request.user,
    )
    close_month_task.enqueue(
        job.id, month.isoformat(), request.user.id, None, form.cleaned_data["publish"]
    )
    return redirect("job", pk=job.id)


@login_required
@require_POST
def publish(request, pk: int):
    if not q.can_manage(request.user):
        raise PermissionDenied
    run = get_object_or_404(AppraisalRun, pk=pk)
    try:
        publish_month(run.month, user=request.user)
        messages.success(request, _("Published."))
    except CloseRefused as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("appraisal:run", pk=pk)


@login_required
def export(request, pk: int):
    run = get_object_or_404(q.runs_for(request.user), pk=pk)
    data = export_appraisal(run, q.cards_for(request.user, run))
    return xlsx_response(data, f"appraisal-{run.month:%Y-%m}-v{run.version}.xlsx")
