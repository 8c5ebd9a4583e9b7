"""Customer records per grid: the grids in scope with the completeness and freshness
of their records, and one grid's page (its records, the customers not visited in N
days, its plan for the quarter: 一格一策)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.forms import form_problem
from wangge.base.params import query_int
from wangge.core.work.records import DEFAULT_STALE_DAYS
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.work import forms, network, records
from wangge.work.models import NetworkResource, PlanAction
from wangge.work.refusals import WorkRefused
from wangge.work.views.network import places_of
from wangge.work.views.pool import grid_people


def may_read_records(user) -> bool:
    """The records pages' check (``customers.view``), also their menu entry's."""
    return may(user, "customers.view")


def _days(request) -> int:
    return query_int(request, "days", DEFAULT_STALE_DAYS, minimum=1, maximum=3650)


@login_required
def records_index(request):
    if not may_read_records(request.user):
        raise PermissionDenied
    days = _days(request)
    ctx = {"days": days, "rows": records.grid_summaries(request.user, days)}
    return render(request, "work/records.html", ctx)


def _grid(request, pk):
    return get_object_or_404(Unit.objects.visible_to(request.user).grids(), pk=pk)


@login_required
def grid_page(request, pk: int):
    if not may_read_records(request.user):
        raise PermissionDenied
    unit = _grid(request, pk)
    days = _days(request)
    rows = records.record_rows(request.user, days, unit)
    plan = records.plan_of(unit)
    stale = [
        {"row": r, "missing": [records.FACT_LABELS[f] for f in r.missing]}
        for r in records.stale_list(rows)[:200]
    ]
    from wangge.core.work.records import summarise

    ctx = {
        "unit": unit,
        "days": days,
        "summary": summarise([r.score for r in rows], [r.stale for r in rows]),
        "stale": stale,
        "stale_count": sum(1 for r in rows if r.stale),
        "plan": plan,
        "actions": plan.actions.select_related("owner") if plan else [],
        "may_plan": records.may_plan(request.user),
        "quarter": records.current_quarter(),
        "network": network.by_place(
            NetworkResource.objects.visible_to(request.user).filter(place_id__in=places_of(unit))
        )[:50],
    }
    if ctx["may_plan"]:
        ctx["priorities_form"] = forms.PrioritiesForm(
            initial={"priorities": plan.priorities if plan else ""}
        )
        action_form = forms.PlanActionForm(request.user)
        action_form.fields["owner"].queryset = grid_people(request.user, unit)
        ctx["action_form"] = action_form
    return render(request, "work/grid.html", ctx)


@login_required
@require_POST
def grid_priorities(request, pk: int):
    if not records.may_plan(request.user):
        raise PermissionDenied
    unit = _grid(request, pk)
    form = forms.PrioritiesForm(request.POST)
    if form.is_valid():
        records.save_priorities(request.user, unit, form.cleaned_data["priorities"])
        messages.success(request, _("Grid plan saved."))
    return redirect("work:grid", pk)


@login_required
@require_POST
def grid_action(request, pk: int):
    if not records.may_plan(request.user):
        raise PermissionDenied
    unit = _grid(request, pk)
    form = forms.PlanActionForm(request.user, request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
        return redirect("work:grid", pk)
    try:
        records.add_action(request.user, unit, **form.cleaned_data)
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Action added to the plan."))
    return redirect("work:grid", pk)


@login_required
@require_POST
def action_done(request, pk: int):
    action = get_object_or_404(PlanAction.objects.visible_to(request.user), pk=pk)
    form = forms.ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("work:grid", action.plan.unit_id)
    try:
        records.mark_done(request.user, action, form.cleaned_data["done"])
    except WorkRefused as exc:
        messages.error(request, exc.message)
    return redirect("work:grid", action.plan.unit_id)
