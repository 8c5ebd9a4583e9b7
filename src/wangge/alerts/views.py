"""Early-warning pages: a grid's risk list (phone first) and recording an outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.alerts.choices import AlertOutcome, Level, Rule
from wangge.alerts.models import Alert, AlertRun
from wangge.alerts.wording import reason_text
from wangge.base.params import BadParameter, query_code, query_month
from wangge.core.alerts.plan import ALL_RULES
from wangge.core.alerts.rules import LEVELS
from wangge.org.scope import may
from wangge.work.models import WorkOrder
from wangge.work.refusals import WorkRefused

LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


def may_view_alerts(user) -> bool:
    """The risk list's check (``alerts.view``), also its menu entry's."""
    return may(user, "alerts.view")


def _choice(request, name: str, allowed) -> str:
    value = query_code(request, name)
    if value and value not in allowed:
        raise BadParameter(name, _("Unknown value %(value)r.") % {"value": value})
    return value


def risk_rows(alerts) -> list[dict]:
    """One row per customer: worst level first, then the highest risk."""
    by_customer: dict[int, dict] = {}
    for a in alerts:
        row = by_customer.setdefault(
            a.customer_id,
            {
                "customer": a.customer,
                "unit": a.unit,
                "level": a.level,
                "risk": a.risk,
                "rules": [],
                "reasons": [],
                "actions": [],
                "work_order": a.work_order,
                "holdout": a.holdout,
                "outcome": a.get_outcome_display() if a.outcome else "",
            },
        )
        if LEVEL_ORDER[a.level] < LEVEL_ORDER[row["level"]]:
            row["level"] = a.level
        row["rules"].append(a.get_rule_display())
        row["reasons"].extend(reason_text(r) for r in a.reasons)
        if a.action and a.action not in row["actions"]:
            row["actions"].append(a.action)
        row["work_order"] = row["work_order"] or a.work_order
    rows = list(by_customer.values())
    rows.sort(key=lambda r: (LEVEL_ORDER[r["level"]], -(r["risk"] or 0), r["customer"].code))
    return rows


@login_required
def risk_list(request):
    if not may_view_alerts(request.user):
        raise PermissionDenied
    latest = AlertRun.objects.order_by("-month").values_list("month", flat=True).first()
    month = query_month(request, "month", latest)
    rule = _choice(request, "rule", ALL_RULES)
    level = _choice(request, "level", LEVELS)
    alerts = Alert.objects.visible_to(request.user).filter(month=month)
    if rule:
        alerts = alerts.filter(rule=rule)
    if level:
        alerts = alerts.filter(level=level)
    alerts = alerts.select_related("customer", "unit", "work_order").order_by("customer_id", "pk")
    rows = risk_rows(alerts)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    run = AlertRun.objects.filter(month=month).first() if month else None
    query = "&".join(f"{k}={v}" for k, v in (("rule", rule), ("level", level)) if v)
    if month:
        query = f"month={month:%Y-%m}" + (f"&{query}" if query else "")
    return render(
        request,
        "alerts/list.html",
        {
            "month": month,
            "run": run,
            "page": page,
            "rule": rule,
            "level": level,
            "rules": Rule.choices,
            "levels": Level.choices,
            "outcomes": AlertOutcome.choices,
            "filter_query": query,
            "may_record": may(request.user, "alerts.record"),
        },
    )


@login_required
@require_POST
def outcome(request, pk: int):
    from wangge.alerts.outcomes import record_outcome

    order = get_object_or_404(WorkOrder.objects.visible_to(request.user), pk=pk, kind="alert")
    try:
        record_outcome(request.user, order, request.POST.get("outcome", ""))
    except WorkRefused as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("Outcome recorded; the work order is done."))
    return _back(request)


def _back(request):
    """Back to the risk list as it was filtered (only ever a path of this page)."""
    back = request.POST.get("next", "")
    if back.startswith("/alerts/") and "//" not in back and "\\" not in back:
        return redirect(back)
    return redirect("alerts:home")
