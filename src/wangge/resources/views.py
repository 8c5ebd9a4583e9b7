"""Resource pages: the department's allocation (proposal beside last period, one line
edited with a reason, accepted), deliveries confirmed by the grid, and the closed loop.
Each view loads through ``visible_to``, calls a service module and renders."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.forms import MonthForm, form_problem
from wangge.base.params import query_code, query_month
from wangge.org.scope import may
from wangge.resources import delivery, evaluation, exports, gaps, planning
from wangge.resources.access import may_open_deliveries, may_open_requests
from wangge.resources.choices import PlanStatus, ResourceKind
from wangge.resources.forms import EditLineForm, RequestForm
from wangge.resources.models import Budget, DeliveryOrder, Plan, PlanLine
from wangge.resources.refusals import ResourcesRefused


def _need(user, action: str) -> None:
    if not may(user, action):
        raise PermissionDenied


def _this_month() -> date:
    return timezone.localdate().replace(day=1)


def _plan_url(month: date, kind: str = "") -> str:
    url = f"{reverse('resources:plan')}?month={month:%Y-%m}"
    return f"{url}&kind={kind}" if kind else url


@login_required
def plan(request):
    """The month's allocation: each kind's budget, the proposal beside last period's."""
    _need(request.user, "resources.allocate")
    month = query_month(request, default=_this_month())
    kind = query_code(request, "kind")
    if kind and kind not in ResourceKind.values:
        kind = ""
    current = planning.current_plan(month)
    lines = PlanLine.objects.none()
    if current is not None:
        lines = PlanLine.objects.visible_to(request.user).filter(plan=current)
        lines = lines.select_related("unit").prefetch_related("edits")
    totals = defaultdict(lambda: {"proposed": 0, "cents": 0, "last": 0})
    for line in lines:
        t = totals[line.kind]
        t["proposed"] += line.proposed_cents
        t["cents"] += line.cents
        t["last"] += line.last_cents
    budgets = [
        {"budget": b, "kind": b.get_kind_display(), **totals[b.kind],
         "left": b.amount_cents - totals[b.kind]["cents"]}
        for b in Budget.objects.visible_to(request.user).filter(month=month)
    ]  # fmt: skip
    shown = [x for x in lines if not kind or x.kind == kind]
    ctx = {
        "month": month,
        "plan": current,
        "budgets": budgets,
        "lines": shown,
        "kind": kind,
        "kinds": ResourceKind.choices,
        "editable": current is not None and current.status == PlanStatus.PROPOSED,
    }
    return render(request, "resources/plan.html", ctx)


@login_required
@require_POST
def propose(request):
    _need(request.user, "resources.allocate")
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("resources:plan")
    month = form.cleaned_data["month"]
    try:
        planning.propose(request.user, month)
    except ResourcesRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The optimiser proposed an allocation."))
    return redirect(_plan_url(month))


@login_required
@require_POST
def edit_line(request, pk: int):
    _need(request.user, "resources.allocate")
    line = get_object_or_404(PlanLine.objects.visible_to(request.user).select_related("plan"),
                             pk=pk)  # fmt: skip
    form = EditLineForm(request.POST)
    back = _plan_url(line.plan.month, query_code(request, "kind"))
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect(back)
    try:
        planning.edit_line(
            request.user, line, form.cleaned_data["amount"], form.cleaned_data["reason"]
        )
    except ResourcesRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The line is changed; the reason is kept."))
    return redirect(back)


@login_required
@require_POST
def accept(request, pk: int):
    _need(request.user, "resources.allocate")
    current = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    try:
        planning.accept(request.user, current)
    except ResourcesRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The allocation is accepted."))
    return redirect(_plan_url(current.month))


@login_required
def deliveries(request):
    """Delivery orders of the units in scope; the grid confirms what it received."""
    if not may_open_deliveries(request.user):
        raise PermissionDenied
    rows = DeliveryOrder.objects.visible_to(request.user).select_related(
        "source", "grid", "stock", "received_by"
    )[:200]
    items = [{"order": o, "may_receive": delivery.may_receive(request.user, o)} for o in rows]
    return render(request, "resources/deliveries.html", {"items": items})


@login_required
@require_POST
def receive(request, pk: int):
    order = get_object_or_404(DeliveryOrder.objects.visible_to(request.user), pk=pk)
    if not delivery.may_receive(request.user, order):
        raise PermissionDenied
    try:
        delivery.receive(request.user, order)
    except ResourcesRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Receipt confirmed."))
    return redirect("resources:deliveries")


@login_required
def closed_loop(request):
    """Input, output and input-output per unit for the month, low ratios flagged."""
    _need(request.user, "resources.evaluate")
    month = query_month(request, default=_this_month())
    rows = evaluation.month_rows(request.user, month)
    ctx = {"month": month, "rows": rows, "flag_below": evaluation.flag_below(),
           "flagged": sum(1 for r in rows if r.evaluation.flagged)}  # fmt: skip
    return render(request, "resources/loop.html", ctx)


@login_required
def requests(request):
    """The month's requests in scope against the allocation: each unit's gap."""
    if not may_open_requests(request.user):
        raise PermissionDenied
    month = query_month(request, default=_this_month())
    form = RequestForm(request.user, initial={"month": f"{month:%Y-%m}"})
    ctx = {"month": month, "gaps": gaps.month_gaps(request.user, month), "form": form,
           "may_request": may(request.user, "resources.request")}  # fmt: skip
    return render(request, "resources/requests.html", ctx)


@login_required
def requests_export(request):
    if not may_open_requests(request.user):
        raise PermissionDenied
    month = query_month(request, default=_this_month())
    body = exports.gaps_sheet(gaps.month_gaps(request.user, month))
    resp = HttpResponse(body, content_type=exports.XLSX)
    resp["Content-Disposition"] = f'attachment; filename="resource-gaps-{month:%Y-%m}.xlsx"'
    return resp


@login_required
@require_POST
def ask(request):
    _need(request.user, "resources.request")
    form = RequestForm(request.user, request.POST)
    url = reverse("resources:requests")
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect(url)
    d = form.cleaned_data
    try:
        planning.ask(request.user, d["unit"], d["month"], d["kind"], d["amount"],
                     d["least"] or 0, d["reason"])  # fmt: skip
    except ResourcesRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The request is recorded."))
    return redirect(f"{url}?month={d['month']:%Y-%m}")
